//! Erasure and retention across a team (ADR 0015): three devices and a real hub
//! process. After a purge has propagated, a canary search of every store finds
//! nothing: each vault's records, every envelope each vault and the hub still hold,
//! opened with the team's keys and decoded change by change, and every byte of every
//! file (vault databases, their WAL and journals, the hub's data) for the purged
//! envelopes' ciphertext and the purged records' sealed documents. A device offline
//! during the purge purges on its next sync; one that joins later gets the other
//! records through the lead's carriers.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{Duration, Utc};
use senim_client::HubClient;
use senim_protocol::Error as ProtocolError;
use senim_protocol::sync::{Envelope, EnvelopeStore, Payload};
use senim_protocol::team::{PurgeReason, Retention, Role, TeamPolicy};
use senim_records::{OutreachNote, RecordBody, RecordId, RecordKind, Subject};
use senim_tests::hub::HubProcess;
use senim_tests::team::{Device, PASSCODE, Team};
use senim_tests::transport::HttpTransport;
use senim_vault::testing::{Db, edit_header};
use senim_vault::{AuditAction, Error, Vault};

use common::random_u64;

fn canary(label: &str) -> String {
    format!("PURGE-CANARY-{label}-{:016x}", random_u64())
}

fn subject(alias: &str) -> RecordBody {
    RecordBody::Subject(Subject {
        alias: alias.to_string(),
        age_band: None,
        gender: None,
        nationality: Some("UZ".into()),
        languages: vec!["uz".into()],
        contact_preference: None,
    })
}

fn note_about(text: &str, subject: Option<RecordId>) -> RecordBody {
    RecordBody::OutreachNote(OutreachNote {
        text: text.to_string(),
        place: None,
        location: None,
        tags: vec![],
        at: Utc::now(),
        subject,
    })
}

/// Every change of every envelope `vault` holds, opened with its team keys and
/// decoded, as text to search.
fn envelope_plaintexts(vault: &Vault) -> Vec<String> {
    let store = vault.sync_store().expect("sync store");
    let mut out = Vec::new();
    for (device, _) in store.vector().expect("vector").iter() {
        for envelope in store
            .envelopes_after(device, 0, usize::MAX)
            .expect("envelopes")
        {
            out.extend(payload_texts(vault, &envelope));
        }
    }
    out
}

fn payload_texts(vault: &Vault, envelope: &Envelope) -> Vec<String> {
    let payload: Payload = vault
        .open_envelope_for_tests(envelope)
        .expect("open an envelope with the team key")
        .expect("the vault holds the envelope's epoch key");
    let mut out = Vec::new();
    for rc in &payload.changes {
        for raw in &rc.changes {
            let change = automerge::Change::try_from(raw.as_slice()).expect("a change");
            out.push(format!("{:?}", change.decode()));
        }
    }
    out
}

/// The hub's envelopes, read from its database, opened with `vault`'s team keys.
fn hub_plaintexts(hub_dir: &Path, vault: &Vault) -> Vec<String> {
    let db = files_under(hub_dir)
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "sqlite3"))
        .expect("the hub's database");
    let conn =
        rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open the hub's database");
    let mut stmt = conn
        .prepare("SELECT bytes FROM envelopes WHERE bytes IS NOT NULL AND length(bytes) > 0")
        .expect("query");
    let rows: Vec<Vec<u8>> = stmt
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<rusqlite::Result<_>>()
        .expect("read rows");
    rows.iter()
        .flat_map(|b| payload_texts(vault, &Envelope::from_bytes(b).expect("an envelope")))
        .collect()
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read a directory") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// Files under `dirs` holding any of `needles` (byte strings).
fn files_holding(dirs: &[&Path], needles: &[Vec<u8>]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for dir in dirs {
        for file in files_under(dir) {
            let bytes = std::fs::read(&file).unwrap_or_default();
            if needles
                .iter()
                .any(|n| bytes.windows(n.len()).any(|w| w == n.as_slice()))
            {
                found.push(file);
            }
        }
    }
    found
}

