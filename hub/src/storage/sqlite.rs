//! The embedded storage: one SQLite database (WAL, full sync, secure delete) in the
//! hub's data directory, which the hub creates readable by its own user only.
//!
//! Owns the schema and its numbered migrations (`migrations/NNNN_name.sql`, one
//! transaction each, the version in `user_version`; never edited once released). One
//! connection behind a mutex: the hub calls it from blocking threads. It never stores
//! anything the hub was not sent as ciphertext or as public, signed data, and what a
//! purge order removes leaves no copy in the files: `secure_delete` zeroes freed
//! content, and the WAL is checkpointed and truncated right after the purge commits.

use std::fs;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use senim_protocol::sync::VersionVector;
use senim_protocol::team::{DeviceId, SealedKey, TeamId};

use super::{Append, HubStorage, ListAppend, OrderAppend, Slot};
use crate::{HubError, Result};

/// The database file inside the data directory.
pub const DATABASE_FILE: &str = "hub.sqlite3";

/// `(version, sql)` in order. Version N is the schema after applying file N.
const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("migrations/0001_initial.sql")),
    (2, include_str!("migrations/0002_revocations.sql")),
    (3, include_str!("migrations/0003_orders.sql")),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS[MIGRATIONS.len() - 1].0;

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
    pub fn open(dir: &Path) -> Result<Self> {
        prepare_dir(dir)?;
        let path = dir.join(DATABASE_FILE);
        prepare_file(&path)?;
        let conn = Connection::open(&path)?;
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
        migrate(&mut conn, SCHEMA_VERSION)?;
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

fn version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the schema up to `target`, one transaction per migration.
fn migrate(conn: &mut Connection, target: u32) -> Result<()> {
    let current = version(conn)?;
    if current > SCHEMA_VERSION {
        return Err(HubError::Storage(format!(
            "the database has schema version {current}; this hub reads up to {SCHEMA_VERSION}"
        )));
    }
    for (v, sql) in MIGRATIONS
        .iter()
        .filter(|(v, _)| *v > current && *v <= target)
    {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", v)?;
        tx.commit()?;
    }
    Ok(())
}

/// The schema as SQL, sorted: what the snapshot test compares.
#[cfg(test)]
fn dump(conn: &Connection) -> Result<String> {
    let mut stmt = conn.prepare(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = String::new();
    for r in rows {
        out.push_str(r?.trim());
        out.push_str(";\n");
    }
    Ok(out)
}

#[cfg(unix)]
fn prepare_dir(dir: &Path) -> Result<()> {
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
fn prepare_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir)?;
    Ok(())
}

#[cfg(unix)]
fn prepare_file(path: &Path) -> Result<()> {
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
fn prepare_file(_path: &Path) -> Result<()> {
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

impl HubStorage for SqliteStorage {
    fn ping(&self) -> Result<()> {
        let conn = self.conn()?;
        conn.query_row("SELECT 1", [], |_| Ok(()))?;
        Ok(())
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
                "INSERT OR REPLACE INTO revocations (team, device, last_seq) VALUES (?1, ?2, ?3)",
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
        let Some(seq_int) = sql_int(seq).filter(|_| seq == last + 1) else {
            return Ok(Append::Gap);
        };
        tx.execute(
            "INSERT INTO envelopes (team, device, seq, epoch, bytes) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![team.as_bytes(), device.as_bytes(), seq_int, epoch, bytes],
        )?;
        tx.commit()?;
        Ok(Append::Appended)
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
        // Places come sorted by device: read each log's length once.
        let mut held: Option<(DeviceId, u64)> = None;
        for &(device, seq) in purge {
            let last = match held {
                Some((d, last)) if d == device => last,
                _ => last_seq(&tx, team, device)?,
            };
            held = Some((device, last));
            if seq == 0 || seq > last {
                return Ok(OrderAppend::UnknownPlace);
            }
        }
        tx.execute(
            "INSERT INTO orders (team, number, bytes) VALUES (?1, ?2, ?3)",
            params![team.as_bytes(), number_int, bytes],
        )?;
        {
            let mut stub = tx.prepare_cached(
                "UPDATE envelopes SET bytes = X'', purged = 1 WHERE team = ?1 AND device = ?2 AND seq = ?3",
            )?;
            for (device, seq) in purge {
                // Held, so it fits in an i64 (checked above against a stored sequence).
                let seq = sql_int(*seq)
                    .ok_or_else(|| HubError::Storage("a purged sequence is out of range".into()))?;
                stub.execute(params![team.as_bytes(), device.as_bytes(), seq])?;
            }
        }
        tx.commit()?;
        if !purge.is_empty() {
            truncate_wal(&conn)?;
        }
        Ok(OrderAppend::Stored)
    }
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
mod tests {
    use super::*;

    const TEAM: TeamId = TeamId([1; 16]);
    const DEV: DeviceId = DeviceId([2; 16]);

    fn fresh() -> SqliteStorage {
        SqliteStorage::open_in_memory().unwrap()
    }

    #[test]
    fn the_schema_matches_its_snapshot() {
        let s = fresh();
        let schema = dump(&s.conn().unwrap()).unwrap();
        let snapshot = include_str!("../../tests/schema/latest.sql");
        assert_eq!(
            schema, snapshot,
            "the schema changed: add a migration and update hub/tests/schema/latest.sql"
        );
    }

    #[test]
    fn every_older_schema_migrates_to_the_latest() {
        let latest = dump(&fresh().conn().unwrap()).unwrap();
        for (from, _) in std::iter::once((0, "")).chain(MIGRATIONS.iter().copied()) {
            let mut c = Connection::open_in_memory().unwrap();
            migrate(&mut c, from).unwrap();
            assert_eq!(version(&c).unwrap(), from);
            migrate(&mut c, SCHEMA_VERSION).unwrap();
            assert_eq!(dump(&c).unwrap(), latest, "from schema {from}");
        }
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let mut c = Connection::open_in_memory().unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        assert!(matches!(
            migrate(&mut c, SCHEMA_VERSION),
            Err(HubError::Storage(_))
        ));
    }

    #[test]
    fn logs_only_grow_by_their_next_sequence() {
        let s = fresh();
        assert!(s.create_team(TEAM, b"genesis").unwrap());
        assert!(!s.create_team(TEAM, b"other").unwrap());
        assert_eq!(
            s.append_envelope(TEAM, DEV, 2, 0, b"b").unwrap(),
            Append::Gap
        );
        assert_eq!(
            s.append_envelope(TEAM, DEV, 1, 0, b"a").unwrap(),
            Append::Appended
        );
        assert_eq!(
            s.append_envelope(TEAM, DEV, 1, 0, b"x").unwrap(),
            Append::Held
        );
        assert_eq!(
            s.append_envelope(TEAM, DEV, u64::MAX, 0, b"x").unwrap(),
            Append::Gap
        );
        assert_eq!(
            s.envelope(TEAM, DEV, 1).unwrap(),
            Some(Slot::Envelope(b"a".to_vec()))
        );
        assert_eq!(s.last_seq(TEAM, DEV).unwrap(), 1);
        assert_eq!(s.vector(TEAM).unwrap().get(DEV), 1);
    }

    #[test]
    fn pages_hold_at_least_one_envelope_and_stop_at_the_byte_bound() {
        let s = fresh();
        s.create_team(TEAM, b"genesis").unwrap();
        for seq in 1..=5 {
            s.append_envelope(TEAM, DEV, seq, 0, &[seq as u8; 10])
                .unwrap();
        }
        assert_eq!(s.envelopes_after(TEAM, DEV, 0, 25).unwrap().len(), 2);
        assert_eq!(s.envelopes_after(TEAM, DEV, 0, 1).unwrap().len(), 1);
        assert_eq!(s.envelopes_after(TEAM, DEV, 3, 1000).unwrap().len(), 2);
        assert!(s.envelopes_after(TEAM, DEV, 5, 1000).unwrap().is_empty());
    }

    #[test]
    fn lists_are_appended_only_as_the_next_version() {
        let s = fresh();
        let taken = ListAppend::VersionTaken;
        assert_eq!(
            s.append_list(TEAM, 2, 0, b"v2", &[], &[]).unwrap(),
            taken,
            "no team"
        );
        s.create_team(TEAM, b"v1").unwrap();
        assert_eq!(s.append_list(TEAM, 3, 0, b"v3", &[], &[]).unwrap(), taken);
        assert_eq!(
            s.append_list(TEAM, 2, 1, b"v2", &[], &[]).unwrap(),
            ListAppend::Stored
        );
        assert_eq!(s.append_list(TEAM, 2, 1, b"v2'", &[], &[]).unwrap(), taken);
        assert_eq!(s.latest_version(TEAM).unwrap(), Some(2));
        assert_eq!(s.latest_version(TeamId([9; 16])).unwrap(), None);
        let lists = s.lists_after(TEAM, 0, usize::MAX).unwrap();
        assert_eq!(lists, vec![(1, b"v1".to_vec()), (2, b"v2".to_vec())]);
        assert_eq!(s.lists_after(TEAM, 0, 1).unwrap().len(), 1);
    }

    #[test]
    fn a_revocation_is_refused_beyond_held_envelopes_and_then_bounds_every_append() {
        let s = fresh();
        s.create_team(TEAM, b"v1").unwrap();
        for seq in 1..=3 {
            s.append_envelope(TEAM, DEV, seq, 0, &[seq as u8; 4])
                .unwrap();
        }
        // The lead kept only 2 of the 3 held: refused, nothing stored.
        assert_eq!(
            s.append_list(TEAM, 2, 1, b"v2", &[], &[(DEV, 2)]).unwrap(),
            ListAppend::HeldBeyondRevocation
        );
        assert_eq!(s.latest_version(TEAM).unwrap(), Some(1));
        assert_eq!(
            s.append_list(TEAM, 2, 1, b"v2", &[], &[(DEV, 3)]).unwrap(),
            ListAppend::Stored
        );
        // From then on, nothing after sequence 3 is stored, whatever checked it before.
        assert_eq!(
            s.append_envelope(TEAM, DEV, 4, 0, b"late").unwrap(),
            Append::Revoked
        );
        assert_eq!(s.last_seq(TEAM, DEV).unwrap(), 3);
        // Another device is not concerned.
        let other = DeviceId([3; 16]);
        assert_eq!(
            s.append_envelope(TEAM, other, 1, 1, b"x").unwrap(),
            Append::Appended
        );
    }

    #[test]
    fn orders_are_numbered_from_one_and_grow_by_one() {
        let s = fresh();
        let taken = OrderAppend::NumberTaken;
        assert_eq!(
            s.append_order(TEAM, 1, b"o1", &[]).unwrap(),
            taken,
            "no team"
        );
        s.create_team(TEAM, b"v1").unwrap();
        assert_eq!(s.last_order(TEAM).unwrap(), 0);
        assert_eq!(s.append_order(TEAM, 0, b"o0", &[]).unwrap(), taken);
        assert_eq!(s.append_order(TEAM, 2, b"o2", &[]).unwrap(), taken, "a gap");
        assert_eq!(
            s.append_order(TEAM, 1, b"o1", &[]).unwrap(),
            OrderAppend::Stored
        );
        assert_eq!(s.append_order(TEAM, 1, b"o1'", &[]).unwrap(), taken);
        assert_eq!(s.append_order(TEAM, u64::MAX, b"x", &[]).unwrap(), taken);
        assert_eq!(
            s.append_order(TEAM, 2, b"o2", &[]).unwrap(),
            OrderAppend::Stored
        );
        assert_eq!(s.last_order(TEAM).unwrap(), 2);
        assert_eq!(s.order(TEAM, 1).unwrap().unwrap(), b"o1");
        assert_eq!(s.order(TEAM, 3).unwrap(), None);
        // Another team's chain is its own.
        let other = TeamId([9; 16]);
        s.create_team(other, b"v1").unwrap();
        assert_eq!(s.last_order(other).unwrap(), 0);
        assert_eq!(
            s.append_order(other, 1, b"p1", &[]).unwrap(),
            OrderAppend::Stored
        );
    }

    #[test]
    fn order_pages_hold_at_least_one_order_and_stop_at_the_byte_bound() {
        let s = fresh();
        s.create_team(TEAM, b"v1").unwrap();
        assert!(s.orders_after(TEAM, 0, 1000).unwrap().is_empty());
        for n in 1..=5u64 {
            s.append_order(TEAM, n, &[n as u8; 10], &[]).unwrap();
        }
        let page = s.orders_after(TEAM, 0, 25).unwrap();
        assert_eq!(page, vec![(1, vec![1; 10]), (2, vec![2; 10])]);
        assert_eq!(s.orders_after(TEAM, 0, 1).unwrap().len(), 1);
        let rest: Vec<u64> = s
            .orders_after(TEAM, 3, 1000)
            .unwrap()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(rest, vec![4, 5]);
        assert!(s.orders_after(TEAM, 5, 1000).unwrap().is_empty());
        assert!(s.orders_after(TEAM, u64::MAX, 1000).unwrap().is_empty());
    }

    #[test]
    fn a_purge_naming_a_place_not_held_stores_nothing() {
        let s = fresh();
        s.create_team(TEAM, b"v1").unwrap();
        for seq in 1..=2 {
            s.append_envelope(TEAM, DEV, seq, 0, &[seq as u8; 4])
                .unwrap();
        }
        let stranger = DeviceId([7; 16]);
        for places in [
            vec![(DEV, 1), (DEV, 3)],
            vec![(DEV, 1), (stranger, 1)],
            vec![(DEV, 0)],
            vec![(DEV, u64::MAX)],
        ] {
            assert_eq!(
                s.append_order(TEAM, 1, b"purge", &places).unwrap(),
                OrderAppend::UnknownPlace,
                "{places:?}"
            );
        }
        assert_eq!(s.last_order(TEAM).unwrap(), 0);
        assert_eq!(
            s.envelope(TEAM, DEV, 1).unwrap(),
            Some(Slot::Envelope(vec![1; 4])),
            "the held place named beside the unknown one is untouched"
        );
        // The number is checked first: a taken number with an unknown place is taken.
        s.append_order(TEAM, 1, b"policy", &[]).unwrap();
        assert_eq!(
            s.append_order(TEAM, 1, b"purge", &[(DEV, 3)]).unwrap(),
            OrderAppend::NumberTaken
        );
    }

    #[test]
    fn a_purged_place_stays_in_its_log_but_is_skipped_by_listings() {
        let s = fresh();
        s.create_team(TEAM, b"v1").unwrap();
        for seq in 1..=6 {
            s.append_envelope(TEAM, DEV, seq, 0, &[seq as u8; 10])
                .unwrap();
        }
        let purge = [(DEV, 2), (DEV, 3), (DEV, 4), (DEV, 6)];
        assert_eq!(
            s.append_order(TEAM, 1, b"purge", &purge).unwrap(),
            OrderAppend::Stored
        );
        // The log keeps its length: nobody waits for, or resends, a purged place.
        assert_eq!(s.last_seq(TEAM, DEV).unwrap(), 6);
        assert_eq!(s.vector(TEAM).unwrap().get(DEV), 6);
        for (_, seq) in purge {
            assert_eq!(s.envelope(TEAM, DEV, seq).unwrap(), Some(Slot::Purged));
        }
        assert_eq!(
            s.envelope(TEAM, DEV, 5).unwrap(),
            Some(Slot::Envelope(vec![5; 10]))
        );
        let seqs = |after, max| -> Vec<u8> {
            s.envelopes_after(TEAM, DEV, after, max)
                .unwrap()
                .iter()
                .map(|b| b[0])
                .collect()
        };
        assert_eq!(seqs(0, 1000), vec![1, 5]);
        // A run of stubs does not end a listing, nor take room in a page.
        assert_eq!(seqs(1, 1), vec![5]);
        assert_eq!(seqs(0, 20), vec![1, 5]);
        assert!(seqs(5, 1000).is_empty(), "only a stub follows 5");
        // An upload at a purged place finds it held: it is never stored back.
        assert_eq!(
            s.append_envelope(TEAM, DEV, 3, 0, &[3; 10]).unwrap(),
            Append::Held
        );
        assert_eq!(s.envelope(TEAM, DEV, 3).unwrap(), Some(Slot::Purged));
        // The log goes on after its stubs; a stub may be named again.
        assert_eq!(
            s.append_envelope(TEAM, DEV, 7, 0, &[7; 10]).unwrap(),
            Append::Appended
        );
        assert_eq!(
            s.append_order(TEAM, 2, b"again", &[(DEV, 3), (DEV, 7)])
                .unwrap(),
            OrderAppend::Stored
        );
        assert_eq!(seqs(0, 1000), vec![1, 5]);
        assert_eq!(s.vector(TEAM).unwrap().get(DEV), 7);
    }

    #[test]
    fn the_connection_runs_with_secure_delete() {
        let dir = tempfile::tempdir().unwrap();
        let s = SqliteStorage::open(&dir.path().join("data")).unwrap();
        let conn = s.conn().unwrap();
        let on: i64 = conn
            .query_row("PRAGMA secure_delete", [], |r| r.get(0))
            .unwrap();
        assert_eq!(on, 1);
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
}
