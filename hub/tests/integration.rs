//! The hub through its HTTP API, storages and processes: every file of `tests/` is a
//! module of this one test binary, so the scenarios compile and link once and run side
//! by side (ADR 0037). Run one file's tests with `cargo test -p senim-hub --test
//! integration FILE::`.

mod common;

mod api;
mod connections;
mod failures;
mod instances;
mod metrics;
mod orders;
mod server;
mod storage_conformance;
mod storage_conformance_postgres;
mod sync;
