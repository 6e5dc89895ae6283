//! Hostile input (issue 7): the proptest versions of the cargo-fuzz targets in `fuzz/`
//! (see docs/fuzzing.md), run in CI by `cargo test`. Each decoder of bytes from outside
//! the device gets arbitrary input and mutations of a valid input (bits flipped, bytes
//! replaced, inserted, removed, the end cut off; JSON documents also get values
//! replaced or removed), and must return a typed error, never panic. Whatever a decoder
//! accepts must encode and decode back to the same value, and valid input must
//! round-trip.
//!
//! Public API only. Cases are few (the JSON documents are 10-115 KB and a vault unlock
//! runs Argon2 at the OWASP minimum), so the file runs in seconds in a debug build;
//! the fuzz targets are where the long runs happen.

use std::path::Path;
use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::sample::Index;
use senim_content::Error as ContentError;
use senim_content::Library;
use senim_content::forms::{Form, expr};
use senim_content::screening::{Directory, RuleSet};
use senim_crypto::SecretKey;
use senim_demo::Error as DemoError;
use senim_demo::scenarios::Scenario;
use senim_protocol::Error as ProtocolError;
use senim_protocol::sync::hub_api::{
    self, MembershipPost, MembershipUpdate, RequestAuth, TeamRegistration,
};
use senim_protocol::sync::{
    Envelope, Header, Message, Payload, RecordChanges, VersionVector, wire,
};
use senim_protocol::team::{
    DeviceId, DeviceKeys, JOIN_PREFIX, JoinRequest, Membership, Role, TeamId, WELCOME_PREFIX,
    Welcome,
};
use senim_records::RecordKind;
use senim_vault::KeyMaterial;
use senim_vault::testing::{Db, HEADER_FILE_LEN, HeaderFile, header_path, read_header};
use senim_vault::{CreateOptions, Error, KdfChoice, KdfParams, Vault};

// ---- mutations ----------------------------------------------------------------------

