//! Panic wipe: destroys a vault's key material, then its files (ADR 0013).
//!
//! Owns the order that makes a wipe safe to interrupt at any point: first every copy of
//! the wrapped master key that a file holds (the header's `wrapped_master` and `salt`,
//! and the sealed `secrets` rows, overwritten with random bytes in one committed
//! transaction, then the write-ahead log checkpointed into the database and truncated),
//! then the device-bound secret in the key store, and only then the files. Once the
//! first step has returned (committed and checkpointed), nothing the vault directory
//! holds can be decrypted, even with the passcode and the device.
//!
//! It must never need the passcode or the keys, never stop at the first damaged part
//! (a file SQLite cannot read is overwritten from end to end instead), never panic, and
//! never name more than the vault's own file names in what it reports.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

use super::header::Header;
use std::sync::Arc;

use super::{DB_FILE, DECOY_FILE, KeyStore, Vault};
use crate::files::{Access, connect, remove_db_files};
use crate::header_file::HeaderFile;
use crate::header_state::{DECOY_HEADER_FILE, HEADER_FILE};
use crate::kdf::SALT_LEN;
use crate::pages;
use crate::schema;
use crate::{Error, Result, crypto};
use senim_records::hex;
use zeroize::Zeroize;

/// Set in the environment of a process built with the `test-support` feature, makes
/// [`Vault::wipe`](super::Vault::wipe) stop right after the key material is destroyed:
/// it writes [`HALTED_AFTER_KEY_WIPE`] and a newline to standard error and waits to be
/// killed, so a test can SIGKILL it there and check what the files still hold.
#[cfg(feature = "test-support")]
pub const HALT_AFTER_KEY_WIPE_ENV: &str = "SENIM_TEST_HALT_AFTER_KEY_WIPE";

/// What a halted wipe writes on standard error (see [`HALT_AFTER_KEY_WIPE_ENV`]).
#[cfg(feature = "test-support")]
pub const HALTED_AFTER_KEY_WIPE: &str = "senim: key material destroyed, halted for the test";

/// Length of the wrapped master key as [`Vault::create`](super::Vault::create) writes it:
/// format byte, nonce, 32-byte key, tag.
const WRAPPED_MASTER_LEN: usize = 1 + 12 + 32 + 16;

/// Largest field the wipe overwrites at its stored length; a longer (tampered) one is
/// replaced by a value of the usual length.
const MAX_FIELD_LEN: i64 = 4096;

/// The files a vault can leave in its directory, in the order they are removed: the
/// vault database and the decoy database (ADR 0016), and what creating them leaves.
const VAULT_FILES: [&str; 22] = [
    "senim.hdr",
    "senim-2.hdr",
    "senim.hdr.tmp",
    "senim-2.hdr.tmp",
    "senim.hdr.next",
    "senim-2.hdr.next",
    "senim.db",
    "senim.db-wal",
    "senim.db-shm",
    "senim.db-journal",
    "senim-2.db",
    "senim-2.db-wal",
    "senim-2.db-shm",
    "senim-2.db-journal",
    "senim.db.creating",
    "senim.db.creating-wal",
    "senim.db.creating-shm",
    "senim.db.creating-journal",
    "senim-2.db.creating",
    "senim-2.db.creating-wal",
    "senim-2.db.creating-shm",
    "senim-2.db.creating-journal",
];

/// What [`shred`] leaves in place of the key material.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shred {
    /// A panic wipe: the wrapped master key, the salt and the secrets become random
    /// bytes; the files are removed next.
    Panic,
    /// A duress unlock in "destroy" mode (ADR 0016): the wrapped master key and the
    /// secrets become random bytes that keep the form of a sealed blob (its version
    /// byte), and the salt stays, because the decoy shares it and the files stay. The
    /// vault looks the same, and no passcode opens it any more.
    Duress,
    /// Every other unlock (ADR 0016): the same statements, commit, checkpoint and read
    /// back as [`Shred::Duress`], writing back the values already there, so a real
    /// unlock or a "hide" duress unlock does the work a "destroy" one does and leaves
    /// the vault as it was.
    Rehearse,
}

