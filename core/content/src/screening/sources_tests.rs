//! Every phone number of a services directory carries its source and the day it was
//! checked; the directory's notes (the 2024 referral rules, foreigners' eligibility);
//! consular entries as placeholders behind a named consent; shelters saying whether
//! they admit foreign nationals.

use std::collections::BTreeSet;

use serde_json::{Value as Json, json};

use super::services::BUNDLED_DIRECTORY;
use super::tests::{assess_in, yes};
use super::*;
use crate::Error;
use crate::forms::Need;

fn directory_json() -> Json {
    serde_json::from_slice(BUNDLED_DIRECTORY).unwrap()
}

fn load(v: &Json) -> crate::Result<Directory> {
    Directory::from_json(v.to_string().as_bytes())
}

fn index_of(v: &Json, id: &str) -> usize {
    v["services"]
        .as_array()
        .unwrap()
        .iter()
        .position(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no service {id}"))
}

/// The directory with `change` applied must be refused as an unsourced number naming
/// exactly `services`, with `expected` among its problems.
fn unsourced(change: impl FnOnce(&mut Json), services: &[&str], expected: &str) {
    let mut v = directory_json();
    change(&mut v);
    match load(&v) {
        Err(e @ Error::UnsourcedNumber { .. }) => {
            let Error::UnsourcedNumber {
                services: ref named,
                ref problems,
            } = e
            else {
                unreachable!()
            };
            assert_eq!(named, services);
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "expected {expected:?} in {problems:#?}"
            );
            for s in services {
                assert!(e.to_string().contains(&format!("service '{s}'")), "{e}");
            }
        }
        other => panic!("expected an unsourced number, got {other:?}"),
    }
}

fn invalid(change: impl FnOnce(&mut Json), expected: &str) {
    let mut v = directory_json();
    change(&mut v);
    match load(&v) {
        Err(Error::InvalidContent { problems, .. }) => assert!(
            problems.iter().any(|p| p.contains(expected)),
            "expected {expected:?} in {problems:#?}"
        ),
        other => panic!("expected invalid content, got {other:?}"),
    }
}

#[test]
fn every_bundled_number_carries_its_source_and_the_day_it_was_checked() {
    let d = Directory::bundled().unwrap();
    let mut numbers = 0;
    for s in &d.services {
        let Some(c) = &s.contact else { continue };
        if c.phone.is_some() {
            numbers += 1;
            assert!(
                c.source.as_deref().is_some_and(|x| !x.trim().is_empty()),
                "{}",
                s.id
            );
            assert!(c.checked_on().is_some(), "{}", s.id);
        }
    }
    assert_eq!(numbers, 3, "111, 112 and 150");
}

#[test]
fn a_recommendation_shows_where_a_number_comes_from_and_when_it_was_checked() {
    let d = Directory::bundled().unwrap();
    let a = assess_in(
        &yes(&["cr_s1", "cr_s2", "ex_s1", "ex_s2", "vd_s1", "vd_s2"]),
        "en",
    );
    let recs = recommend(&d, &a, &BTreeSet::new(), None);
    let emergency = recs.iter().find(|r| r.service == "emergency").unwrap();
    let c = emergency.contact.as_ref().unwrap();
    assert_eq!(c.phone.as_deref(), Some("112"));
    assert!(c.source.as_deref().unwrap().contains("egov.kz"));
    assert_eq!(c.checked.as_deref(), Some("2026-12-06"));
}

#[test]
fn a_number_without_a_source_is_refused_naming_the_entry() {
    unsourced(
        |v| {
            let i = index_of(v, "emergency");
            v["services"][i]["contact"]
                .as_object_mut()
                .unwrap()
                .remove("source");
        },
        &["emergency"],
        "service 'emergency': contact.phone has no contact.source",
    );
    // A blank source is no source.
    unsourced(
        |v| {
            let i = index_of(v, "helpline_150");
            v["services"][i]["contact"]["source"] = json!("  ");
        },
        &["helpline_150"],
        "service 'helpline_150': contact.phone has no contact.source",
    );
}

#[test]
fn a_number_without_the_day_it_was_checked_is_refused_naming_the_entry() {
    unsourced(
        |v| {
            let i = index_of(v, "contact_centre_111");
            v["services"][i]["contact"]
                .as_object_mut()
                .unwrap()
                .remove("checked");
        },
        &["contact_centre_111"],
        "service 'contact_centre_111': contact.phone has no contact.checked",
    );
}

#[test]
fn every_unsourced_number_is_named_and_other_problems_are_still_reported() {
    unsourced(
        |v| {
            for id in ["emergency", "helpline_150"] {
                let i = index_of(v, id);
                v["services"][i]["contact"]
                    .as_object_mut()
                    .unwrap()
                    .remove("source");
            }
            v["services"][0]["languages"] = json!(["Kazakh"]);
        },
        &["emergency", "helpline_150"],
        "languages: 'Kazakh' is not 2 or 3 lower-case letters",
    );
}

