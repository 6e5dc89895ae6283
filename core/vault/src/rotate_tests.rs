//! Master key rotation at a passcode change (ADR 0022): after the change no file of the
//! vault directory holds anything the old passcode, or the master key it unwrapped,
//! opens; a rotation cut short leaves a vault one of the two passcodes opens.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Utc;
use senim_crypto::SecretKey;
use senim_records::{OutreachNote, RecordBody, RecordId};

use super::*;

const OLD: &[u8] = b"old passcode 2718";
const NEW: &[u8] = b"new passcode 3141";

fn note(text: &str) -> RecordBody {
    RecordBody::OutreachNote(OutreachNote {
        text: text.into(),
        place: Some("Sairan bus station".into()),
        location: None,
        tags: vec!["rotation".into()],
        at: Utc::now(),
        subject: None,
    })
}

/// A vault with records, a sealed secret (the device keys and a setting) and an audit
/// log, unlocked with [`OLD`].
fn filled(dir: &Path, keystore: Option<Arc<dyn KeyStore>>) -> (Vault, Vec<RecordId>) {
    let options = CreateOptions {
        keystore,
        ..CreateOptions::insecure_fast_for_tests()
    };
    let v = Vault::create(dir, OLD, options).unwrap();
    let ids = v
        .add_many((0..20).map(|i| note(&format!("note {i}"))).collect())
        .unwrap();
    v.device_public().unwrap();
    v.put_setting("language", b"kk").unwrap();
    (v, ids)
}

fn master_of(v: &Vault) -> SecretKey {
    SecretKey::from_bytes(*v.keys().unwrap().master.expose())
}

/// Copies every file of the vault directory (both databases, their logs) as they are
/// on disk now, as someone holding the phone could.
fn copy_dir(from: &Path, to: &Path) -> PathBuf {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
    to.to_path_buf()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The key slot: the header file's wrapped master key (ADR 0033).
fn wrapped_master(dir: &Path) -> Vec<u8> {
    crate::testing::read_header(dir, crate::testing::Db::Real)
        .unwrap()
        .wrapped_master
        .to_vec()
}

/// What the old passcode can do with a copy: unlock it (no), find the old key slot in
/// any of its files (no), open the pages with the master key it unwrapped before the
/// change (no), and, given the pages (opened with the new passcode), open any record,
/// secret, audit entry or blind index filter with that old master key (none).
fn assert_old_passcode_opens_nothing(
    copy: &Path,
    keystore: Option<Arc<dyn KeyStore>>,
    old_slot: &[u8],
    old_master: &SecretKey,
    ids: &[RecordId],
) {
    for entry in std::fs::read_dir(copy).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            !contains(&bytes, old_slot),
            "{} still holds the old key slot",
            path.file_name().unwrap().to_string_lossy()
        );
    }
    let mut v = Vault::open(copy, keystore.clone()).unwrap();
    assert!(matches!(v.unlock(OLD), Err(Error::WrongPasscode { .. })));
    assert!(
        matches!(
            crate::testing::connect_with_master(&copy.join(DB_FILE), old_master),
            Err(Error::CorruptDatabase(_))
        ),
        "the old master key opens the pages"
    );
    v.conn = crate::testing::connect_with_keystore(
        copy,
        crate::testing::Db::Real,
        NEW,
        keystore.as_deref(),
    )
    .unwrap();
    v.keys = Some(Keys::derive(SecretKey::from_bytes(*old_master.expose())));
    for id in ids {
        assert!(
            matches!(v.get(*id), Err(Error::RecordTampered { .. })),
            "the old master key opens a record"
        );
    }
    assert!(
        v.audit_log().is_err(),
        "the old master key opens the audit log"
    );
    let names: Vec<String> = v
        .conn
        .prepare("SELECT name FROM secrets")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|n| n.unwrap())
        .collect();
    assert!(!names.is_empty());
    for name in names {
        assert!(
            v.get_secret(&name).is_err(),
            "the old master key opens the secret {name}"
        );
    }
}

#[test]
fn a_copy_taken_right_after_a_change_holds_nothing_the_old_passcode_opens() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let (mut v, ids) = filled(&dir, None);
    let (old_slot, old_master) = (wrapped_master(&dir), master_of(&v));
    v.change_passcode(OLD, NEW).unwrap();
    // Still open, still unlocked: the files as they are now.
    let copy = copy_dir(&dir, &tmp.path().join("copy"));
    assert_old_passcode_opens_nothing(&copy, None, &old_slot, &old_master, &ids);
    // The copy is the vault under the new passcode.
    let mut c = Vault::open(&copy, None).unwrap();
    c.unlock(NEW).unwrap();
    assert_eq!(c.get(ids[3]).unwrap().id, ids[3]);
    c.audit_verify().unwrap();
}

