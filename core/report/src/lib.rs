//! Reports for team leads: anonymised counts over the whole vault, as tables that the
//! shells render as text, JSON, CSV or charts.
//!
//! Owns what a report counts and the small-count rule. A report is anonymised by
//! construction: a table holds labels that are codes, ids, names from the content
//! library, month names, place labels and team call signs, and counts. It never holds
//! an alias, a note's text, an answer, a referral reason or any other free text of a
//! record, and it never holds a count from 1 to `threshold - 1`: such a cell, and
//! whatever other cell would let it be worked out from a total, is suppressed (see
//! [`Report::build`] and `docs/reports.md`). It reads the vault, never writes to it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Datelike, NaiveDate, SubsecRound, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

use senim_content::forms::Form;
use senim_content::screening::{Level, RuleSet};
use senim_content::{DEFAULT_RULE_SET, Library};
use senim_records::{PageRequest, Record, RecordBody, RecordFilter, RecordId, RecordKind};
use senim_vault::Vault;

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong building a report: bad options, or the vault below.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An option rejected by validation. `reason` describes the rule, never the value.
    #[error("invalid {field}: {reason}")]
    InvalidInput { field: &'static str, reason: String },

    /// The vault refused or failed a read (locked, damaged).
    #[error(transparent)]
    Vault(#[from] senim_vault::Error),
}

impl Error {
    /// An [`Error::InvalidInput`].
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field,
            reason: reason.into(),
        }
    }
}

/// The smallest count a report shows by default: counts from 1 to 4 are suppressed.
pub const DEFAULT_THRESHOLD: u32 = 5;
/// The lowest threshold accepted: 2, so a count of 1 is never shown.
pub const MIN_THRESHOLD: u32 = 2;
/// The highest threshold accepted.
pub const MAX_THRESHOLD: u32 = 1000;

/// Row label of records without a value for the table's key.
pub const NOT_RECORDED: &str = "(not recorded)";
/// Row label of notes without a place.
pub const NO_PLACE: &str = "(no place)";
/// Label of a table's total row.
pub const TOTAL: &str = "Total";

/// Ids of the tables, in the order a report holds them.
pub mod table_ids {
    pub const RECORDS_BY_KIND: &str = "records_by_kind";
    pub const ASSESSMENTS_BY_LEVEL: &str = "assessments_by_level";
    pub const INDICATORS: &str = "indicators";
    pub const DIMENSIONS: &str = "dimensions";
    pub const NATIONALITIES: &str = "nationalities";
    pub const PLACES: &str = "places";
    pub const MONTHS: &str = "months";
    pub const WORKERS: &str = "workers";
    pub const REFERRALS_BY_SERVICE: &str = "referrals_by_service";
    pub const REFERRALS_BY_STATUS: &str = "referrals_by_status";
}

/// What a report covers and how it protects small counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportOptions {
    /// First day counted (UTC), inclusive; `None` from the first record.
    pub from: Option<NaiveDate>,
    /// Last day counted (UTC), inclusive; `None` up to the last record.
    pub to: Option<NaiveDate>,
    /// The smallest count shown: counts from 1 to `threshold - 1` are suppressed.
    pub threshold: u32,
    /// Language of names taken from the content (indicators, dimensions, services).
    pub language: String,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            from: None,
            to: None,
            threshold: DEFAULT_THRESHOLD,
            language: "en".to_string(),
        }
    }
}

/// A period as instants: the start (inclusive) and the end (exclusive), each optional.
type TimeRange = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

impl ReportOptions {
    /// Checks the options and returns the period as a [`RecordFilter`] time range
    /// (`from` inclusive, `to` exclusive).
    fn check(&self) -> Result<TimeRange> {
        if !(MIN_THRESHOLD..=MAX_THRESHOLD).contains(&self.threshold) {
            return Err(Error::invalid(
                "threshold",
                format!("must be between {MIN_THRESHOLD} and {MAX_THRESHOLD}"),
            ));
        }
        if let (Some(from), Some(to)) = (self.from, self.to)
            && from > to
        {
            return Err(Error::invalid(
                "period",
                "the first day is after the last day",
            ));
        }
        let start = self.from.map(|d| d.and_time(Default::default()).and_utc());
        let end = match self.to {
            None => None,
            Some(d) => Some(
                d.checked_add_signed(TimeDelta::days(1))
                    .ok_or_else(|| Error::invalid("period", "the last day is out of range"))?
                    .and_time(Default::default())
                    .and_utc(),
            ),
        };
        Ok((start, end))
    }
}

/// The days a report covers (UTC, both inclusive); `None` is open-ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Anonymised counts over a vault, as tables.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub period: Period,
    pub generated_at: DateTime<Utc>,
    /// The smallest count shown (counts from 1 to `threshold - 1` are suppressed).
    pub threshold: u32,
    /// Records that could not be decrypted or read, and so are not counted.
    pub unreadable: u64,
    pub tables: Vec<Table>,
}

/// One aggregate: label columns, then count columns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub id: String,
    pub title: String,
    pub columns: Vec<Column>,
    /// One cell per column, in column order.
    pub rows: Vec<Vec<Cell>>,
    /// The sum of each count column (label columns hold [`TOTAL`] or nothing), for
    /// tables whose rows add up; `None` where a record may count in several rows.
    pub total: Option<Vec<Cell>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub id: String,
    pub title: String,
    pub kind: ColumnKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    Label,
    Count,
}

/// A table cell: a label (JSON string) or a count (JSON object).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Cell {
    Label(String),
    Count(Count),
}

/// A count, or the mark of a suppressed one. A suppressed count carries no value:
/// not in JSON, not in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    pub value: Option<u64>,
    pub suppressed: bool,
}

impl Count {
    fn shown(value: u64) -> Count {
        Count {
            value: Some(value),
            suppressed: false,
        }
    }
    const SUPPRESSED: Count = Count {
        value: None,
        suppressed: true,
    };
}

