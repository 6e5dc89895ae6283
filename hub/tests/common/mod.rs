//! Fixtures of the hub's tests: a hub over a temporary data directory, devices with
//! real keys, a team of a lead and a worker, signed requests, sealed envelopes, team
//! orders, and a client that drives a `SyncSession` over HTTP requests to the router
//! (no network).

#![allow(
    dead_code,
    reason = "every test file includes this module and uses only part of it"
)]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use senim_crypto::SecretKey;
use senim_hub::{Hub, HubConfig, RequestLog, router};
use senim_protocol::records::{RecordId, RecordKind};
use senim_protocol::sync::hub_api::{
    self, ErrorBody, MembershipPost, MembershipUpdate, RequestAuth, TeamRegistration, path,
};
use senim_protocol::sync::{
    Accept, Envelope, EnvelopeStore, Header, Payload, RecordChanges, Stats, Step, SyncSession,
    VersionVector,
};
use senim_protocol::team::{
    DeviceId, DeviceKeys, EpochKey, JoinRequest, Membership, OrderBody, Place, PurgeOrder,
    PurgeReason, Role, SealedKey, TeamId, TeamOrder, seal_purged_ids,
};
use tempfile::TempDir;
use tower::ServiceExt;

/// A hub over its own temporary data directory, called through its router.
pub struct TestHub {
    pub dir: TempDir,
    pub hub: Arc<Hub>,
    pub router: Router,
    pub log: Arc<Mutex<Vec<RequestLog>>>,
}

impl TestHub {
    pub fn new() -> Self {
        Self::with(|_| {})
    }

    /// A hub with the default limits changed by `change`; every request is logged
    /// into `log`.
    pub fn with(change: impl FnOnce(&mut HubConfig)) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut config = HubConfig::new(dir.path().join("hub"));
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = log.clone();
        config.log = Some(Arc::new(move |line: &RequestLog| {
            sink.lock().unwrap().push(line.clone())
        }));
        change(&mut config);
        let hub = Hub::open(config).unwrap();
        TestHub {
            dir,
            router: router(hub.clone()),
            hub,
            log,
        }
    }

    pub async fn call(&self, request: Request<Body>) -> Answer {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec();
        Answer {
            status,
            headers,
            body,
        }
    }

    /// The team's logs as the hub holds them.
    pub fn vector(&self, team: TeamId) -> VersionVector {
        self.hub.storage().vector(team).unwrap()
    }
}

