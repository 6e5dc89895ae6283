//! Referrals stored in a vault: under the person's consent, never without it.

use chrono::{TimeZone, Utc};
use senim_content::Error as ContentError;
use senim_content::forms::QuestionType;
use senim_content::screening::{
    Directory, RuleSet, Service, assess, create_referral, recommend, record_referral_consent,
};
use senim_records::{
    Answer, Consent, ConsentScope, ConsentState, Interview, InterviewStatus, PageRequest,
    RecordBody, RecordFilter, RecordId, RecordKind, Referral, ReferralStatus, Subject, YesNo,
};
use senim_vault::{CreateOptions, Error, Vault};

// ---------------------------------------------------------------------------------------
// Referrals.

const PASS: &[u8] = b"correct horse";

fn directory() -> Directory {
    Directory::bundled().unwrap()
}

fn vault() -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    (dir, v)
}

/// An anonymous interview under a consent with these scopes and state.
fn interview(
    v: &Vault,
    scopes: &[ConsentScope],
    state: ConsentState,
    consent_subject: Option<RecordId>,
) -> RecordId {
    let at = Utc.with_ymd_and_hms(2026, 5, 1, 10, 0, 0).unwrap();
    let consent = v
        .add(RecordBody::Consent(Consent {
            subject: consent_subject,
            scopes: scopes.to_vec(),
            services: Vec::new(),
            state,
            recorded_by: "worker 7".into(),
            at,
        }))
        .unwrap();
    v.add(RecordBody::Interview(Interview {
        form_id: "screening_test".into(),
        form_version: "1".into(),
        form_hash: String::new(),
        language: "ru".into(),
        subject: None,
        status: InterviewStatus::Completed,
        answers: [("cr_s1".to_string(), Answer::YesNo(YesNo::Yes))].into(),
        skipped: Vec::new(),
        consent: Some(consent),
        started_at: at,
        finished_at: Some(at),
        assessment: None,
    }))
    .unwrap()
}

fn referrals(v: &Vault) -> usize {
    let filter = RecordFilter {
        kind: Some(RecordKind::Referral),
        ..RecordFilter::default()
    };
    v.list(&filter, &PageRequest::default())
        .unwrap()
        .records
        .len()
}

fn hotline() -> Service {
    directory().service("trafficking_hotline").unwrap().clone()
}

#[test]
fn a_referral_is_stored_under_a_consent_with_the_referral_scope() {
    let (_d, v) = vault();
    let i = interview(
        &v,
        &[ConsentScope::Screening, ConsentScope::Referral],
        ConsentState::Given,
        None,
    );
    let consent = match v.get(i).unwrap().body {
        RecordBody::Interview(x) => x.consent,
        _ => unreachable!(),
    };
    let id = create_referral(&v, i, &hotline(), "possible: refer for full identification").unwrap();
    assert_eq!(
        v.get(id).unwrap().body,
        RecordBody::Referral(Referral {
            subject: None,
            service: "trafficking_hotline".into(),
            reason: "possible: refer for full identification".into(),
            status: ReferralStatus::Proposed,
            consent,
        })
    );
}

#[test]
fn a_referral_without_the_referral_scope_is_refused_and_nothing_is_stored() {
    let (_d, v) = vault();
    let i = interview(&v, &[ConsentScope::Screening], ConsentState::Given, None);
    assert!(matches!(
        create_referral(&v, i, &hotline(), "reason"),
        Err(Error::Content(ContentError::ConsentRequired {
            scope: "referral"
        }))
    ));
    assert_eq!(referrals(&v), 0);
}

#[test]
fn a_referral_under_a_withdrawn_consent_is_refused() {
    let (_d, v) = vault();
    let i = interview(
        &v,
        &[ConsentScope::Screening, ConsentScope::Referral],
        ConsentState::Withdrawn,
        None,
    );
    assert!(matches!(
        create_referral(&v, i, &hotline(), "reason"),
        Err(Error::Content(ContentError::ConsentRequired {
            scope: "referral"
        }))
    ));
}

#[test]
fn a_referral_under_another_persons_consent_is_refused() {
    let (_d, v) = vault();
    let someone = v
        .add(RecordBody::Subject(Subject {
            alias: "someone else".into(),
            age_band: None,
            gender: None,
            nationality: None,
            languages: vec![],
            contact_preference: None,
        }))
        .unwrap();
    let i = interview(
        &v,
        &[ConsentScope::Screening, ConsentScope::Referral],
        ConsentState::Given,
        Some(someone),
    );
    assert!(matches!(
        create_referral(&v, i, &hotline(), "reason"),
        Err(Error::Content(ContentError::ConsentRequired {
            scope: "referral"
        }))
    ));
}

#[test]
fn a_referral_for_an_interview_without_consent_is_refused() {
    let (_d, v) = vault();
    let i = interview(&v, &[ConsentScope::Screening], ConsentState::Given, None);
    let mut body = match v.get(i).unwrap().body {
        RecordBody::Interview(x) => x,
        _ => unreachable!(),
    };
    body.consent = None;
    v.update(i, RecordBody::Interview(body)).unwrap();
    assert!(matches!(
        create_referral(&v, i, &hotline(), "reason"),
        Err(Error::Content(ContentError::ConsentRequired {
            scope: "referral"
        }))
    ));
}