/// What a panic wipe destroyed. Names files, never paths.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WipeReport {
    /// How the master key's wrapping was destroyed.
    pub key_material: KeyMaterial,
    /// Sealed device and team secrets (device keys, epoch keys, membership) overwritten.
    /// The decoy's key and mode are overwritten too, and not counted.
    pub secrets_overwritten: u64,
    /// What became of the device-bound secret in the key store.
    pub device_secret: DeviceSecret,
    /// The files removed from the vault directory, by name (`senim.db`, `senim.db-wal`,
    /// ...). The directory itself and anything else in it stay.
    pub removed: Vec<String>,
}

/// How a wipe destroyed the wrapped master key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyMaterial {
    /// The header's wrapped master key and salt, and every sealed secret, were overwritten
    /// with random bytes in a committed transaction, and the write-ahead log was
    /// checkpointed into the database and truncated: no file holds an earlier copy.
    Overwritten,
    /// SQLite could not do that (a damaged file, or another process holding it), so the
    /// database, its log and any journal were overwritten with random bytes from end to
    /// end instead.
    FilesOverwritten,
    /// Neither worked (a read-only file, a failing disk). The data is unreadable only if
    /// the device secret was deleted ([`DeviceSecret::Deleted`]).
    NotOverwritten,
}

/// What a wipe did with the vault's device-bound secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceSecret {
    /// The vault is not bound to a key store.
    NotUsed,
    /// Deleted from the key store, and checked to be gone.
    Deleted,
    /// The key store still has it after being asked to delete it: a key store that
    /// cannot delete (one that implements only the required methods of [`KeyStore`]).
    StillPresent,
    /// The vault is bound to a key store, and the wipe was given none.
    NoKeyStore,
    /// The header was too damaged to tell whether, or under which label, there is one.
    Unknown,
    /// The key store failed; its reason, which never holds key material.
    Failed(String),
}

/// Which key store secret belongs to the vault, read before anything is destroyed.
#[derive(Default)]
pub(super) struct Binding {
    /// `Some((label, uses_keystore))` when the header could be read.
    label: Option<(String, bool)>,
}

impl Binding {
    pub(super) fn of(header: &Header) -> Binding {
        Binding {
            label: Some((header.keystore_label(), header.uses_keystore)),
        }
    }

    /// Reads only the two header fields it needs, so a header damaged elsewhere (KDF
    /// parameters, a newer format) still names its key store secret.
    pub(super) fn read(conn: &Connection) -> Binding {
        let row: Option<(Vec<u8>, bool)> = conn
            .query_row(
                "SELECT vault_id, uses_keystore FROM header WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .ok()
            .flatten();
        let label = row.and_then(|(id, uses)| {
            let id: [u8; 16] = id.try_into().ok()?;
            Some((format!("senim-vault-{}", hex(&id)), uses))
        });
        Binding { label }
    }
}

/// The vault files present in `dir`, by name.
pub(super) fn present_files(dir: &Path) -> Vec<&'static str> {
    VAULT_FILES
        .into_iter()
        .filter(|name| {
            std::fs::symlink_metadata(dir.join(name)).is_ok_and(|m| m.file_type().is_file())
        })
        .collect()
}

/// The first step: overwrites the wrapped master key, the salt and every sealed secret
/// with random bytes of the same length (so SQLite rewrites each cell in place, and
/// `secure_delete` zeroes any space it frees) in one committed transaction, then
/// checkpoints the write-ahead log into the database and truncates it, so no earlier
/// page image of the header survives in any file. Returns the number of secrets
/// overwritten. An error leaves the caller to overwrite the files instead.
pub(super) fn destroy_key_material(conn: &mut Connection, dir: &Path) -> Result<u64> {
    shred(conn, &dir.join(format!("{DB_FILE}-wal")), Shred::Panic)
}

