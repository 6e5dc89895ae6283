//! Senim core: the encrypted vault, its records and (in later modules) screening and
//! sync for outreach workers who screen migrants for trafficking and forced labour.
//!
//! Plain Rust: no FFI types, no network I/O, no async runtime. Everything a shell
//! (the `senim` CLI, the Android and iOS apps) needs goes through [`Vault`].
//!
//! The invariants this crate owns are listed in `docs/` and each has a test: no
//! sensitive plaintext in any file it writes, a typed error (never a panic) for bad
//! input, and committed writes that survive a crash.

pub mod content;
pub mod crypto;
pub mod demo;
mod error;
pub mod forms;
#[cfg(feature = "handoff")]
pub mod handoff;
pub mod records;
pub mod report;
pub mod screening;
pub mod sync;
pub mod team;
pub mod vault;

#[cfg(test)]
mod test_alloc;
#[cfg(test)]
#[global_allocator]
static ALLOCATOR: test_alloc::ScanningAllocator = test_alloc::ScanningAllocator;

pub use crypto::kdf::KdfParams;
pub use error::{Error, Result};
pub use records::{
    AgeBand, Answer, AssessmentSummary, CoarseLocation, ConflictValue, Consent, ConsentScope,
    ConsentState, ContactPreference, FieldConflict, Gender, HistoryEntry, Interview,
    InterviewStatus, OutreachNote, PageRequest, Record, RecordBody, RecordFilter, RecordId,
    RecordKind, RecordPage, Referral, ReferralStatus, Subject, YesNo,
};
pub use vault::{
    AuditAction, AuditEntry, AuditReport, CreateOptions, DeviceSecret, DuressMode, KdfChoice,
    KeyMaterial, KeyStore, KeyStoreError, OrdersApplied, PreparedPurge, SoftwareKeyStore, Vault,
    VaultInfo, WipeReport,
};
