//! A lead's work through the facade against a real hub (the hub's own router, as in
//! `team_tests.rs`): members and when they were last heard from, quarantine, the
//! team's policy, a subject's erasure, the anonymised report; and the refusals of a
//! device that is not a lead.

use std::time::{Duration, SystemTime};

use pollster::block_on;
use senim_records::{RecordBody, Subject};

use crate::error::SenimError;
use crate::lead::{PolicyView, ReportCount, RetentionRule};
use crate::records::{Note, RecordKind};
use crate::team::TeamRole;
use crate::team_tests::{InProcessHub, admitted, lead, note};
use crate::work::lock;

fn is_membership(e: &SenimError) -> bool {
    matches!(e, SenimError::Membership { .. })
}

#[test]
fn a_lead_sees_when_a_members_sync_reached_it_and_a_revoked_member_marked() {
    let root = tempfile::tempdir().unwrap();
    let hub = InProcessHub::start();
    let lead = lead(&root, &hub);
    let worker = admitted(&root, "worker", &lead, &hub, false);
    let worker_id = worker.summary().unwrap().device_id;

    let members = lead.member_activity().unwrap();
    assert_eq!(members.len(), 2, "{members:?}");
    let mine = members.iter().find(|m| m.this_device).unwrap();
    assert_eq!(
        (mine.name.as_str(), mine.role),
        ("Lead", Some(TeamRole::Lead))
    );
    assert_eq!(mine.last_heard, None, "the lead has not synced yet");
    let w = members.iter().find(|m| m.device == worker_id).unwrap();
    assert_eq!(
        (w.name.as_str(), w.role),
        ("worker", Some(TeamRole::Worker))
    );
    assert_eq!(
        (w.last_envelope, w.last_heard),
        (0, None),
        "nothing from it yet"
    );

    // The lead's first sync: its own time; the worker has sent nothing yet.
    block_on(lead.sync(hub.clone())).unwrap();
    let w = lead.member_activity().unwrap();
    assert!(
        w.iter()
            .find(|m| m.this_device)
            .unwrap()
            .last_heard
            .is_some()
    );
    assert_eq!(
        w.iter().find(|m| m.device == worker_id).unwrap().last_heard,
        None
    );

    worker.add_note(note("a van at the market")).unwrap();
    block_on(worker.sync(hub.clone())).unwrap();
    // The lead knows of the worker's sync only once its own sync brings it.
    assert_eq!(
        lead.member_activity()
            .unwrap()
            .iter()
            .find(|m| m.device == worker_id)
            .unwrap()
            .last_heard,
        None
    );
    let before = SystemTime::now() - Duration::from_secs(1);
    block_on(lead.sync(hub.clone())).unwrap();
    let after = SystemTime::now() + Duration::from_secs(1);
    let w = lead.member_activity().unwrap();
    let w = w.iter().find(|m| m.device == worker_id).unwrap().clone();
    assert!(w.last_envelope >= 1, "{w:?}");
    let heard = w.last_heard.expect("heard from at the lead's sync");
    assert!(before <= heard && heard <= after, "{w:?}");

    // A sync that brings nothing new from the worker keeps the time it was heard.
    block_on(lead.sync(hub.clone())).unwrap();
    let again = lead.member_activity().unwrap();
    let again = again.iter().find(|m| m.device == worker_id).unwrap();
    assert_eq!(again.last_heard, Some(heard));

    block_on(lead.revoke(worker_id.clone(), hub.clone())).unwrap();
    let members = lead.member_activity().unwrap();
    let revoked = members.last().unwrap();
    assert_eq!(revoked.device, worker_id, "revoked devices last");
    assert_eq!(revoked.role, None);
    assert_eq!(revoked.name, "worker", "its name from the earlier list");
    assert_eq!(
        (revoked.last_envelope, revoked.last_heard),
        (w.last_envelope, Some(heard)),
        "what was heard stays known"
    );
}

