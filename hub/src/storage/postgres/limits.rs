//! Request budgets and registration tokens in the shared database (`budgets` and
//! `registration_tokens`, migration 3): what lets several hub instances enforce one
//! limit together.
//!
//! A budget is spent with one `INSERT … ON CONFLICT DO UPDATE … WHERE`: PostgreSQL locks
//! the bucket's row for the update, so instances spending one bucket at once are
//! serialised and never spend more than it holds; the refill is computed from the
//! database's clock, so instances whose clocks differ agree, and moving one instance's
//! clock gives a caller nothing. A token is used with one `DELETE … RETURNING`: at most
//! one instance gets the row.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::PostgresStorage;
use crate::storage::{BudgetKind, SharedLimits};
use crate::{RateLimit, Result};

/// Once per this many spends an instance deletes the buckets that are full again.
const SWEEP_EVERY: u64 = 1024;

static SPENDS: AtomicU64 = AtomicU64::new(0);

/// Spends one unit of a bucket (refilled on the database's clock), or creates it full
/// less one; no row when it is empty.
const SPEND: &str = "INSERT INTO budgets AS b (kind, key, tokens, updated)
     VALUES ($1::int2, $2::bytea, $4::float8 - 1, extract(epoch FROM clock_timestamp()))
     ON CONFLICT (kind, key) DO UPDATE SET
         tokens = LEAST($4::float8, b.tokens
             + GREATEST(0, EXCLUDED.updated - b.updated) * $3::float8) - 1,
         updated = GREATEST(b.updated, EXCLUDED.updated)
     WHERE LEAST($4::float8, b.tokens
             + GREATEST(0, EXCLUDED.updated - b.updated) * $3::float8) >= 1
     RETURNING tokens";

/// What an empty bucket holds now.
const HELD: &str = "SELECT LEAST($3::float8, tokens
         + GREATEST(0, extract(epoch FROM clock_timestamp()) - updated) * $4::float8)
     FROM budgets WHERE kind = $1::int2 AND key = $2::bytea";

/// Deletes a kind's buckets untouched for `$2` seconds (full again).
const SWEEP: &str = "DELETE FROM budgets
     WHERE kind = $1::int2 AND updated < extract(epoch FROM clock_timestamp()) - $2::float8";

impl SharedLimits for PostgresStorage {
    fn spend_budget(
        &self,
        kind: BudgetKind,
        key: &[u8],
        rate: RateLimit,
    ) -> Result<Option<Duration>> {
        let per_second = rate.per_second.max(f64::MIN_POSITIVE);
        let burst = f64::from(rate.burst.max(1));
        let code = kind.code();
        let mut client = self.client()?;
        if SPENDS.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            // A bucket untouched for burst / rate seconds is full: forgetting it
            // changes nothing.
            client.execute_cached(SWEEP, &[&code, &(burst / per_second)])?;
        }
        let spent = client.query_opt_cached(SPEND, &[&code, &key, &per_second, &burst])?;
        if spent.is_some() {
            return Ok(None);
        }
        // Empty: nothing was written. How long until it holds one unit again.
        let row = client.query_opt_cached(HELD, &[&code, &key, &burst, &per_second])?;
        let tokens: f64 = row.map_or(0.0, |r| r.get(0));
        let wait = ((1.0 - tokens) / per_second).clamp(1.0, 86_400.0);
        Ok(Some(Duration::from_secs_f64(wait)))
    }

    fn add_registration_token(&self, hash: &str) -> Result<()> {
        self.client()?.execute(
            "INSERT INTO registration_tokens (hash) VALUES ($1) ON CONFLICT DO NOTHING",
            &[&hash],
        )?;
        Ok(())
    }

    fn take_registration_token(&self, hash: &str) -> Result<bool> {
        let taken = self.client()?.query_opt(
            "DELETE FROM registration_tokens WHERE hash = $1 RETURNING 1",
            &[&hash],
        )?;
        Ok(taken.is_some())
    }
}