/// One change to a valid input's bytes.
#[derive(Clone, Debug)]
enum Mutation {
    FlipBit(Index, u8),
    SetByte(Index, u8),
    Insert(Index, Vec<u8>),
    Remove(Index, usize),
    Truncate(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<Index>(), 0u8..8).prop_map(|(at, bit)| Mutation::FlipBit(at, bit)),
        2 => (any::<Index>(), any::<u8>()).prop_map(|(at, b)| Mutation::SetByte(at, b)),
        1 => (any::<Index>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        1 => (any::<Index>(), 1usize..16).prop_map(|(at, n)| Mutation::Remove(at, n)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
    ]
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    prop::collection::vec(mutation(), 1..4)
}

fn mutate(valid: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = valid.to_vec();
    for m in mutations {
        let len = bytes.len();
        match m {
            Mutation::Insert(at, more) => {
                let at = at.index(len + 1);
                bytes.splice(at..at, more.iter().copied());
            }
            _ if len == 0 => {}
            Mutation::FlipBit(at, bit) => bytes[at.index(len)] ^= 1 << bit,
            Mutation::SetByte(at, b) => bytes[at.index(len)] = *b,
            Mutation::Remove(at, n) => {
                let at = at.index(len);
                bytes.drain(at..(at + n).min(len));
            }
            Mutation::Truncate(at) => bytes.truncate(at.index(len)),
        }
    }
    bytes
}

/// One change to a JSON document: a value (picked among all of them, the root
/// included) replaced by another shape, removed from its object or array, or wrapped
/// in an array.
#[derive(Clone, Debug)]
struct JsonMutation {
    at: Index,
    action: u8,
}

fn json_mutations() -> impl Strategy<Value = Vec<JsonMutation>> {
    prop::collection::vec(
        (any::<Index>(), any::<u8>()).prop_map(|(at, action)| JsonMutation { at, action }),
        1..4,
    )
}

fn pointers(value: &serde_json::Value, here: String, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                let k = k.replace('~', "~0").replace('/', "~1");
                pointers(v, format!("{here}/{k}"), out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{here}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(here);
}

fn json_mutate(valid: &serde_json::Value, mutations: &[JsonMutation]) -> Vec<u8> {
    use serde_json::{Value as J, json};
    let mut doc = valid.clone();
    for m in mutations {
        let mut all = Vec::new();
        pointers(&doc, String::new(), &mut all);
        let at = &all[m.at.index(all.len())];
        let replacement = match m.action % 13 {
            0 => J::Null,
            1 => json!(0),
            2 => json!(-1),
            3 => json!(1e300),
            4 => json!(u64::MAX),
            5 => json!(""),
            6 => J::String("é\u{202e}x".repeat(700)),
            7 => json!([]),
            8 => json!({}),
            9 => json!(true),
            10 => json!([doc.pointer(at).cloned().unwrap_or(J::Null)]),
            11 => json!("not (a == \"b\""),
            _ => {
                // Remove it from its parent (the root stays).
                if let Some((parent, last)) = at.rsplit_once('/') {
                    let key = last.replace("~1", "/").replace("~0", "~");
                    match doc.pointer_mut(parent) {
                        Some(J::Object(map)) => {
                            map.remove(&key);
                        }
                        Some(J::Array(items)) => {
                            if let Ok(i) = key.parse::<usize>() {
                                items.remove(i);
                            }
                        }
                        _ => {}
                    }
                }
                continue;
            }
        };
        if let Some(slot) = doc.pointer_mut(at) {
            *slot = replacement;
        }
    }
    serde_json::to_vec(&doc).unwrap()
}

// ---- valid inputs -------------------------------------------------------------------

/// A team with a lead and an admitted worker, and everything made from it.
struct Team {
    worker: DeviceKeys,
    genesis: Membership,
    admitted: Membership,
    join: JoinRequest,
    welcome: Welcome,
    envelope: Envelope,
    messages: Vec<Message>,
    bodies: Vec<Vec<u8>>,
}

static TEAM: LazyLock<Team> = LazyLock::new(|| {
    let team = TeamId::random().unwrap();
    let lead = DeviceKeys::generate(DeviceId::random().unwrap()).unwrap();
    let worker = DeviceKeys::generate(DeviceId::random().unwrap()).unwrap();
    let (genesis, epoch0) = Membership::create(team, "Hostile team", &lead, "lead-1").unwrap();
    let join = JoinRequest::new(&worker, "worker-2").unwrap();
    let admitted = genesis.admit(&lead, &join, Role::Worker).unwrap();
    let welcome = Welcome::issue(
        &lead,
        "https://hub.example.org",
        &admitted,
        worker.device(),
        std::slice::from_ref(&epoch0),
    )
    .unwrap();
    let payload = Payload {
        changes: vec![RecordChanges {
            record: "00112233445566778899aabbccddeeff".parse().unwrap(),
            kind: RecordKind::Subject,
            changes: vec![b"not an automerge change".to_vec()],
        }],
    };
    let key = SecretKey::random().unwrap();
    let envelope = Envelope::seal(
        Header::new(team, lead.device(), 1, 0),
        &payload,
        &key,
        &lead,
    )
    .unwrap();
    let mut vector = VersionVector::new();
    vector.set(lead.device(), 1);
    vector.set(worker.device(), 7);
    let messages = vec![
        Message::Hello {
            format: 1,
            team,
            vector,
        },
        Message::Envelopes {
            envelopes: vec![envelope.clone()],
            done: true,
        },
        Message::Done,
        Message::Error {
            code: 1,
            reason: "protocol".into(),
        },
    ];
    let bodies = vec![
        TeamRegistration {
            list: genesis.to_bytes(),
        }
        .to_bytes(),
        MembershipPost {
            list: admitted.to_bytes(),
            keys: welcome.keys().to_vec(),
        }
        .to_bytes(),
        MembershipUpdate {
            lists: vec![genesis.to_bytes(), admitted.to_bytes()],
            keys: welcome.keys().to_vec(),
        }
        .to_bytes(),
    ];
    Team {
        worker,
        genesis,
        admitted,
        join,
        welcome,
        envelope,
        messages,
        bodies,
    }
});

fn content_file(dir: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core")
        .join(dir);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
}

/// The bundled content documents of one kind, parsed.
struct Documents(Vec<serde_json::Value>);

impl Documents {
    fn load(dir: &str) -> Documents {
        Documents(
            content_file(dir)
                .iter()
                .map(|(_, bytes)| serde_json::from_slice(bytes).unwrap())
                .collect(),
        )
    }

    fn pick(&self, i: &Index) -> &serde_json::Value {
        &self.0[i.index(self.0.len())]
    }
}

static FORMS: LazyLock<Documents> = LazyLock::new(|| Documents::load("content/forms"));
static RULES: LazyLock<Documents> = LazyLock::new(|| Documents::load("content/rules"));
static SERVICES: LazyLock<Documents> = LazyLock::new(|| Documents::load("content/services"));
static SCENARIOS: LazyLock<Documents> = LazyLock::new(|| Documents::load("demo/scenarios"));
static LIBRARY: LazyLock<Library> = LazyLock::new(|| Library::bundled().unwrap());

// ---- join and welcome codes ---------------------------------------------------------

/// A code's payload (after the prefix, base32 and its 4-byte checksum), as
/// `team::codes` writes it.
fn code_payload(prefix: &str, code: &str) -> Vec<u8> {
    let body = code.strip_prefix(prefix).unwrap();
    let mut bytes = data_encoding::BASE32_NOPAD.decode(body.as_bytes()).unwrap();
    bytes.truncate(bytes.len() - 4);
    bytes
}

/// A code around `payload` with a correct checksum (the first 4 bytes of SHA-256 over
/// the prefix and the payload), so that decoding reaches the payload.
fn code_with_checksum(prefix: &str, payload: &[u8]) -> String {
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    ctx.update(prefix.as_bytes());
    ctx.update(payload);
    let mut bytes = payload.to_vec();
    bytes.extend_from_slice(&ctx.finish().as_ref()[..4]);
    format!("{prefix}{}", data_encoding::BASE32_NOPAD.encode(&bytes))
}

fn check_join(text: &str) -> Result<(), TestCaseError> {
    match JoinRequest::decode(text) {
        Ok(request) => {
            prop_assert_eq!(JoinRequest::decode(&request.encode()).unwrap(), request)
        }
        Err(e) => prop_assert!(matches!(e, ProtocolError::InvalidCode { .. }), "{e:?}"),
    }
    Ok(())
}

fn check_welcome(text: &str) -> Result<(), TestCaseError> {
    match Welcome::decode(text) {
        Ok(welcome) => {
            prop_assert_eq!(&Welcome::decode(&welcome.encode()).unwrap(), &welcome);
            let _ = welcome.open(&TEAM.worker);
        }
        Err(e) => prop_assert!(matches!(e, ProtocolError::InvalidCode { .. }), "{e:?}"),
    }
    Ok(())
}

// ---- checks shared by arbitrary and mutated input -----------------------------------

fn check_wire(bytes: &[u8]) -> Result<(), TestCaseError> {
    match wire::decode(bytes) {
        Ok(message) => prop_assert_eq!(wire::decode(&wire::encode(&message)).unwrap(), message),
        Err(e) => prop_assert!(matches!(e, ProtocolError::Protocol(_)), "{e:?}"),
    }
    Ok(())
}

fn check_envelope(bytes: &[u8]) -> Result<(), TestCaseError> {
    match Envelope::from_bytes(bytes) {
        Ok(envelope) => {
            let again = envelope.to_bytes();
            prop_assert_eq!(again.len(), envelope.encoded_len());
            prop_assert!(Envelope::from_bytes(&again).unwrap() == envelope);
        }
        Err(e) => prop_assert!(matches!(e, ProtocolError::Envelope { .. }), "{e:?}"),
    }
    Ok(())
}

fn check_membership(bytes: &[u8]) -> Result<(), TestCaseError> {
    match Membership::from_bytes(bytes) {
        Ok(list) => {
            let _ = list.verify_genesis();
            let _ = list.verify_signed_by_own_lead();
            prop_assert_eq!(Membership::from_bytes(&list.to_bytes()).unwrap(), list);
        }
        Err(e) => prop_assert!(matches!(e, ProtocolError::Membership(_)), "{e:?}"),
    }
    Ok(())
}

/// The same bytes to each hub API body decoder, as the hub and client would.
fn check_hub_bodies(bytes: &[u8]) -> Result<(), TestCaseError> {
    fn refused(e: &ProtocolError) -> bool {
        matches!(e, ProtocolError::InvalidInput { .. })
    }
    match TeamRegistration::from_bytes(bytes) {
        Ok(body) => prop_assert!(TeamRegistration::from_bytes(&body.to_bytes()).unwrap() == body),
        Err(e) => prop_assert!(refused(&e), "{e:?}"),
    }
    match MembershipPost::from_bytes(bytes) {
        Ok(body) => prop_assert!(MembershipPost::from_bytes(&body.to_bytes()).unwrap() == body),
        Err(e) => prop_assert!(refused(&e), "{e:?}"),
    }
    match MembershipUpdate::from_bytes(bytes) {
        Ok(body) => prop_assert!(MembershipUpdate::from_bytes(&body.to_bytes()).unwrap() == body),
        Err(e) => prop_assert!(refused(&e), "{e:?}"),
    }
    Ok(())
}

fn check_expr(source: &str) -> Result<(), TestCaseError> {
    match expr::parse(source) {
        // The documented round trip: `parse(&e.to_string()) == Ok(e)`.
        Ok(e) => prop_assert_eq!(expr::parse(&e.to_string()), Ok(e)),
        Err(e @ expr::ExprError::TooLong { .. }) => {
            prop_assert!(source.len() > expr::MAX_SOURCE_BYTES, "{e:?}")
        }
        Err(e) => prop_assert!(e.position() <= source.len(), "{e:?} in {source:?}"),
    }
    Ok(())
}

fn check_form(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Err(e) = Form::from_json(bytes) {
        prop_assert!(!e.0.is_empty());
        let e = ContentError::from(e);
        prop_assert!(
            matches!(e, ContentError::InvalidContent { what: "form", .. }),
            "{e:?}"
        );
    }
    Ok(())
}

fn check_rules(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Err(e) = RuleSet::from_json(bytes) {
        prop_assert!(
            matches!(&e, ContentError::InvalidContent { problems, .. } if !problems.is_empty()),
            "{e:?}"
        );
    }
    Ok(())
}

fn check_services(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Err(e) = Directory::from_json(bytes) {
        // A mutation that drops a number's `checked` day (or its source) is refused by
        // its own typed error, naming the services and problems, as an invalid one is.
        prop_assert!(
            matches!(&e, ContentError::InvalidContent { problems, .. } if !problems.is_empty())
                || matches!(&e, ContentError::UnsourcedNumber { services, problems }
                    if !services.is_empty() && !problems.is_empty()),
            "{e:?}"
        );
    }
    Ok(())
}

fn check_scenario(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Err(e) = Scenario::from_json(bytes, &LIBRARY) {
        prop_assert!(!e.problems.is_empty());
        let e = DemoError::from(e);
        prop_assert!(
            matches!(
                e,
                DemoError::Content(ContentError::InvalidContent {
                    what: "scenario",
                    ..
                })
            ),
            "{e:?}"
        );
    }
    Ok(())
}

// ---- vault headers ------------------------------------------------------------------

const PASSCODE: &[u8] = b"hostile input passcode";

/// A vault made once (Argon2 at the OWASP minimum, no key store), every file of it kept
/// as bytes (its databases without a write-ahead log). Each case copies them into a
/// directory of its own and edits a header file in place, as a hand-edited file could:
/// what is read before unlock is in the header files (ADR 0033), 256 bytes of fixed
/// layout each, whose every field a case may set to any value of its width (the
/// checksum made anew, so the fields themselves are checked), or whose bytes it may
/// mutate (checksum made anew or not).
struct Template {
    files: Vec<(std::ffi::OsString, Vec<u8>)>,
}

static TEMPLATE: LazyLock<Template> = LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    let options = CreateOptions {
        kdf: KdfChoice::Fixed(KdfParams::OWASP_MINIMUM),
        keystore: None,
        demo: false,
    };
    let mut vault = Vault::create(dir.path(), PASSCODE, options).unwrap();
    vault.lock().unwrap();
    drop(vault);
    let files = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name(), std::fs::read(e.path()).unwrap())
        })
        .collect();
    Template { files }
});

