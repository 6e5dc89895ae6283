//! `senim vault duress`: a duress passcode set from the command line opens the decoy
//! instead of the real records, and in "destroy" mode the real passcode opens nothing
//! afterwards.

use crate::common;

use common::*;

const DURESS: &str = "blue meadow 4";
const CANARY: &str = "CANARY-cli-duress passport held by the foreman at site 4";

fn set_duress(ws: &Workspace, mode: &str) -> std::process::Output {
    ws.command(&["vault", "duress", "--mode", mode], Some(PASSCODE))
        .env("SENIM_NEW_PASSCODE", DURESS)
        .output()
        .expect("run senim")
}

#[test]
fn vault_duress_destroy_shows_the_decoy_and_the_real_passcode_opens_nothing_afterwards() {
    let ws = Workspace::with_vault();
    ws.add_note(CANARY, &["construction"]);
    let files_before = std::fs::read_dir(ws.vault_dir()).unwrap().count();
    let info_before = ws.json(&["vault", "info"]);

    let out = set_duress(&ws, "destroy");
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("duress passcode set"));

    let decoy = ws.run_with(&["--json", "records", "list"], Some(DURESS));
    assert!(decoy.status.success(), "stderr: {}", stderr(&decoy));
    let listed = String::from_utf8(decoy.stdout).unwrap();
    assert!(!listed.contains("CANARY"), "{listed}");
    assert!(
        listed.contains("\"note\""),
        "the decoy lists its notes: {listed}"
    );

    assert_fails(&ws.run(&["records", "list"]), 3, "passcode");
    assert_eq!(
        std::fs::read_dir(ws.vault_dir()).unwrap().count(),
        files_before
    );
    let info_after = ws.json(&["vault", "info"]);
    assert_eq!(info_after["records"], info_before["records"]);
    assert_eq!(info_after["kdf"], info_before["kdf"]);
}

#[test]
fn vault_duress_hide_keeps_the_real_records_behind_the_real_passcode() {
    let ws = Workspace::with_vault();
    ws.add_note(CANARY, &[]);
    assert!(set_duress(&ws, "hide").status.success());

    let decoy = ws.run_with(&["records", "list"], Some(DURESS));
    assert!(decoy.status.success(), "stderr: {}", stderr(&decoy));
    assert!(!String::from_utf8_lossy(&decoy.stdout).contains("CANARY"));
    assert!(ws.ok(&["records", "list"]).contains("CANARY"));
}

#[test]
fn vault_duress_refuses_the_passcode_itself_and_a_demo_vault() {
    let ws = Workspace::with_vault();
    let out = ws
        .command(&["vault", "duress", "--mode", "hide"], Some(PASSCODE))
        .env("SENIM_NEW_PASSCODE", PASSCODE)
        .output()
        .unwrap();
    assert_fails(&out, 1, "must differ from the passcode");

    let demo = Workspace::with_demo_vault();
    let out = set_duress(&demo, "destroy");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error: a demo vault cannot have a duress passcode"));
}
