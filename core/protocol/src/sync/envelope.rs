//! Envelopes: one local change set of a device, encrypted under the team's epoch key and
//! signed with the device's Ed25519 key, with its place in the device's log in the clear.
//!
//! Owns the envelope layout, its encryption, its signature and its size limits. It never
//! decides whether an envelope belongs in a log (stores do that) and never puts content,
//! keys or plaintext sizes into an error: every failure names the envelope by device and
//! sequence only.

use std::fmt;

use ring::signature::{ED25519, UnparsedPublicKey};
use serde::{Deserialize, Serialize};

use crate::records::{RecordId, RecordKind};
use crate::team::{DeviceId, TeamId};
use crate::{Error, Result};
use senim_crypto::{self as crypto, SecretKey};

/// The envelope format this build writes and reads (`Header::format`).
pub const ENVELOPE_FORMAT: u8 = 1;
/// Largest envelope, as encoded on the wire (header, nonce, ciphertext, signature).
/// A change set that does not fit must be split over several envelopes.
pub const MAX_ENVELOPE_BYTES: usize = 4 * 1024 * 1024;
/// Most records one envelope may carry changes for.
pub const MAX_RECORDS_PER_ENVELOPE: usize = 1024;
/// Most automerge changes one envelope may carry, over all its records.
pub const MAX_CHANGES_PER_ENVELOPE: usize = 16 * 1024;

/// Length of an Ed25519 signature.
pub const SIGNATURE_LEN: usize = 64;
/// Length of an Ed25519 public key.
pub const PUBLIC_KEY_LEN: usize = 32;
/// Length of the ChaCha20-Poly1305 nonce carried in the clear.
pub const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// Domain label: first field of the associated data and first bytes of the signed
/// message, so neither can be confused with any other use of the same keys.
const DOMAIN: &[u8] = b"senim envelope v1";
/// HKDF label deriving the envelope key from an epoch key.
const KEY_LABEL: &[u8] = b"senim/v1/envelope-key";
/// First byte of a blob made by `crypto::seal` (its format version).
const SEALED_V1: u8 = 1;

/// Signs envelopes for one device. The team module's device keys implement it; tests
/// use a key pair made from a fixed seed.
pub trait Signer {
    /// The device whose key this is: the only device it may sign envelopes for.
    fn device(&self) -> DeviceId;
    /// An Ed25519 signature of `msg`.
    fn sign(&self, msg: &[u8]) -> [u8; SIGNATURE_LEN];
}

/// The clear part of an envelope: where it sits in which log, and which key sealed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Header {
    /// Envelope format ([`ENVELOPE_FORMAT`]).
    pub format: u8,
    pub team: TeamId,
    /// The device whose log this envelope belongs to, and whose key signed it.
    pub device: DeviceId,
    /// Position in the device's log: 1 for the first envelope, then contiguous.
    pub seq: u64,
    /// The team key epoch whose key sealed the payload.
    pub epoch: u32,
}

impl Header {
    /// Length of [`Header::to_bytes`].
    pub const ENCODED_LEN: usize = 1 + 16 + 16 + 8 + 4;

    /// A header in the current format.
    pub fn new(team: TeamId, device: DeviceId, seq: u64, epoch: u32) -> Self {
        Header {
            format: ENVELOPE_FORMAT,
            team,
            device,
            seq,
            epoch,
        }
    }

    /// The canonical fixed-width encoding bound into the associated data and the
    /// signature: `format ‖ team ‖ device ‖ seq (u64 BE) ‖ epoch (u32 BE)`. Independent
    /// of the wire codec, so re-encoding a message never changes what was signed.
    pub fn to_bytes(&self) -> [u8; Self::ENCODED_LEN] {
        let mut out = [0u8; Self::ENCODED_LEN];
        out[0] = self.format;
        out[1..17].copy_from_slice(self.team.as_bytes());
        out[17..33].copy_from_slice(self.device.as_bytes());
        out[33..41].copy_from_slice(&self.seq.to_be_bytes());
        out[41..45].copy_from_slice(&self.epoch.to_be_bytes());
        out
    }

    /// An `Error::Envelope` naming this envelope by device and sequence, for stores
    /// that refuse it. `reason` must name no content.
    pub fn rejected(&self, reason: impl fmt::Display) -> Error {
        Error::Envelope {
            reason: format!("device {} seq {}: {reason}", self.device, self.seq),
        }
    }
}

