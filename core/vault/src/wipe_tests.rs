//! The panic wipe, one behaviour per test. Cross-process tests (a wipe killed right
//! after the key step, copies of the files as they were removed) are in
//! `tests/tests/wipe.rs`.

use std::path::Path;

use chrono::Utc;

use super::*;
use senim_records::OutreachNote;
use senim_records::RecordBody;

const PASS: &[u8] = b"correct horse";
const OLD_PASS: &[u8] = b"earlier horse";
const CANARY: &str = "canary-wipe-Паспорт-7c1f";

fn note(text: &str) -> RecordBody {
    RecordBody::OutreachNote(OutreachNote {
        text: text.into(),
        place: None,
        location: None,
        tags: vec![],
        at: Utc::now(),
        subject: None,
    })
}

/// An unlocked vault with a note and a sealed secret.
fn vault_in(dir: &Path, options: CreateOptions) -> Vault {
    let v = Vault::create(dir, PASS, options).unwrap();
    v.add(note(CANARY)).unwrap();
    v.put_secret("test-epoch-key", &[7u8; 32]).unwrap();
    v
}

fn new_vault() -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let v = vault_in(dir.path(), CreateOptions::insecure_fast_for_tests());
    (dir, v)
}

/// The bytes of the wrapped master key and salt (the header files' and, inside the
/// pages, the header row's), and of every sealed secret of the open vault `v`: what
/// must not survive a wipe anywhere.
fn key_material(v: &Vault) -> Vec<Vec<u8>> {
    let mut out = header_slots(&v.dir);
    let conn = &v.conn;
    let header = Header::read(conn).unwrap();
    out.extend([header.wrapped_master.clone(), header.salt.to_vec()]);
    let mut stmt = conn.prepare("SELECT blob FROM secrets").unwrap();
    let blobs = stmt.query_map([], |r| r.get::<_, Vec<u8>>(0)).unwrap();
    out.extend(blobs.map(|b| b.unwrap()));
    out
}

/// The wrapped master keys and salts of both header files in `dir` (ADR 0033).
fn header_slots(dir: &Path) -> Vec<Vec<u8>> {
    [crate::testing::Db::Real, crate::testing::Db::Decoy]
        .into_iter()
        .flat_map(|db| {
            let f = crate::testing::read_header(dir, db).unwrap();
            [f.wrapped_master.to_vec(), f.salt.to_vec()]
        })
        .collect()
}

/// Hard links to both header files in a new directory: what the storage still holds
/// of them once the wipe has removed their names.
fn keep_header_files(dir: &Path) -> tempfile::TempDir {
    let kept = tempfile::tempdir().unwrap();
    for name in ["senim.hdr", "senim-2.hdr"] {
        std::fs::hard_link(dir.join(name), kept.path().join(name)).unwrap();
    }
    kept
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every needle found in any file directly in `dir`, as (file name, needle index).
fn found_in_files(dir: &Path, needles: &[Vec<u8>]) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        for (i, n) in needles.iter().enumerate() {
            if contains(&bytes, n) {
                found.push((path.file_name().unwrap().to_string_lossy().into(), i));
            }
        }
    }
    found
}

fn no_vault_file_in(dir: &Path) -> bool {
    wipe::present_files(dir).is_empty()
}

#[test]
fn after_a_wipe_the_directory_holds_no_vault_file_and_nothing_opens() {
    let (dir, mut v) = new_vault();
    std::fs::write(dir.path().join("not-ours.txt"), b"kept").unwrap();

    let report = v.wipe().unwrap();

    assert!(no_vault_file_in(dir.path()));
    assert_eq!(report.key_material, KeyMaterial::Overwritten);
    assert_eq!(report.secrets_overwritten, 1);
    assert_eq!(report.device_secret, DeviceSecret::NotUsed);
    assert!(report.removed.contains(&DB_FILE.to_string()));
    assert!(dir.path().join("not-ours.txt").exists(), "other files stay");
    assert!(matches!(Vault::open(dir.path(), None), Err(Error::NoVault)));
}

