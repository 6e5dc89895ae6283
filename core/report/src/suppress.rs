//! The small-count rule: tables are drafted with raw counts, then finished with every
//! count from 1 to `threshold - 1` suppressed, and whatever other cell or total would
//! let one be worked out (within a table, within a group of rows, and across tables
//! that show the same number). See `docs/adr/0012-report-small-count-suppression.md`.
//!
//! Owns the only place raw small counts exist: a [`Draft`] never leaves the crate, and
//! a finished table holds no suppressed value.

use std::collections::{BTreeMap, BTreeSet};

use crate::table::{Cell, Column, ColumnKind, Count, TOTAL, Table, table_ids};
use senim_content::screening::Level;

/// A table before suppression: the only place raw small counts exist, and it never
/// leaves this crate.
pub(crate) struct Draft {
    id: &'static str,
    title: String,
    columns: Vec<Column>,
    pub(crate) rows: Vec<DraftRow>,
    /// Rows add up to a meaningful total.
    total: bool,
}

pub(crate) struct DraftRow {
    pub(crate) labels: Vec<String>,
    pub(crate) counts: Vec<u64>,
    /// Rows whose counts add up to a count shown elsewhere (indicators of one
    /// dimension): secondary suppression also applies within the group.
    pub(crate) group: Option<String>,
}

pub(crate) fn label_col(id: &str, title: &str) -> Column {
    Column {
        id: id.to_string(),
        title: title.to_string(),
        kind: ColumnKind::Label,
    }
}

pub(crate) fn count_col(id: &str, title: &str) -> Column {
    Column {
        id: id.to_string(),
        title: title.to_string(),
        kind: ColumnKind::Count,
    }
}

impl Draft {
    pub(crate) fn new(
        id: &'static str,
        title: impl Into<String>,
        columns: Vec<Column>,
        total: bool,
    ) -> Self {
        Draft {
            id,
            title: title.into(),
            columns,
            rows: Vec::new(),
            total,
        }
    }

    pub(crate) fn row(&mut self, labels: Vec<String>, counts: Vec<u64>) {
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
    pub(crate) fn finish(&self, threshold: u32, forced: &Forced) -> Suppressed {
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
pub(crate) struct Forced {
    cells: BTreeSet<(usize, usize)>,
    totals: BTreeSet<usize>,
}

/// A finished table and which of its counts are suppressed.
pub(crate) struct Suppressed {
    pub(crate) table: Table,
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
pub(crate) fn finish_all(drafts: &[Draft], threshold: u32) -> Vec<Table> {
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
