//! The interview runner, one behaviour per test, and properties over random walks.

use std::sync::Arc;

use proptest::prelude::*;
use serde_json::json;

use senim_content::Error as ContentError;
use senim_content::forms::{Form, InterviewSession, QuickExit};
use senim_records::{
    Answer, ConsentScope, InterviewStatus, PageRequest, RecordBody, RecordFilter, RecordKind,
    Subject, YesNo,
};
use senim_vault::{CreateOptions, Error, Vault};

fn t(en: &str) -> serde_json::Value {
    json!({"en": en, "ru": format!("ru: {en}")})
}

fn yes_no(id: &str) -> serde_json::Value {
    json!({"id": id, "type": "yes_no", "label": t(id)})
}

/// A small form: a chain of conditional questions (abroad → online_offer → passport),
/// a required question, an identifying one, an integer, a danger question.
fn form_json() -> serde_json::Value {
    json!({
        "format": 1,
        "id": "runner_test",
        "version": "1",
        "title": t("Runner test"),
        "default_language": "en",
        "languages": ["en", "ru", "kk"],
        "fallback": {"kk": ["ru"]},
        "consent": {
            "purpose": t("purpose"),
            "use_of_information": t("use"),
            "right_to_refuse": t("refuse"),
            "right_to_stop": t("stop"),
        },
        "emergency": t("Move to a safe place."),
        "indicators": [
            {"id": "DR.job", "dimension": "DR", "strength": "strong",
             "populations": ["adult_labour"], "explanation": t("deceived")}
        ],
        "sections": [
            {"id": "context", "title": t("Context"), "questions": [
                {"id": "sector", "type": "single_choice", "label": t("sector"), "required": true,
                 "options": [{"id": "construction", "label": t("construction")},
                             {"id": "bazaar", "label": t("bazaar")}]},
                {"id": "nickname", "type": "text", "label": t("nickname"), "identifying": true},
            ]},
            {"id": "work", "title": t("Work"), "questions": [
                yes_no("abroad"),
                {"id": "online_offer", "type": "yes_no", "label": t("online offer"),
                 "show_if": "abroad == \"yes\""},
                {"id": "passport", "type": "yes_no", "label": t("passport"),
                 "show_if": "online_offer == \"yes\"",
                 "raises": [{"indicator": "DR.job", "answers": ["yes"]}]},
                {"id": "hours", "type": "integer", "label": t("hours"),
                 "validation": {"min": 0, "max": 24}},
                {"id": "danger_now", "type": "yes_no", "label": t("danger"),
                 "danger": {"answers": ["yes"]}},
            ]}
        ]
    })
}

fn form() -> Arc<Form> {
    Arc::new(Form::from_json(form_json().to_string().as_bytes()).unwrap())
}

fn vault() -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let v = Vault::create(
        dir.path(),
        b"interview runner passcode",
        CreateOptions::insecure_fast_for_tests(),
    )
    .unwrap();
    (dir, v)
}

fn yes() -> Answer {
    Answer::YesNo(YesNo::Yes)
}

fn no() -> Answer {
    Answer::YesNo(YesNo::No)
}

fn count(v: &Vault, kind: RecordKind) -> usize {
    v.list(
        &RecordFilter {
            kind: Some(kind),
            ..Default::default()
        },
        &PageRequest::first(100),
    )
    .unwrap()
    .records
    .len()
}

fn started(v: &Vault) -> InterviewSession {
    let mut s = InterviewSession::start(form(), "en", None).unwrap();
    s.record_consent(v, &[ConsentScope::Screening], "worker 7")
        .unwrap();
    s
}

fn stored(v: &Vault, s: &InterviewSession) -> senim_records::Interview {
    match v.get(s.id().unwrap()).unwrap().body {
        RecordBody::Interview(i) => i,
        other => panic!("not an interview: {other:?}"),
    }
}

#[test]
fn no_answer_is_accepted_or_stored_before_consent() {
    let (_d, v) = vault();
    let mut s = InterviewSession::start(form(), "en", None).unwrap();
    let err = s
        .answer(&v, Answer::Choice("construction".into()))
        .unwrap_err();
    assert!(matches!(
        err,
        Error::Content(ContentError::ConsentRequired { scope: "screening" })
    ));
    assert_eq!(count(&v, RecordKind::Interview), 0);
    assert_eq!(count(&v, RecordKind::Consent), 0);
}

