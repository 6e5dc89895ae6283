//! The embedded storage: one SQLite database (WAL, full sync, secure delete) in the
//! hub's data directory, which the hub creates readable by its own user only.
//!
//! Owns the schema and its numbered migrations (`migrations/NNNN_name.sql`, applied by
//! `senim-migrate`: one transaction each, the version in `user_version`; never edited
//! once released). One connection behind a mutex: the hub calls it from blocking
//! threads. It never stores anything the hub was not sent as ciphertext or as public,
//! signed data, and what a purge order removes leaves no copy in the files:
//! `secure_delete` zeroes freed content, and the WAL is checkpointed and truncated right
//! after the purge commits.

use std::fs;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use senim_migrate::{Migration, Migrations};
use senim_protocol::sync::{Envelope, VersionVector};
use senim_protocol::team::{DeviceId, SealedKey, TeamId};

use super::{Append, HubStorage, ListAppend, OrderAppend, Slot};
use crate::{HubError, Result};

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "hub.sqlite3";

/// The hub's migrations. Version N is the schema after applying file N.
pub(crate) const MIGRATIONS: Migrations = Migrations::new(&[
    Migration {
        version: 1,
        sql: include_str!("migrations/0001_initial.sql"),
    },
    Migration {
        version: 2,
        sql: include_str!("migrations/0002_revocations.sql"),
    },
    Migration {
        version: 3,
        sql: include_str!("migrations/0003_orders.sql"),
    },
    Migration {
        version: 4,
        sql: include_str!("migrations/0004_envelope_hashes.sql"),
    },
    Migration {
        version: 5,
        sql: include_str!("migrations/0005_nonces.sql"),
    },
    Migration {
        version: 6,
        sql: include_str!("migrations/0006_purged_ahead.sql"),
    },
]);

/// The hub's storage in one SQLite database.
pub struct SqliteStorage {
    conn: Mutex<Connection>,
}

impl std::fmt::Debug for SqliteStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStorage").finish_non_exhaustive()
    }
}

