//! `senim vault init | change-passcode | duress | info | wipe`: the vault's life outside
//! its records.
//!
//! `init` always uses the core's default, calibrated key derivation: a release build
//! offers no way to weaken it. Only a debug build (the `senim` the test suites run)
//! reads `SENIM_DEBUG_KDF=owasp-minimum` and creates the vault at OWASP's minimum
//! instead, the fixed set demo vaults already use ([`KdfChoice::for_new_vault`], ADR
//! 0037). `info` reads only what the core exposes without a passcode. `wipe` needs no
//! passcode either, and never runs unconfirmed: `--yes`, or "wipe" typed on a terminal.
//!
//! Its arguments are its own ([`VaultCommand`], [`DuressModeArg`]).

use std::sync::Arc;

use anyhow::{Result, bail};
use clap::Subcommand;
use senim_demo as demo;
use senim_l10n::args;
use senim_vault::{
    CreateOptions, DeviceSecret, DuressMode, KdfChoice, KeyMaterial, KeyStore, SoftwareKeyStore,
    Vault, VaultInfo, WipeReport,
};

use crate::global::Global;
use crate::input;
use crate::output;
use crate::passcode::{self, NEW_PASSCODE_VAR, PASSCODE_VAR};
use crate::session::{self, Unlocked};
use crate::words;

#[derive(Debug, Subcommand)]
pub enum VaultCommand {
    /// Create a new vault (passcode from SENIM_PASSCODE, or asked twice)
    Init {
        /// Also bind the vault to a secret in the device key store (--keystore), so a
        /// copy of the vault cannot be opened elsewhere with the passcode alone
        #[arg(long, conflicts_with = "demo")]
        device_bound: bool,
        /// Create a demo vault for training instead: marked for good, filled with
        /// synthetic cases, passcode "senim-demo" (no passcode is asked)
        #[arg(long)]
        demo: bool,
        /// Demo vault: the generator's seed (the same seed gives the same cases)
        #[arg(long, value_name = "N", default_value_t = 1, requires = "demo")]
        seed: u64,
        /// Demo vault: about how many records to generate
        #[arg(long, value_name = "N", default_value_t = 200, requires = "demo",
              value_parser = clap::value_parser!(u32).range(0..=100_000))]
        records: u32,
    },
    /// Demo vault only: return it to its seeded state (everything added since is gone)
    ResetDemo,
    /// Change the passcode (new one from SENIM_NEW_PASSCODE, or asked twice)
    ChangePasscode,
    /// Show counts, format and key derivation parameters (no passcode needed)
    Info,
    /// Panic wipe: destroy the vault for good, without its passcode. The key material
    /// goes first (nothing left can be decrypted, even with the passcode), then the
    /// device key store secret, then the files. Asks you to type "wipe" unless --yes
    Wipe {
        /// Do not ask: wipe at once (required when standard input is not a terminal)
        #[arg(long)]
        yes: bool,
    },
    /// Set a duress passcode (from SENIM_NEW_PASSCODE, or asked twice): entering it
    /// instead of the passcode opens a decoy vault with a few harmless notes
    Duress {
        /// What a duress unlock does to the real vault: "destroy" its key material for
        /// good, or "hide" it (the real passcode still opens it)
        #[arg(long, value_name = "MODE")]
        mode: DuressModeArg,
    },
}

/// `vault duress --mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DuressModeArg {
    Destroy,
    Hide,
}

pub fn run(global: &Global, command: &VaultCommand) -> Result<()> {
    match command {
        VaultCommand::Init {
            device_bound,
            demo: false,
            ..
        } => init(global, *device_bound),
        VaultCommand::Init {
            demo: true,
            seed,
            records,
            ..
        } => init_demo(global, *seed, *records as usize),
        VaultCommand::ResetDemo => reset_demo(global),
        VaultCommand::ChangePasscode => change_passcode(global),
        VaultCommand::Info => info(global),
        VaultCommand::Wipe { yes } => wipe(global, *yes),
        VaultCommand::Duress { mode } => duress(global, *mode),
    }
}

fn init(global: &Global, device_bound: bool) -> Result<()> {
    let dir = session::vault_dir(global)?;
    // Refuse before asking for a passcode.
    match Vault::inspect(&dir) {
        Ok(_) => return Err(senim_vault::Error::VaultExists.into()),
        Err(senim_vault::Error::NoVault) => {}
        Err(e) => return Err(e.into()),
    }
    let keystore = if device_bound {
        let keystore_dir = session::keystore_dir(global)?;
        Some(Arc::new(SoftwareKeyStore::in_dir(keystore_dir)) as Arc<dyn KeyStore>)
    } else {
        None
    };
    let (passcode, strength) = passcode::choose(PASSCODE_VAR)?;
    let options = CreateOptions {
        kdf: KdfChoice::for_new_vault(),
        keystore,
        ..CreateOptions::default()
    };
    let vault = Vault::create(&dir, passcode.as_bytes(), options)?;
    drop(passcode);
    let session = Unlocked::from_unlocked(vault);
    let info = session.vault().info()?;
    session.close()?;
    if global.json {
        let mut value = serde_json::to_value(&info)?;
        if let Some(object) = value.as_object_mut() {
            object.insert("passcode_strength".into(), serde_json::to_value(&strength)?);
        }
        return output::json(&value);
    }
    output::line(words::format(
        "cli-vault-created",
        &args!["id" => info.vault_id.to_string(), "dir" => dir.display().to_string()],
    ))?;
    output::line(passcode::describe(&strength))?;
    if device_bound {
        let keystore_dir = session::keystore_dir(global)?;
        output::line(words::format(
            "cli-vault-device-bound",
            &args!["dir" => keystore_dir.display().to_string()],
        ))?;
    }
    Ok(())
}