#[test]
fn consent_without_the_screening_scope_is_refused_and_stores_nothing() {
    let (_d, v) = vault();
    let mut s = InterviewSession::start(form(), "en", None).unwrap();
    let err = s
        .record_consent(&v, &[ConsentScope::Referral], "worker 7")
        .unwrap_err();
    assert!(matches!(
        err,
        Error::Content(ContentError::ConsentRequired { scope: "screening" })
    ));
    assert!(!s.has_consent());
    assert_eq!(count(&v, RecordKind::Consent), 0);
}

#[test]
fn consent_is_stored_first_and_linked_from_the_interview() {
    let (_d, v) = vault();
    let mut s = InterviewSession::start(form(), "ru", None).unwrap();
    assert_eq!(s.consent_script().purpose.text, "ru: purpose");
    let consent = s
        .record_consent(
            &v,
            &[ConsentScope::Screening, ConsentScope::Referral],
            "worker 7",
        )
        .unwrap();
    let i = stored(&v, &s);
    assert_eq!(i.consent, Some(consent));
    assert_eq!(i.form_hash, s.form().hash);
    assert!(i.answers.is_empty());
    assert_eq!(count(&v, RecordKind::Consent), 1);
}

#[test]
fn every_answer_is_in_the_vault_as_soon_as_it_is_given() {
    let (_d, v) = vault();
    let mut s = started(&v);
    s.answer(&v, Answer::Choice("bazaar".into())).unwrap();
    assert_eq!(
        stored(&v, &s).answers.get("sector"),
        Some(&Answer::Choice("bazaar".into()))
    );
    s.answer(&v, yes()).unwrap(); // abroad
    s.skip(&v).unwrap(); // online_offer
    let i = stored(&v, &s);
    assert_eq!(i.answers.get("abroad"), Some(&yes()));
    assert_eq!(i.skipped, vec!["online_offer".to_string()]);
}

#[test]
fn an_interrupted_interview_resumes_at_the_first_open_question() {
    let (_d, v) = vault();
    let mut s = started(&v);
    s.answer(&v, Answer::Choice("bazaar".into())).unwrap();
    s.answer(&v, yes()).unwrap(); // abroad
    s.skip(&v).unwrap(); // online_offer, which hides passport
    let id = s.id().unwrap();
    drop(s);
    let resumed = InterviewSession::resume(&v, form(), id).unwrap();
    assert_eq!(resumed.current().unwrap().id, "hours");
    assert_eq!(resumed.progress().answered, 2);
    assert_eq!(resumed.progress().skipped, 1);
}

#[test]
fn resuming_with_another_form_version_is_a_content_mismatch() {
    let (_d, v) = vault();
    let s = started(&v);
    let mut other = form_json();
    other["version"] = json!("2");
    let other = Arc::new(Form::from_json(other.to_string().as_bytes()).unwrap());
    let err = InterviewSession::resume(&v, other, s.id().unwrap()).unwrap_err();
    assert!(matches!(
        err,
        Error::Content(ContentError::ContentMismatch { what: "form", .. })
    ));

    let mut changed = form_json();
    changed["emergency"] = t("Different steps.");
    let changed = Arc::new(Form::from_json(changed.to_string().as_bytes()).unwrap());
    let err = InterviewSession::resume(&v, changed, s.id().unwrap()).unwrap_err();
    assert!(matches!(
        err,
        Error::Content(ContentError::ContentMismatch { what: "form", .. })
    ));
}

#[test]
fn changing_an_earlier_answer_clears_answers_to_questions_it_hides() {
    let (_d, v) = vault();
    let mut s = started(&v);
    s.answer(&v, Answer::Choice("bazaar".into())).unwrap();
    s.answer(&v, yes()).unwrap(); // abroad
    s.answer(&v, yes()).unwrap(); // online_offer
    s.answer(&v, yes()).unwrap(); // passport
    let edits_before = v.history(s.id().unwrap()).unwrap().len();

    let outcome = s.answer_question(&v, "abroad", no()).unwrap();
    assert_eq!(outcome.cleared, vec!["online_offer", "passport"]);
    let i = stored(&v, &s);
    assert!(!i.answers.contains_key("online_offer"));
    assert!(!i.answers.contains_key("passport"));
    // The clearing is one more change in the record's history.
    let history = v.history(s.id().unwrap()).unwrap();
    assert_eq!(history.len(), edits_before + 1);
    assert!(history.last().unwrap().summary.contains("answers"));
    // The cursor moves on past the hidden questions.
    assert_eq!(s.current().unwrap().id, "hours");
}

