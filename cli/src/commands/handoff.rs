//! `senim handoff export | open`: the records of one referral, sealed in one file for a
//! partner organisation without the app, and opening such a file.
//!
//! Owns the command's options and where its secrets come from: a passphrase is read
//! from the environment variable the user names, or asked on the terminal without
//! echo (twice when sealing), never taken as an argument; an age identity is read from
//! a file. Every secret stays inside [`Zeroizing`]. It never writes the plaintext
//! except where `open --out` is asked to, and never prints a secret.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use senim_handoff::{self as handoff, HandoffKey, HandoffOptions, HandoffSecret};
use senim_records::RecordId;
use serde_json::json;
use zeroize::Zeroizing;

use crate::global::Global;
use crate::input;
use crate::output;
use crate::session::Unlocked;
use crate::words;
use senim_l10n::args;

/// Largest identity file read.
const MAX_IDENTITY_BYTES: u64 = 64 * 1024;

const EXPORT_AFTER_HELP: &str = "\
The file is an age file (https://age-encryption.org): the partner opens it with
`senim handoff open`, or without Senim with the age tool (`age -d`), and finds a tar
archive of summary.html (readable, in --lang) and records.json. Give the passphrase to
the partner another way than the file (a call, in person). See docs/handoff.md.";

/// `senim handoff` options.
#[derive(Debug, Args)]
pub struct HandoffArgs {
    #[command(subcommand)]
    pub command: HandoffCommand,
}

