//! A team driven only through the `senim` binary against a real hub process on
//! loopback (`senim hub serve`): the lead creates the team, two workers join with
//! one-line codes, each records offline, everyone syncs, the lead lists every record;
//! a concurrent edit shows as a conflict in `records show --json`; a revoked worker is
//! refused.

use senim_tests::HubProcess;
use senim_tests::cli::CliDevice;
use serde_json::Value;

fn start_hub() -> (tempfile::TempDir, HubProcess) {
    let dir = tempfile::tempdir().expect("temp dir");
    let hub = HubProcess::start(&dir.path().join("hub"), &dir.path().join("hub.log"));
    (dir, hub)
}

fn note_texts(device: &CliDevice) -> Vec<String> {
    let page = device.json(&["records", "list", "--kind", "note"]);
    let mut texts: Vec<String> = page["records"]
        .as_array()
        .expect("records")
        .iter()
        .map(|r| {
            r["body"]["body"]["text"]
                .as_str()
                .expect("text")
                .to_string()
        })
        .collect();
    texts.sort();
    texts
}

#[test]
fn a_lead_and_two_workers_share_every_record_through_the_hub() {
    let (_dir, hub) = start_hub();
    let url = hub.url();
    let lead = CliDevice::with_vault();
    let workers = [CliDevice::with_vault(), CliDevice::with_vault()];

    lead.ok(&[
        "team",
        "create",
        "--name",
        "Almaty office",
        "--hub",
        &url,
        "--as",
        "lead",
    ]);
    for (i, w) in workers.iter().enumerate() {
        let request = w.ok(&["team", "request", "--as", &format!("worker {i}")]);
        assert_eq!(request.trim().lines().count(), 1, "one line: {request}");
        let welcome = lead.approve(&request);
        assert_eq!(welcome.trim().lines().count(), 1, "one line: {welcome}");
        w.join(&welcome);
    }
    let members = lead.json(&["team", "members"]);
    assert_eq!(members["members"].as_array().expect("members").len(), 3);

    // Everyone records offline.
    let shared = lead.ok(&["note", "add", "--text", "lead: briefing at the office"]);
    let shared = shared.trim().to_string();
    workers[0].ok(&["note", "add", "--text", "worker 0: two men at the bazaar"]);
    workers[1].ok(&[
        "note",
        "add",
        "--text",
        "worker 1: woman at the bus station",
    ]);

    // Everyone syncs; the first to sync cannot yet receive what the others send.
    let mut merged = Vec::new();
    for d in [&workers[0], &workers[1], &lead, &workers[0], &workers[1]] {
        let report: Value = d.json(&["sync"]);
        assert_eq!(report["rejected"], 0, "{report}");
        merged.push(report["merged_records"].as_u64().expect("merged count"));
    }
    // The lead merges both workers' notes; each worker then the two it lacks.
    assert_eq!(merged, vec![0, 1, 2, 2, 1]);
    let expected = vec![
        "lead: briefing at the office".to_string(),
        "worker 0: two men at the bazaar".to_string(),
        "worker 1: woman at the bus station".to_string(),
    ];
    assert_eq!(note_texts(&lead), expected);
    assert_eq!(note_texts(&workers[0]), expected);
    assert_eq!(note_texts(&workers[1]), expected);

    // The lead and a worker change the same place label offline, then sync: both
    // values stay visible with their authors, on every device.
    lead.ok(&["note", "edit", &shared, "--place", "Office, room 2"]);
    workers[0].ok(&["note", "edit", &shared, "--place", "Office, room 5"]);
    for d in [&lead, &workers[0], &workers[1], &lead, &workers[0]] {
        d.ok(&["sync"]);
    }
    let lead_device = lead.json(&["vault", "info"])["device_id"].clone();
    let worker_device = workers[0].json(&["vault", "info"])["device_id"].clone();
    let mut views = Vec::new();
    for d in [&lead, &workers[0], &workers[1]] {
        let shown = d.json(&["records", "show", &shared]);
        let record = &shown["record"];
        let conflicts = record["conflicts"].as_array().expect("conflicts");
        assert_eq!(conflicts.len(), 1, "{shown}");
        assert_eq!(conflicts[0]["field"], "place");
        let mut values: Vec<(String, Value)> = conflicts[0]["values"]
            .as_array()
            .expect("values")
            .iter()
            .map(|v| {
                (
                    v["value"].as_str().expect("text").to_string(),
                    v["device"].clone(),
                )
            })
            .collect();
        values.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            values,
            vec![
                ("Office, room 2".to_string(), lead_device.clone()),
                ("Office, room 5".to_string(), worker_device.clone()),
            ]
        );
        views.push(record.clone());
    }
    assert!(
        views.windows(2).all(|w| w[0] == w[1]),
        "every device shows the same record"
    );
}

#[test]
fn a_revoked_worker_is_refused_by_the_hub() {
    let (_dir, hub) = start_hub();
    let url = hub.url();
    let lead = CliDevice::with_vault();
    let worker = CliDevice::with_vault();
    lead.ok(&["team", "create", "--name", "Office", "--hub", &url]);
    let request = worker.ok(&["team", "request"]);
    let welcome = lead.approve(&request);
    worker.join(&welcome);
    worker.ok(&["sync"]);
    let device = worker.json(&["vault", "info"])["device_id"]
        .as_str()
        .expect("device id")
        .to_string();
    lead.ok(&["team", "revoke", &device]);
    worker.ok(&["note", "add", "--text", "after revocation"]);
    let out = worker.run(&["sync"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("HTTP 403") && err.contains("forbidden"),
        "{err}"
    );
}
