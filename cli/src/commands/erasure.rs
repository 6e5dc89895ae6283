//! `senim team policy | erase`: the team's retention and automatic-wipe policy, and the
//! erasure of a subject's records from every device and the hub (ADR 0015).
//!
//! Both travel as lead-signed team orders through the hub: the lead's command posts the
//! order and applies it here; every other device applies it at its next sync. Nothing
//! here prints record content or aliases: an erasure is described by ids and counts.

use anyhow::{Context, Result, bail};
use senim_client::{HubClient, PurgeReport};
use senim_protocol::team::{Role, TeamPolicy};
use senim_records::RecordId;
use senim_vault::Error as CoreError;
use serde_json::json;

use crate::args::{Global, PolicyArgs};
use crate::output;
use crate::session::Unlocked;
use senim_cli::hub_client::UreqTransport;

/// `team policy`: shows the policy this device holds, or (with options) sets a new one.
pub fn policy(global: &Global, args: &PolicyArgs) -> Result<()> {
    // Checked before the vault is unlocked: a typo costs no passcode attempt.
    match args.policy()? {
        Some(policy) => set_policy(global, policy),
        None => show_policy(global),
    }
}

fn show_policy(global: &Global) -> Result<()> {
    let unlocked = Unlocked::open(global)?;
    let vault = unlocked.vault();
    vault
        .team()?
        .context("this vault has not joined a team: senim team join WELCOME")?;
    let policy = vault.policy()?;
    let orders = vault.orders_applied()?;
    unlocked.close()?;
    if global.json {
        return output::json(&json!({ "policy": policy, "orders_applied": orders }));
    }
    match policy {
        None => output::line(
            "no team policy has been set: records are kept until deleted, and no vault \
             wipes itself",
        )?,
        Some(p) => print_policy(&p)?,
    }
    output::line(format!(
        "(as of this device's last sync: team order {orders}; senim sync fetches newer ones)"
    ))
}

fn print_policy(policy: &TeamPolicy) -> Result<()> {
    let mut rows: Vec<(String, String)> = Vec::new();
    if policy.retention.is_empty() {
        rows.push((
            "retention".into(),
            "none: records are kept until deleted".into(),
        ));
    }
    for r in &policy.retention {
        let what = match r.kind {
            senim_records::RecordKind::Referral => " (closed referrals only)",
            senim_records::RecordKind::Subject => " (with every record linked to the subject)",
            _ => "",
        };
        rows.push((
            format!("keep {}", r.kind),
            format!("{} day(s) after the last change{what}", r.days),
        ));
    }
    rows.push((
        "wipe after failed unlocks".into(),
        policy
            .wipe_after_failed_unlocks
            .map_or("never".into(), |n| format!("{n} in a row")),
    ));
    rows.push((
        "wipe after days without sync".into(),
        policy
            .wipe_after_days_without_sync
            .map_or("never".into(), |d| format!("{d} day(s)")),
    ));
    let rows: Vec<(&str, String)> = rows.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    output::fields(&rows)
}

fn set_policy(global: &Global, policy: TeamPolicy) -> Result<()> {
    let unlocked = Unlocked::open(global)?;
    let vault = unlocked.vault();
    let info = vault
        .team()?
        .context("this vault has not joined a team: senim team join WELCOME")?;
    let mut transport = UreqTransport::new(&info.hub)?;
    let order = HubClient::new(vault, &mut transport)
        .set_policy(policy.clone())
        .context("the policy is not set")?;
    unlocked.close()?;
    if global.json {
        return output::json(&json!({ "order": order, "policy": policy }));
    }
    output::line(format!(
        "team policy set (team order {order}); every device applies it at its next sync:"
    ))?;
    print_policy(&policy)
}

/// `team erase SUBJECT`: asks for "erase" on a terminal unless `yes`; refuses without
/// `yes` when standard input is not a terminal, so a script never erases by accident.
pub fn erase(global: &Global, subject: RecordId, yes: bool) -> Result<()> {
    use std::io::IsTerminal;
    if !yes && !std::io::stdin().is_terminal() {
        bail!("refusing to erase without --yes: standard input is not a terminal to confirm on");
    }
    let unlocked = Unlocked::open(global)?;
    let vault = unlocked.vault();
    let info = vault
        .team()?
        .context("this vault has not joined a team: senim team join WELCOME")?;
    if info.role != Some(Role::Lead) {
        // The core refuses the same way; said before anything is synced or asked.
        return Err(anyhow::Error::new(CoreError::membership(
            "only a lead of the team may issue its orders",
        ))
        .context("the subject is not erased"));
    }
    let mut transport = UreqTransport::new(&info.hub)?;
    let mut client = HubClient::new(vault, &mut transport);
    if !yes {
        // Sync first so the count shown is the team's, not only this device's.
        client
            .sync()
            .context("cannot sync to count the records to erase")?;
        let records = vault.erasure_set(subject)?.len();
        confirm_erase(subject, records)?;
    }
    let report = client.erase(subject).context("the subject is not erased")?;
    unlocked.close()?;
    if global.json {
        return output::json(&report);
    }
    print_erase(subject, &report)
}

fn confirm_erase(subject: RecordId, records: usize) -> Result<()> {
    use std::io::{BufRead, Write};
    let mut err = std::io::stderr().lock();
    write!(
        err,
        "This erases subject {subject} and the {} record(s) linked to it ({records} in \
         all) from every device of the team and from the hub, for good: nobody can \
         recover them, not even with the team's keys.\nType \"erase\" to continue: ",
        records.saturating_sub(1)
    )?;
    err.flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    if answer.trim() != "erase" {
        bail!("erasure cancelled: nothing was erased");
    }
    Ok(())
}

fn print_erase(subject: RecordId, report: &PurgeReport) -> Result<()> {
    output::line(format!(
        "erased subject {subject} (team order {})",
        report.order
    ))?;
    output::fields(&[
        ("records removed", report.records.to_string()),
        (
            "envelopes removed",
            format!("{} (on the hub and every device)", report.envelopes),
        ),
        (
            "carrier envelopes",
            format!(
                "{} (re-sealed changes of other records those envelopes held)",
                report.carriers
            ),
        ),
    ])?;
    output::line(
        "other devices remove the records at their next sync; their audit logs keep the \
         counts and the reason, not the records",
    )
}
