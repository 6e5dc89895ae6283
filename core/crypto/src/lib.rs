//! The bottom layer of the core: key types, authenticated encryption, key derivation
//! (HKDF), keyed hashes and the random source.
//!
//! Owns every use of `ring`'s symmetric primitives. No I/O, no storage, no passcode KDF
//! (that is the vault's, so the hub never links Argon2). It must never encrypt without
//! associated data, and never keep a secret in memory that is not zeroized on drop. Key
//! bytes leave a [`SecretKey`] only through [`SecretKey::expose`], to be handed straight
//! to another primitive (an Ed25519 seed, a key wrap), never to storage or a log.

use ring::aead::{self, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::rand::{SecureRandom, SystemRandom};
use ring::{hkdf, hmac};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// What can go wrong here: a primitive failed (random source, key setup).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("cryptographic failure: {0}")]
    Crypto(&'static str),
}

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Length of every symmetric key in the key hierarchy.
pub const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
/// First byte of every sealed blob: the blob format, so the cipher can change later.
pub const SEALED_V1: u8 = 1;

/// A 256-bit secret key. Zeroized when dropped; never printed.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretKey([u8; KEY_LEN]);

impl SecretKey {
    /// A fresh key from the operating system's CSPRNG.
    pub fn random() -> Result<Self> {
        Ok(SecretKey(random_array()?))
    }

    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        SecretKey(bytes)
    }

    pub fn from_slice(bytes: &[u8]) -> Result<Self> {
        let arr: [u8; KEY_LEN] = bytes
            .try_into()
            .map_err(|_| Error::Crypto("bad key length"))?;
        Ok(SecretKey(arr))
    }

    /// The key bytes, for another primitive only (see the crate docs).
    pub fn expose(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// Derives a subkey for one purpose (HKDF-SHA256, `label` as info).
    pub fn derive(&self, label: &[u8]) -> SecretKey {
        derive_key(&[], &self.0, &[label])
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(..)")
    }
}

/// HKDF-SHA256 extract-and-expand of `ikm` into one 32-byte key.
pub fn derive_key(salt: &[u8], ikm: &[u8], info: &[&[u8]]) -> SecretKey {
    struct Len;
    impl hkdf::KeyType for Len {
        fn len(&self) -> usize {
            KEY_LEN
        }
    }
    let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, salt).extract(ikm);
    let mut out = [0u8; KEY_LEN];
    // `expand` only fails when the requested length exceeds 255 * hash length.
    prk.expand(info, Len)
        .and_then(|okm| okm.fill(&mut out))
        .expect("HKDF output of 32 bytes is always valid");
    SecretKey(out)
}

/// Fills an array from the system CSPRNG.
pub fn random_array<const N: usize>() -> Result<[u8; N]> {
    let mut out = [0u8; N];
    SystemRandom::new()
        .fill(&mut out)
        .map_err(|_| Error::Crypto("system random source failed"))?;
    Ok(out)
}

/// Fills `buf` from the system CSPRNG.
pub fn fill_random(buf: &mut [u8]) -> Result<()> {
    SystemRandom::new()
        .fill(buf)
        .map_err(|_| Error::Crypto("system random source failed"))
}

/// `len` bytes from the system CSPRNG.
pub fn random_bytes(len: usize) -> Result<Vec<u8>> {
    let mut out = vec![0u8; len];
    fill_random(&mut out)?;
    Ok(out)
}

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(ring::digest::digest(&ring::digest::SHA256, data).as_ref());
    out
}

/// SHA-256 of `data` as lower-case hex (content hashes of forms and rule sets).
pub fn sha256_hex(data: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(ring::digest::digest(&ring::digest::SHA256, data).as_ref())
}

/// Authentication failed: wrong key, wrong associated data, or altered bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unauthentic;

fn aead_key(key: &SecretKey) -> LessSafeKey {
    // ChaCha20-Poly1305: constant time without AES hardware, which older phones lack.
    let unbound = UnboundKey::new(&aead::CHACHA20_POLY1305, key.expose())
        .expect("a 32-byte key is valid for ChaCha20-Poly1305");
    LessSafeKey::new(unbound)
}

