//! The core's typed refusals in the worker's words: an answer that does not fit its
//! question, a hub that cannot be reached or refuses, a consent that is missing, a hub
//! a device does not move to. Each is chosen by the core's typed value (an enum and
//! its fields, a hub's stable error code), never by its English text.
//!
//! Owns only the choice of message and its variables; the words are the catalog's
//! (`common-answer-…`, `cli-error-hub-…`, `cli-error-consent-…`). Nothing here echoes
//! an answer, a passcode or record content: the values handed to the catalog are
//! bounds, counts, HTTP statuses, stable codes and scope names.

use senim_content::forms::AnswerProblem;
use senim_l10n::{Args, args};
use senim_protocol::sync::hub_api::code;

use crate::words;

/// Why an answer does not fit its question, from the catalog.
pub fn answer_problem(problem: &AnswerProblem) -> String {
    words::format(problem.key(), &answer_args(problem))
}

/// The variables of an answer problem's message.
fn answer_args(problem: &AnswerProblem) -> Args {
    let mut values = Args::new();
    for (name, value) in problem.values() {
        values.set(name, value);
    }
    values
}

/// A refusal of one question's answer as the worker reads it, after the question's id:
/// an answer that does not fit in the worker's words (the problem alone), a missing
/// consent too, anything else as the core says it.
pub fn content(error: &senim_content::Error) -> String {
    match error {
        senim_content::Error::InvalidAnswer(problem) => answer_problem(problem),
        other => content_in_words(other).unwrap_or_else(|| other.to_string()),
    }
}

/// A step of the interview the vault refused: its content error as [`content`] says
/// it, anything else as the core says it.
pub fn step(error: &senim_vault::Error) -> String {
    error.content().map_or_else(|| error.to_string(), content)
}

/// The content error in the catalog's words, for those a worker meets; `None` for the
/// others (a broken form: the organisation's content author reads the core's English).
pub fn content_in_words(error: &senim_content::Error) -> Option<String> {
    use senim_content::Error as E;
    Some(match error {
        E::InvalidAnswer(problem) => words::format(
            "cli-error-invalid-answer",
            &args!["reason" => answer_problem(problem)],
        ),
        E::ConsentRequired { scope } => {
            words::format("cli-error-consent-required", &args!["scope" => *scope])
        }
        E::ConsentWithdrawn => words::text("cli-error-consent-withdrawn"),
        _ => return None,
    })
}

/// The hub client's error in the catalog's words, for those a worker meets at `sync`
/// and in `team`; `None` for the others (the vault's are said by the caller).
pub fn client_in_words(error: &senim_client::Error) -> Option<String> {
    use senim_client::{Error as E, HubMoveRefusal as M};
    Some(match error {
        E::Unreachable(_) => words::text("cli-error-hub-unreachable"),
        E::HubRefused { status, code, .. } => hub_refused(*status, code),
        E::HubMoveRefused(refusal) => words::text(match refusal {
            M::TeamUnknown => "cli-error-hub-move-team-unknown",
            M::NotChained => "cli-error-hub-move-not-chained",
            M::NamesAnotherHub => "cli-error-hub-move-names-another-hub",
            _ => return None,
        }),
        E::Protocol(senim_protocol::Error::DemoMismatch(_)) => {
            words::text("cli-error-demo-mismatch")
        }
        _ => return None,
    })
}

/// A hub's refusal, by its stable code (`docs/hub.md`); an unknown code by its status.
fn hub_refused(status: u16, refused: &str) -> String {
    let key = match refused {
        code::UNAUTHENTICATED => "cli-error-hub-unauthenticated",
        code::FORBIDDEN => "cli-error-hub-forbidden",
        code::DEMO_MISMATCH => "cli-error-demo-mismatch",
        code::NOT_FOUND => "cli-error-hub-not-found",
        code::CONFLICT => "cli-error-hub-conflict",
        code::TOO_LARGE => "cli-error-hub-too-large",
        code::RATE_LIMITED | code::BUSY => "cli-error-hub-busy",
        code::ENVELOPE_REJECTED => "cli-error-hub-envelope-rejected",
        code::MEMBERSHIP_REJECTED => "cli-error-hub-membership-rejected",
        code::ORDER_REJECTED => "cli-error-hub-order-rejected",
        _ if status >= 500 => {
            return words::format("cli-error-hub-failed", &args!["status" => status]);
        }
        _ => {
            return words::format(
                "cli-error-hub-refused",
                &args!["status" => status, "code" => crate::output::truncate(refused, 32)],
            );
        }
    };
    words::text(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every hub code the CLI names, and one it does not know, at 4xx and 5xx.
    const CODES: &[&str] = &[
        code::UNAUTHENTICATED,
        code::FORBIDDEN,
        code::DEMO_MISMATCH,
        code::NOT_FOUND,
        code::CONFLICT,
        code::TOO_LARGE,
        code::RATE_LIMITED,
        code::BUSY,
        code::ENVELOPE_REJECTED,
        code::MEMBERSHIP_REJECTED,
        code::ORDER_REJECTED,
        "teapot",
    ];

    #[test]
    fn every_refusal_is_said_from_the_catalog_with_every_variable_filled() {
        // English: the process's language in unit tests (words::init is never called).
        let mut said = Vec::new();
        for c in CODES {
            for status in [403, 503] {
                said.push(hub_refused(status, c));
            }
        }
        for problem in AnswerProblem::examples() {
            said.push(answer_problem(&problem));
        }
        for error in [
            senim_client::Error::Unreachable("connection refused".into()),
            senim_client::Error::HubMoveRefused(senim_client::HubMoveRefusal::TeamUnknown),
            senim_client::Error::HubMoveRefused(senim_client::HubMoveRefusal::NotChained),
            senim_client::Error::HubMoveRefused(senim_client::HubMoveRefusal::NamesAnotherHub),
        ] {
            said.push(client_in_words(&error).expect("said"));
        }
        for scope in ["screening", "referral", "sharing"] {
            let error = senim_content::Error::ConsentRequired { scope };
            said.push(content_in_words(&error).expect("said"));
        }
        for text in &said {
            // A key missing from the catalog or a variable not filled shows as the key.
            assert!(
                !text.starts_with("cli-") && !text.starts_with("common-") && !text.contains('{'),
                "{text}"
            );
        }
    }

    #[test]
    fn the_english_catalog_says_each_answer_problem_as_the_core_does() {
        // In English whatever language another test of this process chose.
        let english = senim_l10n::Localizer::new(senim_l10n::Locale::En).unwrap();
        let mut types = std::collections::BTreeSet::new();
        for problem in AnswerProblem::examples() {
            let said = english
                .format(problem.key(), &answer_args(&problem))
                .unwrap();
            assert_eq!(said, problem.to_string(), "{problem:?}");
            if let AnswerProblem::WrongType { .. } = problem {
                // Each type in words of its own (none falls to the selector's default).
                assert!(types.insert(said), "{problem:?}");
            }
        }
        assert_eq!(types.len(), 7);
    }
}
