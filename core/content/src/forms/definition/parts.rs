//! The parts every form is written with, shared with rule sets and services
//! directories: translated texts and their lookup through a fallback chain, question
//! types, indicator strengths and needs; and the limits of the form format.
//!
//! Plain vocabulary: it never validates a whole form.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The version of the form format this build reads.
pub const FORM_FORMAT: u32 = 1;

/// Largest accepted form definition, in bytes.
pub const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// Longest accepted id (form, section, question, option, indicator).
pub const MAX_ID_LEN: usize = 64;

/// One translated string: plain, or marked as a draft that needs review by a speaker.
/// Unknown keys in the marked form are rejected, so that a misspelt `needs_review`
/// cannot silently pass a draft off as reviewed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum Translation {
    Plain(String),
    Marked {
        text: String,
        #[serde(default)]
        needs_review: bool,
    },
}

impl Translation {
    pub fn text(&self) -> &str {
        match self {
            Translation::Plain(t) | Translation::Marked { text: t, .. } => t,
        }
    }
    pub fn needs_review(&self) -> bool {
        matches!(
            self,
            Translation::Marked {
                needs_review: true,
                ..
            }
        )
    }
}

/// A string in several languages, keyed by ISO 639 code: `{"en": "...", "ru": "..."}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(pub BTreeMap<String, Translation>);

/// A string picked for one language by following the form's fallback chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Localized {
    pub text: String,
    /// The language the string was actually found in.
    pub language: String,
    /// The translation is a draft not yet checked by a speaker.
    pub needs_review: bool,
}

/// The type of a question, and so of its answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionType {
    /// Answers: yes, no, unknown, declined.
    YesNo,
    SingleChoice,
    MultipleChoice,
    Text,
    Integer,
    Date,
    /// An ISO 3166-1 alpha-2 country code.
    Country,
}

impl QuestionType {
    pub fn as_str(&self) -> &'static str {
        match self {
            QuestionType::YesNo => "yes_no",
            QuestionType::SingleChoice => "single_choice",
            QuestionType::MultipleChoice => "multiple_choice",
            QuestionType::Text => "text",
            QuestionType::Integer => "integer",
            QuestionType::Date => "date",
            QuestionType::Country => "country",
        }
    }
    pub(super) fn has_options(&self) -> bool {
        matches!(
            self,
            QuestionType::SingleChoice | QuestionType::MultipleChoice
        )
    }
}

/// The answers a yes/no question accepts, as they appear in triggers and expressions.
pub const YES_NO_VALUES: [&str; 4] = ["yes", "no", "unknown", "declined"];

/// The value a declined answer has in triggers and expressions, for every type.
pub const DECLINED: &str = "declined";

/// How strongly an indicator points towards trafficking (ILO/EC 2009).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    Weak,
    Medium,
    Strong,
}

impl Strength {
    pub fn as_str(&self) -> &'static str {
        match self {
            Strength::Weak => "weak",
            Strength::Medium => "medium",
            Strength::Strong => "strong",
        }
    }
}

/// What a person may need help with; referrals are recommended from these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Need {
    Shelter,
    Medical,
    Legal,
    Psychological,
    Documents,
    ReturnHome,
    LabourDispute,
}

impl Need {
    pub const ALL: [Need; 7] = [
        Need::Shelter,
        Need::Medical,
        Need::Legal,
        Need::Psychological,
        Need::Documents,
        Need::ReturnHome,
        Need::LabourDispute,
    ];
    pub fn as_str(&self) -> &'static str {
        match self {
            Need::Shelter => "shelter",
            Need::Medical => "medical",
            Need::Legal => "legal",
            Need::Psychological => "psychological",
            Need::Documents => "documents",
            Need::ReturnHome => "return_home",
            Need::LabourDispute => "labour_dispute",
        }
    }
}

impl std::str::FromStr for Need {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<Self> {
        Need::ALL
            .into_iter()
            .find(|n| n.as_str() == s)
            .ok_or_else(|| {
                crate::Error::invalid(
                    "need",
                    "expected shelter, medical, legal, psychological, documents, return_home or labour_dispute",
                )
            })
    }
}

/// The string for `language` from `text`, trying each language of its chain in `chains`
/// (an unknown language uses `default` alone). Shared by forms, rule sets and services
/// directories, which all validate that every text has the default language; an empty
/// string comes back only for a hand-built `Text` without it.
pub(crate) fn localize(
    chains: &BTreeMap<String, Vec<String>>,
    default: &str,
    text: &Text,
    language: &str,
) -> Localized {
    let fallback = [default.to_string()];
    let chain = chains.get(language).map(Vec::as_slice).unwrap_or(&fallback);
    for lang in chain {
        if let Some(t) = text.0.get(lang) {
            return Localized {
                text: t.text().to_string(),
                language: lang.clone(),
                needs_review: t.needs_review(),
            };
        }
    }
    Localized {
        text: String::new(),
        language: default.to_string(),
        needs_review: false,
    }
}
