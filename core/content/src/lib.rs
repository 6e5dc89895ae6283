//! Senim's screening content and its logic: versioned, multilingual forms with skip
//! logic ([`forms`]), the interview's rules of progress, rule sets and scoring, services
//! and referrals ([`screening`]), and the [`Library`] that holds the bundled content and
//! an organisation's own.
//!
//! Pure logic over data: no SQLite, no keys, no network. Where an interview or a
//! referral must be stored, it goes through a [`RecordStore`] the caller hands in (the
//! vault implements it), so this crate never depends on how records are kept. It must
//! never present a result as a finding that someone is a victim (see [`screening`]).

pub mod forms;
mod languages;
mod library;
pub mod screening;
mod store;

pub use languages::{InterviewLanguage, interview_language};
pub use library::{DEFAULT_DIRECTORY, DEFAULT_RULE_SET, Library, LoadReport, compare_versions};
pub use store::RecordStore;

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What content and its logic refuse. Every problem names its place in the content
/// (content holds no personal data); nothing here carries an answer's value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Input rejected by validation. `reason` describes the rule, never the value.
    #[error("invalid {field}: {reason}")]
    InvalidInput { field: &'static str, reason: String },

    /// An answer that does not fit its question (its type, options or range): a typed
    /// problem the worker is told in their language. Names the rule, never the answer.
    #[error("invalid answer: {0}")]
    InvalidAnswer(forms::AnswerProblem),

    /// A form definition, rule set or services directory failed validation. Each
    /// problem names its place in the content.
    #[error("invalid {what}: {}", problems.join("; "))]
    InvalidContent {
        what: &'static str,
        problems: Vec<String>,
    },

    /// A services directory gives a phone number without saying where it was confirmed
    /// (`contact.source`) or when it was last checked (`contact.checked`). `services`
    /// names each such entry; `problems` lists every problem of the file, these included.
    #[error("invalid services directory: a phone number without its source or the day it was checked in {}: {}", services.iter().map(|s| format!("service '{s}'")).collect::<Vec<_>>().join(", "), problems.join("; "))]
    UnsourcedNumber {
        services: Vec<String>,
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

    /// No record with this id in the store the step was given.
    #[error("record {0} not found")]
    RecordNotFound(String),

    /// A content directory could not be read.
    #[error("file system error: {0}")]
    Io(#[from] std::io::Error),
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

impl From<forms::FormErrors> for Error {
    fn from(e: forms::FormErrors) -> Self {
        Error::InvalidContent {
            what: "form",
            problems: e.0.iter().map(ToString::to_string).collect(),
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
