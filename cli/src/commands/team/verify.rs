//! Verification codes at enrolment, on the command line: `team request` shows its
//! request's four words, `team approve` and `team join` check the words of the code they
//! were handed against what the other device shows, either typed with `--verify` or
//! confirmed on the terminal.
//!
//! Owns the question asked and the refusals. It never proceeds on a code nobody
//! confirmed: without `--verify` and without a terminal to ask on, it refuses, so a
//! script cannot admit or join unverified.

use std::io::{IsTerminal, Write};

use anyhow::{Result, bail};
use senim_protocol::team::VerificationCode;

use crate::input;
use crate::words;
use senim_l10n::args;

/// What is being verified, as the messages name it.
#[derive(Clone, Copy)]
pub enum Step {
    /// The lead admits a join request.
    Approve,
    /// A new device joins with a welcome.
    Join,
}

impl Step {
    fn what(self) -> &'static str {
        match self {
            Step::Approve => "join request",
            Step::Join => "welcome code",
        }
    }
    /// The catalog key of this step's `message` (`cli-verify-<message>-approve`).
    fn key(self, message: &str) -> String {
        match self {
            Step::Approve => format!("cli-verify-{message}-approve"),
            Step::Join => format!("cli-verify-{message}-join"),
        }
    }
}

/// Checks `code` (of the request or welcome at hand) against `typed` (`--verify`), or
/// asks on the terminal when nothing was typed. Refuses on a mismatch, on any answer
/// but yes, and without `--verify` when standard input is not a terminal.
pub fn check(step: Step, code: VerificationCode, typed: Option<&str>) -> Result<()> {
    if let Some(typed) = typed {
        code.confirm(step.what(), typed)?;
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        bail!(words::text(&step.key("refused")));
    }
    let prompt = words::format(&step.key("prompt"), &args!["code" => code.to_string()]);
    if !input::confirm(&prompt, "yes")? {
        bail!(words::text(&step.key("not-confirmed")));
    }
    Ok(())
}

/// Shows a code's words on standard error (standard output keeps the one-line code for
/// scripts), with what the reader does with them.
pub fn show(code: VerificationCode, what: &str) -> Result<()> {
    let mut err = std::io::stderr().lock();
    let text = words::format(
        "cli-verify-code",
        &args!["code" => code.to_string(), "what" => what],
    );
    writeln!(err, "{text}")?;
    Ok(())
}
