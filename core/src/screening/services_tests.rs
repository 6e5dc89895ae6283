//! The services directory, recommendations and referrals, one behaviour per test.

use std::collections::BTreeSet;

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use serde_json::{Value as Json, json};

use super::services::BUNDLED_DIRECTORY;
use super::tests::{assert_languages_complete, assess_in, yes};
use super::*;
use crate::Error;
use crate::forms::{Need, QuestionType};
use crate::records::{
    Answer, Consent, ConsentScope, ConsentState, Interview, InterviewStatus, RecordBody,
    RecordFilter, RecordId, RecordKind, Referral, ReferralStatus, Subject,
};
use crate::vault::{CreateOptions, Vault};
use crate::{PageRequest, records::YesNo};

fn directory() -> Directory {
    Directory::bundled().unwrap()
}

fn directory_json() -> Json {
    serde_json::from_slice(BUNDLED_DIRECTORY).unwrap()
}

fn ids(recs: &[Recommendation]) -> Vec<&str> {
    recs.iter().map(|r| r.service.as_str()).collect()
}

fn reasons(r: &Recommendation) -> Vec<&str> {
    r.reasons.iter().map(|x| x.text.text.as_str()).collect()
}

fn needs(list: &[Need]) -> BTreeSet<Need> {
    list.iter().copied().collect()
}

fn likely(language: &str) -> Assessment {
    let a = assess_in(
        &yes(&["cr_s1", "cr_s2", "ex_s1", "ex_s2", "vd_s1", "vd_s2"]),
        language,
    );
    assert_eq!(a.level, Level::Likely);
    a
}

fn possible(language: &str) -> Assessment {
    let a = assess_in(&yes(&["cr_s1", "cr_s2"]), language);
    assert_eq!(a.level, Level::Possible);
    a
}

fn monitor() -> Assessment {
    let a = assess_in(&yes(&["vr_w1"]), "en");
    assert_eq!(a.level, Level::Monitor);
    a
}

fn minor_monitor() -> Assessment {
    let mut answers = yes(&["vr_w1"]);
    answers.insert("age_group".into(), Answer::Choice(MINOR_OPTION.into()));
    let a = assess_in(&answers, "en");
    assert!(a.minor);
    a
}

// ---------------------------------------------------------------------------------------
// The bundled directory.

#[test]
fn the_bundled_directory_loads() {
    let d = directory();
    assert_eq!((d.id.as_str(), d.country.as_str()), ("kz", "KZ"));
    assert_eq!(d.default_language(), "en");
    assert!(d.service("contact_centre_111").is_some());
}

#[test]
fn the_bundled_directory_is_complete_in_english_and_russian_with_marked_drafts() {
    assert_languages_complete(&directory_json());
}

#[test]
fn the_bundled_directory_holds_no_phone_number_but_111_and_150() {
    let d = directory();
    let phones: BTreeSet<&str> = d
        .services
        .iter()
        .filter_map(|s| s.contact.as_ref()?.phone.as_deref())
        .collect();
    assert_eq!(phones, BTreeSet::from(["111", "150"]));
    // No other number hides in any text: every run of three or more digits in the file
    // is 111, 150 or the year of the shelter listing.
    let text = std::str::from_utf8(BUNDLED_DIRECTORY).unwrap();
    let mut runs = BTreeSet::new();
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            if run.len() >= 3 {
                runs.insert(run.clone());
            }
            run.clear();
        }
    }
    assert_eq!(
        runs,
        BTreeSet::from(["111".into(), "150".into(), "2016".into()])
    );
    assert!(!text.contains("+7"));
}

#[test]
fn every_service_without_a_confirmed_contact_is_a_placeholder() {
    let d = directory();
    let with_contact: Vec<&str> = d
        .services
        .iter()
        .filter(|s| !s.is_placeholder())
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(with_contact, ["contact_centre_111", "helpline_150"]);
    // A contact is only ever given for a service the brief verified.
    for s in d.services.iter().filter(|s| !s.is_placeholder()) {
        assert_eq!(s.status, Confidence::Verified, "{}", s.id);
    }
}

