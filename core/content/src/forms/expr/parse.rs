//! The parser of the expression language: tokens to a condition, by recursive
//! descent.
//!
//! Recursion happens only through `(` and `not`, both counted against [`MAX_DEPTH`],
//! and `and`/`or` chains are read in a loop into flat term lists, so no input can
//! recurse without bound. It never evaluates.

use std::str::FromStr;

use super::ast::{Expr, Operand};
use super::error::{ExprError, MAX_DEPTH, MAX_SOURCE_BYTES};
use super::lex::{Tok, Token, lex, unexpected};

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
