//! End-to-end tests of the `senim` binary: each test runs the real executable against a
//! vault in a temporary directory and checks what a user or a script would see.
//!
//! Every command that opens a vault runs the real, calibrated Argon2 unlock (about half a
//! second), so each test keeps to the few invocations its behaviour needs. `--keystore`
//! always points into the test's temporary directory, so nothing touches the real home.

use crate::common;

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

use common::*;

fn ids(page: &Value) -> Vec<String> {
    page["records"]
        .as_array()
        .expect("records array")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect()
}

fn note_text(record: &Value) -> &str {
    record["body"]["body"]["text"].as_str().expect("note text")
}

#[test]
fn added_notes_appear_in_the_json_listing() {
    let ws = Workspace::with_vault();
    let a = ws.add_note("Met two men at the market", &["market"]);
    let b = ws.add_note("Woman at the bus station", &["bus-station", "passport"]);
    let c = ws.add_note("Group of workers near the border post", &["border"]);

    let page = ws.json(&["records", "list"]);

    let listed = ids(&page);
    assert_eq!(listed, vec![c, b.clone(), a], "newest first");
    let second = &page["records"][1];
    assert_eq!(second["body"]["body"]["tags"][1], "passport");
    assert_eq!(page["damaged"], Value::Array(vec![]));
}

#[test]
fn search_finds_the_matching_note_and_not_the_others() {
    let ws = Workspace::with_vault();
    ws.add_note("Met two men at the market", &["market"]);
    let wanted = ws.add_note("Her passport was taken by the employer", &["passport"]);
    ws.add_note("Group of workers near the border post", &["border"]);

    let found = ws.json(&["records", "search", "PASSPORT employ"]);

    assert_eq!(ids(&found), vec![wanted]);
}

#[test]
fn show_prints_the_record_and_its_history_as_json() {
    let ws = Workspace::with_vault();
    let id = ws.ok(&[
        "note",
        "add",
        "--text",
        "Asked about work abroad",
        "--tag",
        "Job Offer",
        "--place",
        "Barakholka, row 7",
    ]);
    let id = id.trim();

    let shown = ws.json(&["records", "show", id]);

    let record = &shown["record"];
    assert_eq!(record["id"], id);
    assert_eq!(note_text(record), "Asked about work abroad");
    assert_eq!(record["body"]["body"]["place"], "Barakholka, row 7");
    assert_eq!(record["body"]["body"]["tags"][0], "job-offer");
    assert_eq!(record["deleted"], false);
    let history = shown["history"].as_array().expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(history[0]["summary"], "create");
}

#[test]
fn edit_changes_the_text_and_prints_the_changed_fields() {
    let ws = Workspace::with_vault();
    let id = ws.add_note("Passport held by the employer", &["passport"]);

    let printed = ws.ok(&["note", "edit", &id, "--text", "Passport returned"]);

    assert_eq!(printed, "changed: text\n");
    let shown = ws.json(&["records", "show", &id]);
    assert_eq!(note_text(&shown["record"]), "Passport returned");
    assert_eq!(shown["record"]["body"]["body"]["tags"][0], "passport");
    assert_eq!(shown["history"][1]["summary"], "edit: text");
}

#[test]
fn a_deleted_record_is_hidden_from_the_listing() {
    let ws = Workspace::with_vault();
    let kept = ws.add_note("First contact", &[]);
    let gone = ws.add_note("Second contact", &[]);

    assert_eq!(
        ws.ok(&["records", "delete", &gone]),
        format!("deleted {gone}\n")
    );

    assert_eq!(ids(&ws.json(&["records", "list"])), vec![kept.clone()]);
    let all = ws.json(&["records", "list", "--deleted"]);
    assert_eq!(ids(&all), vec![gone, kept]);
    assert_eq!(all["records"][0]["deleted"], true);
}

#[test]
fn audit_verify_succeeds_on_a_used_vault() {
    let ws = Workspace::with_vault();
    ws.add_note("A note to log", &[]);

    let report = ws.json(&["audit", "verify"]);

    // create + lock, unlock + create + lock, unlock (this one).
    assert!(
        report["entries"].as_u64().expect("entries") >= 6,
        "{report}"
    );
}

#[test]
fn a_wrong_passcode_fails_with_one_line_that_does_not_echo_it() {
    let ws = Workspace::with_vault();

    let out = ws.run_with(&["records", "list"], Some(WRONG));

    assert_fails(&out, 3, "wrong passcode");
    let err = stderr(&out);
    assert!(!err.contains(WRONG) && !err.contains(PASSCODE), "{err}");
}

#[test]
fn repeated_wrong_passcodes_pause_unlocking_even_for_the_right_one() {
    let ws = Workspace::with_vault();
    for _ in 0..3 {
        assert_eq!(
            ws.run_with(&["records", "list"], Some(WRONG)).status.code(),
            Some(3)
        );
    }

    let out = ws.run(&["records", "list"]);

    assert_fails(&out, 3, "too many failed unlock attempts");
}

