//! End-to-end tests of screening on the `senim` binary: forms, interviews from an
//! answers file and on the terminal, re-scoring, services and referrals.

use crate::common;

use std::io::Write;
use std::path::PathBuf;
use std::process::Stdio;

use serde_json::{Value, json};

use common::*;

const FORM: &str = "central_asia_screening";

/// The bundled form as `forms show --json` prints it.
fn bundled_form(ws: &Workspace) -> Value {
    ws.json(&["forms", "show", FORM])
}

fn questions(form: &Value) -> Vec<Value> {
    form["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .flat_map(|s| s["questions"].as_array().expect("questions").clone())
        .collect()
}

/// Every yes/no question answered `yes_no`; required choice questions get their first
/// option; everything else is left out (skipped).
fn answers_all(form: &Value, yes_no: &str) -> Value {
    let mut answers = serde_json::Map::new();
    for q in questions(form) {
        let id = q["id"].as_str().unwrap().to_string();
        match q["type"].as_str().unwrap() {
            "yes_no" => {
                answers.insert(id, json!(yes_no));
            }
            "single_choice" | "multiple_choice" if q["required"] == true => {
                answers.insert(id, q["options"][0]["id"].clone());
            }
            _ => {}
        }
    }
    Value::Object(answers)
}

fn write_json(ws: &Workspace, name: &str, value: &Value) -> PathBuf {
    let path = ws.dir.path().join(name);
    std::fs::write(&path, value.to_string()).unwrap();
    path
}

fn run_file(ws: &Workspace, answers: &Value, consent: &str) -> Value {
    let file = write_json(ws, "answers.json", answers);
    ws.json(&[
        "interview",
        "run",
        "--form",
        FORM,
        "--lang",
        "en",
        "--anonymous",
        "--consent",
        consent,
        "--answers",
        file.to_str().unwrap(),
    ])
}

#[test]
fn forms_list_shows_the_bundled_form_in_six_languages_uzbek_in_two_scripts() {
    let ws = Workspace::empty();
    let list = ws.json(&["forms", "list"]);
    let version = |v: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == FORM && f["version"] == v)
            .expect("bundled form listed")
            .clone()
    };
    let (v1, v2) = (version("1.0.0"), version("2.0.0"));
    assert_eq!(v1["languages"], json!(["en", "ru", "kk", "uz", "ky", "tg"]));
    assert_eq!(
        v2["languages"],
        json!(["en", "ru", "kk", "uz", "uz-Cyrl", "ky", "tg"])
    );
    assert_eq!(v2["hash"].as_str().unwrap().len(), 64);
}

#[test]
fn forms_show_renders_the_form_in_the_chosen_language() {
    let ws = Workspace::empty();
    let en = ws.json(&["forms", "show", FORM]);
    let ru = ws.json(&["forms", "show", FORM, "--lang", "ru"]);
    let q_en = &questions(&en)[0]["label"];
    let q_ru = &questions(&ru)[0]["label"];
    assert_eq!(q_ru["language"], "ru");
    assert_ne!(q_en["text"], q_ru["text"]);
    let kk = ws.json(&["forms", "show", FORM, "--lang", "kk"]);
    assert_eq!(questions(&kk)[0]["label"]["needs_review"], true);
    // Uzbek in Cyrillic script, beside Latin.
    let cyrl = ws.json(&["forms", "show", FORM, "--lang", "uz-Cyrl"]);
    let label = &questions(&cyrl)[0]["label"];
    assert_eq!(label["language"], "uz-Cyrl");
    assert_eq!(label["needs_review"], true);
    let latin = ws.json(&["forms", "show", FORM, "--lang", "uz"]);
    assert_ne!(questions(&latin)[0]["label"]["text"], label["text"]);
}

#[test]
fn forms_validate_accepts_the_bundled_form() {
    let ws = Workspace::empty();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../core/content/forms/central-asia-screening.json");
    let out = ws.ok(&["forms", "validate", path.to_str().unwrap()]);
    assert!(out.contains("is valid"), "{out}");
}

