//! What can be wrong with a form definition: one [`FormError`] per problem, naming
//! its [`Place`] in the form (question, section, indicator) and the [`Problem`] there,
//! and [`FormErrors`], all of them in the order of the form.
//!
//! Form definitions hold no personal data, so quoting an id or an option is safe.

use std::fmt;

use serde::Serialize;

use super::parts::{FORM_FORMAT, MAX_FORM_BYTES};
use crate::forms::expr;

/// Where in a form a problem was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "in", content = "id", rename_all = "snake_case")]
pub enum Place {
    Form,
    Section(String),
    Question(String),
    Option { question: String, option: String },
    Indicator(String),
    Need(String),
    Population(String),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Form => f.write_str("form"),
            Place::Section(s) => write!(f, "section '{s}'"),
            Place::Question(q) => write!(f, "question '{q}'"),
            Place::Option { question, option } => {
                write!(f, "option '{option}' of question '{question}'")
            }
            Place::Indicator(i) => write!(f, "indicator '{i}'"),
            Place::Need(n) => write!(f, "need '{n}'"),
            Place::Population(p) => write!(f, "population '{p}'"),
        }
    }
}

/// What is wrong at a [`Place`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    #[error(
        "the form is not valid JSON or does not have the form shape (line {line}, column {column}): {message}"
    )]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("the form is {len} bytes; at most {MAX_FORM_BYTES} are accepted")]
    TooLarge { len: usize },
    #[error("form format {found} is not supported (this build reads {FORM_FORMAT})")]
    UnsupportedFormat { found: u32 },
    #[error("invalid {what} id: {reason}")]
    InvalidId {
        what: &'static str,
        reason: &'static str,
    },
    #[error("{what} '{id}' is defined more than once")]
    Duplicate { what: &'static str, id: String },
    #[error("{field} has no text in the default language '{language}'")]
    MissingDefaultLanguage { field: String, language: String },
    #[error("{field} has text in '{language}', which is not one of the form's languages")]
    UnknownLanguage { field: String, language: String },
    #[error("{field} is empty in '{language}'")]
    EmptyText { field: String, language: String },
    #[error("{field}: {reason}")]
    Invalid { field: String, reason: String },
    #[error("{field} cannot be parsed: {error}")]
    Expression {
        field: String,
        error: expr::ExprError,
    },
    #[error("{field} refers to question '{question}', which does not exist")]
    UnknownQuestion { field: String, question: String },
    #[error("{field} refers to option '{option}', which question '{question}' does not have")]
    UnknownOption {
        field: String,
        question: String,
        option: String,
    },
    #[error(
        "{field} uses question '{question}' ({kind}) in a way its type does not allow: {reason}"
    )]
    TypeMismatch {
        field: String,
        question: String,
        kind: &'static str,
        reason: &'static str,
    },
    #[error("skip logic forms a cycle: {}", path.join(" -> "))]
    Cycle { path: Vec<String> },
    #[error("raises indicator '{indicator}', which is not defined")]
    UnknownIndicator { indicator: String },
    #[error(
        "{field} refers to question '{question}', which is not asked before it: skip logic may only use earlier answers"
    )]
    ForwardReference { field: String, question: String },
}

/// One problem in a form definition and where it is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{place}: {problem}")]
pub struct FormError {
    pub place: Place,
    pub problem: Problem,
}

/// Every problem found in a form definition, in the order of the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormErrors(pub Vec<FormError>);

impl fmt::Display for FormErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} problem(s) in the form definition", self.0.len())?;
        for e in &self.0 {
            write!(f, "\n  - {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for FormErrors {}
