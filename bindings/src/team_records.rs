//! The lead's merged picture as calls: the team's records filtered in the core (by
//! worker, kind, level, days, open referrals, conflicts) a page at a time with their
//! count; one record with its conflicts and its history, each value and each change
//! with its author's call sign; and the people an erasure may name, with how many
//! records each would remove.
//!
//! Every rule is the vault's (`Vault::team_records`, `Vault::subjects`,
//! `Vault::device_names`); this module names the authors and shapes the answers. Only
//! a lead may call it: any other device is refused with `Membership`, as the lead's
//! other calls are.

use std::collections::BTreeMap;
use std::time::SystemTime;

use chrono::{NaiveDate, TimeZone, Utc};
use senim_records::{PageRequest, Record, RecordBody, ReferralStatus};
use senim_vault::{ChangeAction, TeamFilter};

use crate::assessment::RiskLevel;
use crate::error::{Result, SenimError};
use crate::lead::{day, is_lead};
use crate::records::{RecordKind, RecordView, parse_id, view};
use crate::vault::SenimVault;
use crate::work::lock;

/// What the team's records are filtered by; every filter set must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq, uniffi::Record)]
pub struct TeamRecordFilter {
    /// The device (hex id) that recorded it.
    pub worker: Option<String>,
    pub kind: Option<RecordKind>,
    /// Interviews assessed at this level.
    pub level: Option<RiskLevel>,
    /// The first and last day (`YYYY-MM-DD`, UTC, inclusive) of the moment the record is
    /// about (a note's contact, an interview's start) or of its creation; `None` or
    /// empty: open-ended.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Only referrals still proposed or accepted.
    pub open_referrals: bool,
    /// Only records where workers recorded different values.
    pub conflicts: bool,
}

/// A device as the lead's screens name it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Author {
    pub device: String,
    /// Its call sign in the team's lists (a revoked device's from an earlier list);
    /// empty when this vault knows none.
    pub name: String,
    pub this_device: bool,
}

/// A record of the team with who recorded it and what it is filtered by.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct TeamRecord {
    pub record: RecordView,
    pub author: Author,
    /// An assessed interview's level.
    pub level: Option<RiskLevel>,
    /// A referral still proposed or accepted.
    pub open_referral: bool,
}

/// One page of the team's records; pass `next` back for the following page.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct TeamRecordsPage {
    pub records: Vec<TeamRecord>,
    pub next: Option<String>,
    /// How many records match the filter in all.
    pub total: u64,
    /// Records on this page's stretch that failed to decrypt, by id.
    pub damaged: Vec<String>,
}

/// One value of a field written concurrently, with the device that wrote it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AuthoredValue {
    pub value_json: String,
    pub author: Author,
    /// The record reads this value now (the core's deterministic choice among them).
    /// Two devices that wrote the same value are both marked; none is when the field
    /// is not in the record's body (a field of the record itself).
    pub current: bool,
}

/// A field with the values workers recorded at once; the record reads one of them
/// (marked `current`), and none is lost.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AuthoredConflict {
    /// The field's path in the body (`place`, `answers.q_passport`).
    pub field: String,
    pub values: Vec<AuthoredValue>,
}

/// The value a record's body reads at `field`, a dotted path in the body
/// (`place`, `answers.q_passport`); `None` when the body has no such field.
fn read_value(body: &RecordBody, field: &str) -> Option<serde_json::Value> {
    let tagged = serde_json::to_value(body).ok()?;
    field
        .split('.')
        .try_fold(tagged.get("body")?, |at, key| at.get(key))
        .cloned()
}

/// What a change of a record's history did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum ChangeKind {
    Create,
    Edit,
    Delete,
    /// A change another build made, without a message this one knows.
    Other,
}

/// One change of a record: who, when, what.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RecordChange {
    pub author: Author,
    pub at: SystemTime,
    pub kind: ChangeKind,
    /// The fields an edit wrote.
    pub fields: Vec<String>,
}

/// One record of the team in full: the record, its conflicts and its history (oldest
/// first), every author named.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct TeamRecordDetail {
    pub record: TeamRecord,
    pub conflicts: Vec<AuthoredConflict>,
    pub history: Vec<RecordChange>,
}

/// A person an erasure may name: the subject record's id, the worker's pseudonym for
/// them (as the record shows it), who recorded them and when, and how many records an
/// erasure removes (theirs and every record linked to it, as this device holds them).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ErasureSubject {
    pub id: String,
    pub alias: String,
    pub recorded_by: Author,
    pub recorded_at: SystemTime,
    pub records: u64,
}

/// Names devices by the team's lists.
struct Names {
    names: BTreeMap<String, String>,
    own: String,
}

impl Names {
    fn author(&self, device: &str) -> Author {
        Author {
            device: device.to_string(),
            name: self.names.get(device).cloned().unwrap_or_default(),
            this_device: device == self.own,
        }
    }

    fn team_record(&self, record: Record) -> Result<TeamRecord> {
        let level = match &record.body {
            RecordBody::Interview(i) => i.assessment.as_ref().and_then(|a| level(&a.level)),
            _ => None,
        };
        let open_referral = matches!(
            &record.body,
            RecordBody::Referral(r)
                if matches!(r.status, ReferralStatus::Proposed | ReferralStatus::Accepted)
        );
        let author = self.author(&record.created_by);
        Ok(TeamRecord {
            record: view(record)?,
            author,
            level,
            open_referral,
        })
    }
}

