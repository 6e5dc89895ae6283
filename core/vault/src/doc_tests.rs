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
