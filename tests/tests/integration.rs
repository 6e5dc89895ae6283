//! The end-to-end scenarios: every file of `tests/` is a module of this one test
//! binary, so the scenarios compile and link once and run side by side (ADR 0037). Run
//! one file's tests with `cargo test -p senim-tests --test integration FILE::`.

mod common;

mod audit;
mod canary;
mod cli_team;
mod crash;
mod demo_isolation;
mod enrolment;
mod hostile_input;
mod hub_continuity;
mod hub_guard;
mod hub_instances;
mod hub_load;
mod hub_move;
mod hub_rehome;
mod hub_tls;
mod integrity;
mod log_secrecy;
mod orders_in_force;
mod passcode;
mod pinning;
mod purge;
mod quarantine;
mod sync_concurrency;
mod sync_convergence;
mod sync_faults;
mod sync_membership;
mod sync_security;
mod tamper;
mod upgrade;
mod wipe;
