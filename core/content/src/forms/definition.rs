//! The form definition format: JSON as organisations write it ([`FormSource`] and its
//! parts) and the validated, ready-to-run [`Form`] built from it by [`Form::from_json`].
//!
//! Owns the shape of a form and every check made when one loads. It never touches the
//! vault or scores anything: the runner and `crate::screening` use the [`Form`] this
//! module validates. Errors name the place in the form (question, section, indicator)
//! and what is wrong with it; form definitions hold no personal data, so quoting an id
//! or an option from the form is safe.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::expr::{self, Expr, Operand};

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
    fn has_options(&self) -> bool {
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

// ---------------------------------------------------------------------------------------
// The JSON format, as written.

/// A form definition as written in JSON (see `docs/forms.md`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormSource {
    /// Format version; this build reads [`FORM_FORMAT`].
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
    pub questions: Vec<QuestionSource>,
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

// ---------------------------------------------------------------------------------------
// Errors.

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

// ---------------------------------------------------------------------------------------
// The validated form.

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
    by_id: BTreeMap<String, usize>,
}

impl Form {
    /// Parses and validates a form definition. Never panics: any input either loads or
    /// yields every problem found, each naming its place.
    pub fn from_json(bytes: &[u8]) -> Result<Form, FormErrors> {
        let form_error = |problem| {
            FormErrors(vec![FormError {
                place: Place::Form,
                problem,
            }])
        };
        if bytes.len() > MAX_FORM_BYTES {
            return Err(form_error(Problem::TooLarge { len: bytes.len() }));
        }
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| form_error(syntax(&e)))?;
        // Check the format before the shape so that a future format gets a clear error.
        if let Some(found) = value.get("format").and_then(|f| f.as_u64())
            && found != u64::from(FORM_FORMAT)
        {
            return Err(form_error(Problem::UnsupportedFormat {
                found: u32::try_from(found).unwrap_or(u32::MAX),
            }));
        }
        // Read the shape from the bytes, not from `value`, so that errors carry the line
        // and column where the problem is.
        let source: FormSource =
            serde_json::from_slice(bytes).map_err(|e| form_error(syntax(&e)))?;
        let hash = content_hash(&value);
        Validator::default().build(source, hash)
    }

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

/// SHA-256 (hex) of the canonical JSON of `value`: object keys sorted, no whitespace.
/// Sorting is done here rather than relying on `serde_json`'s map order, which a
/// feature elsewhere in the build could change.
pub fn content_hash(value: &serde_json::Value) -> String {
    let mut out = Vec::new();
    canonical(value, &mut out);
    senim_crypto::sha256_hex(&out)
}

fn canonical(value: &serde_json::Value, out: &mut Vec<u8>) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            out.push(b'{');
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend(serde_json::to_string(k).unwrap_or_default().into_bytes());
                out.push(b':');
                canonical(&map[k], out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                canonical(v, out);
            }
            out.push(b']');
        }
        scalar => out.extend(
            serde_json::to_string(scalar)
                .unwrap_or_default()
                .into_bytes(),
        ),
    }
}

fn syntax(e: &serde_json::Error) -> Problem {
    // serde_json's messages name the field or the expected shape; for form definitions
    // (no personal data) that is what the author needs.
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    Problem::Syntax {
        line: e.line(),
        column: e.column(),
        message,
    }
}

/// Checks an id against `[a-z][a-z0-9_]*` (question, section, option, form ids) or,
/// when `loose`, `[A-Za-z0-9][A-Za-z0-9_.-]*` (indicator ids such as `DR-S1`).
fn check_id(id: &str, loose: bool) -> Result<(), &'static str> {
    if id.is_empty() {
        return Err("must not be empty");
    }
    if id.len() > MAX_ID_LEN {
        return Err("longer than 64 characters");
    }
    let mut chars = id.chars();
    let first = chars.next().unwrap_or(' ');
    let ok = if loose {
        first.is_ascii_alphanumeric()
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
    } else {
        first.is_ascii_lowercase()
            && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    };
    if !ok {
        return Err(if loose {
            "use letters, digits, '_', '.' and '-', starting with a letter or digit"
        } else {
            "use lower-case letters, digits and '_', starting with a letter"
        });
    }
    if !loose && ["and", "or", "not", "true", "false"].contains(&id) {
        return Err("is a keyword of the expression language");
    }
    Ok(())
}

