//! A parsed condition: its shape ([`Expr`], [`Operand`], [`CmpOp`]), the questions it
//! reads, and its canonical text.
//!
//! Owns what a condition is and how it prints: the canonical minimal form,
//! parenthesised only where precedence needs it, so that parsing the text gives back
//! the same condition. It never parses or evaluates.

use std::collections::BTreeSet;
use std::fmt;

/// A parsed condition.
///
/// [`parse`](super::parse) builds `And` and `Or` with at least two terms and never nests an `And`
/// directly in an `And` (or an `Or` in an `Or`) unless the source parenthesised it;
/// [`fmt::Display`] prints that shape back so that `parse(&e.to_string()) == Ok(e)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// `true` or `false` on its own.
    Const(bool),
    /// `left op right`.
    Compare {
        op: CmpOp,
        left: Operand,
        right: Operand,
    },
    /// `answered(question)`.
    Answered(String),
    /// `selected(question, "option")`.
    Selected { question: String, option: String },
    /// `not expr`.
    Not(Box<Expr>),
    /// `a and b and ...`: true when every term is.
    And(Vec<Expr>),
    /// `a or b or ...`: true when any term is.
    Or(Vec<Expr>),
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operand {
    /// The answer to the question with this id.
    Question(String),
    Text(String),
    Int(i64),
    Bool(bool),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Expr {
    /// Every question id the expression refers to.
    pub fn questions(&self) -> BTreeSet<&str> {
        let mut ids = BTreeSet::new();
        self.collect_questions(&mut ids);
        ids
    }

    fn collect_questions<'a>(&'a self, ids: &mut BTreeSet<&'a str>) {
        match self {
            Expr::Const(_) => {}
            Expr::Compare { left, right, .. } => {
                for operand in [left, right] {
                    if let Operand::Question(q) = operand {
                        ids.insert(q);
                    }
                }
            }
            Expr::Answered(q) | Expr::Selected { question: q, .. } => {
                ids.insert(q);
            }
            Expr::Not(inner) => inner.collect_questions(ids),
            Expr::And(terms) | Expr::Or(terms) => {
                for term in terms {
                    term.collect_questions(ids);
                }
            }
        }
    }
}

impl fmt::Display for CmpOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        })
    }
}

fn write_string(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            c => fmt::Write::write_char(f, c)?,
        }
    }
    f.write_str("\"")
}

impl fmt::Display for Operand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Operand::Question(q) => f.write_str(q),
            Operand::Text(s) => write_string(f, s),
            Operand::Int(n) => write!(f, "{n}"),
            Operand::Bool(b) => write!(f, "{b}"),
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Const(b) => write!(f, "{b}"),
            Expr::Compare { op, left, right } => write!(f, "{left} {op} {right}"),
            Expr::Answered(q) => write!(f, "answered({q})"),
            Expr::Selected { question, option } => {
                write!(f, "selected({question}, ")?;
                write_string(f, option)?;
                f.write_str(")")
            }
            Expr::Not(inner) => match **inner {
                Expr::And(_) | Expr::Or(_) => write!(f, "not ({inner})"),
                _ => write!(f, "not {inner}"),
            },
            Expr::And(terms) => write_terms(f, terms, " and ", |t| {
                matches!(t, Expr::And(_) | Expr::Or(_))
            }),
            Expr::Or(terms) => write_terms(f, terms, " or ", |t| matches!(t, Expr::Or(_))),
        }
    }
}

fn write_terms(
    f: &mut fmt::Formatter<'_>,
    terms: &[Expr],
    separator: &str,
    needs_parens: fn(&Expr) -> bool,
) -> fmt::Result {
    for (i, term) in terms.iter().enumerate() {
        if i > 0 {
            f.write_str(separator)?;
        }
        if needs_parens(term) {
            write!(f, "({term})")?;
        } else {
            write!(f, "{term}")?;
        }
    }
    Ok(())
}
