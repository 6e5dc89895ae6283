//! A vault's life: created (its keys made and wrapped), opened locked, unlocked with the
//! passcode (throttled after failures, wiped by the team's policy after too many),
//! locked (every key zeroized), its passcode changed, described without the passcode.
//!
//! It must never keep a key after `lock`, never unlock without the passcode's KDF, and
//! never tell a wrong passcode from a wrong device secret.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use chrono::Utc;
use rusqlite::Connection;
use senim_crypto::{self as crypto, SecretKey};
use senim_records::hex;
use zeroize::Zeroize;

use crate::audit::{AuditAction, AuditEntry, AuditKeys};
use crate::duress::Slot;
use crate::files::*;
use crate::header::Header;
use crate::header::{VAULT_FORMAT, unlock_delay};
use crate::header_file::HeaderFile;
use crate::header_state::{DECOY_HEADER_FILE, HEADER_FILE};
use crate::kdf::{self, KdfParams, SALT_LEN};
use crate::pages;
use crate::passcode::check_passcode;
use crate::pending::{self, Pending};
use crate::{
    CREATING_FILE, CreateOptions, DB_FILE, DuressMode, Error, KdfChoice, KeyStore, Keys,
    PasscodeChange, Result, Upgrade, Vault, VaultInfo,
};
use crate::{InterruptHandle, InterruptScope};
use crate::{audit, duress, schema};

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
        // The database's pages are encrypted under the master key's page key from the
        // first one (ADR 0033); its header file is written before the database moves
        // into place, so a vault that exists always has one.
        let tmp = dir.join(CREATING_FILE);
        remove_db_files(&tmp);
        create_private_file(&tmp)?;
        {
            let mut conn = connect_keyed(&tmp, Access::Create, &pages::page_key(&master))?;
            schema::migrate(&mut conn)?;
            header.insert(&conn)?;
            pages::close_locked(conn)?;
        }
        HeaderFile::new(&header)?.write(&dir.join(HEADER_FILE))?;
        std::fs::rename(&tmp, &db)?;
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        // Every vault has a decoy, with or without a duress passcode (ADR 0016), created
        // at the same moment; the vault keeps its key to grow it.
        let created = Utc::now();
        let decoy_key = duress::build(dir, &header, None, DuressMode::Hide, created)?;

        let mut vault = Vault::open(dir, options.keystore)?;
        let keys = Keys::derive(master);
        vault.open_pages(&keys, &mut |_| {})?;
        vault.keys = Some(keys);
        vault.audit(
            AuditEntry::new(AuditAction::Unlock)
                .detail("vault created")
                .dated(created),
        )?;
        vault.spare = duress::open(dir, &decoy_key);
        vault.register_connections();
        vault.keep_decoy_key(decoy_key)?;
        vault.follow_decoy();
        Ok(vault)
    }

    /// Opens the vault in `dir`, locked. Migrates an older schema; never creates one.
    pub fn open(dir: impl AsRef<Path>, keystore: Option<Arc<dyn KeyStore>>) -> Result<Vault> {
        Self::open_with(dir.as_ref(), keystore, Access::ReadWrite)
    }

    pub(crate) fn open_with(
        dir: &Path,
        keystore: Option<Arc<dyn KeyStore>>,
        access: Access,
    ) -> Result<Vault> {
        let db = dir.join(DB_FILE);
        if !db.is_file() {
            return Err(Error::NoVault);
        }
        // Locked, a vault reads its header file only: the pages need the master key.
        let header = match HeaderFile::read(&dir.join(HEADER_FILE)) {
            Ok(file) => file.header(),
            Err(Error::NoVault) if pages::is_plaintext(&db)? => move_header_row(dir, &db, access)?,
            Err(Error::NoVault) => {
                return Err(Error::CorruptHeader("the header file is missing"));
            }
            Err(e) => return Err(e),
        };
        if access != Access::ReadOnly {
            duress::ensure(dir, &header)?;
        }
        let conn = Connection::open_in_memory()?;
        let interrupts = Arc::new(crate::interrupt::Interrupts::default());
        interrupts.register(std::iter::once(&conn));
        Ok(Vault {
            dir: dir.to_path_buf(),
            conn,
            header,
            keystore,
            keys: None,
            decoy_keys: None,
            follower: None,
            applied: Default::default(),
            decoy_edited: Default::default(),
            wiped: false,
            spare: None,
            in_decoy: false,
            interrupts,
        })
    }

    /// The real vault's header file.
    pub(crate) fn real_header_path(&self) -> std::path::PathBuf {
        self.dir.join(HEADER_FILE)
    }

    /// The decoy's header file (ADR 0016).
    pub(crate) fn decoy_header_path(&self) -> std::path::PathBuf {
        self.dir.join(DECOY_HEADER_FILE)
    }

    /// The header file of the database in use: the decoy's after a duress unlock.
    pub(crate) fn active_header_path(&self) -> std::path::PathBuf {
        match self.in_decoy {
            true => self.decoy_header_path(),
            false => self.real_header_path(),
        }
    }

    /// Tells the interrupt handles which connections long work runs on now.
    pub(crate) fn register_connections(&self) {
        self.interrupts
            .register(std::iter::once(&self.conn).chain(self.spare.as_ref()));
    }

    /// Opens the real database's pages with `keys` (the master key's page key) and
    /// makes it the active connection: a database from before page encryption is
    /// encrypted in place first (ADR 0033, the migration's second commit); the schema
    /// is checked before anything runs on it, then migrated.
    /// `progress` hears what the upgrade of a vault from before does, when there is one.
    pub(crate) fn open_pages(
        &mut self,
        keys: &Keys,
        progress: &mut dyn FnMut(Upgrade),
    ) -> Result<()> {
        let db = self.dir.join(DB_FILE);
        let page_key = pages::page_key(&keys.master);
        if pages::is_plaintext(&db)? {
            progress(Upgrade::EncryptingPages);
            pages::encrypt_in_place(&db, &page_key)?;
        }
        let conn = open_checked(&db, &page_key)?;
        let old = std::mem::replace(&mut self.conn, conn);
        let _ = old.close();
        self.register_connections();
        self.settle_index(keys, progress)
    }

    /// Closes both databases as a lock does (their logs emptied into them and
    /// removed), leaving an empty in-memory database in `conn`'s place.
    pub(crate) fn close_pages(&mut self) -> Result<()> {
        self.settle_decoy();
        let closed = match self.spare.take() {
            Some(spare) => pages::close_locked(spare),
            None => Ok(()),
        };
        let conn = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        let result = pages::close_locked(conn);
        self.register_connections();
        closed.and(result)
    }

    /// The boot clock the unlock throttle runs on: the key store's when the vault was
    /// opened with one (an app's platform clock, a test's), else the operating
    /// system's.
    fn boot_time(&self) -> Result<crate::clock::BootTime> {
        match &self.keystore {
            Some(ks) => ks.boot_time().map_err(Error::KeyStore),
            None => crate::clock::os_boot_time().map_err(Error::Io),
        }
    }

    /// A handle that interrupts long work on this vault from another thread (a sync
    /// waiting on the network, a retention scan): see [`InterruptHandle`].
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle(self.interrupts.clone())
    }

    /// Begins a piece of interruptible work: interrupted by any use of an
    /// [`InterruptHandle`] of this vault from now on.
    pub fn interrupt_scope(&self) -> InterruptScope {
        self.interrupts.scope()
    }

    /// Puts `fresh` in this vault's place (a demo vault reset to its seed), keeping the
    /// interrupt handles given out so far: they stop `fresh`'s work from now on.
    pub fn replace(&mut self, mut fresh: Vault) {
        fresh.interrupts = self.interrupts.clone();
        fresh
            .interrupts
            .register(std::iter::once(&fresh.conn).chain(fresh.spare.as_ref()));
        *self = fresh;
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
        self.halt_decoy();
        self.keys = None;
        self.decoy_keys = None;
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

    pub(crate) fn keys(&self) -> Result<&Keys> {
        if self.wiped {
            return Err(Error::NoVault);
        }
        self.keys.as_deref().ok_or(Error::Locked)
    }

    pub(crate) fn device_secret(&self, header: &Header) -> Result<zeroize::Zeroizing<Vec<u8>>> {
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
    pub(crate) fn verify_passcode(&mut self, passcode: &[u8]) -> Result<(SecretKey, u32, Slot)> {
        if self.wiped {
            return Err(Error::NoVault);
        }
        let real_path = self.real_header_path();
        let file = HeaderFile::read(&real_path)?;
        let header = file.header();
        // The wait runs on the boot clock, which the wall clock's owner cannot move
        // (ADR 0020).
        let clock = self.boot_time()?;
        if header.failed_attempts > 0 {
            let delay = unlock_delay(header.failed_attempts);
            let waited = match file.last_failure_clock.and_then(|last| clock.since(&last)) {
                Some(ms) => std::time::Duration::from_millis(ms),
                // Another boot since the last failure (or a failure counted before this
                // clock, or fields that are not a reading): the wait starts again now.
                None => {
                    HeaderFile::restart_failure_clock(&real_path, &clock)?;
                    std::time::Duration::ZERO
                }
            };
            if let Some(left) = delay.checked_sub(waited).filter(|l| !l.is_zero()) {
                return Err(Error::TooManyAttempts {
                    retry_after: std::time::Duration::from_secs(left.as_secs_f64().ceil() as u64)
                        .max(std::time::Duration::from_secs(1)),
                });
            }
        }
        let now = Utc::now().timestamp();
        let device_secret = match header.uses_keystore {
            true => Some(self.device_secret(&header)?),
            false => None,
        };
        let failures = header.failed_attempts.saturating_add(1);
        crate::files::trace_file(&real_path, "attempt counted");
        HeaderFile::count_failure(&real_path, failures, now, &clock)?;
        // A passcode change a kill cut short is settled with this passcode first
        // (`pending.rs`): finished, dropped, or its old passcode refused.
        let secret = device_secret.as_deref().map(|s| &s[..]);
        let real_settled = pending::settle(&self.dir.join(DB_FILE), &real_path, passcode, secret)?;
        let decoy_settled = pending::settle(
            &self.dir.join(crate::DECOY_FILE),
            &self.decoy_header_path(),
            passcode,
            secret,
        )?;
        let file = HeaderFile::read(&real_path)?;
        let header = file.header();
        let decoy_slot = duress::slot(&self.dir, &header)
            .filter(|_| decoy_settled != pending::Settled::Superseded);
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
        let real = real.and_then(|m| match real_settled {
            pending::Settled::Current => Ok(m),
            pending::Settled::Superseded => Err(crypto::Unauthentic),
        });
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
        self.unlock_with_progress(passcode, &mut |_| {})
    }

    /// [`Vault::unlock`], telling `progress` what it does to a vault made by an
    /// earlier build, which the first unlock upgrades (ADR 0033, step 4: its pages
    /// encrypted, its records indexed for search). Nothing is heard for a vault that
    /// is up to date, or for a wrong passcode.
    pub fn unlock_with_progress(
        &mut self,
        passcode: &[u8],
        progress: &mut dyn FnMut(Upgrade),
    ) -> Result<()> {
        // An unlock over an unlocked session: the decoy's writes sent so far are
        // finished first, and its connection and keys taken back (a duress unlock
        // closes them; a real one loads them again).
        self.settle_decoy();
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
        // The session this unlock replaces ends here, whichever passcode was entered:
        // an unlock that fails from here on leaves the vault locked, never the session
        // before it open (a duress passcode entered over a real session must not leave
        // the real records open should the decoy fail to open).
        if self.keys.is_some() || self.spare.is_some() {
            self.keys = None;
            self.decoy_keys = None;
            let _ = self.close_pages();
        }
        if slot == Slot::Decoy {
            return self.enter_decoy(master, progress);
        }
        // The passcode is right: the attempt counted before its key derivation is
        // cleared now, before the pages are opened, so that an unlock that fails or is
        // killed afterwards (the once-only upgrade of a vault from before takes a
        // while) never counts the right passcode as a wrong one.
        let real_path = self.real_header_path();
        crate::files::trace_file(&real_path, "failures cleared");
        HeaderFile::clear_failures(&real_path)?;
        let keys = Keys::derive(master);
        // An unlock that fails from here on leaves the vault locked as any other does:
        // no connection keyed with the page key is left open behind it.
        if let Err(e) = self.open_and_log(&keys, earlier_failures, progress) {
            let _ = self.close_pages();
            return Err(e);
        }
        // Every successful unlock writes once to each file, as a duress unlock does
        // (ADR 0016): the same work, and both files change, whichever slot opened.
        // A decoy that cannot be written never stops the real vault opening.
        let decoy_path = self.decoy_header_path();
        crate::files::trace_file(&decoy_path, "failures cleared");
        let _ = HeaderFile::clear_failures(&decoy_path);
        // The work of a duress unlock in "destroy" mode, changing nothing; it empties
        // the log too.
        crate::wipe::rehearse(&mut self.conn, &self.dir);
        self.header.failed_attempts = 0;
        self.header.last_failure_at = None;
        self.keys = Some(keys);
        // The decoy grows with the vault from here on (`mirror.rs`); a decoy that
        // cannot be grown never stops the vault opening.
        let _ = self.load_decoy_keys();
        self.follow_decoy();
        // A lead's vault from before leads were exempt from the idle wipe may still carry
        // it; one without the wipe set has nothing to correct, and no secret is read.
        match self.wipe_settings()? {
            (_, Some(_), _) => self.refresh_idle_wipe(),
            _ => Ok(()),
        }
    }

    /// The real unlock's pages opened with `keys` (upgraded when from before) and its
    /// audit entries: the failed attempts before it, and the unlock.
    fn open_and_log(
        &mut self,
        keys: &Keys,
        earlier_failures: u32,
        progress: &mut dyn FnMut(Upgrade),
    ) -> Result<()> {
        self.open_pages(keys, progress)?;
        let tx = self.conn.unchecked_transaction()?;
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
        Ok(())
    }

    /// The team policy's automatic wipes as the real header holds them (read without
    /// a key): the failures allowed, the days allowed without sync, the last sync.
    pub(crate) fn wipe_settings(&self) -> Result<(Option<u32>, Option<u32>, Option<i64>)> {
        if self.wiped {
            return Err(Error::NoVault);
        }
        Ok(HeaderFile::read(&self.real_header_path())?.wipe_settings())
    }

    /// Wipes the vault when the team's policy allows fewer failed unlocks than
    /// `failures`: [`Error::WipedByPolicy`] once it is gone.
    pub(crate) fn wipe_if_too_many_failures(&mut self, failures: u32) -> Result<()> {
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
    pub(crate) fn wipe_if_idle(&mut self, now: i64) -> Result<()> {
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
        // The decoy's writes sent so far are finished before its keys go.
        self.settle_decoy();
        self.keys = None;
        self.decoy_keys = None;
        // Where the decoy's last edit went would tell of the session's edits.
        self.decoy_edited.set(None);
        self.leave_decoy();
        // The pages are closed with the keys: no log is left beside a locked database.
        let closed = self.close_pages();
        logged.and(closed)
    }

    /// Changes the passcode and rotates the master key (ADR 0022): a fresh master key,
    /// wrapped under the new passcode, and every record, secret and audit entry re-sealed
    /// under it in one transaction; the write-ahead log is then emptied, so no file of the
    /// vault holds anything the old passcode (or the master key it unwrapped) opens.
    /// The key derivation's parameters stay: see
    /// [`Vault::change_passcode_recalibrated`] for a change that may raise them.
    ///
    /// After a duress unlock it changes the decoy's passcode and rotates the decoy's key
    /// in the same way, so it behaves the same. A new passcode that would open the other
    /// key slot too is refused.
    pub fn change_passcode(&mut self, current: &[u8], new: &[u8]) -> Result<()> {
        self.change_passcode_measured(current, new, None)
            .map(|_| ())
    }

    /// [`Vault::change_passcode`], and the key derivation calibrated again: its cost is
    /// raised when this device has become faster ([`KdfParams::recalibrated`]). A raise
    /// re-derives the real key slot only: the decoy's slot (ADR 0016) cannot be derived
    /// again without the duress passcode, so a duress passcode set before stops working
    /// and must be set again. Only a caller that tells the user so whenever
    /// [`PasscodeChange::kdf_raised`] is set (whether or not one was set: the message
    /// then tells nothing) calls this. After a duress unlock the device is measured the
    /// same but nothing is raised.
    pub fn change_passcode_recalibrated(
        &mut self,
        current: &[u8],
        new: &[u8],
    ) -> Result<PasscodeChange> {
        self.change_passcode_measured(current, new, Some(&mut kdf::time_one))
    }

    /// The change, calibrating with `measure` when given.
    pub(crate) fn change_passcode_measured(
        &mut self,
        current: &[u8],
        new: &[u8],
        measure: Option<&mut dyn FnMut(KdfParams) -> Result<std::time::Duration>>,
    ) -> Result<PasscodeChange> {
        if self.is_demo() {
            return Err(Error::invalid(
                "passcode",
                "a demo vault keeps the documented demo passcode",
            ));
        }
        check_passcode(new)?;
        self.keys()?;
        let (master, earlier_failures, slot) = self.verify_passcode(current)?;
        drop(master);
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
        let raised = match measure {
            Some(measure) => self.recalibrate(&header.kdf, measure)?,
            None => None,
        };
        if let Some(params) = raised {
            header.kdf = params;
        }
        let device_secret = match header.uses_keystore {
            true => Some(self.device_secret(&header)?),
            false => None,
        };
        let kek = kdf::derive_kek(new, &header.salt, &header.kdf)?;
        let wrapping = header.wrapping_key(&kek, device_secret.as_deref().map(|s| &s[..]));
        let aad = header.master_aad();
        let other = match active {
            Slot::Real => duress::slot(&self.dir, &header),
            Slot::Decoy => HeaderFile::read(&self.real_header_path())
                .ok()
                .map(|f| f.header().wrapped_master),
        };
        if other.is_some_and(|w| crypto::open(&wrapping, &aad, &w).is_ok()) {
            return Err(Error::invalid("passcode", "choose a different passcode"));
        }
        let new_master = SecretKey::random()?;
        header.wrapped_master = crypto::seal(&wrapping, &aad, new_master.expose())?;
        let new_keys = self.rotated_keys(self.keys()?, new_master)?;
        if self.in_decoy {
            HeaderFile::clear_failures(&self.real_header_path())?;
        }
        // Crash-safe in three commits (`pending.rs`): the pending header file with the
        // new key slot and the pages' key; the re-sealing transaction (from here on the
        // new passcode is the one); the pages re-keyed and the key slot put in place.
        let active_path = self.active_header_path();
        let pending_path = pending::pending_path(&active_path);
        let old_page_key = pages::page_key(&self.keys()?.master);
        let mut next = HeaderFile::read(&active_path)?;
        next.kdf = header.kdf;
        next.salt = header.salt;
        next.wrapped_master = HeaderFile::new(&header)?.wrapped_master;
        let pending = Pending::write(&pending_path, next, &new_keys.master, &old_page_key)?;
        crate::rotate::checkpoint(crate::rotate::Step::Pending)?;
        let resealed = (|| {
            let old_keys = self.keys()?;
            let tx = self.conn.unchecked_transaction()?;
            self.reseal_all(&tx, old_keys, &new_keys)?;
            header.update_wrapping(&tx)?;
            audit::append(
                &tx,
                &self.audit_keys(&new_keys),
                AuditEntry::new(AuditAction::PasscodeChanged),
            )?;
            crate::rotate::checkpoint(crate::rotate::Step::Commit)?;
            tx.commit()?;
            Ok(())
        })();
        if let Err(e) = resealed {
            // Nothing committed: the old passcode opens everything, as before.
            let _ = pending::discard(&pending_path);
            return Err(e);
        }
        let finished = (|| {
            crate::rotate::checkpoint(crate::rotate::Step::Committed)?;
            pages::rekey(&self.conn, &pages::page_key(&new_keys.master))?;
            crate::rotate::checkpoint(crate::rotate::Step::Rekeyed)?;
            pending::finish(&active_path, &pending, true)
        })();
        if let Err(e) = finished {
            // Committed but not finished: the keys in memory no longer open what was
            // committed. Locked; the next unlock with the new passcode finishes it.
            self.settle_decoy();
            self.keys = None;
            self.decoy_keys = None;
            self.leave_decoy();
            let _ = self.close_pages();
            return Err(e);
        }
        self.keys = Some(new_keys);
        // The old key slot and everything sealed under the old key are in the log's
        // earlier frames until they are copied over (secure_delete zeroes what the
        // copy frees) and the log emptied.
        crate::files::empty_log(&self.conn);
        self.header = HeaderFile::read(&active_path)?.header();
        // The other database is written too, as an unlock writes both. After a raise it
        // takes the new parameters with a slot nobody can open: a broken decoy never
        // stops the real vault, so its errors are not the change's.
        if active == Slot::Real {
            let other = self.decoy_header_path();
            if raised.is_some() {
                let _ = duress::follow_parameters(&other, &self.header);
            }
            let _ = HeaderFile::clear_failures(&other);
            self.settle_decoy();
            if let Some(decoy) = &self.spare {
                crate::files::empty_log(decoy);
            }
            self.follow_decoy();
        }
        Ok(PasscodeChange { kdf_raised: raised })
    }

    /// The parameters a passcode change moves to, when they are raised. After a duress
    /// unlock the device is measured the same but nothing is raised (the real key slot
    /// shares the parameters and cannot be re-derived). A vault with the test
    /// parameters keeps them.
    fn recalibrate(
        &self,
        current: &KdfParams,
        measure: &mut dyn FnMut(KdfParams) -> Result<std::time::Duration>,
    ) -> Result<Option<KdfParams>> {
        #[cfg(any(test, feature = "test-support"))]
        if *current == KdfParams::INSECURE_FAST_FOR_TESTS {
            return Ok(None);
        }
        let fresh = current.recalibrated(KdfParams::TARGET, measure)?;
        Ok((fresh != *current && !self.in_decoy).then_some(fresh))
    }

    fn count_records(&self) -> Result<BTreeMap<String, u64>> {
        let mut records = BTreeMap::new();
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
        Ok(records)
    }

    fn count_audit(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM audit", [], |r| r.get::<_, i64>(0))? as u64)
    }

    /// The vault's format, key derivation and state, read without a key; the counts of
    /// records and audit entries only while unlocked.
    pub fn info(&self) -> Result<VaultInfo> {
        if self.wiped {
            return Err(Error::NoVault);
        }
        // A vault from before page encryption opened read-only has no header file yet:
        // its header row was read at open.
        let header = match HeaderFile::read(&self.active_header_path()) {
            Ok(file) => file.header(),
            Err(Error::NoVault) => self.header.clone(),
            Err(e) => return Err(e),
        };
        let unlocked = self.keys.is_some();
        let (records, audit_entries, schema_version) = match unlocked {
            true => (
                Some(self.count_records()?),
                Some(self.count_audit()?),
                Some(schema::version(&self.conn)?),
            ),
            false => (None, None, None),
        };
        Ok(VaultInfo {
            vault_id: hex(&header.vault_id),
            device_id: hex(&header.device_id),
            format: header.format,
            schema_version,
            kdf: header.kdf,
            uses_keystore: header.uses_keystore,
            demo: senim_protocol::team::is_demo_id(&header.vault_id),
            failed_attempts: header.failed_attempts,
            unlocked,
            records,
            audit_entries,
        })
    }
}

/// Opens the page-encrypted database at `db` with `page_key`, its schema checked
/// before anything runs on it (a planted trigger could undo any write, a wipe's too)
/// and then migrated.
pub(crate) fn open_checked(db: &Path, page_key: &SecretKey) -> Result<Connection> {
    let mut conn = connect_keyed(db, Access::ReadWrite, page_key)?;
    checked_version(&conn)?;
    schema::migrate(&mut conn)?;
    Ok(conn)
}

/// The schema version of the vault database behind `conn`, its schema checked against
/// the one this build's migrations make when it is one this build knows: a database
/// with no vault schema is [`Error::CorruptDatabase`].
fn checked_version(conn: &Connection) -> Result<u32> {
    let version = schema::version(conn)?;
    if version == 0 {
        return Err(Error::CorruptDatabase(
            "the database has no vault schema".into(),
        ));
    }
    if version <= schema::LATEST {
        schema::check(conn)?;
    }
    Ok(version)
}

/// A vault from before page encryption: its header row moves into a header file as it
/// is, counters and limits included (ADR 0033, the migration's first commit; the pages
/// are encrypted at the next unlock, which has the master key). Read-only, the row is
/// read and nothing is written.
fn move_header_row(dir: &Path, db: &Path, access: Access) -> Result<Header> {
    let mut conn = connect(db, access)?;
    let version = checked_version(&conn)?;
    if access == Access::ReadOnly {
        if version > schema::LATEST {
            return Err(Error::UnsupportedFormat {
                found: version,
                supported: schema::LATEST,
            });
        }
    } else {
        schema::migrate(&mut conn)?;
        crate::halt::point("migrated senim.db");
    }
    let file = HeaderFile::from_row(&conn)?;
    if access != Access::ReadOnly {
        file.write(&dir.join(HEADER_FILE))?;
        crate::halt::point("header moved senim.db");
    }
    conn.close().map_err(|(_, e)| Error::from(e))?;
    Ok(file.header())
}