impl Cell {
    pub fn as_label(&self) -> Option<&str> {
        match self {
            Cell::Label(s) => Some(s),
            Cell::Count(_) => None,
        }
    }
    pub fn as_count(&self) -> Option<Count> {
        match self {
            Cell::Count(c) => Some(*c),
            Cell::Label(_) => None,
        }
    }
}

impl Report {
    /// The table with this id.
    pub fn table(&self, id: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.id == id)
    }
}

impl Table {
    /// The index of the column with this id.
    pub fn column(&self, id: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.id == id)
    }

    /// Whether any cell (the total included) is suppressed.
    pub fn has_suppressed(&self) -> bool {
        self.rows
            .iter()
            .chain(self.total.iter())
            .flatten()
            .any(|c| c.as_count().is_some_and(|c| c.suppressed))
    }
}

// ---------------------------------------------------------------------------------------
// Building tables: raw counts, then suppression.

/// A table before suppression: the only place raw small counts exist, and it never
/// leaves this module.
struct Draft {
    id: &'static str,
    title: String,
    columns: Vec<Column>,
    rows: Vec<DraftRow>,
    /// Rows add up to a meaningful total.
    total: bool,
}

struct DraftRow {
    labels: Vec<String>,
    counts: Vec<u64>,
    /// Rows whose counts add up to a count shown elsewhere (indicators of one
    /// dimension): secondary suppression also applies within the group.
    group: Option<String>,
}

fn label_col(id: &str, title: &str) -> Column {
    Column {
        id: id.to_string(),
        title: title.to_string(),
        kind: ColumnKind::Label,
    }
}

fn count_col(id: &str, title: &str) -> Column {
    Column {
        id: id.to_string(),
        title: title.to_string(),
        kind: ColumnKind::Count,
    }
}

impl Draft {
    fn new(id: &'static str, title: impl Into<String>, columns: Vec<Column>, total: bool) -> Self {
        Draft {
            id,
            title: title.into(),
            columns,
            rows: Vec::new(),
            total,
        }
    }

    fn row(&mut self, labels: Vec<String>, counts: Vec<u64>) {
        self.rows.push(DraftRow {
            labels,
            counts,
            group: None,
        });
    }

    /// The row whose first label is `label`.
    fn row_index(&self, label: &str) -> Option<usize> {
        self.rows
            .iter()
            .position(|r| r.labels.first().is_some_and(|l| l == label))
    }

    /// The index among the count columns of the column with this id.
    fn count_index(&self, id: &str) -> Option<usize> {
        self.columns
            .iter()
            .filter(|c| c.kind == ColumnKind::Count)
            .position(|c| c.id == id)
    }

    /// Applies the small-count rule, with the cells and totals `forced` to be
    /// suppressed because a linked table suppresses the same number, and forgets the
    /// suppressed values.
    fn finish(&self, threshold: u32, forced: &Forced) -> Suppressed {
        let threshold = u64::from(threshold);
        // Label columns come first, then count columns.
        let n_labels = self
            .columns
            .iter()
            .filter(|c| c.kind == ColumnKind::Label)
            .count();
        let n_counts = self.columns.len() - n_labels;
        let mut hidden = vec![vec![false; n_counts]; self.rows.len()];
        let mut total_hidden = vec![false; n_counts];
        let mut totals = vec![0u64; n_counts];

        // Groups of rows within which a single suppressed cell could be recovered from a
        // known sum: the whole table, and each declared group.
        let mut groups: Vec<Vec<usize>> = vec![(0..self.rows.len()).collect()];
        let mut by_group: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, r) in self.rows.iter().enumerate() {
            if let Some(g) = &r.group {
                by_group.entry(g).or_default().push(i);
            }
        }
        groups.extend(by_group.into_values());

        for c in 0..n_counts {
            let value = |r: usize| self.rows[r].counts[c];
            let smallest_shown = |hidden: &[Vec<bool>], rows: &[usize]| {
                rows.iter()
                    .copied()
                    .filter(|&r| !hidden[r][c] && value(r) > 0)
                    .min_by_key(|&r| (value(r), r))
            };
            // Primary: every count from 1 to threshold - 1, and the cells a linked
            // table suppresses.
            for (r, h) in hidden.iter_mut().enumerate() {
                h[c] = (1..threshold).contains(&value(r)) || forced.cells.contains(&(r, c));
            }
            // A total suppressed elsewhere must not be the sum of shown cells here.
            if forced.totals.contains(&c)
                && !(0..self.rows.len()).any(|r| hidden[r][c])
                && let Some(r) = smallest_shown(&hidden, &groups[0])
            {
                hidden[r][c] = true;
            }
            // Secondary: a group must not hold exactly one suppressed cell, nor
            // suppressed cells that are all 1 (their sum would give them away): suppress
            // the group's smallest shown non-zero count until neither holds.
            loop {
                let mut changed = false;
                for g in &groups {
                    let (k, sum) = g
                        .iter()
                        .filter(|&&r| hidden[r][c])
                        .fold((0u64, 0u64), |(k, s), &r| (k + 1, s + value(r)));
                    if k == 0 || (k > 1 && sum > k) {
                        continue;
                    }
                    if let Some(r) = smallest_shown(&hidden, g) {
                        hidden[r][c] = true;
                        changed = true;
                    }
                }
                if !changed {
                    break;
                }
            }
            let sum: u64 = (0..self.rows.len()).map(value).sum();
            totals[c] = sum;
            let (k, hidden_sum) = (0..self.rows.len())
                .filter(|&r| hidden[r][c])
                .fold((0u64, 0u64), |(k, s), r| (k + 1, s + value(r)));
            // A small total, one suppressed elsewhere, or one that would still give the
            // suppressed cells away (all of them 1, with nothing left to suppress).
            total_hidden[c] = (1..threshold).contains(&sum)
                || forced.totals.contains(&c)
                || (k > 0 && hidden_sum == k);
        }