#[test]
fn after_the_key_step_a_copy_of_the_files_opens_with_neither_the_current_nor_an_earlier_passcode() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = Vault::create(
        dir.path(),
        OLD_PASS,
        CreateOptions::insecure_fast_for_tests(),
    )
    .unwrap();
    v.add(note(CANARY)).unwrap();
    v.put_secret("test-epoch-key", &[7u8; 32]).unwrap();
    let mut needles = key_material(&v);
    v.change_passcode(OLD_PASS, PASS).unwrap();
    needles.extend(key_material(&v));
    needles.push(CANARY.as_bytes().to_vec());
    // The current key slot is in the header file before the wipe.
    assert!(!found_in_files(dir.path(), &needles).is_empty());

    // The same internal steps `wipe` takes first; then the files as they are just
    // before `wipe` would remove them: the open database's secrets (counted)...
    let n = wipe::destroy_key_material(&mut v.conn, dir.path()).unwrap();
    assert_eq!(n, 1);
    // ...the decoy's, which shares the salt (ADR 0016)...
    v.settle_decoy();
    wipe::shred(
        v.spare.as_mut().unwrap(),
        &dir.path().join(format!("{DECOY_FILE}-wal")),
        wipe::Shred::Panic,
    )
    .unwrap();
    // ...and both header files' key slots, which every page's key derives from.
    wipe::destroy_key_slots(dir.path()).unwrap();
    let copy = tempfile::tempdir().unwrap();
    for name in wipe::present_files(dir.path()) {
        std::fs::copy(dir.path().join(name), copy.path().join(name)).unwrap();
    }

    assert_eq!(found_in_files(copy.path(), &needles), vec![]);
    let mut reopened = Vault::open(copy.path(), None).unwrap();
    assert!(matches!(
        reopened.unlock(PASS),
        Err(Error::WrongPasscode { .. })
    ));
    assert!(matches!(
        reopened.unlock(OLD_PASS),
        Err(Error::WrongPasscode { .. })
    ));
}

#[test]
fn a_locked_vault_is_wiped_without_its_passcode() {
    let (dir, mut v) = new_vault();
    v.lock().unwrap();
    drop(v);
    let mut locked = Vault::open(dir.path(), None).unwrap();
    let slots = header_slots(dir.path());
    let kept = keep_header_files(dir.path());

    let report = locked.wipe().unwrap();

    assert_eq!(report.key_material, KeyMaterial::Overwritten);
    // Locked, the secrets are inside pages no key opens any more once the header
    // files' key slots are gone (ADR 0033): none is counted as overwritten.
    assert_eq!(report.secrets_overwritten, 0);
    assert!(no_vault_file_in(dir.path()));
    assert_eq!(found_in_files(kept.path(), &slots), vec![]);
}

#[test]
fn wipe_at_wipes_a_vault_that_is_not_open() {
    let (dir, v) = new_vault();
    drop(v);

    let report = Vault::wipe_at(dir.path(), None).unwrap();

    assert_eq!(report.key_material, KeyMaterial::Overwritten);
    assert!(no_vault_file_in(dir.path()));
}

#[test]
fn wiping_a_device_bound_vault_deletes_its_key_store_secret() {
    let dir = tempfile::tempdir().unwrap();
    let keys = tempfile::tempdir().unwrap();
    let keystore: Arc<dyn KeyStore> = Arc::new(SoftwareKeyStore::in_dir(keys.path()));
    let mut v = vault_in(
        dir.path(),
        CreateOptions {
            keystore: Some(keystore.clone()),
            ..CreateOptions::insecure_fast_for_tests()
        },
    );
    let label = v.header.keystore_label();
    assert!(keystore.secret(&label).unwrap().is_some());

    let report = v.wipe().unwrap();

    assert_eq!(report.device_secret, DeviceSecret::Deleted);
    assert_eq!(keystore.secret(&label).unwrap(), None);
    assert_eq!(std::fs::read_dir(keys.path()).unwrap().count(), 0);
}

