//! One module per command group; this one dispatches a parsed command line to them.
//!
//! Commands never print errors themselves: they return them to `main`, which prints one
//! line and chooses the exit code.

mod audit;
mod demo;
mod erasure;
mod forms;
pub mod handoff;
mod hub;
mod interview;
mod note;
mod records;
pub mod report;
mod services;
mod team;
pub mod training;
mod vault;

use anyhow::Result;

use crate::args::{
    AuditCommand, Cli, Command, FormsCommand, HubCommand, InterviewCommand, NoteCommand,
    RecordsCommand, ServicesArgs, ServicesCommand, TeamCommand, VaultCommand,
};

pub fn run(cli: &Cli) -> Result<()> {
    let g = &cli.global;
    match &cli.command {
        Command::Vault(VaultCommand::Init {
            device_bound,
            demo: false,
            ..
        }) => vault::init(g, *device_bound),
        Command::Vault(VaultCommand::Init {
            demo: true,
            seed,
            records,
            ..
        }) => vault::init_demo(g, *seed, *records as usize),
        Command::Vault(VaultCommand::ResetDemo) => vault::reset_demo(g),
        Command::Demo(args) => demo::run(g, args),
        Command::Vault(VaultCommand::ChangePasscode) => vault::change_passcode(g),
        Command::Vault(VaultCommand::Info) => vault::info(g),
        Command::Vault(VaultCommand::Wipe { yes }) => vault::wipe(g, *yes),
        Command::Vault(VaultCommand::Duress { mode }) => vault::duress(g, *mode),
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
        Command::Forms(FormsCommand::List) => forms::list(g),
        Command::Forms(FormsCommand::Validate { file }) => forms::validate(g, file),
        Command::Forms(FormsCommand::Show {
            id,
            form_version,
            lang,
        }) => forms::show(g, id, form_version.as_deref(), lang.as_deref()),
        Command::Interview(InterviewCommand::Run(args)) => interview::run(g, args),
        Command::Interview(InterviewCommand::Resume { id, answers, rules }) => {
            interview::resume(g, *id, answers.as_deref(), rules.as_deref())
        }
        Command::Assess { id, lang } => interview::assess(g, *id, lang.as_deref()),
        Command::Team(TeamCommand::Create { name, hub, as_name }) => {
            team::create(g, name, hub, as_name)
        }
        Command::Team(TeamCommand::Request { as_name, qr }) => team::request(g, as_name, *qr),
        Command::Team(TeamCommand::Approve { request, role, qr }) => {
            team::approve(g, request, role, *qr)
        }
        Command::Team(TeamCommand::Join { welcome }) => team::join(g, welcome),
        Command::Team(TeamCommand::Members) => team::members(g),
        Command::Team(TeamCommand::Revoke { device }) => team::revoke(g, device),
        Command::Team(TeamCommand::Policy(args)) => erasure::policy(g, args),
        Command::Team(TeamCommand::Erase { subject, yes }) => erasure::erase(g, *subject, *yes),
        Command::Sync { hub } => team::sync(g, hub.as_deref()),
        Command::Report(args) => report::run(g, args),
        Command::Training(args) => training::run(g, args),
        Command::Handoff(args) => handoff::run(g, args),
        Command::Hub(HubCommand::Serve { addr, data, demo }) => hub::serve(*addr, data, *demo),
        Command::Services(ServicesArgs { directory, command }) => {
            let directory = directory.as_deref();
            match command {
                ServicesCommand::List { lang } => services::list(g, directory, lang),
                ServicesCommand::Recommend {
                    interview,
                    needs,
                    region,
                } => services::recommend(g, directory, *interview, needs, region.as_deref()),
                ServicesCommand::Refer {
                    interview,
                    service,
                    reason,
                    person_agreed,
                } => services::refer(g, directory, *interview, service, reason, *person_agreed),
            }
        }
    }
}