fn level(stored: &str) -> Option<RiskLevel> {
    match stored {
        "none" => Some(RiskLevel::None),
        "monitor" => Some(RiskLevel::Monitor),
        "possible" => Some(RiskLevel::Possible),
        "likely" => Some(RiskLevel::Likely),
        _ => None,
    }
}

fn stored_level(level: RiskLevel) -> &'static str {
    match level {
        RiskLevel::None => "none",
        RiskLevel::Monitor => "monitor",
        RiskLevel::Possible => "possible",
        RiskLevel::Likely => "likely",
    }
}

/// The start of a day, UTC.
fn start_of(d: NaiveDate) -> chrono::DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_time(chrono::NaiveTime::MIN))
}

fn filter_of(f: TeamRecordFilter) -> Result<TeamFilter> {
    let from = day("from", f.from)?;
    let to = day("to", f.to)?;
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        return Err(SenimError::invalid("to", "before the first day"));
    }
    let worker = f
        .worker
        .map(|w| w.trim().to_string())
        .filter(|w| !w.is_empty());
    Ok(TeamFilter {
        author: worker,
        kind: f.kind.map(Into::into),
        level: f.level.map(|l| stored_level(l).to_string()),
        from: from.map(start_of),
        // Inclusive: up to the start of the next day.
        to: to.and_then(|d| d.succ_opt()).map(start_of),
        open_referrals: f.open_referrals,
        conflicted: f.conflicts,
        include_deleted: false,
    })
}

#[uniffi::export]
impl SenimVault {
    /// Lead: the team's records as this device holds them, newest first, `limit` at a
    /// time (1 to 1000), filtered in the core, with how many match in all. A malformed
    /// day, a last day before the first, a worker that is not a device id or a cursor
    /// not returned by a previous page is `InvalidInput`; another device is refused
    /// with `Membership`.
    pub fn team_records(
        &self,
        filter: TeamRecordFilter,
        limit: u32,
        after: Option<String>,
    ) -> Result<TeamRecordsPage> {
        is_lead(&self.vault)?;
        let filter = filter_of(filter)?;
        let vault = lock(&self.vault);
        let page = vault.team_records(
            &filter,
            &PageRequest {
                limit: limit as usize,
                after,
            },
        )?;
        let names = Names {
            names: vault.device_names()?,
            own: vault.device_id(),
        };
        drop(vault);
        Ok(TeamRecordsPage {
            records: page
                .page
                .records
                .into_iter()
                .map(|r| names.team_record(r))
                .collect::<Result<_>>()?,
            next: page.page.next,
            total: page.total,
            damaged: page.page.damaged.iter().map(|d| d.to_string()).collect(),
        })
    }

    /// Lead: one record with its conflicts and its history, every author named (logged
    /// as one view). A malformed id is `InvalidInput`, an unknown one `NotFound`.
    pub fn team_record(&self, id: String) -> Result<TeamRecordDetail> {
        let id = parse_id(&id)?;
        is_lead(&self.vault)?;
        let vault = lock(&self.vault);
        let (record, history) = vault.view(id)?;
        let names = Names {
            names: vault.device_names()?,
            own: vault.device_id(),
        };
        drop(vault);
        let conflicts = record
            .conflicts
            .iter()
            .map(|c| {
                let reads = read_value(&record.body, &c.field);
                AuthoredConflict {
                    field: c.field.clone(),
                    values: c
                        .values
                        .iter()
                        .map(|v| AuthoredValue {
                            value_json: v.value.to_string(),
                            author: names.author(&v.device),
                            current: reads.as_ref() == Some(&v.value),
                        })
                        .collect(),
                }
            })
            .collect();
        let history = history
            .iter()
            .map(|h| {
                let (kind, fields) = match ChangeAction::of(h) {
                    ChangeAction::Create => (ChangeKind::Create, Vec::new()),
                    ChangeAction::Edit(fields) => (ChangeKind::Edit, fields),
                    ChangeAction::Delete => (ChangeKind::Delete, Vec::new()),
                    ChangeAction::Other => (ChangeKind::Other, Vec::new()),
                };
                RecordChange {
                    author: names.author(&h.device),
                    at: h.at.into(),
                    kind,
                    fields,
                }
            })
            .collect();
        Ok(TeamRecordDetail {
            record: names.team_record(record)?,
            conflicts,
            history,
        })
    }

    /// Lead: the people this device holds (newest first), each with how many records
    /// an erasure of them removes: what the erasure's list shows. Another device is
    /// refused with `Membership`.
    pub fn erasure_subjects(&self) -> Result<Vec<ErasureSubject>> {
        is_lead(&self.vault)?;
        let vault = lock(&self.vault);
        let people = vault.subjects()?;
        let names = Names {
            names: vault.device_names()?,
            own: vault.device_id(),
        };
        drop(vault);
        Ok(people
            .into_iter()
            .map(|p| ErasureSubject {
                id: p.id.to_string(),
                alias: p.alias,
                recorded_by: names.author(&p.created_by),
                recorded_at: p.created_at.into(),
                records: p.records,
            })
            .collect())
    }
}