/// The header file's fields a case may set, by index into this list.
const FIELDS: [&str; 14] = [
    "format",
    "vault_id",
    "device_id",
    "kdf_m_kib",
    "kdf_t",
    "kdf_p",
    "salt",
    "uses_keystore",
    "wrapped_master",
    "failed_attempts",
    "last_failure_at",
    "last_failure_clock",
    "wipe_after_failures",
    "wipe_after_idle_days",
];

/// Sets `field` to `value`, cut to the field's width; an optional field is absent for
/// `i64::MIN`. (`last_sync_at` is the optional field after the list's last.)
fn set_field(h: &mut HeaderFile, field: &str, value: i64) {
    let opt = |v: i64| (v != i64::MIN).then_some(v);
    match field {
        "format" => h.format = value as u32,
        "vault_id" => h.vault_id[0] = value as u8,
        "device_id" => h.device_id[15] = value as u8,
        "kdf_m_kib" => h.kdf.m_cost_kib = value as u32,
        "kdf_t" => h.kdf.t_cost = value as u32,
        "kdf_p" => h.kdf.p_cost = value as u32,
        "salt" => h.salt[3] = value as u8,
        "uses_keystore" => h.uses_keystore = value & 1 == 1,
        "wrapped_master" => h.wrapped_master[(value as usize) % 61] ^= 0x5a,
        "failed_attempts" => h.failed_attempts = value as u32,
        "last_failure_at" => h.last_failure_at = opt(value),
        "last_failure_clock" => {
            let boot = senim_vault::clock::os_boot_time().unwrap().boot;
            h.last_failure_clock = opt(value).map(|v| senim_vault::clock::BootTime {
                boot,
                since_boot_ms: v as u64,
            })
        }
        "wipe_after_failures" => h.wipe_after_failures = opt(value).map(|v| v as u32),
        "wipe_after_idle_days" => h.wipe_after_idle_days = opt(value).map(|v| v as u32),
        "last_sync_at" => h.last_sync_at = opt(value),
        other => panic!("no field {other}"),
    }
}