/// The automerge changes of one record carried by an envelope.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordChanges {
    /// Encoded as its 16 raw bytes.
    #[serde(with = "record_id_bytes")]
    pub record: RecordId,
    /// Encoded as its stable name (`subject`, `note`, ...), not as a declaration index.
    #[serde(with = "record_kind_name")]
    pub kind: RecordKind,
    /// Raw automerge change bytes (`Change::raw_bytes`), in the order they were made.
    #[serde(with = "byte_list")]
    pub changes: Vec<Vec<u8>>,
}

impl fmt::Debug for RecordChanges {
    // Change bytes hold record content: show their shape only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordChanges")
            .field("record", &self.record)
            .field("kind", &self.kind)
            .field("changes", &self.changes.len())
            .finish()
    }
}

/// What an envelope carries, encrypted: changes of one or more records.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payload {
    pub changes: Vec<RecordChanges>,
}

impl Payload {
    /// The limits every payload keeps, sealed or opened.
    fn check(&self) -> std::result::Result<(), String> {
        if self.changes.is_empty() {
            return Err("the payload carries no record".into());
        }
        if self.changes.len() > MAX_RECORDS_PER_ENVELOPE {
            return Err(format!(
                "the payload carries more than {MAX_RECORDS_PER_ENVELOPE} records"
            ));
        }
        let mut total = 0usize;
        for rc in &self.changes {
            if rc.changes.is_empty() || rc.changes.iter().any(Vec::is_empty) {
                return Err(
                    "the payload holds a record without changes, or an empty change".into(),
                );
            }
            total += rc.changes.len();
        }
        if total > MAX_CHANGES_PER_ENVELOPE {
            return Err(format!(
                "the payload carries more than {MAX_CHANGES_PER_ENVELOPE} changes"
            ));
        }
        Ok(())
    }
}

/// One entry of a device's log, as stored by the hub and sent over the wire.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub header: Header,
    /// The ChaCha20-Poly1305 nonce (random per envelope).
    pub nonce: [u8; NONCE_LEN],
    /// `postcard(Payload)` encrypted under the envelope key, with the 16-byte tag.
    #[serde(with = "bytes")]
    pub ciphertext: Vec<u8>,
    /// Ed25519 signature by `header.device` (64 bytes).
    #[serde(with = "bytes")]
    pub signature: Vec<u8>,
}

impl fmt::Debug for Envelope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Envelope")
            .field("header", &self.header)
            .field("ciphertext_len", &self.ciphertext.len())
            .finish_non_exhaustive()
    }
}

impl Envelope {
    /// Encrypts `payload` under the key of `header.epoch` and signs the result as
    /// `header.device`. `epoch_key` is the team key of that epoch; the envelope key is
    /// derived from it (HKDF, label `senim/v1/envelope-key`). The nonce is random.
    pub fn seal(
        header: Header,
        payload: &Payload,
        epoch_key: &SecretKey,
        signer: &dyn Signer,
    ) -> Result<Envelope> {
        if header.format != ENVELOPE_FORMAT {
            return Err(header.rejected(format_args!(
                "unsupported envelope format {}",
                header.format
            )));
        }
        if header.seq == 0 {
            return Err(header.rejected("sequence numbers start at 1"));
        }
        if signer.device() != header.device {
            return Err(header.rejected("the signer holds another device's key"));
        }
        payload.check().map_err(|r| header.rejected(r))?;
        let plaintext = zeroize::Zeroizing::new(
            postcard::to_allocvec(payload)
                .map_err(|_| header.rejected("the payload cannot be encoded"))?,
        );
        if plaintext.len() > MAX_ENVELOPE_BYTES {
            return Err(too_large(&header));
        }
        let blob = crypto::seal(&envelope_key(epoch_key), &aad(&header), &plaintext)?;
        // `crypto::seal` writes `0x01 ‖ nonce (12) ‖ ciphertext ‖ tag (16)` (docs/vault.md).
        if blob.len() < 1 + NONCE_LEN + TAG_LEN || blob[0] != SEALED_V1 {
            return Err(Error::Crypto("unexpected sealed blob layout"));
        }
        let mut nonce = [0u8; NONCE_LEN];
        nonce.copy_from_slice(&blob[1..1 + NONCE_LEN]);
        let mut envelope = Envelope {
            header,
            nonce,
            ciphertext: blob[1 + NONCE_LEN..].to_vec(),
            signature: vec![0; SIGNATURE_LEN],
        };
        if envelope.encoded_len() > MAX_ENVELOPE_BYTES {
            return Err(too_large(&header));
        }
        envelope.signature = signer.sign(&envelope.signed_bytes()).to_vec();
        Ok(envelope)
    }

