//! A device's side of the hub API over any transport: signed requests, team
//! registration, membership updates and the sync loop with the office hub.
//!
//! Owns what is said to the hub and in which order. It does no network I/O itself: the
//! app hands it a [`HubTransport`] (the CLI's HTTP client, the platform's HTTP stack on
//! a phone, a test's fault-injecting wrapper) that carries one request and brings back
//! one answer. Envelopes are sealed and checked by the vault; every request is signed
//! with the device key the vault holds. Hub error bodies are fixed codes and reasons,
//! never record content, and so are the errors this crate returns.
//!
//! The client reaches the vault through [`VaultAccess`], one step at a time, so a sync
//! never holds the vault while a request is on the network; and it checks the vault's
//! interrupt scope before and after every request, so an [`senim_vault::InterruptHandle`]
//! stops it between two steps with nothing half-done.
//!
//! - [`team`](HubClient::create_team): registering a team, membership changes.
//! - [`orders`](HubClient::set_policy): the team's orders, policy, erasure, purges.
//! - [`exchange`](HubClient::sync): the sync session and `senim sync` around it.
//! - [`rehome`](HubClient::rehome): a lead moves its team to a new hub
//!   ([`move_team`](HubClient::move_team)) or hands it to a hub that lost it; a device
//!   whose old hub is gone follows it ([`follow_hub`](HubClient::follow_hub)).

use std::collections::BTreeSet;

use serde::Serialize;

use senim_crypto as crypto;
use senim_protocol::Error as ProtocolError;
use senim_protocol::records::RecordId;
use senim_protocol::sync::auth::BodyDigest;
use senim_protocol::sync::hub_api::{self, ErrorBody, RequestAuth};
use senim_protocol::team::TeamId;
use senim_vault::{InterruptScope, Vault};

mod access;
mod error;
mod exchange;
mod orders;
mod rehome;
mod team;

pub use access::VaultAccess;
pub use error::{Error, HubMoveRefusal, Result};
pub use rehome::{MoveReport, RehomeReport};

/// Largest page of envelopes asked of or sent to the hub in one message.
pub const DEFAULT_PAGE_BYTES: usize = 1024 * 1024;

/// Most messages one sync may take before it is abandoned as looping.
const MAX_MESSAGES: usize = 100_000;

/// Largest answer body a transport should accept from the hub.
pub const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// The two methods the hub API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// One request to the hub, signed and ready to send: `base URL + path`, these headers
/// (and `content-type: application/octet-stream` when there is a body), this body.
#[derive(Clone, Debug)]
pub struct HubRequest {
    pub method: Method,
    /// Path and query, exactly as signed (e.g. `/v1/teams/…/membership?after=3`).
    pub path: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// The hub's answer, as the transport read it.
#[derive(Clone, Debug, Default)]
pub struct HubResponse {
    pub status: u16,
    /// The [`hub_api::header::LAST`] header was `1`.
    pub last: bool,
    /// The [`hub_api::header::MORE`] header was `1`.
    pub more: bool,
    /// The [`hub_api::header::REJECTED`] header: envelopes of other devices, relayed
    /// in the request, that the hub refused (0 when absent).
    pub rejected: u64,
    pub body: Vec<u8>,
}

/// Carries one request to the hub and brings back its answer. An `Err` is a request that
/// did not complete (no connection, cut, timeout); its text names the failure, never a
/// body. The transport must not retry on its own: the client decides.
pub trait HubTransport {
    fn send(&mut self, request: &HubRequest) -> std::result::Result<HubResponse, String>;
}

/// What one [`HubClient::sync`] did, as the CLI and the apps report it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    /// The membership list version held after the sync.
    pub membership_version: u64,
    /// Local records whose changes were sealed into new envelopes.
    pub sealed_records: usize,
    pub sent: u64,
    pub received: u64,
    /// Distinct records changed by the envelopes received and applied in this sync.
    pub merged_records: usize,
    pub duplicates: u64,
    pub gaps: u64,
    pub rejected: u64,
    /// Reasons of the first rejections (device and sequence, never content).
    pub rejections: Vec<String>,
    /// Where the first rejected envelopes sit (device and sequence): records this
    /// device lacks until an intact copy arrives (a damaged copy at the hub is
    /// re-uploaded by its author's next sync). Not empty: the sync is incomplete.
    pub rejected_places: Vec<senim_protocol::team::Place>,
    /// Envelopes of other devices this device relayed and the hub refused (altered
    /// on this device or forged).
    pub refused_by_hub: u64,
    /// Received envelopes whose changes wait for others they depend on.
    pub waiting: usize,
    /// Envelopes received in this sync that were authentic but whose content could not
    /// be applied: kept in their device's log, not applied (ADR 0019).
    pub newly_quarantined: u64,
    /// Every quarantined place this device holds after the sync (device and sequence,
    /// a fixed reason; never content), until a lead's purge order removes them.
    pub quarantined: Vec<senim_vault::Quarantined>,
    /// The number of the last team order applied after the sync.
    pub orders: u64,
    /// Records removed from this vault by team orders (erasure, retention) in this sync.
    pub purged_records: usize,
    /// On a lead's device: records this sync purged for the team because the policy's
    /// retention expired them (or envelopes that carried purged records arrived).
    pub retention_purged: usize,
    /// A membership list accepted in this sync moved the team to another hub (signed by
    /// a lead): this device syncs with that hub from the next sync on.
    pub hub_moved: bool,
}

