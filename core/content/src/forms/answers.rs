//! A form applied to a set of answers: which questions are visible, whether an answer
//! fits its question, and what the answers raise (indicators, the danger flag, needs).
//!
//! Owns the meaning of answers under a form. Pure functions of the form and the answers:
//! it never stores anything and never scores (see `crate::screening`).

use std::collections::{BTreeMap, BTreeSet};

use super::answer_problem::AnswerProblem;
use super::definition::{DECLINED, Form, Need, Question, QuestionType, Trigger};
use super::expr::{Answers, Value};
use crate::{Error, Result};
use senim_records::{Answer, YesNo};

/// Answers by question id, as an interview stores them.
pub type AnswerMap = BTreeMap<String, Answer>;

/// The expression-language view of an answer.
pub fn value_of(answer: &Answer) -> Value {
    match answer {
        Answer::Declined => Value::Text(DECLINED.into()),
        Answer::YesNo(y) => Value::Text(yes_no_str(*y).into()),
        Answer::Choice(c) => Value::Text(c.clone()),
        Answer::Choices(cs) => Value::Choices(cs.iter().cloned().collect()),
        Answer::Text(t) => Value::Text(t.clone()),
        Answer::Integer(i) => Value::Int(*i),
        Answer::Date(d) => Value::Text(d.to_string()),
        Answer::Country(c) => Value::Text(c.clone()),
    }
}

pub fn yes_no_str(y: YesNo) -> &'static str {
    match y {
        YesNo::Yes => "yes",
        YesNo::No => "no",
        YesNo::Unknown => "unknown",
        YesNo::Declined => "declined",
    }
}

struct View<'a>(&'a AnswerMap);

impl Answers for View<'_> {
    fn value(&self, question: &str) -> Option<Value> {
        self.0.get(question).map(value_of)
    }
}

/// An indicator raised by the answers, and the questions whose answers raised it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Raised {
    pub indicator: String,
    pub questions: Vec<String>,
}

impl Form {
    /// Whether question `index` is shown, given the answers so far. In an anonymous
    /// interview, identifying questions are never shown. An index past the end is not
    /// shown.
    pub fn is_visible(&self, index: usize, answers: &AnswerMap, anonymous: bool) -> bool {
        let Some(q) = self.questions.get(index) else {
            return false;
        };
        if anonymous && q.identifying {
            return false;
        }
        let view = View(answers);
        let section = &self.sections[q.section];
        // A private block's questions wait for a yes to its confirmation.
        let confirmed = section.confirmation.is_none_or(|c| {
            c == index
                || matches!(
                    answers.get(&self.questions[c].id),
                    Some(Answer::YesNo(YesNo::Yes))
                )
        });
        confirmed
            && section.show_if.as_ref().is_none_or(|e| e.eval(&view))
            && q.show_if.as_ref().is_none_or(|e| e.eval(&view))
    }

    /// Indices of the visible questions, in interview order.
    pub fn visible(&self, answers: &AnswerMap, anonymous: bool) -> Vec<usize> {
        (0..self.questions.len())
            .filter(|&i| self.is_visible(i, answers, anonymous))
            .collect()
    }

    /// Removes the answers to questions that are hidden (repeating until nothing
    /// changes, since a removed answer can hide further questions) and to questions the
    /// form does not have. Returns the ids removed, in form order.
    pub fn clear_hidden(&self, answers: &mut AnswerMap, anonymous: bool) -> Vec<String> {
        let mut removed: Vec<String> = answers
            .keys()
            .filter(|id| self.question(id).is_none())
            .cloned()
            .collect();
        for id in &removed {
            answers.remove(id);
        }
        // Each pass removes at least one answer or stops, so this ends.
        loop {
            let hidden: Vec<String> = answers
                .keys()
                .filter(|id| {
                    self.position(id)
                        .is_some_and(|i| !self.is_visible(i, answers, anonymous))
                })
                .cloned()
                .collect();
            if hidden.is_empty() {
                break;
            }
            for id in hidden {
                answers.remove(&id);
                removed.push(id);
            }
        }
        removed.sort_by_key(|id| self.position(id).unwrap_or(usize::MAX));
        removed
    }

