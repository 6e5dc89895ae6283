//! Teams and sync through the facade against a real hub: the hub's own router
//! (`senim-hub`), called in this process through a [`SyncTransport`] as the apps'
//! OkHttp and URLSession transports call it over the network. The sync status's days
//! left before the idle wipe; approving a device with the team's history; creating a
//! team with the hub's certificate pin.

use std::sync::Arc;

use axum::body::Body;
use pollster::block_on;
use senim_client::HubClient;
use senim_protocol::team::TeamPolicy;
use tower::ServiceExt;

use crate::error::SenimError;
use crate::records::Note;
use crate::sync::{Bridge, HttpAnswer, HttpCall, HttpHeader, SyncTransport};
use crate::team::TeamRole;
use crate::vault::SenimVault;

pub(crate) const PASS: &[u8] = b"correct horse 11";
pub(crate) const BASE: &str = "https://hub.test:8443";
const PIN: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// The hub's router over a temporary data directory, on a runtime of its own.
pub(crate) struct InProcessHub {
    dir: tempfile::TempDir,
    runtime: tokio::runtime::Runtime,
    router: axum::Router,
}

impl InProcessHub {
    pub(crate) fn start() -> Arc<InProcessHub> {
        Self::with(|_| {})
    }

    /// A hub with its configuration changed by `change`.
    fn with(change: impl FnOnce(&mut senim_hub::HubConfig)) -> Arc<InProcessHub> {
        let dir = tempfile::tempdir().unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let mut config = senim_hub::HubConfig::new(dir.path().join("hub"));
        change(&mut config);
        let hub = runtime
            .block_on(async { senim_hub::Hub::open(config) })
            .unwrap();
        Arc::new(InProcessHub {
            dir,
            runtime,
            router: senim_hub::router(hub),
        })
    }

    /// The hub's data directory.
    fn data(&self) -> std::path::PathBuf {
        self.dir.path().join("hub")
    }
}

impl SyncTransport for InProcessHub {
    fn send(&self, call: HttpCall) -> Result<HttpAnswer, SenimError> {
        let path = call
            .url
            .strip_prefix(BASE)
            .expect("a call to the team's hub");
        let mut request = axum::http::Request::builder()
            .method(call.method.as_str())
            .uri(path);
        for h in &call.headers {
            request = request.header(h.name.as_str(), h.value.as_str());
        }
        let request = request.body(Body::from(call.body)).unwrap();
        let (status, headers, body) = self.runtime.block_on(async {
            let response = self.router.clone().oneshot(request).await.unwrap();
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .map(|(n, v)| HttpHeader {
                    name: n.to_string(),
                    value: v.to_str().unwrap_or_default().to_string(),
                })
                .collect();
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .unwrap()
                .to_vec();
            (status, headers, body)
        });
        Ok(HttpAnswer {
            status,
            headers,
            body,
        })
    }
}

pub(crate) fn note(text: &str) -> Note {
    Note {
        text: text.into(),
        place: None,
        tags: Vec::new(),
        at: std::time::SystemTime::now(),
        subject: None,
    }
}

pub(crate) fn vault(root: &tempfile::TempDir, name: &str) -> Arc<SenimVault> {
    let path = root.path().join(name).display().to_string();
    block_on(SenimVault::create(
        path,
        PASS.to_vec().into(),
        crate::tests::memory(),
    ))
    .unwrap()
}

/// A lead's vault with a team on `hub`.
pub(crate) fn lead(root: &tempfile::TempDir, hub: &Arc<InProcessHub>) -> Arc<SenimVault> {
    let lead = vault(root, "lead");
    block_on(lead.create_team(
        "Almaty outreach".into(),
        "Lead".into(),
        BASE.into(),
        hub.clone(),
        None,
        None,
    ))
    .unwrap();
    lead
}

/// A new device admitted by `lead` (with the team's history or not) and joined.
pub(crate) fn admitted(
    root: &tempfile::TempDir,
    name: &str,
    lead: &SenimVault,
    hub: &Arc<InProcessHub>,
    with_history: bool,
) -> Arc<SenimVault> {
    let device = vault(root, name);
    let request = device.join_request(name.into()).unwrap();
    let welcome =
        block_on(lead.approve(request, TeamRole::Worker, hub.clone(), with_history)).unwrap();
    device.join(welcome).unwrap();
    device
}

/// The lead sets the team's policy through the core's client (the apps do not set
/// policies).
fn set_idle_wipe(lead: &SenimVault, hub: &Arc<InProcessHub>, days: u32) {
    let mut bridge = Bridge {
        base: BASE.into(),
        transport: hub.clone(),
    };
    HubClient::new(&*lead.vault, &mut bridge)
        .set_policy(TeamPolicy {
            retention: Vec::new(),
            wipe_after_failed_unlocks: None,
            wipe_after_days_without_sync: Some(days),
        })
        .unwrap();
}

