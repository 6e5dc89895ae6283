//! Applying envelopes of many records, whose records go through [`in_parallel`]: the
//! outcome must be that of applying one record after the other.
use chrono::Utc;

use crate::apply::in_parallel;
use crate::{CreateOptions, Vault};
use senim_protocol::sync::{Accept, Envelope, EnvelopeStore, Header, Payload, RecordChanges};
use senim_protocol::team::Role;
use senim_records::RecordId;
use senim_records::{OutreachNote, PageRequest, RecordBody, RecordFilter, RecordKind};
use std::collections::BTreeMap;

const PASS: &[u8] = b"correct horse";

fn vault() -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    (dir, v)
}

fn note(text: &str) -> RecordBody {
    RecordBody::OutreachNote(OutreachNote {
        text: text.into(),
        place: Some("Барахолка, ряд 7".into()),
        location: None,
        tags: vec!["market".into()],
        at: Utc::now(),
        subject: None,
    })
}

/// A lead and a worker in one team.
fn team() -> ((tempfile::TempDir, Vault), (tempfile::TempDir, Vault)) {
    let lead = vault();
    let worker = vault();
    lead.1
        .team_create("Almaty office", "lead", "http://hub")
        .unwrap();
    let request = worker.1.team_request("worker 1").unwrap();
    let welcome = lead.1.team_approve(&request, Role::Worker).unwrap();
    worker.1.team_join(&welcome).unwrap();
    (lead, worker)
}

fn texts(v: &Vault) -> BTreeMap<RecordId, String> {
    let page = v
        .list(&RecordFilter::default(), &PageRequest::first(200))
        .unwrap();
    assert!(page.damaged.is_empty());
    page.records
        .into_iter()
        .filter_map(|r| match r.body {
            RecordBody::OutreachNote(n) => Some((r.id, n.text)),
            _ => None,
        })
        .collect()
}

/// The lead's envelopes after `after`, as the worker would receive them.
fn lead_envelopes(lead: &Vault, after: u64) -> Vec<Envelope> {
    let device = lead.this_device();
    lead.sync_store()
        .unwrap()
        .envelopes_after(device, after, usize::MAX)
        .unwrap()
}

/// Every change of `id` made by the vault's own device, oldest first.
fn changes_of(v: &Vault, id: RecordId) -> Vec<Vec<u8>> {
    let (_, doc) = v.load_doc(v.keys().unwrap(), id).unwrap();
    doc.own_changes_since(&[], &v.header.device_id).unwrap()
}

/// `payload` sealed and signed by the lead at `seq`.
fn sealed_by_lead(lead: &Vault, seq: u64, payload: &Payload) -> Envelope {
    let m = lead.membership().unwrap().unwrap();
    let header = Header::new(m.team(), lead.this_device(), seq, m.epoch());
    let key = lead.epoch_key(m.epoch()).unwrap().unwrap();
    Envelope::seal(header, payload, &key, &lead.device_keys().unwrap()).unwrap()
}

#[test]
fn an_envelope_of_many_new_then_edited_records_arrives_whole() {
    let ((_a, lead), (_b, worker)) = team();
    let bodies: Vec<RecordBody> = (0..40)
        .map(|i| note(&format!("заметка {i}: работодатель забрал паспорт")))
        .collect();
    let ids = lead.add_many(bodies).unwrap();
    assert_eq!(lead.seal_outbox().unwrap().envelopes, 1);
    let mut store = worker.sync_store().unwrap();
    for e in lead_envelopes(&lead, 0) {
        assert_eq!(store.accept(e).unwrap(), Accept::New);
    }
    assert_eq!(texts(&worker), texts(&lead));

    // An envelope editing 30 records the worker already holds.
    for (i, id) in ids.iter().take(30).enumerate() {
        lead.update(*id, note(&format!("заметка {i}: паспорт вернули")))
            .unwrap();
    }
    assert_eq!(lead.seal_outbox().unwrap().envelopes, 1);
    for e in lead_envelopes(&lead, 1) {
        assert_eq!(store.accept(e).unwrap(), Accept::New);
    }
    assert_eq!(texts(&worker), texts(&lead));
    assert_eq!(worker.apply_waiting().unwrap(), 0);
    // Found through the index the worker built for them.
    let found = worker
        .search(
            "вернули",
            &RecordFilter::default(),
            &PageRequest::first(100),
        )
        .unwrap();
    assert_eq!(found.records.len(), 30);
}