    /// Checks that `answer` fits question `id` (type, options, validation) and returns
    /// it normalised (a declined yes/no becomes [`Answer::Declined`], options sorted).
    /// Errors describe the rule, never the answer given.
    pub fn check_answer(&self, id: &str, answer: Answer) -> Result<Answer> {
        let q = self
            .question(id)
            .ok_or_else(|| Error::invalid("question", "the form has no question with this id"))?;
        let wrong = || Error::InvalidAnswer(AnswerProblem::WrongType { expected: q.kind });
        let v = &q.validation;
        Ok(match (q.kind, answer) {
            (_, Answer::Declined) | (QuestionType::YesNo, Answer::YesNo(YesNo::Declined)) => {
                Answer::Declined
            }
            (QuestionType::YesNo, a @ Answer::YesNo(_)) => a,
            (QuestionType::SingleChoice, Answer::Choice(c)) => {
                has_option(q, &c)?;
                Answer::Choice(c)
            }
            (QuestionType::MultipleChoice, Answer::Choices(mut cs)) => {
                if cs.is_empty() {
                    return Err(Error::InvalidAnswer(AnswerProblem::NoOption));
                }
                for c in &cs {
                    has_option(q, c)?;
                }
                cs.sort_by_key(|c| q.options.iter().position(|o| &o.id == c));
                cs.dedup();
                Answer::Choices(cs)
            }
            (QuestionType::Text, Answer::Text(t)) => {
                let t = t.trim().to_string();
                let n = t.chars().count();
                if n == 0 {
                    return Err(Error::InvalidAnswer(AnswerProblem::Empty));
                }
                if v.min_length.is_some_and(|m| n < m) || v.max_length.is_some_and(|m| n > m) {
                    return Err(Error::InvalidAnswer(AnswerProblem::Length {
                        min: v.min_length.unwrap_or(1),
                        max: v.max_length,
                    }));
                }
                Answer::Text(t)
            }
            (QuestionType::Integer, Answer::Integer(i)) => {
                if v.min.is_some_and(|m| i < m) || v.max.is_some_and(|m| i > m) {
                    return Err(Error::InvalidAnswer(AnswerProblem::OutOfRange {
                        min: v.min,
                        max: v.max,
                    }));
                }
                Answer::Integer(i)
            }
            (QuestionType::Date, Answer::Date(d)) => {
                if v.earliest.is_some_and(|m| d < m) || v.latest.is_some_and(|m| d > m) {
                    return Err(Error::InvalidAnswer(AnswerProblem::DateOutOfRange));
                }
                Answer::Date(d)
            }
            (QuestionType::Country, Answer::Country(c)) => {
                let c = c.trim().to_ascii_uppercase();
                if c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_uppercase()) {
                    return Err(Error::InvalidAnswer(AnswerProblem::NotCountryCode));
                }
                Answer::Country(c)
            }
            _ => return Err(wrong()),
        })
    }

    /// Parses a typed answer from text, as the CLI and `--answers` files give it:
    /// `yes`/`no`/`unknown`/`declined` (or `y`, `n`, `u` or `?`, `d`), an option id,
    /// option ids separated by commas, an integer, a date `YYYY-MM-DD`, a country code,
    /// or free text. `declined` (and `d`, unless the question has an option with that
    /// id) is accepted for every question. The result is checked with [`Form::check_answer`].
    pub fn parse_answer(&self, id: &str, text: &str) -> Result<Answer> {
        let q = self
            .question(id)
            .ok_or_else(|| Error::invalid("question", "the form has no question with this id"))?;
        let t = text.trim();
        // `d` is the short form of declined, unless the question has an option `d`.
        let short_declined = t.eq_ignore_ascii_case("d") && !q.options.iter().any(|o| o.id == "d");
        let answer = if t.eq_ignore_ascii_case(DECLINED) || short_declined {
            Answer::Declined
        } else {
            match q.kind {
                QuestionType::YesNo => Answer::YesNo(match t.to_ascii_lowercase().as_str() {
                    "yes" | "y" => YesNo::Yes,
                    "no" | "n" => YesNo::No,
                    "unknown" | "u" | "?" | "dont_know" => YesNo::Unknown,
                    _ => {
                        return Err(Error::InvalidAnswer(AnswerProblem::NotYesNo));
                    }
                }),
                QuestionType::SingleChoice => Answer::Choice(t.to_string()),
                QuestionType::MultipleChoice => Answer::Choices(
                    t.split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect(),
                ),
                QuestionType::Text => Answer::Text(t.to_string()),
                QuestionType::Integer => Answer::Integer(
                    t.parse()
                        .map_err(|_| Error::InvalidAnswer(AnswerProblem::NotWholeNumber))?,
                ),
                QuestionType::Date => Answer::Date(
                    t.parse()
                        .map_err(|_| Error::InvalidAnswer(AnswerProblem::NotDate))?,
                ),
                QuestionType::Country => Answer::Country(t.to_string()),
            }
        };
        self.check_answer(id, answer)
    }

    /// The indicators the answers raise, in the order of their ids (not the order the
    /// form lists them in), each with the questions that raised it in form order.
    /// Only answered questions count: a `raises` rule with an `if` condition belongs to
    /// its question and fires only once that question has an answer.
    pub fn raised(&self, answers: &AnswerMap) -> Vec<Raised> {
        let view = View(answers);
        let mut by_indicator: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for q in &self.questions {
            let Some(answer) = answers.get(&q.id) else {
                continue;
            };
            for r in &q.raises {
                if fires(&r.when, answer, &view) {
                    let qs = by_indicator.entry(r.indicator.as_str()).or_default();
                    if !qs.contains(&q.id) {
                        qs.push(q.id.clone());
                    }
                }
            }
        }
        self.indicators
            .keys()
            .filter_map(|id| {
                by_indicator.remove(id.as_str()).map(|questions| Raised {
                    indicator: id.clone(),
                    questions,
                })
            })
            .collect()
    }

    /// Questions whose answers signal immediate danger, in form order.
    pub fn danger(&self, answers: &AnswerMap) -> Vec<String> {
        let view = View(answers);
        self.questions
            .iter()
            .filter(|q| {
                q.danger.as_ref().is_some_and(|t| {
                    answers
                        .get(&q.id)
                        .is_some_and(|answer| fires(t, answer, &view))
                })
            })
            .map(|q| q.id.clone())
            .collect()
    }

    /// Whether the indicators of `population` count, given the answers: always, unless
    /// the form gives the population a condition.
    pub fn population_in_scope(&self, population: &str, answers: &AnswerMap) -> bool {
        self.population_scopes
            .get(population)
            .is_none_or(|e| e.eval(&View(answers)))
    }

    /// The needs the answers record.
    pub fn needs(&self, answers: &AnswerMap) -> BTreeSet<Need> {
        let view = View(answers);
        self.needs
            .iter()
            .filter(|(_, e)| e.eval(&view))
            .map(|(n, _)| *n)
            .collect()
    }
}

fn has_option(q: &Question, option: &str) -> Result<()> {
    if q.options.iter().any(|o| o.id == option) {
        Ok(())
    } else {
        Err(Error::InvalidAnswer(AnswerProblem::UnknownOption))
    }
}

/// Whether `trigger` fires for a question answered `answer`. A declined answer never
/// fires its own question's triggers: declining has no consequence for the person.
fn fires(trigger: &Trigger, answer: &Answer, view: &View<'_>) -> bool {
    if *answer == Answer::Declined {
        return false;
    }
    match trigger {
        Trigger::If(e) => e.eval(view),
        Trigger::Answers(set) => match value_of(answer) {
            Value::Text(t) => set.contains(&t),
            Value::Choices(cs) => cs.iter().any(|c| set.contains(c)),
            Value::Int(_) | Value::Bool(_) => false,
        },
    }
}
