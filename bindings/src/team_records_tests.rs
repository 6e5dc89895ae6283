//! The lead's merged picture through the facade against a real hub: two workers edit
//! one note at once and the lead sees the conflict with both call signs and the
//! record's history; filters by worker, kind and days, and their refusals; the people
//! an erasure may name, with their counts; and a worker refused every call.

use std::sync::Arc;

use pollster::block_on;
use senim_records::{RecordBody, Subject};

use crate::error::SenimError;
use crate::records::{Note, RecordKind};
use crate::team_records::{ChangeKind, TeamRecordFilter};
use crate::team_tests::{InProcessHub, admitted, lead, note};
use crate::vault::SenimVault;
use crate::work::lock;

fn invalid_field(e: SenimError) -> String {
    match e {
        SenimError::InvalidInput { field, .. } => field,
        other => panic!("{other:?}"),
    }
}

/// A lead and two workers; the first worker's note, edited at once by both workers
/// after a sync, reaches the lead with its conflict. Returns the note's id.
fn conflicting_edit(
    hub: &Arc<InProcessHub>,
    lead: &SenimVault,
    first: &SenimVault,
    second: &SenimVault,
) -> String {
    let base = note("two men, passports held by the foreman");
    let at_place = |place: &str| Note {
        place: Some(place.into()),
        ..base.clone()
    };
    let id = first.add_note(at_place("Barakholka row 7")).unwrap();
    block_on(first.sync(hub.clone())).unwrap();
    block_on(second.sync(hub.clone())).unwrap();
    first
        .edit_note(id.clone(), at_place("Barakholka row 8"))
        .unwrap();
    second
        .edit_note(id.clone(), at_place("Green market"))
        .unwrap();
    block_on(first.sync(hub.clone())).unwrap();
    block_on(second.sync(hub.clone())).unwrap();
    block_on(lead.sync(hub.clone())).unwrap();
    id
}

#[test]
fn the_lead_sees_a_conflict_with_both_authors_by_name_and_the_records_history() {
    let root = tempfile::tempdir().unwrap();
    let hub = InProcessHub::start();
    let lead = lead(&root, &hub);
    let aigerim = admitted(&root, "Aigerim", &lead, &hub, false);
    let daniyar = admitted(&root, "Daniyar", &lead, &hub, false);
    let id = conflicting_edit(&hub, &lead, &aigerim, &daniyar);
    daniyar
        .add_note(note("a quiet day at the station"))
        .unwrap();
    block_on(daniyar.sync(hub.clone())).unwrap();
    block_on(lead.sync(hub.clone())).unwrap();

    let all = lead
        .team_records(TeamRecordFilter::default(), 50, None)
        .unwrap();
    assert_eq!(all.total, 2);
    let conflicts = TeamRecordFilter {
        conflicts: true,
        ..TeamRecordFilter::default()
    };
    let page = lead.team_records(conflicts, 50, None).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.records[0].record.id, id);
    assert_eq!(page.records[0].author.name, "Aigerim");

    let detail = lead.team_record(id.clone()).unwrap();
    let place = detail
        .conflicts
        .iter()
        .find(|c| c.field == "place")
        .unwrap();
    let mut values: Vec<(String, String)> = place
        .values
        .iter()
        .map(|v| (v.author.name.clone(), v.value_json.clone()))
        .collect();
    values.sort();
    assert_eq!(
        values,
        [
            ("Aigerim".into(), "\"Barakholka row 8\"".into()),
            ("Daniyar".into(), "\"Green market\"".into())
        ]
    );
    // The value the record reads is marked, and only that one.
    let reads = detail
        .record
        .record
        .note
        .as_ref()
        .unwrap()
        .place
        .clone()
        .unwrap();
    let current: Vec<&str> = place
        .values
        .iter()
        .filter(|v| v.current)
        .map(|v| v.value_json.as_str())
        .collect();
    assert_eq!(current, [format!("\"{reads}\"")]);
    let history: Vec<(String, ChangeKind, Vec<String>)> = detail
        .history
        .iter()
        .map(|h| (h.author.name.clone(), h.kind, h.fields.clone()))
        .collect();
    assert_eq!(history[0], ("Aigerim".into(), ChangeKind::Create, vec![]));
    let mut edits = history[1..].to_vec();
    edits.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        edits,
        [
            ("Aigerim".into(), ChangeKind::Edit, vec!["place".into()]),
            ("Daniyar".into(), ChangeKind::Edit, vec!["place".into()])
        ]
    );
    assert!(detail.history.iter().all(|h| !h.author.this_device));

    // By worker: the device id the members list gives.
    let daniyar_id = daniyar.summary().unwrap().device_id;
    let by_daniyar = TeamRecordFilter {
        worker: Some(daniyar_id),
        ..TeamRecordFilter::default()
    };
    let page = lead.team_records(by_daniyar, 50, None).unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.records[0].author.name, "Daniyar");
}

