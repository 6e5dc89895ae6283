//! The services directory, recommendations and referrals, one behaviour per test.

use std::collections::BTreeSet;

use proptest::prelude::*;
use serde_json::{Value as Json, json};

use super::services::BUNDLED_DIRECTORY;
use super::tests::{assert_languages_complete, assess_in, yes};
use super::*;
use crate::Error;
use crate::forms::Need;
use senim_records::Answer;

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
fn the_bundled_directory_holds_no_phone_number_but_111_150_and_112() {
    let d = directory();
    let phones: BTreeSet<&str> = d
        .services
        .iter()
        .filter_map(|s| s.contact.as_ref()?.phone.as_deref())
        .collect();
    assert_eq!(phones, BTreeSet::from(["111", "112", "150"]));
    // No other number hides in any text: every run of three or more digits in the file
    // is a confirmed number (111, 150, 112, 102, 103, 101), a year (2026: the day the
    // numbers were checked), the number of a legal act or of an article cited as a
    // source, or a count from a source.
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
        BTreeSet::from(
            [
                "101", "102", "103", "111", "112", "150", "171", "19305", "2016", "2022", "2024",
                "2025", "2026", "406", "844",
            ]
            .map(String::from)
        )
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
    assert_eq!(
        with_contact,
        ["contact_centre_111", "emergency", "helpline_150"]
    );
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
        "emergency",
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
    let hotline = ru
        .iter()
        .find(|r| r.service == "trafficking_hotline")
        .unwrap();
    assert_eq!(
        hotline.placeholder_text.as_ref().unwrap().text,
        "Заполняет ваша организация"
    );
}

#[test]
fn immediate_danger_offers_urgent_services_first_with_a_number_to_call_on_top() {
    let danger = assess_in(&yes(&["in_danger"]), "en");
    assert_eq!(danger.level, Level::None);
    let recs = recommend(&directory(), &danger, &needs(&[]), None);
    // 112 first: 111 is a consultation line, never the number for immediate danger.
    assert_eq!(ids(&recs)[..2], ["emergency", "crisis_centres"]);
    for r in &recs[..2] {
        assert_eq!(r.reasons[0].kind, ReasonKind::Urgent);
        assert_eq!(
            r.reasons[0].text.text,
            "Can respond at once: immediate danger or likely trafficking"
        );
    }
    assert_eq!(
        recs[0].contact.as_ref().unwrap().phone.as_deref(),
        Some("112")
    );
    assert!(
        recs.iter()
            .filter(|r| r.service == "contact_centre_111")
            .all(|r| r.reasons[0].kind != ReasonKind::Urgent)
    );
}

#[test]
fn likely_offers_urgent_services_then_referral_for_full_identification() {
    let recs = recommend(&directory(), &likely("en"), &needs(&[]), None);
    assert_eq!(
        ids(&recs),
        [
            "emergency",
            "crisis_centres",
            "trafficking_hotline",
            "rodnik_almaty",
            "sana_sezim_shymkent",
        ]
    );
    assert_eq!(
        reasons(&recs[2]),
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
