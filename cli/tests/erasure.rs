//! `senim team policy | erase`, the purge lines of `senim sync` and the policy's
//! automatic wipe, end to end on the binary with a real hub process (ADR 0015).
//!
//! The CLI has no command that adds a subject, so the worker's subjects are written
//! into its vault through `senim-vault` (the vault the CLI created, unlocked with the
//! same passcode); the notes about them go through `senim note add --subject`.

use crate::common;

use std::collections::BTreeSet;

use senim_records::{RecordBody, Subject};
use senim_vault::Vault;
use serde_json::{Value, json};

use common::*;

/// A team on `hub`: a lead and one worker, enrolled through the CLI.
fn team(hub: &Hub) -> (Workspace, Workspace) {
    let lead = Workspace::with_vault();
    let worker = Workspace::with_vault();
    lead.ok(&["team", "create", "--name", "Office", "--hub", &hub.url]);
    let request = worker.ok(&["team", "request", "--as", "worker 1"]);
    let welcome = lead.approve(&request);
    worker.join(&welcome);
    (lead, worker)
}

/// Adds a subject with `alias` to the workspace's vault (no CLI command does); returns
/// its id.
fn add_subject(ws: &Workspace, alias: &str) -> String {
    let mut vault = Vault::open(ws.vault_dir(), None).expect("open the vault");
    vault.unlock(PASSCODE.as_bytes()).expect("unlock");
    let id = vault
        .add(RecordBody::Subject(Subject {
            alias: alias.to_string(),
            age_band: None,
            gender: None,
            nationality: Some("UZ".into()),
            languages: vec!["uz".into()],
            contact_preference: None,
        }))
        .expect("add a subject");
    vault.lock().expect("lock");
    id.to_string()
}

/// `note add --subject`, returning the printed id.
fn add_note_about(ws: &Workspace, text: &str, subject: &str) -> String {
    ws.ok(&["note", "add", "--text", text, "--subject", subject])
        .trim()
        .to_string()
}

/// The ids `records list` prints, deleted records included.
fn listed(ws: &Workspace) -> BTreeSet<String> {
    ws.json(&["records", "list", "--deleted", "--limit", "1000"])["records"]
        .as_array()
        .expect("a page of records")
        .iter()
        .map(|r| r["id"].as_str().expect("an id").to_string())
        .collect()
}

fn purge_entries(ws: &Workspace) -> Vec<Value> {
    ws.json(&["audit", "log"])
        .as_array()
        .expect("audit entries")
        .iter()
        .filter(|e| e["action"] == "purge")
        .cloned()
        .collect()
}

#[test]
fn a_policy_set_by_the_lead_reaches_a_worker_at_its_next_sync() {
    let hub = Hub::start();
    let (lead, worker) = team(&hub);

    let none = worker.json(&["team", "policy"]);
    assert_eq!(
        none,
        json!({ "policy": null, "orders_applied": 0, "idle_wipe_days_left": null })
    );
    assert!(
        worker
            .ok(&["team", "policy"])
            .contains("no team policy has been set")
    );

    let set = lead.json(&[
        "team",
        "policy",
        "--retain",
        "referral=365",
        "--retain",
        "note=90",
        "--wipe-after-failures",
        "10",
        "--wipe-after-days",
        "30",
    ]);
    let policy = json!({
        "retention": [{ "kind": "referral", "days": 365 }, { "kind": "note", "days": 90 }],
        "wipe_after_failed_unlocks": 10,
        "wipe_after_days_without_sync": 30,
    });
    assert_eq!(set, json!({ "order": 1, "policy": policy }));
    // A lead's device never wipes itself for want of a sync.
    assert_eq!(
        lead.json(&["team", "policy"]),
        json!({ "policy": policy, "orders_applied": 1, "idle_wipe_days_left": null })
    );

    // The worker holds nothing new until it syncs.
    assert_eq!(worker.json(&["team", "policy"])["policy"], Value::Null);
    let out = worker.ok(&["sync"]);
    assert!(out.contains("1 team order(s) applied"), "{out}");
    let shown = worker.json(&["team", "policy"]);
    // Thirty days allowed, a sync a moment ago: 30 whole days left, or 29 once a second
    // has passed.
    let days_left = shown["idle_wipe_days_left"].as_u64().unwrap();
    assert!([29, 30].contains(&days_left), "{shown}");
    assert_eq!(
        shown,
        json!({ "policy": policy, "orders_applied": 1, "idle_wipe_days_left": days_left })
    );
    let text = worker.ok(&["team", "policy"]);
    assert!(text.contains("365 day(s)"), "{text}");
    assert!(text.contains("10 in a row"), "{text}");
    assert!(
        text.contains("this device wipes itself unless it syncs within 29 more day(s)")
            || text.contains("this device wipes itself unless it syncs within 30 more day(s)"),
        "{text}"
    );

    // --clear replaces it with an empty policy, which is not the same as none.
    lead.ok(&["team", "policy", "--clear"]);
    worker.ok(&["sync"]);
    assert_eq!(
        worker.json(&["team", "policy"]),
        json!({
            "policy": {
                "retention": [],
                "wipe_after_failed_unlocks": null,
                "wipe_after_days_without_sync": null,
            },
            "orders_applied": 2,
            "idle_wipe_days_left": null,
        })
    );
    // A sync with no new order says nothing about orders.
    assert!(!worker.ok(&["sync"]).contains("team order"));
}

