//! `senim`: the desktop shell over the core's crates (`senim-vault`, `senim-content`,
//! `senim-client`, `senim-demo`, `senim-report`, `senim-handoff` and those below them)
//! for trainers and team leads.
//!
//! Owns only the entry point: parse the command line, run the command, turn the outcome
//! into an exit code. Commands live in `commands/`, printing in `output.rs`, passcodes in
//! `passcode.rs`, the vault's unlock/lock lifecycle in `session.rs`.

mod args;
mod commands;
mod exit;
mod output;
mod passcode;
mod session;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return exit::usage(e),
    };
    match commands::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => exit::report(&e),
    }
}
