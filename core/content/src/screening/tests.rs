//! Screening, one behaviour per test: golden answer sets for every branch of the bundled
//! rule set, its validation, and properties (monotone, deterministic, never panics).
//!
//! The test form below is built here, so these tests do not depend on the bundled
//! form; the tests at the end check the bundled form against the bundled rule set.

use std::collections::BTreeSet;

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use serde_json::{Value as Json, json};

use super::assessment::level_of;
use super::*;
use crate::Error;
use crate::forms::{AnswerMap, Form, Need, QuestionType, Strength};
use senim_records::{Answer, AssessmentSummary, Interview, InterviewStatus, YesNo};

const DIMENSIONS: [&str; 6] = ["DR", "CR", "VR", "EX", "CD", "VD"];

/// Per dimension: two strong, three medium and two weak indicators (`DR.s1` ...), each
/// raised by a yes to its own question (`dr_s1` ...).
const SLOTS: [(&str, &str); 7] = [
    ("s1", "strong"),
    ("s2", "strong"),
    ("m1", "medium"),
    ("m2", "medium"),
    ("m3", "medium"),
    ("w1", "weak"),
    ("w2", "weak"),
];

fn t(en: &str) -> Json {
    json!({"en": en, "ru": format!("ru: {en}")})
}

fn question(id: &str, indicator: &str) -> Json {
    json!({"id": id, "type": "yes_no", "label": t(&format!("Question {id}")),
           "raises": [{"indicator": indicator, "answers": ["yes"]}]})
}

/// The test form: every dimension × slot for `adult_labour`, plus `DR.sx1` (strong,
/// `adult_sexual` only), `DR.both` (strong, both populations), a danger question, an
/// age group, and two needs. `EX.s1` evidences FL-11 (involuntariness), `CD.s1` FL-07
/// (coercion).
fn form_json() -> Json {
    let mut indicators = Vec::new();
    let mut questions = Vec::new();
    for d in DIMENSIONS {
        for (slot, strength) in SLOTS {
            let id = format!("{d}.{slot}");
            let fl: Vec<&str> = match id.as_str() {
                "EX.s1" => vec!["FL-11"],
                "CD.s1" => vec!["FL-07"],
                _ => vec![],
            };
            indicators.push(json!({
                "id": id, "dimension": d, "strength": strength,
                "populations": ["adult_labour"], "forced_labour": fl,
                "explanation": t(&format!("{d} {strength} {slot}")),
            }));
            questions.push(question(&format!("{}_{slot}", d.to_lowercase()), &id));
        }
    }
    indicators.push(
        json!({"id": "DR.sx1", "dimension": "DR", "strength": "strong",
        "populations": ["adult_sexual"], "explanation": t("DR sexual only")}),
    );
    indicators.push(
        json!({"id": "DR.both", "dimension": "DR", "strength": "strong",
        "populations": ["adult_labour", "adult_sexual"], "explanation": t("DR both lists")}),
    );
    questions.push(question("dr_sx1", "DR.sx1"));
    questions.push(question("dr_both", "DR.both"));
    questions.push(
        json!({"id": "in_danger", "type": "yes_no", "label": t("In danger now?"),
        "danger": {"answers": ["yes"]}}),
    );
    questions.push(
        json!({"id": "age_group", "type": "single_choice", "label": t("Age group"),
        "options": [{"id": "under_18", "label": t("under 18")},
                    {"id": "adult", "label": t("18 or older")}]}),
    );
    json!({
        "format": 1,
        "id": "screening_test",
        "version": "1",
        "title": t("Screening test"),
        "default_language": "en",
        "languages": ["en", "ru", "kk"],
        "fallback": {"kk": ["ru"]},
        "consent": {"purpose": t("purpose"), "use_of_information": t("use"),
                    "right_to_refuse": t("refuse"), "right_to_stop": t("stop")},
        "emergency": t("Move to a safe place."),
        "indicators": indicators,
        "sections": [{"id": "all", "title": t("All"), "questions": questions}],
        "needs": [
            {"need": "shelter", "if": "in_danger == \"yes\""},
            {"need": "labour_dispute", "if": "ex_m1 == \"yes\""},
        ],
    })
}

pub(super) fn form() -> Form {
    Form::from_json(form_json().to_string().as_bytes()).unwrap()
}

pub(super) fn rules() -> RuleSet {
    RuleSet::bundled().unwrap()
}

pub(super) fn yes(ids: &[&str]) -> AnswerMap {
    ids.iter()
        .map(|id| (id.to_string(), Answer::YesNo(YesNo::Yes)))
        .collect()
}

pub(super) fn assess_in(answers: &AnswerMap, language: &str) -> Assessment {
    assess_in_with(&rules(), answers, language)
}

/// Assesses `answers` on the test form with `rules`.
pub(super) fn assess_in_with(rules: &RuleSet, answers: &AnswerMap, language: &str) -> Assessment {
    assess(&form(), rules, answers, language).unwrap()
}

/// Assesses yes to `ids` (in English).
fn yes_to(ids: &[&str]) -> Assessment {
    assess_in(&yes(ids), "en")
}

fn labour(a: &Assessment) -> &PopulationScore {
    a.population("adult_labour").unwrap()
}

/// Yes to the given slots of one dimension, e.g. `slots("dr", &["s1", "m1"])`.
fn slots(dim: &str, which: &[&str]) -> Vec<String> {
    which.iter().map(|s| format!("{dim}_{s}")).collect()
}

fn dimension_positive(dim: &str, which: &[&str]) -> bool {
    let ids = slots(&dim.to_lowercase(), which);
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let a = yes_to(&refs);
    labour(&a).dimension(dim).unwrap().positive
}

fn lines(a: &Assessment) -> Vec<&str> {
    a.explanation.iter().map(|l| l.text.as_str()).collect()
}

const DISCLAIMER: &str = "This is a screening aid, not a validated instrument for Central Asia. A result means: refer for full identification. It is never a finding that someone is a victim.";
const POSITIVITY: &str = "A dimension is positive when its indicators include two strong; one strong and at least one medium or weak; three medium; or two medium and one weak. A stronger indicator can always stand in for a weaker one.";

// ---------------------------------------------------------------------------------------
// When a dimension is positive.

#[test]
fn every_dimension_is_positive_with_two_strong_indicators() {
    for d in DIMENSIONS {
        assert!(dimension_positive(d, &["s1", "s2"]), "{d}");
    }
}

