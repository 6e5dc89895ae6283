//! Training scenarios: fictional personas a trainer plays, each with a script (what the
//! persona says to every question of the form) and an answer key, and the comparison of
//! a trainee's interview with that key.
//!
//! Owns the scenario format (`core/demo/scenarios/*.json`, bundled into the binary;
//! see `docs/training.md`), its validation against the form and rule set a scenario is
//! written for, and the [`TraineeReport`] with its score. Scoring is never reimplemented
//! here: the key's answers (when a scenario loads) and the trainee's answers (when a run
//! is compared) both go through [`senim_content::screening::assess`], and a scenario whose key
//! lists other indicators or another level than that scoring gives does not load, so a
//! key cannot drift from the rules. It never reads or writes a vault (the caller passes
//! the trainee's interview in), and a persona that is not marked fictional does not load.
//!
//! # Score
//!
//! A trainee starts at 100 and loses, for each finding:
//!
//! | finding | points |
//! | --- | --- |
//! | an indicator in the key that the trainee's answers do not raise | strong 20, medium 10, weak 5 |
//! | an indicator the trainee's answers raise that the key does not have | strong 10, medium 5, weak 2 |
//! | a question that signals immediate danger in the key but not in the trainee's answers | 20 |
//! | the trainee's level below the key's | 15 per level |
//! | the trainee's level above the key's | 10 per level |
//! | an answer that differs from the key | 2 |
//! | a question the key answers that the trainee left without an answer (skipped, not reached, or not yet asked) | 2 |
//!
//! The score is 100 minus the sum, and never below 0. Only a run that gives the key's
//! answer to every question the key answers scores 100. Answers to questions the key
//! does not reach (the trainee went down another branch of the skip logic) are listed,
//! and cost nothing beyond the answer that led there. Under-rating costs more than
//! over-rating, and a missed indicator more than an extra one, because in the field the
//! missed one leaves a person without the referral they need.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};
use senim_content::Error as ContentError;
use senim_content::Library;
use senim_content::forms::answers::yes_no_str;
use senim_content::forms::{Form, Localized, Strength, Text};
use senim_content::screening::{self, Level, RuleSet};
use senim_records::{AgeBand, Answer, Gender, Interview, YesNo};

/// The scenario format this build reads.
pub const SCENARIO_FORMAT: u32 = 1;

/// Languages every text of a scenario must have (the trainer's languages).
pub const REQUIRED_LANGUAGES: [&str; 2] = ["en", "ru"];

/// Largest scenario file accepted.
pub const MAX_SCENARIO_BYTES: usize = 1024 * 1024;

const MAX_ID_LEN: usize = 64;

/// Points lost for an indicator in the key that the trainee's answers do not raise.
pub fn missed_indicator_penalty(strength: Strength) -> u32 {
    match strength {
        Strength::Strong => 20,
        Strength::Medium => 10,
        Strength::Weak => 5,
    }
}

/// Points lost for an indicator the trainee's answers raise that the key does not have.
pub fn extra_indicator_penalty(strength: Strength) -> u32 {
    match strength {
        Strength::Strong => 10,
        Strength::Medium => 5,
        Strength::Weak => 2,
    }
}

/// Points lost for each question that signals immediate danger in the key only.
pub const DANGER_MISSED_PENALTY: u32 = 20;
/// Points lost per level the trainee's result is below the key's.
pub const LEVEL_BELOW_PENALTY: u32 = 15;
/// Points lost per level the trainee's result is above the key's.
pub const LEVEL_ABOVE_PENALTY: u32 = 10;
/// Points lost for each answer that differs from the key.
pub const ANSWER_PENALTY: u32 = 2;
/// Points lost for each question the key answers and the trainee left without answer.
pub const QUESTION_PENALTY: u32 = 2;