/// A key store with only the required methods, like one written before the wipe.
struct CannotDelete(SoftwareKeyStore);

impl KeyStore for CannotDelete {
    fn create_secret(
        &self,
        label: &str,
    ) -> std::result::Result<zeroize::Zeroizing<Vec<u8>>, KeyStoreError> {
        self.0.create_secret(label)
    }

    fn secret(
        &self,
        label: &str,
    ) -> std::result::Result<Option<zeroize::Zeroizing<Vec<u8>>>, KeyStoreError> {
        self.0.secret(label)
    }
}

#[test]
fn a_key_store_that_cannot_delete_is_reported_as_still_holding_the_secret() {
    let dir = tempfile::tempdir().unwrap();
    let keystore: Arc<dyn KeyStore> = Arc::new(CannotDelete(SoftwareKeyStore::in_memory()));
    let mut v = vault_in(
        dir.path(),
        CreateOptions {
            keystore: Some(keystore),
            ..CreateOptions::insecure_fast_for_tests()
        },
    );

    let report = v.wipe().unwrap();

    assert_eq!(report.device_secret, DeviceSecret::StillPresent);
    assert_eq!(report.key_material, KeyMaterial::Overwritten);
    assert!(no_vault_file_in(dir.path()));
}

#[test]
fn a_device_bound_vault_wiped_without_its_key_store_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let keystore: Arc<dyn KeyStore> = Arc::new(SoftwareKeyStore::in_memory());
    drop(vault_in(
        dir.path(),
        CreateOptions {
            keystore: Some(keystore),
            ..CreateOptions::insecure_fast_for_tests()
        },
    ));

    let report = Vault::wipe_at(dir.path(), None).unwrap();

    assert_eq!(report.device_secret, DeviceSecret::NoKeyStore);
    assert!(no_vault_file_in(dir.path()));
}

#[test]
fn a_wiped_vault_value_answers_every_call_with_no_vault() {
    let (_dir, mut v) = new_vault();
    v.wipe().unwrap();

    assert!(!v.is_unlocked());
    assert!(matches!(v.unlock(PASS), Err(Error::NoVault)));
    assert!(matches!(v.info(), Err(Error::NoVault)));
    assert!(matches!(v.add(note("x")), Err(Error::NoVault)));
    assert!(matches!(v.wipe(), Err(Error::NoVault)));
}

#[test]
fn wipe_leaves_no_key_in_freed_memory() {
    let (_dir, mut v) = new_vault();
    let watched = {
        let k = v.keys().unwrap();
        [
            *k.master.expose(),
            *k.record.expose(),
            *k.index.expose(),
            *k.local.expose(),
        ]
    };
    senim_test_alloc::watch(&watched);

    v.wipe().unwrap();
    drop(v);

    assert_eq!(
        senim_test_alloc::stop(),
        0,
        "a freed block still held key bytes"
    );
}

/// With page encryption the key step works on the header files (ADR 0033): one that
/// cannot be read as a header is overwritten from end to end instead, as a database
/// SQLite could not read was before.
#[test]
fn a_header_file_that_cannot_be_read_is_overwritten_end_to_end_and_removed() {
    let (dir, v) = new_vault();
    let needles = header_slots(dir.path());
    drop(v);
    let header = dir.path().join("senim.hdr");
    // A hard link keeps the file's bytes reachable after the wipe removes its name.
    let kept = keep_header_files(dir.path());
    let len = std::fs::metadata(&header).unwrap().len();
    {
        use std::io::{Seek, Write};
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(&header)
            .unwrap();
        f.seek(std::io::SeekFrom::Start(0)).unwrap();
        f.write_all(&[0x5a; 8]).unwrap(); // not a header file any more
    }
    assert!(Vault::open(dir.path(), None).is_err());

    let report = Vault::wipe_at(dir.path(), None).unwrap();

    assert_eq!(report.key_material, KeyMaterial::FilesOverwritten);
    assert_eq!(report.device_secret, DeviceSecret::Unknown);
    assert!(no_vault_file_in(dir.path()));
    let after = std::fs::read(kept.path().join("senim.hdr")).unwrap();
    assert_eq!(
        after.len() as u64,
        len,
        "overwritten in place, not truncated"
    );
    assert_eq!(found_in_files(kept.path(), &needles), vec![]);
}

