//! A lead moves its team to another hub with `senim team set-hub`, against real hub
//! processes and the `senim` binary: the new address is signed into the membership
//! list, so devices follow at their next sync with the old hub and a device that joins
//! later is sent to the new one; when the old hub is gone, each device follows with
//! `senim team set-hub` itself, and only to a hub that serves a lead-signed list naming
//! it. Nothing written on any device is lost on the way.

use senim_tests::cli::CliDevice;
use senim_tests::{HubProcess, backup_hub, restore_hub};
use serde_json::Value;

/// A lead and `workers` workers enrolled through the CLI on the hub at `url`.
fn enrol(url: &str, workers: usize) -> (CliDevice, Vec<CliDevice>) {
    let lead = CliDevice::with_vault();
    lead.ok(&["team", "create", "--name", "Almaty office", "--hub", url]);
    let workers = (0..workers)
        .map(|n| {
            let worker = CliDevice::with_vault();
            let request = worker.ok(&["team", "request", "--as", &format!("worker {n}")]);
            worker.join(&lead.approve(&request));
            worker
        })
        .collect();
    (lead, workers)
}

fn add_note(device: &CliDevice, text: &str) {
    device.ok(&["note", "add", "--text", text]);
}

/// Asserts that `device` holds exactly one note for each of `written`.
fn assert_holds(device: &CliDevice, written: &[String]) {
    let page = device.json(&["records", "list", "--kind", "note"]);
    let records = page["records"].as_array().expect("records");
    assert_eq!(records.len(), written.len(), "{page}");
    let shown: String = records
        .iter()
        .map(|r| {
            let id = r["id"].as_str().expect("record id");
            device.json(&["records", "show", id])["record"].to_string()
        })
        .collect();
    for text in written {
        assert!(shown.contains(text.as_str()), "{text} is missing");
    }
}

/// The hub address a device syncs with.
fn hub_of(device: &CliDevice) -> Value {
    device.json(&["team", "members"])["hub"].clone()
}

#[test]
fn with_the_old_hub_alive_devices_follow_at_their_next_sync_and_a_later_joiner_gets_the_new_hub() {
    let root = tempfile::tempdir().expect("temp dir");
    let mut old = HubProcess::start(&root.path().join("old"), &root.path().join("old.log"));
    let (lead, workers) = enrol(&old.url(), 2);
    let mut written = Vec::new();
    for (i, d) in std::iter::once(&lead).chain(&workers).enumerate() {
        let text = format!("device {i}: before the move");
        add_note(d, &text);
        written.push(text);
        d.ok(&["sync"]);
    }

    let new = HubProcess::start(&root.path().join("new"), &root.path().join("new.log"));
    let moved = lead.json(&["team", "set-hub", &new.url()]);
    assert_eq!(moved["move"]["old_hub_took_it"], true, "{moved}");
    assert_eq!(moved["rehome"]["registered"], true, "{moved}");
    assert_eq!(hub_of(&lead), new.url().as_str());

    // A worker writes before it hears of the move: its next sync, with the old hub,
    // sends the note there and brings the list that names the new hub.
    let text = "worker 0: written before hearing of the move".to_string();
    add_note(&workers[0], &text);
    written.push(text);
    let report = workers[0].json(&["sync"]);
    assert_eq!(report["hub_moved"], true, "{report}");
    assert_eq!(hub_of(&workers[0]), new.url().as_str());
    workers[1].ok(&["sync"]);
    assert_eq!(hub_of(&workers[1]), new.url().as_str());

    // The old hub goes away; the team carries on at the new one.
    old.kill();
    let text = "worker 1: written after the old hub went away".to_string();
    add_note(&workers[1], &text);
    written.push(text);
    for _ in 0..2 {
        for d in std::iter::once(&lead).chain(&workers) {
            d.ok(&["sync"]);
        }
    }
    for d in std::iter::once(&lead).chain(&workers) {
        assert_holds(d, &written);
    }

    // A device that joins now is sent to the new hub by its welcome.
    let late = CliDevice::with_vault();
    let request = late.ok(&["team", "request", "--as", "late"]);
    let welcome = lead.approve(&request);
    let decoded = senim_protocol::team::Welcome::decode(welcome.trim()).expect("welcome");
    assert_eq!(decoded.hub_url(), new.url());
    late.join(&welcome);
    assert_eq!(hub_of(&late), new.url().as_str());
    late.ok(&["sync"]);
}