        let cell = |v: u64, h: bool| {
            Cell::Count(if h {
                Count::SUPPRESSED
            } else {
                Count::shown(v)
            })
        };
        let rows = self
            .rows
            .iter()
            .zip(&hidden)
            .map(|(r, h)| {
                r.labels
                    .iter()
                    .map(|l| Cell::Label(l.clone()))
                    .chain(r.counts.iter().zip(h).map(|(&v, &h)| cell(v, h)))
                    .collect()
            })
            .collect();
        let total = self.total.then(|| {
            (0..n_labels)
                .map(|i| {
                    Cell::Label(if i == 0 {
                        TOTAL.to_string()
                    } else {
                        String::new()
                    })
                })
                .chain(totals.iter().zip(&total_hidden).map(|(&v, &h)| cell(v, h)))
                .collect()
        });
        Suppressed {
            table: Table {
                id: self.id.to_string(),
                title: self.title.clone(),
                columns: self.columns.clone(),
                rows,
                total,
            },
            hidden,
            total_hidden,
        }
    }
}

/// Cells (row, count column) and totals (count column) of one table that must be
/// suppressed because a linked table suppresses the same number.
#[derive(Clone, Default)]
struct Forced {
    cells: BTreeSet<(usize, usize)>,
    totals: BTreeSet<usize>,
}

/// A finished table and which of its counts are suppressed.
struct Suppressed {
    table: Table,
    hidden: Vec<Vec<bool>>,
    total_hidden: Vec<bool>,
}

/// One number as a report shows it: a table's cell (table, row label, count column)
/// or a table's total (table, count column).
#[derive(Clone, Copy)]
enum Place {
    Cell(&'static str, &'static str, &'static str),
    Total(&'static str, &'static str),
}

/// Numbers that several tables show: when one place suppresses it, all must, or the
/// suppressed number (and through it, the small count it protects) could be read from
/// another table.
fn links() -> Vec<Vec<Place>> {
    use Place::{Cell as C, Total as T};
    use table_ids as ids;
    let mut links = vec![
        vec![
            C(ids::RECORDS_BY_KIND, "subject", "records"),
            T(ids::NATIONALITIES, "subjects"),
        ],
        vec![
            C(ids::RECORDS_BY_KIND, "note", "records"),
            T(ids::PLACES, "notes"),
        ],
        vec![
            C(ids::RECORDS_BY_KIND, "interview", "records"),
            T(ids::NATIONALITIES, "interviews"),
        ],
        vec![
            C(ids::RECORDS_BY_KIND, "referral", "records"),
            T(ids::REFERRALS_BY_SERVICE, "referrals"),
            T(ids::REFERRALS_BY_STATUS, "referrals"),
        ],
        vec![
            T(ids::RECORDS_BY_KIND, "records"),
            T(ids::MONTHS, "records"),
            T(ids::WORKERS, "records"),
        ],
    ];
    for level in Level::ALL {
        links.push(vec![
            C(ids::ASSESSMENTS_BY_LEVEL, level.as_str(), "interviews"),
            T(ids::MONTHS, level.as_str()),
        ]);
    }
    links
}

/// Finishes every table, suppressing small counts within each table and then the
/// numbers linked tables share, until no table has more to suppress.
fn finish_all(drafts: &[Draft], threshold: u32) -> Vec<Table> {
    let links = links();
    let mut forced: Vec<Forced> = vec![Forced::default(); drafts.len()];
    loop {
        let done: Vec<Suppressed> = drafts
            .iter()
            .zip(&forced)
            .map(|(d, f)| d.finish(threshold, f))
            .collect();
        // Where each place is: (table index, Some(row) or None for the total, column).
        let locate = |p: &Place| -> Option<(usize, Option<usize>, usize)> {
            let (table, row, col) = match *p {
                Place::Cell(t, r, c) => (t, Some(r), c),
                Place::Total(t, c) => (t, None, c),
            };
            let i = drafts.iter().position(|d| d.id == table)?;
            let c = drafts[i].count_index(col)?;
            match row {
                Some(label) => Some((i, Some(drafts[i].row_index(label)?), c)),
                None => drafts[i].total.then_some((i, None, c)),
            }
        };
        let is_hidden = |(i, r, c): (usize, Option<usize>, usize)| match r {
            Some(r) => done[i].hidden[r][c],
            None => done[i].total_hidden[c],
        };
        let mut changed = false;
        for link in &links {
            let places: Vec<_> = link.iter().filter_map(locate).collect();
            if !places.iter().any(|&p| is_hidden(p)) {
                continue;
            }
            for &(i, r, c) in &places {
                if is_hidden((i, r, c)) {
                    continue;
                }
                changed |= match r {
                    Some(r) => forced[i].cells.insert((r, c)),
                    None => forced[i].totals.insert(c),
                };
            }
        }
        if !changed {
            return done.into_iter().map(|s| s.table).collect();
        }
    }
}

// ---------------------------------------------------------------------------------------
// Gathering counts from the vault.

/// The lookups into the content library a report needs, each made once.
struct Names<'a> {
    library: &'a Library,
    language: &'a str,
    forms: HashMap<(String, String), Option<Arc<Form>>>,
    rule_sets: HashMap<(String, String), Option<Arc<RuleSet>>>,
    default_rules: Option<Arc<RuleSet>>,
}

impl<'a> Names<'a> {
    fn new(library: &'a Library, language: &'a str) -> Self {
        Names {
            library,
            language,
            forms: HashMap::new(),
            rule_sets: HashMap::new(),
            default_rules: library.rule_set(DEFAULT_RULE_SET, None).ok(),
        }
    }

    /// The form an interview ran on, or the newest version of its id.
    fn form(&mut self, id: &str, version: &str) -> Option<Arc<Form>> {
        let lib = self.library;
        self.forms
            .entry((id.to_string(), version.to_string()))
            .or_insert_with(|| {
                lib.form(id, Some(version))
                    .or_else(|_| lib.form(id, None))
                    .ok()
            })
            .clone()
    }

    /// The rule set an interview was scored with, or the newest version of its id, or
    /// the default rule set.
    fn rule_set(&mut self, id: &str, version: &str) -> Option<Arc<RuleSet>> {
        let lib = self.library;
        let found = self
            .rule_sets
            .entry((id.to_string(), version.to_string()))
            .or_insert_with(|| {
                lib.rule_set(id, Some(version))
                    .or_else(|_| lib.rule_set(id, None))
                    .ok()
            })
            .clone();
        found.or_else(|| self.default_rules.clone())
    }

