//! The vault's error: what can go wrong opening, unlocking, reading and writing a
//! vault, and the errors of the layers below it (the protocol's, content logic's)
//! that a vault operation passes on.
//!
//! Every variant names what went wrong without carrying personal data: record ids are
//! random, reasons are fixed strings or describe the shape of bad input, never its value.

use std::time::Duration;

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in a vault.
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

    /// A new passcode (a new vault, a passcode change, a duress passcode) that a guesser
    /// would try early: the rule it breaks, never the passcode.
    #[error("invalid passcode: {}", .0.reason())]
    WeakPasscode(crate::PasscodeWeakness),

    /// The vault wiped itself as the team's policy requires (too many failed unlocks,
    /// or too long without a successful sync). Nothing of it remains.
    #[error("the vault was wiped by the team's policy: {0}")]
    WipedByPolicy(&'static str),

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
    KeyStore(#[from] crate::KeyStoreError),

    /// Key derivation parameters are outside the accepted range.
    #[error("key derivation parameters rejected: {0}")]
    KdfParams(&'static str),

    /// Long work (a sync, a retention scan) was interrupted through an
    /// [`crate::InterruptHandle`] before it finished. Nothing is half-written: run it
    /// again.
    #[error("interrupted before it finished; nothing is lost, run it again")]
    Interrupted,

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

    /// The team's rules or the sync protocol refused something: a membership list, an
    /// order, an envelope, a code, demo and real data meeting.
    #[error(transparent)]
    Protocol(senim_protocol::Error),

    /// Screening content or its logic refused a step (consent, interview state,
    /// content that is missing or differs).
    #[error(transparent)]
    Content(senim_content::Error),
}

impl Error {
    /// An [`Error::InvalidInput`].
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field,
            reason: reason.into(),
        }
    }

    /// A membership refusal ([`senim_protocol::Error::Membership`]).
    pub fn membership(reason: impl Into<String>) -> Self {
        Error::Protocol(senim_protocol::Error::Membership(reason.into()))
    }

    /// A team order refusal ([`senim_protocol::Error::Order`]).
    pub fn order(reason: impl Into<String>) -> Self {
        Error::Protocol(senim_protocol::Error::Order(reason.into()))
    }

    /// An envelope refusal ([`senim_protocol::Error::Envelope`]).
    pub fn envelope(reason: impl Into<String>) -> Self {
        Error::Protocol(senim_protocol::Error::Envelope {
            reason: reason.into(),
        })
    }

    /// Demo and real data met ([`senim_protocol::Error::DemoMismatch`]).
    pub fn demo_mismatch(which: &'static str) -> Self {
        Error::Protocol(senim_protocol::Error::DemoMismatch(which))
    }

    /// The protocol's error, when this is one.
    pub fn protocol(&self) -> Option<&senim_protocol::Error> {
        match self {
            Error::Protocol(e) => Some(e),
            _ => None,
        }
    }

    /// Content logic's error, when this is one.
    pub fn content(&self) -> Option<&senim_content::Error> {
        match self {
            Error::Content(e) => Some(e),
            _ => None,
        }
    }
}

impl From<senim_protocol::Error> for Error {
    fn from(e: senim_protocol::Error) -> Self {
        match e {
            // Input validation reads the same whichever layer refused it.
            senim_protocol::Error::InvalidInput { field, reason } => {
                Error::InvalidInput { field, reason }
            }
            senim_protocol::Error::Crypto(what) => Error::Crypto(what),
            other => Error::Protocol(other),
        }
    }
}

impl From<senim_content::Error> for Error {
    fn from(e: senim_content::Error) -> Self {
        match e {
            senim_content::Error::InvalidInput { field, reason } => {
                Error::InvalidInput { field, reason }
            }
            senim_content::Error::RecordNotFound(id) => Error::RecordNotFound(id),
            senim_content::Error::Io(e) => Error::Io(e),
            other => Error::Content(other),
        }
    }
}

impl From<senim_records::Error> for Error {
    fn from(e: senim_records::Error) -> Self {
        match e {
            senim_records::Error::InvalidInput { field, reason } => {
                Error::InvalidInput { field, reason }
            }
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

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        match &e {
            rusqlite::Error::SqliteFailure(f, _)
                if matches!(f.code, ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) =>
            {
                Error::CorruptDatabase(f.to_string())
            }
            rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::OperationInterrupted => {
                Error::Interrupted
            }
            // SQL text and parameters never hold plaintext (only ids, kinds, ciphertext),
            // so SQLite's own message is safe to surface.
            _ => Error::Storage(e.to_string()),
        }
    }
}