#[test]
fn every_dimension_is_positive_with_one_strong_and_one_medium() {
    for d in DIMENSIONS {
        assert!(dimension_positive(d, &["s1", "m1"]), "{d}");
    }
}

#[test]
fn every_dimension_is_positive_with_one_strong_and_one_weak() {
    for d in DIMENSIONS {
        assert!(dimension_positive(d, &["s1", "w1"]), "{d}");
    }
}

#[test]
fn every_dimension_is_positive_with_three_medium() {
    for d in DIMENSIONS {
        assert!(dimension_positive(d, &["m1", "m2", "m3"]), "{d}");
    }
}

#[test]
fn every_dimension_is_positive_with_two_medium_and_one_weak() {
    for d in DIMENSIONS {
        assert!(dimension_positive(d, &["m1", "m2", "w1"]), "{d}");
    }
}

#[test]
fn a_stronger_indicator_stands_in_for_a_weaker_one() {
    let two_medium_one_weak = MinimumCounts {
        strong: 0,
        medium: 2,
        weak: 1,
    };
    // Two medium and one strong meet "two medium and one weak".
    assert!(two_medium_one_weak.met(1, 2, 0));
    // So do three strong, and two strong with one medium.
    assert!(two_medium_one_weak.met(3, 0, 0));
    assert!(two_medium_one_weak.met(2, 1, 0));
    // But a weak indicator never stands in for a medium one.
    assert!(!two_medium_one_weak.met(0, 1, 2));
    let three_medium = MinimumCounts {
        strong: 0,
        medium: 3,
        weak: 0,
    };
    assert!(three_medium.met(1, 2, 0));
    assert!(!three_medium.met(0, 2, 5));
}

#[test]
fn one_strong_indicator_alone_is_not_positive() {
    for d in DIMENSIONS {
        assert!(!dimension_positive(d, &["s1"]), "{d}");
    }
}

#[test]
fn two_medium_indicators_are_not_positive() {
    for d in DIMENSIONS {
        assert!(!dimension_positive(d, &["m1", "m2"]), "{d}");
    }
}

#[test]
fn one_medium_and_two_weak_are_not_positive() {
    for d in DIMENSIONS {
        assert!(!dimension_positive(d, &["m1", "w1", "w2"]), "{d}");
    }
}

#[test]
fn weak_indicators_alone_are_never_positive() {
    for d in DIMENSIONS {
        assert!(!dimension_positive(d, &["w1", "w2"]), "{d}");
    }
}

#[test]
fn the_dimension_score_lists_its_indicators_by_strength() {
    let a = yes_to(&["ex_s1", "ex_m1", "ex_w2"]);
    let ex = labour(&a).dimension("EX").unwrap();
    assert_eq!(ex.strong, ["EX.s1"]);
    assert_eq!(ex.medium, ["EX.m1"]);
    assert_eq!(ex.weak, ["EX.w2"]);
    assert_eq!(ex.group, "exploitation");
    assert!(ex.positive);
    assert_eq!(labour(&a).positive_dimensions, ["EX"]);
}

// ---------------------------------------------------------------------------------------
// Populations.

#[test]
fn populations_are_scored_separately() {
    // One strong DR indicator in each list: neither list has a positive DR.
    let a = yes_to(&["dr_s1", "dr_sx1"]);
    assert!(!labour(&a).dimension("DR").unwrap().positive);
    let sexual = a.population("adult_sexual").unwrap();
    assert!(!sexual.dimension("DR").unwrap().positive);
    assert_eq!(labour(&a).indicators, 1);
    assert_eq!(sexual.indicators, 1);
}

#[test]
fn an_indicator_counts_for_every_population_it_lists() {
    let a = yes_to(&["dr_both", "dr_sx1"]);
    let sexual = a.population("adult_sexual").unwrap();
    assert!(sexual.dimension("DR").unwrap().positive);
    assert!(!labour(&a).dimension("DR").unwrap().positive);
    assert_eq!(labour(&a).dimension("DR").unwrap().strong, ["DR.both"]);
}

#[test]
fn the_level_is_the_highest_over_populations_and_names_who_reached_it() {
    // adult_sexual: DR positive alone → monitor; adult_labour: one indicator → monitor.
    // Add a CR pair for labour only → possible in labour.
    let a = yes_to(&["dr_both", "dr_sx1", "cr_s1", "cr_s2"]);
    assert_eq!(a.level, Level::Possible);
    assert_eq!(a.reached_by, ["adult_labour"]);
    assert_eq!(a.population("adult_sexual").unwrap().level, Level::Monitor);
}

// ---------------------------------------------------------------------------------------
// Levels: golden answer sets for every rule of the bundled rule set.

#[test]
fn no_indicator_gives_none_with_its_explanation() {
    let mut answers = AnswerMap::new();
    for q in form()
        .questions
        .iter()
        .filter(|q| q.kind == QuestionType::YesNo)
    {
        answers.insert(q.id.clone(), Answer::YesNo(YesNo::No));
    }
    let a = assess_in(&answers, "en");
    assert_eq!(a.level, Level::None);
    assert!(a.reached_by.is_empty());
    assert_eq!(
        a.headline.text,
        "No indicators — these answers raised no indicator; this does not rule anything out"
    );
    assert_eq!(lines(&a), ["No answer raised an indicator.", DISCLAIMER]);
}

#[test]
fn a_single_weak_indicator_gives_monitor_with_its_explanation() {
    let a = yes_to(&["vr_w1"]);
    assert_eq!(a.level, Level::Monitor);
    assert_eq!(labour(&a).rules, ["any_indicator"]);
    assert_eq!(a.headline.text, "Some indicators — monitor");
    assert_eq!(
        lines(&a),
        [
            "“Question vr_w1” → VR.w1: VR weak w1 → weak indicator of VR (Recruitment by abuse of vulnerability)",
            "Adults — labour exploitation: VR (Recruitment by abuse of vulnerability) is not positive — weak: 1",
            POSITIVITY,
            "Some indicators (Adults — labour exploitation): at least one indicator was raised, but no combination that calls for a referral",
            DISCLAIMER,
        ]
    );
}

#[test]
fn one_positive_dimension_without_a_combination_gives_monitor() {
    for d in ["dr", "vr", "ex", "vd"] {
        let ids = slots(d, &["s1", "s2"]);
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let a = yes_to(&refs);
        assert_eq!(a.level, Level::Monitor, "{d}");
    }
}

