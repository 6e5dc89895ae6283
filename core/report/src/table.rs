//! The shape of a report: tables of labels and counts, a count that may be suppressed,
//! the period covered, the ids of the tables and the labels they share.
//!
//! Plain data as the shells render it (text, JSON, CSV, charts). A suppressed count
//! carries no value, in memory or in JSON; building and suppression are elsewhere.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

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
    pub(crate) fn shown(value: u64) -> Count {
        Count {
            value: Some(value),
            suppressed: false,
        }
    }
    pub(crate) const SUPPRESSED: Count = Count {
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
