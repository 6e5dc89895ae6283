//! Team and device ids: random 128-bit values, shown as 32 lower-case hex digits,
//! serialized as 16 raw bytes in the binary wire format and as hex in JSON.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::records::{hex, parse_hex16};
use crate::{Error, Result};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub [u8; 16]);

        impl $name {
            /// A fresh random id.
            pub fn random() -> Result<Self> {
                Ok($name(crate::crypto::random_array()?))
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
}
