//! `senim audit verify | log`: checking and reading the vault's audit log.
//!
//! The log names actions and record ids, never content, so printing it is safe.

use anyhow::Result;

use crate::args::Global;
use crate::output;
use crate::session::Unlocked;

pub fn verify(global: &Global) -> Result<()> {
    let session = Unlocked::open(global)?;
    let report = session.vault().audit_verify()?;
    session.close()?;
    if global.json {
        return output::json(&report);
    }
    output::line(format!("audit log intact: {} entries", report.entries))
}

pub fn log(global: &Global) -> Result<()> {
    let session = Unlocked::open(global)?;
    let entries = session.vault().audit_log()?;
    session.close()?;
    if global.json {
        return output::json(&entries);
    }
    let mut table = output::Table::new(&["SEQ", "TIME", "ACTION", "RECORD", "DETAIL"]);
    for e in &entries {
        table.row(vec![
            e.seq.to_string(),
            output::time(e.at),
            output::wire_name(&e.action),
            e.record.map(|id| id.to_string()).unwrap_or_default(),
            e.detail
                .as_deref()
                .map(output::one_line)
                .unwrap_or_default(),
        ]);
    }
    table.print()
}
