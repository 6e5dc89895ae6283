//! The command line grammar of `senim`: every command, option and its help text.
//!
//! Owns parsing only. It never reads a passcode or touches a vault, and it has no option
//! that could carry a passcode or choose key derivation parameters.

use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use clap::{Args, Parser, Subcommand};
use senim_protocol::team::{MAX_POLICY_DAYS, Retention, TeamPolicy};
use senim_records::{RecordId, RecordKind};

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

/// Options every command accepts.
#[derive(Debug, Args)]
pub struct Global {
    /// Vault directory [default: "vault" in the per-user data directory,
    /// e.g. ~/.local/share/senim/vault]
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        help_heading = "Global options"
    )]
    pub vault: Option<PathBuf>,

    /// Device key store directory, used only by device-bound vaults [default: "keystore"
    /// in the per-user config directory, e.g. ~/.config/senim/keystore]
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        help_heading = "Global options"
    )]
    pub keystore: Option<PathBuf>,

    /// Print machine-readable JSON on standard output
    #[arg(long, global = true, help_heading = "Global options")]
    pub json: bool,

    /// A content directory with your organisation's own forms, rule sets and services
    /// directories (forms/*.json, rules/*.json, services/*.json), loaded beside the
    /// bundled ones
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        env = "SENIM_CONTENT",
        help_heading = "Global options"
    )]
    pub content: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a whole field day end to end with synthetic data: an embedded demo hub, a
    /// lead and workers recording offline, syncing, and the lead's merged picture
    Demo(DemoArgs),
    /// Create, inspect, re-key and wipe the vault
    #[command(subcommand)]
    Vault(VaultCommand),
    /// Write and edit outreach notes
    #[command(subcommand)]
    Note(NoteCommand),
    /// List, show, search and delete records
    #[command(subcommand)]
    Records(RecordsCommand),
    /// Check and read the vault's audit log
    #[command(subcommand)]
    Audit(AuditCommand),
    /// List, check and show screening forms
    #[command(subcommand)]
    Forms(FormsCommand),
    /// Run and resume screening interviews
    #[command(subcommand)]
    Interview(InterviewCommand),
    /// Score a stored interview again with the form and rule-set versions it used
    Assess {
        /// The interview's id
        id: RecordId,
        /// Explain in this language instead of the interview's
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
    },
    /// Recommend services and create referrals
    Services(ServicesArgs),
    /// Create and join a team, approve and revoke devices, set the team's policy and
    /// erase a subject's records
    #[command(subcommand)]
    Team(TeamCommand),
    /// Run the office hub
    #[command(subcommand)]
    Hub(HubCommand),
    /// Exchange records with the team through the office hub
    Sync {
        /// A hub other than the one the team was joined with
        #[arg(long, value_name = "URL")]
        hub: Option<String>,
    },
    /// Anonymised counts for team leads (small counts suppressed); also as CSV files
    /// and an SVG chart
    Report(crate::commands::report::ReportArgs),
    /// Practice interviews with fictional personas, compared with an answer key
    Training(crate::commands::training::TrainingArgs),
    /// Seal one referral's records in an encrypted file for a partner organisation
    /// without the app, and open such files
    Handoff(crate::commands::handoff::HandoffArgs),
}

