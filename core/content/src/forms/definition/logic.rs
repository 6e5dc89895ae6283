//! The checks of a form's skip logic and triggers: every expression parses and names
//! questions and options that exist, with types that allow the use; a condition reads
//! only earlier answers; no dependency cycle; declining to answer never raises an
//! indicator, signals danger or reads as a need.
//!
//! Expressions are parsed once here, when the form loads; the runner only evaluates
//! them.

use std::collections::{BTreeMap, BTreeSet};

use super::checker::Validator;
use super::error::{Place, Problem};
use super::form::{Question, Trigger};
use super::parts::{DECLINED, QuestionType, YES_NO_VALUES};
use super::source::{QuestionSource, TriggerSource};
use crate::forms::expr::{self, Expr, Operand};

impl Validator {
    /// Reports questions `e` refers to that come after position `before` in the form
    /// (a question referring to itself is left to the cycle check).
    pub(super) fn forward_refs(
        &mut self,
        place: &Place,
        e: &Expr,
        before: usize,
        by_id: &BTreeMap<String, usize>,
        found: &mut bool,
    ) {
        for q in e.questions() {
            if by_id.get(q).is_some_and(|&i| i > before)
                || (matches!(place, Place::Section(_)) && by_id.get(q) == Some(&before))
            {
                *found = true;
                self.push(
                    place,
                    Problem::ForwardReference {
                        field: "show_if".into(),
                        question: q.to_string(),
                    },
                );
            }
        }
    }

    /// Parses an expression and checks every question and option it names.
    pub(super) fn expr(
        &mut self,
        place: &Place,
        field: &str,
        src: &str,
        kinds: &BTreeMap<String, (QuestionType, BTreeSet<String>)>,
    ) -> Option<Expr> {
        let e = match expr::parse(src) {
            Ok(e) => e,
            Err(error) => {
                self.push(
                    place,
                    Problem::Expression {
                        field: field.to_string(),
                        error,
                    },
                );
                return None;
            }
        };
        let before = self.errors.len();
        self.check_expr(place, field, &e, kinds);
        (self.errors.len() == before).then_some(e)
    }

    fn check_expr(
        &mut self,
        place: &Place,
        field: &str,
        e: &Expr,
        kinds: &BTreeMap<String, (QuestionType, BTreeSet<String>)>,
    ) {
        match e {
            Expr::Const(_) => {}
            Expr::Answered(q) => {
                self.known(place, field, q, kinds);
            }
            Expr::Selected { question, option } => {
                if let Some((kind, options)) = self.known(place, field, question, kinds) {
                    if !kind.has_options() {
                        self.push(
                            place,
                            Problem::TypeMismatch {
                                field: field.to_string(),
                                question: question.clone(),
                                kind: kind.as_str(),
                                reason: "selected() needs a choice question",
                            },
                        );
                    } else if !options.contains(option) && option != DECLINED {
                        self.push(
                            place,
                            Problem::UnknownOption {
                                field: field.to_string(),
                                question: question.clone(),
                                option: option.clone(),
                            },
                        );
                    }
                }
            }
            Expr::Compare { op, left, right } => {
                for (this, other) in [(left, right), (right, left)] {
                    let Operand::Question(q) = this else { continue };
                    let Some((kind, options)) = self.known(place, field, q, kinds) else {
                        continue;
                    };
                    let ordering = !matches!(op, expr::CmpOp::Eq | expr::CmpOp::Ne);
                    let mismatch = match (kind, other) {
                        (QuestionType::Integer, Operand::Int(_) | Operand::Question(_)) => None,
                        // An integer answer is a number or `declined`, never other text:
                        // `age == "18"` would silently never hold.
                        (QuestionType::Integer, Operand::Text(t)) if !ordering && t != DECLINED => {
                            Some("it is an integer question; compare it with a number")
                        }
                        (_, _) if ordering => Some("only integer answers can be ordered"),
                        (QuestionType::MultipleChoice, _) => {
                            Some("compare a multiple choice with selected()")
                        }
                        (_, Operand::Int(_)) => Some("it is not an integer question"),
                        (_, Operand::Bool(_)) => {
                            Some("answers are never true or false; compare with \"yes\" or \"no\"")
                        }
                        _ => None,
                    };
                    if let Some(reason) = mismatch {
                        self.push(
                            place,
                            Problem::TypeMismatch {
                                field: field.to_string(),
                                question: q.clone(),
                                kind: kind.as_str(),
                                reason,
                            },
                        );
                        continue;
                    }
                    if let Operand::Text(value) = other {
                        let known_value = match kind {
                            QuestionType::YesNo => YES_NO_VALUES.contains(&value.as_str()),
                            QuestionType::SingleChoice => {
                                options.contains(value) || value == DECLINED
                            }
                            _ => true,
                        };
                        if !known_value {
                            self.push(
                                place,
                                Problem::UnknownOption {
                                    field: field.to_string(),
                                    question: q.clone(),
                                    option: value.clone(),
                                },
                            );
                        }
                    }
                }
            }
            Expr::Not(inner) => self.check_expr(place, field, inner, kinds),
            Expr::And(terms) | Expr::Or(terms) => {
                for t in terms {
                    self.check_expr(place, field, t, kinds);
                }
            }
        }
    }

