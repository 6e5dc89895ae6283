//! The hub's HTTP API as data: the bodies devices and the office hub exchange besides
//! sync messages, the error body, the header names and the routes, and the headers that
//! authenticate a request. Shared by the hub (`senim-hub`) and its clients so both
//! sides agree on every byte.
//!
//! Owns encodings only. It never signs with a key it was not handed, never opens a
//! sealed key and never does I/O. Specified in `docs/hub.md`.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::auth::{self, BodyDigest, request_signing_input};
use super::envelope::{SIGNATURE_LEN, Signer};
use crate::team::{DeviceId, MAX_MEMBERSHIP_BYTES, SealedKey, TeamId};
use crate::{Error, Result};

/// Headers of the hub API besides the authentication headers ([`auth::header`]).
pub mod header {
    /// Client-chosen id of a sync session: 32 hexadecimal digits (16 random bytes).
    pub const SESSION: &str = "x-senim-session";
    /// On a sync answer: `1` when it is the last message of the session (`Step::Last`).
    pub const LAST: &str = "x-senim-last";
    /// On a membership answer: `1` when more lists follow; ask again with `after` set
    /// to the last version received.
    pub const MORE: &str = "x-senim-more";
    /// On a sync answer: how many envelopes of the message just sent the hub refused
    /// (envelopes of other devices relayed by this one; see `docs/hub.md`).
    pub const REJECTED: &str = "x-senim-rejected";
    /// On `POST /v1/teams` to a hub that registers teams only with a token from its
    /// operator (`senim hub serve --registration token`): the token, 64 hex digits.
    pub const REGISTRATION_TOKEN: &str = "x-senim-registration-token";
}

/// Stable error codes of [`ErrorBody::error`]. New codes are only ever added.
pub mod code {
    /// Missing, malformed or wrong signature headers; unknown device; clock skew;
    /// replayed nonce (HTTP 401).
    pub const UNAUTHENTICATED: &str = "unauthenticated";
    /// A revoked device, or a worker doing a lead's action (HTTP 403).
    pub const FORBIDDEN: &str = "forbidden";
    /// A demo team on a real hub, or a real team on a demo hub (403).
    pub const DEMO_MISMATCH: &str = "demo_mismatch";
    /// No such route, team or sync session (HTTP 404).
    pub const NOT_FOUND: &str = "not_found";
    /// The route exists, the method does not (HTTP 405).
    pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
    /// The team exists already; another lead posted this list version first; the sync
    /// session is busy with another request (HTTP 409).
    pub const CONFLICT: &str = "conflict";
    /// The body is larger than the hub accepts (HTTP 413).
    pub const TOO_LARGE: &str = "too_large";
    /// The device sent too many requests or holds too many sync sessions (HTTP 429,
    /// with `retry-after`).
    pub const RATE_LIMITED: &str = "rate_limited";
    /// The body or a header cannot be read (HTTP 400).
    pub const BAD_REQUEST: &str = "bad_request";
    /// A sync message the protocol does not allow here (HTTP 400).
    pub const PROTOCOL: &str = "protocol";
    /// The hub refused one of the requesting device's own envelopes: forged, altered,
    /// another envelope at a held sequence, an epoch the team has not reached (HTTP 422).
    pub const ENVELOPE_REJECTED: &str = "envelope_rejected";
    /// A membership list or sealed key that the team's rules refuse (HTTP 422).
    pub const MEMBERSHIP_REJECTED: &str = "membership_rejected";
    /// The hub holds too many open sync sessions (HTTP 503, with `retry-after`).
    pub const BUSY: &str = "busy";
    /// A team order (policy or purge) that the team's rules refuse: not signed by a
    /// current lead, malformed, or a purge naming envelopes the hub does not hold
    /// (HTTP 422). An order number already taken by another order is a
    /// [`CONFLICT`] (409).
    pub const ORDER_REJECTED: &str = "order_rejected";
    /// The hub failed (storage). The reason says no more (HTTP 500).
    pub const INTERNAL: &str = "internal";
}

/// The hub's routes. Every route under `/v1` needs signed requests.
pub mod path {
    use crate::team::TeamId;