/// `vault init --demo`: a demo vault filled by the seeded generator.
fn init_demo(global: &Global, seed: u64, records: usize) -> Result<()> {
    let dir = session::vault_dir(global)?;
    match Vault::inspect(&dir) {
        Ok(_) => return Err(senim_vault::Error::VaultExists.into()),
        Err(senim_vault::Error::NoVault) => {}
        Err(e) => return Err(e.into()),
    }
    let library = crate::library::library(global)?;
    let settings = demo::vault::DemoSettings::new(seed, records);
    let (vault, report) = demo::vault::create(&dir, &library, &settings)?;
    let session = Unlocked::from_unlocked(vault);
    let info = session.vault().info()?;
    session.close()?;
    session::demo_banner();
    if global.json {
        return output::json(&serde_json::json!({ "vault": info, "generated": report }));
    }
    output::line(words::format(
        "cli-vault-demo-created",
        &args![
            "id" => info.vault_id.to_string(),
            "dir" => dir.display().to_string(),
            "count" => report.records(),
            "seed" => seed.to_string(),
        ],
    ))
}

/// `vault reset-demo`: back to the seeded state.
fn reset_demo(global: &Global) -> Result<()> {
    let mut session = Unlocked::open(global)?;
    if !session.vault().is_demo() {
        return Err(senim_demo::Error::NotDemo("only a demo vault can be reset").into());
    }
    let library = crate::library::library(global)?;
    let report = demo::vault::reset(session.vault_mut(), &library)?;
    session.close()?;
    if global.json {
        return output::json(&report);
    }
    output::line(words::format(
        "cli-vault-demo-reset",
        &args!["count" => report.records()],
    ))
}

fn change_passcode(global: &Global) -> Result<()> {
    let vault = session::open(global)?;
    if vault.is_demo() {
        anyhow::bail!(words::text("cli-vault-demo-keeps-passcode"));
    }
    let current = passcode::current()?;
    let mut session = Unlocked::unlock(vault, &current)?;
    let (new, strength) = passcode::choose(NEW_PASSCODE_VAR)?;
    let change = session
        .vault_mut()
        .change_passcode_recalibrated(current.as_bytes(), new.as_bytes())?;
    session.close()?;
    if global.json {
        return output::json(&serde_json::json!({
            "passcode_changed": true,
            "kdf_raised": change.kdf_raised,
            "passcode_strength": strength,
        }));
    }
    output::line(words::text("cli-vault-passcode-changed"))?;
    output::line(passcode::describe(&strength))?;
    if let Some(kdf) = change.kdf_raised {
        // Printed whenever the cost rises, with or without a duress passcode: the
        // message tells nothing about whether one was set.
        output::line(words::format(
            "cli-vault-kdf-raised",
            &args!["mib" => kdf.m_cost_kib / 1024, "passes" => kdf.t_cost],
        ))?;
    }
    Ok(())
}

/// `vault duress --mode destroy|hide`: sets (or replaces) the duress passcode. The
/// current passcode from SENIM_PASSCODE or a prompt, the duress passcode from
/// SENIM_NEW_PASSCODE or asked twice.
fn duress(global: &Global, mode: DuressModeArg) -> Result<()> {
    let vault = session::open(global)?;
    if vault.is_demo() {
        bail!(words::text("cli-vault-demo-no-duress"));
    }
    let current = passcode::current()?;
    let mut session = Unlocked::unlock(vault, &current)?;
    let (duress, strength) = passcode::choose(NEW_PASSCODE_VAR)?;
    let mode = match mode {
        DuressModeArg::Destroy => DuressMode::Destroy,
        DuressModeArg::Hide => DuressMode::Hide,
    };
    session
        .vault_mut()
        .set_duress(current.as_bytes(), duress.as_bytes(), mode)?;
    drop(duress);
    session.close()?;
    if global.json {
        return output::json(&serde_json::json!({
            "duress_passcode_set": true,
            "mode": mode,
            "passcode_strength": strength,
        }));
    }
    output::line(words::text(match mode {
        DuressMode::Destroy => "cli-vault-duress-destroy",
        DuressMode::Hide => "cli-vault-duress-hide",
    }))?;
    output::line(passcode::describe(&strength))
}

