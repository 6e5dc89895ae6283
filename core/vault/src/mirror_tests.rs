//! The decoy grows with the vault (ADR 0016, amended 2026-12): what someone comparing
//! the two database files over a session of writes can and cannot learn. One behaviour
//! per test.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Utc;

use super::*;
use senim_records::{OutreachNote, PageRequest, RecordBody, RecordFilter, RecordId};

const PASS: &[u8] = b"correct horse";
const DURESS: &[u8] = b"blue meadow 4";
const CANARY: &str = "CANARY-mirror-77c0 Dilnoza, documents kept by the employer";

/// A real note of about `chars` characters of text that compresses like real writing
/// does (poorly), with the canary at its start.
fn real_note(chars: usize, seed: u64) -> RecordBody {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut text = String::from(CANARY);
    while text.chars().count() < chars {
        text.push(' ');
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = 3 + (state % 8) as usize;
        for i in 0..len {
            let c = b'a' + ((state >> (i * 5)) % 26) as u8;
            text.push(c as char);
        }
    }
    RecordBody::OutreachNote(OutreachNote {
        text,
        place: Some("Barakholka, row 7".into()),
        location: None,
        tags: vec!["construction".into()],
        at: Utc::now(),
        subject: None,
    })
}

fn path(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}

fn len(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

fn wal(db: &str) -> String {
    format!("{db}-wal")
}

/// Pages of 4 KiB a file of `bytes` takes.
fn pages(bytes: u64) -> u64 {
    bytes.div_ceil(4096)
}

/// Whether two files of `a` and `b` bytes are in the same size class: their page
/// counts differ by at most an eighth of the larger one, and never by more than one
/// page below 8 pages. A size class is what the files may show; the exact count is
/// what they must not.
fn same_class(a: u64, b: u64) -> bool {
    let (a, b) = (pages(a), pages(b));
    a.abs_diff(b) <= (a.max(b) / 8).max(1)
}

fn notes_of(v: &Vault) -> Vec<senim_records::Record> {
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

fn note_text(r: &senim_records::Record) -> String {
    match &r.body {
        RecordBody::OutreachNote(n) => n.text.clone(),
        other => panic!("the decoy holds only notes, found {:?}", other.kind()),
    }
}

/// A session of writes of varied sizes, as a worker's day makes them: notes from a
/// line to a few pages, some read back, some edited.
fn session(v: &Vault, writes: usize) -> Vec<RecordId> {
    let mut ids = Vec::new();
    for i in 0..writes {
        let chars = [40, 300, 1_500, 6_000, 120, 12_000][i % 6];
        let id = v.add(real_note(chars, i as u64 + 1)).unwrap();
        ids.push(id);
        if i % 3 == 1 {
            v.get(ids[i / 2]).unwrap();
        }
        if i % 4 == 2 {
            v.update(ids[i / 3], real_note(chars / 2 + 200, 1_000 + i as u64))
                .unwrap();
        }
    }
    ids
}

#[test]
fn after_a_session_of_writes_both_files_and_their_logs_are_in_the_same_size_class() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut v = Vault::create(d, PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    v.lock().unwrap();
    v.unlock(PASS).unwrap();

    session(&v, 24);
    v.wait_for_background_writes();

    // While the vault is open, the writes sit in the logs.
    let (real, decoy) = (
        len(&path(d, &wal(DB_FILE))),
        len(&path(d, &wal(DECOY_FILE))),
    );
    assert!(
        same_class(real, decoy),
        "logs: real {real} bytes, decoy {decoy} bytes"
    );
    let (real_db, decoy_db) = (len(&path(d, DB_FILE)), len(&path(d, DECOY_FILE)));
    // The next unlock copies each log into its database.
    v.lock().unwrap();
    v.unlock(PASS).unwrap();
    let (real, decoy) = (len(&path(d, DB_FILE)), len(&path(d, DECOY_FILE)));
    assert!(
        same_class(real, decoy),
        "databases: real {real} bytes, decoy {decoy} bytes (before the unlock: {real_db}, {decoy_db})"
    );
}

#[test]
fn every_write_to_the_vault_also_writes_the_decoy() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut v = Vault::create(d, PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    v.lock().unwrap();
    v.unlock(PASS).unwrap();
    let id = v.add(real_note(200, 1)).unwrap();

    type Write = Box<dyn Fn(&Vault)>;
    let writes: Vec<(&str, Write)> = vec![
        (
            "add",
            Box::new(|v| {
                v.add(real_note(900, 2)).unwrap();
            }),
        ),
        ("view", Box::new(move |v| drop(v.get(id).unwrap()))),
        (
            "edit",
            Box::new(move |v| drop(v.update(id, real_note(400, 3)).unwrap())),
        ),
        ("delete", Box::new(move |v| v.delete(id).unwrap())),
    ];
    // Each log's bytes, not its time of change: the kernel stamps files from a clock
    // that lags the one a test reads by up to a tick, so a write could look older
    // than the moment before it.
    let logs = || [DB_FILE, DECOY_FILE].map(|db| std::fs::read(path(d, &wal(db))).unwrap());
    for (what, write) in writes {
        let before = logs();
        write(&v);
        v.wait_for_background_writes();
        let after = logs();
        for (i, db) in [DB_FILE, DECOY_FILE].into_iter().enumerate() {
            assert_ne!(before[i], after[i], "{what}: {} was not written", wal(db));
        }
    }
}

#[test]
fn the_decoy_log_and_notes_are_written_when_the_vault_is_not_in_one_second() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    v.set_duress(PASS, DURESS, DuressMode::Hide).unwrap();
    let mut written = Vec::new();
    for i in 0..3 {
        std::thread::sleep(Duration::from_millis(1_100));
        v.add(real_note(300, i)).unwrap();
        written.push(Utc::now());
    }
    v.lock().unwrap();

    v.unlock(DURESS).unwrap();
    let log = v.audit_log().unwrap();
    let creates: Vec<_> = log
        .iter()
        .filter(|e| e.action == AuditAction::Create)
        .map(|e| e.at)
        .collect();
    // One creation per real write, each within a second of it.
    for w in &written {
        assert!(
            creates
                .iter()
                .any(|c| (*w - *c).num_milliseconds().abs() < 1_000),
            "no decoy note written at {w}: {creates:?}"
        );
    }
    let seconds: std::collections::BTreeSet<i64> = log.iter().map(|e| e.at.timestamp()).collect();
    assert!(seconds.len() >= 4, "the decoy log sits in {seconds:?}");
    let created: std::collections::BTreeSet<i64> = notes_of(&v)
        .iter()
        .map(|r| r.created_at.timestamp())
        .collect();
    assert!(
        created.len() >= 4,
        "the decoy notes were written in {created:?}"
    );
}

#[test]
fn a_duress_unlock_after_writes_shows_new_harmless_notes() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    v.set_duress(PASS, DURESS, DuressMode::Hide).unwrap();
    v.lock().unwrap();
    v.unlock(DURESS).unwrap();
    let before = notes_of(&v).len();
    v.lock().unwrap();

    v.unlock(PASS).unwrap();
    for i in 0..5 {
        v.add(real_note(100 + 700 * i, i as u64)).unwrap();
    }
    v.lock().unwrap();
    v.unlock(DURESS).unwrap();

    let notes = notes_of(&v);
    assert_eq!(notes.len(), before + 5);
    for n in &notes {
        assert!(!note_text(n).contains("CANARY"), "a real note in the decoy");
    }
    assert!(v.audit_verify().is_ok());
}

