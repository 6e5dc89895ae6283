//! Team and device ids: random 128-bit values, shown as 32 lower-case hex digits,
//! serialized as 16 raw bytes in the binary wire format and as hex in JSON.
//!
//! The ids of a demo vault, its device and its team begin with [`DEMO_MARK`]; real ids
//! never do (a fresh real id that happens to is drawn again). The mark travels with
//! every id, so a demo team, a demo device and a demo vault are recognisable by every
//! party that sees the id (peers, the hub) without any other field, and the vault's ids
//! are bound into the wrapping of its master key, so the mark cannot be removed.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::records::{hex, parse_hex16};
use crate::{Error, Result};

/// The first bytes of every demo id (vault, device, team): `DEMO` in ASCII.
pub const DEMO_MARK: [u8; 4] = *b"DEMO";

/// Whether 16 id bytes carry the demo mark.
pub fn is_demo_id(id: &[u8; 16]) -> bool {
    id[..DEMO_MARK.len()] == DEMO_MARK
}

/// Fresh random id bytes: marked when `demo`, never marked otherwise.
pub fn random_id(demo: bool) -> Result<[u8; 16]> {
    loop {
        let mut id: [u8; 16] = senim_crypto::random_array()?;
        if demo {
            id[..DEMO_MARK.len()].copy_from_slice(&DEMO_MARK);
            return Ok(id);
        }
        if !is_demo_id(&id) {
            return Ok(id);
        }
    }
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub [u8; 16]);

        impl $name {
            /// A fresh random id of a real (not demo) team or device.
            pub fn random() -> Result<Self> {
                Ok($name(random_id(false)?))
            }
            /// A fresh random id carrying the demo mark.
            pub fn random_demo() -> Result<Self> {
                Ok($name(random_id(true)?))
            }
            /// Whether the id carries the demo mark.
            pub fn is_demo(&self) -> bool {
                is_demo_id(&self.0)
            }
            pub fn as_bytes(&self) -> &[u8; 16] {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&hex(&self.0))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self)
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                parse_hex16(s)
                    .map($name)
                    .ok_or_else(|| Error::invalid($field, "expected 32 hexadecimal digits"))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                if s.is_human_readable() {
                    s.collect_str(self)
                } else {
                    self.0.serialize(s)
                }
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                if d.is_human_readable() {
                    let s = String::deserialize(d)?;
                    s.parse()
                        .map_err(|_| serde::de::Error::custom(concat!("invalid ", $field)))
                } else {
                    <[u8; 16]>::deserialize(d).map($name)
                }
            }
        }
    };
}

id_type!(
    /// A team: the workers and leads of one office who share records.
    TeamId,
    "team id"
);
id_type!(
    /// A device (one installation of the app): the vault's device id, also its
    /// automerge actor.
    DeviceId,
    "device id"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_hex_json_and_postcard() {
        let id = DeviceId([0xab; 16]);
        assert_eq!(id.to_string().parse::<DeviceId>().unwrap(), id);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{id}\""));
        assert_eq!(serde_json::from_str::<DeviceId>(&json).unwrap(), id);
        let bytes = postcard::to_allocvec(&id).unwrap();
        assert_eq!(bytes.len(), 16);
        assert_eq!(postcard::from_bytes::<DeviceId>(&bytes).unwrap(), id);
        assert!("xyz".parse::<TeamId>().is_err());
    }

    #[test]
    fn demo_ids_carry_the_mark_and_real_ids_never_do() {
        for _ in 0..1000 {
            assert!(!TeamId::random().unwrap().is_demo());
            assert!(!DeviceId::random().unwrap().is_demo());
        }
        let team = TeamId::random_demo().unwrap();
        assert!(team.is_demo());
        assert!(team.to_string().starts_with("44454d4f"));
        assert_ne!(team, TeamId::random_demo().unwrap());
        assert!(DeviceId::random_demo().unwrap().is_demo());
    }
}
