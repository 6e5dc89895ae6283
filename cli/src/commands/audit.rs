//! `senim audit verify | log`: checking and reading the vault's audit log.
//!
//! The log names actions and record ids, never content, so printing it is safe.
//!
//! Its arguments are its own ([`AuditCommand`]).

use anyhow::Result;
use clap::Subcommand;

use crate::global::Global;
use crate::output;
use crate::session::Unlocked;
use crate::words;
use senim_l10n::args;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check that no audit entry was altered, removed or reordered
    Verify,
    /// Print the audit log, oldest first
    Log,
}

pub fn run(global: &Global, command: &AuditCommand) -> Result<()> {
    match command {
        AuditCommand::Verify => verify(global),
        AuditCommand::Log => log(global),
    }
}

fn verify(global: &Global) -> Result<()> {
    let session = Unlocked::open(global)?;
    let report = session.vault().audit_verify()?;
    session.close()?;
    if global.json {
        return output::json(&report);
    }
    output::line(words::format(
        "cli-audit-intact",
        &args!["count" => report.entries],
    ))
}

fn log(global: &Global) -> Result<()> {
    let session = Unlocked::open(global)?;
    let entries = session.vault().audit_log()?;
    session.close()?;
    if global.json {
        return output::json(&entries);
    }
    let mut table = output::Table::of_keys(&[
        "cli-quarantine-column-seq",
        "cli-column-time",
        "cli-audit-column-action",
        "cli-audit-column-record",
        "cli-audit-column-detail",
    ]);
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
