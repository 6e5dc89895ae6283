//! Numbered schema migrations, applied in order, one transaction each; the schema
//! version is SQLite's `user_version`.
//!
//! A migration is never edited once released: a change is a new numbered file. The
//! tests migrate every older schema to the newest and compare it with a fresh one and
//! with the checked-in snapshot `core/vault/tests/schema/latest.sql`.

use rusqlite::Connection;

use crate::{Error, Result};

/// `(version, sql)` in order. Version N is the schema after applying file N.
pub(crate) const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("migrations/0001_initial.sql")),
    (2, include_str!("migrations/0002_sync.sql")),
    (3, include_str!("migrations/0003_orders.sql")),
];

/// The schema version this build writes.
pub const LATEST: u32 = MIGRATIONS[MIGRATIONS.len() - 1].0;

pub(crate) fn version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the schema up to `target`, one transaction per migration.
pub(crate) fn migrate_to(conn: &mut Connection, target: u32) -> Result<()> {
    let current = version(conn)?;
    if current > LATEST {
        return Err(Error::UnsupportedFormat {
            found: current,
            supported: LATEST,
        });
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

pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, LATEST)
}

/// The schema as SQL, sorted: what the snapshot test compares.
pub fn dump(conn: &Connection) -> Result<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh() -> Connection {
        let mut c = Connection::open_in_memory().unwrap();
        migrate(&mut c).unwrap();
        c
    }

    #[test]
    fn every_older_schema_migrates_to_the_latest() {
        let latest = dump(&fresh()).unwrap();
        for (from, _) in std::iter::once((0, "")).chain(MIGRATIONS.iter().copied()) {
            let mut c = Connection::open_in_memory().unwrap();
            migrate_to(&mut c, from).unwrap();
            assert_eq!(version(&c).unwrap(), from);
            migrate(&mut c).unwrap();
            assert_eq!(version(&c).unwrap(), LATEST);
            assert_eq!(dump(&c).unwrap(), latest, "migrating from version {from}");
        }
    }

    #[test]
    fn the_latest_schema_matches_the_snapshot() {
        let snapshot = include_str!("../tests/schema/latest.sql");
        let current = dump(&fresh()).unwrap();
        if std::env::var_os("SENIM_UPDATE_SCHEMA_SNAPSHOT").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/schema/latest.sql");
            std::fs::write(path, &current).unwrap();
            return;
        }
        assert_eq!(
            current, snapshot,
            "schema changed: add a migration and update core/vault/tests/schema/latest.sql"
        );
    }

    #[test]
    fn a_schema_from_a_newer_build_is_refused() {
        let mut c = Connection::open_in_memory().unwrap();
        c.pragma_update(None, "user_version", LATEST + 1).unwrap();
        assert!(matches!(
            migrate(&mut c),
            Err(Error::UnsupportedFormat { .. })
        ));
    }
}
