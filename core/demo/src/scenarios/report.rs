//! What the comparison of a trainee's interview with a scenario's key finds: the
//! [`TraineeReport`] with its score and every finding, each with its points and an
//! [`Explanation`] in the trainer's three languages.
//!
//! Plain data: it never scores or compares anything itself.

use serde::Serialize;

use super::scenario::ContentId;
use senim_content::forms::Strength;
use senim_content::screening::Level;
use senim_records::Answer;

/// A short text in the trainer's three languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub en: String,
    pub ru: String,
    pub kk: String,
}

/// The language (`en`, `ru` or `kk`) explanations are given in for an interview in
/// `language`: Kazakh for kk, Russian for ru and for the languages whose form
/// translations fall back to Russian (uz, uz-Cyrl, ky, tg), English otherwise.
pub fn explanation_language(language: &str) -> &'static str {
    match language {
        "kk" => "kk",
        "ru" | "uz" | "uz-Cyrl" | "ky" | "tg" => "ru",
        _ => "en",
    }
}

impl Explanation {
    /// The text for an interview in `language` (see [`explanation_language`]).
    pub fn get(&self, language: &str) -> &str {
        match explanation_language(language) {
            "kk" => &self.kk,
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
