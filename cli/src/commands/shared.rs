//! Argument types that more than one command takes: an interview's form, language,
//! subject, answers file and consent (`senim interview run`, and `senim training run`,
//! which builds one for its practice interview).
//!
//! Owns parsing these arguments only. It imports nothing of the CLI, so any command
//! module may use it without depending on another.

use std::path::PathBuf;

use clap::Args;
use senim_records::RecordId;

/// Which form and rule set an interview uses.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The form's id (see `senim forms list`)
    #[arg(long, value_name = "ID")]
    pub form: String,
    /// A form version other than the newest
    #[arg(long, value_name = "VERSION")]
    pub form_version: Option<String>,
    /// Interview language: en, ru, kk, uz (Latin), uz-Cyrl (Cyrillic), ky or tg (as the
    /// form allows)
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
