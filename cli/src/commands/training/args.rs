//! The command line grammar of `senim training`. Parsing only: it imports nothing of
//! the CLI.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use senim_records::RecordId;

/// `senim training`: practice interviews with fictional personas.
#[derive(Debug, Args)]
pub struct TrainingArgs {
    #[command(subcommand)]
    pub command: TrainingCommand,
}

#[derive(Debug, Subcommand)]
pub enum TrainingCommand {
    /// List the training scenarios, with the level each one's answer key scores (no
    /// vault needed)
    List,
    /// Show a scenario's fictional persona and the script the trainer plays, question by
    /// question, with the answer key (no vault needed)
    Show {
        /// The scenario's id (see `senim training list`)
        id: String,
        /// Language of the script and the questions: en, ru, kk, uz, ky or tg (kk, uz,
        /// ky and tg fall back to Russian) [default: en]
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
        /// Leave the answer key out (for a trainee who plays the persona)
        #[arg(long)]
        no_key: bool,
    },
    /// Run a practice interview, anonymous, on the terminal (the trainer plays the
    /// persona) or from --answers, then compare it with the scenario's answer key
    Run(TrainingRunArgs),
    /// Compare a stored interview with a scenario's answer key
    Check {
        /// The scenario's id
        #[arg(long, value_name = "ID")]
        scenario: String,
        /// The interview's id
        #[arg(long, value_name = "ID")]
        interview: RecordId,
        /// Language of the explanations [default: the interview's]
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
    },
}

/// `senim training run`.
#[derive(Debug, Args)]
pub struct TrainingRunArgs {
    /// The scenario's id (see `senim training list`)
    #[arg(long, value_name = "ID")]
    pub scenario: String,
    /// Interview language: en, ru, kk, uz, ky or tg (explanations come in English, or in
    /// Russian for ru, kk, uz, ky and tg)
    #[arg(long, value_name = "LANG", default_value = "en")]
    pub lang: String,
    /// Answer from a JSON file instead of the terminal, as `senim interview run
    /// --answers` does: {"question_id": "yes", ...}
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// The consent the persona gives, comma-separated: screening, referral, sharing
    /// [default with --answers: screening]; asked on the terminal otherwise
    #[arg(long, value_name = "SCOPES", value_delimiter = ',')]
    pub consent: Vec<String>,
    /// Who runs the interview (the trainee's call sign)
    #[arg(long, value_name = "NAME", default_value = "trainee")]
    pub recorded_by: String,
}
