//! Passcodes and the device key store: wrong passcodes are refused and counted in the
//! header, repeated failures pause unlocking (across restarts), a changed passcode
//! replaces the old one, and a device-bound vault opens only with its key store.
//!
//! Unlocking pauses after three consecutive failures, so tests that expect a success
//! fail at most twice before it.

use crate::common;

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use senim_vault::{CreateOptions, Error, KeyStore, SoftwareKeyStore, Vault};

use common::{
    PASSCODE, WRONG_PASSCODE, create_vault, lock_and_close, note, note_text, open_unlocked,
};

const NEW_PASSCODE: &[u8] = "новый пароль 7".as_bytes();

fn closed_vault(dir: &Path) {
    lock_and_close(create_vault(dir));
}

fn failed_attempts(dir: &Path) -> u32 {
    Vault::inspect(dir).unwrap().failed_attempts
}

fn device_bound_options(keys: &Path) -> CreateOptions {
    let keystore: Arc<dyn KeyStore> = Arc::new(SoftwareKeyStore::in_dir(keys));
    CreateOptions {
        keystore: Some(keystore),
        ..CreateOptions::insecure_fast_for_tests()
    }
}

fn open_with_keystore(dir: &Path, keys: &Path) -> Vault {
    Vault::open(dir, Some(Arc::new(SoftwareKeyStore::in_dir(keys)))).unwrap()
}

#[test]
fn a_wrong_passcode_is_refused_and_counted() {
    let tmp = tempfile::tempdir().unwrap();
    closed_vault(tmp.path());
    let mut vault = Vault::open(tmp.path(), None).unwrap();
    assert!(matches!(
        vault.unlock(WRONG_PASSCODE),
        Err(Error::WrongPasscode { failures: 1 })
    ));
    assert!(!vault.is_unlocked());
    assert!(matches!(vault.add(note("x")), Err(Error::Locked)));
    assert_eq!(failed_attempts(tmp.path()), 1);
}

#[test]
fn the_failure_count_persists_across_reopening() {
    let tmp = tempfile::tempdir().unwrap();
    closed_vault(tmp.path());
    let mut vault = Vault::open(tmp.path(), None).unwrap();
    vault.unlock(WRONG_PASSCODE).unwrap_err();
    drop(vault);
    assert_eq!(failed_attempts(tmp.path()), 1);
    let mut vault = Vault::open(tmp.path(), None).unwrap();
    assert!(matches!(
        vault.unlock(WRONG_PASSCODE),
        Err(Error::WrongPasscode { failures: 2 })
    ));
    drop(vault);
    assert_eq!(failed_attempts(tmp.path()), 2);
}

#[test]
fn the_right_passcode_still_unlocks_after_failures_and_resets_the_count() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = create_vault(tmp.path());
    let id = vault.add(note("kept safe")).unwrap();
    lock_and_close(vault);
    let mut vault = Vault::open(tmp.path(), None).unwrap();
    vault.unlock(WRONG_PASSCODE).unwrap_err();
    vault.unlock(WRONG_PASSCODE).unwrap_err();
    vault.unlock(PASSCODE).unwrap();
    assert_eq!(note_text(&vault.get(id).unwrap().body), "kept safe");
    assert_eq!(failed_attempts(tmp.path()), 0);
    lock_and_close(vault);
    // A fresh failure counts from one again.
    let mut vault = Vault::open(tmp.path(), None).unwrap();
    assert!(matches!(
        vault.unlock(WRONG_PASSCODE),
        Err(Error::WrongPasscode { failures: 1 })
    ));
}

#[test]
fn three_failures_pause_unlocking_even_with_the_right_passcode() {
    let tmp = tempfile::tempdir().unwrap();
    closed_vault(tmp.path());
    let mut vault = Vault::open(tmp.path(), None).unwrap();
    for n in 1..=3 {
        match vault.unlock(WRONG_PASSCODE) {
            Err(Error::WrongPasscode { failures }) => assert_eq!(failures, n),
            other => panic!("attempt {n}: {other:?}"),
        }
    }
    match vault.unlock(PASSCODE) {
        Err(Error::TooManyAttempts { retry_after }) => {
            assert!(retry_after > Duration::ZERO && retry_after <= Duration::from_secs(5))
        }
        other => panic!("expected TooManyAttempts, got {other:?}"),
    }
    assert!(!vault.is_unlocked());
    assert_eq!(
        failed_attempts(tmp.path()),
        3,
        "a refused attempt during the pause is not a guess"
    );
}

#[test]
fn the_pause_persists_across_reopening() {
    let tmp = tempfile::tempdir().unwrap();
    closed_vault(tmp.path());
    let mut vault = Vault::open(tmp.path(), None).unwrap();
    for _ in 0..3 {
        vault.unlock(WRONG_PASSCODE).unwrap_err();
    }
    drop(vault);
    let mut vault = Vault::open(tmp.path(), None).unwrap();
    assert!(matches!(
        vault.unlock(PASSCODE),
        Err(Error::TooManyAttempts { .. })
    ));
    assert_eq!(failed_attempts(tmp.path()), 3);
}

#[test]
fn after_a_passcode_change_only_the_new_passcode_unlocks() {
    let tmp = tempfile::tempdir().unwrap();
    let mut vault = create_vault(tmp.path());
    let id = vault.add(note("written before the change")).unwrap();
    vault.change_passcode(PASSCODE, NEW_PASSCODE).unwrap();
    lock_and_close(vault);

    let mut vault = Vault::open(tmp.path(), None).unwrap();
    assert!(matches!(
        vault.unlock(PASSCODE),
        Err(Error::WrongPasscode { .. })
    ));
    vault.unlock(NEW_PASSCODE).unwrap();
    assert_eq!(
        note_text(&vault.get(id).unwrap().body),
        "written before the change"
    );
    vault.audit_verify().unwrap();
}

