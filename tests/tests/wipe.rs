//! The panic wipe across processes: key material is gone before the call returns.
//!
//! A child process (this test binary, re-invoked to run [`wipe_child`]) wipes a vault
//! with `SENIM_TEST_HALT_AFTER_KEY_WIPE` set, so it stops right after the key step and
//! says so; the parent SIGKILLs it there, before any file is removed, and checks that
//! nothing left in the vault directory can be decrypted with the right passcode, that
//! no byte of the wrapped master key, its salt or a record's text is in any file, and
//! that wiping again finishes the job. A second scenario keeps hard links to the
//! database and header files, so the bytes the wipe removed can be read afterwards.

use crate::common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use senim_vault::{DeviceSecret, Error, KeyMaterial, KeyStore, SoftwareKeyStore, Vault};
use senim_vault::{HALT_AFTER_KEY_WIPE_ENV, HALTED_AFTER_KEY_WIPE};

use common::{PASSCODE, create_vault, db_path, lock_and_close, note};

const CHILD_DIR_ENV: &str = "SENIM_WIPE_CHILD_DIR";
const CHILD_KEYSTORE_ENV: &str = "SENIM_WIPE_CHILD_KEYSTORE";
const CHILD_CANARY_ENV: &str = "SENIM_WIPE_CHILD_CANARY";

/// Note texts that must not be found in any file, before or after the wipe.
fn canaries() -> Vec<String> {
    (0..5)
        .map(|i| {
            format!(
                "wipe-canary-{i}: паспорт у бригадира {}",
                common::random_u64()
            )
        })
        .collect()
}

/// The wrapped master key and salt of the real header file, then of the decoy's
/// (ADR 0033: read before unlock, outside the encrypted pages).
fn wrapping(dir: &Path) -> Vec<Vec<u8>> {
    use senim_vault::testing::{Db, read_header};
    [Db::Real, Db::Decoy]
        .into_iter()
        .flat_map(|db| {
            let h = read_header(dir, db).unwrap();
            [h.wrapped_master.to_vec(), h.salt.to_vec()]
        })
        .collect()
}

/// Every file under `dir` and which of `needles` (by index) it holds.
fn needles_in_files(dir: &Path, needles: &[Vec<u8>]) -> BTreeMap<PathBuf, Vec<usize>> {
    let mut found = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let hits: Vec<usize> = needles
            .iter()
            .enumerate()
            .filter(|(_, n)| bytes.windows(n.len()).any(|w| w == n.as_slice()))
            .map(|(i, _)| i)
            .collect();
        if !hits.is_empty() {
            found.insert(path, hits);
        }
    }
    found
}

/// A vault in `dir` holding the canary notes, locked and closed. Returns what must not
/// survive: the wrapped master key, the salt, the canary texts.
fn vault_with_canaries(dir: &Path, keystore: Option<Arc<dyn KeyStore>>) -> Vec<Vec<u8>> {
    let options = senim_vault::CreateOptions {
        keystore,
        ..senim_vault::CreateOptions::insecure_fast_for_tests()
    };
    let vault = Vault::create(dir, PASSCODE, options).unwrap();
    let texts = canaries();
    for t in &texts {
        vault.add(note(t)).unwrap();
    }
    lock_and_close(vault);
    let mut needles = wrapping(dir);
    needles.extend(texts.into_iter().map(String::into_bytes));
    needles
}

/// The child: opens and unlocks the vault, adds a note with the canary it is given, and
/// wipes; the core halts it after the key step. Does nothing unless started by the
/// parent.
#[test]
#[ignore = "child process of a_wipe_killed_right_after_the_key_step_leaves_nothing_decryptable"]
fn wipe_child() {
    let Ok(dir) = std::env::var(CHILD_DIR_ENV) else {
        return;
    };
    let keystore = std::env::var_os(CHILD_KEYSTORE_ENV)
        .map(|d| Arc::new(SoftwareKeyStore::in_dir(d)) as Arc<dyn KeyStore>);
    let mut vault = Vault::open(&dir, keystore).unwrap();
    // A session in progress: the write-ahead log holds this session's header pages.
    vault.unlock(PASSCODE).unwrap();
    let canary = std::env::var(CHILD_CANARY_ENV).unwrap();
    vault.add(note(&canary)).unwrap();
    let _ = vault.wipe();
    // Reached only if the hook did not halt the wipe; the parent reports it.
    println!("WIPE RETURNED");
}

