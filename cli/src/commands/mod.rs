//! One module per command group; this one dispatches a parsed command line to them.
//!
//! Commands never print errors themselves: they return them to `main`, which prints one
//! line and chooses the exit code.

mod audit;
mod note;
mod records;
mod vault;

use anyhow::Result;

use crate::args::{AuditCommand, Cli, Command, NoteCommand, RecordsCommand, VaultCommand};

pub fn run(cli: &Cli) -> Result<()> {
    let g = &cli.global;
    match &cli.command {
        Command::Vault(VaultCommand::Init { device_bound }) => vault::init(g, *device_bound),
        Command::Vault(VaultCommand::ChangePasscode) => vault::change_passcode(g),
        Command::Vault(VaultCommand::Info) => vault::info(g),
        Command::Note(NoteCommand::Add {
            text,
            tags,
            place,
            subject,
        }) => note::add(g, text, tags, place.as_deref(), *subject),
        Command::Note(NoteCommand::Edit {
            id,
            text,
            place,
            tags,
        }) => note::edit(g, *id, text.as_deref(), place.as_deref(), tags),
        Command::Records(RecordsCommand::List { filter, page }) => records::list(g, filter, page),
        Command::Records(RecordsCommand::Show { id }) => records::show(g, *id),
        Command::Records(RecordsCommand::Search { text, page }) => records::search(g, text, page),
        Command::Records(RecordsCommand::Delete { id }) => records::delete(g, *id),
        Command::Audit(AuditCommand::Verify) => audit::verify(g),
        Command::Audit(AuditCommand::Log) => audit::log(g),
    }
}
