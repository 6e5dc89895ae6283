//! A lead's work beyond enrolment: the members and when this device last heard from
//! each, the envelopes held in quarantine, the team's policy, the erasure of a subject,
//! and the anonymised report counts (`senim-report`) that the lead's screens chart.
//!
//! What `senim team members | quarantine | policy | erase` and `senim report` do, as
//! calls. Every rule is the core's: the vault knows the times (`Vault::devices_seen`),
//! the client issues the orders, the report suppresses small counts. A call only a
//! lead may make is refused with `Membership` on any other device before anything is
//! sent, as the core would refuse it.

use std::sync::Arc;
use std::time::SystemTime;

use chrono::NaiveDate;
use senim_client::{HubClient, VaultAccess};
use senim_l10n::Localizer;
use senim_protocol::team::{Retention, Role, TeamPolicy};
use senim_report::{Cell, ColumnKind, Count, NO_PLACE, NOT_RECORDED, Report, ReportOptions};

use crate::error::{Result, SenimError};
use crate::records::{RecordKind, parse_id};
use crate::sync::{Bridge, SyncTransport, hub_of};
use crate::team::{TeamRole, role_view};
use crate::vault::SenimVault;
use crate::work::{Shared, lock, with_hub, with_vault};

/// One device of the team with what this device knows of its activity.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct MemberActivity {
    pub device: String,
    /// Its call sign; for a revoked device, the one it had in the earlier lists this
    /// device kept (empty when none was kept: the list keeps only its id).
    pub name: String,
    /// `None`: revoked.
    pub role: Option<TeamRole>,
    /// This device itself.
    pub this_device: bool,
    /// The last envelope of its log this device holds (0: none).
    pub last_envelope: u64,
    /// When this device's sync first held that envelope: the member's last sync that
    /// brought something, as far as this device knows (at or before this time). For
    /// this device itself, its own last successful sync. `None`: nothing from it
    /// yet, or held before this version kept times.
    pub last_heard: Option<SystemTime>,
}

/// One envelope held in quarantine (authentic, but its content cannot be applied).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct QuarantinedEnvelope {
    /// Its place: the device whose log holds it, and its sequence there.
    pub device: String,
    pub seq: u64,
    /// Why, as the catalog key of its sentence (`common-quarantine-…`); `None` for a
    /// reason a later version stored, then shown as `reason`.
    pub reason_key: Option<String>,
    /// The reason as stored (English); for the screens only when `reason_key` is
    /// `None`.
    pub reason: String,
    /// When this device's sync found it; `None` before this version kept times.
    pub found: Option<SystemTime>,
}

/// How long records of one kind are kept after their last change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RetentionRule {
    pub kind: RecordKind,
    pub days: u32,
}

/// The team's retention and automatic-wipe policy.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct PolicyView {
    pub retention: Vec<RetentionRule>,
    /// Wipe a device's vault after this many failed unlocks in a row.
    pub wipe_after_failed_unlocks: Option<u32>,
    /// Wipe a device's vault when it is opened this many days after its last sync.
    pub wipe_after_days_without_sync: Option<u32>,
}

/// What an erasure removed from the team.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ErasureView {
    /// The purge order's number in the team's chain.
    pub order: u64,
    /// Records erased (the subject and those linked to it).
    pub records: u64,
    /// Envelope places removed from the hub and every device.
    pub envelopes: u64,
    /// Envelopes of this device that carry again the other records those held.
    pub carriers: u64,
}

/// A count of a report, or the mark of one suppressed (it carries no value).
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ReportCount {
    pub value: Option<u64>,
    pub suppressed: bool,
}

impl From<Count> for ReportCount {
    fn from(c: Count) -> Self {
        ReportCount {
            value: if c.suppressed { None } else { c.value },
            suppressed: c.suppressed,
        }
    }
}

/// A row label and its count.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct LabelledCount {
    /// A code (`accepted`), a place's label or a month (`2026-03`); empty when
    /// `not_recorded`.
    pub label: String,
    /// The row of records without a value (no place, not recorded): the screen names
    /// it in the worker's words.
    pub not_recorded: bool,
    pub count: ReportCount,
}