/// A response, read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    /// The JSON error body; panics if the body is not one.
    pub fn error(&self) -> ErrorBody {
        assert_eq!(
            self.headers.get("content-type").unwrap(),
            "application/json",
            "{self:?}"
        );
        serde_json::from_slice(&self.body).unwrap()
    }

    /// Asserts the status and the error code.
    #[track_caller]
    pub fn assert_error(&self, status: StatusCode, code: &str) -> ErrorBody {
        assert_eq!(
            self.status,
            status,
            "{:?}",
            String::from_utf8_lossy(&self.body)
        );
        let error = self.error();
        assert_eq!(error.error, code, "{error:?}");
        error
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

pub fn random_nonce() -> [u8; 16] {
    senim_crypto::random_array().unwrap()
}

/// One device and its keys.
pub struct Device {
    pub keys: DeviceKeys,
}

impl Device {
    pub fn new() -> Self {
        Device {
            keys: DeviceKeys::generate(DeviceId::random().unwrap()).unwrap(),
        }
    }

    pub fn id(&self) -> DeviceId {
        self.keys.device()
    }

    /// A request signed now with a fresh nonce.
    pub fn request(&self, method: &str, uri: &str, body: Vec<u8>) -> Request<Body> {
        self.request_at(method, uri, body, now(), random_nonce())
    }

    /// A request signed with the given time and nonce.
    pub fn request_at(
        &self,
        method: &str,
        uri: &str,
        body: Vec<u8>,
        time: i64,
        nonce: [u8; 16],
    ) -> Request<Body> {
        let auth = RequestAuth::sign(
            &self.keys,
            team_of(uri, &body),
            method,
            uri,
            time,
            nonce,
            &body,
        );
        unsigned_request(method, uri, body, Some(auth))
    }

    /// One sync message of session `session`.
    pub fn sync_request(&self, team: TeamId, session: [u8; 16], message: Vec<u8>) -> Request<Body> {
        let mut request = self.request("POST", &path::sync(team), message);
        request.headers_mut().insert(
            hub_api::header::SESSION,
            hub_api::session_header(&session).parse().unwrap(),
        );
        request
    }

    /// Seals `payload` as envelope `seq` of this device in `epoch` (under a key the hub
    /// never sees: any key will do, the hub cannot tell).
    pub fn seal(&self, team: TeamId, seq: u64, epoch: u32, payload: &Payload) -> Envelope {
        Envelope::seal(
            Header::new(team, self.id(), seq, epoch),
            payload,
            &SecretKey::random().unwrap(),
            &self.keys,
        )
        .unwrap()
    }
}

/// The team a request to `uri` speaks for: the one its path names, or the one whose
/// first list a registration carries (a test's junk body: any team).
pub fn team_of(uri: &str, body: &[u8]) -> TeamId {
    uri.strip_prefix("/v1/teams/")
        .and_then(|rest| rest.split(['/', '?']).next())
        .and_then(hub_api::parse_team)
        .or_else(|| {
            let registration = TeamRegistration::from_bytes(body).ok()?;
            Some(Membership::from_bytes(&registration.list).ok()?.team())
        })
        .unwrap_or(TeamId([0; 16]))
}

/// A request with the given authentication headers, or none.
pub fn unsigned_request(
    method: &str,
    uri: &str,
    body: Vec<u8>,
    auth: Option<RequestAuth>,
) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    if let Some(auth) = auth {
        for (name, value) in auth.headers() {
            builder = builder.header(name, value);
        }
    }
    builder.body(Body::from(body)).unwrap()
}

/// A payload of one outreach note whose single change is `text`.
pub fn note(text: &[u8]) -> Payload {
    Payload {
        changes: vec![RecordChanges {
            record: "11111111111111111111111111111111"
                .parse::<RecordId>()
                .unwrap(),
            kind: RecordKind::OutreachNote,
            changes: vec![text.to_vec()],
        }],
    }
}

/// A team of a lead and a worker: list version 1 (the lead alone) and version 2 (the
/// worker admitted), both in epoch 0.
pub struct Team {
    pub id: TeamId,
    pub lead: Device,
    pub worker: Device,
    pub lists: Vec<Membership>,
    pub key: EpochKey,
}

impl Team {
    pub fn new() -> Self {
        let id = TeamId::random().unwrap();
        let lead = Device::new();
        let worker = Device::new();
        let (genesis, key) = Membership::create(id, "Almaty office", &lead.keys, "lead-1").unwrap();
        let join = JoinRequest::new(&worker.keys, "worker-7").unwrap();
        let admitted = genesis.admit(&lead.keys, &join, Role::Worker).unwrap();
        Team {
            id,
            lead,
            worker,
            lists: vec![genesis, admitted],
            key,
        }
    }

    pub fn latest(&self) -> &Membership {
        self.lists.last().unwrap()
    }

    /// Registers the team with its genesis list and posts the next lists.
    pub async fn register(&self, hub: &TestHub) {
        let answer = hub.call(self.registration(&self.lead)).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
        for list in &self.lists[1..] {
            let answer = hub.call(self.post_list(&self.lead, list, vec![])).await;
            assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
        }
    }

    /// `POST /v1/teams` with the genesis list, signed by `by`.
    pub fn registration(&self, by: &Device) -> Request<Body> {
        let body = TeamRegistration {
            list: self.lists[0].to_bytes(),
        }
        .to_bytes();
        by.request("POST", path::TEAMS, body)
    }

