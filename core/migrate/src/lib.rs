//! Schema migrations for Senim's SQLite databases: the vault's (`senim-vault`) and the
//! hub's (`senim-hub`). Each owner keeps its numbered SQL files beside its code; this
//! crate applies them.
//!
//! Owns the one rule set both databases follow: migrations are numbered 1, 2, 3… without
//! gaps and applied in that order, each in its own transaction; SQLite's `user_version`
//! records the last one applied (0 for an empty database); a database whose version is
//! beyond the last migration a build knows (written by a newer build) is refused with
//! [`Error::TooNew`] and left as it is. A migration file is never edited once released:
//! a change is a new numbered file, and each owner checks its schema against a
//! checked-in snapshot (the `testing` module's assertions, behind the `testing` feature).
//!
//! It must never downgrade a schema, skip or repeat a migration, or leave a migration
//! half applied. It knows nothing of what the tables hold, and it opens no database
//! itself: the caller hands it a connection with its own settings (keys, pragmas).

use rusqlite::{Connection, TransactionBehavior};

/// What can go wrong while migrating.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The database's schema version is beyond the last migration this build knows: it
    /// was written by a newer build. Nothing was changed.
    #[error("the database has schema version {found}; this build knows up to {supported}")]
    TooNew { found: u32, supported: u32 },

    /// [`Migrations::migrate_to`] was asked for a version no migration makes.
    #[error("no migration makes schema version {target}; the latest is {latest}")]
    UnknownTarget { target: u32, latest: u32 },

    /// The database's schema is not the one these migrations make at its version:
    /// something was added (a trigger, a view, an index, a column), removed or changed
    /// by someone other than this program. Names no object: the caller decides how to
    /// treat a database someone tampered with.
    #[error("the database schema is not the one this program made (objects were added or changed)")]
    UnexpectedSchema,

    /// SQLite failed: reading the version, or running a migration (which was rolled
    /// back whole).
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One numbered migration: the SQL that turns schema `version - 1` into `version`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Migration {
    /// The schema version after this migration (the file's number).
    pub version: u32,
    /// The statements, run as one batch inside the migration's transaction.
    pub sql: &'static str,
}

/// A database's migrations, in order.
///
/// Built in a `const` item, so a list that is empty or not numbered 1, 2, 3… fails the
/// build:
///
/// ```
/// use senim_migrate::{Migration, Migrations};
///
/// const MIGRATIONS: Migrations = Migrations::new(&[
///     Migration { version: 1, sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY);" },
///     Migration { version: 2, sql: "ALTER TABLE notes ADD COLUMN body BLOB;" },
/// ]);
///
/// let mut conn = rusqlite::Connection::open_in_memory()?;
/// MIGRATIONS.migrate(&mut conn)?;
/// assert_eq!(senim_migrate::version(&conn)?, 2);
/// # Ok::<(), senim_migrate::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Migrations {
    list: &'static [Migration],
}

impl Migrations {
    /// The migrations of one database.
    ///
    /// # Panics
    ///
    /// When `list` is empty or its versions are not 1, 2, 3… in order (in a `const`
    /// item, at compile time).
    pub const fn new(list: &'static [Migration]) -> Self {
        assert!(!list.is_empty(), "a database needs at least one migration");
        let mut i = 0;
        while i < list.len() {
            assert!(
                list[i].version as usize == i + 1,
                "migrations are numbered 1, 2, 3… in order, without gaps"
            );
            i += 1;
        }
        Migrations { list }
    }

    /// The schema version the newest migration makes: what this build writes.
    pub const fn latest(&self) -> u32 {
        self.list[self.list.len() - 1].version
    }

