//! The unlock throttle on the platform's boot clock, which the app supplies through its
//! key store (ADR 0020): a key store here drives the clock, as the apps' read
//! `elapsedRealtime` and the continuous clock. Wall-clock changes do not touch the
//! wait; a reboot starts it again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pollster::block_on;

use crate::error::SenimError;
use crate::keystore::{BootTime, KeyStore};
use crate::vault::SenimVault;

const PASS: &[u8] = b"correct horse 9";
const WRONG: &[u8] = b"not the passcode 3";

/// A key store whose boot clock the test sets: a boot id and the milliseconds since it.
struct DrivenKeyStore {
    secrets: Mutex<HashMap<String, Vec<u8>>>,
    clock: Mutex<Result<BootTime, String>>,
}

impl DrivenKeyStore {
    fn new() -> Arc<DrivenKeyStore> {
        Arc::new(DrivenKeyStore {
            secrets: Mutex::new(HashMap::new()),
            clock: Mutex::new(Ok(BootTime {
                boot: "boot-count:41".into(),
                since_boot_ms: 7_200_000,
            })),
        })
    }

    fn advance(&self, by: Duration) {
        if let Ok(t) = self.clock.lock().unwrap().as_mut() {
            t.since_boot_ms += by.as_millis() as u64;
        }
    }

    fn reboot(&self, boot: &str) {
        *self.clock.lock().unwrap() = Ok(BootTime {
            boot: boot.into(),
            since_boot_ms: 12_000,
        });
    }

    fn break_clock(&self) {
        *self.clock.lock().unwrap() = Err("the boot clock is not available".into());
    }
}

impl KeyStore for DrivenKeyStore {
    fn create_secret(&self, label: String) -> Result<Vec<u8>, SenimError> {
        let secret = vec![9u8; 32];
        self.secrets.lock().unwrap().insert(label, secret.clone());
        Ok(secret)
    }
    fn secret(&self, label: String) -> Result<Option<Vec<u8>>, SenimError> {
        Ok(self.secrets.lock().unwrap().get(&label).cloned())
    }
    fn delete_secret(&self, label: String) -> Result<(), SenimError> {
        self.secrets.lock().unwrap().remove(&label);
        Ok(())
    }
    fn boot_time(&self) -> Result<BootTime, SenimError> {
        self.clock
            .lock()
            .unwrap()
            .clone()
            .map_err(|reason| SenimError::KeyStore { reason })
    }
}

/// A device-bound vault, made, locked and reopened with the driven key store, after
/// three wrong passcodes (the next attempt waits 5 s).
fn after_three_failures() -> (tempfile::TempDir, Arc<SenimVault>, Arc<DrivenKeyStore>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault").display().to_string();
    let store = DrivenKeyStore::new();
    let keystore: Arc<dyn KeyStore> = store.clone();
    let vault = block_on(SenimVault::create(
        path.clone(),
        PASS.to_vec().into(),
        keystore.clone(),
    ))
    .unwrap();
    vault.lock().unwrap();
    drop(vault);
    let vault = SenimVault::open(path, Some(keystore)).unwrap();
    for _ in 0..3 {
        let e = block_on(vault.unlock(WRONG.to_vec().into(), None)).unwrap_err();
        assert!(matches!(e, SenimError::WrongPasscode { .. }), "{e:?}");
    }
    (dir, vault, store)
}

fn wait_of(vault: &SenimVault) -> u64 {
    match block_on(vault.unlock(PASS.to_vec().into(), None)) {
        Err(SenimError::TooManyAttempts {
            retry_after_seconds,
        }) => retry_after_seconds,
        other => panic!("expected TooManyAttempts, got {other:?}"),
    }
}

#[test]
fn the_unlock_wait_runs_on_the_boot_clock_the_key_store_supplies() {
    let (_dir, vault, store) = after_three_failures();
    assert_eq!(wait_of(&vault), 5);
    store.advance(Duration::from_millis(3_100));
    assert_eq!(wait_of(&vault), 2);
    // Five seconds on the platform's clock, a moment of real time: the wait is over.
    store.advance(Duration::from_millis(1_900));
    block_on(vault.unlock(PASS.to_vec().into(), None)).unwrap();
    assert!(vault.is_unlocked());
}

#[test]
fn the_wall_clock_moving_on_does_not_shorten_the_wait() {
    // The platform's boot clock stands still while the wall clock moves on.
    let (_dir, vault, _store) = after_three_failures();
    std::thread::sleep(Duration::from_millis(1_200));
    assert_eq!(wait_of(&vault), 5);
}

#[test]
fn a_reboot_the_key_store_reports_restarts_a_pending_wait() {
    let (_dir, vault, store) = after_three_failures();
    store.advance(Duration::from_secs(4));
    store.reboot("boot-count:42");
    assert_eq!(wait_of(&vault), 5);
    store.advance(Duration::from_secs(5));
    block_on(vault.unlock(PASS.to_vec().into(), None)).unwrap();
}

#[test]
fn a_key_store_without_a_clock_fails_the_unlock_as_a_key_store_error_and_counts_nothing() {
    let (_dir, vault, store) = after_three_failures();
    store.break_clock();
    let e = block_on(vault.unlock(PASS.to_vec().into(), None)).unwrap_err();
    assert!(matches!(e, SenimError::KeyStore { .. }), "{e:?}");
    assert_eq!(vault.summary().unwrap().failed_attempts, 3);
}