/// A distinctive slice from the middle of `bytes` (ciphertext: random-looking).
fn slice_of(bytes: &[u8]) -> Vec<u8> {
    let mid = bytes.len() / 2;
    bytes[mid.saturating_sub(24)..(mid + 24).min(bytes.len())].to_vec()
}

/// The sealed document of record `id` as the vault database stores it.
fn sealed_doc(dir: &Path, id: RecordId) -> Vec<u8> {
    common::with_raw_db(dir, |c| {
        c.query_row(
            "SELECT doc FROM records WHERE id = ?1",
            [id.as_bytes().to_vec()],
            |r| r.get(0),
        )
        .expect("the record's row")
    })
}

/// Every envelope ciphertext `dir`'s vault holds that carries one of `ids`.
fn envelopes_carrying(device: &Device, ids: &BTreeSet<RecordId>) -> Vec<Vec<u8>> {
    let store = device.vault.sync_store().unwrap();
    let mut out = Vec::new();
    for (d, _) in store.vector().unwrap().iter() {
        for e in store.envelopes_after(d, 0, usize::MAX).unwrap() {
            let p = device.vault.open_envelope_for_tests(&e).unwrap().unwrap();
            if p.changes.iter().any(|rc| ids.contains(&rc.record)) {
                out.push(e.to_bytes());
            }
        }
    }
    out
}

fn texts_hold(texts: &[String], canaries: &[String]) -> bool {
    texts
        .iter()
        .any(|t| canaries.iter().any(|c| t.contains(c.as_str())))
}

fn records_hold(device: &Device, canaries: &[String]) -> bool {
    let text = format!("{:?}", device.records());
    canaries.iter().any(|c| text.contains(c.as_str()))
}

/// Whether the search index inside the device's database (read through its page key)
/// still finds a canary's random part, or holds its tail in any of its blocks.
fn index_holds(device: &Device, canaries: &[String]) -> bool {
    let conn = senim_vault::testing::connect(&device.dir, Db::Real, senim_tests::team::PASSCODE)
        .expect("open the device's pages");
    let blocks: Vec<Vec<u8>> = conn
        .prepare("SELECT block FROM record_index_data")
        .unwrap()
        .query_map([], |r| r.get::<_, Option<Vec<u8>>>(0))
        .unwrap()
        .filter_map(|b| b.unwrap())
        .collect();
    canaries.iter().any(|c| {
        // The random part: the index holds words lower-cased.
        let word = c.rsplit('-').next().unwrap().to_lowercase();
        let indexed: bool = conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM record_index WHERE record_index MATCH ?1)",
                [format!("\"{word}\"")],
                |r| r.get(0),
            )
            .unwrap();
        let tail = &word.as_bytes()[4..];
        indexed
            || blocks
                .iter()
                .any(|b| b.windows(tail.len()).any(|w| w == tail))
    })
}

/// Everything the canary search covers for one device: its records, its envelopes
/// opened with the team keys, and its search index.
fn device_holds(device: &Device, canaries: &[String]) -> bool {
    records_hold(device, canaries)
        || texts_hold(&envelope_plaintexts(&device.vault), canaries)
        || index_holds(device, canaries)
}

