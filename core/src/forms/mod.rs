//! Form definitions and the interview runner. This first part holds the skip-logic
//! expression language; the form format and runner follow.

pub mod expr;