#[test]
fn setting_the_duress_passcode_keeps_what_the_decoy_has_grown() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    for i in 0..6 {
        v.add(real_note(500, i)).unwrap();
    }
    v.set_duress(PASS, DURESS, DuressMode::Destroy).unwrap();
    v.lock().unwrap();

    v.unlock(DURESS).unwrap();
    // The notes built with the vault, and one for each real write.
    assert_eq!(notes_of(&v).len(), 4 + 6);
}

#[test]
fn a_decoy_that_cannot_be_written_never_costs_the_real_write() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    // Someone holds the decoy's write lock (another process, a stuck reader).
    let decoy_master = v.decoy_master().unwrap();
    let holder =
        crate::testing::connect_with_master(&dir.path().join(DECOY_FILE), &decoy_master).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE;").unwrap();

    let id = v.add(real_note(300, 9)).unwrap();

    holder.execute_batch("ROLLBACK;").unwrap();
    drop(holder);
    v.lock().unwrap();
    drop(v);
    let mut v = Vault::open(dir.path(), None).unwrap();
    v.unlock(PASS).unwrap();
    assert!(note_text(&v.get(id).unwrap()).starts_with(CANARY));
}

/// A save waits for its own write only (ADR 0050): while something holds the decoy's
/// write lock, the worker's notes are saved at once, and the decoy's writes follow
/// them once it is released, none dropped. Written inline, each save waited out the
/// decoy's busy timeout and its decoy write was then dropped.
#[test]
fn a_save_does_not_wait_for_the_decoy_and_the_decoy_still_follows_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    let master = v.decoy_master().unwrap();
    let decoy =
        || crate::testing::connect_with_master(&dir.path().join(DECOY_FILE), &master).unwrap();
    let notes = |c: &rusqlite::Connection| -> i64 {
        c.query_row(
            "SELECT count(*) FROM records WHERE kind = 'note'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let before = notes(&decoy());
    let holder = decoy();
    holder.execute_batch("BEGIN IMMEDIATE;").unwrap();

    for i in 0..3 {
        v.add(real_note(300 + 100 * i as usize, 20 + i)).unwrap();
    }
    assert_eq!(notes_of(&v).len(), 3, "saved while the decoy was held");
    assert_eq!(
        notes(&holder),
        before,
        "the decoy was not written meanwhile"
    );

    holder.execute_batch("ROLLBACK;").unwrap();
    drop(holder);
    v.wait_for_background_writes();
    assert_eq!(notes(&decoy()), before + 3, "the decoy followed every save");
    v.lock().unwrap();
    v.unlock(PASS).unwrap();
    assert_eq!(notes(&decoy()), before + 3);
}

/// A duress unlock over a session unlocked with the real passcode (the core allows
/// it; the apps lock first): the decoy's writes still queued are finished before the
/// decoy opens, its connection and keys are taken from the follower, and the duress
/// session runs a follower that writes nothing, as every unlocked vault runs one. With
/// the follower left running, the unlock failed ("database is locked").
#[test]
fn a_duress_unlock_over_a_real_session_stops_following_the_decoy() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    v.set_duress(PASS, DURESS, DuressMode::Hide).unwrap();
    for i in 0..3 {
        v.add(real_note(300, 40 + i)).unwrap();
    }
    v.unlock(DURESS).unwrap();
    assert!(v.in_decoy);
    assert!(v.follower.is_some(), "the duress session's follower");
    assert!(v.decoy_keys.is_none() && v.spare.is_none());
    // The notes built with the decoy, and one for each real write before.
    assert_eq!(notes_of(&v).len(), 4 + 3);
    v.add(real_note(200, 50)).unwrap();
    v.lock().unwrap();
    assert!(v.follower.is_none());
    v.unlock(DURESS).unwrap();
    assert_eq!(
        notes_of(&v).len(),
        4 + 3 + 1,
        "nothing else was written to it"
    );
}

