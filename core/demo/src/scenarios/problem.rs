//! The limits of the scenario format and what can be wrong with a scenario file: one
//! [`Problem`] per finding, each naming its place (the question, the indicator, the
//! text), and the [`ScenarioError`] that lists them all for one file.
//!
//! Never carries more of a file than an id, a question or an indicator.

use std::fmt;

use crate::Error;
use senim_content::Error as ContentError;
use senim_content::screening::Level;

/// The scenario format this build reads.
pub const SCENARIO_FORMAT: u32 = 1;

/// Languages every text of a scenario must have (the trainer's languages and the
/// app's: English, Russian and Kazakh).
pub const REQUIRED_LANGUAGES: [&str; 3] = ["en", "ru", "kk"];

/// Largest scenario file accepted.
pub const MAX_SCENARIO_BYTES: usize = 1024 * 1024;

/// Longest scenario id.
pub(super) const MAX_ID_LEN: usize = 64;

/// One thing wrong with a scenario file. Each names its place (the question, the
/// indicator, the text); none carries more of the file than that.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// The file is larger than [`MAX_SCENARIO_BYTES`].
    TooLarge,
    /// Not JSON, or not the shape of a scenario.
    Syntax {
        line: usize,
        column: usize,
        reason: String,
    },
    UnsupportedFormat {
        found: u64,
    },
    /// The id is not 1–64 lower-case letters, digits and `_`, starting with a letter.
    InvalidId,
    /// The version is not 1–32 letters, digits, `.` and `-`.
    InvalidVersion,
    /// The persona is not marked `"fictional": true`.
    NotFictional,
    InvalidPersona {
        field: &'static str,
        reason: &'static str,
    },
    /// The form or rule set the scenario is written for is not loaded.
    ContentNotFound {
        what: &'static str,
        id: String,
        version: String,
    },
    /// The rule set cannot score the form.
    RulesDoNotFit {
        reason: String,
    },
    /// A text lacks one of the [`REQUIRED_LANGUAGES`] (or it is empty). `question` is
    /// set for a script line.
    MissingTranslation {
        text: String,
        question: Option<String>,
        language: &'static str,
    },
    /// The script or the key (`part`) names a question the form does not have.
    UnknownQuestion {
        part: &'static str,
        question: String,
    },
    /// The key's answer does not fit its question.
    InvalidAnswer {
        question: String,
        reason: String,
    },
    /// The key answers a question that identifies the person: training interviews are
    /// anonymous and never ask it.
    IdentifyingQuestion {
        question: String,
    },
    /// The key answers a question that skip logic hides given the key's other answers.
    HiddenQuestion {
        question: String,
    },
    /// The form asks this question given the key's answers, and the key has no answer.
    MissingAnswer {
        question: String,
    },
    /// The form asks this question given the key's answers, and the script has no line.
    MissingScript {
        question: String,
    },
    UnknownIndicator {
        indicator: String,
    },
    DuplicateIndicator {
        indicator: String,
    },
    /// The key lists an indicator its answers do not raise.
    IndicatorNotRaised {
        indicator: String,
    },
    /// The key's answers raise an indicator the key does not list.
    IndicatorNotInKey {
        indicator: String,
        questions: Vec<String>,
    },
    /// The key's level is not what its answers score.
    LevelMismatch {
        key: Level,
        scored: Level,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::TooLarge => write!(f, "larger than {MAX_SCENARIO_BYTES} bytes"),
            Problem::Syntax {
                line,
                column,
                reason,
            } => write!(f, "line {line}, column {column}: {reason}"),
            Problem::UnsupportedFormat { found } => write!(
                f,
                "format {found} is not supported (this build reads format {SCENARIO_FORMAT})"
            ),
            Problem::InvalidId => write!(
                f,
                "the id must be 1 to {MAX_ID_LEN} lower-case letters, digits and '_', starting with a letter"
            ),
            Problem::InvalidVersion => write!(
                f,
                "the version must be 1 to 32 letters, digits, '.' and '-'"
            ),
            Problem::NotFictional => write!(
                f,
                "the persona must be marked \"fictional\": true (training scenarios describe invented people only)"
            ),
            Problem::InvalidPersona { field, reason } => write!(f, "persona.{field}: {reason}"),
            Problem::ContentNotFound { what, id, version } => {
                write!(f, "{what} '{id}' version {version} is not loaded")
            }
            Problem::RulesDoNotFit { reason } => {
                write!(f, "the rule set cannot score the form: {reason}")
            }
            Problem::MissingTranslation {
                text,
                question: _,
                language,
            } => write!(f, "{text} has no '{language}' text"),
            Problem::UnknownQuestion { part, question } => write!(
                f,
                "the {part} names question '{question}', which the form does not have"
            ),
            Problem::InvalidAnswer { question, reason } => {
                write!(f, "key answer to question '{question}': {reason}")
            }
            Problem::IdentifyingQuestion { question } => write!(
                f,
                "the key answers identifying question '{question}', which anonymous training interviews never ask"
            ),
            Problem::HiddenQuestion { question } => write!(
                f,
                "the key answers question '{question}', which skip logic hides given the key's other answers"
            ),
            Problem::MissingAnswer { question } => write!(
                f,
                "the key has no answer to question '{question}', which the form asks given the key's answers"
            ),
            Problem::MissingScript { question } => write!(
                f,
                "the script has no line for question '{question}', which the form asks given the key's answers"
            ),
            Problem::UnknownIndicator { indicator } => write!(
                f,
                "the key lists indicator '{indicator}', which the form does not define"
            ),
            Problem::DuplicateIndicator { indicator } => {
                write!(f, "the key lists indicator '{indicator}' twice")
            }
            Problem::IndicatorNotRaised { indicator } => write!(
                f,
                "the key lists indicator '{indicator}', which its answers do not raise"
            ),
            Problem::IndicatorNotInKey {
                indicator,
                questions,
            } => write!(
                f,
                "the key's answers raise indicator '{indicator}' (question {}), which the key does not list",
                questions.join(", ")
            ),
            Problem::LevelMismatch { key, scored } => write!(
                f,
                "the key's level is '{key}', but its answers score '{scored}'"
            ),
        }
    }
}

/// Why a scenario file does not load: the scenario (its id, or `?` when the file has
/// none that can be read) and every problem found.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("scenario '{scenario}': {}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct ScenarioError {
    pub scenario: String,
    pub problems: Vec<Problem>,
}

impl ScenarioError {
    pub(super) fn new(scenario: impl Into<String>, problem: Problem) -> Self {
        ScenarioError {
            scenario: scenario.into(),
            problems: vec![problem],
        }
    }
}

impl From<ScenarioError> for Error {
    fn from(e: ScenarioError) -> Self {
        Error::Content(ContentError::InvalidContent {
            what: "scenario",
            problems: e
                .problems
                .iter()
                .map(|p| format!("scenario '{}': {p}", e.scenario))
                .collect(),
        })
    }
}
