//! The one error type of `senim-core`.
//!
//! Every variant names what went wrong without carrying personal data: record ids are
//! random, reasons are fixed strings or describe the shape of bad input, never its value.

use std::time::Duration;

/// Result alias used throughout the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The passcode (or the device key store secret) does not open this vault.
    #[error("wrong passcode ({failures} failed attempt(s) since the last unlock)")]
    WrongPasscode { failures: u32 },

    /// Unlocking is paused after repeated failures.
    #[error("too many failed unlock attempts: try again in {} s", .retry_after.as_secs().max(1))]
    TooManyAttempts { retry_after: Duration },

    /// The directory holds no vault.
    #[error("no vault found at the given location")]
    NoVault,

    /// `create` was asked to overwrite an existing vault.
    #[error("a vault already exists at the given location")]
    VaultExists,

    /// The operation needs the vault to be unlocked.
    #[error("the vault is locked")]
    Locked,

    /// The vault header is missing fields or holds impossible values.
    #[error("the vault header is corrupt: {0}")]
    CorruptHeader(&'static str),

    /// SQLite reports the file is damaged, truncated or not a database.
    #[error("the vault database is damaged or is not a Senim vault: {0}")]
    CorruptDatabase(String),

    /// The vault was written by a newer version of Senim.
    #[error("unsupported vault format {found} (this build reads up to {supported})")]
    UnsupportedFormat { found: u32, supported: u32 },

    /// A record's ciphertext failed authentication: altered, moved or damaged.
    #[error("record {id} cannot be decrypted: it was altered, moved or damaged")]
    RecordTampered { id: String },

    /// A record decrypted but its document does not have the expected shape.
    #[error("record {id} is malformed: {reason}")]
    MalformedRecord { id: String, reason: String },

    /// No record with this id (or it was never created on this device).
    #[error("record {0} not found")]
    RecordNotFound(String),

    /// Input rejected by validation. `reason` describes the rule, never the value.
    #[error("invalid {field}: {reason}")]
    InvalidInput { field: &'static str, reason: String },

    /// A form definition, rule set or services directory failed validation. Each
    /// problem names its place in the content (content holds no personal data).
    #[error("invalid {what}: {}", problems.join("; "))]
    InvalidContent {
        what: &'static str,
        problems: Vec<String>,
    },

    /// A form, rule set or services directory (at this version) is not loaded.
    #[error("{what} '{id}'{} is not available: load it from a content directory", version.as_ref().map(|v| format!(" version {v}")).unwrap_or_default())]
    ContentNotFound {
        what: &'static str,
        id: String,
        version: Option<String>,
    },

    /// The loaded content has the right id and version but different content from the
    /// one an interview was run or scored with.
    #[error(
        "{what} '{id}' version {version} differs from the one this interview used (content hash mismatch)"
    )]
    ContentMismatch {
        what: &'static str,
        id: String,
        version: String,
    },

    /// The step needs a consent with this scope, and none is recorded.
    #[error("no consent with the {scope} scope is recorded")]
    ConsentRequired { scope: &'static str },

    /// The person withdrew the consent this step runs under.
    #[error("the person withdrew their consent")]
    ConsentWithdrawn,

    /// The interview is not in a state that allows this step.
    #[error("interview: {0}")]
    Interview(String),

    /// A join request or welcome code that cannot be read: mistyped, cut, altered, or
    /// for another format version.
    #[error("invalid {what}: {reason}")]
    InvalidCode {
        what: &'static str,
        reason: &'static str,
    },

    /// A membership list, or an action under one, that the team's rules refuse: not
    /// signed by a lead, an unknown or revoked device, a role that may not do this.
    #[error("membership: {0}")]
    Membership(String),

    /// A team order (policy or purge) that the team's rules refuse: not signed by a
    /// lead, out of sequence, malformed, or naming envelopes the hub does not hold.
    #[error("team order: {0}")]
    Order(String),

    /// The vault wiped itself as the team's policy requires (too many failed unlocks,
    /// or too long without a successful sync). Nothing of it remains.
    #[error("the vault was wiped by the team's policy: {0}")]
    WipedByPolicy(&'static str),

    /// A sync envelope failed authentication (signature or encryption) or does not fit
    /// its log (wrong team, gap, replay). Names the envelope by device and sequence,
    /// never its content.
    #[error("envelope rejected: {reason}")]
    Envelope { reason: String },

    /// The other side of a sync sent something the protocol does not allow here.
    #[error("sync protocol: {0}")]
    Protocol(String),

    /// The hub could not be reached, or the connection broke before its answer was
    /// read. Nothing is lost: sync again.
    #[error("cannot reach the hub: {0}")]
    Unreachable(String),

    /// The hub answered with an error: its HTTP status, stable code and reason (see
    /// `docs/hub.md`). The reason is the hub's fixed text, never record content.
    #[error("the hub refused the request (HTTP {status}, {code}: {reason})")]
    HubRefused {
        status: u16,
        code: String,
        reason: String,
    },

    /// Demo and real data never mix: a demo vault, device, team or hub met a real one
    /// (or the other way round). Says which side was which, never any content.
    #[error("demo and real data never mix: {0}")]
    DemoMismatch(&'static str),

    /// The step exists only in a demo vault (reset, training).
    #[error("this is not a demo vault: {0}")]
    NotDemo(&'static str),

    /// A panic wipe did not finish. With `keys_destroyed`, the vault's key material is
    /// gone and nothing left can be decrypted, even with the passcode; the reason says
    /// what remains (a file that could not be removed). Without it, the data may still
    /// be readable: wipe again. The reason names the vault's files, never a path.
    #[error("the wipe did not finish: {reason}; {}", if *keys_destroyed {
        "the key material was destroyed, so nothing left can be decrypted"
    } else {
        "the key material may still be readable"
    })]
    WipeIncomplete {
        keys_destroyed: bool,
        reason: String,
    },

    /// The vault needs its device-bound secret and no key store was supplied.
    #[error("this vault is bound to a device key store, and none is available")]
    KeyStoreRequired,

    /// The key store has no secret for this vault: another device or key store.
    #[error("this device's key store holds no secret for this vault")]
    DeviceSecretMissing,

    /// The platform key store failed.
    #[error("device key store: {0}")]
    KeyStore(#[from] crate::vault::KeyStoreError),

    /// The passphrase or age identity does not open this handoff file (for a
    /// passphrase file, an altered key stanza looks the same).
    #[error("this passphrase or identity does not open the handoff file")]
    HandoffSecret,

    /// A handoff file that cannot be read: not an age file, cut short, altered, or not
    /// the layout this build writes. The reason names the part, never any content.
    #[error("the handoff file is damaged, altered or not a Senim handoff: {0}")]
    HandoffDamaged(&'static str),

    /// Key derivation parameters are outside the accepted range.
    #[error("key derivation parameters rejected: {0}")]
    KdfParams(&'static str),

    /// The audit log failed verification.
    #[error("audit log broken at entry {seq}: {reason}")]
    AuditBroken { seq: u64, reason: &'static str },

    /// A cryptographic primitive failed (random source, key setup).
    #[error("cryptographic failure: {0}")]
    Crypto(&'static str),

    /// Any other storage failure reported by SQLite.
    #[error("storage error: {0}")]
    Storage(String),

    /// File system failure.
    #[error("file system error: {0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field,
            reason: reason.into(),
        }
    }
}

impl From<crate::forms::FormErrors> for Error {
    fn from(e: crate::forms::FormErrors) -> Self {
        Error::InvalidContent {
            what: "form",
            problems: e.0.iter().map(ToString::to_string).collect(),
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        match &e {
            rusqlite::Error::SqliteFailure(f, _)
                if matches!(f.code, ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) =>
            {
                Error::CorruptDatabase(f.to_string())
            }
            // SQL text and parameters never hold plaintext (only ids, kinds, ciphertext),
            // so SQLite's own message is safe to surface.
            _ => Error::Storage(e.to_string()),
        }
    }
}