    fn known<'k>(
        &mut self,
        place: &Place,
        field: &str,
        question: &str,
        kinds: &'k BTreeMap<String, (QuestionType, BTreeSet<String>)>,
    ) -> Option<&'k (QuestionType, BTreeSet<String>)> {
        let found = kinds.get(question);
        if found.is_none() {
            self.push(
                place,
                Problem::UnknownQuestion {
                    field: field.to_string(),
                    question: question.to_string(),
                },
            );
        }
        found
    }

    pub(super) fn trigger(
        &mut self,
        place: &Place,
        field: &str,
        q: &QuestionSource,
        t: &TriggerSource,
        kinds: &BTreeMap<String, (QuestionType, BTreeSet<String>)>,
    ) -> Option<Trigger> {
        match (&t.condition, t.answers.is_empty()) {
            (Some(_), false) | (None, true) => {
                self.invalid(
                    place,
                    field,
                    "give either 'answers' or 'if', not both or neither",
                );
                None
            }
            (Some(cond), true) => {
                let e = self.expr(place, field, cond, kinds)?;
                if mentions_declined(&e) {
                    self.invalid(
                        place,
                        field,
                        "declining to answer must never raise an indicator or signal danger",
                    );
                    return None;
                }
                Some(Trigger::If(e))
            }
            (None, false) => {
                let before = self.errors.len();
                let allowed: BTreeSet<&str> = match q.kind {
                    QuestionType::YesNo => YES_NO_VALUES.into_iter().collect(),
                    QuestionType::SingleChoice | QuestionType::MultipleChoice => q
                        .options
                        .iter()
                        .map(|o| o.id.as_str())
                        .chain([DECLINED])
                        .collect(),
                    _ => {
                        self.push(
                            place,
                            Problem::TypeMismatch {
                                field: field.to_string(),
                                question: q.id.clone(),
                                kind: q.kind.as_str(),
                                reason: "'answers' works for yes/no and choice questions; use 'if'",
                            },
                        );
                        return None;
                    }
                };
                if t.answers.iter().any(|a| a == DECLINED) {
                    self.invalid(
                        place,
                        field,
                        "declining to answer must never raise an indicator or signal danger",
                    );
                }
                for a in &t.answers {
                    if a != DECLINED && !allowed.contains(a.as_str()) {
                        self.push(
                            place,
                            Problem::UnknownOption {
                                field: field.to_string(),
                                question: q.id.clone(),
                                option: a.clone(),
                            },
                        );
                    }
                }
                (self.errors.len() == before)
                    .then(|| Trigger::Answers(t.answers.iter().cloned().collect()))
            }
        }
    }

    /// Reports each cycle in the skip-logic dependencies once.
    pub(super) fn cycles(
        &mut self,
        deps: &BTreeMap<String, BTreeSet<String>>,
        questions: &[Question],
    ) {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Active,
            Done,
        }
        let mut marks: BTreeMap<&str, Mark> = questions
            .iter()
            .map(|q| (q.id.as_str(), Mark::New))
            .collect();
        // Iterative depth-first search: forms may be deep and input is untrusted.
        for start in questions.iter().map(|q| q.id.as_str()) {
            if marks.get(start) != Some(&Mark::New) {
                continue;
            }
            let mut stack: Vec<(&str, Vec<&str>)> = vec![(start, next_of(deps, start))];
            marks.insert(start, Mark::Active);
            while let Some((node, pending)) = stack.last_mut() {
                let node = *node;
                match pending.pop() {
                    Some(next) => match marks.get(next).copied() {
                        Some(Mark::New) => {
                            marks.insert(next, Mark::Active);
                            stack.push((next, next_of(deps, next)));
                        }
                        Some(Mark::Active) => {
                            let from = stack.iter().position(|(n, _)| *n == next).unwrap_or(0);
                            let mut path: Vec<String> =
                                stack[from..].iter().map(|(n, _)| n.to_string()).collect();
                            path.push(next.to_string());
                            self.push(&Place::Question(next.to_string()), Problem::Cycle { path });
                        }
                        _ => {}
                    },
                    None => {
                        marks.insert(node, Mark::Done);
                        stack.pop();
                    }
                }
            }
        }
    }
}

/// Whether an expression tests for a declined answer (`q == "declined"`,
/// `selected(q, "declined")`, ...).
pub(super) fn mentions_declined(e: &Expr) -> bool {
    match e {
        Expr::Const(_) | Expr::Answered(_) => false,
        Expr::Compare { left, right, .. } => [left, right]
            .iter()
            .any(|o| matches!(o, Operand::Text(t) if t == DECLINED)),
        Expr::Selected { option, .. } => option == DECLINED,
        Expr::Not(inner) => mentions_declined(inner),
        Expr::And(terms) | Expr::Or(terms) => terms.iter().any(mentions_declined),
    }
}

fn next_of<'a>(deps: &'a BTreeMap<String, BTreeSet<String>>, node: &str) -> Vec<&'a str> {
    deps.get(node)
        .map(|d| d.iter().rev().map(String::as_str).collect())
        .unwrap_or_default()
}
