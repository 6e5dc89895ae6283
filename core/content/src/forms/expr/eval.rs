//! The evaluation of a parsed condition against the current answers of an interview.
//!
//! Owns what a condition means: how answers are seen ([`Value`], [`Answers`]) and when
//! a comparison, a call or a combination holds. Evaluation never fails and never
//! loops: it walks the finite tree once.

use std::collections::{BTreeMap, BTreeSet};

use super::ast::{CmpOp, Expr, Operand};

/// An answer value as the expression language sees it. Yes/no answers are given as
/// `Text("yes")`, `Text("no")` and so on; a single choice as `Text(option)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Text(String),
    /// The options picked in a multiple-choice question.
    Choices(BTreeSet<String>),
}

/// The current answers of an interview, as seen by expressions.
pub trait Answers {
    /// The answer to `question`, or `None` when it is unanswered or was skipped (the
    /// caller maps a "skipped" answer to `None`).
    fn value(&self, question: &str) -> Option<Value>;
}

impl Answers for BTreeMap<String, Value> {
    fn value(&self, question: &str) -> Option<Value> {
        self.get(question).cloned()
    }
}

impl Expr {
    /// Evaluates the expression against the current answers.
    ///
    /// A comparison is false when either side is an unanswered question, whatever the
    /// operator: `q == "yes"` and `q != "yes"` are both false while `q` is unanswered,
    /// so `not (q == "yes")` is true. Use `answered(q)` to test for an answer.
    /// Comparisons between values of different types are false; `<`, `<=`, `>` and
    /// `>=` are true only between two integers. `selected(q, "o")` is true when a
    /// single-choice answer equals `o` or a multiple-choice answer contains it.
    pub fn eval(&self, answers: &dyn Answers) -> bool {
        match self {
            Expr::Const(b) => *b,
            Expr::Compare { op, left, right } => {
                match (left.resolve(answers), right.resolve(answers)) {
                    (Some(l), Some(r)) => compare(*op, &l, &r),
                    _ => false,
                }
            }
            Expr::Answered(q) => answers.value(q).is_some(),
            Expr::Selected { question, option } => match answers.value(question) {
                Some(Value::Text(picked)) => picked == *option,
                Some(Value::Choices(picked)) => picked.contains(option),
                _ => false,
            },
            Expr::Not(inner) => !inner.eval(answers),
            Expr::And(terms) => terms.iter().all(|t| t.eval(answers)),
            Expr::Or(terms) => terms.iter().any(|t| t.eval(answers)),
        }
    }
}

impl Operand {
    fn resolve(&self, answers: &dyn Answers) -> Option<Value> {
        match self {
            Operand::Question(q) => answers.value(q),
            Operand::Text(s) => Some(Value::Text(s.clone())),
            Operand::Int(n) => Some(Value::Int(*n)),
            Operand::Bool(b) => Some(Value::Bool(*b)),
        }
    }
}

fn compare(op: CmpOp, left: &Value, right: &Value) -> bool {
    let same_type = std::mem::discriminant(left) == std::mem::discriminant(right);
    let order = match (left, right) {
        (Value::Int(a), Value::Int(b)) => Some(a.cmp(b)),
        _ => None,
    };
    match op {
        CmpOp::Eq => same_type && left == right,
        CmpOp::Ne => same_type && left != right,
        CmpOp::Lt => order.is_some_and(|o| o.is_lt()),
        CmpOp::Le => order.is_some_and(|o| o.is_le()),
        CmpOp::Gt => order.is_some_and(|o| o.is_gt()),
        CmpOp::Ge => order.is_some_and(|o| o.is_ge()),
    }
}
