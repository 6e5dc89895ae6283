//! `senim vault init | change-passcode | info`: the vault's life outside its records.
//!
//! `init` always uses the core's default, calibrated key derivation: the CLI offers no
//! way to weaken it. `info` reads only what the core exposes without a passcode.

use std::sync::Arc;

use anyhow::Result;
use senim_core::{CreateOptions, KeyStore, SoftwareKeyStore, Vault, VaultInfo, demo};

use crate::args::Global;
use crate::output;
use crate::passcode::{self, NEW_PASSCODE_VAR, PASSCODE_VAR};
use crate::session::{self, Unlocked};

pub fn init(global: &Global, device_bound: bool) -> Result<()> {
    let dir = session::vault_dir(global)?;
    // Refuse before asking for a passcode.
    match Vault::inspect(&dir) {
        Ok(_) => return Err(senim_core::Error::VaultExists.into()),
        Err(senim_core::Error::NoVault) => {}
        Err(e) => return Err(e.into()),
    }
    let keystore = if device_bound {
        let keystore_dir = session::keystore_dir(global)?;
        Some(Arc::new(SoftwareKeyStore::in_dir(keystore_dir)) as Arc<dyn KeyStore>)
    } else {
        None
    };
    let passcode = passcode::choose(PASSCODE_VAR)?;
    let options = CreateOptions {
        keystore,
        ..CreateOptions::default()
    };
    let vault = Vault::create(&dir, passcode.as_bytes(), options)?;
    drop(passcode);
    let session = Unlocked::from_unlocked(vault);
    let info = session.vault().info()?;
    session.close()?;
    if global.json {
        return output::json(&info);
    }
    output::line(format!(
        "created vault {} in {}",
        info.vault_id,
        dir.display()
    ))?;
    if device_bound {
        let keystore_dir = session::keystore_dir(global)?;
        output::line(format!(
            "bound to the device key store in {}: keep it, the vault cannot be opened without it",
            keystore_dir.display()
        ))?;
    }
    Ok(())
}

/// `vault init --demo`: a demo vault filled by the seeded generator.
pub fn init_demo(global: &Global, seed: u64, records: usize) -> Result<()> {
    let dir = session::vault_dir(global)?;
    match Vault::inspect(&dir) {
        Ok(_) => return Err(senim_core::Error::VaultExists.into()),
        Err(senim_core::Error::NoVault) => {}
        Err(e) => return Err(e.into()),
    }
    let library = super::forms::library(global)?;
    let settings = demo::vault::DemoSettings::new(seed, records);
    let (vault, report) = demo::vault::create(&dir, &library, &settings)?;
    let session = Unlocked::from_unlocked(vault);
    let info = session.vault().info()?;
    session.close()?;
    session::demo_banner();
    if global.json {
        return output::json(&serde_json::json!({ "vault": info, "generated": report }));
    }
    output::line(format!(
        "created demo vault {} in {} with {} synthetic records (seed {seed})",
        info.vault_id,
        dir.display(),
        report.records()
    ))
}

/// `vault reset-demo`: back to the seeded state.
pub fn reset_demo(global: &Global) -> Result<()> {
    let mut session = Unlocked::open(global)?;
    if !session.vault().is_demo() {
        return Err(senim_core::Error::NotDemo("only a demo vault can be reset").into());
    }
    let library = super::forms::library(global)?;
    let report = demo::vault::reset(session.vault_mut(), &library)?;
    session.close()?;
    if global.json {
        return output::json(&report);
    }
    output::line(format!(
        "demo vault reset: {} synthetic records, as when it was created",
        report.records()
    ))
}

pub fn change_passcode(global: &Global) -> Result<()> {
    let vault = session::open(global)?;
    if vault.is_demo() {
        anyhow::bail!("a demo vault keeps the documented demo passcode");
    }
    let current = passcode::current()?;
    let mut session = Unlocked::unlock(vault, &current)?;
    let new = passcode::choose(NEW_PASSCODE_VAR)?;
    session
        .vault_mut()
        .change_passcode(current.as_bytes(), new.as_bytes())?;
    session.close()?;
    if global.json {
        return output::json(&serde_json::json!({ "passcode_changed": true }));
    }
    output::line("passcode changed")
}

pub fn info(global: &Global) -> Result<()> {
    let dir = session::vault_dir(global)?;
    let info = Vault::inspect(&dir)?;
    if global.json {
        return output::json(&info);
    }
    print_info(&info, &dir.display().to_string())
}

fn print_info(info: &VaultInfo, location: &str) -> Result<()> {
    let records = if info.records.is_empty() {
        "none".to_string()
    } else {
        info.records
            .iter()
            .map(|(kind, n)| format!("{kind} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let kdf = &info.kdf;
    let mut rows = vec![
        ("vault", info.vault_id.clone()),
        ("device", info.device_id.clone()),
        ("location", location.to_string()),
        (
            "format",
            format!("{} (schema {})", info.format, info.schema_version),
        ),
        (
            "key derivation",
            format!(
                "Argon2id, {} KiB, {} pass(es), {} lane(s)",
                kdf.m_cost_kib, kdf.t_cost, kdf.p_cost
            ),
        ),
        (
            "device-bound",
            if info.uses_keystore { "yes" } else { "no" }.to_string(),
        ),
        ("failed unlocks", info.failed_attempts.to_string()),
        ("records", records),
    ];
    rows.push(("audit entries", info.audit_entries.to_string()));
    output::fields(&rows)
}