/// Encrypts `plaintext` under `key`, bound to `aad`. Output: version ‖ nonce ‖ ct ‖ tag.
pub fn seal(key: &SecretKey, aad: &[u8], plaintext: &[u8]) -> Result<Vec<u8>> {
    let nonce_bytes: [u8; NONCE_LEN] = random_array()?;
    let mut out = Vec::with_capacity(1 + NONCE_LEN + plaintext.len() + TAG_LEN);
    out.push(SEALED_V1);
    out.extend_from_slice(&nonce_bytes);
    out.extend_from_slice(plaintext);
    let tag = aead_key(key)
        .seal_in_place_separate_tag(
            Nonce::assume_unique_for_key(nonce_bytes),
            Aad::from(aad),
            &mut out[1 + NONCE_LEN..],
        )
        .map_err(|_| Error::Crypto("encryption failed"))?;
    out.extend_from_slice(tag.as_ref());
    Ok(out)
}

/// Decrypts a blob made by [`seal`] with the same key and associated data.
/// The plaintext buffer is zeroized when dropped.
pub fn open(
    key: &SecretKey,
    aad: &[u8],
    sealed: &[u8],
) -> std::result::Result<Zeroizing<Vec<u8>>, Unauthentic> {
    if sealed.len() < 1 + NONCE_LEN + TAG_LEN || sealed[0] != SEALED_V1 {
        return Err(Unauthentic);
    }
    let nonce: [u8; NONCE_LEN] = sealed[1..1 + NONCE_LEN]
        .try_into()
        .map_err(|_| Unauthentic)?;
    let mut buf = Zeroizing::new(sealed[1 + NONCE_LEN..].to_vec());
    let len = aead_key(key)
        .open_in_place(
            Nonce::assume_unique_for_key(nonce),
            Aad::from(aad),
            &mut buf,
        )
        .map_err(|_| Unauthentic)?
        .len();
    buf.truncate(len);
    Ok(buf)
}

/// HMAC-SHA256 under one key, set up once for many messages (the blind index hashes
/// ~150 terms per note). `ring` does not zeroize its key schedule: keep a hasher only
/// for the length of one operation.
pub struct KeyedHasher(hmac::Key);

impl KeyedHasher {
    pub fn new(key: &SecretKey) -> Self {
        KeyedHasher(hmac::Key::new(hmac::HMAC_SHA256, key.expose()))
    }

    /// HMAC of the concatenated `parts`, each length-prefixed so the split is
    /// unambiguous.
    pub fn hash(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut ctx = hmac::Context::with_key(&self.0);
        for p in parts {
            ctx.update(&(p.len() as u64).to_be_bytes());
            ctx.update(p);
        }
        let mut out = [0u8; 32];
        out.copy_from_slice(ctx.sign().as_ref());
        out
    }
}

/// HMAC-SHA256 of the length-prefixed `parts` under `key`.
pub fn keyed_hash(key: &SecretKey, parts: &[&[u8]]) -> [u8; 32] {
    KeyedHasher::new(key).hash(parts)
}

/// Constant-time equality for MACs.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Associated data builder: length-prefixed fields so no two tuples collide.
pub fn aad(parts: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::with_capacity(parts.iter().map(|p| p.len() + 4).sum());
    for p in parts {
        out.extend_from_slice(&(p.len() as u32).to_be_bytes());
        out.extend_from_slice(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_blob_opens_with_same_key_and_aad() {
        let k = SecretKey::random().unwrap();
        let blob = seal(&k, b"place", b"secret text").unwrap();
        assert_eq!(&open(&k, b"place", &blob).unwrap()[..], b"secret text");
    }

    #[test]
    fn sealed_blob_refuses_other_aad_key_or_any_flipped_byte() {
        let k = SecretKey::random().unwrap();
        let blob = seal(&k, b"place", b"secret text").unwrap();
        assert_eq!(open(&k, b"other", &blob), Err(Unauthentic));
        assert_eq!(
            open(&SecretKey::random().unwrap(), b"place", &blob),
            Err(Unauthentic)
        );
        for i in 0..blob.len() {
            let mut bad = blob.clone();
            bad[i] ^= 0x01;
            assert_eq!(open(&k, b"place", &bad), Err(Unauthentic), "byte {i}");
        }
        assert_eq!(open(&k, b"place", &blob[..10]), Err(Unauthentic));
    }

    #[test]
    fn derived_keys_differ_by_label_and_are_stable() {
        let k = SecretKey::random().unwrap();
        assert_eq!(k.derive(b"a").expose(), k.derive(b"a").expose());
        assert_ne!(k.derive(b"a").expose(), k.derive(b"b").expose());
    }

    #[test]
    fn keyed_hash_separates_parts() {
        let k = SecretKey::random().unwrap();
        assert_ne!(
            keyed_hash(&k, &[b"ab", b"c"]),
            keyed_hash(&k, &[b"a", b"bc"])
        );
    }
}