/// Assessed interviews of one month by level, and the month's records.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct MonthLevels {
    /// `YYYY-MM`.
    pub month: String,
    pub records: ReportCount,
    pub none: ReportCount,
    pub monitor: ReportCount,
    pub possible: ReportCount,
    pub likely: ReportCount,
}

/// One table of the report as the core built it: label columns, then count columns.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ReportTable {
    /// Its id (`records_by_kind`, `months`, …): the screen's title by key.
    pub id: String,
    /// The ids of its label columns, then of its count columns.
    pub label_columns: Vec<String>,
    pub count_columns: Vec<String>,
    pub rows: Vec<ReportRow>,
    /// The count columns' sums, where rows add up.
    pub total: Option<Vec<ReportCount>>,
}

#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ReportRow {
    pub labels: Vec<String>,
    pub counts: Vec<ReportCount>,
}

/// The anonymised counts of `senim report`, small counts suppressed, shaped for
/// charts: levels over time, referrals by status, notes by place; and every table.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ReportView {
    /// The days covered (`YYYY-MM-DD`, UTC, inclusive); `None`: open-ended.
    pub from: Option<String>,
    pub to: Option<String>,
    /// The smallest count shown: counts from 1 to `threshold - 1` are suppressed.
    pub threshold: u32,
    /// Records that could not be read, and so are not counted.
    pub unreadable: u64,
    pub levels_by_month: Vec<MonthLevels>,
    /// `proposed`, `accepted`, `declined`, `completed`, `cancelled`.
    pub referrals_by_status: Vec<LabelledCount>,
    /// Outreach notes by the place they name (the region worked).
    pub notes_by_place: Vec<LabelledCount>,
    pub tables: Vec<ReportTable>,
    /// The same counts as one CSV file, in the words of the report's language: every
    /// table under its title, a suppressed count as `suppressed`, fields quoted and
    /// guarded against spreadsheet formulas, a UTF-8 byte-order mark first
    /// (`senim_report::report_csv`). What the
    /// apps write when the lead exports, the same bytes on every platform.
    pub csv: String,
}

/// The smallest count a report shows unless the lead asks for another.
#[uniffi::export]
pub fn report_default_threshold() -> u32 {
    senim_report::DEFAULT_THRESHOLD
}

pub(crate) fn is_lead(shared: &Shared) -> Result<()> {
    let role = lock(shared).team()?.and_then(|t| t.role);
    match role {
        Some(Role::Lead) => Ok(()),
        _ => Err(SenimError::Membership {
            reason: "only a lead of the team may do this".into(),
        }),
    }
}

fn policy_view(p: TeamPolicy) -> PolicyView {
    PolicyView {
        retention: p
            .retention
            .into_iter()
            .map(|r| RetentionRule {
                kind: r.kind.into(),
                days: r.days,
            })
            .collect(),
        wipe_after_failed_unlocks: p.wipe_after_failed_unlocks,
        wipe_after_days_without_sync: p.wipe_after_days_without_sync,
    }
}

pub(crate) fn day(field: &str, text: Option<String>) -> Result<Option<NaiveDate>> {
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| SenimError::invalid(field, "expected a day as YYYY-MM-DD")),
    }
}

fn labelled(report: &Report, table: &str) -> Vec<LabelledCount> {
    let Some(t) = report.table(table) else {
        return Vec::new();
    };
    t.rows
        .iter()
        .filter_map(|row| {
            let label = row.first()?.as_label()?;
            let count = row.iter().find_map(Cell::as_count)?;
            let not_recorded = label == NO_PLACE || label == NOT_RECORDED;
            Some(LabelledCount {
                label: if not_recorded {
                    String::new()
                } else {
                    label.to_string()
                },
                not_recorded,
                count: count.into(),
            })
        })
        .collect()
}

fn months(report: &Report) -> Vec<MonthLevels> {
    let Some(t) = report.table(senim_report::table_ids::MONTHS) else {
        return Vec::new();
    };
    let count = |row: &[Cell], id: &str| -> ReportCount {
        t.column(id)
            .and_then(|i| row.get(i))
            .and_then(Cell::as_count)
            .map(ReportCount::from)
            .unwrap_or(ReportCount {
                value: None,
                suppressed: true,
            })
    };
    t.rows
        .iter()
        .filter_map(|row| {
            Some(MonthLevels {
                month: row.first()?.as_label()?.to_string(),
                records: count(row, "records"),
                none: count(row, "none"),
                monitor: count(row, "monitor"),
                possible: count(row, "possible"),
                likely: count(row, "likely"),
            })
        })
        .collect()
}