#[test]
fn deception_and_exploitation_gives_possible() {
    let a = yes_to(&["dr_s1", "dr_m1", "ex_s1", "ex_m1"]);
    assert_eq!(a.level, Level::Possible);
    assert!(!a.likely_combination);
    assert_eq!(
        labour(&a).rules,
        ["deception_and_exploitation", "two_dimensions"]
    );
    assert_eq!(
        a.headline.text,
        "Possible trafficking — refer for full identification"
    );
    assert!(lines(&a).contains(
        &"Possible trafficking (Adults — labour exploitation): deceptive recruitment (DR) and exploitative conditions of work (EX) are both positive: the \"deception and exploitation\" type of ILO survey work"
    ));
}

#[test]
fn coercive_recruitment_alone_gives_possible() {
    let a = yes_to(&["cr_s1", "cr_w1"]);
    assert_eq!(a.level, Level::Possible);
    assert_eq!(labour(&a).rules, ["coercive_recruitment"]);
}

#[test]
fn coercion_at_destination_alone_gives_possible() {
    let a = yes_to(&["cd_m1", "cd_m2", "cd_m3"]);
    assert_eq!(a.level, Level::Possible);
    assert_eq!(labour(&a).rules, ["coercion_at_destination"]);
}

#[test]
fn two_positive_dimensions_give_possible() {
    let a = yes_to(&["vr_m1", "vr_m2", "vr_w1", "vd_s1", "vd_s2"]);
    assert_eq!(a.level, Level::Possible);
    assert_eq!(labour(&a).rules, ["two_dimensions"]);
    assert!(lines(&a).contains(
        &"Possible trafficking (Adults — labour exploitation): two or more dimensions are positive"
    ));
}

#[test]
fn recruitment_exploitation_and_coercion_give_likely_for_every_combination() {
    for recruitment in ["dr", "cr", "vr"] {
        for destination in ["cd", "vd"] {
            let mut ids = slots(recruitment, &["s1", "s2"]);
            ids.extend(slots("ex", &["m1", "m2", "m3"]));
            ids.extend(slots(destination, &["m1", "m2", "w1"]));
            let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
            let a = yes_to(&refs);
            assert_eq!(a.level, Level::Likely, "{recruitment} {destination}");
            assert!(a.likely_combination);
            assert_eq!(labour(&a).rules, ["trafficking_combination"]);
        }
    }
}

#[test]
fn the_likely_combination_needs_exploitation() {
    let a = yes_to(&["dr_s1", "dr_s2", "cd_s1", "cd_s2"]);
    assert_eq!(a.level, Level::Possible);
    assert!(!a.likely_combination);
}

#[test]
fn the_likely_combination_needs_a_recruitment_dimension() {
    let a = yes_to(&["ex_s1", "ex_s2", "vd_s1", "vd_s2"]);
    assert_eq!(a.level, Level::Possible);
    assert_eq!(labour(&a).rules, ["two_dimensions"]);
}

#[test]
fn the_likely_explanation_goes_from_each_answer_to_the_combination() {
    let a = yes_to(&[
        "dr_s1", "dr_m1", "ex_s1", "ex_s2", "cd_s1", "cd_w1", "vd_w1",
    ]);
    assert_eq!(a.level, Level::Likely);
    assert_eq!(
        a.headline.text,
        "Likely trafficking — refer urgently for full identification"
    );
    assert_eq!(
        lines(&a),
        [
            "“Question cd_s1” → CD.s1: CD strong s1 → strong indicator of CD (Coercion at destination)",
            "“Question cd_w1” → CD.w1: CD weak w1 → weak indicator of CD (Coercion at destination)",
            "“Question dr_m1” → DR.m1: DR medium m1 → medium indicator of DR (Deceptive recruitment, including transfer and transport)",
            "“Question dr_s1” → DR.s1: DR strong s1 → strong indicator of DR (Deceptive recruitment, including transfer and transport)",
            "“Question ex_s1” → EX.s1: EX strong s1 → strong indicator of EX (Exploitative conditions of work)",
            "“Question ex_s2” → EX.s2: EX strong s2 → strong indicator of EX (Exploitative conditions of work)",
            "“Question vd_w1” → VD.w1: VD weak w1 → weak indicator of VD (Abuse of vulnerability at destination)",
            "Adults — labour exploitation: DR (Deceptive recruitment, including transfer and transport) is positive — strong: 1, medium: 1",
            "Adults — labour exploitation: EX (Exploitative conditions of work) is positive — strong: 2",
            "Adults — labour exploitation: CD (Coercion at destination) is positive — strong: 1, weak: 1",
            "Adults — labour exploitation: VD (Abuse of vulnerability at destination) is not positive — weak: 1",
            POSITIVITY,
            "Likely trafficking (Adults — labour exploitation): a recruitment dimension (DR, CR or VR), exploitative conditions of work (EX) and coercion or abuse of vulnerability at destination (CD or VD) are all positive (ILO/EC 2009 combination rule)",
            "ILO forced-labour indicators: FL-07 Retention of identity documents [coercion or menace of penalty]; FL-11 Excessive overtime [involuntariness]",
            "Secondary flag: at least one involuntariness indicator and one coercion indicator of forced labour are present (ILO survey guidance).",
            DISCLAIMER,
        ]
    );
}

#[test]
fn the_russian_headline_names_the_level_and_the_advice() {
    let likely = assess_in(
        &yes(&["cr_s1", "cr_s2", "ex_s1", "ex_s2", "vd_s1", "vd_s2"]),
        "ru",
    );
    assert_eq!(
        likely.headline.text,
        "Вероятная торговля людьми — срочно направить на полную идентификацию"
    );
    assert!(!likely.headline.needs_review);
    let possible = assess_in(&yes(&["cr_s1", "cr_s2"]), "ru");
    assert_eq!(
        possible.headline.text,
        "Возможная торговля людьми — направить на полную идентификацию"
    );
    assert_eq!(
        possible.disclaimer.text,
        "Это вспомогательный инструмент скрининга, а не валидированная методика для Центральной Азии. Результат означает: направить на полную идентификацию. Он никогда не является заключением о том, что человек — жертва."
    );
}

#[test]
fn draft_translations_are_marked_as_needing_review() {
    let a = assess_in(&yes(&["cr_s1", "cr_s2"]), "kk");
    assert_eq!(a.headline.language, "kk");
    assert!(a.headline.needs_review);
    assert!(a.explanation.iter().all(|l| l.needs_review));
}

