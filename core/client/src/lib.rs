//! A device's side of the hub API over any transport: signed requests, team
//! registration, membership updates and the sync loop with the office hub.
//!
//! Owns what is said to the hub and in which order. It does no network I/O itself: the
//! app hands it a [`HubTransport`] (the CLI's HTTP client, the platform's HTTP stack on
//! a phone, a test's fault-injecting wrapper) that carries one request and brings back
//! one answer. Envelopes are sealed and checked by the vault; every request is signed
//! with the device key the vault holds. Hub error bodies are fixed codes and reasons,
//! never record content, and so are the errors this module returns.

use chrono::Utc;
use serde::Serialize;

use senim_crypto as crypto;
use senim_protocol::Error as ProtocolError;
use senim_protocol::records::RecordId;
use senim_protocol::sync::auth::header as auth_header;
use senim_protocol::sync::hub_api::{
    self, ErrorBody, MembershipPost, MembershipUpdate, OrdersPage, TeamRegistration,
};
use senim_protocol::sync::{Stats, Step, SyncSession};
use senim_protocol::team::{DeviceId, Membership, PurgeReason, Role, TeamOrder, TeamPolicy};
use senim_vault::{MembershipChange, OrdersApplied, TeamInfo, Vault};

mod error;

pub use error::{Error, Result};

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
    /// Envelopes of other devices this device relayed and the hub refused (altered
    /// on this device or forged).
    pub refused_by_hub: u64,
    /// Received envelopes whose changes wait for others they depend on.
    pub waiting: usize,
    /// The number of the last team order applied after the sync.
    pub orders: u64,
    /// Records removed from this vault by team orders (erasure, retention) in this sync.
    pub purged_records: usize,
    /// On a lead's device: records this sync purged for the team because the policy's
    /// retention expired them (or envelopes that carried purged records arrived).
    pub retention_purged: usize,
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

/// A vault talking to its team's hub through a transport.
pub struct HubClient<'a> {
    vault: &'a Vault,
    transport: &'a mut dyn HubTransport,
    page_bytes: usize,
    refused_by_hub: u64,
    merged_records: usize,
    /// Whether the hub's kind (demo or real) has been checked against the vault's.
    kind_checked: bool,
}

impl<'a> HubClient<'a> {
    pub fn new(vault: &'a Vault, transport: &'a mut dyn HubTransport) -> Self {
        HubClient {
            vault,
            transport,
            page_bytes: DEFAULT_PAGE_BYTES,
            refused_by_hub: 0,
            merged_records: 0,
            kind_checked: false,
        }
    }

    /// Pages of at most `bytes` envelope bytes (a single larger envelope travels alone).
    pub fn with_page_bytes(mut self, bytes: usize) -> Self {
        self.page_bytes = bytes;
        self
    }

