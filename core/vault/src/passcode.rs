//! The rules a passcode must meet before any key is derived from it. Refusals say
//! which rule, never the passcode.

use crate::{Error, Result};

/// Shortest passcode accepted.
pub const MIN_PASSCODE_CHARS: usize = 6;

/// Refuses a passcode that is not UTF-8 text of at least [`MIN_PASSCODE_CHARS`]
/// characters and at most 1024 bytes.
pub(crate) fn check_passcode(passcode: &[u8]) -> Result<()> {
    let chars = std::str::from_utf8(passcode)
        .map_err(|_| Error::invalid("passcode", "must be valid UTF-8 text"))?
        .chars()
        .count();
    if chars < MIN_PASSCODE_CHARS {
        return Err(Error::invalid(
            "passcode",
            format!("must be at least {MIN_PASSCODE_CHARS} characters"),
        ));
    }
    if passcode.len() > 1024 {
        return Err(Error::invalid("passcode", "must be at most 1024 bytes"));
    }
    Ok(())
}
