use std::path::Path;

use rusqlite::params;

use super::*;
use crate::files::{Access, connect, connect_keyed};
use crate::schema;

/// SQLCipher's (and SQLite's) page size.
const PAGE: usize = 4096;

/// Pearson's chi-squared statistic of the byte frequencies of `bytes` against the
/// uniform distribution (255 degrees of freedom).
fn chi_squared(bytes: &[u8]) -> f64 {
    let mut counts = [0u64; 256];
    for &b in bytes {
        counts[usize::from(b)] += 1;
    }
    let expected = bytes.len() as f64 / 256.0;
    counts
        .iter()
        .map(|&c| (c as f64 - expected).powi(2) / expected)
        .sum()
}

/// The statistic a uniform source exceeds with probability about 1e-7 (Wilson and
/// Hilferty's approximation, z = 5.2): with a few hundred pages checked, random pages
/// fail it about once in ten thousand runs; a page of SQLite's plaintext scores in the
/// thousands.
fn critical_value() -> f64 {
    let k = 255.0_f64;
    let z = 5.2;
    k * (1.0 - 2.0 / (9.0 * k) + z * (2.0 / (9.0 * k)).sqrt()).powi(3)
}

/// Every page of the file at `path` passes the byte-frequency test, and none of
/// SQLite's magic or the vault's schema text is in it. Returns the pages checked.
pub(crate) fn assert_unreadable(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap();
    assert!(!bytes.is_empty(), "{} is empty", path.display());
    assert_eq!(
        bytes.len() % PAGE,
        0,
        "{} is not whole pages",
        path.display()
    );
    for (i, page) in bytes.chunks(PAGE).enumerate() {
        let chi = chi_squared(page);
        assert!(
            chi < critical_value(),
            "page {i} of {} is not random-looking (chi-squared {chi:.0})",
            path.display()
        );
    }
    for text in [
        &b"SQLite format 3"[..],
        b"CREATE TABLE",
        b"CREATE INDEX",
        b"records",
        b"record_index",
        b"envelopes",
        b"secrets",
        b"audit",
        b"header",
        b"note",
    ] {
        assert!(
            !bytes.windows(text.len()).any(|w| w == text),
            "{} holds {:?}",
            path.display(),
            String::from_utf8_lossy(text)
        );
    }
    bytes.len() / PAGE
}

/// A database with the vault's schema and rows in its plaintext columns, as a vault
/// of about a hundred notes holds them.
fn fill(conn: &mut Connection) {
    schema::migrate(conn).unwrap();
    let tx = conn.transaction().unwrap();
    tx.execute(
        "INSERT INTO header (id, format, vault_id, device_id, kdf_m_kib, kdf_t, kdf_p, salt,
                             uses_keystore, wrapped_master)
         VALUES (1, 1, zeroblob(16), zeroblob(16), 19456, 2, 1, zeroblob(16), 0, zeroblob(61))",
        [],
    )
    .unwrap();
    for i in 0..100u32 {
        tx.execute(
            "INSERT INTO records (id, kind, format, doc) VALUES (?1, 'note', 1, ?2)",
            params![i.to_be_bytes().to_vec(), vec![0u8; 300 + i as usize]],
        )
        .unwrap();
        tx.execute(
            "INSERT INTO envelopes (device, seq, epoch, bytes) VALUES (zeroblob(16), ?1, 1, ?2)",
            params![i, vec![7u8; 200]],
        )
        .unwrap();
    }
    tx.commit().unwrap();
}

fn key(n: u8) -> SecretKey {
    page_key(&SecretKey::from_bytes([n; 32]))
}

