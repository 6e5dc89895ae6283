//! `senim team create | request | approve | join | members | revoke` and `senim sync`:
//! enrolment by one-line codes, the membership list, and syncing with the office hub.
//!
//! The lead's changes to the membership (create, approve, revoke) are posted to the hub
//! at once: the hub only lets members write, so a welcome is useful only once the hub
//! has the list that admits the device.

use anyhow::{Context, Result, bail};
use senim_core::team::{DeviceId, Role};
use serde_json::json;

use crate::args::Global;
use crate::hub_client::HubClient;
use crate::output::{self, Table};
use crate::session::Unlocked;

fn role_name(role: Option<Role>) -> &'static str {
    match role {
        Some(Role::Lead) => "lead",
        Some(Role::Worker) => "worker",
        None => "revoked",
    }
}

pub fn create(global: &Global, name: &str, hub: &str, as_name: &str) -> Result<()> {
    let unlocked = Unlocked::open(global)?;
    let vault = unlocked.vault();
    let client = HubClient::new(hub, vault)?;
    let info = vault.team_create(name, as_name, hub)?;
    client
        .register_team(vault.membership_bytes()?)
        .context("the team is created in this vault but not registered on the hub")?;
    unlocked.close()?;
    if global.json {
        return output::json(&info);
    }
    output::line(format!(
        "team {} created; this device ({}) is its lead",
        info.team, info.device
    ))
}

pub fn request(global: &Global, as_name: &str) -> Result<()> {
    let unlocked = Unlocked::open(global)?;
    let code = unlocked.vault().team_request(as_name)?;
    unlocked.close()?;
    if global.json {
        return output::json(&json!({ "request": code }));
    }
    output::line(code)
}

pub fn approve(global: &Global, request: &str, role: &str) -> Result<()> {
    let role = match role {
        "worker" => Role::Worker,
        "lead" => Role::Lead,
        _ => bail!("the role is worker or lead"),
    };
    let unlocked = Unlocked::open(global)?;
    let vault = unlocked.vault();
    let info = vault.team()?.context("this vault has not joined a team")?;
    let client = HubClient::new(&info.hub, vault)?;
    let welcome = vault.team_approve(request.trim(), role)?;
    client
        .post_membership(info.team, vault.membership_bytes()?, Vec::new())
        .context("the device is admitted in this vault, but the hub does not know yet")?;
    unlocked.close()?;
    if global.json {
        return output::json(&json!({ "welcome": welcome }));
    }
    output::line(welcome)
}

pub fn join(global: &Global, welcome: &str) -> Result<()> {
    let unlocked = Unlocked::open(global)?;
    let info = unlocked.vault().team_join(welcome.trim())?;
    unlocked.close()?;
    if global.json {
        return output::json(&info);
    }
    output::line(format!(
        "joined team {} ({}) as {}; sync with: senim sync",
        info.team,
        output::one_line(&info.name),
        role_name(info.role)
    ))
}

pub fn members(global: &Global) -> Result<()> {
    let unlocked = Unlocked::open(global)?;
    let membership = unlocked
        .vault()
        .membership()?
        .context("this vault has not joined a team")?;
    unlocked.close()?;
    let rows: Vec<_> = membership
        .members()
        .iter()
        .map(|m| (m.public.device, role_name(Some(m.role)), m.name.clone()))
        .chain(
            membership
                .revoked()
                .iter()
                .map(|d| (*d, "revoked", String::new())),
        )
        .collect();
    if global.json {
        let members: Vec<_> = rows
            .iter()
            .map(|(d, r, n)| json!({ "device": d, "role": r, "name": n }))
            .collect();
        return output::json(&json!({
            "team": membership.team(),
            "name": membership.team_name(),
            "version": membership.version(),
            "epoch": membership.epoch(),
            "members": members,
        }));
    }
    let mut table = Table::new(&["DEVICE", "ROLE", "NAME"]);
    for (d, r, n) in rows {
        table.row(vec![d.to_string(), r.to_string(), n]);
    }
    table.print()
}

pub fn revoke(global: &Global, device: &str) -> Result<()> {
    let device: DeviceId = device.trim().parse()?;
    let unlocked = Unlocked::open(global)?;
    let vault = unlocked.vault();
    let info = vault.team()?.context("this vault has not joined a team")?;
    let client = HubClient::new(&info.hub, vault)?;
    let (list, keys) = vault.team_revoke(device)?;
    client
        .post_membership(info.team, list, keys)
        .context("the device is revoked in this vault, but the hub does not know yet")?;
    unlocked.close()?;
    if global.json {
        return output::json(&json!({ "revoked": device }));
    }
    output::line(format!(
        "revoked {device}; the team now writes under epoch {}",
        info.epoch + 1
    ))
}

/// What `senim sync` reports.
#[derive(serde::Serialize)]
struct SyncReport {
    membership_version: u64,
    sealed_records: usize,
    sent: u64,
    received: u64,
    duplicates: u64,
    rejected: u64,
    waiting: usize,
}

pub fn sync(global: &Global, hub: Option<&str>) -> Result<()> {
    let unlocked = Unlocked::open(global)?;
    let vault = unlocked.vault();
    let info = vault
        .team()?
        .context("this vault has not joined a team: senim team join WELCOME")?;
    let client = HubClient::new(hub.unwrap_or(&info.hub), vault)?;
    let held = vault.membership()?.map(|m| m.version()).unwrap_or(0);
    let update = client.membership_since(info.team, held)?;
    let membership_version = vault.accept_membership(&update.lists, &update.keys)?;
    let sealed = if vault.team()?.is_some_and(|t| t.role.is_some()) {
        vault.seal_outbox()?.records
    } else {
        0
    };
    let stats = client.sync(info.team)?;
    let waiting = vault.apply_waiting()?;
    unlocked.close()?;
    let report = SyncReport {
        membership_version,
        sealed_records: sealed,
        sent: stats.sent,
        received: stats.received,
        duplicates: stats.duplicates,
        rejected: stats.rejected,
        waiting,
    };
    if global.json {
        return output::json(&report);
    }
    output::line(format!(
        "sent {} envelope(s), received {}, {} already held, {} rejected; {} record(s) had changes to send",
        report.sent, report.received, report.duplicates, report.rejected, report.sealed_records
    ))?;
    if waiting > 0 {
        output::line(format!(
            "{waiting} envelope(s) wait for changes they depend on; they apply at a later sync"
        ))?;
    }
    Ok(())
}
