//! A report in the worker's words and as CSV: the titles, column titles and the
//! report's own labels from the catalog, one CSV text per table (the `senim report
//! --csv` files) and the whole report as one CSV file (what the apps export).
//!
//! Owns the CSV shape and its two guards: every field is quoted as CSV needs (a label
//! may hold commas, quotes or line breaks), and a field that starts like a spreadsheet
//! formula (`=`, `+`, `-`, `@`, tab, carriage return) is prefixed with `'` so that it
//! cannot run when the file is opened. A suppressed count is the word
//! [`CSV_SUPPRESSED`], never a number. It writes only what the [`Report`] holds (no
//! record is read here) and does no I/O: the shells write the text where the lead asks.
//!
//! The words are those of `senim report` (`cli-report-…`, `cli-level-…`,
//! `cli-referral-status-…` in the catalog), so that the command's files and the apps'
//! file say the same in each language.

use senim_l10n::Localizer;

use crate::error::{Error, Result};
use crate::table::{Cell, NO_PLACE, NOT_RECORDED, Report, TOTAL, Table};

/// The byte-order mark that starts [`report_csv`]'s text.
pub const BOM: char = '\u{feff}';

/// What a suppressed count shows as in CSV.
pub const CSV_SUPPRESSED: &str = "suppressed";

/// The report's titles, column titles and the labels of its own making (kinds, levels,
/// statuses, the total row, what was not recorded) in `words`' language. Labels from
/// records (places, nationalities, call signs) and the content's names (built in the
/// report's language) stay as they are; a key the catalog lacks leaves the core's
/// English text.
pub fn localize(report: &mut Report, words: &Localizer) {
    let text = |key: &str| words.text(key).ok();
    for table in &mut report.tables {
        if let Some(title) = text(&format!("cli-report-table-{}", table.id.replace('_', "-"))) {
            table.title = title;
        }
        let mut prefixes = Vec::new();
        for column in &mut table.columns {
            if let Some(title) = text(&format!(
                "cli-report-column-{}",
                column.id.replace('_', "-")
            )) {
                column.title = title;
            }
            prefixes.push(match column.id.as_str() {
                "kind" => Some("cli-report-kind-"),
                "level" => Some("cli-level-"),
                "status" => Some("cli-referral-status-"),
                _ => None,
            });
        }
        for row in table.rows.iter_mut().chain(table.total.iter_mut()) {
            for (cell, prefix) in row.iter_mut().zip(&prefixes) {
                if let Cell::Label(label) = cell {
                    let key = match label.as_str() {
                        TOTAL => Some("cli-report-total".to_string()),
                        NOT_RECORDED => Some("cli-report-not-recorded".to_string()),
                        NO_PLACE => Some("cli-report-no-place".to_string()),
                        _ => prefix.map(|p| format!("{p}{}", label.replace('_', "-"))),
                    };
                    if let Some(words) = key.as_deref().and_then(text) {
                        *label = words;
                    }
                }
            }
        }
    }
}

/// A field as a spreadsheet reads it: one that starts like a formula gets a `'` first.
pub fn csv_field(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn csv_cell(cell: &Cell) -> String {
    match cell {
        Cell::Label(s) => csv_field(s),
        Cell::Count(c) => match c.value {
            Some(v) if !c.suppressed => v.to_string(),
            _ => CSV_SUPPRESSED.to_string(),
        },
    }
}

fn csv_text(records: Vec<Vec<String>>) -> Result<String> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for record in records {
        w.write_record(&record).map_err(|_| Error::Export {
            reason: "a record could not be written",
        })?;
    }
    let bytes = w.into_inner().map_err(|_| Error::Export {
        reason: "the text could not be finished",
    })?;
    String::from_utf8(bytes).map_err(|_| Error::Export {
        reason: "the text is not UTF-8",
    })
}

fn table_records(table: &Table) -> Vec<Vec<String>> {
    let mut records = vec![table.columns.iter().map(|c| csv_field(&c.title)).collect()];
    for row in table.rows.iter().chain(table.total.iter()) {
        records.push(row.iter().map(csv_cell).collect());
    }
    records
}

/// One table as CSV (what `senim report --csv` writes to `<table id>.csv`): a header
/// of column titles, the rows, then the total row.
pub fn table_csv(table: &Table) -> Result<String> {
    csv_text(table_records(table))
}

/// The whole report as one CSV file: for each table in the report's order, a line
/// with its title, then its header, rows and total as in [`table_csv`], and an empty
/// line before the next table. Lines end in `\n`, as the command's files. The text
/// starts with a byte-order mark ([`BOM`]): without it, spreadsheets on Windows read a
/// UTF-8 file as the system's code page and show Cyrillic as nonsense.
pub fn report_csv(report: &Report) -> Result<String> {
    let mut records = Vec::new();
    for (i, table) in report.tables.iter().enumerate() {
        if i > 0 {
            records.push(vec![String::new()]);
        }
        records.push(vec![csv_field(&table.title)]);
        records.extend(table_records(table));
    }
    Ok(format!("{BOM}{}", csv_text(records)?))
}
