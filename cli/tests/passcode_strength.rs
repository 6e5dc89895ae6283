//! The strength of a new passcode: `vault init`, `vault change-passcode` and `vault
//! duress` print the estimate of the passcode they set, and refuse one that is too
//! easy to guess with a message that names why (never the passcode).

use crate::common;

use common::*;

#[test]
fn init_prints_the_strength_of_the_new_passcode() {
    let ws = Workspace::empty();
    let out = ws.run_with(&["vault", "init"], Some("correct horse battery"));
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("passcode strength: 4 of 4"), "{text}");
    assert!(!text.contains("correct horse battery"), "{text}");
}

#[test]
fn init_refuses_a_passcode_too_easy_to_guess_and_says_why() {
    let ws = Workspace::empty();
    let out = ws.run_with(&["vault", "init"], Some("summer2019"));
    assert_fails(&out, 1, "invalid passcode: is too easy to guess");
    assert!(!stderr(&out).contains("summer2019"));
    assert!(!ws.vault_dir().join("senim.db").exists());
}

#[test]
fn change_passcode_reports_the_new_passcodes_strength_as_json() {
    let ws = Workspace::with_vault();
    let out = ws
        .command(&["--json", "vault", "change-passcode"], Some(PASSCODE))
        .env("SENIM_NEW_PASSCODE", "kestrel 4711 under the bridge")
        .output()
        .expect("run senim");
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["passcode_changed"], true);
    assert_eq!(json["passcode_strength"]["score"], 4);
    assert!(json["passcode_strength"]["guesses_log10"].as_f64().unwrap() > 10.0);
    assert_eq!(
        json["passcode_strength"]["refused"],
        serde_json::Value::Null
    );
}

#[test]
fn change_passcode_refuses_a_weak_one_and_keeps_the_old() {
    let ws = Workspace::with_vault();
    let out = ws
        .command(&["vault", "change-passcode"], Some(PASSCODE))
        .env("SENIM_NEW_PASSCODE", "482915")
        .output()
        .expect("run senim");
    assert_fails(&out, 1, "invalid passcode: is too easy to guess");
    // The old passcode still opens the vault.
    assert!(ws.run(&["records", "list"]).status.success());
}

#[test]
fn a_common_passcode_typed_in_cyrillic_is_refused_as_common() {
    let ws = Workspace::empty();
    let out = ws.run_with(&["vault", "init"], Some("пароль"));
    assert_fails(&out, 1, "most common passcodes");
}
