//! Quarantine, never halt (ADR 0019): a member (malicious, or a seized phone in other
//! hands) uploads correctly signed envelopes whose content cannot be applied (junk change
//! bytes; a change another device made). Against a real hub process: every other
//! device's sync completes, reports those places by device and sequence, and applies
//! everything else, the same member's later envelopes included; the lead revokes the
//! member and purges the places; a device that joins later syncs clean. The `senim`
//! binary names the places in `senim sync` and `senim team quarantine`.

use std::collections::BTreeSet;

use senim_client::{HubClient, SyncReport};
use senim_protocol::sync::{EnvelopeStore, Payload, RecordChanges};
use senim_protocol::team::{DeviceId, Place, Role};
use senim_records::{RecordId, RecordKind};
use senim_tests::cli::CliDevice;
use senim_tests::hub::HubProcess;
use senim_tests::team::{Device, Team};
use senim_tests::transport::HttpTransport;

fn device_id(device: &Device) -> DeviceId {
    device.vault.device_id().parse().expect("device id")
}

/// A payload whose only change is bytes no automerge change decodes from.
fn junk_payload() -> Payload {
    Payload {
        changes: vec![RecordChanges {
            record: RecordId::random().expect("id"),
            kind: RecordKind::OutreachNote,
            changes: vec![b"these bytes are not an automerge change".to_vec()],
        }],
    }
}

/// A payload carrying the first change of `author`'s log, as `author` made it: a
/// change by another device than the envelope's.
fn foreign_payload(thief: &Device, author: &Device) -> Payload {
    let store = thief.vault.sync_store().expect("store");
    let theirs = store
        .envelopes_after(device_id(author), 0, usize::MAX)
        .expect("the author's envelopes");
    let first = theirs.first().expect("the author wrote an envelope");
    thief
        .vault
        .open_envelope_for_tests(first)
        .expect("open")
        .expect("the thief holds the key")
}

fn places(report: &SyncReport) -> BTreeSet<Place> {
    report.quarantined.iter().map(|q| q.place).collect()
}

#[test]
fn a_members_unappliable_envelopes_are_quarantined_and_every_other_device_goes_on() {
    let root = tempfile::tempdir().expect("tempdir");
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let mut team = Team::enrol(root.path(), &hub.url(), 2);
    let url = hub.url();
    team.lead().add_note("the lead's first note");
    team.sync_all();

    let rogue = &team.devices[2];
    let rogue_id = device_id(rogue);
    rogue.add_note("the rogue's honest note before");
    rogue.vault.seal_outbox().expect("seal");
    let junk = rogue
        .vault
        .append_own_payload_for_tests(&junk_payload())
        .expect("junk");
    let foreign = rogue
        .vault
        .append_own_payload_for_tests(&foreign_payload(rogue, team.lead()))
        .expect("foreign");
    rogue.add_note("the rogue's note after");
    rogue.sync(&url).expect("the hub stores what is signed");
    let expected: BTreeSet<Place> = [junk, foreign]
        .into_iter()
        .map(|seq| Place {
            device: rogue_id,
            seq,
        })
        .collect();

    for device in [&team.devices[0], &team.devices[1]] {
        let report = device
            .sync(&url)
            .unwrap_or_else(|e| panic!("{}'s sync halted: {e}", device.name));
        assert_eq!(places(&report), expected, "{}: {report:?}", device.name);
        let notes = device.note_texts();
        assert!(
            notes.contains("the rogue's honest note before"),
            "{notes:?}"
        );
        assert!(
            notes.contains("the rogue's note after"),
            "{}: the member's later envelopes are applied: {notes:?}",
            device.name
        );
        let listed: BTreeSet<Place> = device
            .vault
            .quarantined()
            .expect("list")
            .into_iter()
            .map(|q| q.place)
            .collect();
        assert_eq!(listed, expected);
        // A second sync finds nothing new and still says what is held apart.
        let again = device.sync(&url).expect("the next sync goes on too");
        assert_eq!(places(&again), expected);
    }

    // The lead revokes the member (its vault now holds the member's whole log, so the
    // revocation keeps what the hub holds) and purges the quarantined places.
    let lead = team.lead();
    let mut transport = HttpTransport::new(&url);
    let mut client = HubClient::new(&lead.vault, &mut transport);
    client.revoke(rogue_id).expect("revoke the member");
    let purged = client.purge_quarantined().expect("purge the places");
    assert_eq!(purged.envelopes, 2, "{purged:?}");
    assert!(lead.vault.quarantined().expect("list").is_empty());

    let worker = &team.devices[1];
    let report = worker.sync(&url).expect("sync after the purge");
    assert!(report.quarantined.is_empty(), "{report:?}");
    assert!(worker.vault.quarantined().expect("list").is_empty());
    let worker_notes = worker.note_texts();

    // A device that joins later (with the team's history) syncs clean and holds every
    // record.
    let late = team.admit_with_history(root.path(), "latecomer", Role::Worker);
    let late = &team.devices[late];
    for _ in 0..2 {
        let report = late.sync(&url).expect("the latecomer syncs");
        assert!(report.quarantined.is_empty(), "{report:?}");
        assert_eq!(report.rejected, 0, "{report:?}");
    }
    assert_eq!(late.note_texts(), worker_notes);
    assert!(late.note_texts().contains("the rogue's note after"));
}

#[test]
fn senim_sync_and_team_quarantine_name_the_places_and_a_lead_purges_them() {
    let root = tempfile::tempdir().expect("tempdir");
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let url = hub.url();
    let lead = CliDevice::with_vault();
    lead.ok(&["team", "create", "--name", "Almaty office", "--hub", &url]);
    let rogue = Device::new(&root.path().join("rogue"), "rogue");
    let request = rogue.vault.team_request("rogue").expect("request");
    let welcome = lead.approve(&request);
    rogue.vault.team_join(welcome.trim()).expect("join");
    let rogue_id = device_id(&rogue);
    rogue.sync(&url).expect("first sync");
    let seq = rogue
        .vault
        .append_own_payload_for_tests(&junk_payload())
        .expect("junk");
    rogue.add_note("written after the junk");
    rogue.sync(&url).expect("upload");

    let out = lead.run(&["sync"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let place = format!("device {rogue_id} seq {seq}");
    assert!(
        stdout.contains(&format!("quarantined: {place}")),
        "{stdout}"
    );
    let report = lead.json(&["sync"]);
    let listed = report["quarantined"].as_array().expect("quarantined");
    assert_eq!(listed.len(), 1, "{report}");
    assert_eq!(listed[0]["place"]["seq"], seq, "{report}");
    let table = lead.ok(&["team", "quarantine"]);
    assert!(table.contains(&rogue_id.to_string()), "{table}");
    let json = lead.json(&["team", "quarantine"]);
    assert_eq!(json["quarantined"].as_array().expect("list").len(), 1);

    lead.ok(&["team", "revoke", &rogue_id.to_string()]);
    let purged = lead.json(&["team", "quarantine", "--purge"]);
    assert_eq!(purged["envelopes"], 1, "{purged}");
    assert!(
        lead.ok(&["team", "quarantine"])
            .contains("nothing is quarantined"),
        "the list is empty after the purge"
    );
    let after = lead.json(&["sync"]);
    assert_eq!(after["quarantined"].as_array().expect("list").len(), 0);
}
