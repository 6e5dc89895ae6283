use std::sync::{Arc, Barrier};

use rusqlite::{Connection, OpenFlags};

use super::*;

/// Each migration writes a row naming itself, so a test sees which ran, and how often.
const MIGRATIONS: Migrations = Migrations::new(&[
    Migration {
        version: 1,
        sql: "CREATE TABLE applied (version INTEGER NOT NULL); INSERT INTO applied VALUES (1);",
    },
    Migration {
        version: 2,
        sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY); INSERT INTO applied VALUES (2);",
    },
    Migration {
        version: 3,
        sql: "ALTER TABLE notes ADD COLUMN body BLOB; INSERT INTO applied VALUES (3);",
    },
]);

fn applied(conn: &Connection) -> Vec<u32> {
    let mut stmt = conn
        .prepare("SELECT version FROM applied ORDER BY rowid")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(|v| v.unwrap())
        .collect()
}

#[test]
fn an_empty_database_gets_every_migration_in_order() {
    let mut c = Connection::open_in_memory().unwrap();
    assert_eq!(version(&c).unwrap(), 0);
    MIGRATIONS.migrate(&mut c).unwrap();
    assert_eq!(version(&c).unwrap(), 3);
    assert_eq!(applied(&c), vec![1, 2, 3]);
}

#[test]
fn the_latest_version_is_the_last_migration() {
    assert_eq!(MIGRATIONS.latest(), 3);
    assert_eq!(MIGRATIONS.all().len(), 3);
}

#[test]
fn an_older_database_gets_only_the_migrations_it_lacks() {
    let mut c = Connection::open_in_memory().unwrap();
    MIGRATIONS.migrate_to(&mut c, 1).unwrap();
    assert_eq!(version(&c).unwrap(), 1);
    assert_eq!(applied(&c), vec![1]);
    MIGRATIONS.migrate(&mut c).unwrap();
    assert_eq!(applied(&c), vec![1, 2, 3]);
    MIGRATIONS.migrate(&mut c).unwrap();
    assert_eq!(applied(&c), vec![1, 2, 3], "nothing is applied twice");
}

#[test]
fn a_target_below_the_current_version_undoes_nothing() {
    let mut c = Connection::open_in_memory().unwrap();
    MIGRATIONS.migrate(&mut c).unwrap();
    MIGRATIONS.migrate_to(&mut c, 1).unwrap();
    assert_eq!(version(&c).unwrap(), 3);
    assert_eq!(applied(&c), vec![1, 2, 3]);
}

#[test]
fn a_target_no_migration_makes_is_refused() {
    let mut c = Connection::open_in_memory().unwrap();
    assert!(matches!(
        MIGRATIONS.migrate_to(&mut c, 4),
        Err(Error::UnknownTarget {
            target: 4,
            latest: 3
        })
    ));
    assert_eq!(version(&c).unwrap(), 0, "nothing was applied");
}

#[test]
fn a_database_from_a_newer_build_is_refused_and_left_as_it_is() {
    let mut c = Connection::open_in_memory().unwrap();
    c.pragma_update(None, "user_version", 4).unwrap();
    let err = MIGRATIONS.migrate(&mut c).unwrap_err();
    assert!(
        matches!(
            err,
            Error::TooNew {
                found: 4,
                supported: 3
            }
        ),
        "{err:?}"
    );
    assert_eq!(version(&c).unwrap(), 4);
    assert_eq!(
        schema_sql(&c).unwrap(),
        "",
        "no migration ran on a newer database"
    );
}

#[test]
fn a_failing_migration_is_rolled_back_whole_and_the_earlier_ones_stay() {
    const BROKEN: Migrations = Migrations::new(&[
        Migration {
            version: 1,
            sql: "CREATE TABLE a (x INTEGER);",
        },
        Migration {
            version: 2,
            sql: "CREATE TABLE b (x INTEGER); INSERT INTO missing VALUES (1);",
        },
    ]);
    let mut c = Connection::open_in_memory().unwrap();
    assert!(matches!(BROKEN.migrate(&mut c), Err(Error::Sqlite(_))));
    assert_eq!(version(&c).unwrap(), 1);
    assert_eq!(schema_sql(&c).unwrap(), "CREATE TABLE a (x INTEGER);\n");
}

#[test]
fn an_up_to_date_database_is_not_written_to() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    MIGRATIONS
        .migrate(&mut Connection::open(&path).unwrap())
        .unwrap();
    let mut read_only =
        Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    MIGRATIONS.migrate(&mut read_only).unwrap();
    assert_eq!(version(&read_only).unwrap(), 3);
}