/// Random bytes of `len`, shaped like a sealed blob when `how` is [`Shred::Duress`].
fn noise(len: usize, how: Shred) -> Result<Vec<u8>> {
    let mut out = crypto::random_bytes(len)?;
    if how == Shred::Duress
        && let Some(first) = out.first_mut()
    {
        *first = crypto::SEALED_V1;
    }
    Ok(out)
}

/// [`destroy_key_material`] for the database whose write-ahead log is `wal`, leaving
/// what `how` says in place of the key material.
pub(super) fn shred(conn: &mut Connection, wal: &Path, how: Shred) -> Result<u64> {
    // Someone in danger does not wait long for another connection: after a second the
    // files are overwritten instead.
    if how != Shred::Rehearse {
        conn.busy_timeout(std::time::Duration::from_secs(1))?;
        // The decoy's connection, which commits without waiting for the disk while it
        // follows the real vault's writes (ADR 0049), waits for it when it is shredded.
        conn.execute_batch("PRAGMA synchronous = FULL;")?;
    }
    conn.execute_batch("PRAGMA secure_delete = ON;")?;
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        // A rollback journal could keep the old header page after the commit.
        return Err(Error::Storage(
            "the database is not in write-ahead mode".into(),
        ));
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // A trigger or view someone planted (a `RAISE(IGNORE)` on the header) would make
    // the updates below do nothing while they report success: the files are
    // overwritten instead.
    schema::check(&tx)?;
    let lengths: Option<(Option<i64>, Option<i64>)> = tx
        .query_row(
            "SELECT length(CAST(salt AS BLOB)), length(CAST(wrapped_master AS BLOB))
             FROM header WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (salt_len, wrapped_len) =
        lengths.ok_or(Error::CorruptHeader("the header row is missing"))?;
    let wrapped = match how {
        Shred::Rehearse => tx.query_row(
            "SELECT CAST(wrapped_master AS BLOB) FROM header WHERE id = 1",
            [],
            |r| r.get(0),
        )?,
        _ => noise(field_len(wrapped_len, WRAPPED_MASTER_LEN), how)?,
    };
    crate::files::trace(&tx, "key slots rewritten");
    let salt = match how {
        Shred::Panic => {
            let salt = crypto::random_bytes(field_len(salt_len, SALT_LEN))?;
            tx.execute(
                "UPDATE header SET salt = ?1, wrapped_master = ?2 WHERE id = 1",
                params![salt, wrapped],
            )?;
            Some(salt)
        }
        Shred::Duress | Shred::Rehearse => {
            tx.execute(
                "UPDATE header SET wrapped_master = ?1 WHERE id = 1",
                params![wrapped],
            )?;
            None
        }
    };
    let has_secrets: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'secrets')",
        [],
        |r| r.get(0),
    )?;
    let mut written: Vec<(i64, Vec<u8>)> = Vec::new();
    // The decoy's key (kept to grow it, `mirror.rs`) is overwritten and read back like
    // the others, but not counted: the count is of device and team secrets.
    let mut decoy_keys: Vec<(i64, Vec<u8>)> = Vec::new();
    if has_secrets {
        let rows: Vec<(i64, Option<i64>, bool)> = tx
            .prepare("SELECT rowid, length(CAST(blob AS BLOB)), name IS ?1 FROM secrets")?
            .query_map(params![crate::mirror_shape::DECOY_KEY], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (rowid, len, decoy_key) in rows {
            let blob = match how {
                Shred::Rehearse => tx.query_row(
                    "SELECT CAST(blob AS BLOB) FROM secrets WHERE rowid = ?1",
                    [rowid],
                    |r| r.get(0),
                )?,
                _ => noise(field_len(len, 64), how)?,
            };
            tx.execute(
                "UPDATE secrets SET blob = ?1 WHERE rowid = ?2",
                params![blob, rowid],
            )?;
            if decoy_key {
                decoy_keys.push((rowid, blob));
            } else {
                written.push((rowid, blob));
            }
        }
    }
    tx.commit()?;

    // Copy the new header page over the old one in the database file and empty the log,
    // whose earlier frames hold every earlier header page (each unlock and audit entry
    // rewrites it).
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    crate::files::trace(conn, "log emptied");
    if busy != 0 {
        return Err(Error::Storage(
            "another connection holds the database: its log could not be emptied".into(),
        ));
    }
    if std::fs::metadata(wal).is_ok_and(|m| m.len() > 0) {
        return Err(Error::Storage("the write-ahead log was not emptied".into()));
    }
    let counted = written.len() as u64;
    written.extend(decoy_keys);
    read_back(conn, salt.as_deref(), &wrapped, &written)?;
    Ok(counted)
}