#[test]
fn a_worker_is_warned_at_every_unlock_from_three_days_before_the_idle_wipe() {
    let hub = Hub::start();
    let (lead, worker) = team(&hub);
    lead.ok(&["team", "policy", "--wipe-after-days", "3"]);
    worker.ok(&["sync"]);

    // Three days allowed, a sync a moment ago: three whole days left, or two once a
    // second has passed.
    let out = worker.run(&["records", "list"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let warning = stderr(&out);
    let expected = |days: u32| {
        format!(
            "warning: this device wipes itself unless it syncs with the hub within {days} \
             more day(s) (team policy): run senim sync"
        )
    };
    assert!(
        [expected(3), expected(2)].contains(&warning.trim_end().to_string()),
        "{warning:?}"
    );
    // The lead, who never wipes for want of a sync, is not warned.
    assert!(stderr(&lead.run(&["records", "list"])).is_empty());

    lead.ok(&["team", "policy", "--wipe-after-days", "5"]);
    worker.ok(&["sync"]);
    assert!(stderr(&worker.run(&["records", "list"])).is_empty());
}

#[test]
fn a_worker_can_neither_set_a_policy_nor_erase() {
    let hub = Hub::start();
    let (lead, worker) = team(&hub);
    let subject = add_subject(&worker, "woman in green scarf, stall 14");
    worker.ok(&["sync"]);

    let out = worker.run(&["team", "policy", "--retain", "note=30"]);
    assert_fails(&out, 1, "only a lead of the team may issue its orders");
    let out = worker.run(&["team", "erase", &subject, "--yes"]);
    assert_fails(&out, 1, "only a lead of the team may issue its orders");

    // Nothing reached the hub: the lead sees no order, and the subject is still there.
    lead.ok(&["sync"]);
    assert_eq!(lead.json(&["team", "policy"])["orders_applied"], 0);
    assert!(listed(&lead).contains(&subject));
    assert!(listed(&worker).contains(&subject));
}

#[test]
fn an_erased_subject_and_its_note_leave_every_device_and_the_audit_logs_say_so() {
    let hub = Hub::start();
    let (lead, worker) = team(&hub);
    const ALIAS: &str = "ERASE-CANARY-ALIAS man with a red bag";
    const ALIAS_2: &str = "ERASE-CANARY-ALIAS-2 woman at the bus station";

    // The worker meets two people; one note about each, and one about nobody.
    let subject = add_subject(&worker, ALIAS);
    let note = add_note_about(&worker, "ERASE-CANARY-NOTE passport held", &subject);
    let subject_2 = add_subject(&worker, ALIAS_2);
    let note_2 = add_note_about(&worker, "ERASE-CANARY-NOTE-2 no contract", &subject_2);
    let keep = worker.add_note("water, bread, blankets", &[]);
    worker.ok(&["sync"]);
    lead.ok(&["sync"]);
    let all: BTreeSet<String> = [&subject, &note, &subject_2, &note_2, &keep]
        .into_iter()
        .cloned()
        .collect();
    assert_eq!(listed(&lead), all);

    // The first person asks to be erased.
    let report = lead.json(&["team", "erase", &subject, "--yes"]);
    assert_eq!(report["order"], 1, "{report}");
    assert_eq!(report["records"], 2, "{report}");
    assert!(report["envelopes"].as_u64().unwrap() >= 1, "{report}");
    assert!(report["carriers"].is_u64(), "{report}");
    assert_eq!(
        report.as_object().unwrap().len(),
        4,
        "only the purge report: {report}"
    );
    assert!(!listed(&lead).contains(&subject));
    assert!(!listed(&lead).contains(&note));

    // The worker, at its next sync.
    let out = worker.ok(&["sync"]);
    assert!(out.contains("1 team order(s) applied"), "{out}");
    assert!(out.contains("2 record(s) purged from this device"), "{out}");
    for ws in [&lead, &worker] {
        let ids = listed(ws);
        assert!(!ids.contains(&subject) && !ids.contains(&note), "{ids:?}");
        assert!(ids.contains(&keep) && ids.contains(&subject_2) && ids.contains(&note_2));
        assert_fails(&ws.run(&["records", "show", &note]), 1, "not found");
        let purges = purge_entries(ws);
        assert_eq!(purges.len(), 1, "{purges:?}");
        let detail = purges[0]["detail"].as_str().unwrap();
        assert!(
            detail.contains("2 record(s)") && detail.contains("erasure"),
            "{detail}"
        );
        assert!(
            purges[0].get("record").is_none(),
            "no id in the purge entry"
        );
    }

    // The second one, in text: counts and ids only, never the alias.
    let out = lead.ok(&["team", "erase", &subject_2, "--yes"]);
    assert!(
        out.contains(&format!("erased subject {subject_2}")),
        "{out}"
    );
    assert!(out.contains("team order 2"), "{out}");
    assert!(out.contains("records removed:"), "{out}");
    assert!(!out.contains("ERASE-CANARY"), "{out}");
    worker.ok(&["sync"]);
    let left: BTreeSet<String> = [keep.clone()].into();
    assert_eq!(listed(&worker), left);
    assert_eq!(listed(&lead), left);
    assert_eq!(purge_entries(&worker).len(), 2);

    // Erasing it again: the subject is gone.
    assert_fails(
        &lead.run(&["team", "erase", &subject, "--yes"]),
        1,
        "not found",
    );
}

#[test]
fn erase_without_yes_refuses_when_standard_input_is_not_a_terminal() {
    let ws = Workspace::with_vault();
    let subject = add_subject(&ws, "someone");
    // Refused before the vault is even unlocked: no passcode needed to learn that.
    let out = ws.run_with(&["team", "erase", &subject], None);
    assert_fails(&out, 1, "refusing to erase without --yes");
    assert!(listed(&ws).contains(&subject));
}

#[test]
fn bad_policy_options_fail_with_one_line_naming_what_was_wrong() {
    // All refused before the vault is unlocked (no passcode is given).
    let ws = Workspace::with_vault();
    let cases: [(&[&str], i32, &str); 8] = [
        (&["--retain", "nte=30"], 2, "unknown record kind \"nte\""),
        (&["--retain", "note=0"], 2, "the days for note must be"),
        (&["--retain", "note=abc"], 2, "not \"abc\""),
        (&["--retain", "note=11001"], 2, "from 1 to 11000"),
        (&["--retain", "note"], 2, "expected KIND=DAYS"),
        (
            &["--retain", "note=30", "--retain", "note=60"],
            1,
            "--retain names note twice",
        ),
        (
            &["--wipe-after-failures", "2"],
            1,
            "3 to 1000 failed unlocks",
        ),
        (
            &["--clear", "--retain", "note=30"],
            2,
            "cannot be used with",
        ),
    ];
    for (extra, code, expected) in cases {
        let mut args = vec!["team", "policy"];
        args.extend_from_slice(extra);
        assert_fails(&ws.run_with(&args, None), code, expected);
    }
}

#[test]
fn a_vault_the_policy_wipes_after_failed_unlocks_says_so_and_exits_4() {
    let hub = Hub::start();
    let (lead, worker) = team(&hub);
    lead.ok(&["team", "policy", "--wipe-after-failures", "3"]);
    worker.ok(&["sync"]);

    for _ in 0..2 {
        assert_fails(&worker.run_with(&["records", "list"], Some(WRONG)), 3, "");
    }
    let out = worker.run_with(&["records", "list"], Some(WRONG));
    assert_fails(
        &out,
        4,
        "this vault was wiped by the team's policy: too many failed unlocks",
    );
    // Nothing is left to open, even with the passcode.
    assert_eq!(worker.run(&["records", "list"]).status.code(), Some(4));
}