    /// `POST /v1/teams/{team}/membership` with `list` and `keys`, signed by `by`.
    pub fn post_list(&self, by: &Device, list: &Membership, keys: Vec<SealedKey>) -> Request<Body> {
        let body = MembershipPost {
            list: list.to_bytes(),
            keys,
        }
        .to_bytes();
        by.request("POST", &path::membership(self.id), body)
    }

    /// Revokes `device` as the lead, keeping what the hub holds of it: the next list
    /// and the new key sealed to the remaining members, posted to the hub.
    pub async fn revoke(&mut self, hub: &TestHub, device: DeviceId) -> EpochKey {
        let last_seq = hub.vector(self.id).get(device);
        let (next, key) = self
            .latest()
            .revoke(&self.lead.keys, device, last_seq)
            .unwrap();
        let sealed = SealedKey::seal_to_members(&next, &key).unwrap();
        let answer = hub.call(self.post_list(&self.lead, &next, sealed)).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
        self.lists.push(next);
        key
    }

    /// `GET` the lists after `after` as `device`.
    pub async fn fetch(&self, hub: &TestHub, device: &Device, after: u64) -> Answer {
        hub.call(device.request("GET", &path::membership_after(self.id, after), vec![]))
            .await
    }

    /// Order `number` with `body`, issued by the lead under the newest list.
    pub fn order(&self, number: u64, body: OrderBody) -> TeamOrder {
        TeamOrder::issue(self.latest(), &self.lead.keys, number, now(), body).unwrap()
    }

    /// A purge order `number` naming `places` (sorted here) for erasure; the record
    /// ids are sealed under a key the hub never sees (any key will do).
    pub fn purge(&self, number: u64, places: &[(DeviceId, u64)]) -> TeamOrder {
        self.order(number, purge_body(self.id, number, places))
    }

    /// `POST /v1/teams/{team}/orders` with `order`'s bytes, signed by `by`.
    pub fn post_order(&self, by: &Device, order: &TeamOrder) -> Request<Body> {
        by.request("POST", &path::orders(self.id), order.to_bytes())
    }

    /// `GET` the orders after `after` as `device`.
    pub async fn fetch_orders(&self, hub: &TestHub, device: &Device, after: u64) -> Answer {
        hub.call(device.request("GET", &path::orders_after(self.id, after), vec![]))
            .await
    }

    /// A client store holding every member's key, as a device would.
    pub fn client_store(&self) -> ClientStore {
        ClientStore::new(self.id)
    }
}

/// The body of a purge order of `team` numbered `number`, naming `places`.
pub fn purge_body(team: TeamId, number: u64, places: &[(DeviceId, u64)]) -> OrderBody {
    let mut places: Vec<Place> = places
        .iter()
        .map(|&(device, seq)| Place { device, seq })
        .collect();
    places.sort();
    places.dedup();
    let record = "11111111111111111111111111111111"
        .parse::<RecordId>()
        .unwrap();
    let records =
        seal_purged_ids(team, number, 0, &SecretKey::random().unwrap(), &[record]).unwrap();
    OrderBody::Purge(PurgeOrder {
        reason: PurgeReason::Erasure,
        places,
        records,
    })
}

/// The orders of an `OrdersPage` answer, decoded.
pub fn orders(answer: &Answer) -> Vec<TeamOrder> {
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    hub_api::OrdersPage::from_bytes(&answer.body)
        .unwrap()
        .orders
        .iter()
        .map(|bytes| TeamOrder::from_bytes(bytes).unwrap())
        .collect()
}

pub fn update(answer: &Answer) -> MembershipUpdate {
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    MembershipUpdate::from_bytes(&answer.body).unwrap()
}

