//! Authentication of requests to the hub: what a device signs for each request, so the
//! hub knows which member sent it and that it is fresh. The hub verifies with the
//! signing key from the team's membership list; it holds no key of its own.

use crate::team::{DeviceId, signing_input};

/// Domain label of request signatures.
pub const REQUEST_LABEL: &[u8] = b"senim hub request v1";

/// Header names the client sends and the hub reads.
pub mod header {
    pub const DEVICE: &str = "x-senim-device";
    pub const TIME: &str = "x-senim-time";
    pub const NONCE: &str = "x-senim-nonce";
    pub const SIGNATURE: &str = "x-senim-signature";
}

/// How far a request's time may be from the hub's clock, in seconds.
pub const MAX_CLOCK_SKEW_SECS: i64 = 300;

/// The bytes a device signs for one request: the method, the path with its query, the
/// time (unix seconds), a random 16-byte nonce and the SHA-256 of the body.
pub fn request_signing_input(
    device: DeviceId,
    method: &str,
    path_and_query: &str,
    time: i64,
    nonce: &[u8; 16],
    body: &[u8],
) -> Vec<u8> {
    let digest = ring::digest::digest(&ring::digest::SHA256, body);
    let body = senim_crypto::aad(&[
        device.as_bytes(),
        method.as_bytes(),
        path_and_query.as_bytes(),
        &time.to_be_bytes(),
        nonce,
        digest.as_ref(),
    ]);
    signing_input(REQUEST_LABEL, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_part_of_a_request_changes_what_is_signed() {
        let d = DeviceId([1; 16]);
        let base = request_signing_input(d, "POST", "/v1/x", 10, &[0; 16], b"body");
        assert_ne!(
            base,
            request_signing_input(DeviceId([2; 16]), "POST", "/v1/x", 10, &[0; 16], b"body")
        );
        assert_ne!(
            base,
            request_signing_input(d, "GET", "/v1/x", 10, &[0; 16], b"body")
        );
        assert_ne!(
            base,
            request_signing_input(d, "POST", "/v1/y", 10, &[0; 16], b"body")
        );
        assert_ne!(
            base,
            request_signing_input(d, "POST", "/v1/x", 11, &[0; 16], b"body")
        );
        assert_ne!(
            base,
            request_signing_input(d, "POST", "/v1/x", 10, &[1; 16], b"body")
        );
        assert_ne!(
            base,
            request_signing_input(d, "POST", "/v1/x", 10, &[0; 16], b"bodY")
        );
    }
}
