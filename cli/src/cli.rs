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
use crate::words;
use senim_l10n::args;

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
        let mut matches = localized_command().try_get_matches()?;
        let name = command_name(&matches);
        let cli = Cli::from_arg_matches_mut(&mut matches)
            .map_err(|e| e.format(&mut localized_command()))?;
        Ok((cli, name))
    }

    /// The names of the top-level commands (where the scan for the root's `--lang`
    /// stops).
    pub fn command_names() -> Vec<String> {
        Cli::command()
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .collect()
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

/// The command line in the language `words` speaks: the about line of every command
/// (`cli-help-<command>-<subcommand>`), the root's texts, the help's headings and the
/// global options. English is the derive's own text, which the catalog's English
/// matches (a test checks); the help of a command's own options stays English.
pub fn localized_command() -> clap::Command {
    let command = Cli::command();
    if words::locale().speaks() == senim_l10n::Locale::En {
        return command;
    }
    let command = command
        .about(words::text("cli-about"))
        .long_about(words::text("cli-long-about"))
        .after_help(words::text("cli-after-help"))
        .mut_args(|arg| {
            let key = format!("cli-option-{}", arg.get_id());
            if arg.get_help_heading() == Some("Global options") {
                localize_arg(arg, &key)
            } else {
                arg
            }
        });
    // clap's own version flag, whose text is English, replaced on the root by one in
    // the language (the subcommands do not repeat it).
    let command = headings(command).disable_version_flag(true).arg(
        clap::Arg::new("version")
            .short('V')
            .long("version")
            .action(clap::ArgAction::Version)
            .help(words::text("cli-option-version"))
            .help_heading(words::text("cli-heading-options")),
    );
    localize_subcommands(command, "cli-help")
}

/// The about lines of `command`'s subcommands, each looked up by its path, and of
/// theirs; and the help of their own options and arguments ([`option_key`]).
fn localize_subcommands(command: clap::Command, path: &str) -> clap::Command {
    command.mut_subcommands(|sub| {
        let path = format!("{path}-{}", sub.get_name());
        let sub = if words::has(&path) {
            sub.about(words::text(&path)).long_about(None)
        } else {
            sub
        };
        let sub = sub.mut_args(|arg| {
            let key = option_key(&path, arg.get_id().as_str());
            localize_arg(arg, &key)
        });
        localize_subcommands(headings(sub).disable_version_flag(true), &path)
    })
}

/// `arg` with its help `key` from the catalog, when it has one, followed by what clap
/// would add in English (the default value, the environment variable, the possible
/// values) in the language.
fn localize_arg(arg: clap::Arg, key: &str) -> clap::Arg {
    if !words::has(key) {
        return arg;
    }
    let mut help = words::text(key);
    let mut specs = Vec::new();
    let takes_values = arg.get_action().takes_values();
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    let arg = if takes_values && !possible.is_empty() && !arg.is_hide_possible_values_set() {
        specs.push(words::format(
            "cli-options-spec-possible",
            &args!["values" => possible.join(", ")],
        ));
        arg.hide_possible_values(true)
    } else {
        arg
    };
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let arg = if takes_values && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        specs.push(words::format(
            "cli-options-spec-default",
            &args!["value" => defaults.join(", ")],
        ));
        arg.hide_default_value(true)
    } else {
        arg
    };
    let arg = match arg.get_env().map(|e| e.to_string_lossy().into_owned()) {
        Some(name) if !arg.is_hide_env_set() => {
            specs.push(words::format(
                "cli-options-spec-env",
                &args!["name" => name],
            ));
            arg.hide_env(true)
        }
        _ => arg,
    };
    for spec in specs {
        help.push(' ');
        help.push_str(&spec);
    }
    arg.help(help).long_help(None)
}

/// The catalog key of the help of option (or argument) `id` of the command whose help
/// key is `command` (`cli-help-demo`, `workers` → `cli-options-demo-workers`).
fn option_key(command: &str, id: &str) -> String {
    let path = command.strip_prefix("cli-help-").unwrap_or(command);
    format!("cli-options-{path}-{}", id.replace('_', "-"))
}

