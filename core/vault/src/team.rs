//! The vault's side of a team: the device's keys, the team's membership list and epoch
//! keys (sealed in the `secrets` table), enrolment (create, request, approve, join),
//! revocation, and the membership changes a lead prepares and commits once the hub took
//! them.
//!
//! Owns the rule that a list is accepted only as the verified successor of the one
//! held, that an epoch key is kept only when it was sealed to this device, and that the
//! hub this vault syncs with follows the hub the newest accepted list names. It never
//! talks to the network: the hub client posts what it prepares.

use zeroize::Zeroizing;

use crate::{Error, Result, Vault};
use senim_crypto::SecretKey;
use senim_protocol::team::{
    DeviceId, DeviceKeys, EpochKey, HubPin, JoinRequest, Membership, Role, SealedKey, TeamHub,
    TeamId, Welcome,
};

pub(crate) const DEVICE_SECRET: &str = "device";

pub(crate) const MEMBERSHIP: &str = "membership";

pub(crate) const HUB: &str = "hub";

/// The SHA-256 of the hub's certificate (32 bytes), when the hub is reached over TLS.
pub(crate) const HUB_PIN: &str = "hub_pin";

pub(crate) fn epoch_name(epoch: u32) -> String {
    format!("epoch:{epoch}")
}

/// The team this vault belongs to, as the CLI and the apps show it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TeamInfo {
    pub team: TeamId,
    pub name: String,
    pub hub: String,
    /// The SHA-256 of the hub's certificate, as text (none over plain HTTP).
    pub hub_pin: Option<String>,
    pub device: DeviceId,
    pub role: Option<Role>,
    pub epoch: u32,
    pub members: usize,
}

/// A change to the team's membership prepared by the lead: the next list, the new
/// epoch's key sealed to every remaining member (after a revocation), the welcome code
/// (after an admission). Nothing is stored until [`Vault::commit_membership`]: post it
/// to the hub first, so the vault never holds a list the hub refused.
pub struct MembershipChange {
    list: Membership,
    sealed: Vec<SealedKey>,
    epoch_key: Option<EpochKey>,
    hub: Option<String>,
    hub_pin: Option<HubPin>,
    welcome: Option<String>,
    unchanged: bool,
}

impl std::fmt::Debug for MembershipChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MembershipChange")
            .field("version", &self.list.version())
            .field("epoch", &self.list.epoch())
            .field("unchanged", &self.unchanged)
            .finish_non_exhaustive()
    }
}

impl MembershipChange {
    /// The new list as the hub takes it.
    pub fn list_bytes(&self) -> Vec<u8> {
        self.list.to_bytes()
    }
    /// The new epoch's key sealed to each remaining member (empty unless revoking).
    pub fn sealed_keys(&self) -> &[SealedKey] {
        &self.sealed
    }
    /// The welcome code of an admitted device.
    pub fn welcome(&self) -> Option<&str> {
        self.welcome.as_deref()
    }
    /// The team's first list: register it (`POST /v1/teams`) rather than post it.
    pub fn is_new_team(&self) -> bool {
        self.list.version() == 1
    }
    /// Nothing to post: the list stays as held (a welcome issued again).
    pub fn is_unchanged(&self) -> bool {
        self.unchanged
    }
    /// A new team's hub certificate pin, kept with the hub address at commit and
    /// carried in every welcome.
    pub fn with_hub_pin(mut self, pin: Option<HubPin>) -> Self {
        if self.hub.is_some() {
            self.hub_pin = pin;
        }
        self
    }
}

impl Vault {
    pub(crate) fn this_device(&self) -> DeviceId {
        DeviceId(self.header.device_id)
    }

    /// The device's signing and key-agreement keys, created (and stored sealed) the
    /// first time a team step needs them.
    pub(crate) fn device_keys(&self) -> Result<DeviceKeys> {
        match self.get_secret(DEVICE_SECRET)? {
            Some(bytes) => {
                let secret: Zeroizing<[u8; 64]> = Zeroizing::new(
                    bytes
                        .as_slice()
                        .try_into()
                        .map_err(|_| Error::CorruptDatabase("device keys are damaged".into()))?,
                );
                Ok(DeviceKeys::from_secret_bytes(self.this_device(), &secret)?)
            }
            None => {
                let keys = DeviceKeys::generate(self.this_device())?;
                self.put_secret(DEVICE_SECRET, keys.secret_bytes().as_slice())?;
                Ok(keys)
            }
        }
    }

    /// The team's membership list as this vault holds it.
    pub fn membership(&self) -> Result<Option<Membership>> {
        self.get_secret(MEMBERSHIP)?
            .map(|b| Membership::from_bytes(&b))
            .transpose()
            .map_err(Error::from)
    }

