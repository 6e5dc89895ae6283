//! The handoff's error: a file that does not open or is damaged, a consent that does
//! not allow the export, and what the vault or content below refused. Reasons name the
//! part of a file, never any of its content.

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong sealing or opening a handoff file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Input rejected by validation. `reason` describes the rule, never the value.
    #[error("invalid {field}: {reason}")]
    InvalidInput { field: &'static str, reason: String },

    /// The export needs a consent with this scope, and none is recorded.
    #[error("no consent with the {scope} scope is recorded")]
    ConsentRequired { scope: &'static str },

    /// The person withdrew the consent the export would run under.
    #[error("the person withdrew their consent")]
    ConsentWithdrawn,

    /// The passphrase or age identity does not open this handoff file (for a
    /// passphrase file, an altered key stanza looks the same).
    #[error("this passphrase or identity does not open the handoff file")]
    HandoffSecret,

    /// A handoff file that cannot be read: not an age file, cut short, altered, or not
    /// the layout this build writes. The reason names the part, never any content.
    #[error("the handoff file is damaged, altered or not a Senim handoff: {0}")]
    HandoffDamaged(&'static str),

    /// A cryptographic step failed (random source, encryption setup).
    #[error("cryptographic failure: {0}")]
    Crypto(&'static str),

    /// File system failure.
    #[error("file system error: {0}")]
    Io(#[from] std::io::Error),

    /// The vault refused or failed a step (locked, damaged, a record not found).
    #[error(transparent)]
    Vault(#[from] senim_vault::Error),

    /// Screening content refused a step (content that is not loaded or differs).
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
}

impl From<senim_content::Error> for Error {
    fn from(e: senim_content::Error) -> Self {
        match e {
            senim_content::Error::InvalidInput { field, reason } => {
                Error::InvalidInput { field, reason }
            }
            senim_content::Error::ConsentRequired { scope } => Error::ConsentRequired { scope },
            senim_content::Error::ConsentWithdrawn => Error::ConsentWithdrawn,
            senim_content::Error::RecordNotFound(id) => {
                Error::Vault(senim_vault::Error::RecordNotFound(id))
            }
            other => Error::Content(other),
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