#[test]
fn an_erasure_reaches_every_device_and_the_hub_and_a_canary_search_finds_nothing() {
    let root = tempfile::tempdir().unwrap();
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let mut team = Team::enrol(&root.path().join("devices"), &hub.url(), 2);
    let canaries = vec![canary("alias"), canary("note")];
    let offline_canary = canary("offline-edit");

    // Worker 1 meets the person: a subject, a note about them, and an unrelated note,
    // all in one envelope; then edits the unrelated note (a change that depends on the
    // first envelope's).
    let w1 = &team.devices[1];
    let s = w1.vault.add(subject(&canaries[0])).unwrap();
    let n = w1.vault.add(note_about(&canaries[1], Some(s))).unwrap();
    let keep = w1
        .vault
        .add(note_about("water, bread, blankets", None))
        .unwrap();
    w1.sync(&hub.url()).unwrap();
    w1.vault
        .update(keep, note_about("water, bread, blankets, two coats", None))
        .unwrap();
    team.sync_all();
    let purged: BTreeSet<RecordId> = [s, n].into();
    for d in &team.devices {
        assert!(
            device_holds(d, &canaries),
            "{} must hold the canaries first",
            d.name
        );
    }

    // What must be gone afterwards, byte for byte: the envelopes that carried the
    // purged records (on every store) and the records' sealed documents (per vault).
    let mut needles: Vec<Vec<u8>> = envelopes_carrying(team.lead(), &purged)
        .iter()
        .map(|b| slice_of(b))
        .collect();
    assert!(!needles.is_empty());
    for d in &team.devices {
        for id in &purged {
            needles.push(slice_of(&sealed_doc(&d.dir, *id)));
        }
    }
    assert!(!files_holding(&[root.path()], &needles).is_empty());
    assert!(texts_hold(
        &hub_plaintexts(hub.data_dir(), &team.lead().vault),
        &canaries
    ));

    // Worker 2 goes offline and, not knowing, edits the note about the subject.
    let w2 = &team.devices[2];
    w2.vault
        .update(n, note_about(&offline_canary, Some(s)))
        .unwrap();

    // The lead erases the subject.
    let lead = team.lead();
    let mut t = HttpTransport::new(&hub.url());
    let report = HubClient::new(&lead.vault, &mut t).erase(s).unwrap();
    assert_eq!(report.records, 2);
    assert!(report.envelopes >= 1);
    assert_eq!(
        report.carriers, 1,
        "the unrelated note travelled with the purged ones"
    );
    team.devices[1].sync(&hub.url()).unwrap();
    lead.sync(&hub.url()).unwrap();

    // Lead, worker 1 and the hub: nothing, even with the team's keys.
    let mut all = canaries.clone();
    all.push(offline_canary.clone());
    for d in &team.devices[..2] {
        assert!(
            !device_holds(d, &all),
            "{} still holds purged content",
            d.name
        );
    }
    assert!(!texts_hold(
        &hub_plaintexts(hub.data_dir(), &lead.vault),
        &all
    ));
    let online_dirs = [
        hub.data_dir(),
        team.devices[0].dir.as_path(),
        team.devices[1].dir.as_path(),
    ];
    assert_eq!(files_holding(&online_dirs, &needles), Vec::<PathBuf>::new());
    // Worker 2, offline, still holds them: the search can see them.
    assert!(device_holds(&team.devices[2], &canaries));

    // Worker 2 comes back: the order is applied before anything is sent.
    let report = team.devices[2].sync(&hub.url()).unwrap();
    assert_eq!(report.purged_records, 2);
    for d in &team.devices {
        assert!(
            !device_holds(d, &all),
            "{} still holds purged content",
            d.name
        );
    }
    assert!(!texts_hold(
        &hub_plaintexts(hub.data_dir(), &lead.vault),
        &all
    ));
    assert_eq!(
        files_holding(&[root.path()], &needles),
        Vec::<PathBuf>::new()
    );

    // The unrelated note survives everywhere, both edits; and a device that joins now
    // gets it whole through the lead's carrier.
    let late = team.admit(&root.path().join("devices"), "worker3", Role::Worker);
    team.sync_all();
    for d in &team.devices {
        let records = d.records();
        assert!(!records.contains_key(&s) && !records.contains_key(&n));
        match &records
            .get(&keep)
            .unwrap_or_else(|| panic!("{} lost a note", d.name))
            .body
        {
            RecordBody::OutreachNote(note) => {
                assert_eq!(note.text, "water, bread, blankets, two coats", "{}", d.name)
            }
            other => panic!("{other:?}"),
        }
        assert!(!device_holds(d, &all));
    }
    assert_eq!(
        team.devices[late].vault.apply_waiting().unwrap(),
        0,
        "nothing waits for a purged envelope"
    );

    // The audit log says a purge happened, not what.
    for d in &team.devices[..3] {
        let log = d.vault.audit_log().unwrap();
        let purge = log
            .iter()
            .find(|e| e.action == AuditAction::Purge)
            .unwrap_or_else(|| panic!("{} logged no purge", d.name));
        assert_eq!(purge.record, None);
        let detail = purge.detail.clone().unwrap();
        assert!(
            detail.contains("2 record(s)") && detail.contains("erasure"),
            "{detail}"
        );
        assert!(!detail.contains(&s.to_string()) && !detail.contains(&n.to_string()));
    }
}

