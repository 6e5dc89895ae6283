//! What the CLI prints on standard output: JSON for `--json`, compact aligned tables and
//! `key: value` blocks for people.
//!
//! Owns formatting only. Record content is printed here on purpose (showing it is the
//! point of the command), but never on standard error and never in an error message.

use std::io::Write;

use anyhow::Result;
use chrono::{DateTime, Utc};
use senim_l10n::args;
use senim_records::{Record, RecordBody, RecordKind, RecordPage};
use serde::Serialize;

use crate::words;

/// Longest summary shown in a table cell, in characters.
const SUMMARY_CHARS: usize = 60;

/// Prints `value` as pretty JSON followed by a newline.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    // Serialized first, so a closed pipe surfaces as a plain I/O error.
    let text = serde_json::to_string_pretty(value)?;
    writeln!(std::io::stdout().lock(), "{text}")?;
    Ok(())
}

/// Prints one line of text.
pub fn line(text: impl std::fmt::Display) -> Result<()> {
    writeln!(std::io::stdout().lock(), "{text}")?;
    Ok(())
}

/// Prints `key: value` lines with the values aligned.
pub fn fields(rows: &[(&str, String)]) -> Result<()> {
    let width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0)
        + 1;
    let mut out = std::io::stdout().lock();
    for (key, value) in rows {
        let key = format!("{key}:");
        let mut lines = value.lines();
        writeln!(out, "{key:<width$} {}", lines.next().unwrap_or(""))?;
        for more in lines {
            writeln!(out, "{:<width$} {more}", "")?;
        }
    }
    Ok(())
}

/// A table with a header row; every column but the last is padded to its widest cell.
pub struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table whose header row is the catalog's words for `keys`.
    pub fn of_keys(keys: &[&str]) -> Table {
        Table {
            rows: vec![keys.iter().map(|k| words::text(k)).collect()],
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn print(&self) -> Result<()> {
        let columns = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                self.rows
                    .iter()
                    .filter_map(|r| r.get(c))
                    .map(|cell| cell.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = std::io::stdout().lock();
        for row in &self.rows {
            let mut text = String::new();
            for (c, cell) in row.iter().enumerate() {
                if c + 1 == row.len() {
                    text.push_str(cell);
                } else {
                    let pad = widths[c] - cell.chars().count();
                    text.push_str(cell);
                    text.push_str(&" ".repeat(pad + 2));
                }
            }
            writeln!(out, "{}", text.trim_end())?;
        }
        Ok(())
    }
}

/// A time as people read it in a table: UTC, to the minute.
pub fn time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// Text squeezed onto one line: line breaks, tabs and other control characters become
/// spaces, runs of spaces collapse.
pub fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// At most `max` characters, ending with "…" when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let mut cut = cut.trim_end().to_string();
    cut.push('…');
    cut
}

/// The moment a record is about, or its creation time.
pub fn record_time(record: &Record) -> DateTime<Utc> {
    record.body.time().unwrap_or(record.created_at)
}

/// A one-line description of a record for tables.
pub fn summary(record: &Record) -> String {
    let text = match &record.body {
        RecordBody::OutreachNote(n) => {
            let mut s = n.text.clone();
            if let Some(place) = n.place.as_deref().filter(|p| !p.is_empty()) {
                s = format!("{s} @ {place}");
            }
            s
        }
        RecordBody::Subject(s) => s.alias.clone(),
        RecordBody::Interview(i) => format!(
            "{} {} ({}, {} answers)",
            i.form_id,
            i.form_version,
            wire_name(&i.status),
            i.answers.len()
        ),
        RecordBody::Referral(r) => format!("{} ({})", r.service, wire_name(&r.status)),
        RecordBody::Consent(c) => {
            let scopes: Vec<String> = c.scopes.iter().map(wire_name).collect();
            format!("{} {}", wire_name(&c.state), scopes.join(", "))
        }
    };
    let text = one_line(&text);
    let text = if record.deleted {
        format!("[deleted] {text}")
    } else {
        text
    };
    truncate(&text, SUMMARY_CHARS)
}

/// A kind of record in words (`note` is an outreach note).
pub fn kind_words(kind: RecordKind) -> String {
    words::text(match kind {
        RecordKind::Subject => "common-kind-subject",
        RecordKind::OutreachNote => "common-kind-outreach-note",
        RecordKind::Interview => "common-kind-interview",
        RecordKind::Referral => "common-kind-referral",
        RecordKind::Consent => "common-kind-consent",
    })
}

/// The name a unit enum value has in JSON ("in_progress"), for tables.
pub fn wire_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => "?".to_string(),
    }
}

/// Prints a page of records as a table, or says there are none, and how to go on.
pub fn record_page(page: &RecordPage, next_hint: &str) -> Result<()> {
    if page.records.is_empty() {
        line(words::text("cli-records-none"))?;
    } else {
        let mut table = Table::of_keys(&[
            "cli-column-id",
            "cli-column-kind",
            "cli-column-time",
            "cli-column-tags",
            "cli-column-summary",
        ]);
        for r in &page.records {
            table.row(vec![
                r.id.to_string(),
                r.kind.to_string(),
                time(record_time(r)),
                truncate(&r.body.tags().join(","), 30),
                summary(r),
            ]);
        }
        table.print()?;
    }
    if let Some(next) = &page.next {
        line(words::format(
            "cli-records-more",
            &args!["command" => format!("{next_hint} --after {next}")],
        ))?;
    }
    damaged_warning(page);
    Ok(())
}

/// Warns on standard error about records that could not be decrypted (ids only).
pub fn damaged_warning(page: &RecordPage) {
    if !page.damaged.is_empty() {
        let ids: Vec<String> = page.damaged.iter().map(|id| id.to_string()).collect();
        eprintln!(
            "{}",
            words::format(
                "cli-warning-damaged",
                &args!["count" => ids.len(), "ids" => ids.join(" ")]
            )
        );
    }
}

/// The body's fields as `key: value` rows, in a fixed order for notes.
pub fn body_fields(body: &RecordBody) -> Vec<(String, String)> {
    if let RecordBody::OutreachNote(n) = body {
        let mut rows = vec![("text".to_string(), n.text.clone())];
        if let Some(p) = &n.place {
            rows.push(("place".into(), p.clone()));
        }
        if let Some(l) = n.location {
            rows.push(("location".into(), format!("{:.2}, {:.2}", l.lat, l.lon)));
        }
        if !n.tags.is_empty() {
            rows.push(("tags".into(), n.tags.join(", ")));
        }
        rows.push(("at".into(), n.at.to_rfc3339()));
        if let Some(s) = n.subject {
            rows.push(("subject".into(), s.to_string()));
        }
        return rows;
    }
    let Ok(serde_json::Value::Object(mut tagged)) = serde_json::to_value(body) else {
        return Vec::new();
    };
    let Some(serde_json::Value::Object(map)) = tagged.remove("body") else {
        return Vec::new();
    };
    map.into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| {
            let v = match v {
                serde_json::Value::String(s) => s,
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|i| match i {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.to_string(),
            };
            (k, v)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_counts_characters_and_marks_the_cut() {
        assert_eq!(truncate("Барахолка", 20), "Барахолка");
        assert_eq!(truncate("Барахолка", 5), "Бара…");
    }

    #[test]
    fn one_line_removes_breaks_and_control_characters() {
        assert_eq!(one_line("a\n b\t\tc\u{7}d"), "a b c d");
    }
}
