//! The training scenarios: every bundled one loads and its key is exactly what the real
//! scoring gives; a trainee's run is compared with the key finding by finding; a broken
//! scenario file gets a typed error naming the scenario and the question. One behaviour
//! per test.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Utc;
use serde_json::{Value, json};

use super::scenario::has_text;
use super::*;
use senim_content::forms::Strength;
use senim_content::screening::{self, Level};
use senim_records::{Answer, Interview, InterviewStatus, YesNo};

const CONSTRUCTION: &str = "construction_passport_debt";
const CAR_WASH: &str = "car_wash_passport_held";
const MARKET: &str = "market_trader_no_indicators";
const FARM: &str = "seasonal_farm_wage_dispute";
const ONLINE_SCAM: &str = "online_scam_compound";
const WAITRESS: &str = "waitress_recruitment_abroad";

fn library() -> Library {
    Library::bundled().expect("bundled content")
}

fn scenario(id: &str) -> Scenario {
    find(id).expect("bundled scenario")
}

fn file_of(id: &str) -> &'static [u8] {
    BUNDLED
        .iter()
        .find(|(_, bytes)| {
            serde_json::from_slice::<Value>(bytes).is_ok_and(|v| v["id"] == json!(id))
        })
        .map(|(_, bytes)| *bytes)
        .expect("bundled file")
}

/// The bundled scenario file `id` as JSON, for tests that break it.
fn json_of(id: &str) -> Value {
    serde_json::from_slice(file_of(id)).expect("valid JSON")
}

fn load(value: &Value) -> Result<Scenario, ScenarioError> {
    Scenario::from_json(value.to_string().as_bytes(), &library())
}

fn broken(value: &Value) -> ScenarioError {
    match load(value) {
        Ok(s) => panic!("scenario '{}' loaded", s.id),
        Err(e) => e,
    }
}

/// A completed anonymous interview on the scenario's form with these answers.
fn interview(s: &Scenario, answers: BTreeMap<String, Answer>, skipped: &[&str]) -> Interview {
    let form = s.form_definition();
    Interview {
        form_id: form.id.clone(),
        form_version: form.version.clone(),
        form_hash: form.hash.clone(),
        language: "en".into(),
        subject: None,
        status: InterviewStatus::Completed,
        answers,
        skipped: skipped.iter().map(|q| q.to_string()).collect(),
        consent: None,
        started_at: Utc::now(),
        finished_at: None,
        assessment: None,
    }
}

/// The key's answers with some changed (`None` removes the answer).
fn run_with(s: &Scenario, changes: &[(&str, Option<Answer>)]) -> Interview {
    let mut answers = s.key.answers.clone();
    for (q, a) in changes {
        match a {
            Some(a) => answers.insert(q.to_string(), a.clone()),
            None => answers.remove(*q),
        };
    }
    interview(s, answers, &[])
}

/// The persona's line as explanations quote it (without its final full stop).
fn quoted(s: &Scenario, question: &str, lang: &str) -> String {
    let line = s.says(question, lang).expect("script line").text;
    line.trim_end_matches('.').to_string()
}

fn yes() -> Option<Answer> {
    Some(Answer::YesNo(YesNo::Yes))
}

fn no() -> Option<Answer> {
    Some(Answer::YesNo(YesNo::No))
}

// ---------------------------------------------------------------------------------------
// The bundled scenarios.

#[test]
fn every_bundled_scenario_loads() {
    let all = bundled().expect("bundled scenarios load");
    assert_eq!(all.len(), BUNDLED.len());
    assert!(all.len() >= 6);
    let ids: BTreeSet<&str> = all.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids.len(), all.len(), "ids are unique");
}

#[test]
fn the_bundled_scenarios_span_every_level_from_none_to_likely() {
    let levels: BTreeSet<Level> = bundled().unwrap().iter().map(|s| s.key.level).collect();
    assert_eq!(levels, Level::ALL.into_iter().collect());
}

#[test]
fn the_bundled_scenarios_include_online_scam_recruitment_and_domestic_work() {
    let all = bundled().unwrap();
    let sector = |s: &Scenario| s.key.answers.get("sector").cloned();
    assert!(all.iter().any(|s| {
        sector(s) == Some(Answer::Choice("online_work_abroad".into()))
            && s.key.answers.get("online_job_abroad") == yes().as_ref()
            && s.key.answers.contains_key("scam_passport")
    }));
    assert!(
        all.iter()
            .any(|s| sector(s) == Some(Answer::Choice("domestic_work".into())))
    );
}

