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

use crate::clock::BootTime;

/// A failure of the platform key store. The reason never contains key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct KeyStoreError(pub String);

/// Supplies device-bound secrets (32 bytes each, one per label).
pub trait KeyStore: Send + Sync {
    /// Creates the secret for `label` when a vault is created. Refuses a label that
    /// already has one, so an existing vault's secret is never replaced.
    fn create_secret(&self, label: &str) -> Result<Zeroizing<Vec<u8>>, KeyStoreError>;

    /// The existing secret for `label`, or `None` when this key store has none (another
    /// device, or a different key store). Never creates one.
    fn secret(&self, label: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeyStoreError>;

    /// Deletes the secret for `label` for good (a panic wipe, `Vault::wipe`). A label
    /// with no secret is not an error. The default keeps the secret: a key store that
    /// cannot delete returns `Ok`, and the wipe, which asks for the secret afterwards,
    /// reports it as still present.
    fn delete_secret(&self, _label: &str) -> Result<(), KeyStoreError> {
        Ok(())
    }

    /// The device's boot clock, which the unlock throttle runs on
    /// ([`crate::clock`]): time since boot that the user cannot set, with an id of the
    /// boot. The default reads the operating system's ([`crate::clock::os_boot_time`]);
    /// an app's key store gives its platform's, and a test's one it drives.
    fn boot_time(&self) -> Result<BootTime, KeyStoreError> {
        crate::clock::os_boot_time().map_err(|e| KeyStoreError(e.to_string()))
    }
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

    fn read_file(
        dir: &std::path::Path,
        label: &str,
    ) -> Result<Option<Zeroizing<Vec<u8>>>, KeyStoreError> {
        match std::fs::read(dir.join(format!("{label}.key"))) {
            Ok(bytes) if bytes.len() == 32 => Ok(Some(Zeroizing::new(bytes))),
            Ok(bytes) => {
                drop(Zeroizing::new(bytes));
                Err(KeyStoreError("stored secret has the wrong length".into()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(KeyStoreError(format!("cannot read secret: {}", e.kind()))),
        }
    }

    fn create_file(
        dir: &std::path::Path,
        label: &str,
    ) -> Result<Zeroizing<Vec<u8>>, KeyStoreError> {
        use std::io::Write;
        let io = |what: &'static str| {
            move |e: std::io::Error| KeyStoreError(format!("{what}: {}", e.kind()))
        };
        crate::files::create_private_dir(dir).map_err(io("cannot create key store directory"))?;
        let secret = new_secret()?;
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
        // hard_link refuses to replace an existing secret, unlike rename.
        let linked = std::fs::hard_link(&tmp, dir.join(format!("{label}.key")));
        let _ = std::fs::remove_file(&tmp);
        match linked {
            Ok(()) => Ok(secret),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(KeyStoreError(
                "a secret with this label already exists".into(),
            )),
            Err(e) => Err(io("cannot store secret")(e)),
        }
    }

    /// Overwrites the secret's file with random bytes, flushes it, and removes it (and
    /// a half-written `.key.new` a crash may have left).
    fn delete_file(dir: &std::path::Path, label: &str) -> Result<(), KeyStoreError> {
        use std::io::Write;
        let io = |what: &'static str| {
            move |e: std::io::Error| KeyStoreError(format!("{what}: {}", e.kind()))
        };
        for name in [format!("{label}.key"), format!("{label}.key.new")] {
            let path = dir.join(name);
            match std::fs::OpenOptions::new().write(true).open(&path) {
                Ok(mut f) => {
                    let len = f.metadata().map_err(io("cannot read secret"))?.len();
                    let noise = senim_crypto::random_bytes(len.min(4096) as usize)
                        .map_err(|_| KeyStoreError("random source failed".into()))?;
                    f.write_all(&noise).map_err(io("cannot overwrite secret"))?;
                    f.sync_all().map_err(io("cannot overwrite secret"))?;
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(io("cannot open secret")(e)),
            }
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io("cannot remove secret")(e)),
            }
        }
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

fn new_secret() -> Result<Zeroizing<Vec<u8>>, KeyStoreError> {
    Ok(Zeroizing::new(
        senim_crypto::random_array::<32>()
            .map_err(|_| KeyStoreError("random source failed".into()))?
            .to_vec(),
    ))
}

impl KeyStore for SoftwareKeyStore {
    fn create_secret(&self, label: &str) -> Result<Zeroizing<Vec<u8>>, KeyStoreError> {
        Self::check_label(label)?;
        match &self.dir {
            Some(dir) => Self::create_file(dir, label),
            None => {
                let mut m = self
                    .memory
                    .lock()
                    .map_err(|_| KeyStoreError("poisoned".into()))?;
                if m.contains_key(label) {
                    return Err(KeyStoreError(
                        "a secret with this label already exists".into(),
                    ));
                }
                let s = new_secret()?;
                m.insert(label.to_string(), s.clone());
                Ok(s)
            }
        }
    }

    fn secret(&self, label: &str) -> Result<Option<Zeroizing<Vec<u8>>>, KeyStoreError> {
        Self::check_label(label)?;
        match &self.dir {
            Some(dir) => Self::read_file(dir, label),
            None => {
                let m = self
                    .memory
                    .lock()
                    .map_err(|_| KeyStoreError("poisoned".into()))?;
                Ok(m.get(label).cloned())
            }
        }
    }

    fn delete_secret(&self, label: &str) -> Result<(), KeyStoreError> {
        Self::check_label(label)?;
        match &self.dir {
            Some(dir) => Self::delete_file(dir, label),
            None => {
                let mut m = self
                    .memory
                    .lock()
                    .map_err(|_| KeyStoreError("poisoned".into()))?;
                // Zeroized as it is dropped.
                m.remove(label);
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_created_secret_is_found_again_and_labels_differ() {
        let dir = tempfile::tempdir().unwrap();
        let ks = SoftwareKeyStore::in_dir(dir.path());
        assert_eq!(ks.secret("vault-1").unwrap(), None);
        let a = ks.create_secret("vault-1").unwrap();
        assert_eq!(a.len(), 32);
        assert_eq!(
            Some(a.clone()),
            SoftwareKeyStore::in_dir(dir.path())
                .secret("vault-1")
                .unwrap()
        );
        assert_ne!(a, ks.create_secret("vault-2").unwrap());
        assert_eq!(
            SoftwareKeyStore::in_memory().secret("vault-1").unwrap(),
            None
        );
    }

    #[test]
    fn an_existing_secret_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let ks = SoftwareKeyStore::in_dir(dir.path());
        let a = ks.create_secret("v").unwrap();
        assert!(ks.create_secret("v").is_err());
        assert_eq!(ks.secret("v").unwrap(), Some(a));
        let mem = SoftwareKeyStore::in_memory();
        mem.create_secret("v").unwrap();
        assert!(mem.create_secret("v").is_err());
    }

    #[test]
    fn a_deleted_secret_is_gone_and_deleting_a_missing_one_is_no_error() {
        let dir = tempfile::tempdir().unwrap();
        let ks = SoftwareKeyStore::in_dir(dir.path());
        ks.create_secret("v").unwrap();
        ks.create_secret("w").unwrap();
        ks.delete_secret("v").unwrap();
        assert_eq!(ks.secret("v").unwrap(), None);
        assert!(!dir.path().join("v.key").exists());
        assert!(ks.secret("w").unwrap().is_some(), "other labels stay");
        ks.delete_secret("v").unwrap();
        let mem = SoftwareKeyStore::in_memory();
        mem.create_secret("v").unwrap();
        mem.delete_secret("v").unwrap();
        assert_eq!(mem.secret("v").unwrap(), None);
        assert!(ks.delete_secret("../w").is_err());
    }

    #[test]
    fn labels_that_could_escape_the_directory_are_refused() {
        let ks = SoftwareKeyStore::in_memory();
        assert!(ks.secret("../x").is_err());
        assert!(ks.create_secret("").is_err());
    }
}