#[test]
fn a_copy_taken_after_closing_holds_nothing_the_old_passcode_opens() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let (mut v, ids) = filled(&dir, None);
    let (old_slot, old_master) = (wrapped_master(&dir), master_of(&v));
    v.change_passcode(OLD, NEW).unwrap();
    v.lock().unwrap();
    drop(v);
    let copy = copy_dir(&dir, &tmp.path().join("copy"));
    assert_old_passcode_opens_nothing(&copy, None, &old_slot, &old_master, &ids);
}

#[test]
fn a_device_bound_vault_rotates_its_master_key_too() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let ks: Arc<dyn KeyStore> = Arc::new(SoftwareKeyStore::in_dir(tmp.path().join("keys")));
    let (mut v, ids) = filled(&dir, Some(ks.clone()));
    let (old_slot, old_master) = (wrapped_master(&dir), master_of(&v));
    v.change_passcode(OLD, NEW).unwrap();
    let copy = copy_dir(&dir, &tmp.path().join("copy"));
    assert_old_passcode_opens_nothing(&copy, Some(ks.clone()), &old_slot, &old_master, &ids);
    let mut c = Vault::open(&copy, Some(ks)).unwrap();
    c.unlock(NEW).unwrap();
    assert_eq!(c.get(ids[0]).unwrap().id, ids[0]);
}

#[test]
fn every_record_secret_and_audit_entry_reads_the_same_after_a_rotation() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let (mut v, ids) = filled(&dir, None);
    let before: Vec<_> = ids.iter().map(|id| v.get(*id).unwrap()).collect();
    let log_before = v.audit_log().unwrap();
    let device = v.device_public().unwrap();
    let found_before = v
        .list(
            &senim_records::RecordFilter {
                tag: Some("rotation".into()),
                ..Default::default()
            },
            &senim_records::PageRequest::first(50),
        )
        .unwrap()
        .records
        .len();
    v.change_passcode(OLD, NEW).unwrap();
    lock_and_reopen(&mut v, &dir, NEW);
    for (id, was) in ids.iter().zip(&before) {
        assert_eq!(v.get(*id).unwrap().body, was.body);
    }
    assert_eq!(v.device_public().unwrap(), device);
    assert_eq!(
        v.get_setting("language").unwrap().unwrap().as_slice(),
        b"kk"
    );
    let log = v.audit_log().unwrap();
    assert_eq!(&log[..log_before.len()], &log_before[..]);
    assert!(log.iter().any(|e| e.action == AuditAction::PasscodeChanged));
    v.audit_verify().unwrap();
    let found = v
        .list(
            &senim_records::RecordFilter {
                tag: Some("rotation".into()),
                ..Default::default()
            },
            &senim_records::PageRequest::first(50),
        )
        .unwrap()
        .records
        .len();
    assert_eq!(found, found_before);
    assert_eq!(found, ids.len());
}

fn lock_and_reopen(v: &mut Vault, dir: &Path, passcode: &[u8]) {
    v.lock().unwrap();
    *v = Vault::open(dir, None).unwrap();
    v.unlock(passcode).unwrap();
}

fn cut_at(step: Step, run: impl Fn() + 'static) {
    CUT.with(|c| *c.borrow_mut() = Some((step, Box::new(run))));
}

use crate::rotate::{CUT, Step};

#[test]
fn a_rotation_cut_short_before_it_commits_leaves_the_old_passcode_opening_everything() {
    for step in [
        Step::Pending,
        Step::Records,
        Step::Secrets,
        Step::Audit,
        Step::Commit,
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        let (mut v, ids) = filled(&dir, None);
        // What a kill at this step leaves on disk: the files as they are.
        let killed = tmp.path().join("killed");
        let (from, to) = (dir.clone(), killed.clone());
        cut_at(step, move || {
            copy_dir(&from, &to);
        });
        let err = v.change_passcode(OLD, NEW).unwrap_err();
        assert!(err.is_cut(), "{step:?}: {err}");
        for copy in [&dir, &killed] {
            drop(std::mem::replace(&mut v, Vault::open(copy, None).unwrap()));
            assert!(
                matches!(v.unlock(NEW), Err(Error::WrongPasscode { .. })),
                "{step:?}"
            );
            v.unlock(OLD).unwrap();
            assert_eq!(v.get(ids[7]).unwrap().id, ids[7], "{step:?}");
            v.audit_verify().unwrap();
            assert!(!pending_file(copy).exists(), "{step:?}");
        }
    }
}

