//! Authentication of requests to the hub: what a device signs for each request, so the
//! hub knows which member sent it and that it is fresh. The hub verifies with the
//! signing key from the team's membership list; it holds no key of its own.
//!
//! Everything signed travels in headers, the body's length and SHA-256 included, so
//! the hub checks who is asking before it reads a byte of the body, then reads at most
//! the signed length and checks the hash. It must never make the signature depend on
//! anything the hub cannot see before the body.

use crate::team::{DeviceId, TeamId, signing_input};

/// Domain label of request signatures (v2: team and body length and hash in headers).
pub const REQUEST_LABEL: &[u8] = b"senim hub request v2";

/// Header names the client sends and the hub reads.
pub mod header {
    pub const DEVICE: &str = "x-senim-device";
    pub const TEAM: &str = "x-senim-team";
    pub const TIME: &str = "x-senim-time";
    pub const NONCE: &str = "x-senim-nonce";
    pub const BODY_LENGTH: &str = "x-senim-body-length";
    pub const BODY_SHA256: &str = "x-senim-body-sha256";
    pub const SIGNATURE: &str = "x-senim-signature";
}

/// How far a request's time may be from the hub's clock, in seconds.
pub const MAX_CLOCK_SKEW_SECS: i64 = 300;

/// What a signature says of a request's body: its length in bytes and its SHA-256.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BodyDigest {
    pub len: u64,
    pub sha256: [u8; 32],
}

impl BodyDigest {
    /// The digest of `body`.
    pub fn of(body: &[u8]) -> BodyDigest {
        let digest = ring::digest::digest(&ring::digest::SHA256, body);
        let mut sha256 = [0; 32];
        sha256.copy_from_slice(digest.as_ref());
        BodyDigest {
            len: body.len() as u64,
            sha256,
        }
    }
}

/// The bytes a device signs for one request: the device, the team it speaks for, the
/// method, the path with its query, the time (unix seconds), a random 16-byte nonce, and
/// the body's length and SHA-256.
pub fn request_signing_input(
    device: DeviceId,
    team: TeamId,
    method: &str,
    path_and_query: &str,
    time: i64,
    nonce: &[u8; 16],
    body: &BodyDigest,
) -> Vec<u8> {
    let parts = senim_crypto::aad(&[
        device.as_bytes(),
        team.as_bytes(),
        method.as_bytes(),
        path_and_query.as_bytes(),
        &time.to_be_bytes(),
        nonce,
        &body.len.to_be_bytes(),
        &body.sha256,
    ]);
    signing_input(REQUEST_LABEL, &parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(
        device: u8,
        team: u8,
        method: &str,
        path: &str,
        time: i64,
        nonce: u8,
        body: &[u8],
    ) -> Vec<u8> {
        request_signing_input(
            DeviceId([device; 16]),
            TeamId([team; 16]),
            method,
            path,
            time,
            &[nonce; 16],
            &BodyDigest::of(body),
        )
    }

    #[test]
    fn every_part_of_a_request_changes_what_is_signed() {
        let base = input(1, 1, "POST", "/v1/x", 10, 0, b"body");
        assert_ne!(base, input(2, 1, "POST", "/v1/x", 10, 0, b"body"));
        assert_ne!(base, input(1, 2, "POST", "/v1/x", 10, 0, b"body"));
        assert_ne!(base, input(1, 1, "GET", "/v1/x", 10, 0, b"body"));
        assert_ne!(base, input(1, 1, "POST", "/v1/y", 10, 0, b"body"));
        assert_ne!(base, input(1, 1, "POST", "/v1/x", 11, 0, b"body"));
        assert_ne!(base, input(1, 1, "POST", "/v1/x", 10, 1, b"body"));
        assert_ne!(base, input(1, 1, "POST", "/v1/x", 10, 0, b"bodY"));
    }

    #[test]
    fn the_body_s_length_is_signed_apart_from_its_hash() {
        let body = BodyDigest::of(b"body");
        let longer = BodyDigest {
            len: body.len + 1,
            ..body
        };
        let signed = |b: &BodyDigest| {
            request_signing_input(
                DeviceId([1; 16]),
                TeamId([1; 16]),
                "POST",
                "/",
                1,
                &[0; 16],
                b,
            )
        };
        assert_ne!(signed(&body), signed(&longer));
        assert_eq!(body.len, 4);
    }
}
