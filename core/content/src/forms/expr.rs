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

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

/// Longest accepted expression source, in bytes.
pub const MAX_SOURCE_BYTES: usize = 2_000;

/// Deepest accepted nesting: each `(` and each `not` counts one level.
pub const MAX_DEPTH: usize = 32;

/// An expression that failed to parse. Every variant carries the byte offset in the
/// source where the problem was found (see [`ExprError::position`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExprError {
    /// The source is longer than [`MAX_SOURCE_BYTES`].
    #[error("expression is {len} bytes long; at most {MAX_SOURCE_BYTES} are allowed")]
    TooLong { len: usize },

    /// Parentheses and `not` nest deeper than [`MAX_DEPTH`].
    #[error("expression nests deeper than {MAX_DEPTH} levels at {position}")]
    TooDeep { position: usize },

    /// A token other than the one the grammar needs here.
    #[error("expected {expected}, found {found} at {position}")]
    Unexpected {
        expected: &'static str,
        found: String,
        position: usize,
    },

    /// A character that starts no token.
    #[error("unexpected character {found:?} at {position}")]
    UnexpectedCharacter { found: char, position: usize },

    /// A string literal without its closing quote (position of the opening quote).
    #[error("unterminated string starting at {position}")]
    UnterminatedString { position: usize },

    /// A backslash followed by something other than `"` or `\` inside a string.
    #[error("invalid escape in string at {position} (only \\\" and \\\\ are allowed)")]
    InvalidEscape { position: usize },

    /// An integer literal that does not fit in an i64.
    #[error("integer out of range at {position}")]
    IntegerOutOfRange { position: usize },

    /// A call to a function the language does not have.
    #[error("unknown function '{name}' at {position} (expected answered or selected)")]
    UnknownFunction { name: String, position: usize },
}

impl ExprError {
    /// Byte offset in the source where the problem was found. For
    /// [`ExprError::TooLong`] it is the offset at which the limit was passed.
    pub fn position(&self) -> usize {
        match self {
            ExprError::TooLong { .. } => MAX_SOURCE_BYTES,
            ExprError::TooDeep { position }
            | ExprError::Unexpected { position, .. }
            | ExprError::UnexpectedCharacter { position, .. }
            | ExprError::UnterminatedString { position }
            | ExprError::InvalidEscape { position }
            | ExprError::IntegerOutOfRange { position }
            | ExprError::UnknownFunction { position, .. } => *position,
        }
    }
}

/// A parsed condition.
///
/// [`parse`] builds `And` and `Or` with at least two terms and never nests an `And`
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

/// Parses an expression. Never panics: any input either parses or yields an
/// [`ExprError`] with the byte offset of the problem.
pub fn parse(src: &str) -> Result<Expr, ExprError> {
    if src.len() > MAX_SOURCE_BYTES {
        return Err(ExprError::TooLong { len: src.len() });
    }
    let mut parser = Parser {
        tokens: lex(src)?,
        next: 0,
        depth: 0,
    };
    let expr = parser.or()?;
    let end = parser.peek();
    if end.kind != Tok::End {
        return Err(unexpected("'and', 'or' or end of input", end));
    }
    Ok(expr)
}

impl FromStr for Expr {
    type Err = ExprError;

    fn from_str(src: &str) -> Result<Self, Self::Err> {
        parse(src)
    }
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

// ---------------------------------------------------------------------------------------
// Display: the canonical minimal form, parenthesised only where precedence needs it.

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

// ---------------------------------------------------------------------------------------
// Lexer.

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok<'a> {
    LParen,
    RParen,
    Comma,
    Cmp(CmpOp),
    Ident(&'a str),
    Str(String),
    Int(i64),
    And,
    Or,
    Not,
    True,
    False,
    End,
}

#[derive(Debug, Clone)]
struct Token<'a> {
    kind: Tok<'a>,
    at: usize,
}

/// How a token is named in error messages: its shape, never a string's contents.
fn describe(tok: &Tok<'_>) -> String {
    match tok {
        Tok::LParen => "'('".into(),
        Tok::RParen => "')'".into(),
        Tok::Comma => "','".into(),
        Tok::Cmp(op) => format!("'{op}'"),
        Tok::Ident(name) => format!("'{name}'"),
        Tok::Str(_) => "a string".into(),
        Tok::Int(_) => "an integer".into(),
        Tok::And => "'and'".into(),
        Tok::Or => "'or'".into(),
        Tok::Not => "'not'".into(),
        Tok::True => "'true'".into(),
        Tok::False => "'false'".into(),
        Tok::End => "end of input".into(),
    }
}

