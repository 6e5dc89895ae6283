//! The limits of an expression source and what is wrong with one that does not parse.
//!
//! Errors describe the shape of bad input (a position, a token's kind) and never echo
//! the contents of a string literal.

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