impl SqliteStorage {
    /// Opens (or creates) the database in `dir`. The directory is created with mode
    /// 0700 when missing, and refused when other users may read it; the database file
    /// is made 0600 (SQLite gives its WAL the same mode).
    ///
    /// A database that fails SQLite's `quick_check` (flipped pages, a torn file) is
    /// refused with [`HubError::Damaged`] before anything is served from it or written
    /// to it.
    pub fn open(dir: &Path) -> Result<Self> {
        prepare_dir(dir)?;
        let path = dir.join(DATABASE_FILE);
        prepare_file(&path)?;
        let conn = Connection::open(&path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        check_integrity(&conn).map_err(|problem| problem.damaged(&path))?;
        Self::init(conn)
    }

    /// A database in memory, for tests.
    pub fn open_in_memory() -> Result<Self> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(mut conn: Connection) -> Result<Self> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        // WAL lets readers run beside the one writer; FULL makes every acknowledged
        // write survive a power cut (a device is told its envelope is held).
        let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        // secure_delete: content that is deleted or overwritten (a purged envelope) is
        // zeroed in its page, and freed pages are zeroed, rather than left in the file.
        conn.execute_batch(
            "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF; \
             PRAGMA secure_delete = ON;",
        )?;
        let secure: i64 = conn.query_row("PRAGMA secure_delete", [], |r| r.get(0))?;
        if secure != 1 {
            return Err(HubError::Storage(
                "this SQLite build cannot turn secure_delete on".into(),
            ));
        }
        MIGRATIONS.migrate(&mut conn)?;
        // A purge whose checkpoint did not finish (the hub stopped, or another
        // process held the database) left old pages in the WAL: finish it now.
        truncate_wal(&conn)?;
        Ok(SqliteStorage {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> Result<MutexGuard<'_, Connection>> {
        self.conn
            .lock()
            .map_err(|_| HubError::Storage("a storage call panicked earlier".into()))
    }
}

/// What [`check_integrity`] found wrong.
#[derive(Debug)]
pub(crate) enum Integrity {
    /// The database is damaged; the text is SQLite's first finding (page and cell
    /// numbers, never content).
    Damaged(String),
    /// The check itself could not run (the file is locked, unreadable).
    Failed(HubError),
}

impl Integrity {
    fn damaged(self, path: &Path) -> HubError {
        match self {
            Integrity::Damaged(finding) => HubError::Damaged {
                file: path.to_path_buf(),
                finding,
            },
            Integrity::Failed(e) => e,
        }
    }
}

/// SQLite's `quick_check`: every page's structure, without the slower comparison of
/// indexes with their tables. `Ok` when the database (and its WAL) is sound.
pub(crate) fn check_integrity(conn: &Connection) -> std::result::Result<(), Integrity> {
    let findings = conn.prepare("PRAGMA quick_check(1)").and_then(|mut stmt| {
        stmt.query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<String>>>()
    });
    match findings {
        Ok(rows) if rows.len() == 1 && rows[0] == "ok" => Ok(()),
        Ok(rows) => Err(Integrity::Damaged(one_line(
            rows.first().map_or("no answer", String::as_str),
        ))),
        Err(rusqlite::Error::SqliteFailure(e, detail))
            if matches!(
                e.code,
                rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase
            ) =>
        {
            Err(Integrity::Damaged(one_line(
                detail.as_deref().unwrap_or(&e.to_string()),
            )))
        }
        Err(e) => Err(Integrity::Failed(e.into())),
    }
}

/// A finding as one short line.
fn one_line(text: &str) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(200)
        .collect();
    line.trim().to_string()
}

/// Copies the WAL into the database and truncates it to zero bytes, so no page image
/// written before (a purged envelope's) survives in it. Refused while another
/// connection reads or writes (after the busy timeout): the caller reports it.
fn truncate_wal(conn: &Connection) -> Result<()> {
    let (busy, _, _): (i64, i64, i64) =
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    if busy != 0 {
        return Err(HubError::Storage(
            "the write-ahead log could not be truncated: another connection holds the database"
                .into(),
        ));
    }
    Ok(())
}

#[cfg(unix)]
pub(crate) fn prepare_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    if !dir.exists() {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    let mode = fs::metadata(dir)?.permissions().mode();
    if mode & 0o077 != 0 {
        return Err(HubError::Io(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!(
                "the data directory {} is open to other users (mode {:o}): make it 0700",
                dir.display(),
                mode & 0o777
            ),
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
pub(crate) fn prepare_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir)?;
    Ok(())
}

#[cfg(unix)]
pub(crate) fn prepare_file(path: &Path) -> Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)?;
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))?;
    Ok(())
}

#[cfg(not(unix))]
pub(crate) fn prepare_file(_path: &Path) -> Result<()> {
    Ok(())
}

fn device_id(bytes: Vec<u8>) -> Result<DeviceId> {
    bytes
        .as_slice()
        .try_into()
        .map(DeviceId)
        .map_err(|_| HubError::Storage("a stored device id is damaged".into()))
}

/// A sequence or version as SQLite's integer; larger ones are never stored.
fn sql_int(n: u64) -> Option<i64> {
    i64::try_from(n).ok()
}

fn unsigned(n: i64) -> Result<u64> {
    u64::try_from(n).map_err(|_| HubError::Storage("a stored number is negative".into()))
}

/// One nonce remembered and the expired ones forgotten, in one transaction.
fn remember_nonce_in(
    conn: &mut Connection,
    team: TeamId,
    signer: &[u8; 32],
    nonce: &[u8; 16],
    time: i64,
    forget_before: i64,
) -> Result<bool> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute("DELETE FROM nonces WHERE time < ?1", params![forget_before])?;
    let stored = tx.execute(
        "INSERT OR IGNORE INTO nonces (team, signer, nonce, time) VALUES (?1, ?2, ?3, ?4)",
        params![team.as_bytes(), signer, nonce, time],
    )?;
    tx.commit()?;
    Ok(stored == 1)
}

impl HubStorage for SqliteStorage {
    fn ping(&self) -> Result<()> {
        let conn = self.conn()?;
        conn.query_row("SELECT 1", [], |_| Ok(()))?;
        Ok(())
    }

    fn revoked_last_order(&self, team: TeamId, device: DeviceId) -> Result<Option<u64>> {
        let conn = self.conn()?;
        let bound: Option<Option<i64>> = conn
            .query_row(
                "SELECT last_order FROM revocations WHERE team = ?1 AND device = ?2",
                params![team.as_bytes(), device.as_bytes()],
                |r| r.get(0),
            )
            .optional()?;
        bound.flatten().map(unsigned).transpose()
    }