/// A device's side of sync in tests: logs of envelopes it trusts as they come (the
/// hub is what is under test), kept contiguous.
#[derive(Clone, Debug)]
pub struct ClientStore {
    team: TeamId,
    pub logs: BTreeMap<DeviceId, Vec<Envelope>>,
}

impl ClientStore {
    pub fn new(team: TeamId) -> Self {
        ClientStore {
            team,
            logs: BTreeMap::new(),
        }
    }

    /// Adds an envelope to its log without any check (even a forged one).
    pub fn push(&mut self, envelope: Envelope) {
        self.logs
            .entry(envelope.device())
            .or_default()
            .push(envelope);
    }

    pub fn len(&self) -> usize {
        self.logs.values().map(Vec::len).sum()
    }
}

impl EnvelopeStore for ClientStore {
    type Error = senim_protocol::Error;

    fn team(&self) -> TeamId {
        self.team
    }

    fn vector(&self) -> senim_protocol::Result<VersionVector> {
        Ok(self
            .logs
            .iter()
            .map(|(d, log)| (*d, log.len() as u64))
            .collect())
    }

    fn envelopes_after(
        &self,
        device: DeviceId,
        after: u64,
        max_bytes: usize,
    ) -> senim_protocol::Result<Vec<Envelope>> {
        let log = self.logs.get(&device).map(Vec::as_slice).unwrap_or(&[]);
        let mut out = Vec::new();
        let mut used = 0;
        for e in log.iter().skip(after as usize) {
            if !out.is_empty() && used + e.encoded_len() > max_bytes {
                break;
            }
            used += e.encoded_len();
            out.push(e.clone());
        }
        Ok(out)
    }

    fn accept(&mut self, envelope: Envelope) -> senim_protocol::Result<Accept> {
        let log = self.logs.entry(envelope.device()).or_default();
        let held = log.len() as u64;
        if envelope.seq() <= held {
            return Ok(Accept::Duplicate);
        }
        if envelope.seq() > held + 1 {
            return Ok(Accept::Gap);
        }
        log.push(envelope);
        Ok(Accept::New)
    }
}

/// Why a sync over HTTP stopped before the end.
#[derive(Debug)]
pub enum SyncFailure {
    /// The hub answered with an error.
    Hub(Answer),
    /// The local session refused what the hub sent.
    Local(senim_protocol::Error),
}

impl SyncFailure {
    #[track_caller]
    pub fn answer(self) -> Answer {
        match self {
            SyncFailure::Hub(a) => a,
            SyncFailure::Local(e) => {
                panic!("expected an answer from the hub, the session failed: {e}")
            }
        }
    }
}

/// Runs one whole sync session of `device` with the hub, as the CLI does: start,
/// POST each message, pass each answer to `receive`, until the session ends.
pub async fn sync(
    hub: &TestHub,
    device: &Device,
    store: &mut ClientStore,
    max_page_bytes: usize,
) -> Result<Stats, SyncFailure> {
    let team = store.team();
    let session_id = random_nonce();
    let mut session = SyncSession::new(max_page_bytes);
    let mut message = session.start(store).map_err(SyncFailure::Local)?;
    loop {
        let answer = hub
            .call(device.sync_request(team, session_id, message))
            .await;
        if answer.status != StatusCode::OK {
            return Err(SyncFailure::Hub(answer));
        }
        let last = answer.header(hub_api::header::LAST) == Some("1");
        match session
            .receive(store, &answer.body)
            .map_err(SyncFailure::Local)?
        {
            Step::Reply(next) => {
                assert!(!last, "the hub said its message was the last");
                message = next;
            }
            Step::Last(next, stats) => {
                assert!(!last);
                let answer = hub.call(device.sync_request(team, session_id, next)).await;
                assert_eq!(answer.status, StatusCode::NO_CONTENT, "{answer:?}");
                return Ok(stats);
            }
            Step::Done(stats) => {
                assert!(last, "the session ended without the hub saying so");
                return Ok(stats);
            }
        }
    }
}
