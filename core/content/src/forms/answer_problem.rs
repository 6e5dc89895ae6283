//! Why an answer does not fit its question, as a typed value: the worker is told in
//! their own language (the catalog's `common-answer-…` messages, through
//! [`AnswerProblem::key`] and [`AnswerProblem::values`]), logs and `--json` read the
//! English of its `Display`. Every problem names the question's rule, never the answer
//! given.

use super::definition::QuestionType;

/// Why an answer was refused ([`crate::Error::InvalidAnswer`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AnswerProblem {
    /// The answer is of another type than the question's (a number for a yes/no).
    #[error("the question expects {}", expected_text(*expected))]
    WrongType { expected: QuestionType },
    /// A yes/no question was answered with something else.
    #[error("expected yes, no, unknown or declined")]
    NotYesNo,
    /// A number question was answered with something that is not a whole number.
    #[error("expected a whole number")]
    NotWholeNumber,
    /// A date question was answered with something that is not a date.
    #[error("expected a date as YYYY-MM-DD")]
    NotDate,
    /// A country question was answered with something that is not a country code.
    #[error("expected an ISO 3166-1 alpha-2 code such as KZ")]
    NotCountryCode,
    /// An option the question does not have.
    #[error("not one of the question's options")]
    UnknownOption,
    /// A multiple-choice question with no option picked.
    #[error("pick at least one option")]
    NoOption,
    /// A text question answered with nothing but spaces.
    #[error("must not be empty")]
    Empty,
    /// A text answer shorter or longer than the question allows.
    #[error("{}", length_text(*min, *max))]
    Length { min: usize, max: Option<usize> },
    /// A number outside the question's range (either end may be open).
    #[error("{}", range_text(*min, *max))]
    OutOfRange { min: Option<i64>, max: Option<i64> },
    /// A date outside the question's range.
    #[error("date is outside the allowed range")]
    DateOutOfRange,
}

fn expected_text(expected: QuestionType) -> &'static str {
    match expected {
        QuestionType::YesNo => "yes, no, unknown or declined",
        QuestionType::SingleChoice => "one of its options",
        QuestionType::MultipleChoice => "some of its options",
        QuestionType::Integer => "a whole number",
        QuestionType::Date => "a date",
        QuestionType::Country => "a country code",
        QuestionType::Text => "a text",
    }
}

fn length_text(min: usize, max: Option<usize>) -> String {
    match max {
        Some(max) => format!("length must be between {min} and {max} characters"),
        None => format!("length must be at least {min} characters"),
    }
}

fn range_text(min: Option<i64>, max: Option<i64>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("must be between {min} and {max}"),
        (None, Some(max)) => format!("must be at most {max}"),
        (Some(min), None) => format!("must be at least {min}"),
        // The checks never refuse a number without a bound; said in case.
        (None, None) => "expected a whole number".to_string(),
    }
}

impl AnswerProblem {
    /// The key of its message in the worker's catalog (`common.ftl` of `senim-l10n`),
    /// whose variables are [`AnswerProblem::values`].
    pub fn key(&self) -> &'static str {
        match self {
            AnswerProblem::WrongType { .. } => "common-answer-wrong-type",
            AnswerProblem::NotYesNo => "common-answer-not-yes-no",
            AnswerProblem::NotWholeNumber => "common-answer-not-whole-number",
            AnswerProblem::NotDate => "common-answer-not-date",
            AnswerProblem::NotCountryCode => "common-answer-not-country-code",
            AnswerProblem::UnknownOption => "common-answer-unknown-option",
            AnswerProblem::NoOption => "common-answer-no-option",
            AnswerProblem::Empty => "common-answer-empty",
            AnswerProblem::Length { max: Some(_), .. } => "common-answer-length",
            AnswerProblem::Length { max: None, .. } => "common-answer-length-at-least",
            AnswerProblem::OutOfRange {
                min: None,
                max: None,
            } => "common-answer-not-whole-number",
            AnswerProblem::OutOfRange {
                min: Some(_),
                max: Some(_),
            } => "common-answer-out-of-range",
            AnswerProblem::OutOfRange { min: None, .. } => "common-answer-at-most",
            AnswerProblem::OutOfRange { max: None, .. } => "common-answer-at-least",
            AnswerProblem::DateOutOfRange => "common-answer-date-out-of-range",
        }
    }

    /// The variables of its message, by name: the type expected (`expected`, its wire
    /// name, which the catalog turns into words), the bounds (`min`, `max`, as digits).
    pub fn values(&self) -> Vec<(&'static str, String)> {
        match self {
            AnswerProblem::WrongType { expected } => {
                vec![("expected", expected.as_str().to_string())]
            }
            AnswerProblem::Length { min, max } => {
                let mut v = vec![("min", min.to_string())];
                v.extend(max.map(|m| ("max", m.to_string())));
                v
            }
            AnswerProblem::OutOfRange { min, max } => min
                .map(|m| ("min", m.to_string()))
                .into_iter()
                .chain(max.map(|m| ("max", m.to_string())))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// One of each kind, with bounds where it has them (the catalog's tests say each).
    pub fn examples() -> Vec<AnswerProblem> {
        let mut all = vec![
            AnswerProblem::NotYesNo,
            AnswerProblem::NotWholeNumber,
            AnswerProblem::NotDate,
            AnswerProblem::NotCountryCode,
            AnswerProblem::UnknownOption,
            AnswerProblem::NoOption,
            AnswerProblem::Empty,
            AnswerProblem::Length {
                min: 1,
                max: Some(60),
            },
            AnswerProblem::Length { min: 2, max: None },
            AnswerProblem::OutOfRange {
                min: Some(14),
                max: Some(99),
            },
            AnswerProblem::OutOfRange {
                min: None,
                max: Some(99),
            },
            AnswerProblem::OutOfRange {
                min: Some(14),
                max: None,
            },
            AnswerProblem::DateOutOfRange,
        ];
        all.extend(
            [
                QuestionType::YesNo,
                QuestionType::SingleChoice,
                QuestionType::MultipleChoice,
                QuestionType::Text,
                QuestionType::Integer,
                QuestionType::Date,
                QuestionType::Country,
            ]
            .map(|expected| AnswerProblem::WrongType { expected }),
        );
        all
    }
}