/// A decoy whose records wait for their index rows and facts (one from before
/// migrations 0007 to 0011) gets them from the follower during a real session, so that
/// its first duress unlock shows no "indexing": the real vault showed its own at an
/// unlock before, and the same screen again under duress would tell of a second vault.
#[test]
fn the_decoy_is_indexed_during_a_real_session_not_at_its_duress_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    v.set_duress(PASS, DURESS, DuressMode::Hide).unwrap();
    let master = v.decoy_master().unwrap();
    v.lock().unwrap();
    let decoy =
        || crate::testing::connect_with_master(&dir.path().join(DECOY_FILE), &master).unwrap();
    let pending = |c: &rusqlite::Connection| -> i64 {
        c.query_row("SELECT count(*) FROM index_pending", [], |r| r.get(0))
            .unwrap()
    };
    // As a decoy from before the facts: its facts gone, the rebuild pending.
    let c = decoy();
    c.execute_batch(
        "UPDATE record_facts SET counted = NULL;
         INSERT OR IGNORE INTO index_pending (one) VALUES (1);",
    )
    .unwrap();
    assert_eq!(pending(&c), 1);
    drop(c);

    v.unlock(PASS).unwrap();
    v.wait_for_background_writes();
    let c = decoy();
    assert_eq!(pending(&c), 0, "the follower indexed the decoy");
    let counted: i64 = c
        .query_row(
            "SELECT count(*) FROM record_facts WHERE counted IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(counted, 4, "every decoy note has its facts again");
    drop(c);
    v.lock().unwrap();

    let mut heard = Vec::new();
    v.unlock_with_progress(DURESS, &mut |u| heard.push(u))
        .unwrap();
    assert!(v.in_decoy);
    assert!(heard.is_empty(), "the duress unlock showed {heard:?}");
}