/// The help's own words: the usage line, and the headings of commands, arguments and
/// options.
fn headings(command: clap::Command) -> clap::Command {
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        words::text("cli-heading-usage")
    );
    let options = words::text("cli-heading-options");
    command
        .help_template(template)
        .subcommand_help_heading(words::text("cli-heading-commands"))
        // clap's own help flag, whose text is English, replaced by one in the language.
        .disable_help_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help(words::text("cli-option-help"))
                .help_heading(options.clone()),
        )
        .mut_args(|arg| match arg.get_help_heading() {
            Some("Global options") => arg.help_heading(words::text("cli-heading-global")),
            Some(_) => arg,
            None if arg.is_positional() => arg.help_heading(words::text("cli-heading-arguments")),
            None => arg.help_heading(options.clone()),
        })
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

    /// Every command's path below `command`, with its about line.
    fn abouts(command: &clap::Command, path: &str, out: &mut Vec<(String, String)>) {
        for sub in command.get_subcommands() {
            let path = format!("{path}-{}", sub.get_name());
            let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
            out.push((path.clone(), about));
            abouts(sub, &path, out);
        }
    }

    #[test]
    fn every_command_has_its_help_in_the_catalog_and_the_english_is_the_commands_own() {
        let english = senim_l10n::Localizer::new(senim_l10n::Locale::En).unwrap();
        let mut all = Vec::new();
        abouts(&Cli::command(), "cli-help", &mut all);
        assert!(all.len() > 50, "{}", all.len());
        let mut wrong = Vec::new();
        for (key, about) in &all {
            match english.text(key) {
                Ok(text) if text == *about => {}
                other => wrong.push(format!("{key} = {about}   (catalog: {other:?})")),
            }
        }
        let root = Cli::command();
        for (key, text) in [
            ("cli-about", root.get_about()),
            ("cli-long-about", root.get_long_about()),
            ("cli-after-help", root.get_after_help()),
        ] {
            let text = text.map(|t| t.to_string()).unwrap_or_default();
            if english.text(key).as_deref() != Ok(text.as_str()) {
                wrong.push(format!("{key} = {text}"));
            }
        }
        assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
    }

    /// Every option and argument of every command below `command` that has a help
    /// text: (catalog key, English help).
    fn option_helps(command: &clap::Command, path: &str, out: &mut Vec<(String, String)>) {
        for sub in command.get_subcommands() {
            let path = format!("{path}-{}", sub.get_name());
            for arg in sub.get_arguments() {
                if let Some(help) = arg.get_long_help().or(arg.get_help()) {
                    out.push((option_key(&path, arg.get_id().as_str()), help.to_string()));
                }
            }
            option_helps(sub, &path, out);
        }
    }

    #[test]
    fn every_option_has_its_help_in_the_catalog_and_the_english_is_the_commands_own() {
        let english = senim_l10n::Localizer::new(senim_l10n::Locale::En).unwrap();
        let mut all = Vec::new();
        option_helps(&Cli::command(), "cli-help", &mut all);
        assert!(all.len() > 100, "{}", all.len());
        let wrong: Vec<String> = all
            .iter()
            .filter(|(key, help)| english.text(key).as_deref() != Ok(help.as_str()))
            .map(|(key, help)| format!("{key} = {}", help.replace('\n', "\n    ")))
            .collect();
        assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
    }

    #[test]
    fn the_help_is_localized_for_every_command() {
        // Every help renders in Russian without a panic, and with Russian headings.
        crate::words::init(senim_l10n::Locale::Ru);
        let mut command = localized_command();
        command.build();
        let help = command.render_help().to_string();
        assert!(help.contains("Использование:"), "{help}");
        assert!(help.contains("Общие параметры:"), "{help}");
        // (clap's own `help` command keeps its English line.)
        for sub in command
            .get_subcommands_mut()
            .filter(|s| s.get_name() != "help")
        {
            let text = sub.render_help().to_string();
            assert!(!text.contains("Usage:"), "{text}");
        }
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
