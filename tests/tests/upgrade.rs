//! A vault made by the last build before page encryption opens in this one (ADR 0033,
//! step 4). The fixture (`core/vault/tests/fixtures/schema6`: plaintext pages at schema
//! 6, its pre-unlock state in the header row, a duress passcode set) is opened, and its
//! first unlock encrypts its pages and indexes its notes for search, telling its
//! progress. A kill at any moment of that leaves the old vault or the new one, never
//! neither: a child process upgrading a copy is killed at each named point of the
//! upgrade (`SENIM_TEST_HALT_AT`, `senim_vault::HALT_AT_ENV`) and at moments spread
//! over a whole run, and each time the next unlock reads every note, finds them by
//! search, verifies the audit log, and the duress passcode still opens the decoy.

use crate::common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use senim_records::{PageRequest, RecordFilter};
use senim_vault::{HALT_AT_ENV, Upgrade, Vault};

/// A vault an earlier build left, as its CLI made it (each directory's README says how).
struct Fixture {
    dir: &'static str,
    files: &'static [&'static str],
    /// Its notes: the construction one, the bus station one (edited once) and the
    /// rest leaflets.
    notes: usize,
    /// The points a first unlock of it passes, in order (`SENIM_TEST_HALT_AT`).
    points: &'static [&'static str],
}

/// Plaintext pages at schema 6, before page encryption (ADR 0033).
const SCHEMA6: Fixture = Fixture {
    dir: concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/vault/tests/fixtures/schema6"
    ),
    files: &["senim.db", "senim-2.db"],
    notes: 32,
    points: &[
        "migrated senim.db",
        "header moved senim.db",
        "header moved senim-2.db",
        "exported senim.db",
        "closed senim.db",
        "renamed senim.db",
        "encrypted senim.db",
        "indexing",
        "indexed",
    ],
};

/// Encrypted pages at schema 12, its summaries deflated (ADR 0052).
const SCHEMA12: Fixture = Fixture {
    dir: concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/vault/tests/fixtures/schema12"
    ),
    files: &["senim.db", "senim-2.db", "senim.hdr", "senim-2.hdr"],
    notes: 12,
    points: &["repacking", "repacked"],
};

const PASSCODE: &[u8] = b"field notes 2026";
const DURESS: &[u8] = b"blue meadow 44";
const DIR_ENV: &str = "SENIM_UPGRADE_CHILD_DIR";
/// Kills at moments spread over a whole run, besides the named points.
const TIMED_KILLS: u32 = 8;

fn copy_fixture(fixture: &Fixture) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for f in fixture.files {
        std::fs::copy(Path::new(fixture.dir).join(f), tmp.path().join(f)).unwrap();
    }
    tmp
}

fn found(v: &Vault, query: &str) -> Vec<String> {
    v.search(
        query,
        &RecordFilter::default(),
        &PageRequest::first(PageRequest::MAX_LIMIT),
    )
    .unwrap()
    .records
    .iter()
    .map(|r| common::note_text(&r.body).to_string())
    .collect()
}

/// The vault in `dir` opens and reads as the fixture wrote it, upgraded; then the
/// duress passcode opens its decoy.
fn check_upgraded(fixture: &Fixture, dir: &Path, label: &str) {
    let mut v = Vault::open(dir, None).unwrap_or_else(|e| panic!("{label}: open: {e}"));
    v.unlock(PASSCODE)
        .unwrap_or_else(|e| panic!("{label}: unlock: {e}"));
    let (records, damaged) = common::list_all(&v);
    assert!(damaged.is_empty(), "{label}: damaged records {damaged:?}");
    assert_eq!(records.len(), fixture.notes, "{label}: notes");
    let brigade = found(&v, "кумысбр");
    assert_eq!(brigade.len(), 1, "{label}");
    assert!(brigade[0].starts_with("Бригадир на стройке"), "{label}");
    assert_eq!(
        found(&v, "Zephyrquill"),
        vec![
            "Met two women at the bus station, debt for the journey, phrase: zephyrquill; \
             they will call back"
        ],
        "{label}: the edited note, as edited"
    );
    assert_eq!(
        found(&v, "листовки рынке").len(),
        fixture.notes - 2,
        "{label}"
    );
    assert!(
        v.audit_verify().unwrap().entries > fixture.notes as u64,
        "{label}"
    );
    v.lock().unwrap();
    assert!(
        !senim_vault::testing::is_plaintext(&dir.join("senim.db")).unwrap(),
        "{label}: the database is still plaintext"
    );
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["senim-2.db", "senim-2.hdr", "senim.db", "senim.hdr"],
        "{label}: files left in the vault"
    );
    v.unlock(DURESS)
        .unwrap_or_else(|e| panic!("{label}: the duress passcode: {e}"));
    let (decoy, damaged) = common::list_all(&v);
    assert!(
        damaged.is_empty() && !decoy.is_empty(),
        "{label}: the decoy"
    );
    assert!(found(&v, "кумысбр").is_empty(), "{label}: the decoy");
    v.lock().unwrap();
}

