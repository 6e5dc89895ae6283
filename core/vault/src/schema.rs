//! The vault's schema: its numbered migrations (`migrations/NNNN_name.sql`), applied by
//! `senim-migrate` in order, one transaction each, the version in SQLite's
//! `user_version`.
//!
//! Owns the list of the vault's migrations and the mapping of the runner's errors to
//! the vault's (a vault from a newer build is [`Error::UnsupportedFormat`]). A migration
//! is never edited once released: a change is a new numbered file. The tests migrate
//! every older schema to the newest and compare it with a fresh one and with the
//! checked-in snapshot `core/vault/tests/schema/latest.sql`.

use std::sync::OnceLock;

use rusqlite::Connection;
use senim_migrate::{Migration, Migrations};

use crate::{Error, Result};

/// The vault's migrations. Version N is the schema after applying file N.
pub(crate) const MIGRATIONS: Migrations = Migrations::new(&[
    Migration {
        version: 1,
        sql: include_str!("migrations/0001_initial.sql"),
    },
    Migration {
        version: 2,
        sql: include_str!("migrations/0002_sync.sql"),
    },
    Migration {
        version: 3,
        sql: include_str!("migrations/0003_orders.sql"),
    },
    Migration {
        version: 4,
        sql: include_str!("migrations/0004_boot_clock.sql"),
    },
    Migration {
        version: 5,
        sql: include_str!("migrations/0005_quarantine.sql"),
    },
    Migration {
        version: 6,
        sql: include_str!("migrations/0006_chains_and_summaries.sql"),
    },
    Migration {
        version: 7,
        sql: include_str!("migrations/0007_search_index.sql"),
    },
    Migration {
        version: 8,
        sql: include_str!("migrations/0008_record_facts.sql"),
    },
    Migration {
        version: 9,
        sql: include_str!("migrations/0009_note_lengths.sql"),
    },
    Migration {
        version: 10,
        sql: include_str!("migrations/0010_merged_picture_facts.sql"),
    },
    Migration {
        version: 11,
        sql: include_str!("migrations/0011_counted_facts.sql"),
    },
    Migration {
        version: 12,
        sql: include_str!("migrations/0012_search_index_by_column.sql"),
    },
    Migration {
        version: 13,
        sql: include_str!("migrations/0013_summaries_in_lz4.sql"),
    },
]);

/// The schema version this build writes.
pub const LATEST: u32 = MIGRATIONS.latest();

pub(crate) fn version(conn: &Connection) -> Result<u32> {
    Ok(senim_migrate::version(conn)?)
}

/// Brings the schema up to the latest, one transaction per migration.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    Ok(MIGRATIONS.migrate(conn)?)
}

/// Checks that the database's schema is exactly what this build's migrations make at
/// its version. Anything else (a trigger or view planted by someone who once held the
/// file, which could silently undo a wipe's writes) is damage:
/// [`Error::CorruptDatabase`].
pub(crate) fn check(conn: &Connection) -> Result<()> {
    // The latest schema, the one every open vault has, is made once per process: the
    // check then costs one read of `sqlite_master` (a duress unlock in "destroy" mode
    // runs it too, and must take no longer than an ordinary unlock).
    static LATEST_SCHEMA: OnceLock<String> = OnceLock::new();
    if senim_migrate::version(conn)? != LATEST {
        return Ok(MIGRATIONS.check_schema(conn)?);
    }
    let expected = match LATEST_SCHEMA.get() {
        Some(s) => s,
        None => {
            let made = MIGRATIONS.schema_at(LATEST)?;
            LATEST_SCHEMA.get_or_init(|| made)
        }
    };
    if senim_migrate::schema_sql(conn)? != *expected {
        return Err(senim_migrate::Error::UnexpectedSchema.into());
    }
    Ok(())
}

/// The schema as SQL, sorted: what the snapshot test compares.
pub fn dump(conn: &Connection) -> Result<String> {
    Ok(senim_migrate::schema_sql(conn)?)
}