    /// Checks the signature with the public key of `header.device`. Needs no team key:
    /// this is what the hub checks.
    pub fn verify_signature(&self, signing_key: &[u8; PUBLIC_KEY_LEN]) -> Result<()> {
        self.check_shape()?;
        UnparsedPublicKey::new(&ED25519, signing_key)
            .verify(&self.signed_bytes(), &self.signature)
            .map_err(|_| self.header.rejected("the signature does not verify"))
    }

    /// Decrypts the payload with the team key of `header.epoch`. Fails if the key is
    /// another one, or if any byte of the header, nonce or ciphertext was altered.
    /// Does not check the signature: call [`Envelope::verify_signature`] first.
    pub fn open(&self, epoch_key: &SecretKey) -> Result<Payload> {
        self.check_shape()?;
        let mut blob = Vec::with_capacity(1 + NONCE_LEN + self.ciphertext.len());
        blob.push(SEALED_V1);
        blob.extend_from_slice(&self.nonce);
        blob.extend_from_slice(&self.ciphertext);
        let plaintext =
            crypto::open(&envelope_key(epoch_key), &aad(&self.header), &blob).map_err(|_| {
                self.header.rejected(format_args!(
                    "cannot be decrypted with the key of epoch {}: another key, or altered",
                    self.header.epoch
                ))
            })?;
        let payload = match postcard::take_from_bytes::<Payload>(&plaintext) {
            Ok((payload, [])) => payload,
            _ => return Err(self.header.rejected("the payload is malformed")),
        };
        payload.check().map_err(|r| self.header.rejected(r))?;
        Ok(payload)
    }

    /// The device whose log this envelope belongs to.
    pub fn device(&self) -> DeviceId {
        self.header.device
    }

    /// The envelope's position in its device's log.
    pub fn seq(&self) -> u64 {
        self.header.seq
    }

    /// Exactly `to_bytes().len()`, computed without encoding: what pages are counted in.
    pub fn encoded_len(&self) -> usize {
        1 + 16
            + 16
            + varint_len(self.header.seq)
            + varint_len(u64::from(self.header.epoch))
            + NONCE_LEN
            + varint_len(self.ciphertext.len() as u64)
            + self.ciphertext.len()
            + varint_len(self.signature.len() as u64)
            + self.signature.len()
    }

    /// The SHA-256 of an envelope's stored bytes ([`Envelope::to_bytes`]): what the hub
    /// keeps beside each envelope it checked at upload, to tell a damaged stored copy
    /// from the envelope its author signed, and to take an identical copy back.
    pub fn stored_hash(bytes: &[u8]) -> [u8; 32] {
        let digest = ring::digest::digest(&ring::digest::SHA256, bytes);
        let mut out = [0u8; 32];
        out.copy_from_slice(digest.as_ref());
        out
    }

