//! The encrypted vault: one SQLite database in a directory, holding sealed automerge
//! documents, a blind index and the audit log, all under keys derived from a master
//! key that is wrapped by the passcode (and optionally a device key store secret).
//!
//! Owns storage, the lock state and the key lifecycle. It must never write a record's
//! plaintext to disk, never keep a key after [`Vault::lock`], and never silently drop
//! or recreate data: every failure is a typed [`Error`]. It never talks to the network:
//! the hub client (`senim-client`) moves the envelopes it seals and checks.

mod audit;
mod doc;
#[cfg(test)]
mod doc_tests;
mod duress;
#[cfg(test)]
mod duress_tests;
mod error;
mod header;
mod index;
pub mod kdf;
mod keystore;
mod orders;
pub mod schema;
mod store;
mod sync;
#[cfg(test)]
mod sync_tests;
mod wipe;
#[cfg(test)]
mod wipe_tests;

#[cfg(test)]
mod test_alloc;
#[cfg(test)]
#[global_allocator]
static ALLOCATOR: test_alloc::ScanningAllocator = test_alloc::ScanningAllocator;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use senim_crypto::{self as crypto, SecretKey};
use senim_records::{
    HistoryEntry, PageRequest, RECORD_FORMAT, Record, RecordBody, RecordFilter, RecordId,
    RecordKind, RecordPage, hex,
};
use serde::Serialize;
use zeroize::{Zeroize, ZeroizeOnDrop};

pub use audit::{AuditAction, AuditEntry, AuditReport};
pub use duress::{DECOY_FILE, DuressMode};
pub use header::{VAULT_FORMAT, unlock_delay};
pub use keystore::{KeyStore, KeyStoreError, SoftwareKeyStore};
pub use orders::{OrdersApplied, PreparedPurge};
pub use sync::{MembershipChange, Sealed, TeamInfo, VaultStore};
pub use wipe::{DeviceSecret, KeyMaterial, WipeReport};
#[cfg(feature = "test-support")]
pub use wipe::{HALT_AFTER_KEY_WIPE_ENV, HALTED_AFTER_KEY_WIPE};

pub use error::{Error, Result};
pub use kdf::KdfParams;

use crate::doc::RecordDoc;
use crate::kdf::SALT_LEN;
use audit::AuditKeys;
use duress::Slot;
use header::Header;

/// The database file inside a vault directory.
pub const DB_FILE: &str = "senim.db";
const CREATING_FILE: &str = "senim.db.creating";

/// Shortest passcode accepted.
pub const MIN_PASSCODE_CHARS: usize = 6;

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
            record: master.derive(b"senim/v1/record-key"),
            index: master.derive(b"senim/v1/index-key"),
            audit_seal: master.derive(b"senim/v1/audit-key"),
            audit_mac: master.derive(b"senim/v1/audit-mac-key"),
            local: master.derive(b"senim/v1/local-secrets-key"),
            master,
        })
    }
}

/// Refuses a setting name the vault uses for its own secrets.
fn check_setting_name(name: &str) -> Result<()> {
    let reserved = [
        sync::DEVICE_SECRET,
        sync::MEMBERSHIP,
        sync::HUB,
        orders::ORDERS_APPLIED,
        orders::POLICY,
        orders::RETENTION_CHECKED,
        duress::MODE_SECRET,
    ];
    if name.is_empty() || reserved.contains(&name) || name.starts_with("epoch:") {
        return Err(Error::invalid(
            "setting name",
            "the vault keeps this name for its own secrets",
        ));
    }
    Ok(())
}

/// Notes that a record has changes not yet put into a sync envelope.
fn mark_unsent(conn: &Connection, id: &RecordId) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO outbox (record) VALUES (?1)")?
        .execute(params![id.as_bytes().to_vec()])?;
    Ok(())
}

/// What `senim vault info` shows: counts and parameters, never a secret.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VaultInfo {
    pub vault_id: String,
    pub device_id: String,
    pub format: u32,
    pub schema_version: u32,
    pub kdf: KdfParams,
    pub uses_keystore: bool,
    /// A demo vault (synthetic data only).
    pub demo: bool,
    pub failed_attempts: u32,
    pub unlocked: bool,
    /// Rows per kind, soft-deleted ones included (the deleted state is sealed).
    pub records: BTreeMap<String, u64>,
    pub audit_entries: u64,
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
    /// Set by a duress unlock: `conn`, `header` and `keys` are the decoy's until
    /// [`Vault::lock`].
    in_decoy: bool,
}

/// What a scan hands the listing: a whole row, or the sequence number of a candidate
/// found through the filters.
enum Candidate {
    Row(RawRow),
    Seq(i64),
}

/// A `records` row as stored (`seq, id, kind, format, doc`), read without assuming
/// the column types, since the file may have been edited.
struct RawRow {
    seq: i64,
    id: rusqlite::types::Value,
    kind: rusqlite::types::Value,
    format: rusqlite::types::Value,
    doc: rusqlite::types::Value,
}

impl RawRow {
    fn from_sql(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
        Ok(RawRow {
            seq: r.get(0)?,
            id: r.get(1)?,
            kind: r.get(2)?,
            format: r.get(3)?,
            doc: r.get(4)?,
        })
    }

    fn id(&self) -> Result<RecordId> {
        match &self.id {
            rusqlite::types::Value::Blob(b) => b
                .as_slice()
                .try_into()
                .map(RecordId)
                .map_err(|_| Error::CorruptDatabase("a record id has the wrong length".into())),
            _ => Err(Error::CorruptDatabase("a record id is not a blob".into())),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    Create,
    ReadWrite,
    ReadOnly,
}

fn connect(path: &Path, access: Access) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_NO_MUTEX
        | match access {
            Access::Create => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            Access::ReadWrite => OpenFlags::SQLITE_OPEN_READ_WRITE,
            Access::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY,
        };
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    if access == Access::ReadOnly {
        return Ok(conn);
    }
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Storage(
            "the database refused write-ahead logging".into(),
        ));
    }
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA secure_delete = ON;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;",
    )?;
    Ok(conn)
}