/// Another process holding the database used to stop SQLite's key step (the files
/// were overwritten instead); the key slots are in the header files now, which no
/// database lock holds back.
#[test]
fn a_vault_held_open_by_another_connection_is_still_wiped() {
    let (dir, mut v) = new_vault();
    let needles = key_material(&v);
    let kept = keep_header_files(dir.path());
    std::fs::hard_link(dir.path().join(DB_FILE), kept.path().join("db")).unwrap();
    // Another process's reader keeps the log from being emptied.
    let reader = crate::testing::connect(dir.path(), crate::testing::Db::Real, PASS).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let _: i64 = reader
        .query_row("SELECT COUNT(*) FROM records", [], |r| r.get(0))
        .unwrap();

    let report = v.wipe().unwrap();

    assert_eq!(report.key_material, KeyMaterial::Overwritten);
    assert!(no_vault_file_in(dir.path()));
    assert_eq!(found_in_files(kept.path(), &needles), vec![]);
    drop(reader);
}

#[test]
fn wipe_at_wipes_a_vault_from_a_newer_build_as_it_is() {
    let (dir, v) = new_vault();
    v.conn
        .pragma_update(None, "user_version", schema::LATEST + 1)
        .unwrap();
    drop(v);
    // The schema is inside the pages (ADR 0033): a newer one is found at unlock.
    let mut newer = Vault::open(dir.path(), None).unwrap();
    assert!(matches!(
        newer.unlock(PASS),
        Err(Error::UnsupportedFormat { .. })
    ));
    drop(newer);
    let slots = header_slots(dir.path());
    let kept = keep_header_files(dir.path());

    let report = Vault::wipe_at(dir.path(), None).unwrap();

    // A schema this build does not know cannot be checked for planted triggers; the
    // key slots are not in it but in the header files, which the wipe overwrites
    // without trusting SQLite.
    assert_eq!(report.key_material, KeyMaterial::Overwritten);
    assert!(no_vault_file_in(dir.path()));
    assert_eq!(found_in_files(kept.path(), &slots), vec![]);
}

#[test]
fn wipe_at_a_directory_without_a_vault_is_no_vault() {
    let dir = tempfile::tempdir().unwrap();
    assert!(matches!(
        Vault::wipe_at(dir.path(), None),
        Err(Error::NoVault)
    ));
    assert!(matches!(
        Vault::wipe_at(dir.path().join("missing"), None),
        Err(Error::NoVault)
    ));
}

#[test]
fn the_files_a_wipe_removes_include_the_database_and_an_interrupted_creation() {
    assert_eq!(
        wipe::present_files(Path::new("/nonexistent")),
        Vec::<&str>::new()
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(CREATING_FILE), b"half made").unwrap();
    std::fs::write(dir.path().join(DB_FILE), b"").unwrap();
    assert_eq!(
        wipe::present_files(dir.path()),
        vec![DB_FILE, CREATING_FILE]
    );
}

/// What someone who once held the files could plant: triggers that silently drop every
/// update of the key slots (the writes report success and change nothing).
const PLANTED: &str = "
    CREATE TRIGGER keep_header BEFORE UPDATE ON header BEGIN SELECT RAISE(IGNORE); END;
    CREATE TRIGGER keep_secrets BEFORE UPDATE ON secrets BEGIN SELECT RAISE(IGNORE); END;";

