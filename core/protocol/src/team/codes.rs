//! Enrolment codes: the join request a new device shows, and the welcome code the lead
//! gives back (with the hub's address and certificate pin). Each is one line of text — a prefix naming the kind and format version,
//! then upper-case unpadded base32 of the postcard bytes and a 4-byte checksum — so it
//! can be typed, pasted or shown as a QR code in alphanumeric mode.
//!
//! Owns the text format and the checks a code must pass before anything trusts it. It
//! never panics on any input (arbitrary text gets `Error::InvalidCode`), never reads a
//! code longer than its limit, and never puts a key in a code unsealed.

use ring::digest;
use serde::{Deserialize, Serialize};

use super::identity::{Signature, signing_input};
use super::membership::{hub_url_problem, name_problem};
use super::pin::HubPin;
use super::verification::VerificationCode;
use super::{DeviceId, DeviceKeys, DevicePublic, EpochKey, Membership, SealedKey, postcard_bytes};
use crate::{Error, Result};

/// Text prefix of a join request (format version 1).
pub const JOIN_PREFIX: &str = "SENIM-JOIN-1:";
/// Text prefix of a welcome code (format version 3: version 1 lacked the hub's
/// certificate pin, version 2 a list that may name the team's hub).
pub const WELCOME_PREFIX: &str = "SENIM-WELCOME-3:";
/// Longest join request text accepted, in bytes (a real one is about 270, at most
/// about 700 with the longest call sign).
pub const MAX_JOIN_CHARS: usize = 1024;
/// Longest welcome code text accepted, in bytes. A welcome is about 650 characters
/// plus 145 per member; a full list of `MAX_MEMBERS` with the longest call signs and
/// `MAX_REVOKED` revoked devices stays under it.
pub const MAX_WELCOME_CHARS: usize = 256 * 1024;
/// Most sealed keys (epochs) one welcome carries.
pub const MAX_WELCOME_KEYS: usize = 64;

const JOIN_LABEL: &[u8] = b"senim join request v1";
const WELCOME_LABEL: &[u8] = b"senim welcome v3";
const CHECKSUM_LEN: usize = 4;
const JOIN: &str = "join request";
const WELCOME: &str = "welcome code";

/// A device's request to join a team: its public keys and the call sign its worker
/// chose, signed with its own Ed25519 key (proof that it holds the key).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct JoinRequest {
    pub(super) public: DevicePublic,
    pub(super) name: String,
    pub(super) signature: Signature,
}

impl JoinRequest {
    /// A signed request for the device holding `keys`, under the call sign `name`.
    pub fn new(keys: &DeviceKeys, name: &str) -> Result<JoinRequest> {
        if let Some(reason) = name_problem(name) {
            return Err(Error::invalid("call sign", reason));
        }
        let public = keys.public();
        let signature = Signature(keys.sign(&join_signing_input(&public, name)));
        Ok(JoinRequest {
            public,
            name: name.to_owned(),
            signature,
        })
    }

    /// The device's public keys.
    pub fn public(&self) -> &DevicePublic {
        &self.public
    }

    /// The call sign the worker chose.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// One line: `SENIM-JOIN-1:` and upper-case base32.
    pub fn encode(&self) -> String {
        encode_code(JOIN_PREFIX, &postcard_bytes(self))
    }

    /// The four words the new device shows beside its request and the lead compares
    /// before admitting it: computed from the device's public keys and call sign.
    pub fn verification_code(&self) -> VerificationCode {
        VerificationCode::of_join(&(&self.public, &self.name))
    }

    /// Reads a join request as typed, pasted or scanned: surrounding and inner
    /// whitespace and letter case are ignored, and in the base32 part `0`, `1` and `8`
    /// are read as `O`, `I` and `B`. Checks the checksum, the shape and the signature.
    pub fn decode(text: &str) -> Result<JoinRequest> {
        let payload = decode_code(JOIN, JOIN_PREFIX, MAX_JOIN_CHARS, text)?;
        let request: JoinRequest = from_bytes(&payload, JOIN)?;
        request.verify()?;
        Ok(request)
    }