#[test]
fn retention_purges_expired_records_and_only_them() {
    let root = tempfile::tempdir().unwrap();
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let team = Team::enrol(&root.path().join("devices"), &hub.url(), 1);
    let old = canary("old-note");
    let w = &team.devices[1];
    let note = w.vault.add(note_about(&old, None)).unwrap();
    let s = w.vault.add(subject("market, row 7")).unwrap();
    team.sync_all();

    let policy = TeamPolicy {
        retention: vec![Retention {
            kind: RecordKind::OutreachNote,
            days: 30,
        }],
        ..TeamPolicy::default()
    };
    let lead = team.lead();
    let mut t = HttpTransport::new(&hub.url());
    HubClient::new(&lead.vault, &mut t)
        .set_policy(policy.clone())
        .unwrap();
    team.sync_all();
    assert_eq!(w.vault.policy().unwrap(), Some(policy.clone()));

    // Nothing is 30 days old yet; 31 days on, the note is and the subject is not
    // (subjects have no rule).
    assert!(
        lead.vault
            .expired_records(&policy, Utc::now())
            .unwrap()
            .is_empty()
    );
    let expired = lead
        .vault
        .expired_records(&policy, Utc::now() + Duration::days(31))
        .unwrap();
    assert_eq!(expired, vec![note]);
    // The lead's syncs look at most every 12 hours (each look reads every record).
    assert_eq!(lead.vault.retention_due(Utc::now()).unwrap(), None);
    assert_eq!(
        lead.vault
            .retention_due(Utc::now() + Duration::days(31))
            .unwrap(),
        Some(vec![note])
    );
    let report = HubClient::new(&lead.vault, &mut t)
        .purge(&expired, PurgeReason::Retention)
        .unwrap();
    assert_eq!(report.records, 1);
    team.sync_all();
    for d in &team.devices {
        assert!(!device_holds(d, std::slice::from_ref(&old)), "{}", d.name);
        assert!(d.records().contains_key(&s), "{} lost the subject", d.name);
    }
    assert!(!texts_hold(
        &hub_plaintexts(hub.data_dir(), &lead.vault),
        std::slice::from_ref(&old)
    ));
    let log = w.vault.audit_log().unwrap();
    assert!(log.iter().any(|e| e.action == AuditAction::Purge
        && e.detail.as_deref().is_some_and(|d| d.contains("retention"))));
}

#[test]
fn only_a_lead_issues_orders_and_a_worker_cannot_erase() {
    let root = tempfile::tempdir().unwrap();
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let team = Team::enrol(&root.path().join("devices"), &hub.url(), 1);
    let w = &team.devices[1];
    let s = w.vault.add(subject("bus station")).unwrap();
    team.sync_all();
    let mut t = HttpTransport::new(&hub.url());
    let err = HubClient::new(&w.vault, &mut t).erase(s).unwrap_err();
    assert!(
        matches!(err.protocol(), Some(ProtocolError::Membership(_))),
        "{err:?}"
    );
    let err = HubClient::new(&w.vault, &mut t)
        .set_policy(TeamPolicy::default())
        .unwrap_err();
    assert!(
        matches!(err.protocol(), Some(ProtocolError::Membership(_))),
        "{err:?}"
    );
    assert!(team.lead().records().contains_key(&s));
}