#[test]
fn a_hidden_question_cannot_be_answered() {
    let (_d, v) = vault();
    let mut s = started(&v);
    let err = s.answer_question(&v, "passport", yes()).unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidInput {
            field: "question",
            ..
        }
    ));
}

#[test]
fn switching_language_keeps_the_answers_and_renders_the_next_question_in_it() {
    let (_d, v) = vault();
    let mut s = started(&v);
    s.answer(&v, Answer::Choice("construction".into())).unwrap();
    s.set_language(&v, "kk").unwrap();
    let i = stored(&v, &s);
    assert_eq!(i.language, "kk");
    assert_eq!(i.answers.len(), 1);
    // kk has no strings in this form: the chain kk -> ru is followed.
    let q = s.current().unwrap();
    assert_eq!(q.label.text, "ru: abroad");
    assert_eq!(q.label.language, "ru");
    assert!(s.set_language(&v, "de").is_err());
}

#[test]
fn an_anonymous_interview_never_asks_or_stores_identifying_questions() {
    let (_d, v) = vault();
    let mut s = started(&v);
    assert!(s.is_anonymous());
    s.answer(&v, Answer::Choice("bazaar".into())).unwrap();
    // "nickname" is identifying: the next question is "abroad".
    assert_eq!(s.current().unwrap().id, "abroad");
    let err = s
        .answer_question(&v, "nickname", Answer::Text("Aigul".into()))
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
    assert!(stored(&v, &s).subject.is_none());
}

#[test]
fn an_interview_about_a_subject_asks_identifying_questions() {
    let (_d, v) = vault();
    let subject = v
        .add(RecordBody::Subject(Subject {
            alias: "green scarf".into(),
            age_band: None,
            gender: None,
            nationality: None,
            languages: vec![],
            contact_preference: None,
        }))
        .unwrap();
    let mut s = InterviewSession::start(form(), "en", Some(subject)).unwrap();
    s.record_consent(&v, &[ConsentScope::Screening], "w")
        .unwrap();
    s.answer(&v, Answer::Choice("bazaar".into())).unwrap();
    assert_eq!(s.current().unwrap().id, "nickname");
}

#[test]
fn a_required_question_cannot_be_skipped_but_can_be_declined() {
    let (_d, v) = vault();
    let mut s = started(&v);
    assert!(matches!(
        s.skip(&v),
        Err(Error::Content(ContentError::Interview(_)))
    ));
    s.answer(&v, Answer::Declined).unwrap();
    assert_eq!(
        stored(&v, &s).answers.get("sector"),
        Some(&Answer::Declined)
    );
}

#[test]
fn an_answer_outside_the_validation_range_is_refused_and_not_stored() {
    let (_d, v) = vault();
    let mut s = started(&v);
    s.go_to("hours").unwrap();
    assert!(s.answer(&v, Answer::Integer(25)).is_err());
    assert!(s.answer(&v, Answer::Text("ten".into())).is_err());
    assert!(!stored(&v, &s).answers.contains_key("hours"));
    s.answer(&v, Answer::Integer(14)).unwrap();
    assert_eq!(
        stored(&v, &s).answers.get("hours"),
        Some(&Answer::Integer(14))
    );
}

#[test]
fn a_danger_answer_returns_the_emergency_steps_at_once() {
    let (_d, v) = vault();
    let mut s = InterviewSession::start(form(), "ru", None).unwrap();
    s.record_consent(&v, &[ConsentScope::Screening], "w")
        .unwrap();
    s.go_to("danger_now").unwrap();
    let outcome = s.answer(&v, yes()).unwrap();
    assert!(outcome.danger);
    assert_eq!(outcome.emergency.unwrap().text, "ru: Move to a safe place.");
    assert_eq!(s.danger(), vec!["danger_now"]);
    s.answer_question(&v, "danger_now", no()).unwrap();
    assert!(s.danger().is_empty());
}

#[test]
fn back_and_forward_move_over_visible_questions_only() {
    let (_d, v) = vault();
    let mut s = started(&v);
    s.answer(&v, Answer::Choice("bazaar".into())).unwrap();
    s.answer(&v, no()).unwrap(); // anonymous: nickname hidden; abroad = no
    assert_eq!(s.current().unwrap().id, "hours");
    assert!(s.back());
    assert_eq!(s.current().unwrap().id, "abroad");
    assert_eq!(s.current().unwrap().answer, Some(no()));
    assert!(s.back());
    assert_eq!(s.current().unwrap().id, "sector");
    assert!(!s.back());
    assert!(s.forward());
    assert!(s.forward());
    assert_eq!(s.current().unwrap().id, "hours");
}

