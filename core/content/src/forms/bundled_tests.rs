//! The bundled Central Asia screening form (`core/content/forms/central-asia-screening.json`):
//! it loads, every string is there in every language (drafts marked), and its answers can
//! reach every result the ILO/EC combination rule distinguishes. One behaviour per test.

use std::collections::{BTreeMap, BTreeSet};

use super::answers::AnswerMap;
use super::definition::{Form, Need, QuestionType, Strength, Text, Trigger};
use senim_records::{Answer, YesNo};

const REVIEWED: [&str; 2] = ["en", "ru"];
const DRAFTS: [&str; 4] = ["kk", "uz", "ky", "tg"];
const RECRUITMENT: [&str; 3] = ["DR", "CR", "VR"];

fn form() -> Form {
    match crate::forms::Form::from_json(include_bytes!("../../forms/central-asia-screening.json")) {
        Ok(form) => form,
        Err(e) => panic!("{e}"),
    }
}

/// Every yes/no question answered `value`, a few choices for the context questions, then
/// the answers to hidden questions removed.
fn all_yes_no(form: &Form, value: YesNo) -> AnswerMap {
    let mut answers: AnswerMap = form
        .questions
        .iter()
        .filter(|q| q.kind == QuestionType::YesNo)
        .map(|q| (q.id.clone(), Answer::YesNo(value)))
        .collect();
    answers.insert("sector".into(), Answer::Choice("construction".into()));
    answers.insert("age_group".into(), Answer::Choice("age_25_34".into()));
    form.clear_hidden(&mut answers, false);
    answers
}

/// "Yes" to exactly these questions, each of which must be a visible yes/no question.
fn yes_to(form: &Form, ids: &[&str]) -> AnswerMap {
    let mut answers = AnswerMap::new();
    for id in ids {
        let q = form
            .question(id)
            .unwrap_or_else(|| panic!("no question {id}"));
        assert_eq!(q.kind, QuestionType::YesNo, "{id}");
        answers.insert(id.to_string(), Answer::YesNo(YesNo::Yes));
    }
    assert!(form.clear_hidden(&mut answers, false).is_empty());
    answers
}

/// The combination rule: two strong; one strong and at least one medium or weak; three
/// medium; two medium and one weak.
fn positive(strengths: &[Strength]) -> bool {
    let count = |s: Strength| strengths.iter().filter(|&&x| x == s).count();
    let (strong, medium, weak) = (
        count(Strength::Strong),
        count(Strength::Medium),
        count(Strength::Weak),
    );
    strong >= 2 || (strong >= 1 && medium + weak >= 1) || medium >= 3 || (medium >= 2 && weak >= 1)
}

/// The dimensions the answers make positive, counting the indicators of `population`.
fn positive_dimensions(form: &Form, answers: &AnswerMap, population: &str) -> BTreeSet<String> {
    let mut by_dimension: BTreeMap<&str, Vec<Strength>> = BTreeMap::new();
    for raised in form.raised(answers) {
        let indicator = &form.indicators[&raised.indicator];
        if indicator.populations.contains(population) {
            by_dimension
                .entry(indicator.dimension.as_str())
                .or_default()
                .push(indicator.strength);
        }
    }
    by_dimension
        .into_iter()
        .filter(|(_, strengths)| positive(strengths))
        .map(|(d, _)| d.to_string())
        .collect()
}

fn dims(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|d| d.to_string()).collect()
}

/// Every translatable string of the form, named by where it is.
fn texts(form: &Form) -> Vec<(String, &Text)> {
    let mut out = vec![("title".to_string(), &form.title)];
    if let Some(d) = &form.description {
        out.push(("description".into(), d));
    }
    let c = &form.consent;
    out.push(("consent.purpose".into(), &c.purpose));
    out.push(("consent.use_of_information".into(), &c.use_of_information));
    out.push(("consent.right_to_refuse".into(), &c.right_to_refuse));
    out.push(("consent.right_to_stop".into(), &c.right_to_stop));
    out.push(("emergency".into(), &form.emergency));
    for (id, indicator) in &form.indicators {
        out.push((format!("indicator {id}"), &indicator.explanation));
    }
    for s in &form.sections {
        out.push((format!("section {}", s.id), &s.title));
    }
    for q in &form.questions {
        out.push((format!("question {} label", q.id), &q.label));
        if let Some(h) = &q.help {
            out.push((format!("question {} help", q.id), h));
        }
        for o in &q.options {
            out.push((format!("option {} of {}", o.id, q.id), &o.label));
        }
    }
    out
}

