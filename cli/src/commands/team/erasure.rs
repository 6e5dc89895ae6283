//! `senim team policy | erase`: the team's retention and automatic-wipe policy, and the
//! erasure of a subject's records from every device and the hub (ADR 0015).
//!
//! Both travel as lead-signed team orders through the hub: the lead's command posts the
//! order and applies it here; every other device applies it at its next sync. Nothing
//! here prints record content or aliases: an erasure is described by ids and counts.

use anyhow::{Context, Result, bail};
use clap::Args;
use senim_client::{HubClient, PurgeReport};
use senim_protocol::team::{MAX_POLICY_DAYS, Retention, Role, TeamPolicy};
use senim_records::{RecordId, RecordKind};
use senim_vault::Error as CoreError;
use serde_json::json;

use crate::global::Global;
use crate::input;
use crate::output;
use crate::session::Unlocked;
use crate::words;

pub const POLICY_HELP: &str = "\
Examples:
  senim team policy
  senim team policy --retain referral=365 --retain note=90 --wipe-after-failures 10
  senim team policy --clear

Retention purges, on every device and the hub, records whose last change is older than
DAYS: for a subject, the subject with every record linked to it once none of them
changed within DAYS; for referrals, only closed ones (declined, completed, cancelled).
A lead's device issues these purges when it syncs. See docs/erasure.md.";

/// `senim team policy`: with no option it shows the policy; with any, it sets one.
#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// Lead: keep records of KIND (subject, note, interview, referral or consent) for
    /// DAYS days (1 to 11000) after their last change, then purge them (repeat for
    /// several kinds)
    #[arg(long = "retain", value_name = "KIND=DAYS", value_parser = parse_retention)]
    pub retain: Vec<Retention>,
    /// Lead: wipe a device's vault after N failed unlocks in a row (3 to 1000)
    #[arg(long, value_name = "N")]
    pub wipe_after_failures: Option<u32>,
    /// Lead: wipe a device's vault when it is opened N days (1 to 11000) after its last
    /// successful sync
    #[arg(long, value_name = "N")]
    pub wipe_after_days: Option<u32>,
    /// Lead: set an empty policy (no retention, no automatic wipe)
    #[arg(long, conflicts_with_all = ["retain", "wipe_after_failures", "wipe_after_days"])]
    pub clear: bool,
}

impl PolicyArgs {
    /// The policy the options set, checked, or `None` when they only ask to show it.
    pub fn policy(&self) -> anyhow::Result<Option<TeamPolicy>> {
        let sets = self.clear
            || !self.retain.is_empty()
            || self.wipe_after_failures.is_some()
            || self.wipe_after_days.is_some();
        if !sets {
            return Ok(None);
        }
        for (i, r) in self.retain.iter().enumerate() {
            if self.retain[..i].iter().any(|o| o.kind == r.kind) {
                anyhow::bail!(
                    "--retain names {} twice: give one period per record kind",
                    r.kind
                );
            }
        }
        let policy = TeamPolicy {
            retention: self.retain.clone(),
            wipe_after_failed_unlocks: self.wipe_after_failures,
            wipe_after_days_without_sync: self.wipe_after_days,
        };
        policy.validate()?;
        Ok(Some(policy))
    }
}

/// `--retain KIND=DAYS`: names the part that is wrong.
fn parse_retention(s: &str) -> Result<Retention, String> {
    let Some((kind, days)) = s.split_once('=') else {
        return Err("expected KIND=DAYS, e.g. referral=365".to_string());
    };
    let kind: RecordKind = kind.trim().parse().map_err(|_| {
        format!(
            "unknown record kind {:?}: expected subject, note, interview, referral or consent",
            output::truncate(kind.trim(), 40)
        )
    })?;
    let days: u32 = match days.trim().parse() {
        Ok(d) if (1..=MAX_POLICY_DAYS).contains(&d) => d,
        _ => {
            return Err(format!(
                "the days for {kind} must be a whole number from 1 to {MAX_POLICY_DAYS}, not {:?}",
                output::truncate(days.trim(), 40)
            ));
        }
    };
    Ok(Retention { kind, days })
}

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
        .with_context(|| words::text("cli-team-not-joined-hint"))?;
    let policy = vault.policy()?;
    let orders = vault.orders_applied()?;
    let days_left = vault.idle_wipe_days_left(chrono::Utc::now())?;
    unlocked.close()?;
    if global.json {
        return output::json(&json!({
            "policy": policy,
            "orders_applied": orders,
            "idle_wipe_days_left": days_left,
        }));
    }
    match &policy {
        None => output::line(
            "no team policy has been set: records are kept until deleted, and no vault \
             wipes itself",
        )?,
        Some(p) => print_policy(p)?,
    }
    match (
        days_left,
        policy.and_then(|p| p.wipe_after_days_without_sync),
    ) {
        (Some(days), _) => output::line(format!(
            "this device wipes itself unless it syncs within {days} more day(s)"
        ))?,
        (None, Some(_)) => output::line(
            "this device never wipes itself for want of a sync (a lead's device, or none yet)",
        )?,
        (None, None) => {}
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
    let mut transport = super::team_transport(vault)?;
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
        .with_context(|| words::text("cli-team-not-joined-hint"))?;
    if info.role != Some(Role::Lead) {
        // The core refuses the same way; said before anything is synced or asked.
        return Err(anyhow::Error::new(CoreError::membership(
            "only a lead of the team may issue its orders",
        ))
        .context("the subject is not erased"));
    }
    let mut transport = super::team_transport(vault)?;
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
    let prompt = format!(
        "This erases subject {subject} and the {} record(s) linked to it ({records} in \
         all) from every device of the team and from the hub, for good: nobody can \
         recover them, not even with the team's keys.\nType \"erase\" to continue: ",
        records.saturating_sub(1)
    );
    if !input::confirm(&prompt, "erase")? {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_retention_names_the_part_that_is_wrong() {
        let r = parse_retention(" referral = 365 ").unwrap();
        assert_eq!((r.kind, r.days), (RecordKind::Referral, 365));
        assert!(parse_retention("nte=3").unwrap_err().contains("\"nte\""));
        assert!(
            parse_retention("note=0")
                .unwrap_err()
                .contains("days for note")
        );
        assert!(parse_retention("note=-1").unwrap_err().contains("\"-1\""));
        assert!(parse_retention("note").unwrap_err().contains("KIND=DAYS"));
    }
}
