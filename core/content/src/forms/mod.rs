//! Form definitions and the interview runner.
//!
//! Owns the form format (versioned, multilingual JSON, validated when it loads), the
//! skip-logic expression language, and the runner that walks an interview through a
//! form and saves every answer, as it is given, in the store it is handed. It never scores: turning
//! raised indicators into a result is `crate::screening`.

mod answer_problem;
pub mod answers;
pub mod definition;
pub mod expr;
pub mod runner;

#[cfg(test)]
mod bundled_tests;
#[cfg(test)]
mod bundled_v2_tests;
#[cfg(test)]
mod golden_v2_tests;
#[cfg(test)]
mod loader_tests;
#[cfg(test)]
mod private_tests;
#[cfg(test)]
mod script_tests;
#[cfg(test)]
mod walk_v2_tests;

pub use answer_problem::AnswerProblem;
pub use answers::{AnswerMap, Raised};
pub use definition::{
    Form, FormError, FormErrors, FormSource, Indicator, Localized, MAX_FORM_BYTES, Need, Place,
    Problem, Question, QuestionType, Section, Strength, Text, Translation, Trigger,
};
pub use runner::{
    AnswerOutcome, ConsentView, InterviewSession, OptionView, Progress, QuestionView, QuickExit,
};
