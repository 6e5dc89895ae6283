//! Teams: the lead creates one on the hub, a new device shows its join request (one
//! line, or a QR code of it), the lead approves it and shows the welcome, the device
//! joins; the lead revokes a device.

use std::sync::Arc;

use senim_client::{HubClient, VaultAccess};
use senim_protocol::team::{DeviceId, HubPin, JoinRequest, Role, Welcome};

use crate::error::{Result, SenimError};
use crate::sync::{Bridge, SyncTransport, hub_of};
use crate::vault::SenimVault;
use crate::work::{lock, with_hub};

/// A member's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum TeamRole {
    Lead,
    Worker,
}

impl From<TeamRole> for Role {
    fn from(r: TeamRole) -> Self {
        match r {
            TeamRole::Lead => Role::Lead,
            TeamRole::Worker => Role::Worker,
        }
    }
}

/// The team this vault belongs to.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct TeamView {
    pub team: String,
    pub name: String,
    pub hub: String,
    pub device: String,
    /// `None` once this device was revoked.
    pub role: Option<TeamRole>,
    pub epoch: u32,
    pub members: u32,
    /// The SHA-256 of the hub's certificate, which the app's transport pins (OkHttp,
    /// URLSession); `None` for a hub reached over plain HTTP (loopback, demo).
    #[uniffi(default = None)]
    pub hub_pin: Option<String>,
}

/// One device of the team.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct MemberView {
    pub device: String,
    /// `None`: revoked.
    pub role: Option<TeamRole>,
    pub name: String,
}

pub(crate) fn role_view(role: Role) -> TeamRole {
    match role {
        Role::Lead => TeamRole::Lead,
        Role::Worker => TeamRole::Worker,
    }
}

fn team_view(info: senim_vault::TeamInfo) -> TeamView {
    TeamView {
        team: info.team.to_string(),
        name: info.name,
        hub: info.hub,
        device: info.device.to_string(),
        role: info.role.map(role_view),
        epoch: info.epoch,
        members: info.members as u32,
        hub_pin: info.hub_pin,
    }
}

#[uniffi::export]
impl SenimVault {
    /// The team, once this vault has joined or created one.
    pub fn team(&self) -> Result<Option<TeamView>> {
        Ok(lock(&self.vault).team()?.map(team_view))
    }

    /// Lead: creates a team with this device as its lead and registers it on the hub
    /// at `hub_url` (the address every member will sync with). `hub_pin` is the SHA-256
    /// of the hub's certificate (what `senim hub serve --tls` prints; 64 hex digits,
    /// colons allowed): the vault keeps it, every welcome carries it, and every
    /// member's transport accepts that certificate only. Without one, the hub is
    /// reached over plain HTTP (loopback, demo). A malformed pin is `InvalidInput`
    /// ("certificate pin"), before anything is sent. `registration_token` is the
    /// one-use token a hub that registers teams by token asks for (`senim hub
    /// registration-token`; without it such a hub refuses with `HubRefused`).
    #[uniffi::method(default(hub_pin = None, registration_token = None))]
    pub async fn create_team(
        &self,
        name: String,
        lead_name: String,
        hub_url: String,
        transport: Arc<dyn SyncTransport>,
        hub_pin: Option<String>,
        registration_token: Option<String>,
    ) -> Result<TeamView> {
        let hub_pin = hub_pin.as_deref().map(str::parse::<HubPin>).transpose()?;
        with_hub(&self.vault, move |shared| {
            let mut bridge = Bridge {
                base: hub_url.clone(),
                transport,
            };
            let info = HubClient::new(shared, &mut bridge)
                .with_registration_token(registration_token.filter(|t| !t.trim().is_empty()))
                .create_team_pinned(&name, &lead_name, &hub_url, hub_pin)?;
            Ok(team_view(info))
        })
        .await
    }

    /// New device: its join request, one line of text for the lead (show it as a QR
    /// code too).
    pub fn join_request(&self, name: String) -> Result<String> {
        Ok(lock(&self.vault).team_request(&name)?)
    }

    /// Lead: admits the device of `request`; returns the welcome code for it. The
    /// welcome carries only the team's current key, so the device reads what the team
    /// writes from now on; `with_history` gives it every earlier key this device holds
    /// as well, so it also reads what the team wrote before it joined (before the last
    /// revocation included). Off unless the lead chooses it.
    #[uniffi::method(default(with_history = false))]
    pub async fn approve(
        &self,
        request: String,
        role: TeamRole,
        transport: Arc<dyn SyncTransport>,
        with_history: bool,
    ) -> Result<String> {
        with_hub(&self.vault, move |shared| {
            let mut bridge = Bridge {
                base: shared.with(hub_of)?,
                transport,
            };
            let mut client = HubClient::new(shared, &mut bridge);
            Ok(match with_history {
                true => client.approve_with_history(request.trim(), role.into())?,
                false => client.approve(request.trim(), role.into())?,
            })
        })
        .await
    }

    /// New device: joins the team with the lead's welcome code.
    pub fn join(&self, welcome: String) -> Result<TeamView> {
        Ok(team_view(lock(&self.vault).team_join(welcome.trim())?))
    }

    /// The team's devices, revoked ones last.
    pub fn members(&self) -> Result<Vec<MemberView>> {
        let Some(m) = lock(&self.vault).membership()? else {
            return Ok(Vec::new());
        };
        Ok(m.members()
            .iter()
            .map(|x| MemberView {
                device: x.public.device.to_string(),
                role: Some(role_view(x.role)),
                name: x.name.clone(),
            })
            .chain(m.revoked().iter().map(|r| MemberView {
                device: r.device.to_string(),
                role: None,
                name: String::new(),
            }))
            .collect())
    }

    /// Lead: revokes a device; the team moves to a new key it cannot read.
    pub async fn revoke(&self, device: String, transport: Arc<dyn SyncTransport>) -> Result<()> {
        let device: DeviceId = device
            .trim()
            .parse()
            .map_err(|_| SenimError::invalid("device id", "not a device id"))?;
        with_hub(&self.vault, move |shared| {
            let mut bridge = Bridge {
                base: shared.with(hub_of)?,
                transport,
            };
            Ok(HubClient::new(shared, &mut bridge).revoke(device)?)
        })
        .await
    }
}

/// The verification code (four words) of a join request: the new device shows it beside
/// its request's QR code, and the lead compares it with what its own screen shows for
/// the request it scanned before admitting the device. Fails on a malformed request.
#[uniffi::export]
pub fn join_request_verification(request: String) -> Result<String> {
    Ok(JoinRequest::decode(request.trim())?
        .verification_code()
        .to_string())
}

/// The verification code (four words) of a welcome: the lead shows it beside the
/// welcome's QR code, and the new device compares it with what its own screen shows
/// for the welcome it scanned before joining. Fails on a malformed welcome.
#[uniffi::export]
pub fn welcome_verification(welcome: String) -> Result<String> {
    Ok(Welcome::decode(welcome.trim())?
        .verification_code()
        .to_string())
}
