//! The membership list: who belongs to a team, in which role, who was revoked, and
//! which epoch (and team key) is current. Each version is signed by a lead; a device
//! accepts a new version only as the direct successor of one it already trusts.
//!
//! Owns the team's rules: only a lead changes the list, a revoked device never comes
//! back, revoking rotates the epoch, the last lead cannot be revoked, a member's keys
//! never change. A list may also name the team's hub (address and certificate pin,
//! signed with the rest, so a lead moves the team with one new version: `set_hub`);
//! lists from before that field are read and verified exactly as they were written. It never holds a team key longer than the call that creates one, and
//! never accepts a list it has not checked against its predecessor (or, for a joining
//! device, against the lead that signed it).

use serde::{Deserialize, Serialize};

use super::identity::{Signature, signing_input};
use super::{
    DeviceId, DeviceKeys, DevicePublic, EpochKey, HubPin, JoinRequest, SealedKey, TeamId,
    postcard_bytes,
};
use crate::{Error, Result};
use senim_crypto as crypto;

/// Domain label in front of the signed body of every membership list.
const MEMBERSHIP_LABEL: &[u8] = b"senim membership v1";
/// Domain label of a list that names the team's hub (its signed body has the hub last).
const MEMBERSHIP_HUB_LABEL: &[u8] = b"senim membership v2";
/// Longest call sign or team name, in characters.
pub const MAX_NAME_CHARS: usize = 64;
/// Most members one list may hold (an office team is a few dozen).
pub const MAX_MEMBERS: usize = 200;
/// Most revoked devices one list may hold.
pub const MAX_REVOKED: usize = 1000;
/// Largest encoded membership list [`Membership::from_bytes`] reads.
pub const MAX_MEMBERSHIP_BYTES: usize = 128 * 1024;

/// What a member may do. Only a lead signs membership lists.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Lead,
    Worker,
}

/// One device of the team.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Member {
    pub public: DevicePublic,
    pub role: Role,
    /// A call sign chosen by the worker (not a legal name): at most 64 characters, no
    /// control or invisible formatting characters.
    pub name: String,
}

/// A device revoked from the team: its signing key stays in the list so the envelopes
/// it wrote while a member remain verifiable (by devices that join later too), up to
/// `last_seq`, the last of its sequences the team keeps. The hub and every device refuse
/// its envelopes after that.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Revoked {
    pub device: DeviceId,
    pub signing_key: [u8; 32],
    pub last_seq: u64,
}

/// The hub a team syncs through, as a lead signed it into the membership list: its
/// address and the SHA-256 of its certificate (none for plain HTTP on loopback or a
/// demo).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct TeamHub {
    pub url: String,
    pub pin: Option<HubPin>,
}

impl TeamHub {
    /// A hub address and pin, the address checked for shape.
    pub fn new(url: &str, pin: Option<HubPin>) -> Result<TeamHub> {
        if let Some(reason) = hub_url_problem(url) {
            return Err(Error::invalid("hub address", reason));
        }
        Ok(TeamHub {
            url: url.to_owned(),
            pin,
        })
    }
}

/// One signed version of a team's membership list.
///
/// Encoded with postcard, fields in order, `hub` last. A list without a hub is encoded
/// without that field's byte at all (see [`Membership::to_bytes`]), which is exactly how
/// lists were written before the field existed, so they stay readable and their
/// signatures keep verifying.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Membership {
    pub(super) team: TeamId,
    pub(super) team_name: String,
    pub(super) version: u64,
    pub(super) epoch: u32,
    /// [`EpochKey::check_value`] of the current epoch's key.
    pub(super) key_check: [u8; 32],
    pub(super) members: Vec<Member>,
    pub(super) revoked: Vec<Revoked>,
    pub(super) signer: DeviceId,
    pub(super) signature: Signature,
    /// The team's hub, once a lead named it ([`Membership::set_hub`]); every later
    /// version carries it on.
    pub(super) hub: Option<TeamHub>,
}

/// Everything but the signature, in the order it is signed.
#[derive(Serialize)]
struct SignedBody<'a> {
    team: &'a TeamId,
    team_name: &'a str,
    version: u64,
    epoch: u32,
    key_check: &'a [u8; 32],
    members: &'a [Member],
    revoked: &'a [Revoked],
    signer: &'a DeviceId,
}