/// A wipe while the decoy's writes wait (another process holds its write lock): the
/// follower is stopped without them, and the wipe goes on to remove every file.
#[test]
fn a_wipe_stops_the_follower_without_its_waiting_writes() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    let master = v.decoy_master().unwrap();
    let holder =
        crate::testing::connect_with_master(&dir.path().join(DECOY_FILE), &master).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE;").unwrap();
    for i in 0..5 {
        v.add(real_note(300, 60 + i)).unwrap();
    }
    // The other process lets go while the wipe runs, so that the wipe's own shredding
    // of the decoy (which needs its write lock too) need not wait out its timeout.
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(200));
        holder.execute_batch("ROLLBACK;").unwrap();
    });
    let _ = v.wipe();
    releaser.join().unwrap();
    assert!(v.follower.is_none(), "the thread is joined");
    assert!(v.decoy_keys.is_none() && v.spare.is_none());
    for name in [DB_FILE, DECOY_FILE] {
        assert!(!path(dir.path(), name).exists(), "{name} is gone");
    }
}

/// Removes the decoy's key from the real vault's secrets, as in a vault made before
/// the decoy grew.
fn forget_decoy_key(dir: &Path) {
    let c = crate::testing::connect(dir, crate::testing::Db::Real, PASS).unwrap();
    let n = c
        .execute(
            "DELETE FROM secrets WHERE name = ?1",
            [crate::mirror_shape::DECOY_KEY],
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_vault_from_before_the_decoy_grew_gets_a_growing_decoy_at_its_next_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    v.lock().unwrap();
    drop(v);
    forget_decoy_key(dir.path());

    let mut v = Vault::open(dir.path(), None).unwrap();
    v.unlock(PASS).unwrap();
    let before = std::fs::metadata(path(dir.path(), &wal(DECOY_FILE)))
        .unwrap()
        .len();
    v.add(real_note(800, 4)).unwrap();
    v.wait_for_background_writes();

    assert!(v.follows_decoy());
    let after = std::fs::metadata(path(dir.path(), &wal(DECOY_FILE)))
        .unwrap()
        .len();
    assert!(
        after > before,
        "the decoy did not grow: {before} -> {after}"
    );
}

#[test]
fn a_vault_whose_duress_passcode_was_set_before_the_decoy_grew_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    v.set_duress(PASS, DURESS, DuressMode::Hide).unwrap();
    v.lock().unwrap();
    drop(v);
    forget_decoy_key(dir.path());

    let mut v = Vault::open(dir.path(), None).unwrap();
    v.unlock(PASS).unwrap();
    v.add(real_note(300, 5)).unwrap();
    v.lock().unwrap();

    // The duress passcode still opens the decoy it was set on, which did not grow; set
    // again, the decoy grows from then on.
    v.unlock(DURESS).unwrap();
    assert_eq!(notes_of(&v).len(), 4);
    v.lock().unwrap();
    v.unlock(PASS).unwrap();
    v.set_duress(PASS, DURESS, DuressMode::Hide).unwrap();
    v.add(real_note(300, 6)).unwrap();
    v.lock().unwrap();
    v.unlock(DURESS).unwrap();
    assert_eq!(notes_of(&v).len(), 5);
}

