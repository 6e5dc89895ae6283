//! Logs hold no personal data, no passcode and no key, even with every level on.
//!
//! A whole team flow runs through the real `senim` binary with `-vv` and
//! `RUST_LOG=trace` on every command, against a real `senim hub serve` process with
//! `RUST_LOG=trace`, through a proxy that keeps a copy of every request: a lead creates
//! a team, a device-bound worker joins, the worker writes notes (canaries in the text,
//! the place and the tags), a subject with a canary alias, an interview about it and a
//! referral with a canary reason; both sync both ways, the lead searches for a canary
//! word, a wrong canary passcode is tried, and a revoked worker is refused by the hub.
//!
//! Then every byte the CLI and the hub wrote on standard error is scanned for each
//! canary (and its unique token alone, as in `canary.rs`), each passcode, the join and
//! welcome codes, and the hex, base32 and base64 renderings (whole, and their first 16
//! characters) and the `Debug` rendering of: the worker's device secret, the public and
//! sealed keys the codes carry, and the signature and nonce of every request. The logs
//! must not be empty: they did log, at every level asked.

use crate::common;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

use data_encoding::{
    BASE32, BASE32_NOPAD, BASE64, BASE64_NOPAD, BASE64URL, BASE64URL_NOPAD, Encoding, HEXLOWER,
    HEXUPPER,
};
use senim_protocol::team::{JoinRequest, Welcome};
use senim_records::{AgeBand, Gender, RecordBody, Subject};
use senim_tests::cli::{request_code, welcome_code};
use senim_tests::{CutProxy, HubProcess, senim_binary};
use senim_vault::{SoftwareKeyStore, Vault};
use serde_json::{Value, json};

use common::Canaries;

const FORM: &str = "central_asia_screening";

/// What every command wrote on standard error, named by device and command.
#[derive(Default)]
struct Logs(RefCell<Vec<(String, Vec<u8>)>>);

/// One device driven through the binary with every log level on.
struct Device<'l> {
    name: &'static str,
    dir: tempfile::TempDir,
    passcode: String,
    logs: &'l Logs,
}

impl<'l> Device<'l> {
    fn new(name: &'static str, passcode: String, logs: &'l Logs) -> Device<'l> {
        Device {
            name,
            dir: tempfile::tempdir().expect("temp dir"),
            passcode,
            logs,
        }
    }

    fn vault_dir(&self) -> PathBuf {
        self.dir.path().join("vault")
    }

    fn keystore_dir(&self) -> PathBuf {
        self.dir.path().join("keystore")
    }

    /// `senim -vv --vault … --keystore … <args>` with `RUST_LOG=trace`; its standard
    /// error goes into the logs.
    fn run_with(&self, args: &[&str], passcode: &str) -> Output {
        let out = Command::new(senim_binary())
            .arg("-vv")
            .arg("--vault")
            .arg(self.vault_dir())
            .arg("--keystore")
            .arg(self.keystore_dir())
            .args(args)
            .env("RUST_LOG", "trace")
            .env("SENIM_PASSCODE", passcode)
            .env_remove("SENIM_NEW_PASSCODE")
            // OWASP's minimum key derivation, as tests/src/cli.rs (ADR 0037).
            .env("SENIM_DEBUG_KDF", "owasp-minimum")
            .stdin(Stdio::null())
            .output()
            .expect("run senim");
        // Named by its command words, not by its values (which are canaries).
        let words: Vec<&str> = args
            .iter()
            .copied()
            .filter(|a| !a.starts_with('-'))
            .take(2)
            .collect();
        let label = format!("{}: senim {}", self.name, words.join(" "));
        self.logs.0.borrow_mut().push((label, out.stderr.clone()));
        out
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run_with(args, &self.passcode);
        assert!(
            out.status.success(),
            "{} senim {args:?} failed: {}",
            self.name,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    /// `senim team approve REQUEST --verify WORDS`, the words being the ones the new
    /// device shows (as a lead reads them off its screen): the welcome line.
    fn approve(&self, request: &str) -> String {
        self.ok(&[
            "team",
            "approve",
            request.trim(),
            "--verify",
            &request_code(request),
        ])
    }

    /// `senim team join WELCOME --verify WORDS`, the words being the ones the lead
    /// shows for the welcome.
    fn join(&self, welcome: &str) -> String {
        self.ok(&[
            "team",
            "join",
            welcome.trim(),
            "--verify",
            &welcome_code(welcome),
        ])
    }

    /// With `--json`: standard output is JSON and nothing else, logs included.
    fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.ok(&all)).expect("only JSON on standard output")
    }

    /// Adds a subject through the core (the CLI has no command for one).
    fn add_subject(&self, alias: &str) -> String {
        let keystore = Arc::new(SoftwareKeyStore::in_dir(self.keystore_dir()));
        let mut vault = Vault::open(self.vault_dir(), Some(keystore)).expect("open the vault");
        vault.unlock(self.passcode.as_bytes()).expect("unlock");
        let id = vault
            .add(RecordBody::Subject(Subject {
                alias: alias.to_string(),
                age_band: Some(AgeBand::From25To34),
                gender: Some(Gender::Female),
                nationality: Some("UZ".into()),
                languages: vec!["ru".into()],
                contact_preference: None,
            }))
            .expect("add a subject");
        vault.lock().expect("lock");
        id.to_string()
    }
}