#[test]
fn a_missing_vault_fails_with_exit_code_4_and_creates_nothing() {
    let ws = Workspace::empty();

    assert_fails(&ws.run(&["records", "list"]), 4, "no vault");
    assert_fails(&ws.run_with(&["vault", "info"], None), 4, "no vault");
    assert!(!ws.vault_dir().exists());
    assert!(!ws.keystore_dir().exists());
}

#[test]
fn bad_arguments_fail_with_exit_code_2_and_one_line() {
    let ws = Workspace::empty();
    for args in [
        &["records", "show", "not-an-id"][..],
        &["records", "list", "--limit", "0"],
        &["records", "list", "--from", "last tuesday"],
        &["note", "add"],
        &["note", "edit", "0123456789abcdef0123456789abcdef"],
        &["no-such-command"],
    ] {
        let out = ws.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{err}");
    }
}

#[test]
fn invalid_note_text_is_refused_without_echoing_it() {
    // Validation runs before the vault is opened, so no vault is needed.
    let ws = Workspace::empty();

    let out = ws.run(&["note", "add", "--text", "Aigerim\u{7} stall 14"]);

    assert_fails(&out, 1, "invalid text");
    assert!(!stderr(&out).contains("Aigerim"));
}

#[test]
fn vault_info_shows_kdf_params_and_counts_without_a_passcode() {
    let ws = Workspace::with_vault();
    ws.add_note("One", &[]);
    ws.add_note("Two", &[]);

    let out = ws.run_with(&["--json", "vault", "info"], None);

    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(!text.contains(PASSCODE));
    let info: Value = serde_json::from_str(&text).expect("JSON");
    // At least OWASP's minimum: 19 MiB, 2 passes.
    assert!(
        info["kdf"]["m_cost_kib"].as_u64().unwrap() >= 19 * 1024,
        "{info}"
    );
    assert!(info["kdf"]["t_cost"].as_u64().unwrap() >= 2, "{info}");
    assert_eq!(info["kdf"]["p_cost"], 1);
    // No counts without the passcode: whoever holds the phone learns nothing of what
    // it holds, and cannot compare it with what a duress unlock shows.
    assert_eq!(info["records"], Value::Null);
    assert_eq!(info["audit_entries"], Value::Null);
    let text = ws.ok(&["vault", "info"]);
    assert!(!text.contains("records"), "{text}");
    assert!(!text.contains("audit"), "{text}");
    assert_eq!(info["uses_keystore"], false);
    assert_eq!(info["unlocked"], false);
    assert_eq!(info["failed_attempts"], 0);
}

#[test]
fn after_change_passcode_only_the_new_passcode_opens_the_vault() {
    let ws = Workspace::with_vault();
    let new = "a brand new passcode 3";
    let out = ws
        .command(&["vault", "change-passcode"], Some(PASSCODE))
        .env("SENIM_NEW_PASSCODE", new)
        .output()
        .expect("run senim");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!String::from_utf8_lossy(&out.stdout).contains(new));

    assert_fails(&ws.run(&["records", "list"]), 3, "wrong passcode");
    let out = ws.run_with(&["records", "list"], Some(new));
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn init_refuses_an_existing_vault() {
    let ws = Workspace::with_vault();

    assert_fails(&ws.run(&["vault", "init"]), 1, "already exists");
}

#[test]
fn init_refuses_a_short_passcode_and_creates_nothing() {
    let ws = Workspace::empty();

    assert_fails(
        &ws.run_with(&["vault", "init"], Some("abc")),
        1,
        "invalid passcode",
    );
    assert!(!ws.vault_dir().exists());
}

#[test]
fn note_text_can_come_from_standard_input() {
    let ws = Workspace::with_vault();
    let mut child = ws
        .command(&["note", "add", "--text", "-"], Some(PASSCODE))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn senim");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all("Говорит, что паспорт у работодателя\nsecond line\n".as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    assert!(out.status.success(), "{}", stderr(&out));
    let id = String::from_utf8(out.stdout).expect("UTF-8");

    let shown = ws.json(&["records", "show", id.trim()]);

    assert_eq!(
        note_text(&shown["record"]),
        "Говорит, что паспорт у работодателя\nsecond line"
    );
}

#[test]
fn a_device_bound_vault_opens_only_with_its_key_store() {
    let ws = Workspace::empty();
    ws.ok(&["vault", "init", "--device-bound"]);
    ws.add_note("Bound to this device", &[]);

    let elsewhere = ws.dir.path().join("other-keystore");
    let out = Command::new(env!("CARGO_BIN_EXE_senim"))
        .arg("--vault")
        .arg(ws.vault_dir())
        .arg("--keystore")
        .arg(&elsewhere)
        .args(["records", "list"])
        .env("SENIM_PASSCODE", PASSCODE)
        .env("SENIM_LANG", "en")
        .stdin(Stdio::null())
        .output()
        .expect("run senim");

    assert_fails(&out, 3, "key store");
    assert!(!elsewhere.exists(), "no secret is created while opening");
}
