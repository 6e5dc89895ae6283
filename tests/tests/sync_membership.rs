//! Membership changes against a real hub process: the lead's vault changes only once
//! the hub took the new list, a change whose answer was lost can be redone, and a
//! revocation keeps everything the revoked device wrote while it was a member, for
//! every device, including one that joins afterwards.

use std::collections::BTreeSet;

use senim_client::Error;
use senim_client::{HubClient, HubRequest, HubResponse, Method};
use senim_protocol::team::{DeviceId, Role};
use senim_tests::team::{Device, Team};
use senim_tests::{Fault, HttpTransport, HubProcess};

fn version(device: &Device) -> u64 {
    device
        .vault
        .membership()
        .expect("m")
        .expect("joined")
        .version()
}

/// Drops the hub's answer to the first membership post: the hub took it, the lead
/// never heard.
struct LoseMembershipAnswer(bool);

impl Fault for LoseMembershipAnswer {
    fn response(&mut self, request: &HubRequest, _: &mut HubResponse) -> Result<(), String> {
        if !self.0 && request.method == Method::Post && request.path.ends_with("/membership") {
            self.0 = true;
            return Err("connection reset (test)".into());
        }
        Ok(())
    }
}

#[test]
fn a_revocation_keeps_what_the_device_wrote_as_a_member_for_everyone() {
    let root = tempfile::tempdir().expect("temp dir");
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let url = hub.url();
    let mut team = Team::enrol(root.path(), &url, 2);
    team.sync_all();
    let leaving_id: DeviceId = team.devices[2].vault.device_id().parse().expect("id");

    // The leaving worker syncs its last notes; the other worker has not seen them yet.
    let mut written = BTreeSet::new();
    for k in 0..5 {
        let text = format!("written by the leaving worker before revocation {k}");
        team.devices[2].add_note(&text);
        written.insert(text);
    }
    team.devices[2].sync(&url).expect("last sync");

    // The lead revokes it (syncing first, so the list keeps all of it).
    HubClient::new(&team.lead().vault, &mut HttpTransport::new(&url))
        .revoke(leaving_id)
        .expect("revoke");
    let revocation = *team
        .lead()
        .vault
        .membership()
        .expect("m")
        .expect("joined")
        .revocation(leaving_id)
        .expect("revoked");
    assert!(revocation.last_seq >= 1);

    // Written after: it cannot upload it.
    team.devices[2].add_note("written after the revocation");
    assert!(matches!(
        team.devices[2].sync(&url),
        Err(Error::HubRefused { status: 403, .. })
    ));

    // The other worker, and a device admitted after the revocation with the team's
    // history, still receive everything it wrote while a member.
    // (Admitted with the earlier epoch's key: a plain welcome carries only the current one.)
    let late = team.admit_with_history(root.path(), "late", Role::Worker);
    for dev in [1, late, 0] {
        let report = team.devices[dev].sync(&url).expect("sync");
        assert_eq!(report.rejected, 0, "{report:?}");
        let held = team.devices[dev].note_texts();
        assert!(
            written.is_subset(&held),
            "device {dev} lacks the revoked worker's notes"
        );
        assert!(!held.contains("written after the revocation"));
    }
}

#[test]
fn the_hub_refuses_a_revocation_that_would_drop_envelopes_the_lead_has_not_seen() {
    let root = tempfile::tempdir().expect("temp dir");
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let url = hub.url();
    let team = Team::enrol(root.path(), &url, 1);
    team.sync_all();
    let worker_id: DeviceId = team.devices[1].vault.device_id().parse().expect("id");
    // Prepared before the worker's newest envelope reached the hub.
    let stale = team
        .lead()
        .vault
        .prepare_team_revoke(worker_id)
        .expect("prepare");
    team.devices[1].add_note("synced after the lead looked");
    team.devices[1].sync(&url).expect("sync");
    let before = version(team.lead());
    match HubClient::new(&team.lead().vault, &mut HttpTransport::new(&url)).publish(stale) {
        Err(Error::HubRefused {
            status: 409,
            reason,
            ..
        }) => {
            assert!(reason.contains("sync, then revoke again"), "{reason}")
        }
        other => panic!("a stale revocation was taken: {other:?}"),
    }
    assert_eq!(
        version(team.lead()),
        before,
        "the lead's vault did not change"
    );
    // Revoking through the client syncs first and goes through.
    HubClient::new(&team.lead().vault, &mut HttpTransport::new(&url))
        .revoke(worker_id)
        .expect("revoke");
    team.lead().sync(&url).expect("sync");
    assert!(
        team.lead()
            .note_texts()
            .contains("synced after the lead looked")
    );
}

#[test]
fn a_membership_change_whose_answer_was_lost_can_be_done_again() {
    let root = tempfile::tempdir().expect("temp dir");
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let url = hub.url();
    let mut team = Team::enrol(root.path(), &url, 1);
    let lead = &team.devices[0];

    // Approving: the hub takes the list, the answer is lost. Nothing changes in the
    // lead's vault; approving again hands out the welcome.
    let newcomer = Device::new(&root.path().join("newcomer"), "newcomer");
    let request = newcomer.vault.team_request("newcomer").expect("request");
    let before = version(lead);
    let mut lossy = HttpTransport::new(&url).with_fault(LoseMembershipAnswer(false));
    let outcome = HubClient::new(&lead.vault, &mut lossy).approve(&request, Role::Worker);
    assert!(matches!(outcome, Err(Error::Unreachable(_))), "{outcome:?}");
    assert_eq!(version(lead), before);
    let welcome = HubClient::new(&lead.vault, &mut HttpTransport::new(&url))
        .approve(&request, Role::Worker)
        .expect("approve again");
    assert_eq!(version(lead), before + 1, "the list the hub took, once");
    newcomer.vault.team_join(&welcome).expect("join");
    newcomer.add_note("hello from the newcomer");
    newcomer.sync(&url).expect("the newcomer syncs");

    // Revoking: the same.
    let worker_id: DeviceId = team.devices[1].vault.device_id().parse().expect("id");
    let mut lossy = HttpTransport::new(&url).with_fault(LoseMembershipAnswer(false));
    let outcome = HubClient::new(&team.devices[0].vault, &mut lossy).revoke(worker_id);
    assert!(matches!(outcome, Err(Error::Unreachable(_))), "{outcome:?}");
    HubClient::new(&team.devices[0].vault, &mut HttpTransport::new(&url))
        .revoke(worker_id)
        .expect("revoke again");
    let lead = &team.devices[0];
    let held = lead.vault.membership().expect("m").expect("joined");
    assert!(held.is_revoked(worker_id));
    // The lead holds the new epoch's key: it writes and the newcomer reads.
    lead.add_note("after the revocation");
    lead.sync(&url).expect("lead sync");
    newcomer.sync(&url).expect("newcomer sync");
    assert!(newcomer.note_texts().contains("after the revocation"));
    team.devices.push(newcomer);
    assert!(matches!(
        team.devices[1].sync(&url),
        Err(Error::HubRefused { status: 403, .. })
    ));
}