#[test]
fn forms_validate_lists_every_problem_and_exits_1() {
    let ws = Workspace::empty();
    let t = json!({"en": "x"});
    let broken = json!({
        "format": 1, "id": "broken", "version": "1", "title": t,
        "default_language": "en", "languages": ["en"],
        "consent": {"purpose": t, "use_of_information": t, "right_to_refuse": t, "right_to_stop": t},
        "emergency": t,
        "indicators": [],
        "sections": [{"id": "s", "title": t, "questions": [
            {"id": "a", "type": "yes_no", "label": t, "show_if": "ghost == \"yes\""},
            {"id": "a", "type": "yes_no", "label": {"ru": "только по-русски"}},
            {"id": "b", "type": "yes_no", "label": t,
             "raises": [{"indicator": "DR.nothing", "answers": ["yes"]}]},
        ]}]
    });
    let path = write_json(&ws, "broken.json", &broken);
    let out = ws.run(&["forms", "validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    for expected in [
        "question 'a'",
        "'ghost'",
        "more than once",
        "question 'b'",
        "DR.nothing",
    ] {
        assert!(
            stdout.contains(expected),
            "{expected:?} missing in:\n{stdout}"
        );
    }
    assert!(stderr(&out).contains("problem(s)"));
}

#[test]
fn all_yes_on_the_bundled_form_gives_the_highest_level_and_all_no_gives_none() {
    let ws = Workspace::with_vault();
    let form = bundled_form(&ws);

    let yes = run_file(&ws, &answers_all(&form, "yes"), "screening");
    assert_eq!(yes["assessment"]["level"], "likely", "{yes:#}");
    assert_eq!(yes["assessment"]["urgent_safety"], true);
    assert_eq!(yes["status"], "completed");

    let no = run_file(&ws, &answers_all(&form, "no"), "screening");
    assert_eq!(no["assessment"]["level"], "none", "{no:#}");
    assert_eq!(no["assessment"]["urgent_safety"], false);
}

#[test]
fn a_stored_interview_is_scored_again_to_the_same_result() {
    let ws = Workspace::with_vault();
    let form = bundled_form(&ws);
    let run = run_file(&ws, &answers_all(&form, "yes"), "screening");
    let id = run["interview"].as_str().unwrap();

    let again = ws.json(&["assess", id]);
    assert_eq!(again, run["assessment"]);

    let shown = ws.json(&["records", "show", id]);
    let body = &shown["record"]["body"]["body"];
    assert_eq!(body["status"], "completed");
    assert_eq!(body["assessment"]["level"], "likely");
    assert_eq!(body["form_hash"], form["hash"]);
}

#[test]
fn answers_need_an_explicit_consent_with_the_screening_scope() {
    let ws = Workspace::with_vault();
    let form = bundled_form(&ws);
    let file = write_json(&ws, "a.json", &answers_all(&form, "no"));
    let base = [
        "interview",
        "run",
        "--form",
        FORM,
        "--lang",
        "en",
        "--anonymous",
        "--answers",
        file.to_str().unwrap(),
    ];
    let out = ws.run(&base);
    assert_fails(&out, 1, "--consent");

    let mut with_referral_only = base.to_vec();
    with_referral_only.extend(["--consent", "referral"]);
    let out = ws.run(&with_referral_only);
    assert_fails(&out, 1, "screening");

    let listed = ws.json(&["records", "list"]);
    assert_eq!(
        listed["records"],
        json!([]),
        "nothing stored without consent"
    );
}

#[test]
fn an_answers_file_naming_an_unknown_question_is_refused_before_anything_is_stored() {
    let ws = Workspace::with_vault();
    let out = ws.run(&[
        "interview",
        "run",
        "--form",
        FORM,
        "--lang",
        "en",
        "--anonymous",
        "--consent",
        "screening",
        "--answers",
        write_json(&ws, "a.json", &json!({"no_such_question": "yes"}))
            .to_str()
            .unwrap(),
    ]);
    assert_fails(&out, 1, "no_such_question");
    assert_eq!(ws.json(&["records", "list"])["records"], json!([]));
}

/// Runs `interview run` on the terminal with `input` on standard input.
fn run_terminal(ws: &Workspace, input: &str) -> (String, String) {
    let mut cmd = ws.command(
        &[
            "interview",
            "run",
            "--form",
            FORM,
            "--lang",
            "ru",
            "--anonymous",
        ],
        Some(PASSCODE),
    );
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_terminal_interview_paused_midway_resumes_from_a_file_where_it_stopped() {
    let ws = Workspace::with_vault();
    let form = bundled_form(&ws);
    let qs = questions(&form);
    let first = &qs[0];
    // Consent (screening yes, referral yes, sharing no), the first question answered,
    // a look back, then a pause.
    let first_answer = match first["type"].as_str().unwrap() {
        "yes_no" => "n".to_string(),
        "single_choice" | "multiple_choice" => "1".to_string(),
        _ => ":skip".to_string(),
    };
    let (stdout, stderr) = run_terminal(&ws, &format!("y\ny\nn\n{first_answer}\n:back\n:pause\n"));
    assert!(stdout.contains("[1/"), "{stdout}");
    // Section titles are the worker's, never shown beside a question the person answers.
    let first_section = form["sections"][0]["title"]["text"].as_str().unwrap();
    assert!(!stdout.contains(first_section), "{stdout}");
    let id = stderr
        .split_whitespace()
        .find(|w| w.len() == 32 && w.chars().all(|c| c.is_ascii_hexdigit()))
        .unwrap_or_else(|| panic!("interview id in: {stderr}"))
        .to_string();
    let shown = ws.json(&["records", "show", &id]);
    assert_eq!(shown["record"]["body"]["body"]["status"], "in_progress");
    assert_eq!(shown["record"]["body"]["body"]["language"], "ru");

    let rest = write_json(&ws, "rest.json", &answers_all(&form, "no"));
    let done = ws.json(&[
        "interview",
        "resume",
        &id,
        "--answers",
        rest.to_str().unwrap(),
    ]);
    assert_eq!(done["status"], "completed");
    assert_eq!(done["assessment"]["level"], "none");
}

#[test]
fn the_terminal_shows_emergency_steps_at_once_after_a_danger_answer() {
    let ws = Workspace::with_vault();
    let form = bundled_form(&ws);
    // Answer every question "yes" (or the first option) until the input runs out.
    let mut input = String::from("y\nn\nn\n");
    for q in questions(&form) {
        input.push_str(match q["type"].as_str().unwrap() {
            "yes_no" => "y\n",
            "single_choice" | "multiple_choice" => "1\n",
            _ => ":skip\n",
        });
    }
    let (stdout, _) = run_terminal(&ws, &input);
    assert!(stdout.contains("IMMEDIATE DANGER"), "{stdout}");
}

#[test]
fn services_are_recommended_for_a_scored_interview_and_referral_needs_consent() {
    let ws = Workspace::with_vault();
    let form = bundled_form(&ws);
    let without = run_file(&ws, &answers_all(&form, "yes"), "screening");
    let id = without["interview"].as_str().unwrap();

    let recs = ws.json(&["services", "recommend", "--interview", id]);
    let recs = recs.as_array().expect("a list");
    assert!(!recs.is_empty());
    let text = serde_json::to_string(recs).unwrap();
    assert!(
        text.contains("111"),
        "the confirmed 111 line is recommended"
    );

    let services = ws.json(&["services", "list"]);
    let service = services["services"][0]["id"].as_str().unwrap().to_string();
    let out = ws.run(&[
        "services",
        "refer",
        "--interview",
        id,
        "--service",
        &service,
    ]);
    assert_fails(&out, 1, "--person-agreed");
    let agreed = ws.json(&[
        "services",
        "refer",
        "--interview",
        id,
        "--service",
        &service,
        "--person-agreed",
    ]);
    assert!(agreed["referral"].is_string());

    let with = run_file(&ws, &answers_all(&form, "yes"), "screening,referral");
    let id = with["interview"].as_str().unwrap();
    let referral = ws.json(&[
        "services",
        "refer",
        "--interview",
        id,
        "--service",
        &service,
        "--reason",
        "needs shelter tonight",
    ]);
    let rid = referral["referral"].as_str().unwrap();
    let shown = ws.json(&["records", "show", rid]);
    assert_eq!(shown["record"]["kind"], "referral");
    assert_eq!(shown["record"]["body"]["body"]["service"], service);
}

#[test]
fn an_answers_file_run_prints_the_emergency_steps_with_the_result() {
    let ws = Workspace::with_vault();
    let form = bundled_form(&ws);
    let file = write_json(&ws, "a.json", &answers_all(&form, "yes"));
    let out = ws.ok(&[
        "interview",
        "run",
        "--form",
        FORM,
        "--lang",
        "en",
        "--anonymous",
        "--consent",
        "screening",
        "--answers",
        file.to_str().unwrap(),
    ]);
    assert!(out.contains("IMMEDIATE DANGER"), "{out}");
    assert!(
        out.contains("111"),
        "the emergency steps name the 111 line: {out}"
    );
    assert_eq!(
        out.matches("never a finding that someone is a victim")
            .count(),
        1,
        "the disclaimer is printed once: {out}"
    );
}

#[test]
fn the_consent_script_is_read_on_the_terminal_even_when_scopes_are_given() {
    let ws = Workspace::with_vault();
    let mut cmd = ws.command(
        &[
            "interview",
            "run",
            "--form",
            FORM,
            "--lang",
            "en",
            "--anonymous",
            "--consent",
            "screening",
        ],
        Some(PASSCODE),
    );
    let out = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(b"n\n")?;
            child.wait_with_output()
        })
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("Does the person agree to: screening?"),
        "{stdout}"
    );
    assert!(
        stdout.contains("No consent: nothing was stored."),
        "{stdout}"
    );
    assert_eq!(ws.json(&["records", "list"])["records"], json!([]));
}