#[test]
fn with_the_old_hub_gone_workers_follow_with_set_hub_and_nothing_is_lost() {
    let root = tempfile::tempdir().expect("temp dir");
    let mut old = HubProcess::start(&root.path().join("old"), &root.path().join("old.log"));
    let (lead, workers) = enrol(&old.url(), 2);
    let mut written = Vec::new();
    for (i, d) in std::iter::once(&lead).chain(&workers).enumerate() {
        let text = format!("device {i}: synced before the loss");
        add_note(d, &text);
        written.push(text);
        d.ok(&["sync"]);
    }
    for (i, d) in workers.iter().enumerate() {
        let text = format!("worker {i}: never reached the old hub");
        add_note(d, &text);
        written.push(text);
    }
    old.kill();
    std::fs::remove_dir_all(root.path().join("old")).expect("lose the hub's data");

    let new = HubProcess::start(&root.path().join("new"), &root.path().join("new.log"));
    let url = new.url();
    // Before the lead moved the team, the new hub does not know it: refused, typed.
    let early = workers[0].run(&["team", "set-hub", &url]);
    assert!(!early.status.success());
    let said = String::from_utf8_lossy(&early.stderr);
    assert!(said.contains("the hub does not know this team"), "{said}");

    let moved = lead.json(&["team", "set-hub", &url]);
    assert_eq!(moved["move"]["old_hub_took_it"], false, "{moved}");
    assert_eq!(moved["rehome"]["registered"], true, "{moved}");
    // The worker's own sync still goes to the old hub, which is gone.
    assert!(!workers[0].run(&["sync"]).status.success());

    for w in &workers {
        let followed = w.json(&["team", "set-hub", &url]);
        assert_eq!(followed["hub"], url.as_str(), "{followed}");
        assert_eq!(hub_of(w), url.as_str());
    }
    for _ in 0..2 {
        for d in std::iter::once(&lead).chain(&workers) {
            d.ok(&["sync"]);
        }
    }
    for d in std::iter::once(&lead).chain(&workers) {
        assert_holds(d, &written);
    }
}

#[test]
fn a_hub_serving_a_list_that_names_another_address_is_refused() {
    let root = tempfile::tempdir().expect("temp dir");
    let mut old = HubProcess::start(&root.path().join("old"), &root.path().join("old.log"));
    let (lead, workers) = enrol(&old.url(), 1);
    workers[0].ok(&["sync"]);
    old.kill();
    let new = HubProcess::start(&root.path().join("new"), &root.path().join("new.log"));
    lead.ok(&["team", "set-hub", &new.url()]);

    // Someone copies the new hub's data and serves it at another address: every list
    // there is genuinely signed by the lead, but none names that address.
    let copy = root.path().join("copy.backup");
    backup_hub(new.data_dir(), &copy);
    let rogue_dir = root.path().join("rogue");
    std::fs::create_dir_all(&rogue_dir).expect("rogue dir");
    std::fs::set_permissions(
        &rogue_dir,
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .expect("a data directory only its owner reads");
    restore_hub(&copy, &rogue_dir);
    let rogue = HubProcess::start(&rogue_dir, &root.path().join("rogue.log"));
    let out = workers[0].run(&["team", "set-hub", &rogue.url()]);
    assert!(!out.status.success(), "a hub no lead named is refused");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("no list signed by a lead names this hub address"),
        "{said}"
    );
    assert_eq!(
        hub_of(&workers[0]),
        old.url().as_str(),
        "nothing changed on the device"
    );
    // The hub the lead named is taken.
    workers[0].ok(&["team", "set-hub", &new.url()]);
    assert_eq!(hub_of(&workers[0]), new.url().as_str());
}
