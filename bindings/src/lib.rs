//! Senim's mobile API: a thin uniffi facade over the core's crates (`senim-vault`,
//! `senim-content`, `senim-client`, `senim-demo`, `senim-report` and those below them),
//! split by area, for the Android (Kotlin) and iOS (Swift) shells and the desktop app. It
//! does not link `senim-handoff` (`age`), which is the `senim` command's.
//!
//! Owns the translation between core types and what crosses the boundary: records as
//! plain records, kinds and levels as enums, long work (the passcode KDF, sync) as
//! `async` (Kotlin `suspend`, Swift `async`), platform services as foreign traits
//! ([`KeyStore`], [`SyncTransport`]). It holds no logic of its own: every rule lives in
//! the core. Errors cross as [`SenimError`], a sealed hierarchy whose variants carry
//! the fields the app needs (failed attempts, seconds to wait, the hub's status and
//! code, the field to correct), never personal data; a panic is caught by uniffi and
//! never unwinds into the app.
//!
//! - [`error`]: the error hierarchy and its conversions from the core crates' errors.
//! - [`keystore`]: the device-bound secret from the Android Keystore or iOS Keychain.
//! - [`vault`]: creating, opening, unlocking and locking a vault.
//! - [`passcode`]: the strength of a passcode being chosen, and why one is refused;
//!   passcodes cross as [`Passcode`], lifted into memory that is wiped after use.
//! - [`records`]: notes and records: add, edit, list, search, history, conflicts.
//! - [`interview`], [`assessment`], [`services`]: screening interviews (consent first,
//!   one question at a time), their explained assessment, recommended services and
//!   referrals.
//! - [`team`] and [`sync`]: enrolment codes, membership, and sync through the app's
//!   HTTP stack ([`SyncTransport`]).
//! - [`lead`]: a lead's work: members and when they were last heard from, quarantined
//!   envelopes, the team's policy, a subject's erasure, and the anonymised report.
//! - [`demo`]: demo vaults for trainers (synthetic cases, the permanent demo mark,
//!   reset).
//! - [`l10n`]: the worker's words in the app's language, from the core's one catalog
//!   ([`Localizer`]; en, ru, kk, with uz, ky and tg shown in Russian).
//! - [`wipe`]: the panic wipe, of an open vault or of a directory whose vault does not
//!   open.

uniffi::setup_scaffolding!();

pub mod assessment;
pub mod consent;
pub mod demo;
pub mod error;
pub mod interview;
pub mod keystore;
pub mod l10n;
pub mod lead;
pub mod passcode;
pub mod records;
pub mod services;
pub mod sync;
pub mod team;
pub mod team_records;
pub mod training;
pub mod vault;
pub mod wipe;

mod work;

pub use error::{ContentProblem, SenimError};
pub use keystore::KeyStore;
pub use l10n::{LocalizationError, Localizer};
pub use senim_ffi_passcode::Passcode;
pub use sync::SyncTransport;
pub use vault::SenimVault;

/// Every block this library frees is zeroed first (ADR 0051): a record's text, a
/// passcode or a key left in a block the code did not wipe itself (a document's
/// structures, a buffer grown by copying) is gone when the block goes back to the
/// system. The library's own unit tests scan freed blocks instead (`senim-test-alloc`).
#[cfg(not(test))]
#[global_allocator]
static FREED_ZEROED: zeroizing_alloc::ZeroAlloc<std::alloc::System> =
    zeroizing_alloc::ZeroAlloc(std::alloc::System);

/// The version of the core this library was built from.
#[uniffi::export]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

#[cfg(test)]
mod clock_tests;
#[cfg(test)]
mod hub_tests;
#[cfg(test)]
mod lead_tests;
#[cfg(test)]
mod passcode_lift_tests;
#[cfg(test)]
mod passcode_tests;
#[cfg(test)]
mod team_records_tests;
#[cfg(test)]
mod team_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod training_tests;
