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
use senim_l10n::args;

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
                anyhow::bail!(words::format(
                    "cli-policy-retain-twice",
                    &args!["kind" => r.kind.to_string()]
                ));
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
        None => output::line(words::text("cli-policy-none"))?,
        Some(p) => print_policy(p)?,
    }
    match (
        days_left,
        policy.and_then(|p| p.wipe_after_days_without_sync),
    ) {
        (Some(days), _) => output::line(words::format(
            "cli-policy-days-left",
            &args!["days" => days],
        ))?,
        (None, Some(_)) => output::line(words::text("cli-policy-never-idle"))?,
        (None, None) => {}
    }
    output::line(words::format(
        "cli-policy-as-of",
        &args!["order" => orders.to_string()],
    ))
}

fn print_policy(policy: &TeamPolicy) -> Result<()> {
    let mut rows: Vec<(String, String)> = Vec::new();
    if policy.retention.is_empty() {
        rows.push((
            words::text("cli-policy-retention"),
            words::text("cli-policy-retention-none"),
        ));
    }
    for r in &policy.retention {
        let key = match r.kind {
            senim_records::RecordKind::Referral => "cli-policy-keep-days-referral",
            senim_records::RecordKind::Subject => "cli-policy-keep-days-subject",
            _ => "cli-policy-keep-days",
        };
        rows.push((
            words::format(
                "cli-policy-keep",
                &args!["kind" => words::named("cli-report-kind-", r.kind.as_str())],
            ),
            words::format(key, &args!["days" => r.days]),
        ));
    }
    let never = || words::text("cli-policy-never");
    rows.push((
        words::text("cli-policy-wipe-failures"),
        policy.wipe_after_failed_unlocks.map_or_else(never, |n| {
            words::format("cli-policy-in-a-row", &args!["count" => n])
        }),
    ));
    rows.push((
        words::text("cli-policy-wipe-days"),
        policy.wipe_after_days_without_sync.map_or_else(never, |d| {
            words::format("cli-policy-days", &args!["days" => d])
        }),
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
        .with_context(|| words::text("cli-policy-not-set"))?;
    unlocked.close()?;
    if global.json {
        return output::json(&json!({ "order": order, "policy": policy }));
    }
    output::line(words::format(
        "cli-policy-set",
        &args!["order" => order.to_string()],
    ))?;
    print_policy(&policy)
}

/// `team erase SUBJECT`: asks for "erase" on a terminal unless `yes`; refuses without
/// `yes` when standard input is not a terminal, so a script never erases by accident.
pub fn erase(global: &Global, subject: RecordId, yes: bool) -> Result<()> {
    use std::io::IsTerminal;
    if !yes && !std::io::stdin().is_terminal() {
        bail!(words::text("cli-erase-needs-yes"));
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
        .context(words::text("cli-erase-failed")));
    }
    let mut transport = super::team_transport(vault)?;
    let mut client = HubClient::new(vault, &mut transport);
    if !yes {
        // Sync first so the count shown is the team's, not only this device's.
        client
            .sync()
            .with_context(|| words::text("cli-erase-sync-failed"))?;
        let records = vault.erasure_set(subject)?.len();
        confirm_erase(subject, records)?;
    }
    let report = client
        .erase(subject)
        .with_context(|| words::text("cli-erase-failed"))?;
    unlocked.close()?;
    if global.json {
        return output::json(&report);
    }
    print_erase(subject, &report)
}

fn confirm_erase(subject: RecordId, records: usize) -> Result<()> {
    let prompt = words::format(
        "cli-erase-prompt",
        &args![
            "subject" => subject.to_string(),
            "linked" => records.saturating_sub(1),
            "count" => records
        ],
    );
    if !input::confirm(&prompt, "erase")? {
        bail!(words::text("cli-erase-cancelled"));
    }
    Ok(())
}

fn print_erase(subject: RecordId, report: &PurgeReport) -> Result<()> {
    output::line(words::format(
        "cli-erase-done",
        &args!["subject" => subject.to_string(), "order" => report.order.to_string()],
    ))?;
    let labels = [
        words::text("cli-erase-records"),
        words::text("cli-erase-envelopes"),
        words::text("cli-erase-carriers"),
    ];
    output::fields(&[
        (&labels[0], report.records.to_string()),
        (
            &labels[1],
            words::format(
                "cli-erase-envelopes-value",
                &args!["count" => report.envelopes],
            ),
        ),
        (
            &labels[2],
            words::format(
                "cli-erase-carriers-value",
                &args!["count" => report.carriers],
            ),
        ),
    ])?;
    output::line(words::text("cli-erase-others"))
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