#[test]
fn a_workers_sync_status_says_the_days_left_before_the_idle_wipe() {
    let root = tempfile::tempdir().unwrap();
    let hub = InProcessHub::start();
    let lead = lead(&root, &hub);
    let worker = admitted(&root, "worker", &lead, &hub, false);
    assert_eq!(worker.idle_wipe_days_left().unwrap(), None, "no policy yet");

    set_idle_wipe(&lead, &hub, 14);
    let synced = block_on(worker.sync(hub.clone())).unwrap();
    // Fourteen days from a sync a moment ago: 14 whole days left, or 13 once a second
    // has passed.
    assert!(
        matches!(synced.idle_wipe_days_left, Some(13 | 14)),
        "{synced:?}"
    );
    // Asked again, the same count, or one fewer once the whole fourteenth day has
    // begun to pass (whole days, rounded down: never more than are left).
    let same_or_one_fewer =
        |left: Option<u32>| matches!(left, Some(13 | 14)) && left <= synced.idle_wipe_days_left;
    let asked = worker.idle_wipe_days_left().unwrap();
    assert!(same_or_one_fewer(asked), "{asked:?} after {synced:?}");

    // Known without the passcode, as the wipe itself is: the locked app can warn.
    worker.lock().unwrap();
    let locked = worker.idle_wipe_days_left().unwrap();
    assert!(same_or_one_fewer(locked), "{locked:?} after {synced:?}");
}

#[test]
fn a_leads_sync_status_has_no_idle_wipe() {
    let root = tempfile::tempdir().unwrap();
    let hub = InProcessHub::start();
    let lead = lead(&root, &hub);
    set_idle_wipe(&lead, &hub, 14);
    let synced = block_on(lead.sync(hub.clone())).unwrap();
    assert_eq!(synced.idle_wipe_days_left, None);
    assert_eq!(lead.idle_wipe_days_left().unwrap(), None);
}

#[test]
fn approving_with_history_lets_a_late_joiner_read_what_the_team_wrote_before_a_revocation() {
    let root = tempfile::tempdir().unwrap();
    let hub = InProcessHub::start();
    let lead = lead(&root, &hub);
    let early = admitted(&root, "early", &lead, &hub, false);
    lead.add_note(note("two vans at the border crossing"))
        .unwrap();
    block_on(lead.sync(hub.clone())).unwrap();
    // A revocation moves the team to a new key: what was written before is under the
    // old one.
    let early_id = early.summary().unwrap().device_id;
    block_on(lead.revoke(early_id, hub.clone())).unwrap();

    let without = admitted(&root, "without", &lead, &hub, false);
    let with = admitted(&root, "with", &lead, &hub, true);
    block_on(without.sync(hub.clone())).unwrap();
    block_on(with.sync(hub.clone())).unwrap();

    let found = |v: &SenimVault| v.search("vans".into(), 10, None).unwrap().records.len();
    assert_eq!(found(&with), 1, "the team's past, given with the welcome");
    assert_eq!(found(&without), 0, "only what the team writes from now on");
}

#[test]
fn a_team_created_with_the_hubs_pin_keeps_it_and_its_welcomes_carry_it() {
    let root = tempfile::tempdir().unwrap();
    let hub = InProcessHub::start();
    let lead = vault(&root, "lead");
    let team = block_on(lead.create_team(
        "Almaty outreach".into(),
        "Lead".into(),
        BASE.into(),
        hub.clone(),
        Some(PIN.into()),
        None,
    ))
    .unwrap();
    let pin = team.hub_pin.clone().expect("the pin is kept");
    assert_eq!(
        pin.parse::<senim_protocol::team::HubPin>().unwrap(),
        PIN.parse().unwrap()
    );
    let worker = admitted(&root, "worker", &lead, &hub, false);
    assert_eq!(worker.team().unwrap().unwrap().hub_pin, Some(pin));
}

#[test]
fn a_malformed_pin_is_invalid_input_and_no_team_is_made() {
    let root = tempfile::tempdir().unwrap();
    let hub = InProcessHub::start();
    let lead = vault(&root, "lead");
    let e = block_on(lead.create_team(
        "Almaty outreach".into(),
        "Lead".into(),
        BASE.into(),
        hub.clone(),
        Some("sha256:12ab".into()),
        None,
    ))
    .unwrap_err();
    assert!(
        matches!(&e, SenimError::InvalidInput { field, .. } if field == "certificate pin"),
        "{e:?}"
    );
    assert!(lead.team().unwrap().is_none());
}

#[test]
fn a_hub_that_registers_teams_by_token_takes_the_one_the_lead_gives() {
    let root = tempfile::tempdir().unwrap();
    let hub = InProcessHub::with(|c| c.registration = senim_hub::Registration::Token);
    let token = senim_hub::registration::issue_token(&hub.data()).unwrap();
    let lead = vault(&root, "lead");
    let create = |token: Option<String>| {
        block_on(lead.create_team(
            "Almaty outreach".into(),
            "Lead".into(),
            BASE.into(),
            hub.clone(),
            None,
            token,
        ))
    };
    let e = create(None).unwrap_err();
    assert!(matches!(e, SenimError::HubRefused { .. }), "{e:?}");
    assert!(lead.team().unwrap().is_none());
    let team = create(Some(format!(" {token}\n"))).unwrap();
    assert_eq!(team.role, Some(TeamRole::Lead));
}