fn info(global: &Global) -> Result<()> {
    let dir = session::vault_dir(global)?;
    let info = Vault::inspect(&dir)?;
    if global.json {
        return output::json(&info);
    }
    print_info(&info, &dir.display().to_string())
}

fn print_info(info: &VaultInfo, location: &str) -> Result<()> {
    let records = info.records.as_ref().map(|records| {
        if records.is_empty() {
            words::text("cli-vault-info-no-records")
        } else {
            records
                .iter()
                .map(|(kind, n)| format!("{} {n}", words::named("cli-report-kind-", kind)))
                .collect::<Vec<_>>()
                .join(", ")
        }
    });
    let kdf = &info.kdf;
    let mut rows = vec![
        (words::text("cli-vault-info-vault"), info.vault_id.clone()),
        (words::text("cli-vault-info-device"), info.device_id.clone()),
        (words::text("cli-vault-info-location"), location.to_string()),
        (
            words::text("cli-vault-info-format"),
            match info.schema_version {
                Some(schema) => words::format(
                    "cli-vault-info-format-value",
                    &args![
                        "format" => info.format.to_string(),
                        "schema" => schema.to_string()
                    ],
                ),
                None => info.format.to_string(),
            },
        ),
        (
            words::text("cli-vault-info-kdf"),
            words::format(
                "cli-vault-info-kdf-value",
                &args![
                    "kib" => kdf.m_cost_kib.to_string(),
                    "passes" => kdf.t_cost,
                    "lanes" => kdf.p_cost
                ],
            ),
        ),
        (
            words::text("cli-vault-info-device-bound"),
            words::text(if info.uses_keystore {
                "common-yes"
            } else {
                "common-no"
            }),
        ),
        (
            words::text("cli-vault-info-failed-unlocks"),
            info.failed_attempts.to_string(),
        ),
    ];
    // Counts only from an unlocked vault: `vault info` needs no passcode.
    if let (Some(records), Some(audit)) = (records, info.audit_entries) {
        rows.push((words::text("cli-vault-info-records"), records));
        rows.push((words::text("cli-vault-info-audit"), audit.to_string()));
    }
    let rows: Vec<(&str, String)> = rows.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    output::fields(&rows)
}

/// `vault wipe`: the panic wipe. Asks for "wipe" on a terminal unless `yes`; refuses
/// without `yes` when standard input is not a terminal, so a script never wipes by
/// accident.
fn wipe(global: &Global, yes: bool) -> Result<()> {
    let dir = session::vault_dir(global)?;
    if !yes {
        confirm_wipe(&dir)?;
    }
    let keystore: Arc<dyn KeyStore> =
        Arc::new(SoftwareKeyStore::in_dir(session::keystore_dir(global)?));
    // Not opened first: a vault too damaged to open is wiped all the same.
    let report = Vault::wipe_at(&dir, Some(keystore))?;
    if global.json {
        return output::json(&report);
    }
    print_wipe(&report, &dir.display().to_string())
}

fn confirm_wipe(dir: &std::path::Path) -> Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        bail!(words::text("cli-wipe-needs-yes"));
    }
    let prompt = words::format(
        "cli-wipe-prompt",
        &args!["dir" => dir.display().to_string()],
    );
    if !input::confirm(&prompt, "wipe")? {
        bail!(words::text("cli-wipe-cancelled"));
    }
    Ok(())
}

fn print_wipe(report: &WipeReport, location: &str) -> Result<()> {
    let keys = words::text(match report.key_material {
        KeyMaterial::Overwritten => "cli-wipe-keys-overwritten",
        KeyMaterial::FilesOverwritten => "cli-wipe-keys-files-overwritten",
        KeyMaterial::NotOverwritten => "cli-wipe-keys-not-overwritten",
    });
    let device_secret = match &report.device_secret {
        DeviceSecret::NotUsed => words::text("cli-wipe-secret-not-used"),
        DeviceSecret::Deleted => words::text("cli-wipe-secret-deleted"),
        DeviceSecret::StillPresent => words::text("cli-wipe-secret-still-present"),
        DeviceSecret::NoKeyStore => words::text("cli-wipe-secret-no-key-store"),
        DeviceSecret::Unknown => words::text("cli-wipe-secret-unknown"),
        DeviceSecret::Failed(reason) => words::format(
            "cli-wipe-secret-failed",
            &args!["reason" => reason.as_str()],
        ),
    };
    output::line(words::format("cli-wipe-done", &args!["dir" => location]))?;
    let labels = [
        words::text("cli-wipe-master-key"),
        words::text("cli-wipe-secrets"),
        words::text("cli-wipe-device-secret"),
        words::text("cli-wipe-files"),
    ];
    output::fields(&[
        (&labels[0], keys),
        (&labels[1], report.secrets_overwritten.to_string()),
        (&labels[2], device_secret),
        (&labels[3], report.removed.join(", ")),
    ])
}