/// Runs [`wipe_child`] on `dir` and SIGKILLs it as soon as it reports the key step
/// done. Panics if it never does. Returns the canary text of the note the child added.
fn wipe_and_kill_after_the_key_step(dir: &Path, keystore: Option<&Path>) -> String {
    let canary = canaries().remove(0);
    let exe = std::env::current_exe().unwrap();
    let mut cmd = Command::new(exe);
    cmd.args([
        "--ignored",
        "--exact",
        &common::test_name(module_path!(), "wipe_child"),
        "--nocapture",
        "--test-threads=1",
    ])
    .env(CHILD_DIR_ENV, dir)
    .env(HALT_AFTER_KEY_WIPE_ENV, "1")
    .env(CHILD_CANARY_ENV, &canary)
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    if let Some(k) = keystore {
        cmd.env(CHILD_KEYSTORE_ENV, k);
    }
    let mut child = cmd.spawn().expect("start the wiping child");
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { return };
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) if line == HALTED_AFTER_KEY_WIPE => break,
            Ok(line) => seen.push(line),
            Err(_) => {
                let _ = child.kill();
                let out = child.wait_with_output().unwrap();
                panic!(
                    "the child never reported the key step: stderr {seen:?}, stdout {}",
                    String::from_utf8_lossy(&out.stdout)
                );
            }
        }
    }
    child.kill().expect("SIGKILL the child");
    let status = child.wait().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(9), "the child died of SIGKILL");
    }
    #[cfg(not(unix))]
    let _ = status;
    canary
}

#[test]
fn a_wipe_killed_right_after_the_key_step_leaves_nothing_decryptable() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let mut needles = vault_with_canaries(&dir, None);

    let canary = wipe_and_kill_after_the_key_step(&dir, None);
    needles.push(canary.into_bytes());

    // Killed before removing anything: the database is still there...
    assert!(
        db_path(&dir).exists(),
        "the kill came before the files went"
    );
    // ...but holds no copy of the wrapping, and never held a canary.
    assert_eq!(needles_in_files(&dir, &needles), BTreeMap::new());
    // Nothing opens: the header files' key slots were destroyed, then the files
    // themselves overwritten (the key step's own work on the header files is read
    // back before that).
    assert!(matches!(
        Vault::open(&dir, None).and_then(|mut vault| vault.unlock(PASSCODE)),
        Err(Error::WrongPasscode { .. } | Error::CorruptHeader(_))
    ));
    // Wiping again finishes the job.
    let report = Vault::wipe_at(&dir, None).unwrap();
    assert!(report.removed.iter().any(|f| f == "senim.db"));
    assert!(!db_path(&dir).exists());
}

#[test]
fn a_device_bound_wipe_killed_right_after_the_key_step_has_already_deleted_the_device_secret() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let keys = tmp.path().join("keystore");
    let keystore: Arc<dyn KeyStore> = Arc::new(SoftwareKeyStore::in_dir(&keys));
    let mut needles = vault_with_canaries(&dir, Some(keystore.clone()));
    assert_eq!(std::fs::read_dir(&keys).unwrap().count(), 1);

    let canary = wipe_and_kill_after_the_key_step(&dir, Some(&keys));
    needles.push(canary.into_bytes());

    assert_eq!(
        std::fs::read_dir(&keys).unwrap().count(),
        0,
        "no secret left in the key store"
    );
    assert_eq!(needles_in_files(&dir, &needles), BTreeMap::new());
    assert!(matches!(
        Vault::open(&dir, Some(keystore)).and_then(|mut vault| vault.unlock(PASSCODE)),
        Err(Error::DeviceSecretMissing | Error::CorruptHeader(_))
    ));
}

#[test]
fn the_database_files_as_the_wipe_removed_them_hold_no_decryptable_master_key() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vault");
    let mut vault = create_vault(&dir);
    let texts = canaries();
    for t in &texts {
        vault.add(note(t)).unwrap();
    }
    let mut needles = wrapping(&dir);
    needles.extend(texts.iter().map(|t| t.clone().into_bytes()));
    // Hard links keep the removed files' bytes: what they held when their names went.
    let kept = tmp.path().join("kept");
    std::fs::create_dir(&kept).unwrap();
    for name in ["senim.db", "senim.db-wal", "senim.hdr", "senim-2.hdr"] {
        std::fs::hard_link(dir.join(name), kept.join(name)).unwrap();
    }
    assert!(
        !needles_in_files(&kept, &needles[..2]).is_empty(),
        "the wrapping is on disk before the wipe"
    );

    let report = vault.wipe().unwrap();

    assert_eq!(report.key_material, KeyMaterial::Overwritten);
    assert_eq!(report.device_secret, DeviceSecret::NotUsed);
    assert!(!db_path(&dir).exists());
    assert_eq!(needles_in_files(&kept, &needles), BTreeMap::new());
    // The header file the wipe replaced was overwritten where it lay: what is left of
    // it is no header at all.
    assert!(matches!(
        Vault::open(&kept, None).and_then(|mut copy| copy.unlock(PASSCODE)),
        Err(Error::WrongPasscode { .. } | Error::CorruptHeader(_))
    ));
}