    /// An indicator's dimension and name, from the form the interview ran on. An
    /// indicator the form does not define is named by its id, in the dimension its id
    /// starts with (`DR.job_nature` is in `DR`).
    fn indicator(&self, form: Option<&Form>, id: &str) -> (String, String) {
        if let Some(ind) = form.and_then(|f| f.indicators.get(id)) {
            let name = form
                .map(|f| f.localize(&ind.explanation, self.language).text)
                .unwrap_or_default();
            return (ind.dimension.clone(), name);
        }
        let dimension = id.split_once('.').map_or("", |(d, _)| d);
        (dimension.to_string(), id.to_string())
    }

    fn dimension_name(rules: &RuleSet, id: &str, language: &str) -> Option<String> {
        rules
            .dimension(id)
            .map(|d| rules.localize(&d.name, language).text)
    }

    fn service_name(&self, id: &str) -> String {
        self.library
            .directories()
            .iter()
            .rev()
            .find_map(|d| {
                d.service(id)
                    .map(|s| d.localize(&s.name, self.language).text)
            })
            .unwrap_or_default()
    }
}

/// Counts kept while the records stream past. Nothing here holds record text: only
/// keys that end up as labels (codes, ids, place labels, device ids) and numbers.
#[derive(Default)]
struct Tally {
    by_kind: HashMap<RecordKind, u64>,
    by_level: BTreeMap<Level, u64>,
    /// Interviews raising each indicator, with its dimension and name.
    indicators: BTreeMap<String, (String, String, u64)>,
    /// Interviews raising at least one indicator of each dimension.
    dimensions: BTreeMap<String, u64>,
    dimension_names: BTreeMap<String, String>,
    /// Nationality (or [`NOT_RECORDED`]) → subjects, interviews.
    nationalities: BTreeMap<String, (u64, u64)>,
    /// Place key (case-folded) → spellings and their counts.
    places: BTreeMap<String, BTreeMap<String, u64>>,
    notes_without_place: u64,
    /// (year, month) → records, then assessments per level (none, monitor, possible,
    /// likely).
    months: BTreeMap<(i32, u32), [u64; 5]>,
    /// Device id (hex) → records.
    workers: BTreeMap<String, u64>,
    services: BTreeMap<String, u64>,
    statuses: BTreeMap<&'static str, u64>,
    unreadable: u64,
}

const STATUSES: [&str; 5] = ["proposed", "accepted", "declined", "completed", "cancelled"];

fn status_name(s: senim_records::ReferralStatus) -> &'static str {
    use senim_records::ReferralStatus as S;
    match s {
        S::Proposed => STATUSES[0],
        S::Accepted => STATUSES[1],
        S::Declined => STATUSES[2],
        S::Completed => STATUSES[3],
        S::Cancelled => STATUSES[4],
    }
}

