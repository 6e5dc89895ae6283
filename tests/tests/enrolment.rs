//! Verified enrolment through the `senim` binary against a real hub process: a join
//! request and a welcome each show a verification code (four words) on both devices,
//! and a code swapped in transit (a messenger in the middle) is refused with
//! `--verify` before anything reaches the hub or the vault.

use senim_tests::HubProcess;
use senim_tests::cli::CliDevice;
use serde_json::Value;

fn start_hub() -> (tempfile::TempDir, HubProcess) {
    let dir = tempfile::tempdir().expect("temp dir");
    let hub = HubProcess::start(&dir.path().join("hub"), &dir.path().join("hub.log"));
    (dir, hub)
}

/// A lead's device with a team on `url`.
fn lead_of(url: &str, team: &str) -> CliDevice {
    let lead = CliDevice::with_vault();
    lead.ok(&[
        "team", "create", "--name", team, "--hub", url, "--as", "lead",
    ]);
    lead
}

/// `senim team request --json`: the request line and its verification code.
fn request(device: &CliDevice, name: &str) -> (String, String) {
    let out = device.json(&["team", "request", "--as", name]);
    (text(&out, "request"), text(&out, "verification"))
}

fn text(json: &Value, field: &str) -> String {
    json[field]
        .as_str()
        .unwrap_or_else(|| panic!("no {field} in {json}"))
        .to_string()
}

fn member_count(lead: &CliDevice) -> usize {
    lead.json(&["team", "members"])["members"]
        .as_array()
        .expect("members")
        .len()
}

fn has_team(device: &CliDevice) -> bool {
    device.run(&["team", "members"]).status.success()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_join_request_swapped_in_transit_is_refused_by_its_verification_code() {
    let (_dir, hub) = start_hub();
    let lead = lead_of(&hub.url(), "Almaty office");
    let worker = CliDevice::with_vault();
    let intruder = CliDevice::with_vault();
    let (_, code) = request(&worker, "aidana");
    // Another device's keys under the same call sign, pasted by the lead instead.
    let (swapped, swapped_code) = request(&intruder, "aidana");
    assert_ne!(
        code, swapped_code,
        "two devices' requests show different codes"
    );

    let out = lead.run(&["team", "approve", &swapped, "--verify", &code]);
    assert!(!out.status.success(), "a swapped request must be refused");
    let err = stderr(&out);
    assert!(err.contains("verification code"), "{err}");
    assert_eq!(member_count(&lead), 1, "nobody was admitted");
}

#[test]
fn the_lead_sees_the_code_the_new_device_shows_and_admits_it() {
    let (_dir, hub) = start_hub();
    let lead = lead_of(&hub.url(), "Almaty office");
    let worker = CliDevice::with_vault();
    let (line, code) = request(&worker, "aidana");
    assert_eq!(code.split(' ').count(), 4, "four words: {code}");

    // As read aloud: other letter case, extra spaces, hyphens.
    let spoken = code.to_uppercase().replace(' ', " - ");
    let out = lead.json(&["team", "approve", &line, "--verify", &spoken]);
    assert_eq!(text(&out, "request_verification"), code);
    assert_eq!(member_count(&lead), 2);
    let welcome = text(&out, "welcome");
    let welcome_code = text(&out, "verification");
    let joined = worker.json(&["team", "join", &welcome, "--verify", &welcome_code]);
    assert_eq!(joined["name"], "Almaty office");
}

#[test]
fn approve_without_a_terminal_or_verify_admits_nobody() {
    let (_dir, hub) = start_hub();
    let lead = lead_of(&hub.url(), "Almaty office");
    let (line, _) = request(&CliDevice::with_vault(), "aidana");
    let out = lead.run(&["team", "approve", &line]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--verify"), "{}", stderr(&out));
    assert_eq!(member_count(&lead), 1);
}

#[test]
fn a_welcome_from_a_rogue_team_is_refused_by_the_real_welcomes_code() {
    let (_dir, hub) = start_hub();
    let lead = lead_of(&hub.url(), "Almaty office");
    // Someone in the middle keeps the request and admits the device into a team of
    // their own with the same name, on the same hub.
    let rogue = lead_of(&hub.url(), "Almaty office");
    let worker = CliDevice::with_vault();
    let (line, code) = request(&worker, "aidana");
    let real = lead.json(&["team", "approve", &line, "--verify", &code]);
    let fake = rogue.json(&["team", "approve", &line, "--verify", &code]);
    let real_code = text(&real, "verification");
    assert_ne!(real_code, text(&fake, "verification"));

    let out = worker.run(&[
        "team",
        "join",
        &text(&fake, "welcome"),
        "--verify",
        &real_code,
    ]);
    assert!(!out.status.success(), "the rogue welcome must be refused");
    assert!(
        stderr(&out).contains("verification code"),
        "{}",
        stderr(&out)
    );
    assert!(!has_team(&worker), "the device joined no team");
    worker.ok(&[
        "team",
        "join",
        &text(&real, "welcome"),
        "--verify",
        &real_code,
    ]);
}

#[test]
fn join_without_a_terminal_or_verify_joins_nothing() {
    let (_dir, hub) = start_hub();
    let lead = lead_of(&hub.url(), "Almaty office");
    let worker = CliDevice::with_vault();
    let (line, code) = request(&worker, "aidana");
    let welcome = text(
        &lead.json(&["team", "approve", &line, "--verify", &code]),
        "welcome",
    );
    let out = worker.run(&["team", "join", &welcome]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("--verify"), "{}", stderr(&out));
    assert!(!has_team(&worker));
}
