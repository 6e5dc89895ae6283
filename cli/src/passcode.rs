//! Where passcodes come from: an environment variable (for scripting and tests) or a
//! prompt on the terminal without echo.
//!
//! Owns every passcode the CLI handles, always inside [`Zeroizing`] so it is wiped when
//! dropped, and the strength estimate of a passcode being chosen: a weak one is refused
//! as soon as it is typed (before it is asked again), a good one's estimate is printed
//! once the command has set it. It must never print, log or put a passcode into an
//! error message.

use anyhow::{Result, bail};
use senim_vault::PasscodeStrength;
use zeroize::Zeroizing;

use crate::words;

/// The passcode of an existing vault, or of the vault `vault init` creates.
pub const PASSCODE_VAR: &str = "SENIM_PASSCODE";
/// The new passcode for `vault change-passcode`.
pub const NEW_PASSCODE_VAR: &str = "SENIM_NEW_PASSCODE";

pub type Passcode = Zeroizing<String>;

/// Reads `var` if it is set. A value that is not UTF-8 is an error (without the value).
fn from_env(var: &str) -> Result<Option<Passcode>> {
    match std::env::var(var) {
        Ok(v) => Ok(Some(Zeroizing::new(v))),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => bail!("{var} is not valid UTF-8 text"),
    }
}

fn prompt(label: &str, var: &str) -> Result<Passcode> {
    match rpassword::prompt_password(label) {
        Ok(p) => Ok(Zeroizing::new(p)),
        Err(_) => bail!(words::format(
            "cli-passcode-no-terminal",
            &senim_l10n::args!["var" => var]
        )),
    }
}

/// The current passcode: `SENIM_PASSCODE`, or asked once.
pub fn current() -> Result<Passcode> {
    match from_env(PASSCODE_VAR)? {
        Some(p) => Ok(p),
        None => prompt(&prompt_label("cli-passcode-prompt"), PASSCODE_VAR),
    }
}

/// A passcode being chosen, with its strength: from `var`, or asked twice (both
/// answers must match). One the vault would refuse as too weak is refused here with
/// the vault's typed error, before it is asked again.
pub fn choose(var: &str) -> Result<(Passcode, PasscodeStrength)> {
    if let Some(p) = from_env(var)? {
        let strength = estimate(&p)?;
        return Ok((p, strength));
    }
    let first = prompt(&prompt_label("cli-passcode-prompt-new"), var)?;
    let strength = estimate(&first)?;
    let second = prompt(&prompt_label("cli-passcode-prompt-repeat"), var)?;
    if *first != *second {
        bail!(words::text("cli-passcode-mismatch"));
    }
    Ok((first, strength))
}

/// A prompt's words, followed by a space for the answer.
fn prompt_label(key: &str) -> String {
    format!("{} ", words::text(key))
}

/// The estimate of `passcode`, or [`senim_vault::Error::WeakPasscode`] naming the rule
/// it breaks.
fn estimate(passcode: &str) -> Result<PasscodeStrength> {
    let strength = senim_vault::estimate_passcode(passcode);
    match strength.refused {
        Some(weakness) => Err(senim_vault::Error::WeakPasscode(weakness).into()),
        None => Ok(strength),
    }
}

/// The estimate as people read it: `passcode strength: 3 of 4 (about 10^9 guesses)`,
/// and the advice on a second line when there is some.
pub fn describe(strength: &PasscodeStrength) -> String {
    let mut text = words::format(
        "cli-passcode-strength",
        &senim_l10n::args![
            "score" => strength.score,
            "guesses" => format!("{:.0}", strength.guesses_log10),
        ],
    );
    if let Some(advice) = strength.advice_item() {
        text.push('\n');
        text.push_str(&words::format(
            "cli-passcode-advice",
            &senim_l10n::args!["advice" => words::text(advice.key())],
        ));
    }
    text
}
