//! What a report counts, read from the records' facts: the same as the records read,
//! for this device's records and a teammate's merged ones; the filters; deleted
//! records left out; facts missing or edited reported, never counted as they claim.

use chrono::{TimeZone, Utc};
use senim_records::{
    Counted, CountedDetail, OutreachNote, PageRequest, RecordBody, RecordFilter, RecordKind,
    ReferralStatus,
};

use crate::sync_tests::{hub_for, sync, team, vault};
use crate::{Error, Vault};

use crate::merged_tests::records;

fn note_at(place: Option<&str>, month: u32) -> RecordBody {
    RecordBody::OutreachNote(OutreachNote {
        text: "counted note".into(),
        place: place.map(Into::into),
        location: None,
        tags: vec![],
        at: Utc.with_ymd_and_hms(2026, month, 2, 12, 0, 0).unwrap(),
        subject: None,
    })
}

fn all_counted(v: &Vault, kind: Option<RecordKind>) -> (Vec<Counted>, u64) {
    let mut out = Vec::new();
    let bad = v.counted(kind, None, None, |c| out.push(c)).unwrap();
    out.sort_by_key(|c| format!("{c:?}"));
    (out, bad)
}

/// What the records read, as a report would count them.
fn from_records(v: &Vault) -> Vec<Counted> {
    let page = v
        .list(&RecordFilter::default(), &PageRequest::first(1000))
        .unwrap();
    assert!(page.damaged.is_empty());
    let mut out: Vec<Counted> = page.records.iter().map(Counted::of).collect();
    out.sort_by_key(|c| format!("{c:?}"));
    out
}

#[test]
fn the_facts_count_what_the_records_read_here_and_from_a_teammate() {
    let ((_a, lead), (_b, worker)) = team();
    let mut hub = hub_for(&lead);
    let person = worker.add(records::person("man at the gate")).unwrap();
    let assessed = Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0).unwrap();
    worker
        .add(records::assessed("likely", Some(person), assessed))
        .unwrap();
    let referral = worker
        .add(records::referral(ReferralStatus::Proposed, Some(person)))
        .unwrap();
    let note = lead.add(note_at(Some("bus station"), 4)).unwrap();
    lead.add(note_at(None, 5)).unwrap();
    sync(&worker, &mut hub);
    sync(&lead, &mut hub);
    // Edits after the first write change the facts with the record.
    let mut body = lead.get(note).unwrap().body;
    if let RecordBody::OutreachNote(n) = &mut body {
        n.place = Some("Sayran bus station".into());
    }
    lead.update(note, body).unwrap();
    let mut body = lead.get(referral).unwrap().body;
    if let RecordBody::Referral(r) = &mut body {
        r.status = ReferralStatus::Accepted;
    }
    lead.update(referral, body).unwrap();

    let (counted, bad) = all_counted(&lead, None);
    assert_eq!(bad, 0);
    assert_eq!(counted, from_records(&lead));
    assert_eq!(counted.len(), 5);
    let authors: std::collections::BTreeSet<_> =
        counted.iter().map(|c| c.author.as_str()).collect();
    assert_eq!(authors.len(), 2, "the lead's records and the worker's");
    assert!(counted.iter().any(|c| matches!(
        &c.detail,
        CountedDetail::Referral {
            status: ReferralStatus::Accepted,
            ..
        }
    )));
    assert!(counted.iter().any(|c| matches!(
        &c.detail,
        CountedDetail::OutreachNote { place: Some(p) } if p == "Sayran bus station"
    )));
    let subject = counted
        .iter()
        .find(|c| c.kind() == RecordKind::Subject)
        .unwrap();
    assert_eq!(subject.id, Some(person), "a subject is counted with its id");
}

#[test]
fn the_selection_is_by_kind_and_time_and_leaves_deleted_records_out() {
    let (_d, v) = vault();
    v.add(note_at(Some("market"), 3)).unwrap();
    v.add(note_at(Some("market"), 4)).unwrap();
    let gone = v.add(note_at(Some("market"), 4)).unwrap();
    v.add(records::person("woman in a red coat")).unwrap();
    v.delete(gone).unwrap();

    assert_eq!(all_counted(&v, None).0.len(), 3);
    assert_eq!(all_counted(&v, Some(RecordKind::OutreachNote)).0.len(), 2);
    assert_eq!(all_counted(&v, Some(RecordKind::Subject)).0.len(), 1);
    let april = Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap();
    let may = Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap();
    let mut n = 0;
    v.counted(
        Some(RecordKind::OutreachNote),
        Some(april),
        Some(may),
        |_| n += 1,
    )
    .unwrap();
    assert_eq!(
        n, 1,
        "from is inclusive, to exclusive; the deleted one left out"
    );
    let mut n = 0;
    v.counted(None, None, Some(april), |_| n += 1).unwrap();
    assert_eq!(n, 1, "March's note; the subject was created now");
}

#[test]
fn facts_missing_or_edited_are_reported_not_counted() {
    let (_d, v) = vault();
    for month in 1..=4 {
        v.add(note_at(None, month)).unwrap();
    }
    assert_eq!(v.uncounted().unwrap(), 0);
    // A record whose facts were never written (it did not open when they were built),
    // one whose facts claim another kind, one whose facts are not JSON.
    v.conn
        .execute_batch(
            "DELETE FROM record_facts WHERE seq = (SELECT min(seq) FROM records);
             UPDATE record_facts SET counted = '{\"k\":\"consent\"}'
               WHERE seq = (SELECT min(seq) FROM record_facts);
             UPDATE record_facts SET counted = 'not json'
               WHERE seq = (SELECT max(seq) FROM record_facts);",
        )
        .unwrap();
    assert_eq!(v.uncounted().unwrap(), 1);
    let (counted, bad) = all_counted(&v, Some(RecordKind::OutreachNote));
    assert_eq!((counted.len(), bad), (1, 2));
}

#[test]
fn a_locked_vault_counts_nothing() {
    let (_d, mut v) = vault();
    v.add(note_at(None, 1)).unwrap();
    v.lock().unwrap();
    assert!(matches!(
        v.counted(None, None, None, |_| panic!("counted while locked")),
        Err(Error::Locked)
    ));
    assert!(matches!(v.uncounted(), Err(Error::Locked)));
}
