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
    fn other(self) -> &'static str {
        match self {
            Step::Approve => "the new device",
            Step::Join => "the lead's device",
        }
    }
    fn action(self) -> &'static str {
        match self {
            Step::Approve => "admit the device",
            Step::Join => "join the team",
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
        bail!(
            "refusing to {} without --verify: standard input is not a terminal to confirm \
             the verification code on; pass --verify with the four words {} shows",
            step.action(),
            step.other()
        );
    }
    let prompt = format!(
        "Verification code of this {}: {code}\nDoes {} show exactly these four words? \
         If not, the code was changed on the way: answer no.\nType \"yes\" to {}: ",
        step.what(),
        step.other(),
        step.action()
    );
    if !input::confirm(&prompt, "yes")? {
        bail!(
            "the verification code was not confirmed: nothing was done ({} not {})",
            match step {
                Step::Approve => "the device was",
                Step::Join => "the team was",
            },
            match step {
                Step::Approve => "admitted",
                Step::Join => "joined",
            }
        );
    }
    Ok(())
}

/// Shows a code's words on standard error (standard output keeps the one-line code for
/// scripts), with what the reader does with them.
pub fn show(code: VerificationCode, what: &str) -> Result<()> {
    let mut err = std::io::stderr().lock();
    writeln!(err, "verification code: {code}\n  ({what})")?;
    Ok(())
}
