//! The encrypted vault: one SQLite database in a directory, holding sealed automerge
//! documents, a blind index and the audit log, all under keys derived from a master
//! key that is wrapped by the passcode (and optionally a device key store secret).
//!
//! Owns storage, the lock state and the key lifecycle. It must never write a record's
//! plaintext to disk, never keep a key after [`Vault::lock`], and never silently drop
//! or recreate data: every failure is a typed [`Error`]. It never talks to the network:
//! the hub client (`senim-client`) moves the envelopes it seals and checks.

mod apply;
#[cfg(test)]
mod apply_tests;
mod audit;
pub mod clock;
mod counting;
#[cfg(test)]
mod counting_tests;
mod doc;
#[cfg(test)]
mod doc_tests;
mod duress;
#[cfg(test)]
mod duress_tests;
mod envelope_store;
mod error;
mod files;
mod follower;
mod halt;
mod header;
mod header_file;
mod header_state;
mod history;
mod index;
#[cfg(test)]
mod index_tests;
mod interrupt;
pub mod kdf;
mod keystore;
mod lifecycle;
mod merged;
#[cfg(test)]
mod merged_tests;
mod mirror;
mod mirror_shape;
#[cfg(test)]
mod mirror_tests;
mod orders;
mod outbox;
mod pages;
mod passcode;
mod pending;
mod quarantine;
mod records;
#[cfg(test)]
mod records_tests;
mod repack;
mod rotate;
#[cfg(test)]
mod rotate_tests;
pub mod schema;
mod seen;
mod settings;
mod store;
mod summaries;
#[cfg(test)]
mod sync_tests;
mod team;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;
#[cfg(test)]
mod throttle_tests;
mod wipe;
#[cfg(test)]
mod wipe_tests;

// The unit tests run under an allocator that scans freed memory for key bytes.
#[cfg(test)]
#[global_allocator]
static ALLOCATOR: senim_test_alloc::ScanningAllocator = senim_test_alloc::ScanningAllocator;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use rusqlite::Connection;
use senim_crypto::{self as crypto, SecretKey};
use senim_records::Record;
use serde::Serialize;
use zeroize::ZeroizeOnDrop;

pub use audit::{AuditAction, AuditEntry, AuditReport};
pub use duress::{DECOY_FILE, DuressMode};
pub use envelope_store::VaultStore;
#[cfg(feature = "test-support")]
pub use halt::HALT_AT_ENV;
pub use header::{VAULT_FORMAT, unlock_delay};
pub use history::TeamHistory;
pub use keystore::{KeyStore, KeyStoreError, SoftwareKeyStore};
pub use merged::{ChangeAction, LEVELS, SubjectEntry, TeamFilter, TeamPage};
pub use orders::{OrdersApplied, PreparedPurge};
pub use outbox::Sealed;
pub use quarantine::{QuarantineReason, Quarantined};
pub use seen::DeviceSeen;
pub use team::{MembershipChange, TeamInfo};
pub use wipe::{DeviceSecret, KeyMaterial, WipeReport};
#[cfg(feature = "test-support")]
pub use wipe::{HALT_AFTER_KEY_WIPE_ENV, HALTED_AFTER_KEY_WIPE};

pub use error::{Error, Result};
pub use files::create_private_dir;
pub use interrupt::{InterruptHandle, InterruptScope};
pub use kdf::KdfParams;
pub use passcode::{
    MIN_PASSCODE_CHARS, MIN_PASSCODE_SCORE, PasscodeAdvice, PasscodeStrength, PasscodeWeakness,
    StrengthSuggestion, StrengthWarning, estimate as estimate_passcode,
};

use header::Header;

/// The database file inside a vault directory.
pub const DB_FILE: &str = "senim.db";
const CREATING_FILE: &str = "senim.db.creating";

/// What an unlock is doing to a vault made by an earlier build, which its first unlock
/// upgrades ([`Vault::unlock_with_progress`]; ADR 0033, step 4): the apps show it, since
/// on a large vault it takes a while, once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Upgrade {
    /// Encrypting every page of the database: the file is copied once, encrypted.
    EncryptingPages,
    /// Indexing the records for search: `done` of `total` read.
    Indexing { done: u64, total: u64 },
}

