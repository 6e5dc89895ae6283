//! The validated, ready-to-run [`Form`]: its questions in interview order, sections,
//! indicators, needs and parsed skip logic, and lookups by question id and language.
//!
//! Holding a [`Form`] means it passed every check of `validate`, which alone builds
//! one. It never reads a file or scores anything.

use std::collections::{BTreeMap, BTreeSet};

use super::parts::{Localized, Need, QuestionType, Strength, Text, localize};
use super::source::{ConsentScript, Validation};
use crate::forms::expr::Expr;

/// A condition that fires an indicator, a danger flag or a need.
#[derive(Clone, Debug, PartialEq)]
pub enum Trigger {
    /// The question's answer is one of these (a yes/no value, an option id, or
    /// `declined`; for a multiple choice, any one of the options picked).
    Answers(BTreeSet<String>),
    If(Expr),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Raise {
    pub indicator: String,
    pub when: Trigger,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    pub id: String,
    pub dimension: String,
    pub strength: Strength,
    pub populations: BTreeSet<String>,
    pub forced_labour: BTreeSet<String>,
    pub needs_review: bool,
    pub explanation: Text,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChoiceOption {
    pub id: String,
    pub label: Text,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub id: String,
    /// Index into [`Form::sections`].
    pub section: usize,
    pub kind: QuestionType,
    pub label: Text,
    pub help: Option<Text>,
    /// The permission line read before the question.
    pub permission: Option<Text>,
    /// Answered by the worker, never read aloud or shown to the person.
    pub observation: bool,
    pub options: Vec<ChoiceOption>,
    pub required: bool,
    pub identifying: bool,
    pub validation: Validation,
    /// The question's own condition (the section's is in [`Section::show_if`]).
    pub show_if: Option<Expr>,
    pub raises: Vec<Raise>,
    pub danger: Option<Trigger>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub id: String,
    pub title: Text,
    pub show_if: Option<Expr>,
    /// For a private block: the index into [`Form::questions`] of its confirmation
    /// question (the section's first); the others are shown only after a yes to it.
    pub confirmation: Option<usize>,
    /// Indices into [`Form::questions`], in order.
    pub questions: Vec<usize>,
}

/// A validated form, ready to run.
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub id: String,
    pub version: String,
    /// SHA-256 of the canonical JSON of the definition (keys sorted, no whitespace),
    /// lower-case hex: the same for any formatting of the same content.
    pub hash: String,
    pub title: Text,
    pub description: Option<Text>,
    pub default_language: String,
    pub languages: Vec<String>,
    /// Per language, the full lookup chain (the language itself first, the default last).
    pub chains: BTreeMap<String, Vec<String>>,
    pub consent: ConsentScript,
    pub emergency: Text,
    pub indicators: BTreeMap<String, Indicator>,
    pub sections: Vec<Section>,
    /// Every question, in interview order.
    pub questions: Vec<Question>,
    pub needs: Vec<(Need, Expr)>,
    /// Populations that apply only while their condition holds.
    pub population_scopes: BTreeMap<String, Expr>,
    pub(super) by_id: BTreeMap<String, usize>,
}

impl Form {
    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.by_id.get(id).map(|&i| &self.questions[i])
    }

    /// Index of the question in [`Form::questions`].
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Whether interviews can run in this language.
    pub fn supports(&self, language: &str) -> bool {
        self.chains.contains_key(language)
    }

    /// The string for `language`, following its fallback chain. An unsupported language
    /// uses the default language.
    pub fn localize(&self, text: &Text, language: &str) -> Localized {
        localize(&self.chains, &self.default_language, text, language)
    }
}