/// The signed body of a list that names its hub: [`SignedBody`] and the hub.
#[derive(Serialize)]
struct SignedBodyWithHub<'a> {
    body: SignedBody<'a>,
    hub: &'a TeamHub,
}

impl Membership {
    /// A new team led by `lead`: version 1, epoch 0, a fresh epoch-0 key.
    pub fn create(
        team: TeamId,
        team_name: &str,
        lead: &DeviceKeys,
        lead_name: &str,
    ) -> Result<(Membership, EpochKey)> {
        if let Some(reason) = name_problem(team_name) {
            return Err(Error::invalid("team name", reason));
        }
        if let Some(reason) = name_problem(lead_name) {
            return Err(Error::invalid("call sign", reason));
        }
        if !lead.public().agreement_key_is_usable() {
            return Err(Error::Crypto("device agreement key is not usable"));
        }
        check_demo(team, lead.device())?;
        let key = EpochKey::random(0)?;
        let list = Membership {
            team,
            team_name: team_name.to_owned(),
            version: 1,
            epoch: 0,
            key_check: key.check_value(team),
            members: vec![Member {
                public: lead.public(),
                role: Role::Lead,
                name: lead_name.to_owned(),
            }],
            revoked: Vec::new(),
            signer: lead.device(),
            signature: Signature([0; 64]),
            hub: None,
        }
        .signed(lead)?;
        Ok((list, key))
    }

    /// The next version naming `hub` as the team's hub: every device that accepts it
    /// syncs with that hub from then on, and a device that joins later is sent there.
    /// Members, epoch and key stay as they are. Only a lead may move the team; naming
    /// the hub the list already names is refused (nothing to sign).
    pub fn set_hub(&self, lead: &DeviceKeys, hub: TeamHub) -> Result<Membership> {
        self.require_lead(lead)?;
        if self.hub.as_ref() == Some(&hub) {
            return Err(Error::Membership(
                "the list already names this hub and pin".into(),
            ));
        }
        let mut next = self.clone();
        next.version = self.next_version()?;
        next.hub = Some(hub);
        next.signed(lead)
    }

    /// The next version with the requesting device added in `role`. Only a lead may
    /// admit; a revoked device or one already a member is refused.
    pub fn admit(
        &self,
        lead: &DeviceKeys,
        request: &JoinRequest,
        role: Role,
    ) -> Result<Membership> {
        self.require_lead(lead)?;
        request.verify()?;
        let device = request.public().device;
        check_demo(self.team, device)?;
        if self.is_revoked(device) {
            return Err(Error::Membership(
                "this device was revoked and cannot rejoin".into(),
            ));
        }
        if self.is_member(device) {
            return Err(Error::Membership("this device is already a member".into()));
        }
        if self.members.len() >= MAX_MEMBERS {
            return Err(Error::Membership(format!(
                "a team holds at most {MAX_MEMBERS} devices"
            )));
        }
        let mut next = self.clone();
        next.version = self.next_version()?;
        next.members.push(Member {
            public: *request.public(),
            role,
            name: request.name().to_owned(),
        });
        next.signed(lead)
    }

    /// The next version with `device` revoked: it leaves the members for good, and a
    /// new epoch begins with a new random key (returned; seal it to the remaining
    /// devices with [`SealedKey::seal_to_members`]). The team keeps its envelopes up to
    /// `last_seq` (what the lead holds of it after a last sync) and refuses any later
    /// one. Only a lead may revoke, and the last lead cannot be revoked.
    pub fn revoke(
        &self,
        lead: &DeviceKeys,
        device: DeviceId,
        last_seq: u64,
    ) -> Result<(Membership, EpochKey)> {
        self.require_lead(lead)?;
        if self.is_revoked(device) {
            return Err(Error::Membership("this device is already revoked".into()));
        }
        let Some(member) = self.member(device) else {
            return Err(Error::Membership("this device is not a member".into()));
        };
        if member.role == Role::Lead
            && self.members.iter().filter(|m| m.role == Role::Lead).count() == 1
        {
            return Err(Error::Membership(
                "the last lead of a team cannot be revoked".into(),
            ));
        }
        if self.revoked.len() >= MAX_REVOKED {
            return Err(Error::Membership(format!(
                "a team holds at most {MAX_REVOKED} revoked devices"
            )));
        }
        let epoch = self
            .epoch
            .checked_add(1)
            .ok_or_else(|| Error::Membership("no epochs left".into()))?;
        let key = EpochKey::random(epoch)?;
        let mut next = self.clone();
        next.version = self.next_version()?;
        next.epoch = epoch;
        next.key_check = key.check_value(self.team);
        let signing_key = member.public.signing_key;
        next.members.retain(|m| m.public.device != device);
        next.revoked.push(Revoked {
            device,
            signing_key,
            last_seq,
        });
        Ok((next.signed(lead)?, key))
    }