    /// `GET`: liveness, no authentication.
    pub const HEALTH: &str = "/health";
    /// `POST` a [`super::TeamRegistration`].
    pub const TEAMS: &str = "/v1/teams";

    /// `POST` a [`super::MembershipPost`].
    pub fn membership(team: TeamId) -> String {
        format!("/v1/teams/{team}/membership")
    }

    /// `GET` a [`super::MembershipUpdate`] of the lists after version `after`.
    pub fn membership_after(team: TeamId, after: u64) -> String {
        format!("/v1/teams/{team}/membership?after={after}")
    }

    /// `POST` one [`crate::team::TeamOrder`] (its bytes as the body): the next order
    /// of the team's chain. A lead's request only.
    pub fn orders(team: TeamId) -> String {
        format!("/v1/teams/{team}/orders")
    }

    /// `GET` an [`super::OrdersPage`] of the orders after number `after`.
    pub fn orders_after(team: TeamId, after: u64) -> String {
        format!("/v1/teams/{team}/orders?after={after}")
    }

    /// `POST` one sync message, answered by one.
    pub fn sync(team: TeamId) -> String {
        format!("/v1/teams/{team}/sync")
    }
}

/// Body of `POST /v1/teams`: a team's first membership list ([`crate::team::Membership`]
/// bytes), which the hub checks with `verify_genesis`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamRegistration {
    #[serde(with = "super::envelope::bytes")]
    pub list: Vec<u8>,
}

/// Body of `POST /v1/teams/{team}/membership`: the next membership list, and the new
/// epoch key sealed to each remaining member when the list starts an epoch.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipPost {
    #[serde(with = "super::envelope::bytes")]
    pub list: Vec<u8>,
    pub keys: Vec<SealedKey>,
}

/// Answer of `GET /v1/teams/{team}/membership?after=V`: the lists after version `V`, in
/// order, and the epoch keys the hub holds sealed to the requesting device.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipUpdate {
    pub lists: Vec<Vec<u8>>,
    pub keys: Vec<SealedKey>,
}

/// Answer of `GET /v1/teams/{team}/orders?after=N`: the team's orders after number
/// `N`, in order ([`crate::team::TeamOrder`] bytes each). When the page is not the last,
/// the answer carries [`header::MORE`]; ask again after the last number received.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrdersPage {
    pub orders: Vec<Vec<u8>>,
}

/// Most bytes of orders the hub puts in one [`OrdersPage`] (a page holds at least one).
pub const MAX_ORDERS_PAGE_BYTES: usize = 1024 * 1024;

macro_rules! postcard_body {
    ($name:ident, $what:literal) => {
        impl $name {
            /// The body as sent: postcard.
            pub fn to_bytes(&self) -> Vec<u8> {
                postcard::to_allocvec(self).expect("hub bodies always encode")
            }

            /// Reads a body; anything but exactly one well-formed value is refused.
            pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
                match postcard::take_from_bytes::<$name>(bytes) {
                    Ok((value, [])) => Ok(value),
                    Ok(_) => Err(Error::invalid($what, "trailing bytes after the body")),
                    Err(_) => Err(Error::invalid($what, "the body cannot be decoded")),
                }
            }
        }

        impl fmt::Debug for $name {
            // Shapes only: the bodies are public data, but long.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(
                    f,
                    concat!(stringify!($name), "({} bytes)"),
                    self.to_bytes().len()
                )
            }
        }
    };
}

postcard_body!(TeamRegistration, "team registration");
postcard_body!(MembershipPost, "membership post");
postcard_body!(MembershipUpdate, "membership update");
postcard_body!(OrdersPage, "orders page");

/// Largest [`MembershipPost`] or [`TeamRegistration`] a client should send: one list
/// and a sealed key per member, with room to spare.
pub const MAX_MEMBERSHIP_BODY_BYTES: usize = MAX_MEMBERSHIP_BYTES + 64 * 1024;

/// The JSON body of every error answer: `{"error": "<code>", "reason": "<text>"}`.
/// `error` is one of [`code`]; `reason` is for people and names no content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
    pub reason: String,
}

