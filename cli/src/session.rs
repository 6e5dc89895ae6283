//! Finding the vault and key store directories, and opening the vault for one command.
//!
//! Owns the unlock/lock lifecycle of a CLI invocation: a vault is unlocked only inside an
//! [`Unlocked`] guard, which locks it (zeroizing the keys) when the command ends, on
//! success and on failure alike.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, Result};
use directories::ProjectDirs;
use senim_demo::DEMO_PASSCODE;
use senim_vault::{KeyStore, SoftwareKeyStore, Vault};

use crate::global::Global;
use crate::passcode::{self, Passcode};
use crate::words;
use senim_l10n::args;

fn project_dirs() -> Result<ProjectDirs> {
    ProjectDirs::from("org", "Senim", "Senim")
        .context("cannot find the per-user data directory: pass --vault and --keystore")
}

/// The vault directory: `--vault`, or "vault" in the per-user data directory.
pub fn vault_dir(global: &Global) -> Result<PathBuf> {
    match &global.vault {
        Some(dir) => Ok(dir.clone()),
        None => Ok(project_dirs()?.data_dir().join("vault")),
    }
}

/// The key store directory: `--keystore`, or "keystore" in the per-user config directory.
pub fn keystore_dir(global: &Global) -> Result<PathBuf> {
    match &global.keystore {
        Some(dir) => Ok(dir.clone()),
        None => Ok(project_dirs()?.config_dir().join("keystore")),
    }
}

/// Opens the vault, locked. The key store is consulted only if the vault is device-bound.
/// A demo vault is announced on standard error (the banner every shell shows).
pub fn open(global: &Global) -> Result<Vault> {
    let dir = vault_dir(global)?;
    let keystore_dir = keystore_dir(global)?;
    // The core only reads existing secrets when opening; it never creates one here.
    let keystore: Arc<dyn KeyStore> = Arc::new(SoftwareKeyStore::in_dir(keystore_dir));
    let vault = Vault::open(dir, Some(keystore))?;
    if vault.is_demo() {
        demo_banner();
    }
    Ok(vault)
}

/// The demo banner, once per command, on standard error so that `--json` output stays
/// clean.
pub fn demo_banner() {
    static SHOWN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if !SHOWN.swap(true, std::sync::atomic::Ordering::Relaxed) {
        eprintln!(
            "{}",
            words::format("cli-demo-banner", &args!["passcode" => DEMO_PASSCODE])
        );
    }
}

/// From three days before the team policy's wipe for want of a sync, a warning on
/// standard error at every unlock (so that `--json` output stays clean).
fn warn_of_idle_wipe(vault: &Vault) -> Result<()> {
    if let Some(days) = vault.idle_wipe_days_left(chrono::Utc::now())?
        && days <= IDLE_WIPE_WARNING_DAYS
    {
        eprintln!(
            "{}",
            words::format("cli-warning-idle-wipe", &args!["days" => days])
        );
    }
    Ok(())
}

/// How many days before the idle wipe the warning starts.
const IDLE_WIPE_WARNING_DAYS: u32 = 3;

/// A vault unlocked for the length of one command. Dropping it locks the vault.
pub struct Unlocked {
    vault: Vault,
}

impl Unlocked {
    /// Opens the vault and unlocks it with `SENIM_PASSCODE` or a prompt; a demo vault
    /// with the documented demo passcode.
    pub fn open(global: &Global) -> Result<Unlocked> {
        let mut vault = open(global)?;
        if vault.is_demo() {
            vault.unlock(DEMO_PASSCODE.as_bytes())?;
            return Ok(Unlocked { vault });
        }
        let passcode = passcode::current()?;
        Unlocked::unlock(vault, &passcode)
    }

    /// Unlocks an open vault with `passcode`.
    pub fn unlock(mut vault: Vault, passcode: &Passcode) -> Result<Unlocked> {
        vault.unlock(passcode.as_bytes())?;
        warn_of_idle_wipe(&vault)?;
        Ok(Unlocked { vault })
    }

    /// Wraps a vault that is already unlocked (just created).
    pub fn from_unlocked(vault: Vault) -> Unlocked {
        Unlocked { vault }
    }

    pub fn vault(&self) -> &Vault {
        &self.vault
    }

    pub fn vault_mut(&mut self) -> &mut Vault {
        &mut self.vault
    }

    /// Locks the vault, reporting a failure to log the lock (the keys are gone anyway).
    pub fn close(mut self) -> Result<()> {
        Ok(self.vault.lock()?)
    }
}

impl Drop for Unlocked {
    fn drop(&mut self) {
        let _ = self.vault.lock();
    }
}