    /// Checks that `next` may replace this list. Versions advance one at a time
    /// (`next.version == self.version + 1`): a device that missed versions applies each
    /// in order, so a lead revoked in between can never sign its way back in. Also
    /// checked: same team; signed by a lead of *this* list, with the key this list
    /// holds for it; the epoch stays or advances by one, and advances whenever a device
    /// is revoked; the key check changes only with the epoch; nothing leaves or changes
    /// in `revoked`, and a newly revoked device keeps the signing key it had as a
    /// member; a member either stays with the same keys or is revoked.
    pub fn verify_successor(&self, next: &Membership) -> Result<()> {
        next.validate()?;
        if next.team != self.team {
            return Err(refused("the list is for another team"));
        }
        if Some(next.version) != self.version.checked_add(1) {
            return Err(refused("the version is not the next one"));
        }
        let signer = self
            .member(next.signer)
            .filter(|m| m.role == Role::Lead)
            .ok_or_else(|| refused("signed by a device that is not a lead of the team"))?;
        signer
            .public
            .verify(&next.signing_input(), &next.signature.0)?;
        if next.epoch < self.epoch {
            return Err(refused("the epoch goes backwards"));
        }
        if next.epoch > self.epoch.saturating_add(1) {
            return Err(refused("the epoch skips ahead"));
        }
        if self.revoked.iter().any(|r| !next.revoked.contains(r)) {
            return Err(refused(
                "a revoked device is missing from the revoked list, or changed",
            ));
        }
        for r in next.revoked.iter().filter(|r| !self.is_revoked(r.device)) {
            match self.member(r.device) {
                Some(m) if m.public.signing_key == r.signing_key => {}
                _ => return Err(refused("a revoked device was not a member with that key")),
            }
        }
        if self.hub.is_some() && next.hub.is_none() {
            return Err(refused("the team's hub is removed from the list"));
        }
        if next.epoch == self.epoch {
            if next.revoked.len() > self.revoked.len() {
                return Err(refused("a device is revoked without a new epoch"));
            }
            if !crypto::ct_eq(&next.key_check, &self.key_check) {
                return Err(refused("the team key changes without a new epoch"));
            }
        }
        for old in &self.members {
            match next.member(old.public.device) {
                Some(new) if new.public != old.public => {
                    return Err(refused("a member's keys change"));
                }
                Some(_) => {}
                None if next.is_revoked(old.public.device) => {}
                None => return Err(refused("a member is removed without being revoked")),
            }
        }
        Ok(())
    }

    /// Checks a team's first list: version 1, epoch 0, nobody revoked, and one member,
    /// a lead, who signed it.
    pub fn verify_genesis(&self) -> Result<()> {
        self.verify_signed_by_own_lead()?;
        let genesis = self.version == 1
            && self.epoch == 0
            && self.revoked.is_empty()
            && self.members.len() == 1
            && self.members[0].role == Role::Lead
            && self.members[0].public.device == self.signer;
        if genesis {
            Ok(())
        } else {
            Err(refused("not the first list of a team"))
        }
    }

    /// Checks the list on its own, as a joining device must (it holds no earlier
    /// version): well formed, and signed by a lead it lists. Weaker than
    /// [`Membership::verify_successor`]; use that whenever a previous list is known.
    pub fn verify_signed_by_own_lead(&self) -> Result<()> {
        self.validate()?;
        let signer = self
            .member(self.signer)
            .filter(|m| m.role == Role::Lead)
            .ok_or_else(|| refused("signed by a device that is not a lead of the team"))?;
        signer
            .public
            .verify(&self.signing_input(), &self.signature.0)
    }

    /// Opens a key sealed to this device for the list's current epoch and checks it is
    /// the key the lead signed into the list (anyone can seal *some* key to a device).
    pub fn open_epoch_key(&self, sealed: &SealedKey, keys: &DeviceKeys) -> Result<EpochKey> {
        if sealed.epoch != self.epoch {
            return Err(refused("the sealed key is not for the current epoch"));
        }
        let key = sealed.open(keys, self.team)?;
        if !crypto::ct_eq(&key.check_value(self.team), &self.key_check) {
            return Err(refused("the team key is not the one the lead signed"));
        }
        Ok(key)
    }