fn check_passcode(passcode: &[u8]) -> Result<()> {
    let chars = std::str::from_utf8(passcode)
        .map_err(|_| Error::invalid("passcode", "must be valid UTF-8 text"))?
        .chars()
        .count();
    if chars < MIN_PASSCODE_CHARS {
        return Err(Error::invalid(
            "passcode",
            format!("must be at least {MIN_PASSCODE_CHARS} characters"),
        ));
    }
    if passcode.len() > 1024 {
        return Err(Error::invalid("passcode", "must be at most 1024 bytes"));
    }
    Ok(())
}

/// Creates `dir` (and parents) readable by its owner only (0700 on Unix). An existing
/// directory is left as it is. Used for vaults, key stores and opened handoff files.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Creates an empty file readable by its owner only; SQLite gives its WAL and shared
/// memory files the same permissions.
fn create_private_file(path: &Path) -> Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)?;
    Ok(())
}

fn remove_db_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

impl Vault {
    /// Creates a new vault in `dir` (created if missing) and returns it unlocked.
    /// Refuses to touch an existing vault.
    pub fn create(dir: impl AsRef<Path>, passcode: &[u8], options: CreateOptions) -> Result<Vault> {
        let dir = dir.as_ref();
        check_passcode(passcode)?;
        create_private_dir(dir)?;
        let db = dir.join(DB_FILE);
        if db.exists() {
            return Err(Error::VaultExists);
        }
        let params = match options.kdf {
            KdfChoice::Calibrated => KdfParams::calibrate(KdfParams::TARGET)?,
            KdfChoice::Fixed(p) => {
                p.check()?;
                p
            }
            #[cfg(any(test, feature = "test-support"))]
            KdfChoice::InsecureFastForTests => KdfParams::INSECURE_FAST_FOR_TESTS,
        };
        let mut header = Header {
            format: VAULT_FORMAT,
            vault_id: senim_protocol::team::random_id(options.demo)?,
            device_id: senim_protocol::team::random_id(options.demo)?,
            kdf: params,
            salt: crypto::random_array::<SALT_LEN>()?,
            uses_keystore: options.keystore.is_some(),
            wrapped_master: Vec::new(),
            failed_attempts: 0,
            last_failure_at: None,
        };
        let master = SecretKey::random()?;
        let device_secret = match &options.keystore {
            Some(ks) => Some(ks.create_secret(&header.keystore_label())?),
            None => None,
        };
        let kek = kdf::derive_kek(passcode, &header.salt, &header.kdf)?;
        let wrapping = header.wrapping_key(&kek, device_secret.as_deref().map(|s| &s[..]));
        header.wrapped_master = crypto::seal(&wrapping, &header.master_aad(), master.expose())?;

        // Build the database under a temporary name and rename it into place, so a
        // crash during creation never leaves a half-made vault behind.
        let tmp = dir.join(CREATING_FILE);
        remove_db_files(&tmp);
        create_private_file(&tmp)?;
        {
            let mut conn = connect(&tmp, Access::Create)?;
            schema::migrate(&mut conn)?;
            header.insert(&conn)?;
            conn.close().map_err(|(_, e)| Error::from(e))?;
        }
        std::fs::rename(&tmp, &db)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        // Every vault has a decoy, with or without a duress passcode (ADR 0016).
        duress::build(dir, &header, None, DuressMode::Hide)?;

        let mut vault = Vault::open(dir, options.keystore)?;
        vault.keys = Some(Keys::derive(master));
        vault.audit(AuditEntry::new(AuditAction::Unlock).detail("vault created"))?;
        Ok(vault)
    }

    /// Opens the vault in `dir`, locked. Migrates an older schema; never creates one.
    pub fn open(dir: impl AsRef<Path>, keystore: Option<Arc<dyn KeyStore>>) -> Result<Vault> {
        Self::open_with(dir.as_ref(), keystore, Access::ReadWrite)
    }

    fn open_with(dir: &Path, keystore: Option<Arc<dyn KeyStore>>, access: Access) -> Result<Vault> {
        let db = dir.join(DB_FILE);
        if !db.is_file() {
            return Err(Error::NoVault);
        }
        let mut conn = connect(&db, access)?;
        let version = schema::version(&conn)?;
        if version == 0 {
            return Err(Error::CorruptDatabase(
                "the database has no vault schema".into(),
            ));
        }
        if access == Access::ReadOnly {
            if version > schema::LATEST {
                return Err(Error::UnsupportedFormat {
                    found: version,
                    supported: schema::LATEST,
                });
            }
        } else {
            schema::migrate(&mut conn)?;
        }
        let header = Header::read(&conn)?;
        let spare = match access {
            Access::ReadOnly => None,
            _ => duress::open_or_build(dir, &header)?,
        };
        Ok(Vault {
            dir: dir.to_path_buf(),
            conn,
            header,
            keystore,
            keys: None,
            wiped: false,
            spare,
            in_decoy: false,
        })
    }