/// The pending header file of a passcode change (`pending.rs`).
fn pending_file(dir: &Path) -> PathBuf {
    crate::pending::pending_path(&dir.join(crate::header_state::HEADER_FILE))
}

/// After the re-sealing transaction commits, at each later step (the pages not yet
/// re-keyed, re-keyed, the key slot moved): the new passcode opens everything and the
/// old one nothing, in the files as a kill leaves them and as the failed change left
/// them. The unlock with the new passcode finishes the change.
#[test]
fn a_rotation_cut_short_after_it_commits_leaves_the_new_passcode_opening_everything() {
    for step in [Step::Committed, Step::Rekeyed, Step::SlotMoved] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        let (mut v, ids) = filled(&dir, None);
        let killed = tmp.path().join("killed");
        let (from, to) = (dir.clone(), killed.clone());
        cut_at(step, move || {
            copy_dir(&from, &to);
        });
        assert!(v.change_passcode(OLD, NEW).unwrap_err().is_cut());
        assert!(
            !v.is_unlocked(),
            "{step:?}: the keys no longer open the vault"
        );
        drop(v);
        for copy in [&dir, &killed] {
            let mut v = Vault::open(copy, None).unwrap();
            assert!(
                matches!(v.unlock(OLD), Err(Error::WrongPasscode { .. })),
                "{step:?}"
            );
            v.unlock(NEW).unwrap();
            assert_eq!(v.get(ids[7]).unwrap().id, ids[7], "{step:?}");
            v.audit_verify().unwrap();
            assert!(!pending_file(copy).exists(), "{step:?}");
            // Finished: the old passcode's master key opens no page, the new one's
            // does, and the change is final.
            v.lock().unwrap();
            assert!(matches!(v.unlock(OLD), Err(Error::WrongPasscode { .. })));
            v.unlock(NEW).unwrap();
        }
    }
}

/// A device deriving `per_ms` KiB × passes per millisecond (no timing in tests).
fn device(per_ms: u64) -> impl FnMut(KdfParams) -> Result<std::time::Duration> {
    move |p| {
        let work = u64::from(p.m_cost_kib) * u64::from(p.t_cost);
        Ok(std::time::Duration::from_millis(work / per_ms))
    }
}

fn calibrated_vault(dir: &Path) -> Vault {
    let options = CreateOptions {
        kdf: KdfChoice::Fixed(KdfParams::OWASP_MINIMUM),
        ..CreateOptions::insecure_fast_for_tests()
    };
    Vault::create(dir, OLD, options).unwrap()
}

fn decoy_header(dir: &Path) -> crate::header::Header {
    crate::testing::read_header(dir, crate::testing::Db::Decoy)
        .unwrap()
        .header()
}

#[test]
fn a_passcode_change_on_a_faster_device_raises_the_key_derivation_cost() {
    let tmp = tempfile::tempdir().unwrap();
    let mut v = calibrated_vault(tmp.path());
    let id = v.add(note("kept")).unwrap();
    let change = v
        .change_passcode_measured(OLD, NEW, Some(&mut device(400)))
        .unwrap();
    let raised = change.kdf_raised.expect("raised");
    assert!(raised.m_cost_kib >= KdfParams::RECALIBRATED_MIN_MEMORY_KIB);
    assert_eq!(Vault::inspect(tmp.path()).unwrap().kdf, raised);
    // The decoy's header still matches the real one.
    assert_eq!(decoy_header(tmp.path()).kdf, raised);
    lock_and_reopen(&mut v, tmp.path(), NEW);
    assert_eq!(v.get(id).unwrap().id, id);
}

#[test]
fn a_passcode_change_on_a_device_no_faster_keeps_the_key_derivation() {
    let tmp = tempfile::tempdir().unwrap();
    let mut v = calibrated_vault(tmp.path());
    // 19 MiB × 2 in about 500 ms, as at creation.
    let change = v
        .change_passcode_measured(OLD, NEW, Some(&mut device(80)))
        .unwrap();
    assert_eq!(change.kdf_raised, None);
    assert_eq!(
        Vault::inspect(tmp.path()).unwrap().kdf,
        KdfParams::OWASP_MINIMUM
    );
}

#[test]
fn a_passcode_change_without_recalibration_keeps_the_key_derivation_and_the_duress_passcode() {
    let tmp = tempfile::tempdir().unwrap();
    let mut v = calibrated_vault(tmp.path());
    v.set_duress(OLD, b"duress passcode 99", DuressMode::Hide)
        .unwrap();
    v.change_passcode(OLD, NEW).unwrap();
    assert_eq!(
        Vault::inspect(tmp.path()).unwrap().kdf,
        KdfParams::OWASP_MINIMUM
    );
    v.lock().unwrap();
    v.unlock(b"duress passcode 99").unwrap();
    assert!(v.in_decoy);
}