#[test]
fn a_decoy_rebuilt_while_locked_grows_again_from_the_next_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    v.lock().unwrap();
    drop(v);
    crate::files::remove_db_files(&dir.path().join(DECOY_FILE));

    // Opened locked: a new decoy whose key the real vault could not keep.
    let mut v = Vault::open(dir.path(), None).unwrap();
    v.unlock(PASS).unwrap();
    let before = len(&path(dir.path(), &wal(DECOY_FILE)));
    v.add(real_note(800, 7)).unwrap();
    v.wait_for_background_writes();

    assert!(v.follows_decoy());
    assert!(len(&path(dir.path(), &wal(DECOY_FILE))) > before);
}

#[test]
fn a_demo_vault_does_not_grow_its_decoy() {
    let dir = tempfile::tempdir().unwrap();
    let options = CreateOptions {
        demo: true,
        ..CreateOptions::insecure_fast_for_tests()
    };
    let v = Vault::create(dir.path(), PASS, options).unwrap();
    v.add(real_note(300, 8)).unwrap();
    assert!(!v.follows_decoy());
}

fn synchronous(conn: &rusqlite::Connection) -> i64 {
    conn.query_row("PRAGMA synchronous", [], |r| r.get(0))
        .unwrap()
}

/// A real write waits for one flush to the disk, not two: the decoy follows with
/// `synchronous = NORMAL` (its writes are generated), the real vault with `FULL`; after
/// a duress unlock the decoy is the worker's vault and waits for the disk as the real
/// one does, and it follows without waiting again once the real passcode is back.
#[test]
fn only_the_workers_own_writes_wait_for_the_disk() {
    const FULL: i64 = 2;
    const NORMAL: i64 = 1;
    let dir = tempfile::tempdir().unwrap();
    let mut v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    let spare = |v: &mut Vault| {
        v.settle_decoy();
        let s = synchronous(v.spare.as_ref().expect("the decoy is open"));
        v.follow_decoy();
        s
    };
    assert_eq!(
        (synchronous(&v.conn), spare(&mut v)),
        (FULL, NORMAL),
        "created"
    );
    v.set_duress(PASS, DURESS, DuressMode::Hide).unwrap();
    // The mode was written waiting for the disk; the decoy follows again after.
    assert_eq!(spare(&mut v), NORMAL, "after the duress passcode was set");
    v.set_duress(PASS, b"another duress", DuressMode::Destroy)
        .unwrap();
    assert_eq!(
        spare(&mut v),
        NORMAL,
        "after it was set again, rewrapped in place"
    );
    v.set_duress(PASS, DURESS, DuressMode::Hide).unwrap();
    v.lock().unwrap();
    v.unlock(PASS).unwrap();
    assert_eq!(
        (synchronous(&v.conn), spare(&mut v)),
        (FULL, NORMAL),
        "unlocked"
    );
    v.lock().unwrap();
    v.unlock(DURESS).unwrap();
    assert!(v.in_decoy);
    assert_eq!(synchronous(&v.conn), FULL, "the duress vault's own writes");
    v.add(real_note(300, 3)).unwrap();
    v.lock().unwrap();
    v.unlock(PASS).unwrap();
    assert_eq!(
        (synchronous(&v.conn), spare(&mut v)),
        (FULL, NORMAL),
        "back"
    );
}