#[derive(Clone, Debug)]
enum HeaderEdit {
    /// Sets a field (picked among all of them) to a value.
    Set(Index, i64),
    /// Sets a field by name.
    SetNamed(&'static str, i64),
    /// Mutates the file's bytes, its checksum made anew after or not.
    Bytes(Vec<Mutation>, bool),
    /// No header file.
    Delete,
}

/// Integers at the edges of what the header's fields hold (and of their types).
fn edge_integer() -> impl Strategy<Value = i64> {
    prop::sample::select(vec![
        0,
        1,
        -1,
        2,
        3,
        9,
        19 * 1024,
        1024 * 1024 + 1,
        i64::from(u32::MAX),
        i64::from(u32::MAX) + 1,
        1_700_000_000,
        i64::MAX,
        i64::MIN,
        i64::MIN + 1,
    ])
}

fn header_edit() -> impl Strategy<Value = HeaderEdit> {
    prop_oneof![
        6 => (any::<Index>(), prop_oneof![any::<i64>(), edge_integer()])
            .prop_map(|(at, v)| HeaderEdit::Set(at, v)),
        3 => (mutations(), any::<bool>()).prop_map(|(m, fix)| HeaderEdit::Bytes(m, fix)),
        1 => Just(HeaderEdit::Delete),
    ]
}

/// Applies `edits` to the header file at `path`.
fn edit(path: &Path, edits: &[HeaderEdit]) {
    for e in edits {
        let field = match e {
            HeaderEdit::Set(at, value) => (FIELDS[at.index(FIELDS.len())], *value),
            HeaderEdit::SetNamed(name, value) => (*name, *value),
            HeaderEdit::Delete => {
                let _ = std::fs::remove_file(path);
                continue;
            }
            HeaderEdit::Bytes(m, fix) => {
                let Ok(bytes) = std::fs::read(path) else {
                    continue;
                };
                let mut bytes = mutate(&bytes, m);
                if *fix && let Ok(fixed) = <[u8; HEADER_FILE_LEN]>::try_from(bytes.as_slice()) {
                    bytes = senim_vault::testing::with_checksum(fixed).to_vec();
                }
                std::fs::write(path, bytes).unwrap();
                continue;
            }
        };
        // A file an earlier edit left unreadable is edited as bytes only.
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let Ok(mut header) = senim_vault::testing::decode_header(&bytes) else {
            continue;
        };
        set_field(&mut header, field.0, field.1);
        std::fs::write(path, header.encode()).unwrap();
    }
}

/// A copy of the template vault with `edits` applied to its header file (and to its
/// decoy's with `decoy_too`).
fn edited_vault(edits: &[HeaderEdit], decoy_too: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in &TEMPLATE.files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    edit(&header_path(dir.path(), Db::Real), edits);
    if decoy_too {
        edit(&header_path(dir.path(), Db::Decoy), edits);
    }
    dir
}

/// Whether unlocking would run Argon2 with parameters other than the template's (which
/// may be up to 1 GiB and 64 passes): then the test does not unlock.
fn costly_kdf(dir: &Path) -> bool {
    read_header(dir, Db::Real)
        .is_ok_and(|h| h.kdf != KdfParams::OWASP_MINIMUM && h.kdf.check().is_ok())
}

/// Opens the edited vault every way a device does: `inspect`, `open`, `info`, then
/// (when `unlock` says so and the KDF is the template's) a wrong and the right passcode.
/// Reading the header must fail only with the header's own errors, the same way for
/// `inspect` and `open`.
fn check_vault(dir: &Path, wrong_first: bool, unlock: bool) -> Result<(), TestCaseError> {
    fn header_error(e: &Error) -> bool {
        matches!(
            e,
            Error::CorruptHeader(_) | Error::UnsupportedFormat { .. } | Error::CorruptDatabase(_)
        )
    }
    let inspected = Vault::inspect(dir);
    if let Err(e) = &inspected {
        prop_assert!(header_error(e), "inspect: {e:?}");
    }
    let unlock = unlock && !costly_kdf(dir);
    match Vault::open(dir, None) {
        Ok(mut vault) => {
            prop_assert!(inspected.is_ok(), "inspect refused what open accepted");
            let _ = vault.info();
            if unlock {
                if wrong_first {
                    prop_assert!(vault.unlock(b"not the passcode").is_err());
                }
                if vault.unlock(PASSCODE).is_ok() {
                    prop_assert!(vault.is_unlocked());
                    vault.info().unwrap();
                    vault.lock().unwrap();
                }
            }
        }
        Err(e) => {
            prop_assert!(header_error(&e), "open: {e:?}");
            prop_assert!(inspected.is_err(), "open refused what inspect accepted");
        }
    }
    Ok(())
}

#[test]
fn the_untouched_vault_template_opens_and_unlocks() {
    let dir = edited_vault(&[], true);
    let info = Vault::inspect(dir.path()).unwrap();
    assert_eq!(info.failed_attempts, 0);
    let mut vault = Vault::open(dir.path(), None).unwrap();
    assert!(matches!(
        vault.unlock(b"not the passcode"),
        Err(Error::WrongPasscode { failures: 1 })
    ));
    // One failure: no delay yet.
    vault.unlock(PASSCODE).unwrap();
    assert!(vault.is_unlocked());
}

/// The header table rebuilt without its types and constraints, so that it admits what
/// the vault's schema refuses: the schema is not the vault's, and the database is
/// refused whole where its pages are read, at unlock (ADR 0033: `inspect` and `open`
/// read only the header file), and still wiped, its key slots destroyed in the header
/// files without trusting SQLite.
#[test]
fn a_header_table_rebuilt_without_its_constraints_is_damage() {
    let dir = edited_vault(&[], false);
    let conn = senim_vault::testing::connect(dir.path(), Db::Real, PASSCODE).unwrap();
    let list: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('header') ORDER BY cid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let list = list.join(", ");
    conn.execute_batch(&format!(
        "BEGIN;
         CREATE TABLE header_untyped ({list});
         INSERT INTO header_untyped SELECT {list} FROM header;
         DROP TABLE header;
         ALTER TABLE header_untyped RENAME TO header;
         COMMIT;"
    ))
    .unwrap();
    drop(conn);
    let mut vault = Vault::open(dir.path(), None).unwrap();
    let result = vault.unlock(PASSCODE).err();
    assert!(
        matches!(result, Some(Error::CorruptDatabase(_))),
        "{result:?}"
    );
    drop(vault);
    let report = Vault::wipe_at(dir.path(), None).unwrap();
    assert_eq!(report.key_material, KeyMaterial::Overwritten);
}

/// Fields holding what their type cannot (the SQL row's wrong types and lengths
/// before; in the header file's fixed layout, a flag that is neither 0 nor 1, a key
/// derivation parameter out of range, padding that is not zeros, a file of another
/// length or with a checksum that does not match): a corrupt header, the same for
/// `inspect` and `open`.
#[test]
fn a_header_field_of_the_wrong_type_or_length_is_a_corrupt_header() {
    let valid = read_header(edited_vault(&[], false).path(), Db::Real)
        .unwrap()
        .encode();
    // Where the key store flag lies: the first byte that differs with it set.
    let mut with_flag = senim_vault::testing::decode_header(&valid).unwrap();
    with_flag.uses_keystore = true;
    let flag = (0..valid.len())
        .find(|&i| valid[i] != with_flag.encode()[i])
        .unwrap();
    let fixed = |edit: &dyn Fn(&mut [u8; HEADER_FILE_LEN])| {
        let mut bytes = valid;
        edit(&mut bytes);
        senim_vault::testing::with_checksum(bytes).to_vec()
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("a flag of 2", fixed(&|b| b[flag] = 2)),
        ("padding not zeros", fixed(&|b| b[HEADER_FILE_LEN - 17] = 1)),
        ("not the magic", fixed(&|b| b[0] = b'X')),
        ("a checksum that does not match", {
            let mut b = valid.to_vec();
            b[20] ^= 1;
            b
        }),
        ("one byte short", valid[..HEADER_FILE_LEN - 1].to_vec()),
        ("one byte long", [&valid[..], &[0]].concat()),
        ("empty", Vec::new()),
    ];
    for (what, bytes) in cases {
        let dir = edited_vault(&[], false);
        std::fs::write(header_path(dir.path(), Db::Real), &bytes).unwrap();
        for result in [
            Vault::inspect(dir.path()).err(),
            Vault::open(dir.path(), None).err(),
        ] {
            assert!(
                matches!(result, Some(Error::CorruptHeader(_))),
                "{what}: {result:?}"
            );
        }
    }
    for (field, value) in [
        ("kdf_m_kib", 1),
        ("kdf_t", 0),
        ("kdf_p", i64::from(u32::MAX)),
    ] {
        let dir = edited_vault(&[HeaderEdit::SetNamed(field, value)], false);
        for result in [
            Vault::inspect(dir.path()).err(),
            Vault::open(dir.path(), None).err(),
        ] {
            assert!(
                matches!(result, Some(Error::CorruptHeader(_))),
                "{field} = {value}: {result:?}"
            );
        }
    }
    let dir = edited_vault(&[HeaderEdit::Delete], false);
    assert!(matches!(
        Vault::open(dir.path(), None),
        Err(Error::CorruptHeader(_))
    ));
    let dir = edited_vault(&[HeaderEdit::SetNamed("format", 2)], false);
    assert!(matches!(
        Vault::open(dir.path(), None),
        Err(Error::UnsupportedFormat { found: 2, .. })
    ));
}

/// Regression: a failure time far in the past made the unlock delay's `now - last`
/// overflow (a panic in debug builds, a wrapped value in release ones). The wait now runs
/// on the boot clock: a reading of this boot at the edges of its field either lets the
/// unlock through (long enough ago) or starts the wait again, never anything else.
#[test]
fn a_failure_time_at_the_edges_of_its_type_never_overflows() {
    for last in [i64::MIN + 1, -1, 0, i64::MAX] {
        let dir = edited_vault(
            &[
                HeaderEdit::SetNamed("failed_attempts", 3),
                HeaderEdit::SetNamed("last_failure_at", last),
                HeaderEdit::SetNamed("last_failure_clock", last),
            ],
            false,
        );
        let mut vault = Vault::open(dir.path(), None).unwrap();
        let result = vault.unlock(PASSCODE);
        if last == 0 {
            // At this boot's start: the 5 s wait has passed (the machine has been up
            // longer than that).
            assert!(result.is_ok(), "{last}: {result:?}");
        } else {
            // Not a reading this boot can have made (in its future, read as the
            // unsigned milliseconds the field holds): the wait starts again, never
            // shorter.
            assert!(
                matches!(result, Err(Error::TooManyAttempts { .. })),
                "{last}: {result:?}"
            );
        }
    }
}

/// Every field a later schema added to the pre-unlock state (the team policy's
/// automatic wipes and the last sync), two at a time at the edges of an integer, then
/// an unlock. A failure "in the future" keeps the unlock from running the KDF, so this
/// stays fast.
#[test]
fn every_added_header_column_at_the_edges_never_panics() {
    let added = [
        "wipe_after_failures",
        "wipe_after_idle_days",
        "last_sync_at",
    ];
    let edges = [1, 2, i64::MIN, i64::MIN + 1, i64::MAX];
    for a in added {
        for b in added {
            for va in edges {
                for vb in edges {
                    let dir = edited_vault(
                        &[
                            HeaderEdit::SetNamed("failed_attempts", 3),
                            HeaderEdit::SetNamed("last_failure_clock", i64::MAX),
                            HeaderEdit::SetNamed(a, va),
                            HeaderEdit::SetNamed(b, vb),
                        ],
                        false,
                    );
                    let Ok(mut vault) = Vault::open(dir.path(), None) else {
                        continue;
                    };
                    let _ = vault.unlock(PASSCODE);
                }
            }
        }
    }
}

// ---- the properties -----------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn wire_decode_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check_wire(&bytes)?;
    }

    #[test]
    fn wire_decode_takes_any_bytes_after_a_valid_preamble(
        body in prop::collection::vec(any::<u8>(), 0..512),
    ) {
        // Magic and wire format: all of an encoded `Done` but its one postcard byte.
        let mut bytes = wire::encode(&Message::Done);
        bytes.pop();
        bytes.extend(body);
        check_wire(&bytes)?;
    }

    #[test]
    fn wire_decode_takes_mutated_messages(which in any::<Index>(), m in mutations()) {
        let message = &TEAM.messages[which.index(TEAM.messages.len())];
        let valid = wire::encode(message);
        prop_assert_eq!(&wire::decode(&valid).unwrap(), message);
        check_wire(&mutate(&valid, &m))?;
    }

    #[test]
    fn envelope_from_bytes_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check_envelope(&bytes)?;
    }

    #[test]
    fn envelope_from_bytes_takes_mutated_envelopes(m in mutations()) {
        let valid = TEAM.envelope.to_bytes();
        prop_assert!(Envelope::from_bytes(&valid).unwrap() == TEAM.envelope);
        check_envelope(&mutate(&valid, &m))?;
    }

    #[test]
    fn membership_from_bytes_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check_membership(&bytes)?;
    }

    #[test]
    fn membership_from_bytes_takes_mutated_lists(admitted in any::<bool>(), m in mutations()) {
        let list = if admitted { &TEAM.admitted } else { &TEAM.genesis };
        let valid = list.to_bytes();
        prop_assert_eq!(&Membership::from_bytes(&valid).unwrap(), list);
        check_membership(&mutate(&valid, &m))?;
    }

    #[test]
    fn hub_bodies_take_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check_hub_bodies(&bytes)?;
    }

    #[test]
    fn hub_bodies_take_mutated_bodies(which in any::<Index>(), m in mutations()) {
        let valid = &TEAM.bodies[which.index(TEAM.bodies.len())];
        check_hub_bodies(valid)?;
        check_hub_bodies(&mutate(valid, &m))?;
    }

    #[test]
    fn hub_headers_take_any_text(values in prop::collection::vec("\\PC{0,140}", 7)) {
        let names = [
            "x-senim-device",
            "x-senim-time",
            "x-senim-nonce",
            "x-senim-signature",
            "x-senim-team",
            "x-senim-body-length",
            "x-senim-body-sha256",
        ];
        let auth = RequestAuth::from_headers(|name| {
            names.iter().position(|n| *n == name).map(|i| values[i].as_str())
        });
        if let Err(e) = auth {
            prop_assert!(matches!(e, ProtocolError::InvalidInput { .. }), "{e:?}");
        }
        let _ = hub_api::parse_session_header(&values[0]);
        let _ = hub_api::parse_team(&values[1]);
    }

    #[test]
    fn join_decode_takes_any_text(text in "\\PC{0,300}") {
        check_join(&text)?;
        check_join(&format!("{JOIN_PREFIX}{text}"))?;
    }

    #[test]
    fn join_decode_takes_mutated_codes(m in mutations(), in_payload in any::<bool>()) {
        let code = TEAM.join.encode();
        prop_assert_eq!(&JoinRequest::decode(&code).unwrap(), &TEAM.join);
        let text = if in_payload {
            code_with_checksum(JOIN_PREFIX, &mutate(&code_payload(JOIN_PREFIX, &code), &m))
        } else {
            String::from_utf8_lossy(&mutate(code.as_bytes(), &m)).into_owned()
        };
        check_join(&text)?;
    }

    #[test]
    fn welcome_decode_takes_any_text(text in "\\PC{0,300}") {
        check_welcome(&text)?;
        check_welcome(&format!("{WELCOME_PREFIX}{text}"))?;
    }

    #[test]
    fn welcome_decode_takes_any_payload_with_a_valid_checksum(
        payload in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        check_welcome(&code_with_checksum(WELCOME_PREFIX, &payload))?;
        check_join(&code_with_checksum(JOIN_PREFIX, &payload))?;
    }

    #[test]
    fn welcome_decode_takes_mutated_codes(m in mutations(), in_payload in any::<bool>()) {
        let code = TEAM.welcome.encode();
        let decoded = Welcome::decode(&code).unwrap();
        prop_assert_eq!(&decoded, &TEAM.welcome);
        prop_assert!(decoded.open(&TEAM.worker).is_ok());
        let text = if in_payload {
            code_with_checksum(
                WELCOME_PREFIX,
                &mutate(&code_payload(WELCOME_PREFIX, &code), &m),
            )
        } else {
            String::from_utf8_lossy(&mutate(code.as_bytes(), &m)).into_owned()
        };
        check_welcome(&text)?;
    }

    #[test]
    fn expr_parse_takes_any_text(source in "\\PC{0,200}") {
        check_expr(&source)?;
    }

    #[test]
    fn expr_parse_takes_grammar_like_text(
        tokens in prop::collection::vec(
            prop::sample::select(vec![
                "a", "b_2", "answered", "selected", "(", ")", ",", "and", "or", "not", "true",
                "false", "==", "!=", "<", "<=", ">", ">=", "\"x\"", "\"\\\"\"", "-1", "42",
                "99999999999999999999", " ", "\"", "\\", "=",
            ]),
            0..40,
        ),
    ) {
        check_expr(&tokens.join(" "))?;
        check_expr(&tokens.concat())?;
    }

    #[test]
    fn expr_parse_takes_mutated_expressions(which in any::<Index>(), m in mutations()) {
        let sources = [
            "age_group == \"age_under_18\"",
            "job_different == \"yes\" and not (pay_withheld == \"no\")",
            "selected(help_wanted, \"legal\") or debt_amount >= 1000",
            "answered(employer) and not (documents_held != \"no\") and true",
        ];
        let valid = sources[which.index(sources.len())];
        prop_assert!(expr::parse(valid).is_ok());
        check_expr(&String::from_utf8_lossy(&mutate(valid.as_bytes(), &m)))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn content_loaders_take_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check_form(&bytes)?;
        check_rules(&bytes)?;
        check_services(&bytes)?;
        check_scenario(&bytes)?;
    }

    #[test]
    fn form_from_json_takes_mutated_forms(
        which in any::<Index>(),
        json in json_mutations(),
        bytes in mutations(),
    ) {
        let valid = FORMS.pick(&which);
        check_form(&json_mutate(valid, &json))?;
        check_form(&mutate(&serde_json::to_vec(valid).unwrap(), &bytes))?;
    }

    #[test]
    fn rules_from_json_takes_mutated_rule_sets(
        which in any::<Index>(),
        json in json_mutations(),
        bytes in mutations(),
    ) {
        let valid = RULES.pick(&which);
        check_rules(&json_mutate(valid, &json))?;
        check_rules(&mutate(&serde_json::to_vec(valid).unwrap(), &bytes))?;
    }

    #[test]
    fn services_from_json_takes_mutated_directories(
        which in any::<Index>(),
        json in json_mutations(),
        bytes in mutations(),
    ) {
        let valid = SERVICES.pick(&which);
        check_services(&json_mutate(valid, &json))?;
        check_services(&mutate(&serde_json::to_vec(valid).unwrap(), &bytes))?;
    }

    #[test]
    fn scenario_from_json_takes_mutated_scenarios(
        which in any::<Index>(),
        json in json_mutations(),
        bytes in mutations(),
    ) {
        let valid = SCENARIOS.pick(&which);
        check_scenario(&json_mutate(valid, &json))?;
        check_scenario(&mutate(&serde_json::to_vec(valid).unwrap(), &bytes))?;
    }
}