#[test]
fn the_bundled_form_loads_with_its_id_version_and_language_chains() {
    let form = form();
    assert_eq!(form.id, "central_asia_screening");
    assert_eq!(form.version, "1.0.0");
    assert_eq!(form.default_language, "en");
    assert_eq!(form.languages, ["en", "ru", "kk", "uz", "ky", "tg"]);
    for lang in DRAFTS {
        assert_eq!(form.chains[lang], [lang, "ru", "en"], "{lang}");
    }
    assert!(form.description.is_some());
}

#[test]
fn it_has_between_20_and_40_questions() {
    let n = form().questions.len();
    assert!((20..=40).contains(&n), "{n} questions");
}

#[test]
fn every_string_is_final_in_en_and_ru_and_a_marked_draft_in_the_other_languages() {
    let form = form();
    for (place, text) in texts(&form) {
        let langs: BTreeSet<&str> = text.0.keys().map(String::as_str).collect();
        assert_eq!(langs.len(), 6, "{place}: {langs:?}");
        for lang in REVIEWED {
            let t = text
                .0
                .get(lang)
                .unwrap_or_else(|| panic!("{place}: no {lang}"));
            assert!(!t.needs_review(), "{place}: {lang} is marked needs_review");
            assert!(!t.text().trim().is_empty(), "{place}: {lang} is empty");
        }
        for lang in DRAFTS {
            let t = text
                .0
                .get(lang)
                .unwrap_or_else(|| panic!("{place}: no {lang}"));
            assert!(
                t.needs_review(),
                "{place}: {lang} is not marked needs_review"
            );
            assert!(!t.text().trim().is_empty(), "{place}: {lang} is empty");
        }
    }
}

#[test]
fn no_string_contains_a_phone_number_the_brief_does_not_confirm() {
    // 111 and 150 are the only confirmed numbers; 2009 is the year of the ILO/EC list.
    let allowed = ["111", "150", "2009"];
    let form = form();
    for (place, text) in texts(&form) {
        for t in text.0.values() {
            let digits: Vec<&str> = t
                .text()
                .split(|c: char| !c.is_ascii_digit())
                .filter(|run| run.len() >= 3)
                .collect();
            for run in digits {
                assert!(allowed.contains(&run), "{place}: unexpected number {run}");
            }
        }
    }
}

#[test]
fn every_yes_no_question_that_raises_raises_on_yes_only() {
    let form = form();
    let yes: BTreeSet<String> = ["yes".to_string()].into();
    for q in form
        .questions
        .iter()
        .filter(|q| q.kind == QuestionType::YesNo)
    {
        for r in &q.raises {
            assert_eq!(
                r.when,
                Trigger::Answers(yes.clone()),
                "{} -> {}",
                q.id,
                r.indicator
            );
        }
    }
}

#[test]
fn only_yes_no_questions_raise_indicators() {
    let form = form();
    for q in &form.questions {
        if q.kind != QuestionType::YesNo {
            assert!(q.raises.is_empty(), "{} raises", q.id);
        }
    }
}

#[test]
fn all_yes_makes_a_recruitment_dimension_ex_and_cd_or_vd_positive() {
    let form = form();
    let answers = all_yes_no(&form, YesNo::Yes);
    let positive = positive_dimensions(&form, &answers, "adult_labour");
    assert!(
        RECRUITMENT.iter().any(|d| positive.contains(*d)),
        "{positive:?}"
    );
    assert!(positive.contains("EX"), "{positive:?}");
    assert!(
        positive.contains("CD") || positive.contains("VD"),
        "{positive:?}"
    );
}

#[test]
fn all_yes_shows_every_question() {
    let form = form();
    let answers = all_yes_no(&form, YesNo::Yes);
    assert_eq!(form.visible(&answers, false).len(), form.questions.len());
}