fn notes(conn: &Connection) -> i64 {
    conn.query_row(
        "SELECT count(*) FROM records WHERE kind = 'note'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn a_locked_encrypted_database_is_random_bytes_from_its_first_page() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    let mut conn = connect_keyed(&db, Access::Create, &key(1)).unwrap();
    fill(&mut conn);
    // While open, the log holds the written pages (encrypted too).
    let wal = dir.path().join("v.db-wal");
    assert!(wal.exists());
    close_locked(conn).unwrap();
    assert!(!wal.exists(), "the log outlived the lock");
    assert!(!dir.path().join("v.db-shm").exists());
    let pages = assert_unreadable(&db);
    assert!(pages > 20, "only {pages} pages were checked");
    // The key opens it again, with everything in place.
    let conn = connect_keyed(&db, Access::ReadWrite, &key(1)).unwrap();
    assert_eq!(notes(&conn), 100);
    assert_eq!(schema::version(&conn).unwrap(), schema::LATEST);
}

#[test]
fn the_test_tells_a_plaintext_database() {
    // The same database without a page key fails the byte-frequency test: the check
    // above can fail.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plain.db");
    let mut conn = connect(&db, Access::Create).unwrap();
    fill(&mut conn);
    close_locked(conn).unwrap();
    let outcome = std::panic::catch_unwind(|| assert_unreadable(&db));
    assert!(outcome.is_err(), "a plaintext database passed as random");
}

#[test]
fn a_wrong_or_missing_page_key_is_a_typed_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    let mut conn = connect_keyed(&db, Access::Create, &key(1)).unwrap();
    fill(&mut conn);
    close_locked(conn).unwrap();
    for access in [Access::ReadWrite, Access::ReadOnly] {
        let err = connect_keyed(&db, access, &key(2)).unwrap_err();
        assert!(matches!(err, Error::CorruptDatabase(_)), "{err:?}");
    }
    // Without a key SQLite sees no database at all.
    assert!(connect(&db, Access::ReadWrite).is_err());
}

#[test]
fn a_rekey_moves_every_page_to_the_new_key() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    let mut conn = connect_keyed(&db, Access::Create, &key(1)).unwrap();
    fill(&mut conn);
    rekey(&conn, &key(3)).unwrap();
    assert_eq!(notes(&conn), 100);
    close_locked(conn).unwrap();
    assert!(matches!(
        connect_keyed(&db, Access::ReadWrite, &key(1)),
        Err(Error::CorruptDatabase(_))
    ));
    let conn = connect_keyed(&db, Access::ReadWrite, &key(3)).unwrap();
    assert_eq!(notes(&conn), 100);
    close_locked(conn).unwrap();
    assert_unreadable(&db);
}

#[test]
fn a_plaintext_database_exports_into_an_encrypted_one() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.db");
    let encrypted = dir.path().join("encrypted.db");
    let mut conn = connect(&plain, Access::Create).unwrap();
    fill(&mut conn);
    export_encrypted(&conn, &encrypted, &key(4)).unwrap();
    // A second export never writes over the first.
    assert!(export_encrypted(&conn, &encrypted, &key(4)).is_err());
    close_locked(conn).unwrap();
    assert_unreadable(&encrypted);
    let conn = connect_keyed(&encrypted, Access::ReadWrite, &key(4)).unwrap();
    assert_eq!(notes(&conn), 100);
    assert_eq!(schema::version(&conn).unwrap(), schema::LATEST);
    // The copy's schema is exactly the vault's, so it passes the check at open.
    schema::check(&conn).unwrap();
}

#[test]
fn the_page_key_is_its_own_key() {
    let master = SecretKey::from_bytes([9; 32]);
    let page = page_key(&master);
    assert_eq!(page.expose(), page_key(&master).expose());
    assert_ne!(page.expose(), master.expose());
    assert_ne!(
        page.expose(),
        master.derive(b"senim/v1/record-key").expose()
    );
    let pragma = key_pragma("key", &page);
    assert_eq!(pragma.len(), "PRAGMA key = \"x'".len() + 64 + "'\";".len());
    assert!(pragma.starts_with("PRAGMA key = \"x'") && pragma.ends_with("'\";"));
    assert_eq!(
        pragma.capacity(),
        pragma.len(),
        "allocated once at its length"
    );
}