/// The key is checked here with the scoring code directly, from the raw file, without
/// trusting the loader's own check.
#[test]
fn every_bundled_key_lists_exactly_the_indicators_and_level_the_real_scoring_gives() {
    let lib = library();
    for (file, bytes) in BUNDLED {
        let raw: Value = serde_json::from_slice(bytes).unwrap();
        let form = lib
            .form(
                raw["form"]["id"].as_str().unwrap(),
                raw["form"]["version"].as_str(),
            )
            .unwrap();
        let rules = lib
            .rule_set(
                raw["rule_set"]["id"].as_str().unwrap(),
                raw["rule_set"]["version"].as_str(),
            )
            .unwrap();
        let answers: BTreeMap<String, Answer> =
            serde_json::from_value(raw["key"]["answers"].clone()).unwrap();
        let scored = screening::assess(&form, &rules, &answers, "en").unwrap();
        let raised: BTreeSet<String> = scored.raised.iter().map(|r| r.id.clone()).collect();
        let key: BTreeSet<String> =
            serde_json::from_value(raw["key"]["indicators"].clone()).unwrap();
        assert_eq!(raised, key, "{file}: indicators");
        let level: Level = serde_json::from_value(raw["key"]["level"].clone()).unwrap();
        assert_eq!(scored.level, level, "{file}: level");
    }
}

#[test]
fn every_bundled_scenario_is_written_for_form_2_and_rule_set_2() {
    for s in bundled().unwrap() {
        let (form, rules) = (s.form_definition(), s.rule_set_definition());
        assert_eq!(
            (form.version.as_str(), rules.version.as_str()),
            ("2.0.0", "2.0.0"),
            "{}",
            s.id
        );
        // The encounter opens on safety and the private block is answered only after
        // the worker confirms privacy.
        assert_eq!(
            s.key.answers.get("safe_to_talk"),
            yes().as_ref(),
            "{}",
            s.id
        );
        assert_eq!(
            s.key.answers.get("private_confirmed"),
            yes().as_ref(),
            "{}",
            s.id
        );
    }
}

#[test]
fn end_of_season_pay_is_not_pay_held_back_and_saying_so_over_reports() {
    let s = scenario(FARM);
    assert_eq!(s.key.answers.get("pay_withheld"), no().as_ref());
    assert_eq!(s.key.level, Level::Monitor);
    let report = s
        .compare(&run_with(&s, &[("pay_withheld", yes())]))
        .unwrap();
    let over: Vec<&str> = report
        .indicators_not_in_key
        .iter()
        .map(|f| f.indicator.as_str())
        .collect();
    assert_eq!(over, ["CD.wages_withheld"]);
    assert!(report.score < 100);
}

#[test]
fn the_waitress_key_reaches_the_sexual_exploitation_indicator_in_the_private_block() {
    let s = scenario(WAITRESS);
    let a = screening::assess(
        s.form_definition(),
        s.rule_set_definition(),
        &s.key.answers,
        "en",
    )
    .unwrap();
    assert!(a.raised.iter().any(|r| r.id == "EX.sexual_exploitation"));
    assert!(
        a.reached_by.contains(&"adult_sexual".to_string()),
        "{:?}",
        a.reached_by
    );
    assert_eq!(s.key.answers.get("sex_work"), yes().as_ref());
}

#[test]
fn every_persona_is_marked_fictional() {
    for s in bundled().unwrap() {
        assert!(s.persona.fictional, "{}", s.id);
    }
}

#[test]
fn every_question_the_key_answers_has_a_script_line_in_english_and_russian() {
    for s in bundled().unwrap() {
        for q in s.key.answers.keys() {
            let line = s.script.get(q).unwrap_or_else(|| panic!("{}: {q}", s.id));
            for lang in REQUIRED_LANGUAGES {
                assert!(has_text(line, lang), "{}: {q} {lang}", s.id);
            }
        }
    }
}

#[test]
fn the_key_answers_every_question_the_form_asks_given_the_key() {
    for s in bundled().unwrap() {
        let form = s.form_definition();
        for i in form.visible(&s.key.answers, true) {
            assert!(
                s.key.answers.contains_key(&form.questions[i].id),
                "{}: {}",
                s.id,
                form.questions[i].id
            );
        }
    }
}

