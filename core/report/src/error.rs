//! The report's error: bad options, or a refusal of the vault below. Never a value of
//! a record or of the options.

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong building a report: bad options, or the vault below.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An option rejected by validation. `reason` describes the rule, never the value.
    #[error("invalid {field}: {reason}")]
    InvalidInput { field: &'static str, reason: String },

    /// The CSV text could not be made (a writer's failure; never a value of a cell).
    #[error("cannot write the report as CSV: {reason}")]
    Export { reason: &'static str },

    /// The vault refused or failed a read (locked, damaged).
    #[error(transparent)]
    Vault(#[from] senim_vault::Error),
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