/// A connection to the decoy, its writes so far finished.
fn decoy_conn(v: &mut Vault) -> rusqlite::Connection {
    let master = v.decoy_master().unwrap();
    v.wait_for_background_writes();
    crate::testing::connect_with_master(&v.dir.join(DECOY_FILE), &master).unwrap()
}

/// The bytes of every change appended after a document, sealed, in `c`'s database.
fn appended_bytes(c: &rusqlite::Connection) -> i64 {
    c.query_row(
        "SELECT coalesce(sum(length(change)), 0) FROM record_changes",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

/// How many changes follow each decoy note's document, for the notes that have any.
fn decoy_chains(v: &mut Vault) -> Vec<i64> {
    let c = decoy_conn(v);
    let mut chains: Vec<i64> = c
        .prepare("SELECT count(*) FROM record_changes GROUP BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    chains.sort_unstable();
    chains
}

/// A vault in `dir` holding `n` real notes, the `i`th of `chars(i)` characters.
fn vault_of_notes(dir: &Path, n: usize, chars: impl Fn(usize) -> usize) -> (Vault, Vec<RecordId>) {
    let v = Vault::create(dir, PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    let ids = (0..n)
        .map(|i| v.add(real_note(chars(i), i as u64 + 1)).unwrap())
        .collect();
    (v, ids)
}

/// Updates the `i`th note of [`vault_of_notes`] (of `chars` characters) as `change`
/// changes it.
fn edit_note(
    v: &Vault,
    id: RecordId,
    chars: usize,
    i: usize,
    change: impl FnOnce(&mut OutreachNote),
) {
    let RecordBody::OutreachNote(mut note) = real_note(chars, i as u64 + 1) else {
        unreachable!()
    };
    change(&mut note);
    v.update(id, RecordBody::OutreachNote(note)).unwrap();
}

/// A worker who edits many notes of about one length once each: the decoy's edits
/// spread over its notes as well, each a first edit, rather than piling onto the few notes whose documents were
/// shorter than the real edit's change (chains of up to 16 changes on a tenth of the
/// notes, each later edit loading the whole chain: the decoy's edit cost twice the
/// real one).
#[test]
fn edits_of_many_records_spread_over_the_decoys_notes_as_they_do_over_the_real_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, ids) = vault_of_notes(dir.path(), 80, |i| 600 + i % 7);
    for (i, id) in ids.iter().enumerate().step_by(2) {
        edit_note(&v, *id, 600 + i % 7, i, |n| {
            n.text.push_str(" and a line added on the second visit")
        });
    }
    let chains = decoy_chains(&mut v);
    assert!(
        chains.iter().all(|&n| n <= 3),
        "a decoy note took several of them: {chains:?}"
    );
    assert!(
        chains.len() >= 30,
        "40 first edits went to {} decoy notes: {chains:?}",
        chains.len()
    );
    assert_eq!(
        chains.iter().sum::<i64>(),
        40,
        "every edit was followed, appended to a note's chain"
    );
}

/// A worker who edits one note again and again: the decoy edits one note as often, its
/// chain growing as the real one does, and saved whole again when the real one is.
#[test]
fn edits_of_one_record_go_on_one_decoy_note_and_are_saved_whole_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, ids) = vault_of_notes(dir.path(), 11, |_| 800);
    let edit = |v: &Vault, n: usize| {
        edit_note(v, ids[0], 800, 0, |t| {
            t.text.push_str(&format!(" visit {n}"))
        })
    };
    for n in 1..=doc::MAX_CHAIN as usize {
        edit(&v, n);
    }
    assert_eq!(
        decoy_chains(&mut v),
        vec![i64::from(doc::MAX_CHAIN)],
        "the decoy's note holds a full chain, as the real record does"
    );
    edit(&v, 17);
    assert_eq!(
        decoy_chains(&mut v),
        Vec::<i64>::new(),
        "both documents were saved whole with their chains"
    );
    edit(&v, 18);
    assert_eq!(
        decoy_chains(&mut v),
        vec![1],
        "and the next edit starts a new chain"
    );
}

