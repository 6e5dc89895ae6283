//! `senim vault wipe`: the panic wipe from the command line. It needs no passcode, never
//! runs unconfirmed, and says what it destroyed.

use crate::common;

use common::*;

#[test]
fn vault_wipe_yes_destroys_the_vault_without_a_passcode_and_says_what_it_removed() {
    let ws = Workspace::with_vault();
    ws.add_note("Passport held by the foreman at site 4", &["construction"]);

    let out = ws.run_with(&["vault", "wipe", "--yes"], None);

    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(
        printed.starts_with("vault wiped: nothing left in "),
        "{printed}"
    );
    assert!(printed.contains("master key:"), "{printed}");
    assert!(printed.contains("senim.db"), "{printed}");
    assert!(!ws.vault_dir().join("senim.db").exists());
    assert_fails(
        &ws.run(&["vault", "info"]),
        4,
        "no vault found at the given location",
    );
}

#[test]
fn vault_wipe_without_yes_off_a_terminal_refuses_and_changes_nothing() {
    let ws = Workspace::with_vault();

    let out = ws.run_with(&["vault", "wipe"], None);

    assert_fails(&out, 1, "refusing to wipe without --yes");
    let info = ws.json(&["vault", "info"]);
    assert_eq!(info["failed_attempts"], 0);
    ws.ok(&["records", "list"]);
}

#[test]
fn vault_wipe_of_a_device_bound_vault_deletes_its_key_store_secret() {
    let ws = Workspace::empty();
    ws.ok(&["vault", "init", "--device-bound"]);
    let secrets = || std::fs::read_dir(ws.keystore_dir()).unwrap().count();
    assert_eq!(secrets(), 1);

    let out = ws.run_with(&["--json", "vault", "wipe", "--yes"], None);

    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["key_material"], "overwritten");
    assert_eq!(report["device_secret"], "deleted");
    assert!(
        report["removed"]
            .as_array()
            .unwrap()
            .contains(&"senim.db".into())
    );
    assert_eq!(secrets(), 0);
}

#[test]
fn vault_wipe_where_there_is_no_vault_fails_with_exit_code_4() {
    let ws = Workspace::empty();

    assert_fails(
        &ws.run_with(&["vault", "wipe", "--yes"], None),
        4,
        "no vault found",
    );
}
