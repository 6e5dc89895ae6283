//! Training from the app: the bundled scenarios with their answer keys, a practice
//! interview against one (anonymous, in a demo vault only), and its comparison with the
//! key, every difference explained.
//!
//! What `senim training list | show | run | check` do, as calls. The scenarios, their
//! checks against the form and rule set, the comparison and the score are the core's
//! (`senim_demo::scenarios`); nothing is scored here. A practice interview or a check
//! in a vault that is not a demo is refused with `Demo` before anything is read or
//! written, so training never leaves fictional cases among real ones.

use std::sync::{Arc, Mutex};

use senim_content::forms::InterviewSession;
use senim_demo::scenarios::{self, Explanation, Scenario, TraineeReport};
use senim_records::RecordBody;

use crate::assessment::RiskLevel;
use crate::error::{Result, SenimError};
use crate::interview::{Interview, library};
use crate::records::parse_id;
use crate::vault::SenimVault;
use crate::work::lock;

/// A scenario in the list: who the persona is and the level its key scores.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ScenarioSummary {
    pub id: String,
    pub version: String,
    /// In the language asked for (kk, uz, ky, tg fall back to Russian, then English).
    pub title: String,
    pub summary: String,
    /// The level the key's answers score (the core's scoring).
    pub level: RiskLevel,
    /// How many indicators the key raises.
    pub indicators: u32,
    /// The persona's made-up name; every persona is fictional.
    pub alias: String,
    /// ISO 3166 code.
    pub nationality: String,
    /// Wire names: `18_24`, `25_34`, …; `female`, `male`, `other`, `not_stated`.
    pub age_band: String,
    pub gender: String,
    /// The form and version the scenario is written for.
    pub form: String,
    pub form_version: String,
}

/// One question of the script: what the persona says when asked it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ScriptLine {
    pub question: String,
    /// The question as the form asks it.
    pub label: String,
    pub says: String,
    /// On the key's path (a question the key answers); otherwise only for a trainee who
    /// goes down another branch.
    pub on_key_path: bool,
    /// The key's answer in words; `None` off the key's path.
    pub expected: Option<String>,
}

/// An indicator of the key.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct KeyIndicator {
    pub id: String,
    /// `strong`, `medium` or `weak`.
    pub strength: String,
}

/// A scenario to play: the persona, the script in form order, and the answer key.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ScenarioView {
    pub summary: ScenarioSummary,
    pub language: String,
    pub languages: Vec<String>,
    pub where_met: String,
    pub situation: String,
    pub background: String,
    pub script: Vec<ScriptLine>,
    /// The level's name in the rule set's words.
    pub level_name: String,
    pub key_indicators: Vec<KeyIndicator>,
    /// Questions whose expected answers signal immediate danger.
    pub danger: Vec<String>,
}

/// What kind of difference a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum FindingKind {
    /// A question whose expected answer signals immediate danger; the trainee's did not.
    DangerMissed,
    /// An indicator of the key the trainee's answers do not raise.
    IndicatorMissed,
    /// An indicator the trainee's answers raise that the key does not have.
    IndicatorNotInKey,
    /// An answer other than the key's.
    AnswerDiffers,
    /// A question the key answers that the trainee left without an answer.
    QuestionMissed,
}

/// One difference from the key, its points and why it matters.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct TrainingFinding {
    pub kind: FindingKind,
    /// The question or the indicator it is about.
    pub about: String,
    /// For an answer: the key's and the trainee's in words. For an indicator:
    /// `expected` its strength (`strong`, `medium`, `weak`), `given` its dimension. For
    /// a question left without an answer: the key's answer in words, and why
    /// (`skipped`, `not_asked`, `unanswered`).
    pub expected: Option<String>,
    pub given: Option<String>,
    pub penalty: u32,
    /// Why it matters, in English or Russian (kk, uz, ky, tg read Russian).
    pub explanation: String,
}

/// A practice interview compared with the scenario's key.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct TrainingResult {
    pub scenario: String,
    /// 100 less the points of every finding, never below 0.
    pub score: u32,
    pub level: RiskLevel,
    pub expected_level: RiskLevel,
    pub level_penalty: u32,
    pub level_explanation: Option<String>,
    pub findings: Vec<TrainingFinding>,
    /// Questions answered that the key does not reach (cost nothing of their own).
    pub answers_off_key: Vec<String>,
    /// Every answer as the key's.
    pub perfect: bool,
}

fn wire<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn summary(s: &Scenario, language: &str) -> ScenarioSummary {
    ScenarioSummary {
        id: s.id.clone(),
        version: s.version.clone(),
        title: s.text(&s.title, language).text,
        summary: s.text(&s.summary, language).text,
        level: s.key.level.into(),
        indicators: u32::try_from(s.key.indicators.len()).unwrap_or(u32::MAX),
        alias: s.persona.alias.clone(),
        nationality: s.persona.nationality.clone(),
        age_band: wire(&s.persona.age_band),
        gender: wire(&s.persona.gender),
        form: s.form.id.clone(),
        form_version: s.form.version.clone(),
    }
}

fn bundled() -> Result<Vec<Scenario>> {
    let library = library()?;
    Ok(scenarios::bundled_in(&library)?)
}

fn find(id: &str) -> Result<Scenario> {
    bundled()?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| SenimError::NotFound {
            reason: "no scenario with this id".into(),
        })
}

/// The scenarios bundled with this build, lowest expected level first, their words in
/// `language`.
#[uniffi::export]
pub fn training_scenarios(language: String) -> Result<Vec<ScenarioSummary>> {
    Ok(bundled()?.iter().map(|s| summary(s, &language)).collect())
}