#[test]
fn a_vault_from_before_page_encryption_is_upgraded_at_its_first_unlock() {
    let tmp = copy_fixture(&SCHEMA6);
    let dir = tmp.path();
    // The old vault's hard-linked name: what is left where its pages lay.
    let old_pages = dir.join("old-pages");
    std::fs::hard_link(dir.join("senim.db"), &old_pages).unwrap();
    let mut v = Vault::open(dir, None).unwrap();
    let mut heard = Vec::new();
    v.unlock_with_progress(PASSCODE, &mut |step| heard.push(step))
        .unwrap();
    assert_eq!(heard.first(), Some(&Upgrade::EncryptingPages));
    let indexing: Vec<(u64, u64)> = heard[1..]
        .iter()
        .map(|s| match s {
            Upgrade::Indexing { done, total } => (*done, *total),
            other => panic!("{other:?} after the pages"),
        })
        .collect();
    assert_eq!(indexing.first(), Some(&(0, SCHEMA6.notes as u64)));
    assert_eq!(
        indexing.last(),
        Some(&(SCHEMA6.notes as u64, SCHEMA6.notes as u64))
    );
    assert!(indexing.windows(2).all(|w| w[0].0 <= w[1].0));
    // Every record got the facts a report counts (migration 0011, ADR 0048).
    assert_eq!(v.uncounted().unwrap(), 0);
    let mut counted = 0;
    v.counted(None, None, None, |_| counted += 1).unwrap();
    assert_eq!(counted, SCHEMA6.notes);
    v.lock().unwrap();
    // The plaintext pages were overwritten where they lay.
    let left = std::fs::read(&old_pages).unwrap();
    assert!(!left.windows(15).any(|w| w == b"SQLite format 3"));
    assert!(!left.windows(12).any(|w| w == b"CREATE TABLE"));
    std::fs::remove_file(&old_pages).unwrap();
    upgraded_once(v, &SCHEMA6, dir);
}

/// The next unlock of `v`, upgraded and locked, has nothing to upgrade: nothing is
/// heard. Then it reads as `fixture` was written.
fn upgraded_once(mut v: Vault, fixture: &Fixture, dir: &Path) {
    let mut again = Vec::new();
    v.unlock_with_progress(PASSCODE, &mut |step| again.push(step))
        .unwrap();
    assert!(again.is_empty(), "{again:?}");
    v.lock().unwrap();
    drop(v);
    check_upgraded(fixture, dir, "after the upgrade");
}

/// A vault from before LZ4 summaries (schema 12, ADR 0052): its first unlock packs its
/// summaries again, telling its progress, and reads as it was written; its decoy's
/// summaries are packed again too (by its follower, or by the duress unlock that
/// opens it first).
#[test]
fn a_vault_with_deflated_summaries_packs_them_again_at_its_first_unlock() {
    let tmp = copy_fixture(&SCHEMA12);
    let dir = tmp.path();
    let mut v = Vault::open(dir, None).unwrap();
    let mut heard = Vec::new();
    v.unlock_with_progress(PASSCODE, &mut |step| heard.push(step))
        .unwrap();
    let steps: Vec<(u64, u64)> = heard
        .iter()
        .map(|s| match s {
            Upgrade::Indexing { done, total } => (*done, *total),
            other => panic!("{other:?}: the pages are encrypted already"),
        })
        .collect();
    let total = steps.first().unwrap().1;
    assert!(total >= SCHEMA12.notes as u64, "{steps:?}");
    assert_eq!(steps.first(), Some(&(0, total)));
    assert_eq!(steps.last(), Some(&(total, total)));
    assert!(steps.windows(2).all(|w| w[0].0 <= w[1].0));
    v.lock().unwrap();
    upgraded_once(v, &SCHEMA12, dir);
    // The decoy opened first, before any real unlock packed it again.
    let first = copy_fixture(&SCHEMA12);
    let mut v = Vault::open(first.path(), None).unwrap();
    v.unlock(DURESS).unwrap();
    let (decoy, damaged) = common::list_all(&v);
    assert!(damaged.is_empty() && !decoy.is_empty());
    v.lock().unwrap();
    drop(v);
    check_upgraded(&SCHEMA12, first.path(), "after the decoy's upgrade");
}

