//! A vault on the device: create (with the calibrated passcode KDF), open, unlock,
//! lock. Every other area works through a [`SenimVault`].

use std::sync::Arc;

use senim_ffi_passcode::Passcode;
use senim_vault::{CreateOptions, KdfChoice, Vault};

use crate::error::Result;
use crate::keystore::{KeyStore, bridge};
use crate::work::{Shared, lock, share, with_vault};

/// One vault, locked or unlocked. Thread-safe: calls are serialised.
#[derive(uniffi::Object)]
pub struct SenimVault {
    pub(crate) vault: Shared,
}

/// What the app shows about a vault (nothing that needs the passcode).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct VaultSummary {
    pub vault_id: String,
    pub device_id: String,
    pub unlocked: bool,
    pub uses_keystore: bool,
    /// A demo vault (synthetic data only): show the demo banner.
    pub demo: bool,
    /// Failed unlocks since the last success.
    pub failed_attempts: u32,
}

/// What a passcode change did beyond the change itself.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct PasscodeChangeSummary {
    /// The key derivation's cost was raised (this device has become faster): a duress
    /// passcode set before no longer works and must be set again.
    pub kdf_raised: bool,
    /// The raised key derivation's memory in MiB (`None` when not raised).
    pub kdf_memory_mib: Option<u32>,
    /// The raised key derivation's passes (`None` when not raised).
    pub kdf_passes: Option<u32>,
}

impl PasscodeChangeSummary {
    fn from(change: senim_vault::PasscodeChange) -> Self {
        Self {
            kdf_raised: change.kdf_raised.is_some(),
            kdf_memory_mib: change.kdf_raised.map(|k| k.m_cost_kib / 1024),
            kdf_passes: change.kdf_raised.map(|k| k.t_cost),
        }
    }
}

#[uniffi::export]
impl SenimVault {
    /// Creates a vault in `dir` (which must not hold one) protected by `passcode`
    /// (Argon2id calibrated to about half a second on this device) and bound to this
    /// device by `keystore` (the Android Keystore, the iOS Keychain): a copy of its
    /// files does not open elsewhere, even with the passcode. There is no vault without
    /// one but a demo vault ([`SenimVault::create_demo`]). The vault is returned
    /// unlocked. The passcode bytes are wiped here after use, the buffer they crossed in
    /// included; wipe the app's copy too. A passcode that is too easy to guess is
    /// refused with `SenimError::WeakPasscode`.
    #[uniffi::constructor]
    pub async fn create(
        dir: String,
        passcode: Passcode,
        keystore: Arc<dyn KeyStore>,
    ) -> Result<Arc<SenimVault>> {
        let vault = blocking::unblock(move || {
            Vault::create(
                &dir,
                &passcode,
                CreateOptions {
                    kdf: KdfChoice::for_new_vault(),
                    keystore: bridge(Some(keystore)),
                    ..CreateOptions::default()
                },
            )
        })
        .await?;
        Ok(Arc::new(SenimVault {
            vault: share(vault),
        }))
    }

    /// Opens the vault in `dir`, locked. `keystore` must be given when the vault was
    /// created with one.
    #[uniffi::constructor]
    pub fn open(dir: String, keystore: Option<Arc<dyn KeyStore>>) -> Result<Arc<SenimVault>> {
        let vault = Vault::open(&dir, bridge(keystore))?;
        Ok(Arc::new(SenimVault {
            vault: share(vault),
        }))
    }

    /// Unlocks with `passcode` (the KDF takes about half a second). Wrong passcodes are
    /// counted and slow down the next attempts, across restarts.
    ///
    /// The first unlock of a vault made by an earlier version upgrades it once (its
    /// pages encrypted, its notes indexed for search), which on a large vault takes a
    /// while: `progress`, when given, hears each step, on the thread doing the work,
    /// so the app can say so ("Updating the vault… 1,200 of 4,000"). Nothing is heard
    /// for a vault that is up to date.
    #[uniffi::method(default(progress = None))]
    pub async fn unlock(
        &self,
        passcode: Passcode,
        progress: Option<Arc<dyn UpgradeProgress>>,
    ) -> Result<()> {
        with_vault(&self.vault, move |v| {
            let mut tell = |step: senim_vault::Upgrade| {
                if let Some(p) = &progress {
                    p.step(step.into());
                }
            };
            Ok(v.unlock_with_progress(&passcode, &mut tell)?)
        })
        .await
    }

