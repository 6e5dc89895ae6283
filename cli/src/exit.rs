//! How `senim` ends: the exit code for each kind of failure and the one-line message on
//! standard error.
//!
//! Owns the mapping documented in `senim --help`. Messages are the core's error text
//! (which never carries personal data) or the CLI's own fixed text; nothing here may
//! echo a passcode or record content. A failure is also logged, with its exit code only.
//!
//! In a language other than English, the failures a worker meets most (unlocking, a
//! missing or damaged vault, a weak passcode, a wipe by the team's policy, a hub that
//! cannot be reached or refuses, an answer that does not fit its question, a missing
//! consent) are said in that language from the catalog, chosen by the core's typed
//! error; the others keep the core's English text after the translated `error:`.

use std::process::ExitCode;

use clap::error::ErrorKind;
use senim_l10n::{Locale, args};
use senim_vault::{Error as VaultError, PasscodeWeakness};

use crate::{refusal, words};

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

fn code_for(error: &VaultError) -> u8 {
    match error {
        VaultError::WrongPasscode { .. }
        | VaultError::TooManyAttempts { .. }
        | VaultError::KeyStoreRequired
        | VaultError::DeviceSecretMissing
        | VaultError::KeyStore(_) => UNLOCK,
        // Nothing of a vault the team's policy wiped remains: as if there were none.
        VaultError::NoVault | VaultError::WipedByPolicy(_) => NO_VAULT,
        VaultError::CorruptHeader(_)
        | VaultError::CorruptDatabase(_)
        | VaultError::RecordTampered { .. }
        | VaultError::MalformedRecord { .. }
        | VaultError::AuditBroken { .. } => DAMAGED,
        _ => FAILURE,
    }
}

/// Whether `cause` is the error of one of the core's crates: its message already
/// includes its own sources, so the chain is printed up to it and no further.
fn is_core_error(cause: &(dyn std::error::Error + 'static)) -> bool {
    cause.is::<VaultError>()
        || cause.is::<senim_client::Error>()
        || cause.is::<senim_demo::Error>()
        || cause.is::<senim_handoff::Error>()
        || cause.is::<senim_report::Error>()
        || cause.is::<senim_content::Error>()
        || cause.is::<senim_protocol::Error>()
        || cause.is::<senim_records::Error>()
}

/// The vault's error inside whichever layer's error `error` is, if any: what decides
/// the exit code.
fn vault_error(error: &anyhow::Error) -> Option<&VaultError> {
    error.chain().find_map(|cause| {
        if let Some(v) = cause.downcast_ref::<VaultError>() {
            return Some(v);
        }
        match cause.downcast_ref::<senim_client::Error>() {
            Some(senim_client::Error::Vault(v)) => return Some(v),
            Some(_) => return None,
            None => {}
        }
        match cause.downcast_ref::<senim_demo::Error>() {
            Some(senim_demo::Error::Vault(v)) => return Some(v),
            Some(_) => return None,
            None => {}
        }
        match cause.downcast_ref::<senim_handoff::Error>() {
            Some(senim_handoff::Error::Vault(v)) => return Some(v),
            Some(_) => return None,
            None => {}
        }
        match cause.downcast_ref::<senim_report::Error>() {
            Some(senim_report::Error::Vault(v)) => Some(v),
            _ => None,
        }
    })
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
        if is_core_error(cause) {
            break;
        }
    }
    let mut message = parts.join(": ");
    let core = vault_error(error);
    if let Some(VaultError::WipedByPolicy(reason)) = core {
        message = format!(
            "this vault was wiped by the team's policy: {reason}; nothing of it remains \
             (create a new vault and ask the team's lead to admit it again)"
        );
    }
    if words::locale().speaks() != Locale::En
        && let Some(said) = core.and_then(in_words).or_else(|| others_in_words(error))
    {
        message = said;
    }
    let code = core.map_or(FAILURE, code_for);
    // The reason follows on the `error:` line; the log records that the command failed.
    tracing::info!(exit_code = code, "the command failed");
    eprintln!(
        "{}: {}",
        words::text("cli-error"),
        senim_client::redact_credentials(&crate::output::one_line(&message))
    );
    ExitCode::from(code)
}