fn check_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase())
}

#[derive(Default)]
struct Validator {
    errors: Vec<FormError>,
}

impl Validator {
    fn push(&mut self, place: &Place, problem: Problem) {
        self.errors.push(FormError {
            place: place.clone(),
            problem,
        });
    }

    fn text(&mut self, place: &Place, field: &str, text: &Text, form: &FormSource) {
        if !text.0.contains_key(&form.default_language) {
            self.push(
                place,
                Problem::MissingDefaultLanguage {
                    field: field.to_string(),
                    language: form.default_language.clone(),
                },
            );
        }
        for (lang, t) in &text.0 {
            if !form.languages.contains(lang) {
                self.push(
                    place,
                    Problem::UnknownLanguage {
                        field: field.to_string(),
                        language: lang.clone(),
                    },
                );
            } else if t.text().trim().is_empty() {
                self.push(
                    place,
                    Problem::EmptyText {
                        field: field.to_string(),
                        language: lang.clone(),
                    },
                );
            }
        }
    }

    fn invalid(&mut self, place: &Place, field: &str, reason: impl Into<String>) {
        self.push(
            place,
            Problem::Invalid {
                field: field.to_string(),
                reason: reason.into(),
            },
        );
    }

    fn id(&mut self, place: &Place, what: &'static str, id: &str, loose: bool) {
        if let Err(reason) = check_id(id, loose) {
            self.push(place, Problem::InvalidId { what, reason });
        }
    }