/// Reads every key slot [`shred`] overwrote and checks it holds what was written: a
/// write that something silently undid or diverted is an error, and the caller
/// overwrites the files instead.
fn read_back(
    conn: &Connection,
    salt: Option<&[u8]>,
    wrapped: &[u8],
    written: &[(i64, Vec<u8>)],
) -> Result<()> {
    let undone = || Error::Storage("a key slot did not hold what the wipe wrote".into());
    let (stored_salt, stored_wrapped): (Vec<u8>, Vec<u8>) = conn.query_row(
        "SELECT CAST(salt AS BLOB), CAST(wrapped_master AS BLOB) FROM header WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if stored_wrapped != wrapped || salt.is_some_and(|s| s != stored_salt.as_slice()) {
        return Err(undone());
    }
    let mut stmt = conn.prepare("SELECT CAST(blob AS BLOB) FROM secrets WHERE rowid = ?1")?;
    for (rowid, blob) in written {
        let stored: Option<Vec<u8>> = stmt.query_row([rowid], |r| r.get(0)).optional()?;
        if stored.as_deref() != Some(blob.as_slice()) {
            return Err(undone());
        }
    }
    Ok(())
}

/// The work of [`shred_or_overwrite`] on the real header file in `dir`, changing
/// nothing ([`Shred::Rehearse`]): what every unlock but a "destroy" one does, so none
/// takes less time than it. Reports nothing: the vault is open either way.
pub(super) fn rehearse_header(dir: &Path) {
    let path = dir.join(HEADER_FILE);
    crate::files::trace_file(&path, "key slots rewritten");
    let _ = HeaderFile::shred(&path, Shred::Rehearse);
}

/// A real unlock's share of that work: the header file rehearsed, the log of the
/// database behind `conn` emptied.
pub(super) fn rehearse(conn: &mut Connection, dir: &Path) {
    rehearse_header(dir);
    crate::files::empty_log(conn);
}

/// A duress "destroy" (ADR 0016): the real header file's key slot [`Shred::Duress`]ed,
/// which leaves every page of the real database unreadable (its page key derives from
/// the master key that slot held), or, when that cannot be done or read back, the
/// header file and the database overwritten from end to end. Reports nothing: an error
/// would give the duress unlock away.
pub(super) fn shred_or_overwrite(dir: &Path) {
    let path = dir.join(HEADER_FILE);
    crate::files::trace_file(&path, "key slots rewritten");
    // A passcode change a kill cut short holds the real key slot it was moving to.
    let _ = crate::pending::discard(&crate::pending::pending_path(&path));
    if HeaderFile::shred(&path, Shred::Duress).is_err() {
        let _ = overwrite_files(dir, &[HEADER_FILE, DB_FILE, "senim.db-wal"]);
    }
}