#[derive(Debug, Subcommand)]
pub enum HubCommand {
    /// Serve the hub: it stores and relays the team's encrypted envelopes and membership
    /// lists, checks every signature, and holds no key (stop with Ctrl-C)
    Serve {
        /// Address to listen on (127.0.0.1:0 picks a free port; the address is printed)
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7878")]
        addr: std::net::SocketAddr,
        /// Directory of the hub's database (created owner-only)
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        /// A demo hub for training: it serves demo teams only (a real hub, the default,
        /// serves real teams only)
        #[arg(long)]
        demo: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Lead: create a team with this device as its lead, and register it on the hub
    Create {
        /// The team's name ("Almaty office")
        #[arg(long, value_name = "NAME")]
        name: String,
        /// The office hub, e.g. http://192.168.1.10:7878
        #[arg(long, value_name = "URL")]
        hub: String,
        /// Your call sign in the team
        #[arg(long = "as", value_name = "NAME", default_value = "lead")]
        as_name: String,
    },
    /// New device: print this device's join request (one line) for the lead
    Request {
        /// Your call sign in the team
        #[arg(long = "as", value_name = "NAME", default_value = "worker")]
        as_name: String,
        /// Also draw the request as a QR code for the lead's camera
        #[arg(long)]
        qr: bool,
    },
    /// Lead: admit the device of a join request; prints its welcome code (one line)
    Approve {
        /// The join request line
        request: String,
        /// worker or lead
        #[arg(long, value_name = "ROLE", default_value = "worker")]
        role: String,
        /// Also draw the welcome as a QR code for the new device's camera
        #[arg(long)]
        qr: bool,
    },
    /// New device: join the team with the lead's welcome code
    Join {
        /// The welcome line
        welcome: String,
    },
    /// List the team's devices and their roles
    Members,
    /// Lead: revoke a device; the team moves to a new key it cannot read
    Revoke {
        /// The device's id (see `senim team members`)
        device: String,
    },
    /// Show the team's retention and automatic-wipe policy; lead: set a new one
    ///
    /// With no option, shows the policy this device holds (as of its last sync). With
    /// options, a lead sets a new one. Setting REPLACES the whole policy: what the
    /// options leave out is no longer set (repeat every --retain you want to keep).
    /// Every device applies it at its next sync.
    #[command(after_help = POLICY_HELP)]
    Policy(PolicyArgs),
    /// Lead: erase a subject and its linked records from every device and the hub
    ///
    /// Lead: erase a subject and every record linked to it from every device of the
    /// team and from the hub, for good (a person asked for their data to be erased or
    /// withdrew consent). Syncs first, shows how many records go and asks you to type
    /// "erase" unless --yes. Other devices remove the records at their next sync; their
    /// audit logs keep a "purge" entry with the counts and the reason. See
    /// docs/erasure.md.
    Erase {
        /// The subject record's id (see `senim records list --kind subject`)
        #[arg(value_name = "SUBJECT_ID")]
        subject: RecordId,
        /// Do not ask: erase at once (required when standard input is not a terminal)
        #[arg(long)]
        yes: bool,
    },
}

const POLICY_HELP: &str = "\
Examples:
  senim team policy
  senim team policy --retain referral=365 --retain note=90 --wipe-after-failures 10
  senim team policy --clear

Retention purges, on every device and the hub, records whose last change is older than
DAYS: for a subject, the subject with every record linked to it once none of them
changed within DAYS; for referrals, only closed ones (declined, completed, cancelled).
A lead's device issues these purges when it syncs. See docs/erasure.md.";

/// `senim team policy`: with no option it shows the policy; with any, it sets one.
#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// Lead: keep records of KIND (subject, note, interview, referral or consent) for
    /// DAYS days (1 to 11000) after their last change, then purge them (repeat for
    /// several kinds)
    #[arg(long = "retain", value_name = "KIND=DAYS", value_parser = parse_retention)]
    pub retain: Vec<Retention>,
    /// Lead: wipe a device's vault after N failed unlocks in a row (3 to 1000)
    #[arg(long, value_name = "N")]
    pub wipe_after_failures: Option<u32>,
    /// Lead: wipe a device's vault when it is opened N days (1 to 11000) after its last
    /// successful sync
    #[arg(long, value_name = "N")]
    pub wipe_after_days: Option<u32>,
    /// Lead: set an empty policy (no retention, no automatic wipe)
    #[arg(long, conflicts_with_all = ["retain", "wipe_after_failures", "wipe_after_days"])]
    pub clear: bool,
}

