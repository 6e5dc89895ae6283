//! Someone holding the vault file edits it: moves, alters or relabels encrypted
//! records, damages the header, truncates or replaces the database. Every change is a
//! typed error (never a panic, never data returned as if nothing happened, never a
//! silently recreated vault).

use crate::common;

use std::path::Path;
use std::sync::Arc;

use senim_records::{RecordId, RecordKind};
use senim_vault::{CreateOptions, Error, KdfParams, SoftwareKeyStore, Vault};

use common::{
    PASSCODE, create_vault, db_path, db_sidecar, list_all, lock_and_close, note, note_text,
    open_unlocked, random_u64, with_raw_db,
};

// ---- helpers --------------------------------------------------------------------------

/// A closed vault holding one note per text, returned with the notes' ids.
fn vault_with_notes(dir: &Path, texts: &[&str]) -> Vec<RecordId> {
    let vault = create_vault(dir);
    let ids = texts.iter().map(|t| vault.add(note(t)).unwrap()).collect();
    lock_and_close(vault);
    ids
}

fn raw_blob(dir: &Path, id: RecordId) -> Vec<u8> {
    with_raw_db(dir, |c| {
        c.query_row(
            "SELECT doc FROM records WHERE id = ?1",
            [id.as_bytes().to_vec()],
            |r| r.get(0),
        )
        .unwrap()
    })
}

fn set_raw_blob(dir: &Path, id: RecordId, blob: &[u8]) {
    with_raw_db(dir, |c| {
        let n = c
            .execute(
                "UPDATE records SET doc = ?1 WHERE id = ?2",
                rusqlite::params![blob, id.as_bytes().to_vec()],
            )
            .unwrap();
        assert_eq!(n, 1);
    })
}

fn exec_raw(dir: &Path, sql: &str, params: impl rusqlite::Params) -> usize {
    with_raw_db(dir, |c| c.execute(sql, params).unwrap())
}

/// `get` refuses the record as tampered, and `list` reports it as damaged without
/// returning it.
fn assert_tampered(vault: &Vault, id: RecordId) {
    match vault.get(id) {
        Err(Error::RecordTampered { id: reported }) => assert_eq!(reported, id.to_string()),
        other => panic!("get of a tampered record gave {other:?}"),
    }
    let (records, damaged) = list_all(vault);
    assert!(damaged.contains(&id), "list reports {id} as damaged");
    assert!(
        records.iter().all(|r| r.id != id),
        "list returns no data for the tampered record"
    );
}

/// Opens and unlocks, returning the first error.
fn open_and_unlock(dir: &Path) -> Result<Vault, Error> {
    let mut vault = Vault::open(dir, None)?;
    vault.unlock(PASSCODE)?;
    Ok(vault)
}

/// A closed vault whose header has been edited by `sql`.
fn vault_with_edited_header(sql: &str, params: impl rusqlite::Params) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    vault_with_notes(tmp.path(), &["before the header was edited"]);
    assert_eq!(exec_raw(tmp.path(), sql, params), 1);
    tmp
}

fn assert_refused_as_wrong_passcode_or_corrupt(dir: &Path, what: &str) {
    match open_and_unlock(dir) {
        Err(Error::WrongPasscode { .. } | Error::CorruptHeader(_)) => {}
        Ok(_) => panic!("{what}: the vault unlocked anyway"),
        Err(other) => panic!("{what}: expected WrongPasscode or CorruptHeader, got {other:?}"),
    }
}

// ---- records --------------------------------------------------------------------------

#[test]
fn a_record_blob_moved_to_another_row_is_detected() {
    let tmp = tempfile::tempdir().unwrap();
    let ids = vault_with_notes(tmp.path(), &["note A", "note B", "note C"]);
    let (a, b) = (ids[0], ids[1]);
    let n = exec_raw(
        tmp.path(),
        "UPDATE records SET doc = (SELECT doc FROM records WHERE id = ?1) WHERE id = ?2",
        [a.as_bytes().to_vec(), b.as_bytes().to_vec()],
    );
    assert_eq!(n, 1);

    let vault = open_unlocked(tmp.path());
    assert_tampered(&vault, b);
    assert_eq!(note_text(&vault.get(a).unwrap().body), "note A");
    let (records, damaged) = list_all(&vault);
    assert_eq!(damaged, vec![b]);
    assert_eq!(records.len(), 2);
}

