//! Orders are checked against the membership list in force when they were issued
//! (finding 2 of issue 14): lead A issues a policy order, lead B revokes A, and a device
//! that joins afterwards still applies A's order and syncs clean. Against a real hub
//! process.

use senim_client::HubClient;
use senim_protocol::team::{DeviceId, Role, TeamPolicy};
use senim_tests::hub::HubProcess;
use senim_tests::team::{Device, Team};
use senim_tests::transport::HttpTransport;

fn device_id(device: &Device) -> DeviceId {
    device.vault.device_id().parse().expect("device id")
}

#[test]
fn an_order_of_a_lead_revoked_later_still_applies_for_a_device_that_joins_afterwards() {
    let root = tempfile::tempdir().expect("tempdir");
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let url = hub.url();
    let mut team = Team::enrol(root.path(), &url, 1);
    let b = team.admit(root.path(), "lead-b", Role::Lead);
    team.sync_all();
    let policy = TeamPolicy {
        wipe_after_failed_unlocks: Some(20),
        ..TeamPolicy::default()
    };
    let a = team.lead();
    let order = HubClient::new(&a.vault, &mut HttpTransport::new(&url))
        .set_policy(policy.clone())
        .expect("lead A sets the policy");
    a.add_note("written by lead A before its revocation");
    team.sync_all();

    let b = &team.devices[b];
    HubClient::new(&b.vault, &mut HttpTransport::new(&url))
        .revoke(device_id(team.lead()))
        .expect("lead B revokes lead A");
    b.add_note("written by lead B after the revocation");
    b.sync(&url).expect("lead B syncs");

    let late = Device::new(&root.path().join("late"), "late");
    let request = late.vault.team_request("late").expect("request");
    // With the team's history, so that it reads what lead A wrote before.
    let welcome = HubClient::new(&b.vault, &mut HttpTransport::new(&url))
        .approve_with_history(&request, Role::Worker)
        .expect("lead B admits a new device");
    late.vault.team_join(&welcome).expect("join");
    let report = late.sync(&url).expect("the new device syncs clean");
    assert!(report.orders >= order, "{report:?}");
    assert_eq!(late.vault.orders_applied().expect("orders"), order);
    assert_eq!(late.vault.policy().expect("policy"), Some(policy));
    late.sync(&url).expect("and again");
    let notes = late.note_texts();
    assert!(
        notes.contains("written by lead A before its revocation"),
        "{notes:?}"
    );
    assert!(
        notes.contains("written by lead B after the revocation"),
        "{notes:?}"
    );
}