    fn build(mut self, src: FormSource, hash: String) -> Result<Form, FormErrors> {
        let form_place = Place::Form;
        self.id(&form_place, "form", &src.id, false);
        if src.version.trim().is_empty() || src.version.len() > 40 {
            self.invalid(&form_place, "version", "must be 1 to 40 characters");
        }

        // Languages and fallback chains.
        let mut seen = BTreeSet::new();
        for lang in &src.languages {
            if !check_language_code(lang) {
                self.invalid(
                    &form_place,
                    "languages",
                    "codes are 2 or 3 lower-case letters (ISO 639)",
                );
            }
            if !seen.insert(lang.clone()) {
                self.push(
                    &form_place,
                    Problem::Duplicate {
                        what: "language",
                        id: lang.clone(),
                    },
                );
            }
        }
        if !src.languages.contains(&src.default_language) {
            self.invalid(
                &form_place,
                "default_language",
                "must be one of the form's languages",
            );
        }
        let mut chains = BTreeMap::new();
        for lang in &src.languages {
            let mut chain = vec![lang.clone()];
            for next in src.fallback.get(lang).into_iter().flatten() {
                if !chain.contains(next) {
                    chain.push(next.clone());
                }
            }
            if !chain.contains(&src.default_language) {
                chain.push(src.default_language.clone());
            }
            chains.insert(lang.clone(), chain);
        }
        for (lang, next) in &src.fallback {
            for l in std::iter::once(lang).chain(next) {
                if !src.languages.contains(l) {
                    self.push(
                        &form_place,
                        Problem::UnknownLanguage {
                            field: "fallback".into(),
                            language: l.clone(),
                        },
                    );
                }
            }
        }

        self.text(&form_place, "title", &src.title, &src);
        if let Some(d) = &src.description {
            self.text(&form_place, "description", d, &src);
        }
        self.text(&form_place, "consent.purpose", &src.consent.purpose, &src);
        self.text(
            &form_place,
            "consent.use_of_information",
            &src.consent.use_of_information,
            &src,
        );
        self.text(
            &form_place,
            "consent.right_to_refuse",
            &src.consent.right_to_refuse,
            &src,
        );
        self.text(
            &form_place,
            "consent.right_to_stop",
            &src.consent.right_to_stop,
            &src,
        );
        self.text(&form_place, "emergency", &src.emergency, &src);

        // Indicators.
        let mut indicators = BTreeMap::new();
        for ind in &src.indicators {
            let place = Place::Indicator(ind.id.clone());
            self.id(&place, "indicator", &ind.id, true);
            if indicators.contains_key(&ind.id) {
                self.push(
                    &place,
                    Problem::Duplicate {
                        what: "indicator",
                        id: ind.id.clone(),
                    },
                );
                continue;
            }
            if check_id(&ind.dimension, true).is_err() {
                self.invalid(
                    &place,
                    "dimension",
                    "must be a dimension id such as DR or EX",
                );
            }
            if ind.populations.is_empty() {
                self.invalid(&place, "populations", "at least one population is required");
            }
            for p in &ind.populations {
                if check_id(p, false).is_err() {
                    self.invalid(
                        &place,
                        "populations",
                        "ids use lower-case letters, digits and '_'",
                    );
                }
            }
            for fl in &ind.forced_labour {
                if check_id(fl, true).is_err() {
                    self.invalid(&place, "forced_labour", "ids look like FL-01");
                }
            }
            self.text(&place, "explanation", &ind.explanation, &src);
            indicators.insert(
                ind.id.clone(),
                Indicator {
                    id: ind.id.clone(),
                    dimension: ind.dimension.clone(),
                    strength: ind.strength,
                    populations: ind.populations.iter().cloned().collect(),
                    forced_labour: ind.forced_labour.iter().cloned().collect(),
                    needs_review: ind.needs_review,
                    explanation: ind.explanation.clone(),
                },
            );
        }

        // Questions: ids, texts, options, validation. Expressions come after, once
        // every question is known.
        let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
        let mut section_ids = BTreeSet::new();
        let mut questions = Vec::new();
        let mut sections = Vec::new();
        if src.sections.is_empty() {
            self.invalid(&form_place, "sections", "a form needs at least one section");
        }
        for (s_index, section) in src.sections.iter().enumerate() {
            let place = Place::Section(section.id.clone());
            self.id(&place, "section", &section.id, false);
            if !section_ids.insert(section.id.clone()) {
                self.push(
                    &place,
                    Problem::Duplicate {
                        what: "section",
                        id: section.id.clone(),
                    },
                );
            }
            self.text(&place, "title", &section.title, &src);
            if section.questions.is_empty() {
                self.invalid(&place, "questions", "a section needs at least one question");
            }
            let mut indices = Vec::new();
            for q in &section.questions {
                let place = Place::Question(q.id.clone());
                self.id(&place, "question", &q.id, false);
                if by_id.contains_key(&q.id) {
                    self.push(
                        &place,
                        Problem::Duplicate {
                            what: "question",
                            id: q.id.clone(),
                        },
                    );
                    continue;
                }
                self.text(&place, "label", &q.label, &src);
                if let Some(h) = &q.help {
                    self.text(&place, "help", h, &src);
                }
                self.options(&place, q, &src);
                self.validation(&place, q);
                if q.required && q.identifying {
                    self.invalid(
                        &place,
                        "required",
                        "an identifying question cannot be required: anonymous interviews never ask it",
                    );
                }
                by_id.insert(q.id.clone(), questions.len());
                indices.push(questions.len());
                questions.push(Question {
                    id: q.id.clone(),
                    section: s_index,
                    kind: q.kind,
                    label: q.label.clone(),
                    help: q.help.clone(),
                    options: q
                        .options
                        .iter()
                        .map(|o| ChoiceOption {
                            id: o.id.clone(),
                            label: o.label.clone(),
                        })
                        .collect(),
                    required: q.required,
                    identifying: q.identifying,
                    validation: q.validation.clone().unwrap_or_default(),
                    show_if: None,
                    raises: Vec::new(),
                    danger: None,
                });
            }
            sections.push(Section {
                id: section.id.clone(),
                title: section.title.clone(),
                show_if: None,
                questions: indices,
            });
        }

        // Expressions and triggers, now that every question is known.
        let kinds: BTreeMap<String, (QuestionType, BTreeSet<String>)> = questions
            .iter()
            .map(|q| {
                (
                    q.id.clone(),
                    (q.kind, q.options.iter().map(|o| o.id.clone()).collect()),
                )
            })
            .collect();
        let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut forward = false;
        for (s_index, section) in src.sections.iter().enumerate() {
            let place = Place::Section(section.id.clone());
            if let Some(cond) = &section.show_if {
                let parsed = self.expr(&place, "show_if", cond, &kinds);
                // A section's condition is a dependency of each of its questions, and
                // may only use answers given before the section starts.
                if let Some(e) = &parsed {
                    if let Some(&first) = sections[s_index].questions.first() {
                        self.forward_refs(&place, e, first, &by_id, &mut forward);
                    }
                    for &qi in &sections[s_index].questions {
                        let q: &Question = &questions[qi];
                        deps.entry(q.id.clone())
                            .or_default()
                            .extend(e.questions().into_iter().map(str::to_string));
                    }
                }
                sections[s_index].show_if = parsed;
            }
            for q in &section.questions {
                let Some(&qi) = by_id.get(&q.id) else {
                    continue;
                };
                if questions[qi].section != s_index {
                    continue; // a duplicate id, already reported
                }
                let place = Place::Question(q.id.clone());
                if let Some(cond) = &q.show_if {
                    let parsed = self.expr(&place, "show_if", cond, &kinds);
                    if let Some(e) = &parsed {
                        self.forward_refs(&place, e, qi, &by_id, &mut forward);
                        deps.entry(q.id.clone())
                            .or_default()
                            .extend(e.questions().into_iter().map(str::to_string));
                    }
                    questions[qi].show_if = parsed;
                }
                for (i, raise) in q.raises.iter().enumerate() {
                    let field = format!("raises[{i}]");
                    if !indicators.contains_key(&raise.indicator) {
                        self.push(
                            &place,
                            Problem::UnknownIndicator {
                                indicator: raise.indicator.clone(),
                            },
                        );
                    }
                    if let Some(when) = self.trigger(&place, &field, q, &raise.when, &kinds) {
                        questions[qi].raises.push(Raise {
                            indicator: raise.indicator.clone(),
                            when,
                        });
                    }
                }
                if let Some(d) = &q.danger {
                    questions[qi].danger = self.trigger(&place, "danger", q, d, &kinds);
                }
            }
        }
        let mut needs = Vec::new();
        for need in &src.needs {
            let place = Place::Need(need.need.as_str().to_string());
            if let Some(e) = self.expr(&place, "if", &need.condition, &kinds) {
                if mentions_declined(&e) {
                    self.invalid(
                        &place,
                        "if",
                        "declining to answer must never be read as a need",
                    );
                    continue;
                }
                needs.push((need.need, e));
            }
        }
        let mut population_scopes = BTreeMap::new();
        let used: BTreeSet<&str> = indicators
            .values()
            .flat_map(|i| i.populations.iter().map(String::as_str))
            .collect();
        for pop in &src.populations {
            let place = Place::Population(pop.id.clone());
            if !used.contains(pop.id.as_str()) {
                self.invalid(
                    &place,
                    "id",
                    "no indicator of the form belongs to this population",
                );
            }
            if population_scopes.contains_key(&pop.id) {
                self.push(
                    &place,
                    Problem::Duplicate {
                        what: "population",
                        id: pop.id.clone(),
                    },
                );
                continue;
            }
            if let Some(e) = self.expr(&place, "if", &pop.condition, &kinds) {
                if mentions_declined(&e) {
                    self.invalid(
                        &place,
                        "if",
                        "declining to answer must never change how answers are scored",
                    );
                    continue;
                }
                population_scopes.insert(pop.id.clone(), e);
            }
        }

        // Every cycle goes through a forward reference (or a question referring to
        // itself); report cycles only when there is no forward reference to blame.
        if !forward {
            self.cycles(&deps, &questions);
        }

        if !self.errors.is_empty() {
            self.sort_in_form_order(&src);
            return Err(FormErrors(self.errors));
        }
        Ok(Form {
            id: src.id,
            version: src.version,
            hash,
            title: src.title,
            description: src.description,
            default_language: src.default_language,
            languages: src.languages,
            chains,
            consent: src.consent,
            emergency: src.emergency,
            indicators,
            sections,
            questions,
            needs,
            population_scopes,
            by_id,
        })
    }