/// A place label as counted: trimmed, inner runs of white space collapsed.
fn clean_place(place: &str) -> String {
    place.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn month_of(t: DateTime<Utc>) -> (i32, u32) {
    (t.year(), t.month())
}

impl Tally {
    /// Counts a record in every table it belongs to. `nationality` finds a subject's
    /// nationality (for interviews linked to one).
    fn add(
        &mut self,
        record: &Record,
        names: &mut Names<'_>,
        nationality: &HashMap<RecordId, Option<String>>,
    ) {
        *self.by_kind.entry(record.kind).or_default() += 1;
        *self.workers.entry(record.created_by.clone()).or_default() += 1;
        let month = month_of(record.body.time().unwrap_or(record.created_at));
        self.months.entry(month).or_default()[0] += 1;
        match &record.body {
            RecordBody::Subject(s) => {
                let key = s.nationality.clone().unwrap_or_else(|| NOT_RECORDED.into());
                self.nationalities.entry(key).or_default().0 += 1;
            }
            RecordBody::OutreachNote(n) => {
                let place = n.place.as_deref().map(clean_place).unwrap_or_default();
                if place.is_empty() {
                    self.notes_without_place += 1;
                } else {
                    *self
                        .places
                        .entry(place.to_lowercase())
                        .or_default()
                        .entry(place)
                        .or_default() += 1;
                }
            }
            RecordBody::Interview(i) => {
                let key = i
                    .subject
                    .and_then(|s| nationality.get(&s).cloned().flatten())
                    .unwrap_or_else(|| NOT_RECORDED.into());
                self.nationalities.entry(key).or_default().1 += 1;
                if let Some(a) = &i.assessment {
                    if let Ok(level) = a.level.parse::<Level>() {
                        *self.by_level.entry(level).or_default() += 1;
                        self.months.entry(month).or_default()[1 + level as usize] += 1;
                    }
                    let form = names.form(&i.form_id, &i.form_version);
                    let rules = names.rule_set(&a.rule_set_id, &a.rule_set_version);
                    let mut dims = BTreeSet::new();
                    for id in &a.indicators {
                        let (dim, name) = names.indicator(form.as_deref(), id);
                        let entry = self
                            .indicators
                            .entry(id.clone())
                            .or_insert_with(|| (dim.clone(), name, 0));
                        entry.2 += 1;
                        if !dim.is_empty() {
                            if !self.dimension_names.contains_key(&dim)
                                && let Some(n) = rules
                                    .as_deref()
                                    .and_then(|r| Names::dimension_name(r, &dim, names.language))
                            {
                                self.dimension_names.insert(dim.clone(), n);
                            }
                            dims.insert(dim);
                        }
                    }
                    for d in dims {
                        *self.dimensions.entry(d).or_default() += 1;
                    }
                }
            }
            RecordBody::Referral(r) => {
                *self.services.entry(r.service.clone()).or_default() += 1;
                *self.statuses.entry(status_name(r.status)).or_default() += 1;
            }
            RecordBody::Consent(_) => {}
        }
    }
}

/// Every non-deleted record matching `filter`, a page of the largest size at a time.
fn each_record(
    vault: &Vault,
    filter: &RecordFilter,
    unreadable: &mut u64,
    mut f: impl FnMut(Record),
) -> Result<()> {
    let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
    loop {
        let result = vault.list(filter, &page)?;
        *unreadable += result.damaged.len() as u64;
        for r in result.records {
            if !r.deleted {
                f(r);
            }
        }
        match result.next {
            Some(next) => page.after = Some(next),
            None => return Ok(()),
        }
    }
}

impl Report {
    /// Counts every record of the vault in the period (deleted ones excepted) and
    /// builds the tables, suppressing small counts.
    ///
    /// A record is in the period, and in a month, by its time: when the contact, the
    /// interview or the consent happened, and for subjects and referrals when the
    /// record was created. Names of indicators, dimensions and services come from
    /// `library`, in `options.language`.
    ///
    /// Suppression, per count column: every count from 1 to `threshold - 1` is
    /// suppressed (zero stays zero); then, while the column (or a group of rows whose
    /// sum is shown elsewhere: the indicators of one dimension) holds exactly one
    /// suppressed cell, or suppressed cells that are all 1, the smallest shown non-zero
    /// count beside them is suppressed too. A total is suppressed when it is below the
    /// threshold, or when it would still give suppressed cells away. A number several
    /// tables show (the notes by kind are the places' total) is suppressed in all of
    /// them once it is in one, until no table changes. See
    /// `docs/adr/0012-report-small-count-suppression.md`.
    ///
    /// Reads every record once, a page of [`PageRequest::MAX_LIMIT`] at a time; records
    /// that fail to decrypt are counted in [`Report::unreadable`], never silently
    /// skipped. Errors are the vault's (locked, damaged) or a typed
    /// [`Error::InvalidInput`] naming the option that was wrong.
    pub fn build(vault: &Vault, library: &Library, options: &ReportOptions) -> Result<Report> {
        let (start, end) = options.check()?;
        let mut names = Names::new(library, &options.language);
        let mut tally = Tally::default();

        // Subjects first, all of them: an interview in the period may be about a person
        // recorded before it.
        let mut subjects: Vec<Record> = Vec::new();
        let mut nationality: HashMap<RecordId, Option<String>> = HashMap::new();
        each_record(
            vault,
            &RecordFilter {
                kind: Some(RecordKind::Subject),
                ..RecordFilter::default()
            },
            &mut tally.unreadable,
            |r| {
                if let RecordBody::Subject(s) = &r.body {
                    nationality.insert(r.id, s.nationality.clone());
                }
                let t = r.created_at;
                if start.is_none_or(|s| t >= s) && end.is_none_or(|e| t < e) {
                    subjects.push(r);
                }
            },
        )?;
        for s in &subjects {
            tally.add(s, &mut names, &nationality);
        }
        drop(subjects);
        for kind in [
            RecordKind::OutreachNote,
            RecordKind::Interview,
            RecordKind::Referral,
            RecordKind::Consent,
        ] {
            let filter = RecordFilter {
                kind: Some(kind),
                from: start,
                to: end,
                ..RecordFilter::default()
            };
            let mut unreadable = 0;
            each_record(vault, &filter, &mut unreadable, |r| {
                tally.add(&r, &mut names, &nationality)
            })?;
            tally.unreadable += unreadable;
        }
        let worker_names = worker_names(vault)?;
        Ok(Report {
            period: Period {
                from: options.from,
                to: options.to,
            },
            generated_at: Utc::now().trunc_subsecs(0),
            threshold: options.threshold,
            unreadable: tally.unreadable,
            tables: tables(tally, &names, &worker_names, options.threshold),
        })
    }
}

/// Call signs of the team's members by device id (hex); empty outside a team.
fn worker_names(vault: &Vault) -> Result<BTreeMap<String, String>> {
    Ok(vault
        .membership()?
        .map(|m| {
            m.members()
                .iter()
                .map(|x| (x.public.device.to_string(), x.name.clone()))
                .collect()
        })
        .unwrap_or_default())
}

/// A device named by the start of its id, for devices outside the team's list.
fn device_label(device: &str) -> String {
    let short: String = device.chars().take(8).collect();
    format!("device {short}")
}

fn tables(
    tally: Tally,
    names: &Names<'_>,
    worker_names: &BTreeMap<String, String>,
    threshold: u32,
) -> Vec<Table> {
    use table_ids as ids;
    let mut drafts = Vec::new();

    let mut t = Draft::new(
        ids::RECORDS_BY_KIND,
        "Records by kind",
        vec![label_col("kind", "Kind"), count_col("records", "Records")],
        true,
    );
    for k in RecordKind::ALL {
        let n = tally.by_kind.get(&k).copied().unwrap_or(0);
        t.row(vec![k.as_str().to_string()], vec![n]);
    }
    drafts.push(t);

    let mut t = Draft::new(
        ids::ASSESSMENTS_BY_LEVEL,
        "Assessed interviews by level",
        vec![
            label_col("level", "Level"),
            count_col("interviews", "Interviews"),
        ],
        true,
    );
    for l in Level::ALL {
        let n = tally.by_level.get(&l).copied().unwrap_or(0);
        t.row(vec![l.as_str().to_string()], vec![n]);
    }
    drafts.push(t);

    // Dimensions: those of the default rule set in its order, then any other met.
    let mut dim_order: Vec<String> = names
        .default_rules
        .as_deref()
        .map(|r| r.dimensions.iter().map(|d| d.id.clone()).collect())
        .unwrap_or_default();
    for d in tally.dimensions.keys() {
        if !dim_order.contains(d) {
            dim_order.push(d.clone());
        }
    }
    let dim_name = |d: &str| {
        tally
            .dimension_names
            .get(d)
            .cloned()
            .or_else(|| {
                names
                    .default_rules
                    .as_deref()
                    .and_then(|r| Names::dimension_name(r, d, names.language))
            })
            .unwrap_or_default()
    };
    let dim_rank = |d: &str| dim_order.iter().position(|x| x == d).unwrap_or(usize::MAX);

    let mut t = Draft::new(
        ids::INDICATORS,
        "Indicators raised (interviews raising each)",
        vec![
            label_col("indicator", "Indicator"),
            label_col("name", "Name"),
            label_col("dimension", "Dimension"),
            count_col("interviews", "Interviews"),
        ],
        true,
    );
    let mut indicators: Vec<_> = tally.indicators.into_iter().collect();
    indicators.sort_by(|(a, (da, ..)), (b, (db, ..))| (dim_rank(da), a).cmp(&(dim_rank(db), b)));
    for (id, (dim, name, n)) in indicators {
        t.rows.push(DraftRow {
            labels: vec![id, name, dim.clone()],
            counts: vec![n],
            group: Some(dim),
        });
    }
    drafts.push(t);

    let mut t = Draft::new(
        ids::DIMENSIONS,
        "Interviews raising an indicator, by dimension",
        vec![
            label_col("dimension", "Dimension"),
            label_col("name", "Name"),
            count_col("interviews", "Interviews"),
        ],
        // An interview raising indicators of several dimensions counts in each.
        false,
    );
    for d in &dim_order {
        let n = tally.dimensions.get(d).copied().unwrap_or(0);
        t.row(vec![d.clone(), dim_name(d)], vec![n]);
    }
    drafts.push(t);

    let mut t = Draft::new(
        ids::NATIONALITIES,
        "Subjects and interviews by nationality",
        vec![
            label_col("nationality", "Nationality"),
            count_col("subjects", "Subjects"),
            count_col("interviews", "Interviews"),
        ],
        true,
    );
    let mut nationalities = tally.nationalities;
    let unknown = nationalities.remove(NOT_RECORDED).unwrap_or_default();
    for (code, (s, i)) in nationalities {
        t.row(vec![code], vec![s, i]);
    }
    t.row(vec![NOT_RECORDED.to_string()], vec![unknown.0, unknown.1]);
    drafts.push(t);

    let mut t = Draft::new(
        ids::PLACES,
        "Outreach notes by place",
        vec![label_col("place", "Place"), count_col("notes", "Notes")],
        true,
    );
    // Alphabetical, never by count: an order by size would rank suppressed cells.
    for spellings in tally.places.into_values() {
        let n = spellings.values().sum();
        // The most used spelling names the place (the first in order on a tie).
        let label = spellings
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(s, _)| s.clone())
            .unwrap_or_default();
        t.row(vec![label], vec![n]);
    }
    t.row(vec![NO_PLACE.to_string()], vec![tally.notes_without_place]);
    drafts.push(t);

    let mut t = Draft::new(
        ids::MONTHS,
        "Records and assessments by month",
        vec![
            label_col("month", "Month"),
            count_col("records", "Records"),
            count_col("none", "Level none"),
            count_col("monitor", "Level monitor"),
            count_col("possible", "Level possible"),
            count_col("likely", "Level likely"),
        ],
        true,
    );
    if let (Some(&first), Some(&last)) = (tally.months.keys().next(), tally.months.keys().last()) {
        let (mut y, mut m) = first;
        while (y, m) <= last {
            let counts = tally.months.get(&(y, m)).copied().unwrap_or_default();
            t.row(vec![format!("{y:04}-{m:02}")], counts.to_vec());
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
    }
    drafts.push(t);

    let mut t = Draft::new(
        ids::WORKERS,
        "Records by worker",
        vec![
            label_col("worker", "Worker"),
            count_col("records", "Records"),
        ],
        true,
    );
    let mut labelled: Vec<(String, u64)> = tally
        .workers
        .iter()
        .map(|(device, &n)| {
            let label = worker_names
                .get(device)
                .cloned()
                .unwrap_or_else(|| device_label(device));
            (label, n)
        })
        .collect();
    // Two members with one call sign are told apart by their devices.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (label, _) in &labelled {
        *seen.entry(label.clone()).or_default() += 1;
    }
    for ((label, _), device) in labelled.iter_mut().zip(tally.workers.keys()) {
        if seen[label.as_str()] > 1 {
            *label = format!("{label} ({})", device_label(device));
        }
    }
    labelled.sort();
    for (label, n) in labelled {
        t.row(vec![label], vec![n]);
    }
    drafts.push(t);

    let mut t = Draft::new(
        ids::REFERRALS_BY_SERVICE,
        "Referrals by service",
        vec![
            label_col("service", "Service"),
            label_col("name", "Name"),
            count_col("referrals", "Referrals"),
        ],
        true,
    );
    for (service, n) in tally.services {
        let name = names.service_name(&service);
        t.row(vec![service, name], vec![n]);
    }
    drafts.push(t);

    let mut t = Draft::new(
        ids::REFERRALS_BY_STATUS,
        "Referrals by status",
        vec![
            label_col("status", "Status"),
            count_col("referrals", "Referrals"),
        ],
        true,
    );
    for s in STATUSES {
        let n = tally.statuses.get(s).copied().unwrap_or(0);
        t.row(vec![s.to_string()], vec![n]);
    }
    drafts.push(t);

    finish_all(&drafts, threshold)
}

