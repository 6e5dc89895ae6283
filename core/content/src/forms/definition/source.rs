//! The form format as written in JSON ([`FormSource`] and its parts), exactly as
//! organisations write it; see `docs/forms.md`.
//!
//! Owns the shape of the file only: unknown fields are refused, and everything else is
//! checked when the form is built (`validate`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::parts::{Need, QuestionType, Strength, Text};

/// A form definition as written in JSON (see `docs/forms.md`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormSource {
    /// Format version; this build reads [`FORM_FORMAT`](super::parts::FORM_FORMAT).
    pub format: u32,
    pub id: String,
    /// The form's own version ("1.0.0"); an interview records it.
    pub version: String,
    pub title: Text,
    #[serde(default)]
    pub description: Option<Text>,
    /// Every string must exist in this language.
    pub default_language: String,
    /// The languages an interview can run in.
    pub languages: Vec<String>,
    /// Per language, the languages to try next when a string is missing; the default
    /// language always ends the chain. `{"kk": ["ru"]}` means kk → ru → default.
    #[serde(default)]
    pub fallback: BTreeMap<String, Vec<String>>,
    /// What the worker explains before the first question.
    pub consent: ConsentScript,
    /// Steps shown at once when an answer signals immediate danger.
    pub emergency: Text,
    pub indicators: Vec<IndicatorSource>,
    pub sections: Vec<SectionSource>,
    /// Needs recorded from the answers, for referrals.
    #[serde(default)]
    pub needs: Vec<NeedSource>,
    /// When an indicator list (population) applies: a population named here counts
    /// only while its condition holds; others always count.
    #[serde(default)]
    pub populations: Vec<PopulationSource>,
}

/// The consent script (WHO 2003): purpose, use of the information, the right to refuse
/// any question and to stop at any time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentScript {
    pub purpose: Text,
    pub use_of_information: Text,
    pub right_to_refuse: Text,
    pub right_to_stop: Text,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorSource {
    pub id: String,
    /// The rule set's dimension id (`DR`, `CR`, `VR`, `EX`, `CD`, `VD` in the ILO/EC set).
    pub dimension: String,
    pub strength: Strength,
    /// The indicator lists it belongs to (`adult_labour`, `adult_sexual`, ...).
    pub populations: Vec<String>,
    /// ILO forced-labour indicators (`FL-01` ... `FL-11`) this one evidences.
    #[serde(default)]
    pub forced_labour: Vec<String>,
    /// The strength or mapping is not yet checked against the source.
    #[serde(default)]
    pub needs_review: bool,
    pub explanation: Text,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSource {
    pub id: String,
    pub title: Text,
    /// The whole section is shown only when this holds.
    #[serde(default)]
    pub show_if: Option<String>,
    /// A private block: its questions (sexual violence, irregular status) are asked
    /// only after the worker confirms that the person is somewhere private.
    #[serde(default)]
    pub private: Option<PrivateSource>,
    pub questions: Vec<QuestionSource>,
}

/// The confirmation a private block needs. The form gains a yes/no worker question
/// `<section>_confirmed` with this label, first in the section; every other question
/// of the section is shown only after a yes to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivateSource {
    /// Asked of the worker, never read aloud ("Is the person alone with you, where
    /// no one can hear?").
    pub confirm: Text,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionSource {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    pub label: Text,
    #[serde(default)]
    pub help: Option<Text>,
    /// A line read before the question that asks the person's permission ("The next
    /// question is personal. May I ask it?"). Every question of a private block needs
    /// one.
    #[serde(default)]
    pub permission: Option<Text>,
    /// A worker observation: answered by the worker, never read aloud or shown to the
    /// person.
    #[serde(default)]
    pub observation: bool,
    #[serde(default)]
    pub options: Vec<OptionSource>,
    /// The interview cannot finish without an answer (declining counts as one).
    #[serde(default)]
    pub required: bool,
    /// The answer could identify the person; never asked in an anonymous interview.
    #[serde(default)]
    pub identifying: bool,
    #[serde(default)]
    pub validation: Option<Validation>,
    #[serde(default)]
    pub show_if: Option<String>,
    #[serde(default)]
    pub raises: Vec<RaiseSource>,
    /// An answer that signals immediate danger.
    #[serde(default)]
    pub danger: Option<TriggerSource>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionSource {
    pub id: String,
    pub label: Text,
}

/// Limits on an answer: `min`/`max` for integers, `min_length`/`max_length` (characters)
/// for text, `earliest`/`latest` for dates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Validation {
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
    #[serde(default)]
    pub min_length: Option<usize>,
    #[serde(default)]
    pub max_length: Option<usize>,
    #[serde(default)]
    pub earliest: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub latest: Option<chrono::NaiveDate>,
}

/// When something fires: one of the listed answers to this question, or a condition.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerSource {
    #[serde(default)]
    pub answers: Vec<String>,
    #[serde(default, rename = "if")]
    pub condition: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RaiseSource {
    pub indicator: String,
    #[serde(flatten)]
    pub when: TriggerSource,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeedSource {
    pub need: Need,
    #[serde(rename = "if")]
    pub condition: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PopulationSource {
    pub id: String,
    #[serde(rename = "if")]
    pub condition: String,
}