/// Every required question of the bundled form answered, every yes/no one "no".
fn answers(form: &Value) -> Value {
    let mut answers = serde_json::Map::new();
    for section in form["sections"].as_array().expect("sections") {
        for q in section["questions"].as_array().expect("questions") {
            let id = q["id"].as_str().expect("id").to_string();
            match q["type"].as_str().expect("type") {
                "yes_no" => {
                    answers.insert(id, json!("no"));
                }
                "single_choice" | "multiple_choice" if q["required"] == true => {
                    answers.insert(id, q["options"][0]["id"].clone());
                }
                _ => {}
            }
        }
    }
    Value::Object(answers)
}

/// The ways key bytes could be printed: hex, base32 and base64 in their usual
/// variants, whole and their first 16 characters (a shortened rendering), and the start
/// of Rust's `Debug` of a byte slice.
fn renderings(bytes: &[u8]) -> Vec<String> {
    assert!(bytes.len() >= 8, "key material is at least 8 bytes");
    let encodings: [&Encoding; 8] = [
        &HEXLOWER,
        &HEXUPPER,
        &BASE32,
        &BASE32_NOPAD,
        &BASE64,
        &BASE64_NOPAD,
        &BASE64URL,
        &BASE64URL_NOPAD,
    ];
    let mut out = Vec::new();
    for encoding in encodings {
        let text = encoding.encode(bytes);
        out.push(text[..16].to_string());
        out.push(text);
    }
    out.push(BASE32_NOPAD.encode(bytes).to_lowercase()[..16].to_string());
    out.push(
        format!("{:?}", &bytes[..8])
            .trim_end_matches(']')
            .to_string(),
    );
    out
}

/// The values of the signature and nonce headers of every request sent.
fn signatures_and_nonces(requests: &[u8]) -> Vec<Vec<u8>> {
    let text = String::from_utf8_lossy(requests);
    text.lines()
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            let name = name.trim().to_ascii_lowercase();
            (name == "x-senim-signature" || name == "x-senim-nonce")
                .then(|| HEXLOWER.decode(value.trim().as_bytes()).ok())
                .flatten()
        })
        .collect()
}

/// The key material a join request or a welcome code carries, with the code itself and
/// the start of its base32 part.
fn code_needles(code: &str) -> Vec<String> {
    let code = code.trim();
    let payload = code.split_once(':').map_or(code, |(_, p)| p);
    let mut out = vec![code.to_string(), payload[..24].to_string()];
    if let Ok(request) = JoinRequest::decode(code) {
        out.extend(renderings(&request.public().signing_key));
        out.extend(renderings(&request.public().agreement_key));
    }
    if let Ok(welcome) = Welcome::decode(code) {
        for key in welcome.keys() {
            out.extend(renderings(&key.ephemeral));
            out.extend(renderings(&key.blob));
        }
    }
    out
}

