//! A team whose hub lost what it held, against real hub processes: restored from an
//! older backup, or replaced by a new, empty hub. The lead hands the team to the hub
//! from its vault (`HubClient::rehome`: lists, orders, its envelopes), every device
//! syncs, and every device holds every record; revocations and orders still hold.

use std::collections::BTreeSet;

use senim_client::{Error, HubClient, RehomeReport};
use senim_protocol::records::RecordKind;
use senim_protocol::team::{DeviceId, Retention, Role, TeamPolicy};
use senim_tests::{HttpTransport, HubProcess, Team, backup_hub, restore_hub};

fn policy() -> TeamPolicy {
    TeamPolicy {
        retention: vec![Retention {
            kind: RecordKind::OutreachNote,
            days: 365,
        }],
        ..TeamPolicy::default()
    }
}

/// The lead hands the team to the hub at `url`.
fn rehome(team: &Team, url: &str) -> RehomeReport {
    HubClient::new(&team.lead().vault, &mut HttpTransport::new(url))
        .rehome()
        .expect("the lead hands the team to the hub")
}

/// Every device but `skip` syncs twice with `url`.
fn sync_all_with(team: &Team, url: &str, skip: &[usize]) {
    for _ in 0..2 {
        for (i, d) in team.devices.iter().enumerate() {
            if !skip.contains(&i) {
                d.sync(url)
                    .unwrap_or_else(|e| panic!("{} cannot sync: {e}", d.name));
            }
        }
    }
}

fn revoke(team: &Team, url: &str, device: usize) -> DeviceId {
    let id: DeviceId = team.devices[device]
        .vault
        .device_id()
        .parse()
        .expect("device id");
    HubClient::new(&team.lead().vault, &mut HttpTransport::new(url))
        .revoke(id)
        .expect("revoke");
    id
}

/// Asserts that every device in `members` holds exactly `expected`.
fn assert_converged(team: &Team, members: &[usize], expected: &BTreeSet<String>) {
    for &i in members {
        let d = &team.devices[i];
        assert_eq!(&d.note_texts(), expected, "{} holds every note", d.name);
    }
}

#[test]
fn after_a_restore_from_an_older_backup_the_team_converges_with_nothing_lost() {
    let root = tempfile::tempdir().expect("temp dir");
    let data = root.path().join("hub");
    let mut hub = HubProcess::start(&data, &root.path().join("hub.log"));
    let url = hub.url();
    let mut team = Team::enrol(root.path(), &url, 2);
    let mut written = BTreeSet::new();
    for d in &team.devices {
        let text = format!("{} before the backup", d.name);
        d.add_note(&text);
        written.insert(text);
    }
    team.sync_all();
    let file = root.path().join("hub.backup");
    backup_hub(&data, &file);

    // After the backup: more notes everywhere, a worker admitted, a policy set, a
    // worker revoked. The hub will lose all of it.
    let late = team.admit(root.path(), "late", Role::Worker);
    HubClient::new(&team.lead().vault, &mut HttpTransport::new(&url))
        .set_policy(policy())
        .expect("policy");
    for d in &team.devices {
        let text = format!("{} after the backup", d.name);
        d.add_note(&text);
        written.insert(text);
    }
    team.sync_all();
    revoke(&team, &url, 2);
    let orders = team.lead().vault.orders_applied().expect("orders");

    hub.kill();
    restore_hub(&file, &data);
    hub.restart();

    let report = rehome(&team, &url);
    assert!(!report.registered, "the restored hub knew the team");
    assert_eq!(report.lists, 2, "the admission and the revocation");
    assert_eq!(report.orders, 1, "the policy");

    let members = [0, 1, late];
    for &i in &members {
        let text = format!("{} after the restore", team.devices[i].name);
        team.devices[i].add_note(&text);
        written.insert(text);
    }
    sync_all_with(&team, &url, &[2]);
    assert_converged(&team, &members, &written);
    for &i in &members {
        assert_eq!(team.devices[i].vault.orders_applied().expect("o"), orders);
        assert_eq!(team.devices[i].vault.policy().expect("p"), Some(policy()));
    }
    // The revocation holds: what the revoked worker writes now goes nowhere.
    team.devices[2].add_note("revoked: written after the revocation");
    assert!(matches!(
        team.devices[2].sync(&url),
        Err(Error::HubRefused { status: 403, .. })
    ));
    sync_all_with(&team, &url, &[2]);
    assert_converged(&team, &members, &written);
}

