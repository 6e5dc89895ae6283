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
use crate::words;
use senim_l10n::args;

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
        anyhow::bail!(words::text("cli-report-chart-not-svg"));
    }
    let library = crate::library::library(global)?;
    let mut options = ReportOptions {
        from: args.from,
        to: args.to,
        threshold: args.min_count,
        ..ReportOptions::default()
    };
    // The names of indicators, dimensions and services in the worker's language; in
    // English for --json, whose output is the same in every language.
    if !global.json {
        options.language = words::locale().speaks().tag().to_string();
    }
    let session = Unlocked::open(global)?;
    let mut report = Report::build(session.vault(), &library, &options)?;
    session.close()?;

    if report.unreadable > 0 {
        eprintln!(
            "{}",
            words::format(
                "cli-report-unreadable",
                &args!["count" => report.unreadable]
            )
        );
    }
    if global.json {
        // Files first, in the worker's words; JSON as the core built it.
        let shown = report.clone();
        localize(&mut report);
        write_files(&report, args)?;
        return output::json(&shown);
    }
    localize(&mut report);
    let written = write_files(&report, args)?;
    print_text(&report)?;
    for line in written {
        output::line(line)?;
    }
    Ok(())
}

/// Writes the CSV files and the chart asked for; returns what to say about them.
fn write_files(report: &Report, args: &ReportArgs) -> Result<Vec<String>> {
    let mut written = Vec::new();
    if let Some(dir) = &args.csv {
        write_csv(report, dir)?;
        written.push(words::format(
            "cli-report-csv-written",
            &args!["count" => report.tables.len(), "dir" => dir.display().to_string()],
        ));
    }
    if let Some(file) = &args.chart {
        let svg = chart::draw(report)?;
        std::fs::write(file, svg).with_context(|| {
            words::format(
                "cli-report-chart-not-written",
                &args!["file" => file.display().to_string()],
            )
        })?;
        written.push(words::format(
            "cli-report-chart-written",
            &args!["file" => file.display().to_string()],
        ));
    }
    Ok(written)
}

/// The report's titles, column titles and its own labels in the worker's words (the
/// core's [`senim_report::localize`]), for the text tables, the CSV files and the chart.
fn localize(report: &mut Report) {
    if let Ok(words) = senim_l10n::Localizer::new(words::locale()) {
        senim_report::localize(report, &words);
    }
}

fn print_text(report: &Report) -> Result<()> {
    output::line(words::format(
        "cli-report-heading",
        &args![
            "period" => period_text(report),
            "generated" => output::time(report.generated_at)
        ],
    ))?;
    output::line(words::format(
        "cli-report-legend",
        &args![
            "mark" => TEXT_SUPPRESSED,
            "small" => chart::small_counts(report.threshold)
        ],
    ))?;
    print_text_tables(report)
}

/// What the report covers, in words.
fn period_text(report: &Report) -> String {
    match (report.period.from, report.period.to) {
        (None, None) => words::text("cli-report-period-all"),
        (Some(f), None) => words::format("cli-report-period-from", &args!["from" => f.to_string()]),
        (None, Some(t)) => words::format("cli-report-period-to", &args!["to" => t.to_string()]),
        (Some(f), Some(t)) => words::format(
            "cli-report-period-between",
            &args!["from" => f.to_string(), "to" => t.to_string()],
        ),
    }
}

fn print_text_tables(report: &Report) -> Result<()> {
    for table in &report.tables {
        output::line("")?;
        output::line(&table.title)?;
        if table.rows.is_empty() {
            output::line(words::text("cli-report-empty"))?;
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
    std::fs::write(path, senim_report::table_csv(table)?)?;
    Ok(())
}