impl PolicyArgs {
    /// The policy the options set, checked, or `None` when they only ask to show it.
    pub fn policy(&self) -> anyhow::Result<Option<TeamPolicy>> {
        let sets = self.clear
            || !self.retain.is_empty()
            || self.wipe_after_failures.is_some()
            || self.wipe_after_days.is_some();
        if !sets {
            return Ok(None);
        }
        for (i, r) in self.retain.iter().enumerate() {
            if self.retain[..i].iter().any(|o| o.kind == r.kind) {
                anyhow::bail!(
                    "--retain names {} twice: give one period per record kind",
                    r.kind
                );
            }
        }
        let policy = TeamPolicy {
            retention: self.retain.clone(),
            wipe_after_failed_unlocks: self.wipe_after_failures,
            wipe_after_days_without_sync: self.wipe_after_days,
        };
        policy.validate()?;
        Ok(Some(policy))
    }
}

/// `--retain KIND=DAYS`: names the part that is wrong.
fn parse_retention(s: &str) -> Result<Retention, String> {
    let Some((kind, days)) = s.split_once('=') else {
        return Err("expected KIND=DAYS, e.g. referral=365".to_string());
    };
    let kind: RecordKind = kind.trim().parse().map_err(|_| {
        format!(
            "unknown record kind {:?}: expected subject, note, interview, referral or consent",
            crate::output::truncate(kind.trim(), 40)
        )
    })?;
    let days: u32 = match days.trim().parse() {
        Ok(d) if (1..=MAX_POLICY_DAYS).contains(&d) => d,
        _ => {
            return Err(format!(
                "the days for {kind} must be a whole number from 1 to {MAX_POLICY_DAYS}, not {:?}",
                crate::output::truncate(days.trim(), 40)
            ));
        }
    };
    Ok(Retention { kind, days })
}

#[derive(Debug, Args)]
pub struct ServicesArgs {
    /// The services directory to use [default: the one loaded from --content, else the
    /// bundled "kz"]
    #[arg(long, value_name = "ID")]
    pub directory: Option<String>,

    #[command(subcommand)]
    pub command: ServicesCommand,
}

#[derive(Debug, Subcommand)]
pub enum FormsCommand {
    /// List the forms available (bundled and from --content)
    List,
    /// Check a form definition file; lists every problem and exits 1 if there is one
    Validate {
        /// The form definition (JSON)
        file: PathBuf,
    },
    /// Show a form's sections, questions, options and skip logic
    Show {
        /// The form's id
        id: String,
        /// A version other than the newest
        #[arg(long, value_name = "VERSION")]
        form_version: Option<String>,
        /// Language to show (the form's fallback chain fills gaps)
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
    },
}

