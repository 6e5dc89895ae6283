//! `senim team create | request | approve | join | members | revoke` and `senim sync`:
//! enrolment by one-line codes, the membership list, and syncing with the office hub.
//! (`team policy | erase` live in `erasure.rs`.)
//!
//! The lead's changes to the membership (create, approve, revoke) are posted to the hub
//! at once: the hub only lets members write, so a welcome is useful only once the hub
//! has the list that admits the device.

use anyhow::{Context, Result, bail};
use senim_protocol::team::{DeviceId, Role};
use serde_json::json;

use crate::args::Global;
use senim_client::HubClient;

use crate::output::{self, Table};
use crate::session::Unlocked;
use senim_cli::hub_client::UreqTransport;

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
    let mut transport = UreqTransport::new(hub)?;
    let info = HubClient::new(vault, &mut transport)
        .create_team(name, as_name, hub)
        .context("the team is not created")?;
    unlocked.close()?;
    if global.json {
        return output::json(&info);
    }
    output::line(format!(
        "team {} created; this device ({}) is its lead",
        info.team, info.device
    ))
}

/// Prints a code on one line and, when asked, as a QR code below it, drawn with half
/// blocks for a terminal with a dark background (light modules are the blocks), with
/// its quiet zone, so a phone camera reads it off the screen.
fn print_code(code: &str, qr: bool) -> Result<()> {
    output::line(code)?;
    if !qr {
        return Ok(());
    }
    match qrcode::QrCode::with_error_correction_level(code.as_bytes(), qrcode::EcLevel::L) {
        Ok(qr) => {
            let drawing = qr
                .render::<qrcode::render::unicode::Dense1x2>()
                .dark_color(qrcode::render::unicode::Dense1x2::Light)
                .light_color(qrcode::render::unicode::Dense1x2::Dark)
                .quiet_zone(true)
                .build();
            output::line(drawing)
        }
        Err(_) => output::line(
            "(too long for one QR code: pass the line above as text, e.g. in a message)",
        ),
    }
}

pub fn request(global: &Global, as_name: &str, qr: bool) -> Result<()> {
    let unlocked = Unlocked::open(global)?;
    let code = unlocked.vault().team_request(as_name)?;
    unlocked.close()?;
    if global.json {
        return output::json(&json!({ "request": code }));
    }
    print_code(&code, qr)
}

pub fn approve(global: &Global, request: &str, role: &str, qr: bool) -> Result<()> {
    let role = match role {
        "worker" => Role::Worker,
        "lead" => Role::Lead,
        _ => bail!("the role is worker or lead"),
    };
    let unlocked = Unlocked::open(global)?;
    let vault = unlocked.vault();
    let info = vault.team()?.context("this vault has not joined a team")?;
    let mut transport = UreqTransport::new(&info.hub)?;
    let welcome = HubClient::new(vault, &mut transport)
        .approve(request.trim(), role)
        .context("the device is not admitted")?;
    unlocked.close()?;
    if global.json {
        return output::json(&json!({ "welcome": welcome }));
    }
    print_code(&welcome, qr)
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
                .map(|r| (r.device, "revoked", String::new())),
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
    let mut transport = UreqTransport::new(&info.hub)?;
    HubClient::new(vault, &mut transport)
        .revoke(device)
        .context("the device is not revoked")?;
    unlocked.close()?;
    if global.json {
        return output::json(&json!({ "revoked": device }));
    }
    output::line(format!(
        "revoked {device}; the team now writes under epoch {}",
        info.epoch + 1
    ))
}

pub fn sync(global: &Global, hub: Option<&str>) -> Result<()> {
    let unlocked = Unlocked::open(global)?;
    let vault = unlocked.vault();
    let info = vault
        .team()?
        .context("this vault has not joined a team: senim team join WELCOME")?;
    let mut transport = UreqTransport::new(hub.unwrap_or(&info.hub))?;
    let orders_before = vault.orders_applied()?;
    let report = HubClient::new(vault, &mut transport).sync()?;
    unlocked.close()?;
    if global.json {
        return output::json(&report);
    }
    output::line(format!(
        "sent {} envelope(s), received {} ({} record(s) merged), {} already held, {} rejected; {} record(s) had changes to send",
        report.sent,
        report.received,
        report.merged_records,
        report.duplicates,
        report.rejected,
        report.sealed_records
    ))?;
    if report.waiting > 0 {
        output::line(format!(
            "{} envelope(s) wait for changes they depend on; they apply at a later sync",
            report.waiting
        ))?;
    }
    let new_orders = report.orders.saturating_sub(orders_before);
    if new_orders > 0 {
        output::line(format!(
            "{new_orders} team order(s) applied (policy or purge); the team is at order {}",
            report.orders
        ))?;
    }
    if report.purged_records > 0 {
        output::line(format!(
            "{} record(s) purged from this device by the team's orders (erasure or retention)",
            report.purged_records
        ))?;
    }
    if report.retention_purged > 0 {
        output::line(format!(
            "{} record(s) purged from the team as the retention policy requires; the other \
             devices remove them at their next sync",
            report.retention_purged
        ))?;
    }
    Ok(())
}