fn report_view(report: Report, words: &Localizer) -> Result<ReportView> {
    let mut said = report.clone();
    senim_report::localize(&mut said, words);
    let csv = senim_report::report_csv(&said)?;
    let tables = report
        .tables
        .iter()
        .map(|t| {
            let ids = |kind: ColumnKind| {
                t.columns
                    .iter()
                    .filter(|c| c.kind == kind)
                    .map(|c| c.id.clone())
                    .collect()
            };
            let row = |cells: &Vec<Cell>| ReportRow {
                labels: cells
                    .iter()
                    .filter_map(|c| c.as_label().map(str::to_string))
                    .collect(),
                counts: cells
                    .iter()
                    .filter_map(|c| c.as_count().map(ReportCount::from))
                    .collect(),
            };
            ReportTable {
                id: t.id.clone(),
                label_columns: ids(ColumnKind::Label),
                count_columns: ids(ColumnKind::Count),
                rows: t.rows.iter().map(row).collect(),
                total: t.total.as_ref().map(|cells| row(cells).counts),
            }
        })
        .collect();
    Ok(ReportView {
        from: report.period.from.map(|d| d.to_string()),
        to: report.period.to.map(|d| d.to_string()),
        threshold: report.threshold,
        unreadable: report.unreadable,
        levels_by_month: months(&report),
        referrals_by_status: labelled(&report, senim_report::table_ids::REFERRALS_BY_STATUS),
        notes_by_place: labelled(&report, senim_report::table_ids::PLACES),
        tables,
        csv,
    })
}

#[uniffi::export]
impl SenimVault {
    /// The team's devices (revoked ones last) with the last envelope this device
    /// holds from each and when its sync first held it (see [`MemberActivity`]). Only
    /// what this vault knows: a lead sees a member's sync once its own sync brings it.
    /// Empty before the vault joins a team.
    pub fn member_activity(&self) -> Result<Vec<MemberActivity>> {
        let vault = lock(&self.vault);
        let Some(m) = vault.membership()? else {
            return Ok(Vec::new());
        };
        let seen = vault.devices_seen()?;
        let former = vault.revoked_names()?;
        let own = vault.device_id();
        let of = |device: String, name: String, role: Option<TeamRole>| {
            let s = seen.iter().find(|s| s.device.to_string() == device);
            MemberActivity {
                this_device: device == own,
                last_envelope: s.map_or(0, |s| s.last_seq),
                last_heard: s.and_then(|s| s.at).map(SystemTime::from),
                device,
                name,
                role,
            }
        };
        Ok(m.members()
            .iter()
            .map(|x| {
                of(
                    x.public.device.to_string(),
                    x.name.clone(),
                    Some(role_view(x.role)),
                )
            })
            .chain(m.revoked().iter().map(|r| {
                let name = former
                    .iter()
                    .find(|(d, _)| *d == r.device)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default();
                of(r.device.to_string(), name, None)
            }))
            .collect())
    }

    /// The envelopes this device holds in quarantine, by device and sequence, with
    /// their reason's catalog key (what `senim team quarantine` lists).
    pub fn quarantine(&self) -> Result<Vec<QuarantinedEnvelope>> {
        let vault = lock(&self.vault);
        vault
            .quarantined()?
            .into_iter()
            .map(|q| {
                Ok(QuarantinedEnvelope {
                    device: q.place.device.to_string(),
                    seq: q.place.seq,
                    reason_key: q.reason_kind().map(|k| k.key().to_string()),
                    found: vault.quarantined_at(&q.place)?.map(SystemTime::from),
                    reason: q.reason,
                })
            })
            .collect()
    }

    /// Lead: purges every quarantined envelope from the team (syncs first; every
    /// device removes them at its next sync). Returns what the order removed.
    pub async fn purge_quarantine(&self, transport: Arc<dyn SyncTransport>) -> Result<ErasureView> {
        is_lead(&self.vault)?;
        with_hub(&self.vault, move |shared| {
            let mut bridge = Bridge {
                base: shared.with(hub_of)?,
                transport,
            };
            let r = HubClient::new(shared, &mut bridge).purge_quarantined()?;
            Ok(erasure_view(r))
        })
        .await
    }