#[test]
fn an_unknown_scenario_is_content_not_found() {
    assert!(matches!(
        find("no_such_scenario"),
        Err(Error::Content(ContentError::ContentNotFound {
            what: "scenario",
            ..
        }))
    ));
}

// ---------------------------------------------------------------------------------------
// Comparing a trainee's run with the key.

#[test]
fn a_perfect_run_scores_full_marks_with_no_misses() {
    for s in bundled().unwrap() {
        let report = s
            .compare(&interview(&s, s.key.answers.clone(), &[]))
            .unwrap();
        assert_eq!(report.score, 100, "{}", s.id);
        assert!(report.is_perfect(), "{}: {report:#?}", s.id);
        assert_eq!(report.level, s.key.level);
    }
}

#[test]
fn answering_no_to_the_passport_question_reports_the_missed_strong_indicator_with_its_explanation()
{
    let s = scenario(CONSTRUCTION);
    let report = s
        .compare(&run_with(&s, &[("documents_taken", no())]))
        .unwrap();

    assert_eq!(report.indicators_missed.len(), 1, "{report:#?}");
    let miss = &report.indicators_missed[0];
    assert_eq!(miss.indicator, "CD.documents_confiscated");
    assert_eq!(miss.strength, Strength::Strong);
    assert_eq!(miss.questions, vec!["documents_taken".to_string()]);
    assert_eq!(miss.penalty, 20);
    let said_en = quoted(&s, "documents_taken", "en");
    let said_ru = quoted(&s, "documents_taken", "ru");
    assert!(
        miss.explanation.en.contains(&said_en),
        "{}",
        miss.explanation.en
    );
    assert!(miss.explanation.en.contains("strong"));
    assert!(
        miss.explanation
            .en
            .contains("ask question documents_taken again")
    );
    assert!(
        miss.explanation.ru.contains(&said_ru),
        "{}",
        miss.explanation.ru
    );
    assert!(miss.explanation.ru.contains("сильный"));
    assert!(miss.explanation.ru.contains("documents_taken"));
    // Debt bondage alone keeps coercion positive: the level holds, the score does not.
    assert_eq!(report.level, Level::Likely);
    assert_eq!(report.score, 100 - 20 - ANSWER_PENALTY);
}

#[test]
fn missing_the_strong_indicator_that_made_coercion_positive_lowers_the_level_and_costs_more() {
    let s = scenario(CAR_WASH);
    let report = s
        .compare(&run_with(&s, &[("documents_taken", no())]))
        .unwrap();
    assert_eq!(report.expected_level, Level::Possible);
    assert_eq!(report.level, Level::Monitor);
    assert_eq!(report.level_penalty, LEVEL_BELOW_PENALTY);
    let why = report.level_explanation.as_ref().expect("level explained");
    assert!(
        why.en.contains("possible") && why.en.contains("monitor"),
        "{}",
        why.en
    );
    assert!(!why.ru.is_empty());
    assert_eq!(
        report.score,
        100 - 20 - LEVEL_BELOW_PENALTY - ANSWER_PENALTY
    );
}

#[test]
fn an_indicator_raised_that_the_key_does_not_have_is_reported_and_costs_half() {
    let s = scenario(MARKET);
    let report = s.compare(&run_with(&s, &[("long_hours", yes())])).unwrap();
    assert_eq!(report.indicators_not_in_key.len(), 1);
    let extra = &report.indicators_not_in_key[0];
    assert_eq!(extra.indicator, "EX.excessive_hours");
    assert_eq!(extra.questions, vec!["long_hours".to_string()]);
    assert_eq!(extra.penalty, 10);
    assert!(
        extra
            .explanation
            .en
            .contains(&quoted(&s, "long_hours", "en"))
    );
    assert_eq!(report.level, Level::Monitor);
    assert_eq!(report.level_penalty, LEVEL_ABOVE_PENALTY);
    assert_eq!(
        report.score,
        100 - 10 - LEVEL_ABOVE_PENALTY - ANSWER_PENALTY
    );
}