#[test]
fn connections_migrating_one_database_at_once_apply_each_migration_once() {
    // A race: run it on several databases so a runner that applies a migration twice
    // is caught whatever the scheduling.
    let dir = tempfile::tempdir().unwrap();
    for round in 0..8 {
        let path = dir.path().join(format!("db{round}"));
        let threads = 6;
        let barrier = Arc::new(Barrier::new(threads));
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let path = path.clone();
                let barrier = barrier.clone();
                std::thread::spawn(move || {
                    let mut c = Connection::open(&path).unwrap();
                    c.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
                    barrier.wait();
                    MIGRATIONS.migrate(&mut c)
                })
            })
            .collect();
        for h in handles {
            h.join().unwrap().unwrap();
        }
        let c = Connection::open(&path).unwrap();
        assert_eq!(version(&c).unwrap(), 3);
        assert_eq!(applied(&c), vec![1, 2, 3]);
    }
}

#[test]
fn the_schema_text_is_sorted_and_leaves_out_sqlite_s_own_tables() {
    let c = Connection::open_in_memory().unwrap();
    c.execute_batch(
        "CREATE TABLE z (k TEXT PRIMARY KEY, v INTEGER); CREATE INDEX z_by_v ON z (v); \
         CREATE TABLE a (x INTEGER PRIMARY KEY AUTOINCREMENT);",
    )
    .unwrap();
    assert_eq!(
        schema_sql(&c).unwrap(),
        "CREATE INDEX z_by_v ON z (v);\n\
         CREATE TABLE a (x INTEGER PRIMARY KEY AUTOINCREMENT);\n\
         CREATE TABLE z (k TEXT PRIMARY KEY, v INTEGER);\n"
    );
}

#[test]
#[should_panic(expected = "numbered 1, 2, 3")]
fn a_list_with_a_gap_is_refused() {
    Migrations::new(&[
        Migration {
            version: 1,
            sql: "",
        },
        Migration {
            version: 3,
            sql: "",
        },
    ]);
}

#[test]
#[should_panic(expected = "numbered 1, 2, 3")]
fn a_list_not_starting_at_one_is_refused() {
    Migrations::new(&[Migration {
        version: 0,
        sql: "",
    }]);
}

#[test]
#[should_panic(expected = "at least one migration")]
fn an_empty_list_is_refused() {
    Migrations::new(&[]);
}

mod testing_assertions {
    use super::*;
    use crate::testing::*;

    #[test]
    fn a_schema_equal_to_its_snapshot_passes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latest.sql");
        let schema = fresh_schema(&MIGRATIONS);
        std::fs::write(&path, &schema).unwrap();
        assert_matches_snapshot(&schema, &path);
    }

    #[test]
    #[should_panic(expected = "at line 2")]
    fn a_schema_that_differs_from_its_snapshot_fails_naming_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latest.sql");
        std::fs::write(&path, "CREATE TABLE a (x);\nCREATE TABLE b (x);\n").unwrap();
        assert_matches_snapshot("CREATE TABLE a (x);\nCREATE TABLE b (y);\n", &path);
    }

    #[test]
    #[should_panic(expected = "at line 2")]
    fn a_schema_longer_than_its_snapshot_fails() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latest.sql");
        std::fs::write(&path, "CREATE TABLE a (x);\n").unwrap();
        assert_matches_snapshot("CREATE TABLE a (x);\nCREATE TABLE b (x);\n", &path);
    }

    #[test]
    fn the_fresh_schema_is_the_schema_after_every_migration() {
        assert_eq!(
            fresh_schema(&MIGRATIONS),
            "CREATE TABLE applied (version INTEGER NOT NULL);\n\
             CREATE TABLE notes (id INTEGER PRIMARY KEY, body BLOB);\n"
        );
    }

    #[test]
    fn every_older_schema_of_a_sound_list_migrates() {
        assert_every_older_schema_migrates(&MIGRATIONS);
    }
}

#[test]
fn a_schema_the_migrations_made_passes_the_check_at_every_version() {
    for target in 0..=3 {
        let mut c = Connection::open_in_memory().unwrap();
        MIGRATIONS.migrate_to(&mut c, target).unwrap();
        MIGRATIONS.check_schema(&c).unwrap();
    }
}

#[test]
fn a_planted_trigger_view_index_or_column_fails_the_check() {
    for planted in [
        "CREATE TRIGGER keep BEFORE UPDATE ON notes BEGIN SELECT RAISE(IGNORE); END;",
        "CREATE VIEW seen AS SELECT * FROM notes;",
        "CREATE INDEX by_body ON notes (body);",
        "ALTER TABLE notes ADD COLUMN copy BLOB;",
        "DROP TABLE applied;",
    ] {
        let mut c = Connection::open_in_memory().unwrap();
        MIGRATIONS.migrate(&mut c).unwrap();
        c.execute_batch(planted).unwrap();
        assert!(
            matches!(MIGRATIONS.check_schema(&c), Err(Error::UnexpectedSchema)),
            "{planted}"
        );
    }
}

#[test]
fn a_database_from_a_newer_build_is_too_new_for_the_check() {
    let c = Connection::open_in_memory().unwrap();
    c.pragma_update(None, "user_version", 9).unwrap();
    assert!(matches!(
        MIGRATIONS.check_schema(&c),
        Err(Error::TooNew { found: 9, .. })
    ));
}
