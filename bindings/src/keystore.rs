//! The device-bound secret, kept by the platform: the Android Keystore or the iOS
//! Keychain (Secure Enclave where available). A vault created with a key store needs
//! both the passcode and this device's secret to open, so a copied vault file is
//! useless elsewhere.
//!
//! The key store also supplies the platform's boot clock, on which the unlock throttle
//! runs (ADR 0020): time since boot, suspended time included, which whoever holds the
//! phone cannot set, and an id of the boot. It must never hand the core the wall clock
//! where the platform has a boot clock.

use std::sync::Arc;

use senim_vault::KeyStoreError;
use zeroize::Zeroizing;

use crate::error::SenimError;

/// Implemented by the app. Labels are ASCII letters, digits, `-` and `_`.
#[uniffi::export(foreign)]
pub trait KeyStore: Send + Sync {
    /// Creates, keeps and returns a new random secret (at least 32 bytes) for `label`.
    /// Must refuse a label that already has one.
    fn create_secret(&self, label: String) -> Result<Vec<u8>, SenimError>;

    /// The secret kept for `label`, or none when this device has none.
    fn secret(&self, label: String) -> Result<Option<Vec<u8>>, SenimError>;

    /// Deletes the secret kept for `label` for good (a panic wipe): the platform key and
    /// whatever stored copy of the secret it protects. A label with no secret is not an
    /// error. The wipe then asks `secret` to check that it is gone.
    fn delete_secret(&self, label: String) -> Result<(), SenimError>;

    /// The platform's boot clock, read now: time since the device booted, suspended
    /// time included, with an id of that boot (Android: `SystemClock.elapsedRealtime()`
    /// and `Settings.Global.BOOT_COUNT`; iOS: the continuous clock and
    /// `kern.bootsessionuuid`). The unlock throttle measures its waits on it, so setting
    /// the wall clock neither shortens nor lengthens one, and a reboot (another id)
    /// starts a pending wait again. When no id of the boot can be read, return a fixed
    /// one: a reboot is still seen as the clock going back. Fail only when there is no
    /// clock at all; the unlock then fails with `KeyStore` and counts nothing.
    fn boot_time(&self) -> Result<BootTime, SenimError>;
}

/// A reading of the platform's boot clock.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct BootTime {
    /// Names this boot of the device and changes at every reboot (any text: the core
    /// keeps only a hash of it).
    pub boot: String,
    /// Milliseconds since that boot, time asleep included.
    pub since_boot_ms: u64,
}

/// The app's key store as the core's.
pub(crate) struct Bridge(pub Arc<dyn KeyStore>);

impl senim_vault::KeyStore for Bridge {
    fn create_secret(&self, label: &str) -> Result<Zeroizing<Vec<u8>>, KeyStoreError> {
        self.0
            .create_secret(label.to_string())
            .map(Zeroizing::new)
            .map_err(|e| KeyStoreError(e.into_reason()))
    }

    fn secret(&self, label: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeyStoreError> {
        self.0
            .secret(label.to_string())
            .map(|s| s.map(Zeroizing::new))
            .map_err(|e| KeyStoreError(e.into_reason()))
    }

    fn delete_secret(&self, label: &str) -> Result<(), KeyStoreError> {
        self.0
            .delete_secret(label.to_string())
            .map_err(|e| KeyStoreError(e.into_reason()))
    }

    fn boot_time(&self) -> Result<senim_vault::clock::BootTime, KeyStoreError> {
        self.0
            .boot_time()
            .map(|t| senim_vault::clock::BootTime::new(&t.boot, t.since_boot_ms))
            .map_err(|e| KeyStoreError(e.into_reason()))
    }
}

pub(crate) fn bridge(
    keystore: Option<Arc<dyn KeyStore>>,
) -> Option<Arc<dyn senim_vault::KeyStore>> {
    keystore.map(|k| Arc::new(Bridge(k)) as Arc<dyn senim_vault::KeyStore>)
}