/// How the passcode KDF parameters are chosen when a vault is created.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KdfChoice {
    /// Calibrated on this machine to take about [`KdfParams::TARGET`].
    Calibrated,
    /// Given explicitly; must be at least [`KdfParams::OWASP_MINIMUM`].
    Fixed(KdfParams),
    /// Fast, weak parameters. Exists only in builds with the `test-support` feature.
    #[cfg(any(test, feature = "test-support"))]
    InsecureFastForTests,
}

impl KdfChoice {
    /// The environment variable a debug build reads in [`KdfChoice::for_new_vault`].
    pub const DEBUG_VAR: &'static str = "SENIM_DEBUG_KDF";

    /// How a new vault made by the apps or the CLI derives its key: calibrated on this
    /// device. Only a debug build (what the test suites run) given
    /// `SENIM_DEBUG_KDF=owasp-minimum` uses [`KdfParams::OWASP_MINIMUM`] instead, the
    /// fixed set demo vaults use, so hundreds of test unlocks do not each spend half a
    /// second in Argon2 (ADR 0037). Without it, or with any other value, it calibrates;
    /// a release build never reads it.
    pub fn for_new_vault() -> KdfChoice {
        #[cfg(debug_assertions)]
        if std::env::var(Self::DEBUG_VAR).as_deref() == Ok("owasp-minimum") {
            return KdfChoice::Fixed(KdfParams::OWASP_MINIMUM);
        }
        KdfChoice::Calibrated
    }
}

/// Options for [`Vault::create`].
#[derive(Clone)]
pub struct CreateOptions {
    pub kdf: KdfChoice,
    /// When set, the vault is bound to this key store's device secret.
    pub keystore: Option<Arc<dyn KeyStore>>,
    /// A demo vault: its vault, device and team ids carry the demo mark, for good (see
    /// `senim-demo`).
    pub demo: bool,
}

impl Default for CreateOptions {
    fn default() -> Self {
        CreateOptions {
            kdf: KdfChoice::Calibrated,
            keystore: None,
            demo: false,
        }
    }
}

impl CreateOptions {
    /// Fast KDF, no key store: for tests only.
    #[cfg(any(test, feature = "test-support"))]
    pub fn insecure_fast_for_tests() -> Self {
        CreateOptions {
            kdf: KdfChoice::InsecureFastForTests,
            keystore: None,
            demo: false,
        }
    }
}

/// Keys derived from the master key. Zeroized when dropped, which is what locking does.
#[derive(ZeroizeOnDrop)]
struct Keys {
    /// The key of the purged-record tags, read at first use: the index key, or the one
    /// a master key rotation kept (see `rotate`). A `SecretKey` zeroizes itself.
    #[zeroize(skip)]
    purge: LateKey,
    master: SecretKey,
    record: SecretKey,
    index: SecretKey,
    audit_seal: SecretKey,
    audit_mac: SecretKey,
    /// Seals device and team secrets (table `secrets`).
    local: SecretKey,
}

impl Keys {
    fn derive(master: SecretKey) -> Box<Keys> {
        Box::new(Keys {
            purge: LateKey::default(),
            record: master.derive(b"senim/v1/record-key"),
            index: master.derive(b"senim/v1/index-key"),
            audit_seal: master.derive(b"senim/v1/audit-key"),
            audit_mac: master.derive(b"senim/v1/audit-mac-key"),
            local: master.derive(b"senim/v1/local-secrets-key"),
            master,
        })
    }
}

/// A key read at first use (the purged-record tags' key, `Keys::purge`). Its storage
/// is initialised from the start, zeros until it is set: an unset `OnceLock` leaves its
/// slot uninitialised, and `Box::new` fills that slot with whatever the stack held
/// before (the unlock's key derivations left the master key there), bytes no zeroize
/// reaches when the keys are dropped at lock.
struct LateKey(std::sync::Mutex<(bool, SecretKey)>);