/// A vault whose duress passcode was set before the decoy grew with it holds no key to
/// its decoy (made here by removing the fixture's `spare` secret, as such a vault has
/// none): the real passcode's upgrade cannot encrypt that decoy, which stays plaintext,
/// and the apps advise setting the duress passcode again. That leaves no plaintext
/// decoy, neither in its file nor where its old pages lay, and the new duress passcode
/// opens the new decoy.
#[test]
fn setting_the_duress_passcode_again_after_the_upgrade_leaves_no_plaintext_decoy() {
    let tmp = copy_fixture(&SCHEMA6);
    let dir = tmp.path();
    let removed = rusqlite::Connection::open(dir.join("senim.db"))
        .unwrap()
        .execute("DELETE FROM secrets WHERE name = 'spare'", [])
        .unwrap();
    assert_eq!(removed, 1);
    let decoy = dir.join("senim-2.db");
    let old_decoy_pages = dir.join("old-decoy-pages");
    std::fs::hard_link(&decoy, &old_decoy_pages).unwrap();
    let mut v = Vault::open(dir, None).unwrap();
    v.unlock(PASSCODE).unwrap();
    assert!(
        senim_vault::testing::is_plaintext(&decoy).unwrap(),
        "what the advice is for: the decoy from before is still plaintext"
    );
    let again: &[u8] = b"quiet river 71";
    v.set_duress(PASSCODE, again, senim_vault::DuressMode::Hide)
        .unwrap();
    v.lock().unwrap();
    assert!(!senim_vault::testing::is_plaintext(&decoy).unwrap());
    for file in [&decoy, &old_decoy_pages] {
        let bytes = std::fs::read(file).unwrap();
        assert!(
            !bytes.windows(15).any(|w| w == b"SQLite format 3"),
            "{file:?}"
        );
        assert!(!bytes.windows(12).any(|w| w == b"CREATE TABLE"), "{file:?}");
    }
    std::fs::remove_file(&old_decoy_pages).unwrap();
    // The new duress passcode opens the decoy: harmless notes, none of the real ones.
    v.unlock(again).unwrap();
    let (notes, damaged) = common::list_all(&v);
    assert!(damaged.is_empty() && !notes.is_empty());
    assert!(found(&v, "кумысбр").is_empty());
    v.lock().unwrap();
}

/// The steps an unlock with `passcode` tells, on a fresh copy of `fixture`, as
/// (encrypting, indexing steps with their totals).
fn steps_heard(fixture: &Fixture, passcode: &[u8]) -> (bool, Vec<(u64, u64)>) {
    let tmp = copy_fixture(fixture);
    let mut v = Vault::open(tmp.path(), None).unwrap();
    let mut heard = Vec::new();
    v.unlock_with_progress(passcode, &mut |step| heard.push(step))
        .unwrap();
    let encrypting = heard.first() == Some(&Upgrade::EncryptingPages);
    let indexing = heard
        .iter()
        .filter_map(|s| match s {
            Upgrade::Indexing { done, total } => Some((*done, *total)),
            Upgrade::EncryptingPages => None,
        })
        .collect();
    (encrypting, indexing)
}

#[test]
fn the_duress_passcode_shows_the_same_upgrade_as_the_real_one() {
    // Someone who knows this version shows "Updating the vault…" once after the update
    // must not tell which vault opened by its absence.
    let (real_encrypting, real) = steps_heard(&SCHEMA6, PASSCODE);
    let (decoy_encrypting, decoy) = steps_heard(&SCHEMA6, DURESS);
    assert!(real_encrypting && decoy_encrypting);
    // And packing the summaries of a vault from before schema 13 again.
    let (real_encrypting_12, real_12) = steps_heard(&SCHEMA12, PASSCODE);
    let (decoy_encrypting_12, decoy_12) = steps_heard(&SCHEMA12, DURESS);
    assert!(!real_encrypting_12 && !decoy_encrypting_12);
    for steps in [&real, &decoy, &real_12, &decoy_12] {
        let total = steps.first().unwrap().1;
        assert!(total > 0);
        assert_eq!(steps.first(), Some(&(0, total)));
        assert_eq!(steps.last(), Some(&(total, total)));
    }
}