fn unexpected(expected: &'static str, tok: &Token<'_>) -> ExprError {
    ExprError::Unexpected {
        expected,
        found: describe(&tok.kind),
        position: tok.at,
    }
}

fn lex(src: &str) -> Result<Vec<Token<'_>>, ExprError> {
    let bytes = src.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let at = i;
        let next_is_eq = bytes.get(i + 1) == Some(&b'=');
        let kind = match b {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'(' => {
                i += 1;
                Tok::LParen
            }
            b')' => {
                i += 1;
                Tok::RParen
            }
            b',' => {
                i += 1;
                Tok::Comma
            }
            b'=' | b'!' if !next_is_eq => {
                return Err(ExprError::Unexpected {
                    expected: if b == b'=' { "'=='" } else { "'!='" },
                    found: format!("'{}'", b as char),
                    position: at,
                });
            }
            b'=' | b'!' | b'<' | b'>' => {
                i += if next_is_eq { 2 } else { 1 };
                Tok::Cmp(match (b, next_is_eq) {
                    (b'=', _) => CmpOp::Eq,
                    (b'!', _) => CmpOp::Ne,
                    (b'<', false) => CmpOp::Lt,
                    (b'<', true) => CmpOp::Le,
                    (_, false) => CmpOp::Gt,
                    (_, true) => CmpOp::Ge,
                })
            }
            b'"' => {
                let (text, end) = lex_string(src, at)?;
                i = end;
                Tok::Str(text)
            }
            b'0'..=b'9' | b'-' => {
                let digits = if b == b'-' { at + 1 } else { at };
                let mut end = digits;
                while bytes.get(end).is_some_and(u8::is_ascii_digit) {
                    end += 1;
                }
                if end == digits {
                    return Err(ExprError::UnexpectedCharacter {
                        found: '-',
                        position: at,
                    });
                }
                let value = src
                    .get(at..end)
                    .and_then(|s| s.parse::<i64>().ok())
                    .ok_or(ExprError::IntegerOutOfRange { position: at })?;
                i = end;
                Tok::Int(value)
            }
            b'a'..=b'z' => {
                let mut end = at + 1;
                while bytes
                    .get(end)
                    .is_some_and(|c| matches!(c, b'a'..=b'z' | b'0'..=b'9' | b'_'))
                {
                    end += 1;
                }
                i = end;
                match src.get(at..end).unwrap_or_default() {
                    "and" => Tok::And,
                    "or" => Tok::Or,
                    "not" => Tok::Not,
                    "true" => Tok::True,
                    "false" => Tok::False,
                    word => Tok::Ident(word),
                }
            }
            _ => {
                let found = src.get(at..).and_then(|s| s.chars().next()).unwrap_or('?');
                return Err(ExprError::UnexpectedCharacter {
                    found,
                    position: at,
                });
            }
        };
        tokens.push(Token { kind, at });
    }
    tokens.push(Token {
        kind: Tok::End,
        at: src.len(),
    });
    Ok(tokens)
}

/// Lexes the string literal whose opening quote is at `start`; returns its value and
/// the offset just past its closing quote.
fn lex_string(src: &str, start: usize) -> Result<(String, usize), ExprError> {
    let body = start + 1;
    let mut text = String::new();
    let mut chars = src.get(body..).unwrap_or_default().char_indices();
    while let Some((offset, c)) = chars.next() {
        match c {
            '"' => return Ok((text, body + offset + 1)),
            '\\' => match chars.next() {
                Some((_, '"')) => text.push('"'),
                Some((_, '\\')) => text.push('\\'),
                Some(_) => {
                    return Err(ExprError::InvalidEscape {
                        position: body + offset,
                    });
                }
                None => break,
            },
            c => text.push(c),
        }
    }
    Err(ExprError::UnterminatedString { position: start })
}

// ---------------------------------------------------------------------------------------
// Parser: recursive descent; recursion happens only through `(` and `not`, both counted
// against MAX_DEPTH, and `and`/`or` chains are read in a loop into flat term lists.

