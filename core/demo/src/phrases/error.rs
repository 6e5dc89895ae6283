//! What can be wrong in the phrase files: one [`PhraseError`] per problem, naming the
//! file and the place in it (`phrases/notes.json: openers[3].text.ru: empty`), and
//! [`PhraseErrors`], all of them.
//!
//! Phrase files hold no personal data, so quoting an id or a placeholder is safe.

use std::fmt;

/// What is wrong at a place in a phrase file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    #[error(
        "not valid JSON or not the shape of this file (line {line}, column {column}): {message}"
    )]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("empty")]
    Empty,
    #[error("contains a control character")]
    ControlCharacter,
    #[error("longer than {max} characters")]
    TooLong { max: usize },
    #[error("no text in '{language}'")]
    MissingLanguage { language: &'static str },
    #[error("text in '{language}', which is not a note language (en, ru, kk)")]
    UnknownLanguage { language: String },
    #[error(
        "unknown placeholder {{{name}}} (allowed here: {})",
        allowed_list(allowed)
    )]
    UnknownPlaceholder {
        name: String,
        allowed: &'static [&'static str],
    },
    #[error("a '{{' is not closed by '}}'")]
    UnclosedPlaceholder,
    #[error("must contain the placeholder {{{name}}}")]
    MissingPlaceholder { name: &'static str },
    #[error("uses the placeholders [{}] where 'en' uses [{}]", found.join(", "), expected.join(", "))]
    PlaceholdersDiffer {
        expected: Vec<String>,
        found: Vec<String>,
    },
    #[error("a tag is lower case, with '-' for spaces, at most 40 characters")]
    InvalidTag,
    #[error("an id is lower-case letters, digits and '_'")]
    InvalidId,
    #[error("a language code is 2 or 3 lower-case letters (ISO 639)")]
    InvalidLanguageCode,
    #[error("'{id}' is listed more than once")]
    Duplicate { id: String },
    #[error("setting '{id}' is not defined in phrases/places.json")]
    UnknownSetting { id: String },
    #[error("setting '{id}' is used by no place")]
    UnusedSetting { id: String },
    #[error("'{found}' is not a level (none, monitor, possible, likely)")]
    UnknownLevel { found: String },
    #[error("weight 0: it would never be chosen")]
    ZeroWeight,
    #[error("{reason}")]
    OutOfRange { reason: &'static str },
    #[error("'{id}' is both a core and an extra answer")]
    CoreAndExtra { id: String },
    #[error("needs at least one entry")]
    NoEntries,
    #[error("{what}")]
    Missing { what: String },
}

fn allowed_list(allowed: &[&str]) -> String {
    if allowed.is_empty() {
        "none".to_string()
    } else {
        allowed
            .iter()
            .map(|a| format!("{{{a}}}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// One problem in the phrase files: the file, the place in it, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {path}: {problem}")]
pub struct PhraseError {
    /// `phrases/notes.json`, ...
    pub file: &'static str,
    /// Where in the file: `openers[3].text.ru`; `(file)` for the file as a whole.
    pub path: String,
    pub problem: Problem,
}

/// Every problem found in the phrase files, file by file, in the order of each file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhraseErrors(pub Vec<PhraseError>);

impl fmt::Display for PhraseErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} problem(s) in the demo phrase files", self.0.len())?;
        for e in &self.0 {
            write!(f, "\n  - {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PhraseErrors {}
