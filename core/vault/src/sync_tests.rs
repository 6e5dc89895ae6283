//! Vaults syncing through an in-memory hub: teams, enrolment, envelopes from local
//! changes, applying received envelopes, concurrent edits, and refusal of what does not
//! authenticate.

use chrono::Utc;

use super::*;
use senim_protocol::Error as ProtocolError;
use senim_protocol::sync::{Accept, EnvelopeStore, MemoryStore, Step, SyncSession};
use senim_protocol::team::Role;
use senim_records::OutreachNote;
use senim_records::{PageRequest, RecordBody, RecordFilter};

const PASS: &[u8] = b"correct horse";
const HUB: &str = "http://127.0.0.1:7878";

pub(crate) fn vault() -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    (dir, v)
}

pub(crate) fn note(text: &str) -> RecordBody {
    RecordBody::OutreachNote(OutreachNote {
        text: text.into(),
        place: None,
        location: None,
        tags: vec![],
        at: Utc::now(),
        subject: None,
    })
}

/// Runs one sync session between two stores until both are done.
fn exchange<A, B>(a: &mut A, b: &mut B)
where
    A: EnvelopeStore + ?Sized,
    B: EnvelopeStore + ?Sized,
    A::Error: std::fmt::Debug,
    B::Error: std::fmt::Debug,
{
    let mut sa = SyncSession::new(64 * 1024);
    let mut sb = SyncSession::new(64 * 1024);
    let mut message = sa.start(a).unwrap();
    let mut to_b = true;
    loop {
        let step = if to_b {
            sb.receive(b, &message).unwrap()
        } else {
            sa.receive(a, &message).unwrap()
        };
        match step {
            Step::Reply(bytes) => message = bytes,
            Step::Last(bytes, _) => {
                let end = if to_b {
                    sa.receive(a, &bytes).unwrap()
                } else {
                    sb.receive(b, &bytes).unwrap()
                };
                assert!(matches!(end, Step::Done(_)), "{end:?}");
                return;
            }
            Step::Done(_) => return,
        }
        to_b = !to_b;
    }
}

/// A hub stand-in that knows every member's signing key.
pub(crate) fn hub_for(v: &Vault) -> MemoryStore {
    let m = v.membership().unwrap().unwrap();
    let mut hub = MemoryStore::new(m.team());
    for member in m.members() {
        hub.add_device(member.public.device, member.public.signing_key);
    }
    hub
}

pub(crate) fn sync(v: &Vault, hub: &mut MemoryStore) {
    v.seal_outbox().unwrap();
    let mut store = v.sync_store().unwrap();
    exchange(&mut store, hub);
    v.apply_waiting().unwrap();
}

fn texts(v: &Vault) -> Vec<String> {
    let mut out: Vec<String> = v
        .list(&RecordFilter::default(), &PageRequest::first(100))
        .unwrap()
        .records
        .into_iter()
        .filter_map(|r| match r.body {
            RecordBody::OutreachNote(n) => Some(n.text),
            _ => None,
        })
        .collect();
    out.sort();
    out
}

/// A lead vault and a worker vault in one team.
pub(crate) fn team() -> ((tempfile::TempDir, Vault), (tempfile::TempDir, Vault)) {
    let lead = vault();
    let worker = vault();
    lead.1.team_create("Almaty office", "lead", HUB).unwrap();
    let request = worker.1.team_request("worker 1").unwrap();
    let welcome = lead.1.team_approve(&request, Role::Worker).unwrap();
    let info = worker.1.team_join(&welcome).unwrap();
    assert_eq!(info.hub, HUB);
    assert_eq!(info.role, Some(Role::Worker));
    assert_eq!(info.members, 2);
    (lead, worker)
}

