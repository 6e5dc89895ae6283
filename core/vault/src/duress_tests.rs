//! The duress passcode (ADR 0016), one behaviour per test.

use std::path::Path;

use chrono::Utc;

use super::*;
use crate::files::remove_db_files;
use senim_records::OutreachNote;
use senim_records::{PageRequest, Record, RecordBody, RecordFilter, RecordKind};

const PASS: &[u8] = b"correct horse";
const DURESS: &[u8] = b"blue meadow 4";
const CANARY: &str = "CANARY-duress-5b1e9c Aibek from Osh, passport kept by the foreman";

fn note(text: &str) -> RecordBody {
    RecordBody::OutreachNote(OutreachNote {
        text: text.into(),
        place: Some("Barakholka, row 7".into()),
        location: None,
        tags: vec!["construction".into()],
        at: Utc::now(),
        subject: None,
    })
}

fn vault_with(dir: &Path, options: CreateOptions, duress: Option<DuressMode>) -> Vault {
    let mut v = Vault::create(dir, PASS, options).unwrap();
    v.add(note(CANARY)).unwrap();
    if let Some(mode) = duress {
        v.set_duress(PASS, DURESS, mode).unwrap();
    }
    v
}

/// A locked, closed vault with one real note (the canary) and, if asked, a duress
/// passcode.
fn closed_vault(duress: Option<DuressMode>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault_with(dir.path(), CreateOptions::insecure_fast_for_tests(), duress);
    v.lock().unwrap();
    drop(v);
    dir
}

fn all(v: &Vault) -> Vec<Record> {
    v.list(
        &RecordFilter {
            include_deleted: true,
            ..RecordFilter::default()
        },
        &PageRequest::first(PageRequest::MAX_LIMIT),
    )
    .unwrap()
    .records
}

fn texts(v: &Vault) -> Vec<String> {
    all(v)
        .into_iter()
        .map(|r| match r.body {
            RecordBody::OutreachNote(n) => n.text,
            other => panic!("the decoy holds only notes, found {:?}", other.kind()),
        })
        .collect()
}

/// A note the decoy was built with or wrote as the real vault grew: never anything of
/// a real note (every real note in these tests carries the canary).
fn is_harmless(text: &str) -> bool {
    !text.contains("CANARY")
}

/// The notes a decoy holds after `real_writes` records were added to the real vault:
/// those it was built with, and one for each.
fn decoy_notes(real_writes: usize) -> usize {
    4 + real_writes
}

fn open(dir: &Path) -> Vault {
    Vault::open(dir, None).unwrap()
}

