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
//!
//! The parts: `options` (period and threshold), `table` (the shape of a report),
//! `export` (the report in the worker's words, and as CSV),
//! `gather` (counting the vault's records), `build` (the tables a report holds),
//! `suppress` (the small-count rule), `error`.

mod build;
mod error;
mod export;
mod gather;
mod options;
mod suppress;
mod table;

pub use error::{Error, Result};
pub use export::{BOM, CSV_SUPPRESSED, csv_field, localize, report_csv, table_csv};
pub use options::{DEFAULT_THRESHOLD, MAX_THRESHOLD, MIN_THRESHOLD, ReportOptions};
pub use table::{
    Cell, Column, ColumnKind, Count, NO_PLACE, NOT_RECORDED, Period, Report, TOTAL, Table,
    table_ids,
};

#[cfg(test)]
mod export_tests;
#[cfg(test)]
mod tests;
