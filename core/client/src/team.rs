//! The team's membership through the hub: registering a new team, posting a lead's
//! membership changes before they are stored, fetching newer lists and the epoch keys
//! sealed to this device.
//!
//! A change the hub refuses leaves the vault as it was.

use senim_protocol::Error as ProtocolError;
use senim_protocol::sync::hub_api::{self, MembershipPost, MembershipUpdate, TeamRegistration};
use senim_protocol::team::{DeviceId, HubPin, Membership, Role};
use senim_vault::{MembershipChange, TeamInfo};

use crate::{Error, HubClient, Method, Result, VaultAccess};

impl<A: VaultAccess + ?Sized> HubClient<'_, A> {
    /// Registers a team's first membership list on the hub.
    pub(crate) fn register(&mut self, list: Vec<u8>) -> Result<()> {
        let team = Membership::from_bytes(&list)?.team();
        let body = TeamRegistration { list }.to_bytes();
        let mut request = self.request(team, Method::Post, hub_api::path::TEAMS.into(), body)?;
        if let Some(token) = &self.registration_token {
            request
                .headers
                .push((hub_api::header::REGISTRATION_TOKEN, token.clone()));
        }
        let response = self.send(&request)?;
        if response.status / 100 != 2 {
            return Err(crate::refused(&response));
        }
        Ok(())
    }

    /// Posts a prepared membership change to the hub and, once the hub took it, stores
    /// it in the vault. A change the hub refuses leaves the vault as it was.
    pub fn publish(&mut self, change: MembershipChange) -> Result<TeamInfo> {
        if change.is_new_team() {
            self.register(change.list_bytes())?;
        } else if !change.is_unchanged() {
            let team = self.team()?.team;
            let body = MembershipPost {
                list: change.list_bytes(),
                keys: change.sealed_keys().to_vec(),
            }
            .to_bytes();
            self.call(team, Method::Post, hub_api::path::membership(team), body)?;
        }
        Ok(self.vault.with(|v| v.commit_membership(change))?)
    }

    /// Creates a team with this device as its lead, registered on the hub at `hub`
    /// (the address joined devices will sync with).
    pub fn create_team(&mut self, team_name: &str, lead_name: &str, hub: &str) -> Result<TeamInfo> {
        self.create_team_pinned(team_name, lead_name, hub, None)
    }

    /// As [`HubClient::create_team`], with the hub's certificate pin, which the vault
    /// keeps and every welcome carries.
    pub fn create_team_pinned(
        &mut self,
        team_name: &str,
        lead_name: &str,
        hub: &str,
        hub_pin: Option<HubPin>,
    ) -> Result<TeamInfo> {
        let change = self
            .vault
            .with(|v| v.prepare_team_create(team_name, lead_name, hub))?
            .with_hub_pin(hub_pin);
        self.publish(change)
    }

    /// Admits the device of a join request: the new list goes to the hub, then into
    /// the vault; returns the welcome code. Approving a device again gives its welcome
    /// again.
    /// The welcome carries only the current epoch's key: the new device reads what the
    /// team writes from now on ([`HubClient::approve_with_history`] gives it the past
    /// as well).
    pub fn approve(&mut self, request: &str, role: Role) -> Result<String> {
        self.approve_keys(request, role, false)
    }

    /// [`HubClient::approve`] with every epoch key this device holds in the welcome:
    /// the new device can read what the team wrote before it joined.
    pub fn approve_with_history(&mut self, request: &str, role: Role) -> Result<String> {
        self.approve_keys(request, role, true)
    }

    fn approve_keys(&mut self, request: &str, role: Role, history: bool) -> Result<String> {
        self.update_membership()?;
        let change = self.vault.with(|v| {
            if history {
                v.prepare_team_approve_with_history(request, role)
            } else {
                v.prepare_team_approve(request, role)
            }
        })?;
        let welcome = change.welcome().unwrap_or_default().to_string();
        self.publish(change)?;
        Ok(welcome)
    }

    /// Revokes a device: syncs first, so the team keeps every envelope it wrote while a
    /// member, then posts the new list and epoch and stores them.
    pub fn revoke(&mut self, device: DeviceId) -> Result<()> {
        self.update_membership()?;
        if self
            .vault
            .with(|v| v.membership())?
            .is_some_and(|m| m.is_revoked(device))
        {
            // An earlier attempt reached the hub and its answer was lost.
            return Ok(());
        }
        self.exchange()?;
        let change = self.vault.with(|v| v.prepare_team_revoke(device))?;
        self.publish(change)?;
        Ok(())
    }

    pub(crate) fn team(&self) -> Result<TeamInfo> {
        self.vault.with(|v| v.team())?.ok_or_else(|| {
            Error::Protocol(ProtocolError::Membership(
                "this vault has not joined a team".into(),
            ))
        })
    }

    /// The membership lists newer than `after` (every page of them), and the epoch keys
    /// sealed to this device.
    pub fn membership_since(&mut self, after: u64) -> Result<MembershipUpdate> {
        let team = self.team()?.team;
        let mut all = MembershipUpdate {
            lists: Vec::new(),
            keys: Vec::new(),
        };
        let mut after = after;
        loop {
            let reply = self.call(
                team,
                Method::Get,
                hub_api::path::membership_after(team, after),
                Vec::new(),
            )?;
            let page = MembershipUpdate::from_bytes(&reply.body)?;
            let last_version = page
                .lists
                .last()
                .and_then(|l| Membership::from_bytes(l).ok())
                .map(|m| m.version());
            all.lists.extend(page.lists);
            all.keys.extend(page.keys);
            match (reply.more, last_version) {
                (true, Some(v)) if v > after => after = v,
                _ => return Ok(all),
            }
        }
    }

    /// Fetches and accepts newer membership lists and sealed keys; returns the version
    /// held afterwards.
    pub fn update_membership(&mut self) -> Result<u64> {
        let held = self
            .vault
            .with(|v| v.membership())?
            .map(|m| m.version())
            .unwrap_or(0);
        let update = self.membership_since(held)?;
        Ok(self
            .vault
            .with(|v| v.accept_membership(&update.lists, &update.keys))?)
    }
}