    /// Whether `key` is the current epoch's key this list was signed with.
    pub fn matches_epoch_key(&self, key: &EpochKey) -> bool {
        key.epoch() == self.epoch && crypto::ct_eq(&key.check_value(self.team), &self.key_check)
    }

    /// The binary form (postcard) the hub stores and sync carries. A list without a hub
    /// leaves off the last field altogether (its `None` would be one zero byte at the
    /// end), which is the form lists had before the field existed: one list, one
    /// encoding, old or new.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = postcard_bytes(self);
        if self.hub.is_none() {
            bytes.pop();
        }
        bytes
    }

    /// Reads the binary form and checks its shape. Does not check any signature: follow
    /// with [`Membership::verify_successor`] or [`Membership::verify_genesis`]. Only the
    /// form [`Membership::to_bytes`] writes is read (a list without a hub that still
    /// carries the byte of `None` is refused as malformed).
    pub fn from_bytes(bytes: &[u8]) -> Result<Membership> {
        if bytes.len() > MAX_MEMBERSHIP_BYTES {
            return Err(refused("the list is too large"));
        }
        let list = match postcard::take_from_bytes::<Membership>(bytes) {
            Ok((list, [])) if list.hub.is_some() => list,
            _ => {
                let mut without_hub = Vec::with_capacity(bytes.len() + 1);
                without_hub.extend_from_slice(bytes);
                without_hub.push(0);
                match postcard::take_from_bytes::<Membership>(&without_hub) {
                    Ok((list, [])) if list.hub.is_none() => list,
                    _ => return Err(refused("the list is malformed")),
                }
            }
        };
        list.validate()?;
        Ok(list)
    }

    pub fn team(&self) -> TeamId {
        self.team
    }
    pub fn team_name(&self) -> &str {
        &self.team_name
    }
    pub fn version(&self) -> u64 {
        self.version
    }
    /// The current epoch: new writes use its key.
    pub fn epoch(&self) -> u32 {
        self.epoch
    }
    pub fn key_check(&self) -> &[u8; 32] {
        &self.key_check
    }
    pub fn members(&self) -> &[Member] {
        &self.members
    }
    pub fn revoked(&self) -> &[Revoked] {
        &self.revoked
    }
    /// The revocation of `device`, if it was revoked.
    pub fn revocation(&self, device: DeviceId) -> Option<&Revoked> {
        self.revoked.iter().find(|r| r.device == device)
    }
    /// The team's hub as a lead signed it into the list (none for a team that has not
    /// moved since lists began to carry it: its hub is the one its welcome named).
    pub fn hub(&self) -> Option<&TeamHub> {
        self.hub.as_ref()
    }
    /// The lead who signed this version.
    pub fn signer(&self) -> DeviceId {
        self.signer
    }
    pub fn member(&self, device: DeviceId) -> Option<&Member> {
        self.members.iter().find(|m| m.public.device == device)
    }
    pub fn is_member(&self, device: DeviceId) -> bool {
        self.member(device).is_some()
    }
    pub fn is_lead(&self, device: DeviceId) -> bool {
        self.member(device).is_some_and(|m| m.role == Role::Lead)
    }
    pub fn is_revoked(&self, device: DeviceId) -> bool {
        self.revocation(device).is_some()
    }

    /// The bytes the signature covers: the domain label and the postcard encoding of
    /// every field but the signature.
    pub(super) fn signing_input(&self) -> Vec<u8> {
        let body = SignedBody {
            team: &self.team,
            team_name: &self.team_name,
            version: self.version,
            epoch: self.epoch,
            key_check: &self.key_check,
            members: &self.members,
            revoked: &self.revoked,
            signer: &self.signer,
        };
        match &self.hub {
            None => signing_input(MEMBERSHIP_LABEL, &postcard_bytes(&body)),
            Some(hub) => signing_input(
                MEMBERSHIP_HUB_LABEL,
                &postcard_bytes(&SignedBodyWithHub { body, hub }),
            ),
        }
    }

    /// Sets `by` as the signer and signs, after checking the list's shape.
    fn signed(mut self, by: &DeviceKeys) -> Result<Membership> {
        self.signer = by.device();
        self.validate()?;
        self.signature = Signature(by.sign(&self.signing_input()));
        Ok(self)
    }

    /// `lead` must be a lead of this list, holding the keys the list records for it.
    fn require_lead(&self, lead: &DeviceKeys) -> Result<()> {
        match self.member(lead.device()) {
            Some(m) if m.role == Role::Lead && m.public == lead.public() => Ok(()),
            _ => Err(refused("only a lead of the team may change its membership")),
        }
    }

    fn next_version(&self) -> Result<u64> {
        self.version
            .checked_add(1)
            .ok_or_else(|| refused("no versions left"))
    }

    /// The shape every list must have, signed or not.
    pub(super) fn validate(&self) -> Result<()> {
        if self.version == 0 {
            return Err(refused("version 0 does not exist"));
        }
        if name_problem(&self.team_name).is_some() {
            return Err(refused("the team name is not valid"));
        }
        if self.members.is_empty() || self.members.len() > MAX_MEMBERS {
            return Err(refused("the number of members is out of range"));
        }
        if self.revoked.len() > MAX_REVOKED {
            return Err(refused("too many revoked devices"));
        }
        if !self.members.iter().any(|m| m.role == Role::Lead) {
            return Err(refused("the team has no lead"));
        }
        if self
            .hub
            .as_ref()
            .is_some_and(|h| hub_url_problem(&h.url).is_some())
        {
            return Err(refused("the hub address is not valid"));
        }
        let demo = self.team.is_demo();
        if self
            .members
            .iter()
            .any(|m| m.public.device.is_demo() != demo)
            || self.revoked.iter().any(|r| r.device.is_demo() != demo)
        {
            return Err(Error::DemoMismatch(if demo {
                "a demo team lists a real device"
            } else {
                "a real team lists a demo device"
            }));
        }
        for (i, m) in self.members.iter().enumerate() {
            if name_problem(&m.name).is_some() {
                return Err(refused("a call sign is not valid"));
            }
            if self.members[..i]
                .iter()
                .any(|o| o.public.device == m.public.device)
            {
                return Err(refused("a device is listed twice"));
            }
            if self.is_revoked(m.public.device) {
                return Err(refused("a revoked device is listed as a member"));
            }
        }
        for (i, r) in self.revoked.iter().enumerate() {
            if self.revoked[..i].iter().any(|o| o.device == r.device) {
                return Err(refused("a device is revoked twice"));
            }
        }
        Ok(())
    }
}