#[cfg(test)]
mod tests {
    use super::*;
    use senim_records::{
        AssessmentSummary, Interview, InterviewStatus, OutreachNote, Referral, ReferralStatus,
        Subject,
    };
    use senim_vault::CreateOptions;

    fn draft(counts: &[u64], total: bool) -> Draft {
        let mut d = Draft::new(
            "t",
            "T",
            vec![label_col("k", "K"), count_col("n", "N")],
            total,
        );
        for (i, &n) in counts.iter().enumerate() {
            d.row(vec![format!("r{i}")], vec![n]);
        }
        d
    }

    fn shown(t: &Table) -> Vec<Option<u64>> {
        t.rows
            .iter()
            .map(|r| r[1].as_count().unwrap().value)
            .collect()
    }

    fn total(t: &Table) -> Option<u64> {
        t.total.as_ref().unwrap()[1].as_count().unwrap().value
    }

    #[test]
    fn counts_below_the_threshold_are_suppressed_and_zero_stays_zero() {
        let t = draft(&[0, 3, 4, 5, 12], true)
            .finish(5, &Forced::default())
            .table;
        assert_eq!(shown(&t), vec![Some(0), None, None, Some(5), Some(12)]);
        assert_eq!(total(&t), Some(24));
        assert!(t.rows[1][1].as_count().unwrap().suppressed);
        assert!(!t.rows[0][1].as_count().unwrap().suppressed);
    }