/// The scenarios bundled with this build, lowest expected level first.
const BUNDLED: &[(&str, &[u8])] = &[
    (
        "market-trader-no-indicators.json",
        include_bytes!("../scenarios/market-trader-no-indicators.json"),
    ),
    (
        "seasonal-farm-wage-dispute.json",
        include_bytes!("../scenarios/seasonal-farm-wage-dispute.json"),
    ),
    (
        "car-wash-passport-held.json",
        include_bytes!("../scenarios/car-wash-passport-held.json"),
    ),
    (
        "construction-passport-debt.json",
        include_bytes!("../scenarios/construction-passport-debt.json"),
    ),
    (
        "domestic-worker-isolated.json",
        include_bytes!("../scenarios/domestic-worker-isolated.json"),
    ),
    (
        "online-scam-compound.json",
        include_bytes!("../scenarios/online-scam-compound.json"),
    ),
    (
        "waitress-recruitment-abroad.json",
        include_bytes!("../scenarios/waitress-recruitment-abroad.json"),
    ),
];

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
    fn new(scenario: impl Into<String>, problem: Problem) -> Self {
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

fn has_text(text: &Text, language: &str) -> bool {
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

    /// An answer to `question` in words: yes/no in English or Russian (see
    /// [`explanation_language`]), an option by its label in that language.
    pub fn answer_text(&self, question: &str, answer: &Answer, language: &str) -> String {
        let none = BTreeMap::new();
        let words = Words {
            scenario: self,
            given: &none,
            anonymous: true,
        };
        words.answer(question, answer, explanation_language(language))
    }

    /// The questions whose expected answers signal immediate danger, in form order.
    pub fn expected_danger(&self) -> Vec<String> {
        self.form_definition.danger(&self.key.answers)
    }

    /// Compares a trainee's interview (finished or not) with the key: the trainee's
    /// answers are scored with the scenario's rule set, and every difference is listed
    /// with its points and an explanation in English and Russian. The interview must
    /// have run on the scenario's form version ([`Error::Content(ContentError::ContentMismatch)`] otherwise).
    pub fn compare(&self, interview: &Interview) -> Result<TraineeReport> {
        let form = &*self.form_definition;
        let rules = &*self.rule_set_definition;
        senim_content::forms::runner::check_form(interview, form)?;
        let anonymous = interview.subject.is_none();
        let mut given = interview.answers.clone();
        form.clear_hidden(&mut given, anonymous);
        let language = if form.supports(&interview.language) {
            interview.language.as_str()
        } else {
            form.default_language.as_str()
        };
        let assessment = screening::assess(form, rules, &given, language)?;
        let words = Words {
            scenario: self,
            given: &given,
            anonymous,
        };

        // Questions, in form order.
        let mut answers_differ = Vec::new();
        let mut questions_missed = Vec::new();
        let mut answers_off_key = Vec::new();
        for (index, q) in form.questions.iter().enumerate() {
            match (self.key.answers.get(&q.id), given.get(&q.id)) {
                (Some(expected), Some(g)) if expected != g => {
                    answers_differ.push(AnswerDifference {
                        question: q.id.clone(),
                        expected: expected.clone(),
                        given: g.clone(),
                        penalty: ANSWER_PENALTY,
                        explanation: words.difference(&q.id, expected, g),
                    });
                }
                (Some(expected), None) => {
                    let reason = if !form.is_visible(index, &given, anonymous) {
                        MissReason::NotAsked
                    } else if interview.skipped.contains(&q.id) {
                        MissReason::Skipped
                    } else {
                        MissReason::Unanswered
                    };
                    questions_missed.push(QuestionMiss {
                        question: q.id.clone(),
                        expected: expected.clone(),
                        reason,
                        penalty: QUESTION_PENALTY,
                        explanation: words.miss(&q.id, expected, reason),
                    });
                }
                (None, Some(_)) => answers_off_key.push(q.id.clone()),
                _ => {}
            }
        }

        // Indicators.
        let key_raised: BTreeMap<String, Vec<String>> = form
            .raised(&self.key.answers)
            .into_iter()
            .map(|r| (r.indicator, r.questions))
            .collect();
        let raised: BTreeMap<&str, &Vec<String>> = assessment
            .raised
            .iter()
            .map(|r| (r.id.as_str(), &r.questions))
            .collect();
        let mut indicators_missed = Vec::new();
        for id in &self.key.indicators {
            if raised.contains_key(id.as_str()) {
                continue;
            }
            let Some(ind) = form.indicators.get(id) else {
                continue;
            };
            let all = key_raised.get(id).cloned().unwrap_or_default();
            let wrong: Vec<String> = all
                .iter()
                .filter(|q| given.get(*q) != self.key.answers.get(*q))
                .cloned()
                .collect();
            let questions = if wrong.is_empty() { all } else { wrong };
            indicators_missed.push(IndicatorFinding {
                indicator: id.clone(),
                dimension: ind.dimension.clone(),
                strength: ind.strength,
                penalty: missed_indicator_penalty(ind.strength),
                explanation: words.missed_indicator(id, &questions),
                questions,
            });
        }
        let mut indicators_not_in_key = Vec::new();
        for r in &assessment.raised {
            if self.key.indicators.contains(&r.id) {
                continue;
            }
            indicators_not_in_key.push(IndicatorFinding {
                indicator: r.id.clone(),
                dimension: r.dimension.clone(),
                strength: r.strength,
                penalty: extra_indicator_penalty(r.strength),
                explanation: words.extra_indicator(&r.id, &r.questions),
                questions: r.questions.clone(),
            });
        }

        // Immediate danger.
        let danger_missed: Vec<DangerMiss> = self
            .expected_danger()
            .into_iter()
            .filter(|q| !assessment.danger.contains(q))
            .map(|q| DangerMiss {
                explanation: words.danger(&q),
                question: q,
                penalty: DANGER_MISSED_PENALTY,
            })
            .collect();

        // Level.
        let expected_level = self.key.level;
        let level = assessment.level;
        // Levels are ordered from none (0) to likely (3).
        let steps = (level as u32).abs_diff(expected_level as u32);
        let level_penalty = if level < expected_level {
            LEVEL_BELOW_PENALTY * steps
        } else {
            LEVEL_ABOVE_PENALTY * steps
        };
        let level_explanation = (level != expected_level).then(|| words.level(level));

        let lost = indicators_missed
            .iter()
            .chain(&indicators_not_in_key)
            .map(|f| f.penalty)
            .chain(danger_missed.iter().map(|d| d.penalty))
            .chain(answers_differ.iter().map(|d| d.penalty))
            .chain(questions_missed.iter().map(|m| m.penalty))
            .fold(level_penalty, u32::saturating_add);
        Ok(TraineeReport {
            scenario: ContentId {
                id: self.id.clone(),
                version: self.version.clone(),
            },
            score: 100 - lost.min(100),
            level,
            expected_level,
            level_penalty,
            level_explanation,
            indicators_missed,
            indicators_not_in_key,
            danger_missed,
            answers_differ,
            questions_missed,
            answers_off_key,
        })
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

/// The scenarios bundled with this build, checked against the bundled form and rule
/// set, lowest expected level first.
pub fn bundled() -> Result<Vec<Scenario>> {
    bundled_in(&Library::bundled()?)
}

/// The bundled scenarios, checked against the forms and rule sets of `library`.
pub fn bundled_in(library: &Library) -> Result<Vec<Scenario>> {
    let mut out: Vec<Scenario> = Vec::with_capacity(BUNDLED.len());
    for (file, bytes) in BUNDLED {
        let scenario = Scenario::from_json(bytes, library).map_err(|e| {
            Error::Content(ContentError::InvalidContent {
                what: "scenario",
                problems: e
                    .problems
                    .iter()
                    .map(|p| format!("scenarios/{file}: scenario '{}': {p}", e.scenario))
                    .collect(),
            })
        })?;
        if out.iter().any(|s| s.id == scenario.id) {
            return Err(Error::Content(ContentError::InvalidContent {
                what: "scenario",
                problems: vec![format!(
                    "scenarios/{file}: scenario '{}' is bundled twice",
                    scenario.id
                )],
            }));
        }
        out.push(scenario);
    }
    Ok(out)
}

/// A bundled scenario by id ([`Error::Content(ContentError::ContentNotFound)`] when there is none).
pub fn find(id: &str) -> Result<Scenario> {
    bundled()?.into_iter().find(|s| s.id == id).ok_or_else(|| {
        Error::Content(ContentError::ContentNotFound {
            what: "scenario",
            id: id.to_string(),
            version: None,
        })
    })
}

/// A short text in the trainer's two languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub en: String,
    pub ru: String,
}

/// The language (`en` or `ru`) explanations are given in for an interview in
/// `language`: Russian for ru and for the languages whose form translations fall back to
/// Russian (kk, uz, ky, tg), English otherwise.
pub fn explanation_language(language: &str) -> &'static str {
    match language {
        "ru" | "kk" | "uz" | "ky" | "tg" => "ru",
        _ => "en",
    }
}

impl Explanation {
    /// The text for an interview in `language` (see [`explanation_language`]).
    pub fn get(&self, language: &str) -> &str {
        match explanation_language(language) {
            "ru" => &self.ru,
            _ => &self.en,
        }
    }
}

/// An indicator the key and the trainee's answers disagree on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndicatorFinding {
    pub indicator: String,
    pub dimension: String,
    pub strength: Strength,
    /// For a missed indicator: the questions that raise it in the key and that the
    /// trainee answered otherwise (or not at all). For an indicator the key does not
    /// have: the questions whose answers raised it.
    pub questions: Vec<String>,
    pub penalty: u32,
    pub explanation: Explanation,
}