#[test]
fn a_referral_needs_an_interview_record() {
    let (_d, v) = vault();
    let i = interview(&v, &[ConsentScope::Screening], ConsentState::Given, None);
    let consent = match v.get(i).unwrap().body {
        RecordBody::Interview(x) => x.consent.unwrap(),
        _ => unreachable!(),
    };
    assert!(matches!(
        create_referral(&v, consent, &hotline(), "reason"),
        Err(Error::InvalidInput {
            field: "interview",
            ..
        })
    ));
}

#[test]
fn the_bundled_form_and_directory_work_together() {
    // A yes/no question's answer can drive a referral end to end: all yes → likely →
    // urgent services first.
    let form = senim_content::forms::Form::from_json(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../content/forms/central-asia-screening.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let answers = form
        .questions
        .iter()
        .filter(|q| q.kind == QuestionType::YesNo)
        .map(|q| (q.id.clone(), Answer::YesNo(YesNo::Yes)))
        .collect();
    let a = assess(&form, &RuleSet::bundled().unwrap(), &answers, "ru").unwrap();
    let recs = recommend(&directory(), &a, &a.needs, Some("Almaty"));
    // Immediate danger goes to 112 first; 111 is a consultation line.
    assert_eq!(recs[0].service, "emergency");
    assert_eq!(
        recs[0].contact.as_ref().unwrap().phone.as_deref(),
        Some("112")
    );
    assert!(recs.iter().all(|r| !r.reasons.is_empty()));
}

fn consent_of(v: &Vault, interview: RecordId) -> (RecordId, Consent) {
    let RecordBody::Interview(i) = v.get(interview).unwrap().body else {
        panic!("not an interview");
    };
    let id = i.consent.unwrap();
    let RecordBody::Consent(c) = v.get(id).unwrap().body else {
        panic!("not a consent");
    };
    (id, c)
}

fn consular() -> Service {
    let s = directory().service("consular").unwrap().clone();
    assert!(
        s.named_consent,
        "the bundled consular entry needs a named consent"
    );
    s
}

#[test]
fn a_service_that_needs_a_named_consent_is_refused_under_a_general_referral_consent() {
    let (_d, v) = vault();
    let i = interview(
        &v,
        &[ConsentScope::Screening, ConsentScope::Referral],
        ConsentState::Given,
        None,
    );
    assert!(matches!(
        create_referral(&v, i, &consular(), "new passport"),
        Err(Error::Content(ContentError::ConsentRequired {
            scope: "referral"
        }))
    ));
    assert_eq!(referrals(&v), 0);
}

#[test]
fn a_consent_that_names_services_without_the_general_scope_allows_only_those() {
    let (_d, v) = vault();
    let i = interview(&v, &[ConsentScope::Screening], ConsentState::Given, None);
    let (id, mut c) = consent_of(&v, i);
    c.services = vec!["crisis_centres".into()];
    v.update(id, RecordBody::Consent(c)).unwrap();
    assert!(matches!(
        create_referral(&v, i, &hotline(), "reason"),
        Err(Error::Content(ContentError::ConsentRequired { .. }))
    ));
    let crisis = directory().service("crisis_centres").unwrap().clone();
    create_referral(&v, i, &crisis, "reason").unwrap();
}

#[test]
fn recording_the_persons_agreement_to_one_service_allows_that_referral() {
    let (_d, v) = vault();
    let i = interview(&v, &[ConsentScope::Screening], ConsentState::Given, None);
    record_referral_consent(&v, i, &consular()).unwrap();
    let (_, c) = consent_of(&v, i);
    assert_eq!(c.services, vec!["consular".to_string()]);
    assert!(!c.scopes.contains(&ConsentScope::Referral));
    create_referral(&v, i, &consular(), "new passport").unwrap();
    // Agreement to one service is not agreement to referral in general.
    assert!(create_referral(&v, i, &hotline(), "reason").is_err());
}

#[test]
fn naming_a_service_keeps_an_earlier_general_referral_consent() {
    let (_d, v) = vault();
    let i = interview(
        &v,
        &[ConsentScope::Screening, ConsentScope::Referral],
        ConsentState::Given,
        None,
    );
    record_referral_consent(&v, i, &consular()).unwrap();
    create_referral(&v, i, &consular(), "new passport").unwrap();
    create_referral(&v, i, &hotline(), "reason").unwrap();
}

#[test]
fn agreement_to_a_referral_cannot_be_recorded_under_a_withdrawn_consent() {
    let (_d, v) = vault();
    let i = interview(
        &v,
        &[ConsentScope::Screening],
        ConsentState::Withdrawn,
        None,
    );
    assert!(matches!(
        record_referral_consent(&v, i, &consular()),
        Err(Error::Content(ContentError::ConsentRequired { .. }))
    ));
}
