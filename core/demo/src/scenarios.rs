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
//!
//! The parts: `scenario` (the format and its checks), `problem` (what can be wrong with
//! a file), `compare` (a trainee's interview against the key, and the score), `report`
//! (what the comparison finds), `words` (its explanations in English, Russian and Kazakh).

use crate::{Error, Result};
use senim_content::Error as ContentError;
use senim_content::Library;

mod compare;
mod problem;
mod report;
mod scenario;
mod words;

pub use compare::{
    ANSWER_PENALTY, DANGER_MISSED_PENALTY, LEVEL_ABOVE_PENALTY, LEVEL_BELOW_PENALTY,
    QUESTION_PENALTY, extra_indicator_penalty, missed_indicator_penalty,
};
pub use problem::{
    MAX_SCENARIO_BYTES, Problem, REQUIRED_LANGUAGES, SCENARIO_FORMAT, ScenarioError,
};
pub use report::{
    AnswerDifference, DangerMiss, Explanation, IndicatorFinding, MissReason, QuestionMiss,
    TraineeReport, explanation_language,
};
pub use scenario::{AnswerKey, ContentId, Persona, Scenario};

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

/// A bundled scenario by id ([`Error::Content`] with
/// [`ContentError::ContentNotFound`] when there is none).
pub fn find(id: &str) -> Result<Scenario> {
    bundled()?.into_iter().find(|s| s.id == id).ok_or_else(|| {
        Error::Content(ContentError::ContentNotFound {
            what: "scenario",
            id: id.to_string(),
            version: None,
        })
    })
}

#[cfg(test)]
#[path = "scenarios_tests.rs"]
mod tests;