    /// The envelope alone in the wire encoding (postcard), as stores keep it.
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("an envelope always encodes")
    }

    /// Reads an envelope written by [`Envelope::to_bytes`]. Checks its shape, not its
    /// signature.
    pub fn from_bytes(bytes: &[u8]) -> Result<Envelope> {
        if bytes.len() > MAX_ENVELOPE_BYTES {
            return Err(Error::Envelope {
                reason: format!("an envelope is larger than {MAX_ENVELOPE_BYTES} bytes"),
            });
        }
        match postcard::take_from_bytes::<Envelope>(bytes) {
            Ok((envelope, [])) => {
                envelope.check_shape()?;
                Ok(envelope)
            }
            _ => Err(Error::Envelope {
                reason: "an envelope cannot be decoded".into(),
            }),
        }
    }

    /// Format, sequence and lengths: what can be checked without any key.
    fn check_shape(&self) -> Result<()> {
        let h = &self.header;
        if h.format != ENVELOPE_FORMAT {
            return Err(h.rejected(format_args!("unsupported envelope format {}", h.format)));
        }
        if h.seq == 0 {
            return Err(h.rejected("sequence numbers start at 1"));
        }
        if self.signature.len() != SIGNATURE_LEN {
            return Err(h.rejected("the signature is not 64 bytes"));
        }
        if self.ciphertext.len() < TAG_LEN {
            return Err(h.rejected("the ciphertext is truncated"));
        }
        if self.encoded_len() > MAX_ENVELOPE_BYTES {
            return Err(too_large(h));
        }
        Ok(())
    }

    /// The signed message: `"senim envelope v1" ‖ header (45 bytes) ‖ nonce ‖ ciphertext`.
    /// Every part but the last has a fixed length, so the split is unambiguous.
    fn signed_bytes(&self) -> Vec<u8> {
        let mut msg = Vec::with_capacity(
            DOMAIN.len() + Header::ENCODED_LEN + NONCE_LEN + self.ciphertext.len(),
        );
        msg.extend_from_slice(DOMAIN);
        msg.extend_from_slice(&self.header.to_bytes());
        msg.extend_from_slice(&self.nonce);
        msg.extend_from_slice(&self.ciphertext);
        msg
    }
}

fn too_large(header: &Header) -> Error {
    header.rejected(format_args!(
        "larger than {MAX_ENVELOPE_BYTES} bytes: split the change set"
    ))
}

/// Associated data: length-prefixed `"senim envelope v1"` and the encoded header.
fn aad(header: &Header) -> Vec<u8> {
    crypto::aad(&[DOMAIN, &header.to_bytes()])
}

fn envelope_key(epoch_key: &SecretKey) -> SecretKey {
    epoch_key.derive(KEY_LABEL)
}

/// Bytes of the LEB128 varint postcard writes for `v`.
pub(crate) fn varint_len(v: u64) -> usize {
    (64 - (v | 1).leading_zeros() as usize).div_ceil(7)
}

/// `Vec<u8>` as serde bytes: in postcard a varint length and the raw bytes (the same
/// bytes a sequence of `u8` gives), decoded in one copy instead of byte by byte.
pub(crate) mod bytes {
    use std::fmt;

    use serde::de::{SeqAccess, Visitor};
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(v)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        d.deserialize_byte_buf(BytesVisitor)
    }

    struct BytesVisitor;

    impl<'de> Visitor<'de> for BytesVisitor {
        type Value = Vec<u8>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("bytes")
        }

        fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
            Ok(v.to_vec())
        }

        fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
            Ok(v)
        }

        // Self-describing formats (JSON) write bytes as a list of numbers.
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            while let Some(b) = seq.next_element()? {
                out.push(b);
            }
            Ok(out)
        }
    }
}

/// `Vec<Vec<u8>>` as a sequence of serde bytes.
mod byte_list {
    use std::fmt;

    use serde::de::{SeqAccess, Visitor};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    struct Bytes<'a>(&'a [u8]);

    impl Serialize for Bytes<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(self.0)
        }
    }

    struct ByteBuf(Vec<u8>);

    impl<'de> Deserialize<'de> for ByteBuf {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            super::bytes::deserialize(d).map(ByteBuf)
        }
    }

    pub fn serialize<S: Serializer>(v: &[Vec<u8>], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|b| Bytes(b)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<u8>>, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = Vec<Vec<u8>>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of byte strings")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(ByteBuf(b)) = seq.next_element()? {
                    out.push(b);
                }
                Ok(out)
            }
        }
        d.deserialize_seq(ListVisitor)
    }
}

/// A record id as its 16 raw bytes (its own serde form is hex text, twice the size).
mod record_id_bytes {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::records::RecordId;

    pub fn serialize<S: Serializer>(id: &RecordId, s: S) -> Result<S::Ok, S::Error> {
        id.as_bytes().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<RecordId, D::Error> {
        <[u8; 16]>::deserialize(d).map(RecordId)
    }
}

/// A record kind as its stable name, so reordering the enum never changes the format.
mod record_kind_name {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::records::RecordKind;

    pub fn serialize<S: Serializer>(kind: &RecordKind, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(kind.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<RecordKind, D::Error> {
        let name = String::deserialize(d)?;
        name.parse()
            .map_err(|_| serde::de::Error::custom("unknown record kind"))
    }
}