/// The vault files in `dir`, by name, sorted.
fn file_set(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The master keys of a closed vault's two databases, as its owner holds them: the real
/// one from the passcode; the decoy's from the duress passcode when one is set, else
/// from the real vault's secrets (where it keeps the key to grow the decoy).
fn masters(dir: &Path) -> (SecretKey, SecretKey) {
    use crate::testing::{Db, master_key};
    let real = master_key(dir, Db::Real, PASS, None).unwrap();
    let decoy = master_key(dir, Db::Decoy, DURESS, None).unwrap_or_else(|_| {
        let mut v = open(dir);
        v.unlock(PASS).unwrap();
        let key = v.decoy_master().unwrap();
        v.lock().unwrap();
        key
    });
    (real, decoy)
}

/// What the header file of `db` shows without a key, its random fields left out (ids,
/// salt, the sealed key's bytes but its version): the file's length, and each field's
/// value or presence.
fn header_shape(dir: &Path, db: crate::testing::Db) -> Vec<Option<i64>> {
    let path = crate::testing::header_path(dir, db);
    let f = crate::testing::read_header(dir, db).unwrap();
    vec![
        Some(std::fs::metadata(path).unwrap().len() as i64),
        Some(i64::from(f.format)),
        Some(i64::from(f.kdf.m_cost_kib)),
        Some(i64::from(f.kdf.t_cost)),
        Some(i64::from(f.kdf.p_cost)),
        Some(i64::from(f.uses_keystore)),
        Some(i64::from(f.wrapped_master[0])),
        Some(i64::from(f.failed_attempts)),
        f.last_failure_at.map(|_| 1),
        f.last_failure_clock.map(|_| 1),
        f.wipe_after_failures.map(i64::from),
        f.wipe_after_idle_days.map(i64::from),
        f.last_sync_at.map(|_| 1),
    ]
}

/// The header file's shape, the header row's field lengths, the secrets' names and
/// lengths.
type Shape = (Vec<Option<i64>>, Vec<Option<i64>>, Vec<(String, i64)>);

/// Byte lengths of every header field, and the names and lengths of the sealed
/// secrets, of one database file: with page encryption (ADR 0033) only its owner sees
/// them, through `master`, alongside the header file's shape which anyone sees.
fn shape(dir: &Path, db: crate::testing::Db, master: &SecretKey) -> Shape {
    let conn = crate::testing::connect_with_master(&dir.join(db.file()), master).unwrap();
    let header = conn
        .query_row(
            "SELECT length(vault_id), length(device_id), length(salt), length(wrapped_master),
                    length(audit_head), kdf_m_kib, kdf_t, kdf_p, uses_keystore, failed_attempts,
                    last_failure_at IS NULL, format
             FROM header WHERE id = 1",
            [],
            |r| (0..12).map(|i| r.get::<_, Option<i64>>(i)).collect(),
        )
        .unwrap();
    let secrets = conn
        .prepare("SELECT name, length(blob) FROM secrets ORDER BY name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    drop(conn);
    (header_shape(dir, db), header, secrets)
}

/// [`shape`] of both databases of the closed vault in `dir`.
fn shapes(dir: &Path, (real, decoy): &(SecretKey, SecretKey)) -> [Shape; 2] {
    use crate::testing::Db;
    [shape(dir, Db::Real, real), shape(dir, Db::Decoy, decoy)]
}

/// The vault files of a closed vault: both databases and their header files.
fn vault_files() -> Vec<String> {
    let mut files = [DECOY_FILE, "senim-2.hdr", DB_FILE, "senim.hdr"]
        .map(String::from)
        .to_vec();
    files.sort();
    files
}

/// `info` without the ids, which differ between any two vaults.
fn info_without_ids(dir: &Path) -> VaultInfo {
    VaultInfo {
        vault_id: String::new(),
        device_id: String::new(),
        ..Vault::inspect(dir).unwrap()
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn after_a_duress_unlock_in_destroy_mode_the_real_passcode_no_longer_opens_the_real_records() {
    let dir = closed_vault(Some(DuressMode::Destroy));
    let mut v = open(dir.path());
    v.unlock(DURESS).unwrap();
    assert!(v.is_unlocked());
    assert!(texts(&v).iter().all(|t| is_harmless(t)));
    v.lock().unwrap();
    drop(v);

    let mut v = open(dir.path());
    assert!(matches!(
        v.unlock(PASS),
        Err(Error::WrongPasscode { failures: 1 })
    ));
    // The decoy still opens, as often as asked.
    v.unlock(DURESS).unwrap();
    let decoy = texts(&v);
    assert_eq!(decoy.len(), decoy_notes(1));
    assert!(!decoy.iter().any(|t| t.contains("CANARY")));
}

#[test]
fn after_a_duress_unlock_in_hide_mode_the_real_passcode_still_opens_the_real_records() {
    let dir = closed_vault(Some(DuressMode::Hide));
    let mut v = open(dir.path());
    v.unlock(DURESS).unwrap();
    let decoy = texts(&v);
    assert!(!decoy.iter().any(|t| t.contains("CANARY")));
    v.lock().unwrap();

    // The same value, locked, opens the real vault again with the real passcode.
    v.unlock(PASS).unwrap();
    assert_eq!(texts(&v), vec![CANARY.to_string()]);
    drop(v);
    let mut v = open(dir.path());
    v.unlock(PASS).unwrap();
    assert_eq!(texts(&v), vec![CANARY.to_string()]);
}

#[test]
fn the_decoy_lists_only_its_harmless_notes_and_never_a_real_record() {
    let dir = closed_vault(Some(DuressMode::Hide));
    let mut v = open(dir.path());
    v.unlock(DURESS).unwrap();
    let records = all(&v);
    assert_eq!(records.len(), decoy_notes(1));
    for r in &records {
        assert_eq!(r.kind, RecordKind::OutreachNote);
        let RecordBody::OutreachNote(n) = &r.body else {
            unreachable!()
        };
        assert!(is_harmless(&n.text), "not a harmless note: {}", n.text);
        assert!(r.body.subject().is_none());
    }
    assert!(
        v.search(
            "passport",
            &RecordFilter::default(),
            &PageRequest::first(50)
        )
        .unwrap()
        .records
        .is_empty()
    );
    // The decoy's own log shows a vault in ordinary use.
    assert!(v.audit_verify().is_ok());
    assert_eq!(
        v.info().unwrap().records.unwrap().get("note"),
        Some(&(decoy_notes(1) as u64))
    );
}

#[test]
fn vaults_with_and_without_a_duress_passcode_have_the_same_files_key_slots_and_info() {
    let with = closed_vault(Some(DuressMode::Destroy));
    let without = closed_vault(None);
    assert_eq!(file_set(with.path()), file_set(without.path()));
    assert_eq!(file_set(with.path()), vault_files());
    assert_eq!(
        shapes(with.path(), &masters(with.path())),
        shapes(without.path(), &masters(without.path()))
    );
    // The decoy's header repeats the real one: same ids, salt and parameters.
    for dir in [with.path(), without.path()] {
        let real = crate::testing::read_header(dir, crate::testing::Db::Real)
            .unwrap()
            .header();
        let decoy = crate::testing::read_header(dir, crate::testing::Db::Decoy)
            .unwrap()
            .header();
        assert_eq!(real.master_aad(), decoy.master_aad());
        assert_eq!(real.wrapped_master.len(), decoy.wrapped_master.len());
        assert_eq!(decoy.wrapped_master[0], real.wrapped_master[0]);
    }
    // `vault info` without a passcode is the same (it shows no counts: setting the
    // duress passcode wrote one more entry to the real audit log).
    assert_eq!(
        info_without_ids(with.path()),
        info_without_ids(without.path())
    );
}

#[test]
fn a_duress_unlock_changes_neither_the_file_set_nor_the_shapes_nor_vault_info() {
    for mode in [DuressMode::Destroy, DuressMode::Hide] {
        let dir = closed_vault(Some(mode));
        let files = file_set(dir.path());
        // Taken before: after a "destroy" no passcode unwraps the real master key.
        let keys = masters(dir.path());
        let before = shapes(dir.path(), &keys);
        let info = Vault::inspect(dir.path()).unwrap();

        let mut v = open(dir.path());
        v.unlock(DURESS).unwrap();
        assert_eq!(v.info().unwrap().failed_attempts, 0);
        v.lock().unwrap();
        drop(v);

        assert_eq!(file_set(dir.path()), files, "{mode:?}");
        assert_eq!(shapes(dir.path(), &keys), before, "{mode:?}");
        assert_eq!(Vault::inspect(dir.path()).unwrap(), info, "{mode:?}");
    }
}

#[test]
fn a_canary_in_a_real_note_never_appears_in_the_decoy_files() {
    let dir = closed_vault(Some(DuressMode::Hide));
    let mut v = open(dir.path());
    v.unlock(PASS).unwrap();
    v.add(note(CANARY)).unwrap();
    assert_eq!(texts(&v).len(), 2);
    v.lock().unwrap();
    v.unlock(DURESS).unwrap();
    let _ = texts(&v);
    for name in file_set(dir.path()) {
        if name.starts_with(DECOY_FILE) {
            let bytes = std::fs::read(dir.path().join(&name)).unwrap();
            assert!(!contains(&bytes, CANARY.as_bytes()), "{name}");
            assert!(!contains(&bytes, b"CANARY-duress"), "{name}");
        }
    }
}

#[test]
fn a_duress_passcode_equal_to_the_passcode_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault_with(dir.path(), CreateOptions::insecure_fast_for_tests(), None);
    assert!(matches!(
        v.set_duress(PASS, PASS, DuressMode::Destroy),
        Err(Error::InvalidInput { .. })
    ));
    v.lock().unwrap();
    v.unlock(PASS).unwrap();
    assert_eq!(texts(&v), vec![CANARY.to_string()]);
}

#[test]
fn a_demo_vault_refuses_a_duress_passcode() {
    let dir = tempfile::tempdir().unwrap();
    let options = CreateOptions {
        demo: true,
        ..CreateOptions::insecure_fast_for_tests()
    };
    let mut v = Vault::create(dir.path(), PASS, options).unwrap();
    assert!(matches!(
        v.set_duress(PASS, DURESS, DuressMode::Hide),
        Err(Error::InvalidInput { .. })
    ));
    v.lock().unwrap();
    assert!(matches!(v.unlock(DURESS), Err(Error::WrongPasscode { .. })));
}

#[test]
fn setting_the_duress_passcode_needs_the_current_passcode() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault_with(dir.path(), CreateOptions::insecure_fast_for_tests(), None);
    assert!(matches!(
        v.set_duress(b"not the passcode", DURESS, DuressMode::Hide),
        Err(Error::WrongPasscode { .. })
    ));
    v.lock().unwrap();
    assert!(matches!(v.unlock(DURESS), Err(Error::WrongPasscode { .. })));
}

#[test]
fn a_vault_made_before_the_decoy_gets_one_when_opened() {
    let dir = closed_vault(Some(DuressMode::Hide));
    remove_db_files(&dir.path().join(DECOY_FILE));
    std::fs::remove_file(dir.path().join("senim-2.hdr")).unwrap();
    assert_eq!(
        file_set(dir.path()),
        vec![DB_FILE.to_string(), "senim.hdr".to_string()]
    );

    let mut v = open(dir.path());
    assert_eq!(file_set(dir.path()), vault_files());
    // A fresh decoy that no passcode opens; the real vault is untouched.
    assert!(matches!(v.unlock(DURESS), Err(Error::WrongPasscode { .. })));
    std::thread::sleep(std::time::Duration::ZERO);
    v.unlock(PASS).unwrap();
    assert_eq!(texts(&v), vec![CANARY.to_string()]);
}

#[test]
fn changing_the_passcode_keeps_the_duress_passcode_working() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault_with(
        dir.path(),
        CreateOptions::insecure_fast_for_tests(),
        Some(DuressMode::Hide),
    );
    assert!(matches!(
        v.change_passcode(PASS, DURESS),
        Err(Error::InvalidInput { .. })
    ));
    v.change_passcode(PASS, b"new passcode 2").unwrap();
    v.lock().unwrap();
    v.unlock(DURESS).unwrap();
    assert!(texts(&v).iter().all(|t| is_harmless(t)));
    v.lock().unwrap();
    v.unlock(b"new passcode 2").unwrap();
    assert_eq!(texts(&v), vec![CANARY.to_string()]);
}

#[test]
fn failed_attempts_count_on_the_real_header_and_a_duress_unlock_clears_them() {
    let dir = closed_vault(Some(DuressMode::Hide));
    let mut v = open(dir.path());
    assert!(v.unlock(b"wrong passcode 1").is_err());
    assert_eq!(Vault::inspect(dir.path()).unwrap().failed_attempts, 1);
    v.unlock(DURESS).unwrap();
    assert_eq!(v.info().unwrap().failed_attempts, 0);
    assert_eq!(Vault::inspect(dir.path()).unwrap().failed_attempts, 0);
    let decoy = crate::testing::read_header(dir.path(), crate::testing::Db::Decoy).unwrap();
    assert_eq!(decoy.failed_attempts, 0);
}

#[test]
fn a_panic_wipe_destroys_the_decoy_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault_with(
        dir.path(),
        CreateOptions::insecure_fast_for_tests(),
        Some(DuressMode::Hide),
    );
    v.lock().unwrap();
    v.unlock(DURESS).unwrap();
    let report = v.wipe().unwrap();
    assert!(report.removed.contains(&DECOY_FILE.to_string()));
    assert!(wipe::present_files(dir.path()).is_empty());
    assert!(matches!(Vault::open(dir.path(), None), Err(Error::NoVault)));
}

