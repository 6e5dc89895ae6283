//! The `senim` binary driven end to end: every file of `tests/` is a module of this one
//! test binary, so the scenarios compile and link once and run side by side (ADR 0037).
//! Run one file's tests with `cargo test -p senim-cli --test integration FILE::`.

mod common;

mod cli;
mod demo;
mod duress;
mod erasure;
mod handoff;
mod input_bounds;
mod lang;
mod passcode_clock;
mod passcode_strength;
mod pinning;
mod qr;
mod report;
mod screening;
mod training;
mod wipe;