impl Default for LateKey {
    fn default() -> Self {
        LateKey(std::sync::Mutex::new((
            false,
            SecretKey::from_bytes([0; crypto::KEY_LEN]),
        )))
    }
}

impl LateKey {
    fn slot(&self) -> std::sync::MutexGuard<'_, (bool, SecretKey)> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The key, when it was set.
    fn get(&self) -> Option<SecretKey> {
        let slot = self.slot();
        slot.0.then(|| slot.1.clone())
    }

    /// Sets the key (the one it replaces zeroizes itself).
    fn set(&self, key: SecretKey) {
        *self.slot() = (true, key);
    }
}

/// What a passcode change did besides replacing the passcode and the master key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PasscodeChange {
    /// The key derivation's new parameters when this device had become fast enough to
    /// raise them (ADR 0002). A duress passcode set before then no longer works: the
    /// user sets it again.
    pub kdf_raised: Option<KdfParams>,
}

/// What `senim vault info` shows: counts and parameters, never a secret.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VaultInfo {
    pub vault_id: String,
    pub device_id: String,
    pub format: u32,
    /// The database's schema version; only while unlocked (`None` otherwise): the
    /// schema is inside the encrypted pages.
    pub schema_version: Option<u32>,
    pub kdf: KdfParams,
    pub uses_keystore: bool,
    /// A demo vault (synthetic data only).
    pub demo: bool,
    pub failed_attempts: u32,
    pub unlocked: bool,
    /// Rows per kind, soft-deleted ones included (the deleted state is sealed). Only
    /// while unlocked (`None` otherwise): whoever holds a locked phone learns nothing of
    /// what it holds from it, and cannot compare it with what a duress unlock shows.
    pub records: Option<BTreeMap<String, u64>>,
    /// Entries in the audit log; only while unlocked, as `records`.
    pub audit_entries: Option<u64>,
}

/// An encrypted vault. Opened locked; [`Vault::unlock`] derives the keys,
/// [`Vault::lock`] zeroizes them.
pub struct Vault {
    dir: PathBuf,
    conn: Connection,
    header: Header,
    keystore: Option<Arc<dyn KeyStore>>,
    keys: Option<Box<Keys>>,
    /// Set by [`Vault::wipe`]: the vault is gone; unlocking, `info` and every call that
    /// needs the keys fail with `NoVault`.
    wiped: bool,
    /// The directory's other database (ADR 0016): the decoy while `conn` is the real
    /// one, the real one after a duress unlock made the decoy active. `None` when the
    /// vault was opened read-only or its decoy cannot be opened.
    spare: Option<Connection>,
    /// The decoy's keys while the vault is unlocked with the real passcode: every
    /// write to the real database is followed by one like it to the decoy
    /// (`mirror.rs`). Zeroized when dropped, at [`Vault::lock`].
    decoy_keys: Option<Box<Keys>>,
    /// The thread that writes the decoy while the vault follows it (`follower.rs`,
    /// ADR 0050): it holds what `spare` and `decoy_keys` held until it is settled.
    follower: Option<follower::Follower>,
    /// What the open transaction applying a sync envelope wrote, for the decoy to
    /// follow once it commits (`mirror.rs`).
    applied: std::cell::RefCell<Vec<mirror_shape::Applied>>,
    /// The decoy note the last edit the decoy followed went to, and how many changes
    /// its chain held after it (`mirror.rs`): the next edit of one real record goes on
    /// the same note. In memory only, for the writer that made it.
    decoy_edited: std::cell::Cell<Option<(i64, u32)>>,
    /// Set by a duress unlock: `conn`, `header` and `keys` are the decoy's until
    /// [`Vault::lock`].
    in_decoy: bool,
    /// What [`InterruptHandle::interrupt`] bumps and stops; long work checks it.
    interrupts: Arc<interrupt::Interrupts>,
}

impl Vault {
    // ---- secrets ------------------------------------------------------------------

    // ---- records ------------------------------------------------------------------
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("vault_id", &self.vault_id())
            .field("unlocked", &self.is_unlocked())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
