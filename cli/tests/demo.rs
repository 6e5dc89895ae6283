//! End-to-end tests of demo mode on the binary: the field-day demo (`senim demo`), demo
//! vaults (`vault init --demo`, opened with the demo passcode and announced on every
//! command, reset to their seeded state), and what a demo vault refuses.

use crate::common;

use std::process::Command;

use serde_json::Value;

use common::*;

fn demo(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_senim"))
        .arg("--json")
        .arg("demo")
        .args(args)
        .env_remove("SENIM_PASSCODE")
        .output()
        .expect("run senim demo");
    assert!(
        out.status.success(),
        "senim demo {args:?} failed: {}",
        stderr(&out)
    );
    serde_json::from_slice(&out.stdout).expect("JSON summary")
}

#[test]
fn the_field_day_demo_gives_the_lead_every_record_every_level_and_a_conflict() {
    let s = demo(&[]);
    let workers = s["workers"].as_array().unwrap();
    assert_eq!(workers.len(), 3);
    let created: u64 = workers.iter().map(|w| w["created"].as_u64().unwrap()).sum();
    assert_eq!(created, 300);
    assert_eq!(s["created"], 300);
    assert_eq!(s["lead"]["records"], 300);
    for w in workers {
        let name = w["name"].as_str().unwrap();
        assert_eq!(s["lead"]["by_worker"][name], w["created"], "{name}");
        assert!(w["sent"].as_u64().unwrap() > 0);
    }
    for level in ["none", "monitor", "possible", "likely"] {
        assert!(
            s["lead"]["assessments"][level].as_u64().unwrap_or(0) > 0,
            "no {level} assessment in {s}"
        );
    }
    // The clean concurrent edit merged; the concurrent place edit reaches the lead with both values and both authors.
    assert_eq!(s["lead"]["merged_edits"], 1);
    let conflicts = s["lead"]["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0]["field"], "place");
    let authors: Vec<&str> = conflicts[0]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v[0].as_str().unwrap())
        .collect();
    assert_eq!(authors.len(), 2);
    assert_ne!(authors[0], authors[1]);
}

#[test]
fn the_same_seed_gives_the_same_field_day() {
    let counts = |s: &Value| {
        (
            s["lead"]["by_kind"].clone(),
            s["lead"]["assessments"].clone(),
            s["lead"]["referrals_by_status"].clone(),
        )
    };
    let a = demo(&["--workers", "2", "--records", "40", "--seed", "9"]);
    let b = demo(&["--workers", "2", "--records", "40", "--seed", "9"]);
    let c = demo(&["--workers", "2", "--records", "40", "--seed", "10"]);
    assert_eq!(counts(&a), counts(&b));
    assert_ne!(counts(&a), counts(&c));
}

#[test]
fn kept_demo_vaults_open_with_the_other_commands_without_a_passcode() {
    let ws = Workspace::empty();
    let keep = ws.dir.path().join("day");
    let s = demo(&[
        "--workers",
        "2",
        "--records",
        "30",
        "--keep",
        keep.to_str().unwrap(),
    ]);
    assert_eq!(s["lead"]["records"], 60);
    let out = Command::new(env!("CARGO_BIN_EXE_senim"))
        .arg("--vault")
        .arg(keep.join("lead"))
        .args(["--json", "records", "list", "--limit", "1000"])
        .env_remove("SENIM_PASSCODE")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("DEMO VAULT"), "{}", stderr(&out));
    let listed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed["records"].as_array().unwrap().len(), 60);

    // --keep refuses a directory that already holds something.
    let out = Command::new(env!("CARGO_BIN_EXE_senim"))
        .args(["demo", "--keep", keep.to_str().unwrap()])
        .env("SENIM_LANG", "en")
        .output()
        .unwrap();
    assert_fails(&out, 1, "is not empty");
}

#[test]
fn a_demo_vault_is_filled_announced_and_reset_to_its_seeded_state() {
    let ws = Workspace::empty();
    let created = ws.json(&["vault", "init", "--demo", "--seed", "5", "--records", "40"]);
    assert_eq!(created["vault"]["demo"], true);
    assert!(created["generated"]["subjects"].as_u64().is_some());
    let seeded = ws.json(&["records", "list", "--limit", "1000"])["records"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(seeded, 40);

    // Opened without SENIM_PASSCODE, with the banner on stderr.
    let out = ws.run_with(&["note", "add", "--text", "practice note qwertyuiop"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("DEMO VAULT"));
    assert_eq!(
        ws.json(&["records", "list", "--limit", "1000"])["records"]
            .as_array()
            .unwrap()
            .len(),
        41
    );

    ws.ok(&["vault", "reset-demo"]);
    let after = ws.json(&["records", "search", "qwertyuiop"]);
    assert_eq!(after["records"].as_array().unwrap().len(), 0);
    assert_eq!(
        ws.json(&["records", "list", "--limit", "1000"])["records"]
            .as_array()
            .unwrap()
            .len(),
        40
    );
    assert_eq!(ws.json(&["vault", "info"])["demo"], true);
}

#[test]
fn a_demo_vault_keeps_its_passcode_and_a_real_vault_cannot_be_reset() {
    let demo = Workspace::with_demo_vault();
    let out = demo.run(&["vault", "change-passcode"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("demo passcode"), "{}", stderr(&out));

    let real = Workspace::with_vault();
    real.add_note("a real note", &[]);
    let out = real.run(&["vault", "reset-demo"]);
    assert_fails(&out, 1, "only a demo vault can be reset");
    assert_eq!(
        real.json(&["records", "list"])["records"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(real.json(&["vault", "info"])["demo"], false);
}
