//! The unlock throttle on the boot clock (ADR 0020), one behaviour per test, with a clock
//! the test drives through the key store. Black-box tests with the wall clock moved by
//! `faketime` are in `cli/tests/passcode_clock.rs`.

use std::sync::Arc;
use std::sync::Mutex;
use std::time::Duration;

use super::*;
use crate::clock::BootTime;

const PASS: &[u8] = b"correct horse";
const WRONG: &[u8] = b"not the passcode 9";

/// A key store whose only job here is the clock: a boot name and the milliseconds since
/// it, both set by the test.
struct DrivenClock(Mutex<(String, u64)>);

impl DrivenClock {
    fn new() -> Arc<DrivenClock> {
        Arc::new(DrivenClock(Mutex::new(("boot-1".into(), 3_600_000))))
    }

    fn advance(&self, by: Duration) {
        self.0.lock().unwrap().1 += by.as_millis() as u64;
    }

    fn reboot(&self, name: &str) {
        *self.0.lock().unwrap() = (name.into(), 1_000);
    }
}

impl KeyStore for DrivenClock {
    fn create_secret(
        &self,
        _: &str,
    ) -> std::result::Result<zeroize::Zeroizing<Vec<u8>>, KeyStoreError> {
        Err(KeyStoreError("not used".into()))
    }

    fn secret(
        &self,
        _: &str,
    ) -> std::result::Result<Option<zeroize::Zeroizing<Vec<u8>>>, KeyStoreError> {
        Ok(None)
    }

    fn boot_time(&self) -> std::result::Result<BootTime, KeyStoreError> {
        let (boot, ms) = self.0.lock().unwrap().clone();
        Ok(BootTime::new(&boot, ms))
    }
}

/// A vault made and closed, reopened with the driven clock, after three wrong passcodes
/// (the first that waits: 5 s).
fn after_three_failures() -> (tempfile::TempDir, Vault, Arc<DrivenClock>) {
    let dir = tempfile::tempdir().unwrap();
    let mut v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    v.lock().unwrap();
    drop(v);
    let clock = DrivenClock::new();
    let mut v = Vault::open(dir.path(), Some(clock.clone() as Arc<dyn KeyStore>)).unwrap();
    for _ in 0..3 {
        assert!(matches!(v.unlock(WRONG), Err(Error::WrongPasscode { .. })));
    }
    (dir, v, clock)
}

fn retry_after(result: Result<()>) -> Duration {
    match result {
        Err(Error::TooManyAttempts { retry_after }) => retry_after,
        other => panic!("expected TooManyAttempts, got {other:?}"),
    }
}

#[test]
fn the_wait_runs_on_the_boot_clock() {
    let (_dir, mut v, clock) = after_three_failures();
    assert_eq!(retry_after(v.unlock(PASS)), Duration::from_secs(5));
    clock.advance(Duration::from_millis(3_200));
    assert_eq!(retry_after(v.unlock(PASS)), Duration::from_secs(2));
    clock.advance(Duration::from_millis(1_800));
    v.unlock(PASS).unwrap();
}

#[test]
fn the_wall_clock_does_not_shorten_the_wait() {
    // The boot clock stands still while the wall clock moves on (here: real time
    // passes; with `faketime`, days): the wait is as long as ever.
    let (_dir, mut v, _clock) = after_three_failures();
    std::thread::sleep(Duration::from_millis(1_100));
    assert_eq!(retry_after(v.unlock(PASS)), Duration::from_secs(5));
}

#[test]
fn after_a_reboot_a_pending_wait_starts_again_from_zero() {
    let (_dir, mut v, clock) = after_three_failures();
    clock.advance(Duration::from_secs(4));
    clock.reboot("boot-2");
    assert_eq!(retry_after(v.unlock(PASS)), Duration::from_secs(5));
    clock.advance(Duration::from_secs(4));
    assert_eq!(retry_after(v.unlock(PASS)), Duration::from_secs(1));
    clock.advance(Duration::from_secs(1));
    v.unlock(PASS).unwrap();
}

#[test]
fn a_boot_clock_that_went_back_restarts_the_wait() {
    let (_dir, mut v, clock) = after_three_failures();
    *clock.0.lock().unwrap() = ("boot-1".into(), 10);
    assert_eq!(retry_after(v.unlock(PASS)), Duration::from_secs(5));
}

#[test]
fn refused_attempts_during_a_wait_are_not_counted_as_guesses() {
    let (dir, mut v, clock) = after_three_failures();
    for _ in 0..5 {
        retry_after(v.unlock(WRONG));
    }
    assert_eq!(Vault::inspect(dir.path()).unwrap().failed_attempts, 3);
    clock.advance(Duration::from_secs(5));
    // The fourth guess: counted, then a longer wait.
    assert!(matches!(
        v.unlock(WRONG),
        Err(Error::WrongPasscode { failures: 4 })
    ));
    assert_eq!(retry_after(v.unlock(PASS)), Duration::from_secs(15));
}