/// Which form and rule set an interview uses.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The form's id (see `senim forms list`)
    #[arg(long, value_name = "ID")]
    pub form: String,
    /// A form version other than the newest
    #[arg(long, value_name = "VERSION")]
    pub form_version: Option<String>,
    /// Interview language: en, ru, kk, uz, ky or tg (as the form allows)
    #[arg(long, value_name = "LANG")]
    pub lang: String,
    /// The subject record the interview is about
    #[arg(long, value_name = "ID", conflicts_with = "anonymous")]
    pub subject: Option<RecordId>,
    /// Store no identifying field of the person (identifying questions are not asked)
    #[arg(long, required_unless_present = "subject")]
    pub anonymous: bool,
    /// Answer from a JSON file instead of the terminal: {"question_id": "yes", ...};
    /// a multiple choice as a list or "a,b", integers as numbers. Questions the file
    /// leaves out are skipped (a required one is an error)
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// The consent the person gave, comma-separated: screening (required), referral,
    /// sharing. Required with --answers; asked on the terminal otherwise
    #[arg(long, value_name = "SCOPES", value_delimiter = ',')]
    pub consent: Vec<String>,
    /// Who records the consent (your name or call sign)
    #[arg(long, value_name = "NAME", default_value = "worker")]
    pub recorded_by: String,
    /// The rule set that scores the interview [default: the newest ilo_ec_2009]
    #[arg(long, value_name = "ID")]
    pub rules: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum InterviewCommand {
    /// Run a screening interview on the terminal (or from --answers), store every answer
    /// as it is given, and print the assessment
    Run(RunArgs),
    /// Continue an interrupted interview where it stopped
    Resume {
        /// The interview's id
        id: RecordId,
        /// Continue from a JSON answers file instead of the terminal
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
        /// The rule set that scores the interview [default: the newest ilo_ec_2009]
        #[arg(long, value_name = "ID")]
        rules: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ServicesCommand {
    /// List the services in the directory
    List {
        /// Show names in this language
        #[arg(long, value_name = "LANG", default_value = "en")]
        lang: String,
    },
    /// Recommend services for a scored interview, ordered, with reasons
    Recommend {
        /// The interview's id
        #[arg(long, value_name = "ID")]
        interview: RecordId,
        /// Needs to add to those recorded in the interview (comma-separated): shelter,
        /// medical, legal, psychological, documents, return_home, labour_dispute
        #[arg(long, value_name = "NEEDS", value_delimiter = ',')]
        needs: Vec<String>,
        /// Only services in this city or region, besides nationwide ones (e.g. Almaty or
        /// its ISO 3166-2 code KZ-75)
        #[arg(long, value_name = "REGION")]
        region: Option<String>,
    },
    /// Refer the person to a service (needs a consent with the referral scope)
    Refer {
        /// The interview's id
        #[arg(long, value_name = "ID")]
        interview: RecordId,
        /// The service's id (see `senim services list`)
        #[arg(long, value_name = "SERVICE")]
        service: String,
        /// Why ("-" reads it from standard input)
        #[arg(long, value_name = "TEXT", default_value = "")]
        reason: String,
        /// The person has just agreed to be referred to this service: record that in
        /// their consent first (needed when the interview's consent does not cover it)
        #[arg(long)]
        person_agreed: bool,
    },
}

/// `senim demo`: the field day's size and seed.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Outreach workers in the demo team
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(1..=50))]
    pub workers: u32,
    /// Records each worker creates offline (notes, subjects, consents, interviews,
    /// referrals)
    #[arg(long, value_name = "M", default_value_t = 100,
          value_parser = clap::value_parser!(u32).range(1..=20_000))]
    pub records: u32,
    /// The synthetic-data generator's seed (the same seed gives the same cases)
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Keep the vaults and the hub's data in DIR (new or empty) to explore them with
    /// the other commands afterwards; without it, everything goes when the demo ends
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum VaultCommand {
    /// Create a new vault (passcode from SENIM_PASSCODE, or asked twice)
    Init {
        /// Also bind the vault to a secret in the device key store (--keystore), so a
        /// copy of the vault cannot be opened elsewhere with the passcode alone
        #[arg(long, conflicts_with = "demo")]
        device_bound: bool,
        /// Create a demo vault for training instead: marked for good, filled with
        /// synthetic cases, passcode "senim-demo" (no passcode is asked)
        #[arg(long)]
        demo: bool,
        /// Demo vault: the generator's seed (the same seed gives the same cases)
        #[arg(long, value_name = "N", default_value_t = 1, requires = "demo")]
        seed: u64,
        /// Demo vault: about how many records to generate
        #[arg(long, value_name = "N", default_value_t = 200, requires = "demo",
              value_parser = clap::value_parser!(u32).range(0..=100_000))]
        records: u32,
    },
    /// Demo vault only: return it to its seeded state (everything added since is gone)
    ResetDemo,
    /// Change the passcode (new one from SENIM_NEW_PASSCODE, or asked twice)
    ChangePasscode,
    /// Show counts, format and key derivation parameters (no passcode needed)
    Info,
    /// Panic wipe: destroy the vault for good, without its passcode. The key material
    /// goes first (nothing left can be decrypted, even with the passcode), then the
    /// device key store secret, then the files. Asks you to type "wipe" unless --yes
    Wipe {
        /// Do not ask: wipe at once (required when standard input is not a terminal)
        #[arg(long)]
        yes: bool,
    },
    /// Set a duress passcode (from SENIM_NEW_PASSCODE, or asked twice): entering it
    /// instead of the passcode opens a decoy vault with a few harmless notes
    Duress {
        /// What a duress unlock does to the real vault: "destroy" its key material for
        /// good, or "hide" it (the real passcode still opens it)
        #[arg(long, value_name = "MODE")]
        mode: DuressModeArg,
    },
}