struct Parser<'a> {
    /// Always ends with a `Tok::End` token.
    tokens: Vec<Token<'a>>,
    next: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> &Token<'a> {
        let last = self.tokens.len().saturating_sub(1);
        &self.tokens[self.next.min(last)]
    }

    fn bump(&mut self) -> Token<'a> {
        let tok = self.peek().clone();
        if tok.kind != Tok::End {
            self.next += 1;
        }
        tok
    }

    fn expect(&mut self, kind: Tok<'static>, expected: &'static str) -> Result<(), ExprError> {
        if self.peek().kind == kind {
            self.bump();
            Ok(())
        } else {
            Err(unexpected(expected, self.peek()))
        }
    }

    fn enter(&mut self, at: usize) -> Result<(), ExprError> {
        if self.depth >= MAX_DEPTH {
            return Err(ExprError::TooDeep { position: at });
        }
        self.depth += 1;
        Ok(())
    }

    fn or(&mut self) -> Result<Expr, ExprError> {
        let mut terms = vec![self.and()?];
        while self.peek().kind == Tok::Or {
            self.bump();
            terms.push(self.and()?);
        }
        Ok(join_terms(terms, Expr::Or))
    }

    fn and(&mut self) -> Result<Expr, ExprError> {
        let mut terms = vec![self.not()?];
        while self.peek().kind == Tok::And {
            self.bump();
            terms.push(self.not()?);
        }
        Ok(join_terms(terms, Expr::And))
    }

    fn not(&mut self) -> Result<Expr, ExprError> {
        if self.peek().kind != Tok::Not {
            return self.atom();
        }
        let at = self.bump().at;
        self.enter(at)?;
        let inner = self.not()?;
        self.depth -= 1;
        Ok(Expr::Not(Box::new(inner)))
    }

    fn atom(&mut self) -> Result<Expr, ExprError> {
        let tok = self.peek().clone();
        match tok.kind {
            Tok::LParen => {
                self.bump();
                self.enter(tok.at)?;
                let inner = self.or()?;
                self.expect(Tok::RParen, "')'")?;
                self.depth -= 1;
                Ok(inner)
            }
            Tok::Ident(name)
                if self.tokens.get(self.next + 1).map(|t| &t.kind) == Some(&Tok::LParen) =>
            {
                self.bump();
                self.call(name, tok.at)
            }
            Tok::Ident(_) | Tok::Str(_) | Tok::Int(_) | Tok::True | Tok::False => {
                let left = self.operand()?;
                if let Tok::Cmp(op) = self.peek().kind {
                    self.bump();
                    let right = self.operand()?;
                    return Ok(Expr::Compare { op, left, right });
                }
                match left {
                    Operand::Bool(b) => Ok(Expr::Const(b)),
                    _ => Err(unexpected("a comparison operator", self.peek())),
                }
            }
            _ => Err(unexpected("a condition", &tok)),
        }
    }

    fn operand(&mut self) -> Result<Operand, ExprError> {
        let tok = self.bump();
        Ok(match tok.kind {
            Tok::Ident(q) => Operand::Question(q.to_owned()),
            Tok::Str(s) => Operand::Text(s),
            Tok::Int(n) => Operand::Int(n),
            Tok::True => Operand::Bool(true),
            Tok::False => Operand::Bool(false),
            _ => return Err(unexpected("a question id or a literal", &tok)),
        })
    }

    fn question(&mut self) -> Result<String, ExprError> {
        let tok = self.bump();
        match tok.kind {
            Tok::Ident(q) => Ok(q.to_owned()),
            _ => Err(unexpected("a question id", &tok)),
        }
    }

    /// Parses a call whose name (at `at`) has been read and whose `(` is next.
    fn call(&mut self, name: &str, at: usize) -> Result<Expr, ExprError> {
        match name {
            "answered" => {
                self.expect(Tok::LParen, "'('")?;
                let question = self.question()?;
                self.expect(Tok::RParen, "')'")?;
                Ok(Expr::Answered(question))
            }
            "selected" => {
                self.expect(Tok::LParen, "'('")?;
                let question = self.question()?;
                self.expect(Tok::Comma, "','")?;
                let tok = self.bump();
                let Tok::Str(option) = tok.kind else {
                    return Err(unexpected("a string", &tok));
                };
                self.expect(Tok::RParen, "')'")?;
                Ok(Expr::Selected { question, option })
            }
            _ => Err(ExprError::UnknownFunction {
                name: name.to_owned(),
                position: at,
            }),
        }
    }
}

