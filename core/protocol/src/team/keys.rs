//! Team epoch keys and their sealing to one device.
//!
//! Owns the team key of each epoch while it is in memory and the format that carries it
//! to a device: a fresh X25519 key agreement with the device's static key, HKDF-SHA256,
//! then ChaCha20-Poly1305 bound to team, device, epoch and both public keys. It never
//! seals a key without that binding, never accepts a low-order (all-zero) shared secret,
//! and never prints a key.

use std::fmt;

use serde::{Deserialize, Serialize};
use x25519_dalek::{PublicKey, SharedSecret, StaticSecret};
use zeroize::Zeroizing;

use super::{DeviceId, DeviceKeys, DevicePublic, Membership, TeamId};
use crate::{Error, Result};
use senim_crypto::{self as crypto, KEY_LEN, SecretKey};

/// Domain label of the key agreement (HKDF info) and of the associated data.
const SEAL_LABEL: &[u8] = b"senim sealed team key v1";
/// Domain label of the key check value a membership list commits to.
const KEY_CHECK_LABEL: &[u8] = b"senim epoch key check v1";

/// The team key of one epoch: everything written in that epoch is encrypted under it.
/// Zeroized when dropped; `Debug` shows the epoch only.
#[derive(Clone)]
pub struct EpochKey {
    epoch: u32,
    key: SecretKey,
}

impl EpochKey {
    /// Wraps a key the vault restored from its sealed store.
    pub fn new(epoch: u32, key: SecretKey) -> Self {
        EpochKey { epoch, key }
    }

    /// A fresh random key for `epoch`.
    pub fn random(epoch: u32) -> Result<Self> {
        Ok(EpochKey {
            epoch,
            key: SecretKey::random()?,
        })
    }

    /// The epoch this key belongs to.
    pub fn epoch(&self) -> u32 {
        self.epoch
    }

    /// The key itself, for sealing envelopes and for the vault.
    pub fn key(&self) -> &SecretKey {
        &self.key
    }

    /// A one-way check value of this key for `team`, which the lead signs into the
    /// membership list so a device can tell the real key from one sealed to it by
    /// anyone else (its X25519 key is public). Reveals nothing about the key.
    pub fn check_value(&self, team: TeamId) -> [u8; 32] {
        crypto::keyed_hash(
            &self.key,
            &[KEY_CHECK_LABEL, team.as_bytes(), &self.epoch.to_be_bytes()],
        )
    }
}

impl fmt::Debug for EpochKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EpochKey")
            .field("epoch", &self.epoch)
            .finish_non_exhaustive()
    }
}

/// One epoch key sealed to one device. Safe to store and send anywhere (the hub keeps
/// them for devices that were offline at a rotation): only that device can open it, and
/// only for this team and epoch.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct SealedKey {
    pub team: TeamId,
    pub device: DeviceId,
    pub epoch: u32,
    /// The sender's one-time X25519 public key.
    pub ephemeral: [u8; 32],
    /// `crypto::seal` output: version ‖ nonce ‖ ciphertext of the 32-byte key ‖ tag.
    pub blob: Vec<u8>,
}

impl SealedKey {
    /// Seals `epoch_key` of `team` to `recipient`'s X25519 key.
    pub fn seal_to(
        recipient: &DevicePublic,
        team: TeamId,
        epoch_key: &EpochKey,
    ) -> Result<SealedKey> {
        let ephemeral_secret = StaticSecret::from(*Zeroizing::new(crypto::random_array::<32>()?));
        let ephemeral = PublicKey::from(&ephemeral_secret).to_bytes();
        let shared = ephemeral_secret.diffie_hellman(&PublicKey::from(recipient.agreement_key));
        let wrapping = wrapping_key(&shared, &ephemeral, &recipient.agreement_key)?;
        let aad = associated_data(
            team,
            recipient.device,
            epoch_key.epoch,
            &ephemeral,
            &recipient.agreement_key,
        );
        let blob = crypto::seal(&wrapping, &aad, epoch_key.key().expose())?;
        Ok(SealedKey {
            team,
            device: recipient.device,
            epoch: epoch_key.epoch,
            ephemeral,
            blob,
        })
    }

    /// Seals `epoch_key` to every member of `membership` (after a revocation, the new
    /// key for every remaining device).
    pub fn seal_to_members(
        membership: &Membership,
        epoch_key: &EpochKey,
    ) -> Result<Vec<SealedKey>> {
        membership
            .members()
            .iter()
            .map(|m| SealedKey::seal_to(&m.public, membership.team(), epoch_key))
            .collect()
    }

    /// Opens the key with this device's keys. Fails with a typed error, never a panic,
    /// when it was sealed to another device or team, or any byte (epoch included) was
    /// changed. This proves who it was sealed to, not who sealed it: check the result
    /// against the membership list ([`Membership::open_epoch_key`]).
    pub fn open(&self, keys: &DeviceKeys, team: TeamId) -> Result<EpochKey> {
        if self.team != team {
            return Err(Error::Membership(
                "the sealed key is for another team".into(),
            ));
        }
        if self.device != keys.device() {
            return Err(Error::Membership(
                "the sealed key is sealed to another device".into(),
            ));
        }
        let own = keys.public().agreement_key;
        let shared = keys
            .agreement_secret()
            .diffie_hellman(&PublicKey::from(self.ephemeral));
        let wrapping = wrapping_key(&shared, &self.ephemeral, &own)?;
        let aad = associated_data(team, self.device, self.epoch, &self.ephemeral, &own);
        let plain = crypto::open(&wrapping, &aad, &self.blob)
            .map_err(|_| Error::Crypto("sealed team key failed authentication"))?;
        if plain.len() != KEY_LEN {
            return Err(Error::Crypto("sealed team key has the wrong length"));
        }
        Ok(EpochKey {
            epoch: self.epoch,
            key: SecretKey::from_slice(&plain)?,
        })
    }
}

/// HKDF-SHA256 of the X25519 shared secret, with the label and both public keys as
/// info. Refuses the all-zero secret a low-order point produces.
fn wrapping_key(
    shared: &SharedSecret,
    ephemeral: &[u8; 32],
    recipient: &[u8; 32],
) -> Result<SecretKey> {
    if !shared.was_contributory() {
        return Err(Error::Crypto("key agreement with a low-order point"));
    }
    let info = crypto::aad(&[SEAL_LABEL, ephemeral, recipient]);
    Ok(crypto::derive_key(&[], shared.as_bytes(), &[&info]))
}

fn associated_data(
    team: TeamId,
    device: DeviceId,
    epoch: u32,
    ephemeral: &[u8; 32],
    recipient: &[u8; 32],
) -> Vec<u8> {
    crypto::aad(&[
        SEAL_LABEL,
        team.as_bytes(),
        device.as_bytes(),
        &epoch.to_be_bytes(),
        ephemeral,
        recipient,
    ])
}