const CHILD_DB_ENV: &str = "SENIM_TEST_ENCRYPT_CHILD_DB";

/// Run by [`an_encryption_killed_at_any_moment_leaves_the_old_or_the_new_database`] in a
/// child process: encrypts the database it is given, says so, and waits to be killed.
#[test]
#[ignore = "a child process of the crash test"]
fn encrypt_child() {
    use std::io::Write;
    let Some(db) = std::env::var_os(CHILD_DB_ENV) else {
        return;
    };
    encrypt_in_place(Path::new(&db), &key(5)).unwrap();
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "ENCRYPTED");
    let _ = out.flush();
    loop {
        std::thread::park();
    }
}

/// What a killed encryption left: the old database or the new one, all rows in it.
fn outcome(db: &Path) -> &'static str {
    if is_plaintext(db).unwrap() {
        let conn = connect(db, Access::ReadWrite).unwrap();
        assert_eq!(notes(&conn), 100);
        schema::check(&conn).unwrap();
        "old"
    } else {
        let conn = connect_keyed(db, Access::ReadWrite, &key(5)).unwrap();
        assert_eq!(notes(&conn), 100);
        schema::check(&conn).unwrap();
        "new"
    }
}

#[test]
fn an_encryption_killed_at_any_moment_leaves_the_old_or_the_new_database() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let tmp = tempfile::tempdir().unwrap();
    let template = tmp.path().join("template.db");
    {
        let mut conn = connect(&template, Access::Create).unwrap();
        fill(&mut conn);
        // Bulk, so the copy takes long enough to be cut in the middle.
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
             INSERT INTO secrets (name, blob) SELECT 'bulk-' || i, randomblob(2000) FROM n",
            [],
        )
        .unwrap();
        close_locked(conn).unwrap();
    }
    let mut seen = std::collections::BTreeMap::new();
    // Kills from before the child starts to well after it is done, then one once it
    // said it was done.
    let delays_ms = (0..12).map(|i| Some(i * i * 12)).chain([None]);
    for (run, delay) in delays_ms.enumerate() {
        let dir = tmp.path().join(format!("run-{run}"));
        std::fs::create_dir(&dir).unwrap();
        let db = dir.join("v.db");
        std::fs::copy(&template, &db).unwrap();
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--ignored",
                "--exact",
                "pages::tests::encrypt_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_DB_ENV, &db)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        match delay {
            Some(ms) => std::thread::sleep(std::time::Duration::from_millis(ms)),
            None => {
                // Wait for the child to say it is done (a minute at most: never hang).
                let stdout = child.stdout.take().unwrap();
                let (tx, rx) = std::sync::mpsc::channel();
                std::thread::spawn(move || {
                    let done = BufReader::new(stdout)
                        .lines()
                        .any(|l| l.is_ok_and(|l| l.ends_with("ENCRYPTED")));
                    let _ = tx.send(done);
                });
                let done = rx.recv_timeout(std::time::Duration::from_secs(60));
                assert_eq!(done, Ok(true), "the child did not finish");
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        // A copy under way when the kill came: the kill cut the encryption short.
        if encrypting_path(&db).exists() {
            *seen.entry("cut during the copy").or_insert(0) += 1;
        }
        let what = outcome(&db);
        *seen.entry(what).or_insert(0) += 1;
        // The next attempt completes whatever the kill interrupted.
        encrypt_in_place(&db, &key(5)).unwrap();
        assert_eq!(outcome(&db), "new");
        assert!(!encrypting_path(&db).exists());
    }
    // The first kill comes before anything was written, the last after it was done.
    println!("kills: {seen:?}");
    assert!(
        seen.contains_key("old") && seen.contains_key("new"),
        "{seen:?}"
    );
}

