//! Writes valid seed inputs for the fuzz targets that cannot be seeded by copying a file
//! (codes, envelopes, membership lists, hub bodies, wire messages, handoff files, skip
//! logic expressions) and copies the bundled content JSON for the others.
//!
//!     cargo +nightly run --manifest-path fuzz/Cargo.toml --example seeds
//!     cargo +nightly run --manifest-path fuzz/Cargo.toml --example seeds -- vault_header
//!
//! With a target name, only that target's generated seeds are written (`vault_header`
//! only so far: its seeds are fixed bytes, so this leaves the other corpora alone).
//!
//! Idempotent: each seed is written under a fixed name (`seed-*`), replacing the last
//! run's. Keys are random, so the bytes differ from run to run.

use std::fs;
use std::path::{Path, PathBuf};

use senim_content::Library;
use senim_crypto::SecretKey;
use senim_handoff::{self as handoff, HandoffKey, HandoffOptions};
use senim_records::{PageRequest, RecordFilter, RecordKind};
use senim_protocol::sync::hub_api::{MembershipPost, MembershipUpdate, TeamRegistration};
use senim_protocol::sync::{Envelope, Header, Message, Payload, RecordChanges, VersionVector, wire};
use senim_protocol::team::{
    DeviceId, DeviceKeys, HubPin, JoinRequest, Membership, Role, TeamHub, TeamId, Welcome,
};

/// Must match `PASSPHRASE` in fuzz_targets/handoff_open.rs.
const PASSPHRASE: &str = "senim fuzz passphrase";

fn corpus(target: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(target);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(target: &str, name: &str, bytes: &[u8]) {
    fs::write(corpus(target).join(format!("seed-{name}")), bytes).unwrap();
}

fn copy_dir(target: &str, dir: &str) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core").join(dir);
    for entry in fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            write(target, &name, &fs::read(&path).unwrap());
        }
    }
}

/// Seeds for fuzz_targets/vault_header.rs (its input format is documented there): the
/// untouched header file, each of its bytes set with and without a checksum made anew,
/// a missing and a cut file, and a vault locked out after failed attempts.
fn vault_header() {
    // Where the failed-attempt counter's last byte lies in the header file's layout:
    // magic 3, layout 1, format 4, ids 16 + 16, KDF 12, salt 16, key store flag 1, key
    // slot 61, then the counter (4 bytes, big endian).
    const FAILED_ATTEMPTS_LOW: u8 = 3 + 1 + 4 + 16 + 16 + 12 + 16 + 1 + 61 + 3;
    // flags: 1 = the decoy too, 2 = unlock with a wrong passcode, 4 = with the right
    // one, 8 = checksum made anew, 16 = no header file, 32 = the file cut.
    write("vault_header", "untouched", &[4]);
    write("vault_header", "wrong-then-right", &[6]);
    for at in (0..=255u8).step_by(5) {
        write("vault_header", &format!("byte{at}-fixed"), &[4 | 8, at, 0xff]);
        write("vault_header", &format!("byte{at}-raw"), &[4, at, 0x01]);
    }
    write("vault_header", "no-file", &[4 | 16]);
    write("vault_header", "cut", &[4 | 32, 0, b'S', 1, b'V']);
    write("vault_header", "decoy-too", &[1 | 4 | 8, 100, 0]);
    write(
        "vault_header",
        "locked-out",
        &[2 | 4 | 8, FAILED_ATTEMPTS_LOW, 10],
    );
}

/// A policy order and a purge order of a fresh team, and a page holding both.
fn team_order() {
    use senim_protocol::sync::hub_api::OrdersPage;
    use senim_protocol::team::{
        OrderBody, Place, PurgeOrder, PurgeReason, Retention, SealedIds, TeamOrder, TeamPolicy,
    };
    let lead = DeviceKeys::generate(DeviceId::random().unwrap()).unwrap();
    let (list, _) =
        Membership::create(TeamId::random().unwrap(), "Fuzz team", &lead, "lead-1").unwrap();
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
    write("team_order", "policy", &policy.to_bytes());
    write("team_order", "purge", &purge.to_bytes());
    let page = OrdersPage {
        orders: vec![policy.to_bytes(), purge.to_bytes()],
    };
    write("team_order", "page", &page.to_bytes());
}

/// A team moved to another hub: its list names the hub and pin, and the welcome of a
/// worker admitted afterwards names the same (welcome format 3).
fn moved_team() {
    let team = TeamId::random().unwrap();
    let lead = DeviceKeys::generate(DeviceId::random().unwrap()).unwrap();
    let worker = DeviceKeys::generate(DeviceId::random().unwrap()).unwrap();
    let (genesis, epoch0) = Membership::create(team, "Fuzz team", &lead, "lead-1").unwrap();
    let url = "https://hub2.example.org:7878";
    let pin = HubPin([0x5a; 32]);
    let moved = genesis
        .set_hub(&lead, TeamHub::new(url, Some(pin)).unwrap())
        .unwrap();
    write("membership_from_bytes", "moved", &moved.to_bytes());
    let join = JoinRequest::new(&worker, "worker-2").unwrap();
    let admitted = moved.admit(&lead, &join, Role::Worker).unwrap();
    let welcome = Welcome::issue_pinned(
        &lead,
        url,
        Some(pin),
        &admitted,
        worker.device(),
        std::slice::from_ref(&epoch0),
    )
    .unwrap();
    write("welcome_decode", "welcome-moved", welcome.encode().as_bytes());
}