    fn request(&mut self, method: Method, path: String, body: Vec<u8>) -> Result<HubRequest> {
        let time = chrono::Utc::now().timestamp();
        let nonce: [u8; 16] = crypto::random_array()?;
        let signature = self
            .vault
            .sign_hub_request(method.as_str(), &path, time, &nonce, &body)?;
        let hex = &data_encoding::HEXLOWER;
        let headers = vec![
            (auth_header::DEVICE, self.vault.device_id()),
            (auth_header::TIME, time.to_string()),
            (auth_header::NONCE, hex.encode(&nonce)),
            (auth_header::SIGNATURE, hex.encode(&signature)),
        ];
        Ok(HubRequest {
            method,
            path,
            headers,
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
        let response = self.transport.send(&probe).map_err(Error::Unreachable)?;
        if response.status / 100 != 2 {
            return Err(refused(&response));
        }
        let health: hub_api::Health = serde_json::from_slice(&response.body).map_err(|_| {
            Error::Protocol(ProtocolError::Protocol(
                "the hub's health answer is unreadable".into(),
            ))
        })?;
        match (self.vault.is_demo(), health.demo) {
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
        let response = self.transport.send(request).map_err(Error::Unreachable)?;
        self.refused_by_hub += response.rejected;
        if response.body.len() > MAX_RESPONSE_BYTES {
            return Err(Error::Unreachable(
                "the hub's answer is larger than a client accepts".into(),
            ));
        }
        Ok(response)
    }

    fn call(&mut self, method: Method, path: String, body: Vec<u8>) -> Result<HubResponse> {
        let request = self.request(method, path, body)?;
        let response = self.send(&request)?;
        if response.status / 100 != 2 {
            return Err(refused(&response));
        }
        Ok(response)
    }

    /// Registers a team's first membership list on the hub.
    fn register(&mut self, list: Vec<u8>) -> Result<()> {
        let body = TeamRegistration { list }.to_bytes();
        self.call(Method::Post, hub_api::path::TEAMS.into(), body)?;
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
            self.call(Method::Post, hub_api::path::membership(team), body)?;
        }
        Ok(self.vault.commit_membership(change)?)
    }

    /// Creates a team with this device as its lead, registered on the hub at `hub`
    /// (the address joined devices will sync with).
    pub fn create_team(&mut self, team_name: &str, lead_name: &str, hub: &str) -> Result<TeamInfo> {
        let change = self.vault.prepare_team_create(team_name, lead_name, hub)?;
        self.publish(change)
    }

    /// Admits the device of a join request: the new list goes to the hub, then into
    /// the vault; returns the welcome code. Approving a device again gives its welcome
    /// again.
    pub fn approve(&mut self, request: &str, role: Role) -> Result<String> {
        self.update_membership()?;
        let change = self.vault.prepare_team_approve(request, role)?;
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
            .membership()?
            .is_some_and(|m| m.is_revoked(device))
        {
            // An earlier attempt reached the hub and its answer was lost.
            return Ok(());
        }
        self.exchange()?;
        let change = self.vault.prepare_team_revoke(device)?;
        self.publish(change)?;
        Ok(())
    }

    fn team(&self) -> Result<TeamInfo> {
        self.vault.team()?.ok_or_else(|| {
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
        let held = self.vault.membership()?.map(|m| m.version()).unwrap_or(0);
        let update = self.membership_since(held)?;
        Ok(self.vault.accept_membership(&update.lists, &update.keys)?)
    }

    /// The team's orders after number `after` (every page of them), unchecked.
    pub fn orders_since(&mut self, after: u64) -> Result<Vec<Vec<u8>>> {
        let team = self.team()?.team;
        let mut all = Vec::new();
        let mut after = after;
        loop {
            let reply = self.call(
                Method::Get,
                hub_api::path::orders_after(team, after),
                Vec::new(),
            )?;
            let page = OrdersPage::from_bytes(&reply.body)?;
            let last = page
                .orders
                .last()
                .and_then(|o| TeamOrder::from_bytes(o).ok())
                .map(|o| o.number());
            all.extend(page.orders);
            match (reply.more, last) {
                (true, Some(n)) if n > after => after = n,
                _ => return Ok(all),
            }
        }
    }

    /// Fetches the orders after the last one applied and applies them.
    pub fn update_orders(&mut self) -> Result<OrdersApplied> {
        let held = self.vault.orders_applied()?;
        let orders = self.orders_since(held)?;
        Ok(self.vault.accept_orders(&orders)?)
    }

    /// Posts an order this device issued, then applies it here. The hub refuses an
    /// order whose number another took first (fetch the orders and issue it again).
    fn publish_order(&mut self, order: &TeamOrder) -> Result<OrdersApplied> {
        let team = self.team()?.team;
        self.call(Method::Post, hub_api::path::orders(team), order.to_bytes())?;
        Ok(self.vault.accept_orders(&[order.to_bytes()])?)
    }

    /// Sets the team's policy (a lead only): a signed order, posted to the hub, applied
    /// here and by every device on its next sync.
    pub fn set_policy(&mut self, policy: TeamPolicy) -> Result<u64> {
        self.update_membership()?;
        self.update_orders()?;
        let order = self.vault.issue_policy(policy)?;
        Ok(self.publish_order(&order)?.last)
    }

    /// Erases a subject and every record linked to it from the team (a lead only):
    /// syncs so this device holds everything, then purges them everywhere.
    pub fn erase(&mut self, subject: RecordId) -> Result<PurgeReport> {
        self.sync()?;
        let ids = self.vault.erasure_set(subject)?;
        self.purge(&ids, PurgeReason::Erasure)
    }

    /// Purges `ids` from the team (a lead only, after a sync): carriers for the other
    /// records go to the hub first, then the order; then it is applied here.
    pub fn purge(&mut self, ids: &[RecordId], reason: PurgeReason) -> Result<PurgeReport> {
        self.update_membership()?;
        self.update_orders()?;
        let Some(prepared) = self.vault.prepare_purge(ids, reason)? else {
            return Ok(PurgeReport::default());
        };
        if prepared.carriers > 0 {
            self.exchange()?;
        }
        let applied = self.publish_order(&prepared.order)?;
        Ok(PurgeReport {
            order: applied.last,
            records: prepared.records,
            envelopes: prepared.places,
            carriers: prepared.carriers,
        })
    }

    /// One sync session: exchange version vectors, then the envelopes each side lacks.
    /// A cut connection loses nothing; run it again.
    pub fn exchange(&mut self) -> Result<Stats> {
        let team = self.team()?.team;
        let session_id = hub_api::session_header(&crypto::random_array::<16>()?);
        let path = hub_api::path::sync(team);
        let mut store = self.vault.sync_store()?;
        let mut session = SyncSession::new(self.page_bytes);
        let mut message = session.start(&store)?;
        for _ in 0..MAX_MESSAGES {
            let mut request = self.request(Method::Post, path.clone(), message)?;
            request
                .headers
                .push((hub_api::header::SESSION, session_id.clone()));
            let reply = self.send(&request)?;
            match reply.status {
                204 => return Ok(session.stats().clone()),
                200 => {}
                _ => return Err(refused(&reply)),
            }
            let step = session.receive(&mut store, &reply.body);
            self.merged_records = store.merged_records();
            let step = match step {
                Ok(step) => step,
                Err(e) => {
                    // Tell the hub why, best effort: it drops the session either way.
                    if let Some(bytes) = session.abort(e.protocol())
                        && let Ok(mut request) = self.request(Method::Post, path.clone(), bytes)
                    {
                        request
                            .headers
                            .push((hub_api::header::SESSION, session_id.clone()));
                        let _ = self.transport.send(&request);
                    }
                    return Err(e.into());
                }
            };
            match step {
                Step::Reply(bytes) => message = bytes,
                Step::Last(bytes, stats) => {
                    let mut end = self.request(Method::Post, path.clone(), bytes)?;
                    end.headers
                        .push((hub_api::header::SESSION, session_id.clone()));
                    let reply = self.send(&end)?;
                    if reply.status / 100 != 2 {
                        return Err(refused(&reply));
                    }
                    return Ok(stats);
                }
                Step::Done(stats) => {
                    if !reply.last {
                        return Err(Error::Protocol(ProtocolError::Protocol(
                            "the hub ended the sync out of turn".into(),
                        )));
                    }
                    return Ok(stats);
                }
            }
        }
        Err(Error::Protocol(ProtocolError::Protocol(format!(
            "the sync did not finish after {MAX_MESSAGES} messages"
        ))))
    }

    /// Everything `senim sync` does: newer membership lists and keys, local changes
    /// sealed into this device's envelopes (while it is a member), one exchange with the
    /// hub, and envelopes that waited for others applied.
    ///
    /// Team orders are fetched and applied before anything is sealed or exchanged, so
    /// a purged record's pending changes are never sent. On a lead's device the sync
    /// then purges what the policy's retention expired, and the envelopes that arrived
    /// carrying changes of records purged before.
    pub fn sync(&mut self) -> Result<SyncReport> {
        let membership_version = self.update_membership()?;
        let is_member = self.team()?.role.is_some();
        let orders = if is_member {
            self.update_orders()?
        } else {
            OrdersApplied {
                last: self.vault.orders_applied()?,
                ..OrdersApplied::default()
            }
        };
        let sealed_records = if is_member {
            self.vault.seal_outbox()?.records
        } else {
            0
        };
        let stats = self.exchange()?;
        let waiting = self.vault.apply_waiting()?;
        let mut last_order = orders.last;
        let mut retention_purged = 0;
        if self.team()?.role == Some(Role::Lead) {
            let now = Utc::now();
            let due = self.vault.retention_due(now)?;
            let expired = due.clone().unwrap_or_default();
            if !expired.is_empty() || self.vault.purge_followups()? > 0 {
                // Without expired records, only envelopes that carried records purged
                // before: they follow that (erasure) order.
                let reason = match expired.is_empty() {
                    true => PurgeReason::Erasure,
                    false => PurgeReason::Retention,
                };
                let report = self.purge(&expired, reason)?;
                retention_purged = report.records;
                last_order = last_order.max(report.order);
            }
            if due.is_some() {
                self.vault.retention_checked(now)?;
            }
        }
        self.vault.record_sync_success(Utc::now())?;
        Ok(SyncReport {
            orders: last_order,
            purged_records: orders.purged_records,
            retention_purged,
            membership_version,
            sealed_records,
            sent: stats.sent,
            received: stats.received,
            merged_records: self.merged_records,
            duplicates: stats.duplicates,
            gaps: stats.gaps,
            rejected: stats.rejected,
            rejections: stats.rejections,
            refused_by_hub: self.refused_by_hub,
            waiting,
        })
    }
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