#[test]
fn two_record_blobs_swapped_are_both_detected() {
    let tmp = tempfile::tempdir().unwrap();
    let ids = vault_with_notes(tmp.path(), &["note A", "note B"]);
    let (blob_a, blob_b) = (raw_blob(tmp.path(), ids[0]), raw_blob(tmp.path(), ids[1]));
    set_raw_blob(tmp.path(), ids[0], &blob_b);
    set_raw_blob(tmp.path(), ids[1], &blob_a);

    let vault = open_unlocked(tmp.path());
    assert_tampered(&vault, ids[0]);
    assert_tampered(&vault, ids[1]);
}

#[test]
fn flipping_one_byte_anywhere_in_a_record_blob_is_detected() {
    let tmp = tempfile::tempdir().unwrap();
    let texts = ["version byte", "nonce", "first", "middle", "last"];
    let ids = vault_with_notes(tmp.path(), &texts);
    // Version byte, inside the nonce, start of the ciphertext, middle, last tag byte.
    let positions: [fn(usize) -> usize; 5] = [|_| 0, |_| 5, |_| 13, |len| len / 2, |len| len - 1];
    for (id, pos) in ids.iter().zip(positions) {
        let mut blob = raw_blob(tmp.path(), *id);
        let at = pos(blob.len());
        blob[at] ^= 0x01;
        set_raw_blob(tmp.path(), *id, &blob);
    }
    let untouched = vault_with_notes_in_same_vault(tmp.path(), "added afterwards");

    let vault = open_unlocked(tmp.path());
    for id in &ids {
        assert_tampered(&vault, *id);
    }
    let (records, mut damaged) = list_all(&vault);
    damaged.sort();
    let mut expected = ids.clone();
    expected.sort();
    assert_eq!(damaged, expected);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].id, untouched);
}

fn vault_with_notes_in_same_vault(dir: &Path, text: &str) -> RecordId {
    let vault = open_unlocked(dir);
    let id = vault.add(note(text)).unwrap();
    lock_and_close(vault);
    id
}

#[test]
fn a_truncated_or_emptied_record_blob_is_detected() {
    let tmp = tempfile::tempdir().unwrap();
    let ids = vault_with_notes(tmp.path(), &["cut short", "emptied", "one byte"]);
    let blob = raw_blob(tmp.path(), ids[0]);
    set_raw_blob(tmp.path(), ids[0], &blob[..blob.len() - 1]);
    set_raw_blob(tmp.path(), ids[1], &[]);
    set_raw_blob(tmp.path(), ids[2], &[1]);

    let vault = open_unlocked(tmp.path());
    for id in ids {
        assert_tampered(&vault, id);
    }
}

#[test]
fn a_record_blob_replaced_by_a_value_of_another_type_is_detected() {
    let tmp = tempfile::tempdir().unwrap();
    let ids = vault_with_notes(tmp.path(), &["blob becomes text", "blob becomes a number"]);
    exec_raw(
        tmp.path(),
        "UPDATE records SET doc = 'not a blob' WHERE id = ?1",
        [ids[0].as_bytes().to_vec()],
    );
    exec_raw(
        tmp.path(),
        "UPDATE records SET doc = 42 WHERE id = ?1",
        [ids[1].as_bytes().to_vec()],
    );

    let vault = open_unlocked(tmp.path());
    assert_tampered(&vault, ids[0]);
    assert_tampered(&vault, ids[1]);
}

#[test]
fn changing_a_records_kind_column_is_detected() {
    let tmp = tempfile::tempdir().unwrap();
    let ids = vault_with_notes(tmp.path(), &["a note posing as a subject"]);
    let n = exec_raw(
        tmp.path(),
        "UPDATE records SET kind = ?1 WHERE id = ?2",
        rusqlite::params![RecordKind::Subject.as_str(), ids[0].as_bytes().to_vec()],
    );
    assert_eq!(n, 1);

    let vault = open_unlocked(tmp.path());
    assert_tampered(&vault, ids[0]);
}