/// The child: opens and unlocks the vault in its directory, upgrading it, unless
/// halted at the point `SENIM_TEST_HALT_AT` names. Does nothing unless started by the
/// parent.
#[test]
#[ignore = "child process of an_upgrade_killed_at_any_moment_leaves_the_old_vault_or_the_new"]
fn upgrade_child() {
    let Ok(dir) = std::env::var(DIR_ENV) else {
        return;
    };
    let mut v = Vault::open(&dir, None).unwrap();
    v.unlock(PASSCODE).unwrap();
    v.lock().unwrap();
    // Not `println!`: the test harness would capture it.
    let mut err = std::io::stderr().lock();
    let _ = std::io::Write::write_all(&mut err, b"upgraded\n");
}

/// Runs the child on `dir` until it halts at `point` (then kills it), or until `delay`
/// has passed (then kills it, unless it finished). Returns whether it was killed.
fn run_child(dir: &Path, point: Option<&str>, delay: Option<Duration>) -> bool {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "--ignored",
            "--exact",
            &common::test_name(module_path!(), "upgrade_child"),
            "--nocapture",
            "--test-threads=1",
        ])
        .env(DIR_ENV, dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(p) = point {
        command.env(HALT_AT_ENV, p);
    }
    let mut child = command.spawn().expect("start the child");
    let killed = match (point, delay) {
        (Some(p), _) => {
            // Killed where it says it halted.
            let mut stderr = child.stderr.take().unwrap();
            let mut seen = Vec::new();
            let mut byte = [0u8; 1];
            let wanted = format!("senim: halted at {p}\n");
            while !String::from_utf8_lossy(&seen).contains(&wanted) {
                match stderr.read(&mut byte) {
                    Ok(1) => seen.push(byte[0]),
                    _ => panic!(
                        "the child ended before {p:?}:\n{}",
                        String::from_utf8_lossy(&seen)
                    ),
                }
            }
            child.kill().unwrap();
            true
        }
        (None, Some(delay)) => {
            std::thread::sleep(delay);
            let finished = child.try_wait().unwrap().is_some();
            if !finished {
                child.kill().unwrap();
            }
            !finished
        }
        (None, None) => false,
    };
    let status = child.wait().unwrap();
    if !killed {
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        assert!(status.success(), "the child failed: {err}");
    }
    killed
}

#[test]
fn an_upgrade_killed_at_any_moment_leaves_the_old_vault_or_the_new() {
    killed_at_any_moment(&SCHEMA6);
}

#[test]
fn packing_summaries_again_killed_at_any_moment_leaves_the_old_vault_or_the_new() {
    killed_at_any_moment(&SCHEMA12);
}

/// The first unlock of a copy of `fixture`, killed at each of its named points and at
/// moments spread over a whole run; each time the next unlock reads it all.
fn killed_at_any_moment(fixture: &Fixture) {
    // Killed at each named point: all of them come after the passcode was found
    // right, so the killed unlock is not counted as a failed attempt.
    for point in fixture.points {
        let tmp = copy_fixture(fixture);
        assert!(run_child(tmp.path(), Some(point), None));
        let failed = Vault::open(tmp.path(), None)
            .and_then(|v| v.info())
            .unwrap()
            .failed_attempts;
        assert_eq!(
            failed, 0,
            "killed at {point:?}: the right passcode counted as wrong"
        );
        check_upgraded(fixture, tmp.path(), &format!("killed at {point:?}"));
    }
    // A whole run, timed; then kills at moments spread over it.
    let tmp = copy_fixture(fixture);
    let start = Instant::now();
    assert!(!run_child(tmp.path(), None, None));
    let whole = start.elapsed();
    check_upgraded(fixture, tmp.path(), "not killed");
    for k in 0..TIMED_KILLS {
        let tmp = copy_fixture(fixture);
        let delay = whole * (2 * k + 1) / (2 * TIMED_KILLS);
        run_child(tmp.path(), None, Some(delay));
        check_upgraded(fixture, tmp.path(), &format!("killed after {delay:?}"));
    }
}