#[test]
fn a_worker_joins_with_the_leads_welcome_and_both_see_the_team() {
    let ((_a, lead), (_b, worker)) = team();
    let l = lead.team().unwrap().unwrap();
    let w = worker.team().unwrap().unwrap();
    assert_eq!(l.team, w.team);
    assert_eq!(l.role, Some(Role::Lead));
    assert!(matches!(
        worker.team_join("SENIM-WELCOME-1:AAAA"),
        Err(Error::Protocol(ProtocolError::Membership(_)))
    ));
}

#[test]
fn the_hubs_certificate_pin_travels_from_the_lead_to_a_new_device_in_the_welcome() {
    let (_a, lead) = vault();
    let (_b, worker) = vault();
    let pin = senim_protocol::team::HubPin::of_certificate(b"the hub's certificate");
    let change = lead
        .prepare_team_create("Almaty office", "lead", "https://hub.office.example")
        .unwrap()
        .with_hub_pin(Some(pin));
    lead.commit_membership(change).unwrap();
    assert_eq!(lead.hub_pin().unwrap(), Some(pin));
    let request = worker.team_request("worker 1").unwrap();
    let welcome = lead.team_approve(&request, Role::Worker).unwrap();
    let info = worker.team_join(&welcome).unwrap();
    assert_eq!(worker.hub_pin().unwrap(), Some(pin));
    assert_eq!(info.hub_pin, Some(pin.to_string()));
}

#[test]
fn a_team_on_a_plain_http_hub_pins_nothing() {
    let ((_a, lead), (_b, worker)) = team();
    assert_eq!(lead.hub_pin().unwrap(), None);
    assert_eq!(worker.hub_pin().unwrap(), None);
}

#[test]
fn records_written_offline_on_two_devices_reach_both_through_the_hub() {
    let ((_a, lead), (_b, worker)) = team();
    lead.add(note("lead: met two men at the market")).unwrap();
    worker
        .add(note("worker: woman at the bus station"))
        .unwrap();
    let mut hub = hub_for(&lead);
    sync(&lead, &mut hub);
    sync(&worker, &mut hub);
    sync(&lead, &mut hub);
    assert_eq!(texts(&lead), texts(&worker));
    assert_eq!(texts(&lead).len(), 2);
    // Nothing left to send, and a repeated sync changes nothing.
    assert_eq!(lead.seal_outbox().unwrap(), Sealed::default());
    let before = hub.len();
    sync(&worker, &mut hub);
    assert_eq!(hub.len(), before);
}

#[test]
fn concurrent_edits_of_one_note_merge_on_both_devices() {
    let ((_a, lead), (_b, worker)) = team();
    let id = lead.add(note("passport held by foreman")).unwrap();
    // The first edit makes the note's text character-level (ADR 0004, amended): from
    // then on, edits made at once on two devices merge by character.
    lead.update(id, note("passport held by the foreman"))
        .unwrap();
    let mut hub = hub_for(&lead);
    sync(&lead, &mut hub);
    sync(&worker, &mut hub);
    lead.update(id, note("passport held by the foreman since May"))
        .unwrap();
    worker
        .update(id, note("Update: passport held by the foreman"))
        .unwrap();
    sync(&lead, &mut hub);
    sync(&worker, &mut hub);
    sync(&lead, &mut hub);
    let text = |v: &Vault| match v.get(id).unwrap().body {
        RecordBody::OutreachNote(n) => n.text,
        _ => unreachable!(),
    };
    assert_eq!(text(&lead), text(&worker));
    assert_eq!(
        text(&lead),
        "Update: passport held by the foreman since May"
    );
    // Each device's own changes travel once: the worker did not send the lead's.
    let worker_device = worker.team().unwrap().unwrap().device;
    assert_eq!(hub.log(worker_device).len(), 1);
}