#[test]
fn an_unknown_kind_in_the_kind_column_is_reported_as_damage() {
    let tmp = tempfile::tempdir().unwrap();
    let ids = vault_with_notes(tmp.path(), &["kind becomes nonsense"]);
    exec_raw(
        tmp.path(),
        "UPDATE records SET kind = 'bogus' WHERE id = ?1",
        [ids[0].as_bytes().to_vec()],
    );

    let vault = open_unlocked(tmp.path());
    assert!(matches!(
        vault.get(ids[0]),
        Err(Error::RecordTampered { .. } | Error::MalformedRecord { .. })
    ));
    let (records, damaged) = list_all(&vault);
    assert_eq!(damaged, vec![ids[0]]);
    assert!(records.is_empty());
}

#[test]
fn lowering_a_records_format_column_is_detected() {
    let tmp = tempfile::tempdir().unwrap();
    let ids = vault_with_notes(tmp.path(), &["format downgraded"]);
    exec_raw(
        tmp.path(),
        "UPDATE records SET format = 0 WHERE id = ?1",
        [ids[0].as_bytes().to_vec()],
    );

    let vault = open_unlocked(tmp.path());
    assert_tampered(&vault, ids[0]);
}

#[test]
fn raising_one_records_format_column_does_not_break_the_listing() {
    let tmp = tempfile::tempdir().unwrap();
    let ids = vault_with_notes(tmp.path(), &["format raised", "an innocent neighbour"]);
    exec_raw(
        tmp.path(),
        "UPDATE records SET format = 99 WHERE id = ?1",
        [ids[0].as_bytes().to_vec()],
    );

    let vault = open_unlocked(tmp.path());
    assert!(matches!(
        vault.get(ids[0]),
        Err(Error::UnsupportedFormat { found: 99, .. } | Error::RecordTampered { .. })
    ));
    let page = vault
        .list(
            &senim_records::RecordFilter::default(),
            &senim_records::PageRequest::default(),
        )
        .expect("one unreadable row must not hide every other record");
    assert_eq!(page.damaged, vec![ids[0]]);
    assert_eq!(page.records.len(), 1);
    assert_eq!(page.records[0].id, ids[1]);
}

// ---- header ---------------------------------------------------------------------------

#[test]
fn an_altered_salt_makes_unlock_fail() {
    let tmp = vault_with_edited_header(
        "UPDATE header SET salt = ?1 WHERE id = 1",
        [vec![0x42u8; 16]],
    );
    assert_refused_as_wrong_passcode_or_corrupt(tmp.path(), "altered salt");
}

#[test]
fn a_salt_of_the_wrong_length_is_a_corrupt_header() {
    let tmp = vault_with_edited_header("UPDATE header SET salt = ?1 WHERE id = 1", [vec![1u8; 3]]);
    assert!(matches!(
        open_and_unlock(tmp.path()),
        Err(Error::CorruptHeader(_))
    ));
}

#[test]
fn altered_kdf_parameters_make_unlock_fail() {
    let fast = KdfParams::INSECURE_FAST_FOR_TESTS;
    let owasp = KdfParams::OWASP_MINIMUM;
    let cases: [(&str, i64); 8] = [
        // Plausible values that pass the range check: the unwrap must fail.
        ("kdf_m_kib", owasp.m_cost_kib as i64),
        ("kdf_t", owasp.t_cost as i64 + 1),
        // Values out of range or of the wrong sign.
        ("kdf_m_kib", fast.m_cost_kib as i64 + 1),
        ("kdf_t", 0),
        ("kdf_p", 0),
        ("kdf_p", 1000),
        ("kdf_m_kib", -1),
        ("kdf_m_kib", u32::MAX as i64 + 1),
    ];
    for (column, value) in cases {
        let tmp = vault_with_edited_header(
            &format!("UPDATE header SET {column} = ?1 WHERE id = 1"),
            [value],
        );
        assert_refused_as_wrong_passcode_or_corrupt(tmp.path(), &format!("{column} = {value}"));
    }
    // Both at once, to the OWASP minimum: passes the checks, must still not unlock.
    let tmp = vault_with_edited_header(
        "UPDATE header SET kdf_m_kib = ?1, kdf_t = ?2, kdf_p = ?3 WHERE id = 1",
        [owasp.m_cost_kib, owasp.t_cost, owasp.p_cost],
    );
    assert!(matches!(
        open_and_unlock(tmp.path()),
        Err(Error::WrongPasscode { .. })
    ));
}

