//! The lexer of the expression language: source text to tokens with their byte
//! offsets.
//!
//! Owns what a token is and how one is named in an error (by its shape, never by a
//! string's contents). It never builds a condition.

use super::ast::CmpOp;
use super::error::ExprError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Tok<'a> {
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
pub(super) struct Token<'a> {
    pub(super) kind: Tok<'a>,
    pub(super) at: usize,
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

pub(super) fn unexpected(expected: &'static str, tok: &Token<'_>) -> ExprError {
    ExprError::Unexpected {
        expected,
        found: describe(&tok.kind),
        position: tok.at,
    }
}

pub(super) fn lex(src: &str) -> Result<Vec<Token<'_>>, ExprError> {
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