/// One term stands for itself; two or more are joined with `join`.
fn join_terms(mut terms: Vec<Expr>, join: fn(Vec<Expr>) -> Expr) -> Expr {
    if terms.len() == 1
        && let Some(only) = terms.pop()
    {
        return only;
    }
    join(terms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn answers(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
        pairs
            .iter()
            .map(|(q, v)| (q.to_string(), v.clone()))
            .collect()
    }

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    fn choices(options: &[&str]) -> Value {
        Value::Choices(options.iter().map(|o| o.to_string()).collect())
    }

    fn eval(src: &str, given: &BTreeMap<String, Value>) -> bool {
        parse(src).expect("valid expression").eval(given)
    }

    fn cmp(q: &str, op: CmpOp, n: i64) -> Expr {
        Expr::Compare {
            op,
            left: Operand::Question(q.into()),
            right: Operand::Int(n),
        }
    }

    fn error_at(src: &str) -> (ExprError, usize) {
        let err = parse(src).expect_err("malformed expression");
        let position = err.position();
        (err, position)
    }

    // --- precedence and structure ---

    #[test]
    fn and_binds_tighter_than_or() {
        assert_eq!(
            parse("a == 1 or b == 2 and c == 3").unwrap(),
            Expr::Or(vec![
                cmp("a", CmpOp::Eq, 1),
                Expr::And(vec![cmp("b", CmpOp::Eq, 2), cmp("c", CmpOp::Eq, 3)]),
            ])
        );
    }

    #[test]
    fn not_binds_tighter_than_and() {
        assert_eq!(
            parse("not a == 1 and b == 2").unwrap(),
            Expr::And(vec![
                Expr::Not(Box::new(cmp("a", CmpOp::Eq, 1))),
                cmp("b", CmpOp::Eq, 2),
            ])
        );
    }

    #[test]
    fn parentheses_override_precedence() {
        assert_eq!(
            parse("(a == 1 or b == 2) and c == 3").unwrap(),
            Expr::And(vec![
                Expr::Or(vec![cmp("a", CmpOp::Eq, 1), cmp("b", CmpOp::Eq, 2)]),
                cmp("c", CmpOp::Eq, 3),
            ])
        );
        let given = answers(&[("a", Value::Int(1)), ("c", Value::Int(0))]);
        assert!(!eval("(a == 1 or b == 2) and c == 3", &given));
        assert!(eval("a == 1 or b == 2 and c == 3", &given));
    }

    #[test]
    fn chains_of_the_same_operator_are_flat() {
        let Expr::Or(terms) = parse("a == 1 or b == 1 or c == 1 or d == 1").unwrap() else {
            panic!("expected an or");
        };
        assert_eq!(terms.len(), 4);
    }

    #[test]
    fn whitespace_is_insignificant() {
        assert_eq!(parse(" \t( a==1 )\n").unwrap(), parse("a == 1").unwrap());
    }

    // --- operators ---

    #[test]
    fn eq_matches_equal_values_of_each_type() {
        let given = answers(&[
            ("n", Value::Int(3)),
            ("t", text("yes")),
            ("b", Value::Bool(true)),
        ]);
        assert!(eval("n == 3", &given));
        assert!(eval("t == \"yes\"", &given));
        assert!(eval("b == true", &given));
        assert!(!eval("t == \"no\"", &given));
    }

    #[test]
    fn ne_is_true_for_different_values_of_the_same_type() {
        let given = answers(&[("t", text("yes"))]);
        assert!(eval("t != \"no\"", &given));
        assert!(!eval("t != \"yes\"", &given));
    }

    #[test]
    fn ordering_operators_compare_integers() {
        let given = answers(&[("n", Value::Int(5))]);
        assert!(eval("n < 6", &given) && !eval("n < 5", &given));
        assert!(eval("n <= 5", &given) && !eval("n <= 4", &given));
        assert!(eval("n > 4", &given) && !eval("n > 5", &given));
        assert!(eval("n >= 5", &given) && !eval("n >= 6", &given));
        assert!(eval("n > -1", &given));
    }

    #[test]
    fn ordering_operators_are_false_on_non_integers() {
        let given = answers(&[("t", text("b"))]);
        assert!(!eval("t > \"a\"", &given));
        assert!(!eval("t < \"c\"", &given));
        assert!(!eval("t >= \"b\"", &given));
    }

    #[test]
    fn comparisons_between_mismatched_types_are_false() {
        let given = answers(&[("n", Value::Int(1)), ("c", choices(&["a"]))]);
        assert!(!eval("n == \"1\"", &given));
        assert!(!eval("n != \"1\"", &given));
        assert!(!eval("n == true", &given));
        assert!(!eval("c == \"a\"", &given));
    }

    #[test]
    fn two_questions_can_be_compared() {
        let given = answers(&[("a", Value::Int(2)), ("b", Value::Int(3))]);
        assert!(eval("a < b", &given));
        assert!(!eval("a == b", &given));
    }

    #[test]
    fn and_or_not_follow_boolean_logic() {
        let given = answers(&[("a", Value::Int(1))]);
        assert!(eval("true and a == 1", &given));
        assert!(!eval("false and a == 1", &given));
        assert!(eval("false or a == 1", &given));
        assert!(!eval("false or false", &given));
        assert!(eval("not false", &given));
        assert!(eval("not not true", &given));
    }

    // --- functions ---

    #[test]
    fn answered_is_true_only_for_questions_with_a_value() {
        let given = answers(&[("a", text("no"))]);
        assert!(eval("answered(a)", &given));
        assert!(!eval("answered(b)", &given));
    }

    #[test]
    fn selected_matches_a_single_choice() {
        let given = answers(&[("q", text("debt"))]);
        assert!(eval("selected(q, \"debt\")", &given));
        assert!(!eval("selected(q, \"fee\")", &given));
    }

    #[test]
    fn selected_finds_an_option_among_multiple_choices() {
        let given = answers(&[("q", choices(&["debt", "fee"]))]);
        assert!(eval("selected(q, \"fee\")", &given));
        assert!(!eval("selected(q, \"threats\")", &given));
    }

    #[test]
    fn selected_is_false_for_unanswered_and_non_choice_answers() {
        let given = answers(&[("n", Value::Int(1))]);
        assert!(!eval("selected(q, \"debt\")", &given));
        assert!(!eval("selected(n, \"1\")", &given));
    }

    #[test]
    fn a_question_may_be_named_like_a_function_when_not_called() {
        let given = answers(&[("answered", text("x"))]);
        assert!(eval("answered == \"x\"", &given));
    }

    // --- unanswered questions ---

    #[test]
    fn comparison_with_an_unanswered_question_is_false() {
        let none = answers(&[]);
        for src in ["q == \"yes\"", "q != \"yes\"", "q < 1", "q >= 1", "q == r"] {
            assert!(!eval(src, &none), "{src}");
        }
    }

    #[test]
    fn negated_comparison_with_an_unanswered_question_is_true() {
        assert!(eval("not (q == \"yes\")", &answers(&[])));
        assert!(eval("not q == \"yes\"", &answers(&[])));
    }

    // --- errors ---

    #[test]
    fn unterminated_string_points_at_its_opening_quote() {
        let (err, at) = error_at("q == \"yes");
        assert_eq!(err, ExprError::UnterminatedString { position: 5 });
        assert_eq!(at, 5);
        assert_eq!(err.to_string(), "unterminated string starting at 5");
        assert_eq!(error_at("q == \"a\\").1, 5);
    }

    #[test]
    fn missing_closing_paren_points_at_the_end() {
        let (err, at) = error_at("(q == 1 and r == 2");
        assert_eq!(at, 18);
        assert_eq!(err.to_string(), "expected ')', found end of input at 18");
    }

    #[test]
    fn unknown_function_is_named_with_its_position() {
        let (err, at) = error_at("a == 1 or foo(a)");
        assert_eq!(at, 10);
        assert_eq!(
            err.to_string(),
            "unknown function 'foo' at 10 (expected answered or selected)"
        );
    }

    #[test]
    fn bad_character_is_reported_where_it_is() {
        let (err, at) = error_at("q == 1 & r == 2");
        assert_eq!(at, 7);
        assert_eq!(err.to_string(), "unexpected character '&' at 7");
        assert_eq!(error_at("Q == 1").1, 0);
        assert_eq!(error_at("q == é").1, 5);
    }

    #[test]
    fn single_equals_sign_asks_for_double() {
        let (err, at) = error_at("q = 1");
        assert_eq!(at, 2);
        assert_eq!(err.to_string(), "expected '==', found '=' at 2");
    }

    #[test]
    fn trailing_garbage_is_rejected() {
        let (err, at) = error_at("q == 1 2");
        assert_eq!(at, 7);
        assert_eq!(
            err.to_string(),
            "expected 'and', 'or' or end of input, found an integer at 7"
        );
        assert_eq!(error_at("q == 1)").1, 6);
    }

    #[test]
    fn empty_input_is_rejected() {
        for src in ["", "   "] {
            let (err, at) = error_at(src);
            assert_eq!(at, src.len());
            assert!(
                err.to_string()
                    .starts_with("expected a condition, found end of input")
            );
        }
    }

    #[test]
    fn bare_question_needs_a_comparison() {
        let (err, at) = error_at("q and r == 1");
        assert_eq!(at, 2);
        assert_eq!(
            err.to_string(),
            "expected a comparison operator, found 'and' at 2"
        );
    }

    #[test]
    fn malformed_calls_are_rejected() {
        assert_eq!(error_at("answered(\"q\")").1, 9);
        assert_eq!(error_at("selected(q)").1, 10);
        assert_eq!(error_at("selected(q, 1)").1, 12);
        assert_eq!(error_at("answered(q").1, 10);
    }

    #[test]
    fn invalid_escape_and_out_of_range_integer_are_rejected() {
        assert_eq!(
            error_at("q == \"a\\n\"").0,
            ExprError::InvalidEscape { position: 7 }
        );
        assert_eq!(
            error_at("q == 9223372036854775808").0,
            ExprError::IntegerOutOfRange { position: 5 }
        );
        assert!(parse("q == -9223372036854775808").is_ok());
    }

    #[test]
    fn errors_never_echo_string_contents() {
        let err = parse("q == \"secret name\" \"other secret\"").unwrap_err();
        assert!(!err.to_string().contains("secret"));
    }

    // --- limits ---

    #[test]
    fn nesting_up_to_the_limit_is_accepted() {
        let src = format!("{}q == 1{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(parse(&src).is_ok());
        assert!(parse(&format!("{}true", "not ".repeat(MAX_DEPTH))).is_ok());
    }

    #[test]
    fn nesting_past_the_limit_is_a_typed_error() {
        let depth = MAX_DEPTH + 1;
        let src = format!("{}q == 1{}", "(".repeat(depth), ")".repeat(depth));
        assert_eq!(
            parse(&src),
            Err(ExprError::TooDeep {
                position: MAX_DEPTH
            })
        );
        let nots = format!("{}true", "not ".repeat(depth));
        assert!(matches!(parse(&nots), Err(ExprError::TooDeep { .. })));
    }

    #[test]
    fn deep_input_at_the_size_limit_does_not_overflow_the_stack() {
        let src = "(".repeat(MAX_SOURCE_BYTES);
        assert!(matches!(parse(&src), Err(ExprError::TooDeep { .. })));
    }

    #[test]
    fn source_up_to_the_size_limit_is_accepted() {
        let term = "q == 1 or ";
        let mut src = term.repeat((MAX_SOURCE_BYTES - 6) / term.len());
        src.push_str("q == 1");
        src.push_str(&" ".repeat(MAX_SOURCE_BYTES - src.len()));
        assert_eq!(src.len(), MAX_SOURCE_BYTES);
        assert!(parse(&src).is_ok());
    }

    #[test]
    fn source_past_the_size_limit_is_a_typed_error() {
        let src = " ".repeat(MAX_SOURCE_BYTES + 1);
        let err = parse(&src).unwrap_err();
        assert_eq!(
            err,
            ExprError::TooLong {
                len: MAX_SOURCE_BYTES + 1
            }
        );
        assert_eq!(err.position(), MAX_SOURCE_BYTES);
    }

    // --- questions() ---

    #[test]
    fn questions_collects_every_referenced_id_once() {
        let expr = parse(
            "a == b or not (answered(c) and selected(d, \"x\")) or 1 < e or a == \"f\" or true",
        )
        .unwrap();
        assert_eq!(
            expr.questions(),
            ["a", "b", "c", "d", "e"].into_iter().collect()
        );
    }

    #[test]
    fn questions_is_empty_for_constants() {
        assert!(parse("true or 1 == 2").unwrap().questions().is_empty());
    }

    // --- Display ---

    #[test]
    fn display_is_minimal_and_canonical() {
        let cases = [
            ("(a==1)", "a == 1"),
            (
                "a == 1 or (b == 2 and c == 3)",
                "a == 1 or b == 2 and c == 3",
            ),
            (
                "(a == 1 or b == 2) and c == 3",
                "(a == 1 or b == 2) and c == 3",
            ),
            (
                "a == 1 and (b == 2 and c == 3)",
                "a == 1 and (b == 2 and c == 3)",
            ),
            ("not (a == 1)", "not a == 1"),
            ("not (a == 1 or true)", "not (a == 1 or true)"),
            (
                "selected( q ,\"say \\\"hi\\\" \\\\\" )",
                "selected(q, \"say \\\"hi\\\" \\\\\")",
            ),
            ("answered(q) and n >= -3", "answered(q) and n >= -3"),
        ];
        for (src, shown) in cases {
            assert_eq!(parse(src).unwrap().to_string(), shown, "{src}");
        }
    }

    // --- properties ---

    fn question_id() -> impl Strategy<Value = String> {
        "[a-z][a-z0-9_]{0,6}".prop_filter("keywords are not question ids", |id| {
            !matches!(id.as_str(), "and" | "or" | "not" | "true" | "false")
        })
    }

    fn operand() -> impl Strategy<Value = Operand> {
        prop_oneof![
            question_id().prop_map(Operand::Question),
            "[a-z \"\\\\é]{0,8}".prop_map(Operand::Text),
            any::<i64>().prop_map(Operand::Int),
            any::<bool>().prop_map(Operand::Bool),
        ]
    }

    fn cmp_op() -> impl Strategy<Value = CmpOp> {
        prop_oneof![
            Just(CmpOp::Eq),
            Just(CmpOp::Ne),
            Just(CmpOp::Lt),
            Just(CmpOp::Le),
            Just(CmpOp::Gt),
            Just(CmpOp::Ge),
        ]
    }

    fn expr() -> impl Strategy<Value = Expr> {
        let leaf = prop_oneof![
            any::<bool>().prop_map(Expr::Const),
            (cmp_op(), operand(), operand()).prop_map(|(op, left, right)| Expr::Compare {
                op,
                left,
                right
            }),
            question_id().prop_map(Expr::Answered),
            (question_id(), "[a-z \"\\\\]{0,8}")
                .prop_map(|(question, option)| Expr::Selected { question, option }),
        ];
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                inner.clone().prop_map(|e| Expr::Not(Box::new(e))),
                proptest::collection::vec(inner.clone(), 2..5).prop_map(Expr::And),
                proptest::collection::vec(inner, 2..5).prop_map(Expr::Or),
            ]
        })
    }

    proptest! {
        #[test]
        fn parse_never_panics_on_arbitrary_strings(src in any::<String>()) {
            let _ = parse(&src);
        }

        #[test]
        fn parse_never_panics_on_grammar_like_strings(
            src in "[a-z0-9 ()\",\\\\=!<>-]{0,80}|(not |\\(|and |or |selected\\(q, |answered\\(){0,40}[a-z0-9 ()\"=]{0,10}"
        ) {
            if let Err(err) = parse(&src) {
                prop_assert!(err.position() <= src.len().max(MAX_SOURCE_BYTES));
            }
        }

        #[test]
        fn display_then_parse_gives_back_the_same_expression(e in expr()) {
            let shown = e.to_string();
            if shown.len() > MAX_SOURCE_BYTES {
                prop_assert_eq!(parse(&shown), Err(ExprError::TooLong { len: shown.len() }));
            } else {
                prop_assert_eq!(parse(&shown), Ok(e), "{}", shown);
            }
        }

        #[test]
        fn questions_of_a_parsed_expression_survive_display(e in expr()) {
            let shown = e.to_string();
            prop_assume!(shown.len() <= MAX_SOURCE_BYTES);
            let reparsed = parse(&shown).unwrap();
            prop_assert_eq!(reparsed.questions(), e.questions());
        }
    }
}
