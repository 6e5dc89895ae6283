//! What the hub and the network see, and who may write: against a real hub process.
//!
//! - The hub's data directory, its log and every request and answer body carried
//!   contain no canary plaintext.
//! - A device not in the membership, a forged request signature and a revoked device
//!   are refused by the hub; forged envelopes and a revoked device's envelopes are
//!   refused by peers.
//! - After revocation the revoked device cannot read anything written after it.

use std::path::Path;

use senim_client::Error;
use senim_client::{HubClient, HubRequest, HubResponse, HubTransport, Method};
use senim_crypto::SecretKey;
use senim_protocol::sync::{
    Envelope, EnvelopeStore, Header, Message, Payload, RecordChanges, VersionVector, encode,
    hub_api,
};
use senim_protocol::team::{DeviceId, DeviceKeys};
use senim_records::RecordKind;
use senim_tests::team::{Device, Team};
use senim_tests::{Capture, Fault, HttpTransport, HubProcess, map_envelopes, resign};

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every file under `dir`, recursively, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push((
                path.display().to_string(),
                std::fs::read(&path).expect("read file"),
            ));
        }
    }
    out
}

/// A tag unique to each canary (tags are short and lower case).
fn tag_of(canary: &str) -> String {
    format!("zq-{}", &canary[canary.len() - 8..]).to_lowercase()
}

fn setup(workers: usize) -> (tempfile::TempDir, HubProcess, Team) {
    let root = tempfile::tempdir().expect("temp dir");
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let team = Team::enrol(root.path(), &hub.url(), workers);
    (root, hub, team)
}

#[test]
fn no_canary_reaches_the_hub_its_log_or_the_wire() {
    let (_root, hub, team) = setup(2);
    let capture = Capture::new();
    let canaries: Vec<String> = (0..team.devices.len())
        .map(|i| format!("CANARY-Gulnara-Sadykova-{i}-passport-N{:07}", 4_812_000 + i))
        .collect();
    for (device, canary) in team.devices.iter().zip(&canaries) {
        // Short notes, so automerge stores them uncompressed: a plaintext leak would
        // show the canary as it is.
        device.add_note(&format!("met {canary} at the bus station"));
        let id = device.add_note("second note");
        let mut body = device.vault.get(id).expect("get").body;
        if let senim_records::RecordBody::OutreachNote(n) = &mut body {
            n.place = Some(format!("near {canary}"));
            n.tags = vec![tag_of(canary)];
        }
        device.vault.update(id, body).expect("edit");
    }
    for _ in 0..2 {
        for device in &team.devices {
            let mut transport = HttpTransport::new(&hub.url()).with_capture(&capture);
            HubClient::new(&device.vault, &mut transport)
                .sync()
                .expect("sync");
        }
    }
    // The records did travel: every device reads every canary.
    for device in &team.devices {
        let all = serde_json::to_string(&device.records()).expect("json");
        for canary in &canaries {
            assert!(
                all.contains(canary.as_str()),
                "{} holds {canary}",
                device.name
            );
        }
    }
    let mut scanned = 0usize;
    let mut stores = files(hub.data_dir());
    stores.push((
        "hub log".into(),
        std::fs::read(hub.log_path()).expect("hub log"),
    ));
    assert!(
        stores
            .iter()
            .any(|(p, _)| p.ends_with(".db") || p.contains("hub"))
    );
    for (i, bytes) in capture.all().into_iter().enumerate() {
        stores.push((format!("captured body {i}"), bytes));
    }
    for (name, bytes) in &stores {
        scanned += bytes.len();
        for canary in &canaries {
            for needle in [canary.as_str(), "Gulnara", "bus station", "second note"] {
                assert!(
                    !contains(bytes, needle.as_bytes()),
                    "{needle:?} (of {canary}) found in {name}"
                );
            }
            assert!(
                !contains(bytes, tag_of(canary).as_bytes()),
                "tag found in {name}"
            );
        }
    }
    assert!(capture.bytes() > 10_000, "the capture saw the traffic");
    assert!(
        scanned > capture.bytes(),
        "the hub's files were scanned too"
    );
}

/// A request to `path` signed by `vault`'s device.
fn signed(vault: &senim_vault::Vault, method: Method, path: String, body: Vec<u8>) -> HubRequest {
    let mut request = HubRequest {
        method,
        path,
        headers: vec![
            (
                senim_protocol::sync::auth::header::DEVICE,
                vault.device_id(),
            ),
            (senim_protocol::sync::auth::header::TIME, String::new()),
            (senim_protocol::sync::auth::header::NONCE, String::new()),
            (senim_protocol::sync::auth::header::SIGNATURE, String::new()),
            (hub_api::header::SESSION, "ab".repeat(16)),
        ],
        body,
    };
    resign(vault, &mut request);
    request
}

fn error_code(response: &HubResponse) -> String {
    let body: serde_json::Value = serde_json::from_slice(&response.body).expect("JSON error body");
    body["error"].as_str().expect("error code").to_string()
}