#[test]
fn the_policy_wipes_a_device_after_too_many_failed_unlocks_or_too_long_without_sync() {
    let root = tempfile::tempdir().unwrap();
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let mut team = Team::enrol(&root.path().join("devices"), &hub.url(), 2);
    let mut t = HttpTransport::new(&hub.url());
    HubClient::new(&team.lead().vault, &mut t)
        .set_policy(TeamPolicy {
            retention: vec![],
            wipe_after_failed_unlocks: Some(3),
            wipe_after_days_without_sync: Some(14),
        })
        .unwrap();
    team.sync_all();

    // Worker 1: three wrong passcodes in a row.
    let w1 = team.devices.remove(1);
    let dir1 = w1.dir.clone();
    let mut v = w1.vault;
    v.lock().unwrap();
    for _ in 0..2 {
        assert!(matches!(
            v.unlock(b"wrong passcode"),
            Err(Error::WrongPasscode { .. })
        ));
    }
    assert!(matches!(
        v.unlock(b"wrong passcode"),
        Err(Error::WipedByPolicy(_))
    ));
    drop(v);
    assert!(matches!(Vault::open(&dir1, None), Err(Error::NoVault)));

    // Worker 2: a correct unlock after more than 14 days without a sync.
    let w2 = team.devices.remove(1);
    let dir2 = w2.dir.clone();
    let mut v = w2.vault;
    v.lock().unwrap();
    v.unlock(PASSCODE).unwrap();
    v.lock().unwrap();
    drop(v);
    // The limits and the last sync are read before unlock: in the header file.
    edit_header(&dir2, Db::Real, |h| {
        h.last_sync_at = Some((Utc::now() - Duration::days(15)).timestamp())
    })
    .unwrap();
    let mut v = Vault::open(&dir2, None).unwrap();
    assert!(matches!(v.unlock(PASSCODE), Err(Error::WipedByPolicy(_))));
    drop(v);
    assert!(matches!(Vault::open(&dir2, None), Err(Error::NoVault)));

    // The lead, who synced a moment ago, unlocks as usual.
    let lead = team.devices.remove(0);
    let dir0 = lead.dir.clone();
    let mut v = lead.vault;
    v.lock().unwrap();
    drop(v);
    let mut v = Vault::open(&dir0, None).unwrap();
    v.unlock(PASSCODE).unwrap();
}

#[test]
fn the_days_without_sync_wipe_never_applies_to_a_lead() {
    // Whoever keeps a team's syncs failing (the hub's operator, a network in the way)
    // must not be able to wipe the devices that hold the team's keys for good.
    let root = tempfile::tempdir().unwrap();
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let mut team = Team::enrol(&root.path().join("devices"), &hub.url(), 1);
    let mut t = HttpTransport::new(&hub.url());
    HubClient::new(&team.lead().vault, &mut t)
        .set_policy(TeamPolicy {
            retention: vec![],
            wipe_after_failed_unlocks: None,
            wipe_after_days_without_sync: Some(14),
        })
        .unwrap();
    team.sync_all();
    let lead = team.devices.remove(0);
    assert_eq!(lead.vault.idle_wipe_days_left(Utc::now()).unwrap(), None);
    let worker = team.devices.remove(0);
    // Fourteen days allowed, a sync a moment ago: 14 whole days left, or 13 once a
    // second has passed.
    let left = worker.vault.idle_wipe_days_left(Utc::now()).unwrap();
    assert!(matches!(left, Some(13 | 14)), "{left:?}");

    // A lead's vault written before leads were exempt still carries the limit in its
    // header: the next unlock clears it.
    let lead_dir = lead.dir.clone();
    drop(lead.vault);
    edit_header(&lead_dir, Db::Real, |h| h.wipe_after_idle_days = Some(14)).unwrap();
    let mut reopened = Vault::open(&lead_dir, None).unwrap();
    assert!(reopened.idle_wipe_days_left(Utc::now()).unwrap().is_some());
    reopened.unlock(PASSCODE).unwrap();
    assert_eq!(reopened.idle_wipe_days_left(Utc::now()).unwrap(), None);
    let lead = senim_tests::Device {
        vault: reopened,
        ..lead
    };

    for device in [lead, worker] {
        let dir = device.dir.clone();
        drop(device.vault);
        edit_header(&dir, Db::Real, |h| {
            h.last_sync_at = Some((Utc::now() - Duration::days(60)).timestamp())
        })
        .unwrap();
        let mut v = Vault::open(&dir, None).unwrap();
        let outcome = v.unlock(PASSCODE);
        if device.name == "lead" {
            outcome.expect("a lead's device unlocks after 60 days without a sync");
        } else {
            assert!(
                matches!(outcome, Err(Error::WipedByPolicy(_))),
                "{outcome:?}"
            );
        }
    }
}