    pub(crate) fn require_membership(&self) -> Result<Membership> {
        self.membership()?
            .ok_or_else(|| Error::membership("this vault has not joined a team"))
    }

    pub(crate) fn store_epoch_key(&self, key: &EpochKey) -> Result<()> {
        self.put_secret(&epoch_name(key.epoch()), key.key().expose())
    }

    pub(crate) fn epoch_key(&self, epoch: u32) -> Result<Option<SecretKey>> {
        self.get_secret(&epoch_name(epoch))?
            .map(|b| SecretKey::from_slice(&b))
            .transpose()
            .map_err(Error::from)
    }

    /// This device's public keys (what a lead admits and the hub checks).
    pub fn device_public(&self) -> Result<senim_protocol::team::DevicePublic> {
        Ok(self.device_keys()?.public())
    }

    /// Signs a request to the hub for `team` (see [`senim_protocol::sync::auth`]):
    /// `body` is the length and SHA-256 of the body it will carry.
    pub fn sign_hub_request(
        &self,
        team: TeamId,
        method: &str,
        path_and_query: &str,
        time: i64,
        nonce: &[u8; 16],
        body: &senim_protocol::sync::auth::BodyDigest,
    ) -> Result<[u8; 64]> {
        let keys = self.device_keys()?;
        let input = senim_protocol::sync::auth::request_signing_input(
            keys.device(),
            team,
            method,
            path_and_query,
            time,
            nonce,
            body,
        );
        Ok(keys.sign(&input))
    }

    /// The SHA-256 of the hub's certificate this team pins (none for a hub reached over
    /// plain HTTP).
    pub fn hub_pin(&self) -> Result<Option<HubPin>> {
        self.get_secret(HUB_PIN)?
            .map(|b| {
                <[u8; 32]>::try_from(b.as_slice()).map(HubPin).map_err(|_| {
                    Error::CorruptDatabase("the hub's certificate pin is damaged".into())
                })
            })
            .transpose()
    }

    /// The team, when this vault has joined one.
    pub fn team(&self) -> Result<Option<TeamInfo>> {
        let Some(m) = self.membership()? else {
            return Ok(None);
        };
        let hub = self
            .get_secret(HUB)?
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let device = self.this_device();
        Ok(Some(TeamInfo {
            team: m.team(),
            name: m.team_name().to_string(),
            hub,
            hub_pin: self.hub_pin()?.map(|p| p.to_string()),
            device,
            role: m.member(device).map(|x| x.role),
            epoch: m.epoch(),
            members: m.members().len(),
        }))
    }

    /// Creates a team with this device as its first lead (stored at once; with a hub,
    /// use [`Vault::prepare_team_create`] and register the list first).
    pub fn team_create(&self, team_name: &str, lead_name: &str, hub: &str) -> Result<TeamInfo> {
        let change = self.prepare_team_create(team_name, lead_name, hub)?;
        self.commit_membership(change)
    }

    /// Lead: a new team with this device as its first lead, to be registered on the hub
    /// and then committed. Nothing is stored yet.
    pub fn prepare_team_create(
        &self,
        team_name: &str,
        lead_name: &str,
        hub: &str,
    ) -> Result<MembershipChange> {
        if self.membership()?.is_some() {
            return Err(Error::membership("this vault already belongs to a team"));
        }
        let keys = self.device_keys()?;
        let team = if self.is_demo() {
            TeamId::random_demo()?
        } else {
            TeamId::random()?
        };
        let (list, key) = Membership::create(team, team_name, &keys, lead_name)?;
        Ok(MembershipChange {
            list,
            sealed: Vec::new(),
            epoch_key: Some(key),
            hub: Some(hub.to_string()),
            hub_pin: None,
            welcome: None,
            unchanged: false,
        })
    }

    /// This device's join request, as one line of text for the lead.
    pub fn team_request(&self, name: &str) -> Result<String> {
        if self.membership()?.is_some() {
            return Err(Error::membership("this vault already belongs to a team"));
        }
        Ok(JoinRequest::new(&self.device_keys()?, name)?.encode())
    }

    /// Lead: admits the device of `request` with `role`; returns its welcome code
    /// (stored at once; with a hub, use [`Vault::prepare_team_approve`]).
    pub fn team_approve(&self, request: &str, role: Role) -> Result<String> {
        let change = self.prepare_team_approve(request, role)?;
        let welcome = change.welcome.clone().unwrap_or_default();
        self.commit_membership(change)?;
        Ok(welcome)
    }