    /// Checks the call sign, the device key and the proof of possession (a request may
    /// also arrive through serde rather than [`JoinRequest::decode`]).
    pub(super) fn verify(&self) -> Result<()> {
        if name_problem(&self.name).is_some() {
            return Err(invalid(JOIN, "the call sign is not valid"));
        }
        if !self.public.agreement_key_is_usable() {
            return Err(invalid(JOIN, "the device key is not usable"));
        }
        let message = join_signing_input(&self.public, &self.name);
        if !self.public.signature_is_valid(&message, &self.signature.0) {
            return Err(invalid(JOIN, "the signature does not verify"));
        }
        Ok(())
    }
}

pub(super) fn join_signing_input(public: &DevicePublic, name: &str) -> Vec<u8> {
    signing_input(JOIN_LABEL, &postcard_bytes(&(public, name)))
}

/// What the lead hands a newly admitted device: the hub's address and certificate pin,
/// the signed membership list that admits it, and the team keys it may read (at join,
/// the current epoch's) sealed to it. Signed as a whole by the issuing lead, so nobody
/// who carries the code can swap the hub address, the pin or the keys.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Welcome {
    pub(super) hub_url: String,
    pub(super) hub_pin: Option<HubPin>,
    pub(super) membership: Membership,
    pub(super) keys: Vec<SealedKey>,
    pub(super) issuer: DeviceId,
    pub(super) signature: Signature,
}

#[derive(Serialize)]
struct WelcomeBody<'a> {
    hub_url: &'a str,
    hub_pin: &'a Option<HubPin>,
    membership: &'a Membership,
    keys: &'a [SealedKey],
    issuer: &'a DeviceId,
}

impl Welcome {
    /// The welcome for `device`, already admitted in `membership`, carrying `keys`
    /// sealed to it. `keys` must include the current epoch's key (the one the list was
    /// signed with); older epochs are optional and let the device read older records.
    /// No certificate pin (a hub on loopback or a demo): see [`Welcome::issue_pinned`].
    pub fn issue(
        lead: &DeviceKeys,
        hub_url: &str,
        membership: &Membership,
        device: DeviceId,
        keys: &[EpochKey],
    ) -> Result<Welcome> {
        Self::issue_pinned(lead, hub_url, None, membership, device, keys)
    }

    /// As [`Welcome::issue`], with the hub's certificate pin (`hub_pin`) for the new
    /// device to pin.
    pub fn issue_pinned(
        lead: &DeviceKeys,
        hub_url: &str,
        hub_pin: Option<HubPin>,
        membership: &Membership,
        device: DeviceId,
        keys: &[EpochKey],
    ) -> Result<Welcome> {
        if let Some(reason) = hub_url_problem(hub_url) {
            return Err(Error::invalid("hub address", reason));
        }
        match membership.member(lead.device()) {
            Some(m) if membership.is_lead(lead.device()) && m.public == lead.public() => {}
            _ => {
                return Err(Error::Membership(
                    "only a lead of the team may issue a welcome".into(),
                ));
            }
        }
        let Some(member) = membership.member(device) else {
            return Err(Error::Membership("this device is not a member".into()));
        };
        if !names_same_hub(membership, hub_url, hub_pin) {
            return Err(Error::Membership(
                "the hub address or pin is not the one the membership list names".into(),
            ));
        }
        if !keys.iter().any(|k| membership.matches_epoch_key(k)) {
            return Err(Error::Membership(
                "the current team key is missing or is not the one the list was signed with".into(),
            ));
        }
        if keys.len() > MAX_WELCOME_KEYS {
            return Err(Error::Membership(format!(
                "a welcome carries at most {MAX_WELCOME_KEYS} keys"
            )));
        }
        for (i, k) in keys.iter().enumerate() {
            if k.epoch() > membership.epoch() || keys[..i].iter().any(|o| o.epoch() == k.epoch()) {
                return Err(Error::Membership(
                    "each key must be for a distinct epoch up to the current one".into(),
                ));
            }
        }
        let sealed = keys
            .iter()
            .map(|k| SealedKey::seal_to(&member.public, membership.team(), k))
            .collect::<Result<Vec<_>>>()?;
        let mut welcome = Welcome {
            hub_url: hub_url.to_owned(),
            hub_pin,
            membership: membership.clone(),
            keys: sealed,
            issuer: lead.device(),
            signature: Signature([0; 64]),
        };
        welcome.signature = Signature(lead.sign(&welcome.signing_input()));
        Ok(welcome)
    }