/// What a purge issued through [`HubClient::erase`] or [`HubClient::purge`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PurgeReport {
    /// The order's number in the team's chain.
    pub order: u64,
    pub records: usize,
    /// Envelope places the order removed from the hub and every device.
    pub envelopes: usize,
    /// Carrier envelopes that re-carry the other records those envelopes held.
    pub carriers: usize,
}

/// A vault talking to its team's hub through a transport. `A` is how the vault is
/// reached: a [`Vault`] held alone, or a `Mutex<Vault>` shared with other threads (see
/// [`VaultAccess`]).
pub struct HubClient<'a, A: VaultAccess + ?Sized = Vault> {
    vault: &'a A,
    transport: &'a mut dyn HubTransport,
    page_bytes: usize,
    refused_by_hub: u64,
    merged: BTreeSet<RecordId>,
    /// Whether the hub's kind (demo or real) has been checked against the vault's.
    kind_checked: bool,
    /// Begun when the client was made: an interrupt of the vault after that stops it.
    scope: InterruptScope,
    /// The hub operator's registration token, sent when registering a team.
    registration_token: Option<String>,
}

impl<'a, A: VaultAccess + ?Sized> HubClient<'a, A> {
    /// A client for `vault` over `transport`. Interrupting the vault (its
    /// [`senim_vault::InterruptHandle`]) from now on stops the client's work with
    /// [`Error::Interrupted`].
    pub fn new(vault: &'a A, transport: &'a mut dyn HubTransport) -> Self {
        HubClient {
            scope: vault.with(|v| v.interrupt_scope()),
            vault,
            transport,
            page_bytes: DEFAULT_PAGE_BYTES,
            refused_by_hub: 0,
            merged: BTreeSet::new(),
            kind_checked: false,
            registration_token: None,
        }
    }

    /// Registers a new team with `token`, a registration token from the hub's
    /// operator (a hub serving with `--registration token` registers no team without
    /// one).
    pub fn with_registration_token(mut self, token: Option<String>) -> Self {
        self.registration_token = token.map(|t| t.trim().to_string());
        self
    }

    /// `Err(Error::Interrupted)` once the vault was interrupted after this client
    /// began.
    fn check_interrupt(&self) -> Result<()> {
        Ok(self.scope.check()?)
    }

    /// Pages of at most `bytes` envelope bytes (a single larger envelope travels alone).
    pub fn with_page_bytes(mut self, bytes: usize) -> Self {
        self.page_bytes = bytes;
        self
    }

    /// A request for `team`, signed now with a fresh nonce: every part the signature
    /// covers (the body's length and hash included) travels in its headers.
    fn request(
        &mut self,
        team: TeamId,
        method: Method,
        path: String,
        body: Vec<u8>,
    ) -> Result<HubRequest> {
        let time = chrono::Utc::now().timestamp();
        let nonce: [u8; 16] = crypto::random_array()?;
        let digest = BodyDigest::of(&body);
        let (device, signature) = self.vault.with(|v| -> Result<_> {
            let signature =
                v.sign_hub_request(team, method.as_str(), &path, time, &nonce, &digest)?;
            Ok((v.device_public()?.device, signature))
        })?;
        let auth = RequestAuth {
            device,
            team,
            time,
            nonce,
            body: digest,
            signature,
        };
        Ok(HubRequest {
            method,
            path,
            headers: auth.headers().to_vec(),
            body,
        })
    }

