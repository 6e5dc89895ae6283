//! The storage for several hub instances: one PostgreSQL database they share
//! (`senim hub serve --database postgres://…`, ADR 0029).
//!
//! Owns the PostgreSQL schema and its numbered migrations ([`migrate`]), a bounded pool
//! of blocking connections ([`pool`]), and the locking that keeps every write checked
//! against what is stored when several processes write at once:
//!
//! - a team's row in `teams` is its write lock: a list or an order (which read the
//!   newest version or number, the revocations and the logs they bound) takes it
//!   `FOR UPDATE`; an envelope append takes it `FOR SHARE`, so appends of different
//!   devices run side by side and none runs beside a list or an order of its team;
//! - an envelope append also takes a transaction-scoped advisory lock on its device
//!   (a hash of team and device), so two appends to one log run one after the other
//!   and each sees the other's sequence;
//! - everything else is one statement or an insert that a primary key settles.
//!
//! Transactions run at READ COMMITTED: each statement after a lock sees every commit
//! made before the lock was granted. The calls are blocking (the trait's contract: the
//! hub calls it from blocking threads); the driver is `postgres`, the blocking client
//! over `tokio-postgres` (ADR 0029).
//!
//! What a purge removes is overwritten in its row and the table vacuumed; unlike the
//! SQLite backend, PostgreSQL's write-ahead log and free space may keep the old bytes
//! (ciphertext) until the server recycles them (docs/hub.md, "Deployment").

mod limits;
pub(crate) mod migrate;
mod pool;
#[cfg(any(test, feature = "conformance"))]
pub mod scratch;
mod sessions;

use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Config, GenericClient, Transaction};
use senim_protocol::sync::{Envelope, VersionVector};
use senim_protocol::team::{DeviceId, SealedKey, TeamId};

use super::{Append, HubStorage, ListAppend, OrderAppend, Slot};
use crate::{HubError, Result};

/// Connections one hub process opens at most (each storage call holds one).
pub const DEFAULT_POOL_SIZE: usize = 16;

/// The hub's storage in a PostgreSQL database.
pub struct PostgresStorage {
    pool: pool::Pool,
}

impl std::fmt::Debug for PostgresStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStorage").finish_non_exhaustive()
    }
}

/// A driver error as the hub's storage error: the SQLSTATE and the server's message
/// (which names constraints and tables, never a value), or the driver's own text for a
/// connection failure. Never the server's `DETAIL` line, which may quote a key.
pub(crate) fn storage_error(e: &postgres::Error) -> HubError {
    match e.as_db_error() {
        Some(db) => HubError::Storage(format!(
            "database error {}: {}",
            db.code().code(),
            db.message()
        )),
        None => HubError::Storage(format!("database connection: {e}")),
    }
}

impl From<postgres::Error> for HubError {
    fn from(e: postgres::Error) -> Self {
        storage_error(&e)
    }
}

impl PostgresStorage {
    /// Connects to the database at `url` (`postgres://user:password@host:port/db` or
    /// the key/value form), applies the migrations it lacks, and keeps a pool of at most
    /// [`DEFAULT_POOL_SIZE`] connections. Blocking: call it from a blocking thread or
    /// before a runtime runs. The URL is never logged or put in an error (it may hold a
    /// password).
    pub fn connect(url: &str) -> Result<Self> {
        let config: Config = url.parse().map_err(|_| {
            HubError::Storage(
                "the --database URL is not a PostgreSQL connection string \
                 (postgres://user:password@host:port/database)"
                    .into(),
            )
        })?;
        Self::with_config(config, DEFAULT_POOL_SIZE)
    }

    /// As [`connect`](Self::connect), with a parsed configuration and a pool size.
    pub fn with_config(mut config: Config, pool_size: usize) -> Result<Self> {
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(std::time::Duration::from_secs(10));
        }
        config.application_name("senim-hub");
        let storage = PostgresStorage {
            pool: pool::Pool::new(config, pool_size),
        };
        {
            let mut client = storage.pool.get()?;
            migrate::migrate_to(&mut client, migrate::latest())?;
        }
        Ok(storage)
    }

    /// The schema as text, for the snapshot test.
    #[cfg(test)]
    pub(crate) fn schema_text(&self) -> Result<String> {
        migrate::schema_text(&mut *self.pool.get()?)
    }

    fn client(&self) -> Result<pool::Lent<'_>> {
        self.pool.get()
    }
}