/// The JSON body of `GET /health`: `{"status": "ok", "version": "<hub version>",
/// "demo": false, "storage": "sqlite", "database": "ok"}`. `demo` says whether the hub
/// serves demo teams (and only them); clients check it before sending anything else.
/// `storage` is `sqlite` or `postgresql`; `database` is `ok`, or `unavailable` (and
/// `status` with it, under 503) when the storage does not answer. Older hubs send
/// neither (empty here).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub version: String,
    #[serde(default)]
    pub demo: bool,
    #[serde(default)]
    pub storage: String,
    #[serde(default)]
    pub database: String,
}

/// The headers that authenticate one request: which device sent it, for which team,
/// when, a random nonce, the body's length and SHA-256, and the device's Ed25519
/// signature of [`request_signing_input`] over all of them and the method, path and
/// query. The hub checks them all before it reads the body.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct RequestAuth {
    pub device: DeviceId,
    pub team: TeamId,
    /// Unix time in seconds.
    pub time: i64,
    pub nonce: [u8; 16],
    pub body: BodyDigest,
    pub signature: [u8; SIGNATURE_LEN],
}

impl fmt::Debug for RequestAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestAuth")
            .field("device", &self.device)
            .field("team", &self.team)
            .field("time", &self.time)
            .field("body_len", &self.body.len)
            .finish_non_exhaustive()
    }
}

impl RequestAuth {
    /// Signs a request for `team` as `signer`'s device. `nonce` must be fresh random
    /// bytes for each request; `path_and_query` is exactly what the request line carries.
    pub fn sign(
        signer: &dyn Signer,
        team: TeamId,
        method: &str,
        path_and_query: &str,
        time: i64,
        nonce: [u8; 16],
        body: &[u8],
    ) -> RequestAuth {
        let device = signer.device();
        let body = BodyDigest::of(body);
        let input =
            request_signing_input(device, team, method, path_and_query, time, &nonce, &body);
        RequestAuth {
            device,
            team,
            time,
            nonce,
            body,
            signature: signer.sign(&input),
        }
    }

    /// The bytes the signature must cover for this request.
    pub fn signing_input(&self, method: &str, path_and_query: &str) -> Vec<u8> {
        request_signing_input(
            self.device,
            self.team,
            method,
            path_and_query,
            self.time,
            &self.nonce,
            &self.body,
        )
    }

    /// The headers to send: device and team (32 hex digits each), time (decimal), nonce
    /// (32 hex digits), body length (decimal), body SHA-256 (64 hex digits), signature
    /// (128 hex digits), all lower case.
    pub fn headers(&self) -> [(&'static str, String); 7] {
        let hex = &data_encoding::HEXLOWER;
        [
            (auth::header::DEVICE, self.device.to_string()),
            (auth::header::TEAM, self.team.to_string()),
            (auth::header::TIME, self.time.to_string()),
            (auth::header::NONCE, hex.encode(&self.nonce)),
            (auth::header::BODY_LENGTH, self.body.len.to_string()),
            (auth::header::BODY_SHA256, hex.encode(&self.body.sha256)),
            (auth::header::SIGNATURE, hex.encode(&self.signature)),
        ]
    }

    /// Reads the headers through `get` (a header map lookup by lower-case name). A
    /// missing or malformed header is an `Error::InvalidInput` naming it.
    pub fn from_headers<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Result<RequestAuth> {
        let field = |name: &'static str| {
            get(name).ok_or_else(|| {
                Error::invalid("request authentication", format!("{name} is missing"))
            })
        };
        let malformed = |name: &'static str| {
            Error::invalid("request authentication", format!("{name} is malformed"))
        };
        let decimal = |name: &'static str| -> Result<&str> {
            let text = field(name)?;
            if text.is_empty() || text.len() > 20 || text.starts_with('+') {
                return Err(malformed(name));
            }
            Ok(text)
        };
        let device = parse_hex::<16>(field(auth::header::DEVICE)?)
            .map(DeviceId)
            .ok_or_else(|| malformed(auth::header::DEVICE))?;
        let team = parse_hex::<16>(field(auth::header::TEAM)?)
            .map(TeamId)
            .ok_or_else(|| malformed(auth::header::TEAM))?;
        let time = decimal(auth::header::TIME)?
            .parse::<i64>()
            .map_err(|_| malformed(auth::header::TIME))?;
        let nonce = parse_hex::<16>(field(auth::header::NONCE)?)
            .ok_or_else(|| malformed(auth::header::NONCE))?;
        let len = decimal(auth::header::BODY_LENGTH)?
            .parse::<u64>()
            .map_err(|_| malformed(auth::header::BODY_LENGTH))?;
        let sha256 = parse_hex::<32>(field(auth::header::BODY_SHA256)?)
            .ok_or_else(|| malformed(auth::header::BODY_SHA256))?;
        let signature = parse_hex::<SIGNATURE_LEN>(field(auth::header::SIGNATURE)?)
            .ok_or_else(|| malformed(auth::header::SIGNATURE))?;
        Ok(RequestAuth {
            device,
            team,
            time,
            nonce,
            body: BodyDigest { len, sha256 },
            signature,
        })
    }
}