#[test]
fn the_hub_refuses_outsiders_forged_signatures_and_revoked_devices() {
    let (root, hub, team) = setup(2);
    team.sync_all();
    let info = team.lead().vault.team().expect("team").expect("joined");
    let hello = encode(&Message::Hello {
        format: 1,
        team: info.team,
        vector: VersionVector::new(),
    });

    // A device that is not in the membership (it has its own team elsewhere).
    let outsider = Device::new(&root.path().join("outsider"), "outsider");
    outsider
        .vault
        .team_create("Another team", "x", &hub.url())
        .expect("its own team");
    let mut http = HttpTransport::new(&hub.url());
    for request in [
        signed(
            &outsider.vault,
            Method::Post,
            hub_api::path::sync(info.team),
            hello.clone(),
        ),
        signed(
            &outsider.vault,
            Method::Get,
            hub_api::path::membership_after(info.team, 0),
            Vec::new(),
        ),
    ] {
        let answer = http.send(&request).expect("answer");
        assert_eq!(answer.status, 401, "outsider on {}", request.path);
        assert_eq!(error_code(&answer), hub_api::code::UNAUTHENTICATED);
    }

    // A member's request with its signature altered, and one with its body altered
    // after signing (a network attacker).
    struct Forge(bool);
    impl Fault for Forge {
        fn request(&mut self, request: &mut HubRequest) -> Result<(), String> {
            if self.0 {
                for (name, value) in request.headers.iter_mut() {
                    if *name == senim_protocol::sync::auth::header::SIGNATURE {
                        let flipped = if value.starts_with('0') { "1" } else { "0" };
                        value.replace_range(0..1, flipped);
                    }
                }
            } else if let Some(body) = map_envelopes(&request.body, |e| e.truncate(1)) {
                request.body = body;
            } else if !request.body.is_empty() {
                request.body.push(0);
            }
            Ok(())
        }
    }
    let worker = &team.devices[1];
    worker.add_note("a note the forger carries");
    for forge_signature in [true, false] {
        let mut transport = HttpTransport::new(&hub.url()).with_fault(Forge(forge_signature));
        match worker.sync_with(&mut transport) {
            Err(Error::HubRefused {
                status: 401, code, ..
            }) => {
                assert_eq!(code, hub_api::code::UNAUTHENTICATED)
            }
            other => panic!("a forged request was not refused: {other:?}"),
        }
    }
    worker
        .sync(&hub.url())
        .expect("the honest request goes through");

    // A revoked device.
    let revoked = &team.devices[2];
    let device: DeviceId = revoked.vault.device_id().parse().expect("device id");
    HubClient::new(&team.lead().vault, &mut HttpTransport::new(&hub.url()))
        .revoke(device)
        .expect("revoke");
    match revoked.sync(&hub.url()) {
        Err(Error::HubRefused {
            status: 403, code, ..
        }) => {
            assert_eq!(code, hub_api::code::FORBIDDEN)
        }
        other => panic!("a revoked device was not refused: {other:?}"),
    }
    let answer = http
        .send(&signed(
            &revoked.vault,
            Method::Post,
            hub_api::path::sync(info.team),
            hello,
        ))
        .expect("answer");
    assert_eq!(
        (answer.status, error_code(&answer)),
        (403, hub_api::code::FORBIDDEN.to_string())
    );
}

/// Adds `extra` envelopes to the first page of envelopes in an answer.
struct Inject(Vec<Envelope>);

impl Fault for Inject {
    fn response(&mut self, request: &HubRequest, response: &mut HubResponse) -> Result<(), String> {
        if request.path.ends_with("/sync") && !self.0.is_empty() {
            let extra = std::mem::take(&mut self.0);
            match map_envelopes(&response.body, |e| e.extend(extra.clone())) {
                Some(body) => response.body = body,
                None => self.0 = extra,
            }
        }
        Ok(())
    }
}

/// An envelope for `team` claiming to come from `device`, signed with keys that are
/// not that device's (or are, for a device outside the team) and sealed under a key
/// the team never had.
fn forged(
    team: senim_protocol::team::TeamId,
    device: DeviceId,
    seq: u64,
    record: senim_records::RecordId,
) -> Envelope {
    let keys = DeviceKeys::generate(device).expect("keys");
    let payload = Payload {
        changes: vec![RecordChanges {
            record,
            kind: RecordKind::OutreachNote,
            changes: vec![b"not an automerge change".to_vec()],
        }],
    };
    Envelope::seal(
        Header::new(team, device, seq, 0),
        &payload,
        &SecretKey::random().expect("key"),
        &keys,
    )
    .expect("seal")
}