#[test]
fn a_raised_cost_clears_the_duress_passcode_it_cannot_derive_again() {
    let tmp = tempfile::tempdir().unwrap();
    let mut v = calibrated_vault(tmp.path());
    v.set_duress(OLD, b"duress passcode 99", DuressMode::Hide)
        .unwrap();
    v.change_passcode_measured(OLD, NEW, Some(&mut device(400)))
        .unwrap();
    v.lock().unwrap();
    assert!(matches!(
        v.unlock(b"duress passcode 99"),
        Err(Error::WrongPasscode { .. })
    ));
    v.unlock(NEW).unwrap();
    // Set again, it works under the raised parameters.
    v.set_duress(NEW, b"duress passcode 99", DuressMode::Hide)
        .unwrap();
    v.lock().unwrap();
    v.unlock(b"duress passcode 99").unwrap();
    assert!(v.in_decoy);
}

#[test]
fn after_a_duress_unlock_a_passcode_change_rotates_the_decoy_and_raises_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let mut v = calibrated_vault(tmp.path());
    let real = v.add(note("real")).unwrap();
    v.set_duress(OLD, b"duress passcode 99", DuressMode::Hide)
        .unwrap();
    v.lock().unwrap();
    v.unlock(b"duress passcode 99").unwrap();
    let decoy_master = master_of(&v);
    let change = v
        .change_passcode_measured(b"duress passcode 99", NEW, Some(&mut device(400)))
        .unwrap();
    assert_eq!(change.kdf_raised, None);
    assert_ne!(master_of(&v).expose(), decoy_master.expose());
    v.lock().unwrap();
    v.unlock(NEW).unwrap();
    assert!(v.in_decoy);
    v.audit_verify().unwrap();
    v.lock().unwrap();
    v.unlock(OLD).unwrap();
    assert!(!v.in_decoy);
    assert_eq!(v.get(real).unwrap().id, real);
}

#[test]
fn a_rotation_leaves_the_decoy_the_same_whether_or_not_a_duress_passcode_is_set() {
    for with_duress in [false, true] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        let (mut v, _) = filled(&dir, None);
        if with_duress {
            v.set_duress(OLD, b"duress passcode 99", DuressMode::Destroy)
                .unwrap();
        }
        // The decoy grows with the vault (`mirror.rs`): an unlock copies what it has
        // grown so far into its file, so the change alone is measured.
        v.lock().unwrap();
        v.unlock(OLD).unwrap();
        let decoy = dir.join(DECOY_FILE);
        let (size, slot) = (
            std::fs::metadata(&decoy).unwrap().len(),
            decoy_header(&dir).wrapped_master,
        );
        v.change_passcode(OLD, NEW).unwrap();
        assert_eq!(std::fs::metadata(&decoy).unwrap().len(), size);
        assert_eq!(decoy_header(&dir).wrapped_master, slot);
        let log = PathBuf::from(format!("{}-wal", decoy.display()));
        assert_eq!(std::fs::metadata(&log).map_or(0, |m| m.len()), 0);
    }
}

/// After a duress unlock the change rotates the decoy (its own pending header file,
/// `senim-2.hdr.next`): cut short after its commit, the new passcode opens the decoy
/// and the duress passcode it replaced opens nothing; the real vault is untouched.
#[test]
fn a_decoy_rotation_cut_short_after_it_commits_leaves_the_new_passcode_opening_the_decoy() {
    const DURESS: &[u8] = b"duress passcode 99";
    for step in [Step::Committed, Step::Rekeyed] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("vault");
        let (mut v, ids) = filled(&dir, None);
        v.set_duress(OLD, DURESS, DuressMode::Hide).unwrap();
        v.lock().unwrap();
        v.unlock(DURESS).unwrap();
        cut_at(step, || {});
        assert!(v.change_passcode(DURESS, NEW).unwrap_err().is_cut());
        drop(v);
        let mut v = Vault::open(&dir, None).unwrap();
        assert!(
            matches!(v.unlock(DURESS), Err(Error::WrongPasscode { .. })),
            "{step:?}"
        );
        v.unlock(NEW).unwrap();
        assert!(v.in_decoy, "{step:?}");
        v.audit_verify().unwrap();
        let pending =
            crate::pending::pending_path(&dir.join(crate::header_state::DECOY_HEADER_FILE));
        assert!(!pending.exists(), "{step:?}");
        v.lock().unwrap();
        v.unlock(OLD).unwrap();
        assert!(!v.in_decoy);
        assert_eq!(v.get(ids[0]).unwrap().id, ids[0]);
    }
}