/// `vault duress --mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DuressModeArg {
    Destroy,
    Hide,
}

#[derive(Debug, Subcommand)]
pub enum NoteCommand {
    /// Record a new outreach note, timed now; prints its id
    Add {
        /// The note ("-" reads it from standard input, keeping it out of shell history)
        #[arg(long, value_name = "TEXT")]
        text: String,
        /// A tag (repeat for several)
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// A label for the place ("Barakholka market, row 7"), not an address
        #[arg(long, value_name = "PLACE")]
        place: Option<String>,
        /// The subject record this note is about
        #[arg(long, value_name = "ID")]
        subject: Option<RecordId>,
    },
    /// Change fields of a note; prints the names of the fields that changed
    #[command(group(
        clap::ArgGroup::new("change").required(true).multiple(true).args(["text", "place", "tags"])
    ))]
    Edit {
        /// The note's id
        id: RecordId,
        /// New text ("-" reads it from standard input)
        #[arg(long, value_name = "TEXT")]
        text: Option<String>,
        /// New place label (an empty value removes it)
        #[arg(long, value_name = "PLACE")]
        place: Option<String>,
        /// Replace the note's tags with these (repeat for several)
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
    },
}

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

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check that no audit entry was altered, removed or reordered
    Verify,
    /// Print the audit log, oldest first
    Log,
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_grammar_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_day_bound_covers_the_whole_day() {
        let from = parse_from("2025-03-01").unwrap();
        let to = parse_to("2025-03-01").unwrap();
        assert_eq!(from.to_rfc3339(), "2025-03-01T00:00:00+00:00");
        assert_eq!(to.to_rfc3339(), "2025-03-02T00:00:00+00:00");
    }

    #[test]
    fn a_retention_names_the_part_that_is_wrong() {
        let r = parse_retention(" referral = 365 ").unwrap();
        assert_eq!((r.kind, r.days), (RecordKind::Referral, 365));
        assert!(parse_retention("nte=3").unwrap_err().contains("\"nte\""));
        assert!(
            parse_retention("note=0")
                .unwrap_err()
                .contains("days for note")
        );
        assert!(parse_retention("note=-1").unwrap_err().contains("\"-1\""));
        assert!(parse_retention("note").unwrap_err().contains("KIND=DAYS"));
    }

    #[test]
    fn policy_options_without_a_setting_only_show() {
        let cli = Cli::try_parse_from(["senim", "team", "policy"]).unwrap();
        let Command::Team(TeamCommand::Policy(args)) = cli.command else {
            panic!("team policy")
        };
        assert!(args.policy().unwrap().is_none());
        let cli = Cli::try_parse_from(["senim", "team", "policy", "--clear"]).unwrap();
        let Command::Team(TeamCommand::Policy(args)) = cli.command else {
            panic!("team policy")
        };
        assert_eq!(args.policy().unwrap(), Some(TeamPolicy::default()));
    }

    #[test]
    fn an_instant_bound_is_taken_as_given() {
        let t = parse_to("2025-03-01T10:30:00+05:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2025-03-01T05:30:00+00:00");
        assert!(parse_from("yesterday").is_err());
    }
}