#[test]
fn a_kdf_parameter_of_the_wrong_type_is_a_corrupt_header() {
    let tmp = vault_with_edited_header("UPDATE header SET kdf_t = 'two' WHERE id = 1", []);
    assert!(matches!(
        open_and_unlock(tmp.path()),
        Err(Error::CorruptHeader(_))
    ));
}

#[test]
fn an_altered_wrapped_master_key_or_vault_id_makes_unlock_fail() {
    let tmp = vault_with_edited_header(
        "UPDATE header SET wrapped_master = substr(wrapped_master, 1, 20) || x'00' || substr(wrapped_master, 22) WHERE id = 1",
        [],
    );
    assert_refused_as_wrong_passcode_or_corrupt(tmp.path(), "altered wrapped master key");

    let tmp = vault_with_edited_header(
        "UPDATE header SET vault_id = ?1 WHERE id = 1",
        [vec![7u8; 16]],
    );
    assert_refused_as_wrong_passcode_or_corrupt(tmp.path(), "altered vault id");
}

#[test]
fn clearing_the_key_store_flag_does_not_unlock_without_the_device_secret() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, keys) = (tmp.path().join("vault"), tmp.path().join("keys"));
    let options = CreateOptions {
        keystore: Some(Arc::new(SoftwareKeyStore::in_dir(&keys))),
        ..CreateOptions::insecure_fast_for_tests()
    };
    lock_and_close(Vault::create(&dir, PASSCODE, options).unwrap());
    exec_raw(&dir, "UPDATE header SET uses_keystore = 0 WHERE id = 1", []);
    assert_refused_as_wrong_passcode_or_corrupt(&dir, "key store flag cleared");
}

#[test]
fn a_deleted_header_row_is_a_corrupt_header() {
    let tmp = vault_with_edited_header("DELETE FROM header WHERE id = 1", []);
    assert!(matches!(
        Vault::open(tmp.path(), None),
        Err(Error::CorruptHeader(_))
    ));
    assert!(matches!(
        Vault::inspect(tmp.path()),
        Err(Error::CorruptHeader(_))
    ));
}

#[test]
fn a_header_from_a_newer_format_is_refused_as_unsupported() {
    let tmp = vault_with_edited_header("UPDATE header SET format = 99 WHERE id = 1", []);
    assert!(matches!(
        Vault::open(tmp.path(), None),
        Err(Error::UnsupportedFormat { found: 99, .. })
    ));
}

// ---- the database file ----------------------------------------------------------------

#[test]
fn a_database_truncated_to_half_is_a_typed_error_not_a_new_vault() {
    let tmp = tempfile::tempdir().unwrap();
    let original = tmp.path().join("original");
    let text = "x".repeat(2000);
    let texts: Vec<String> = (0..200).map(|i| format!("{i} {text}")).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    vault_with_notes(&original, &refs);
    assert!(
        !db_sidecar(&original, "-wal").exists(),
        "closing the vault checkpoints and removes the write-ahead log"
    );
    let full = std::fs::metadata(db_path(&original)).unwrap().len();
    assert!(
        full > 128 * 1024,
        "the database is big enough to cut: {full}"
    );

    for cut in [full / 2, full / 4, full - 4096, 4096, 100] {
        let dir = tmp.path().join(format!("cut-{cut}"));
        std::fs::create_dir(&dir).unwrap();
        let db = db_path(&dir);
        std::fs::copy(db_path(&original), &db).unwrap();
        std::fs::OpenOptions::new()
            .write(true)
            .open(&db)
            .unwrap()
            .set_len(cut)
            .unwrap();

        let outcome = (|| -> Result<(usize, usize), Error> {
            let vault = open_and_unlock(&dir)?;
            let counts = list_all_checked(&vault)?;
            vault.audit_verify()?;
            Ok(counts)
        })();
        match outcome {
            Err(Error::CorruptDatabase(_) | Error::CorruptHeader(_)) => {}
            Ok((records, damaged)) => panic!(
                "cut to {cut} of {full} bytes: opened and listed {records} records \
                 ({damaged} damaged) without an error"
            ),
            Err(other) => {
                panic!(
                    "cut to {cut} of {full} bytes: expected CorruptDatabase or CorruptHeader, got {other:?}"
                )
            }
        }
        assert!(
            std::fs::metadata(&db).unwrap().len() <= cut.max(4096),
            "cut to {cut}: the damaged file was not replaced by a new vault"
        );
    }
}