#[test]
fn a_differing_answer_is_reported_with_the_expected_and_the_given_answer() {
    let s = scenario(FARM);
    let given = Answer::Choices(vec!["no_help_now".into()]);
    let report = s
        .compare(&run_with(&s, &[("help_wanted", Some(given.clone()))]))
        .unwrap();
    assert_eq!(report.answers_differ.len(), 1);
    let d = &report.answers_differ[0];
    assert_eq!(d.question, "help_wanted");
    assert_eq!(d.expected, s.key.answers["help_wanted"]);
    assert_eq!(d.given, given);
    assert!(
        d.explanation.en.contains("Nothing right now"),
        "{}",
        d.explanation.en
    );
    assert!(
        d.explanation.ru.contains("Сейчас ничего не нужно"),
        "{}",
        d.explanation.ru
    );
    assert!(report.indicators_missed.is_empty() && report.indicators_not_in_key.is_empty());
    assert_eq!(report.score, 100 - ANSWER_PENALTY);
}

#[test]
fn recording_no_where_the_person_declined_is_a_differing_answer() {
    let s = scenario(WAITRESS);
    assert_eq!(s.key.answers["violence"], Answer::Declined);
    let report = s.compare(&run_with(&s, &[("violence", no())])).unwrap();
    assert_eq!(report.answers_differ.len(), 1);
    assert!(
        report.answers_differ[0]
            .explanation
            .en
            .contains("“declined”")
    );
}

#[test]
fn a_skipped_question_is_reported_as_skipped_with_the_indicator_it_would_have_raised() {
    let s = scenario(CONSTRUCTION);
    let mut answers = s.key.answers.clone();
    answers.remove("hazardous_work");
    let report = s
        .compare(&interview(&s, answers, &["hazardous_work"]))
        .unwrap();
    assert_eq!(report.questions_missed.len(), 1);
    let m = &report.questions_missed[0];
    assert_eq!(m.question, "hazardous_work");
    assert_eq!(m.reason, MissReason::Skipped);
    assert_eq!(m.penalty, QUESTION_PENALTY);
    assert!(
        m.explanation.en.starts_with("You skipped"),
        "{}",
        m.explanation.en
    );
    let missed: Vec<&str> = report
        .indicators_missed
        .iter()
        .map(|f| f.indicator.as_str())
        .collect();
    assert_eq!(missed, vec!["EX.hazardous_work"]);
    assert!(
        report.indicators_missed[0]
            .explanation
            .en
            .contains("without an answer")
    );
}

#[test]
fn a_question_left_open_in_a_stopped_interview_is_reported_as_unanswered() {
    let s = scenario(MARKET);
    let report = s.compare(&run_with(&s, &[("help_wanted", None)])).unwrap();
    assert_eq!(report.questions_missed.len(), 1);
    assert_eq!(report.questions_missed[0].reason, MissReason::Unanswered);
    assert_eq!(report.score, 100 - QUESTION_PENALTY);
}

#[test]
fn questions_hidden_by_a_wrong_gating_answer_are_reported_as_not_asked_naming_the_gate() {
    let s = scenario(ONLINE_SCAM);
    let report = s
        .compare(&run_with(&s, &[("online_job_abroad", no())]))
        .unwrap();
    let not_asked: Vec<&str> = report
        .questions_missed
        .iter()
        .filter(|m| m.reason == MissReason::NotAsked)
        .map(|m| m.question.as_str())
        .collect();
    assert_eq!(
        not_asked,
        vec![
            "scam_ticket_debt",
            "scam_passport",
            "scam_cannot_leave",
            "scam_quotas",
            "scam_quota_beaten",
            "scam_defraud"
        ]
    );
    for m in &report.questions_missed {
        assert!(
            m.explanation.en.contains("online_job_abroad"),
            "{}",
            m.explanation.en
        );
    }
    // Only the indicators no other answer raises are missed (the ticket debt is also
    // the recruitment fee he still owed on arrival, asked outside the module).
    let missed: BTreeSet<&str> = report
        .indicators_missed
        .iter()
        .map(|f| f.indicator.as_str())
        .collect();
    assert_eq!(
        missed,
        BTreeSet::from(["CD.illicit_activities", "CD.threats_violence"])
    );
    assert!(
        report.indicators_missed[0]
            .explanation
            .en
            .contains("never reached")
    );
}

#[test]
fn answers_down_a_branch_the_key_does_not_take_are_listed_but_cost_nothing_themselves() {
    let s = scenario(MARKET);
    let mut changes = vec![("online_job_abroad", yes())];
    for q in ["scam_ticket_debt", "scam_passport", "scam_cannot_leave"] {
        changes.push((q, no()));
    }
    let report = s.compare(&run_with(&s, &changes)).unwrap();
    assert_eq!(
        report.answers_off_key,
        vec!["scam_ticket_debt", "scam_passport", "scam_cannot_leave"]
    );
    assert_eq!(report.score, 100 - ANSWER_PENALTY);
}