#[test]
fn a_change_to_a_purged_record_sealed_before_the_purge_is_purged_by_the_leads_next_sync() {
    let root = tempfile::tempdir().unwrap();
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let team = Team::enrol(&root.path().join("devices"), &hub.url(), 2);
    let late_edit = canary("sealed-before-the-purge");
    let (w1, w2) = (&team.devices[1], &team.devices[2]);
    let s = w1.vault.add(subject("border post, gate 3")).unwrap();
    team.sync_all();

    // Worker 2 edits the subject and seals the change into its log, but the upload
    // never happens before the lead's purge.
    w2.vault
        .update(s, subject(&format!("border post, gate 3, {late_edit}")))
        .unwrap();
    w2.vault.seal_outbox().unwrap();
    let mut t = HttpTransport::new(&hub.url());
    HubClient::new(&team.lead().vault, &mut t).erase(s).unwrap();

    // Worker 2 applies the order, then uploads the envelope it already sealed: the
    // hub holds the late change until a lead sees it.
    w2.sync(&hub.url()).unwrap();
    assert!(texts_hold(
        &hub_plaintexts(hub.data_dir(), &team.lead().vault),
        std::slice::from_ref(&late_edit)
    ));
    // The lead's next sync drops the change and purges that envelope too.
    let report = team.lead().sync(&hub.url()).unwrap();
    assert!(
        report.orders >= 2,
        "a follow-up order was issued: {report:?}"
    );
    assert_eq!(team.lead().vault.purge_followups().unwrap(), 0);
    team.sync_all();
    let all = [late_edit];
    for d in &team.devices {
        assert!(
            !device_holds(d, &all),
            "{} still holds purged content",
            d.name
        );
        assert!(!d.records().contains_key(&s));
    }
    assert!(!texts_hold(
        &hub_plaintexts(hub.data_dir(), &team.lead().vault),
        &all
    ));
}

#[test]
fn a_device_that_joins_after_a_key_rotation_applies_older_purge_orders() {
    let root = tempfile::tempdir().unwrap();
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let mut team = Team::enrol(&root.path().join("devices"), &hub.url(), 2);
    let gone = canary("erased-in-epoch-0");
    let w1 = &team.devices[1];
    let s = w1.vault.add(subject(&gone)).unwrap();
    let keep = w1
        .vault
        .add(note_about("blankets for the night bus", None))
        .unwrap();
    team.sync_all();
    let mut t = HttpTransport::new(&hub.url());
    HubClient::new(&team.lead().vault, &mut t).erase(s).unwrap();
    // Revoking worker 2 moves the team to epoch 1 before the new device joins.
    let revoked = team.devices[2].vault.device_public().unwrap().device;
    HubClient::new(&team.lead().vault, &mut t)
        .revoke(revoked)
        .unwrap();
    team.devices.remove(2);
    // With the earlier epoch's key, so that it reads what was written before it joined.
    let late = team.admit_with_history(&root.path().join("devices"), "worker3", Role::Worker);
    team.sync_all();
    let d = &team.devices[late];
    assert_eq!(d.vault.orders_applied().unwrap(), 1);
    assert!(d.records().contains_key(&keep));
    assert!(!d.records().contains_key(&s));
    assert!(!device_holds(d, std::slice::from_ref(&gone)));
}

