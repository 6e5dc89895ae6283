//! How `senim` ends: the exit code for each kind of failure and the one-line message on
//! standard error.
//!
//! Owns the mapping documented in `senim --help`. Messages are the core's error text
//! (which never carries personal data) or the CLI's own fixed text; nothing here may
//! echo a passcode or record content.

use std::process::ExitCode;

use clap::error::ErrorKind;
use senim_core::Error as CoreError;

/// Any failure without a more specific code.
pub const FAILURE: u8 = 1;
/// Bad arguments (clap's own code).
pub const USAGE: u8 = 2;
/// Wrong passcode, too many attempts, or the device key store is missing.
pub const UNLOCK: u8 = 3;
/// No vault at the given location.
pub const NO_VAULT: u8 = 4;
/// The vault is damaged or was tampered with.
pub const DAMAGED: u8 = 5;

fn code_for(error: &CoreError) -> u8 {
    match error {
        CoreError::WrongPasscode { .. }
        | CoreError::TooManyAttempts { .. }
        | CoreError::KeyStoreRequired
        | CoreError::DeviceSecretMissing
        | CoreError::KeyStore(_) => UNLOCK,
        // Nothing of a vault the team's policy wiped remains: as if there were none.
        CoreError::NoVault | CoreError::WipedByPolicy(_) => NO_VAULT,
        CoreError::CorruptHeader(_)
        | CoreError::CorruptDatabase(_)
        | CoreError::RecordTampered { .. }
        | CoreError::MalformedRecord { .. }
        | CoreError::AuditBroken { .. } => DAMAGED,
        CoreError::Membership(_) | CoreError::Order(_) => FAILURE,
        _ => FAILURE,
    }
}

/// True when standard output was closed early (`senim records list | head`).
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Prints `error: <reason>` on one line and returns the matching exit code.
pub fn report(error: &anyhow::Error) -> ExitCode {
    if is_broken_pipe(error) {
        return ExitCode::SUCCESS;
    }
    // The context added on the way up, then the core's message, which already
    // includes its own source: printed once.
    let mut parts = Vec::new();
    for cause in error.chain() {
        parts.push(cause.to_string());
        if cause.is::<CoreError>() {
            break;
        }
    }
    let mut message = parts.join(": ");
    let core = error.downcast_ref::<CoreError>();
    if let Some(CoreError::WipedByPolicy(reason)) = core {
        message = format!(
            "this vault was wiped by the team's policy: {reason}; nothing of it remains \
             (create a new vault and ask the team's lead to admit it again)"
        );
    }
    let code = core.map_or(FAILURE, code_for);
    eprintln!("error: {}", crate::output::one_line(&message));
    ExitCode::from(code)
}

/// Handles a command line that did not parse: help and version go to standard output
/// with success; anything else is a one-line error with exit code 2.
pub fn usage(error: clap::Error) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            ExitCode::from(USAGE)
        }
        _ => {
            // clap's message is its first paragraph (a missing argument is named on the
            // next line); usage and tips follow a blank line.
            let rendered = error.render().to_string();
            let paragraph: Vec<&str> = rendered
                .lines()
                .skip_while(|l| l.trim().is_empty())
                .take_while(|l| !l.trim().is_empty())
                .collect();
            let message = crate::output::one_line(&paragraph.join(" "));
            let message = message.strip_prefix("error: ").unwrap_or(&message);
            eprintln!("error: {message} (see --help)");
            ExitCode::from(USAGE)
        }
    }
}
