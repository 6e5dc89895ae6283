//! A team driven only through the `senim` binary against a real hub process on
//! loopback: the lead creates the team, two workers join with one-line codes, everyone
//! records offline, everyone syncs, and the lead sees every record.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use common::*;

/// A hub process on a free loopback port, killed when dropped.
struct Hub {
    child: Child,
    url: String,
    _data: tempfile::TempDir,
}

impl Hub {
    fn start() -> Hub {
        let data = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_senim"))
            .args(["hub", "serve", "--addr", "127.0.0.1:0", "--data"])
            .arg(data.path().join("hub"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the hub");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        if line.is_empty() {
            let mut err = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).ok();
            panic!("the hub did not start: {err}");
        }
        let addr = line.split_whitespace().last().unwrap().to_string();
        Hub {
            child,
            url: format!("http://{addr}"),
            _data: data,
        }
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn note_texts(ws: &Workspace) -> Vec<String> {
    let page = ws.json(&["records", "list", "--kind", "note"]);
    let mut texts: Vec<String> = page["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["body"]["body"]["text"].as_str().unwrap().to_string())
        .collect();
    texts.sort();
    texts
}

#[test]
fn a_lead_and_two_workers_share_every_record_through_the_hub() {
    let hub = Hub::start();
    let lead = Workspace::with_vault();
    let workers = [Workspace::with_vault(), Workspace::with_vault()];

    lead.ok(&[
        "team",
        "create",
        "--name",
        "Almaty office",
        "--hub",
        &hub.url,
        "--as",
        "lead",
    ]);
    for (i, w) in workers.iter().enumerate() {
        let request = w.ok(&["team", "request", "--as", &format!("worker {i}")]);
        assert_eq!(request.trim().lines().count(), 1, "one line: {request}");
        let welcome = lead.ok(&["team", "approve", request.trim()]);
        w.ok(&["team", "join", welcome.trim()]);
    }
    let members = lead.json(&["team", "members"]);
    assert_eq!(members["members"].as_array().unwrap().len(), 3);

    // Everyone records offline.
    lead.ok(&["note", "add", "--text", "lead: briefing at the office"]);
    workers[0].ok(&["note", "add", "--text", "worker 0: two men at the bazaar"]);
    workers[1].ok(&[
        "note",
        "add",
        "--text",
        "worker 1: woman at the bus station",
    ]);

    // Everyone syncs; the first to sync cannot yet receive what the others send.
    for ws in [&workers[0], &workers[1], &lead, &workers[0], &workers[1]] {
        let report: Value = ws.json(&["sync"]);
        assert_eq!(report["rejected"], 0, "{report}");
    }
    let expected = vec![
        "lead: briefing at the office".to_string(),
        "worker 0: two men at the bazaar".to_string(),
        "worker 1: woman at the bus station".to_string(),
    ];
    assert_eq!(note_texts(&lead), expected);
    assert_eq!(note_texts(&workers[0]), expected);
    assert_eq!(note_texts(&workers[1]), expected);
}

#[test]
fn a_revoked_worker_is_refused_by_the_hub() {
    let hub = Hub::start();
    let lead = Workspace::with_vault();
    let worker = Workspace::with_vault();
    lead.ok(&["team", "create", "--name", "Office", "--hub", &hub.url]);
    let request = worker.ok(&["team", "request"]);
    let welcome = lead.ok(&["team", "approve", request.trim()]);
    worker.ok(&["team", "join", welcome.trim()]);
    worker.ok(&["sync"]);
    let device = worker.json(&["vault", "info"])["device_id"]
        .as_str()
        .unwrap()
        .to_string();
    lead.ok(&["team", "revoke", &device]);
    worker.ok(&["note", "add", "--text", "after revocation"]);
    let out = worker.run(&["sync"]);
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("revoked") || err.contains("403") || err.contains("member"),
        "{err}"
    );
}