#[test]
fn the_brief_services_are_all_there_with_their_status_marks() {
    let d = directory();
    let status = |id: &str| d.service(id).unwrap().status;
    for id in [
        "contact_centre_111",
        "helpline_150",
        "crisis_centres",
        "shelter_astana",
        "shelter_shymkent",
        "shelter_kostanay",
        "shelter_almaty",
        "rodnik_almaty",
        "sana_sezim_shymkent",
    ] {
        assert_eq!(status(id), Confidence::Verified, "{id}");
    }
    assert_eq!(status("trafficking_hotline"), Confidence::Unverified);
    for kind in [
        ServiceKind::LegalAid,
        ServiceKind::Medical,
        ServiceKind::Consular,
        ServiceKind::LabourInspection,
        ServiceKind::Emergency,
    ] {
        assert!(
            d.services
                .iter()
                .any(|s| s.kind == kind && s.is_placeholder()),
            "{kind:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Recommendations.

#[test]
fn placeholders_are_flagged_and_show_the_fill_in_text() {
    let recs = recommend(&directory(), &likely("en"), &needs(&Need::ALL), None);
    assert!(!recs.is_empty());
    for r in &recs {
        let service = directory().service(&r.service).unwrap().clone();
        assert_eq!(r.placeholder, service.is_placeholder(), "{}", r.service);
        assert_eq!(r.contact.is_none(), r.placeholder, "{}", r.service);
        assert_eq!(
            r.placeholder_text.as_ref().map(|t| t.text.as_str()),
            r.placeholder.then_some("To be filled by your organisation"),
            "{}",
            r.service
        );
    }
    let ru = recommend(&directory(), &likely("ru"), &needs(&[]), None);
    let emergency = ru.iter().find(|r| r.service == "emergency").unwrap();
    assert_eq!(
        emergency.placeholder_text.as_ref().unwrap().text,
        "Заполняет ваша организация"
    );
}

#[test]
fn immediate_danger_offers_urgent_services_first_with_a_number_to_call_on_top() {
    let danger = assess_in(&yes(&["in_danger"]), "en");
    assert_eq!(danger.level, Level::None);
    let recs = recommend(&directory(), &danger, &needs(&[]), None);
    assert_eq!(
        ids(&recs),
        ["contact_centre_111", "emergency", "crisis_centres"]
    );
    for r in &recs {
        assert_eq!(r.reasons[0].kind, ReasonKind::Urgent);
        assert_eq!(
            r.reasons[0].text.text,
            "Can respond at once: immediate danger or likely trafficking"
        );
    }
    assert_eq!(
        recs[0].contact.as_ref().unwrap().phone.as_deref(),
        Some("111")
    );
}

#[test]
fn likely_offers_urgent_services_then_referral_for_full_identification() {
    let recs = recommend(&directory(), &likely("en"), &needs(&[]), None);
    assert_eq!(
        ids(&recs),
        [
            "contact_centre_111",
            "emergency",
            "crisis_centres",
            "trafficking_hotline",
            "rodnik_almaty",
            "sana_sezim_shymkent",
        ]
    );
    assert_eq!(
        reasons(&recs[3]),
        ["Refer for full identification (possible or likely trafficking)"]
    );
}

#[test]
fn possible_in_almaty_with_a_legal_need_is_ordered_by_rank_needs_and_place() {
    let recs = recommend(
        &directory(),
        &possible("en"),
        &needs(&[Need::Legal]),
        Some("Almaty"),
    );
    assert_eq!(
        ids(&recs),
        [
            "rodnik_almaty",
            "trafficking_hotline",
            "contact_centre_111",
            "shelter_almaty",
            "crisis_centres",
            "legal_aid",
        ]
    );
    assert_eq!(
        reasons(&recs[0]),
        [
            "Refer for full identification (possible or likely trafficking)",
            "Covers a recorded need: legal help",
            "In the same city or region",
        ]
    );
    assert_eq!(
        recs[0].reasons.iter().map(|r| r.kind).collect::<Vec<_>>(),
        [
            ReasonKind::Identification,
            ReasonKind::Need,
            ReasonKind::Region
        ]
    );
    assert_eq!(recs[0].reasons[1].need, Some(Need::Legal));
}

#[test]
fn services_of_other_cities_are_left_out_when_the_region_is_known() {
    let recs = recommend(
        &directory(),
        &possible("en"),
        &needs(&[Need::Shelter]),
        Some("shymkent"),
    );
    let got = ids(&recs);
    assert!(got.contains(&"sana_sezim_shymkent"));
    assert!(got.contains(&"shelter_shymkent"));
    for other in [
        "rodnik_almaty",
        "shelter_almaty",
        "shelter_astana",
        "shelter_kostanay",
    ] {
        assert!(!got.contains(&other), "{other}");
    }
    // Nationwide services stay.
    assert!(got.contains(&"crisis_centres"));
}

#[test]
fn a_region_can_be_given_by_its_iso_code_current_or_former() {
    for code in ["KZ-75", "kz-ala"] {
        let recs = recommend(&directory(), &possible("en"), &needs(&[]), Some(code));
        let r = recs.iter().find(|r| r.service == "rodnik_almaty").unwrap();
        assert_eq!(r.reasons.last().unwrap().kind, ReasonKind::Region, "{code}");
        assert!(!ids(&recs).contains(&"sana_sezim_shymkent"), "{code}");
    }
}

#[test]
fn a_region_code_that_is_not_iso_3166_2_is_rejected() {
    rejected(
        |v| v["services"][5]["region_codes"] = json!(["Astana"]),
        "service 'shelter_astana': region_codes: 'Astana' is not an ISO 3166-2 code",
    );
}

#[test]
fn a_minor_is_offered_the_childrens_helpline_before_other_services() {
    let recs = recommend(
        &directory(),
        &minor_monitor(),
        &needs(&[Need::Psychological]),
        None,
    );
    assert_eq!(recs[0].service, "helpline_150");
    assert_eq!(recs[0].reasons[0].kind, ReasonKind::Minor);
    assert_eq!(
        recs[0].reasons[0].text.text,
        "For children and young people: the person may be under 18"
    );
    assert_eq!(
        recs[0].contact.as_ref().unwrap().phone.as_deref(),
        Some("150")
    );
}

#[test]
fn adults_are_never_offered_the_childrens_helpline() {
    let recs = recommend(&directory(), &likely("en"), &needs(&Need::ALL), None);
    assert!(!ids(&recs).contains(&"helpline_150"));
}

#[test]
fn each_recorded_need_brings_the_services_that_cover_it() {
    let recs = recommend(
        &directory(),
        &monitor(),
        &needs(&[Need::LabourDispute, Need::ReturnHome]),
        None,
    );
    assert_eq!(ids(&recs), ["legal_aid", "consular", "labour_inspection"]);
    assert_eq!(
        reasons(&recs[1]),
        ["Covers a recorded need: safe return home"]
    );
}

#[test]
fn reasons_are_in_the_interview_language() {
    let recs = recommend(&directory(), &possible("ru"), &needs(&[Need::Legal]), None);
    let r111 = recs
        .iter()
        .find(|r| r.service == "contact_centre_111")
        .unwrap();
    assert_eq!(
        reasons(r111),
        [
            "Помогает с отмеченной потребностью: юридическая помощь",
            "Говорит на языке интервью",
        ]
    );
    assert_eq!(
        r111.name.text,
        "111 — единый контакт-центр по вопросам семьи, прав женщин и детей"
    );
}

#[test]
fn a_case_without_danger_needs_or_referral_level_gets_no_recommendation() {
    assert!(recommend(&directory(), &monitor(), &needs(&[]), None).is_empty());
}

#[test]
fn recommendations_are_deterministic() {
    let a = likely("kk");
    let all = needs(&Need::ALL);
    assert_eq!(
        recommend(&directory(), &a, &all, Some("Almaty")),
        recommend(&directory(), &a, &all, Some("Almaty"))
    );
}

// ---------------------------------------------------------------------------------------
// Directory validation.

fn rejected(change: impl FnOnce(&mut Json), expected: &str) {
    let mut v = directory_json();
    change(&mut v);
    match Directory::from_json(v.to_string().as_bytes()) {
        Err(Error::InvalidContent { what, problems }) => {
            assert_eq!(what, "services directory");
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "expected {expected:?} in {problems:#?}"
            );
        }
        other => panic!("expected invalid content, got {other:?}"),
    }
}

#[test]
fn a_phone_that_is_not_a_number_is_rejected() {
    rejected(
        |v| v["services"][0]["contact"]["phone"] = json!("call us"),
        "service 'contact_centre_111': contact.phone must be 2 to 20 digits",
    );
}

#[test]
fn a_contact_with_neither_phone_nor_note_is_rejected() {
    rejected(
        |v| v["services"][3]["contact"] = json!({}),
        "service 'helpline_150': contact needs a phone or a note",
    );
}

#[test]
fn a_duplicate_service_is_rejected() {
    rejected(
        |v| v["services"][1]["id"] = json!("contact_centre_111"),
        "service 'contact_centre_111': defined more than once",
    );
}

#[test]
fn a_service_name_missing_in_the_default_language_is_rejected() {
    rejected(
        |v| {
            v["services"][2]["name"]
                .as_object_mut()
                .unwrap()
                .remove("en");
        },
        "service 'trafficking_hotline': name has no text in the default language 'en'",
    );
}

#[test]
fn an_unknown_need_is_rejected() {
    rejected(
        |v| v["services"][0]["needs"] = json!(["money"]),
        "unknown variant `money`",
    );
}

#[test]
fn an_unknown_kind_is_rejected() {
    rejected(
        |v| v["services"][0]["kind"] = json!("police"),
        "unknown variant `police`",
    );
}

#[test]
fn a_need_listed_twice_is_rejected() {
    rejected(
        |v| v["services"][0]["needs"] = json!(["legal", "legal"]),
        "service 'contact_centre_111': needs: 'legal' is listed more than once",
    );
}

#[test]
fn a_reason_template_with_an_unknown_placeholder_is_rejected() {
    rejected(
        |v| v["texts"]["reasons"]["need"]["en"] = json!("Covers {needs}"),
        "services directory: texts.reasons.need in 'en' uses {needs}, which is not one of: need",
    );
}

#[test]
fn a_region_with_surrounding_spaces_is_rejected() {
    rejected(
        |v| v["services"][5]["region"] = json!(" Astana"),
        "service 'shelter_astana': region must be a name",
    );
}

#[test]
fn a_country_that_is_not_an_iso_code_is_rejected() {
    rejected(
        |v| v["country"] = json!("Kazakhstan"),
        "services directory: country must be an ISO 3166-1 alpha-2 code",
    );
}

#[test]
fn a_service_without_a_status_mark_is_rejected() {
    rejected(
        |v| {
            v["services"][0].as_object_mut().unwrap().remove("status");
        },
        "missing field `status`",
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic_as_a_directory(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = Directory::from_json(&bytes);
    }

    #[test]
    fn a_damaged_bundled_directory_never_panics(cut in 0usize..60_000, at in 0usize..60_000, byte in any::<u8>()) {
        let mut bytes = BUNDLED_DIRECTORY.to_vec();
        let i = at % bytes.len();
        bytes[i] = byte;
        let _ = Directory::from_json(&bytes);
        bytes.truncate(cut % bytes.len());
        let _ = Directory::from_json(&bytes);
    }
}

// ---------------------------------------------------------------------------------------
// Referrals.

const PASS: &[u8] = b"correct horse";

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
        Err(Error::ConsentRequired { scope: "referral" })
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
        Err(Error::ConsentRequired { scope: "referral" })
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
        Err(Error::ConsentRequired { scope: "referral" })
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
        Err(Error::ConsentRequired { scope: "referral" })
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
    let form = crate::forms::Form::from_json(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/content/forms/central-asia-screening.json"
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
    assert_eq!(recs[0].service, "contact_centre_111");
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
        Err(Error::ConsentRequired { scope: "referral" })
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
        Err(Error::ConsentRequired { .. })
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
        Err(Error::ConsentRequired { .. })
    ));
}
