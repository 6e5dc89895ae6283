//! The lead's merged picture: filters over the records' facts, pages and their count,
//! the people with what an erasure of each removes, the devices' call signs, and a
//! record's history read as actions.

use chrono::{Duration, TimeZone, Utc};
use senim_records::{OutreachNote, PageRequest, RecordBody, RecordKind, ReferralStatus};

use crate::sync_tests::{hub_for, note, sync, team, vault};
use crate::{ChangeAction, Error, TeamFilter, Vault};

// The records the merged picture's benchmark writes, shared with it.
#[path = "../benches/support/records.rs"]
pub(crate) mod records;
use records::referral;

fn subject(alias: &str) -> RecordBody {
    records::person(alias)
}

fn interview(level: &str, subject: Option<senim_records::RecordId>) -> RecordBody {
    records::assessed(
        level,
        subject,
        Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0).unwrap(),
    )
}

fn note_at(text: &str, year: i32, month: u32, day: u32) -> RecordBody {
    RecordBody::OutreachNote(OutreachNote {
        text: text.into(),
        place: None,
        location: None,
        tags: vec![],
        at: Utc.with_ymd_and_hms(year, month, day, 12, 0, 0).unwrap(),
        subject: None,
    })
}

fn all() -> PageRequest {
    PageRequest::first(100)
}

fn count(v: &Vault, filter: TeamFilter) -> (usize, u64) {
    let page = v.team_records(&filter, &all()).unwrap();
    (page.page.records.len(), page.total)
}

#[test]
fn each_filter_keeps_only_the_records_it_names() {
    let (_d, v) = vault();
    let person = v.add(subject("woman in green scarf")).unwrap();
    v.add(interview("likely", Some(person))).unwrap();
    v.add(interview("none", None)).unwrap();
    v.add(referral(ReferralStatus::Proposed, Some(person)))
        .unwrap();
    v.add(referral(ReferralStatus::Completed, Some(person)))
        .unwrap();
    v.add(note_at("march", 2026, 3, 2)).unwrap();
    v.add(note_at("april", 2026, 4, 2)).unwrap();
    let gone = v.add(note_at("deleted", 2026, 3, 5)).unwrap();
    v.delete(gone).unwrap();

    assert_eq!(count(&v, TeamFilter::default()), (7, 7), "deleted left out");
    let deleted = TeamFilter {
        include_deleted: true,
        ..TeamFilter::default()
    };
    assert_eq!(count(&v, deleted), (8, 8));
    let kind = TeamFilter {
        kind: Some(RecordKind::Referral),
        ..TeamFilter::default()
    };
    assert_eq!(count(&v, kind), (2, 2));
    let open = TeamFilter {
        open_referrals: true,
        ..TeamFilter::default()
    };
    let page = v.team_records(&open, &all()).unwrap().page;
    assert_eq!(page.records.len(), 1);
    assert!(
        matches!(&page.records[0].body, RecordBody::Referral(r) if r.status == ReferralStatus::Proposed)
    );
    let likely = TeamFilter {
        level: Some("likely".into()),
        ..TeamFilter::default()
    };
    let page = v.team_records(&likely, &all()).unwrap().page;
    assert_eq!(page.records.len(), 1);
    assert_eq!(page.records[0].body.subject(), Some(person));
    // March: the two interviews (started on the 10th) and the March note.
    let march = TeamFilter {
        from: Some(Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap()),
        to: Some(Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap()),
        ..TeamFilter::default()
    };
    assert_eq!(count(&v, march), (3, 3));
    let own = TeamFilter {
        author: Some(v.device_id().to_uppercase()),
        kind: Some(RecordKind::Interview),
        ..TeamFilter::default()
    };
    assert_eq!(count(&v, own), (2, 2), "a device id in either case");
    let stranger = TeamFilter {
        author: Some("00".repeat(16)),
        ..TeamFilter::default()
    };
    assert_eq!(count(&v, stranger), (0, 0));
}