/// A device may belong to a team only when both are demo or both are real.
fn check_demo(team: TeamId, device: DeviceId) -> Result<()> {
    match (team.is_demo(), device.is_demo()) {
        (true, false) => Err(Error::DemoMismatch(
            "a demo team cannot take a device of a real vault",
        )),
        (false, true) => Err(Error::DemoMismatch(
            "a real team cannot take a device of a demo vault",
        )),
        _ => Ok(()),
    }
}

fn refused(reason: &str) -> Error {
    Error::Membership(reason.into())
}

/// Why `name` is not an acceptable call sign or team name, if it is not.
pub(super) fn name_problem(name: &str) -> Option<&'static str> {
    if name.trim().is_empty() {
        Some("must not be empty")
    } else if name.trim() != name {
        Some("must not start or end with spaces")
    } else if name.chars().count() > MAX_NAME_CHARS {
        Some("must be at most 64 characters")
    } else if name
        .chars()
        .any(|c| c.is_control() || is_invisible_format(c))
    {
        Some("must not contain control or invisible formatting characters")
    } else {
        None
    }
}

/// Zero-width and bidirectional formatting characters, which could make one call sign
/// look like another on the lead's screen.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
}

/// Longest hub address, in bytes.
pub const MAX_HUB_URL_LEN: usize = 512;

/// Why `url` is not an acceptable hub address, if it is not. The core does no network
/// I/O, so only the shape is checked: printable ASCII, no spaces, bounded length.
pub(super) fn hub_url_problem(url: &str) -> Option<&'static str> {
    if url.is_empty() {
        Some("must not be empty")
    } else if url.len() > MAX_HUB_URL_LEN {
        Some("is too long")
    } else if !url.bytes().all(|b| b.is_ascii_graphic()) {
        Some("must be printable ASCII without spaces")
    } else {
        None
    }
}
