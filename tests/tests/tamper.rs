//! Someone holding the vault files edits them: moves, alters or relabels encrypted
//! records (through pages opened with the passcode), damages the header file,
//! truncates or replaces the database. Every change is a
//! typed error (never a panic, never data returned as if nothing happened, never a
//! silently recreated vault).

use crate::common;

use std::path::Path;
use std::sync::Arc;

use senim_records::{RecordId, RecordKind};
use senim_vault::testing::{Db, HeaderFile, edit_header};
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

/// A closed vault whose header file has been edited by `edit`, with its checksum made
/// anew (an edit by someone who knows the layout, ADR 0033).
fn vault_with_edited_header(edit: impl FnOnce(&mut HeaderFile)) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    vault_with_notes(tmp.path(), &["before the header was edited"]);
    edit_header(tmp.path(), Db::Real, edit).unwrap();
    tmp
}

/// The header file's path in `dir`.
fn header_file(dir: &Path) -> std::path::PathBuf {
    senim_vault::testing::header_path(dir, Db::Real)
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
    let tmp = vault_with_edited_header(|h| h.salt = [0x42; 16]);
    assert_refused_as_wrong_passcode_or_corrupt(tmp.path(), "altered salt");
}

/// The header file has a fixed layout (ADR 0033): a field cannot have another length,
/// but the file can, and a file of another length, or one whose bytes were changed
/// without its checksum, is a corrupt header (the SQL header row's salt of the wrong
/// length was this test's case before).
#[test]
fn a_header_file_of_the_wrong_length_or_checksum_is_a_corrupt_header() {
    let tmp = tempfile::tempdir().unwrap();
    vault_with_notes(tmp.path(), &["before the header was edited"]);
    let path = header_file(tmp.path());
    let bytes = std::fs::read(&path).unwrap();
    let mut flipped = bytes.clone();
    flipped[40] ^= 1;
    for damaged in [
        bytes[..bytes.len() - 3].to_vec(),
        [&bytes[..], &[0]].concat(),
        flipped,
    ] {
        std::fs::write(&path, &damaged).unwrap();
        assert!(matches!(
            open_and_unlock(tmp.path()),
            Err(Error::CorruptHeader(_))
        ));
        assert!(matches!(
            Vault::inspect(tmp.path()),
            Err(Error::CorruptHeader(_))
        ));
    }
}

#[test]
fn altered_kdf_parameters_make_unlock_fail() {
    let fast = KdfParams::INSECURE_FAST_FOR_TESTS;
    let owasp = KdfParams::OWASP_MINIMUM;
    type Edit = fn(&mut KdfParams, u32);
    let (m, t, p): (Edit, Edit, Edit) = (
        |k, v| k.m_cost_kib = v,
        |k, v| k.t_cost = v,
        |k, v| k.p_cost = v,
    );
    let cases: [(&str, Edit, u32); 7] = [
        // Plausible values that pass the range check: the unwrap must fail.
        ("m", m, owasp.m_cost_kib),
        ("t", t, owasp.t_cost + 1),
        // Values out of range (a negative or wider value cannot be written into the
        // header file's fixed fields: the largest one stands for them).
        ("m", m, fast.m_cost_kib + 1),
        ("t", t, 0),
        ("p", p, 0),
        ("p", p, 1000),
        ("m", m, u32::MAX),
    ];
    for (field, set, value) in cases {
        let tmp = vault_with_edited_header(|h| set(&mut h.kdf, value));
        assert_refused_as_wrong_passcode_or_corrupt(tmp.path(), &format!("{field} = {value}"));
    }
    // Both at once, to the OWASP minimum: passes the checks, must still not unlock.
    let tmp = vault_with_edited_header(|h| h.kdf = owasp);
    assert!(matches!(
        open_and_unlock(tmp.path()),
        Err(Error::WrongPasscode { .. })
    ));
}

/// A field holding what its type cannot (the SQL row's "two" as a KDF parameter
/// before; a flag byte that is neither 0 nor 1 in the header file's layout), with a
/// checksum that matches: a corrupt header.
#[test]
fn a_header_field_that_is_not_of_its_type_is_a_corrupt_header() {
    let tmp = tempfile::tempdir().unwrap();
    vault_with_notes(tmp.path(), &["before the header was edited"]);
    // Where the key store flag lies: the first byte that differs between the file
    // with the flag cleared and set (the checksum differs too, after the fields).
    let mut header = senim_vault::testing::read_header(tmp.path(), Db::Real).unwrap();
    header.uses_keystore = false;
    let clear = header.encode();
    header.uses_keystore = true;
    let set = header.encode();
    let at = (0..clear.len()).find(|&i| clear[i] != set[i]).unwrap();
    header.uses_keystore = false;
    let mut bytes = header.encode();
    bytes[at] = 2;
    std::fs::write(
        header_file(tmp.path()),
        senim_vault::testing::with_checksum(bytes),
    )
    .unwrap();
    assert!(matches!(
        open_and_unlock(tmp.path()),
        Err(Error::CorruptHeader(_))
    ));
}

#[test]
fn an_altered_wrapped_master_key_or_vault_id_makes_unlock_fail() {
    let tmp = vault_with_edited_header(|h| h.wrapped_master[20] ^= 0xff);
    assert_refused_as_wrong_passcode_or_corrupt(tmp.path(), "altered wrapped master key");

    let tmp = vault_with_edited_header(|h| h.vault_id = [7; 16]);
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
    edit_header(&dir, Db::Real, |h| h.uses_keystore = false).unwrap();
    assert_refused_as_wrong_passcode_or_corrupt(&dir, "key store flag cleared");
}

/// The header row's counterpart: the header file removed (ADR 0033).
#[test]
fn a_deleted_header_file_is_a_corrupt_header() {
    let tmp = tempfile::tempdir().unwrap();
    vault_with_notes(tmp.path(), &["before the header was removed"]);
    std::fs::remove_file(header_file(tmp.path())).unwrap();
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
    let tmp = vault_with_edited_header(|h| h.format = 99);
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
        // The vault's other files as they are (its header files, the decoy), so the
        // cut is found where the pages are read.
        for entry in std::fs::read_dir(&original).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
        let db = db_path(&dir);
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

/// Beside a vault's header file, where the pages are read (at unlock, ADR 0033).
#[test]
fn an_empty_database_file_is_a_corrupt_database() {
    let tmp = tempfile::tempdir().unwrap();
    vault_with_notes(tmp.path(), &["before the database was emptied"]);
    std::fs::write(db_path(tmp.path()), b"").unwrap();
    assert!(matches!(
        open_and_unlock(tmp.path()),
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
    // Beside a vault's header file, where the pages are read (at unlock, ADR 0033).
    vault_with_notes(tmp.path(), &["before the database was replaced"]);
    std::fs::write(db_path(tmp.path()), &bytes).unwrap();
    assert!(matches!(
        open_and_unlock(tmp.path()),
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
    // Not a vault's: plain SQLite, read as such.
    let c = rusqlite::Connection::open(db_path(tmp.path())).unwrap();
    let tables: Vec<String> = {
        let mut s = c
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
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