#[test]
fn a_vault_outside_a_team_has_no_members_and_no_quarantine() {
    let root = tempfile::tempdir().unwrap();
    let alone = crate::team_tests::vault(&root, "alone");
    assert!(alone.member_activity().unwrap().is_empty());
    assert!(alone.quarantine().unwrap().is_empty());
    assert_eq!(alone.policy().unwrap(), None);
}

#[test]
fn a_lead_sets_the_policy_every_member_reads_and_a_worker_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let hub = InProcessHub::start();
    let lead = lead(&root, &hub);
    let worker = admitted(&root, "worker", &lead, &hub, false);
    let policy = PolicyView {
        retention: vec![RetentionRule {
            kind: RecordKind::Referral,
            days: 365,
        }],
        wipe_after_failed_unlocks: Some(10),
        wipe_after_days_without_sync: Some(30),
    };
    let order = block_on(lead.set_policy(policy.clone(), hub.clone())).unwrap();
    assert!(order >= 1);
    assert_eq!(lead.policy().unwrap(), Some(policy.clone()));
    block_on(worker.sync(hub.clone())).unwrap();
    assert_eq!(worker.policy().unwrap(), Some(policy.clone()));

    let e = block_on(worker.set_policy(policy.clone(), hub.clone())).unwrap_err();
    assert!(is_membership(&e), "{e:?}");

    // Out of bounds, or a kind named twice: the field, before anything is sent.
    let mut bad = policy.clone();
    bad.wipe_after_failed_unlocks = Some(1);
    let e = block_on(lead.set_policy(bad, hub.clone())).unwrap_err();
    assert!(matches!(e, SenimError::InvalidInput { .. }), "{e:?}");
    let mut twice = policy.clone();
    twice.retention.push(RetentionRule {
        kind: RecordKind::Referral,
        days: 30,
    });
    let e = block_on(lead.set_policy(twice, hub.clone())).unwrap_err();
    assert!(
        matches!(&e, SenimError::InvalidInput { field, .. } if field == "retention"),
        "{e:?}"
    );
    assert_eq!(lead.policy().unwrap(), Some(policy), "nothing changed");

    // An empty policy clears it.
    let empty = PolicyView {
        retention: Vec::new(),
        wipe_after_failed_unlocks: None,
        wipe_after_days_without_sync: None,
    };
    block_on(lead.set_policy(empty.clone(), hub.clone())).unwrap();
    assert_eq!(lead.policy().unwrap(), Some(empty));
}

#[test]
fn a_lead_erases_a_subject_from_every_device_and_a_worker_cannot() {
    let root = tempfile::tempdir().unwrap();
    let hub = InProcessHub::start();
    let lead = lead(&root, &hub);
    let worker = admitted(&root, "worker", &lead, &hub, false);
    let subject = lock(&worker.vault)
        .add(RecordBody::Subject(Subject {
            alias: "man in the blue cap".into(),
            age_band: None,
            gender: None,
            nationality: Some("UZ".into()),
            languages: Vec::new(),
            contact_preference: None,
        }))
        .unwrap()
        .to_string();
    worker
        .add_note(Note {
            subject: Some(subject.clone()),
            ..note("met him at the bus station")
        })
        .unwrap();
    worker.add_note(note("a market day, nothing seen")).unwrap();
    block_on(worker.sync(hub.clone())).unwrap();
    block_on(lead.sync(hub.clone())).unwrap();
    assert_eq!(lead.erasure_count(subject.clone()).unwrap(), 2);

    let e = block_on(worker.erase_subject(subject.clone(), hub.clone())).unwrap_err();
    assert!(is_membership(&e), "{e:?}");
    let e = block_on(lead.erase_subject("not an id".into(), hub.clone())).unwrap_err();
    assert!(matches!(e, SenimError::InvalidInput { .. }), "{e:?}");

    let erased = block_on(lead.erase_subject(subject.clone(), hub.clone())).unwrap();
    assert_eq!(erased.records, 2, "{erased:?}");
    assert!(erased.order >= 1);
    let e = lead.erasure_count(subject.clone()).unwrap_err();
    assert!(matches!(e, SenimError::NotFound { .. }), "{e:?}");
    block_on(worker.sync(hub.clone())).unwrap();
    let left =
        |v: &crate::vault::SenimVault| v.search("bus".into(), 10, None).unwrap().records.len();
    assert_eq!(left(&worker), 0, "gone from the worker's phone");
    assert_eq!(left(&lead), 0);
    assert_eq!(
        worker
            .search("market".into(), 10, None)
            .unwrap()
            .records
            .len(),
        1,
        "the other note stays"
    );
}

