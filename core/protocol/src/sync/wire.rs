//! The sync wire format: versioned, self-delimiting binary messages.
//!
//! Every message is `MAGIC ("SNSY") ‖ WIRE_FORMAT (1) ‖ postcard(Message)`. Owns the
//! encoding, its limits and the error codes one party sends the other. Decoding never
//! panics and never allocates much more than the input's size; it does not judge
//! whether a message is allowed at this point of a session (the session does).

use serde::{Deserialize, Serialize};

use super::envelope::{Envelope, MAX_ENVELOPE_BYTES};
use super::vector::VersionVector;
use crate::team::TeamId;
use crate::{Error, Result};

/// First four bytes of every message.
pub const MAGIC: [u8; 4] = *b"SNSY";
/// Fifth byte of every message: how the rest is encoded.
pub const WIRE_FORMAT: u8 = 1;
/// The protocol format this build speaks, announced in `Hello`.
pub const PROTOCOL_FORMAT: u8 = 1;
/// Largest page a session may be asked to fill (the sum of its envelopes' sizes).
pub const MAX_PAGE_BYTES: usize = 4 * 1024 * 1024;
/// Most bytes a page message adds around its envelopes: magic, format, message tag,
/// the envelope count (a varint, at most 10 bytes) and the `done` flag.
pub const PAGE_OVERHEAD: usize = 4 + 1 + 1 + 10 + 1;
/// Largest message accepted: a full page, or a single envelope of the largest size.
pub const MAX_MESSAGE_BYTES: usize = max(MAX_PAGE_BYTES, MAX_ENVELOPE_BYTES) + 1024;
/// Most devices a version vector in `Hello` may list.
pub const MAX_DEVICES: usize = 65_536;
/// Longest reason an `Error` message may carry.
pub const MAX_REASON_BYTES: usize = 512;

const fn max(a: usize, b: usize) -> usize {
    if a > b { a } else { b }
}

/// Error codes of [`Message::Error`].
pub mod code {
    /// The message could not be decoded, or is not allowed at this point.
    pub const PROTOCOL: u16 = 1;
    /// The wire or protocol format is one this party does not speak.
    pub const UNSUPPORTED_FORMAT: u16 = 2;
    /// The two parties belong to different teams (or one is a demo team).
    pub const WRONG_TEAM: u16 = 3;
    /// The party refuses to sync with this device (unknown, revoked).
    pub const REFUSED: u16 = 4;
    /// The party failed internally (storage); try again later.
    pub const INTERNAL: u16 = 5;
}

/// One message of the sync protocol. Postcard writes the variant as its index:
/// `Hello` 0, `Envelopes` 1, `Done` 2, `Error` 3. New variants are only ever appended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Message {
    /// First message of each side: who it syncs for and what it holds.
    Hello {
        /// The highest protocol format the sender speaks (1 in this build).
        format: u8,
        team: TeamId,
        vector: VersionVector,
    },
    /// A page of envelopes the receiver lacks, per device in sequence order.
    Envelopes {
        envelopes: Vec<Envelope>,
        /// The sender has nothing more to send after this page.
        done: bool,
    },
    /// The sender has nothing (more) to send.
    Done,
    /// The sender ends the session. `reason` names no content.
    Error { code: u16, reason: String },
}

/// Why a message was refused: the code to send back and a reason for the log.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Refusal {
    pub code: u16,
    pub reason: String,
}

impl Refusal {
    pub(crate) fn new(code: u16, reason: impl Into<String>) -> Self {
        Refusal {
            code,
            reason: reason.into(),
        }
    }
}

impl From<Refusal> for Error {
    fn from(r: Refusal) -> Self {
        Error::Protocol(r.reason)
    }
}

/// Encodes a message: magic, wire format, postcard.
pub fn encode(message: &Message) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(&MAGIC);
    out.push(WIRE_FORMAT);
    // Serializing into a Vec fails only for sequences of unknown length; these types
    // have none.
    postcard::to_extend(message, out).expect("sync messages always encode")
}

/// Decodes one message. Any input that is not exactly one well-formed message within
/// the limits is an `Error::Protocol`.
pub fn decode(bytes: &[u8]) -> Result<Message> {
    Ok(decode_message(bytes)?)
}

pub(crate) fn decode_message(bytes: &[u8]) -> std::result::Result<Message, Refusal> {
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(Refusal::new(
            code::PROTOCOL,
            format!("a message is larger than {MAX_MESSAGE_BYTES} bytes"),
        ));
    }
    if bytes.len() < MAGIC.len() + 1 || bytes[..MAGIC.len()] != MAGIC {
        return Err(Refusal::new(code::PROTOCOL, "not a Senim sync message"));
    }
    let format = bytes[MAGIC.len()];
    if format != WIRE_FORMAT {
        return Err(Refusal::new(
            code::UNSUPPORTED_FORMAT,
            format!("unsupported wire format {format} (this build speaks {WIRE_FORMAT})"),
        ));
    }
    let message = match postcard::take_from_bytes::<Message>(&bytes[MAGIC.len() + 1..]) {
        Ok((message, [])) => message,
        Ok(_) => {
            return Err(Refusal::new(code::PROTOCOL, "a message has trailing bytes"));
        }
        Err(_) => return Err(Refusal::new(code::PROTOCOL, "a message cannot be decoded")),
    };
    match &message {
        Message::Hello { format, vector, .. } => {
            if *format < 1 {
                return Err(Refusal::new(
                    code::UNSUPPORTED_FORMAT,
                    "Hello announces protocol format 0",
                ));
            }
            if vector.len() > MAX_DEVICES {
                return Err(Refusal::new(
                    code::PROTOCOL,
                    format!("a version vector lists more than {MAX_DEVICES} devices"),
                ));
            }
        }
        Message::Error { reason, .. } if reason.len() > MAX_REASON_BYTES => {
            return Err(Refusal::new(
                code::PROTOCOL,
                format!("an error reason is longer than {MAX_REASON_BYTES} bytes"),
            ));
        }
        _ => {}
    }
    Ok(message)
}

/// An `Error` message with `reason` cut to the limit at a character boundary.
pub(crate) fn error_message(code: u16, reason: &str) -> Message {
    let mut end = reason.len().min(MAX_REASON_BYTES);
    while !reason.is_char_boundary(end) {
        end -= 1;
    }
    Message::Error {
        code,
        reason: reason[..end].to_string(),
    }
}
