//! Device identity: the Ed25519 key a device signs with and the static X25519 key it
//! receives team keys on, and their public halves.
//!
//! Owns the device's two secrets while they are in memory, and every Ed25519 signature
//! and signature check of the core. It never stores a secret (the vault keeps
//! [`DeviceKeys::secret_bytes`] sealed), never prints one, and never signs a message
//! without a domain label in front of it (see [`signing_input`]).

use std::fmt;

use ring::signature::{ED25519, Ed25519KeyPair, KeyPair, UnparsedPublicKey};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::{ZeroizeOnDrop, Zeroizing};

use super::DeviceId;
use crate::{Error, Result};
use senim_crypto::{self as crypto, SecretKey};

/// Length of an Ed25519 signature.
pub const SIGNATURE_LEN: usize = 64;

/// The byte string a device signs: a domain label and a body, each length-prefixed
/// (`u32` big-endian length ‖ bytes, twice), so a signature made for one purpose can
/// never be read as a signature for another. Every signature in Senim goes through
/// this.
pub fn signing_input(label: &[u8], body: &[u8]) -> Vec<u8> {
    crypto::aad(&[label, body])
}

/// The secrets of one device: the Ed25519 seed it signs with and the X25519 secret
/// team keys are sealed to. Both are zeroized when dropped; `Debug` shows neither.
#[derive(ZeroizeOnDrop)]
pub struct DeviceKeys {
    #[zeroize(skip)]
    public: DevicePublic,
    signing_seed: SecretKey,
    // `StaticSecret` zeroizes itself on drop.
    #[zeroize(skip)]
    agreement: StaticSecret,
}

impl DeviceKeys {
    /// Fresh keys for `device` from the system's CSPRNG.
    pub fn generate(device: DeviceId) -> Result<Self> {
        let mut secret = Zeroizing::new([0u8; 64]);
        secret[..32].copy_from_slice(SecretKey::random()?.expose());
        secret[32..].copy_from_slice(SecretKey::random()?.expose());
        Self::from_secret_bytes(device, &secret)
    }

    /// Restores keys saved with [`DeviceKeys::secret_bytes`]: the Ed25519 seed, then
    /// the X25519 secret.
    pub fn from_secret_bytes(device: DeviceId, secret: &[u8; 64]) -> Result<Self> {
        let signing_seed = SecretKey::from_slice(&secret[..32])?;
        let mut agreement_bytes = Zeroizing::new([0u8; 32]);
        agreement_bytes.copy_from_slice(&secret[32..]);
        let agreement = StaticSecret::from(*agreement_bytes);
        let signing_key = {
            let pair = signing_pair(&signing_seed)?;
            let mut out = [0u8; 32];
            out.copy_from_slice(pair.public_key().as_ref());
            out
        };
        let public = DevicePublic {
            device,
            signing_key,
            agreement_key: PublicKey::from(&agreement).to_bytes(),
        };
        Ok(DeviceKeys {
            public,
            signing_seed,
            agreement,
        })
    }

    /// The 64 secret bytes (Ed25519 seed ‖ X25519 secret), for the vault to seal.
    pub fn secret_bytes(&self) -> Zeroizing<[u8; 64]> {
        let mut out = Zeroizing::new([0u8; 64]);
        out[..32].copy_from_slice(self.signing_seed.expose());
        out[32..].copy_from_slice(self.agreement.as_bytes());
        out
    }

    /// The device these keys belong to.
    pub fn device(&self) -> DeviceId {
        self.public.device
    }

    /// The public halves, as listed in the membership list.
    pub fn public(&self) -> DevicePublic {
        self.public
    }

    /// Ed25519 signature of `message`. Build `message` with a domain label in front
    /// (`signing_input`), never sign raw bytes from elsewhere.
    pub fn sign(&self, message: &[u8]) -> [u8; SIGNATURE_LEN] {
        // The key pair is rebuilt per signature so the only long-lived copy of the
        // secret is the zeroizing seed (ring does not zeroize its key pair).
        let pair = signing_pair(&self.signing_seed)
            .expect("a 32-byte seed always makes an Ed25519 key pair");
        let mut out = [0u8; SIGNATURE_LEN];
        out.copy_from_slice(pair.sign(message).as_ref());
        out
    }