    /// Lead: the next list with the device of `request` admitted in `role`, and its
    /// welcome code, which carries only the current epoch's key: the new device reads
    /// what is written from its admission on, not the team's earlier epochs (see
    /// [`Vault::prepare_team_approve_with_history`]). A device already admitted with
    /// the same keys and role gets its welcome again and the list stays as it is (a
    /// welcome lost on the way).
    pub fn prepare_team_approve(&self, request: &str, role: Role) -> Result<MembershipChange> {
        self.prepare_approve(request, role, false)
    }

    /// [`Vault::prepare_team_approve`] with a welcome that carries every epoch key this
    /// vault holds: the new device can also read what the team wrote before it joined.
    pub fn prepare_team_approve_with_history(
        &self,
        request: &str,
        role: Role,
    ) -> Result<MembershipChange> {
        self.prepare_approve(request, role, true)
    }

    fn prepare_approve(
        &self,
        request: &str,
        role: Role,
        history: bool,
    ) -> Result<MembershipChange> {
        let membership = self.require_membership()?;
        let keys = self.device_keys()?;
        let request = JoinRequest::decode(request)?;
        let admitted = membership
            .member(request.public().device)
            .filter(|m| m.public == *request.public());
        let (next, unchanged) = match admitted {
            Some(m) if m.role == role => (membership.clone(), true),
            Some(_) => {
                return Err(Error::membership(
                    "this device is already a member with another role",
                ));
            }
            None => (membership.admit(&keys, &request, role)?, false),
        };
        let mut epoch_keys = Vec::new();
        let first = if history { 0 } else { next.epoch() };
        for epoch in first..=next.epoch() {
            if let Some(k) = self.epoch_key(epoch)? {
                epoch_keys.push(EpochKey::new(epoch, k));
            }
        }
        let hub = self
            .get_secret(HUB)?
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let welcome = Welcome::issue_pinned(
            &keys,
            &hub,
            self.hub_pin()?,
            &next,
            request.public().device,
            &epoch_keys,
        )?;
        Ok(MembershipChange {
            list: next,
            sealed: Vec::new(),
            epoch_key: None,
            hub: None,
            hub_pin: None,
            welcome: Some(welcome.encode()),
            unchanged,
        })
    }

    /// Stores a change prepared by this vault once the hub has taken it. It must follow
    /// the list held now (or start the team, for a vault without one); a change already
    /// stored is accepted again without effect.
    pub fn commit_membership(&self, change: MembershipChange) -> Result<TeamInfo> {
        let held = self.membership()?;
        match &held {
            None if change.list.version() == 1 => change.list.verify_genesis()?,
            None => return Err(Error::membership("this vault has not joined a team")),
            Some(h) if h.to_bytes() == change.list.to_bytes() => {}
            Some(h) => h.verify_successor(&change.list).map_err(|_| {
                Error::membership(
                    "the membership changed since this change was prepared: prepare it again",
                )
            })?,
        }
        if let Some(key) = &change.epoch_key {
            self.store_epoch_key(key)?;
        }
        if let Some(hub) = &change.hub {
            self.store_hub(hub, change.hub_pin)?;
        }
        self.keep_list(&change.list)?;
        self.store_membership(&change.list)?;
        self.team()?
            .ok_or_else(|| Error::membership("the team was not stored"))
    }

    /// Joins the team of a welcome code issued for this device.
    pub fn team_join(&self, welcome: &str) -> Result<TeamInfo> {
        if self.membership()?.is_some() {
            return Err(Error::membership("this vault already belongs to a team"));
        }
        let welcome = Welcome::decode(welcome)?;
        match (self.is_demo(), welcome.membership().team().is_demo()) {
            (true, false) => {
                return Err(Error::demo_mismatch("a demo vault cannot join a real team"));
            }
            (false, true) => {
                return Err(Error::demo_mismatch("a real vault cannot join a demo team"));
            }
            _ => {}
        }
        let (membership, keys) = welcome.open(&self.device_keys()?)?;
        for k in &keys {
            self.store_epoch_key(k)?;
        }
        self.put_secret(HUB, welcome.hub_url().as_bytes())?;
        self.keep_list(&membership)?;
        if let Some(pin) = welcome.hub_pin() {
            self.put_secret(HUB_PIN, &pin.0)?;
        }
        self.store_membership(&membership)?;
        self.team()?
            .ok_or_else(|| Error::membership("the team was not stored"))
    }

    /// Stores the hub address this vault syncs with and its certificate pin (none: the
    /// hub is reached over plain HTTP, and a pin kept from before is removed).
    fn store_hub(&self, url: &str, pin: Option<HubPin>) -> Result<()> {
        self.put_secret(HUB, url.as_bytes())?;
        match pin {
            Some(pin) => self.put_secret(HUB_PIN, &pin.0),
            None => self.delete_secret(HUB_PIN),
        }
    }