#[test]
fn finishing_needs_every_visible_required_answer() {
    let (_d, v) = vault();
    let mut s = started(&v);
    let summary = senim_records::AssessmentSummary {
        rule_set_id: "r".into(),
        rule_set_version: "1".into(),
        rule_set_hash: String::new(),
        level: "none".into(),
        urgent_safety: false,
        indicators: vec![],
        at: chrono::Utc::now(),
    };
    assert!(matches!(
        s.complete(&v, summary.clone()),
        Err(Error::Content(ContentError::Interview(_)))
    ));
    s.answer(&v, Answer::Choice("bazaar".into())).unwrap();
    s.complete(&v, summary).unwrap();
    let i = stored(&v, &s);
    assert_eq!(i.status, InterviewStatus::Completed);
    assert!(i.finished_at.is_some());
    assert!(s.answer_question(&v, "abroad", yes()).is_err());
    assert!(InterviewSession::resume(&v, form(), s.id().unwrap()).is_err());
}

#[test]
fn stopping_keeps_the_answers_given_and_ends_the_interview() {
    let (_d, v) = vault();
    let mut s = started(&v);
    s.answer(&v, Answer::Choice("bazaar".into())).unwrap();
    s.stop(&v).unwrap();
    let i = stored(&v, &s);
    assert_eq!(i.status, InterviewStatus::Abandoned);
    assert_eq!(i.answers.len(), 1);
    assert!(s.current().is_none());
}

#[test]
fn a_quick_exit_keeps_what_was_answered_and_stores_nothing_after() {
    let (_d, v) = vault();
    let mut s = started(&v);
    s.answer(&v, Answer::Choice("bazaar".into())).unwrap();
    let before = stored(&v, &s).answers;
    assert_eq!(s.quick_exit(&v).unwrap(), QuickExit { stored: true });
    assert!(s.has_exited());
    assert!(s.current().is_none(), "no question is shown after the exit");
    assert!(!s.back(), "the exit cannot be undone by going back");
    // Every later step is refused and stores nothing.
    assert!(s.answer(&v, yes()).is_err());
    assert!(s.answer_question(&v, "abroad", yes()).is_err());
    assert!(s.skip(&v).is_err());
    assert!(s.go_to("sector").is_err());
    assert!(s.set_language(&v, "ru").is_err());
    let i = stored(&v, &s);
    assert_eq!(i.answers, before);
    assert_eq!(i.language, "en");
    assert_eq!(i.status, InterviewStatus::Abandoned);
    // Left, not lost: the answers are there, and it is not resumed by accident.
    assert!(InterviewSession::resume(&v, form(), s.id().unwrap()).is_err());
}

#[test]
fn a_quick_exit_before_consent_stores_nothing_and_refuses_consent_after() {
    let (_d, v) = vault();
    let mut s = InterviewSession::start(form(), "en", None).unwrap();
    assert_eq!(s.quick_exit(&v).unwrap(), QuickExit { stored: false });
    assert!(
        s.record_consent(&v, &[ConsentScope::Screening], "worker 7")
            .is_err()
    );
    assert_eq!(count(&v, RecordKind::Interview), 0);
    assert_eq!(count(&v, RecordKind::Consent), 0);
}

#[test]
fn a_quick_exit_leaves_even_when_the_consent_was_withdrawn_meanwhile() {
    let (_d, v) = vault();
    let mut s = started(&v);
    s.answer(&v, Answer::Choice("bazaar".into())).unwrap();
    let (consent_id, mut consent) = consent_of(&v, &s);
    consent.state = senim_records::ConsentState::Withdrawn;
    v.update(consent_id, RecordBody::Consent(consent)).unwrap();
    assert!(s.quick_exit(&v).is_err(), "the failed write is reported");
    assert!(s.has_exited() && s.current().is_none());
    assert!(s.answer(&v, yes()).is_err());
    assert_eq!(stored(&v, &s).answers.len(), 1);
}

// ---------------------------------------------------------------------------------------
// Properties over random walks through the form.

#[derive(Clone, Debug)]
enum Step {
    /// Answer the current question with a value picked by this seed.
    Answer(u8),
    /// Change the answer of the n-th question (if visible).
    Change(usize, u8),
    Skip,
    Back,
    Forward,
    Language(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => any::<u8>().prop_map(Step::Answer),
        2 => (0usize..7, any::<u8>()).prop_map(|(q, v)| Step::Change(q, v)),
        1 => Just(Step::Skip),
        1 => Just(Step::Back),
        1 => Just(Step::Forward),
        1 => (0usize..3).prop_map(Step::Language),
    ]
}

