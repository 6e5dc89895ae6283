//! The validator's record of problems, and the checks every part of a form shares:
//! texts in the form's languages, ids, language codes.
//!
//! Owns how a problem is recorded (its place and what is wrong). It never stops at the
//! first problem.

use super::error::{FormError, Place, Problem};
use super::parts::{MAX_ID_LEN, Text};
use super::source::FormSource;

/// Checks an id against `[a-z][a-z0-9_]*` (question, section, option, form ids) or,
/// when `loose`, `[A-Za-z0-9][A-Za-z0-9_.-]*` (indicator ids such as `DR-S1`).
pub(super) fn check_id(id: &str, loose: bool) -> Result<(), &'static str> {
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

pub(super) fn check_language_code(code: &str) -> bool {
    senim_records::is_language_tag(code)
}

/// Collects every problem found while a form is built.
#[derive(Default)]
pub(super) struct Validator {
    pub(super) errors: Vec<FormError>,
}

impl Validator {
    pub(super) fn push(&mut self, place: &Place, problem: Problem) {
        self.errors.push(FormError {
            place: place.clone(),
            problem,
        });
    }

    pub(super) fn text(&mut self, place: &Place, field: &str, text: &Text, form: &FormSource) {
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

    pub(super) fn invalid(&mut self, place: &Place, field: &str, reason: impl Into<String>) {
        self.push(
            place,
            Problem::Invalid {
                field: field.to_string(),
                reason: reason.into(),
            },
        );
    }

    pub(super) fn id(&mut self, place: &Place, what: &'static str, id: &str, loose: bool) {
        if let Err(reason) = check_id(id, loose) {
            self.push(place, Problem::InvalidId { what, reason });
        }
    }
}
