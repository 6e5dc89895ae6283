//! A training scenario as written (`core/demo/scenarios/*.json`) and as loaded: the
//! persona, the script, and the answer key checked against the form and rule set it
//! names.
//!
//! Owns the scenario format and every check made when a file loads. The key's answers
//! are scored with [`senim_content::screening::assess`] when a scenario loads, and a
//! key that lists other indicators or another level than that scoring gives does not
//! load, so a key cannot drift from the rules. A persona that is not marked fictional
//! does not load. It never reads or writes a vault.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::problem::{
    MAX_ID_LEN, MAX_SCENARIO_BYTES, Problem, REQUIRED_LANGUAGES, SCENARIO_FORMAT, ScenarioError,
};
use senim_content::Error as ContentError;
use senim_content::Library;
use senim_content::forms::{Form, Localized, Text};
use senim_content::screening::{self, Level, RuleSet};
use senim_records::{AgeBand, Answer, Gender};

/// Which content (form or rule set), at which version, a scenario is written for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentId {
    pub id: String,
    pub version: String,
}

/// The fictional person the trainer plays.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Persona {
    /// Must be `true`: every persona is invented, and says so.
    pub fictional: bool,
    /// A first name only, invented.
    pub alias: String,
    pub age_band: AgeBand,
    pub gender: Gender,
    /// ISO 3166-1 alpha-2 code.
    pub nationality: String,
    /// ISO 639 codes of the languages the persona speaks, best first.
    pub languages: Vec<String>,
    /// What the persona's life is like now, and how to play them.
    pub situation: Text,
    /// How they came here.
    pub background: Text,
    /// Where the outreach worker meets them.
    pub where_met: Text,
}

/// What a correct interview records, and what scoring makes of it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AnswerKey {
    /// The expected answer to every question the form asks given these answers (in an
    /// anonymous interview), normalised as the form stores answers.
    pub answers: BTreeMap<String, Answer>,
    /// The indicators these answers raise, as listed in the scenario file.
    pub indicators: Vec<String>,
    /// The level these answers score.
    pub level: Level,
}