    /// Puts the problems in the order of the form: the form's own fields, then the
    /// indicators, then each section followed by its questions, then the needs, then the
    /// populations. The
    /// checks run in several passes; problems at one place keep the order they were
    /// found in, which follows the order of the fields.
    fn sort_in_form_order(&mut self, src: &FormSource) {
        let mut order: BTreeMap<(u8, &str), usize> = BTreeMap::new();
        let mut add = |key| {
            let next = order.len() + 1;
            order.entry(key).or_insert(next);
        };
        for ind in &src.indicators {
            add((0, ind.id.as_str()));
        }
        for section in &src.sections {
            add((1, section.id.as_str()));
            for q in &section.questions {
                add((2, q.id.as_str()));
            }
        }
        for need in &src.needs {
            add((3, need.need.as_str()));
        }
        for pop in &src.populations {
            add((4, pop.id.as_str()));
        }
        self.errors.sort_by_key(|e| {
            let key = match &e.place {
                Place::Form => return 0,
                Place::Indicator(id) => (0, id.as_str()),
                Place::Section(id) => (1, id.as_str()),
                Place::Question(id) | Place::Option { question: id, .. } => (2, id.as_str()),
                Place::Need(need) => (3, need.as_str()),
                Place::Population(id) => (4, id.as_str()),
            };
            order.get(&key).copied().unwrap_or(usize::MAX)
        });
    }