    /// Syncs with the hub the held list names from now on (nothing when it names none,
    /// or the one already kept). Returns whether the hub changed.
    pub fn follow_team_hub(&self) -> Result<bool> {
        let list = self.require_membership()?;
        let Some(hub) = list.hub() else {
            return Ok(false);
        };
        let info = self.team()?;
        let kept = info.as_ref().map(|i| i.hub.as_str());
        if kept == Some(hub.url.as_str()) && self.hub_pin()? == hub.pin {
            return Ok(false);
        }
        self.store_hub(&hub.url, hub.pin)?;
        Ok(true)
    }

    /// Lead: the next list naming `url` (with its certificate `pin`, none for plain
    /// HTTP) as the team's hub, to be posted to the hub the team syncs with now and
    /// then committed; from the commit on this vault syncs with the new hub. When the
    /// held list already names it, the change is unchanged (a move run again).
    pub fn prepare_team_set_hub(&self, url: &str, pin: Option<HubPin>) -> Result<MembershipChange> {
        let membership = self.require_membership()?;
        let keys = self.device_keys()?;
        let hub = TeamHub::new(url, pin)?;
        let (list, unchanged) = if membership.hub() == Some(&hub) {
            (membership, true)
        } else {
            (membership.set_hub(&keys, hub)?, false)
        };
        Ok(MembershipChange {
            list,
            sealed: Vec::new(),
            epoch_key: None,
            hub: Some(url.to_string()),
            hub_pin: pin,
            welcome: None,
            unchanged,
        })
    }

    /// Stores `list` as the team's membership list, and re-applies the policy's idle
    /// wipe to this device's role in it.
    fn store_membership(&self, list: &Membership) -> Result<()> {
        self.put_secret(MEMBERSHIP, &list.to_bytes())?;
        self.refresh_idle_wipe()
    }

    /// The team's membership list as stored (for the hub).
    pub fn membership_bytes(&self) -> Result<Vec<u8>> {
        Ok(self.require_membership()?.to_bytes())
    }

    /// Lead: revokes `device` (stored at once; with a hub, sync first, then use
    /// [`Vault::prepare_team_revoke`]). Returns the new list and the new epoch's key
    /// sealed to every remaining member, to be posted to the hub.
    pub fn team_revoke(&self, device: DeviceId) -> Result<(Vec<u8>, Vec<SealedKey>)> {
        let change = self.prepare_team_revoke(device)?;
        let out = (change.list_bytes(), change.sealed.clone());
        self.commit_membership(change)?;
        Ok(out)
    }

    /// Lead: the next list with `device` revoked and a new epoch whose key is sealed to
    /// every remaining member. The team keeps the revoked device's envelopes up to the
    /// last one this vault holds, so sync right before (the hub refuses the list if it
    /// holds later ones). From the commit on, this vault writes under the new epoch.
    pub fn prepare_team_revoke(&self, device: DeviceId) -> Result<MembershipChange> {
        let membership = self.require_membership()?;
        let keys = self.device_keys()?;
        let last_seq = self.last_seq(&self.conn, device)?;
        let (next, key) = membership.revoke(&keys, device, last_seq)?;
        let sealed = SealedKey::seal_to_members(&next, &key)?;
        Ok(MembershipChange {
            list: next,
            sealed,
            epoch_key: Some(key),
            hub: None,
            hub_pin: None,
            welcome: None,
            unchanged: false,
        })
    }

    /// Takes membership lists newer than the one held (in version order, each checked
    /// against the one before: signed by a lead of the previous list) and the epoch keys
    /// sealed to this device. Returns the version now held. Lists that do not follow
    /// from the held one are refused and nothing changes.
    pub fn accept_membership(&self, lists: &[Vec<u8>], sealed: &[SealedKey]) -> Result<u64> {
        let mut current = self.require_membership()?;
        let keys = self.device_keys()?;
        let mut chain = Vec::new();
        for bytes in lists {
            let next = Membership::from_bytes(bytes)?;
            if next.team() != current.team() {
                return Err(Error::membership("a list of another team"));
            }
            if next.version() <= current.version() {
                continue;
            }
            current.verify_successor(&next)?;
            chain.push(next.clone());
            current = next;
        }
        // Every new epoch key must open and match the list that announced it.
        let mut opened = Vec::new();
        for list in &chain {
            for s in sealed
                .iter()
                .filter(|s| s.epoch == list.epoch() && s.device == keys.device())
            {
                if let Ok(k) = list.open_epoch_key(s, &keys) {
                    opened.push(k);
                }
            }
        }
        for k in &opened {
            self.store_epoch_key(k)?;
        }
        for list in &chain {
            self.keep_list(list)?;
        }
        if !chain.is_empty() {
            self.store_membership(&current)?;
            self.follow_team_hub()?;
        }
        Ok(current.version())
    }
}