/// Edits that write little (deletions, a tag added) on records never edited: the
/// decoy's edits write little too. A first edit of a note never edited writes its
/// whole text as text, so the decoy takes them on notes edited before, not on notes
/// never edited (a first version of the rule did: each small real change was
/// followed by a change as long as a whole note).
#[test]
fn small_first_edits_are_followed_by_small_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, ids) = vault_of_notes(dir.path(), 60, |i| 1_500 + i % 7);
    // Half of them edited once in their text, as a worker does: decoy notes with text.
    for (i, id) in ids.iter().enumerate().skip(1).step_by(2) {
        edit_note(&v, *id, 1_500 + i % 7, i, |n| {
            n.text.push_str(" and a line added on the second visit")
        });
    }
    let real_before = appended_bytes(&v.conn);
    let decoy_before = appended_bytes(&decoy_conn(&mut v));
    // The other half: deleted, or given a tag, never edited before.
    for (i, id) in ids.iter().enumerate().step_by(2) {
        match i % 4 {
            0 => v.delete(*id).unwrap(),
            _ => edit_note(&v, *id, 1_500 + i % 7, i, |n| {
                n.tags.push("follow-up".into())
            }),
        };
    }
    let real = appended_bytes(&v.conn) - real_before;
    let decoy = appended_bytes(&decoy_conn(&mut v)) - decoy_before;
    assert!(
        decoy <= 2 * real && real <= 2 * decoy,
        "30 small edits appended {real} bytes to the real vault and {decoy} to the decoy"
    );
}

/// A later edit that adds a long passage: the decoy's change is as long, not cut to a
/// few sentences (a first version measured the room for its sentences from the note's
/// whole length, which left about 500 characters whatever the real change).
#[test]
fn a_long_addition_is_followed_by_a_change_as_long() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, ids) = vault_of_notes(dir.path(), 20, |i| 2_000 + i);
    let edit = |v: &Vault, id: RecordId, i: usize, extra: &str| {
        edit_note(v, id, 2_000 + i, i, |n| n.text.push_str(extra))
    };
    for (i, id) in ids.iter().enumerate() {
        edit(&v, *id, i, " first visit");
    }
    let real_before = appended_bytes(&v.conn);
    let decoy_before = appended_bytes(&decoy_conn(&mut v));
    for (i, id) in ids.iter().enumerate() {
        let RecordBody::OutreachNote(long) = real_note(6_000, 500 + i as u64) else {
            unreachable!()
        };
        edit(&v, *id, i, &format!(" first visit {}", long.text));
    }
    let real = appended_bytes(&v.conn) - real_before;
    let decoy = appended_bytes(&decoy_conn(&mut v)) - decoy_before;
    assert!(
        decoy * 3 >= real * 2 && decoy <= 2 * real,
        "20 long additions appended {real} bytes to the real vault and {decoy} to the decoy"
    );
}

/// Where the decoy's last edit went is forgotten at lock, with the keys.
#[test]
fn the_note_the_decoys_last_edit_went_to_is_forgotten_at_lock() {
    let dir = tempfile::tempdir().unwrap();
    let (mut v, ids) = vault_of_notes(dir.path(), 1, |_| 800);
    edit_note(&v, ids[0], 800, 0, |n| n.text.push_str(" again"));
    v.settle_decoy();
    assert!(v.decoy_edited.get().is_some(), "the edit was followed");
    v.lock().unwrap();
    assert_eq!(v.decoy_edited.get(), None);
}