fn answer_for(form: &Form, question: &str, seed: u8) -> Answer {
    use senim_content::forms::QuestionType::*;
    let q = form.question(question).unwrap();
    if seed.is_multiple_of(7) {
        return Answer::Declined;
    }
    match q.kind {
        YesNo => Answer::YesNo(match seed % 3 {
            0 => senim_records::YesNo::Yes,
            1 => senim_records::YesNo::No,
            _ => senim_records::YesNo::Unknown,
        }),
        SingleChoice => Answer::Choice(q.options[seed as usize % q.options.len()].id.clone()),
        MultipleChoice => Answer::Choices(vec![q.options[0].id.clone()]),
        Text => Answer::Text(format!("text {seed}")),
        Integer => Answer::Integer(i64::from(seed % 30)), // sometimes out of range
        Date => Answer::Date(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()),
        Country => Answer::Country("KZ".into()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Whatever the worker does, the stored interview matches the session, never holds
    /// an answer to a hidden question, never holds a question both answered and
    /// skipped, and the cursor is on a visible question or at the end.
    #[test]
    fn any_walk_with_back_and_forward_ends_consistent(steps in proptest::collection::vec(step(), 1..25)) {
        let (_d, v) = vault();
        let form = form();
        let mut s = InterviewSession::start(form.clone(), "en", None).unwrap();
        s.record_consent(&v, &[ConsentScope::Screening], "w").unwrap();
        for step in steps {
            // Errors (out of range, required skip, hidden question) are allowed; they
            // must leave the state consistent.
            let _ = match step {
                Step::Answer(seed) => match s.current() {
                    Some(q) => s.answer(&v, answer_for(&form, &q.id, seed)).map(|_| ()),
                    None => Ok(()),
                },
                Step::Change(n, seed) => {
                    let id = form.questions[n % form.questions.len()].id.clone();
                    s.answer_question(&v, &id, answer_for(&form, &id, seed)).map(|_| ())
                }
                Step::Skip => s.skip(&v),
                Step::Back => { s.back(); Ok(()) }
                Step::Forward => { s.forward(); Ok(()) }
                Step::Language(l) => s.set_language(&v, ["en", "ru", "kk"][l]),
            };
            let i = stored(&v, &s);
            prop_assert_eq!(&i, s.interview());
            let visible = form.visible(&i.answers, true);
            for q in i.answers.keys() {
                let index = form.position(q).unwrap();
                prop_assert!(visible.contains(&index), "hidden question {} is stored as answered", q);
            }
            for q in &i.skipped {
                prop_assert!(!i.answers.contains_key(q));
                prop_assert!(visible.contains(&form.position(q).unwrap()));
            }
            if let Some(q) = s.current() {
                prop_assert!(visible.contains(&form.position(&q.id).unwrap()));
            }
            let p = s.progress();
            prop_assert_eq!(p.answered, i.answers.len());
            prop_assert_eq!(p.skipped, i.skipped.len());
        }
        // A resumed session sees the same stored state.
        let resumed = InterviewSession::resume(&v, form.clone(), s.id().unwrap()).unwrap();
        prop_assert_eq!(resumed.interview(), s.interview());
    }

    /// A hidden question is never stored as answered, whatever order answers come in.
    #[test]
    fn a_hidden_question_is_never_stored_as_answered(order in Just((0usize..7).collect::<Vec<_>>()).prop_shuffle(), seeds in proptest::collection::vec(any::<u8>(), 7)) {
        let (_d, v) = vault();
        let form = form();
        let mut s = InterviewSession::start(form.clone(), "en", None).unwrap();
        s.record_consent(&v, &[ConsentScope::Screening], "w").unwrap();
        for (n, seed) in order.into_iter().zip(seeds) {
            let id = form.questions[n].id.clone();
            let visible_before = form.is_visible(n, &s.interview().answers, true);
            let result = s.answer_question(&v, &id, answer_for(&form, &id, seed));
            if !visible_before {
                prop_assert!(result.is_err());
            }
            let i = stored(&v, &s);
            for q in i.answers.keys() {
                prop_assert!(form.is_visible(form.position(q).unwrap(), &i.answers, true));
            }
        }
    }
}

#[test]
fn finishing_scores_the_answers_and_stores_the_summary_with_the_interview() {
    let (_d, v) = vault();
    let rules = senim_content::screening::RuleSet::bundled().unwrap();
    let mut s = started(&v);
    let err = senim_content::screening::finish(&v, &mut s, &rules).unwrap_err();
    assert!(
        matches!(err, Error::Content(ContentError::Interview(_))),
        "sector is required"
    );
    assert_eq!(stored(&v, &s).status, InterviewStatus::InProgress);

    s.answer(&v, Answer::Choice("bazaar".into())).unwrap();
    s.answer(&v, yes()).unwrap(); // abroad
    s.answer(&v, yes()).unwrap(); // online_offer
    s.answer(&v, yes()).unwrap(); // passport raises DR.job (strong)
    let a = senim_content::screening::finish(&v, &mut s, &rules).unwrap();
    assert_eq!(a.level, senim_content::screening::Level::Monitor);
    let i = stored(&v, &s);
    assert_eq!(i.status, InterviewStatus::Completed);
    let summary = i.assessment.unwrap();
    assert_eq!(summary.level, "monitor");
    assert_eq!(summary.indicators, vec!["DR.job".to_string()]);
    assert_eq!(summary.rule_set_hash, rules.hash);
}

fn consent_of(
    v: &Vault,
    s: &InterviewSession,
) -> (senim_records::RecordId, senim_records::Consent) {
    let id = stored(v, s).consent.unwrap();
    match v.get(id).unwrap().body {
        RecordBody::Consent(c) => (id, c),
        other => panic!("not a consent: {other:?}"),
    }
}

#[test]
fn a_withdrawn_consent_stops_the_interview_and_its_resumption() {
    let (_d, v) = vault();
    let mut s = started(&v);
    s.answer(&v, Answer::Choice("bazaar".into())).unwrap();
    let (consent_id, mut consent) = consent_of(&v, &s);
    consent.state = senim_records::ConsentState::Withdrawn;
    v.update(consent_id, RecordBody::Consent(consent)).unwrap();

    let err = s.answer(&v, yes()).unwrap_err();
    assert!(matches!(
        err,
        Error::Content(ContentError::ConsentRequired { scope: "screening" })
    ));
    assert!(!stored(&v, &s).answers.contains_key("abroad"));
    let err = InterviewSession::resume(&v, form(), s.id().unwrap()).unwrap_err();
    assert!(matches!(
        err,
        Error::Content(ContentError::ConsentRequired { scope: "screening" })
    ));
}

#[test]
fn a_deleted_consent_or_one_without_the_screening_scope_stops_the_interview() {
    let (_d, v) = vault();
    let s = started(&v);
    let (consent_id, mut consent) = consent_of(&v, &s);
    consent.scopes = vec![ConsentScope::Referral];
    v.update(consent_id, RecordBody::Consent(consent)).unwrap();
    assert!(matches!(
        InterviewSession::resume(&v, form(), s.id().unwrap()),
        Err(Error::Content(ContentError::ConsentRequired { .. }))
    ));

    let mut s = started(&v);
    v.delete(stored(&v, &s).consent.unwrap()).unwrap();
    assert!(matches!(
        s.answer(&v, Answer::Choice("bazaar".into())),
        Err(Error::Content(ContentError::ConsentRequired { .. }))
    ));
}

#[test]
fn the_language_of_a_finished_interview_cannot_change() {
    let (_d, v) = vault();
    let mut s = started(&v);
    s.stop(&v).unwrap();
    assert!(matches!(
        s.set_language(&v, "ru"),
        Err(Error::Content(ContentError::Interview(_)))
    ));
    assert_eq!(stored(&v, &s).language, "en");
}

#[test]
fn danger_signalled_through_another_questions_trigger_is_reported_at_once() {
    let mut f = form_json();
    f["sections"][0]["questions"][0]["danger"] = json!({"if": "danger_now == \"yes\""});
    let f = Arc::new(Form::from_json(f.to_string().as_bytes()).unwrap());
    let (_d, v) = vault();
    let mut s = InterviewSession::start(f, "en", None).unwrap();
    s.record_consent(&v, &[ConsentScope::Screening], "w")
        .unwrap();
    s.answer(&v, Answer::Choice("bazaar".into())).unwrap();
    s.go_to("danger_now").unwrap();
    let outcome = s.answer(&v, yes()).unwrap();
    assert!(outcome.danger);
    assert!(outcome.emergency.is_some());
    assert_eq!(s.danger(), vec!["sector", "danger_now"]);
}