#[test]
fn all_no_raises_nothing_and_flags_no_danger_or_need() {
    let form = form();
    let answers = all_yes_no(&form, YesNo::No);
    assert!(!answers.is_empty());
    assert_eq!(form.raised(&answers), vec![]);
    assert_eq!(form.danger(&answers), Vec::<String>::new());
    assert!(form.needs(&answers).is_empty());
}

#[test]
fn every_defined_indicator_is_raised_by_some_question() {
    let form = form();
    let raised: BTreeSet<&str> = form
        .questions
        .iter()
        .flat_map(|q| q.raises.iter().map(|r| r.indicator.as_str()))
        .collect();
    for id in form.indicators.keys() {
        assert!(raised.contains(id.as_str()), "{id} is never raised");
    }
}

#[test]
fn indicators_use_the_ilo_ec_dimensions_and_every_unverified_strength_needs_review() {
    let form = form();
    let dimensions = ["DR", "CR", "VR", "EX", "CD", "VD"];
    let forced_labour: Vec<String> = (1..=11).map(|n| format!("FL-{n:02}")).collect();
    for (id, i) in &form.indicators {
        assert!(dimensions.contains(&i.dimension.as_str()), "{id}");
        assert!(id.starts_with(&format!("{}.", i.dimension)), "{id}");
        // The brief marks every strength of the adult labour list [U].
        assert!(i.needs_review, "{id}");
        assert!(!i.populations.is_empty(), "{id}");
        for p in &i.populations {
            assert!(
                ["adult_labour", "adult_sexual"].contains(&p.as_str()),
                "{id}: {p}"
            );
        }
        for fl in &i.forced_labour {
            assert!(forced_labour.contains(fl), "{id}: {fl}");
        }
    }
}

#[test]
fn each_danger_question_flags_danger_on_yes_and_not_on_no() {
    let form = form();
    let danger: Vec<&str> = form
        .questions
        .iter()
        .filter(|q| q.danger.is_some())
        .map(|q| q.id.as_str())
        .collect();
    assert!((2..=3).contains(&danger.len()), "{danger:?}");
    let yes: BTreeSet<String> = ["yes".to_string()].into();
    for id in danger {
        let trigger = form.question(id).and_then(|q| q.danger.clone());
        assert_eq!(trigger, Some(Trigger::Answers(yes.clone())), "{id}");
        let yes = AnswerMap::from([(id.to_string(), Answer::YesNo(YesNo::Yes))]);
        assert_eq!(form.danger(&yes), [id]);
        let no = AnswerMap::from([(id.to_string(), Answer::YesNo(YesNo::No))]);
        assert!(form.danger(&no).is_empty(), "{id}");
        let declined = AnswerMap::from([(id.to_string(), Answer::Declined)]);
        assert!(form.danger(&declined).is_empty(), "{id}");
    }
}

#[test]
fn each_need_is_reachable_from_the_help_question() {
    let form = form();
    for need in Need::ALL {
        let picked = Answer::Choices(vec![need.as_str().to_string()]);
        let picked = form
            .check_answer("help_wanted", picked)
            .unwrap_or_else(|e| panic!("{}: {e}", need.as_str()));
        let answers = AnswerMap::from([("help_wanted".to_string(), picked)]);
        assert_eq!(
            form.needs(&answers),
            BTreeSet::from([need]),
            "{}",
            need.as_str()
        );
    }
}

#[test]
fn needs_are_also_recorded_from_danger_answers() {
    let form = form();
    let answers = yes_to(&form, &["in_danger_now", "injured_now"]);
    assert_eq!(
        form.needs(&answers),
        BTreeSet::from([Need::Shelter, Need::Medical])
    );
}

#[test]
fn the_form_works_anonymously_with_no_required_identifying_question() {
    let form = form();
    let identifying: Vec<&str> = form
        .questions
        .iter()
        .filter(|q| q.identifying)
        .map(|q| q.id.as_str())
        .collect();
    assert!(identifying.len() <= 2, "{identifying:?}");
    for q in form.questions.iter().filter(|q| q.identifying) {
        assert!(!q.required, "{} is identifying and required", q.id);
    }
    let answers = all_yes_no(&form, YesNo::Yes);
    let anonymous = form.visible(&answers, true);
    let required_hidden = form
        .questions
        .iter()
        .enumerate()
        .filter(|(i, q)| q.required && !anonymous.contains(i))
        .count();
    assert_eq!(required_hidden, 0);
}