    /// The hub this team syncs through.
    pub fn hub_url(&self) -> &str {
        &self.hub_url
    }

    /// The SHA-256 of the hub's certificate, which the device pins (none for a hub
    /// reached over plain HTTP: on loopback, or a demo).
    pub fn hub_pin(&self) -> Option<HubPin> {
        self.hub_pin
    }

    /// The membership list that admits the device (not yet verified: see
    /// [`Welcome::open`]).
    pub fn membership(&self) -> &Membership {
        &self.membership
    }

    /// The sealed team keys.
    pub fn keys(&self) -> &[SealedKey] {
        &self.keys
    }

    /// One line: `SENIM-WELCOME-3:` and upper-case base32.
    pub fn encode(&self) -> String {
        encode_code(WELCOME_PREFIX, &postcard_bytes(self))
    }

    /// The four words the lead shows beside the welcome and the new device compares
    /// before joining: computed from the team, its name, the issuing lead's keys, the
    /// hub address and its certificate pin, so a welcome into another team, from
    /// another lead, to another hub or pinning another certificate shows other words.
    pub fn verification_code(&self) -> VerificationCode {
        let lead = self.membership.member(self.issuer).map(|m| m.public);
        VerificationCode::of_welcome(&(
            self.membership.team(),
            self.membership.team_name(),
            self.issuer,
            lead,
            &self.hub_url,
            &self.hub_pin,
        ))
    }

    /// Reads a welcome code (same tolerance as [`JoinRequest::decode`]) and checks its
    /// checksum and shape. The signatures and keys are checked by [`Welcome::open`].
    pub fn decode(text: &str) -> Result<Welcome> {
        let payload = decode_code(WELCOME, WELCOME_PREFIX, MAX_WELCOME_CHARS, text)?;
        let welcome: Welcome = from_bytes(&payload, WELCOME)?;
        if hub_url_problem(&welcome.hub_url).is_some() {
            return Err(invalid(WELCOME, "the hub address is not valid"));
        }
        if welcome.membership.validate().is_err() {
            return Err(invalid(WELCOME, "the membership list is malformed"));
        }
        if welcome.keys.is_empty() || welcome.keys.len() > MAX_WELCOME_KEYS {
            return Err(invalid(WELCOME, "the number of keys is out of range"));
        }
        Ok(welcome)
    }

    /// Joins with this welcome: checks that the list is signed by a lead it names, that
    /// a lead of it issued the welcome, that it lists this device with these very keys,
    /// and that every sealed key opens (the current one matching the key the list was
    /// signed with). Returns the list (the device's first trusted version) and the keys
    /// by epoch, oldest first.
    pub fn open(&self, device_keys: &DeviceKeys) -> Result<(Membership, Vec<EpochKey>)> {
        let list = &self.membership;
        list.verify_signed_by_own_lead()?;
        let issuer = list
            .member(self.issuer)
            .filter(|_| list.is_lead(self.issuer))
            .ok_or_else(|| Error::Membership("the welcome was not issued by a lead".into()))?;
        issuer
            .public
            .verify(&self.signing_input(), &self.signature.0)?;
        if !names_same_hub(list, &self.hub_url, self.hub_pin) {
            return Err(Error::Membership(
                "the welcome's hub is not the one its membership list names".into(),
            ));
        }
        match list.member(device_keys.device()) {
            Some(m) if m.public == device_keys.public() => {}
            _ => {
                return Err(Error::Membership(
                    "this welcome is for another device".into(),
                ));
            }
        }
        if self.keys.is_empty() || self.keys.len() > MAX_WELCOME_KEYS {
            return Err(Error::Membership(
                "the welcome carries no keys or too many".into(),
            ));
        }
        let mut keys = Vec::with_capacity(self.keys.len());
        for sealed in &self.keys {
            if sealed.epoch > list.epoch()
                || keys.iter().any(|k: &EpochKey| k.epoch() == sealed.epoch)
            {
                return Err(Error::Membership(
                    "the welcome's keys are not distinct epochs up to the current one".into(),
                ));
            }
            let key = if sealed.epoch == list.epoch() {
                list.open_epoch_key(sealed, device_keys)?
            } else {
                sealed.open(device_keys, list.team())?
            };
            keys.push(key);
        }
        if !keys.iter().any(|k| k.epoch() == list.epoch()) {
            return Err(Error::Membership(
                "the welcome lacks the current team key".into(),
            ));
        }
        keys.sort_by_key(EpochKey::epoch);
        Ok((list.clone(), keys))
    }

