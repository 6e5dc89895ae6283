//! The device-bound secret, kept by the platform: the Android Keystore or the iOS
//! Keychain (Secure Enclave where available). A vault created with a key store needs
//! both the passcode and this device's secret to open, so a copied vault file is
//! useless elsewhere.

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
}

pub(crate) fn bridge(
    keystore: Option<Arc<dyn KeyStore>>,
) -> Option<Arc<dyn senim_vault::KeyStore>> {
    keystore.map(|k| Arc::new(Bridge(k)) as Arc<dyn senim_vault::KeyStore>)
}