#[test]
fn the_online_scam_module_is_shown_only_after_yes_to_an_online_job_abroad() {
    let form = form();
    let module = form
        .sections
        .iter()
        .find(|s| s.id == "online_work")
        .expect("online_work section");
    let first = module.questions[0];
    let mut answers = AnswerMap::new();
    assert!(!form.is_visible(first, &answers, false));
    answers.insert("online_job_abroad".into(), Answer::YesNo(YesNo::No));
    assert!(!form.is_visible(first, &answers, false));
    answers.insert("online_job_abroad".into(), Answer::YesNo(YesNo::Yes));
    for &q in &module.questions {
        assert!(form.is_visible(q, &answers, false));
    }
}

#[test]
fn the_sexual_exploitation_section_is_shown_only_after_yes_to_sexual_pressure() {
    let form = form();
    let section = form
        .sections
        .iter()
        .find(|s| s.id == "sexual_exploitation")
        .expect("sexual_exploitation section");
    let first = section.questions[0];
    assert!(!form.is_visible(first, &AnswerMap::new(), false));
    let answers = yes_to(&form, &["sexual_pressure"]);
    assert!(form.is_visible(first, &answers, false));
}

#[test]
fn sexual_exploitation_indicators_are_marked_for_review() {
    let form = form();
    let sexual: Vec<_> = form
        .indicators
        .values()
        .filter(|i| i.populations.contains("adult_sexual"))
        .collect();
    assert!(!sexual.is_empty());
    for i in sexual {
        assert!(i.needs_review, "{}", i.id);
    }
}

#[test]
fn two_work_answers_make_only_ex_positive() {
    let form = form();
    let answers = yes_to(&form, &["long_hours", "underpaid"]);
    assert_eq!(
        positive_dimensions(&form, &answers, "adult_labour"),
        dims(&["EX"])
    );
}

#[test]
fn deception_and_exploitation_make_dr_and_ex_positive() {
    let form = form();
    let answers = yes_to(
        &form,
        &[
            "job_different",
            "wages_deceived",
            "long_hours",
            "bad_living",
        ],
    );
    assert_eq!(
        positive_dimensions(&form, &answers, "adult_labour"),
        dims(&["DR", "EX"])
    );
}

#[test]
fn violence_and_threats_at_recruitment_make_cr_alone_positive() {
    let form = form();
    let answers = yes_to(&form, &["recruit_violence", "recruit_threats"]);
    assert_eq!(
        positive_dimensions(&form, &answers, "adult_labour"),
        dims(&["CR"])
    );
}

#[test]
fn three_vulnerability_answers_make_vr_positive_and_two_do_not() {
    let form = form();
    let two = yes_to(&form, &["recruit_money_pressure", "recruit_no_papers"]);
    assert!(positive_dimensions(&form, &two, "adult_labour").is_empty());
    let three = yes_to(
        &form,
        &[
            "recruit_money_pressure",
            "recruit_no_papers",
            "recruit_no_information",
        ],
    );
    assert_eq!(
        positive_dimensions(&form, &three, "adult_labour"),
        dims(&["VR"])
    );
}

#[test]
fn trafficking_for_forced_labour_is_reachable_without_the_conditional_sections() {
    let form = form();
    let answers = yes_to(
        &form,
        &[
            "job_different",
            "wages_deceived",
            "long_hours",
            "underpaid",
            "documents_taken",
            "threat_police",
        ],
    );
    assert_eq!(
        positive_dimensions(&form, &answers, "adult_labour"),
        dims(&["CD", "DR", "EX"])
    );
}

#[test]
fn one_yes_alone_never_makes_a_dimension_positive() {
    let form = form();
    for q in form.questions.iter().filter(|q| !q.raises.is_empty()) {
        let mut answers = all_yes_no(&form, YesNo::Yes);
        answers.retain(|id, _| form.question(id).is_some_and(|x| x.raises.is_empty()));
        answers.insert(q.id.clone(), Answer::YesNo(YesNo::Yes));
        for population in ["adult_labour", "adult_sexual"] {
            let positive = positive_dimensions(&form, &answers, population);
            assert!(positive.is_empty(), "{} alone: {positive:?}", q.id);
        }
    }
}
