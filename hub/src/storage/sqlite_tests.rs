//! What is particular to SQLite: the schema, its migrations, the settings of the
//! connection. The contract every backend keeps is `super::super::conformance`,
//! run for this backend by `tests/storage_conformance.rs`.

use senim_migrate::testing;

use super::*;

const TEAM: TeamId = TeamId([1; 16]);
const DEV: DeviceId = DeviceId([2; 16]);
const REVOKED: DeviceId = DeviceId([3; 16]);
/// The schema version this build writes.
const SCHEMA_VERSION: u32 = MIGRATIONS.latest();

#[test]
fn the_schema_matches_its_snapshot() {
    let s = SqliteStorage::open_in_memory().unwrap();
    let schema = senim_migrate::schema_sql(&s.conn().unwrap()).unwrap();
    testing::assert_matches_snapshot(
        &schema,
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/schema/latest.sql"),
    );
}

#[test]
fn every_write_but_a_nonce_is_fsynced_at_commit() {
    let dir = tempfile::tempdir().unwrap();
    let s = SqliteStorage::open(&dir.path().join("hub")).unwrap();
    let synchronous = |s: &SqliteStorage| -> i64 {
        s.conn()
            .unwrap()
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap()
    };
    // 2 is FULL: an acknowledged envelope survives a power cut.
    assert_eq!(synchronous(&s), 2);
    assert!(s.remember_nonce(TEAM, &[4; 32], &[5; 16], 100, 0).unwrap());
    assert_eq!(
        synchronous(&s),
        2,
        "the nonce's NORMAL commit is not left on"
    );
    assert!(!s.remember_nonce(TEAM, &[4; 32], &[5; 16], 100, 0).unwrap());
    drop(s);
    let reopened = SqliteStorage::open(&dir.path().join("hub")).unwrap();
    assert!(
        !reopened
            .remember_nonce(TEAM, &[4; 32], &[5; 16], 100, 0)
            .unwrap(),
        "a nonce committed without its own fsync is still known after a restart"
    );
}

#[test]
fn every_older_schema_migrates_to_the_latest() {
    testing::assert_every_older_schema_migrates(&MIGRATIONS);
}

#[test]
fn a_newer_schema_is_refused_naming_both_versions() {
    let mut c = Connection::open_in_memory().unwrap();
    c.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    let err = HubError::from(MIGRATIONS.migrate(&mut c).unwrap_err());
    let HubError::Storage(reason) = err else {
        panic!("{err:?}");
    };
    assert_eq!(
        reason,
        format!(
            "the database has schema version {}; this hub reads up to {SCHEMA_VERSION}",
            SCHEMA_VERSION + 1
        )
    );
}

#[test]
fn a_database_from_a_newer_hub_is_refused_at_open_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    drop(SqliteStorage::open(&data).unwrap());
    let path = data.join(DATABASE_FILE);
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    assert!(matches!(
        SqliteStorage::open(&data),
        Err(HubError::Storage(_))
    ));
    let version: u32 = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION + 1);
}

/// Writes what a hub of schema `version` held: a team with two lists, a sealed
/// key, three envelopes of `DEV`, and (from schema 2) the revocation of `REVOKED`
/// keeping nothing.
fn write_older_database(path: &Path, version: u32) {
    let mut c = Connection::open(path).unwrap();
    MIGRATIONS.migrate_to(&mut c, version).unwrap();
    let team = TEAM.as_bytes().as_slice();
    c.execute("INSERT INTO teams (team) VALUES (?1)", params![team])
        .unwrap();
    for (v, list) in [(1, b"list 1"), (2, b"list 2")] {
        c.execute(
            "INSERT INTO memberships (team, version, epoch, list) VALUES (?1, ?2, ?3, ?4)",
            params![team, v, v - 1, &list[..]],
        )
        .unwrap();
    }
    let sealed = postcard::to_allocvec(&old_key()).unwrap();
    c.execute(
        "INSERT INTO sealed_keys (team, device, epoch, sealed) VALUES (?1, ?2, 1, ?3)",
        params![team, DEV.as_bytes().as_slice(), sealed],
    )
    .unwrap();
    for seq in 1..=3u8 {
        c.execute(
            "INSERT INTO envelopes (team, device, seq, epoch, bytes) VALUES (?1, ?2, ?3, 0, ?4)",
            params![team, DEV.as_bytes().as_slice(), seq, vec![seq; 8]],
        )
        .unwrap();
    }
    if version >= 2 {
        c.execute(
            "INSERT INTO revocations (team, device, last_seq) VALUES (?1, ?2, 0)",
            params![team, REVOKED.as_bytes().as_slice()],
        )
        .unwrap();
    }
}

fn old_key() -> SealedKey {
    SealedKey {
        team: TEAM,
        device: DEV,
        epoch: 1,
        ephemeral: [4; 32],
        blob: vec![5; 48],
    }
}

#[test]
fn a_database_of_every_older_schema_opens_with_what_it_held() {
    for version in 1..SCHEMA_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        prepare_dir(&data).unwrap();
        write_older_database(&data.join(DATABASE_FILE), version);
        let s = SqliteStorage::open(&data).unwrap();
        let migrated: u32 = s
            .conn()
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(migrated, SCHEMA_VERSION, "from schema {version}");
        assert_eq!(s.latest_version(TEAM).unwrap(), Some(2));
        assert_eq!(
            s.lists_after(TEAM, 0, usize::MAX).unwrap(),
            vec![(1, b"list 1".to_vec()), (2, b"list 2".to_vec())]
        );
        assert_eq!(s.sealed_keys(TEAM, DEV, 0).unwrap(), vec![old_key()]);
        assert_eq!(s.vector(TEAM).unwrap().get(DEV), 3);
        assert_eq!(
            s.envelope(TEAM, DEV, 2).unwrap(),
            Some(Slot::Envelope(vec![2; 8])),
            "an envelope from before stubs existed is not a stub (schema {version})"
        );
        assert_eq!(
            s.envelopes_after(TEAM, DEV, 0, usize::MAX).unwrap().len(),
            3
        );
        assert_eq!(s.last_order(TEAM).unwrap(), 0);
        let revoked = if version >= 2 {
            Append::Revoked
        } else {
            Append::Appended
        };
        assert_eq!(
            s.append_envelope(TEAM, REVOKED, 1, 0, b"x").unwrap(),
            revoked,
            "schema {version}"
        );
        // What the newer schema adds works on the migrated database.
        assert_eq!(
            s.append_order(TEAM, 1, b"purge", &[(DEV, 2)]).unwrap(),
            OrderAppend::Stored
        );
        assert_eq!(s.envelope(TEAM, DEV, 2).unwrap(), Some(Slot::Purged));
    }
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