impl From<senim_migrate::Error> for Error {
    fn from(e: senim_migrate::Error) -> Self {
        match e {
            senim_migrate::Error::TooNew { found, supported } => {
                Error::UnsupportedFormat { found, supported }
            }
            senim_migrate::Error::UnexpectedSchema => Error::CorruptDatabase(
                "the database schema was changed outside Senim (objects were added or altered)"
                    .into(),
            ),
            senim_migrate::Error::Sqlite(e) => Error::from(e),
            other => Error::Storage(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::OptionalExtension;
    use senim_migrate::testing;

    use super::*;

    #[test]
    fn every_older_schema_migrates_to_the_latest() {
        testing::assert_every_older_schema_migrates(&MIGRATIONS);
    }

    #[test]
    fn the_latest_schema_matches_the_snapshot() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        testing::assert_matches_snapshot(
            &dump(&conn).unwrap(),
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/schema/latest.sql"),
        );
    }

    #[test]
    fn a_schema_from_a_newer_build_is_refused() {
        let mut c = Connection::open_in_memory().unwrap();
        c.pragma_update(None, "user_version", LATEST + 1).unwrap();
        assert!(matches!(
            migrate(&mut c),
            Err(Error::UnsupportedFormat { found, supported: LATEST }) if found == LATEST + 1
        ));
    }

    #[test]
    fn the_search_index_keeps_its_rows_and_settings_when_it_keeps_column_detail() {
        let mut c = Connection::open_in_memory().unwrap();
        MIGRATIONS.migrate_to(&mut c, 11).unwrap();
        c.execute_batch(
            "INSERT INTO record_index (rowid, terms) VALUES
                 (3, '_k_note паспорт паспорта рынок'),
                 (7, '_k_note passport market'),
                 (9, '_k_subject паспортный стол');",
        )
        .unwrap();
        let search = |c: &Connection, q: &str| -> Vec<i64> {
            c.prepare(
                "SELECT rowid FROM record_index WHERE record_index MATCH ?1
                 ORDER BY rowid DESC LIMIT 10",
            )
            .unwrap()
            .query_map(rusqlite::params![q], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
        };
        let queries = ["\"паспорт\"*", "\"_k_note\" AND \"market\"*", "\"стол\"*"];
        let before: Vec<Vec<i64>> = queries.iter().map(|q| search(&c, q)).collect();
        assert_eq!(before, vec![vec![9, 3], vec![7], vec![9]]);

        migrate(&mut c).unwrap();

        let after: Vec<Vec<i64>> = queries.iter().map(|q| search(&c, q)).collect();
        assert_eq!(after, before);
        let setting = |k: &str| -> Option<i64> {
            c.query_row("SELECT v FROM record_index_config WHERE k = ?1", [k], |r| {
                r.get(0)
            })
            .optional()
            .unwrap()
        };
        assert_eq!(
            setting("secure-delete"),
            Some(1),
            "deleted rows still leave at once"
        );
        let sql: String = c
            .query_row(
                "SELECT sql FROM sqlite_master WHERE name = 'record_index'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(sql.contains("detail = column"), "{sql}");
        // The copy the rows went through is gone; the trigger deletes with the record.
        let copies: i64 = c
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'record_index_rows'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(copies, 0);
        c.execute_batch(
            "INSERT INTO records (seq, id, kind, format, doc) VALUES (3, x'00', 'note', 1, x'00');
             DELETE FROM records WHERE seq = 3;",
        )
        .unwrap();
        assert_eq!(search(&c, "\"паспорт\"*"), vec![9]);
    }

    #[test]
    fn a_damaged_database_is_reported_as_damaged_while_migrating() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("damaged.db");
        std::fs::write(&path, [0x5a; 4096]).unwrap();
        let mut c = Connection::open(&path).unwrap();
        assert!(matches!(migrate(&mut c), Err(Error::CorruptDatabase(_))));
    }
}