    /// Read-only facts about a vault without unlocking it (and without writing to it).
    pub fn inspect(dir: impl AsRef<Path>) -> Result<VaultInfo> {
        Vault::open_with(dir.as_ref(), None, Access::ReadOnly)?.info()
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key store this vault was opened with, if any.
    pub fn keystore(&self) -> Option<Arc<dyn KeyStore>> {
        self.keystore.clone()
    }

    /// Makes this object inert after its files were wiped by another path
    /// ([`Vault::wipe_at`] while this object was in use): keys zeroized, connections
    /// closed, every later call [`Error::NoVault`]. Touches no file, so it cannot harm
    /// a new vault created in the same directory since.
    pub fn make_inert(&mut self) {
        self.keys = None;
        self.leave_decoy();
        self.wiped = true;
        self.header.wrapped_master.zeroize();
        self.header.salt.zeroize();
        if let Some(decoy) = self.spare.take() {
            let _ = decoy.close();
        }
        if let Ok(inert) = Connection::open_in_memory() {
            let conn = std::mem::replace(&mut self.conn, inert);
            let _ = conn.close();
        }
    }

    pub fn vault_id(&self) -> String {
        hex(&self.header.vault_id)
    }

    pub fn device_id(&self) -> String {
        hex(&self.header.device_id)
    }

    /// Whether this is a demo vault. Read from the header's ids, which are bound into
    /// the wrapping of the master key: the mark cannot be removed without making the
    /// vault unopenable.
    pub fn is_demo(&self) -> bool {
        senim_protocol::team::is_demo_id(&self.header.vault_id)
    }

    pub fn is_unlocked(&self) -> bool {
        self.keys.is_some()
    }

    fn keys(&self) -> Result<&Keys> {
        if self.wiped {
            return Err(Error::NoVault);
        }
        self.keys.as_deref().ok_or(Error::Locked)
    }

    fn device_secret(&self, header: &Header) -> Result<zeroize::Zeroizing<Vec<u8>>> {
        let ks = self.keystore.as_ref().ok_or(Error::KeyStoreRequired)?;
        ks.secret(&header.keystore_label())?
            .ok_or(Error::DeviceSecretMissing)
    }

    /// Checks the passcode against the real header, counting the attempt there before
    /// the KDF runs so that killing the process cannot skip the count. Runs the KDF once
    /// and always tries both key slots, the real header's and the decoy's (ADR 0016), so
    /// the work does not depend on which one opens. Returns the master key of the slot
    /// that opened (the real one first), the number of failures before this attempt, and
    /// which slot it was.
    fn verify_passcode(&mut self, passcode: &[u8]) -> Result<(SecretKey, u32, Slot)> {
        if self.wiped {
            return Err(Error::NoVault);
        }
        let header = Header::read(self.real_conn())?;
        let now = Utc::now().timestamp();
        if header.failed_attempts > 0 {
            let delay = unlock_delay(header.failed_attempts).as_secs() as i64;
            // Saturating: the time is read from the file and may be anything.
            let elapsed = now.saturating_sub(header.last_failure_at.unwrap_or(now));
            // A clock set backwards does not shorten the wait.
            if elapsed < 0 || elapsed < delay {
                let wait = if elapsed < 0 { delay } else { delay - elapsed };
                return Err(Error::TooManyAttempts {
                    retry_after: std::time::Duration::from_secs(wait.max(1) as u64),
                });
            }
        }
        let device_secret = match header.uses_keystore {
            true => Some(self.device_secret(&header)?),
            false => None,
        };
        let failures = header.failed_attempts.saturating_add(1);
        Header::record_failure_attempt(self.real_conn(), failures, now)?;
        let decoy_slot = self.decoy_conn().and_then(|c| duress::slot(c, &header));
        let kek = kdf::derive_kek(passcode, &header.salt, &header.kdf)?;
        let wrapping = header.wrapping_key(&kek, device_secret.as_deref().map(|s| &s[..]));
        let aad = header.master_aad();
        // Both slots, every time; without a usable decoy, the same work on a slot that
        // cannot open.
        let real = crypto::open(&wrapping, &aad, &header.wrapped_master);
        let decoy = match &decoy_slot {
            Some(wrapped) => crypto::open(&wrapping, &aad, wrapped),
            None => crypto::open(&wrapping, b"senim/v1/no-decoy", &header.wrapped_master)
                .and(Err(crypto::Unauthentic)),
        };
        let (master, slot) = match (real, decoy) {
            (Ok(m), _) => (m, Slot::Real),
            (Err(_), Ok(m)) => (m, Slot::Decoy),
            (Err(_), Err(_)) => return Err(Error::WrongPasscode { failures }),
        };
        let master = SecretKey::from_slice(&master)?;
        if slot == Slot::Real && !self.in_decoy {
            self.header = header;
        }
        Ok((master, failures - 1, slot))
    }

    /// Unlocks with the passcode. Wrong passcode: [`Error::WrongPasscode`], counted in the
    /// header; after repeated failures [`Error::TooManyAttempts`] until the delay passes.
    ///
    /// A duress passcode (see [`Vault::set_duress`]) opens the decoy instead, looking
    /// the same to the caller: the vault then shows only the decoy's harmless notes
    /// until it is locked, and in "destroy" mode the real key material is gone.
    pub fn unlock(&mut self, passcode: &[u8]) -> Result<()> {
        if self.in_decoy {
            self.keys = None;
            self.leave_decoy();
        }
        self.wipe_if_idle(Utc::now().timestamp())?;
        let (master, earlier_failures, slot) = match self.verify_passcode(passcode) {
            Err(Error::WrongPasscode { failures }) => {
                self.wipe_if_too_many_failures(failures)?;
                return Err(Error::WrongPasscode { failures });
            }
            other => other?,
        };
        if slot == Slot::Decoy {
            return self.enter_decoy(master);
        }
        let keys = Keys::derive(master);
        let tx = self.conn.unchecked_transaction()?;
        Header::clear_failures(&tx)?;
        let audit_keys = AuditKeys {
            seal: &keys.audit_seal,
            mac: &keys.audit_mac,
            vault_id: &self.header.vault_id,
        };
        if earlier_failures > 0 {
            let e = AuditEntry::new(AuditAction::FailedUnlock)
                .detail(format!("{earlier_failures} failed attempt(s)"));
            audit::append(&tx, &audit_keys, e)?;
        }
        audit::append(&tx, &audit_keys, AuditEntry::new(AuditAction::Unlock))?;
        tx.commit()?;
        // Every successful unlock writes once to each file, as a duress unlock does
        // (ADR 0016): the same work, and both files change, whichever slot opened.
        // A decoy that cannot be written never stops the real vault opening.
        if let Some(decoy) = &self.spare {
            let _ = Header::clear_failures(decoy);
        }
        self.header.failed_attempts = 0;
        self.header.last_failure_at = None;
        self.keys = Some(keys);
        Ok(())
    }

    /// The team policy's automatic wipes as the real header holds them (read without
    /// a key): the failures allowed, the days allowed without sync, the last sync.
    fn wipe_settings(&self) -> Result<(Option<u32>, Option<u32>, Option<i64>)> {
        if self.wiped {
            return Err(Error::NoVault);
        }
        Ok(self.real_conn().query_row(
            "SELECT wipe_after_failures, wipe_after_idle_days, last_sync_at FROM header WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?)
    }

    /// Wipes the vault when the team's policy allows fewer failed unlocks than
    /// `failures`: [`Error::WipedByPolicy`] once it is gone.
    fn wipe_if_too_many_failures(&mut self, failures: u32) -> Result<()> {
        match self.wipe_settings()? {
            (Some(limit), _, _) if failures >= limit => {
                self.wipe()?;
                Err(Error::WipedByPolicy("too many failed unlocks"))
            }
            _ => Ok(()),
        }
    }

    /// Wipes the vault when it last synced longer ago than the team's policy allows
    /// (a device lost and never returned). A clock set back never wipes.
    fn wipe_if_idle(&mut self, now: i64) -> Result<()> {
        match self.wipe_settings()? {
            (_, Some(days), Some(last)) if now.saturating_sub(last) > i64::from(days) * 86_400 => {
                self.wipe()?;
                Err(Error::WipedByPolicy(
                    "no successful sync within the days the team allows",
                ))
            }
            _ => Ok(()),
        }
    }

    /// Records the lock in the audit log and zeroizes every key. The keys are gone even
    /// when writing the audit entry fails (that error is returned).
    pub fn lock(&mut self) -> Result<()> {
        if self.keys.is_none() {
            return Ok(());
        }
        let logged = self.audit(AuditEntry::new(AuditAction::Lock));
        self.keys = None;
        self.leave_decoy();
        logged
    }

    /// Locks the vault, closes its database and removes the database files (the
    /// directory and anything else in it stay). The value is left holding an empty
    /// in-memory database: every call on it fails until it is replaced. Used to reset a
    /// demo vault; the caller checks it may.
    pub fn destroy_in_place(&mut self) -> Result<()> {
        self.keys = None;
        self.leave_decoy();
        if let Some(decoy) = self.spare.take() {
            let _ = decoy.close();
        }
        let conn = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        conn.close().map_err(|(_, e)| Error::from(e))?;
        remove_db_files(&self.dir.join(DECOY_FILE));
        let db = self.dir.join(DB_FILE);
        remove_db_files(&db);
        if db.exists() {
            return Err(Error::Io(std::io::Error::other(
                "the vault database could not be removed",
            )));
        }
        Ok(())
    }

    /// Panic wipe: destroys the vault for good, without the passcode, locked or not.
    ///
    /// In this order (ADR 0013): the keys in memory are zeroized; the header's wrapped
    /// master key and salt, and every sealed device and team secret, are overwritten with
    /// random bytes in one committed transaction, and the write-ahead log is checkpointed
    /// into the database and truncated, so no file keeps an earlier copy; the
    /// device-bound secret is deleted from the key store (a device-bound vault); then the
    /// database files are removed (the directory and anything else in it stay). Once the
    /// first step is done nothing left can be decrypted, with or without the passcode,
    /// however the rest ends. When SQLite cannot do that step (a damaged file, another
    /// process holding it), the vault's files are overwritten from end to end instead.
    ///
    /// Takes `&mut self` so that a shell holding the vault behind a lock can wipe it in
    /// place; afterwards the value is inert: unlocking, [`Vault::info`] and every call
    /// that needs the keys fail with [`Error::NoVault`]. Nothing is written to the audit
    /// log: it is destroyed too.
    ///
    /// Errors: [`Error::WipeIncomplete`], which says whether the key material was
    /// destroyed (to try again, call [`Vault::wipe_at`] on the directory);
    /// [`Error::NoVault`] when called again.
    pub fn wipe(&mut self) -> Result<WipeReport> {
        if self.wiped {
            return Err(Error::NoVault);
        }
        self.keys = None;
        self.leave_decoy();
        self.wiped = true;
        let present = wipe::present_files(&self.dir);
        let binding = wipe::Binding::of(&self.header);
        self.header.wrapped_master.zeroize();
        self.header.salt.zeroize();
        let destroyed = wipe::destroy_key_material(&mut self.conn, &self.dir);
        // The decoy shares the salt: its key material goes too, before the files.
        let destroyed = match self.spare.take() {
            Some(mut decoy) => {
                let shredded = wipe::shred(
                    &mut decoy,
                    &self.dir.join(format!("{DECOY_FILE}-wal")),
                    wipe::Shred::Panic,
                );
                let _ = decoy.close();
                destroyed.and_then(|n| shredded.map(|_| n))
            }
            None => destroyed,
        };
        // Closed before the files are touched directly. Should even an in-memory
        // database fail to open, the files are removed while open (POSIX allows it).
        if let Ok(inert) = Connection::open_in_memory() {
            let conn = std::mem::replace(&mut self.conn, inert);
            let _ = conn.close();
        }
        wipe::finish(
            &self.dir,
            &present,
            destroyed,
            &binding,
            self.keystore.as_deref(),
        )
    }

    /// Panic wipe of the vault in `dir` without opening it: what [`Vault::wipe`] does,
    /// for a vault that does not open (damaged, from a newer build) or that the caller
    /// has not opened. `keystore` is the one the vault may be bound to; the secret is
    /// deleted only if the header says the vault uses one. [`Error::NoVault`] when
    /// `dir` holds no vault file.
    pub fn wipe_at(
        dir: impl AsRef<Path>,
        keystore: Option<Arc<dyn KeyStore>>,
    ) -> Result<WipeReport> {
        let dir = dir.as_ref();
        let present = wipe::present_files(dir);
        if present.is_empty() {
            return Err(Error::NoVault);
        }
        let db = dir.join(DB_FILE);
        // No migration: a vault from a newer build is wiped as it is.
        let mut conn = match db.is_file() {
            true => connect(&db, Access::ReadWrite).ok(),
            false => None,
        };
        let binding = conn
            .as_ref()
            .map_or_else(wipe::Binding::default, wipe::Binding::read);
        let destroyed = match conn.as_mut() {
            Some(conn) => wipe::destroy_key_material(conn, dir),
            None => Err(Error::CorruptDatabase(
                "SQLite cannot open the vault database".into(),
            )),
        };
        // The decoy shares the salt: its key material goes too, before the files.
        let decoy = dir.join(DECOY_FILE);
        let destroyed = match decoy.is_file() {
            true => {
                let shredded = connect(&decoy, Access::ReadWrite).and_then(|mut c| {
                    let n = wipe::shred(
                        &mut c,
                        &dir.join(format!("{DECOY_FILE}-wal")),
                        wipe::Shred::Panic,
                    );
                    let _ = c.close();
                    n
                });
                destroyed.and_then(|n| shredded.map(|_| n))
            }
            false => destroyed,
        };
        if let Some(conn) = conn {
            let _ = conn.close();
        }
        wipe::finish(dir, &present, destroyed, &binding, keystore.as_deref())
    }

    /// Re-wraps the master key under a new passcode (same KDF parameters, same salt: the
    /// decoy shares it, ADR 0016). Records are not re-encrypted. After a duress unlock
    /// it re-wraps the decoy's key in the same way, so it behaves the same. A new
    /// passcode that would open the other key slot too is refused.
    pub fn change_passcode(&mut self, current: &[u8], new: &[u8]) -> Result<()> {
        if self.is_demo() {
            return Err(Error::invalid(
                "passcode",
                "a demo vault keeps the documented demo passcode",
            ));
        }
        check_passcode(new)?;
        self.keys()?;
        let (master, earlier_failures, slot) = self.verify_passcode(current)?;
        let active = if self.in_decoy {
            Slot::Decoy
        } else {
            Slot::Real
        };
        if slot != active {
            return Err(Error::WrongPasscode {
                failures: earlier_failures + 1,
            });
        }
        let mut header = self.header.clone();
        let device_secret = match header.uses_keystore {
            true => Some(self.device_secret(&header)?),
            false => None,
        };
        let kek = kdf::derive_kek(new, &header.salt, &header.kdf)?;
        let wrapping = header.wrapping_key(&kek, device_secret.as_deref().map(|s| &s[..]));
        let aad = header.master_aad();
        let other = match active {
            Slot::Real => self.decoy_conn().and_then(|c| duress::slot(c, &header)),
            Slot::Decoy => Header::read(self.real_conn())
                .ok()
                .map(|h| h.wrapped_master),
        };
        if other.is_some_and(|w| crypto::open(&wrapping, &aad, &w).is_ok()) {
            return Err(Error::invalid("passcode", "choose a different passcode"));
        }
        header.wrapped_master = crypto::seal(&wrapping, &aad, master.expose())?;
        if self.in_decoy {
            Header::clear_failures(self.real_conn())?;
        }
        let tx = self.conn.unchecked_transaction()?;
        header.update_wrapping(&tx)?;
        Header::clear_failures(&tx)?;
        self.append_audit(&tx, AuditEntry::new(AuditAction::PasscodeChanged))?;
        tx.commit()?;
        self.header = Header::read(&self.conn)?;
        Ok(())
    }

    fn audit_keys<'a>(&'a self, keys: &'a Keys) -> AuditKeys<'a> {
        AuditKeys {
            seal: &keys.audit_seal,
            mac: &keys.audit_mac,
            vault_id: &self.header.vault_id,
        }
    }

    fn append_audit(&self, conn: &Connection, entry: AuditEntry) -> Result<u64> {
        let keys = self.keys()?;
        audit::append(conn, &self.audit_keys(keys), entry)
    }

    fn audit(&self, entry: AuditEntry) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        self.append_audit(&tx, entry)?;
        tx.commit()?;
        Ok(())
    }

    /// Records that records left the vault (used by exports).
    pub fn record_export(&self, id: RecordId, kind: RecordKind, detail: &str) -> Result<()> {
        self.audit(
            AuditEntry::new(AuditAction::Export)
                .record(id, kind)
                .detail(detail),
        )
    }

    /// Checks the whole audit chain.
    pub fn audit_verify(&self) -> Result<AuditReport> {
        let keys = self.keys()?;
        audit::verify(&self.conn, &self.audit_keys(keys))
    }

    /// The audit log, oldest first (verified while read).
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>> {
        let keys = self.keys()?;
        audit::entries(&self.conn, &self.audit_keys(keys))
    }

    pub fn info(&self) -> Result<VaultInfo> {
        if self.wiped {
            return Err(Error::NoVault);
        }
        let header = Header::read(&self.conn)?;
        let mut records = BTreeMap::new();
        {
            let mut stmt = self
                .conn
                .prepare("SELECT kind, COUNT(*) FROM records GROUP BY kind")?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
            })?;
            for row in rows {
                let (k, n) = row?;
                records.insert(k, n);
            }
        }
        Ok(VaultInfo {
            vault_id: hex(&header.vault_id),
            device_id: hex(&header.device_id),
            format: header.format,
            schema_version: schema::version(&self.conn)?,
            kdf: header.kdf,
            uses_keystore: header.uses_keystore,
            demo: senim_protocol::team::is_demo_id(&header.vault_id),
            failed_attempts: header.failed_attempts,
            unlocked: self.keys.is_some(),
            records,
            audit_entries: self
                .conn
                .query_row("SELECT COUNT(*) FROM audit", [], |r| r.get::<_, i64>(0))?
                as u64,
        })
    }