/// The write steps an unlock takes, as [`crate::files::trace`] notes them, sorted and
/// without the file each went to (the audit entry goes to the database that opened).
fn unlock_steps(v: &mut Vault, passcode: &[u8]) -> Vec<String> {
    crate::files::TRACE.with(|t| *t.borrow_mut() = Some(Vec::new()));
    let unlocked = v.unlock(passcode);
    let steps = crate::files::TRACE.with(|t| t.borrow_mut().take()).unwrap();
    unlocked.unwrap();
    let mut steps: Vec<String> = steps
        .into_iter()
        .map(|s| s.split(" (").next().unwrap_or_default().to_string())
        .collect();
    steps.sort();
    steps
}

/// A vault with a secret in its real database (the device keys), a duress passcode in
/// `mode` (or none), locked.
fn locked_vault_with(dir: &Path, mode: Option<DuressMode>) -> Vault {
    let mut v = vault_with(dir, CreateOptions::insecure_fast_for_tests(), mode);
    v.device_public().unwrap();
    v.lock().unwrap();
    v
}

/// An unlock with the real passcode, a duress one in "hide" mode and one in "destroy"
/// mode write the same steps (ADR 0016): the "destroy" one's shred of the real key
/// slots is rehearsed by the others, writing back what is there. What they cost is
/// measured by `cargo bench -p senim-vault --bench unlock` (docs/performance.md), never
/// asserted here.
#[test]
fn every_unlock_takes_the_same_write_steps_whichever_passcode_opened_it() {
    let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let mut real = locked_vault_with(dirs[0].path(), Some(DuressMode::Destroy));
    let mut destroy = locked_vault_with(dirs[1].path(), Some(DuressMode::Destroy));
    let mut hide = locked_vault_with(dirs[2].path(), Some(DuressMode::Hide));
    let real_steps = unlock_steps(&mut real, PASS);
    assert!(real_steps.contains(&"key slots rewritten".to_string()));
    assert_eq!(unlock_steps(&mut destroy, DURESS), real_steps);
    assert_eq!(unlock_steps(&mut hide, DURESS), real_steps);
    // Without a duress passcode, the same again.
    let plain = tempfile::tempdir().unwrap();
    assert_eq!(
        unlock_steps(&mut locked_vault_with(plain.path(), None), PASS),
        real_steps
    );
}