#[test]
fn the_quarantine_is_empty_on_a_sound_team_and_a_worker_cannot_purge_it() {
    let root = tempfile::tempdir().unwrap();
    let hub = InProcessHub::start();
    let lead = lead(&root, &hub);
    let worker = admitted(&root, "worker", &lead, &hub, false);
    worker.add_note(note("a van at the market")).unwrap();
    block_on(worker.sync(hub.clone())).unwrap();
    block_on(lead.sync(hub.clone())).unwrap();
    assert!(lead.quarantine().unwrap().is_empty());
    let e = block_on(worker.purge_quarantine(hub.clone())).unwrap_err();
    assert!(is_membership(&e), "{e:?}");
    let purged = block_on(lead.purge_quarantine(hub.clone())).unwrap();
    assert_eq!((purged.envelopes, purged.records), (0, 0));
}

fn value(c: &ReportCount) -> Option<u64> {
    assert_eq!(c.value.is_none(), c.suppressed, "{c:?}");
    c.value
}

#[test]
fn the_report_counts_the_teams_records_and_suppresses_small_counts() {
    let root = tempfile::tempdir().unwrap();
    let hub = InProcessHub::start();
    let lead = lead(&root, &hub);
    let worker = admitted(&root, "worker", &lead, &hub, false);
    for i in 0..6 {
        worker
            .add_note(Note {
                place: Some("Barakholka market".into()),
                ..note(&format!("round {i}"))
            })
            .unwrap();
    }
    for i in 0..5 {
        worker
            .add_note(Note {
                place: Some("Green market".into()),
                ..note(&format!("visit {i}"))
            })
            .unwrap();
    }
    worker
        .add_note(Note {
            place: Some("Sayran bus station".into()),
            ..note("one at the station")
        })
        .unwrap();
    block_on(worker.sync(hub.clone())).unwrap();
    block_on(lead.sync(hub.clone())).unwrap();

    let report = block_on(lead.report(None, None, 5, "en".into())).unwrap();
    assert_eq!((report.threshold, report.unreadable), (5, 0));
    let place = |label: &str| {
        report
            .notes_by_place
            .iter()
            .find(|p| p.label == label)
            .unwrap_or_else(|| panic!("{label} in {:?}", report.notes_by_place))
            .count
    };
    assert_eq!(value(&place("Barakholka market")), Some(6));
    let station = place("Sayran bus station");
    assert!(station.suppressed, "a count of one is never shown");
    assert_eq!(value(&station), None);
    // The total of the column would give the one away: the next smallest goes too.
    assert!(place("Green market").suppressed);
    let no_place = report
        .notes_by_place
        .iter()
        .find(|p| p.not_recorded)
        .unwrap();
    assert_eq!(no_place.label, "");
    // Referrals by status: the five statuses, none recorded.
    let statuses: Vec<_> = report
        .referrals_by_status
        .iter()
        .map(|s| (s.label.as_str(), value(&s.count)))
        .collect();
    assert_eq!(
        statuses,
        [
            ("proposed", Some(0)),
            ("accepted", Some(0)),
            ("declined", Some(0)),
            ("completed", Some(0)),
            ("cancelled", Some(0))
        ]
    );
    // Levels over time: this month's twelve notes, no assessed interview.
    let month = report.levels_by_month.last().expect("this month");
    assert_eq!(value(&month.records), Some(12));
    assert_eq!(value(&month.likely), Some(0));
    let kinds = report
        .tables
        .iter()
        .find(|t| t.id == "records_by_kind")
        .unwrap();
    assert_eq!(kinds.label_columns, ["kind"]);
    assert_eq!(kinds.count_columns, ["records"]);

    // At 2 the one is still hidden, and the smallest beside it; a bad threshold or
    // a bad day is refused.
    let low = block_on(lead.report(None, None, 2, "en".into())).unwrap();
    let shown = |label: &str| {
        low.notes_by_place
            .iter()
            .find(|p| p.label == label)
            .unwrap()
            .count
    };
    assert!(shown("Sayran bus station").suppressed, "1 is below 2");
    assert_eq!(
        value(&shown("Green market")),
        None,
        "the smallest beside it"
    );
    assert_eq!(value(&shown("Barakholka market")), Some(6));
    for (from, threshold, field) in [
        (None, 1, "threshold"),
        (Some("2026-13-01".to_string()), 5, "from"),
    ] {
        let e = block_on(lead.report(from, None, threshold, "en".into())).unwrap_err();
        assert!(
            matches!(&e, SenimError::InvalidInput { field: f, .. } if f == field),
            "{e:?}"
        );
    }
    // A period that holds nothing counts nothing.
    let past = block_on(lead.report(
        Some("2001-01-01".into()),
        Some("2001-12-31".into()),
        5,
        "en".into(),
    ))
    .unwrap();
    assert_eq!(past.from.as_deref(), Some("2001-01-01"));
    assert!(past.levels_by_month.is_empty());
}