#[test]
fn pages_follow_each_other_newest_first_and_the_total_counts_them_all() {
    let (_d, v) = vault();
    for i in 0..7 {
        v.add(note(&format!("round {i}"))).unwrap();
    }
    let mut seen = Vec::new();
    let mut request = PageRequest::first(3);
    loop {
        let page = v.team_records(&TeamFilter::default(), &request).unwrap();
        assert_eq!(page.total, 7);
        seen.extend(page.page.records.iter().map(|r| match &r.body {
            RecordBody::OutreachNote(n) => n.text.clone(),
            _ => unreachable!(),
        }));
        match page.page.next {
            Some(next) => request.after = Some(next),
            None => break,
        }
    }
    let expected: Vec<String> = (0..7).rev().map(|i| format!("round {i}")).collect();
    assert_eq!(seen, expected);
}

#[test]
fn a_filter_naming_nothing_known_is_refused_naming_the_filter() {
    let (_d, v) = vault();
    let refused = |filter: TeamFilter, page: PageRequest| match v.team_records(&filter, &page) {
        Err(Error::InvalidInput { field, .. }) => field,
        other => panic!("{other:?}"),
    };
    let worker = TeamFilter {
        author: Some("Daniyar".into()),
        ..TeamFilter::default()
    };
    assert_eq!(refused(worker, all()), "worker");
    let level = TeamFilter {
        level: Some("high".into()),
        ..TeamFilter::default()
    };
    assert_eq!(refused(level, all()), "level");
    let now = Utc::now();
    let backwards = TeamFilter {
        from: Some(now),
        to: Some(now - Duration::days(1)),
        ..TeamFilter::default()
    };
    assert_eq!(refused(backwards, all()), "dates");
    assert_eq!(
        refused(TeamFilter::default(), PageRequest::first(0)),
        "page size"
    );
    let cursor = PageRequest {
        limit: 10,
        after: Some("yesterday".into()),
    };
    assert_eq!(refused(TeamFilter::default(), cursor), "page cursor");
}

#[test]
fn a_locked_vault_lists_nothing() {
    let (_d, mut v) = vault();
    v.add(note("round")).unwrap();
    v.lock().unwrap();
    assert!(matches!(
        v.team_records(&TeamFilter::default(), &all()),
        Err(Error::Locked)
    ));
    assert!(matches!(v.subjects(), Err(Error::Locked)));
}

#[test]
fn the_people_come_with_what_an_erasure_of_each_removes() {
    let (_d, v) = vault();
    let first = v.add(subject("man from Osh, blue cap")).unwrap();
    let second = v.add(subject("woman at stall 14")).unwrap();
    v.add(interview("possible", Some(first))).unwrap();
    v.add(referral(ReferralStatus::Accepted, Some(first)))
        .unwrap();
    let gone = v.add(subject("erased later")).unwrap();
    v.delete(gone).unwrap();

    let people = v.subjects().unwrap();
    let listed: Vec<(&str, u64)> = people
        .iter()
        .map(|p| (p.alias.as_str(), p.records))
        .collect();
    assert_eq!(
        listed,
        [("woman at stall 14", 1), ("man from Osh, blue cap", 3)],
        "newest first, deleted people left out"
    );
    for p in &people {
        assert_eq!(p.records, v.erasure_set(p.id).unwrap().len() as u64);
        assert_eq!(p.created_by, v.device_id());
    }
    assert_eq!(people[0].id, second);
}