    /// Every migration, in order.
    pub const fn all(&self) -> &'static [Migration] {
        self.list
    }

    /// Brings the schema up to the latest version. An empty database gets every
    /// migration; one at the latest version is not written to.
    ///
    /// # Errors
    ///
    /// [`Error::TooNew`] for a database from a newer build (nothing changes),
    /// [`Error::Sqlite`] when a migration fails (it is rolled back; the database stays
    /// at the version before it).
    pub fn migrate(&self, conn: &mut Connection) -> Result<()> {
        self.migrate_to(conn, self.latest())
    }

    /// Brings the schema up to `target`, one transaction per migration. A database at
    /// `target` or beyond (but not beyond the latest) is left as it is: nothing is ever
    /// undone. Each transaction takes the write lock first and reads the version again,
    /// so a migration another connection applied meanwhile is not applied twice.
    ///
    /// # Errors
    ///
    /// As [`migrate`](Self::migrate), and [`Error::UnknownTarget`] for a `target`
    /// beyond the latest.
    pub fn migrate_to(&self, conn: &mut Connection, target: u32) -> Result<()> {
        let latest = self.latest();
        if target > latest {
            return Err(Error::UnknownTarget { target, latest });
        }
        let current = self.checked_version(conn)?;
        for migration in self
            .list
            .iter()
            .filter(|m| m.version > current && m.version <= target)
        {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if self.checked_version(&tx)? >= migration.version {
                continue;
            }
            tx.execute_batch(migration.sql)?;
            tx.pragma_update(None, "user_version", migration.version)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// The schema ([`schema_sql`]) of an empty database brought to `version`.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownTarget`] for a version beyond the latest; [`Error::Sqlite`] when
    /// a migration fails on an empty in-memory database (a bug in a migration).
    pub fn schema_at(&self, version: u32) -> Result<String> {
        let mut conn = Connection::open_in_memory()?;
        self.migrate_to(&mut conn, version)?;
        schema_sql(&conn)
    }

    /// Checks that `conn`'s schema is exactly the one these migrations make at its
    /// version: no trigger, view, index, table or column added, removed or changed. A
    /// trigger planted by someone who once held the file (`RAISE(IGNORE)` on an update)
    /// could otherwise silently undo the writes a program relies on, such as a wipe's.
    ///
    /// # Errors
    ///
    /// [`Error::UnexpectedSchema`] when it differs, [`Error::TooNew`] for a database
    /// from a newer build, [`Error::Sqlite`] when the schema cannot be read.
    pub fn check_schema(&self, conn: &Connection) -> Result<()> {
        let found = self.checked_version(conn)?;
        if schema_sql(conn)? != self.schema_at(found)? {
            return Err(Error::UnexpectedSchema);
        }
        Ok(())
    }

    fn checked_version(&self, conn: &Connection) -> Result<u32> {
        let found = version(conn)?;
        let supported = self.latest();
        if found > supported {
            return Err(Error::TooNew { found, supported });
        }
        Ok(found)
    }
}

/// The database's schema version (`user_version`): the last migration applied, 0 for
/// an empty database.
pub fn version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// The schema as SQL: every table, index, trigger and view SQLite keeps the statement
/// of, sorted by type then name, each statement trimmed and followed by `;` and a
/// newline. Two databases with the same schema give the same text, whatever order it
/// was made in. What the snapshot tests compare.
pub fn schema_sql(conn: &Connection) -> Result<String> {
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

/// The assertions each database's schema tests make, shared so the vault and the hub
/// check the same things the same way. Test builds only (`testing` feature).
#[cfg(feature = "testing")]
pub mod testing {
    use std::path::Path;

    use rusqlite::Connection;

    use super::{Migrations, schema_sql, version};

    /// Set (to anything) to rewrite the snapshot instead of comparing with it.
    pub const UPDATE_SNAPSHOT_VAR: &str = "SENIM_UPDATE_SCHEMA_SNAPSHOT";

    /// The schema of an empty database after every migration.
    ///
    /// # Panics
    ///
    /// When a migration fails.
    pub fn fresh_schema(migrations: &Migrations) -> String {
        let mut conn = Connection::open_in_memory().expect("an in-memory database opens");
        migrations
            .migrate(&mut conn)
            .expect("every migration applies to an empty database");
        schema_sql(&conn).expect("the schema reads")
    }

    /// Checks `schema` against the snapshot file at `path`, or rewrites the file when
    /// [`UPDATE_SNAPSHOT_VAR`] is set.
    ///
    /// # Panics
    ///
    /// When they differ (naming the first line that does), or the file cannot be read
    /// or written.
    pub fn assert_matches_snapshot(schema: &str, path: impl AsRef<Path>) {
        let path = path.as_ref();
        if std::env::var_os(UPDATE_SNAPSHOT_VAR).is_some() {
            std::fs::write(path, schema)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
            return;
        }
        let snapshot = std::fs::read_to_string(path).unwrap_or_else(|e| {
            panic!(
                "cannot read the schema snapshot {}: {e} (write it with {UPDATE_SNAPSHOT_VAR}=1)",
                path.display()
            )
        });
        if snapshot == schema {
            return;
        }
        let mut expected = snapshot.lines();
        let mut found = schema.lines();
        let mut line = 1;
        loop {
            let (e, f) = (expected.next(), found.next());
            if e != f {
                panic!(
                    "the schema differs from its snapshot {} at line {line}:\n  snapshot: {}\n  schema:   {}\n\
                     Add a migration (a released one is never edited), then rewrite the snapshot \
                     with {UPDATE_SNAPSHOT_VAR}=1.",
                    path.display(),
                    e.unwrap_or("(end)"),
                    f.unwrap_or("(end)"),
                );
            }
            if e.is_none() {
                // Only line endings differ.
                panic!(
                    "the schema differs from its snapshot {} in its line endings",
                    path.display()
                );
            }
            line += 1;
        }
    }

    /// Stops a database at every older version (0 included), then migrates it to the
    /// latest: each stop records its version, and each ends with the schema a fresh
    /// database gets.
    ///
    /// # Panics
    ///
    /// When a version is not recorded or a schema differs, naming the version it
    /// started from.
    pub fn assert_every_older_schema_migrates(migrations: &Migrations) {
        let latest = fresh_schema(migrations);
        let starts = std::iter::once(0).chain(migrations.all().iter().map(|m| m.version));
        for from in starts {
            let mut conn = Connection::open_in_memory().expect("an in-memory database opens");
            migrations
                .migrate_to(&mut conn, from)
                .unwrap_or_else(|e| panic!("migrating to version {from}: {e}"));
            assert_eq!(version(&conn).unwrap(), from, "stopped at version {from}");
            migrations
                .migrate(&mut conn)
                .unwrap_or_else(|e| panic!("migrating from version {from}: {e}"));
            assert_eq!(
                version(&conn).unwrap(),
                migrations.latest(),
                "migrated from version {from}"
            );
            assert_eq!(
                schema_sql(&conn).unwrap(),
                latest,
                "migrating from version {from}"
            );
        }
    }
}

#[cfg(test)]
mod tests;
