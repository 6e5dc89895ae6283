//! Where passcodes come from: an environment variable (for scripting and tests) or a
//! prompt on the terminal without echo.
//!
//! Owns every passcode the CLI handles, always inside [`Zeroizing`] so it is wiped when
//! dropped. It must never print, log or put a passcode into an error message.

use anyhow::{Result, bail};
use zeroize::Zeroizing;

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
        Err(_) => bail!("cannot read a passcode from the terminal: set {var} to pass it instead"),
    }
}

/// The current passcode: `SENIM_PASSCODE`, or asked once.
pub fn current() -> Result<Passcode> {
    match from_env(PASSCODE_VAR)? {
        Some(p) => Ok(p),
        None => prompt("Passcode: ", PASSCODE_VAR),
    }
}

/// A passcode being chosen: from `var`, or asked twice (both answers must match).
pub fn choose(var: &str) -> Result<Passcode> {
    if let Some(p) = from_env(var)? {
        return Ok(p);
    }
    let first = prompt("New passcode: ", var)?;
    let second = prompt("Repeat the new passcode: ", var)?;
    if *first != *second {
        bail!("the two passcodes do not match");
    }
    Ok(first)
}
