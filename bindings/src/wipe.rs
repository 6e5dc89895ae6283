//! The panic wipe (ADR 0013): destroys a vault for good, without the passcode, locked
//! or unlocked. The key material goes first (overwritten in place, the write-ahead log
//! checkpointed and truncated), then the device-bound secret in the app's key store
//! ([`KeyStore::delete_secret`]), then the vault's files; the core owns that order.
//!
//! A wipe that did not finish fails with kind `Storage`, and its reason says whether
//! the key material was destroyed (nothing left can be decrypted) or may still be
//! readable: then call [`wipe_vault_at`] on the directory to try again.

use std::sync::Arc;

use senim_vault::Vault;
use senim_vault::{DeviceSecret, KeyMaterial, WipeReport};

use crate::error::Result;
use crate::keystore::{KeyStore, bridge};
use crate::vault::SenimVault;
use crate::work::panic_wipe;

/// How the wipe destroyed the vault's wrapped master key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum WipeKeyMaterial {
    /// Overwritten with random bytes in a committed transaction, the write-ahead log
    /// emptied: no file holds an earlier copy.
    Overwritten,
    /// SQLite could not do that (a damaged file, another connection holding it): the
    /// database, its log and any journal were overwritten from end to end instead.
    FilesOverwritten,
    /// Neither worked; the data is unreadable only because the device secret was
    /// deleted (`Deleted`).
    NotOverwritten,
}

/// What the wipe did with the vault's device-bound secret in the key store.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum WipeDeviceSecret {
    /// The vault was not bound to a key store.
    NotUsed,
    /// Deleted, and checked to be gone.
    Deleted,
    /// The key store still has it after `delete_secret`.
    StillPresent,
    /// The vault was bound to a key store and the wipe was given none.
    NoKeyStore,
    /// The header was too damaged to tell.
    Unknown,
    /// The key store failed; its reason (never key material).
    Failed { reason: String },
}

/// What a panic wipe destroyed.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct WipeSummary {
    /// Whether nothing left can be decrypted: always true for a wipe that returns (one
    /// that cannot say so fails instead), kept so the app need not derive it.
    pub keys_destroyed: bool,
    pub key_material: WipeKeyMaterial,
    /// Sealed device and team secrets overwritten.
    pub secrets_overwritten: u64,
    pub device_secret: WipeDeviceSecret,
    /// The vault files removed, by name (`senim.db`, `senim.db-wal`, ...), never a
    /// path. The directory itself and anything else in it stay.
    pub removed: Vec<String>,
}

impl From<WipeReport> for WipeSummary {
    fn from(r: WipeReport) -> Self {
        let key_material = match r.key_material {
            KeyMaterial::Overwritten => WipeKeyMaterial::Overwritten,
            KeyMaterial::FilesOverwritten => WipeKeyMaterial::FilesOverwritten,
            KeyMaterial::NotOverwritten => WipeKeyMaterial::NotOverwritten,
        };
        let device_secret = match r.device_secret {
            DeviceSecret::NotUsed => WipeDeviceSecret::NotUsed,
            DeviceSecret::Deleted => WipeDeviceSecret::Deleted,
            DeviceSecret::StillPresent => WipeDeviceSecret::StillPresent,
            DeviceSecret::NoKeyStore => WipeDeviceSecret::NoKeyStore,
            DeviceSecret::Unknown => WipeDeviceSecret::Unknown,
            DeviceSecret::Failed(reason) => WipeDeviceSecret::Failed { reason },
        };
        WipeSummary {
            keys_destroyed: key_material != WipeKeyMaterial::NotOverwritten
                || device_secret == WipeDeviceSecret::Deleted,
            key_material,
            secrets_overwritten: r.secrets_overwritten,
            device_secret,
            removed: r.removed,
        }
    }
}

#[uniffi::export]
impl SenimVault {
    /// Panic wipe: destroys this vault for good, without the passcode, locked or
    /// unlocked, and deletes its secret from the key store it was opened with. Runs
    /// once any call in progress on this vault (a sync) has returned. Afterwards this
    /// object is inert: `unlock`, `summary` and every call that needs the keys fail
    /// with `NoVault`, and so does a second `wipe`.
    pub async fn wipe(&self) -> Result<WipeSummary> {
        Ok(panic_wipe(&self.vault).await?.into())
    }
}

/// Panic wipe of the vault in `dir` without opening it: for a vault that does not open
/// (damaged, from a newer build), or to try again after a wipe that did not finish.
/// `keystore` is the one the vault may be bound to; its secret is deleted only if the
/// vault's header says it uses one. `NoVault` when `dir` holds no vault file.
#[uniffi::export]
pub async fn wipe_vault_at(
    dir: String,
    keystore: Option<Arc<dyn KeyStore>>,
) -> Result<WipeSummary> {
    blocking::unblock(move || Ok(Vault::wipe_at(&dir, bridge(keystore))?.into())).await
}
