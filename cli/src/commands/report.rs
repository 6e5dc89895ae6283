//! `senim report`: anonymised counts for team leads, as text tables, JSON (`--json`),
//! one CSV file per table (`--csv DIR`) and an SVG chart (`--chart FILE.svg`).
//!
//! Owns the command's options and the renderers. Every renderer draws only what the
//! core's [`Report`] holds, which never includes an alias, a note's text or a
//! suppressed count; the renderers must keep it that way (no record is read here).

mod chart;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::Args;
use senim_report::{Cell, ColumnKind, Report, ReportOptions, Table};

use crate::global::Global;
use crate::output;
use crate::session::Unlocked;

/// What a suppressed count shows as in a CSV file.
pub const CSV_SUPPRESSED: &str = "suppressed";
/// What a suppressed count shows as in a text table (explained under the heading).
const TEXT_SUPPRESSED: &str = "*";

/// `senim report` options.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// First day counted (YYYY-MM-DD, UTC), inclusive [default: the first record]
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub from: Option<NaiveDate>,
    /// Last day counted (YYYY-MM-DD, UTC), inclusive [default: the last record]
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub to: Option<NaiveDate>,
    /// The smallest count shown: counts from 1 to N-1 are suppressed, with any count
    /// that would let one be worked out from a total (2 to 1000)
    #[arg(long, value_name = "N", default_value_t = senim_report::DEFAULT_THRESHOLD,
          value_parser = clap::value_parser!(u32).range(2..=1000))]
    pub min_count: u32,
    /// Also write one CSV file per table into this directory (created if missing;
    /// files of the same names are replaced)
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
    /// Also draw indicators by dimension and assessment levels by month into this SVG
    /// file
    #[arg(long, value_name = "FILE.svg")]
    pub chart: Option<PathBuf>,
}

fn parse_day(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| "expected a day as YYYY-MM-DD".into())
}

pub fn run(global: &Global, args: &ReportArgs) -> Result<()> {
    if let Some(chart) = &args.chart
        && !chart
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
    {
        anyhow::bail!("the chart is drawn as SVG: give a file name ending in .svg");
    }
    let library = crate::library::library(global)?;
    let options = ReportOptions {
        from: args.from,
        to: args.to,
        threshold: args.min_count,
        ..ReportOptions::default()
    };
    let session = Unlocked::open(global)?;
    let report = Report::build(session.vault(), &library, &options)?;
    session.close()?;

    if report.unreadable > 0 {
        eprintln!(
            "warning: {} record(s) could not be decrypted (damaged or altered) and are not counted",
            report.unreadable
        );
    }
    let mut written = Vec::new();
    if let Some(dir) = &args.csv {
        write_csv(&report, dir)?;
        written.push(format!(
            "wrote {} CSV files to {}",
            report.tables.len(),
            dir.display()
        ));
    }
    if let Some(file) = &args.chart {
        let svg = chart::draw(&report)?;
        std::fs::write(file, svg)
            .with_context(|| format!("cannot write the chart to {}", file.display()))?;
        written.push(format!("wrote the chart to {}", file.display()));
    }
    if global.json {
        return output::json(&report);
    }
    print_text(&report)?;
    for line in written {
        output::line(line)?;
    }
    Ok(())
}

/// What the report covers, in words.
fn period_text(report: &Report) -> String {
    match (report.period.from, report.period.to) {
        (None, None) => "all records".to_string(),
        (Some(f), None) => format!("records from {f}"),
        (None, Some(t)) => format!("records up to {t}"),
        (Some(f), Some(t)) => format!("records from {f} to {t}"),
    }
}

fn print_text(report: &Report) -> Result<()> {
    output::line(format!(
        "Report: {}, generated {}",
        period_text(report),
        output::time(report.generated_at)
    ))?;
    output::line(format!(
        "{TEXT_SUPPRESSED} suppressed: {}, or a count hidden so that one cannot be worked out from a total",
        chart::small_counts(report.threshold)
    ))?;
    for table in &report.tables {
        output::line("")?;
        output::line(&table.title)?;
        if table.rows.is_empty() {
            output::line("  (none)")?;
            continue;
        }
        let mut lines: Vec<Vec<String>> = vec![
            table
                .columns
                .iter()
                .map(|c| c.title.to_uppercase())
                .collect(),
        ];
        for row in table.rows.iter().chain(table.total.iter()) {
            lines.push(row.iter().map(text_cell).collect());
        }
        let widths: Vec<usize> = (0..table.columns.len())
            .map(|c| {
                lines
                    .iter()
                    .map(|l| l[c].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for line in lines {
            let mut text = String::from("  ");
            for (c, cell) in line.iter().enumerate() {
                let pad = " ".repeat(widths[c] - cell.chars().count());
                if table.columns[c].kind == ColumnKind::Count {
                    text.push_str(&pad);
                    text.push_str(cell);
                } else {
                    text.push_str(cell);
                    text.push_str(&pad);
                }
                text.push_str("  ");
            }
            output::line(text.trim_end())?;
        }
    }
    Ok(())
}

fn text_cell(cell: &Cell) -> String {
    match cell {
        Cell::Label(s) => s.clone(),
        Cell::Count(c) => match c.value {
            Some(v) if !c.suppressed => v.to_string(),
            _ => TEXT_SUPPRESSED.to_string(),
        },
    }
}

/// A label as a spreadsheet reads it: a label that starts like a formula (`=`, `+`,
/// `-`, `@`, tab, carriage return) is prefixed with `'`, so a place label cannot run
/// as a formula when the file is opened.
fn csv_label(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

fn csv_cell(cell: &Cell) -> String {
    match cell {
        Cell::Label(s) => csv_label(s),
        Cell::Count(c) => match c.value {
            Some(v) if !c.suppressed => v.to_string(),
            _ => CSV_SUPPRESSED.to_string(),
        },
    }
}

/// Writes `<table id>.csv` for every table: a header of column titles, the rows, then
/// the total row.
fn write_csv(report: &Report, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the CSV directory {}", dir.display()))?;
    for table in &report.tables {
        let path = dir.join(format!("{}.csv", table.id));
        write_table(table, &path).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn write_table(table: &Table, path: &Path) -> Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(table.columns.iter().map(|c| csv_label(&c.title)))?;
    for row in table.rows.iter().chain(table.total.iter()) {
        w.write_record(row.iter().map(csv_cell))?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_that_looks_like_a_formula_is_neutralised_in_csv() {
        assert_eq!(csv_label("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_label("-1+2"), "'-1+2");
        assert_eq!(csv_label("Barakholka market"), "Barakholka market");
    }
}