/// Destroys every key slot the files in `dir` hold (ADR 0033): both header files'
/// ([`Shred::Panic`]: key slot and salt), and, in a database from before page
/// encryption, its header row's and its sealed secrets (counted). Once this returns,
/// no page and no secret of the directory opens, with or without the passcode.
pub(super) fn destroy_key_slots(dir: &Path) -> Result<u64> {
    let mut found = false;
    for name in [HEADER_FILE, DECOY_HEADER_FILE] {
        let path = dir.join(name);
        // A passcode change a kill cut short holds the key slot it was moving to.
        let pending = crate::pending::pending_path(&path);
        if pending.is_file() {
            crate::pending::discard(&pending)?;
            found = true;
        }
        if path.is_file() {
            HeaderFile::shred(&path, Shred::Panic)?;
            found = true;
        }
    }
    let mut counted = 0;
    for (db, wal, count) in [
        (DB_FILE, "senim.db-wal", true),
        (DECOY_FILE, "senim-2.db-wal", false),
    ] {
        let path = dir.join(db);
        if path.is_file() && pages::is_plaintext(&path)? {
            let mut conn = connect(&path, Access::ReadWrite)?;
            let n = shred(&mut conn, &dir.join(wal), Shred::Panic);
            let _ = conn.close();
            counted += if count { n? } else { n.map(|_| 0)? };
            found = true;
        }
    }
    match found {
        true => Ok(counted),
        false => Err(Error::CorruptHeader("no key slot was found to destroy")),
    }
}

fn field_len(stored: Option<i64>, usual: usize) -> usize {
    match stored {
        Some(n) if (1..=MAX_FIELD_LEN).contains(&n) => n as usize,
        _ => usual,
    }
}

/// Overwrites each named file in `dir` with random bytes from its start to its end, and
/// flushes it to the disk. Stops at the first file that cannot be overwritten.
fn overwrite_files(dir: &Path, names: &[&str]) -> std::io::Result<()> {
    for name in names {
        let path = dir.join(name);
        let mut file = match std::fs::OpenOptions::new().write(true).open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        crate::files::overwrite_in_place(&mut file)?;
    }
    Ok(())
}

/// Deletes the vault's secret from the key store and checks that it is gone.
fn delete_device_secret(keystore: Option<&dyn KeyStore>, binding: &Binding) -> DeviceSecret {
    let Some((label, uses_keystore)) = &binding.label else {
        return DeviceSecret::Unknown;
    };
    if !uses_keystore {
        return DeviceSecret::NotUsed;
    }
    let Some(keystore) = keystore else {
        return DeviceSecret::NoKeyStore;
    };
    if let Err(e) = keystore.delete_secret(label) {
        return DeviceSecret::Failed(e.0);
    }
    match keystore.secret(label) {
        Ok(None) => DeviceSecret::Deleted,
        Ok(Some(_)) => DeviceSecret::StillPresent,
        Err(e) => DeviceSecret::Failed(e.0),
    }
}

#[cfg(feature = "test-support")]
fn halt_if_asked() {
    if std::env::var_os(HALT_AFTER_KEY_WIPE_ENV).is_some() {
        crate::halt::park_saying(HALTED_AFTER_KEY_WIPE);
    }
}

#[cfg(not(feature = "test-support"))]
fn halt_if_asked() {}

