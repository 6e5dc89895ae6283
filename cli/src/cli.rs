//! The command line of `senim`: the program's name, about and closing help text, the
//! global options, and the list of commands, each with the argument types its own
//! module defines.
//!
//! Owns the composition and the dispatch only: a parsed command goes to its module's
//! `run`. It never reads a passcode or touches a vault, and it has no option that could
//! carry a passcode or choose key derivation parameters.

use anyhow::Result;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::commands::{
    audit, demo, forms, handoff, hub, interview, note, records, report, services, team, training,
    vault,
};
use crate::global::Global;

const ABOUT: &str = "Senim: the encrypted field notebook for outreach workers, on the desktop";

const LONG_ABOUT: &str = "\
Senim: the encrypted field notebook for outreach workers, on the desktop.

Every record is encrypted in the vault directory under a key wrapped by your passcode
(and, for a device-bound vault, a secret kept in the key store directory).";

const AFTER_HELP: &str = "\
Passcode:
  Commands that open the vault ask for the passcode on the terminal, without echo.
  For scripting and tests, set SENIM_PASSCODE instead. `vault init` takes the new
  vault's passcode from SENIM_PASSCODE; `vault change-passcode` takes the new passcode
  and `vault duress` the duress passcode from SENIM_NEW_PASSCODE. Without them, the new
  passcode is asked twice.
  A new passcode is refused when it is short, common, a run or a repeat, or scores
  below 2 of 4 on the strength estimate (zxcvbn); the strength of the one set is
  printed (`passcode_strength` in --json).
  Passcodes are never accepted as command line arguments.

Exit codes:
  0  success
  1  any other failure (invalid input, a record that does not exist, storage errors)
  2  bad arguments
  3  the vault could not be unlocked: wrong passcode, too many failed attempts, or the
     device key store is missing
  4  no vault at the given location (also when the team's policy has just wiped it:
     too many failed unlocks, or too long without a sync)
  5  the vault is damaged or has been tampered with (including a broken audit log)";

#[derive(Debug, Parser)]
#[command(
    name = "senim",
    version,
    about = ABOUT,
    long_about = LONG_ABOUT,
    after_help = AFTER_HELP,
    propagate_version = true
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a whole field day end to end with synthetic data: an embedded demo hub, a
    /// lead and workers recording offline, syncing, and the lead's merged picture
    Demo(demo::DemoArgs),
    /// Create, inspect, re-key and wipe the vault
    #[command(subcommand)]
    Vault(vault::VaultCommand),
    /// Write and edit outreach notes
    #[command(subcommand)]
    Note(note::NoteCommand),
    /// List, show, search and delete records
    #[command(subcommand)]
    Records(records::RecordsCommand),
    /// Check and read the vault's audit log
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// List, check and show screening forms
    #[command(subcommand)]
    Forms(forms::FormsCommand),
    /// Run and resume screening interviews
    #[command(subcommand)]
    Interview(interview::InterviewCommand),
    /// Score a stored interview again with the form and rule-set versions it used
    Assess(interview::AssessArgs),
    /// Recommend services and create referrals
    Services(services::ServicesArgs),
    /// Create and join a team, approve and revoke devices, set the team's policy and
    /// erase a subject's records
    #[command(subcommand)]
    Team(team::TeamCommand),
    /// Run the office hub
    #[command(subcommand)]
    Hub(hub::HubCommand),
    /// Exchange records with the team through the office hub
    Sync(team::SyncArgs),
    /// Anonymised counts for team leads (small counts suppressed); also as CSV files
    /// and an SVG chart
    Report(report::ReportArgs),
    /// Practice interviews with fictional personas, compared with an answer key
    Training(training::TrainingArgs),
    /// Seal one referral's records in an encrypted file for a partner organisation
    /// without the app, and open such files
    Handoff(handoff::HandoffArgs),
}

impl Cli {
    /// Parses the process's arguments as `Cli::try_parse` does, and also returns the
    /// command's name ("team approve"): the names of the subcommands only, never an
    /// argument (which may hold note text), so that it can be logged.
    pub fn parse_named() -> Result<(Cli, String), clap::Error> {
        let mut matches = Cli::command().try_get_matches()?;
        let name = command_name(&matches);
        let cli =
            Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut Cli::command()))?;
        Ok((cli, name))
    }

    /// Runs the parsed command.
    pub fn run(&self) -> Result<()> {
        let g = &self.global;
        match &self.command {
            Command::Demo(args) => demo::run(g, args),
            Command::Vault(command) => vault::run(g, command),
            Command::Note(command) => note::run(g, command),
            Command::Records(command) => records::run(g, command),
            Command::Audit(command) => audit::run(g, command),
            Command::Forms(command) => forms::run(g, command),
            Command::Interview(command) => interview::run(g, command),
            Command::Assess(args) => interview::assess(g, args),
            Command::Services(args) => services::run(g, args),
            Command::Team(command) => team::run(g, command),
            Command::Hub(command) => hub::run(command),
            Command::Sync(args) => team::sync(g, args),
            Command::Report(args) => report::run(g, args),
            Command::Training(args) => training::run(g, args),
            Command::Handoff(args) => handoff::run(g, args),
        }
    }
}

/// The subcommand names of `matches`, outermost first, joined by spaces.
fn command_name(matches: &ArgMatches) -> String {
    let mut names = Vec::new();
    let mut matches = matches;
    while let Some((name, sub)) = matches.subcommand() {
        names.push(name);
        matches = sub;
    }
    names.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use senim_protocol::team::TeamPolicy;

    #[test]
    fn the_grammar_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_command_is_named_by_its_subcommands_never_by_its_arguments() {
        let matches = Cli::command()
            .try_get_matches_from([
                "senim",
                "-v",
                "note",
                "add",
                "--text",
                "secret words",
                "--tag",
                "t",
            ])
            .unwrap();
        assert_eq!(command_name(&matches), "note add");
        let matches = Cli::command()
            .try_get_matches_from(["senim", "records", "search", "secret", "--limit", "5"])
            .unwrap();
        assert_eq!(command_name(&matches), "records search");
    }

    #[test]
    fn verbose_counts_its_repeats_anywhere_on_the_line() {
        let cli = Cli::try_parse_from(["senim", "-vv", "vault", "info"]).unwrap();
        assert_eq!(cli.global.verbose, 2);
        let cli = Cli::try_parse_from(["senim", "vault", "info", "--verbose"]).unwrap();
        assert_eq!(cli.global.verbose, 1);
        let cli = Cli::try_parse_from(["senim", "vault", "info"]).unwrap();
        assert_eq!(cli.global.verbose, 0);
    }

    #[test]
    fn policy_options_without_a_setting_only_show() {
        let cli = Cli::try_parse_from(["senim", "team", "policy"]).unwrap();
        let Command::Team(team::TeamCommand::Policy(args)) = cli.command else {
            panic!("team policy")
        };
        assert!(args.policy().unwrap().is_none());
        let cli = Cli::try_parse_from(["senim", "team", "policy", "--clear"]).unwrap();
        let Command::Team(team::TeamCommand::Policy(args)) = cli.command else {
            panic!("team policy")
        };
        assert_eq!(args.policy().unwrap(), Some(TeamPolicy::default()));
    }
}
