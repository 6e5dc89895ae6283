//! Named secrets sealed under the vault's local-secrets key: the device's and team's
//! secrets (device keys, membership, epoch keys, orders, duress mode) and the settings
//! of the layers above (a demo vault's settings), which may never take the vault's own
//! names.

use rusqlite::{OptionalExtension, params};
use senim_crypto as crypto;

use crate::{Error, Result, Vault};
use crate::{duress, orders, team};

/// Refuses a setting name the vault uses for its own secrets.
pub(crate) fn check_setting_name(name: &str) -> Result<()> {
    let reserved = [
        team::DEVICE_SECRET,
        team::MEMBERSHIP,
        team::HUB,
        team::HUB_PIN,
        orders::ORDERS_APPLIED,
        orders::POLICY,
        orders::RETENTION_CHECKED,
        duress::MODE_SECRET,
        crate::rotate::PURGE_TAGS_SECRET,
        crate::mirror_shape::DECOY_KEY,
        crate::seen::SEEN,
    ];
    if name.is_empty()
        || reserved.contains(&name)
        || name.starts_with("epoch:")
        || name.starts_with(crate::history::LIST_PREFIX)
        || name.starts_with(crate::history::ORDER_PREFIX)
    {
        return Err(Error::invalid(
            "setting name",
            "the vault keeps this name for its own secrets",
        ));
    }
    Ok(())
}

impl Vault {
    pub(crate) fn secret_aad(&self, name: &str) -> Vec<u8> {
        crypto::aad(&[
            b"senim/v1/secret",
            &self.header.vault_id,
            b"secrets",
            name.as_bytes(),
        ])
    }

    /// Stores a setting of a layer above the vault (a demo vault's settings), sealed
    /// like the vault's own secrets. The names the vault keeps for itself (device keys,
    /// membership, epoch keys, orders, duress) are refused, so no caller can replace
    /// one.
    pub fn put_setting(&self, name: &str, value: &[u8]) -> Result<()> {
        check_setting_name(name)?;
        self.put_secret(name, value)
    }

    /// A setting stored with [`Vault::put_setting`], or `None`.
    pub fn get_setting(&self, name: &str) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>> {
        check_setting_name(name)?;
        self.get_secret(name)
    }

    /// Stores a device or team secret (device keys, membership, epoch keys), sealed
    /// under the local-secrets key and bound to its name.
    pub(crate) fn put_secret(&self, name: &str, value: &[u8]) -> Result<()> {
        let keys = self.keys()?;
        let sealed = crypto::seal(&keys.local, &self.secret_aad(name), value)?;
        self.conn
            .prepare_cached("INSERT OR REPLACE INTO secrets (name, blob) VALUES (?1, ?2)")?
            .execute(params![name, sealed])?;
        Ok(())
    }

    /// Removes a secret stored with [`Vault::put_secret`] (nothing when there is none).
    pub(crate) fn delete_secret(&self, name: &str) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM secrets WHERE name = ?1")?
            .execute(params![name])?;
        Ok(())
    }

    /// A secret stored with [`Vault::put_secret`], or `None`. A blob that fails
    /// authentication (altered, or moved from another name) is `CorruptDatabase`.
    pub(crate) fn get_secret(&self, name: &str) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>> {
        self.read_secret(self.keys()?, name)
    }

    /// [`Vault::get_secret`] under `keys`.
    pub(crate) fn read_secret(
        &self,
        keys: &crate::Keys,
        name: &str,
    ) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>> {
        let blob: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT blob FROM secrets WHERE name = ?1",
                params![name],
                |r| r.get(0),
            )
            .optional()?;
        match blob {
            None => Ok(None),
            Some(b) => crypto::open(&keys.local, &self.secret_aad(name), &b)
                .map(Some)
                .map_err(|_| {
                    Error::CorruptDatabase("a stored secret failed authentication".into())
                }),
        }
    }
}