/// A sequence or version as PostgreSQL's BIGINT; larger ones are never stored.
fn sql_int(n: u64) -> Option<i64> {
    i64::try_from(n).ok()
}

fn unsigned(n: i64) -> Result<u64> {
    u64::try_from(n).map_err(|_| HubError::Storage("a stored number is negative".into()))
}

fn device_id(bytes: &[u8]) -> Result<DeviceId> {
    bytes
        .try_into()
        .map(DeviceId)
        .map_err(|_| HubError::Storage("a stored device id is damaged".into()))
}

/// The advisory lock key of one device's log: 8 bytes of a hash of team and device.
/// Two logs sharing a key (a collision) only wait for each other.
fn log_lock_key(team: TeamId, device: DeviceId) -> i64 {
    let mut input = [0u8; 32];
    input[..16].copy_from_slice(team.as_bytes());
    input[16..].copy_from_slice(device.as_bytes());
    let hash = Envelope::stored_hash(&input);
    i64::from_le_bytes(hash[..8].try_into().unwrap_or([0; 8]))
}

/// Locks `team`'s row for a list or an order (`FOR UPDATE`) or an append (`FOR
/// SHARE`); `false` when the team is not registered.
fn lock_team(tx: &mut Transaction<'_>, team: TeamId, exclusive: bool) -> Result<bool> {
    let sql = if exclusive {
        "SELECT 1 FROM teams WHERE team = $1 FOR UPDATE"
    } else {
        LOCK_TEAM_SHARED
    };
    Ok(tx.query_opt(sql, &[&team.as_bytes().as_slice()])?.is_some())
}

/// Locks a team's row for an append.
const LOCK_TEAM_SHARED: &str = "SELECT 1 FROM teams WHERE team = $1 FOR SHARE";

/// The last sequence of a device's log (NULL when empty).
const LAST_SEQ: &str = "SELECT MAX(seq) FROM envelopes WHERE team = $1 AND device = $2";

fn last_seq(c: &mut impl GenericClient, team: TeamId, device: DeviceId) -> Result<u64> {
    let seq: Option<i64> = c
        .query_one(
            LAST_SEQ,
            &[&team.as_bytes().as_slice(), &device.as_bytes().as_slice()],
        )?
        .get(0);
    seq.map(unsigned).transpose().map(Option::unwrap_or_default)
}

fn last_order(c: &mut impl GenericClient, team: TeamId) -> Result<u64> {
    let number: Option<i64> = c
        .query_one(
            "SELECT MAX(number) FROM orders WHERE team = $1",
            &[&team.as_bytes().as_slice()],
        )?
        .get(0);
    number
        .map(unsigned)
        .transpose()
        .map(Option::unwrap_or_default)
}

/// Rows of `(number, bytes)` as a page: as many as fit in `max_bytes`, at least one.
fn page(rows: Vec<postgres::Row>, max_bytes: usize) -> Result<Vec<(u64, Vec<u8>)>> {
    let mut out = Vec::new();
    let mut used = 0usize;
    for row in rows {
        let bytes: Vec<u8> = row.get(1);
        if !out.is_empty() && used.saturating_add(bytes.len()) > max_bytes {
            break;
        }
        used = used.saturating_add(bytes.len());
        out.push((unsigned(row.get(0))?, bytes));
    }
    Ok(out)
}

impl HubStorage for PostgresStorage {
    fn ping(&self) -> Result<()> {
        self.client()?.query_one("SELECT 1", &[])?;
        Ok(())
    }