#[test]
fn first_edits_of_one_note_made_at_once_stay_visible_as_a_conflict() {
    let ((_a, lead), (_b, worker)) = team();
    let id = lead.add(note("passport held by the foreman")).unwrap();
    let mut hub = hub_for(&lead);
    sync(&lead, &mut hub);
    sync(&worker, &mut hub);
    lead.update(id, note("passport held by the foreman since May"))
        .unwrap();
    worker
        .update(id, note("Update: passport held by the foreman"))
        .unwrap();
    sync(&lead, &mut hub);
    sync(&worker, &mut hub);
    sync(&lead, &mut hub);
    // Neither text is lost: the record shows one and the conflict holds both.
    let (l, w) = (lead.get(id).unwrap(), worker.get(id).unwrap());
    assert_eq!(l, w);
    let text = l.conflicts.iter().find(|c| c.field == "text").unwrap();
    let mut values: Vec<String> = text
        .values
        .iter()
        .map(|v| v.value.as_str().unwrap().to_string())
        .collect();
    values.sort();
    assert_eq!(
        values,
        [
            "Update: passport held by the foreman",
            "passport held by the foreman since May"
        ]
    );
    // The next edit settles it, and it merges by character from then on.
    lead.update(id, note("Update: passport held by the foreman since May"))
        .unwrap();
    sync(&lead, &mut hub);
    sync(&worker, &mut hub);
    assert!(worker.get(id).unwrap().conflicts.is_empty());
}

#[test]
fn a_tampered_envelope_is_refused_and_changes_nothing() {
    let ((_a, lead), (_b, worker)) = team();
    lead.add(note("secret note")).unwrap();
    lead.seal_outbox().unwrap();
    let lead_device = lead.team().unwrap().unwrap().device;
    let store = lead.sync_store().unwrap();
    let mut envelope = store.envelopes_after(lead_device, 0, usize::MAX).unwrap()[0].clone();
    let last = envelope.ciphertext.len() - 1;
    envelope.ciphertext[last] ^= 1;
    let mut worker_store = worker.sync_store().unwrap();
    assert!(matches!(
        worker_store.accept(envelope),
        Ok(Accept::Rejected(_))
    ));
    assert!(texts(&worker).is_empty());
    assert!(worker_store.vector().unwrap().is_empty());
}

#[test]
fn an_envelope_from_a_device_outside_the_team_is_refused() {
    let ((_a, lead), _) = team();
    let (_c, stranger) = vault();
    stranger
        .team_create("Other office", "someone", HUB)
        .unwrap();
    stranger.add(note("not for this team")).unwrap();
    stranger.seal_outbox().unwrap();
    let s_device = stranger.team().unwrap().unwrap().device;
    let envelope = stranger
        .sync_store()
        .unwrap()
        .envelopes_after(s_device, 0, usize::MAX)
        .unwrap()
        .remove(0);
    let mut store = lead.sync_store().unwrap();
    assert!(matches!(store.accept(envelope), Ok(Accept::Rejected(_))));
}

#[test]
fn a_vault_outside_any_team_cannot_seal_or_sync() {
    let (_d, v) = vault();
    v.add(note("x")).unwrap();
    assert!(matches!(
        v.seal_outbox(),
        Err(Error::Protocol(ProtocolError::Membership(_)))
    ));
    assert!(matches!(
        v.sync_store(),
        Err(Error::Protocol(ProtocolError::Membership(_)))
    ));
}

#[test]
fn the_hub_holds_no_plaintext_of_what_it_carries() {
    let ((_a, lead), _) = team();
    let canary = "canary-8f3a1c-паспорт";
    lead.add(note(canary)).unwrap();
    let mut hub = hub_for(&lead);
    sync(&lead, &mut hub);
    assert!(!hub.is_empty());
    for e in hub.envelopes() {
        let bytes = e.to_bytes();
        assert!(
            !bytes.windows(canary.len()).any(|w| w == canary.as_bytes()),
            "plaintext in an envelope"
        );
    }
}