    /// The X25519 secret, for opening sealed team keys.
    pub(crate) fn agreement_secret(&self) -> &StaticSecret {
        &self.agreement
    }
}

fn signing_pair(seed: &SecretKey) -> Result<Ed25519KeyPair> {
    Ed25519KeyPair::from_seed_unchecked(seed.expose())
        .map_err(|_| Error::Crypto("device signing key rejected"))
}

impl fmt::Debug for DeviceKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceKeys")
            .field("device", &self.public.device)
            .finish_non_exhaustive()
    }
}

/// The public identity of a device: who it is, the Ed25519 key its signatures verify
/// under, and the X25519 key team keys are sealed to.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
pub struct DevicePublic {
    pub device: DeviceId,
    pub signing_key: [u8; 32],
    pub agreement_key: [u8; 32],
}

impl DevicePublic {
    /// Whether `signature` is this device's Ed25519 signature of `message`. For
    /// callers that report a failure with their own error (sync envelopes).
    pub fn signature_is_valid(&self, message: &[u8], signature: &[u8]) -> bool {
        UnparsedPublicKey::new(&ED25519, &self.signing_key)
            .verify(message, signature)
            .is_ok()
    }

    /// Checks a signature on a membership list or team action:
    /// `Error::Membership` when it does not verify.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<()> {
        if self.signature_is_valid(message, signature) {
            Ok(())
        } else {
            Err(Error::Membership("signature does not verify".into()))
        }
    }

    /// Whether the X25519 key is a point keys can be sealed to. Low-order points make
    /// every shared secret the same all-zero value and are refused.
    pub fn agreement_key_is_usable(&self) -> bool {
        // A clamped scalar is a multiple of the cofactor, so any one of them sends a
        // low-order point to the identity.
        StaticSecret::from([0x5a; 32])
            .diffie_hellman(&PublicKey::from(self.agreement_key))
            .was_contributory()
    }
}

/// An Ed25519 signature: 64 raw bytes in the binary format, hex in JSON.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signature(pub [u8; SIGNATURE_LEN]);

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({}…)", crate::records::hex(&self.0[..8]))
    }
}

impl Serialize for Signature {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.collect_str(&data_encoding::HEXLOWER.encode_display(&self.0))
        } else {
            s.serialize_bytes(&self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Signature {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct BytesVisitor;
        impl<'de> serde::de::Visitor<'de> for BytesVisitor {
            type Value = Signature;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("64 signature bytes")
            }
            fn visit_bytes<E: serde::de::Error>(
                self,
                v: &[u8],
            ) -> std::result::Result<Signature, E> {
                v.try_into()
                    .map(Signature)
                    .map_err(|_| E::invalid_length(v.len(), &self))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Signature, A::Error> {
                let mut out = [0u8; SIGNATURE_LEN];
                for (i, b) in out.iter_mut().enumerate() {
                    *b = seq
                        .next_element()?
                        .ok_or_else(|| serde::de::Error::invalid_length(i, &self))?;
                }
                if seq.next_element::<u8>()?.is_some() {
                    return Err(serde::de::Error::invalid_length(SIGNATURE_LEN + 1, &self));
                }
                Ok(Signature(out))
            }
        }
        if d.is_human_readable() {
            let s = String::deserialize(d)?;
            let bytes = data_encoding::HEXLOWER_PERMISSIVE
                .decode(s.as_bytes())
                .map_err(|_| serde::de::Error::custom("invalid signature"))?;
            bytes
                .try_into()
                .map(Signature)
                .map_err(|_| serde::de::Error::custom("invalid signature length"))
        } else {
            d.deserialize_bytes(BytesVisitor)
        }
    }
}

impl crate::sync::Signer for DeviceKeys {
    fn device(&self) -> DeviceId {
        DeviceKeys::device(self)
    }
    fn sign(&self, msg: &[u8]) -> [u8; 64] {
        DeviceKeys::sign(self, msg)
    }
}
