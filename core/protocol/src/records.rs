//! Record identity as it crosses the wire: the random record id and the record kind.
//! Envelopes, purge orders and retention rules name records by these; what a record
//! holds is `senim-records`' (this crate never sees a record's content).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// A random 128-bit record id, shown as 32 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordId(pub [u8; 16]);

impl RecordId {
    /// A fresh random id.
    pub fn random() -> Result<Self> {
        Ok(RecordId(senim_crypto::random_array()?))
    }
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RecordId({self})")
    }
}

impl FromStr for RecordId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        parse_hex16(s)
            .map(RecordId)
            .ok_or_else(|| Error::invalid("record id", "expected 32 hexadecimal digits"))
    }
}

/// 16 bytes from 32 hexadecimal digits (either case, surrounding space ignored).
pub fn parse_hex16(s: &str) -> Option<[u8; 16]> {
    let s = s.trim();
    if s.len() != 32 || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// Lower-case hexadecimal, as ids are shown.
pub fn hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}

impl Serialize for RecordId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for RecordId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse()
            .map_err(|_| serde::de::Error::custom("invalid record id"))
    }
}

/// The kinds of record a vault holds. Stored in the clear beside each row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Subject,
    #[serde(rename = "note")]
    OutreachNote,
    Interview,
    Referral,
    Consent,
}

impl RecordKind {
    pub const ALL: [RecordKind; 5] = [
        RecordKind::Subject,
        RecordKind::OutreachNote,
        RecordKind::Interview,
        RecordKind::Referral,
        RecordKind::Consent,
    ];

    /// The stable name used on disk, in the CLI and in JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            RecordKind::Subject => "subject",
            RecordKind::OutreachNote => "note",
            RecordKind::Interview => "interview",
            RecordKind::Referral => "referral",
            RecordKind::Consent => "consent",
        }
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RecordKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        RecordKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s || (s == "outreach_note" && *k == RecordKind::OutreachNote))
            .ok_or_else(|| {
                Error::invalid(
                    "record kind",
                    "expected subject, note, interview, referral or consent",
                )
            })
    }
}
