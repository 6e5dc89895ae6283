//! The hub's certificate pin: the SHA-256 of the DER certificate the hub serves (what
//! `senim hub serve --tls` prints, and `openssl x509 -noout -fingerprint -sha256`
//! shows). A team's devices accept exactly that certificate and no other, with no
//! certificate authority involved (docs/adr/0021-pinning.md).
//!
//! Owns the pin's text form and its comparison. It never reads a certificate's fields:
//! the whole DER is hashed, so any change (a new key, a renewal) is a new pin.

use std::fmt;
use std::str::FromStr;

use ring::digest;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// SHA-256 of the hub's DER certificate.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HubPin(pub [u8; 32]);

impl HubPin {
    /// The pin of a DER certificate.
    pub fn of_certificate(der: &[u8]) -> HubPin {
        let mut out = [0u8; 32];
        out.copy_from_slice(digest::digest(&digest::SHA256, der).as_ref());
        HubPin(out)
    }

    /// Whether `der` is the pinned certificate (constant time).
    pub fn matches(&self, der: &[u8]) -> bool {
        senim_crypto::ct_eq(&Self::of_certificate(der).0, &self.0)
    }
}

impl FromStr for HubPin {
    type Err = Error;

    /// 64 hexadecimal digits in any case, with or without colons or spaces between the
    /// pairs, after an optional `sha256:` or `SHA256 Fingerprint=`.
    fn from_str(text: &str) -> Result<HubPin> {
        let text = text.trim();
        let text = text.split_once('=').map_or(text, |(_, rest)| rest);
        let text = ["sha256:", "SHA256:", "sha-256:", "SHA-256:"]
            .iter()
            .find_map(|p| text.strip_prefix(p))
            .unwrap_or(text);
        let hex: String = text
            .chars()
            .filter(|c| !matches!(c, ':' | ' '))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let bytes = data_encoding::HEXLOWER_PERMISSIVE
            .decode(hex.as_bytes())
            .ok()
            .filter(|b| b.len() == 32)
            .ok_or_else(|| {
                Error::invalid(
                    "certificate pin",
                    "it is the SHA-256 of the hub's certificate: 64 hexadecimal digits",
                )
            })?;
        let mut out = [0u8; 32];
        out.copy_from_slice(&bytes);
        Ok(HubPin(out))
    }
}

impl fmt::Display for HubPin {
    /// Upper-case hex pairs joined by colons, as the hub and openssl print it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pairs: Vec<String> = self.0.iter().map(|b| format!("{b:02X}")).collect();
        f.write_str(&pairs.join(":"))
    }
}

impl fmt::Debug for HubPin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HubPin({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_reads_back_from_its_text_in_every_usual_form() {
        let pin = HubPin::of_certificate(b"a certificate");
        let shown = pin.to_string();
        for text in [
            shown.clone(),
            shown.to_lowercase(),
            shown.replace(':', ""),
            format!("sha256:{}", shown.replace(':', "")),
            format!("SHA256 Fingerprint={shown}"),
            format!("  {shown}\n"),
        ] {
            assert_eq!(text.parse::<HubPin>().unwrap(), pin, "{text}");
        }
    }

    #[test]
    fn a_pin_matches_only_its_own_certificate() {
        let pin = HubPin::of_certificate(b"a certificate");
        assert!(pin.matches(b"a certificate"));
        assert!(!pin.matches(b"a certificatf"));
    }

    #[test]
    fn text_that_is_not_a_sha256_is_invalid_input() {
        for text in ["", "abc", &"0".repeat(63), &"0".repeat(66), &"g".repeat(64)] {
            assert!(
                matches!(
                    text.parse::<HubPin>(),
                    Err(Error::InvalidInput {
                        field: "certificate pin",
                        ..
                    })
                ),
                "{text}"
            );
        }
    }
}