#[test]
fn a_record_named_twice_in_one_payload_takes_both_changes_in_order() {
    let ((_a, lead), (_b, worker)) = team();
    let ids = lead
        .add_many((0..12).map(|i| note(&format!("note {i}"))).collect())
        .unwrap();
    lead.update(ids[3], note("note 3, edited")).unwrap();
    let changes = changes_of(&lead, ids[3]);
    assert_eq!(changes.len(), 2);
    let kind = RecordKind::OutreachNote;
    let mut payload = Payload::default();
    for id in &ids {
        let all = changes_of(&lead, *id);
        let first = if *id == ids[3] {
            all[..1].to_vec()
        } else {
            all
        };
        payload.changes.push(RecordChanges {
            record: *id,
            kind,
            changes: first,
        });
    }
    // The edit of record 3 after the others: it must see the record just created.
    payload.changes.push(RecordChanges {
        record: ids[3],
        kind,
        changes: changes[1..].to_vec(),
    });
    let mut store = worker.sync_store().unwrap();
    let envelope = sealed_by_lead(&lead, 1, &payload);
    assert_eq!(store.accept(envelope).unwrap(), Accept::New);
    assert_eq!(texts(&worker), texts(&lead));
    assert_eq!(texts(&worker)[&ids[3]], "note 3, edited");
}

