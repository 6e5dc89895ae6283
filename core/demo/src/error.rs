//! The demo layer's error: a step that needs a demo vault, and what the vault or the
//! content below refused. Never any content of a record: demo records are synthetic,
//! but the errors read the same as for real ones.

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong creating, filling or resetting a demo vault, or loading and
/// checking a training scenario.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The step exists only in a demo vault (reset, training), and this is a real one.
    #[error("this is not a demo vault: {0}")]
    NotDemo(&'static str),

    /// The demo settings kept in a demo vault are missing or unreadable.
    #[error("the demo settings are damaged: {0}")]
    DamagedSettings(&'static str),

    /// The vault refused or failed a step.
    #[error(transparent)]
    Vault(#[from] senim_vault::Error),

    /// The generator's phrase tables do not load (every problem, each naming its file
    /// and place).
    #[error(transparent)]
    Phrases(#[from] crate::phrases::PhraseErrors),

    /// Screening content or its logic refused a step (a scenario that does not fit its
    /// form, content that is not loaded).
    #[error(transparent)]
    Content(senim_content::Error),
}

impl Error {
    /// Input rejected by validation ([`senim_content::Error::InvalidInput`]).
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Error::Content(senim_content::Error::invalid(field, reason))
    }
}

impl From<senim_content::Error> for Error {
    fn from(e: senim_content::Error) -> Self {
        match e {
            // A record missing from the vault is the vault's to report.
            senim_content::Error::RecordNotFound(id) => {
                Error::Vault(senim_vault::Error::RecordNotFound(id))
            }
            other => Error::Content(other),
        }
    }
}

impl From<senim_records::Error> for Error {
    fn from(e: senim_records::Error) -> Self {
        Error::Content(e.into())
    }
}