/// A sync session id as its header value (32 lower-case hex digits).
pub fn session_header(id: &[u8; 16]) -> String {
    data_encoding::HEXLOWER.encode(id)
}

/// Reads a sync session id header.
pub fn parse_session_header(value: &str) -> Option<[u8; 16]> {
    parse_hex::<16>(value)
}

/// Exactly `2 * N` hexadecimal digits, either case.
fn parse_hex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != 2 * N {
        return None;
    }
    data_encoding::HEXLOWER_PERMISSIVE
        .decode(text.as_bytes())
        .ok()?
        .try_into()
        .ok()
}

/// The team id of a route's `{team}` segment.
pub fn parse_team(segment: &str) -> Option<TeamId> {
    parse_hex::<16>(segment).map(TeamId)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed;
    impl Signer for Fixed {
        fn device(&self) -> DeviceId {
            DeviceId([7; 16])
        }
        fn sign(&self, msg: &[u8]) -> [u8; 64] {
            let d = ring::digest::digest(&ring::digest::SHA512, msg);
            d.as_ref().try_into().unwrap()
        }
    }

    #[test]
    fn request_auth_headers_round_trip() {
        let team = TeamId([3; 16]);
        let auth = RequestAuth::sign(
            &Fixed,
            team,
            "POST",
            "/v1/teams",
            1_700_000_000,
            [9; 16],
            b"x",
        );
        let headers = auth.headers();
        let back = RequestAuth::from_headers(|name| {
            headers
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_str())
        })
        .unwrap();
        assert_eq!(back, auth);
        assert_eq!(back.body, BodyDigest::of(b"x"));
        assert_eq!(
            back.signing_input("POST", "/v1/teams"),
            request_signing_input(
                DeviceId([7; 16]),
                team,
                "POST",
                "/v1/teams",
                1_700_000_000,
                &[9; 16],
                &BodyDigest::of(b"x")
            )
        );
    }

    #[test]
    fn malformed_auth_headers_name_the_header() {
        let err = RequestAuth::from_headers(|name| match name {
            auth::header::DEVICE => Some("zz"),
            _ => Some("0"),
        })
        .unwrap_err();
        assert!(err.to_string().contains(auth::header::DEVICE), "{err}");
        let err = RequestAuth::from_headers(|_| None).unwrap_err();
        assert!(err.to_string().contains("missing"), "{err}");
    }

    #[test]
    fn bodies_round_trip_and_refuse_trailing_bytes() {
        let update = MembershipUpdate {
            lists: vec![vec![1, 2, 3], vec![]],
            keys: vec![],
        };
        let mut bytes = update.to_bytes();
        assert_eq!(MembershipUpdate::from_bytes(&bytes).unwrap(), update);
        bytes.push(0);
        assert!(MembershipUpdate::from_bytes(&bytes).is_err());
        let reg = TeamRegistration { list: vec![5; 40] };
        assert_eq!(TeamRegistration::from_bytes(&reg.to_bytes()).unwrap(), reg);
        assert!(MembershipPost::from_bytes(&[0xff, 0xff]).is_err());
    }

    #[test]
    fn error_body_is_the_documented_json() {
        let body = ErrorBody {
            error: code::CONFLICT.into(),
            reason: "the team is already registered".into(),
        };
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"error":"conflict","reason":"the team is already registered"}"#
        );
    }
}
