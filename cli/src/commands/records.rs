//! `senim records list | show | search | delete`: reading and removing records.
//!
//! Listings are one page at a time, newest first; the cursor for the next page is
//! printed with the page. Records that fail to decrypt are reported, never hidden.
//!
//! Its arguments are its own ([`RecordsCommand`], [`FilterArgs`], [`PageArgs`]).

use anyhow::Result;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use clap::{Args, Subcommand};
use senim_records::{PageRequest, RecordFilter, RecordId, RecordKind};

use crate::global::Global;
use crate::output;
use crate::session::Unlocked;
use crate::words;
use senim_l10n::args;

#[derive(Debug, Subcommand)]
pub enum RecordsCommand {
    /// List records, newest first
    List {
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Show one record and its history
    Show {
        /// The record's id
        id: RecordId,
    },
    /// Find notes whose text or place contains every word (word starts match)
    Search {
        /// The words to look for
        text: String,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Delete a record (hidden from listings, kept in history)
    Delete {
        /// The record's id
        id: RecordId,
    },
}

/// Which records a listing includes.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only this kind: subject, note, interview, referral or consent
    #[arg(long, value_name = "KIND")]
    pub kind: Option<RecordKind>,
    /// Only records with this tag
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Only records about this subject
    #[arg(long, value_name = "ID")]
    pub subject: Option<RecordId>,
    /// From this day (YYYY-MM-DD, UTC) or instant (RFC 3339), inclusive
    #[arg(long, value_name = "DATE", value_parser = parse_from)]
    pub from: Option<DateTime<Utc>>,
    /// Up to and including this day (YYYY-MM-DD, UTC), or before this instant (RFC 3339)
    #[arg(long, value_name = "DATE", value_parser = parse_to)]
    pub to: Option<DateTime<Utc>>,
    /// Include deleted records
    #[arg(long)]
    pub deleted: bool,
}

/// Which page of a listing to print.
#[derive(Debug, Args)]
pub struct PageArgs {
    /// At most this many records (1 to 1000)
    #[arg(long, value_name = "N", default_value_t = 50,
          value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub limit: u16,
    /// Continue after this cursor (printed with the previous page)
    #[arg(long, value_name = "CURSOR")]
    pub after: Option<String>,
}

const DATE_HELP: &str = "expected a day as YYYY-MM-DD or an RFC 3339 time";

fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// `--from`: the start of the day, or the instant.
fn parse_from(s: &str) -> Result<DateTime<Utc>, String> {
    parse_day(s)
        .map(|d| d.and_time(Default::default()).and_utc())
        .or_else(|| parse_instant(s))
        .ok_or_else(|| DATE_HELP.to_string())
}

/// `--to`: the end of the day (the next midnight, exclusive), or the instant.
fn parse_to(s: &str) -> Result<DateTime<Utc>, String> {
    match parse_day(s) {
        Some(d) => d
            .checked_add_signed(TimeDelta::days(1))
            .map(|d| d.and_time(Default::default()).and_utc())
            .ok_or_else(|| DATE_HELP.to_string()),
        None => parse_instant(s).ok_or_else(|| DATE_HELP.to_string()),
    }
}

pub fn run(global: &Global, command: &RecordsCommand) -> Result<()> {
    match command {
        RecordsCommand::List { filter, page } => list(global, filter, page),
        RecordsCommand::Show { id } => show(global, *id),
        RecordsCommand::Search { text, page } => search(global, text, page),
        RecordsCommand::Delete { id } => delete(global, *id),
    }
}

fn page_request(page: &PageArgs) -> PageRequest {
    PageRequest {
        limit: usize::from(page.limit),
        after: page.after.clone(),
    }
}

fn list(global: &Global, filter: &FilterArgs, page: &PageArgs) -> Result<()> {
    let record_filter = RecordFilter {
        kind: filter.kind,
        tag: filter.tag.clone(),
        subject: filter.subject,
        from: filter.from,
        to: filter.to,
        include_deleted: filter.deleted,
    };
    let session = Unlocked::open(global)?;
    let result = session.vault().list(&record_filter, &page_request(page))?;
    session.close()?;
    if global.json {
        output::damaged_warning(&result);
        return output::json(&result);
    }
    output::record_page(&result, "senim records list ...")
}

fn search(global: &Global, text: &str, page: &PageArgs) -> Result<()> {
    let session = Unlocked::open(global)?;
    let result = session
        .vault()
        .search(text, &RecordFilter::default(), &page_request(page))?;
    session.close()?;
    if global.json {
        output::damaged_warning(&result);
        return output::json(&result);
    }
    output::record_page(&result, "senim records search ...")
}

fn show(global: &Global, id: RecordId) -> Result<()> {
    let session = Unlocked::open(global)?;
    let (record, history) = session.vault().view(id)?;
    session.close()?;
    if global.json {
        return output::json(&serde_json::json!({ "record": record, "history": history }));
    }
    let mut rows: Vec<(String, String)> = vec![
        (words::text("cli-show-id"), record.id.to_string()),
        (
            words::text("cli-show-kind"),
            words::named("cli-report-kind-", record.kind.as_str()),
        ),
        (
            words::text("cli-show-created"),
            record.created_at.to_rfc3339(),
        ),
        (
            words::text("cli-show-updated"),
            record.updated_at.to_rfc3339(),
        ),
        (
            words::text("cli-show-created-by"),
            record.created_by.clone(),
        ),
    ];
    if record.deleted {
        rows.push((words::text("cli-show-deleted"), words::text("common-yes")));
    }
    rows.extend(
        output::body_fields(&record.body)
            .into_iter()
            .map(|(k, v)| (words::named("cli-field-", &k), v)),
    );
    let rows: Vec<(&str, String)> = rows.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    output::fields(&rows)?;
    if !record.conflicts.is_empty() {
        output::line("")?;
        output::line(words::text("cli-show-conflicts"))?;
        let mut table = output::Table::of_keys(&[
            "cli-show-column-field",
            "cli-team-column-device",
            "cli-show-column-value",
        ]);
        for c in &record.conflicts {
            for v in &c.values {
                table.row(vec![
                    words::named("cli-field-", &c.field),
                    v.device.clone(),
                    output::truncate(&output::one_line(&v.value.to_string()), 60),
                ]);
            }
        }
        table.print()?;
    }
    output::line("")?;
    output::line(words::text("cli-show-history"))?;
    let mut table = output::Table::of_keys(&[
        "cli-column-time",
        "cli-team-column-device",
        "cli-show-column-change",
    ]);
    for h in &history {
        table.row(vec![
            output::time(h.at),
            h.device.clone(),
            output::one_line(&h.summary),
        ]);
    }
    table.print()
}

fn delete(global: &Global, id: RecordId) -> Result<()> {
    let session = Unlocked::open(global)?;
    session.vault().delete(id)?;
    session.close()?;
    if global.json {
        return output::json(&serde_json::json!({ "id": id, "deleted": true }));
    }
    output::line(words::format(
        "cli-records-deleted",
        &args!["id" => id.to_string()],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_bound_covers_the_whole_day() {
        let from = parse_from("2025-03-01").unwrap();
        let to = parse_to("2025-03-01").unwrap();
        assert_eq!(from.to_rfc3339(), "2025-03-01T00:00:00+00:00");
        assert_eq!(to.to_rfc3339(), "2025-03-02T00:00:00+00:00");
    }

    #[test]
    fn an_instant_bound_is_taken_as_given() {
        let t = parse_to("2025-03-01T10:30:00+05:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2025-03-01T05:30:00+00:00");
        assert!(parse_from("yesterday").is_err());
    }
}
