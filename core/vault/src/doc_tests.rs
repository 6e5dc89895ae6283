//! Records round-trip through their automerge documents: any valid record reads back
//! equal, or is refused with a typed error; any bytes load as a document or fail
//! cleanly. Nothing panics.

use chrono::{TimeZone, Utc};
use proptest::prelude::*;

use senim_records::*;

use crate::doc::RecordDoc;

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof!["\\PC{0,80}", "[а-яёәғқңөұүһі ,.!?-]{1,80}", any::<String>(),]
}

prop_compose! {
    fn any_note()(
        text in any_text(),
        place in proptest::option::of(any_text()),
        tags in proptest::collection::vec(any_text(), 0..6),
        secs in 0i64..4_000_000_000,
        loc in proptest::option::of((-100.0f64..100.0, -200.0f64..200.0)),
    ) -> RecordBody {
        RecordBody::OutreachNote(OutreachNote {
            text,
            place,
            location: loc.map(|(lat, lon)| CoarseLocation { lat, lon }),
            tags,
            at: Utc.timestamp_opt(secs, 0).unwrap(),
            subject: None,
        })
    }
}

prop_compose! {
    fn any_interview()(
        form_id in any_text(),
        language in "[a-z]{1,4}",
        answers in proptest::collection::btree_map(any_text(), prop_oneof![
            any_text().prop_map(Answer::Text),
            any_text().prop_map(Answer::Choice),
            proptest::collection::vec(any_text(), 0..4).prop_map(Answer::Choices),
            any::<i64>().prop_map(Answer::Integer),
            Just(Answer::YesNo(YesNo::Declined)),
            Just(Answer::Declined),
            "[A-Z]{2}".prop_map(Answer::Country),
        ], 0..6),
        skipped in proptest::collection::vec("[a-z_]{1,12}", 0..4),
        scored in any::<bool>(),
        indicators in proptest::collection::vec("[A-Z]{2}-[a-z]{1,8}", 0..5),
    ) -> RecordBody {
        RecordBody::Interview(Interview {
            form_id,
            form_version: "1".into(),
            language,
            subject: None,
            status: InterviewStatus::InProgress,
            form_hash: "ab".repeat(32),
            answers,
            skipped,
            consent: Some(RecordId([9; 16])),
            started_at: Utc.timestamp_opt(1_700_000_000, 0).unwrap(),
            finished_at: None,
            assessment: scored.then(|| AssessmentSummary {
                rule_set_id: "ilo-ec-2009".into(),
                rule_set_version: "1.0.0".into(),
                rule_set_hash: "cd".repeat(32),
                level: "possible".into(),
                urgent_safety: true,
                indicators,
                at: Utc.timestamp_opt(1_700_000_100, 0).unwrap(),
            }),
        })
    }
}

fn round_trip(body: RecordBody) -> std::result::Result<(), TestCaseError> {
    match body.validate().map_err(crate::Error::from) {
        Ok(valid) => {
            let id = RecordId([3; 16]);
            let doc = RecordDoc::create(id, &[4; 16], &valid, Utc::now())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let loaded = RecordDoc::load(id, &[4; 16], &doc.save())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            let read = loaded
                .read()
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(read.body, valid);
        }
        Err(crate::Error::InvalidInput { .. }) => {}
        Err(other) => return Err(TestCaseError::fail(format!("unexpected error {other}"))),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn any_note_round_trips_or_is_refused(body in any_note()) {
        round_trip(body)?;
    }

    #[test]
    fn any_interview_round_trips_or_is_refused(body in any_interview()) {
        round_trip(body)?;
    }

    #[test]
    fn any_bytes_load_as_a_document_or_fail_cleanly(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(doc) = RecordDoc::load(RecordId([1; 16]), &[2; 16], &bytes) {
            let _ = doc.read();
        }
    }
}

fn plain_note(text: &str) -> RecordBody {
    RecordBody::OutreachNote(OutreachNote {
        text: text.into(),
        place: None,
        location: None,
        tags: vec![],
        at: Utc.timestamp_opt(1_700_000_000, 0).unwrap(),
        subject: None,
    })
}

/// A note edited on device 2 and then on device 3 on top of device 2's edit: the base
/// every device holds, device 2's change, and device 3's (which depends on device 2's).
fn a_change_on_top_of_anothers() -> (Vec<u8>, Vec<Vec<u8>>, Vec<Vec<u8>>) {
    let id = RecordId([1; 16]);
    let now = Utc.timestamp_opt(1_700_000_000, 0).unwrap();
    let mut base = RecordDoc::create(id, &[1; 16], &plain_note("the market"), now).unwrap();
    base.update(&plain_note("the bus market"), now).unwrap();
    let saved = base.save();
    let mut second = RecordDoc::load(id, &[2; 16], &saved).unwrap();
    let heads = second.heads();
    second
        .update(&plain_note("the big bus market"), now)
        .unwrap();
    let by_second = second.own_changes_since(&heads, &[2; 16]).unwrap();
    let mut third = RecordDoc::load(id, &[3; 16], &second.save()).unwrap();
    let heads = third.heads();
    third
        .update(&plain_note("the big bus market, row 7"), now)
        .unwrap();
    let by_third = third.own_changes_since(&heads, &[3; 16]).unwrap();
    (saved, by_second, by_third)
}

#[test]
fn a_saved_document_leaves_out_a_change_that_waits_for_its_dependency() {
    let id = RecordId([1; 16]);
    let (saved, _, by_third) = a_change_on_top_of_anothers();
    let mut doc = RecordDoc::load(id, &[1; 16], &saved).unwrap();
    assert!(!doc.apply(&by_third, Some(&[3; 16])).unwrap(), "it waits");
    let again = RecordDoc::load(id, &[1; 16], &doc.save()).unwrap();
    assert_eq!(again.heads(), doc.heads());
    assert_eq!(again.read().unwrap().body, plain_note("the bus market"));
}

#[test]
fn a_stored_base_holding_a_waiting_change_loads_without_it() {
    // What builds before kept in a record's base: automerge's default save keeps a
    // change whose dependency is missing, and the base then did not load at all.
    let id = RecordId([1; 16]);
    let (saved, by_second, by_third) = a_change_on_top_of_anothers();
    let mut doc = RecordDoc::load(id, &[1; 16], &saved).unwrap();
    assert!(!doc.apply(&by_third, Some(&[3; 16])).unwrap());
    let old = doc.save_with_waiting_changes();
    assert!(old.len() > doc.save().len());
    let mut loaded = RecordDoc::load_stored(id, &[1; 16], &old, old.len(), 0).unwrap();
    assert_eq!(loaded.read().unwrap().body, plain_note("the bus market"));
    // Its envelope, applied again once device 2's change is there, completes it.
    assert!(loaded.apply(&by_second, Some(&[2; 16])).unwrap());
    assert!(loaded.apply(&by_third, Some(&[3; 16])).unwrap());
    assert_eq!(
        loaded.read().unwrap().body,
        plain_note("the big bus market, row 7")
    );
}