#[test]
fn an_empty_database_file_is_a_corrupt_database() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(db_path(tmp.path()), b"").unwrap();
    assert!(matches!(
        Vault::open(tmp.path(), None),
        Err(Error::CorruptDatabase(_))
    ));
    assert!(matches!(
        Vault::create(
            tmp.path(),
            PASSCODE,
            CreateOptions::insecure_fast_for_tests()
        ),
        Err(Error::VaultExists)
    ));
}

/// Like [`list_all`], but returns the error instead of panicking.
fn list_all_checked(vault: &Vault) -> Result<(usize, usize), Error> {
    let filter = senim_records::RecordFilter {
        include_deleted: true,
        ..Default::default()
    };
    let mut page = senim_records::PageRequest::first(senim_records::PageRequest::MAX_LIMIT);
    let (mut records, mut damaged) = (0, 0);
    loop {
        let p = vault.list(&filter, &page)?;
        records += p.records.len();
        damaged += p.damaged.len();
        match p.next {
            Some(next) => page.after = Some(next),
            None => return Ok((records, damaged)),
        }
    }
}

#[test]
fn a_directory_without_a_vault_is_no_vault() {
    let tmp = tempfile::tempdir().unwrap();
    assert!(matches!(Vault::open(tmp.path(), None), Err(Error::NoVault)));
    assert!(matches!(Vault::inspect(tmp.path()), Err(Error::NoVault)));
    let missing = tmp.path().join("does-not-exist");
    assert!(matches!(Vault::open(&missing, None), Err(Error::NoVault)));
    assert!(!missing.exists(), "opening never creates a vault");
    assert!(
        std::fs::read_dir(tmp.path()).unwrap().next().is_none(),
        "opening an empty directory leaves it empty"
    );
}

#[test]
fn random_bytes_as_the_database_are_a_corrupt_database() {
    let tmp = tempfile::tempdir().unwrap();
    let mut state = random_u64() | 1;
    let bytes: Vec<u8> = (0..64 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    std::fs::write(db_path(tmp.path()), &bytes).unwrap();
    assert!(matches!(
        Vault::open(tmp.path(), None),
        Err(Error::CorruptDatabase(_))
    ));
    assert_eq!(
        std::fs::read(db_path(tmp.path())).unwrap(),
        bytes,
        "the file is left as it was"
    );
}

#[test]
fn a_sqlite_database_that_is_not_a_vault_is_refused_and_not_migrated() {
    let tmp = tempfile::tempdir().unwrap();
    {
        let c = rusqlite::Connection::open(db_path(tmp.path())).unwrap();
        c.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');")
            .unwrap();
    }
    assert!(matches!(
        Vault::open(tmp.path(), None),
        Err(Error::CorruptDatabase(_))
    ));
    let tables: Vec<String> = with_raw_db(tmp.path(), |c| {
        let mut s = c
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    });
    assert_eq!(tables, vec!["contacts".to_string()]);
}

#[test]
fn an_untouched_vault_has_no_damaged_records() {
    let tmp = tempfile::tempdir().unwrap();
    let ids = vault_with_notes(tmp.path(), &["one", "two"]);
    let vault = open_unlocked(tmp.path());
    let (records, damaged) = list_all(&vault);
    assert!(damaged.is_empty());
    assert_eq!(records.len(), ids.len());
    vault.audit_verify().unwrap();
}