    fn remember_nonce(
        &self,
        team: TeamId,
        signer: &[u8; 32],
        nonce: &[u8; 16],
        time: i64,
        forget_before: i64,
    ) -> Result<bool> {
        let mut client = self.client()?;
        let forget = client.prepared("DELETE FROM nonces WHERE time < $1")?;
        let insert = client.prepared(
            "INSERT INTO nonces (team, signer, nonce, time) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
        )?;
        let mut tx = client.transaction()?;
        // As on SQLite (ADR 0023): the nonce's commit is not flushed on its own; only a
        // crash of the database server within a fraction of a second forgets it.
        tx.batch_execute("SET LOCAL synchronous_commit = off")?;
        tx.execute(&forget, &[&forget_before])?;
        let stored = tx.execute(
            &insert,
            &[
                &team.as_bytes().as_slice(),
                &signer.as_slice(),
                &nonce.as_slice(),
                &time,
            ],
        )?;
        tx.commit()?;
        Ok(stored == 1)
    }

    fn create_team(&self, team: TeamId, genesis: &[u8]) -> Result<bool> {
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let created = tx.execute(
            "INSERT INTO teams (team) VALUES ($1) ON CONFLICT DO NOTHING",
            &[&team.as_bytes().as_slice()],
        )?;
        if created == 0 {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO memberships (team, version, epoch, list) VALUES ($1, 1, 0, $2)",
            &[&team.as_bytes().as_slice(), &genesis],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn latest_version(&self, team: TeamId) -> Result<Option<u64>> {
        let row = self.client()?.query_opt_cached(
            "SELECT MAX(version) FROM memberships WHERE team = $1",
            &[&team.as_bytes().as_slice()],
        )?;
        let v: Option<i64> = row.and_then(|r| r.get(0));
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
        let rows = self.client()?.query(
            "SELECT version, list FROM memberships WHERE team = $1 AND version > $2 ORDER BY version",
            &[&team.as_bytes().as_slice(), &after],
        )?;
        page(rows, max_bytes)
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
        let team_bytes = team.as_bytes().as_slice();
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        if !lock_team(&mut tx, team, true)? {
            return Ok(ListAppend::VersionTaken);
        }
        let latest: Option<i64> = tx
            .query_one(
                "SELECT MAX(version) FROM memberships WHERE team = $1",
                &[&team_bytes],
            )?
            .get(0);
        if latest.is_none() || latest.and_then(|l| l.checked_add(1)) != Some(version) {
            return Ok(ListAppend::VersionTaken);
        }
        for (device, last) in revoked {
            if last_seq(&mut tx, team, *device)? > *last {
                return Ok(ListAppend::HeldBeyondRevocation);
            }
            let Some(last) = sql_int(*last) else {
                return Ok(ListAppend::HeldBeyondRevocation);
            };
            tx.execute(
                "INSERT INTO revocations (team, device, last_seq, last_order)
                 VALUES ($1, $2, $3, (SELECT COALESCE(MAX(number), 0) FROM orders WHERE team = $1))
                 ON CONFLICT (team, device) DO UPDATE
                 SET last_seq = EXCLUDED.last_seq, last_order = EXCLUDED.last_order",
                &[&team_bytes, &device.as_bytes().as_slice(), &last],
            )?;
        }
        tx.execute(
            "INSERT INTO memberships (team, version, epoch, list) VALUES ($1, $2, $3, $4)",
            &[&team_bytes, &version, &i64::from(epoch), &list],
        )?;
        let insert = tx.prepare(
            "INSERT INTO sealed_keys (team, device, epoch, sealed) VALUES ($1, $2, $3, $4)
             ON CONFLICT (team, device, epoch) DO UPDATE SET sealed = EXCLUDED.sealed",
        )?;
        for key in keys {
            let sealed = postcard::to_allocvec(key)
                .map_err(|_| HubError::Storage("a sealed key cannot be encoded".into()))?;
            tx.execute(
                &insert,
                &[
                    &team_bytes,
                    &key.device.as_bytes().as_slice(),
                    &i64::from(key.epoch),
                    &sealed,
                ],
            )?;
        }
        tx.commit()?;
        Ok(ListAppend::Stored)
    }

    fn revoked_last_order(&self, team: TeamId, device: DeviceId) -> Result<Option<u64>> {
        let row = self.client()?.query_opt(
            "SELECT last_order FROM revocations WHERE team = $1 AND device = $2",
            &[&team.as_bytes().as_slice(), &device.as_bytes().as_slice()],
        )?;
        row.and_then(|r| r.get::<_, Option<i64>>(0))
            .map(unsigned)
            .transpose()
    }

    fn sealed_keys(
        &self,
        team: TeamId,
        device: DeviceId,
        min_epoch: u32,
    ) -> Result<Vec<SealedKey>> {
        let rows = self.client()?.query(
            "SELECT sealed FROM sealed_keys WHERE team = $1 AND device = $2 AND epoch >= $3 ORDER BY epoch",
            &[
                &team.as_bytes().as_slice(),
                &device.as_bytes().as_slice(),
                &i64::from(min_epoch),
            ],
        )?;
        rows.iter()
            .map(|r| {
                postcard::from_bytes::<SealedKey>(r.get::<_, &[u8]>(0))
                    .map_err(|_| HubError::Storage("a stored sealed key is damaged".into()))
            })
            .collect()
    }

    fn vector(&self, team: TeamId) -> Result<VersionVector> {
        let rows = self.client()?.query_cached(
            "SELECT device, MAX(seq) FROM envelopes WHERE team = $1 GROUP BY device",
            &[&team.as_bytes().as_slice()],
        )?;
        let mut vector = VersionVector::new();
        for r in rows {
            vector.set(device_id(r.get::<_, &[u8]>(0))?, unsigned(r.get(1))?);
        }
        Ok(vector)
    }

    fn last_seq(&self, team: TeamId, device: DeviceId) -> Result<u64> {
        last_seq(&mut *self.client()?, team, device)
    }

    fn envelope(&self, team: TeamId, device: DeviceId, seq: u64) -> Result<Option<Slot>> {
        let Some(seq) = sql_int(seq) else {
            return Ok(None);
        };
        let row = self.client()?.query_opt_cached(
            "SELECT purged, bytes FROM envelopes WHERE team = $1 AND device = $2 AND seq = $3",
            &[
                &team.as_bytes().as_slice(),
                &device.as_bytes().as_slice(),
                &seq,
            ],
        )?;
        Ok(row.map(|r| {
            if r.get::<_, bool>(0) {
                Slot::Purged
            } else {
                Slot::Envelope(r.get(1))
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
        let mut client = self.client()?;
        let mut out = Vec::new();
        let mut used = 0usize;
        // In chunks, so a long log is not read whole for one page.
        let mut from = after;
        loop {
            let rows = client.query_cached(
                "SELECT seq, bytes FROM envelopes
                 WHERE team = $1 AND device = $2 AND seq > $3 AND NOT purged
                 ORDER BY seq LIMIT 64",
                &[
                    &team.as_bytes().as_slice(),
                    &device.as_bytes().as_slice(),
                    &from,
                ],
            )?;
            let count = rows.len();
            for r in rows {
                let bytes: Vec<u8> = r.get(1);
                if !out.is_empty() && used.saturating_add(bytes.len()) > max_bytes {
                    return Ok(out);
                }
                used = used.saturating_add(bytes.len());
                from = r.get(0);
                out.push(bytes);
            }
            if count < 64 {
                return Ok(out);
            }
        }
    }

    fn append_envelope(
        &self,
        team: TeamId,
        device: DeviceId,
        seq: u64,
        epoch: u32,
        bytes: &[u8],
    ) -> Result<Append> {
        let team_bytes = team.as_bytes().as_slice();
        let device_bytes = device.as_bytes().as_slice();
        let mut client = self.client()?;
        // The statements of every append, prepared once per connection.
        let share_team = client.prepared(LOCK_TEAM_SHARED)?;
        let lock_log = client.prepared("SELECT pg_advisory_xact_lock($1)")?;
        let max_seq = client.prepared(LAST_SEQ)?;
        let revoked =
            client.prepared("SELECT last_seq FROM revocations WHERE team = $1 AND device = $2")?;
        let purged_ahead = client
            .prepared("SELECT 1 FROM purged_ahead WHERE team = $1 AND device = $2 AND seq = $3")?;
        let insert = client.prepared(
            "INSERT INTO envelopes (team, device, seq, epoch, bytes, hash)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )?;
        let mut tx = client.transaction()?;
        // The team's row (shared: no list or order of the team runs beside), then the
        // log's own lock (no other append to this log runs beside).
        if tx.query_opt(&share_team, &[&team_bytes])?.is_none() {
            // An envelope for an unregistered team is never stored: as a gap (the log
            // is empty), or held for sequence 0.
            return Ok(if seq == 0 { Append::Held } else { Append::Gap });
        }
        tx.execute(&lock_log, &[&log_lock_key(team, device)])?;
        let last: Option<i64> = tx
            .query_one(&max_seq, &[&team_bytes, &device_bytes])?
            .get(0);
        let last = last.map(unsigned).transpose()?.unwrap_or_default();
        if seq <= last {
            return Ok(Append::Held);
        }
        let kept: Option<i64> = tx
            .query_opt(&revoked, &[&team_bytes, &device_bytes])?
            .map(|r| r.get(0));
        if kept.is_some_and(|k| seq > k.max(0) as u64) {
            return Ok(Append::Revoked);
        }
        let Some(seq_int) = sql_int(seq) else {
            return Ok(Append::Gap);
        };
        let ahead = tx
            .query_opt(&purged_ahead, &[&team_bytes, &device_bytes, &seq_int])?
            .is_some();
        if ahead {
            // A purge named this place before the log reached it: its content is never
            // stored here.
            return Ok(Append::Held);
        }
        let epoch = i64::from(epoch);
        if seq != last + 1 {
            let first = sql_int(last + 1)
                .ok_or_else(|| HubError::Storage("a sequence is out of range".into()))?;
            let waiting: i64 = tx
                .query_one(
                    "SELECT COUNT(*) FROM purged_ahead
                     WHERE team = $1 AND device = $2 AND seq >= $3 AND seq < $4",
                    &[&team_bytes, &device_bytes, &first, &seq_int],
                )?
                .get(0);
            if waiting != seq_int - first {
                return Ok(Append::Gap);
            }
            let range: [&(dyn ToSql + Sync); 5] =
                [&team_bytes, &device_bytes, &first, &seq_int, &epoch];
            tx.execute(
                "INSERT INTO envelopes (team, device, seq, epoch, bytes, purged)
                 SELECT team, device, seq, $5, ''::bytea, TRUE FROM purged_ahead
                 WHERE team = $1 AND device = $2 AND seq >= $3 AND seq < $4",
                &range,
            )?;
            tx.execute(
                "DELETE FROM purged_ahead WHERE team = $1 AND device = $2 AND seq >= $3 AND seq < $4",
                &range[..4],
            )?;
        }
        tx.execute(
            &insert,
            &[
                &team_bytes,
                &device_bytes,
                &seq_int,
                &epoch,
                &bytes,
                &Envelope::stored_hash(bytes).as_slice(),
            ],
        )?;
        tx.commit()?;
        Ok(Append::Appended)
    }

    fn envelope_hash(&self, team: TeamId, device: DeviceId, seq: u64) -> Result<Option<[u8; 32]>> {
        let Some(seq) = sql_int(seq) else {
            return Ok(None);
        };
        let row = self.client()?.query_opt(
            "SELECT hash FROM envelopes WHERE team = $1 AND device = $2 AND seq = $3 AND NOT purged",
            &[&team.as_bytes().as_slice(), &device.as_bytes().as_slice(), &seq],
        )?;
        Ok(row
            .and_then(|r| r.get::<_, Option<Vec<u8>>>(0))
            .and_then(|h| <[u8; 32]>::try_from(h).ok()))
    }

    fn mark_damaged(&self, team: TeamId, device: DeviceId, seq: u64) -> Result<()> {
        let Some(seq) = sql_int(seq) else {
            return Ok(());
        };
        self.client()?.execute(
            "UPDATE envelopes SET damaged = TRUE
             WHERE team = $1 AND device = $2 AND seq = $3 AND NOT purged",
            &[
                &team.as_bytes().as_slice(),
                &device.as_bytes().as_slice(),
                &seq,
            ],
        )?;
        Ok(())
    }

    fn first_damaged(&self, team: TeamId, device: DeviceId) -> Result<Option<u64>> {
        let seq: Option<i64> = self
            .client()?
            .query_one(
                "SELECT MIN(seq) FROM envelopes WHERE team = $1 AND device = $2 AND damaged",
                &[&team.as_bytes().as_slice(), &device.as_bytes().as_slice()],
            )?
            .get(0);
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
        let replaced = self.client()?.execute(
            "UPDATE envelopes SET bytes = $4, damaged = FALSE
             WHERE team = $1 AND device = $2 AND seq = $3 AND NOT purged AND hash = $5",
            &[
                &team.as_bytes().as_slice(),
                &device.as_bytes().as_slice(),
                &seq,
                &bytes,
                &Envelope::stored_hash(bytes).as_slice(),
            ],
        )?;
        Ok(replaced == 1)
    }

    fn last_order(&self, team: TeamId) -> Result<u64> {
        last_order(&mut *self.client()?, team)
    }

    fn order(&self, team: TeamId, number: u64) -> Result<Option<Vec<u8>>> {
        let Some(number) = sql_int(number) else {
            return Ok(None);
        };
        Ok(self
            .client()?
            .query_opt(
                "SELECT bytes FROM orders WHERE team = $1 AND number = $2",
                &[&team.as_bytes().as_slice(), &number],
            )?
            .map(|r| r.get(0)))
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
        let rows = self.client()?.query(
            "SELECT number, bytes FROM orders WHERE team = $1 AND number > $2 ORDER BY number",
            &[&team.as_bytes().as_slice(), &after],
        )?;
        page(rows, max_bytes)
    }

    fn append_order(
        &self,
        team: TeamId,
        number: u64,
        bytes: &[u8],
        purge: &[(DeviceId, u64)],
    ) -> Result<OrderAppend> {
        let team_bytes = team.as_bytes().as_slice();
        let mut client = self.client()?;
        let mut tx = client.transaction()?;
        let registered = lock_team(&mut tx, team, true)?;
        let next = last_order(&mut tx, team)?.checked_add(1);
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
            "INSERT INTO orders (team, number, bytes) VALUES ($1, $2, $3)",
            &[&team_bytes, &number_int, &bytes],
        )?;
        let stub = tx.prepare(
            "UPDATE envelopes SET bytes = ''::bytea, purged = TRUE
             WHERE team = $1 AND device = $2 AND seq = $3",
        )?;
        let ahead = tx.prepare(
            "INSERT INTO purged_ahead (team, device, seq)
             SELECT $1, $2, $3 WHERE NOT EXISTS
             (SELECT 1 FROM envelopes WHERE team = $1 AND device = $2 AND seq = $3)
             ON CONFLICT DO NOTHING",
        )?;
        for (device, seq) in purge {
            let seq = sql_int(*seq)
                .ok_or_else(|| HubError::Storage("a purged sequence is out of range".into()))?;
            let place: [&(dyn ToSql + Sync); 3] =
                [&team_bytes, &device.as_bytes().as_slice(), &seq];
            tx.execute(&stub, &place)?;
            tx.execute(&ahead, &place)?;
        }
        tx.commit()?;
        if !purge.is_empty() {
            // The old row versions (with the purged bytes) are dead now: reclaim them.
            if let Err(e) = client.batch_execute("VACUUM envelopes") {
                // A vacuum that cannot run now (another one runs) leaves it to
                // autovacuum; the purge itself is committed.
                if e.code() != Some(&SqlState::LOCK_NOT_AVAILABLE) {
                    tracing::warn!(error = %storage_error(&e), "vacuum after a purge failed");
                }
            }
        }
        Ok(OrderAppend::Stored)
    }
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