#[test]
fn peers_and_the_hub_refuse_forged_and_revoked_envelopes() {
    let (root, hub, team) = setup(2);
    let (lead, worker, leaving) = (&team.devices[0], &team.devices[1], &team.devices[2]);
    let shared = lead.add_note("a note everyone holds");
    team.sync_all();
    let info = lead.vault.team().expect("team").expect("joined");
    let worker_id: DeviceId = worker.vault.device_id().parse().expect("id");
    let outsider_id = DeviceId([7; 16]);
    let worker_next = lead
        .vault
        .sync_store()
        .expect("store")
        .vector()
        .expect("vector")
        .get(worker_id)
        + 1;

    // Peers: a forged envelope in the name of a member, and one of a device outside
    // the team, slipped into the hub's answer.
    lead.add_note("something new to pull");
    lead.sync(&hub.url()).expect("push");
    let before = worker.records();
    let mut transport = HttpTransport::new(&hub.url()).with_fault(Inject(vec![
        forged(info.team, worker_id, worker_next, shared),
        forged(info.team, outsider_id, 1, shared),
    ]));
    let report = worker.sync_with(&mut transport).expect("the sync goes on");
    assert_eq!(report.rejected, 2, "{report:?}");
    let reasons = report.rejections.join("; ");
    assert!(reasons.contains("signature"), "{reasons}");
    assert!(reasons.contains("not a member"), "{reasons}");
    assert_eq!(
        worker.records()[&shared],
        before[&shared],
        "nothing forged applied"
    );

    // The hub: a member relaying a forged envelope.
    struct Relay<'v>(&'v senim_vault::Vault, Option<Envelope>);
    impl Fault for Relay<'_> {
        fn request(&mut self, request: &mut HubRequest) -> Result<(), String> {
            if request.path.ends_with("/sync")
                && let Some(extra) = self.1.clone()
                && let Some(body) = map_envelopes(&request.body, |e| e.push(extra))
            {
                request.body = body;
                resign(self.0, request);
                self.1 = None;
            }
            Ok(())
        }
    }
    let lead_id: DeviceId = lead.vault.device_id().parse().expect("id");
    let lead_next = lead
        .vault
        .sync_store()
        .expect("s")
        .vector()
        .expect("v")
        .get(lead_id)
        + 1;
    worker.add_note("a page to carry the forgery");
    let mut transport = HttpTransport::new(&hub.url()).with_fault(Relay(
        &worker.vault,
        Some(forged(info.team, lead_id, lead_next, shared)),
    ));
    let mut client = HubClient::new(&worker.vault, &mut transport);
    let outcome = client.sync();
    assert!(
        client.refused_by_hub() == 1
            || matches!(outcome, Err(Error::HubRefused { status: 422, .. })),
        "the hub took a forged envelope: {outcome:?}"
    );

    // A revoked device's envelope, written after its revocation, is refused by peers
    // (and it cannot reach the hub at all).
    let leaving_id: DeviceId = leaving.vault.device_id().parse().expect("id");
    HubClient::new(&lead.vault, &mut HttpTransport::new(&hub.url()))
        .revoke(leaving_id)
        .expect("revoke");
    let held = leaving
        .vault
        .sync_store()
        .expect("s")
        .vector()
        .expect("v")
        .get(leaving_id);
    leaving.add_note("written after the revocation");
    leaving.vault.seal_outbox().expect("it does not know yet");
    let late = leaving
        .vault
        .sync_store()
        .expect("s")
        .envelopes_after(leaving_id, held, usize::MAX)
        .expect("its own envelopes");
    assert!(!late.is_empty());
    let mut transport = HttpTransport::new(&hub.url()).with_fault(Inject(late));
    lead.add_note("a page to carry it");
    lead.sync(&hub.url()).expect("lead sync");
    let report = worker.sync_with(&mut transport).expect("the sync goes on");
    assert!(report.rejected >= 1, "{report:?}");
    assert!(
        report
            .rejections
            .join(";")
            .contains("after the last one the team keeps"),
        "{report:?}"
    );

    // After revocation the revoked device reads nothing new: the new envelopes, handed
    // to it directly, are refused or wait for a key it will never get.
    let secret = lead.add_note("CANARY written under the new epoch");
    lead.sync(&hub.url()).expect("push");
    let lead_vector = lead.vault.sync_store().expect("s").vector().expect("v");
    let mut store = leaving.vault.sync_store().expect("store");
    let held = store.vector().expect("vector").get(lead_id);
    let fresh = lead
        .vault
        .sync_store()
        .expect("s")
        .envelopes_after(lead_id, held, usize::MAX)
        .expect("envelopes");
    assert_eq!(fresh.len() as u64, lead_vector.get(lead_id) - held);
    for envelope in fresh {
        let _ = store.accept(envelope);
    }
    drop(store);
    let _ = leaving.vault.apply_waiting();
    match leaving.vault.get(secret) {
        Err(senim_vault::Error::RecordNotFound(_)) => {}
        other => panic!("the revoked device reads a new record: {other:?}"),
    }
    let all = serde_json::to_string(&leaving.records()).expect("json");
    assert!(!all.contains("CANARY"));
    drop(root);
}