    /// Reports questions `e` refers to that come after position `before` in the form
    /// (a question referring to itself is left to the cycle check).
    fn forward_refs(
        &mut self,
        place: &Place,
        e: &Expr,
        before: usize,
        by_id: &BTreeMap<String, usize>,
        found: &mut bool,
    ) {
        for q in e.questions() {
            if by_id.get(q).is_some_and(|&i| i > before)
                || (matches!(place, Place::Section(_)) && by_id.get(q) == Some(&before))
            {
                *found = true;
                self.push(
                    place,
                    Problem::ForwardReference {
                        field: "show_if".into(),
                        question: q.to_string(),
                    },
                );
            }
        }
    }

    fn options(&mut self, place: &Place, q: &QuestionSource, form: &FormSource) {
        if q.kind.has_options() {
            if q.options.len() < 2 {
                self.invalid(
                    place,
                    "options",
                    "a choice question needs at least two options",
                );
            }
            let mut seen = BTreeSet::new();
            for o in &q.options {
                let oplace = Place::Option {
                    question: q.id.clone(),
                    option: o.id.clone(),
                };
                self.id(&oplace, "option", &o.id, false);
                if o.id == DECLINED {
                    self.invalid(
                        &oplace,
                        "id",
                        "'declined' is reserved: every question can be declined",
                    );
                }
                if !seen.insert(o.id.clone()) {
                    self.push(
                        &oplace,
                        Problem::Duplicate {
                            what: "option",
                            id: o.id.clone(),
                        },
                    );
                }
                self.text(&oplace, "label", &o.label, form);
            }
        } else if !q.options.is_empty() {
            self.invalid(
                place,
                "options",
                format!("{} questions have no options", q.kind.as_str()),
            );
        }
    }

    fn validation(&mut self, place: &Place, q: &QuestionSource) {
        let Some(v) = &q.validation else { return };
        let numeric = v.min.is_some() || v.max.is_some();
        let length = v.min_length.is_some() || v.max_length.is_some();
        let dates = v.earliest.is_some() || v.latest.is_some();
        let allowed = match q.kind {
            QuestionType::Integer => !length && !dates,
            QuestionType::Text => !numeric && !dates,
            QuestionType::Date => !numeric && !length,
            _ => !numeric && !length && !dates,
        };
        if !allowed {
            self.invalid(
                place,
                "validation",
                format!(
                    "{} questions accept {}",
                    q.kind.as_str(),
                    match q.kind {
                        QuestionType::Integer => "only min and max",
                        QuestionType::Text => "only min_length and max_length",
                        QuestionType::Date => "only earliest and latest",
                        _ => "no validation",
                    }
                ),
            );
        }
        if let (Some(a), Some(b)) = (v.min, v.max)
            && a > b
        {
            self.invalid(place, "validation", "min is greater than max");
        }
        if let (Some(a), Some(b)) = (v.min_length, v.max_length)
            && a > b
        {
            self.invalid(place, "validation", "min_length is greater than max_length");
        }
        if let (Some(a), Some(b)) = (v.earliest, v.latest)
            && a > b
        {
            self.invalid(place, "validation", "earliest is after latest");
        }
    }