    #[test]
    fn a_single_suppressed_cell_takes_the_next_smallest_with_it() {
        let t = draft(&[20, 2, 7, 9, 0], true)
            .finish(5, &Forced::default())
            .table;
        assert_eq!(shown(&t), vec![Some(20), None, None, Some(9), Some(0)]);
        assert_eq!(total(&t), Some(38));
    }

    #[test]
    fn suppressed_cells_that_are_all_one_take_another_cell_with_them() {
        let t = draft(&[1, 1, 6, 8], true)
            .finish(5, &Forced::default())
            .table;
        assert_eq!(shown(&t), vec![None, None, None, Some(8)]);
        assert_eq!(total(&t), Some(16));
    }

    #[test]
    fn a_total_that_would_reveal_its_cells_is_suppressed() {
        // Five places with one note each: every cell is suppressed, and a total of 5
        // would say each is 1.
        let t = draft(&[1, 1, 1, 1, 1], true)
            .finish(5, &Forced::default())
            .table;
        assert_eq!(shown(&t), vec![None; 5]);
        assert_eq!(total(&t), None);
        // A small total is suppressed as any count.
        let t = draft(&[3, 0], true).finish(5, &Forced::default()).table;
        assert_eq!(total(&t), None);
    }

    #[test]
    fn secondary_suppression_also_holds_within_a_group() {
        let mut d = draft(&[], true);
        for (n, g) in [(3, "A"), (9, "A"), (2, "B"), (8, "B"), (30, "C")] {
            d.rows.push(DraftRow {
                labels: vec![format!("{g}{n}")],
                counts: vec![n],
                group: Some(g.into()),
            });
        }
        let t = d.finish(5, &Forced::default()).table;
        assert_eq!(shown(&t), vec![None, None, None, None, Some(30)]);
    }

    #[test]
    fn a_number_suppressed_in_one_table_is_suppressed_wherever_it_appears() {
        let lib = Library::bundled().unwrap();
        let names = Names::new(&lib, "en");
        let mut tally = Tally::default();
        // Six places with one note each: the places' total would say every place is 1,
        // so it is suppressed, and so is the count of notes by kind, which takes the
        // next smallest kind (12 subjects) and the subjects' total by nationality with it.
        for place in ["a", "b", "c", "d", "e", "f"] {
            tally
                .places
                .entry(place.to_string())
                .or_default()
                .insert(place.to_string(), 1);
        }
        tally.by_kind.insert(RecordKind::OutreachNote, 6);
        tally.by_kind.insert(RecordKind::Subject, 12);
        tally.by_kind.insert(RecordKind::Interview, 40);
        tally.nationalities.insert("UZ".into(), (7, 20));
        tally.nationalities.insert("TJ".into(), (5, 20));
        tally.workers.insert("ab".repeat(16), 58);
        tally.months.insert((2025, 3), [58, 0, 0, 0, 0]);
        let tables = tables(tally, &names, &BTreeMap::new(), 5);
        let get = |id: &str| tables.iter().find(|t| t.id == id).unwrap();
        assert_eq!(total(get(table_ids::PLACES)), None);
        assert_eq!(
            shown(get(table_ids::RECORDS_BY_KIND)),
            vec![None, None, Some(40), Some(0), Some(0)]
        );
        assert_eq!(total(get(table_ids::RECORDS_BY_KIND)), Some(58));
        let nationalities = get(table_ids::NATIONALITIES);
        let subjects_total = nationalities.total.as_ref().unwrap()[1].as_count().unwrap();
        assert!(subjects_total.suppressed);
        // With the total unknown, shown subjects by nationality give nothing away, but a
        // single one would still be protected by the rule within the table.
        assert_eq!(
            nationalities.total.as_ref().unwrap()[2]
                .as_count()
                .unwrap()
                .value,
            Some(40)
        );
    }

    #[test]
    fn the_threshold_changes_what_is_suppressed() {
        let t = draft(&[3, 6, 12, 40], true)
            .finish(2, &Forced::default())
            .table;
        assert_eq!(shown(&t), vec![Some(3), Some(6), Some(12), Some(40)]);
        let t = draft(&[3, 6, 12, 40], true)
            .finish(10, &Forced::default())
            .table;
        assert_eq!(shown(&t), vec![None, None, Some(12), Some(40)]);
    }