#[test]
fn the_rehearsal_of_a_real_unlock_leaves_every_key_slot_and_secret_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = locked_vault_with(dir.path(), Some(DuressMode::Destroy));
    // The key slot is the header file's (ADR 0033); the secrets are inside the pages.
    let slots = |dir: &Path| {
        let file = crate::testing::read_header(dir, crate::testing::Db::Real).unwrap();
        let header = (file.salt.to_vec(), file.wrapped_master.to_vec());
        let conn = crate::testing::connect(dir, crate::testing::Db::Real, PASS).unwrap();
        let secrets: Vec<(String, Vec<u8>)> = conn
            .prepare("SELECT name, blob FROM secrets ORDER BY name")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        (header, secrets)
    };
    let before = slots(dir.path());
    assert!(!before.1.is_empty());
    v.unlock(PASS).unwrap();
    assert_eq!(slots(dir.path()), before);
    v.lock().unwrap();
    // And in "hide" mode, the duress unlock's rehearsal leaves the real vault whole.
    let hidden = tempfile::tempdir().unwrap();
    let mut h = locked_vault_with(hidden.path(), Some(DuressMode::Hide));
    let before = slots(hidden.path());
    h.unlock(DURESS).unwrap();
    assert_eq!(slots(hidden.path()), before);
    h.lock().unwrap();
    h.unlock(PASS).unwrap();
    h.device_public().unwrap();
}