    /// Parses an expression and checks every question and option it names.
    fn expr(
        &mut self,
        place: &Place,
        field: &str,
        src: &str,
        kinds: &BTreeMap<String, (QuestionType, BTreeSet<String>)>,
    ) -> Option<Expr> {
        let e = match expr::parse(src) {
            Ok(e) => e,
            Err(error) => {
                self.push(
                    place,
                    Problem::Expression {
                        field: field.to_string(),
                        error,
                    },
                );
                return None;
            }
        };
        let before = self.errors.len();
        self.check_expr(place, field, &e, kinds);
        (self.errors.len() == before).then_some(e)
    }

    fn check_expr(
        &mut self,
        place: &Place,
        field: &str,
        e: &Expr,
        kinds: &BTreeMap<String, (QuestionType, BTreeSet<String>)>,
    ) {
        match e {
            Expr::Const(_) => {}
            Expr::Answered(q) => {
                self.known(place, field, q, kinds);
            }
            Expr::Selected { question, option } => {
                if let Some((kind, options)) = self.known(place, field, question, kinds) {
                    if !kind.has_options() {
                        self.push(
                            place,
                            Problem::TypeMismatch {
                                field: field.to_string(),
                                question: question.clone(),
                                kind: kind.as_str(),
                                reason: "selected() needs a choice question",
                            },
                        );
                    } else if !options.contains(option) && option != DECLINED {
                        self.push(
                            place,
                            Problem::UnknownOption {
                                field: field.to_string(),
                                question: question.clone(),
                                option: option.clone(),
                            },
                        );
                    }
                }
            }
            Expr::Compare { op, left, right } => {
                for (this, other) in [(left, right), (right, left)] {
                    let Operand::Question(q) = this else { continue };
                    let Some((kind, options)) = self.known(place, field, q, kinds) else {
                        continue;
                    };
                    let ordering = !matches!(op, expr::CmpOp::Eq | expr::CmpOp::Ne);
                    let mismatch = match (kind, other) {
                        (QuestionType::Integer, Operand::Int(_) | Operand::Question(_)) => None,
                        // An integer answer is a number or `declined`, never other text:
                        // `age == "18"` would silently never hold.
                        (QuestionType::Integer, Operand::Text(t)) if !ordering && t != DECLINED => {
                            Some("it is an integer question; compare it with a number")
                        }
                        (_, _) if ordering => Some("only integer answers can be ordered"),
                        (QuestionType::MultipleChoice, _) => {
                            Some("compare a multiple choice with selected()")
                        }
                        (_, Operand::Int(_)) => Some("it is not an integer question"),
                        (_, Operand::Bool(_)) => {
                            Some("answers are never true or false; compare with \"yes\" or \"no\"")
                        }
                        _ => None,
                    };
                    if let Some(reason) = mismatch {
                        self.push(
                            place,
                            Problem::TypeMismatch {
                                field: field.to_string(),
                                question: q.clone(),
                                kind: kind.as_str(),
                                reason,
                            },
                        );
                        continue;
                    }
                    if let Operand::Text(value) = other {
                        let known_value = match kind {
                            QuestionType::YesNo => YES_NO_VALUES.contains(&value.as_str()),
                            QuestionType::SingleChoice => {
                                options.contains(value) || value == DECLINED
                            }
                            _ => true,
                        };
                        if !known_value {
                            self.push(
                                place,
                                Problem::UnknownOption {
                                    field: field.to_string(),
                                    question: q.clone(),
                                    option: value.clone(),
                                },
                            );
                        }
                    }
                }
            }
            Expr::Not(inner) => self.check_expr(place, field, inner, kinds),
            Expr::And(terms) | Expr::Or(terms) => {
                for t in terms {
                    self.check_expr(place, field, t, kinds);
                }
            }
        }
    }