#[test]
fn the_bundled_content_loads() {
    for (name, bytes) in content_file("content/forms") {
        Form::from_json(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    for (name, bytes) in content_file("content/rules") {
        RuleSet::from_json(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    for (name, bytes) in content_file("content/services") {
        Directory::from_json(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    for (name, bytes) in content_file("demo/scenarios") {
        Scenario::from_json(&bytes, &LIBRARY).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn vault_open_takes_any_header_values(
        edits in prop::collection::vec(header_edit(), 1..6),
        decoy_too in any::<bool>(),
        wrong_first in any::<bool>(),
        unlock in any::<bool>(),
    ) {
        let dir = edited_vault(&edits, decoy_too);
        check_vault(dir.path(), wrong_first, unlock)?;
    }

    /// The fields unlocking computes with (the failure count and time, and every column
    /// a later migration added, such as the team policy's automatic wipes), at the
    /// edges of their types.
    #[test]
    fn vault_unlock_takes_extreme_counters(
        failed in edge_integer(),
        last_failure in edge_integer(),
        extra in prop::collection::vec(prop::option::of(edge_integer()), 3),
        wrong_first in any::<bool>(),
    ) {
        let mut edits = vec![
            HeaderEdit::SetNamed("failed_attempts", failed),
            HeaderEdit::SetNamed("last_failure_at", last_failure),
            HeaderEdit::SetNamed("last_failure_clock", last_failure),
        ];
        let added = ["wipe_after_failures", "wipe_after_idle_days", "last_sync_at"];
        for (field, value) in added.into_iter().zip(&extra) {
            edits.push(HeaderEdit::SetNamed(field, value.unwrap_or(i64::MIN)));
        }
        let dir = edited_vault(&edits, false);
        check_vault(dir.path(), wrong_first, true)?;
    }
}

// ---- team orders (policy and purge) and the orders page -------------------------------

struct Orders {
    list: Membership,
    valid: Vec<Vec<u8>>,
}

static ORDERS: LazyLock<Orders> = LazyLock::new(|| {
    use senim_protocol::team::{
        OrderBody, Place, PurgeOrder, PurgeReason, Retention, SealedIds, TeamOrder, TeamPolicy,
    };
    let lead = DeviceKeys::generate(DeviceId::random().unwrap()).unwrap();
    let (list, _) =
        Membership::create(TeamId::random().unwrap(), "Hostile team", &lead, "lead-1").unwrap();
    let policy = TeamOrder::issue(
        &list,
        &lead,
        1,
        1_800_000_000,
        OrderBody::Policy(TeamPolicy {
            retention: vec![Retention {
                kind: RecordKind::Referral,
                days: 365,
            }],
            wipe_after_failed_unlocks: Some(10),
            wipe_after_days_without_sync: Some(30),
        }),
    )
    .unwrap();
    let purge = TeamOrder::issue(
        &list,
        &lead,
        2,
        1_800_000_100,
        OrderBody::Purge(PurgeOrder {
            reason: PurgeReason::Erasure,
            places: vec![
                Place {
                    device: lead.device(),
                    seq: 1,
                },
                Place {
                    device: lead.device(),
                    seq: 4,
                },
            ],
            records: SealedIds {
                epoch: 0,
                sealed: vec![0x01; 61],
            },
        }),
    )
    .unwrap();
    let page = hub_api::OrdersPage {
        orders: vec![policy.to_bytes(), purge.to_bytes()],
    };
    Orders {
        list,
        valid: vec![policy.to_bytes(), purge.to_bytes(), page.to_bytes()],
    }
});

/// An order as the hub and devices read one: decoded, then verified; a page as the
/// client reads one. Refusals are typed; a decoded order round-trips.
fn check_order(bytes: &[u8]) -> Result<(), TestCaseError> {
    use senim_protocol::team::TeamOrder;
    match TeamOrder::from_bytes(bytes) {
        Ok(order) => {
            if let Err(e) = order.verify(&ORDERS.list) {
                prop_assert!(matches!(e, ProtocolError::Order(_)), "{e:?}");
            }
            prop_assert_eq!(TeamOrder::from_bytes(&order.to_bytes()).unwrap(), order);
        }
        Err(e) => prop_assert!(
            matches!(
                e,
                ProtocolError::Order(_) | ProtocolError::InvalidInput { .. }
            ),
            "{e:?}"
        ),
    }
    match hub_api::OrdersPage::from_bytes(bytes) {
        Ok(page) => {
            for o in &page.orders {
                let _ = TeamOrder::from_bytes(o);
            }
        }
        Err(e) => prop_assert!(matches!(e, ProtocolError::InvalidInput { .. }), "{e:?}"),
    }
    Ok(())
}

#[test]
fn the_valid_orders_verify() {
    use senim_protocol::team::TeamOrder;
    for bytes in &ORDERS.valid[..2] {
        TeamOrder::from_bytes(bytes)
            .unwrap()
            .verify(&ORDERS.list)
            .unwrap();
    }
    assert_eq!(
        hub_api::OrdersPage::from_bytes(&ORDERS.valid[2])
            .unwrap()
            .orders
            .len(),
        2
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn team_orders_take_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check_order(&bytes)?;
    }

    #[test]
    fn team_orders_take_mutated_orders(which in any::<Index>(), m in mutations()) {
        let valid = &ORDERS.valid[which.index(ORDERS.valid.len())];
        check_order(valid)?;
        check_order(&mutate(valid, &m))?;
    }
}
