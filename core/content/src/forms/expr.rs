//! The skip-logic expression language of screening forms.
//!
//! Owns parsing (once, when a form loads) and evaluation (against the current answers)
//! of the small conditions a form definition uses to show or skip a question and to
//! raise an indicator, e.g. `answered(employer) and not (documents_held == "yes")` or
//! `selected(recruitment, "debt") or debt_amount >= 1000`.
//!
//! Grammar, loosest binding first:
//!
//! ```text
//! expr       := and ("or" and)*
//! and        := not ("and" not)*
//! not        := "not" not | atom
//! atom       := "(" expr ")" | call | operand cmp operand | "true" | "false"
//! call       := "answered" "(" question ")" | "selected" "(" question "," string ")"
//! cmp        := "==" | "!=" | "<" | "<=" | ">" | ">="
//! operand    := question | string | integer | "true" | "false"
//! question   := [a-z][a-z0-9_]*   (not one of the keywords and, or, not, true, false)
//! string     := '"' (any character but '"' and '\', or the escapes \" and \\)* '"'
//! integer    := "-"? [0-9]+       (fits in an i64)
//! ```
//!
//! It must never panic, loop or recurse without bound on any input: sources are at most
//! [`MAX_SOURCE_BYTES`] long and nest at most [`MAX_DEPTH`] deep, both checked with a
//! typed [`ExprError`]. There are no loops, variables or functions beyond the two above.
//! Errors describe the shape of bad input and never echo the contents of a string
//! literal.
//!
//! The parts: `ast` (a condition's shape and canonical text), `lex` and `parse` (source
//! to condition), `eval` (a condition against the answers), `error` (the limits and
//! what is wrong with a source).

mod ast;
mod error;
mod eval;
mod lex;
mod parse;

pub use ast::{CmpOp, Expr, Operand};
pub use error::{ExprError, MAX_DEPTH, MAX_SOURCE_BYTES};
pub use eval::{Answers, Value};
pub use parse::parse;

#[cfg(test)]
#[path = "expr_tests.rs"]
mod tests;