/// A validated training scenario, tied to the form and rule set it was checked against.
#[derive(Clone, Debug, Serialize)]
pub struct Scenario {
    pub id: String,
    pub version: String,
    pub title: Text,
    pub summary: Text,
    pub form: ContentId,
    pub rule_set: ContentId,
    pub persona: Persona,
    /// What the persona says when asked each question, by question id. Every question
    /// the key answers has a line; questions off the key's path may have one too, for a
    /// trainee who goes down another branch.
    pub script: BTreeMap<String, Text>,
    pub key: AnswerKey,
    #[serde(skip)]
    form_definition: Arc<Form>,
    #[serde(skip)]
    rule_set_definition: Arc<RuleSet>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioSource {
    format: u32,
    id: String,
    version: String,
    title: Text,
    summary: Text,
    form: ContentId,
    rule_set: ContentId,
    persona: Persona,
    script: BTreeMap<String, Text>,
    key: KeySource,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeySource {
    answers: BTreeMap<String, serde_json::Value>,
    indicators: Vec<String>,
    level: Level,
}

fn valid_id(id: &str) -> bool {
    (1..=MAX_ID_LEN).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn valid_version(v: &str) -> bool {
    (1..=32).contains(&v.len())
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

pub(super) fn has_text(text: &Text, language: &str) -> bool {
    text.0
        .get(language)
        .is_some_and(|t| !t.text().trim().is_empty())
}

/// The id a file gives itself, if it can be read, for naming it in errors.
fn claimed_id(value: &serde_json::Value) -> String {
    value
        .get("id")
        .and_then(|v| v.as_str())
        .filter(|id| valid_id(id))
        .unwrap_or("?")
        .to_string()
}

/// The reason of an input error from the forms code (which never names the value).
fn reason_of(e: ContentError) -> String {
    match e {
        ContentError::InvalidInput { reason, .. } => reason,
        ContentError::InvalidAnswer(problem) => problem.to_string(),
        other => other.to_string(),
    }
}

impl Scenario {
    /// Parses and validates a scenario against the form and rule set it names, which
    /// must be loaded in `library`. Never panics: any input either loads or yields every
    /// problem found, each naming its place. The key is scored with the real scoring
    /// code, and must list exactly the indicators and the level it gives.
    pub fn from_json(bytes: &[u8], library: &Library) -> Result<Scenario, ScenarioError> {
        if bytes.len() > MAX_SCENARIO_BYTES {
            return Err(ScenarioError::new("?", Problem::TooLarge));
        }
        let syntax = |e: serde_json::Error| Problem::Syntax {
            line: e.line(),
            column: e.column(),
            reason: e.to_string(),
        };
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| ScenarioError::new("?", syntax(e)))?;
        let claimed = claimed_id(&value);
        if let Some(found) = value.get("format").and_then(|f| f.as_u64())
            && found != u64::from(SCENARIO_FORMAT)
        {
            return Err(ScenarioError::new(
                claimed,
                Problem::UnsupportedFormat { found },
            ));
        }
        let src: ScenarioSource =
            serde_json::from_slice(bytes).map_err(|e| ScenarioError::new(&claimed, syntax(e)))?;
        let mut problems = Vec::new();
        check_header(&src, &mut problems);
        let name = if valid_id(&src.id) {
            src.id.clone()
        } else {
            "?".to_string()
        };
        let found = |what, c: &ContentId| Problem::ContentNotFound {
            what,
            id: c.id.clone(),
            version: c.version.clone(),
        };
        let form = library.form(&src.form.id, Some(&src.form.version));
        let rules = library.rule_set(&src.rule_set.id, Some(&src.rule_set.version));
        let (form, rules) = match (form, rules) {
            (Ok(form), Ok(rules)) => (form, rules),
            (form, rules) => {
                if form.is_err() {
                    problems.push(found("form", &src.form));
                }
                if rules.is_err() {
                    problems.push(found("rule set", &src.rule_set));
                }
                return Err(ScenarioError {
                    scenario: name,
                    problems,
                });
            }
        };
        if let Err(e) = rules.check_form(&form) {
            problems.push(Problem::RulesDoNotFit {
                reason: e.to_string(),
            });
            return Err(ScenarioError {
                scenario: name,
                problems,
            });
        }
        let answers = check_key(&src, &form, &rules, &mut problems);
        if !problems.is_empty() {
            return Err(ScenarioError {
                scenario: name,
                problems,
            });
        }
        let mut indicators = src.key.indicators;
        // Keep the file's order (authors group them by dimension); duplicates were refused.
        indicators.dedup();
        Ok(Scenario {
            id: src.id,
            version: src.version,
            title: src.title,
            summary: src.summary,
            form: src.form,
            rule_set: src.rule_set,
            persona: src.persona,
            script: src.script,
            key: AnswerKey {
                answers,
                indicators,
                level: src.key.level,
            },
            form_definition: form,
            rule_set_definition: rules,
        })
    }

    /// The form the scenario was validated against.
    pub fn form_definition(&self) -> &Arc<Form> {
        &self.form_definition
    }

    /// The rule set the scenario was validated against.
    pub fn rule_set_definition(&self) -> &Arc<RuleSet> {
        &self.rule_set_definition
    }

    /// A text of the scenario in `language`, following the form's fallback chain (kk,
    /// uz, ky and tg fall back to Russian, everything to English).
    pub fn text(&self, text: &Text, language: &str) -> Localized {
        self.form_definition.localize(text, language)
    }

    /// What the persona says when asked `question`, in `language`.
    pub fn says(&self, question: &str, language: &str) -> Option<Localized> {
        self.script.get(question).map(|t| self.text(t, language))
    }

    /// The questions whose expected answers signal immediate danger, in form order.
    pub fn expected_danger(&self) -> Vec<String> {
        self.form_definition.danger(&self.key.answers)
    }
}

/// Checks everything that needs neither the form nor the rule set.
fn check_header(src: &ScenarioSource, problems: &mut Vec<Problem>) {
    if src.format != SCENARIO_FORMAT {
        problems.push(Problem::UnsupportedFormat {
            found: u64::from(src.format),
        });
    }
    if !valid_id(&src.id) {
        problems.push(Problem::InvalidId);
    }
    if !valid_version(&src.version) {
        problems.push(Problem::InvalidVersion);
    }
    let p = &src.persona;
    if !p.fictional {
        problems.push(Problem::NotFictional);
    }
    let alias = p.alias.trim();
    if alias.is_empty() || alias.chars().count() > 40 || alias.chars().any(char::is_control) {
        problems.push(Problem::InvalidPersona {
            field: "alias",
            reason: "must be an invented first name of 1 to 40 characters",
        });
    }
    if p.nationality.len() != 2 || !p.nationality.chars().all(|c| c.is_ascii_uppercase()) {
        problems.push(Problem::InvalidPersona {
            field: "nationality",
            reason: "expected an ISO 3166-1 alpha-2 code such as KZ",
        });
    }
    if p.languages.is_empty()
        || p.languages
            .iter()
            .any(|l| !(2..=3).contains(&l.len()) || !l.chars().all(|c| c.is_ascii_lowercase()))
    {
        problems.push(Problem::InvalidPersona {
            field: "languages",
            reason: "expected one or more ISO 639 codes such as ru",
        });
    }
    let texts = [
        ("title", &src.title),
        ("summary", &src.summary),
        ("persona.situation", &p.situation),
        ("persona.background", &p.background),
        ("persona.where_met", &p.where_met),
    ];
    for (name, text) in texts {
        for language in REQUIRED_LANGUAGES {
            if !has_text(text, language) {
                problems.push(Problem::MissingTranslation {
                    text: name.to_string(),
                    question: None,
                    language,
                });
            }
        }
    }
    for (question, text) in &src.script {
        for language in REQUIRED_LANGUAGES {
            if !has_text(text, language) {
                problems.push(Problem::MissingTranslation {
                    text: format!("the script line for question '{question}'"),
                    question: Some(question.clone()),
                    language,
                });
            }
        }
    }
}

/// Checks the script and the key against the form, and the key against the real
/// scoring. Returns the key's answers, normalised.
fn check_key(
    src: &ScenarioSource,
    form: &Form,
    rules: &RuleSet,
    problems: &mut Vec<Problem>,
) -> BTreeMap<String, Answer> {
    for question in src.script.keys() {
        if form.question(question).is_none() {
            problems.push(Problem::UnknownQuestion {
                part: "script",
                question: question.clone(),
            });
        }
    }
    let mut answers = BTreeMap::new();
    let mut invalid = BTreeSet::new();
    for (question, value) in &src.key.answers {
        let Some(q) = form.question(question) else {
            problems.push(Problem::UnknownQuestion {
                part: "key",
                question: question.clone(),
            });
            continue;
        };
        if q.identifying {
            problems.push(Problem::IdentifyingQuestion {
                question: question.clone(),
            });
            continue;
        }
        let parsed = serde_json::from_value::<Answer>(value.clone()).map_err(|_| {
            "expected {\"type\": …, \"value\": …} with a type of declined, yes_no, choice, \
             choices, text, integer, date or country"
                .to_string()
        });
        match parsed.and_then(|a| form.check_answer(question, a).map_err(reason_of)) {
            Ok(a) => {
                answers.insert(question.clone(), a);
            }
            Err(reason) => {
                invalid.insert(question.clone());
                problems.push(Problem::InvalidAnswer {
                    question: question.clone(),
                    reason,
                });
            }
        }
    }
    let hidden = form.clear_hidden(&mut answers, true);
    let answer_problems = !hidden.is_empty() || !invalid.is_empty();
    for question in hidden {
        problems.push(Problem::HiddenQuestion { question });
    }
    let mut missing = false;
    for index in form.visible(&answers, true) {
        let id = &form.questions[index].id;
        if !answers.contains_key(id) && !invalid.contains(id) {
            missing = true;
            problems.push(Problem::MissingAnswer {
                question: id.clone(),
            });
        }
        if !src.script.contains_key(id) {
            problems.push(Problem::MissingScript {
                question: id.clone(),
            });
        }
    }

    let mut listed = BTreeSet::new();
    for indicator in &src.key.indicators {
        if !form.indicators.contains_key(indicator) {
            problems.push(Problem::UnknownIndicator {
                indicator: indicator.clone(),
            });
        } else if !listed.insert(indicator.as_str()) {
            problems.push(Problem::DuplicateIndicator {
                indicator: indicator.clone(),
            });
        }
    }
    // The key's meaning is only settled once every answer is valid and in place.
    if answer_problems || missing || answers.len() != src.key.answers.len() {
        return answers;
    }
    let assessment = match screening::assess(form, rules, &answers, &form.default_language) {
        Ok(a) => a,
        Err(e) => {
            problems.push(Problem::RulesDoNotFit {
                reason: e.to_string(),
            });
            return answers;
        }
    };
    let scored: BTreeSet<&str> = assessment.raised.iter().map(|r| r.id.as_str()).collect();
    for indicator in &listed {
        if !scored.contains(indicator) {
            problems.push(Problem::IndicatorNotRaised {
                indicator: indicator.to_string(),
            });
        }
    }
    for r in &assessment.raised {
        if !listed.contains(r.id.as_str()) {
            problems.push(Problem::IndicatorNotInKey {
                indicator: r.id.clone(),
                questions: r.questions.clone(),
            });
        }
    }
    if assessment.level != src.key.level {
        problems.push(Problem::LevelMismatch {
            key: src.key.level,
            scored: assessment.level,
        });
    }
    answers
}