#[test]
fn a_lead_rehomes_its_team_on_a_new_empty_hub_and_every_device_converges() {
    let root = tempfile::tempdir().expect("temp dir");
    let mut old = HubProcess::start(&root.path().join("old"), &root.path().join("old.log"));
    let old_url = old.url();
    let team = Team::enrol(root.path(), &old_url, 3);
    HubClient::new(&team.lead().vault, &mut HttpTransport::new(&old_url))
        .set_policy(policy())
        .expect("policy");
    let mut written = BTreeSet::new();
    for d in &team.devices {
        for n in 0..3 {
            let text = format!("{} note {n}", d.name);
            d.add_note(&text);
            written.insert(text);
        }
    }
    team.sync_all();
    revoke(&team, &old_url, 3);
    // Written and never synced before the hub is lost.
    let unsynced = "worker1: written while the hub was down".to_string();
    team.devices[1].add_note(&unsynced);
    written.insert(unsynced);
    let orders = team.lead().vault.orders_applied().expect("orders");

    // The hub and its data are gone; a new, empty one takes its place.
    old.kill();
    std::fs::remove_dir_all(root.path().join("old")).expect("lose the hub's data");
    let new = HubProcess::start(&root.path().join("new"), &root.path().join("new.log"));
    let url = new.url();
    let before = team.devices[2].sync(&url);
    assert!(
        matches!(before, Err(Error::HubRefused { status: 404, .. })),
        "a hub that never knew the team: {before:?}"
    );

    let report = rehome(&team, &url);
    assert!(report.registered);
    assert_eq!(
        report.lists, 5,
        "the first list, three admissions, the revocation"
    );
    assert_eq!(report.orders, 1);
    assert!(report.envelopes > 0);

    let members = [0, 1, 2];
    sync_all_with(&team, &url, &[3]);
    assert_converged(&team, &members, &written);
    for &i in &members {
        assert_eq!(team.devices[i].vault.orders_applied().expect("o"), orders);
        assert_eq!(team.devices[i].vault.policy().expect("p"), Some(policy()));
    }
    // The revocation holds on the new hub.
    team.devices[3].add_note("revoked: written after the revocation");
    assert!(matches!(
        team.devices[3].sync(&url),
        Err(Error::HubRefused { status: 403, .. })
    ));
    // And the team goes on: a note written now reaches everyone.
    team.devices[2].add_note("after the move");
    written.insert("after the move".into());
    sync_all_with(&team, &url, &[3]);
    assert_converged(&team, &members, &written);
}

#[test]
fn a_worker_cannot_rehome_the_team() {
    let root = tempfile::tempdir().expect("temp dir");
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let team = Team::enrol(root.path(), &hub.url(), 1);
    let fresh = HubProcess::start(&root.path().join("fresh"), &root.path().join("fresh.log"));
    let refused = HubClient::new(
        &team.devices[1].vault,
        &mut HttpTransport::new(&fresh.url()),
    )
    .rehome();
    assert!(
        matches!(refused, Err(Error::Protocol(_))),
        "refused: {refused:?}"
    );
}

#[test]
fn senim_team_rehome_moves_the_lead_and_workers_follow_with_sync_hub_or_set_hub() {
    use senim_tests::cli::CliDevice;
    let root = tempfile::tempdir().expect("temp dir");
    let mut old = HubProcess::start(&root.path().join("old"), &root.path().join("old.log"));
    let lead = CliDevice::with_vault();
    let worker = CliDevice::with_vault();
    lead.ok(&[
        "team",
        "create",
        "--name",
        "Almaty office",
        "--hub",
        &old.url(),
    ]);
    let request = worker.ok(&["team", "request", "--as", "worker"]);
    let welcome = lead.approve(&request);
    worker.join(&welcome);
    lead.ok(&["note", "add", "--text", "lead: synced before the loss"]);
    worker.ok(&["note", "add", "--text", "worker: synced before the loss"]);
    for d in [&lead, &worker, &lead] {
        d.ok(&["sync"]);
    }
    worker.ok(&[
        "note",
        "add",
        "--text",
        "worker: never synced to the old hub",
    ]);
    old.kill();
    std::fs::remove_dir_all(root.path().join("old")).expect("lose the hub's data");

    let new = HubProcess::start(&root.path().join("new"), &root.path().join("new.log"));
    let url = new.url();
    let early = worker.run(&["sync", "--hub", &url]);
    assert!(!early.status.success());
    let said = String::from_utf8_lossy(&early.stderr);
    assert!(said.contains("senim team set-hub"), "{said}");

    let report = lead.json(&["team", "rehome", &url]);
    assert_eq!(report["rehome"]["registered"], true, "{report}");
    assert_eq!(
        report["rehome"]["lists"], 3,
        "the first list, the admission, the move: {report}"
    );

    worker.ok(&["sync", "--hub", &url]);
    // The lead syncs with the new hub without being told: it moved there.
    lead.ok(&["sync"]);
    for d in [&lead, &worker] {
        let page = d.json(&["records", "list", "--kind", "note"]);
        assert_eq!(
            page["records"].as_array().expect("records").len(),
            3,
            "{page}"
        );
    }
    let fresh = HubProcess::start(&root.path().join("fresh"), &root.path().join("fresh.log"));
    let refused = worker.run(&["team", "rehome", &fresh.url()]);
    assert!(
        !refused.status.success(),
        "a worker cannot hand the team to a hub"
    );
}