#[test]
fn a_destroying_duress_unlock_destroys_the_real_vault_even_under_a_planted_trigger() {
    let dir = closed_vault(Some(DuressMode::Destroy));
    let mut v = open(dir.path());
    // Planted behind the open vault's back, after the check at open: the shred's own
    // check catches it and the real database is overwritten instead.
    let planted = crate::testing::connect(dir.path(), crate::testing::Db::Real, PASS).unwrap();
    planted
        .execute_batch(
            "CREATE TRIGGER keep BEFORE UPDATE ON header BEGIN SELECT RAISE(IGNORE); END;
             CREATE TRIGGER keep_s BEFORE UPDATE ON secrets BEGIN SELECT RAISE(IGNORE); END;",
        )
        .unwrap();
    drop(planted);

    v.unlock(DURESS).unwrap();
    assert!(texts(&v).iter().all(|t| is_harmless(t)));
    v.lock().unwrap();
    drop(v);

    // The real vault never opens again with the real passcode.
    let reopened = Vault::open(dir.path(), None).and_then(|mut again| again.unlock(PASS));
    assert!(reopened.is_err(), "the real passcode still opens the vault");
}

#[cfg(target_os = "linux")]
#[test]
fn setting_a_duress_passcode_rewrites_the_decoy_in_place() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault_with(dir.path(), CreateOptions::insecure_fast_for_tests(), None);
    let decoy = dir.path().join(DECOY_FILE);
    let before = std::fs::metadata(&decoy).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));

    v.set_duress(PASS, DURESS, DuressMode::Destroy).unwrap();

    let after = std::fs::metadata(&decoy).unwrap();
    assert_eq!(
        after.ino(),
        before.ino(),
        "the decoy was replaced by a new file"
    );
    if let (Ok(born), Ok(again)) = (before.created(), after.created()) {
        assert_eq!(born, again, "the decoy has a new birth time");
    }
    // And it is the decoy the duress passcode opens.
    v.lock().unwrap();
    v.unlock(DURESS).unwrap();
    assert_eq!(texts(&v).len(), decoy_notes(1));
    assert!(texts(&v).iter().all(|t| is_harmless(t)));
}

