//! The platform key store: an optional second factor that mixes a device-bound secret
//! into the key that wraps the master key, so a copied vault file cannot be
//! brute-forced offline without the device.
//!
//! Android implements [`KeyStore`] with the Android Keystore, iOS with the Keychain (in
//! the shells). [`SoftwareKeyStore`] is the implementation for tests and the CLI: it
//! keeps its secrets in files with owner-only permissions, outside the vault directory.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use zeroize::Zeroizing;

/// A failure of the platform key store. The reason never contains key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct KeyStoreError(pub String);

/// Supplies device-bound secrets.
pub trait KeyStore: Send + Sync {
    /// Returns the 32-byte secret for `label`, creating it on first use. The same label
    /// must return the same secret on this device, and a different one elsewhere.
    fn device_secret(&self, label: &str) -> Result<Zeroizing<Vec<u8>>, KeyStoreError>;
}

/// A software key store: in memory, or in a directory of owner-only files.
pub struct SoftwareKeyStore {
    dir: Option<PathBuf>,
    memory: Mutex<HashMap<String, Zeroizing<Vec<u8>>>>,
}

impl SoftwareKeyStore {
    /// Secrets live only as long as this value (tests).
    pub fn in_memory() -> Self {
        SoftwareKeyStore {
            dir: None,
            memory: Mutex::new(HashMap::new()),
        }
    }

    /// Secrets are files in `dir`, which should not be the vault directory.
    pub fn in_dir(dir: impl Into<PathBuf>) -> Self {
        SoftwareKeyStore {
            dir: Some(dir.into()),
            memory: Mutex::new(HashMap::new()),
        }
    }

    fn check_label(label: &str) -> Result<(), KeyStoreError> {
        if label.is_empty()
            || label.len() > 128
            || !label
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(KeyStoreError("invalid key label".into()));
        }
        Ok(())
    }

    fn file_secret(
        dir: &std::path::Path,
        label: &str,
    ) -> Result<Zeroizing<Vec<u8>>, KeyStoreError> {
        use std::io::Write;
        let io = |what: &str| {
            let what = what.to_string();
            move |e: std::io::Error| KeyStoreError(format!("{what}: {}", e.kind()))
        };
        let path = dir.join(format!("{label}.key"));
        match std::fs::read(&path) {
            Ok(bytes) if bytes.len() == 32 => return Ok(Zeroizing::new(bytes)),
            Ok(_) => return Err(KeyStoreError("stored secret has the wrong length".into())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io("cannot read secret")(e)),
        }
        std::fs::create_dir_all(dir).map_err(io("cannot create key store directory"))?;
        let secret = Zeroizing::new(
            crate::crypto::random_array::<32>()
                .map_err(|_| KeyStoreError("random source failed".into()))?
                .to_vec(),
        );
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let tmp = dir.join(format!("{label}.key.new"));
        let _ = std::fs::remove_file(&tmp);
        let mut f = opts.open(&tmp).map_err(io("cannot create secret"))?;
        f.write_all(&secret).map_err(io("cannot write secret"))?;
        f.sync_all().map_err(io("cannot write secret"))?;
        std::fs::rename(&tmp, &path).map_err(io("cannot store secret"))?;
        Ok(secret)
    }
}

impl KeyStore for SoftwareKeyStore {
    fn device_secret(&self, label: &str) -> Result<Zeroizing<Vec<u8>>, KeyStoreError> {
        Self::check_label(label)?;
        match &self.dir {
            Some(dir) => Self::file_secret(dir, label),
            None => {
                let mut m = self
                    .memory
                    .lock()
                    .map_err(|_| KeyStoreError("poisoned".into()))?;
                if let Some(s) = m.get(label) {
                    return Ok(s.clone());
                }
                let s = Zeroizing::new(
                    crate::crypto::random_array::<32>()
                        .map_err(|_| KeyStoreError("random source failed".into()))?
                        .to_vec(),
                );
                m.insert(label.to_string(), s.clone());
                Ok(s)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_always_gets_the_same_secret_and_labels_differ() {
        let dir = tempfile::tempdir().unwrap();
        let ks = SoftwareKeyStore::in_dir(dir.path());
        let a = ks.device_secret("vault-1").unwrap();
        assert_eq!(a.len(), 32);
        assert_eq!(
            a,
            SoftwareKeyStore::in_dir(dir.path())
                .device_secret("vault-1")
                .unwrap()
        );
        assert_ne!(a, ks.device_secret("vault-2").unwrap());
        assert_ne!(
            a,
            SoftwareKeyStore::in_memory()
                .device_secret("vault-1")
                .unwrap()
        );
    }

    #[test]
    fn labels_that_could_escape_the_directory_are_refused() {
        let ks = SoftwareKeyStore::in_memory();
        assert!(ks.device_secret("../x").is_err());
        assert!(ks.device_secret("").is_err());
    }
}