    fn remember_nonce(
        &self,
        team: TeamId,
        signer: &[u8; 32],
        nonce: &[u8; 16],
        time: i64,
        forget_before: i64,
    ) -> Result<bool> {
        let mut conn = self.conn()?;
        // The nonce's commit reaches the WAL file but is not fsynced on its own: it
        // survives the hub process stopping or crashing (the kernel holds the write),
        // and the next envelope commit (FULL) or checkpoint makes it durable on disk.
        // Only a power cut or kernel crash in between can forget it (ADR 0023): an
        // fsync per request would cap the hub at the disk's fsync rate.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let stored = remember_nonce_in(&mut conn, team, signer, nonce, time, forget_before);
        let restored = conn.pragma_update(None, "synchronous", "FULL");
        let stored = stored?;
        restored?;
        Ok(stored)
    }

    fn create_team(&self, team: TeamId, genesis: &[u8]) -> Result<bool> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let created = tx.execute(
            "INSERT OR IGNORE INTO teams (team) VALUES (?1)",
            params![team.as_bytes()],
        )?;
        if created == 0 {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO memberships (team, version, epoch, list) VALUES (?1, 1, 0, ?2)",
            params![team.as_bytes(), genesis],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn latest_version(&self, team: TeamId) -> Result<Option<u64>> {
        let conn = self.conn()?;
        let v: Option<i64> = conn.query_row(
            "SELECT MAX(version) FROM memberships WHERE team = ?1",
            params![team.as_bytes()],
            |r| r.get(0),
        )?;
        v.map(unsigned).transpose()
    }

    fn lists_after(
        &self,
        team: TeamId,
        after: u64,
        max_bytes: usize,
    ) -> Result<Vec<(u64, Vec<u8>)>> {
        let Some(after) = sql_int(after) else {
            return Ok(Vec::new());
        };
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT version, list FROM memberships WHERE team = ?1 AND version > ?2 ORDER BY version",
        )?;
        let mut rows = stmt.query(params![team.as_bytes(), after])?;
        let mut out = Vec::new();
        let mut used = 0usize;
        while let Some(row) = rows.next()? {
            let list: Vec<u8> = row.get(1)?;
            if !out.is_empty() && used.saturating_add(list.len()) > max_bytes {
                break;
            }
            used = used.saturating_add(list.len());
            out.push((unsigned(row.get(0)?)?, list));
        }
        Ok(out)
    }