#[test]
fn an_organisations_directory_from_the_content_directory_is_used_by_default() {
    let ws = Workspace::empty();
    let bundled: Value = serde_json::from_str(
        &std::fs::read_to_string(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../core/content/services/kz.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut own = bundled.clone();
    own["id"] = json!("almaty_org");
    let content = ws.dir.path().join("content");
    std::fs::create_dir_all(content.join("services")).unwrap();
    std::fs::write(content.join("services/org.json"), own.to_string()).unwrap();
    let c = content.to_str().unwrap();

    let listed = ws.json(&["--content", c, "services", "list"]);
    assert_eq!(listed["id"], "almaty_org");
    // Each number with its source and check day; the directory's notes.
    let emergency = listed["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "emergency")
        .unwrap();
    assert_eq!(emergency["contact"], "112");
    assert_eq!(emergency["contact_checked"], "2026-12-06");
    assert!(
        emergency["contact_source"]
            .as_str()
            .unwrap()
            .contains("egov.kz")
    );
    assert_eq!(listed["notes"][0]["id"], "referral_rules_2024");
    let text = ws.ok(&["--content", c, "services", "list", "--lang", "ru"]);
    assert!(text.contains("не зависят от гражданства"), "{text}");
    let bundled_listed = ws.json(&["--content", c, "services", "--directory", "kz", "list"]);
    assert_eq!(bundled_listed["id"], "kz");
}

#[test]
fn a_terminal_quick_exit_clears_the_interview_away_and_keeps_what_was_answered() {
    let ws = Workspace::with_vault();
    let form = bundled_form(&ws);
    let first = &questions(&form)[0];
    let first_answer = match first["type"].as_str().unwrap() {
        "yes_no" => "n",
        "single_choice" | "multiple_choice" => "1",
        _ => "d",
    };
    // Consent, the first question answered, then the quick exit; the line after it
    // must never be read as an answer.
    let (stdout, stderr) = run_terminal(&ws, &format!("y\ny\nn\n{first_answer}\n:exit\nn\n"));
    let after_exit = stdout.rsplit("> ").next().unwrap_or_default();
    assert!(
        after_exit.trim().is_empty(),
        "nothing after the exit: {after_exit:?}"
    );
    assert!(
        !stdout.contains("level") && !stdout.contains("Interview "),
        "{stdout}"
    );
    assert!(!stderr.contains("resume"), "{stderr}");

    let page = ws.json(&["records", "list", "--kind", "interview"]);
    let records = page["records"].as_array().unwrap();
    assert_eq!(records.len(), 1);
    let interview = &records[0]["body"]["body"];
    assert_eq!(interview["status"], "abandoned");
    let answers = interview["answers"].as_object().unwrap();
    assert_eq!(answers.len(), 1, "{answers:?}");
    assert!(answers.contains_key(first["id"].as_str().unwrap()));
}