/// Every log, named.
fn sources_of<'a>(cli: &'a [(String, String)], hub: &'a str) -> Vec<(&'a str, &'a str)> {
    cli.iter()
        .map(|(label, text)| (label.as_str(), text.as_str()))
        .chain([("hub serve", hub)])
        .collect()
}

/// Every file under `dir`, read.
fn files(dir: &Path) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read a directory") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            out.push(std::fs::read(&path).expect("read a file"));
        }
    }
    out
}

#[test]
fn no_log_line_of_a_team_flow_holds_personal_data_a_passcode_or_a_key() {
    let mut c = Canaries::new();
    let root = tempfile::tempdir().expect("temp dir");
    let hub_log = root.path().join("hub.log");
    let hub = HubProcess::start_logging(&root.path().join("hub"), &hub_log, "trace");
    let proxy = CutProxy::recording(hub.addr());
    let url = proxy.url();
    let logs = Logs::default();
    let mut secrets: Vec<String> = Vec::new();

    // The lead creates the team; a device-bound worker joins.
    let lead = Device::new("lead", c.latin("lead-passcode"), &logs);
    let worker = Device::new("worker", c.cyrillic("пароль"), &logs);
    lead.ok(&["vault", "init"]);
    lead.ok(&[
        "team",
        "create",
        "--name",
        &c.latin("team-name"),
        "--hub",
        &url,
        "--as",
        &c.latin("lead-sign"),
    ]);
    worker.ok(&["vault", "init", "--device-bound"]);
    let request = worker.ok(&["team", "request", "--as", &c.latin("worker-sign")]);
    let welcome = lead.approve(&request);
    worker.join(&welcome);
    secrets.extend(code_needles(&request));
    secrets.extend(code_needles(&welcome));

    // The worker records: notes, a subject, an interview about it, a referral.
    let note = worker.ok(&[
        "note",
        "add",
        "--text",
        &format!("{} {}", c.latin("note-text"), c.cyrillic("заметка")),
        "--place",
        &c.latin("place"),
        "--tag",
        &c.lower("tag"),
    ]);
    worker.ok(&[
        "note",
        "edit",
        note.trim(),
        "--text",
        &c.latin("note-edited"),
        "--place",
        &c.cyrillic("место"),
        "--tag",
        &c.lower("tag-edited"),
    ]);
    let subject = worker.add_subject(&c.latin("alias"));
    worker.ok(&[
        "note",
        "add",
        "--text",
        &c.latin("subject-note"),
        "--subject",
        &subject,
    ]);
    let form = worker.json(&["forms", "show", FORM]);
    let answers_file = worker.dir.path().join("answers.json");
    std::fs::write(&answers_file, answers(&form).to_string()).expect("write answers");
    let interview = worker.json(&[
        "interview",
        "run",
        "--form",
        FORM,
        "--lang",
        "ru",
        "--subject",
        &subject,
        "--consent",
        "screening,referral",
        "--recorded-by",
        &c.latin("recorded-by"),
        "--answers",
        answers_file.to_str().expect("UTF-8 path"),
    ]);
    let interview = interview["interview"].as_str().expect("interview id");
    let services = worker.json(&["services", "list"]);
    let service = services["services"][0]["id"].as_str().expect("a service");
    worker.json(&[
        "services",
        "refer",
        "--interview",
        interview,
        "--service",
        service,
        "--reason",
        &c.latin("reason"),
    ]);

    // Sync both ways: the worker's records reach the lead, the lead's note the worker.
    let sent = worker.json(&["sync"]);
    assert!(sent["sent"].as_u64().expect("sent") > 0, "{sent}");
    lead.ok(&["note", "add", "--text", &c.latin("lead-note")]);
    let merged = lead.json(&["sync"]);
    assert!(
        merged["merged_records"].as_u64().expect("merged") >= 5,
        "{merged}"
    );
    let back = worker.json(&["sync"]);
    assert!(
        back["merged_records"].as_u64().expect("merged") >= 1,
        "{back}"
    );
    let found = lead.json(&["records", "search", &c.latin("search")]);
    assert!(found["records"].is_array(), "{found}");
    lead.json(&["records", "list"]);

    // A wrong passcode, itself a canary.
    let wrong = worker.run_with(&["records", "list"], &c.latin("wrong-passcode"));
    assert_eq!(wrong.status.code(), Some(3));

    // A revoked worker is refused by the hub.
    let revoked = Device::new("revoked", c.latin("revoked-passcode"), &logs);
    revoked.ok(&["vault", "init"]);
    let request = revoked.ok(&["team", "request", "--as", &c.latin("revoked-sign")]);
    let welcome = lead.approve(&request);
    revoked.join(&welcome);
    secrets.extend(code_needles(&request));
    secrets.extend(code_needles(&welcome));
    let device = revoked.json(&["vault", "info"])["device_id"]
        .as_str()
        .expect("device id")
        .to_string();
    lead.ok(&["team", "revoke", &device]);
    let refused = revoked.run_with(&["sync"], &revoked.passcode);
    assert_eq!(refused.status.code(), Some(1));

    // The key material: the worker's device secret, every request's signature and
    // nonce (as the proxy saw them).
    let device_secrets = files(&worker.keystore_dir());
    assert!(
        !device_secrets.is_empty(),
        "the worker's vault is device-bound"
    );
    for secret in &device_secrets {
        secrets.extend(renderings(secret));
    }
    let signed = signatures_and_nonces(&proxy.pushed());
    assert!(
        signed.len() >= 20,
        "every request is signed: {}",
        signed.len()
    );
    for value in &signed {
        secrets.extend(renderings(value));
    }

    // They did log, at every level asked, on both sides.
    let cli_logs: Vec<(String, String)> = logs
        .0
        .borrow()
        .iter()
        .map(|(label, bytes)| (label.clone(), String::from_utf8_lossy(bytes).into_owned()))
        .collect();
    let all_cli: String = cli_logs.iter().map(|(_, text)| text.as_str()).collect();
    for expected in [
        " INFO senim: running command=team create",
        " INFO senim::commands::team: sync done",
        "DEBUG senim_cli::hub_client: hub call method=\"POST\" route=\"/v1/teams/{team}/sync\" status=200",
        " INFO senim_cli::hub_client: the hub refused method=\"POST\" route=\"/v1/teams/{team}/sync\" status=403",
        " INFO senim::exit: the command failed exit_code=3",
        "DEBUG senim: done command=note add",
    ] {
        assert!(all_cli.contains(expected), "{expected:?} in the CLI's logs");
    }
    let hub_text = String::from_utf8_lossy(&std::fs::read(&hub_log).expect("hub log")).into_owned();
    for expected in [
        " INFO senim_hub: hub listening",
        "DEBUG senim_hub::routes: request method=\"POST\" route=\"/v1/teams/{team}/sync\" status=200",
        " INFO senim_hub::routes: request refused method=\"POST\" route=\"/v1/teams/{team}/sync\" status=403 code=\"forbidden\"",
        "DEBUG senim_hub::routes: team registered",
        "DEBUG senim_hub::routes: sync session ended",
    ] {
        assert!(hub_text.contains(expected), "{expected:?} in the hub's log");
    }

    // Only Senim's own events are shown: the CRDT library's traces never are.
    for (source, text) in sources_of(&cli_logs, &hub_text) {
        assert!(
            !text.contains("automerge"),
            "{source}: a dependency's event"
        );
    }

    // And none of it holds a canary, a passcode or key material.
    let mut needles = c.needles.clone();
    needles.extend(secrets);
    let mut findings = Vec::new();
    for (source, text) in sources_of(&cli_logs, &hub_text) {
        for needle in &needles {
            if text.contains(needle.as_str()) {
                findings.push(format!("{source}: {needle}"));
            }
        }
    }
    assert!(findings.is_empty(), "found in the logs: {findings:#?}");

    // Control: the scan sees what it looks for (the note's text is in the lead's
    // records, on standard output, where it belongs).
    let listed = lead.ok(&["records", "list", "--kind", "note"]);
    assert!(
        c.needles.iter().any(|n| listed.contains(n.as_str())),
        "the scan's needles are the strings the records hold"
    );
}