#[test]
fn the_decoy_history_begins_when_the_real_vault_was_created() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault_with(dir.path(), CreateOptions::insecure_fast_for_tests(), None);
    let created = v.audit_log().unwrap()[0].at;
    std::thread::sleep(std::time::Duration::from_millis(1100));
    v.set_duress(PASS, DURESS, DuressMode::Hide).unwrap();
    let set = Utc::now();
    v.lock().unwrap();

    v.unlock(DURESS).unwrap();
    let log = v.audit_log().unwrap();
    assert_eq!(log[0].detail.as_deref(), Some("vault created"));
    assert_eq!(
        log[0].at, created,
        "the decoy says it was created when duress was set"
    );
    for note in all(&v) {
        assert!(
            note.created_at >= created && note.created_at <= set,
            "{note:?}"
        );
    }
}

#[test]
fn the_decoy_notes_are_written_over_the_time_since_creation_not_in_one_second() {
    let created = Utc::now() - chrono::Duration::days(30);

    let notes = crate::duress::harmless_notes(created).unwrap();

    let written: Vec<_> = notes.iter().map(|(_, at)| *at).collect();
    assert!(written.windows(2).all(|w| w[0] <= w[1]), "oldest first");
    assert!(written.iter().all(|t| *t >= created && *t <= Utc::now()));
    // Four times drawn over 30 days: all in one day has a chance of about 1 in 27,000.
    assert!(
        *written.last().unwrap() - written[0] > chrono::Duration::days(1),
        "{written:?}"
    );
    for (body, at) in &notes {
        let RecordBody::OutreachNote(n) = body else {
            panic!("a decoy note is a note");
        };
        assert!(
            n.at < *at,
            "a note is about something before it was written"
        );
    }
}

/// The duress passcode entered over a session the real passcode opened, with a decoy
/// that does not open (its file damaged): the unlock fails, and the real records are
/// closed with it, not left open behind the error; the real passcode opens them again.
#[test]
fn a_duress_unlock_that_fails_over_a_real_session_leaves_nothing_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = vault_with(
        dir.path(),
        CreateOptions::insecure_fast_for_tests(),
        Some(DuressMode::Hide),
    );
    v.unlock(PASS).unwrap();
    v.wait_for_background_writes();
    std::fs::write(dir.path().join("senim-2.db"), vec![0x5a; 64 * 1024]).unwrap();
    assert!(v.unlock(DURESS).is_err());
    assert!(v.keys.is_none() && v.decoy_keys.is_none(), "keys kept");
    let tables: i64 = v
        .conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 0, "the real pages are still open");
    assert!(matches!(
        v.list(&RecordFilter::default(), &PageRequest::first(5)),
        Err(Error::Locked)
    ));
    v.unlock(PASS).unwrap();
    assert!(texts(&v).iter().any(|t| t == CANARY));
}