/// A question whose expected answer signals immediate danger, and the trainee's does not.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DangerMiss {
    pub question: String,
    pub penalty: u32,
    pub explanation: Explanation,
}

/// An answer that differs from the key.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AnswerDifference {
    pub question: String,
    pub expected: Answer,
    pub given: Answer,
    pub penalty: u32,
    pub explanation: Explanation,
}

/// Why a question the key answers has no answer in the trainee's interview.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissReason {
    /// The trainee skipped it.
    Skipped,
    /// The trainee's other answers hid it (skip logic), so it was never asked.
    NotAsked,
    /// Shown, but neither answered nor skipped: the interview stopped before it.
    Unanswered,
}

/// A question the key answers that the trainee left without an answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuestionMiss {
    pub question: String,
    pub expected: Answer,
    pub reason: MissReason,
    pub penalty: u32,
    pub explanation: Explanation,
}

/// How a trainee's interview compares with a scenario's key. See the module doc for
/// the score.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TraineeReport {
    pub scenario: ContentId,
    /// 0 to 100.
    pub score: u32,
    /// The level the trainee's answers score.
    pub level: Level,
    pub expected_level: Level,
    pub level_penalty: u32,
    /// Set when the levels differ.
    pub level_explanation: Option<Explanation>,
    /// In the key, not raised by the trainee's answers (in the key's order).
    pub indicators_missed: Vec<IndicatorFinding>,
    /// Raised by the trainee's answers, not in the key (in id order).
    pub indicators_not_in_key: Vec<IndicatorFinding>,
    pub danger_missed: Vec<DangerMiss>,
    /// In form order.
    pub answers_differ: Vec<AnswerDifference>,
    /// In form order.
    pub questions_missed: Vec<QuestionMiss>,
    /// Questions the trainee answered that the key does not reach, in form order. They
    /// cost nothing themselves: the answer that led there is in `answers_differ`.
    pub answers_off_key: Vec<String>,
}