#[test]
fn filters_by_kind_and_days_run_in_the_core_and_bad_ones_are_refused_by_name() {
    let root = tempfile::tempdir().unwrap();
    let hub = InProcessHub::start();
    let lead = lead(&root, &hub);
    lead.add_note(note("today at the market")).unwrap();
    let today = chrono::Utc::now().date_naive();
    let day = |d: chrono::NaiveDate| Some(d.format("%Y-%m-%d").to_string());
    let on = |from, to| TeamRecordFilter {
        from,
        to,
        ..TeamRecordFilter::default()
    };
    assert_eq!(
        lead.team_records(on(day(today), day(today)), 10, None)
            .unwrap()
            .total,
        1,
        "both days inclusive"
    );
    let yesterday = today.pred_opt().unwrap();
    assert_eq!(
        lead.team_records(on(None, day(yesterday)), 10, None)
            .unwrap()
            .total,
        0
    );
    let referrals = TeamRecordFilter {
        kind: Some(RecordKind::Referral),
        ..TeamRecordFilter::default()
    };
    assert_eq!(lead.team_records(referrals, 10, None).unwrap().total, 0);

    let refused = |f: TeamRecordFilter, after: Option<String>| {
        invalid_field(lead.team_records(f, 10, after).unwrap_err())
    };
    assert_eq!(refused(on(Some("2026-13-01".into()), None), None), "from");
    assert_eq!(refused(on(None, Some("yesterday".into())), None), "to");
    assert_eq!(refused(on(day(today), day(yesterday)), None), "to");
    let worker = TeamRecordFilter {
        worker: Some("Daniyar".into()),
        ..TeamRecordFilter::default()
    };
    assert_eq!(refused(worker, None), "worker");
    assert_eq!(
        refused(TeamRecordFilter::default(), Some("x".into())),
        "page cursor"
    );
    assert_eq!(
        invalid_field(
            lead.team_records(TeamRecordFilter::default(), 0, None)
                .unwrap_err()
        ),
        "page size"
    );
    assert_eq!(
        invalid_field(lead.team_record("not an id".into()).unwrap_err()),
        "record id"
    );
    let unknown = "00".repeat(16);
    assert!(matches!(
        lead.team_record(unknown).unwrap_err(),
        SenimError::NotFound { .. }
    ));
}

#[test]
fn the_people_to_erase_come_with_their_counts_and_a_worker_is_refused_every_call() {
    let root = tempfile::tempdir().unwrap();
    let hub = InProcessHub::start();
    let lead = lead(&root, &hub);
    let worker = admitted(&root, "Daniyar", &lead, &hub, false);
    let subject = lock(&worker.vault)
        .add(RecordBody::Subject(Subject {
            alias: "man in the blue cap".into(),
            age_band: None,
            gender: None,
            nationality: None,
            languages: Vec::new(),
            contact_preference: None,
        }))
        .unwrap()
        .to_string();
    for text in ["met him at the bus station", "saw him again at the market"] {
        worker
            .add_note(Note {
                subject: Some(subject.clone()),
                ..note(text)
            })
            .unwrap();
    }
    block_on(worker.sync(hub.clone())).unwrap();
    block_on(lead.sync(hub.clone())).unwrap();

    let people = lead.erasure_subjects().unwrap();
    assert_eq!(people.len(), 1);
    assert_eq!(people[0].id, subject);
    assert_eq!(people[0].alias, "man in the blue cap");
    assert_eq!(people[0].recorded_by.name, "Daniyar");
    assert_eq!(people[0].records, 3);
    assert_eq!(
        people[0].records,
        lead.erasure_count(subject.clone()).unwrap()
    );

    let membership = |e: SenimError| matches!(e, SenimError::Membership { .. });
    assert!(membership(worker.erasure_subjects().unwrap_err()));
    assert!(membership(
        worker
            .team_records(TeamRecordFilter::default(), 10, None)
            .unwrap_err()
    ));
    assert!(membership(worker.team_record(subject).unwrap_err()));
}