fn main() {
    if let Some(only) = std::env::args().nth(1) {
        match only.as_str() {
            "vault_header" => vault_header(),
            "team_order" => team_order(),
            "welcome_decode" => moved_team(),
            other => panic!("no seeds of their own for {other}"),
        }
        return;
    }
    vault_header();
    team_order();
    moved_team();

    // Content JSON, as shipped.
    copy_dir("form_from_json", "content/forms");
    copy_dir("rules_from_json", "content/rules");
    copy_dir("services_from_json", "content/services");
    copy_dir("scenario_from_json", "demo/scenarios");

    // Skip-logic expressions, in the syntax the bundled form uses.
    for (i, e) in [
        "age_group == \"age_under_18\"",
        "job_different == \"yes\" and not (pay_withheld == \"no\")",
        "selected(help_wanted, \"legal\") or debt_amount >= 1000",
        "answered(employer) and not (documents_held != \"no\") and true",
    ]
    .iter()
    .enumerate()
    {
        senim_content::forms::expr::parse(e).expect("a seed expression parses");
        write("expr_parse", &format!("{i}"), e.as_bytes());
    }

    // A team: lead, one worker admitted, a welcome for the worker.
    let team = TeamId::random().unwrap();
    let lead = DeviceKeys::generate(DeviceId::random().unwrap()).unwrap();
    let worker = DeviceKeys::generate(DeviceId::random().unwrap()).unwrap();
    let (genesis, epoch0) = Membership::create(team, "Fuzz team", &lead, "lead-1").unwrap();
    let join = JoinRequest::new(&worker, "worker-2").unwrap();
    write("join_decode", "join", join.encode().as_bytes());
    let admitted = genesis.admit(&lead, &join, Role::Worker).unwrap();
    write("membership_from_bytes", "genesis", &genesis.to_bytes());
    write("membership_from_bytes", "admitted", &admitted.to_bytes());
    let welcome = Welcome::issue(
        &lead,
        "https://hub.example.org",
        &admitted,
        worker.device(),
        std::slice::from_ref(&epoch0),
    )
    .unwrap();
    write("welcome_decode", "welcome", welcome.encode().as_bytes());

    // Hub bodies.
    let registration = TeamRegistration {
        list: genesis.to_bytes(),
    };
    write("hub_api_bodies", "registration", &registration.to_bytes());
    let post = MembershipPost {
        list: admitted.to_bytes(),
        keys: welcome.keys().to_vec(),
    };
    write("hub_api_bodies", "membership-post", &post.to_bytes());
    let update = MembershipUpdate {
        lists: vec![genesis.to_bytes(), admitted.to_bytes()],
        keys: welcome.keys().to_vec(),
    };
    write("hub_api_bodies", "membership-update", &update.to_bytes());

    // An envelope (the change bytes are not real automerge changes: from_bytes checks
    // the shape only) and the wire messages around it.
    let key = SecretKey::random().unwrap();
    let record = "00112233445566778899aabbccddeeff".parse().unwrap();
    let payload = Payload {
        changes: vec![RecordChanges {
            record,
            kind: RecordKind::Subject,
            changes: vec![b"not an automerge change".to_vec()],
        }],
    };
    let envelope = Envelope::seal(
        Header::new(team, lead.device(), 1, 0),
        &payload,
        &key,
        &lead,
    )
    .unwrap();
    write("envelope_from_bytes", "envelope", &envelope.to_bytes());
    let mut vector = VersionVector::new();
    vector.set(lead.device(), 1);
    vector.set(worker.device(), 7);
    let messages = [
        (
            "hello",
            Message::Hello {
                format: 1,
                team,
                vector,
            },
        ),
        (
            "envelopes",
            Message::Envelopes {
                envelopes: vec![envelope],
                done: true,
            },
        ),
        ("done", Message::Done),
        (
            "error",
            Message::Error {
                code: 1,
                reason: "protocol".into(),
            },
        ),
    ];
    for (name, m) in &messages {
        write("wire_decode", name, &wire::encode(m));
    }

    // A handoff file: the first referral of a small demo vault that the consent allows.
    let dir = tempfile::tempdir().unwrap();
    let library = Library::bundled().unwrap();
    let settings = senim_demo::vault::DemoSettings::new(7, 200);
    let (vault, _) = senim_demo::vault::create(dir.path(), &library, &settings).unwrap();
    let filter = RecordFilter {
        kind: Some(RecordKind::Referral),
        ..Default::default()
    };
    let page = vault.list(&filter, &PageRequest::first(100)).unwrap();
    eprintln!("{} referrals", page.records.len());
    let options = HandoffOptions::new(HandoffKey::Passphrase(PASSPHRASE.to_string().into()), "en")
        .insecure_fast_for_tests();
    let sealed = page.records.iter().find_map(|r| {
        handoff::export(&vault, &library, r.id, &options)
            .map_err(|e| eprintln!("{e}"))
            .ok()
    });
    match sealed {
        Some(s) => write("handoff_open", "referral", &s.bytes),
        None => eprintln!("no referral in the demo vault could be handed off: no handoff seed"),
    }
    eprintln!("seeds written under {}", corpus("").display());
}
