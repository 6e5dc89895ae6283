//! Verification codes for enrolment: four words that the new device and the lead both
//! see for the same join request, and both see for the same welcome, so that a code
//! swapped on the way (through a messenger, by someone in the middle) shows other words
//! on one of the two screens.
//!
//! A code is a function of what matters in the code it verifies, nothing else: for a
//! join request, the device's public keys and call sign; for a welcome, the team, its
//! name, the issuing lead's keys, the hub address and its certificate pin. It is stretched (PBKDF2-HMAC-SHA256,
//! [`ITERATIONS`] rounds) so that searching for another request or welcome with the same
//! four words costs years, not minutes (docs/sync.md, "Verified enrolment").
//!
//! Owns the derivation, the words (the BIP-39 English list: 2,048 words, each known by
//! its first four letters) and reading a code as typed. It never reveals anything a code
//! is computed from, and never says which word of a typed code was wrong.

use std::fmt;
use std::num::NonZeroU32;

use ring::pbkdf2;
use serde::Serialize;

use super::postcard_bytes;
use crate::{Error, Result};

/// Words in a code: 4 × 11 bits = 44 bits.
pub const CODE_WORDS: usize = 4;
/// PBKDF2 rounds of one code (about 30 ms on a phone; each guess of a search costs the
/// same).
pub const ITERATIONS: u32 = 1 << 16;

const BITS_PER_WORD: u32 = 11;
const JOIN_SALT: &[u8] = b"senim verification code: join request v1";
const WELCOME_SALT: &[u8] = b"senim verification code: welcome v1";

/// The four words verifying one join request or one welcome.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct VerificationCode([u16; CODE_WORDS]);

impl VerificationCode {
    /// The code of `what` (its postcard bytes) under the salt of its kind.
    fn derive<T: Serialize + ?Sized>(salt: &[u8], what: &T) -> VerificationCode {
        let rounds = NonZeroU32::new(ITERATIONS).expect("a positive constant");
        let mut out = [0u8; 8];
        pbkdf2::derive(
            pbkdf2::PBKDF2_HMAC_SHA256,
            rounds,
            salt,
            &postcard_bytes(what),
            &mut out,
        );
        let bits = u64::from_be_bytes(out);
        let mut words = [0u16; CODE_WORDS];
        for (i, w) in words.iter_mut().enumerate() {
            let shift = 64 - BITS_PER_WORD * (i as u32 + 1);
            *w = ((bits >> shift) & 0x7ff) as u16;
        }
        VerificationCode(words)
    }

    pub(super) fn of_join<T: Serialize + ?Sized>(what: &T) -> VerificationCode {
        Self::derive(JOIN_SALT, what)
    }

    pub(super) fn of_welcome<T: Serialize + ?Sized>(what: &T) -> VerificationCode {
        Self::derive(WELCOME_SALT, what)
    }

    /// The four words, in order.
    pub fn words(&self) -> [&'static str; CODE_WORDS] {
        let list = bip39::Language::English.word_list();
        self.0.map(|i| list[usize::from(i)])
    }

    /// Reads a code as typed or read aloud: four words of the list, in any letter case,
    /// separated by spaces, hyphens, dots or commas.
    pub fn parse(text: &str) -> Result<VerificationCode> {
        let words: Vec<String> = text
            .split(|c: char| c.is_whitespace() || matches!(c, '-' | '.' | ','))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if words.len() != CODE_WORDS {
            return Err(Error::invalid(
                "verification code",
                "it is four words separated by spaces",
            ));
        }
        let mut out = [0u16; CODE_WORDS];
        for (slot, word) in out.iter_mut().zip(&words) {
            *slot = bip39::Language::English.find_word(word).ok_or_else(|| {
                Error::invalid("verification code", "a word is not one of the code's words")
            })?;
        }
        Ok(VerificationCode(out))
    }

    /// Checks the code the other device shows, as typed: `Error::CodeMismatch` when it
    /// is another code (the request or welcome was swapped, or the wrong one pasted).
    pub fn confirm(&self, what: &'static str, typed: &str) -> Result<()> {
        if Self::parse(typed)? == *self {
            Ok(())
        } else {
            Err(Error::CodeMismatch { what })
        }
    }
}