    // ---- secrets ------------------------------------------------------------------

    fn secret_aad(&self, name: &str) -> Vec<u8> {
        crypto::aad(&[
            b"senim/v1/secret",
            &self.header.vault_id,
            b"secrets",
            name.as_bytes(),
        ])
    }

    /// Stores a setting of a layer above the vault (a demo vault's settings), sealed
    /// like the vault's own secrets. The names the vault keeps for itself (device keys,
    /// membership, epoch keys, orders, duress) are refused, so no caller can replace
    /// one.
    pub fn put_setting(&self, name: &str, value: &[u8]) -> Result<()> {
        check_setting_name(name)?;
        self.put_secret(name, value)
    }

    /// A setting stored with [`Vault::put_setting`], or `None`.
    pub fn get_setting(&self, name: &str) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>> {
        check_setting_name(name)?;
        self.get_secret(name)
    }

    /// Stores a device or team secret (device keys, membership, epoch keys), sealed
    /// under the local-secrets key and bound to its name.
    pub(crate) fn put_secret(&self, name: &str, value: &[u8]) -> Result<()> {
        let keys = self.keys()?;
        let sealed = crypto::seal(&keys.local, &self.secret_aad(name), value)?;
        self.conn
            .prepare_cached("INSERT OR REPLACE INTO secrets (name, blob) VALUES (?1, ?2)")?
            .execute(params![name, sealed])?;
        Ok(())
    }