/// A new, unlocked vault holding `n` short notes.
fn vault_with_notes(n: usize) -> (tempfile::TempDir, crate::Vault) {
    use senim_records::{OutreachNote, RecordBody};
    let dir = tempfile::tempdir().unwrap();
    let v = crate::Vault::create(
        dir.path(),
        b"correct horse",
        crate::CreateOptions::insecure_fast_for_tests(),
    )
    .unwrap();
    for i in 0..n {
        v.add(RecordBody::OutreachNote(OutreachNote {
            text: format!("met {i} workers from Osh at the Barakholka market, row 7"),
            place: Some("Barakholka".into()),
            location: None,
            tags: vec!["construction".into()],
            at: chrono::Utc::now(),
            subject: None,
        }))
        .unwrap();
    }
    (dir, v)
}

/// The proof on a whole vault directory (ADR 0033): after a lock, every page of
/// every database file the vault holds, the decoy's included, is random bytes with no
/// SQLite magic or schema text, and no write-ahead log is left beside them. The header
/// files are all the rest, each exactly its fixed size.
#[test]
fn every_page_of_every_file_of_a_locked_vault_is_random_bytes() {
    use crate::header_state::{DECOY_HEADER_FILE, HEADER_FILE};
    let (dir, mut v) = vault_with_notes(40);
    v.lock().unwrap();
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            crate::DECOY_FILE,
            DECOY_HEADER_FILE,
            crate::DB_FILE,
            HEADER_FILE
        ]
    );
    for db in [crate::DB_FILE, crate::DECOY_FILE] {
        assert!(assert_unreadable(&dir.path().join(db)) > 1);
    }
    for hdr in [HEADER_FILE, DECOY_HEADER_FILE] {
        assert_eq!(
            std::fs::metadata(dir.path().join(hdr)).unwrap().len(),
            crate::header_file::HEADER_FILE_LEN as u64
        );
    }
    // And it opens again with its passcode.
    v.unlock(b"correct horse").unwrap();
    assert_eq!(v.info().unwrap().records.unwrap().values().sum::<u64>(), 40);
}

/// Every page in a write-ahead log at `path` (after its 32-byte header, each frame's
/// 24-byte header and then the page) passes the byte-frequency test, and no text of
/// [`assert_unreadable`]'s is anywhere in the file. Returns the frames checked.
fn assert_log_unreadable(path: &Path) -> usize {
    const WAL_HEADER: usize = 32;
    const FRAME_HEADER: usize = 24;
    let bytes = std::fs::read(path).unwrap();
    let frames = bytes.get(WAL_HEADER..).unwrap_or_default();
    assert_eq!(
        frames.len() % (FRAME_HEADER + PAGE),
        0,
        "{}",
        path.display()
    );
    for (i, frame) in frames.chunks(FRAME_HEADER + PAGE).enumerate() {
        let chi = chi_squared(&frame[FRAME_HEADER..]);
        assert!(
            chi < critical_value(),
            "frame {i} of {} is not random-looking (chi-squared {chi:.0})",
            path.display()
        );
    }
    for text in [
        &b"SQLite format 3"[..],
        b"CREATE TABLE",
        b"records",
        b"header",
        b"note",
    ] {
        assert!(
            !bytes.windows(text.len()).any(|w| w == text),
            "{} holds {:?}",
            path.display(),
            String::from_utf8_lossy(text)
        );
    }
    frames.len() / (FRAME_HEADER + PAGE)
}

#[test]
fn the_logs_of_an_unlocked_vault_show_nothing_but_frame_headers() {
    let (dir, _open) = vault_with_notes(20);
    // Still open: the writes are in the logs (the decoy's too, which grows alike).
    for db in [crate::DB_FILE, crate::DECOY_FILE] {
        let log = dir.path().join(format!("{db}-wal"));
        assert!(assert_log_unreadable(&log) > 1, "{db}");
    }
}