impl fmt::Display for VerificationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words().join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::{DeviceId, DeviceKeys, JoinRequest, Membership, Role, TeamId, Welcome};

    const HUB: &str = "https://hub.office.example";

    fn device() -> DeviceKeys {
        DeviceKeys::generate(DeviceId::random().unwrap()).unwrap()
    }

    /// A lead's first list, a worker admitted from `request`, and the welcome for it.
    fn welcome_from(lead: &DeviceKeys, team: TeamId, hub: &str, request: &JoinRequest) -> Welcome {
        let (list, key) = Membership::create(team, "Almaty outreach", lead, "Lead A").unwrap();
        let next = list.admit(lead, request, Role::Worker).unwrap();
        Welcome::issue(lead, hub, &next, request.public().device, &[key]).unwrap()
    }

    #[test]
    fn a_join_request_shows_the_same_code_after_travelling_as_text() {
        let request = JoinRequest::new(&device(), "Aidana").unwrap();
        let pasted = JoinRequest::decode(&request.encode()).unwrap();
        assert_eq!(pasted.verification_code(), request.verification_code());
    }

    #[test]
    fn another_devices_request_under_the_same_call_sign_shows_another_code() {
        let own = JoinRequest::new(&device(), "Aidana").unwrap();
        let swapped = JoinRequest::new(&device(), "Aidana").unwrap();
        assert_ne!(own.verification_code(), swapped.verification_code());
    }

    #[test]
    fn the_same_device_under_another_call_sign_shows_another_code() {
        let keys = device();
        let a = JoinRequest::new(&keys, "Aidana").unwrap();
        let b = JoinRequest::new(&keys, "Aidana 2").unwrap();
        assert_ne!(a.verification_code(), b.verification_code());
    }

    #[test]
    fn a_welcome_shows_the_same_code_after_travelling_as_text() {
        let request = JoinRequest::new(&device(), "Aidana").unwrap();
        let welcome = welcome_from(&device(), TeamId::random().unwrap(), HUB, &request);
        let pasted = Welcome::decode(&welcome.encode()).unwrap();
        assert_eq!(pasted.verification_code(), welcome.verification_code());
    }

    #[test]
    fn a_welcome_from_another_lead_team_or_hub_shows_another_code() {
        let request = JoinRequest::new(&device(), "Aidana").unwrap();
        let (lead, team) = (device(), TeamId::random().unwrap());
        let real = welcome_from(&lead, team, HUB, &request).verification_code();
        let other_lead = welcome_from(&device(), team, HUB, &request);
        let other_team = welcome_from(&lead, TeamId::random().unwrap(), HUB, &request);
        let other_hub = welcome_from(&lead, team, "https://rogue.example", &request);
        for other in [other_lead, other_team, other_hub] {
            assert_ne!(other.verification_code(), real);
        }
    }

    #[test]
    fn a_welcome_pinning_another_certificate_shows_another_code() {
        let request = JoinRequest::new(&device(), "Aidana").unwrap();
        let lead = device();
        let (list, key) = Membership::create(
            TeamId::random().unwrap(),
            "Almaty outreach",
            &lead,
            "Lead A",
        )
        .unwrap();
        let next = list.admit(&lead, &request, Role::Worker).unwrap();
        let device_id = request.public().device;
        let pinned = |pin: &[u8]| {
            let pin = Some(crate::team::HubPin::of_certificate(pin));
            Welcome::issue_pinned(
                &lead,
                HUB,
                pin,
                &next,
                device_id,
                std::slice::from_ref(&key),
            )
            .unwrap()
        };
        let real = pinned(b"the hub's certificate");
        let decoded = Welcome::decode(&real.encode()).unwrap();
        assert_eq!(decoded.hub_pin(), real.hub_pin());
        assert_ne!(
            pinned(b"someone else's certificate").verification_code(),
            real.verification_code()
        );
        // The pin is signed with the rest: swapped on the way, the welcome does not open.
        let mut swapped = real.clone();
        swapped.hub_pin = Some(crate::team::HubPin::of_certificate(b"a rogue certificate"));
        let new_device = DeviceKeys::generate(device_id);
        assert!(new_device.is_ok());
        assert!(matches!(
            swapped.open(&new_device.unwrap()),
            Err(Error::Membership(_))
        ));
    }

    #[test]
    fn a_code_is_four_words_read_back_whatever_the_case_and_separators() {
        let code = JoinRequest::new(&device(), "Aidana")
            .unwrap()
            .verification_code();
        let shown = code.to_string();
        assert_eq!(shown.split(' ').count(), CODE_WORDS);
        assert_eq!(VerificationCode::parse(&shown).unwrap(), code);
        let spoken = format!("  {}. ", shown.to_uppercase().replace(' ', " - "));
        assert_eq!(VerificationCode::parse(&spoken).unwrap(), code);
    }

    #[test]
    fn confirming_another_code_is_a_mismatch_naming_what_was_checked() {
        let code = JoinRequest::new(&device(), "Aidana")
            .unwrap()
            .verification_code();
        let other = JoinRequest::new(&device(), "Aidana")
            .unwrap()
            .verification_code();
        assert!(code.confirm("join request", &code.to_string()).is_ok());
        match code.confirm("join request", &other.to_string()) {
            Err(Error::CodeMismatch { what }) => assert_eq!(what, "join request"),
            other => panic!("expected a mismatch, got {other:?}"),
        }
    }

    #[test]
    fn a_typed_code_that_is_not_four_known_words_is_invalid_input() {
        for typed in [
            "",
            "abandon ability able",
            "abandon ability able about above",
            "abandon ability able zzzz",
            "123456",
        ] {
            assert!(
                matches!(
                    VerificationCode::parse(typed),
                    Err(Error::InvalidInput {
                        field: "verification code",
                        ..
                    })
                ),
                "{typed:?}"
            );
        }
    }

    #[test]
    fn every_word_of_the_list_is_known_by_its_first_four_letters() {
        let list = bip39::Language::English.word_list();
        let mut prefixes: Vec<&str> = list.iter().map(|w| &w[..w.len().min(4)]).collect();
        prefixes.sort_unstable();
        prefixes.dedup();
        assert_eq!(prefixes.len(), 2048);
    }
}
