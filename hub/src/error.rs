//! The one error type of `senim-hub`, and its mapping to HTTP answers with the JSON
//! error body of `senim_protocol::sync::hub_api` (`{"error": "<code>", "reason": "<text>"}`).
//!
//! Reasons name devices, sequences, versions and rules, never content (the hub has
//! none to name); they are logged at debug level only. Storage and file-system failures
//! keep their text for the operator (`serve` returns them, the log shows them at error
//! level) and answer clients with a fixed reason only.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use senim_protocol::sync::hub_api::{ErrorBody, code};

/// Result alias of the hub.
pub type Result<T, E = HubError> = std::result::Result<T, E>;

/// Everything that can go wrong in the hub.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HubError {
    /// Missing or malformed signature headers, a signature that does not verify, an
    /// unknown device, a request time too far from the hub's clock, a replayed nonce.
    #[error("unauthenticated: {0}")]
    Unauthenticated(String),

    /// A revoked device, or a worker doing what only a lead may do.
    #[error("forbidden: {0}")]
    Forbidden(String),

    /// No such route, team or sync session.
    #[error("not found: {0}")]
    NotFound(String),

    /// The route exists; the method does not.
    #[error("method not allowed")]
    MethodNotAllowed,

    /// A demo team on a real hub, or a real team on a demo hub.
    #[error("demo and real data never mix: {0}")]
    DemoMismatch(String),

    /// The team exists, another list took this version first, another order took this
    /// number (or the order skips one), or the sync session is busy with another
    /// request.
    #[error("conflict: {0}")]
    Conflict(String),

    /// The body is larger than the hub accepts on this route.
    #[error("the body is larger than {limit} bytes")]
    TooLarge { limit: usize },

    /// The device has used up its request budget, or holds too many sync sessions.
    #[error("too many requests: retry in {} s", .retry_after.as_secs().max(1))]
    RateLimited { retry_after: Duration },

    /// A body, query or header that cannot be read.
    #[error("bad request: {0}")]
    BadRequest(String),

    /// A sync message the protocol does not allow at this point.
    #[error("sync protocol: {0}")]
    Protocol(String),

    /// One of the requesting device's own envelopes was refused.
    #[error("envelope rejected: {0}")]
    EnvelopeRejected(String),

    /// A membership list or sealed key that the team's rules refuse.
    #[error("membership rejected: {0}")]
    MembershipRejected(String),

    /// A team order (policy or purge) that the team's rules refuse: malformed, for
    /// another team, not signed by a lead of the newest list, or a purge naming an
    /// envelope place the hub does not hold.
    #[error("order rejected: {0}")]
    OrderRejected(String),

    /// Too many sync sessions are open on this hub.
    #[error("the hub holds too many open sync sessions")]
    Busy { retry_after: Duration },

    /// The storage failed or holds something it should not.
    #[error("storage: {0}")]
    Storage(String),

    /// The database failed its integrity check when the hub opened it: nothing is
    /// served from it. The operator restores a backup (`docs/hub.md`, "Backup and
    /// restore").
    #[error(
        "the hub's database {} is damaged ({finding}): stop, and restore it from a backup with `senim hub restore --from FILE --data DIR`",
        file.display()
    )]
    Damaged {
        file: std::path::PathBuf,
        finding: String,
    },

    /// A backup or restore the operator asked for that cannot be done as asked (the
    /// target exists, the file is not a hub's, a hub serves the directory).
    #[error("{0}")]
    Continuity(String),

    /// File system or network failure (opening the data directory, binding, serving).
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),

    /// The TLS certificate or key cannot be made, read or used (at start only).
    #[error("tls: {0}")]
    Tls(String),
}

