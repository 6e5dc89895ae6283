//! `senim records list | show | search | delete`: reading and removing records.
//!
//! Listings are one page at a time, newest first; the cursor for the next page is
//! printed with the page. Records that fail to decrypt are reported, never hidden.

use anyhow::Result;
use senim_records::{PageRequest, RecordFilter, RecordId};

use crate::args::{FilterArgs, Global, PageArgs};
use crate::output;
use crate::session::Unlocked;

fn page_request(page: &PageArgs) -> PageRequest {
    PageRequest {
        limit: usize::from(page.limit),
        after: page.after.clone(),
    }
}

pub fn list(global: &Global, filter: &FilterArgs, page: &PageArgs) -> Result<()> {
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

pub fn search(global: &Global, text: &str, page: &PageArgs) -> Result<()> {
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

pub fn show(global: &Global, id: RecordId) -> Result<()> {
    let session = Unlocked::open(global)?;
    let (record, history) = session.vault().view(id)?;
    session.close()?;
    if global.json {
        return output::json(&serde_json::json!({ "record": record, "history": history }));
    }
    let mut rows: Vec<(String, String)> = vec![
        ("id".into(), record.id.to_string()),
        ("kind".into(), record.kind.to_string()),
        ("created".into(), record.created_at.to_rfc3339()),
        ("updated".into(), record.updated_at.to_rfc3339()),
        ("created by".into(), record.created_by.clone()),
    ];
    if record.deleted {
        rows.push(("deleted".into(), "yes".into()));
    }
    rows.extend(output::body_fields(&record.body));
    let rows: Vec<(&str, String)> = rows.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    output::fields(&rows)?;
    if !record.conflicts.is_empty() {
        output::line("")?;
        output::line(
            "conflicts (devices recorded different values; the record above shows one of them):",
        )?;
        let mut table = output::Table::new(&["FIELD", "DEVICE", "VALUE"]);
        for c in &record.conflicts {
            for v in &c.values {
                table.row(vec![
                    c.field.clone(),
                    v.device.clone(),
                    output::truncate(&output::one_line(&v.value.to_string()), 60),
                ]);
            }
        }
        table.print()?;
    }
    output::line("")?;
    output::line("history:")?;
    let mut table = output::Table::new(&["TIME", "DEVICE", "CHANGE"]);
    for h in &history {
        table.row(vec![
            output::time(h.at),
            h.device.clone(),
            output::one_line(&h.summary),
        ]);
    }
    table.print()
}

pub fn delete(global: &Global, id: RecordId) -> Result<()> {
    let session = Unlocked::open(global)?;
    session.vault().delete(id)?;
    session.close()?;
    if global.json {
        return output::json(&serde_json::json!({ "id": id, "deleted": true }));
    }
    output::line(format!("deleted {id}"))
}