    /// Locks: the keys are wiped from memory. Call it when the app goes to the
    /// background.
    pub fn lock(&self) -> Result<()> {
        Ok(lock(&self.vault).lock()?)
    }

    /// Stops the long work in progress on this vault (a sync waiting on the hub, a
    /// lead's retention scan) at its next step: it ends with an `Interrupted` error,
    /// with nothing half-done; run it again later. Never waits, never fails; work begun
    /// afterwards runs as usual. The panic wipe does this itself.
    pub fn interrupt(&self) {
        self.vault.interrupt();
    }

    pub fn is_unlocked(&self) -> bool {
        lock(&self.vault).is_unlocked()
    }

    pub fn summary(&self) -> Result<VaultSummary> {
        let v = lock(&self.vault);
        let info = v.info()?;
        Ok(VaultSummary {
            vault_id: info.vault_id,
            device_id: info.device_id,
            unlocked: info.unlocked,
            uses_keystore: info.uses_keystore,
            demo: info.demo,
            failed_attempts: info.failed_attempts,
        })
    }

    /// Changes the passcode (both are wiped after use) and replaces the vault's master
    /// key (ADR 0022). The key derivation is measured again on this device and raised
    /// when it has become faster (never below 46 MiB, never lower): then
    /// [`PasscodeChangeSummary::kdf_raised`] is set and the app tells the user that a
    /// duress passcode set before must be set again; it says so whenever the cost was
    /// raised, whether or not one was set, so the message tells nothing. A new passcode
    /// that is too easy to guess is refused with `SenimError::WeakPasscode`.
    pub async fn change_passcode(
        &self,
        current: Passcode,
        new: Passcode,
    ) -> Result<PasscodeChangeSummary> {
        with_vault(&self.vault, move |v| {
            let change = v.change_passcode_recalibrated(&current, &new)?;
            Ok(PasscodeChangeSummary::from(change))
        })
        .await
    }

    /// Sets (or replaces) the duress passcode (ADR 0016): entering it at unlock opens a
    /// decoy with a few harmless notes and, by `mode`, destroys the real vault's keys
    /// or leaves it hidden. Needs the vault unlocked and `current`, the real passcode;
    /// both passcodes are wiped after use. Refused for a demo vault.
    pub async fn set_duress_passcode(
        &self,
        current: Passcode,
        duress: Passcode,
        mode: DuressChoice,
    ) -> Result<()> {
        let mode = match mode {
            DuressChoice::Destroy => senim_vault::DuressMode::Destroy,
            DuressChoice::Hide => senim_vault::DuressMode::Hide,
        };
        with_vault(&self.vault, move |v| {
            Ok(v.set_duress(&current, &duress, mode)?)
        })
        .await
    }
}

/// What a duress unlock does to the real vault.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum DuressChoice {
    /// Destroys its key material: nothing can bring it back.
    Destroy,
    /// Leaves it hidden: the real passcode opens it again later.
    Hide,
}

/// A step of the once-only upgrade of a vault made by an earlier version, at its first
/// unlock ([`SenimVault::unlock`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum UpgradeStep {
    /// Encrypting every page of the vault's database: the file is copied once.
    EncryptingPages,
    /// Indexing the vault's records for search: `done` of `total` read.
    Indexing { done: u64, total: u64 },
}

impl From<senim_vault::Upgrade> for UpgradeStep {
    fn from(u: senim_vault::Upgrade) -> Self {
        match u {
            senim_vault::Upgrade::EncryptingPages => UpgradeStep::EncryptingPages,
            senim_vault::Upgrade::Indexing { done, total } => UpgradeStep::Indexing { done, total },
        }
    }
}

/// Implemented by the app: hears the steps of a vault's upgrade at its first unlock.
/// Called on the thread doing the work, while it holds the vault: hand the step to the
/// UI thread and return at once; never call the vault from here (that waits for the
/// vault, which waits for this call), and never throw.
#[uniffi::export(foreign)]
pub trait UpgradeProgress: Send + Sync {
    fn step(&self, step: UpgradeStep);
}