#[test]
fn a_check_day_that_is_not_a_date_is_refused() {
    for bad in [
        "06.12.2026",
        "2026-13-01",
        "1999-12-31",
        "2026-2-1",
        "yesterday",
    ] {
        invalid(
            |v| {
                let i = index_of(v, "emergency");
                v["services"][i]["contact"]["checked"] = json!(bad);
            },
            "service 'emergency': contact.checked must be a day written YYYY-MM-DD",
        );
    }
}

#[test]
fn a_contact_with_a_note_and_no_number_needs_no_source() {
    let mut v = directory_json();
    let i = index_of(&v, "legal_aid");
    v["services"][i]["contact"] =
        json!({"note": {"en": "Ask at the office", "ru": "Спросите в офисе"}});
    let d = load(&v).unwrap();
    assert!(!d.service("legal_aid").unwrap().is_placeholder());
}

#[test]
fn a_consular_entry_is_a_placeholder_behind_a_named_consent() {
    let d = Directory::bundled().unwrap();
    let consular: Vec<&Service> = d
        .services
        .iter()
        .filter(|s| s.kind == ServiceKind::Consular)
        .collect();
    assert!(!consular.is_empty());
    for s in consular {
        assert!(s.named_consent, "{}", s.id);
        assert!(s.is_placeholder(), "{}: no number without a source", s.id);
        assert!(
            s.review_note
                .as_deref()
                .unwrap()
                .contains("date it was checked")
        );
    }
    // An organisation that fills one in must give the number's source and check day.
    unsourced(
        |v| {
            let i = index_of(v, "consular");
            v["services"][i]["contact"] = json!({"phone": "+7 727 000 00 00"});
        },
        &["consular"],
        "service 'consular': contact.phone has no contact.source",
    );
    let mut v = directory_json();
    let i = index_of(&v, "consular");
    v["services"][i]["contact"] = json!({
        "phone": "+7 727 000 00 00",
        "source": "the consulate's own notice, read by our office",
        "checked": "2026-12-01"
    });
    assert!(
        !load(&v)
            .unwrap()
            .service("consular")
            .unwrap()
            .is_placeholder()
    );
}

#[test]
fn the_directory_notes_the_2024_referral_rules_and_foreigners_eligibility() {
    let d = Directory::bundled().unwrap();
    let ids: Vec<&str> = d.notes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["referral_rules_2024", "foreign_nationals"]);
    let text = |id: &str, lang: &str| {
        let n = d.notes.iter().find(|n| n.id == id).unwrap();
        d.localize(&n.text, lang).text
    };
    let rules = text("referral_rules_2024", "en");
    for part in ["2024", "No. 844", "No. 406", "22 October 2024", "consent"] {
        assert!(rules.contains(part), "{part}: {rules}");
    }
    assert!(text("referral_rules_2024", "ru").contains("№ 844"));
    assert!(text("foreign_nationals", "en").contains("do not depend on citizenship"));
    assert!(text("foreign_nationals", "ru").contains("не зависят от гражданства"));
    for n in &d.notes {
        assert!(!n.source.trim().is_empty() && n.needs_review, "{}", n.id);
        for lang in ["kk", "uz", "ky", "tg"] {
            assert!(n.text.0[lang].needs_review(), "{} {lang}", n.id);
        }
    }
}

#[test]
fn a_note_without_a_source_or_with_a_repeated_id_is_refused() {
    invalid(
        |v| v["notes"][0]["source"] = json!(""),
        "note 'referral_rules_2024': source must be 1 to 1000 characters",
    );
    invalid(
        |v| v["notes"][1]["id"] = json!("referral_rules_2024"),
        "note 'referral_rules_2024': defined more than once",
    );
    invalid(
        |v| v["notes"][0]["text"] = json!({"ru": "только по-русски"}),
        "note 'referral_rules_2024': text",
    );
}

#[test]
fn a_shelter_says_whether_it_admits_foreign_nationals_once_confirmed() {
    let d = Directory::bundled().unwrap();
    for s in d.services.iter().filter(|s| s.kind == ServiceKind::Shelter) {
        // Not confirmed for any bundled shelter: absent, and the review note asks for it.
        assert_eq!(s.foreign_nationals, None, "{}", s.id);
        assert!(
            s.review_note
                .as_deref()
                .unwrap()
                .contains("foreign_nationals")
        );
    }
    let mut v = directory_json();
    let i = index_of(&v, "shelter_almaty");
    v["services"][i]["foreign_nationals"] = json!(true);
    let d = load(&v).unwrap();
    let a = assess_in(&yes(&["cr_s1", "cr_s2"]), "en");
    let recs = recommend(&d, &a, &BTreeSet::from([Need::Shelter]), Some("Almaty"));
    let shelter = recs.iter().find(|r| r.service == "shelter_almaty").unwrap();
    assert_eq!(shelter.foreign_nationals, Some(true));
}