    pub(super) fn signing_input(&self) -> Vec<u8> {
        let body = WelcomeBody {
            hub_url: &self.hub_url,
            hub_pin: &self.hub_pin,
            membership: &self.membership,
            keys: &self.keys,
            issuer: &self.issuer,
        };
        signing_input(WELCOME_LABEL, &postcard_bytes(&body))
    }
}

/// Whether a welcome's hub agrees with the list it carries: the same address and pin
/// when the list names its hub (a list from before lists named it names none).
fn names_same_hub(list: &Membership, url: &str, pin: Option<HubPin>) -> bool {
    list.hub().is_none_or(|h| h.url == url && h.pin == pin)
}

fn invalid(what: &'static str, reason: &'static str) -> Error {
    Error::InvalidCode { what, reason }
}

fn from_bytes<'a, T: Deserialize<'a>>(bytes: &'a [u8], what: &'static str) -> Result<T> {
    match postcard::take_from_bytes::<T>(bytes) {
        Ok((value, [])) => Ok(value),
        _ => Err(invalid(what, "its contents are malformed")),
    }
}

/// First bytes of SHA-256 over the prefix and the payload.
fn checksum(prefix: &str, payload: &[u8]) -> [u8; CHECKSUM_LEN] {
    let mut ctx = digest::Context::new(&digest::SHA256);
    ctx.update(prefix.as_bytes());
    ctx.update(payload);
    let mut out = [0u8; CHECKSUM_LEN];
    out.copy_from_slice(&ctx.finish().as_ref()[..CHECKSUM_LEN]);
    out
}

pub(super) fn encode_code(prefix: &str, payload: &[u8]) -> String {
    let mut bytes = Vec::with_capacity(payload.len() + CHECKSUM_LEN);
    bytes.extend_from_slice(payload);
    bytes.extend_from_slice(&checksum(prefix, payload));
    format!("{prefix}{}", data_encoding::BASE32_NOPAD.encode(&bytes))
}

/// The payload of a code of kind `what`, after the prefix, base32 and checksum checks.
fn decode_code(what: &'static str, prefix: &str, max_chars: usize, text: &str) -> Result<Vec<u8>> {
    if text.len() > max_chars {
        return Err(invalid(what, "it is too long"));
    }
    let text: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let Some(body) = text.strip_prefix(prefix) else {
        return Err(invalid(what, prefix_problem(&text)));
    };
    // Letters and digits that look alike when a code is read aloud or typed.
    let body: Vec<u8> = body
        .bytes()
        .map(|b| match b {
            b'0' => b'O',
            b'1' => b'I',
            b'8' => b'B',
            b => b,
        })
        .collect();
    let bytes = data_encoding::BASE32_NOPAD.decode(&body).map_err(|e| {
        invalid(
            what,
            match e.kind {
                data_encoding::DecodeKind::Symbol => {
                    "it contains a character that is not part of a code"
                }
                data_encoding::DecodeKind::Length => "it is cut short or has extra characters",
                _ => "a character was mistyped or the code is cut short",
            },
        )
    })?;
    if bytes.len() <= CHECKSUM_LEN {
        return Err(invalid(what, "it is cut short or has extra characters"));
    }
    let (payload, sum) = bytes.split_at(bytes.len() - CHECKSUM_LEN);
    if checksum(prefix, payload) != sum {
        return Err(invalid(
            what,
            "the checksum does not match: a character was mistyped or the code is cut short",
        ));
    }
    Ok(payload.to_vec())
}

fn prefix_problem(text: &str) -> &'static str {
    if text.starts_with(JOIN_PREFIX) {
        "this is a join request, not a welcome code"
    } else if text.starts_with(WELCOME_PREFIX) {
        "this is a welcome code, not a join request"
    } else if text.starts_with("SENIM-") {
        "it was made by another version of Senim"
    } else {
        "it is not a Senim code"
    }
}
