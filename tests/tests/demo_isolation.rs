//! Demo and real data never mix (invariant 6), against real hub processes: a real
//! vault sends nothing but the health probe to a demo hub and a demo vault nothing to a
//! real hub; each hub refuses the other kind's team even from a client that skips the
//! probe; peers refuse a team or a device of the other kind; and a demo team works on
//! a demo hub.

use senim_cli::hub_client::UreqTransport;
use senim_client::{HubClient, HubRequest, Method};
use senim_protocol::Error as ProtocolError;
use senim_protocol::sync::hub_api::{self, TeamRegistration};
use senim_protocol::team::Role;
use senim_tests::hub::HubProcess;
use senim_tests::team::{Device, Team};
use senim_tests::transport::{Capture, HttpTransport, resign};

fn hub(root: &std::path::Path, demo: bool) -> HubProcess {
    std::fs::create_dir_all(root).unwrap();
    let (data, log) = (root.join("hub"), root.join("hub.log"));
    if demo {
        HubProcess::start_demo(&data, &log)
    } else {
        HubProcess::start(&data, &log)
    }
}

/// The first line of every captured request (`METHOD /path`); answers are skipped.
fn request_lines(capture: &Capture) -> Vec<String> {
    capture
        .all()
        .iter()
        .step_by(2)
        .map(|r| {
            String::from_utf8_lossy(r)
                .lines()
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

fn assert_only_probed(capture: &Capture) {
    assert_eq!(request_lines(capture), vec!["GET /health".to_string()]);
}

/// A vault of one kind meets the hub of the other: creating a team, and syncing a team
/// registered on its own hub, are refused before the first signed request.
fn only_the_probe_reaches_the_other_kinds_hub(demo_vault: bool) {
    let root = tempfile::tempdir().unwrap();
    let other_hub = hub(&root.path().join("other"), !demo_vault);
    let own_hub = hub(&root.path().join("own"), demo_vault);
    let device = |dir: &str, name: &str| {
        let dir = root.path().join(dir);
        if demo_vault {
            Device::new_demo(&dir, name)
        } else {
            Device::new(&dir, name)
        }
    };

    let lone = device("lone", "lead");
    let capture = Capture::new();
    let mut transport = HttpTransport::new(&other_hub.url()).with_capture(&capture);
    let err = HubClient::new(&lone.vault, &mut transport)
        .create_team("Almaty outreach", "lead", &other_hub.url())
        .unwrap_err();
    assert!(
        matches!(err.protocol(), Some(ProtocolError::DemoMismatch(_))),
        "{err}"
    );
    assert_only_probed(&capture);
    assert!(lone.vault.team().unwrap().is_none());

    let team = if demo_vault {
        Team::enrol_demo(&root.path().join("team"), &own_hub.url(), 1)
    } else {
        Team::enrol(&root.path().join("team"), &own_hub.url(), 1)
    };
    team.devices[1].add_note("a note that must stay off the other kind's hub");
    let capture = Capture::new();
    let mut transport = HttpTransport::new(&other_hub.url()).with_capture(&capture);
    let err = team.devices[1].sync_with(&mut transport).unwrap_err();
    assert!(
        matches!(err.protocol(), Some(ProtocolError::DemoMismatch(_))),
        "{err}"
    );
    assert_only_probed(&capture);
}

#[test]
fn a_real_vault_sends_nothing_but_the_probe_to_a_demo_hub() {
    only_the_probe_reaches_the_other_kinds_hub(false);
}

#[test]
fn a_demo_vault_sends_nothing_but_the_probe_to_a_real_hub() {
    only_the_probe_reaches_the_other_kinds_hub(true);
}

/// Sends one request signed by `vault` straight to the hub at `url`, without the
/// client's probe; returns the hub's status and error code.
fn send_signed(
    vault: &senim_vault::Vault,
    url: &str,
    path: String,
    body: Vec<u8>,
) -> (u16, String) {
    use senim_protocol::sync::auth::header;
    let mut request = HubRequest {
        method: Method::Post,
        path,
        headers: vec![
            (header::DEVICE, vault.device_id().to_string()),
            (header::TIME, String::new()),
            (header::NONCE, String::new()),
            (header::SIGNATURE, String::new()),
        ],
        body,
    };
    resign(vault, &mut request);
    let response = UreqTransport::new(url).unwrap().carry(&request).unwrap();
    let body: serde_json::Value = serde_json::from_slice(&response.body).unwrap_or_default();
    (
        response.status,
        body["error"].as_str().unwrap_or_default().to_string(),
    )
}

/// Registers `vault`'s new team on the hub at `url` without the client's probe.
fn register_directly(vault: &senim_vault::Vault, url: &str) -> (u16, String) {
    let change = vault.prepare_team_create("Team", "lead", url).unwrap();
    let body = TeamRegistration {
        list: change.list_bytes(),
    }
    .to_bytes();
    send_signed(vault, url, hub_api::path::TEAMS.into(), body)
}

#[test]
fn each_hub_refuses_a_team_of_the_other_kind_from_a_client_that_skips_the_probe() {
    let root = tempfile::tempdir().unwrap();
    let demo_hub = hub(&root.path().join("d"), true);
    let real_hub = hub(&root.path().join("r"), false);
    let real = Device::new(&root.path().join("real"), "lead");
    let demo = Device::new_demo(&root.path().join("demo"), "trainer");

    assert_eq!(
        register_directly(&real.vault, &demo_hub.url()),
        (403, hub_api::code::DEMO_MISMATCH.to_string())
    );
    assert_eq!(
        register_directly(&demo.vault, &real_hub.url()),
        (403, hub_api::code::DEMO_MISMATCH.to_string())
    );
    // Each kind registers on its own hub.
    assert_eq!(register_directly(&real.vault, &real_hub.url()).0, 201);
    assert_eq!(register_directly(&demo.vault, &demo_hub.url()).0, 201);
}

#[test]
fn a_hub_refuses_a_sync_for_a_team_of_the_other_kind() {
    let root = tempfile::tempdir().unwrap();
    let demo_hub = hub(&root.path().join("d"), true);
    let real_hub = hub(&root.path().join("r"), false);
    let team = Team::enrol(&root.path().join("team"), &real_hub.url(), 0);
    let vault = &team.lead().vault;
    let path = hub_api::path::sync(vault.team().unwrap().unwrap().team);
    assert_eq!(
        send_signed(vault, &demo_hub.url(), path, vec![0]),
        (403, hub_api::code::DEMO_MISMATCH.to_string())
    );
}

#[test]
fn a_lead_and_a_joining_device_refuse_the_other_kind() {
    let root = tempfile::tempdir().unwrap();
    let real_hub = hub(&root.path().join("r"), false);
    let demo_hub = hub(&root.path().join("d"), true);
    let real_team = Team::enrol(&root.path().join("real"), &real_hub.url(), 0);
    let demo_team = Team::enrol_demo(&root.path().join("demo"), &demo_hub.url(), 0);

    let demo_device = Device::new_demo(&root.path().join("demo-new"), "trainee");
    let request = demo_device.vault.team_request("trainee").unwrap();
    let err = HubClient::new(
        &real_team.lead().vault,
        &mut HttpTransport::new(&real_hub.url()),
    )
    .approve(&request, Role::Worker)
    .unwrap_err();
    assert!(
        matches!(err.protocol(), Some(ProtocolError::DemoMismatch(_))),
        "{err}"
    );

    let real_device = Device::new(&root.path().join("real-new"), "worker");
    let request = real_device.vault.team_request("worker").unwrap();
    let err = HubClient::new(
        &demo_team.lead().vault,
        &mut HttpTransport::new(&demo_hub.url()),
    )
    .approve(&request, Role::Worker)
    .unwrap_err();
    assert!(
        matches!(err.protocol(), Some(ProtocolError::DemoMismatch(_))),
        "{err}"
    );
    // Neither lead's list changed.
    assert_eq!(
        real_team
            .lead()
            .vault
            .membership()
            .unwrap()
            .unwrap()
            .version(),
        1
    );
    assert_eq!(
        demo_team
            .lead()
            .vault
            .membership()
            .unwrap()
            .unwrap()
            .version(),
        1
    );
}

#[test]
fn a_demo_team_syncs_through_a_demo_hub() {
    let root = tempfile::tempdir().unwrap();
    let demo_hub = hub(root.path(), true);
    let team = Team::enrol_demo(&root.path().join("team"), &demo_hub.url(), 2);
    assert!(team.lead().vault.team().unwrap().unwrap().team.is_demo());
    team.devices[1].add_note("synthetic note one");
    team.devices[2].add_note("synthetic note two");
    team.sync_all();
    for device in &team.devices {
        assert!(device.note_texts().contains("synthetic note one"));
        assert!(device.note_texts().contains("synthetic note two"));
    }
}
