//! The commands of `senim`, one module per command group. Each module owns its clap
//! arguments (its `#[derive(Args)]`/`#[derive(Subcommand)]` types), the code that runs
//! them and what they print; `crate::cli` composes the modules' argument types into the
//! command line and hands each parsed command to its module's `run`.
//!
//! A command module may use the shared parts below it (`global`, `session`, `library`,
//! `output`, `passcode`, `shared`) and, for one interview shared by three commands,
//! `interview`. It never uses `crate::cli` or a command that uses it. Commands never
//! print errors themselves: they return them to `main`, which prints one line and
//! chooses the exit code.

pub mod audit;
pub mod demo;
pub mod forms;
pub mod handoff;
pub mod hub;
pub mod interview;
pub mod note;
pub mod records;
pub mod report;
pub mod services;
pub mod shared;
pub mod team;
pub mod training;
pub mod vault;