#[test]
fn a_missed_danger_answer_costs_points_and_says_to_follow_the_emergency_steps() {
    let s = scenario(WAITRESS);
    assert_eq!(s.expected_danger(), vec!["in_danger_now".to_string()]);
    let report = s
        .compare(&run_with(&s, &[("in_danger_now", no())]))
        .unwrap();
    assert_eq!(report.danger_missed.len(), 1);
    let d = &report.danger_missed[0];
    assert_eq!(d.question, "in_danger_now");
    assert_eq!(d.penalty, DANGER_MISSED_PENALTY);
    assert!(d.explanation.en.contains("emergency steps"));
    assert!(
        d.explanation.ru.contains("ответила"),
        "{}",
        d.explanation.ru
    );
    assert_eq!(report.score, 100 - DANGER_MISSED_PENALTY - ANSWER_PENALTY);
}

#[test]
fn the_score_never_goes_below_zero() {
    let s = scenario(WAITRESS);
    let changes: Vec<(&str, Option<Answer>)> = s
        .key
        .answers
        .iter()
        .filter(|(_, a)| **a == Answer::YesNo(YesNo::Yes))
        .map(|(q, _)| (q.as_str(), no()))
        .collect();
    let report = s.compare(&run_with(&s, &changes)).unwrap();
    assert_eq!(report.score, 0);
    assert_eq!(report.level, Level::None);
}

#[test]
fn an_interview_on_another_form_version_is_refused() {
    let s = scenario(MARKET);
    let mut run = interview(&s, s.key.answers.clone(), &[]);
    run.form_version = "9.9.9".into();
    assert!(matches!(
        s.compare(&run),
        Err(Error::Content(ContentError::ContentMismatch {
            what: "form",
            ..
        }))
    ));
}

#[test]
fn explanations_follow_the_interview_language_kazakh_its_own_the_others_their_fallback() {
    let e = Explanation {
        en: "en".into(),
        ru: "ru".into(),
        kk: "kk".into(),
    };
    assert_eq!(e.get("ru"), "ru");
    assert_eq!(e.get("kk"), "kk");
    assert_eq!(e.get("uz"), "ru");
    assert_eq!(e.get("ky"), "ru");
    assert_eq!(e.get("en"), "en");
    assert_eq!(e.get("xx"), "en");
}

#[test]
fn every_text_of_every_scenario_reads_kazakh_in_kazakh_not_russian() {
    for s in bundled().unwrap() {
        let mut texts = vec![
            ("title", &s.title),
            ("summary", &s.summary),
            ("situation", &s.persona.situation),
            ("background", &s.persona.background),
            ("where_met", &s.persona.where_met),
        ];
        texts.extend(s.script.iter().map(|(q, t)| (q.as_str(), t)));
        for (name, text) in texts {
            let (kk, ru) = (s.text(text, "kk"), s.text(text, "ru"));
            assert_eq!(kk.language, "kk", "{}: {name}", s.id);
            assert_ne!(kk.text, ru.text, "{}: {name}", s.id);
            // Kazakh Cyrillic: a text longer than a short answer has at least one of the
            // letters Russian does not have.
            assert!(
                kk.text.chars().count() < 40
                    || kk.text.chars().any(|c| "әғқңөұүһіӘҒҚҢӨҰҮҺІ".contains(c)),
                "{}: {name}: {}",
                s.id,
                kk.text
            );
        }
    }
}

#[test]
fn a_kazakh_interview_gets_kazakh_explanations_and_answers_in_words() {
    let s = scenario(CONSTRUCTION);
    let report = s
        .compare(&run_with(&s, &[("documents_taken", no())]))
        .unwrap();
    let miss = &report.indicators_missed[0];
    let kk = miss.explanation.get("kk");
    assert_ne!(kk, miss.explanation.ru);
    assert!(kk.contains(&quoted(&s, "documents_taken", "kk")), "{kk}");
    assert!(kk.contains("күшті"), "{kk}");
    assert!(kk.contains("«жоқ»"), "{kk}");
    assert!(kk.contains("documents_taken сұрағын қайта қойып"), "{kk}");
    let differ = report.answers_differ[0].explanation.get("kk");
    assert!(differ.contains("кейіпкер «"), "{differ}");
    assert!(differ.contains("сіз «жоқ» деп жаздыңыз"), "{differ}");
    assert_eq!(
        s.answer_text("documents_taken", &Answer::YesNo(YesNo::Yes), "kk"),
        "иә"
    );
    assert_eq!(
        s.answer_text("documents_taken", &Answer::YesNo(YesNo::Unknown), "ru"),
        "не знает"
    );
}

