//! The lead's merged picture: every record this vault holds (on a lead's device, the
//! team's), filtered by the facts kept beside each record (who created it, its kind,
//! an interview's level, the moment it is about, an open referral, concurrent values,
//! deleted), a page at a time with the number of matches; the people (subject
//! records) with how many records an erasure of each would remove; the call signs of
//! the devices that wrote them; and a record's history read as actions.
//!
//! The filters run in SQL over `record_facts` (migration 0010): a page opens only the
//! records it shows, each checked again against the filter once read (the facts decide
//! what is read, never what is shown). It must never return a record that failed
//! authentication (those are reported as damaged) and never logs a listing's contents.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use senim_records::{HistoryEntry, PageRequest, Record, RecordId, RecordKind, RecordPage};

use crate::records::fact_time;
use crate::{Error, Result, Vault};

/// The levels an assessed interview has, as its summary stores them.
pub const LEVELS: [&str; 4] = ["none", "monitor", "possible", "likely"];

/// What the merged picture shows. Every filter set must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TeamFilter {
    /// The device (hex) that created the record.
    pub author: Option<String>,
    pub kind: Option<RecordKind>,
    /// An assessed interview's level (one of [`LEVELS`]).
    pub level: Option<String>,
    /// Inclusive lower bound on the moment the record is about (or its creation).
    pub from: Option<DateTime<Utc>>,
    /// Exclusive upper bound.
    pub to: Option<DateTime<Utc>>,
    /// Only referrals still proposed or accepted.
    pub open_referrals: bool,
    /// Only records with a field holding concurrent values.
    pub conflicted: bool,
    pub include_deleted: bool,
}

impl TeamFilter {
    /// Refuses a filter that names no device or no level, naming the filter.
    fn check(&self) -> Result<()> {
        if let Some(a) = &self.author
            && !(a.len() == 32 && a.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            return Err(Error::invalid("worker", "not a device id"));
        }
        if let Some(l) = &self.level
            && !LEVELS.contains(&l.as_str())
        {
            return Err(Error::invalid("level", "not a level"));
        }
        if let (Some(from), Some(to)) = (self.from, self.to)
            && to <= from
        {
            return Err(Error::invalid("dates", "the end is not after the start"));
        }
        Ok(())
    }

    /// The exact check of a record read (the facts were written with it).
    fn matches(&self, record: &Record) -> bool {
        let at = record.body.time().unwrap_or(record.created_at);
        let level = match &record.body {
            senim_records::RecordBody::Interview(i) => {
                i.assessment.as_ref().map(|a| a.level.as_str())
            }
            _ => None,
        };
        let open = matches!(
            &record.body,
            senim_records::RecordBody::Referral(r) if matches!(
                r.status,
                senim_records::ReferralStatus::Proposed | senim_records::ReferralStatus::Accepted
            )
        );
        self.author
            .as_deref()
            .is_none_or(|a| a.eq_ignore_ascii_case(&record.created_by))
            && self.kind.is_none_or(|k| k == record.kind)
            && self.level.as_deref().is_none_or(|l| level == Some(l))
            && self.from.is_none_or(|f| at >= f)
            && self.to.is_none_or(|t| at < t)
            && (!self.open_referrals || open)
            && (!self.conflicted || !record.conflicts.is_empty())
            && (self.include_deleted || !record.deleted)
    }
}

/// A page of the merged picture and how many records match the filter in all.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamPage {
    pub page: RecordPage,
    pub total: u64,
}

/// A person as the erasure's list shows them: the subject record's id and alias (the
/// worker's pseudonym, what the lead's vault shows of them anyway), who recorded them
/// and when, and the records an erasure removes (theirs and every one linked to it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubjectEntry {
    pub id: RecordId,
    pub alias: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub records: u64,
}

/// What a change of a record's history did, read from its message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeAction {
    Create,
    /// The fields it wrote (paths in the body, such as `place` or `answers.q_age`).
    Edit(Vec<String>),
    Delete,
    /// A change without a message this build knows (another build's).
    Other,
}

impl ChangeAction {
    pub fn of(entry: &HistoryEntry) -> ChangeAction {
        match entry.summary.as_str() {
            "create" => ChangeAction::Create,
            "delete" => ChangeAction::Delete,
            s => match s.strip_prefix("edit: ") {
                Some(fields) => ChangeAction::Edit(
                    fields
                        .split(", ")
                        .filter(|f| !f.is_empty())
                        .map(str::to_string)
                        .collect(),
                ),
                None => ChangeAction::Other,
            },
        }
    }
}

/// The SQL condition of a filter over `record_facts`, with `?1` to `?8` bound as
/// [`Vault::team_records`] binds them.
const FILTERED: &str = "(?1 IS NULL OR author = ?1) AND (?2 IS NULL OR kind = ?2)
     AND (?3 IS NULL OR level = ?3) AND (?4 IS NULL OR at >= ?4) AND (?5 IS NULL OR at < ?5)
     AND (?6 = 0 OR open = 1) AND (?7 = 0 OR conflicted = 1) AND (?8 = 1 OR deleted = 0)";

