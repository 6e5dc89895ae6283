//! The passcode argument of Senim's mobile API: what the app hands over as a Kotlin
//! `ByteArray` or a Swift `Data` lands in memory that is wiped when it is dropped,
//! including the buffer the app filled.
//!
//! uniffi lifts a `Vec<u8>` argument by copying its bytes out of the `RustBuffer` the
//! app filled and freeing that buffer as it is, so a passcode passed as `Vec<u8>` left
//! a copy in freed memory whatever the API did with the `Vec` afterwards.
//! [`Passcode`] is lifted by taking the buffer over instead: the byte count the app
//! wrote in front is removed in place, and the buffer becomes the passcode's own
//! zeroizing storage. On the wire and in the generated bindings it is the same `bytes`
//! type as before (its type id is `Vec<u8>`'s), so the apps' code does not change.
//!
//! It is a crate of its own because uniffi's lifting trait is an `unsafe` trait and
//! every other crate of the workspace forbids `unsafe`. It holds the one `unsafe impl`
//! and no unsafe block. It must never copy a passcode outside a zeroizing buffer, print
//! one, or be used for anything but a top-level argument: inside a record or a sequence
//! the enclosing buffer is lifted by uniffi's own code, which frees it unwiped.
//! (ADR 0026.)

use uniffi::{Lift, MetadataBuffer, RustBuffer, TypeId};
use zeroize::Zeroizing;

/// A passcode from the app, wiped when dropped. Its bytes are what the app sent (the
/// core checks they are UTF-8 text).
pub struct Passcode(Zeroizing<Vec<u8>>);

impl Passcode {
    /// A passcode from bytes Rust already holds (the buffer is taken over and wiped
    /// when the passcode is dropped).
    pub fn new(bytes: Vec<u8>) -> Passcode {
        Passcode(Zeroizing::new(bytes))
    }

    /// The passcode's bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Passcode {
    fn from(bytes: Vec<u8>) -> Passcode {
        Passcode::new(bytes)
    }
}

impl std::ops::Deref for Passcode {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

/// Never the bytes.
impl std::fmt::Debug for Passcode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Passcode({} bytes)", self.0.len())
    }
}

/// Bytes of the count the app writes before the bytes (a big-endian `i32`).
const COUNT: usize = 4;

/// The count at the start of `bytes`, checked against what follows it.
fn count(bytes: &[u8]) -> uniffi::Result<usize> {
    let Some(head) = bytes.first_chunk::<COUNT>() else {
        uniffi::deps::anyhow::bail!("a passcode buffer without its byte count");
    };
    let count = usize::try_from(i32::from_be_bytes(*head))
        .map_err(|_| uniffi::deps::anyhow::anyhow!("a passcode buffer with a negative count"))?;
    if bytes.len() - COUNT < count {
        uniffi::deps::anyhow::bail!("a passcode buffer shorter than its byte count");
    }
    Ok(count)
}

// SAFETY: the contract of uniffi's lifting traits is that the Rust side and the
// generated foreign code agree on the FFI type and the encoding. `Passcode` declares
// `Vec<u8>`'s type id, so the bindings pass it exactly as `bytes` (Kotlin
// `FfiConverterByteArray`, Swift `FfiConverterData`): a `RustBuffer` holding a
// big-endian `i32` count and that many bytes, which is what these methods read. The
// buffer is taken over once, through uniffi's own safe `destroy_into_vec`.
unsafe impl<UT> Lift<UT> for Passcode {
    type FfiType = RustBuffer;

    fn try_lift(buffer: RustBuffer) -> uniffi::Result<Self> {
        // Wiped on every path from here, the error paths included.
        let mut bytes = Zeroizing::new(buffer.destroy_into_vec());
        let count = count(&bytes)?;
        if bytes.len() - COUNT != count {
            uniffi::deps::anyhow::bail!("junk data after the passcode in its buffer");
        }
        // Moves the bytes to the front within the same allocation; the bytes left
        // past the new end are spare capacity, which the zeroizing `Vec` wipes too.
        bytes.drain(..COUNT);
        Ok(Passcode(bytes))
    }

    fn try_read(buffer: &mut &[u8]) -> uniffi::Result<Self> {
        let count = count(buffer)?;
        let (head, rest) = buffer.split_at(COUNT + count);
        let mut bytes = Zeroizing::new(Vec::with_capacity(count));
        bytes.extend_from_slice(&head[COUNT..]);
        *buffer = rest;
        Ok(Passcode(bytes))
    }
}

impl<UT> TypeId<UT> for Passcode {
    const TYPE_ID_META: MetadataBuffer = <Vec<u8> as TypeId<UT>>::TYPE_ID_META;
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Tag;

    fn buffer(bytes: &[u8]) -> RustBuffer {
        RustBuffer::from_vec(bytes.to_vec())
    }

    fn lift(b: RustBuffer) -> uniffi::Result<Passcode> {
        <Passcode as Lift<Tag>>::try_lift(b)
    }

    #[test]
    fn a_buffer_of_count_and_bytes_lifts_to_the_bytes() {
        let p = lift(buffer(b"\0\0\0\x06secret")).unwrap();
        assert_eq!(p.as_bytes(), b"secret");
    }

    #[test]
    fn an_empty_passcode_lifts_to_no_bytes() {
        assert!(lift(buffer(b"\0\0\0\0")).unwrap().is_empty());
    }

    #[test]
    fn malformed_buffers_are_refused_not_read_past() {
        for bad in [
            &b""[..],
            b"\0\0\0",
            b"\0\0\0\x07secret",
            b"\0\0\0\x05secret",
            b"\xff\xff\xff\xffsecret",
        ] {
            assert!(lift(buffer(bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn read_from_a_larger_buffer_takes_its_bytes_and_moves_on() {
        let mut rest: &[u8] = b"\0\0\0\x03abc\0\0\0\x01d";
        let first = <Passcode as Lift<Tag>>::try_read(&mut rest).unwrap();
        let second = <Passcode as Lift<Tag>>::try_read(&mut rest).unwrap();
        assert_eq!(
            (first.as_bytes(), second.as_bytes()),
            (&b"abc"[..], &b"d"[..])
        );
        assert!(rest.is_empty());
    }

    #[test]
    fn the_bindings_see_the_same_type_as_bytes() {
        assert_eq!(
            <Passcode as TypeId<Tag>>::TYPE_ID_META.as_ref(),
            <Vec<u8> as TypeId<Tag>>::TYPE_ID_META.as_ref()
        );
    }

    #[test]
    fn debug_never_shows_the_bytes() {
        let p = Passcode::new(b"secret".to_vec());
        assert_eq!(format!("{p:?}"), "Passcode(6 bytes)");
    }
}
