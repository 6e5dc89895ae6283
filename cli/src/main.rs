//! `senim`: the desktop shell over the core's crates (`senim-vault`, `senim-content`,
//! `senim-client`, `senim-demo`, `senim-report`, `senim-handoff` and those below them)
//! for trainers and team leads.
//!
//! Owns only the entry point: parse the command line, start logging, run the command,
//! turn the outcome into an exit code. It logs the command's name (never its arguments)
//! and how long it took.
//!
//! Modules, and which way their imports point (`a → b`: `a` uses `b`). Every arrow
//! points down this list and none back up, so there is no cycle:
//!
//! ```text
//! main ─→ cli, exit, logging, words
//! cli ─→ global, commands::{audit, demo, forms, handoff, hub, interview, note,
//!                           records, report, services, team, training, vault}
//! commands::services, commands::training ─→ commands::interview (the one interview code)
//! commands::interview, commands::training ─→ commands::shared (RunArgs)
//! commands::* ─→ global, session, library, output, passcode, input
//! session ─→ global, passcode
//! library ─→ global
//! exit ─→ output, refusal, words
//! commands::interview ─→ refusal
//! refusal ─→ output, words
//! cli, output, passcode, session, commands::* ─→ words
//! global, logging, input, words, commands::shared ─→ nothing of the CLI
//! ```
//!
//! - `cli`: the root parser. `Cli` and its `Command` enum compose the argument types of
//!   the command modules, and `Cli::run` hands each command to its module's `run`.
//! - `commands::*`: one module per command group, each owning its clap arguments, its
//!   code and its printing; `commands::shared` holds argument types two commands take.
//! - `global`: the options every command accepts (`--vault`, `--keystore`, `--json`,
//!   `--content`, `--verbose`); `logging`: the `tracing` subscriber they and `RUST_LOG`
//!   set up (standard error only).
//! - `session`: the vault's unlock/lock lifecycle; `passcode`: where passcodes come
//!   from; `library`: the bundled content plus `--content`; `output`: printing on
//!   standard output; `exit`: error messages and exit codes; `refusal`: the core's
//!   typed refusals (an answer that does not fit, a hub's refusal) in the worker's
//!   words; `input`: bounded reads of
//!   standard input and of the files a command is given; `words`: the language it
//!   speaks (`--lang`, `SENIM_LANG`, the system's locale) and its words, from the core's
//!   catalog (`senim-l10n`).
//! - The HTTP transport to the hub is the library half of this package
//!   (`senim_cli::hub_client`), which the end-to-end tests reuse.

mod cli;
mod commands;
mod exit;
mod global;
mod input;
mod library;
mod logging;
mod output;
mod passcode;
mod refusal;
mod session;
mod words;

use std::process::ExitCode;
use std::time::Instant;

/// Every block the command frees is zeroed first (ADR 0051), as the app's library's
/// are: what the code did not wipe itself (a document's structures, a record's text
/// in a buffer grown by copying) is gone when the block goes back to the system.
#[global_allocator]
static FREED_ZEROED: zeroizing_alloc::ZeroAlloc<std::alloc::System> =
    zeroizing_alloc::ZeroAlloc(std::alloc::System);

fn main() -> ExitCode {
    // The language first, so that the help and every message are in it.
    let args: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let commands = cli::Cli::command_names();
    let commands: Vec<&str> = commands.iter().map(String::as_str).collect();
    let flag = words::flag(&args, &commands);
    match words::choose(flag.as_deref(), |name| std::env::var(name).ok()) {
        Ok(locale) => words::init(locale),
        Err(unknown) => return exit::unknown_language(&unknown),
    }
    let (cli, command) = match cli::Cli::parse_named() {
        Ok(parsed) => parsed,
        Err(e) => return exit::usage(e),
    };
    logging::init(cli.global.verbose);
    tracing::info!(command = %command, "running");
    let started = Instant::now();
    let outcome = cli.run();
    let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    match outcome {
        Ok(()) => {
            tracing::debug!(command = %command, elapsed_ms, "done");
            ExitCode::SUCCESS
        }
        Err(e) => exit::report(&e),
    }
}
