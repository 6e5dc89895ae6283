//! End-to-end tests of `senim handoff export | open` on the binary: a referral sealed
//! for a partner with a passphrase from the environment, and opened again.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{Value, json};

use common::*;

/// The environment variable the tests name with --passphrase-env.
const VAR: &str = "SENIM_TEST_HANDOFF_PASSPHRASE";
const PASSPHRASE: &str = "partner passphrase 2026";
const CANARY: &str = "CANARY5519HANDOFF";

/// An anonymous interview under a screening and referral consent, scored "likely", and
/// a referral to the anti-trafficking hotline whose reason carries the canary. Returns
/// the referral's id.
fn referral(ws: &Workspace) -> String {
    let answers = json!({
        "safe_to_talk": "yes",
        "age_group": "age_25_34",
        "in_danger_now": "no",
        "injured_now": "no",
        "watched_now": "no",
        "job_different": "yes",
        "conditions_deceived": "yes",
        "long_hours": "yes",
        "underpaid": "yes",
        "documents_taken": "yes",
        "debt_to_employer": "yes",
    });
    let file = ws.dir.path().join("answers.json");
    std::fs::write(&file, answers.to_string()).unwrap();
    let run = ws.json(&[
        "interview",
        "run",
        "--form",
        "central_asia_screening",
        "--lang",
        "ru",
        "--anonymous",
        "--consent",
        "screening,referral",
        "--answers",
        file.to_str().unwrap(),
    ]);
    let interview = run["interview"].as_str().unwrap();
    let reason = format!("needs a safe place tonight {CANARY}");
    let referral = ws.json(&[
        "services",
        "refer",
        "--interview",
        interview,
        "--service",
        "trafficking_hotline",
        "--reason",
        &reason,
    ]);
    referral["referral"].as_str().unwrap().to_string()
}

/// `senim <args>` with the vault passcode and `passphrase` in [`VAR`] (if any).
fn run(ws: &Workspace, args: &[&str], passphrase: Option<&str>) -> Output {
    let mut cmd = ws.command(args, Some(PASSCODE));
    cmd.env_remove(VAR);
    if let Some(p) = passphrase {
        cmd.env(VAR, p);
    }
    cmd.output().expect("run senim")
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "failed with {:?}: {}",
        out.status.code(),
        stderr(&out)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn export(ws: &Workspace, referral: &str, to: &Path, lang: &str) -> Value {
    let out = run(
        ws,
        &[
            "--json",
            "handoff",
            "export",
            "--referral",
            referral,
            "--to",
            to.to_str().unwrap(),
            "--passphrase-env",
            VAR,
            "--lang",
            lang,
        ],
        Some(PASSPHRASE),
    );
    serde_json::from_str(&ok(out)).expect("JSON on stdout")
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn handoff_export_then_open_round_trips_with_a_passphrase_from_the_environment() {
    let ws = Workspace::with_vault();
    let referral = referral(&ws);
    let file = ws.dir.path().join("case.age");
    let receipt = export(&ws, &referral, &file, "en");
    let kinds: Vec<&str> = receipt["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["referral", "consent", "interview"]);

    let sealed = std::fs::read(&file).unwrap();
    assert!(sealed.starts_with(b"age-encryption.org/v1\n"));
    assert!(!sealed.windows(CANARY.len()).any(|w| w == CANARY.as_bytes()));
    assert_eq!(mode(&file), 0o600);

    let out_dir: PathBuf = ws.dir.path().join("opened");
    let opened = run(
        &ws,
        &[
            "--json",
            "handoff",
            "open",
            file.to_str().unwrap(),
            "--passphrase-env",
            VAR,
            "--out",
            out_dir.to_str().unwrap(),
        ],
        Some(PASSPHRASE),
    );
    let opened: Value = serde_json::from_str(&ok(opened)).unwrap();
    assert_eq!(opened["handoff_id"], receipt["handoff_id"]);
    assert_eq!(opened["referral"], referral.as_str());
    assert_eq!(mode(&out_dir), 0o700);

    let summary = std::fs::read_to_string(out_dir.join("summary.html")).unwrap();
    assert!(summary.contains("Likely trafficking — refer urgently for full identification"));
    assert!(summary.contains("Anti-trafficking hotline"));
    assert!(summary.contains("referral to services"));
    assert!(summary.contains(CANARY), "the partner reads the reason");
    let records: Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.join("records.json")).unwrap())
            .unwrap();
    assert_eq!(records["referral"]["id"], referral.as_str());
    assert_eq!(records["assessment"]["level"], "likely");
    assert_eq!(mode(&out_dir.join("summary.html")), 0o600);
    assert_eq!(mode(&out_dir.join("records.json")), 0o600);

    let log = ws.json(&["audit", "log"]);
    let exports = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "export")
        .count();
    assert_eq!(exports, 3, "one audit entry per exported record");
}

#[test]
fn handoff_open_without_a_directory_prints_the_summary() {
    let ws = Workspace::with_vault();
    let referral = referral(&ws);
    let file = ws.dir.path().join("case.age");
    export(&ws, &referral, &file, "ru");
    let out = run(
        &ws,
        &[
            "handoff",
            "open",
            file.to_str().unwrap(),
            "--passphrase-env",
            VAR,
        ],
        Some(PASSPHRASE),
    );
    let html = ok(out);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"ru\">"));
    assert!(html.contains("Результат скрининга"));
}

#[test]
fn handoff_open_with_a_wrong_passphrase_fails_and_writes_nothing() {
    let ws = Workspace::with_vault();
    let referral = referral(&ws);
    let file = ws.dir.path().join("case.age");
    export(&ws, &referral, &file, "en");
    let out_dir = ws.dir.path().join("opened");
    let out = run(
        &ws,
        &[
            "handoff",
            "open",
            file.to_str().unwrap(),
            "--passphrase-env",
            VAR,
            "--out",
            out_dir.to_str().unwrap(),
        ],
        Some("not the partner passphrase"),
    );
    assert_fails(&out, 1, "does not open the handoff file");
    assert!(!stderr(&out).contains("not the partner passphrase"));
    assert!(!out_dir.exists());
}

#[test]
fn handoff_takes_no_passphrase_as_an_argument() {
    let ws = Workspace::with_vault();
    let out = run(
        &ws,
        &[
            "handoff",
            "export",
            "--referral",
            "00000000000000000000000000000000",
            "--to",
            "x.age",
            "--passphrase",
            PASSPHRASE,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn handoff_export_names_an_unset_passphrase_variable() {
    let ws = Workspace::with_vault();
    let referral = referral(&ws);
    let file = ws.dir.path().join("case.age");
    let out = run(
        &ws,
        &[
            "handoff",
            "export",
            "--referral",
            &referral,
            "--to",
            file.to_str().unwrap(),
            "--passphrase-env",
            VAR,
        ],
        None,
    );
    assert_fails(&out, 1, VAR);
    assert!(!file.exists());
}