/// Everything after the first step: the fallback when it failed, the key store, the
/// files. `present` are the vault files found when the wipe began (files that appeared
/// since are removed too); the database connection must be closed by now.
pub(super) fn finish(
    dir: &Path,
    present: &[&'static str],
    destroyed: Result<u64>,
    binding: &Binding,
    keystore: Option<&dyn KeyStore>,
) -> Result<WipeReport> {
    let now = present_files(dir);
    let files: Vec<&'static str> = VAULT_FILES
        .into_iter()
        .filter(|n| present.contains(n) || now.contains(n))
        .collect();
    let mut problems = Vec::new();
    let (key_material, secrets_overwritten) = match destroyed {
        Ok(n) => {
            // Best effort on what SQLite's step does not cover: a rollback journal left
            // by an older state, a vault whose creation was interrupted. They are
            // removed below in any case.
            let others: Vec<&str> = files
                .iter()
                .copied()
                .filter(|n| !matches!(*n, "senim.db" | "senim.db-wal" | "senim.db-shm"))
                .collect();
            let _ = overwrite_files(dir, &others);
            (KeyMaterial::Overwritten, n)
        }
        // The shared-memory index holds page numbers and checksums, no content, and
        // another process may have it mapped: it is only removed.
        Err(_) => match overwrite_files(
            dir,
            &files
                .iter()
                .copied()
                .filter(|n| !n.ends_with("-shm"))
                .collect::<Vec<_>>(),
        ) {
            Ok(()) => (KeyMaterial::FilesOverwritten, 0),
            Err(e) => {
                problems.push(format!(
                    "the key material could not be overwritten ({})",
                    e.kind()
                ));
                (KeyMaterial::NotOverwritten, 0)
            }
        },
    };
    let device_secret = delete_device_secret(keystore, binding);
    let keys_destroyed =
        key_material != KeyMaterial::NotOverwritten || device_secret == DeviceSecret::Deleted;
    if keys_destroyed {
        halt_if_asked();
    }

    let mut removed = Vec::new();
    for name in files {
        match std::fs::remove_file(dir.join(name)) {
            Ok(()) => removed.push(name.to_string()),
            // SQLite removes the log and shared memory when the last connection closes.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => removed.push(name.to_string()),
            Err(e) => problems.push(format!("{name} could not be removed ({})", e.kind())),
        }
    }
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    if !keys_destroyed || !problems.is_empty() {
        return Err(Error::WipeIncomplete {
            keys_destroyed,
            reason: problems.join("; "),
        });
    }
    Ok(WipeReport {
        key_material,
        secrets_overwritten,
        device_secret,
        removed,
    })
}

impl Vault {
    /// Locks the vault, closes its database and removes the database files (the
    /// directory and anything else in it stay). The value is left holding an empty
    /// in-memory database: every call on it fails until it is replaced. Used to reset a
    /// demo vault; the caller checks it may.
    pub fn destroy_in_place(&mut self) -> Result<()> {
        self.halt_decoy();
        self.keys = None;
        self.decoy_keys = None;
        self.leave_decoy();
        if let Some(decoy) = self.spare.take() {
            let _ = decoy.close();
        }
        let conn = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        conn.close().map_err(|(_, e)| Error::from(e))?;
        for name in [HEADER_FILE, DECOY_HEADER_FILE] {
            let _ = std::fs::remove_file(self.dir.join(name));
        }
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
        self.halt_decoy();
        self.keys = None;
        self.decoy_keys = None;
        self.leave_decoy();
        self.wiped = true;
        let present = present_files(&self.dir);
        let binding = Binding::of(&self.header);
        self.header.wrapped_master.zeroize();
        self.header.salt.zeroize();
        // While unlocked, the secrets inside the pages are overwritten too and counted
        // (locked, the pages are closed and unreadable already).
        let counted = destroy_key_material(&mut self.conn, &self.dir).unwrap_or(0);
        if let Some(mut decoy) = self.spare.take() {
            let _ = shred(
                &mut decoy,
                &self.dir.join(format!("{DECOY_FILE}-wal")),
                Shred::Panic,
            );
            let _ = decoy.close();
        }
        // The header files' key slots: the decoy shares the salt, so its goes too,
        // before the files.
        let destroyed = destroy_key_slots(&self.dir).map(|n| n + counted);
        // Closed before the files are touched directly. Should even an in-memory
        // database fail to open, the files are removed while open (POSIX allows it).
        if let Ok(inert) = Connection::open_in_memory() {
            let conn = std::mem::replace(&mut self.conn, inert);
            let _ = conn.close();
        }
        finish(
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
        let present = present_files(dir);
        if present.is_empty() {
            return Err(Error::NoVault);
        }
        let db = dir.join(DB_FILE);
        // Which key store secret is the vault's: from its header file, or the header
        // row of a database from before page encryption. No migration: a vault from a
        // newer build is wiped as it is.
        let binding = match HeaderFile::read(&dir.join(HEADER_FILE)) {
            Ok(file) => Binding::of(&file.header()),
            Err(_) if pages::is_plaintext(&db).unwrap_or(false) => connect(&db, Access::ReadOnly)
                .map_or_else(|_| Binding::default(), |c| Binding::read(&c)),
            Err(_) => Binding::default(),
        };
        let destroyed = destroy_key_slots(dir);
        finish(dir, &present, destroyed, &binding, keystore.as_deref())
    }
}