/// The vault's error as the catalog says it, for the failures a worker meets most;
/// `None` for the others.
fn in_words(error: &VaultError) -> Option<String> {
    Some(match error {
        VaultError::WrongPasscode { failures } => {
            words::format("cli-error-wrong-passcode", &args!["failures" => *failures])
        }
        VaultError::TooManyAttempts { retry_after } => words::format(
            "cli-error-too-many-attempts",
            &args!["seconds" => retry_after.as_secs().max(1)],
        ),
        VaultError::NoVault => words::text("cli-error-no-vault"),
        VaultError::VaultExists => words::text("cli-error-vault-exists"),
        VaultError::RecordNotFound(id) => {
            words::format("cli-error-record-not-found", &args!["id" => id.as_str()])
        }
        VaultError::UnsupportedFormat { found, supported } => words::format(
            "cli-error-unsupported-format",
            &args!["found" => *found, "supported" => *supported],
        ),
        VaultError::KeyStoreRequired => words::text("cli-error-keystore-required"),
        VaultError::DeviceSecretMissing => words::text("cli-error-device-secret-missing"),
        VaultError::WipedByPolicy(_) => words::text("cli-error-wiped-by-policy"),
        VaultError::CorruptHeader(_)
        | VaultError::CorruptDatabase(_)
        | VaultError::RecordTampered { .. }
        | VaultError::MalformedRecord { .. }
        | VaultError::AuditBroken { .. } => words::text("cli-error-damaged"),
        VaultError::WeakPasscode(weakness) => words::text(match weakness {
            PasscodeWeakness::TooShort => "cli-error-passcode-too-short",
            PasscodeWeakness::Common => "cli-error-passcode-common",
            PasscodeWeakness::RepeatedCharacter => "cli-error-passcode-repeated-character",
            PasscodeWeakness::Sequence => "cli-error-passcode-sequence",
            PasscodeWeakness::RepeatedGroup => "cli-error-passcode-repeated-group",
            PasscodeWeakness::TooGuessable => "cli-error-passcode-too-guessable",
        }),
        _ => return None,
    })
}

/// The hub client's or the content's error as the catalog says it ([`refusal`]), for
/// those a worker meets; `None` for the others.
fn others_in_words(error: &anyhow::Error) -> Option<String> {
    error.chain().find_map(|cause| {
        if let Some(e) = cause.downcast_ref::<senim_client::Error>() {
            return refusal::client_in_words(e);
        }
        if let Some(senim_demo::Error::Content(e)) = cause.downcast_ref::<senim_demo::Error>() {
            return refusal::content_in_words(e);
        }
        cause
            .downcast_ref::<senim_content::Error>()
            .and_then(refusal::content_in_words)
    })
}

/// A `--lang` or `SENIM_LANG` naming a language Senim does not speak: said in the
/// system's language, exit code 2.
pub fn unknown_language(unknown: &words::UnknownLanguage) -> ExitCode {
    let system = words::choose(None, |name| {
        (name != words::LANG_VAR)
            .then(|| std::env::var(name).ok())
            .flatten()
    })
    .unwrap_or(Locale::DEFAULT);
    words::init(system);
    let source = match unknown.source {
        words::Source::Flag => "--lang",
        words::Source::Env => words::LANG_VAR,
    };
    let tag: String = crate::output::one_line(&unknown.tag)
        .chars()
        .take(32)
        .collect();
    eprintln!(
        "{}: {}",
        words::text("cli-error"),
        words::format(
            "cli-unknown-language",
            &args!["tag" => tag, "source" => source]
        )
    );
    ExitCode::from(USAGE)
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
            eprintln!(
                "{}: {message} ({})",
                words::text("cli-error"),
                words::text("cli-see-help")
            );
            ExitCode::from(USAGE)
        }
    }
}