#[test]
fn a_passcode_change_needs_the_current_passcode() {
    let tmp = tempfile::tempdir().unwrap();
    let mut vault = create_vault(tmp.path());
    assert!(matches!(
        vault.change_passcode(WRONG_PASSCODE, NEW_PASSCODE),
        Err(Error::WrongPasscode { .. })
    ));
    lock_and_close(vault);
    let mut vault = Vault::open(tmp.path(), None).unwrap();
    assert!(matches!(
        vault.unlock(NEW_PASSCODE),
        Err(Error::WrongPasscode { .. })
    ));
    vault.unlock(PASSCODE).unwrap();
}

#[test]
fn a_too_short_new_passcode_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let mut vault = create_vault(tmp.path());
    assert!(matches!(
        vault.change_passcode(PASSCODE, b"12345"),
        Err(Error::WeakPasscode(senim_vault::PasscodeWeakness::TooShort))
    ));
    lock_and_close(vault);
    open_unlocked(tmp.path());
}

#[test]
fn a_wrong_passcode_error_does_not_echo_the_passcode() {
    let tmp = tempfile::tempdir().unwrap();
    closed_vault(tmp.path());
    let mut vault = Vault::open(tmp.path(), None).unwrap();
    let err = vault.unlock(WRONG_PASSCODE).unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(std::str::from_utf8(WRONG_PASSCODE).unwrap()));
}

#[test]
fn a_device_bound_vault_cannot_be_unlocked_without_its_key_store() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, keys) = (tmp.path().join("vault"), tmp.path().join("keys"));
    lock_and_close(Vault::create(&dir, PASSCODE, device_bound_options(&keys)).unwrap());
    assert!(Vault::inspect(&dir).unwrap().uses_keystore);

    let mut vault = Vault::open(&dir, None).unwrap();
    assert!(matches!(
        vault.unlock(PASSCODE),
        Err(Error::KeyStoreRequired)
    ));
    assert!(!vault.is_unlocked());
    assert_eq!(
        failed_attempts(&dir),
        0,
        "a missing key store is not a passcode guess"
    );
}

#[test]
fn a_device_bound_vault_cannot_be_unlocked_with_an_empty_key_store() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, keys) = (tmp.path().join("vault"), tmp.path().join("keys"));
    lock_and_close(Vault::create(&dir, PASSCODE, device_bound_options(&keys)).unwrap());

    let other = tmp.path().join("other-device-keys");
    let mut vault = open_with_keystore(&dir, &other);
    match vault.unlock(PASSCODE) {
        Err(Error::DeviceSecretMissing | Error::WrongPasscode { .. }) => {}
        other => panic!("expected DeviceSecretMissing or WrongPasscode, got {other:?}"),
    }
    assert!(!vault.is_unlocked());
    assert!(
        !other.exists() || std::fs::read_dir(&other).unwrap().next().is_none(),
        "unlocking never creates a device secret"
    );
}

#[test]
fn a_device_bound_vault_cannot_be_unlocked_with_another_devices_secret() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, keys) = (tmp.path().join("vault"), tmp.path().join("keys"));
    lock_and_close(Vault::create(&dir, PASSCODE, device_bound_options(&keys)).unwrap());
    // Another device's key store holding its own secret under this vault's label.
    let other = tmp.path().join("other-device-keys");
    SoftwareKeyStore::in_dir(&other)
        .create_secret(&keystore_label(&keys))
        .unwrap();

    let mut vault = open_with_keystore(&dir, &other);
    assert!(matches!(
        vault.unlock(PASSCODE),
        Err(Error::WrongPasscode { failures: 1 })
    ));
    assert!(!vault.is_unlocked());
}

/// The label of the one secret a software key store directory holds.
fn keystore_label(keys: &Path) -> String {
    let names: Vec<String> = std::fs::read_dir(keys)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "one secret per vault: {names:?}");
    names[0].strip_suffix(".key").unwrap().to_string()
}

#[test]
fn a_device_bound_vault_unlocks_with_its_key_store() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, keys) = (tmp.path().join("vault"), tmp.path().join("keys"));
    let vault = Vault::create(&dir, PASSCODE, device_bound_options(&keys)).unwrap();
    let id = vault.add(note("bound to this phone")).unwrap();
    lock_and_close(vault);

    let mut vault = open_with_keystore(&dir, &keys);
    vault.unlock(PASSCODE).unwrap();
    assert_eq!(
        note_text(&vault.get(id).unwrap().body),
        "bound to this phone"
    );
}

#[test]
fn a_device_bound_vault_stays_bound_after_a_passcode_change() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, keys) = (tmp.path().join("vault"), tmp.path().join("keys"));
    let mut vault = Vault::create(&dir, PASSCODE, device_bound_options(&keys)).unwrap();
    vault.change_passcode(PASSCODE, NEW_PASSCODE).unwrap();
    lock_and_close(vault);

    let mut vault = Vault::open(&dir, None).unwrap();
    assert!(matches!(
        vault.unlock(NEW_PASSCODE),
        Err(Error::KeyStoreRequired)
    ));
    drop(vault);
    let elsewhere = tmp.path().join("elsewhere");
    SoftwareKeyStore::in_dir(&elsewhere)
        .create_secret(&keystore_label(&keys))
        .unwrap();
    let mut vault = open_with_keystore(&dir, &elsewhere);
    assert!(matches!(
        vault.unlock(NEW_PASSCODE),
        Err(Error::WrongPasscode { .. })
    ));
    drop(vault);
    open_with_keystore(&dir, &keys)
        .unlock(NEW_PASSCODE)
        .unwrap();
}