    fn append_list(
        &self,
        team: TeamId,
        version: u64,
        epoch: u32,
        list: &[u8],
        keys: &[SealedKey],
        revoked: &[(DeviceId, u64)],
    ) -> Result<ListAppend> {
        let Some(version) = sql_int(version) else {
            return Ok(ListAppend::VersionTaken);
        };
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let latest: Option<i64> = tx.query_row(
            "SELECT MAX(version) FROM memberships WHERE team = ?1",
            params![team.as_bytes()],
            |r| r.get(0),
        )?;
        if latest.is_none() || latest.and_then(|l| l.checked_add(1)) != Some(version) {
            return Ok(ListAppend::VersionTaken);
        }
        for (device, last) in revoked {
            if last_seq(&tx, team, *device)? > *last {
                return Ok(ListAppend::HeldBeyondRevocation);
            }
            let Some(last) = sql_int(*last) else {
                return Ok(ListAppend::HeldBeyondRevocation);
            };
            tx.execute(
                "INSERT OR REPLACE INTO revocations (team, device, last_seq, last_order) \
                 VALUES (?1, ?2, ?3, (SELECT COALESCE(MAX(number), 0) FROM orders WHERE team = ?1))",
                params![team.as_bytes(), device.as_bytes(), last],
            )?;
        }
        tx.execute(
            "INSERT INTO memberships (team, version, epoch, list) VALUES (?1, ?2, ?3, ?4)",
            params![team.as_bytes(), version, epoch, list],
        )?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR REPLACE INTO sealed_keys (team, device, epoch, sealed) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for key in keys {
                let sealed = postcard::to_allocvec(key)
                    .map_err(|_| HubError::Storage("a sealed key cannot be encoded".into()))?;
                insert.execute(params![
                    team.as_bytes(),
                    key.device.as_bytes(),
                    key.epoch,
                    sealed
                ])?;
            }
        }
        tx.commit()?;
        Ok(ListAppend::Stored)
    }

    fn sealed_keys(
        &self,
        team: TeamId,
        device: DeviceId,
        min_epoch: u32,
    ) -> Result<Vec<SealedKey>> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT sealed FROM sealed_keys WHERE team = ?1 AND device = ?2 AND epoch >= ?3 ORDER BY epoch",
        )?;
        let rows = stmt.query_map(
            params![team.as_bytes(), device.as_bytes(), min_epoch],
            |r| r.get::<_, Vec<u8>>(0),
        )?;
        let mut out = Vec::new();
        for row in rows {
            let key = postcard::from_bytes::<SealedKey>(&row?)
                .map_err(|_| HubError::Storage("a stored sealed key is damaged".into()))?;
            out.push(key);
        }
        Ok(out)
    }

    fn vector(&self, team: TeamId) -> Result<VersionVector> {
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT device, MAX(seq) FROM envelopes WHERE team = ?1 GROUP BY device",
        )?;
        let rows = stmt.query_map(params![team.as_bytes()], |r| {
            Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, i64>(1)?))
        })?;
        let mut vector = VersionVector::new();
        for row in rows {
            let (device, seq) = row?;
            vector.set(device_id(device)?, unsigned(seq)?);
        }
        Ok(vector)
    }

    fn last_seq(&self, team: TeamId, device: DeviceId) -> Result<u64> {
        let conn = self.conn()?;
        last_seq(&conn, team, device)
    }

    fn envelope(&self, team: TeamId, device: DeviceId, seq: u64) -> Result<Option<Slot>> {
        let Some(seq) = sql_int(seq) else {
            return Ok(None);
        };
        let conn = self.conn()?;
        let row: Option<(bool, Vec<u8>)> = conn
            .query_row(
                "SELECT purged, bytes FROM envelopes WHERE team = ?1 AND device = ?2 AND seq = ?3",
                params![team.as_bytes(), device.as_bytes(), seq],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(row.map(|(purged, bytes)| {
            if purged {
                Slot::Purged
            } else {
                Slot::Envelope(bytes)
            }
        }))
    }

    fn envelopes_after(
        &self,
        team: TeamId,
        device: DeviceId,
        after: u64,
        max_bytes: usize,
    ) -> Result<Vec<Vec<u8>>> {
        let Some(after) = sql_int(after) else {
            return Ok(Vec::new());
        };
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT bytes FROM envelopes WHERE team = ?1 AND device = ?2 AND seq > ?3 AND purged = 0 ORDER BY seq",
        )?;
        let mut rows = stmt.query(params![team.as_bytes(), device.as_bytes(), after])?;
        let mut out = Vec::new();
        let mut used = 0usize;
        while let Some(row) = rows.next()? {
            let bytes: Vec<u8> = row.get(0)?;
            if !out.is_empty() && used.saturating_add(bytes.len()) > max_bytes {
                break;
            }
            used = used.saturating_add(bytes.len());
            out.push(bytes);
        }
        Ok(out)
    }

    fn append_envelope(
        &self,
        team: TeamId,
        device: DeviceId,
        seq: u64,
        epoch: u32,
        bytes: &[u8],
    ) -> Result<Append> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let last = last_seq(&tx, team, device)?;
        if seq <= last {
            return Ok(Append::Held);
        }
        let kept: Option<i64> = tx
            .query_row(
                "SELECT last_seq FROM revocations WHERE team = ?1 AND device = ?2",
                params![team.as_bytes(), device.as_bytes()],
                |r| r.get(0),
            )
            .optional()?;
        if kept.is_some_and(|k| seq > k.max(0) as u64) {
            return Ok(Append::Revoked);
        }
        let Some(seq_int) = sql_int(seq) else {
            return Ok(Append::Gap);
        };
        if is_purged_ahead(&tx, team, device, seq_int)? {
            // A purge named this place before the log reached it: its content is never
            // stored here (the device holds a stub there and moves on).
            return Ok(Append::Held);
        }
        if seq != last + 1 {
            // Places in between that purges named are stubs now, when every one of them
            // is; any other missing place is a gap.
            let first = sql_int(last + 1)
                .ok_or_else(|| HubError::Storage("a sequence is out of range".into()))?;
            let waiting: i64 = tx.query_row(
                "SELECT COUNT(*) FROM purged_ahead WHERE team = ?1 AND device = ?2 AND seq >= ?3 AND seq < ?4",
                params![team.as_bytes(), device.as_bytes(), first, seq_int],
                |r| r.get(0),
            )?;
            if waiting != seq_int - first {
                return Ok(Append::Gap);
            }
            tx.execute(
                "INSERT INTO envelopes (team, device, seq, epoch, bytes, purged)
                 SELECT team, device, seq, ?4, X'', 1 FROM purged_ahead
                 WHERE team = ?1 AND device = ?2 AND seq >= ?3 AND seq < ?5",
                params![team.as_bytes(), device.as_bytes(), first, epoch, seq_int],
            )?;
            tx.execute(
                "DELETE FROM purged_ahead WHERE team = ?1 AND device = ?2 AND seq >= ?3 AND seq < ?4",
                params![team.as_bytes(), device.as_bytes(), first, seq_int],
            )?;
        }
        tx.execute(
            "INSERT INTO envelopes (team, device, seq, epoch, bytes, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                team.as_bytes(),
                device.as_bytes(),
                seq_int,
                epoch,
                bytes,
                Envelope::stored_hash(bytes).to_vec()
            ],
        )?;
        tx.commit()?;
        Ok(Append::Appended)
    }

    fn envelope_hash(&self, team: TeamId, device: DeviceId, seq: u64) -> Result<Option<[u8; 32]>> {
        let Some(seq) = sql_int(seq) else {
            return Ok(None);
        };
        let conn = self.conn()?;
        let hash: Option<Option<Vec<u8>>> = conn
            .query_row(
                "SELECT hash FROM envelopes WHERE team = ?1 AND device = ?2 AND seq = ?3 AND purged = 0",
                params![team.as_bytes(), device.as_bytes(), seq],
                |r| r.get(0),
            )
            .optional()?;
        Ok(hash.flatten().and_then(|h| <[u8; 32]>::try_from(h).ok()))
    }

    fn mark_damaged(&self, team: TeamId, device: DeviceId, seq: u64) -> Result<()> {
        let Some(seq) = sql_int(seq) else {
            return Ok(());
        };
        let conn = self.conn()?;
        conn.execute(
            "UPDATE envelopes SET damaged = 1 WHERE team = ?1 AND device = ?2 AND seq = ?3 AND purged = 0",
            params![team.as_bytes(), device.as_bytes(), seq],
        )?;
        Ok(())
    }

    fn first_damaged(&self, team: TeamId, device: DeviceId) -> Result<Option<u64>> {
        let conn = self.conn()?;
        let seq: Option<i64> = conn.query_row(
            "SELECT MIN(seq) FROM envelopes WHERE team = ?1 AND device = ?2 AND damaged = 1",
            params![team.as_bytes(), device.as_bytes()],
            |r| r.get(0),
        )?;
        seq.map(unsigned).transpose()
    }

    fn replace_damaged(
        &self,
        team: TeamId,
        device: DeviceId,
        seq: u64,
        bytes: &[u8],
    ) -> Result<bool> {
        let Some(seq) = sql_int(seq) else {
            return Ok(false);
        };
        let conn = self.conn()?;
        let replaced = conn.execute(
            "UPDATE envelopes SET bytes = ?4, damaged = 0
             WHERE team = ?1 AND device = ?2 AND seq = ?3 AND purged = 0 AND hash = ?5",
            params![
                team.as_bytes(),
                device.as_bytes(),
                seq,
                bytes,
                Envelope::stored_hash(bytes).to_vec()
            ],
        )?;
        Ok(replaced == 1)
    }

    fn last_order(&self, team: TeamId) -> Result<u64> {
        let conn = self.conn()?;
        last_order(&conn, team)
    }

    fn order(&self, team: TeamId, number: u64) -> Result<Option<Vec<u8>>> {
        let Some(number) = sql_int(number) else {
            return Ok(None);
        };
        let conn = self.conn()?;
        Ok(conn
            .query_row(
                "SELECT bytes FROM orders WHERE team = ?1 AND number = ?2",
                params![team.as_bytes(), number],
                |r| r.get(0),
            )
            .optional()?)
    }

    fn orders_after(
        &self,
        team: TeamId,
        after: u64,
        max_bytes: usize,
    ) -> Result<Vec<(u64, Vec<u8>)>> {
        let Some(after) = sql_int(after) else {
            return Ok(Vec::new());
        };
        let conn = self.conn()?;
        let mut stmt = conn.prepare_cached(
            "SELECT number, bytes FROM orders WHERE team = ?1 AND number > ?2 ORDER BY number",
        )?;
        let mut rows = stmt.query(params![team.as_bytes(), after])?;
        let mut out = Vec::new();
        let mut used = 0usize;
        while let Some(row) = rows.next()? {
            let bytes: Vec<u8> = row.get(1)?;
            if !out.is_empty() && used.saturating_add(bytes.len()) > max_bytes {
                break;
            }
            used = used.saturating_add(bytes.len());
            out.push((unsigned(row.get(0)?)?, bytes));
        }
        Ok(out)
    }

    fn append_order(
        &self,
        team: TeamId,
        number: u64,
        bytes: &[u8],
        purge: &[(DeviceId, u64)],
    ) -> Result<OrderAppend> {
        let mut conn = self.conn()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let registered = tx
            .query_row(
                "SELECT 1 FROM teams WHERE team = ?1",
                params![team.as_bytes()],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        let next = last_order(&tx, team)?.checked_add(1);
        let Some(number_int) = sql_int(number).filter(|_| registered && next == Some(number))
        else {
            return Ok(OrderAppend::NumberTaken);
        };
        if purge
            .iter()
            .any(|&(_, seq)| seq == 0 || sql_int(seq).is_none())
        {
            return Ok(OrderAppend::UnknownPlace);
        }
        tx.execute(
            "INSERT INTO orders (team, number, bytes) VALUES (?1, ?2, ?3)",
            params![team.as_bytes(), number_int, bytes],
        )?;
        {
            let mut stub = tx.prepare_cached(
                "UPDATE envelopes SET bytes = X'', purged = 1 WHERE team = ?1 AND device = ?2 AND seq = ?3",
            )?;
            let mut ahead = tx.prepare_cached(
                "INSERT OR IGNORE INTO purged_ahead (team, device, seq)
                 SELECT ?1, ?2, ?3 WHERE NOT EXISTS
                 (SELECT 1 FROM envelopes WHERE team = ?1 AND device = ?2 AND seq = ?3)",
            )?;
            for (device, seq) in purge {
                // Checked above to fit in an i64.
                let seq = sql_int(*seq)
                    .ok_or_else(|| HubError::Storage("a purged sequence is out of range".into()))?;
                stub.execute(params![team.as_bytes(), device.as_bytes(), seq])?;
                // A place beyond the log held here: a stub once the log reaches it.
                ahead.execute(params![team.as_bytes(), device.as_bytes(), seq])?;
            }
        }
        tx.commit()?;
        if !purge.is_empty() {
            truncate_wal(&conn)?;
        }
        Ok(OrderAppend::Stored)
    }
}

/// Whether a purge named place `seq` of `device`'s log before the hub held it.
fn is_purged_ahead(conn: &Connection, team: TeamId, device: DeviceId, seq: i64) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM purged_ahead WHERE team = ?1 AND device = ?2 AND seq = ?3",
            params![team.as_bytes(), device.as_bytes(), seq],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

fn last_order(conn: &Connection, team: TeamId) -> Result<u64> {
    let number: Option<i64> = conn.query_row(
        "SELECT MAX(number) FROM orders WHERE team = ?1",
        params![team.as_bytes()],
        |r| r.get(0),
    )?;
    number
        .map(unsigned)
        .transpose()
        .map(Option::unwrap_or_default)
}

fn last_seq(conn: &Connection, team: TeamId, device: DeviceId) -> Result<u64> {
    let seq: Option<i64> = conn.query_row(
        "SELECT MAX(seq) FROM envelopes WHERE team = ?1 AND device = ?2",
        params![team.as_bytes(), device.as_bytes()],
        |r| r.get(0),
    )?;
    seq.map(unsigned).transpose().map(Option::unwrap_or_default)
}

#[cfg(test)]
#[path = "sqlite_tests.rs"]
mod tests;