#[derive(Debug, Subcommand)]
pub enum HandoffCommand {
    /// Seal the records of one referral (referral, person, consent, interview and its
    /// explained result) into an encrypted file for a partner organisation; needs the
    /// person's consent to referral or sharing
    #[command(after_help = EXPORT_AFTER_HELP)]
    Export(ExportArgs),
    /// Open a handoff file: write summary.html and records.json into a directory, or
    /// print the summary (records.json with --json)
    Open(OpenArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The referral's id
    #[arg(long, value_name = "ID")]
    pub referral: RecordId,
    /// The handoff file to create (an existing file is never replaced)
    #[arg(long, value_name = "FILE")]
    pub to: PathBuf,
    /// Read the passphrase from this environment variable [default: ask twice on the
    /// terminal]
    #[arg(long, value_name = "VAR", conflicts_with = "recipient")]
    pub passphrase_env: Option<String>,
    /// Seal to the partner's age public key (age1…) instead of a passphrase
    #[arg(long, value_name = "AGE1…")]
    pub recipient: Option<String>,
    /// The partner's language for the summary: en, ru, kk, or one shown in Russian
    /// (uz, ky, tg); Russian is the working language of partner organisations in
    /// Kazakhstan
    #[arg(long, value_name = "LANG", default_value = "ru")]
    pub lang: String,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// The handoff file
    pub file: PathBuf,
    /// Read the passphrase from this environment variable [default: ask on the
    /// terminal]
    #[arg(long, value_name = "VAR", conflicts_with = "identity")]
    pub passphrase_env: Option<String>,
    /// An age identity file (AGE-SECRET-KEY-1…, as age-keygen writes it)
    #[arg(long, value_name = "FILE")]
    pub identity: Option<PathBuf>,
    /// Write summary.html and records.json into this directory (created owner-only;
    /// the files are not encrypted: delete them when done)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn run(global: &Global, args: &HandoffArgs) -> Result<()> {
    match &args.command {
        HandoffCommand::Export(a) => export(global, a),
        HandoffCommand::Open(a) => open(global, a),
    }
}

/// The passphrase in environment variable `var`. The value is never shown.
fn from_env(var: &str) -> Result<Zeroizing<String>> {
    match std::env::var(var) {
        Ok(v) => Ok(Zeroizing::new(v)),
        Err(std::env::VarError::NotPresent) => {
            bail!(words::format("cli-handoff-env-unset", &args!["var" => var]))
        }
        Err(std::env::VarError::NotUnicode(_)) => bail!(words::format(
            "cli-handoff-env-not-utf8",
            &args!["var" => var]
        )),
    }
}

fn prompt(label: &str) -> Result<Zeroizing<String>> {
    match rpassword::prompt_password(label) {
        Ok(p) => Ok(Zeroizing::new(p)),
        Err(_) => bail!(words::text("cli-handoff-no-terminal")),
    }
}

fn export(global: &Global, args: &ExportArgs) -> Result<()> {
    let key = match (&args.recipient, &args.passphrase_env) {
        (Some(r), _) => HandoffKey::Recipient(r.clone()),
        (None, Some(var)) => HandoffKey::Passphrase(from_env(var)?),
        (None, None) => {
            let first = prompt(&words::text("cli-handoff-prompt-new"))?;
            let second = prompt(&words::text("cli-handoff-prompt-repeat"))?;
            if *first != *second {
                bail!(words::text("cli-handoff-mismatch"));
            }
            HandoffKey::Passphrase(first)
        }
    };
    let options = HandoffOptions::new(key, &args.lang);
    let library = crate::library::library(global)?;
    let session = Unlocked::open(global)?;
    let receipt =
        handoff::export_to_file(session.vault(), &library, args.referral, &options, &args.to)?;
    session.close()?;
    if global.json {
        let records: Vec<_> = receipt
            .records
            .iter()
            .map(|(kind, id)| json!({ "kind": kind, "id": id }))
            .collect();
        return output::json(&json!({
            "file": args.to,
            "handoff_id": receipt.handoff_id,
            "summary_language": receipt.summary_language,
            "records": records,
        }));
    }
    let kinds: Vec<String> = receipt
        .records
        .iter()
        .map(|(kind, _)| words::named("cli-report-kind-", &kind.to_string()))
        .collect();
    output::line(words::format(
        "cli-handoff-sealed",
        &args![
            "count" => kinds.len(),
            "kinds" => kinds.join(", "),
            "file" => args.to.display().to_string()
        ],
    ))?;
    let labels = [
        words::text("cli-handoff-id"),
        words::text("cli-handoff-summary-in"),
    ];
    output::fields(&[
        (&labels[0], receipt.handoff_id.clone()),
        (&labels[1], receipt.summary_language.clone()),
    ])
}

fn read_identity(path: &Path) -> Result<Zeroizing<String>> {
    let bytes = Zeroizing::new(input::read_file(
        path,
        MAX_IDENTITY_BYTES,
        "the age identity file",
    )?);
    match std::str::from_utf8(&bytes) {
        Ok(text) => Ok(Zeroizing::new(text.to_owned())),
        Err(_) => bail!(words::format(
            "cli-handoff-not-identity",
            &args!["file" => path.display().to_string()]
        )),
    }
}

/// Creates `dir` owner-only (0700 on Unix); an existing directory is used as it is.
fn create_private_dir(dir: &Path) -> Result<()> {
    senim_vault::create_private_dir(dir).with_context(|| {
        words::format(
            "cli-handoff-cannot-create-dir",
            &args!["dir" => dir.display().to_string()],
        )
    })
}

/// Writes a new file, owner-only (0600 on Unix); an existing one is never replaced.
fn write_private(path: &Path, text: &str) -> Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut file = opts.open(path).with_context(|| {
        words::format(
            "cli-handoff-cannot-create-file",
            &args!["file" => path.display().to_string()],
        )
    })?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

fn open(global: &Global, args: &OpenArgs) -> Result<()> {
    let bytes = input::read_file(
        &args.file,
        handoff::MAX_FILE_BYTES as u64,
        "the handoff file",
    )?;
    let secret = match (&args.identity, &args.passphrase_env) {
        (Some(path), _) => HandoffSecret::Identity(read_identity(path)?),
        (None, Some(var)) => HandoffSecret::Passphrase(from_env(var)?),
        (None, None) => HandoffSecret::Passphrase(prompt(&words::text("cli-handoff-prompt"))?),
    };
    let opened = handoff::open(&bytes, &secret)?;
    if opened.demo {
        crate::session::demo_banner();
    }
    let Some(dir) = &args.out else {
        // No directory: the summary (or, with --json, the records) on standard output.
        let text = if global.json {
            &opened.records_json
        } else {
            &opened.summary_html
        };
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(text.as_bytes())?;
        stdout.flush()?;
        return Ok(());
    };
    create_private_dir(dir)?;
    let summary = dir.join("summary.html");
    let records = dir.join("records.json");
    write_private(&summary, &opened.summary_html)?;
    write_private(&records, &opened.records_json)?;
    if global.json {
        return output::json(&json!({
            "handoff_id": opened.handoff_id,
            "referral": opened.referral,
            "language": opened.language,
            "created_at": opened.created_at,
            "demo": opened.demo,
            "summary": summary,
            "records": records,
        }));
    }
    let labels = [
        words::text("cli-handoff-id"),
        words::text("cli-handoff-referral"),
        words::text("cli-handoff-made-at"),
        words::text("cli-handoff-summary"),
        words::text("cli-handoff-records"),
    ];
    output::fields(&[
        (&labels[0], opened.handoff_id.clone()),
        (&labels[1], opened.referral.to_string()),
        (&labels[2], output::time(opened.created_at)),
        (&labels[3], summary.display().to_string()),
        (&labels[4], records.display().to_string()),
    ])?;
    output::line(words::text("cli-handoff-not-encrypted"))
}