impl Vault {
    /// Records matching `filter`, newest first, one page at a time, and how many match
    /// in all. A record that fails to decrypt is reported in [`RecordPage::damaged`].
    /// A filter naming no device or level, dates in the wrong order, a page size out of
    /// range or a cursor not returned by a previous page is `InvalidInput`.
    pub fn team_records(&self, filter: &TeamFilter, page: &PageRequest) -> Result<TeamPage> {
        let keys = self.keys()?;
        filter.check()?;
        if page.limit == 0 || page.limit > PageRequest::MAX_LIMIT {
            return Err(Error::invalid(
                "page size",
                format!("must be between 1 and {}", PageRequest::MAX_LIMIT),
            ));
        }
        let cursor: i64 = match &page.after {
            None => i64::MAX,
            Some(c) => c.parse().ok().filter(|c: &i64| *c > 0).ok_or_else(|| {
                Error::invalid("page cursor", "not a cursor returned by a previous page")
            })?,
        };
        let reading = self.one_read()?;
        let author = filter.author.as_deref().map(str::to_ascii_lowercase);
        let (kind, from, to) = (
            filter.kind.map(|k| k.as_str()),
            filter.from.map(fact_time),
            filter.to.map(fact_time),
        );
        let args: [&dyn rusqlite::ToSql; 8] = [
            &author,
            &kind,
            &filter.level,
            &from,
            &to,
            &filter.open_referrals,
            &filter.conflicted,
            &filter.include_deleted,
        ];
        let total: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM record_facts WHERE {FILTERED}"
            ))?
            .query_row(&args[..], |r| r.get(0))?;
        // One more than the page: whether a next one follows.
        let limit = page.limit as i64 + 1;
        let mut paged = args.to_vec();
        paged.extend([&cursor as &dyn rusqlite::ToSql, &limit]);
        let seqs: Vec<i64> = self
            .conn
            .prepare_cached(&format!(
                "SELECT seq FROM record_facts WHERE {FILTERED} AND seq < ?9
                 ORDER BY seq DESC LIMIT ?10"
            ))?
            .query_map(&paged[..], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        let mut out = RecordPage {
            records: Vec::new(),
            next: None,
            damaged: Vec::new(),
        };
        let mut last = None;
        for (i, seq) in seqs.into_iter().enumerate() {
            if i == page.limit {
                out.next = last.map(|s: i64| s.to_string());
                break;
            }
            last = Some(seq);
            let Some(row) = self.row_at(seq)? else {
                continue;
            };
            match self.read_listed(keys, &row)? {
                Some(record) if filter.matches(&record) => out.records.push(record),
                Some(_) => {}
                None => out.damaged.push(row.id()?),
            }
        }
        reading.done(TeamPage {
            page: out,
            total: u64::try_from(total).unwrap_or(0),
        })
    }

    /// The people this vault holds (subject records not deleted), newest first, each
    /// with the records an erasure of them removes as this device holds them (what
    /// [`Vault::erasure_set`] counts). The counts come from the facts; only the subject
    /// records are read (their summaries, seals checked as a listing checks them). A
    /// subject whose record fails to decrypt is left out.
    pub fn subjects(&self) -> Result<Vec<SubjectEntry>> {
        let keys = self.keys()?;
        let reading = self.one_read()?;
        let mut linked: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
        {
            let mut stmt = self.conn.prepare_cached(
                "SELECT subject, count(*) FROM record_facts
                 WHERE subject IS NOT NULL GROUP BY subject",
            )?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                linked.insert(r.get(0)?, u64::try_from(r.get::<_, i64>(1)?).unwrap_or(0));
            }
        }
        let seqs: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT seq FROM record_facts WHERE kind = 'subject' AND deleted = 0
                 ORDER BY seq DESC",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        let scope = self.interrupt_scope();
        let mut out = Vec::with_capacity(seqs.len());
        for seq in seqs {
            scope.check()?;
            let Some(row) = self.row_at(seq)? else {
                continue;
            };
            let Some(record) = self.read_listed(keys, &row)? else {
                continue;
            };
            let senim_records::RecordBody::Subject(s) = &record.body else {
                continue;
            };
            out.push(SubjectEntry {
                id: record.id,
                alias: s.alias.clone(),
                created_by: record.created_by.clone(),
                created_at: record.created_at,
                records: 1 + linked
                    .get(record.id.as_bytes().as_slice())
                    .copied()
                    .unwrap_or(0),
            });
        }
        reading.done(out)
    }

    /// The call sign of every device this vault knows by its id (hex): the members of
    /// the team's list and, for revoked devices, the names the earlier lists gave them.
    /// Empty before the vault joins a team.
    pub fn device_names(&self) -> Result<BTreeMap<String, String>> {
        let Some(list) = self.membership()? else {
            return Ok(BTreeMap::new());
        };
        let mut names: BTreeMap<String, String> = self
            .revoked_names()?
            .into_iter()
            .map(|(d, n)| (d.to_string(), n))
            .collect();
        for m in list.members() {
            names.insert(m.public.device.to_string(), m.name.clone());
        }
        Ok(names)
    }
}