impl HubError {
    /// The HTTP status, the stable code and the reason a client is shown.
    pub fn parts(&self) -> (StatusCode, &'static str, String) {
        use HubError::*;
        match self {
            Unauthenticated(r) => (StatusCode::UNAUTHORIZED, code::UNAUTHENTICATED, r.clone()),
            Forbidden(r) => (StatusCode::FORBIDDEN, code::FORBIDDEN, r.clone()),
            DemoMismatch(r) => (StatusCode::FORBIDDEN, code::DEMO_MISMATCH, r.clone()),
            NotFound(r) => (StatusCode::NOT_FOUND, code::NOT_FOUND, r.clone()),
            MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                code::METHOD_NOT_ALLOWED,
                "this route does not take this method".into(),
            ),
            Conflict(r) => (StatusCode::CONFLICT, code::CONFLICT, r.clone()),
            TooLarge { .. } => (
                StatusCode::PAYLOAD_TOO_LARGE,
                code::TOO_LARGE,
                self.to_string(),
            ),
            RateLimited { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                code::RATE_LIMITED,
                self.to_string(),
            ),
            BadRequest(r) => (StatusCode::BAD_REQUEST, code::BAD_REQUEST, r.clone()),
            Protocol(r) => (StatusCode::BAD_REQUEST, code::PROTOCOL, r.clone()),
            EnvelopeRejected(r) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                code::ENVELOPE_REJECTED,
                r.clone(),
            ),
            MembershipRejected(r) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                code::MEMBERSHIP_REJECTED,
                r.clone(),
            ),
            OrderRejected(r) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                code::ORDER_REJECTED,
                r.clone(),
            ),
            Busy { .. } => (
                StatusCode::SERVICE_UNAVAILABLE,
                code::BUSY,
                self.to_string(),
            ),
            // The operator sees the cause (it is returned to `serve`'s caller when the
            // hub cannot start); a client learns only that it should try again.
            Storage(_) | Damaged { .. } | Continuity(_) | Io(_) | Tls(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                code::INTERNAL,
                "the hub failed; try again later".into(),
            ),
        }
    }

    fn retry_after(&self) -> Option<Duration> {
        match self {
            HubError::RateLimited { retry_after } | HubError::Busy { retry_after } => {
                Some(*retry_after)
            }
            _ => None,
        }
    }
}

/// The stable code of an error answer, carried on the response for the request log.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ErrorCode(pub &'static str);

impl IntoResponse for HubError {
    fn into_response(self) -> Response {
        let (status, error, reason) = self.parts();
        match &self {
            // The operator's record of the cause: SQLite's or the system's text, which
            // holds no body (the client learns only that the hub failed).
            HubError::Storage(_)
            | HubError::Damaged { .. }
            | HubError::Continuity(_)
            | HubError::Io(_)
            | HubError::Tls(_) => {
                tracing::error!(error = %self, "storage failure")
            }
            // Reasons may name a device or a sequence: debug only, like every id.
            _ => tracing::debug!(code = error, %reason, "refusal reason"),
        }
        let mut response = json_response(
            status,
            &ErrorBody {
                error: error.into(),
                reason,
            },
        );
        if let Some(after) = self.retry_after() {
            let secs = after.as_secs_f64().ceil().max(1.0) as u64;
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response.extensions_mut().insert(ErrorCode(error));
        response
    }
}

/// A JSON answer.
pub(crate) fn json_response<T: serde::Serialize>(status: StatusCode, body: &T) -> Response {
    let bytes = serde_json::to_vec(body).expect("hub JSON bodies always encode");
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        bytes,
    )
        .into_response()
}

impl From<senim_protocol::Error> for HubError {
    fn from(e: senim_protocol::Error) -> Self {
        use senim_protocol::Error as E;
        match e {
            E::Membership(r) => HubError::MembershipRejected(r),
            E::Order(r) => HubError::OrderRejected(r),
            E::DemoMismatch(r) => HubError::DemoMismatch(r.into()),
            E::Envelope { reason } => HubError::EnvelopeRejected(reason),
            E::Protocol(r) => HubError::Protocol(r),
            E::InvalidInput { .. } | E::InvalidCode { .. } => HubError::BadRequest(e.to_string()),
            other => HubError::Storage(other.to_string()),
        }
    }
}

impl From<rusqlite::Error> for HubError {
    fn from(e: rusqlite::Error) -> Self {
        // SQL text and parameters hold ids, sequences and ciphertext only.
        HubError::Storage(e.to_string())
    }
}

impl From<senim_migrate::Error> for HubError {
    fn from(e: senim_migrate::Error) -> Self {
        match e {
            senim_migrate::Error::TooNew { found, supported } => HubError::Storage(format!(
                "the database has schema version {found}; this hub reads up to {supported}"
            )),
            senim_migrate::Error::Sqlite(e) => HubError::from(e),
            other => HubError::Storage(other.to_string()),
        }
    }
}