#[test]
fn a_purged_record_stays_purged_after_the_device_changes_its_passcode() {
    let root = tempfile::tempdir().unwrap();
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let mut team = Team::enrol(&root.path().join("devices"), &hub.url(), 2);
    let late_edit = canary("arrives-after-the-rotation");
    let s = team.devices[1]
        .vault
        .add(subject("border post, gate 5"))
        .unwrap();
    team.sync_all();
    // Worker 2 seals a change before the purge and uploads it only after.
    team.devices[2]
        .vault
        .update(s, subject(&format!("border post, gate 5, {late_edit}")))
        .unwrap();
    team.devices[2].vault.seal_outbox().unwrap();
    let mut t = HttpTransport::new(&hub.url());
    HubClient::new(&team.lead().vault, &mut t).erase(s).unwrap();
    team.devices[1].sync(&hub.url()).unwrap();
    assert!(!team.devices[1].records().contains_key(&s));

    // Worker 1 changes its passcode: the master key, and with it the blind index key,
    // is replaced; the purged record's tag must still match.
    team.devices[1]
        .vault
        .change_passcode(PASSCODE, b"another passcode 5")
        .unwrap();
    team.devices[2].sync(&hub.url()).unwrap();
    team.devices[1].sync(&hub.url()).unwrap();
    // The late change is dropped (no row for the record) and the envelope noted for
    // the lead's follow-up purge, as before the change.
    let w1 = &team.devices[1];
    assert!(
        matches!(w1.vault.get(s), Err(Error::RecordNotFound(_))),
        "the purged record came back"
    );
    assert!(!records_hold(w1, std::slice::from_ref(&late_edit)));
    assert_eq!(w1.vault.purge_followups().unwrap(), 1);
}

#[test]
fn a_team_with_a_purge_is_rehomed_on_an_empty_hub_and_the_purged_content_is_nowhere_there() {
    let root = tempfile::tempdir().unwrap();
    let mut old = HubProcess::start(&root.path().join("old"), &root.path().join("old.log"));
    let team = Team::enrol(&root.path().join("devices"), &old.url(), 2);
    let canaries = vec![canary("alias"), canary("note")];

    // Worker 1 writes about a person, and more after it: its log goes on past the
    // envelopes the purge will empty.
    let w1 = &team.devices[1];
    let s = w1.vault.add(subject(&canaries[0])).unwrap();
    let n = w1.vault.add(note_about(&canaries[1], Some(s))).unwrap();
    w1.sync(&old.url()).unwrap();
    w1.vault
        .add(note_about("worker 1: before the erasure", None))
        .unwrap();
    team.sync_all();
    let purged: BTreeSet<RecordId> = [s, n].into();
    let needles: Vec<Vec<u8>> = envelopes_carrying(team.lead(), &purged)
        .iter()
        .map(|b| slice_of(b))
        .collect();
    assert!(!needles.is_empty());
    let mut t = HttpTransport::new(&old.url());
    HubClient::new(&team.lead().vault, &mut t).erase(s).unwrap();
    team.sync_all();
    for d in &team.devices {
        d.vault
            .add(note_about(&format!("{}: after the erasure", d.name), None))
            .unwrap();
    }
    team.sync_all();
    let expected = team.lead().note_texts();
    assert_eq!(expected.len(), 4, "{expected:?}");

    // The hub and its data are gone; the lead hands the team to a new, empty hub.
    old.kill();
    std::fs::remove_dir_all(root.path().join("old")).unwrap();
    let new = HubProcess::start(&root.path().join("new"), &root.path().join("new.log"));
    let mut t = HttpTransport::new(&new.url());
    HubClient::new(&team.lead().vault, &mut t)
        .rehome()
        .expect("a team with a purge is handed to an empty hub");
    for _ in 0..2 {
        for d in &team.devices {
            d.sync(&new.url())
                .unwrap_or_else(|e| panic!("{} syncs with the new hub: {e}", d.name));
        }
    }
    // Everything written after the move reaches everyone too.
    w1.vault
        .add(note_about("worker 1: on the new hub", None))
        .unwrap();
    for _ in 0..2 {
        for d in &team.devices {
            d.sync(&new.url()).unwrap();
        }
    }
    let mut expected = expected;
    expected.insert("worker 1: on the new hub".into());
    for d in &team.devices {
        assert_eq!(d.note_texts(), expected, "{} converged", d.name);
        assert!(!device_holds(d, &canaries));
    }
    assert!(!texts_hold(
        &hub_plaintexts(new.data_dir(), &team.lead().vault),
        &canaries
    ));
    assert!(files_holding(&[new.data_dir()], &needles).is_empty());
}
