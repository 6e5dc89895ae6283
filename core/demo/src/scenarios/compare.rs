//! The comparison of a trainee's interview with a scenario's key, and its score (see
//! the table in the `scenarios` module doc).
//!
//! Owns the points each finding costs. Scoring is never reimplemented here: the
//! trainee's answers go through [`screening::assess`] with the scenario's rule set. It
//! never reads or writes a vault: the caller passes the trainee's interview in.

use std::collections::BTreeMap;

use super::report::{
    AnswerDifference, DangerMiss, IndicatorFinding, MissReason, QuestionMiss, TraineeReport,
};
use super::scenario::{ContentId, Scenario};
use super::words::Words;
use crate::Result;
use senim_content::forms::Strength;
use senim_content::screening;
use senim_records::Interview;

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

impl Scenario {
    /// Compares a trainee's interview (finished or not) with the key: the trainee's
    /// answers are scored with the scenario's rule set, and every difference is listed
    /// with its points and an explanation in English, Russian and Kazakh. The interview must
    /// have run on the scenario's form version ([`Error::Content`] with
    /// [`ContentMismatch`] otherwise).
    ///
    /// [`Error::Content`]: crate::Error::Content
    /// [`ContentMismatch`]: senim_content::Error::ContentMismatch
    pub fn compare(&self, interview: &Interview) -> Result<TraineeReport> {
        let form = &**self.form_definition();
        let rules = &**self.rule_set_definition();
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