#[test]
fn an_unknown_language_falls_back_to_english() {
    let a = assess_in(&yes(&["cr_s1", "cr_s2"]), "de");
    assert_eq!(a.language, "de");
    assert_eq!(
        a.headline.text,
        "Possible trafficking — refer for full identification"
    );
    assert_eq!(a.headline.language, "en");
}

#[test]
fn no_level_wording_calls_anyone_a_victim() {
    let r = rules();
    for level in Level::ALL {
        for lang in r.languages() {
            let l = r.level(level);
            for t in [&l.name, &l.advice] {
                let text = r.localize(t, lang).text.to_lowercase();
                for word in [
                    "victim",
                    "жертв",
                    "жәбірлен",
                    "jabrlan",
                    "жабырлан",
                    "ҷабрдида",
                ] {
                    assert!(!text.contains(word), "{level} {lang}: {text}");
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Danger, minors, forced labour, needs.

#[test]
fn a_danger_answer_sets_urgent_safety_and_comes_first_in_the_explanation() {
    let a = yes_to(&["in_danger"]);
    assert!(a.urgent_safety);
    assert_eq!(a.danger, ["in_danger"]);
    assert_eq!(a.level, Level::None);
    assert_eq!(
        lines(&a)[0],
        "An answer signals immediate danger: show the emergency steps and get help now, before anything else."
    );
}

#[test]
fn an_under_18_answer_marks_a_minor_and_says_so() {
    let mut answers = yes(&["dr_w1"]);
    answers.insert("age_group".into(), Answer::Choice(MINOR_OPTION.into()));
    let a = assess_in(&answers, "en");
    assert!(a.minor);
    assert!(lines(&a)[0].starts_with("The person may be under 18"));
    answers.insert("age_group".into(), Answer::Choice("adult".into()));
    assert!(!assess_in(&answers, "en").minor);
}

#[test]
fn declined_and_unknown_answers_raise_nothing() {
    let mut answers = AnswerMap::new();
    answers.insert("dr_s1".into(), Answer::Declined);
    answers.insert("dr_s2".into(), Answer::YesNo(YesNo::Unknown));
    answers.insert("in_danger".into(), Answer::Declined);
    let a = assess_in(&answers, "en");
    assert_eq!(a.level, Level::None);
    assert!(a.raised.is_empty());
    assert!(!a.urgent_safety);
}

#[test]
fn answers_to_questions_the_form_does_not_have_are_ignored() {
    let mut answers = yes(&["dr_s1"]);
    answers.insert("no_such_question".into(), Answer::YesNo(YesNo::Yes));
    assert_eq!(yes_to(&["dr_s1"]), assess_in(&answers, "en"));
}

#[test]
fn raised_indicators_carry_their_questions_strength_and_explanation() {
    let a = yes_to(&["dr_both"]);
    let r = &a.raised[0];
    assert_eq!(r.id, "DR.both");
    assert_eq!(r.dimension, "DR");
    assert_eq!(r.strength, Strength::Strong);
    assert_eq!(r.populations, ["adult_labour", "adult_sexual"]);
    assert_eq!(r.questions, ["dr_both"]);
    assert_eq!(r.explanation.text, "DR both lists");
}

#[test]
fn forced_labour_flag_needs_involuntariness_and_coercion() {
    let both = yes_to(&["ex_s1", "cd_s1"]);
    assert_eq!(both.forced_labour.indicators, ["FL-07", "FL-11"]);
    assert_eq!(both.forced_labour.involuntariness, ["FL-11"]);
    assert_eq!(both.forced_labour.coercion, ["FL-07"]);
    assert!(both.forced_labour.flag);
    assert!(both.forced_labour.needs_review);
    let coercion_only = yes_to(&["cd_s1"]);
    assert!(!coercion_only.forced_labour.flag);
    assert_eq!(coercion_only.forced_labour.indicators, ["FL-07"]);
}

#[test]
fn needs_come_from_the_form() {
    let a = yes_to(&["in_danger", "ex_m1"]);
    assert_eq!(
        a.needs,
        BTreeSet::from([Need::Shelter, Need::LabourDispute])
    );
}

#[test]
fn the_assessment_names_the_content_it_was_made_with() {
    let a = yes_to(&["dr_s1"]);
    let (f, r) = (form(), rules());
    assert_eq!(
        (
            a.form.id.as_str(),
            a.form.version.as_str(),
            a.form.hash.as_str()
        ),
        (f.id.as_str(), f.version.as_str(), f.hash.as_str())
    );
    assert_eq!(
        (a.rule_set.id.as_str(), a.rule_set.version.as_str()),
        ("ilo_ec_2009", "1.0.0")
    );
    assert_eq!(a.rule_set.hash, r.hash);
    assert_eq!(a.rule_set.hash.len(), 64);
}

#[test]
fn the_summary_keeps_rule_set_level_safety_and_indicators() {
    let at = Utc.with_ymd_and_hms(2026, 5, 1, 10, 0, 0).unwrap();
    let a = yes_to(&["cr_s1", "cr_s2", "in_danger"]);
    assert_eq!(
        a.summary(at),
        AssessmentSummary {
            rule_set_id: "ilo_ec_2009".into(),
            rule_set_version: "1.0.0".into(),
            rule_set_hash: a.rule_set.hash.clone(),
            level: "possible".into(),
            urgent_safety: true,
            indicators: vec!["CR.s1".into(), "CR.s2".into()],
            at,
        }
    );
}

#[test]
fn levels_are_ordered_and_round_trip_through_their_names() {
    assert!(Level::None < Level::Monitor);
    assert!(Level::Monitor < Level::Possible);
    assert!(Level::Possible < Level::Likely);
    for l in Level::ALL {
        assert_eq!(l.as_str().parse::<Level>().unwrap(), l);
        assert_eq!(serde_json::to_value(l).unwrap(), json!(l.as_str()));
    }
    assert!(matches!(
        "certain".parse::<Level>(),
        Err(Error::InvalidInput { field: "level", .. })
    ));
}

// ---------------------------------------------------------------------------------------
// Versions.

fn interview_for(form: &Form) -> Interview {
    Interview {
        form_id: form.id.clone(),
        form_version: form.version.clone(),
        form_hash: form.hash.clone(),
        language: "en".into(),
        subject: None,
        status: InterviewStatus::Completed,
        answers: AnswerMap::new(),
        skipped: Vec::new(),
        consent: None,
        started_at: Utc.with_ymd_and_hms(2026, 5, 1, 10, 0, 0).unwrap(),
        finished_at: None,
        assessment: None,
    }
}

#[test]
fn verify_versions_accepts_the_content_an_interview_used() {
    let (f, r) = (form(), rules());
    let mut i = interview_for(&f);
    verify_versions(&i, &f, &r).unwrap();
    i.assessment = Some(yes_to(&["dr_s1"]).summary(Utc::now()));
    verify_versions(&i, &f, &r).unwrap();
}

#[test]
fn verify_versions_rejects_another_form_version_or_content() {
    let (f, r) = (form(), rules());
    let mut i = interview_for(&f);
    i.form_version = "2".into();
    assert!(matches!(
        verify_versions(&i, &f, &r),
        Err(Error::ContentMismatch { what: "form", .. })
    ));
    let mut i = interview_for(&f);
    i.form_hash = "0".repeat(64);
    assert!(matches!(
        verify_versions(&i, &f, &r),
        Err(Error::ContentMismatch { what: "form", .. })
    ));
}

#[test]
fn verify_versions_rejects_another_rule_set_version() {
    let (f, r) = (form(), rules());
    let mut i = interview_for(&f);
    let mut summary = yes_to(&["dr_s1"]).summary(Utc::now());
    summary.rule_set_version = "0.9.0".into();
    i.assessment = Some(summary);
    match verify_versions(&i, &f, &r) {
        Err(Error::ContentMismatch { what, id, version }) => {
            assert_eq!(
                (what, id.as_str(), version.as_str()),
                ("rule set", "ilo_ec_2009", "0.9.0")
            );
        }
        other => panic!("expected a mismatch, got {other:?}"),
    }
}

#[test]
fn verify_versions_rejects_other_rule_set_content_under_the_same_version() {
    let (f, r) = (form(), rules());
    let mut i = interview_for(&f);
    let mut summary = yes_to(&["dr_s1"]).summary(Utc::now());
    assert_eq!(summary.rule_set_hash, r.hash);
    i.assessment = Some(summary.clone());
    verify_versions(&i, &f, &r).unwrap();
    summary.rule_set_hash = "0".repeat(64);
    i.assessment = Some(summary);
    assert!(matches!(
        verify_versions(&i, &f, &r),
        Err(Error::ContentMismatch {
            what: "rule set",
            ..
        })
    ));
}

// ---------------------------------------------------------------------------------------
// check_form.

fn problems(result: crate::Result<impl std::fmt::Debug>) -> (&'static str, Vec<String>) {
    match result {
        Err(Error::InvalidContent { what, problems }) => (what, problems),
        other => panic!("expected invalid content, got {other:?}"),
    }
}

#[test]
fn check_form_names_indicators_the_rule_set_does_not_know() {
    let mut f = form_json();
    let inds = f["indicators"].as_array_mut().unwrap();
    inds[0]["dimension"] = json!("ZZ");
    inds[1]["populations"] = json!(["child_labour"]);
    inds[2]["forced_labour"] = json!(["FL-99"]);
    let form = Form::from_json(f.to_string().as_bytes()).unwrap();
    let (what, p) = problems(rules().check_form(&form));
    assert_eq!(what, "form");
    assert_eq!(
        p,
        [
            "indicator 'DR.m1': forced-labour indicator 'FL-99' is not defined in rule set 'ilo_ec_2009'",
            "indicator 'DR.s1': dimension 'ZZ' is not defined in rule set 'ilo_ec_2009'",
            "indicator 'DR.s2': population 'child_labour' is not defined in rule set 'ilo_ec_2009'",
        ]
    );
    assert!(matches!(
        assess(&form, &rules(), &AnswerMap::new(), "en"),
        Err(Error::InvalidContent { what: "form", .. })
    ));
}

#[test]
fn check_form_accepts_the_test_form() {
    rules().check_form(&form()).unwrap();
}

// ---------------------------------------------------------------------------------------
// The bundled rule set.

fn bundled_json() -> Json {
    serde_json::from_slice(super::rules::BUNDLED_RULE_SET).unwrap()
}

/// Every localized string in a content file: objects whose keys include `en`.
pub(super) fn texts(v: &Json, path: &str, out: &mut Vec<(String, serde_json::Map<String, Json>)>) {
    match v {
        Json::Object(map) if map.contains_key("en") => out.push((path.to_string(), map.clone())),
        Json::Object(map) => {
            for (k, v) in map {
                texts(v, &format!("{path}.{k}"), out);
            }
        }
        Json::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                texts(v, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// en and ru are complete and final; every other language of the file (kk, uz, ky, tg
/// and, where listed, uz-Cyrl) is a complete draft.
pub(super) fn assert_languages_complete(v: &Json) {
    let languages: Vec<&str> = v["languages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    for lang in ["en", "ru", "kk", "uz", "ky", "tg"] {
        assert!(languages.contains(&lang), "{lang}");
    }
    let mut all = Vec::new();
    texts(v, "", &mut all);
    assert!(all.len() > 20);
    for (path, t) in all {
        for lang in ["en", "ru"] {
            assert!(t.get(lang).is_some_and(Json::is_string), "{path} {lang}");
        }
        for lang in languages.iter().filter(|l| !["en", "ru"].contains(l)) {
            assert_eq!(
                t.get(*lang).and_then(|d| d.get("needs_review")),
                Some(&json!(true)),
                "{path} {lang}"
            );
        }
        assert_eq!(t.len(), languages.len(), "{path}");
    }
}

#[test]
fn the_bundled_rule_set_loads() {
    let r = rules();
    assert_eq!(
        (r.id.as_str(), r.version.as_str()),
        ("ilo_ec_2009", "1.0.0")
    );
    assert_eq!(
        r.dimensions
            .iter()
            .map(|d| d.id.as_str())
            .collect::<Vec<_>>(),
        DIMENSIONS
    );
    assert_eq!(r.forced_labour.indicators.len(), 11);
    assert_eq!(r.default_language(), "en");
    assert_eq!(r.chains()["kk"], ["kk", "ru", "en"]);
}

#[test]
fn the_bundled_rule_set_is_complete_in_english_and_russian_with_marked_drafts() {
    assert_languages_complete(&bundled_json());
}

#[test]
fn the_bundled_level_conditions_are_as_documented() {
    let r = rules();
    let conditions = |l: Level| -> Vec<(String, String)> {
        r.level(l)
            .rules
            .iter()
            .map(|x| (x.id.clone(), x.source.clone()))
            .collect()
    };
    let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert!(conditions(Level::None).is_empty());
    assert_eq!(
        conditions(Level::Monitor),
        pairs(&[("any_indicator", "indicators >= 1")])
    );
    assert_eq!(
        conditions(Level::Possible),
        pairs(&[
            ("deception_and_exploitation", "dr == true and ex == true"),
            ("coercive_recruitment", "cr == true"),
            ("coercion_at_destination", "cd == true"),
            ("two_dimensions", "positive_dimensions >= 2"),
        ])
    );
    assert_eq!(
        conditions(Level::Likely),
        pairs(&[(
            "trafficking_combination",
            "(dr == true or cr == true or vr == true) and ex == true and (cd == true or vd == true)"
        )])
    );
    assert!(
        r.level(Level::Possible)
            .rules
            .iter()
            .all(|x| x.needs_review)
    );
    assert!(r.positive.needs_review);
}

#[test]
fn the_content_hash_ignores_formatting() {
    let compact = serde_json::to_vec(&bundled_json()).unwrap();
    assert_eq!(RuleSet::from_json(&compact).unwrap().hash, rules().hash);
}

// ---------------------------------------------------------------------------------------
// Rule-set validation: each kind of problem is rejected and named by place.

/// Loads the bundled rule set after `change`, expecting it to be rejected with a
/// problem that contains `expected`.
fn rejected(change: impl FnOnce(&mut Json), expected: &str) {
    let mut v = bundled_json();
    change(&mut v);
    let (what, p) = problems(RuleSet::from_json(v.to_string().as_bytes()));
    assert_eq!(what, "rule set");
    assert!(
        p.iter().any(|x| x.contains(expected)),
        "expected a problem containing {expected:?}, got {p:#?}"
    );
}

fn set_condition(v: &mut Json, level: usize, rule: usize, condition: &str) {
    v["levels"][level]["rules"][rule]["if"] = json!(condition);
}

#[test]
fn a_condition_with_not_is_rejected_as_not_monotone() {
    rejected(
        |v| set_condition(v, 2, 1, "not (cr == true)"),
        "rule 'coercive_recruitment' of level 'possible': condition is not monotone: 'not' is not allowed",
    );
}

#[test]
fn a_condition_with_not_equal_is_rejected_as_not_monotone() {
    rejected(
        |v| set_condition(v, 2, 1, "cr != true"),
        "rule 'coercive_recruitment' of level 'possible': condition is not monotone: '!=' is not allowed",
    );
}

#[test]
fn a_condition_with_less_than_is_rejected_as_not_monotone() {
    rejected(
        |v| set_condition(v, 1, 0, "indicators < 3"),
        "rule 'any_indicator' of level 'monitor': condition is not monotone: '<' and '<=' are not allowed",
    );
    rejected(
        |v| set_condition(v, 1, 0, "indicators <= 3"),
        "condition is not monotone: '<' and '<=' are not allowed",
    );
}

#[test]
fn a_condition_comparing_with_false_is_rejected_as_not_monotone() {
    rejected(
        |v| set_condition(v, 3, 0, "ex == true and cd == false"),
        "rule 'trafficking_combination' of level 'likely': condition is not monotone: 'cd == false'",
    );
}

#[test]
fn a_condition_with_an_exact_count_is_rejected_as_not_monotone() {
    rejected(
        |v| set_condition(v, 1, 0, "strong == 1"),
        "condition is not monotone: 'strong == n'; use 'strong >= n'",
    );
}

#[test]
fn a_condition_that_holds_with_no_indicator_is_rejected() {
    for always in [
        "true",
        "indicators >= 0",
        "strong > -1",
        "dr == true or true",
    ] {
        rejected(
            |v| set_condition(v, 1, 0, always),
            "rule 'any_indicator' of level 'monitor': condition holds with no indicator raised",
        );
    }
}

#[test]
fn a_condition_with_a_constant_on_the_left_is_rejected_as_not_monotone() {
    rejected(
        |v| set_condition(v, 1, 0, "3 > indicators"),
        "condition is not monotone: put the variable on the left",
    );
}

#[test]
fn a_condition_with_an_unknown_variable_is_rejected() {
    rejected(
        |v| set_condition(v, 2, 1, "xx == true"),
        "rule 'coercive_recruitment' of level 'possible': condition uses unknown variable 'xx'",
    );
}

#[test]
fn a_condition_with_the_wrong_type_is_rejected() {
    rejected(
        |v| set_condition(v, 2, 1, "cr >= 1"),
        "'cr' is true or false; write 'cr == true'",
    );
    rejected(
        |v| set_condition(v, 1, 0, "indicators == true"),
        "'indicators' is a count",
    );
}

#[test]
fn a_condition_about_form_questions_is_rejected() {
    rejected(
        |v| set_condition(v, 1, 0, "answered(dr)"),
        "answered() and selected() refer to form questions",
    );
}

#[test]
fn a_condition_that_does_not_parse_is_rejected() {
    rejected(
        |v| set_condition(v, 1, 0, "indicators >="),
        "rule 'any_indicator' of level 'monitor': condition cannot be parsed",
    );
}

#[test]
fn a_dimension_in_an_unknown_group_is_rejected() {
    rejected(
        |v| v["dimensions"][0]["group"] = json!("transport"),
        "dimension 'DR': group 'transport' is not defined",
    );
}

#[test]
fn a_duplicate_dimension_is_rejected() {
    rejected(
        |v| v["dimensions"][1]["id"] = json!("DR"),
        "dimension 'DR': defined more than once",
    );
}

#[test]
fn a_badly_written_dimension_id_is_rejected() {
    rejected(
        |v| v["dimensions"][0]["id"] = json!("dr"),
        "dimension 'dr': id: use upper-case letters",
    );
}

#[test]
fn a_group_whose_variable_clashes_is_rejected() {
    rejected(
        |v| v["groups"][0]["id"] = json!("strong"),
        "group 'strong': its variable 'strong' clashes with a built-in variable",
    );
}

#[test]
fn a_string_missing_in_the_default_language_is_rejected() {
    rejected(
        |v| {
            v["dimensions"][3]["name"]
                .as_object_mut()
                .unwrap()
                .remove("en");
        },
        "dimension 'EX': name has no text in the default language 'en'",
    );
}

#[test]
fn a_string_in_an_unknown_language_is_rejected() {
    rejected(
        |v| v["populations"][0]["name"]["de"] = json!("Erwachsene"),
        "population 'adult_labour': name has text in 'de', which is not one of the languages",
    );
}

#[test]
fn an_empty_string_is_rejected() {
    rejected(
        |v| v["strengths"]["weak"]["ru"] = json!("  "),
        "rule set: strengths.weak is empty in 'ru'",
    );
}

#[test]
fn a_template_with_an_unknown_placeholder_is_rejected() {
    rejected(
        |v| v["templates"]["headline"]["ru"] = json!("{level} — {victim}"),
        "template 'headline': text in 'ru' uses {victim}, which is not one of: level, advice",
    );
}

#[test]
fn a_template_with_a_stray_brace_is_rejected() {
    rejected(
        |v| v["templates"]["disclaimer"]["en"] = json!("see {docs"),
        "template 'disclaimer': text in 'en': has a '{' or '}'",
    );
}

#[test]
fn a_missing_template_is_rejected() {
    rejected(
        |v| {
            v["templates"].as_object_mut().unwrap().remove("disclaimer");
        },
        "missing field `disclaimer`",
    );
}

#[test]
fn a_missing_level_is_rejected() {
    rejected(
        |v| {
            v["levels"].as_array_mut().unwrap().remove(2);
        },
        "level 'possible': is missing",
    );
}

#[test]
fn a_level_defined_twice_is_rejected() {
    rejected(
        |v| {
            let likely = v["levels"][3].clone();
            v["levels"].as_array_mut().unwrap().push(likely);
        },
        "level 'likely': defined more than once",
    );
}

#[test]
fn the_none_level_takes_no_rules() {
    rejected(
        |v| {
            v["levels"][0]["rules"] = json!([{"id": "x", "if": "true", "explanation": {"en": "x"}}])
        },
        "level 'none': takes no rules",
    );
}

#[test]
fn a_level_without_rules_is_rejected() {
    rejected(
        |v| v["levels"][1]["rules"] = json!([]),
        "level 'monitor': needs at least one rule",
    );
}

#[test]
fn a_duplicate_rule_id_is_rejected() {
    rejected(
        |v| v["levels"][2]["rules"][1]["id"] = json!("deception_and_exploitation"),
        "rule 'deception_and_exploitation' of level 'possible': a rule with this id is already defined",
    );
}

#[test]
fn a_positivity_alternative_that_asks_for_nothing_is_rejected() {
    rejected(
        |v| v["positive"]["any_of"][1] = json!({}),
        "positive.any_of[1]: asks for no indicator at all",
    );
}

#[test]
fn a_positivity_alternative_with_an_unknown_strength_is_rejected() {
    rejected(
        |v| v["positive"]["any_of"][1] = json!({"very_strong": 1}),
        "unknown field `very_strong`",
    );
}

#[test]
fn a_duplicate_forced_labour_indicator_is_rejected() {
    rejected(
        |v| v["forced_labour"]["indicators"][1]["id"] = json!("FL-01"),
        "forced-labour indicator 'FL-01': defined more than once",
    );
}

#[test]
fn forced_labour_indicators_of_one_category_only_are_rejected() {
    rejected(
        |v| {
            for i in v["forced_labour"]["indicators"].as_array_mut().unwrap() {
                i["category"] = json!("coercion");
            }
        },
        "forced_labour: needs at least one involuntariness and one coercion indicator",
    );
}

#[test]
fn a_duplicate_population_is_rejected() {
    rejected(
        |v| v["populations"][1]["id"] = json!("adult_labour"),
        "population 'adult_labour': defined more than once",
    );
}

#[test]
fn an_unknown_field_is_rejected() {
    rejected(|v| v["threshold"] = json!(3), "unknown field `threshold`");
}

#[test]
fn an_unknown_default_language_is_rejected() {
    rejected(
        |v| v["default_language"] = json!("fr"),
        "rule set: default_language 'fr' is not one of the languages",
    );
}

#[test]
fn a_fallback_to_an_unknown_language_is_rejected() {
    rejected(
        |v| v["fallback"]["kk"] = json!(["tr"]),
        "rule set: fallback: 'tr' is not one of the languages",
    );
}

#[test]
fn a_newer_format_is_rejected_before_its_shape() {
    rejected(
        |v| {
            v["format"] = json!(2);
            v["something_new"] = json!(true);
        },
        "rule set: format 2 is not supported (this build reads 1)",
    );
}

#[test]
fn bytes_that_are_not_json_are_rejected_with_their_position() {
    let (what, p) = problems(RuleSet::from_json(b"{\"format\": 1,"));
    assert_eq!(what, "rule set");
    assert!(p[0].starts_with("rule set: not valid JSON or not the rule set shape (line 1"));
}

#[test]
fn an_oversized_rule_set_is_rejected_unread() {
    let big = vec![b' '; super::rules::MAX_RULE_SET_BYTES + 1];
    let (_, p) = problems(RuleSet::from_json(&big));
    assert!(p[0].contains("at most 1048576 are accepted"));
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut v = bundled_json();
    v["dimensions"][0]["group"] = json!("transport");
    v["levels"][1]["rules"][0]["if"] = json!("not (strong >= 1)");
    let (_, p) = problems(RuleSet::from_json(v.to_string().as_bytes()));
    assert_eq!(p.len(), 2, "{p:#?}");
}

// ---------------------------------------------------------------------------------------
// The bundled form, scored with the bundled rule set.

const BUNDLED_FORM: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/forms/central-asia-screening.json"
);

fn bundled_form() -> Form {
    let bytes = std::fs::read(BUNDLED_FORM).expect("the bundled form exists");
    Form::from_json(&bytes).expect("the bundled form loads")
}

fn all_yes_no(form: &Form, answer: YesNo) -> AnswerMap {
    form.questions
        .iter()
        .filter(|q| q.kind == QuestionType::YesNo)
        .map(|q| (q.id.clone(), Answer::YesNo(answer)))
        .collect()
}

#[test]
fn the_bundled_rule_set_can_score_the_bundled_form() {
    rules().check_form(&bundled_form()).unwrap();
}

#[test]
fn yes_to_every_question_of_the_bundled_form_is_likely() {
    let f = bundled_form();
    let a = assess(&f, &rules(), &all_yes_no(&f, YesNo::Yes), "en").unwrap();
    assert_eq!(a.level, Level::Likely);
    assert!(a.urgent_safety);
    assert!(a.forced_labour.flag);
    assert_eq!(a.explanation.last(), Some(&a.disclaimer));
}

#[test]
fn no_to_every_question_of_the_bundled_form_is_none() {
    let f = bundled_form();
    let a = assess(&f, &rules(), &all_yes_no(&f, YesNo::No), "en").unwrap();
    assert_eq!(a.level, Level::None);
    assert!(!a.urgent_safety);
    assert!(a.raised.is_empty());
}

#[test]
fn a_labour_case_on_the_bundled_form_is_not_scored_as_sexual_exploitation() {
    let f = bundled_form();
    let mut answers = all_yes_no(&f, YesNo::Yes);
    answers.insert("sexual_pressure".into(), Answer::YesNo(YesNo::No));
    let a = assess(&f, &rules(), &answers, "en").unwrap();
    assert_eq!(a.level, Level::Likely);
    assert_eq!(a.reached_by, vec!["adult_labour".to_string()]);
    let sexual = a.population("adult_sexual").unwrap();
    assert_eq!((sexual.indicators, sexual.level), (0, Level::None));

    answers.insert("sexual_pressure".into(), Answer::YesNo(YesNo::Yes));
    let a = assess(&f, &rules(), &answers, "en").unwrap();
    assert!(a.reached_by.contains(&"adult_sexual".to_string()));
}

#[test]
fn one_answer_of_the_bundled_form_never_counts_in_two_dimensions() {
    let f = bundled_form();
    for q in f.questions.iter().filter(|q| q.kind == QuestionType::YesNo) {
        let answers: AnswerMap = [(q.id.clone(), Answer::YesNo(YesNo::Yes))].into();
        let a = assess(&f, &rules(), &answers, "en").unwrap();
        let dims: BTreeSet<&str> = a.raised.iter().map(|r| r.dimension.as_str()).collect();
        assert!(dims.len() <= 1, "{} raises {dims:?}", q.id);
    }
}

#[test]
fn the_bundled_form_reads_in_every_language_of_the_rule_set() {
    let f = bundled_form();
    let answers = all_yes_no(&f, YesNo::Yes);
    for lang in rules().languages() {
        let a = assess(&f, &rules(), &answers, lang).unwrap();
        assert!(
            a.explanation.iter().all(|l| !l.text.contains('{')),
            "{lang}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Properties.

/// Every yes/no question of the test form that raises an indicator.
fn indicator_questions() -> Vec<String> {
    form()
        .questions
        .iter()
        .filter(|q| !q.raises.is_empty())
        .map(|q| q.id.clone())
        .collect()
}

fn arb_raised() -> impl Strategy<Value = RaisedIndicator> {
    (
        0..DIMENSIONS.len(),
        prop_oneof![
            Just(Strength::Weak),
            Just(Strength::Medium),
            Just(Strength::Strong)
        ],
        prop_oneof![
            Just(vec!["adult_labour"]),
            Just(vec!["adult_sexual"]),
            Just(vec!["adult_labour", "adult_sexual"])
        ],
        proptest::collection::vec(
            prop_oneof![Just("FL-02"), Just("FL-07"), Just("FL-11")],
            0..2,
        ),
        0u32..1000,
    )
        .prop_map(|(d, strength, pops, fl, n)| RaisedIndicator {
            id: format!("{}.{n}", DIMENSIONS[d]),
            dimension: DIMENSIONS[d].into(),
            strength,
            populations: pops.into_iter().map(String::from).collect(),
            questions: vec![],
            forced_labour: fl.into_iter().map(String::from).collect(),
            explanation: crate::forms::Localized {
                text: String::new(),
                language: "en".into(),
                needs_review: false,
            },
            needs_review: false,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn raising_one_more_indicator_never_lowers_the_level(
        raised in proptest::collection::vec(arb_raised(), 0..16),
        more in arb_raised(),
    ) {
        let r = rules();
        let before = level_of(&r, &raised);
        let mut with_more = raised.clone();
        with_more.push(more);
        prop_assert!(level_of(&r, &with_more) >= before);
    }

    #[test]
    fn one_more_yes_on_the_form_never_lowers_the_level(
        picks in proptest::collection::vec(any::<bool>(), 44),
        extra in 0usize..44,
    ) {
        let ids = indicator_questions();
        let f = form();
        let r = rules();
        let mut answers: AnswerMap = ids
            .iter()
            .zip(&picks)
            .map(|(id, &y)| (id.clone(), Answer::YesNo(if y { YesNo::Yes } else { YesNo::No })))
            .collect();
        let before = assess(&f, &r, &answers, "en").unwrap().level;
        answers.insert(ids[extra % ids.len()].clone(), Answer::YesNo(YesNo::Yes));
        let after = assess(&f, &r, &answers, "en").unwrap().level;
        prop_assert!(after >= before, "{before} -> {after}");
    }

    #[test]
    fn scoring_is_deterministic(
        picks in proptest::collection::vec(any::<bool>(), 44),
        lang in prop_oneof![Just("en"), Just("ru"), Just("kk")],
    ) {
        let ids = indicator_questions();
        let answers: AnswerMap = ids
            .iter()
            .zip(&picks)
            .filter(|(_, y)| **y)
            .map(|(id, _)| (id.clone(), Answer::YesNo(YesNo::Yes)))
            .collect();
        let a = assess(&form(), &rules(), &answers, lang).unwrap();
        let b = assess(&form(), &rules(), &answers, lang).unwrap();
        prop_assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap()
        );
        prop_assert_eq!(a, b);
    }

    #[test]
    fn arbitrary_bytes_never_panic_as_a_rule_set(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = RuleSet::from_json(&bytes);
    }

    #[test]
    fn a_damaged_bundled_rule_set_never_panics(cut in 0usize..60_000, at in 0usize..60_000, byte in any::<u8>()) {
        let mut bytes = super::rules::BUNDLED_RULE_SET.to_vec();
        let i = at % bytes.len();
        bytes[i] = byte;
        let _ = RuleSet::from_json(&bytes);
        bytes.truncate(cut % bytes.len());
        let _ = RuleSet::from_json(&bytes);
    }
}
