//! Private blocks and worker observations in the form format: a section that needs a
//! confirmation before its questions are shown, each question behind a permission
//! line, validated like the rest of the form.

use serde_json::{Value, json};

use super::answers::AnswerMap;
use super::definition::{Form, FormErrors, Problem};
use senim_records::{Answer, YesNo};

fn t(en: &str) -> Value {
    json!({"en": en, "ru": format!("ru: {en}")})
}

/// A form with an open section (`sector`, a worker observation `watched`) and a private
/// block `private` (`sexual_violence`, `status`).
fn form_json() -> Value {
    json!({
        "format": 1, "id": "private_test", "version": "1",
        "title": t("Private test"), "default_language": "en", "languages": ["en", "ru"],
        "consent": {"purpose": t("p"), "use_of_information": t("u"),
                    "right_to_refuse": t("r"), "right_to_stop": t("s")},
        "emergency": t("Call 112."),
        "indicators": [{"id": "CD.violence", "dimension": "CD", "strength": "strong",
                        "populations": ["adult_labour"], "explanation": t("violence")}],
        "sections": [
            {"id": "open", "title": t("Work"), "questions": [
                {"id": "sector", "type": "yes_no", "label": t("Do you work in construction?")},
                {"id": "watched", "type": "yes_no", "observation": true,
                 "label": t("Worker: do you see someone watching the person now?"),
                 "danger": {"answers": ["yes"]}}
            ]},
            {"id": "private", "title": t("Private"),
             "private": {"confirm": t("Is the person alone with you, where no one can hear?")},
             "questions": [
                {"id": "sexual_violence", "type": "yes_no",
                 "permission": t("The next question is personal. May I ask it?"),
                 "label": t("Has someone forced you into sex against your will?"),
                 "raises": [{"indicator": "CD.violence", "answers": ["yes"]}]},
                {"id": "status", "type": "yes_no",
                 "permission": t("May I ask about your papers?"),
                 "label": t("Were you promised a patent or registration that was never made?")}
            ]}
        ]
    })
}

fn load(v: &Value) -> Result<Form, FormErrors> {
    Form::from_json(&serde_json::to_vec(v).unwrap())
}

fn form() -> Form {
    load(&form_json()).unwrap()
}

fn visible_ids(form: &Form, answers: &AnswerMap) -> Vec<String> {
    form.visible(answers, true)
        .into_iter()
        .map(|i| form.questions[i].id.clone())
        .collect()
}

fn yes_no(v: YesNo) -> Answer {
    Answer::YesNo(v)
}

fn problems(change: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut v = form_json();
    change(&mut v);
    match load(&v) {
        Ok(_) => panic!("the changed form loaded"),
        Err(FormErrors(errors)) => errors.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn a_private_block_gains_a_worker_confirmation_first_in_its_section() {
    let f = form();
    let ids: Vec<&str> = f.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "sector",
            "watched",
            "private_confirmed",
            "sexual_violence",
            "status"
        ]
    );
    let confirm = f.question("private_confirmed").unwrap();
    assert!(confirm.observation && !confirm.required && confirm.permission.is_none());
    assert_eq!(f.sections[1].confirmation, Some(2));
    assert!(f.question("sexual_violence").unwrap().permission.is_some());
}

#[test]
fn no_question_of_a_private_block_is_shown_before_its_confirmation() {
    let f = form();
    let mut answers = AnswerMap::new();
    assert_eq!(
        visible_ids(&f, &answers),
        ["sector", "watched", "private_confirmed"]
    );
    for refused in [YesNo::No, YesNo::Unknown, YesNo::Declined] {
        answers.insert("private_confirmed".into(), yes_no(refused));
        assert_eq!(
            visible_ids(&f, &answers),
            ["sector", "watched", "private_confirmed"],
            "{refused:?}"
        );
    }
    answers.insert("private_confirmed".into(), yes_no(YesNo::Yes));
    assert_eq!(visible_ids(&f, &answers).len(), 5);
}

#[test]
fn an_answer_in_a_private_block_is_cleared_and_raises_nothing_once_privacy_is_withdrawn() {
    let f = form();
    let mut answers = AnswerMap::new();
    answers.insert("private_confirmed".into(), yes_no(YesNo::Yes));
    answers.insert("sexual_violence".into(), yes_no(YesNo::Yes));
    assert_eq!(f.raised(&answers).len(), 1);
    answers.insert("private_confirmed".into(), yes_no(YesNo::No));
    assert_eq!(f.clear_hidden(&mut answers, true), ["sexual_violence"]);
    assert!(f.raised(&answers).is_empty());
}

#[test]
fn a_question_of_a_private_block_without_a_permission_line_is_rejected() {
    let errors = problems(|v| {
        v["sections"][1]["questions"][1]
            .as_object_mut()
            .unwrap()
            .remove("permission");
    });
    assert_eq!(
        errors,
        [
            "question 'status': permission: a question of a private block needs a permission line, read before it"
        ]
    );
}

#[test]
fn a_worker_observation_with_a_permission_line_is_rejected() {
    let errors = problems(|v| {
        v["sections"][0]["questions"][1]["permission"] = t("May I?");
    });
    assert_eq!(
        errors,
        [
            "question 'watched': permission: a worker observation is never asked aloud, so it takes no permission line"
        ]
    );
}

#[test]
fn a_confirmation_missing_in_the_default_language_is_rejected() {
    let errors = problems(|v| {
        v["sections"][1]["private"]["confirm"] = json!({"ru": "Вы одни?"});
    });
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("section 'private': private.confirm"),
        "{errors:?}"
    );
}

#[test]
fn a_question_with_the_generated_confirmation_id_is_a_duplicate() {
    let mut v = form_json();
    v["sections"][0]["questions"][0]["id"] = json!("private_confirmed");
    let Err(FormErrors(errors)) = load(&v) else {
        panic!("the changed form loaded")
    };
    assert!(
        errors.iter().any(|e| matches!(
            &e.problem,
            Problem::Duplicate { what: "question", id } if id == "private_confirmed"
        )),
        "{errors:?}"
    );
}

#[test]
fn an_unknown_field_in_a_private_block_is_rejected() {
    let errors = problems(|v| {
        v["sections"][1]["private"]["confirm_twice"] = json!(true);
    });
    assert!(
        errors.iter().any(|e| e.contains("confirm_twice")),
        "{errors:?}"
    );
}