#[test]
fn concurrent_values_of_one_field_stay_visible_with_their_authors() {
    let ((_a, lead), (_b, worker)) = team();
    let with_place = |text: &str, place: &str| match note(text) {
        RecordBody::OutreachNote(mut n) => {
            n.place = Some(place.into());
            RecordBody::OutreachNote(n)
        }
        _ => unreachable!(),
    };
    let id = lead.add(with_place("meeting", "Barakholka row 7")).unwrap();
    let mut hub = hub_for(&lead);
    sync(&lead, &mut hub);
    sync(&worker, &mut hub);
    lead.update(id, with_place("meeting", "Barakholka row 8"))
        .unwrap();
    worker
        .update(id, with_place("meeting", "Green market"))
        .unwrap();
    sync(&lead, &mut hub);
    sync(&worker, &mut hub);
    sync(&lead, &mut hub);

    let (l, w) = (lead.get(id).unwrap(), worker.get(id).unwrap());
    assert_eq!(l.body, w.body, "both devices read the same winner");
    assert_eq!(l.conflicts, w.conflicts);
    let place = l
        .conflicts
        .iter()
        .find(|c| c.field == "place")
        .expect("the place is in conflict");
    let mut values: Vec<&str> = place
        .values
        .iter()
        .map(|v| v.value.as_str().unwrap())
        .collect();
    values.sort();
    assert_eq!(values, ["Barakholka row 8", "Green market"]);
    let devices: std::collections::BTreeSet<&str> =
        place.values.iter().map(|v| v.device.as_str()).collect();
    assert_eq!(devices.len(), 2, "each value names its device");
    // The text was not edited concurrently: no conflict there.
    assert!(l.conflicts.iter().all(|c| c.field != "text"));
}

#[test]
fn a_revoked_device_cannot_write_or_read_what_is_written_after() {
    let ((_a, lead), (_b, w1)) = team();
    let (_c, w2) = vault();
    let request = w2.team_request("worker 2").unwrap();
    let welcome = lead.team_approve(&request, Role::Worker).unwrap();
    w2.team_join(&welcome).unwrap();
    // w1 learns of w2 through the lead's newer list.
    w1.accept_membership(&[lead.membership_bytes().unwrap()], &[])
        .unwrap();
    let w2_device = w2.team().unwrap().unwrap().device;

    let (list, sealed) = lead.team_revoke(w2_device).unwrap();
    assert_eq!(lead.team().unwrap().unwrap().epoch, 1);
    w1.accept_membership(std::slice::from_ref(&list), &sealed)
        .unwrap();
    w2.accept_membership(std::slice::from_ref(&list), &sealed)
        .unwrap();
    assert_eq!(w1.team().unwrap().unwrap().epoch, 1);
    assert_eq!(
        w2.team().unwrap().unwrap().role,
        None,
        "w2 knows it is revoked"
    );

    // w2 can no longer write envelopes.
    w2.add(note("after revocation")).unwrap();
    assert!(matches!(
        w2.seal_outbox(),
        Err(Error::Protocol(ProtocolError::Membership(_)))
    ));

    // The lead writes under epoch 1: w1 reads it, w2 cannot.
    lead.add(note("written after the revocation")).unwrap();
    let mut hub = hub_for(&lead);
    sync(&lead, &mut hub);
    sync(&w1, &mut hub);
    assert_eq!(texts(&w1), vec!["written after the revocation".to_string()]);
    w2.seal_outbox().ok();
    let mut store = w2.sync_store().unwrap();
    exchange(&mut store, &mut hub);
    assert!(
        !texts(&w2).contains(&"written after the revocation".to_string()),
        "a revoked device cannot decrypt envelopes of the new epoch"
    );
}

#[test]
fn a_membership_list_not_signed_by_a_lead_is_refused() {
    let ((_a, lead), (_b, worker)) = team();
    // The worker cannot produce a successor list: only leads sign.
    let worker_device = worker.team().unwrap().unwrap().device;
    assert!(matches!(
        worker.team_revoke(worker_device),
        Err(Error::Protocol(ProtocolError::Membership(_)))
    ));
    // A list from another team is refused as a successor.
    let (_c, other) = vault();
    other.team_create("Other", "x", HUB).unwrap();
    assert!(
        lead.accept_membership(&[other.membership_bytes().unwrap()], &[])
            .is_err()
    );
}

