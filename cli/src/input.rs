//! Bounded reads of what the user hands `senim`: a note's text or a referral's reason on
//! standard input, an answers file, a form file, a handoff file.
//!
//! Owns the byte limit of each input and the read that enforces it while reading, so
//! an endless source (`/dev/zero`, a pipe that never ends, a file that grows) costs at
//! most the limit plus one byte of memory. A file's size is never trusted from its
//! metadata: a device or a FIFO reports 0. It never echoes what it read: its errors name
//! the input and the limit only.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, Read, Write};
use std::path::Path;

/// Most bytes of a note's text read from standard input.
pub const MAX_NOTE_TEXT_BYTES: u64 = 1024 * 1024;
/// Most bytes of a referral's reason read from standard input.
pub const MAX_REASON_BYTES: u64 = 1024 * 1024;
/// Most bytes of an interview's answers file.
pub const MAX_ANSWERS_BYTES: u64 = 4 * 1024 * 1024;
/// Most bytes of one line typed at a prompt (an interview answer, a confirmation word).
pub const MAX_LINE_BYTES: u64 = 64 * 1024;
/// Most bytes of a form file (the content crate's own bound on a form).
pub const MAX_FORM_BYTES: u64 = senim_content::forms::MAX_FORM_BYTES as u64;

/// An input that could not be read within its bound.
#[derive(Debug)]
pub enum InputError {
    /// More than `limit` bytes: nothing of it was used.
    TooLarge { what: &'static str, limit: u64 },
    /// Not UTF-8 text where text was expected.
    NotText { what: &'static str },
    /// The source could not be opened or read.
    Io {
        what: &'static str,
        source: io::Error,
    },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::TooLarge { what, limit } => {
                write!(f, "{what} is larger than {} (the limit)", size(*limit))
            }
            InputError::NotText { what } => write!(f, "{what} is not UTF-8 text"),
            InputError::Io { what, source } => write!(f, "cannot read {what}: {source}"),
        }
    }
}

impl std::error::Error for InputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InputError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

fn size(bytes: u64) -> String {
    if bytes.is_multiple_of(1024 * 1024) {
        format!("{} MiB", bytes / (1024 * 1024))
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

/// All of `reader`, refused once it passes `limit` bytes (it reads at most one byte
/// more than the limit).
pub fn read_bounded(
    reader: impl Read,
    limit: u64,
    what: &'static str,
) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|source| InputError::Io { what, source })?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge { what, limit });
    }
    Ok(bytes)
}

/// The file at `path`, refused once it passes `limit` bytes.
pub fn read_file(path: &Path, limit: u64, what: &'static str) -> Result<Vec<u8>, InputError> {
    let file = File::open(path).map_err(|source| InputError::Io { what, source })?;
    read_bounded(file, limit, what)
}

/// Standard input as text, refused once it passes `limit` bytes.
pub fn read_stdin_text(limit: u64, what: &'static str) -> Result<String, InputError> {
    let bytes = read_bounded(io::stdin().lock(), limit, what)?;
    String::from_utf8(bytes).map_err(|_| InputError::NotText { what })
}

/// One line of `reader` (with its line ending), `None` at the end of input; refused once
/// it passes `limit` bytes without a line ending.
pub fn read_line(
    reader: &mut impl BufRead,
    limit: u64,
    what: &'static str,
) -> Result<Option<String>, InputError> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_until(b'\n', &mut bytes)
        .map_err(|source| InputError::Io { what, source })?;
    if bytes.is_empty() {
        return Ok(None);
    }
    if bytes.len() as u64 > limit && bytes.last() != Some(&b'\n') {
        return Err(InputError::TooLarge { what, limit });
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| InputError::NotText { what })
}

/// Asks on standard error with `prompt` and reads one line from the terminal: whether
/// the answer, trimmed, is `word` (letter case ignored). The line is bounded like any
/// other typed line.
pub fn confirm(prompt: &str, word: &str) -> Result<bool, InputError> {
    let io = |source| InputError::Io {
        what: "the confirmation",
        source,
    };
    {
        let mut err = io::stderr().lock();
        err.write_all(prompt.as_bytes()).map_err(io)?;
        err.flush().map_err(io)?;
    }
    let answer = read_line(&mut io::stdin().lock(), MAX_LINE_BYTES, "the confirmation")?;
    Ok(answer.is_some_and(|a| a.trim().eq_ignore_ascii_case(word)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source that never ends, like `/dev/zero`.
    struct Endless;

    impl Read for Endless {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            buf.fill(0);
            Ok(buf.len())
        }
    }

    #[test]
    fn an_endless_source_is_refused_after_the_limit_and_one_byte() {
        let err = read_bounded(Endless, 4096, "the note's text").unwrap_err();
        assert!(matches!(
            err,
            InputError::TooLarge {
                what: "the note's text",
                limit: 4096
            }
        ));
    }

    #[test]
    fn an_endless_line_is_refused_after_the_limit() {
        let mut endless = io::BufReader::new(Endless);
        let err = read_line(&mut endless, 1024, "an answer").unwrap_err();
        assert!(matches!(err, InputError::TooLarge { limit: 1024, .. }));
    }

    #[test]
    fn lines_are_read_one_at_a_time_until_the_end() {
        let mut input = &b"yes\nno"[..];
        assert_eq!(
            read_line(&mut input, 16, "x").unwrap().as_deref(),
            Some("yes\n")
        );
        assert_eq!(
            read_line(&mut input, 16, "x").unwrap().as_deref(),
            Some("no")
        );
        assert_eq!(read_line(&mut input, 16, "x").unwrap(), None);
    }

    #[test]
    fn a_source_of_exactly_the_limit_is_read_whole() {
        let bytes = read_bounded(&[7u8; 4096][..], 4096, "x").unwrap();
        assert_eq!(bytes.len(), 4096);
    }

    #[test]
    fn the_message_names_the_input_and_the_limit_in_readable_units() {
        let err = InputError::TooLarge {
            what: "the answers file",
            limit: MAX_ANSWERS_BYTES,
        };
        assert_eq!(
            err.to_string(),
            "the answers file is larger than 4 MiB (the limit)"
        );
    }

    #[test]
    fn a_missing_file_says_what_could_not_be_read() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_file(&dir.path().join("none.json"), 10, "the form file").unwrap_err();
        assert!(err.to_string().starts_with("cannot read the form file: "));
    }
}
