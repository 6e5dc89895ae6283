//! Sync sessions in the shared database (`sync_sessions`, migration 2): what lets any
//! hub instance answer any message of a sync. A session is taken (marked busy) by one
//! request at a time with a single conditional `UPDATE`; opening one checks the bounds
//! on open sessions under one advisory lock, so instances racing to open sessions cannot
//! together pass a bound.

use super::PostgresStorage;
use crate::Result;
use crate::storage::{SessionCaps, SessionKey, SessionOpen, SessionTake, SharedSessions};

/// The advisory lock key under which sessions are opened ("sessions" in ASCII).
const OPEN_LOCK: i64 = 0x7365_7373_696f_6e73;

fn count(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

impl SharedSessions for PostgresStorage {
    fn take_session(&self, key: SessionKey, now: i64, idle_before: i64) -> Result<SessionTake> {
        let (team, device, id) = key;
        let (team, device, id) = (
            team.as_bytes().as_slice(),
            device.as_bytes().as_slice(),
            id.as_slice(),
        );
        let mut client = self.client()?;
        let taken = client.query_opt_cached(
            "UPDATE sync_sessions SET busy = TRUE, touched = $4
             WHERE team = $1 AND device = $2 AND id = $3 AND NOT busy AND touched >= $5
             RETURNING state",
            &[&team, &device, &id, &now, &idle_before],
        )?;
        if let Some(row) = taken {
            return Ok(SessionTake::Taken(row.get(0)));
        }
        let held = client.query_opt(
            "SELECT 1 FROM sync_sessions
             WHERE team = $1 AND device = $2 AND id = $3 AND touched >= $4",
            &[&team, &device, &id, &idle_before],
        )?;
        Ok(if held.is_some() {
            SessionTake::Busy
        } else {
            SessionTake::Missing
        })
    }

    fn open_session(
        &self,
        key: SessionKey,
        now: i64,
        idle_before: i64,
        caps: SessionCaps,
    ) -> Result<SessionOpen> {
        let (team, device, id) = key;
        let (team, device, id) = (
            team.as_bytes().as_slice(),
            device.as_bytes().as_slice(),
            id.as_slice(),
        );
        let mut client = self.client()?;
        // Prepared once per connection: the lock is held for as few round trips as
        // can be.
        let lock = client.prepared("SELECT pg_advisory_xact_lock($1)")?;
        let expire = client.prepared("DELETE FROM sync_sessions WHERE touched < $1")?;
        let exists = client
            .prepared("SELECT 1 FROM sync_sessions WHERE team = $1 AND device = $2 AND id = $3")?;
        let counts = client.prepared(
            "SELECT COUNT(*) FILTER (WHERE team = $1 AND device = $2),
                    COUNT(*) FILTER (WHERE team = $1),
                    COUNT(*)
             FROM sync_sessions",
        )?;
        let insert = client.prepared(
            "INSERT INTO sync_sessions (team, device, id, state, busy, touched)
             VALUES ($1, $2, $3, ''::bytea, TRUE, $4)",
        )?;
        let mut tx = client.transaction()?;
        tx.execute(&lock, &[&OPEN_LOCK])?;
        tx.execute(&expire, &[&idle_before])?;
        if tx.query_opt(&exists, &[&team, &device, &id])?.is_some() {
            return Ok(SessionOpen::Exists);
        }
        let row = tx.query_one(&counts, &[&team, &device])?;
        let (mine, mut theirs, mut all) = (count(row.get(0)), count(row.get(1)), count(row.get(2)));
        if mine >= caps.per_device {
            // A device syncs one session at a time: its idle sessions are ones whose
            // connection was cut. The oldest makes room.
            let freed = tx.execute(
                "DELETE FROM sync_sessions WHERE (team, device, id) IN
                 (SELECT team, device, id FROM sync_sessions
                  WHERE team = $1 AND device = $2 AND NOT busy ORDER BY touched LIMIT 1)",
                &[&team, &device],
            )?;
            if freed == 0 {
                return Ok(SessionOpen::DeviceFull);
            }
            theirs = theirs.saturating_sub(1);
            all = all.saturating_sub(1);
        }
        if theirs >= caps.per_team {
            tx.commit()?;
            return Ok(SessionOpen::TeamFull);
        }
        if all >= caps.max {
            tx.commit()?;
            return Ok(SessionOpen::HubFull);
        }
        tx.execute(&insert, &[&team, &device, &id, &now])?;
        tx.commit()?;
        Ok(SessionOpen::Opened)
    }

    fn put_session(&self, key: SessionKey, state: &[u8], now: i64) -> Result<()> {
        let (team, device, id) = key;
        self.client()?.execute_cached(
            "UPDATE sync_sessions SET state = $4, busy = FALSE, touched = $5
             WHERE team = $1 AND device = $2 AND id = $3",
            &[
                &team.as_bytes().as_slice(),
                &device.as_bytes().as_slice(),
                &id.as_slice(),
                &state,
                &now,
            ],
        )?;
        Ok(())
    }

    fn end_session(&self, key: SessionKey) -> Result<()> {
        let (team, device, id) = key;
        self.client()?.execute_cached(
            "DELETE FROM sync_sessions WHERE team = $1 AND device = $2 AND id = $3",
            &[
                &team.as_bytes().as_slice(),
                &device.as_bytes().as_slice(),
                &id.as_slice(),
            ],
        )?;
        Ok(())
    }
}