/// The records in the decoy next to `v`, read from its file with its key (which the
/// real vault keeps to grow it).
fn decoy_records(dir: &std::path::Path, v: &mut Vault) -> i64 {
    let master = v.decoy_master().unwrap();
    let c = crate::testing::connect_with_master(&dir.join(DECOY_FILE), &master).unwrap();
    c.query_row("SELECT count(*) FROM records", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn records_applied_from_a_teammate_grow_the_decoy_too() {
    let ((_lead_dir, lead), (worker_dir, mut worker)) = team();
    let mut hub = hub_for(&lead);
    for i in 0..3 {
        lead.add(note(&format!(
            "leaflets handed out at the market, round {i}"
        )))
        .unwrap();
    }
    sync(&lead, &mut hub);
    let before = decoy_records(worker_dir.path(), &mut worker);

    sync(&worker, &mut hub);

    assert_eq!(texts(&worker).len(), 3);
    assert_eq!(decoy_records(worker_dir.path(), &mut worker), before + 3);
}

#[test]
fn a_lead_knows_when_its_syncs_first_held_each_members_latest_envelope() {
    let ((_a, lead), (_b, worker)) = team();
    let mut hub = hub_for(&lead);
    let at = |s: i64| chrono::DateTime::from_timestamp(1_800_000_000 + s, 0).unwrap();
    let seen = |v: &Vault, device: senim_protocol::team::DeviceId| {
        v.devices_seen()
            .unwrap()
            .into_iter()
            .find(|d| d.device == device)
    };
    let (lead_id, worker_id) = (lead.this_device(), worker.this_device());

    let synced = |v: &Vault, hub: &mut MemoryStore, when| {
        v.note_sync_start().unwrap();
        sync(v, hub);
        v.note_seen(when).unwrap();
    };
    synced(&lead, &mut hub, at(0));
    assert_eq!(seen(&lead, worker_id), None, "nothing from the worker yet");
    assert_eq!(
        seen(&lead, lead_id).unwrap().at,
        Some(at(0)),
        "its own sync"
    );

    worker.add(note("from the worker")).unwrap();
    synced(&worker, &mut hub, at(5));
    synced(&lead, &mut hub, at(10));
    let w = seen(&lead, worker_id).unwrap();
    assert_eq!((w.last_seq, w.at), (1, Some(at(10))));

    // Nothing new from the worker: the time stays; its next envelope moves it.
    synced(&lead, &mut hub, at(20));
    assert_eq!(seen(&lead, worker_id).unwrap().at, Some(at(10)));
    assert_eq!(seen(&lead, lead_id).unwrap().at, Some(at(20)));
    worker.add(note("again")).unwrap();
    synced(&worker, &mut hub, at(25));
    synced(&lead, &mut hub, at(30));
    let w = seen(&lead, worker_id).unwrap();
    assert_eq!((w.last_seq, w.at), (2, Some(at(30))));
}

#[test]
fn logs_held_before_times_were_kept_have_no_time() {
    let ((_a, lead), (_b, worker)) = team();
    let mut hub = hub_for(&lead);
    worker.add(note("from the worker")).unwrap();
    sync(&worker, &mut hub);
    // A lead whose vault held the worker's envelope before this version kept times.
    sync(&lead, &mut hub);
    lead.note_sync_start().unwrap();
    lead.note_seen(chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap())
        .unwrap();
    let w = lead
        .devices_seen()
        .unwrap()
        .into_iter()
        .find(|d| d.device == worker.this_device())
        .unwrap();
    assert_eq!((w.last_seq, w.at), (1, None));
}