    /// Envelopes relayed by this client that the hub refused so far (see
    /// [`HubResponse::rejected`]).
    pub fn refused_by_hub(&self) -> u64 {
        self.refused_by_hub
    }

    /// Asks the hub whether it serves demo or real teams, and refuses to go on when
    /// that is not this vault's kind: nothing of a real vault (not even its signed
    /// requests) goes to a demo hub, and nothing of a demo vault to a real one.
    fn check_kind(&mut self) -> Result<()> {
        let probe = HubRequest {
            method: Method::Get,
            path: hub_api::path::HEALTH.into(),
            headers: Vec::new(),
            body: Vec::new(),
        };
        self.check_interrupt()?;
        let response = self
            .transport
            .send(&probe)
            .map_err(|e| Error::Unreachable(redact_credentials(&e)))?;
        self.check_interrupt()?;
        if response.status / 100 != 2 {
            return Err(refused(&response));
        }
        let health: hub_api::Health = serde_json::from_slice(&response.body).map_err(|_| {
            Error::Protocol(ProtocolError::Protocol(
                "the hub's health answer is unreadable".into(),
            ))
        })?;
        match (self.vault.with(|v| v.is_demo()), health.demo) {
            (true, false) => Err(Error::Protocol(ProtocolError::DemoMismatch(
                "this is a demo vault and the hub serves real teams",
            ))),
            (false, true) => Err(Error::Protocol(ProtocolError::DemoMismatch(
                "this is a real vault and the hub is a demo hub",
            ))),
            _ => {
                self.kind_checked = true;
                Ok(())
            }
        }
    }

    fn send(&mut self, request: &HubRequest) -> Result<HubResponse> {
        if !self.kind_checked {
            self.check_kind()?;
        }
        self.check_interrupt()?;
        let response = self
            .transport
            .send(request)
            .map_err(|e| Error::Unreachable(redact_credentials(&e)))?;
        self.check_interrupt()?;
        self.refused_by_hub += response.rejected;
        if response.body.len() > MAX_RESPONSE_BYTES {
            return Err(Error::Unreachable(
                "the hub's answer is larger than a client accepts".into(),
            ));
        }
        Ok(response)
    }

    fn call(
        &mut self,
        team: TeamId,
        method: Method,
        path: String,
        body: Vec<u8>,
    ) -> Result<HubResponse> {
        let request = self.request(team, method, path, body)?;
        let response = self.send(&request)?;
        if response.status / 100 != 2 {
            return Err(refused(&response));
        }
        Ok(response)
    }
}

/// `text` with the credentials of every URL in it hidden: `scheme://user:password@host`
/// becomes `scheme://***@host`. A hub address may carry them (a proxy's basic
/// authentication); no message, log line or output should.
pub fn redact_credentials(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("://") {
        let (head, tail) = rest.split_at(at + 3);
        out.push_str(head);
        // The authority ends at the first '/', '?', '#' or whitespace.
        let end = tail
            .find(|c: char| matches!(c, '/' | '?' | '#') || c.is_whitespace())
            .unwrap_or(tail.len());
        let authority = &tail[..end];
        match authority.rfind('@') {
            Some(i) => {
                out.push_str("***");
                out.push_str(&authority[i..]);
            }
            None => out.push_str(authority),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// A hub error answer as an error: its status, code and reason (fixed texts).
fn refused(response: &HubResponse) -> Error {
    let (code, reason) = match serde_json::from_slice::<ErrorBody>(&response.body) {
        Ok(body) => (
            truncate(&body.error, 40),
            truncate(&body.reason.replace(['\n', '\r'], " "), 300),
        ),
        Err(_) => ("error".to_string(), "no details".to_string()),
    };
    Error::HubRefused {
        status: response.status,
        code,
        reason,
    }
}

fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_credentials;

    #[test]
    fn credentials_in_a_url_are_hidden_and_the_rest_kept() {
        assert_eq!(
            redact_credentials("http://ops:s3cret@10.0.0.2:7878 (connection refused)"),
            "http://***@10.0.0.2:7878 (connection refused)"
        );
        assert_eq!(
            redact_credentials("a https://u:p@h/v1/teams?x=a@b and http://h:1/p"),
            "a https://***@h/v1/teams?x=a@b and http://h:1/p"
        );
        assert_eq!(redact_credentials("no url here"), "no url here");
        assert_eq!(redact_credentials("http://user@host"), "http://***@host");
    }
}