// ---------------------------------------------------------------------------------------
// Broken scenario files.

#[test]
fn a_key_answer_to_an_unknown_question_names_the_scenario_and_the_question() {
    let mut v = json_of(CONSTRUCTION);
    v["key"]["answers"]["no_such_question"] = json!({"type": "yes_no", "value": "no"});
    let e = broken(&v);
    assert_eq!(e.scenario, CONSTRUCTION);
    assert!(e.problems.contains(&Problem::UnknownQuestion {
        part: "key",
        question: "no_such_question".into()
    }));
}

#[test]
fn a_script_line_for_an_unknown_question_is_refused() {
    let mut v = json_of(CONSTRUCTION);
    v["script"]["no_such_question"] = json!({"en": "Yes.", "ru": "Да."});
    let e = broken(&v);
    assert!(e.problems.contains(&Problem::UnknownQuestion {
        part: "script",
        question: "no_such_question".into()
    }));
}

#[test]
fn a_key_answer_that_does_not_fit_its_question_is_an_invalid_answer_naming_the_question() {
    let mut v = json_of(CONSTRUCTION);
    v["key"]["answers"]["sector"] = json!({"type": "choice", "value": "astronaut"});
    v["key"]["answers"]["long_hours"] = json!({"type": "integer", "value": 3});
    v["key"]["answers"]["underpaid"] = json!("yes");
    let e = broken(&v);
    let invalid: BTreeSet<&str> = e
        .problems
        .iter()
        .filter_map(|p| match p {
            Problem::InvalidAnswer { question, .. } => Some(question.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        invalid,
        BTreeSet::from(["sector", "long_hours", "underpaid"])
    );
    // The answer itself is never repeated in the error.
    assert!(!e.to_string().contains("astronaut"), "{e}");
}

#[test]
fn a_key_answer_to_a_question_hidden_by_skip_logic_is_refused() {
    let mut v = json_of(MARKET);
    v["key"]["answers"]["scam_passport"] = json!({"type": "yes_no", "value": "yes"});
    let e = broken(&v);
    assert!(
        e.problems.contains(&Problem::HiddenQuestion {
            question: "scam_passport".into()
        }),
        "{e}"
    );
}

#[test]
fn a_question_the_form_asks_without_a_key_answer_or_a_script_line_is_refused() {
    let mut v = json_of(CONSTRUCTION);
    v["key"]["answers"]
        .as_object_mut()
        .unwrap()
        .remove("threat_family");
    v["script"].as_object_mut().unwrap().remove("violence");
    let e = broken(&v);
    assert!(e.problems.contains(&Problem::MissingAnswer {
        question: "threat_family".into()
    }));
    assert!(e.problems.contains(&Problem::MissingScript {
        question: "violence".into()
    }));
}

#[test]
fn opening_a_branch_in_the_key_without_answering_it_is_refused() {
    let mut v = json_of(MARKET);
    v["key"]["answers"]["online_job_abroad"] = json!({"type": "yes_no", "value": "yes"});
    let e = broken(&v);
    assert!(e.problems.contains(&Problem::MissingAnswer {
        question: "scam_passport".into()
    }));
}

#[test]
fn a_script_line_without_russian_is_a_missing_translation_naming_the_question() {
    let mut v = json_of(CONSTRUCTION);
    v["script"]["documents_taken"]
        .as_object_mut()
        .unwrap()
        .remove("ru");
    let e = broken(&v);
    assert_eq!(e.scenario, CONSTRUCTION);
    assert!(e.problems.iter().any(|p| matches!(
        p,
        Problem::MissingTranslation { question: Some(q), language: "ru", .. } if q == "documents_taken"
    )));
}

#[test]
fn a_script_line_without_kazakh_is_a_missing_translation_naming_the_question() {
    let mut v = json_of(CONSTRUCTION);
    v["script"]["documents_taken"]
        .as_object_mut()
        .unwrap()
        .remove("kk");
    let e = broken(&v);
    assert!(e.problems.iter().any(|p| matches!(
        p,
        Problem::MissingTranslation { question: Some(q), language: "kk", .. } if q == "documents_taken"
    )));
}

#[test]
fn a_title_without_english_is_a_missing_translation() {
    let mut v = json_of(FARM);
    v["title"] = json!({"ru": "Только по-русски"});
    let e = broken(&v);
    assert!(e.problems.contains(&Problem::MissingTranslation {
        text: "title".into(),
        question: None,
        language: "en"
    }));
}

#[test]
fn a_key_that_omits_an_indicator_its_answers_raise_is_refused() {
    let mut v = json_of(CONSTRUCTION);
    let list = v["key"]["indicators"].as_array_mut().unwrap();
    list.retain(|i| i != "CD.documents_confiscated");
    let e = broken(&v);
    assert!(e.problems.contains(&Problem::IndicatorNotInKey {
        indicator: "CD.documents_confiscated".into(),
        questions: vec!["documents_taken".into()]
    }));
}

#[test]
fn a_key_that_lists_an_indicator_its_answers_do_not_raise_is_refused() {
    let mut v = json_of(FARM);
    v["key"]["indicators"]
        .as_array_mut()
        .unwrap()
        .push(json!("CD.violence"));
    let e = broken(&v);
    assert!(e.problems.contains(&Problem::IndicatorNotRaised {
        indicator: "CD.violence".into()
    }));
}

#[test]
fn a_key_whose_level_is_not_what_its_answers_score_is_refused() {
    let mut v = json_of(FARM);
    v["key"]["level"] = json!("possible");
    let e = broken(&v);
    assert_eq!(
        e.problems,
        vec![Problem::LevelMismatch {
            key: Level::Possible,
            scored: Level::Monitor
        }]
    );
}

#[test]
fn an_unknown_or_repeated_indicator_in_the_key_is_refused() {
    let mut v = json_of(FARM);
    let list = v["key"]["indicators"].as_array_mut().unwrap();
    list.push(json!("XX.made_up"));
    list.push(json!("DR.wages"));
    let e = broken(&v);
    assert!(e.problems.contains(&Problem::UnknownIndicator {
        indicator: "XX.made_up".into()
    }));
    assert!(e.problems.contains(&Problem::DuplicateIndicator {
        indicator: "DR.wages".into()
    }));
}

#[test]
fn a_persona_not_marked_fictional_does_not_load() {
    let mut v = json_of(MARKET);
    v["persona"]["fictional"] = json!(false);
    assert!(broken(&v).problems.contains(&Problem::NotFictional));
}

#[test]
fn a_scenario_for_a_form_version_that_is_not_loaded_does_not_load() {
    let mut v = json_of(MARKET);
    v["form"]["version"] = json!("9.9.9");
    let e = broken(&v);
    assert!(e.problems.iter().any(|p| matches!(
        p,
        Problem::ContentNotFound { what: "form", version, .. } if version == "9.9.9"
    )));
}

#[test]
fn a_scenario_error_becomes_invalid_content_naming_the_scenario_and_the_question() {
    let mut v = json_of(CONSTRUCTION);
    v["key"]["answers"]["no_such_question"] = json!({"type": "yes_no", "value": "no"});
    let e = Error::from(broken(&v));
    assert!(matches!(
        e,
        Error::Content(ContentError::InvalidContent {
            what: "scenario",
            ..
        })
    ));
    let text = e.to_string();
    assert!(
        text.contains(CONSTRUCTION) && text.contains("no_such_question"),
        "{text}"
    );
}

#[test]
fn unknown_fields_and_future_formats_are_refused() {
    let mut v = json_of(MARKET);
    v["persona"]["real_name"] = json!("x");
    assert!(matches!(broken(&v).problems[0], Problem::Syntax { .. }));
    let mut v = json_of(MARKET);
    v["format"] = json!(2);
    assert_eq!(
        broken(&v).problems,
        vec![Problem::UnsupportedFormat { found: 2 }]
    );
}

#[test]
fn truncated_or_arbitrary_bytes_never_panic() {
    let lib = library();
    let bytes = file_of(WAITRESS);
    for cut in (0..bytes.len()).step_by(97) {
        assert!(Scenario::from_json(&bytes[..cut], &lib).is_err());
    }
    for junk in [&b"\xff\xfe"[..], b"[]", b"null", b"{\"id\": 7}", b"{}"] {
        assert!(Scenario::from_json(junk, &lib).is_err());
    }
}