    fn known<'k>(
        &mut self,
        place: &Place,
        field: &str,
        question: &str,
        kinds: &'k BTreeMap<String, (QuestionType, BTreeSet<String>)>,
    ) -> Option<&'k (QuestionType, BTreeSet<String>)> {
        let found = kinds.get(question);
        if found.is_none() {
            self.push(
                place,
                Problem::UnknownQuestion {
                    field: field.to_string(),
                    question: question.to_string(),
                },
            );
        }
        found
    }

    fn trigger(
        &mut self,
        place: &Place,
        field: &str,
        q: &QuestionSource,
        t: &TriggerSource,
        kinds: &BTreeMap<String, (QuestionType, BTreeSet<String>)>,
    ) -> Option<Trigger> {
        match (&t.condition, t.answers.is_empty()) {
            (Some(_), false) | (None, true) => {
                self.invalid(
                    place,
                    field,
                    "give either 'answers' or 'if', not both or neither",
                );
                None
            }
            (Some(cond), true) => {
                let e = self.expr(place, field, cond, kinds)?;
                if mentions_declined(&e) {
                    self.invalid(
                        place,
                        field,
                        "declining to answer must never raise an indicator or signal danger",
                    );
                    return None;
                }
                Some(Trigger::If(e))
            }
            (None, false) => {
                let before = self.errors.len();
                let allowed: BTreeSet<&str> = match q.kind {
                    QuestionType::YesNo => YES_NO_VALUES.into_iter().collect(),
                    QuestionType::SingleChoice | QuestionType::MultipleChoice => q
                        .options
                        .iter()
                        .map(|o| o.id.as_str())
                        .chain([DECLINED])
                        .collect(),
                    _ => {
                        self.push(
                            place,
                            Problem::TypeMismatch {
                                field: field.to_string(),
                                question: q.id.clone(),
                                kind: q.kind.as_str(),
                                reason: "'answers' works for yes/no and choice questions; use 'if'",
                            },
                        );
                        return None;
                    }
                };
                if t.answers.iter().any(|a| a == DECLINED) {
                    self.invalid(
                        place,
                        field,
                        "declining to answer must never raise an indicator or signal danger",
                    );
                }
                for a in &t.answers {
                    if a != DECLINED && !allowed.contains(a.as_str()) {
                        self.push(
                            place,
                            Problem::UnknownOption {
                                field: field.to_string(),
                                question: q.id.clone(),
                                option: a.clone(),
                            },
                        );
                    }
                }
                (self.errors.len() == before)
                    .then(|| Trigger::Answers(t.answers.iter().cloned().collect()))
            }
        }
    }

    /// Reports each cycle in the skip-logic dependencies once.
    fn cycles(&mut self, deps: &BTreeMap<String, BTreeSet<String>>, questions: &[Question]) {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Active,
            Done,
        }
        let mut marks: BTreeMap<&str, Mark> = questions
            .iter()
            .map(|q| (q.id.as_str(), Mark::New))
            .collect();
        // Iterative depth-first search: forms may be deep and input is untrusted.
        for start in questions.iter().map(|q| q.id.as_str()) {
            if marks.get(start) != Some(&Mark::New) {
                continue;
            }
            let mut stack: Vec<(&str, Vec<&str>)> = vec![(start, next_of(deps, start))];
            marks.insert(start, Mark::Active);
            while let Some((node, pending)) = stack.last_mut() {
                let node = *node;
                match pending.pop() {
                    Some(next) => match marks.get(next).copied() {
                        Some(Mark::New) => {
                            marks.insert(next, Mark::Active);
                            stack.push((next, next_of(deps, next)));
                        }
                        Some(Mark::Active) => {
                            let from = stack.iter().position(|(n, _)| *n == next).unwrap_or(0);
                            let mut path: Vec<String> =
                                stack[from..].iter().map(|(n, _)| n.to_string()).collect();
                            path.push(next.to_string());
                            self.push(&Place::Question(next.to_string()), Problem::Cycle { path });
                        }
                        _ => {}
                    },
                    None => {
                        marks.insert(node, Mark::Done);
                        stack.pop();
                    }
                }
            }
        }
    }
}

/// Whether an expression tests for a declined answer (`q == "declined"`,
/// `selected(q, "declined")`, ...).
fn mentions_declined(e: &Expr) -> bool {
    match e {
        Expr::Const(_) | Expr::Answered(_) => false,
        Expr::Compare { left, right, .. } => [left, right]
            .iter()
            .any(|o| matches!(o, Operand::Text(t) if t == DECLINED)),
        Expr::Selected { option, .. } => option == DECLINED,
        Expr::Not(inner) => mentions_declined(inner),
        Expr::And(terms) | Expr::Or(terms) => terms.iter().any(mentions_declined),
    }
}

fn next_of<'a>(deps: &'a BTreeMap<String, BTreeSet<String>>, node: &str) -> Vec<&'a str> {
    deps.get(node)
        .map(|d| d.iter().rev().map(String::as_str).collect())
        .unwrap_or_default()
}
