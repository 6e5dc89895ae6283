//! End-to-end tests of `senim training` on the binary: listing and showing scenarios
//! without a vault, practice runs from an answers file compared with the key, and
//! checking a stored interview.

use crate::common;

use std::path::PathBuf;

use serde_json::{Map, Value, json};

use common::*;

const CONSTRUCTION: &str = "construction_passport_debt";

/// The scenario's answer key as an answers file (`{"question": "yes", ...}`), as
/// `training show --json` gives it, with `changes` applied.
fn key_answers(ws: &Workspace, scenario: &str, changes: &[(&str, &str)]) -> Value {
    let shown = ws.json(&["training", "show", scenario]);
    let mut answers = Map::new();
    for line in shown["script"].as_array().expect("script") {
        let Some(expected) = line.get("expected") else {
            continue;
        };
        let value = match expected["type"].as_str().unwrap() {
            "declined" => json!("declined"),
            _ => expected["value"].clone(),
        };
        answers.insert(line["question"].as_str().unwrap().to_string(), value);
    }
    for (q, a) in changes {
        answers.insert(q.to_string(), json!(a));
    }
    Value::Object(answers)
}

fn write_json(ws: &Workspace, name: &str, value: &Value) -> PathBuf {
    let path = ws.dir.path().join(name);
    std::fs::write(&path, value.to_string()).unwrap();
    path
}

fn practice(ws: &Workspace, scenario: &str, answers: &Value, json: bool) -> String {
    let file = write_json(ws, "answers.json", answers);
    let mut args = vec![];
    if json {
        args.push("--json");
    }
    args.extend([
        "training",
        "run",
        "--scenario",
        scenario,
        "--answers",
        file.to_str().unwrap(),
    ]);
    ws.ok(&args)
}

#[test]
fn training_list_shows_every_scenario_with_its_level_without_a_vault() {
    let ws = Workspace::empty();
    let list = ws.json(&["training", "list"]);
    let items = list.as_array().unwrap();
    assert!(items.len() >= 6);
    let construction = items.iter().find(|s| s["id"] == CONSTRUCTION).unwrap();
    assert_eq!(construction["level"], "likely");
    let levels: Vec<&str> = items.iter().map(|s| s["level"].as_str().unwrap()).collect();
    for level in ["none", "monitor", "possible", "likely"] {
        assert!(levels.contains(&level), "{level}");
    }
    let text = ws.ok(&["training", "list"]);
    assert!(text.contains(CONSTRUCTION) && text.contains("likely"));
    assert!(!ws.vault_dir().exists(), "listing creates no vault");
}

#[test]
fn training_show_prints_the_fictional_persona_and_the_script_and_can_hide_the_key() {
    let ws = Workspace::empty();
    let text = ws.ok(&["training", "show", CONSTRUCTION]);
    assert!(text.contains("FICTIONAL PERSONA"));
    assert!(text.contains("Rustam"));
    assert!(text.contains("documents_taken"));
    assert!(text.contains("ANSWER KEY") && text.contains("CD.documents_confiscated"));
    let hidden = ws.ok(&["training", "show", CONSTRUCTION, "--no-key", "--lang", "ru"]);
    assert!(hidden.contains("Бригадир"), "the script in Russian");
    assert!(!hidden.contains("ANSWER KEY") && !hidden.contains("expected:"));
    let json = ws.json(&["training", "show", CONSTRUCTION, "--no-key"]);
    assert!(json.get("key").is_none());
    assert!(json["script"][0].get("expected").is_none());
}

#[test]
fn a_perfect_answers_file_scores_full_marks_with_no_misses() {
    let ws = Workspace::with_demo_vault();
    let answers = key_answers(&ws, CONSTRUCTION, &[]);
    let out: Value = serde_json::from_str(&practice(&ws, CONSTRUCTION, &answers, true)).unwrap();
    assert_eq!(out["status"], "completed");
    assert_eq!(out["assessment"]["level"], "likely");
    let t = &out["training"];
    assert_eq!(t["score"], 100);
    assert_eq!(t["level"], t["expected_level"]);
    for list in [
        "indicators_missed",
        "indicators_not_in_key",
        "danger_missed",
        "answers_differ",
        "questions_missed",
        "answers_off_key",
    ] {
        assert_eq!(t[list], json!([]), "{list}");
    }
    let text = practice(&ws, CONSTRUCTION, &answers, false);
    assert!(text.contains("score: 100/100"), "{text}");
    assert!(text.contains("Every answer matches the key."));
}