/// A scenario with its persona, script and answer key in `language` (the screen hides
/// the key while the trainee plays). An unknown id is `NotFound`.
#[uniffi::export]
pub fn training_scenario(id: String, language: String) -> Result<ScenarioView> {
    let s = find(&id)?;
    let form = s.form_definition();
    let rules = s.rule_set_definition();
    let lang = language.as_str();
    let script = form
        .questions
        .iter()
        .filter(|q| s.script.contains_key(&q.id))
        .map(|q| ScriptLine {
            question: q.id.clone(),
            label: form.localize(&q.label, lang).text,
            says: s.says(&q.id, lang).map(|l| l.text).unwrap_or_default(),
            on_key_path: s.key.answers.contains_key(&q.id),
            expected: s
                .key
                .answers
                .get(&q.id)
                .map(|a| s.answer_text(&q.id, a, lang)),
        })
        .collect();
    let key_indicators = s
        .key
        .indicators
        .iter()
        .map(|i| KeyIndicator {
            id: i.clone(),
            strength: form
                .indicators
                .get(i)
                .map(|ind| ind.strength.as_str().to_string())
                .unwrap_or_default(),
        })
        .collect();
    Ok(ScenarioView {
        summary: summary(&s, lang),
        language: language.clone(),
        languages: s.persona.languages.clone(),
        where_met: s.text(&s.persona.where_met, lang).text,
        situation: s.text(&s.persona.situation, lang).text,
        background: s.text(&s.persona.background, lang).text,
        script,
        level_name: rules.localize(&rules.level(s.key.level).name, lang).text,
        key_indicators,
        danger: s.expected_danger(),
    })
}

fn require_demo(vault: &SenimVault) -> Result<()> {
    if lock(&vault.vault).is_demo() {
        Ok(())
    } else {
        Err(senim_demo::Error::NotDemo("training runs only in a demo vault").into())
    }
}

fn explained(e: &Explanation, language: &str) -> String {
    e.get(language).to_string()
}

fn result_view(s: &Scenario, r: TraineeReport, language: &str) -> TrainingResult {
    let perfect = r.is_perfect();
    let mut findings = Vec::new();
    for d in &r.danger_missed {
        findings.push(TrainingFinding {
            kind: FindingKind::DangerMissed,
            about: d.question.clone(),
            expected: None,
            given: None,
            penalty: d.penalty,
            explanation: explained(&d.explanation, language),
        });
    }
    for (kind, list) in [
        (FindingKind::IndicatorMissed, &r.indicators_missed),
        (FindingKind::IndicatorNotInKey, &r.indicators_not_in_key),
    ] {
        for f in list {
            findings.push(TrainingFinding {
                kind,
                about: f.indicator.clone(),
                expected: Some(f.strength.as_str().to_string()),
                given: Some(f.dimension.clone()),
                penalty: f.penalty,
                explanation: explained(&f.explanation, language),
            });
        }
    }
    for d in &r.answers_differ {
        findings.push(TrainingFinding {
            kind: FindingKind::AnswerDiffers,
            about: d.question.clone(),
            expected: Some(s.answer_text(&d.question, &d.expected, language)),
            given: Some(s.answer_text(&d.question, &d.given, language)),
            penalty: d.penalty,
            explanation: explained(&d.explanation, language),
        });
    }
    for m in &r.questions_missed {
        findings.push(TrainingFinding {
            kind: FindingKind::QuestionMissed,
            about: m.question.clone(),
            expected: Some(s.answer_text(&m.question, &m.expected, language)),
            given: Some(wire(&m.reason)),
            penalty: m.penalty,
            explanation: explained(&m.explanation, language),
        });
    }
    TrainingResult {
        scenario: s.id.clone(),
        score: r.score,
        level: r.level.into(),
        expected_level: r.expected_level.into(),
        level_penalty: r.level_penalty,
        level_explanation: r.level_explanation.as_ref().map(|e| explained(e, language)),
        findings,
        answers_off_key: r.answers_off_key.clone(),
        perfect,
    }
}

#[uniffi::export]
impl SenimVault {
    /// Demo vault only: starts an anonymous practice interview against `scenario`, on
    /// the exact form version its key is written for, in `language`. The interview is
    /// the app's usual one (consent, questions, assessment); compare it with
    /// [`SenimVault::training_check`] once stored. A real vault is refused with `Demo`.
    pub fn start_practice(&self, scenario: String, language: String) -> Result<Arc<Interview>> {
        require_demo(self)?;
        let s = find(&scenario)?;
        let form = library()?.form(&s.form.id, Some(&s.form.version))?;
        let session = InterviewSession::start(form, &language, None)?;
        Ok(Arc::new(Interview {
            vault: self.vault.clone(),
            session: Mutex::new(session),
            assessment: Mutex::new(None),
        }))
    }

    /// Demo vault only: the stored interview `interview` compared with `scenario`'s
    /// key, the score and every difference explained in `language`'s explanations
    /// (English, or Russian for ru, kk, uz, ky, tg). A real vault is refused with
    /// `Demo`; an id that is not an interview, or a deleted one, with `InvalidInput`.
    pub fn training_check(
        &self,
        scenario: String,
        interview: String,
        language: String,
    ) -> Result<TrainingResult> {
        require_demo(self)?;
        let s = find(&scenario)?;
        let id = parse_id(&interview)?;
        let record = lock(&self.vault).get(id)?;
        let RecordBody::Interview(i) = &record.body else {
            return Err(SenimError::invalid("interview", "not an interview"));
        };
        if record.deleted {
            return Err(SenimError::invalid(
                "interview",
                "the interview was deleted",
            ));
        }
        let report = s.compare(i)?;
        Ok(result_view(&s, report, &language))
    }
}
