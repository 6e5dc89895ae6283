//! Building a report: the period's records gathered from the vault, turned into the
//! report's tables in their fixed order, and finished under the small-count rule.
//!
//! Owns which tables a report holds, their columns and the order of their rows (never
//! by count: an order by size would rank suppressed cells). It reads the vault, never
//! writes it.

use std::collections::{BTreeMap, HashMap};

use chrono::{SubsecRound, Utc};

use crate::error::Result;
use crate::gather::{Names, STATUSES, Tally, worker_names};
use crate::options::ReportOptions;
use crate::suppress::{Draft, DraftRow, count_col, finish_all, label_col};
use crate::table::{NO_PLACE, NOT_RECORDED, Period, Report, Table, table_ids};
use senim_content::Library;
use senim_content::screening::Level;
use senim_records::{Counted, CountedDetail, RecordId, RecordKind};
use senim_vault::Vault;

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
    /// Reads no record: what it counts of each comes from the facts the vault keeps
    /// beside it ([`Vault::counted`], ADR 0048). Records without such facts (those
    /// that did not open when their facts were written) are counted in
    /// [`Report::unreadable`], never silently skipped. Errors are the vault's
    /// (locked, damaged) or a typed [`Error::InvalidInput`](crate::Error::InvalidInput)
    /// naming the option that was wrong.
    pub fn build(vault: &Vault, library: &Library, options: &ReportOptions) -> Result<Report> {
        let (start, end) = options.check()?;
        let mut names = Names::new(library, &options.language);
        let mut tally = Tally::default();

        // Subjects first, all of them: an interview in the period may be about a person
        // recorded before it.
        let mut subjects: Vec<Counted> = Vec::new();
        let mut nationality: HashMap<RecordId, Option<String>> = HashMap::new();
        let mut unreadable = vault.uncounted()?;
        unreadable += vault.counted(Some(RecordKind::Subject), None, None, |c| {
            if let (Some(id), CountedDetail::Subject { nationality: n }) = (c.id, &c.detail) {
                nationality.insert(id, n.clone());
            }
            if start.is_none_or(|s| c.at >= s) && end.is_none_or(|e| c.at < e) {
                subjects.push(c);
            }
        })?;
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
            unreadable += vault.counted(Some(kind), start, end, |c| {
                tally.add(&c, &mut names, &nationality)
            })?;
        }
        tally.unreadable = unreadable;
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

/// A device named by the start of its id, for devices outside the team's list.
pub(crate) fn device_label(device: &str) -> String {
    let short: String = device.chars().take(8).collect();
    format!("device {short}")
}

pub(crate) fn tables(
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