    #[test]
    fn options_out_of_range_are_typed_errors() {
        for threshold in [0, 1, MAX_THRESHOLD + 1] {
            let o = ReportOptions {
                threshold,
                ..ReportOptions::default()
            };
            assert!(matches!(
                o.check(),
                Err(Error::InvalidInput {
                    field: "threshold",
                    ..
                })
            ));
        }
        let o = ReportOptions {
            from: NaiveDate::from_ymd_opt(2025, 3, 2),
            to: NaiveDate::from_ymd_opt(2025, 3, 1),
            ..ReportOptions::default()
        };
        assert!(matches!(
            o.check(),
            Err(Error::InvalidInput {
                field: "period",
                ..
            })
        ));
        let o = ReportOptions {
            to: Some(NaiveDate::MAX),
            ..ReportOptions::default()
        };
        assert!(o.check().is_err());
    }

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
            .and_utc()
    }

    fn interview(subject: Option<RecordId>, when: DateTime<Utc>, level: &str) -> RecordBody {
        RecordBody::Interview(Interview {
            form_id: "central_asia_screening".into(),
            form_version: "1.0.0".into(),
            form_hash: String::new(),
            language: "ru".into(),
            subject,
            status: InterviewStatus::Completed,
            answers: Default::default(),
            skipped: vec![],
            consent: None,
            started_at: when,
            finished_at: Some(when),
            assessment: Some(AssessmentSummary {
                rule_set_id: "ilo_ec_2009".into(),
                rule_set_version: "1.0.0".into(),
                rule_set_hash: String::new(),
                level: level.into(),
                urgent_safety: false,
                indicators: vec!["DR.job_nature".into(), "EX.excessive_hours".into()],
                at: when,
            }),
        })
    }

    fn count(report: &Report, table: &str, row: &str, column: &str) -> Option<u64> {
        let t = report.table(table).unwrap();
        let c = t.column(column).unwrap();
        let r = t
            .rows
            .iter()
            .find(|r| r[0].as_label() == Some(row))
            .unwrap_or_else(|| panic!("no row {row} in {table}"));
        r[c].as_count().unwrap().value
    }

    /// A vault with one Tajik subject; six "possible" interviews about them in March
    /// 2025 (the first deleted), five "likely" ones in January; five notes in March at
    /// one place spelled two ways; five accepted referrals to legal aid.
    fn small_vault() -> (tempfile::TempDir, Vault) {
        let dir = tempfile::tempdir().unwrap();
        let v = Vault::create(
            dir.path(),
            b"correct horse",
            CreateOptions::insecure_fast_for_tests(),
        )
        .unwrap();
        let subject = v
            .add(RecordBody::Subject(Subject {
                alias: "canary alias".into(),
                age_band: None,
                gender: None,
                nationality: Some("TJ".into()),
                languages: vec![],
                contact_preference: None,
            }))
            .unwrap();
        let mut bodies = Vec::new();
        for _ in 0..6 {
            bodies.push(interview(Some(subject), at(2025, 3, 10), "possible"));
        }
        for i in 0..5 {
            bodies.push(interview(Some(subject), at(2025, 1, 10), "likely"));
            bodies.push(RecordBody::OutreachNote(OutreachNote {
                text: "canary text".into(),
                place: Some(
                    if i % 2 == 0 {
                        "  Barakholka   market "
                    } else {
                        "barakholka market"
                    }
                    .into(),
                ),
                location: None,
                tags: vec![],
                at: at(2025, 3, 11),
                subject: None,
            }));
            bodies.push(RecordBody::Referral(Referral {
                subject: Some(subject),
                service: "legal_aid".into(),
                reason: "canary reason".into(),
                status: ReferralStatus::Accepted,
                consent: None,
            }));
        }
        let ids = v.add_many(bodies).unwrap();
        v.delete(ids[0]).unwrap();
        (dir, v)
    }

    #[test]
    fn a_vault_report_counts_every_table_and_leaves_out_deleted_records() {
        let (_dir, v) = small_vault();
        let lib = Library::bundled().unwrap();
        let r = Report::build(&v, &lib, &ReportOptions::default()).unwrap();
        assert_eq!(
            count(&r, "records_by_kind", "interview", "records"),
            Some(10)
        );
        assert_eq!(count(&r, "nationalities", "TJ", "interviews"), Some(10));
        assert_eq!(
            count(&r, "assessments_by_level", "possible", "interviews"),
            Some(5)
        );
        assert_eq!(
            count(&r, "assessments_by_level", "likely", "interviews"),
            Some(5)
        );
        assert_eq!(
            count(&r, "indicators", "DR.job_nature", "interviews"),
            Some(10)
        );
        assert_eq!(count(&r, "dimensions", "EX", "interviews"), Some(10));
        assert_eq!(count(&r, "months", "2025-03", "possible"), Some(5));
        assert_eq!(count(&r, "months", "2025-03", "records"), Some(10));
        // January to March, February empty.
        assert_eq!(count(&r, "months", "2025-02", "records"), Some(0));
        assert_eq!(
            count(&r, "referrals_by_service", "legal_aid", "referrals"),
            Some(5)
        );
        let dims = r.table("dimensions").unwrap();
        assert_eq!(
            dims.rows[0][1].as_label(),
            Some("Deceptive recruitment, including transfer and transport")
        );
        assert_eq!(
            count(&r, "workers", &device_label(&v.device_id()), "records"),
            Some(21)
        );
        let json = serde_json::to_string(&r).unwrap();
        assert!(!json.contains("canary"), "{json}");
    }

    #[test]
    fn spellings_of_one_place_count_together_under_the_most_used() {
        let (_dir, v) = small_vault();
        let lib = Library::bundled().unwrap();
        let r = Report::build(&v, &lib, &ReportOptions::default()).unwrap();
        let places = r.table("places").unwrap();
        let labels: Vec<_> = places.rows.iter().map(|r| r[0].clone()).collect();
        assert_eq!(
            labels,
            vec![
                Cell::Label("Barakholka market".into()),
                Cell::Label(NO_PLACE.into())
            ]
        );
        // Its 5 notes are suppressed all the same: the single subject takes the notes by
        // kind (5, the next smallest) with it, and the one place would repeat that number.
        assert_eq!(count(&r, "records_by_kind", "note", "records"), None);
        assert_eq!(count(&r, "places", "Barakholka market", "notes"), None);
    }

    #[test]
    fn a_period_counts_interviews_under_a_subject_recorded_before_it() {
        let (_dir, v) = small_vault();
        let lib = Library::bundled().unwrap();
        let march = ReportOptions {
            from: NaiveDate::from_ymd_opt(2025, 3, 1),
            to: NaiveDate::from_ymd_opt(2025, 3, 31),
            ..ReportOptions::default()
        };
        let r = Report::build(&v, &lib, &march).unwrap();
        assert_eq!(
            count(&r, "assessments_by_level", "likely", "interviews"),
            Some(0)
        );
        assert_eq!(count(&r, "nationalities", "TJ", "interviews"), Some(5));
        assert_eq!(count(&r, "nationalities", "TJ", "subjects"), Some(0));
        let months: Vec<_> = r
            .table("months")
            .unwrap()
            .rows
            .iter()
            .map(|r| r[0].clone())
            .collect();
        assert_eq!(months, vec![Cell::Label("2025-03".into())]);
    }
}