#[test]
fn a_conflict_is_found_by_its_filter_and_the_lead_knows_both_authors_by_name() {
    let ((_a, lead), (_b, worker)) = team();
    let with_place = |place: &str| match note_at("meeting at the market", 2026, 3, 2) {
        RecordBody::OutreachNote(mut n) => {
            n.place = Some(place.into());
            RecordBody::OutreachNote(n)
        }
        _ => unreachable!(),
    };
    let id = worker.add(with_place("Barakholka row 7")).unwrap();
    lead.add(note("quiet day")).unwrap();
    let mut hub = hub_for(&lead);
    sync(&worker, &mut hub);
    sync(&lead, &mut hub);
    lead.update(id, with_place("Barakholka row 8")).unwrap();
    worker.update(id, with_place("Green market")).unwrap();
    sync(&lead, &mut hub);
    sync(&worker, &mut hub);
    sync(&lead, &mut hub);

    let conflicted = TeamFilter {
        conflicted: true,
        ..TeamFilter::default()
    };
    let page = lead.team_records(&conflicted, &all()).unwrap();
    assert_eq!(page.total, 1);
    let record = &page.page.records[0];
    assert_eq!(record.id, id);
    let names = lead.device_names().unwrap();
    assert_eq!(
        names.get(&record.created_by).map(String::as_str),
        Some("worker 1")
    );
    let place = record
        .conflicts
        .iter()
        .find(|c| c.field == "place")
        .unwrap();
    let mut authors: Vec<&str> = place
        .values
        .iter()
        .map(|v| names.get(&v.device).unwrap().as_str())
        .collect();
    authors.sort();
    assert_eq!(authors, ["lead", "worker 1"]);

    // The worker's records, by the worker's device.
    let by_worker = TeamFilter {
        author: Some(worker.device_id()),
        ..TeamFilter::default()
    };
    assert_eq!(lead.team_records(&by_worker, &all()).unwrap().total, 1);

    // Its history: created by the worker, then each device's edit of the place.
    let history = lead.history(id).unwrap();
    assert_eq!(ChangeAction::of(&history[0]), ChangeAction::Create);
    assert_eq!(names[&history[0].device], "worker 1");
    let edits: Vec<(String, ChangeAction)> = history[1..]
        .iter()
        .map(|h| (names[&h.device].clone(), ChangeAction::of(h)))
        .collect();
    assert_eq!(edits.len(), 2);
    for (_, action) in &edits {
        assert_eq!(action, &ChangeAction::Edit(vec!["place".into()]));
    }
    // Settled by the next edit (a value neither wrote: one equal to the value the record
    // reads is no change, and writes nothing): no longer found by the filter.
    lead.update(id, with_place("Barakholka row 9")).unwrap();
    assert_eq!(lead.team_records(&conflicted, &all()).unwrap().total, 0);
}

#[test]
fn a_vault_outside_a_team_knows_no_names() {
    let (_d, v) = vault();
    assert!(v.device_names().unwrap().is_empty());
}

#[test]
fn a_change_without_a_known_message_reads_as_other() {
    let entry = |summary: &str| senim_records::HistoryEntry {
        device: "00".repeat(16),
        at: Utc::now(),
        summary: summary.into(),
    };
    assert_eq!(ChangeAction::of(&entry("delete")), ChangeAction::Delete);
    assert_eq!(
        ChangeAction::of(&entry("edit: text, tags")),
        ChangeAction::Edit(vec!["text".into(), "tags".into()])
    );
    assert_eq!(ChangeAction::of(&entry("change")), ChangeAction::Other);
}

/// The lead's team page reads each row's summary on its own: a summary column of text
/// that is not UTF-8 (the file was edited) is a damaged record there too, not an error
/// that stops the page.
#[test]
fn a_summary_of_text_that_is_not_utf8_is_damaged_on_the_team_page() {
    let (_dir, v) = vault();
    let a = v.add(note("first")).unwrap();
    let b = v.add(note("second")).unwrap();
    v.conn
        .execute(
            "UPDATE record_summaries SET summary = CAST(x'ff' AS TEXT)
             WHERE seq = (SELECT seq FROM records WHERE id = ?1)",
            rusqlite::params![a.as_bytes().to_vec()],
        )
        .unwrap();
    let page = v
        .team_records(&TeamFilter::default(), &PageRequest::first(50))
        .unwrap()
        .page;
    assert_eq!(page.damaged, vec![a]);
    assert_eq!(
        page.records.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![b]
    );
}