#[test]
fn the_first_failing_record_in_payload_order_refuses_the_whole_envelope() {
    let ((_a, lead), (_b, worker)) = team();
    let ids = lead
        .add_many((0..12).map(|i| note(&format!("note {i}"))).collect())
        .unwrap();
    let foreign = worker.add(note("the worker's own note")).unwrap();
    let mut payload = Payload::default();
    for id in &ids {
        payload.changes.push(RecordChanges {
            record: *id,
            kind: RecordKind::OutreachNote,
            changes: changes_of(&lead, *id),
        });
    }
    // Record 4 claims another kind (record 9 carries a change by another device,
    // which a lead's envelope may: a carrier after a purge).
    payload.changes[4].kind = RecordKind::Subject;
    payload.changes[9].changes = changes_of(&worker, foreign);
    let mut store = worker.sync_store().unwrap();
    match store.accept(sealed_by_lead(&lead, 1, &payload)) {
        Ok(Accept::Quarantined(reason)) => assert!(reason.contains("malformed"), "{reason}"),
        other => panic!("{other:?}"),
    }
    // Nothing of it was applied, not the records before the failing one; the envelope
    // is kept, in quarantine, so the lead's log stays contiguous (ADR 0019).
    assert_eq!(texts(&worker).len(), 1);
    let lead_id = lead.this_device();
    assert_eq!(store.vector().unwrap().get(lead_id), 1);
    let held = worker.quarantined().unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!((held[0].place.device, held[0].place.seq), (lead_id, 1));

    // A worker's envelope may carry only the worker's own changes (only a lead's
    // re-carries others' changes, after a purge): a change by the lead, first in
    // the payload, is what is reported, and nothing is applied.
    let before = texts(&lead);
    let mut payload = Payload::default();
    payload.changes.push(RecordChanges {
        record: ids[0],
        kind: RecordKind::OutreachNote,
        changes: changes_of(&lead, ids[0]),
    });
    payload.changes.push(RecordChanges {
        record: foreign,
        kind: RecordKind::Subject,
        changes: changes_of(&worker, foreign),
    });
    let header = Header::new(
        worker.membership().unwrap().unwrap().team(),
        worker.this_device(),
        1,
        0,
    );
    let envelope = Envelope::seal(
        header,
        &payload,
        &worker.epoch_key(0).unwrap().unwrap(),
        &worker.device_keys().unwrap(),
    )
    .unwrap();
    let mut store = lead.sync_store().unwrap();
    match store.accept(envelope) {
        Ok(Accept::Quarantined(reason)) => assert!(reason.contains("another device"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(texts(&lead), before);
    assert_eq!(store.vector().unwrap().get(worker.this_device()), 1);
    assert_eq!(lead.quarantined().unwrap().len(), 1);
}

#[test]
fn parallel_map_keeps_order_and_resumes_panics() {
    let out = in_parallel((0..1000).collect(), |i: u32| i * 2);
    assert_eq!(out, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
    assert_eq!(in_parallel(Vec::<u32>::new(), |i| i), Vec::<u32>::new());
    let caught = std::panic::catch_unwind(|| {
        in_parallel((0..100).collect(), |i: u32| {
            assert!(i != 77, "boom");
            i
        })
    });
    assert!(caught.is_err());
}

#[test]
fn an_envelope_that_waited_is_quarantined_when_its_content_fails_once_it_can_be_applied() {
    let ((_a, lead), (_b, worker)) = team();
    let id = worker.add(note("first words")).unwrap();
    worker.update(id, note("second words")).unwrap();
    let changes = changes_of(&worker, id);
    assert_eq!(changes.len(), 2);
    let only = |kind, change: &Vec<u8>| Payload {
        changes: vec![RecordChanges {
            record: id,
            kind,
            changes: vec![change.clone()],
        }],
    };
    let mut store = lead.sync_store().unwrap();
    // The second change first, claiming another kind: it waits for the first.
    let waiting = sealed_by_lead(&worker, 1, &only(RecordKind::Subject, &changes[1]));
    assert_eq!(store.accept(waiting).unwrap(), Accept::New);
    let first = sealed_by_lead(&worker, 2, &only(RecordKind::OutreachNote, &changes[0]));
    assert_eq!(store.accept(first).unwrap(), Accept::New);
    assert!(lead.quarantined().unwrap().is_empty());
    // Retried, it would change the record's kind: quarantined, not an error, and no
    // longer waiting.
    assert_eq!(lead.apply_waiting().unwrap(), 0);
    let held = lead.quarantined().unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(
        (held[0].place.device, held[0].place.seq),
        (worker.this_device(), 1)
    );
    assert_eq!(texts(&lead)[&id], "first words");
    assert_eq!(lead.apply_waiting().unwrap(), 0);
}

/// A lead and two workers in one team (the second worker's welcome names the first).
fn team_of_three() -> [(tempfile::TempDir, Vault); 3] {
    let (lead, first) = team();
    let second = vault();
    let request = second.1.team_request("worker 2").unwrap();
    let welcome = lead.1.team_approve(&request, Role::Worker).unwrap();
    second.1.team_join(&welcome).unwrap();
    [lead, first, second]
}

/// The envelopes `v` sealed of its own changes, after `after`.
fn own_envelopes(v: &Vault, after: u64) -> Vec<Envelope> {
    v.seal_outbox().unwrap();
    v.sync_store()
        .unwrap()
        .envelopes_after(v.this_device(), after, usize::MAX)
        .unwrap()
}

fn accept_all(v: &Vault, envelopes: Vec<Envelope>) {
    let mut store = v.sync_store().unwrap();
    for e in envelopes {
        assert_eq!(store.accept(e).unwrap(), Accept::New);
    }
}

/// The lead's note, which worker 1 edits and worker 2 edits again after syncing worker
/// 1's edit, so worker 2's change depends on worker 1's. Returns the note and the two
/// workers' envelopes, which the lead has not received.
fn an_edit_on_top_of_anothers(
    team: &[(tempfile::TempDir, Vault); 3],
) -> (RecordId, Envelope, Envelope) {
    let [(_, lead), (_, first), (_, second)] = team;
    let id = lead.add(note("the market")).unwrap();
    // Text is one value until its first edit; from then on edits are character diffs.
    lead.update(id, note("the bus market")).unwrap();
    let by_lead = own_envelopes(lead, 0);
    accept_all(first, by_lead.clone());
    accept_all(second, by_lead);
    first.update(id, note("the big bus market")).unwrap();
    let by_first = own_envelopes(first, 0);
    accept_all(second, by_first.clone());
    second
        .update(id, note("the big bus market, row 7"))
        .unwrap();
    let by_second = own_envelopes(second, 0);
    assert_eq!((by_first.len(), by_second.len()), (1, 1));
    let [a] = <[Envelope; 1]>::try_from(by_first).unwrap();
    let [b] = <[Envelope; 1]>::try_from(by_second).unwrap();
    (id, a, b)
}

#[test]
fn a_change_made_on_top_of_anothers_waits_for_it_and_applies_when_it_arrives() {
    let team = team_of_three();
    let (id, by_first, by_second) = an_edit_on_top_of_anothers(&team);
    let lead = &team[0].1;
    // Worker 2's envelope first: its change depends on worker 1's, which the lead does
    // not hold yet, so it waits; the record reads and edits as before meanwhile.
    let mut store = lead.sync_store().unwrap();
    assert_eq!(store.accept(by_second).unwrap(), Accept::New);
    assert_eq!(texts(lead)[&id], "the bus market");
    assert_eq!(
        lead.get(id).unwrap().body,
        texts_note(lead, id),
        "the record loads while a change waits"
    );
    // Worker 1's envelope applies to the record; it is not quarantined.
    assert_eq!(store.accept(by_first).unwrap(), Accept::New);
    assert!(lead.quarantined().unwrap().is_empty());
    assert_eq!(lead.apply_waiting().unwrap(), 0);
    assert_eq!(texts(lead)[&id], "the big bus market, row 7");
    assert!(lead.quarantined().unwrap().is_empty());
}

/// The note `id` as `v` lists it.
fn texts_note(v: &Vault, id: RecordId) -> RecordBody {
    v.list(&RecordFilter::default(), &PageRequest::first(200))
        .unwrap()
        .records
        .into_iter()
        .find(|r| r.id == id)
        .unwrap()
        .body
}

#[test]
fn an_envelope_quarantined_because_a_waiting_change_was_stored_is_released_once_it_applies() {
    let team = team_of_three();
    let (id, by_first, by_second) = an_edit_on_top_of_anothers(&team);
    let [(_, lead), (_, first), _] = &team;
    let mut store = lead.sync_store().unwrap();
    assert_eq!(store.accept(by_second.clone()).unwrap(), Accept::New);
    drop(store);
    // What a build before this rule left behind: the note stored with worker 2's
    // waiting change in it, and both workers' envelopes quarantined as "a change that
    // cannot be applied" (the note did not load any more).
    let keys = lead.keys().unwrap();
    let (seq, mut doc) = lead.load_doc(keys, id).unwrap();
    let waiting = by_second
        .open(&lead.epoch_key(0).unwrap().unwrap())
        .unwrap();
    assert!(!doc.apply(&waiting.changes[0].changes, None).unwrap());
    let aad = lead.record_aad(&id, RecordKind::OutreachNote, senim_records::RECORD_FORMAT);
    let sealed = senim_crypto::seal(&keys.record, &aad, &doc.save_with_waiting_changes()).unwrap();
    lead.conn
        .execute(
            "UPDATE records SET doc = ?1 WHERE seq = ?2",
            rusqlite::params![sealed, seq],
        )
        .unwrap();
    lead.conn
        .execute(
            "INSERT INTO envelopes (device, seq, epoch, bytes, applied) VALUES (?1, 1, 0, ?2, 0)",
            rusqlite::params![first.this_device().0.to_vec(), by_first.to_bytes()],
        )
        .unwrap();
    for h in [&by_first.header, &by_second.header] {
        lead.quarantine(&lead.conn, h, crate::quarantine::UNAPPLIED)
            .unwrap();
    }
    // A junk change quarantined for the same reason: it fails again and stays.
    let junk = Payload {
        changes: vec![RecordChanges {
            record: id,
            kind: RecordKind::OutreachNote,
            changes: vec![b"not a change".to_vec()],
        }],
    };
    let mut store = lead.sync_store().unwrap();
    match store.accept(sealed_by_lead(first, 2, &junk)).unwrap() {
        Accept::Quarantined(reason) => assert!(reason.ends_with(crate::quarantine::UNAPPLIED)),
        other => panic!("{other:?}"),
    }
    drop(store);
    assert_eq!(lead.quarantined().unwrap().len(), 3);
    // The note loads: the waiting change stored in it is left out (its envelope holds it).
    assert_eq!(texts(lead)[&id], "the bus market");
    assert_eq!(lead.get(id).unwrap().body, texts_note(lead, id));

    // The next sync's retry applies both and releases them; the junk stays.
    assert_eq!(lead.apply_waiting().unwrap(), 0);
    assert_eq!(texts(lead)[&id], "the big bus market, row 7");
    let held = lead.quarantined().unwrap();
    assert_eq!(held.len(), 1);
    assert_eq!(
        (held[0].place.device, held[0].place.seq),
        (first.this_device(), 2)
    );
    let applied: i64 = lead
        .conn
        .query_row(
            "SELECT count(*) FROM envelopes WHERE applied = 1 AND seq = 1 AND device != ?1",
            [lead.this_device().0.to_vec()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(applied, 2);
    assert_eq!(lead.apply_waiting().unwrap(), 0);
    assert_eq!(lead.quarantined().unwrap().len(), 1);
}

#[test]
fn a_quarantined_place_keeps_the_time_of_the_sync_that_found_it() {
    let ((_a, lead), (_b, worker)) = team();
    let id = lead.add(note("a note")).unwrap();
    let mut payload = Payload::default();
    payload.changes.push(RecordChanges {
        record: id,
        kind: RecordKind::Subject,
        changes: changes_of(&lead, id),
    });
    // What the client does around a sync: noted before, then after at its time.
    worker.note_sync_start().unwrap();
    let mut store = worker.sync_store().unwrap();
    assert!(matches!(
        store.accept(sealed_by_lead(&lead, 1, &payload)),
        Ok(Accept::Quarantined(_))
    ));
    let place = worker.quarantined().unwrap()[0].place;
    assert_eq!(
        worker.quarantined_at(&place).unwrap(),
        None,
        "not noted yet"
    );
    let found = chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap();
    worker.note_seen(found).unwrap();
    assert_eq!(worker.quarantined_at(&place).unwrap(), Some(found));
    // A later sync keeps the time it was found.
    worker.note_seen(found + chrono::Duration::days(1)).unwrap();
    assert_eq!(worker.quarantined_at(&place).unwrap(), Some(found));
}