#[test]
fn the_reports_csv_is_the_counts_shown_in_the_languages_words() {
    let root = tempfile::tempdir().unwrap();
    let hub = InProcessHub::start();
    let lead = lead(&root, &hub);
    let formula = "=cmd|' /C calc'!A0";
    let quoted = "Row 7, \"the blue gate\"";
    for (place, n) in [(formula, 6), (quoted, 5), ("Sayran", 1)] {
        for i in 0..n {
            lead.add_note(Note {
                place: Some(place.into()),
                ..note(&format!("canary text {i}"))
            })
            .unwrap();
        }
    }
    let report = block_on(lead.report(None, None, 5, "ru".into())).unwrap();
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(report.csv.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let ru = senim_l10n::Localizer::for_tag("ru").unwrap();
    let title = ru.text("cli-report-table-places").unwrap();
    let at = rows
        .iter()
        .position(|r| r == std::slice::from_ref(&title))
        .expect("the places table");
    let total = ru.text("cli-report-total").unwrap();
    // The screen's counts: 6 shown, the 1 hidden, and the 5 beside it so that the 1
    // cannot be worked out from the total; the formula neutralised, the quotes kept.
    assert_eq!(
        rows[at + 1..at + 7],
        [
            vec![
                ru.text("cli-report-column-place").unwrap(),
                ru.text("cli-report-column-notes").unwrap()
            ],
            vec![format!("'{formula}"), "6".into()],
            vec![quoted.to_string(), "suppressed".into()],
            vec!["Sayran".to_string(), "suppressed".into()],
            vec![ru.text("cli-report-no-place").unwrap(), "0".into()],
            vec![total, "12".into()],
        ]
    );
    let places: Vec<_> = report
        .notes_by_place
        .iter()
        .map(|p| value(&p.count))
        .collect();
    assert_eq!(places, [Some(6), None, None, Some(0)]);
    // Every table is in the file; no note's text is.
    for table in &report.tables {
        let key = format!("cli-report-table-{}", table.id.replace('_', "-"));
        assert!(rows.contains(&vec![ru.text(&key).unwrap()]), "{key}");
    }
    assert!(!report.csv.contains("canary"));

    let e = block_on(lead.report(None, None, 5, "xx-nowhere".into())).unwrap_err();
    assert!(
        matches!(&e, SenimError::InvalidInput { field, .. } if field == "language"),
        "{e:?}"
    );
}