#[test]
fn an_imperfect_answers_file_reports_the_missed_passport_and_a_lower_score() {
    let ws = Workspace::with_demo_vault();
    let answers = key_answers(&ws, CONSTRUCTION, &[("documents_taken", "no")]);
    let out: Value = serde_json::from_str(&practice(&ws, CONSTRUCTION, &answers, true)).unwrap();
    let t = &out["training"];
    assert_eq!(t["score"], 78);
    assert_eq!(
        t["indicators_missed"][0]["indicator"],
        "CD.documents_confiscated"
    );
    assert_eq!(t["indicators_missed"][0]["strength"], "strong");
    assert_eq!(t["answers_differ"][0]["question"], "documents_taken");
    assert_eq!(
        t["answers_differ"][0]["expected"],
        json!({"type": "yes_no", "value": "yes"})
    );
    let text = practice(&ws, CONSTRUCTION, &answers, false);
    assert!(text.contains("score: 78/100"), "{text}");
    assert!(text.contains("CD.documents_confiscated (strong, CD) (-20 points)"));
    assert!(
        text.contains("The foreman took all our passports"),
        "{text}"
    );
    assert!(text.contains("ask question documents_taken again"));
}

#[test]
fn training_check_compares_a_stored_interview_with_the_key() {
    let ws = Workspace::with_demo_vault();
    let answers = key_answers(&ws, CONSTRUCTION, &[("cannot_leave", "yes")]);
    let file = write_json(&ws, "answers.json", &answers);
    // The scenario's key is written for form 2.0.0 (its opening question, the private
    // block's confirmation and the questions behind it).
    let run = ws.json(&[
        "interview",
        "run",
        "--form",
        "central_asia_screening",
        "--form-version",
        "2.0.0",
        "--lang",
        "ru",
        "--anonymous",
        "--consent",
        "screening",
        "--answers",
        file.to_str().unwrap(),
    ]);
    let id = run["interview"].as_str().unwrap();
    let checked = ws.json(&[
        "training",
        "check",
        "--scenario",
        CONSTRUCTION,
        "--interview",
        id,
    ]);
    let t = &checked["training"];
    assert_eq!(
        t["indicators_not_in_key"][0]["indicator"],
        "CD.isolation_surveillance"
    );
    assert_eq!(t["score"], 100 - 10 - 2);
    // In the interview's language unless --lang says otherwise.
    let text = ws.ok(&[
        "training",
        "check",
        "--scenario",
        CONSTRUCTION,
        "--interview",
        id,
    ]);
    assert!(text.contains("Ваш ответ «да»"), "{text}");
    let text = ws.ok(&[
        "training",
        "check",
        "--scenario",
        CONSTRUCTION,
        "--interview",
        id,
        "--lang",
        "en",
    ]);
    assert!(text.contains("Your answer “yes”"), "{text}");
}

#[test]
fn an_unknown_scenario_is_one_error_line() {
    let ws = Workspace::empty();
    let out = ws.run(&["training", "show", "no_such_scenario"]);
    assert_fails(&out, 1, "scenario 'no_such_scenario'");
}

#[test]
fn training_refuses_a_real_vault() {
    let ws = Workspace::with_vault();
    let answers = key_answers(&ws, CONSTRUCTION, &[]);
    let file = write_json(&ws, "answers.json", &answers);
    let out = ws.run(&[
        "training",
        "run",
        "--scenario",
        CONSTRUCTION,
        "--answers",
        file.to_str().unwrap(),
    ]);
    assert_fails(&out, 1, "training runs only in a demo vault");
    assert_eq!(
        ws.json(&["records", "list"])["records"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}