/// Plants [`PLANTED`] in the real database of the closed vault in `dir`, through its
/// pages opened with the passcode.
fn plant(dir: &Path) {
    let c = crate::testing::connect(dir, crate::testing::Db::Real, PASS).unwrap();
    c.execute_batch(PLANTED).unwrap();
}

#[test]
fn a_vault_with_a_planted_trigger_refuses_to_open_as_damaged() {
    let (dir, v) = new_vault();
    drop(v);
    plant(dir.path());

    // Locked, a vault reads only its header file; its pages are checked when they open.
    let mut planted = Vault::open(dir.path(), None).unwrap();
    let Err(err) = planted.unlock(PASS) else {
        panic!("a vault with a planted trigger opened");
    };

    assert!(matches!(err, Error::CorruptDatabase(_)), "{err:?}");
    assert!(err.to_string().contains("changed outside Senim"), "{err}");
}

#[test]
fn a_planted_view_is_damage_too() {
    let (dir, v) = new_vault();
    drop(v);
    crate::testing::connect(dir.path(), crate::testing::Db::Real, PASS)
        .unwrap()
        .execute_batch("CREATE VIEW seen AS SELECT * FROM header;")
        .unwrap();

    let mut planted = Vault::open(dir.path(), None).unwrap();
    assert!(matches!(
        planted.unlock(PASS),
        Err(Error::CorruptDatabase(_))
    ));
}

#[test]
fn the_key_step_refuses_a_database_with_a_planted_trigger_instead_of_reporting_a_wipe() {
    let (dir, mut v) = new_vault();
    let before = key_material(&v);
    // Planted behind the open vault's back (another process with the files).
    v.conn.execute_batch(PLANTED).unwrap();

    let step = wipe::destroy_key_material(&mut v.conn, dir.path());

    assert!(step.is_err(), "{step:?}");
    // The slots are as they were: the caller must overwrite the files.
    assert_eq!(key_material(&v), before);
}

#[test]
fn wipe_at_destroys_the_key_slots_of_a_vault_with_a_planted_trigger() {
    let (dir, v) = new_vault();
    drop(v);
    plant(dir.path());
    let slots = header_slots(dir.path());
    let kept = keep_header_files(dir.path());

    let report = Vault::wipe_at(dir.path(), None).unwrap();

    // A planted trigger can silently drop SQL updates of the key slots, which used to
    // make the wipe overwrite the files; the key slots are in the header files now,
    // which no trigger reaches, and the read-back checks them.
    assert_eq!(report.key_material, KeyMaterial::Overwritten);
    assert!(no_vault_file_in(dir.path()));
    assert_eq!(found_in_files(kept.path(), &slots), vec![]);
}

#[test]
fn after_a_passcode_change_no_file_holds_the_old_wrapping_even_while_the_vault_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = Vault::create(
        dir.path(),
        OLD_PASS,
        CreateOptions::insecure_fast_for_tests(),
    )
    .unwrap();
    v.add(note(CANARY)).unwrap();
    let old_wrapping = crate::testing::read_header(dir.path(), crate::testing::Db::Real)
        .unwrap()
        .wrapped_master
        .to_vec();

    v.change_passcode(OLD_PASS, PASS).unwrap();

    // Copied while the vault is still open, as someone with the files would.
    let copy = tempfile::tempdir().unwrap();
    for name in wipe::present_files(dir.path()) {
        std::fs::copy(dir.path().join(name), copy.path().join(name)).unwrap();
    }
    assert_eq!(found_in_files(copy.path(), &[old_wrapping]), vec![]);
    let mut reopened = Vault::open(copy.path(), None).unwrap();
    assert!(matches!(
        reopened.unlock(OLD_PASS),
        Err(Error::WrongPasscode { .. })
    ));
    reopened.unlock(PASS).unwrap();
}
