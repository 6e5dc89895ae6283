//! The PostgreSQL schema's numbered migrations (`migrations/NNNN_name.sql`), applied in
//! order at open, each in its own transaction with its version recorded in
//! `hub_schema_version` in that same transaction: a migration is applied whole or not
//! at all. Several hub instances starting at once over one database take a
//! transaction-scoped advisory lock first, so exactly one applies each migration and
//! the others find it applied. A database whose version is beyond the last migration
//! this build knows (written by a newer hub) is refused and left as it is. A migration
//! file is never edited once released: a change is a new numbered file.

use postgres::Client;

use crate::{HubError, Result};

/// One numbered migration: the SQL that turns schema `version - 1` into `version`.
pub(crate) struct PgMigration {
    pub version: i64,
    pub sql: &'static str,
}

/// The hub's PostgreSQL migrations, numbered 1, 2, 3… without gaps.
pub(crate) const MIGRATIONS: &[PgMigration] = &[
    PgMigration {
        version: 1,
        sql: include_str!("migrations/0001_initial.sql"),
    },
    PgMigration {
        version: 2,
        sql: include_str!("migrations/0002_sync_sessions.sql"),
    },
    PgMigration {
        version: 3,
        sql: include_str!("migrations/0003_limits.sql"),
    },
];

/// The advisory lock key the migrations of a database are applied under (an arbitrary
/// constant: "senimhub" in ASCII).
const MIGRATION_LOCK: i64 = 0x7365_6e69_6d68_7562;

/// The schema version this build writes.
pub(crate) fn latest() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// The schema version of the database (0 when nothing was applied).
pub(crate) fn version(client: &mut Client) -> Result<i64> {
    let exists: bool = client
        .query_one("SELECT to_regclass('hub_schema_version') IS NOT NULL", &[])
        .map_err(|e| super::storage_error(&e))?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let v: Option<i64> = client
        .query_one("SELECT MAX(version) FROM hub_schema_version", &[])
        .map_err(|e| super::storage_error(&e))?
        .get(0);
    Ok(v.unwrap_or(0))
}

/// Applies every migration after the database's version, up to `target`.
pub(crate) fn migrate_to(client: &mut Client, target: i64) -> Result<()> {
    for migration in MIGRATIONS.iter().filter(|m| m.version <= target) {
        let mut tx = client.transaction().map_err(|e| super::storage_error(&e))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .map_err(|e| super::storage_error(&e))?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS hub_schema_version (version BIGINT PRIMARY KEY)",
        )
        .map_err(|e| super::storage_error(&e))?;
        let current: Option<i64> = tx
            .query_one("SELECT MAX(version) FROM hub_schema_version", &[])
            .map_err(|e| super::storage_error(&e))?
            .get(0);
        let current = current.unwrap_or(0);
        if current > latest() {
            return Err(HubError::Storage(format!(
                "the database has schema version {current}; this hub reads up to {}",
                latest()
            )));
        }
        if current >= migration.version {
            tx.commit().map_err(|e| super::storage_error(&e))?;
            continue;
        }
        tx.batch_execute(migration.sql)
            .map_err(|e| super::storage_error(&e))?;
        tx.execute(
            "INSERT INTO hub_schema_version (version) VALUES ($1)",
            &[&migration.version],
        )
        .map_err(|e| super::storage_error(&e))?;
        tx.commit().map_err(|e| super::storage_error(&e))?;
    }
    // A database from a newer hub, with every migration here applied long ago.
    let found = version(client)?;
    if found > latest() {
        return Err(HubError::Storage(format!(
            "the database has schema version {found}; this hub reads up to {}",
            latest()
        )));
    }
    Ok(())
}

/// The schema as text, one line per column, constraint and index, sorted: what the
/// snapshot test compares (`hub/tests/schema/postgres.txt`).
#[cfg(test)]
pub(crate) fn schema_text(client: &mut Client) -> Result<String> {
    let mut lines: Vec<String> = Vec::new();
    let columns = client
        .query(
            "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text,
                    COALESCE(column_default, '')::text
             FROM information_schema.columns WHERE table_schema = current_schema()",
            &[],
        )
        .map_err(|e| super::storage_error(&e))?;
    for r in columns {
        let (t, c, ty, null, default): (String, String, String, String, String) =
            (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4));
        let null = if null == "YES" { "" } else { " NOT NULL" };
        let default = if default.is_empty() {
            String::new()
        } else {
            format!(" DEFAULT {default}")
        };
        lines.push(format!("column {t}.{c} {ty}{null}{default}"));
    }
    let constraints = client
        .query(
            "SELECT c.conrelid::regclass::text, pg_get_constraintdef(c.oid)
             FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
             WHERE n.nspname = current_schema()",
            &[],
        )
        .map_err(|e| super::storage_error(&e))?;
    for r in constraints {
        let (t, def): (String, String) = (r.get(0), r.get(1));
        lines.push(format!("constraint {t} {def}"));
    }
    let indexes = client
        .query(
            "SELECT tablename::text, indexdef::text FROM pg_indexes WHERE schemaname = current_schema()",
            &[],
        )
        .map_err(|e| super::storage_error(&e))?;
    let schema: String = client
        .query_one("SELECT current_schema()::text", &[])
        .map_err(|e| super::storage_error(&e))?
        .get(0);
    for r in indexes {
        let (t, def): (String, String) = (r.get(0), r.get(1));
        // The schema's name differs from one database (and test) to another.
        let def = def.replace(&format!(" {schema}."), " ");
        lines.push(format!("index {t} {def}"));
    }
    lines.sort();
    Ok(lines.join("\n") + "\n")
}
