//! Senim's protocol layer: who belongs to a team and what its members send each other.
//!
//! - [`team`]: device identities (Ed25519, X25519), the lead-signed membership list,
//!   enrolment codes, epoch keys sealed to members, and team orders (policy, purge).
//! - [`sync`]: envelopes, version vectors, the wire format, the sync session state
//!   machine over any [`sync::EnvelopeStore`], the hub API's types and request signing.
//! - [`records`]: a record's id and kind, as envelopes and orders name them.
//!
//! Pure: no storage, no network I/O, no CRDT, no passcode KDF. Both the devices (through
//! the vault) and the hub (which holds no key) build on it, so everything here must be
//! safe to run on the hub: it checks signatures and shapes, and it only decrypts what a
//! caller holding the key asks it to.

pub mod records;
pub mod sync;
pub mod team;

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What the protocol refuses. Every variant names what was wrong without carrying
/// personal data: ids are random, reasons are fixed strings or describe the shape of
/// bad input, never its value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Input rejected by validation. `reason` describes the rule, never the value.
    #[error("invalid {field}: {reason}")]
    InvalidInput { field: &'static str, reason: String },

    /// A join request or welcome code that cannot be read: mistyped, cut, altered, or
    /// for another format version.
    #[error("invalid {what}: {reason}")]
    InvalidCode {
        what: &'static str,
        reason: &'static str,
    },

    /// The verification code shown on the other device is not the code of the join
    /// request or welcome at hand: it was swapped on the way, or another one was pasted.
    #[error(
        "the verification code does not match this {what}: it is not the one the other device made; ask for it again, face to face or by a call"
    )]
    CodeMismatch { what: &'static str },

    /// A membership list, or an action under one, that the team's rules refuse: not
    /// signed by a lead, an unknown or revoked device, a role that may not do this.
    #[error("membership: {0}")]
    Membership(String),

    /// A team order (policy or purge) that the team's rules refuse: not signed by a
    /// lead, out of sequence, malformed, or naming envelopes the hub does not hold.
    #[error("team order: {0}")]
    Order(String),

    /// A sync envelope failed authentication (signature or encryption) or does not fit
    /// its log (wrong team, gap, replay). Names the envelope by device and sequence,
    /// never its content.
    #[error("envelope rejected: {reason}")]
    Envelope { reason: String },

    /// The other side of a sync sent something the protocol does not allow here.
    #[error("sync protocol: {0}")]
    Protocol(String),

    /// Demo and real data never mix: a demo vault, device, team or hub met a real one
    /// (or the other way round). Says which side was which, never any content.
    #[error("demo and real data never mix: {0}")]
    DemoMismatch(&'static str),

    /// A cryptographic primitive failed (random source, key setup).
    #[error("cryptographic failure: {0}")]
    Crypto(&'static str),
}

impl Error {
    /// An [`Error::InvalidInput`].
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field,
            reason: reason.into(),
        }
    }
}

impl From<senim_crypto::Error> for Error {
    fn from(e: senim_crypto::Error) -> Self {
        match e {
            senim_crypto::Error::Crypto(what) => Error::Crypto(what),
        }
    }
}