    /// A secret stored with [`Vault::put_secret`], or `None`. A blob that fails
    /// authentication (altered, or moved from another name) is `CorruptDatabase`.
    pub(crate) fn get_secret(&self, name: &str) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>> {
        let keys = self.keys()?;
        let blob: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT blob FROM secrets WHERE name = ?1",
                params![name],
                |r| r.get(0),
            )
            .optional()?;
        match blob {
            None => Ok(None),
            Some(b) => crypto::open(&keys.local, &self.secret_aad(name), &b)
                .map(Some)
                .map_err(|_| {
                    Error::CorruptDatabase("a stored secret failed authentication".into())
                }),
        }
    }

    // ---- records ------------------------------------------------------------------

    fn record_aad(&self, id: &RecordId, kind: RecordKind, format: u32) -> Vec<u8> {
        crypto::aad(&[
            b"senim/v1/record",
            &self.header.vault_id,
            b"records",
            id.as_bytes(),
            kind.as_str().as_bytes(),
            &format.to_be_bytes(),
        ])
    }

    fn seal_doc(
        &self,
        keys: &Keys,
        id: &RecordId,
        kind: RecordKind,
        doc: &RecordDoc,
    ) -> Result<Vec<u8>> {
        Ok(crypto::seal(
            &keys.record,
            &self.record_aad(id, kind, RECORD_FORMAT),
            &doc.save(),
        )?)
    }

    fn open_row(
        &self,
        keys: &Keys,
        id: RecordId,
        kind: &str,
        format: u32,
        blob: &[u8],
    ) -> Result<RecordDoc> {
        let kind: RecordKind = kind.parse().map_err(|_| Error::MalformedRecord {
            id: id.to_string(),
            reason: "unknown record kind".into(),
        })?;
        if format > RECORD_FORMAT {
            return Err(Error::UnsupportedFormat {
                found: format,
                supported: RECORD_FORMAT,
            });
        }
        let plain = crypto::open(&keys.record, &self.record_aad(&id, kind, format), blob)
            .map_err(|_| Error::RecordTampered { id: id.to_string() })?;
        let doc = RecordDoc::load(id, &self.header.device_id, &plain)?;
        if doc.kind()? != kind {
            return Err(Error::RecordTampered { id: id.to_string() });
        }
        Ok(doc)
    }

    fn load_doc(&self, keys: &Keys, id: RecordId) -> Result<(i64, RecordDoc)> {
        let row = self
            .conn
            .query_row(
                "SELECT seq, id, kind, format, doc FROM records WHERE id = ?1",
                params![id.as_bytes().to_vec()],
                RawRow::from_sql,
            )
            .optional()?
            .ok_or_else(|| Error::RecordNotFound(id.to_string()))?;
        Ok((row.seq, self.open_raw(keys, &row)?))
    }

    /// Opens a row whose columns may have been tampered with: a value of the wrong type
    /// is reported like a wrong ciphertext, never as a storage failure.
    fn open_raw(&self, keys: &Keys, row: &RawRow) -> Result<RecordDoc> {
        use rusqlite::types::Value as V;
        let id = row.id()?;
        let tampered = || Error::RecordTampered { id: id.to_string() };
        let kind = match &row.kind {
            V::Text(k) => k.as_str(),
            _ => return Err(tampered()),
        };
        let format = match row.format {
            V::Integer(f) => u32::try_from(f).map_err(|_| tampered())?,
            _ => return Err(tampered()),
        };
        match &row.doc {
            V::Blob(doc) => self.open_row(keys, id, kind, format, doc),
            _ => Err(tampered()),
        }
    }

    fn write_filter(
        &self,
        conn: &Connection,
        keys: &Keys,
        seq: i64,
        record: &Record,
    ) -> Result<()> {
        let hasher = crypto::KeyedHasher::new(&keys.index);
        let bloom = index::bloom(&index::record_terms(&hasher, record), seq as u64);
        conn.prepare_cached(
            "INSERT OR REPLACE INTO record_filters (seq, kind, bloom) VALUES (?1, ?2, ?3)",
        )?
        .execute(params![seq, record.kind.as_str(), bloom])?;
        Ok(())
    }

    /// Creates one record. Returns when it is durably committed.
    pub fn add(&self, body: RecordBody) -> Result<RecordId> {
        Ok(self.add_many(vec![body])?.remove(0))
    }

    /// Creates several records in one transaction (imports, demo data).
    pub fn add_many(&self, bodies: Vec<RecordBody>) -> Result<Vec<RecordId>> {
        let keys = self.keys()?;
        let bodies = bodies
            .into_iter()
            .map(RecordBody::validate)
            .collect::<Result<Vec<_>, _>>()?;
        let now = Utc::now();
        let tx = self.conn.unchecked_transaction()?;
        let mut ids = Vec::with_capacity(bodies.len());
        for body in bodies {
            let id = RecordId::random()?;
            let kind = body.kind();
            let doc = RecordDoc::create(id, &self.header.device_id, &body, now)?;
            let sealed = self.seal_doc(keys, &id, kind, &doc)?;
            tx.prepare_cached(
                "INSERT INTO records (id, kind, format, doc) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![
                id.as_bytes().to_vec(),
                kind.as_str(),
                RECORD_FORMAT,
                sealed
            ])?;
            let seq = tx.last_insert_rowid();
            mark_unsent(&tx, &id)?;
            let record = Record {
                id,
                kind,
                created_at: now,
                updated_at: now,
                created_by: self.device_id(),
                deleted: false,
                body,
                conflicts: Vec::new(),
            };
            self.write_filter(&tx, keys, seq, &record)?;
            self.append_audit(&tx, AuditEntry::new(AuditAction::Create).record(id, kind))?;
            ids.push(id);
        }
        tx.commit()?;
        Ok(ids)
    }

    /// The record's automerge document, decrypted and saved (`Automerge::save`): for
    /// benchmarks comparing the sync wire format with automerge's own protocol. Not
    /// logged as a view; exists only in builds with the `test-support` feature.
    #[cfg(any(test, feature = "test-support"))]
    pub fn record_doc_bytes(&self, id: RecordId) -> Result<Vec<u8>> {
        let keys = self.keys()?;
        Ok(self.load_doc(keys, id)?.1.save())
    }

    /// Reads one record for a check the core makes on its own (the consent behind an
    /// interview step), not for a person to see: not logged as a view.
    pub(crate) fn read_for_check(&self, id: RecordId) -> Result<Record> {
        let keys = self.keys()?;
        self.load_doc(keys, id)?.1.read()
    }

    /// Reads one record (deleted ones too, marked as such). Logged as a view.
    pub fn get(&self, id: RecordId) -> Result<Record> {
        let keys = self.keys()?;
        let record = self.load_doc(keys, id)?.1.read()?;
        self.audit(AuditEntry::new(AuditAction::View).record(id, record.kind))?;
        Ok(record)
    }

    /// Replaces a record's content, writing only the fields that changed. Returns the
    /// names of the changed fields.
    pub fn update(&self, id: RecordId, body: RecordBody) -> Result<Vec<String>> {
        let keys = self.keys()?;
        let body = body.validate()?;
        let tx = self.conn.unchecked_transaction()?;
        let (seq, mut doc) = self.load_doc(keys, id)?;
        if doc.deleted()? {
            return Err(Error::invalid(
                "record",
                "a deleted record cannot be edited",
            ));
        }
        let changed = doc.update(&body, Utc::now())?;
        if changed.is_empty() {
            return Ok(changed);
        }
        let record = doc.read()?;
        self.store_doc(&tx, keys, seq, &doc, &record)?;
        self.append_audit(
            &tx,
            AuditEntry::new(AuditAction::Edit)
                .record(id, record.kind)
                .detail(changed.join(", ")),
        )?;
        tx.commit()?;
        Ok(changed)
    }

    fn store_doc(
        &self,
        conn: &Connection,
        keys: &Keys,
        seq: i64,
        doc: &RecordDoc,
        record: &Record,
    ) -> Result<()> {
        let sealed = self.seal_doc(keys, &record.id, record.kind, doc)?;
        conn.execute(
            "UPDATE records SET doc = ?1, format = ?2 WHERE seq = ?3",
            params![sealed, RECORD_FORMAT, seq],
        )?;
        mark_unsent(conn, &record.id)?;
        self.write_filter(conn, keys, seq, record)
    }

    /// Soft-deletes a record: hidden from listings, kept in history. Idempotent.
    pub fn delete(&self, id: RecordId) -> Result<()> {
        let keys = self.keys()?;
        let tx = self.conn.unchecked_transaction()?;
        let (seq, mut doc) = self.load_doc(keys, id)?;
        if doc.deleted()? {
            return Ok(());
        }
        doc.set_deleted(Utc::now())?;
        let record = doc.read()?;
        self.store_doc(&tx, keys, seq, &doc, &record)?;
        self.append_audit(
            &tx,
            AuditEntry::new(AuditAction::Delete).record(id, record.kind),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Who changed what, when: the record's automerge history, oldest first.
    pub fn history(&self, id: RecordId) -> Result<Vec<HistoryEntry>> {
        let keys = self.keys()?;
        let (_, doc) = self.load_doc(keys, id)?;
        let kind = doc.kind()?;
        self.audit(
            AuditEntry::new(AuditAction::View)
                .record(id, kind)
                .detail("history"),
        )?;
        Ok(doc.history())
    }

    /// A record and its history from one decryption, logged as one view (what a
    /// "show record" screen needs).
    pub fn view(&self, id: RecordId) -> Result<(Record, Vec<HistoryEntry>)> {
        let keys = self.keys()?;
        let (_, doc) = self.load_doc(keys, id)?;
        let record = doc.read()?;
        self.audit(AuditEntry::new(AuditAction::View).record(id, record.kind))?;
        Ok((record, doc.history()))
    }

    /// Records matching `filter`, newest first, one page at a time. A record that fails
    /// to decrypt is reported in [`RecordPage::damaged`], never silently skipped.
    pub fn list(&self, filter: &RecordFilter, page: &PageRequest) -> Result<RecordPage> {
        self.query(filter, &[], page)
    }

    /// Full-text search over note text and place: every query word must start a word
    /// of the note (case-insensitive). Newest first.
    pub fn search(
        &self,
        text: &str,
        filter: &RecordFilter,
        page: &PageRequest,
    ) -> Result<RecordPage> {
        let words: Vec<String> = index::words(text).collect();
        if words.is_empty() {
            return Err(Error::invalid("search", "enter at least one word"));
        }
        if words.len() > 16 {
            return Err(Error::invalid("search", "at most 16 words"));
        }
        self.query(filter, &words, page)
    }

    fn query(
        &self,
        filter: &RecordFilter,
        words: &[String],
        page: &PageRequest,
    ) -> Result<RecordPage> {
        let keys = self.keys()?;
        if page.limit == 0 || page.limit > PageRequest::MAX_LIMIT {
            return Err(Error::invalid(
                "page size",
                format!("must be between 1 and {}", PageRequest::MAX_LIMIT),
            ));
        }
        let mut cursor: i64 = match &page.after {
            None => i64::MAX,
            Some(c) => c.parse().ok().filter(|c: &i64| *c > 0).ok_or_else(|| {
                Error::invalid("page cursor", "not a cursor returned by a previous page")
            })?,
        };

        // Terms every candidate's filter must hold, and months of which it must hold one.
        let index_key = crypto::KeyedHasher::new(&keys.index);
        let mut required = Vec::new();
        let tag = filter
            .tag
            .as_deref()
            .map(senim_records::normalize_tag)
            .transpose()?;
        if let Some(tag) = &tag {
            required.push(index::tag_term(&index_key, tag));
        }
        if let Some(s) = &filter.subject {
            required.push(index::subject_term(&index_key, s));
        }
        required.extend(words.iter().map(|w| index::query_term(&index_key, w)));
        let months = match (filter.from, filter.to) {
            (Some(from), Some(to)) => index::month_terms(&index_key, from, to),
            _ => None,
        };
        let use_filters = !required.is_empty() || months.is_some();
        let kind = filter.kind.map(|k| k.as_str());

        let mut out = RecordPage {
            records: Vec::new(),
            next: None,
            damaged: Vec::new(),
        };
        let mut last_seq = cursor;
        loop {
            let (rows, scanned_to, exhausted) = if use_filters {
                let (seqs, to, done) =
                    self.candidates_by_filter(cursor, kind, &required, months.as_deref())?;
                (seqs.into_iter().map(Candidate::Seq).collect(), to, done)
            } else {
                let (rows, to, done) = self.rows_before(cursor, kind)?;
                (
                    rows.into_iter().map(Candidate::Row).collect::<Vec<_>>(),
                    to,
                    done,
                )
            };
            cursor = scanned_to;
            for candidate in rows {
                // Candidates from the filters are fetched one by one, so a page that fills
                // early reads no more sealed documents than it needs.
                let row = match candidate {
                    Candidate::Row(row) => row,
                    Candidate::Seq(seq) => match self.row_at(seq)? {
                        Some(row) => row,
                        None => continue,
                    },
                };
                let seq = row.seq;
                let record = match self.open_raw(keys, &row).and_then(|d| d.read()) {
                    Ok(r) => r,
                    Err(
                        Error::RecordTampered { .. }
                        | Error::MalformedRecord { .. }
                        | Error::UnsupportedFormat { .. },
                    ) => {
                        out.damaged.push(row.id()?);
                        continue;
                    }
                    Err(e) => return Err(e),
                };
                if !Self::matches(&record, filter, tag.as_deref(), words) {
                    continue;
                }
                if out.records.len() == page.limit {
                    // One more match exists: the page is full and a next one follows.
                    out.next = Some(last_seq.to_string());
                    return Ok(out);
                }
                last_seq = seq;
                out.records.push(record);
            }
            if exhausted {
                return Ok(out);
            }
        }
    }

    /// The next rows below `cursor`, newest first, how far the scan got, and whether
    /// it reached the oldest row.
    fn rows_before(&self, cursor: i64, kind: Option<&str>) -> Result<(Vec<RawRow>, i64, bool)> {
        const BATCH: usize = 64;
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, id, kind, format, doc FROM records
             WHERE seq < ?1 AND (?2 IS NULL OR kind = ?2) ORDER BY seq DESC LIMIT ?3",
        )?;
        let rows: Vec<RawRow> = stmt
            .query_map(params![cursor, kind, BATCH as i64], RawRow::from_sql)?
            .collect::<std::result::Result<_, _>>()?;
        let exhausted = rows.len() < BATCH;
        let scanned_to = rows.last().map_or(cursor, |r| r.seq);
        Ok((rows, scanned_to, exhausted))
    }

    fn row_at(&self, seq: i64) -> Result<Option<RawRow>> {
        Ok(self
            .conn
            .prepare_cached("SELECT seq, id, kind, format, doc FROM records WHERE seq = ?1")?
            .query_row(params![seq], RawRow::from_sql)
            .optional()?)
    }

    /// Scans the Bloom filters below `cursor`, a batch at a time until one holds a
    /// candidate, and returns the sequence numbers whose filter may hold every required
    /// term and one of the months, how far the scan got, and whether it reached the
    /// oldest row.
    fn candidates_by_filter(
        &self,
        mut cursor: i64,
        kind: Option<&str>,
        required: &[index::Term],
        months: Option<&[index::Term]>,
    ) -> Result<(Vec<i64>, i64, bool)> {
        const BATCH: usize = 2048;
        let mut scan = self.conn.prepare_cached(
            "SELECT seq, bloom FROM record_filters
             WHERE seq < ?1 AND (?2 IS NULL OR kind = ?2) ORDER BY seq DESC LIMIT ?3",
        )?;
        loop {
            let mut scanned = 0usize;
            let mut hits = Vec::new();
            let mut rows = scan.query(params![cursor, kind, BATCH as i64])?;
            while let Some(r) = rows.next()? {
                scanned += 1;
                cursor = r.get(0)?;
                let slot = cursor as u64;
                let holds = match r.get_ref(1)? {
                    rusqlite::types::ValueRef::Blob(bloom) => {
                        required.iter().all(|t| index::bloom_has(bloom, slot, t))
                            && months.is_none_or(|ms| {
                                ms.iter().any(|m| index::bloom_has(bloom, slot, m))
                            })
                    }
                    // A tampered filter: let the exact check decide.
                    _ => true,
                };
                if holds {
                    hits.push(cursor);
                }
            }
            let exhausted = scanned < BATCH;
            if exhausted || !hits.is_empty() {
                return Ok((hits, cursor, exhausted));
            }
        }
    }

    /// The exact checks behind the index lookups (the index may over-approximate).
    /// `tag` is the filter's tag, already normalized.
    fn matches(
        record: &Record,
        filter: &RecordFilter,
        tag: Option<&str>,
        words: &[String],
    ) -> bool {
        let t: DateTime<Utc> = record.body.time().unwrap_or(record.created_at);
        tag.is_none_or(|tag| record.body.tags().iter().any(|t| t == tag))
            && filter
                .subject
                .is_none_or(|s| record.body.subject() == Some(s))
            && filter.from.is_none_or(|f| t >= f)
            && filter.to.is_none_or(|to| t < to)
            && (filter.include_deleted || !record.deleted)
            && filter.kind.is_none_or(|k| k == record.kind)
            && (words.is_empty() || index::matches_all(&record.body.searchable_text(), words))
    }
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
