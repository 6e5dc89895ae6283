//! The options every `senim` command accepts: where the vault and the key store are,
//! `--json`, the organisation's content directory, how much to log (`--verbose`), and
//! (before the command only) the language it speaks (`--lang`, read by `words`).
//!
//! Owns parsing these options only; it imports nothing else of the CLI, so every other
//! module may use it. It never reads a passcode, and no option here may carry one.

use std::path::PathBuf;

use clap::Args;

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

    /// Log what the command does on standard error (-v: its steps, -vv: details)
    ///
    /// -v logs the command's steps (info level), -vv also details (debug). RUST_LOG
    /// refines the level (e.g. RUST_LOG=senim_hub=debug). Logs never hold record
    /// content, aliases, answers, passcodes or keys.
    #[arg(
        short,
        long,
        global = true,
        action = clap::ArgAction::Count,
        help_heading = "Global options"
    )]
    pub verbose: u8,

    /// The language senim speaks: en, ru or kk (uz, ky and tg are shown in Russian)
    /// [default: SENIM_LANG, else the system's locale]
    ///
    /// Given before the command (`senim --lang ru records list`). Machine-readable
    /// output (--json) is not translated. The language of an interview or a form is the
    /// command's own --lang.
    #[arg(long, value_name = "LANG", help_heading = "Global options")]
    pub lang: Option<String>,
}