impl TraineeReport {
    /// Nothing differs from the key.
    pub fn is_perfect(&self) -> bool {
        self.score == 100
            && self.level == self.expected_level
            && self.indicators_missed.is_empty()
            && self.indicators_not_in_key.is_empty()
            && self.danger_missed.is_empty()
            && self.answers_differ.is_empty()
            && self.questions_missed.is_empty()
            && self.answers_off_key.is_empty()
    }
}

/// The explanations of a comparison, in English and Russian.
struct Words<'a> {
    scenario: &'a Scenario,
    given: &'a BTreeMap<String, Answer>,
    anonymous: bool,
}

impl Words<'_> {
    fn form(&self) -> &Form {
        &self.scenario.form_definition
    }

    fn rules(&self) -> &RuleSet {
        &self.scenario.rule_set_definition
    }

    /// Both languages of a text built by `f`.
    fn both(&self, f: impl Fn(&str) -> String) -> Explanation {
        Explanation {
            en: f("en"),
            ru: f("ru"),
        }
    }

    fn label(&self, question: &str, lang: &str) -> String {
        self.form()
            .question(question)
            .map(|q| self.form().localize(&q.label, lang).text)
            .unwrap_or_else(|| question.to_string())
    }

    /// The persona's line, quoted inside a sentence: without its own final full stop.
    fn says(&self, question: &str, lang: &str) -> Option<String> {
        self.scenario
            .says(question, lang)
            .map(|l| l.text.trim_end().trim_end_matches('.').to_string())
    }

    fn indicator(&self, id: &str, lang: &str) -> (String, String) {
        match self.form().indicators.get(id) {
            Some(ind) => (
                self.form().localize(&ind.explanation, lang).text,
                format!(
                    "{}, {}",
                    self.rules()
                        .localize(self.rules().strengths.get(ind.strength), lang)
                        .text,
                    ind.dimension
                ),
            ),
            None => (id.to_string(), String::new()),
        }
    }

    /// "said" in the persona's grammatical gender.
    fn said(&self, lang: &str) -> &'static str {
        match (lang, self.scenario.persona.gender) {
            ("ru", Gender::Female) => "ответила",
            ("ru", Gender::Male) => "ответил",
            ("ru", _) => "ответил(а)",
            _ => "said",
        }
    }

    fn answer(&self, question: &str, answer: &Answer, lang: &str) -> String {
        let ru = lang == "ru";
        let option = |id: &str| {
            self.form()
                .question(question)
                .and_then(|q| q.options.iter().find(|o| o.id == id))
                .map_or(id.to_string(), |o| {
                    self.form().localize(&o.label, lang).text
                })
        };
        match answer {
            Answer::Declined | Answer::YesNo(YesNo::Declined) if ru => "отказ от ответа".into(),
            Answer::Declined => "declined".into(),
            Answer::YesNo(y) if ru => match y {
                YesNo::Yes => "да",
                YesNo::No => "нет",
                YesNo::Unknown => "не знает",
                YesNo::Declined => "отказ от ответа",
            }
            .into(),
            Answer::YesNo(y) => yes_no_str(*y).into(),
            Answer::Choice(c) => option(c),
            Answer::Choices(cs) => cs.iter().map(|c| option(c)).collect::<Vec<_>>().join(", "),
            Answer::Text(t) => t.clone(),
            Answer::Integer(i) => i.to_string(),
            Answer::Date(d) => d.to_string(),
            Answer::Country(c) => c.clone(),
        }
    }

    /// The questions whose answers hid `question` in the trainee's run: those its
    /// conditions (and its section's) read that the trainee answered otherwise.
    fn gates(&self, question: &str) -> String {
        let form = self.form();
        let Some(q) = form.question(question) else {
            return String::new();
        };
        let mut refs: BTreeSet<&str> = BTreeSet::new();
        for e in [
            form.sections[q.section].show_if.as_ref(),
            q.show_if.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            refs.extend(e.questions());
        }
        let differing: Vec<&str> = refs
            .iter()
            .copied()
            .filter(|r| self.given.get(*r) != self.scenario.key.answers.get(*r))
            .collect();
        let list = if differing.is_empty() {
            refs.into_iter().collect()
        } else {
            differing
        };
        list.join(", ")
    }

    fn missed_indicator(&self, indicator: &str, questions: &[String]) -> Explanation {
        self.both(|lang| {
            let (name, detail) = self.indicator(indicator, lang);
            let mut parts = Vec::new();
            for q in questions {
                let label = self.label(q, lang);
                let says = self.says(q, lang).unwrap_or_default();
                let heard = if lang == "ru" {
                    format!(
                        "На вопрос «{label}» персонаж {}: «{says}». Это индикатор «{name}» ({detail}).",
                        self.said(lang)
                    )
                } else {
                    format!(
                        "Asked “{label}”, the persona said: “{says}”. That raises '{name}' ({detail})."
                    )
                };
                let action = match self.given.get(q) {
                    Some(g) => {
                        let g = self.answer(q, g, lang);
                        if lang == "ru" {
                            format!(
                                "Вы записали «{g}»: задайте вопрос {q} ещё раз и запишите, что ответит человек."
                            )
                        } else {
                            format!(
                                "You recorded “{g}”: ask question {q} again and record what the person says."
                            )
                        }
                    }
                    None if !self.is_visible(q) => {
                        let gates = self.gates(q);
                        if lang == "ru" {
                            format!("До вопроса {q} вы не дошли: его скрыл ваш ответ на {gates}.")
                        } else {
                            format!("You never reached question {q}: your answer to {gates} hid it.")
                        }
                    }
                    None if lang == "ru" => format!("Вопрос {q} остался без ответа: задайте его."),
                    None => format!("You left question {q} without an answer: ask it."),
                };
                parts.push(format!("{heard} {action}"));
            }
            if parts.is_empty() {
                if lang == "ru" {
                    parts.push(format!("Пропущен индикатор «{name}» ({detail})."));
                } else {
                    parts.push(format!("Missed '{name}' ({detail})."));
                }
            }
            parts.join(" ")
        })
    }

    /// Whether the trainee's answers show `question`.
    fn is_visible(&self, question: &str) -> bool {
        self.form()
            .position(question)
            .is_some_and(|i| self.form().is_visible(i, self.given, self.anonymous))
    }

    fn extra_indicator(&self, indicator: &str, questions: &[String]) -> Explanation {
        self.both(|lang| {
            let (name, detail) = self.indicator(indicator, lang);
            let mut parts = Vec::new();
            for q in questions {
                let label = self.label(q, lang);
                let given = self
                    .given
                    .get(q)
                    .map(|a| self.answer(q, a, lang))
                    .unwrap_or_default();
                let story = match (self.says(q, lang), lang) {
                    (Some(s), "ru") => format!("Персонаж {}: «{s}».", self.said(lang)),
                    (Some(s), _) => format!("The persona said: “{s}”."),
                    (None, "ru") => "История персонажа не ведёт к этому вопросу.".to_string(),
                    (None, _) => "The persona's story does not lead to this question.".to_string(),
                };
                parts.push(if lang == "ru" {
                    format!(
                        "Ваш ответ «{given}» на вопрос «{label}» ({q}) даёт индикатор «{name}» ({detail}), которого нет в истории персонажа. {story}"
                    )
                } else {
                    format!(
                        "Your answer “{given}” to “{label}” ({q}) raises '{name}' ({detail}), which the persona's story does not support. {story}"
                    )
                });
            }
            parts.join(" ")
        })
    }

    fn difference(&self, question: &str, expected: &Answer, given: &Answer) -> Explanation {
        self.both(|lang| {
            let label = self.label(question, lang);
            let says = self.says(question, lang).unwrap_or_default();
            let expected = self.answer(question, expected, lang);
            let given = self.answer(question, given, lang);
            if lang == "ru" {
                format!(
                    "«{label}» ({question}): персонаж {} «{says}», в ключе это «{expected}»; вы записали «{given}».",
                    self.said(lang)
                )
            } else {
                format!(
                    "“{label}” ({question}): the persona said “{says}”, which the key records as “{expected}”; you recorded “{given}”."
                )
            }
        })
    }

    fn miss(&self, question: &str, expected: &Answer, reason: MissReason) -> Explanation {
        self.both(|lang| {
            let label = self.label(question, lang);
            let says = self.says(question, lang).unwrap_or_default();
            let expected = self.answer(question, expected, lang);
            let ru = lang == "ru";
            let why = match (reason, ru) {
                (MissReason::Skipped, false) => format!("You skipped “{label}” ({question})."),
                (MissReason::Skipped, true) => {
                    format!("Вы пропустили вопрос «{label}» ({question}).")
                }
                (MissReason::NotAsked, false) => format!(
                    "You never reached “{label}” ({question}): your answer to {} hid it.",
                    self.gates(question)
                ),
                (MissReason::NotAsked, true) => format!(
                    "До вопроса «{label}» ({question}) вы не дошли: его скрыл ваш ответ на {}.",
                    self.gates(question)
                ),
                (MissReason::Unanswered, false) => {
                    format!("“{label}” ({question}) has no answer: the interview ended before it.")
                }
                (MissReason::Unanswered, true) => format!(
                    "На вопрос «{label}» ({question}) нет ответа: интервью закончилось раньше."
                ),
            };
            if ru {
                format!(
                    "{why} Персонаж {} бы: «{says}» («{expected}»).",
                    self.said(lang)
                )
            } else {
                format!("{why} The persona would have said: “{says}” (“{expected}”).")
            }
        })
    }

    fn danger(&self, question: &str) -> Explanation {
        self.both(|lang| {
            let label = self.label(question, lang);
            let says = self.says(question, lang).unwrap_or_default();
            let expected = self
                .scenario
                .key
                .answers
                .get(question)
                .map(|a| self.answer(question, a, lang))
                .unwrap_or_default();
            if lang == "ru" {
                format!(
                    "На вопрос «{label}» ({question}) персонаж {}: «{says}» — это признак непосредственной опасности. Остановитесь, выполните порядок действий в экстренной ситуации и запишите «{expected}».",
                    self.said(lang)
                )
            } else {
                format!(
                    "Asked “{label}” ({question}), the persona said: “{says}”. That signals immediate danger: stop, follow the emergency steps, and record “{expected}”."
                )
            }
        })
    }

    fn level(&self, level: Level) -> Explanation {
        let expected = self.scenario.key.level;
        self.both(|lang| {
            let name = |l: Level| self.rules().localize(&self.rules().level(l).name, lang).text;
            let (got, want) = (name(level), name(expected));
            match (lang, level < expected) {
                ("ru", true) => format!(
                    "Ваши ответы дают уровень «{got}» ({level}); по ключу — «{want}» ({expected}). Заниженная оценка риска может оставить человека без нужного направления."
                ),
                ("ru", false) => format!(
                    "Ваши ответы дают уровень «{got}» ({level}); по ключу — «{want}» ({expected}). Завышенная оценка безопаснее, но проверьте ответы, перечисленные выше."
                ),
                (_, true) => format!(
                    "Your answers score '{got}' ({level}); the key expects '{want}' ({expected}). Under-rating the risk can leave the person without the referral they need."
                ),
                (_, false) => format!(
                    "Your answers score '{got}' ({level}); the key expects '{want}' ({expected}). Over-rating is the safer mistake, but check the answers listed above."
                ),
            }
        })
    }
}

#[cfg(test)]
#[path = "scenarios_tests.rs"]
mod tests;