    /// The team's policy as of this device's last sync; `None` when none is set (or
    /// before the vault joins a team).
    pub fn policy(&self) -> Result<Option<PolicyView>> {
        Ok(lock(&self.vault).policy()?.map(policy_view))
    }

    /// Lead: replaces the team's policy whole (what it leaves out is no longer set);
    /// every device applies it at its next sync. Returns the order's number. A
    /// policy out of its bounds is `InvalidInput`; another device is refused with
    /// `Membership` before anything is sent.
    pub async fn set_policy(
        &self,
        policy: PolicyView,
        transport: Arc<dyn SyncTransport>,
    ) -> Result<u64> {
        is_lead(&self.vault)?;
        let mut kinds = Vec::new();
        for r in &policy.retention {
            if kinds.contains(&r.kind) {
                return Err(SenimError::invalid(
                    "retention",
                    "a kind of record is named twice",
                ));
            }
            kinds.push(r.kind);
        }
        let policy = TeamPolicy {
            retention: policy
                .retention
                .iter()
                .map(|r| Retention {
                    kind: r.kind.into(),
                    days: r.days,
                })
                .collect(),
            wipe_after_failed_unlocks: policy.wipe_after_failed_unlocks,
            wipe_after_days_without_sync: policy.wipe_after_days_without_sync,
        };
        policy.validate()?;
        with_hub(&self.vault, move |shared| {
            let mut bridge = Bridge {
                base: shared.with(hub_of)?,
                transport,
            };
            Ok(HubClient::new(shared, &mut bridge).set_policy(policy)?)
        })
        .await
    }

    /// How many records an erasure of `subject` would remove as this device holds
    /// them (the subject and every record linked to it): what the confirmation
    /// shows. Sync first for the team's count. A malformed id is `InvalidInput`.
    pub fn erasure_count(&self, subject: String) -> Result<u64> {
        let id = parse_id(&subject)?;
        Ok(lock(&self.vault).erasure_set(id)?.len() as u64)
    }

    /// Lead: erases a subject and every record linked to it from every device of the
    /// team and from the hub, for good (syncs first). The typed confirmation is the
    /// screen's. Another device is refused with `Membership` before anything is sent.
    pub async fn erase_subject(
        &self,
        subject: String,
        transport: Arc<dyn SyncTransport>,
    ) -> Result<ErasureView> {
        let id = parse_id(&subject)?;
        is_lead(&self.vault)?;
        with_hub(&self.vault, move |shared| {
            let mut bridge = Bridge {
                base: shared.with(hub_of)?,
                transport,
            };
            Ok(erasure_view(HubClient::new(shared, &mut bridge).erase(id)?))
        })
        .await
    }

    /// The anonymised counts of `senim report` over this vault (a lead's holds the
    /// team's records), small counts suppressed: from `from` to `to` (`YYYY-MM-DD`,
    /// UTC, inclusive; `None` or empty: open-ended), showing no count below
    /// `threshold` (2 to 1000; see [`report_default_threshold`]), the content's names
    /// and the CSV file's words in `language` (`en`, `ru`, `kk`; `uz`, `ky`, `tg` in
    /// Russian). A malformed day, threshold or language is `InvalidInput`.
    pub async fn report(
        &self,
        from: Option<String>,
        to: Option<String>,
        threshold: u32,
        language: String,
    ) -> Result<ReportView> {
        let options = ReportOptions {
            from: day("from", from)?,
            to: day("to", to)?,
            threshold,
            language,
        };
        let words = Localizer::for_tag(&options.language)
            .map_err(|_| SenimError::invalid("language", "not a language Senim speaks"))?;
        let library = crate::interview::library()?;
        with_vault(&self.vault, move |vault| {
            report_view(Report::build(vault, &library, &options)?, &words)
        })
        .await
    }
}

fn erasure_view(r: senim_client::PurgeReport) -> ErasureView {
    ErasureView {
        order: r.order,
        records: r.records as u64,
        envelopes: r.envelopes as u64,
        carriers: r.carriers as u64,
    }
}
