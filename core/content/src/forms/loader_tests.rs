//! Specification of the form loader (`Form::from_json`: every problem it reports, the
//! content hash, robustness against any input), of answers under a form (`answers.rs`),
//! and of the published JSON Schema (`docs/schema/form.schema.json`) against the serde
//! types.

use std::collections::BTreeSet;

use proptest::prelude::*;
use serde_json::{Value, json};

use super::AnswerProblem;
use super::answers::AnswerMap;
use super::definition::{
    FORM_FORMAT, Form, FormError, FormErrors, FormSource, MAX_FORM_BYTES, Place, Problem,
    QuestionType, Strength, Text, Translation, content_hash,
};
use super::expr::ExprError;
use crate::Error;
use senim_records::{Answer, YesNo};

// ---------------------------------------------------------------------------------------
// Helpers.

/// A small valid form: three languages (kk falls back to ru, then en), one indicator,
/// one section with a yes/no, a single choice and an integer question.
fn minimal() -> Value {
    json!({
        "format": 1,
        "id": "minimal",
        "version": "1.0.0",
        "title": {"en": "Screening", "ru": "Скрининг"},
        "default_language": "en",
        "languages": ["en", "ru", "kk"],
        "fallback": {"kk": ["ru"]},
        "consent": {
            "purpose": {"en": "We ask about your work to see if you need help."},
            "use_of_information": {"en": "Your answers stay with our team."},
            "right_to_refuse": {"en": "You may refuse any question."},
            "right_to_stop": {"en": "You may stop at any time."}
        },
        "emergency": {"en": "Call 111 now."},
        "indicators": [{
            "id": "CD-S1",
            "dimension": "CD",
            "strength": "strong",
            "populations": ["adult_labour"],
            "explanation": {"en": "Identity documents are held by someone else."}
        }],
        "sections": [{
            "id": "work",
            "title": {"en": "Work"},
            "questions": [
                {
                    "id": "papers_held",
                    "type": "yes_no",
                    "label": {"en": "Does someone else keep your passport?"},
                    "raises": [{"indicator": "CD-S1", "answers": ["yes"]}]
                },
                {
                    "id": "job",
                    "type": "single_choice",
                    "label": {"en": "What work do you do?"},
                    "options": [
                        {"id": "construction", "label": {"en": "Construction"}},
                        {"id": "market", "label": {"en": "Market"}}
                    ]
                },
                {
                    "id": "age",
                    "type": "integer",
                    "label": {"en": "How old are you?"},
                    "validation": {"min": 14, "max": 99}
                }
            ]
        }]
    })
}

fn bytes(form: &Value) -> Vec<u8> {
    serde_json::to_vec(form).expect("a JSON value serializes")
}

fn load(form: &Value) -> Result<Form, FormErrors> {
    Form::from_json(&bytes(form))
}

/// The minimal form after `change`.
fn changed(change: impl FnOnce(&mut Value)) -> Value {
    let mut form = minimal();
    change(&mut form);
    form
}

/// Every problem in the minimal form after `change`; the form must not load.
fn problems(change: impl FnOnce(&mut Value)) -> Vec<FormError> {
    match load(&changed(change)) {
        Ok(_) => panic!("the changed form loaded"),
        Err(FormErrors(errors)) => {
            assert!(!errors.is_empty(), "an error list is never empty");
            for e in &errors {
                assert_names(e, &e.place.to_string());
            }
            errors
        }
    }
}

/// The only problem in the minimal form after `change`.
fn problem(change: impl FnOnce(&mut Value)) -> FormError {
    let mut errors = problems(change);
    assert_eq!(errors.len(), 1, "expected one problem, got {errors:#?}");
    errors.remove(0)
}

/// Question `index` of the minimal form's section (`papers_held`, `job`, `age`).
fn question(form: &mut Value, index: usize) -> &mut Value {
    &mut form["sections"][0]["questions"][index]
}

fn push_question(form: &mut Value, q: Value) {
    form["sections"][0]["questions"]
        .as_array_mut()
        .expect("questions is an array")
        .push(q);
}

fn yes_no(id: &str) -> Value {
    json!({"id": id, "type": "yes_no", "label": {"en": "A question"}})
}

fn q(id: &str) -> Place {
    Place::Question(id.into())
}

/// The error's Display starts with the place, in the words an author reads.
fn assert_names(e: &FormError, place: &str) {
    let shown = e.to_string();
    assert!(
        shown.starts_with(&format!("{place}: ")),
        "'{shown}' does not start with '{place}: '"
    );
}

// ---------------------------------------------------------------------------------------
// A valid form and its hash.

#[test]
fn a_minimal_valid_form_loads() {
    let form = load(&minimal()).expect("the minimal form is valid");
    assert_eq!(form.id, "minimal");
    assert_eq!(form.version, "1.0.0");
    assert_eq!(form.sections.len(), 1);
    let ids: Vec<&str> = form.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["papers_held", "job", "age"]);
    assert_eq!(form.position("job"), Some(1));
    assert_eq!(
        form.question("age").map(|q| q.kind),
        Some(QuestionType::Integer)
    );
    assert!(form.indicators.contains_key("CD-S1"));
    assert_eq!(form.indicators["CD-S1"].strength, Strength::Strong);
}

#[test]
fn every_language_gets_a_chain_ending_in_the_default_language() {
    let form = load(&minimal()).unwrap();
    assert_eq!(form.chains["kk"], ["kk", "ru", "en"]);
    assert_eq!(form.chains["ru"], ["ru", "en"]);
    assert_eq!(form.chains["en"], ["en"]);
    assert!(form.supports("kk") && !form.supports("de"));
}

#[test]
fn the_hash_is_lower_case_hex_sha256() {
    let form = load(&minimal()).unwrap();
    assert_eq!(form.hash.len(), 64);
    assert!(
        form.hash
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    );
    assert_eq!(form.hash, content_hash(&minimal()));
}

#[test]
fn the_hash_is_sha256_of_json_with_sorted_keys_and_no_whitespace() {
    let value = json!({"b": 1, "a": [true, null, "x y"], "c": {"z": {}, "y": -2.5}});
    let canonical = r#"{"a":[true,null,"x y"],"b":1,"c":{"y":-2.5,"z":{}}}"#;
    assert_eq!(
        content_hash(&value),
        senim_crypto::sha256_hex(canonical.as_bytes())
    );
}

/// Writes `value` as JSON with object keys in reverse order and generous whitespace.
fn reversed_and_spaced(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            out.push_str("{\n");
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            keys.reverse();
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push_str(" ,\n\t");
                }
                out.push_str(&serde_json::to_string(k).unwrap());
                out.push_str(" :  ");
                reversed_and_spaced(&map[k], out);
            }
            out.push_str("\r\n}");
        }
        Value::Array(items) => {
            out.push_str("[ ");
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(",  ");
                }
                reversed_and_spaced(v, out);
            }
            out.push_str(" ]");
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[test]
fn the_hash_is_the_same_for_the_same_content_in_any_formatting_and_key_order() {
    let compact = load(&minimal()).unwrap();
    let mut text = String::new();
    reversed_and_spaced(&minimal(), &mut text);
    assert_ne!(text.as_bytes(), bytes(&minimal()).as_slice());
    let reformatted = Form::from_json(text.as_bytes()).expect("same form, other formatting");
    let pretty = Form::from_json(&serde_json::to_vec_pretty(&minimal()).unwrap()).unwrap();
    assert_eq!(reformatted.hash, compact.hash);
    assert_eq!(pretty.hash, compact.hash);
}

#[test]
fn the_hash_changes_when_the_content_changes() {
    let original = load(&minimal()).unwrap().hash;
    let changes: [fn(&mut Value); 4] = [
        |f| f["version"] = json!("1.0.1"),
        |f| f["emergency"]["en"] = json!("Call 112 now."),
        |f| question(f, 0)["required"] = json!(true),
        |f| f["indicators"][0]["strength"] = json!("medium"),
    ];
    for change in changes {
        let hash = load(&changed(change)).unwrap().hash;
        assert_ne!(hash, original);
    }
}

// ---------------------------------------------------------------------------------------
// Syntax, size and format.

#[test]
fn bytes_that_are_not_json_are_a_syntax_error_with_line_and_column() {
    let errors = Form::from_json(b"{\n  \"format\": 1,\n  \"id\": ]\n}").unwrap_err();
    let [e] = errors.0.as_slice() else {
        panic!("one error expected: {errors:?}");
    };
    assert_eq!(e.place, Place::Form);
    let Problem::Syntax { line, column, .. } = &e.problem else {
        panic!("expected a syntax error, got {e:?}");
    };
    assert_eq!((*line, *column), (3, 9));
    assert_names(e, "form");
    assert!(e.to_string().contains("line 3, column 9"));
}

#[test]
fn a_missing_field_is_a_syntax_error_naming_the_field_and_its_position() {
    let e = problem(|f| {
        f.as_object_mut().unwrap().remove("id");
    });
    assert_eq!(e.place, Place::Form);
    let Problem::Syntax {
        line,
        column,
        message,
    } = &e.problem
    else {
        panic!("expected a syntax error, got {e:?}");
    };
    assert_eq!(message, "missing field `id`");
    assert!(*line >= 1 && *column >= 1, "the position is in the input");
    assert_names(&e, "form");
}

#[test]
fn an_unknown_field_is_a_syntax_error_naming_the_field() {
    let e = problem(|f| question(f, 0)["colour"] = json!("red"));
    assert_eq!(e.place, Place::Form);
    assert!(
        matches!(&e.problem, Problem::Syntax { message, .. } if message.starts_with("unknown field `colour`")),
        "{e:?}"
    );
}

#[test]
fn a_misspelt_field_in_a_marked_translation_is_a_syntax_error() {
    // Otherwise a draft would silently lose its needs_review marking.
    let e = problem(|f| {
        question(f, 0)["label"]["ru"] = json!({"text": "Паспорт?", "needs_reveiw": true});
    });
    assert!(matches!(e.problem, Problem::Syntax { .. }), "{e:?}");
}

#[test]
fn an_unknown_field_in_a_raise_is_a_syntax_error() {
    let e = problem(|f| question(f, 0)["raises"][0]["answer"] = json!(["yes"]));
    assert!(
        matches!(&e.problem, Problem::Syntax { message, .. } if message.contains("answer")),
        "{e:?}"
    );
}

#[test]
fn a_key_given_twice_is_a_syntax_error() {
    // Otherwise the shape read and the content hashed could disagree on which counts.
    let mut twice = b"{\"id\": \"other\", ".to_vec();
    twice.extend_from_slice(&bytes(&minimal())[1..]);
    let errors = Form::from_json(&twice).unwrap_err();
    let [e] = errors.0.as_slice() else {
        panic!("one error expected: {errors:?}");
    };
    assert_eq!(e.place, Place::Form);
    assert!(
        matches!(&e.problem, Problem::Syntax { message, .. } if message == "duplicate field `id`"),
        "{e:?}"
    );
}

#[test]
fn a_value_of_the_wrong_type_is_a_syntax_error() {
    let e = problem(|f| question(f, 0)["type"] = json!("slider"));
    assert_eq!(e.place, Place::Form);
    assert!(
        matches!(&e.problem, Problem::Syntax { message, .. } if message.contains("slider")),
        "{e:?}"
    );
}

#[test]
fn json_nested_ten_thousand_deep_is_a_syntax_error() {
    let depth = 10_000;
    let deep = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let e = &Form::from_json(deep.as_bytes()).unwrap_err().0[0];
    assert_eq!(e.place, Place::Form);
    assert!(
        matches!(&e.problem, Problem::Syntax { message, .. } if message.contains("recursion limit")),
        "{e:?}"
    );

    let inside = format!(
        "{{\"format\": 1, \"id\": {}{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let e = &Form::from_json(inside.as_bytes()).unwrap_err().0[0];
    assert!(matches!(e.problem, Problem::Syntax { .. }), "{e:?}");
}

#[test]
fn a_form_over_the_size_limit_is_too_large() {
    let mut big = bytes(&minimal());
    big.resize(MAX_FORM_BYTES + 1, b' ');
    let errors = Form::from_json(&big).unwrap_err();
    assert_eq!(
        errors.0,
        [FormError {
            place: Place::Form,
            problem: Problem::TooLarge {
                len: MAX_FORM_BYTES + 1
            },
        }]
    );
    assert_names(&errors.0[0], "form");
}

#[test]
fn a_form_at_the_size_limit_is_read() {
    let mut big = bytes(&minimal());
    big.resize(MAX_FORM_BYTES, b' ');
    assert!(Form::from_json(&big).is_ok());
}

#[test]
fn another_format_version_is_unsupported_whatever_the_rest_looks_like() {
    let errors = Form::from_json(br#"{"format": 2, "questions": "a later shape"}"#).unwrap_err();
    assert_eq!(
        errors.0,
        [FormError {
            place: Place::Form,
            problem: Problem::UnsupportedFormat { found: 2 },
        }]
    );
    assert_eq!(
        errors.0[0].to_string(),
        format!("form: form format 2 is not supported (this build reads {FORM_FORMAT})")
    );
}

// ---------------------------------------------------------------------------------------
// Ids.

#[test]
fn a_question_id_with_capitals_is_an_invalid_id() {
    let e = problem(|f| question(f, 2)["id"] = json!("Age"));
    assert_eq!(e.place, q("Age"));
    assert_eq!(
        e.problem,
        Problem::InvalidId {
            what: "question",
            reason: "use lower-case letters, digits and '_', starting with a letter",
        }
    );
    assert_names(&e, "question 'Age'");
}

#[test]
fn a_keyword_of_the_expression_language_is_an_invalid_question_id() {
    let e = problem(|f| question(f, 2)["id"] = json!("not"));
    assert_eq!(e.place, q("not"));
    assert!(matches!(
        e.problem,
        Problem::InvalidId {
            what: "question",
            reason: "is a keyword of the expression language"
        }
    ));
}

#[test]
fn an_id_longer_than_64_characters_is_invalid() {
    let long = "s".repeat(65);
    let e = problem(|f| f["sections"][0]["id"] = json!(long));
    assert_eq!(e.place, Place::Section(long.clone()));
    assert!(matches!(
        e.problem,
        Problem::InvalidId {
            what: "section",
            reason: "longer than 64 characters"
        }
    ));
}

#[test]
fn an_empty_form_id_is_invalid() {
    let e = problem(|f| f["id"] = json!(""));
    assert_eq!(e.place, Place::Form);
    assert!(matches!(
        e.problem,
        Problem::InvalidId {
            what: "form",
            reason: "must not be empty"
        }
    ));
    assert_names(&e, "form");
}

#[test]
fn an_option_id_with_a_dash_is_invalid() {
    let e = problem(|f| question(f, 1)["options"][1]["id"] = json!("street-market"));
    assert_eq!(
        e.place,
        Place::Option {
            question: "job".into(),
            option: "street-market".into()
        }
    );
    assert!(matches!(
        e.problem,
        Problem::InvalidId { what: "option", .. }
    ));
    assert_names(&e, "option 'street-market' of question 'job'");
}

#[test]
fn an_indicator_id_may_use_dashes_and_dots_but_not_spaces() {
    assert!(
        load(&changed(|f| {
            f["indicators"][0]["id"] = json!("CD-S1.a");
            question(f, 0)["raises"][0]["indicator"] = json!("CD-S1.a");
        }))
        .is_ok()
    );
    let e = problem(|f| {
        f["indicators"][0]["id"] = json!("CD S1");
        question(f, 0)["raises"][0]["indicator"] = json!("CD S1");
    });
    assert_eq!(e.place, Place::Indicator("CD S1".into()));
    assert!(matches!(
        e.problem,
        Problem::InvalidId {
            what: "indicator",
            ..
        }
    ));
    assert_names(&e, "indicator 'CD S1'");
}

// ---------------------------------------------------------------------------------------
// Duplicates.

#[test]
fn a_duplicate_question_id_is_rejected_naming_the_question() {
    let e = problem(|f| push_question(f, yes_no("age")));
    assert_eq!(e.place, q("age"));
    assert_eq!(
        e.problem,
        Problem::Duplicate {
            what: "question",
            id: "age".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "question 'age': question 'age' is defined more than once"
    );
}

#[test]
fn a_question_id_used_in_two_sections_is_a_duplicate() {
    let e = problem(|f| {
        f["sections"].as_array_mut().unwrap().push(json!({
            "id": "more",
            "title": {"en": "More"},
            "questions": [yes_no("papers_held")]
        }));
    });
    assert_eq!(e.place, q("papers_held"));
    assert!(matches!(
        e.problem,
        Problem::Duplicate {
            what: "question",
            ..
        }
    ));
}

#[test]
fn a_duplicate_section_id_is_rejected_naming_the_section() {
    let e = problem(|f| {
        f["sections"].as_array_mut().unwrap().push(json!({
            "id": "work",
            "title": {"en": "Work again"},
            "questions": [yes_no("other")]
        }));
    });
    assert_eq!(e.place, Place::Section("work".into()));
    assert_eq!(
        e.problem,
        Problem::Duplicate {
            what: "section",
            id: "work".into()
        }
    );
    assert_names(&e, "section 'work'");
}

#[test]
fn a_duplicate_option_id_is_rejected_naming_the_option() {
    let e = problem(|f| {
        question(f, 1)["options"]
            .as_array_mut()
            .unwrap()
            .push(json!({"id": "market", "label": {"en": "Bazaar"}}));
    });
    assert_eq!(
        e.place,
        Place::Option {
            question: "job".into(),
            option: "market".into()
        }
    );
    assert_eq!(
        e.problem,
        Problem::Duplicate {
            what: "option",
            id: "market".into()
        }
    );
    assert_names(&e, "option 'market' of question 'job'");
}

#[test]
fn a_duplicate_indicator_id_is_rejected_naming_the_indicator() {
    let e = problem(|f| {
        let again = f["indicators"][0].clone();
        f["indicators"].as_array_mut().unwrap().push(again);
    });
    assert_eq!(e.place, Place::Indicator("CD-S1".into()));
    assert_eq!(
        e.problem,
        Problem::Duplicate {
            what: "indicator",
            id: "CD-S1".into()
        }
    );
    assert_names(&e, "indicator 'CD-S1'");
}

#[test]
fn a_duplicate_language_is_rejected() {
    let e = problem(|f| f["languages"] = json!(["en", "ru", "kk", "ru"]));
    assert_eq!(e.place, Place::Form);
    assert_eq!(
        e.problem,
        Problem::Duplicate {
            what: "language",
            id: "ru".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "form: language 'ru' is defined more than once"
    );
}

// ---------------------------------------------------------------------------------------
// Translations.

#[test]
fn a_text_without_the_default_language_is_rejected_naming_the_field() {
    let e = problem(|f| question(f, 2)["label"] = json!({"ru": "Сколько вам лет?"}));
    assert_eq!(e.place, q("age"));
    assert_eq!(
        e.problem,
        Problem::MissingDefaultLanguage {
            field: "label".into(),
            language: "en".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "question 'age': label has no text in the default language 'en'"
    );
}

#[test]
fn a_consent_text_without_the_default_language_names_the_consent_field() {
    let e = problem(|f| f["consent"]["right_to_stop"] = json!({}));
    assert_eq!(e.place, Place::Form);
    assert!(matches!(
        &e.problem,
        Problem::MissingDefaultLanguage { field, .. } if field == "consent.right_to_stop"
    ));
}

#[test]
fn a_text_in_a_language_the_form_does_not_list_is_rejected() {
    let e = problem(|f| question(f, 1)["options"][0]["label"]["de"] = json!("Bau"));
    assert_eq!(
        e.place,
        Place::Option {
            question: "job".into(),
            option: "construction".into()
        }
    );
    assert_eq!(
        e.problem,
        Problem::UnknownLanguage {
            field: "label".into(),
            language: "de".into()
        }
    );
    assert_names(&e, "option 'construction' of question 'job'");
}

#[test]
fn a_fallback_to_a_language_the_form_does_not_list_is_rejected() {
    let e = problem(|f| f["fallback"] = json!({"kk": ["uz", "ru"]}));
    assert_eq!(e.place, Place::Form);
    assert_eq!(
        e.problem,
        Problem::UnknownLanguage {
            field: "fallback".into(),
            language: "uz".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "form: fallback has text in 'uz', which is not one of the form's languages"
    );
}

#[test]
fn a_fallback_for_a_language_the_form_does_not_list_is_rejected() {
    let e = problem(|f| f["fallback"] = json!({"tg": ["ru"]}));
    assert!(matches!(
        &e.problem,
        Problem::UnknownLanguage { field, language } if field == "fallback" && language == "tg"
    ));
}

#[test]
fn a_blank_text_is_rejected_naming_field_and_language() {
    let e =
        problem(|f| f["sections"][0]["title"]["ru"] = json!({"text": "  ", "needs_review": true}));
    assert_eq!(e.place, Place::Section("work".into()));
    assert_eq!(
        e.problem,
        Problem::EmptyText {
            field: "title".into(),
            language: "ru".into()
        }
    );
    assert_eq!(e.to_string(), "section 'work': title is empty in 'ru'");
}

#[test]
fn a_marked_translation_is_read_with_its_review_flag() {
    let form = load(&changed(|f| {
        question(f, 0)["label"]["ru"] = json!({"text": "Паспорт у вас?", "needs_review": true});
        question(f, 0)["label"]["kk"] = json!({"text": "Паспорт?"});
    }))
    .unwrap();
    let label = &form.questions[0].label.0;
    assert!(label["ru"].needs_review());
    assert!(
        !label["kk"].needs_review(),
        "needs_review defaults to false"
    );
    assert!(!label["en"].needs_review());
}

// ---------------------------------------------------------------------------------------
// Invalid values.

fn assert_invalid(e: &FormError, place: Place, field: &str, reason: &str) {
    assert_eq!(e.place, place);
    assert_eq!(
        e.problem,
        Problem::Invalid {
            field: field.into(),
            reason: reason.into()
        }
    );
}

#[test]
fn a_default_language_the_form_does_not_list_is_invalid() {
    let errors = problems(|f| f["default_language"] = json!("uz"));
    // Every text then also lacks the default language; the first problem says why.
    assert_invalid(
        &errors[0],
        Place::Form,
        "default_language",
        "must be one of the form's languages",
    );
    assert_eq!(
        errors[0].to_string(),
        "form: default_language: must be one of the form's languages"
    );
}

#[test]
fn a_language_code_that_is_not_iso_639_is_invalid() {
    let e = problem(|f| f["languages"] = json!(["en", "ru", "kk", "Russian"]));
    assert_invalid(
        &e,
        Place::Form,
        "languages",
        "codes are 2 or 3 lower-case letters (ISO 639), optionally with a script (uz-Cyrl)",
    );
    // A script must be four letters in title case.
    for bad in [
        "uz-cyrl",
        "uz-CYRL",
        "uz-Cyr",
        "uz-",
        "UZ-Cyrl",
        "uz-Cyrl-UZ",
    ] {
        let e = problem(|f| f["languages"] = json!(["en", "ru", "kk", bad]));
        assert_invalid(
            &e,
            Place::Form,
            "languages",
            "codes are 2 or 3 lower-case letters (ISO 639), optionally with a script (uz-Cyrl)",
        );
    }
}

#[test]
fn a_blank_version_is_invalid() {
    let e = problem(|f| f["version"] = json!(" "));
    assert_invalid(&e, Place::Form, "version", "must be 1 to 40 characters");
}

#[test]
fn a_choice_question_with_one_option_is_invalid() {
    let e = problem(|f| {
        question(f, 1)["options"].as_array_mut().unwrap().pop();
    });
    assert_invalid(
        &e,
        q("job"),
        "options",
        "a choice question needs at least two options",
    );
    assert_eq!(
        e.to_string(),
        "question 'job': options: a choice question needs at least two options"
    );
}

#[test]
fn options_on_a_yes_no_question_are_invalid() {
    let e = problem(|f| {
        question(f, 0)["options"] = json!([
            {"id": "yes", "label": {"en": "Yes"}},
            {"id": "no", "label": {"en": "No"}}
        ]);
    });
    assert_invalid(
        &e,
        q("papers_held"),
        "options",
        "yes_no questions have no options",
    );
}

#[test]
fn validation_of_the_wrong_type_is_invalid() {
    let e = problem(|f| question(f, 2)["validation"] = json!({"max_length": 3}));
    assert_invalid(
        &e,
        q("age"),
        "validation",
        "integer questions accept only min and max",
    );
    let e = problem(|f| question(f, 0)["validation"] = json!({"min": 1}));
    assert_invalid(
        &e,
        q("papers_held"),
        "validation",
        "yes_no questions accept no validation",
    );
}

#[test]
fn min_greater_than_max_is_invalid() {
    let e = problem(|f| question(f, 2)["validation"] = json!({"min": 50, "max": 18}));
    assert_invalid(&e, q("age"), "validation", "min is greater than max");
    assert_names(&e, "question 'age'");
}

#[test]
fn min_length_greater_than_max_length_and_earliest_after_latest_are_invalid() {
    let e = problem(|f| {
        push_question(
            f,
            json!({"id": "name", "type": "text", "label": {"en": "Name"},
                   "validation": {"min_length": 5, "max_length": 2}}),
        );
    });
    assert_invalid(
        &e,
        q("name"),
        "validation",
        "min_length is greater than max_length",
    );
    let e = problem(|f| {
        push_question(
            f,
            json!({"id": "arrived", "type": "date", "label": {"en": "Arrived"},
                   "validation": {"earliest": "2024-01-02", "latest": "2024-01-01"}}),
        );
    });
    assert_invalid(&e, q("arrived"), "validation", "earliest is after latest");
}

#[test]
fn a_trigger_with_both_answers_and_if_is_invalid() {
    let e = problem(|f| question(f, 0)["raises"][0]["if"] = json!("answered(job)"));
    assert_invalid(
        &e,
        q("papers_held"),
        "raises[0]",
        "give either 'answers' or 'if', not both or neither",
    );
    assert_eq!(
        e.to_string(),
        "question 'papers_held': raises[0]: give either 'answers' or 'if', not both or neither"
    );
}

#[test]
fn a_trigger_with_neither_answers_nor_if_is_invalid() {
    let e = problem(|f| question(f, 0)["danger"] = json!({}));
    assert_invalid(
        &e,
        q("papers_held"),
        "danger",
        "give either 'answers' or 'if', not both or neither",
    );
    let e = problem(|f| question(f, 0)["raises"][0]["answers"] = json!([]));
    assert_invalid(
        &e,
        q("papers_held"),
        "raises[0]",
        "give either 'answers' or 'if', not both or neither",
    );
}

#[test]
fn an_option_named_declined_is_reserved() {
    let e = problem(|f| question(f, 1)["options"][1]["id"] = json!("declined"));
    assert_invalid(
        &e,
        Place::Option {
            question: "job".into(),
            option: "declined".into(),
        },
        "id",
        "'declined' is reserved: every question can be declined",
    );
}

#[test]
fn an_indicator_without_populations_is_invalid() {
    let e = problem(|f| f["indicators"][0]["populations"] = json!([]));
    assert_invalid(
        &e,
        Place::Indicator("CD-S1".into()),
        "populations",
        "at least one population is required",
    );
    assert_eq!(
        e.to_string(),
        "indicator 'CD-S1': populations: at least one population is required"
    );
}

#[test]
fn an_indicator_with_a_bad_dimension_or_forced_labour_id_is_invalid() {
    let e = problem(|f| f["indicators"][0]["dimension"] = json!(""));
    assert_invalid(
        &e,
        Place::Indicator("CD-S1".into()),
        "dimension",
        "must be a dimension id such as DR or EX",
    );
    let e = problem(|f| f["indicators"][0]["forced_labour"] = json!(["FL 07"]));
    assert_invalid(
        &e,
        Place::Indicator("CD-S1".into()),
        "forced_labour",
        "ids look like FL-01",
    );
}

#[test]
fn a_form_without_sections_is_invalid() {
    let errors = problems(|f| f["sections"] = json!([]));
    // The raise pointed at nothing, so only the missing sections remain.
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_invalid(
        &errors[0],
        Place::Form,
        "sections",
        "a form needs at least one section",
    );
}

#[test]
fn a_section_without_questions_is_invalid() {
    let e = problem(|f| {
        f["sections"].as_array_mut().unwrap().push(json!({
            "id": "empty",
            "title": {"en": "Empty"},
            "questions": []
        }));
    });
    assert_invalid(
        &e,
        Place::Section("empty".into()),
        "questions",
        "a section needs at least one question",
    );
}

// ---------------------------------------------------------------------------------------
// Expressions.

#[test]
fn an_expression_that_does_not_parse_is_rejected_with_its_position() {
    let e = problem(|f| question(f, 2)["show_if"] = json!("papers_held = \"yes\""));
    assert_eq!(e.place, q("age"));
    assert_eq!(
        e.problem,
        Problem::Expression {
            field: "show_if".into(),
            error: ExprError::Unexpected {
                expected: "'=='",
                found: "'='".into(),
                position: 12
            }
        }
    );
    assert_eq!(
        e.to_string(),
        "question 'age': show_if cannot be parsed: expected '==', found '=' at 12"
    );
}

#[test]
fn a_section_condition_that_does_not_parse_names_the_section() {
    let e = problem(|f| f["sections"][0]["show_if"] = json!("answered("));
    assert_eq!(e.place, Place::Section("work".into()));
    assert!(matches!(&e.problem, Problem::Expression { field, .. } if field == "show_if"));
    assert_names(&e, "section 'work'");
}

#[test]
fn a_need_condition_that_does_not_parse_names_the_need() {
    let e = problem(|f| f["needs"] = json!([{"need": "shelter", "if": "papers_held =="}]));
    assert_eq!(e.place, Place::Need("shelter".into()));
    assert!(matches!(&e.problem, Problem::Expression { field, .. } if field == "if"));
    assert_names(&e, "need 'shelter'");
}

#[test]
fn an_expression_naming_a_missing_question_is_rejected() {
    let e = problem(|f| question(f, 2)["show_if"] = json!("answered(salary)"));
    assert_eq!(e.place, q("age"));
    assert_eq!(
        e.problem,
        Problem::UnknownQuestion {
            field: "show_if".into(),
            question: "salary".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "question 'age': show_if refers to question 'salary', which does not exist"
    );
}

#[test]
fn a_trigger_condition_naming_a_missing_question_is_rejected() {
    let e = problem(|f| question(f, 2)["danger"] = json!({"if": "age < 16 and salary == 0"}));
    assert_eq!(e.place, q("age"));
    assert!(matches!(
        &e.problem,
        Problem::UnknownQuestion { field, question } if field == "danger" && question == "salary"
    ));
}

fn assert_unknown_option(e: &FormError, place: Place, field: &str, question: &str, option: &str) {
    assert_eq!(e.place, place);
    assert_eq!(
        e.problem,
        Problem::UnknownOption {
            field: field.into(),
            question: question.into(),
            option: option.into()
        }
    );
}

#[test]
fn selected_with_an_option_the_question_lacks_is_rejected() {
    let e = problem(|f| question(f, 2)["show_if"] = json!("selected(job, \"farm\")"));
    assert_unknown_option(&e, q("age"), "show_if", "job", "farm");
    assert_eq!(
        e.to_string(),
        "question 'age': show_if refers to option 'farm', which question 'job' does not have"
    );
}

#[test]
fn selected_declined_is_accepted_for_every_choice_question() {
    assert!(
        load(&changed(
            |f| question(f, 2)["show_if"] = json!("not selected(job, \"declined\")")
        ))
        .is_ok()
    );
}

#[test]
fn comparing_a_single_choice_with_an_option_it_lacks_is_rejected() {
    let e = problem(|f| question(f, 2)["show_if"] = json!("\"farm\" != job"));
    assert_unknown_option(&e, q("age"), "show_if", "job", "farm");
}

#[test]
fn comparing_a_yes_no_question_with_anything_but_its_four_answers_is_rejected() {
    let e = problem(|f| question(f, 2)["show_if"] = json!("papers_held == \"true\""));
    assert_unknown_option(&e, q("age"), "show_if", "papers_held", "true");
    for value in ["yes", "no", "unknown", "declined"] {
        let cond = format!("papers_held == \"{value}\"");
        assert!(load(&changed(|f| question(f, 2)["show_if"] = json!(cond))).is_ok());
    }
}

#[test]
fn a_trigger_answer_the_question_lacks_is_rejected() {
    let e = problem(|f| question(f, 0)["raises"][0]["answers"] = json!(["yes", "sometimes"]));
    assert_unknown_option(
        &e,
        q("papers_held"),
        "raises[0]",
        "papers_held",
        "sometimes",
    );
    let e = problem(|f| question(f, 1)["danger"] = json!({"answers": ["farm"]}));
    assert_unknown_option(&e, q("job"), "danger", "job", "farm");
}

fn assert_type_mismatch(e: &FormError, place: Place, field: &str, question: &str, kind: &str) {
    assert_eq!(e.place, place);
    let Problem::TypeMismatch {
        field: f,
        question: qn,
        kind: k,
        ..
    } = &e.problem
    else {
        panic!("expected a type mismatch, got {e:?}");
    };
    assert_eq!((f.as_str(), qn.as_str(), *k), (field, question, kind));
}

#[test]
fn selected_on_a_yes_no_question_is_a_type_mismatch() {
    let e = problem(|f| question(f, 2)["show_if"] = json!("selected(papers_held, \"yes\")"));
    assert_type_mismatch(&e, q("age"), "show_if", "papers_held", "yes_no");
    assert_eq!(
        e.to_string(),
        "question 'age': show_if uses question 'papers_held' (yes_no) in a way its type \
         does not allow: selected() needs a choice question"
    );
}

#[test]
fn ordering_a_non_integer_question_is_a_type_mismatch() {
    let e = problem(|f| question(f, 2)["show_if"] = json!("job > \"construction\""));
    assert_type_mismatch(&e, q("age"), "show_if", "job", "single_choice");
    assert!(
        e.to_string()
            .ends_with("only integer answers can be ordered")
    );
}

#[test]
fn comparing_a_non_integer_question_with_a_number_is_a_type_mismatch() {
    let e = problem(|f| question(f, 2)["show_if"] = json!("papers_held == 1"));
    assert_type_mismatch(&e, q("age"), "show_if", "papers_held", "yes_no");
    assert!(e.to_string().ends_with("it is not an integer question"));
}

#[test]
fn comparing_an_integer_question_with_text_other_than_declined_is_a_type_mismatch() {
    let e = problem(|f| {
        question(f, 2)["raises"] = json!([{"indicator": "CD-S1", "if": "age == \"18\""}])
    });
    assert_type_mismatch(&e, q("age"), "raises[0]", "age", "integer");
    assert!(
        load(&changed(|f| {
            let mut later = yes_no("after_age");
            later["show_if"] = json!("age != \"declined\"");
            push_question(f, later);
        }))
        .is_ok()
    );
}

#[test]
fn comparing_a_multiple_choice_is_a_type_mismatch() {
    let e = problem(|f| {
        push_question(
            f,
            json!({"id": "problems", "type": "multiple_choice", "label": {"en": "Problems"},
                   "options": [{"id": "debt", "label": {"en": "Debt"}},
                               {"id": "threats", "label": {"en": "Threats"}}]}),
        );
        question(f, 2)["show_if"] = json!("problems == \"debt\"");
    });
    assert_type_mismatch(&e, q("age"), "show_if", "problems", "multiple_choice");
}

#[test]
fn an_answers_trigger_on_an_integer_question_is_a_type_mismatch() {
    let e = problem(|f| question(f, 2)["danger"] = json!({"answers": ["15"]}));
    assert_type_mismatch(&e, q("age"), "danger", "age", "integer");
    assert!(
        e.to_string()
            .ends_with("'answers' works for yes/no and choice questions; use 'if'")
    );
}

#[test]
fn comparing_an_answer_with_true_or_false_is_a_type_mismatch() {
    for cond in ["papers_held == true", "false != job", "age == true"] {
        let e = problem(|f| question(f, 2)["raises"] = json!([{"indicator": "CD-S1", "if": cond}]));
        assert_eq!(e.place, q("age"), "{cond}");
        let Problem::TypeMismatch { field, reason, .. } = &e.problem else {
            panic!("{cond}: expected a type mismatch, got {e:?}");
        };
        assert_eq!(field, "raises[0]");
        assert!(reason.contains("never true or false"), "{cond}: {reason}");
    }
}

// ---------------------------------------------------------------------------------------
// Cycles.

fn cycle_of(e: &FormError) -> Vec<&str> {
    let Problem::Cycle { path } = &e.problem else {
        panic!("expected a cycle, got {e:?}");
    };
    path.iter().map(String::as_str).collect()
}

#[test]
fn two_questions_shown_only_after_each_other_are_a_forward_reference() {
    let e = problem(|f| {
        question(f, 0)["show_if"] = json!("job == \"market\"");
        question(f, 1)["show_if"] = json!("papers_held == \"yes\"");
    });
    assert_eq!(e.place, q("papers_held"));
    assert_eq!(
        e.problem,
        Problem::ForwardReference {
            field: "show_if".into(),
            question: "job".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "question 'papers_held': show_if refers to question 'job', which is not asked before it: skip logic may only use earlier answers"
    );
}

#[test]
fn a_question_shown_only_after_its_own_answer_is_a_cycle() {
    let e = problem(|f| question(f, 2)["show_if"] = json!("age > 17"));
    assert_eq!(e.place, q("age"));
    assert_eq!(cycle_of(&e), ["age", "age"]);
}

#[test]
fn three_questions_in_a_ring_report_each_forward_reference() {
    let errors = load(&changed(|f| {
        question(f, 0)["show_if"] = json!("answered(job)");
        question(f, 1)["show_if"] = json!("age >= 18");
        question(f, 2)["show_if"] = json!("papers_held != \"no\"");
    }))
    .unwrap_err()
    .0;
    let found: Vec<(Place, Problem)> = errors.into_iter().map(|e| (e.place, e.problem)).collect();
    let forward = |question: &str| Problem::ForwardReference {
        field: "show_if".into(),
        question: question.into(),
    };
    assert_eq!(
        found,
        vec![
            (q("papers_held"), forward("job")),
            (q("job"), forward("age")),
        ]
    );
}

#[test]
fn a_section_shown_only_after_a_question_inside_it_is_a_forward_reference() {
    let e = problem(|f| f["sections"][0]["show_if"] = json!("answered(job)"));
    assert_eq!(e.place, Place::Section("work".into()));
    assert_eq!(
        e.problem,
        Problem::ForwardReference {
            field: "show_if".into(),
            question: "job".into()
        }
    );
    assert_names(&e, "section 'work'");
}

#[test]
fn an_identifying_question_cannot_be_required() {
    let e = problem(|f| {
        question(f, 0)["identifying"] = json!(true);
        question(f, 0)["required"] = json!(true);
    });
    assert_eq!(e.place, q("papers_held"));
    assert!(
        e.to_string().contains("anonymous interviews never ask it"),
        "{e}"
    );
}

#[test]
fn declining_cannot_raise_an_indicator_or_signal_danger() {
    let e = problem(|f| question(f, 0)["raises"][0]["answers"] = json!(["declined"]));
    assert_eq!(e.place, q("papers_held"));
    assert!(e.to_string().contains("must never raise"), "{e}");
    let e = problem(|f| question(f, 0)["danger"] = json!({"answers": ["yes", "declined"]}));
    assert!(e.to_string().contains("danger: declining"), "{e}");
    let e = problem(|f| {
        question(f, 2)["raises"] =
            json!([{"indicator": "CD-S1", "if": "papers_held == \"declined\""}])
    });
    assert_eq!(e.place, q("age"));
    assert!(e.to_string().contains("must never raise"), "{e}");
    let e =
        problem(|f| f["needs"] = json!([{"need": "legal", "if": "selected(job, \"declined\")"}]));
    assert_eq!(e.place, Place::Need("legal".into()));
}

#[test]
fn a_condition_on_an_earlier_question_is_not_a_cycle() {
    let form = load(&changed(|f| {
        question(f, 1)["show_if"] = json!("papers_held == \"yes\"");
        question(f, 2)["show_if"] = json!("answered(job) and answered(papers_held)");
    }))
    .unwrap();
    assert!(form.questions[2].show_if.is_some());
}

// ---------------------------------------------------------------------------------------
// Indicators.

#[test]
fn raising_an_undefined_indicator_is_rejected_naming_the_question() {
    let e = problem(|f| question(f, 0)["raises"][0]["indicator"] = json!("CD-S9"));
    assert_eq!(e.place, q("papers_held"));
    assert_eq!(
        e.problem,
        Problem::UnknownIndicator {
            indicator: "CD-S9".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "question 'papers_held': raises indicator 'CD-S9', which is not defined"
    );
}

// ---------------------------------------------------------------------------------------
// Several problems.

#[test]
fn every_problem_is_reported_in_the_order_of_the_form() {
    let errors = problems(|f| {
        f["needs"] = json!([{"need": "legal", "if": "answered(contract)"}]);
        question(f, 0)["show_if"] = json!("answered(salary)");
        question(f, 1)["options"].as_array_mut().unwrap().pop();
        question(f, 2)["show_if"] = json!("age > 17");
        f["sections"][0]["title"] = json!({"ru": "Работа"});
        f["indicators"][0]["populations"] = json!([]);
        f["version"] = json!("");
    });
    let found: Vec<(Place, &str)> = errors
        .iter()
        .map(|e| {
            let kind = match &e.problem {
                Problem::Invalid { field, .. } => field.as_str(),
                Problem::MissingDefaultLanguage { .. } => "missing default language",
                Problem::UnknownQuestion { .. } => "unknown question",
                Problem::Cycle { .. } => "cycle",
                other => panic!("unexpected problem {other:?}"),
            };
            (e.place.clone(), kind)
        })
        .collect();
    assert_eq!(
        found,
        [
            (Place::Form, "version"),
            (Place::Indicator("CD-S1".into()), "populations"),
            (Place::Section("work".into()), "missing default language"),
            (q("papers_held"), "unknown question"),
            (q("job"), "options"),
            (q("age"), "cycle"),
            (Place::Need("legal".into()), "unknown question"),
        ]
    );
    let shown = FormErrors(errors).to_string();
    assert!(shown.starts_with("7 problem(s) in the form definition\n  - form: version"));
    assert_eq!(shown.lines().count(), 8);
}

// ---------------------------------------------------------------------------------------
// Robustness.

/// Every problem is non-empty and names its place.
fn assert_well_formed(result: &Result<Form, FormErrors>) -> Result<(), TestCaseError> {
    if let Err(FormErrors(errors)) = result {
        prop_assert!(!errors.is_empty());
        for e in errors {
            let prefix = format!("{}: ", e.place);
            prop_assert!(e.to_string().starts_with(&prefix), "{}", e);
        }
    }
    Ok(())
}

/// A form that exercises every part of the format, for mutation.
fn rich() -> Value {
    changed(|f| {
        f["description"] =
            json!({"en": "A test form", "ru": {"text": "Тест", "needs_review": true}});
        f["needs"] = json!([{"need": "shelter", "if": "selected(job, \"market\") or age < 18"}]);
        f["sections"][0]["show_if"] = json!("true");
        question(f, 0)["help"] = json!({"en": "Any document counts."});
        question(f, 0)["required"] = json!(true);
        question(f, 0)["danger"] = json!({"answers": ["yes"]});
        question(f, 1)["show_if"] = json!("papers_held == \"yes\"");
        question(f, 2)["raises"] = json!([{"indicator": "CD-S1", "if": "age < 18"}]);
        push_question(
            f,
            json!({"id": "name", "type": "text", "label": {"en": "Name"}, "identifying": true,
                   "validation": {"max_length": 40}}),
        );
    })
}

fn interesting_string() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("yes".to_string()),
        Just("declined".to_string()),
        Just("papers_held".to_string()),
        Just("job".to_string()),
        Just("age".to_string()),
        Just("CD-S1".to_string()),
        Just("en".to_string()),
        Just("kk".to_string()),
        Just("integer".to_string()),
        Just("multiple_choice".to_string()),
        Just("strong".to_string()),
        Just("shelter".to_string()),
        Just("answered(job)".to_string()),
        Just("age > 17 and papers_held == \"no\"".to_string()),
        Just("selected(job, \"market\")".to_string()),
        Just("(((((".to_string()),
        "[a-z_]{0,12}",
        any::<String>(),
    ]
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        interesting_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(interesting_string(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The path (keys and indices) of every node in `value`, the root first.
fn paths(value: &Value) -> Vec<Vec<Value>> {
    let mut out = vec![Vec::new()];
    let mut i = 0;
    while i < out.len() {
        let path = out[i].clone();
        let mut node = value;
        for step in &path {
            node = match step {
                Value::String(k) => &node[k.as_str()],
                Value::Number(n) => &node[n.as_u64().unwrap() as usize],
                _ => unreachable!(),
            };
        }
        match node {
            Value::Object(map) => {
                for k in map.keys() {
                    let mut p = path.clone();
                    p.push(Value::String(k.clone()));
                    out.push(p);
                }
            }
            Value::Array(items) => {
                for n in 0..items.len() {
                    let mut p = path.clone();
                    p.push(Value::from(n));
                    out.push(p);
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// One change to a form: remove a node, replace it with any JSON, or give it another
/// value of its own kind (which mostly keeps the form's shape, so the checks after the
/// shape get exercised too).
#[derive(Clone, Debug)]
enum Edit {
    Remove,
    Replace(Value),
    SameKind(String, i64, bool),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        1 => Just(Edit::Remove),
        3 => any_json().prop_map(Edit::Replace),
        6 => (interesting_string(), -3i64..200, any::<bool>())
            .prop_map(|(text, number, flag)| Edit::SameKind(text, number, flag)),
    ]
}

/// Applies `edit` to the node at `path`.
fn apply(value: &mut Value, path: &[Value], edit: Edit) {
    let new = match edit {
        Edit::Remove => None,
        Edit::Replace(new) => Some(new),
        Edit::SameKind(text, number, flag) => {
            let mut node = &*value;
            for step in path {
                node = match step {
                    Value::String(k) => &node[k.as_str()],
                    Value::Number(n) => &node[n.as_u64().unwrap() as usize],
                    _ => unreachable!(),
                };
            }
            match node {
                Value::String(_) => Some(Value::String(text)),
                Value::Number(_) => Some(Value::from(number)),
                Value::Bool(_) => Some(Value::Bool(flag)),
                Value::Array(items) => Some(Value::Array(
                    items.iter().rev().cloned().collect(), // another order
                )),
                Value::Object(_) | Value::Null => return,
            }
        }
    };
    mutate(value, path, new);
}

/// Replaces the node at `path` with `new`, or removes it when `new` is `None`.
fn mutate(value: &mut Value, path: &[Value], new: Option<Value>) {
    let Some((last, parent_path)) = path.split_last() else {
        if let Some(new) = new {
            *value = new;
        }
        return;
    };
    let mut parent = value;
    for step in parent_path {
        parent = match step {
            Value::String(k) => &mut parent[k.as_str()],
            Value::Number(n) => &mut parent[n.as_u64().unwrap() as usize],
            _ => unreachable!(),
        };
    }
    match (parent, last, new) {
        (Value::Object(map), Value::String(k), None) => {
            map.remove(k);
        }
        (Value::Array(items), Value::Number(n), None) => {
            items.remove(n.as_u64().unwrap() as usize);
        }
        (parent, Value::String(k), Some(new)) => parent[k.as_str()] = new,
        (parent, Value::Number(n), Some(new)) => parent[n.as_u64().unwrap() as usize] = new,
        _ => unreachable!(),
    }
}

#[test]
fn the_rich_test_form_is_valid() {
    let form = load(&rich()).expect("the rich form is valid");
    assert_eq!(form.questions.len(), 4);
    assert_eq!(form.needs.len(), 1);
}

proptest! {
    #[test]
    fn from_json_never_panics_on_arbitrary_bytes(
        input in proptest::collection::vec(any::<u8>(), 0..2048)
    ) {
        let result = Form::from_json(&input);
        assert_well_formed(&result)?;
    }

    #[test]
    fn from_json_never_panics_on_a_mutated_form(
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), edit()), 1..4)
    ) {
        let mut form = rich();
        for (at, change) in edits {
            let all = paths(&form);
            let path = at.get(&all).clone();
            apply(&mut form, &path, change);
        }
        let result = load(&form);
        assert_well_formed(&result)?;
        if let Ok(form) = result {
            // A form that loads can be run.
            let mut answers = AnswerMap::new();
            let _ = form.visible(&answers, true);
            let _ = form.clear_hidden(&mut answers, false);
            let _ = form.raised(&answers);
            let _ = form.danger(&answers);
            let _ = form.needs(&answers);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Answers under a form.

/// A form for answers: identifying questions, every answer type, triggers of each kind,
/// a chain of conditions (`contact_known` → `contact_name` → `contact_place`), a
/// conditional section and needs.
fn interview() -> Form {
    let form = changed(|f| {
        f["indicators"] = json!([
            {"id": "CD-S1", "dimension": "CD", "strength": "strong",
             "populations": ["adult_labour"], "explanation": {"en": "Documents held."}},
            {"id": "CR-M3", "dimension": "CR", "strength": "medium",
             "populations": ["adult_labour"], "explanation": {"en": "Debt bondage."}},
            {"id": "AA-W1", "dimension": "EX", "strength": "weak",
             "populations": ["adult_labour"], "explanation": {"en": "Long hours."}}
        ]);
        f["needs"] = json!([
            {"need": "shelter", "if": "selected(problems, \"threats\")"},
            {"need": "documents", "if": "papers_held == \"yes\""},
            {"need": "legal", "if": "not answered(job)"}
        ]);
        f["sections"] = json!([
            {"id": "about", "title": {"en": "About you"}, "questions": [
                {"id": "name", "type": "text", "identifying": true,
                 "label": {"en": "Name", "ru": {"text": "Имя", "needs_review": true}},
                 "validation": {"max_length": 10}},
                {"id": "age", "type": "integer", "label": {"en": "Age", "kk": "Жасыңыз"},
                 "validation": {"min": 14, "max": 99}},
                {"id": "home", "type": "country", "label": {"en": "Home country", "ru": "Страна"}},
                {"id": "arrived", "type": "date", "label": {"en": "Arrived"},
                 "validation": {"earliest": "2000-01-01", "latest": "2030-12-31"}}
            ]},
            {"id": "work", "title": {"en": "Work"}, "questions": [
                {"id": "papers_held", "type": "yes_no", "label": {"en": "Passport held?"},
                 "raises": [{"indicator": "CD-S1", "answers": ["yes"]}],
                 "danger": {"answers": ["yes"]}},
                {"id": "job", "type": "single_choice", "label": {"en": "Job"},
                 "options": [{"id": "construction", "label": {"en": "Construction"}},
                             {"id": "market", "label": {"en": "Market"}},
                             {"id": "farm", "label": {"en": "Farm"}}],
                 "raises": [{"indicator": "AA-W1", "answers": ["farm", "construction"]}]},
                {"id": "problems", "type": "multiple_choice", "label": {"en": "Problems"},
                 "options": [{"id": "debt", "label": {"en": "Debt"}},
                             {"id": "threats", "label": {"en": "Threats"}},
                             {"id": "no_pay", "label": {"en": "No pay"}}],
                 "raises": [{"indicator": "CR-M3", "answers": ["debt", "no_pay"]}],
                 "danger": {"answers": ["threats"]}},
                {"id": "hours", "type": "integer", "label": {"en": "Hours a day"},
                 "raises": [{"indicator": "AA-W1", "if": "hours > 12 or age < 16"}],
                 "danger": {"if": "hours >= 20"}}
            ]},
            {"id": "contact", "title": {"en": "Contact"}, "questions": [
                {"id": "contact_known", "type": "yes_no", "label": {"en": "Known contact?"}},
                {"id": "contact_name", "type": "text", "label": {"en": "Contact name"},
                 "show_if": "contact_known == \"yes\""},
                {"id": "contact_place", "type": "text", "label": {"en": "Where?"},
                 "show_if": "answered(contact_name)"}
            ]},
            {"id": "abroad", "title": {"en": "Abroad"}, "show_if": "home != \"KZ\"",
             "questions": [
                {"id": "visa", "type": "yes_no", "label": {"en": "Visa?"}}
            ]}
        ]);
    });
    load(&form).expect("the interview form is valid")
}

fn answers(list: &[(&str, Answer)]) -> AnswerMap {
    list.iter()
        .map(|(id, a)| (id.to_string(), a.clone()))
        .collect()
}

fn text(s: &str) -> Answer {
    Answer::Text(s.into())
}

fn choices(list: &[&str]) -> Answer {
    Answer::Choices(list.iter().map(|s| s.to_string()).collect())
}

#[test]
fn a_question_whose_condition_fails_is_hidden() {
    let form = interview();
    let name = form.position("contact_name").unwrap();
    assert!(!form.is_visible(name, &AnswerMap::new(), false));
    let known = answers(&[("contact_known", Answer::YesNo(YesNo::Yes))]);
    assert!(form.is_visible(name, &known, false));
    let unknown = answers(&[("contact_known", Answer::YesNo(YesNo::No))]);
    assert!(!form.is_visible(name, &unknown, false));
}

#[test]
fn a_section_condition_hides_every_question_in_it() {
    let form = interview();
    let visa = form.position("visa").unwrap();
    assert!(
        !form.is_visible(visa, &AnswerMap::new(), false),
        "unanswered: comparison false"
    );
    let home = answers(&[("home", Answer::Country("KZ".into()))]);
    assert!(!form.is_visible(visa, &home, false));
    let abroad = answers(&[("home", Answer::Country("UZ".into()))]);
    assert!(form.is_visible(visa, &abroad, false));
}

#[test]
fn identifying_questions_are_hidden_in_anonymous_interviews() {
    let form = interview();
    let name = form.position("name").unwrap();
    assert!(form.is_visible(name, &AnswerMap::new(), false));
    assert!(!form.is_visible(name, &AnswerMap::new(), true));
    let visible = form.visible(&AnswerMap::new(), true);
    assert!(!visible.contains(&name));
    assert!(visible.contains(&form.position("age").unwrap()));
}

#[test]
fn clear_hidden_removes_answers_to_questions_hidden_by_skip_logic_transitively() {
    let form = interview();
    let mut given = answers(&[
        ("contact_known", Answer::YesNo(YesNo::No)),
        ("contact_name", text("Aibek")),
        ("contact_place", text("Bazaar")),
        ("age", Answer::Integer(30)),
    ]);
    let removed = form.clear_hidden(&mut given, false);
    assert_eq!(removed, ["contact_name", "contact_place"]);
    assert_eq!(
        given.keys().map(String::as_str).collect::<Vec<_>>(),
        ["age", "contact_known"]
    );
}

#[test]
fn clear_hidden_keeps_answers_to_visible_questions() {
    let form = interview();
    let mut given = answers(&[
        ("contact_known", Answer::YesNo(YesNo::Yes)),
        ("contact_name", text("Aibek")),
        ("contact_place", text("Bazaar")),
    ]);
    let before = given.clone();
    assert!(form.clear_hidden(&mut given, false).is_empty());
    assert_eq!(given, before);
}

#[test]
fn clear_hidden_removes_answers_to_questions_the_form_does_not_have() {
    let form = interview();
    let mut given = answers(&[("age", Answer::Integer(30)), ("salary", Answer::Integer(5))]);
    assert_eq!(form.clear_hidden(&mut given, false), ["salary"]);
    assert_eq!(given, answers(&[("age", Answer::Integer(30))]));
}

#[test]
fn clear_hidden_removes_identifying_answers_in_anonymous_interviews() {
    let form = interview();
    let mut given = answers(&[("name", text("Aibek")), ("age", Answer::Integer(30))]);
    assert_eq!(form.clear_hidden(&mut given, true), ["name"]);
    assert!(!given.contains_key("name"));
}

#[test]
fn check_answer_rejects_an_answer_of_the_wrong_type() {
    let form = interview();
    for (id, answer) in [
        ("age", text("thirty")),
        ("papers_held", Answer::Choice("yes".into())),
        ("job", choices(&["market"])),
        ("problems", Answer::Choice("debt".into())),
        ("name", Answer::YesNo(YesNo::Declined)),
        ("home", text("KZ")),
        ("arrived", text("2024-01-01")),
    ] {
        let err = form.check_answer(id, answer).unwrap_err();
        assert!(
            matches!(&err, Error::InvalidAnswer(AnswerProblem::WrongType { .. })),
            "{id}: {err:?}"
        );
    }
}

#[test]
fn check_answer_rejects_an_unknown_question() {
    let err = interview()
        .check_answer("salary", Answer::Integer(1))
        .unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidInput {
            field: "question",
            ..
        }
    ));
}

#[test]
fn check_answer_rejects_options_the_question_does_not_have() {
    let form = interview();
    assert!(
        form.check_answer("job", Answer::Choice("office".into()))
            .is_err()
    );
    assert!(
        form.check_answer("problems", choices(&["debt", "office"]))
            .is_err()
    );
    assert!(form.check_answer("problems", choices(&[])).is_err());
    assert!(
        form.check_answer("job", Answer::Choice("declined".into()))
            .is_err()
    );
}

#[test]
fn check_answer_sorts_multiple_choices_in_option_order_without_repeats() {
    let checked = interview()
        .check_answer("problems", choices(&["no_pay", "debt", "no_pay"]))
        .unwrap();
    assert_eq!(checked, choices(&["debt", "no_pay"]));
}

#[test]
fn check_answer_rejects_integers_out_of_range() {
    let form = interview();
    assert!(form.check_answer("age", Answer::Integer(13)).is_err());
    assert!(form.check_answer("age", Answer::Integer(100)).is_err());
    assert_eq!(
        form.check_answer("age", Answer::Integer(14)).unwrap(),
        Answer::Integer(14)
    );
    assert!(form.check_answer("age", Answer::Integer(99)).is_ok());
    let err = form.check_answer("age", Answer::Integer(7)).unwrap_err();
    assert_eq!(err.to_string(), "invalid answer: must be between 14 and 99");
}

#[test]
fn check_answer_rejects_text_over_max_length_without_echoing_it() {
    let form = interview();
    let err = form
        .check_answer("name", text("Gulnara Secretova"))
        .unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidAnswer(AnswerProblem::Length { .. })
    ));
    assert!(!err.to_string().contains("Secretova"));
    assert_eq!(
        form.check_answer("name", text("  Gulnara  ")).unwrap(),
        text("Gulnara"),
        "text is trimmed before its length is checked"
    );
    assert!(form.check_answer("name", text("   ")).is_err());
}

#[test]
fn check_answer_rejects_dates_out_of_range() {
    let form = interview();
    let date = |s: &str| Answer::Date(s.parse().unwrap());
    assert!(form.check_answer("arrived", date("1999-12-31")).is_err());
    assert!(form.check_answer("arrived", date("2031-01-01")).is_err());
    assert!(form.check_answer("arrived", date("2024-02-29")).is_ok());
}

#[test]
fn check_answer_rejects_bad_country_codes_and_normalises_good_ones() {
    let form = interview();
    for bad in ["KAZ", "K", "", "1Z", "К1", "ÄÖ"] {
        assert!(
            form.check_answer("home", Answer::Country(bad.into()))
                .is_err(),
            "{bad}"
        );
    }
    assert_eq!(
        form.check_answer("home", Answer::Country(" uz ".into()))
            .unwrap(),
        Answer::Country("UZ".into())
    );
}

#[test]
fn check_answer_accepts_declined_for_every_type() {
    let form = interview();
    for q in &form.questions {
        assert_eq!(
            form.check_answer(&q.id, Answer::Declined).unwrap(),
            Answer::Declined,
            "{}",
            q.id
        );
    }
}

#[test]
fn check_answer_turns_a_declined_yes_no_into_declined() {
    let form = interview();
    assert_eq!(
        form.check_answer("papers_held", Answer::YesNo(YesNo::Declined))
            .unwrap(),
        Answer::Declined
    );
    assert_eq!(
        form.check_answer("papers_held", Answer::YesNo(YesNo::Unknown))
            .unwrap(),
        Answer::YesNo(YesNo::Unknown)
    );
}

#[test]
fn parse_answer_reads_each_type() {
    let form = interview();
    let cases = [
        ("papers_held", "Yes", Answer::YesNo(YesNo::Yes)),
        ("papers_held", "n", Answer::YesNo(YesNo::No)),
        ("papers_held", "?", Answer::YesNo(YesNo::Unknown)),
        ("papers_held", "unknown", Answer::YesNo(YesNo::Unknown)),
        ("job", " market ", Answer::Choice("market".into())),
        ("problems", "no_pay, debt,", choices(&["debt", "no_pay"])),
        ("name", " Aibek ", text("Aibek")),
        ("age", "31", Answer::Integer(31)),
        (
            "arrived",
            "2024-03-08",
            Answer::Date("2024-03-08".parse().unwrap()),
        ),
        ("home", "kg", Answer::Country("KG".into())),
    ];
    for (id, input, expected) in cases {
        assert_eq!(
            form.parse_answer(id, input).unwrap(),
            expected,
            "{id} {input:?}"
        );
    }
}

#[test]
fn parse_answer_accepts_declined_for_every_question() {
    let form = interview();
    for q in &form.questions {
        assert_eq!(
            form.parse_answer(&q.id, "DECLINED").unwrap(),
            Answer::Declined
        );
        assert_eq!(form.parse_answer(&q.id, "d").unwrap(), Answer::Declined);
    }
}

#[test]
fn the_short_forms_u_and_d_are_unknown_and_declined_unless_d_is_an_option() {
    let form = interview();
    let yes_no = form
        .questions
        .iter()
        .find(|q| q.kind == crate::forms::QuestionType::YesNo)
        .unwrap();
    assert_eq!(
        form.parse_answer(&yes_no.id, "u").unwrap(),
        Answer::YesNo(senim_records::YesNo::Unknown)
    );
    let mut json = minimal();
    question(&mut json, 1)["options"][0]["id"] = json!("d");
    let form = load(&json).unwrap();
    assert_eq!(
        form.parse_answer("job", "d").unwrap(),
        Answer::Choice("d".into())
    );
}

#[test]
fn parse_answer_rejects_text_that_does_not_fit_the_type() {
    let form = interview();
    let range = AnswerProblem::OutOfRange {
        min: Some(14),
        max: Some(99),
    };
    for (id, input, problem) in [
        ("papers_held", "maybe", AnswerProblem::NotYesNo),
        ("job", "office", AnswerProblem::UnknownOption),
        ("problems", " , ", AnswerProblem::NoOption),
        ("age", "thirty", AnswerProblem::NotWholeNumber),
        ("age", "200", range),
        ("arrived", "08.03.2024", AnswerProblem::NotDate),
        ("home", "Kazakhstan", AnswerProblem::NotCountryCode),
        ("name", "", AnswerProblem::Empty),
    ] {
        let err = form.parse_answer(id, input).unwrap_err();
        match err {
            Error::InvalidAnswer(p) => assert_eq!(p, problem, "{id} {input:?}"),
            other => panic!("{id} {input:?}: {other:?}"),
        }
    }
}

fn raised_ids(form: &Form, given: &AnswerMap) -> Vec<(String, Vec<String>)> {
    form.raised(given)
        .into_iter()
        .map(|r| (r.indicator, r.questions))
        .collect()
}

fn pair(indicator: &str, questions: &[&str]) -> (String, Vec<String>) {
    (
        indicator.into(),
        questions.iter().map(|q| q.to_string()).collect(),
    )
}

#[test]
fn a_yes_no_answers_trigger_raises_on_a_listed_answer_only() {
    let form = interview();
    let yes = answers(&[("papers_held", Answer::YesNo(YesNo::Yes))]);
    assert_eq!(raised_ids(&form, &yes), [pair("CD-S1", &["papers_held"])]);
    for other in [YesNo::No, YesNo::Unknown, YesNo::Declined] {
        let given = answers(&[("papers_held", Answer::YesNo(other))]);
        assert!(form.raised(&given).is_empty(), "{other:?}");
    }
}

#[test]
fn a_single_choice_answers_trigger_raises_on_any_listed_option() {
    let form = interview();
    for option in ["farm", "construction"] {
        let given = answers(&[("job", Answer::Choice(option.into()))]);
        assert_eq!(raised_ids(&form, &given), [pair("AA-W1", &["job"])]);
    }
    let market = answers(&[("job", Answer::Choice("market".into()))]);
    assert!(form.raised(&market).is_empty());
}

#[test]
fn a_multiple_choice_answers_trigger_raises_when_the_picks_overlap_the_list() {
    let form = interview();
    let overlap = answers(&[("problems", choices(&["threats", "no_pay"]))]);
    assert_eq!(raised_ids(&form, &overlap), [pair("CR-M3", &["problems"])]);
    let disjoint = answers(&[("problems", choices(&["threats"]))]);
    assert!(form.raised(&disjoint).is_empty());
}

#[test]
fn an_if_trigger_raises_when_its_condition_holds() {
    let form = interview();
    let long = answers(&[("hours", Answer::Integer(14))]);
    assert_eq!(raised_ids(&form, &long), [pair("AA-W1", &["hours"])]);
    let short = answers(&[("hours", Answer::Integer(8))]);
    assert!(form.raised(&short).is_empty());
}

#[test]
fn an_if_trigger_raises_only_once_its_question_is_answered() {
    let form = interview();
    // `hours > 12 or age < 16` holds through `age`, but `hours` is unanswered.
    let young = answers(&[("age", Answer::Integer(15))]);
    assert!(form.raised(&young).is_empty());
    let young_and_hours = answers(&[("age", Answer::Integer(15)), ("hours", Answer::Integer(8))]);
    assert_eq!(
        raised_ids(&form, &young_and_hours),
        [pair("AA-W1", &["hours"])]
    );
}

#[test]
fn raised_lists_indicators_by_id_each_with_its_questions_in_form_order() {
    let form = interview();
    let given = answers(&[
        ("hours", Answer::Integer(16)),
        ("job", Answer::Choice("farm".into())),
        ("papers_held", Answer::YesNo(YesNo::Yes)),
        ("problems", choices(&["debt"])),
    ]);
    assert_eq!(
        raised_ids(&form, &given),
        [
            pair("AA-W1", &["job", "hours"]),
            pair("CD-S1", &["papers_held"]),
            pair("CR-M3", &["problems"]),
        ]
    );
}

#[test]
fn danger_lists_the_questions_whose_answers_signal_it_in_form_order() {
    let form = interview();
    assert!(form.danger(&AnswerMap::new()).is_empty());
    let given = answers(&[
        ("hours", Answer::Integer(20)),
        ("papers_held", Answer::YesNo(YesNo::Yes)),
        ("problems", choices(&["debt", "threats"])),
    ]);
    assert_eq!(form.danger(&given), ["papers_held", "problems", "hours"]);
    let calm = answers(&[
        ("hours", Answer::Integer(19)),
        ("papers_held", Answer::YesNo(YesNo::No)),
        ("problems", choices(&["debt"])),
    ]);
    assert!(form.danger(&calm).is_empty());
}

#[test]
fn needs_are_those_whose_conditions_hold() {
    let form = interview();
    let given = answers(&[
        ("job", Answer::Choice("market".into())),
        ("papers_held", Answer::YesNo(YesNo::Yes)),
        ("problems", choices(&["threats"])),
    ]);
    let needs: Vec<&str> = form.needs(&given).iter().map(|n| n.as_str()).collect();
    assert_eq!(needs, ["shelter", "documents"]);
    let nothing: Vec<&str> = form
        .needs(&AnswerMap::new())
        .iter()
        .map(|n| n.as_str())
        .collect();
    assert_eq!(
        nothing,
        ["legal"],
        "`not answered(job)` holds with no answers"
    );
}

#[test]
fn localize_follows_the_fallback_chain_and_reports_the_language_used() {
    let form = interview();
    let name = &form.question("name").unwrap().label;
    // kk → ru (a draft) → en
    let kk = form.localize(name, "kk");
    assert_eq!((kk.text.as_str(), kk.language.as_str()), ("Имя", "ru"));
    assert!(kk.needs_review);
    let en = form.localize(name, "en");
    assert_eq!(
        (en.text.as_str(), en.language.as_str(), en.needs_review),
        ("Name", "en", false)
    );

    let home = &form.question("home").unwrap().label;
    let kk = form.localize(home, "kk");
    assert_eq!(
        (kk.text.as_str(), kk.language.as_str(), kk.needs_review),
        ("Страна", "ru", false)
    );

    let arrived = &form.question("arrived").unwrap().label;
    let kk = form.localize(arrived, "kk");
    assert_eq!((kk.text.as_str(), kk.language.as_str()), ("Arrived", "en"));

    let age = &form.question("age").unwrap().label;
    assert_eq!(form.localize(age, "kk").text, "Жасыңыз");
    assert_eq!(
        form.localize(age, "ru").language,
        "en",
        "ru falls back to en, not kk"
    );
}

#[test]
fn localize_uses_the_default_language_for_an_unsupported_language() {
    let form = interview();
    let label = &form.question("name").unwrap().label;
    let de = form.localize(label, "de");
    assert_eq!((de.text.as_str(), de.language.as_str()), ("Name", "en"));
}

// ---------------------------------------------------------------------------------------
// The JSON Schema in docs/schema.

const SCHEMA_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../docs/schema/form.schema.json"
);

fn schema() -> Value {
    let text = std::fs::read_to_string(SCHEMA_PATH).expect("docs/schema/form.schema.json exists");
    serde_json::from_str(&text).expect("the schema is valid JSON")
}

fn keys(object: &Value) -> BTreeSet<String> {
    object
        .as_object()
        .unwrap_or_else(|| panic!("expected an object, got {object}"))
        .keys()
        .cloned()
        .collect()
}

/// The property names the schema declares for the object at `pointer`.
fn declared(schema: &Value, pointer: &str) -> BTreeSet<String> {
    let object = schema
        .pointer(pointer)
        .unwrap_or_else(|| panic!("the schema has no {pointer}"));
    assert_eq!(object["type"], "object", "{pointer}");
    assert_eq!(
        object["additionalProperties"],
        json!(false),
        "{pointer}: deny_unknown_fields"
    );
    keys(&object["properties"])
}

/// The minimal form with every optional field given, read into the Rust types and
/// written back: every key the types know is present.
fn every_field() -> Value {
    let full = changed(|f| {
        f["description"] = json!({"en": "Every field"});
        f["needs"] = json!([{"need": "shelter", "if": "papers_held == \"yes\""}]);
        f["populations"] = json!([{"id": "adult_labour", "if": "papers_held == \"yes\""}]);
        f["indicators"][0]["forced_labour"] = json!(["FL-07"]);
        f["indicators"][0]["needs_review"] = json!(true);
        f["sections"][0]["show_if"] = json!("true");
        let papers = question(f, 0);
        papers["help"] = json!({"en": "Help"});
        papers["required"] = json!(true);
        papers["identifying"] = json!(false);
        papers["show_if"] = json!("true");
        papers["danger"] = json!({"answers": ["yes"]});
        question(f, 2)["validation"] = json!({
            "min": 14, "max": 99, "min_length": 1, "max_length": 2,
            "earliest": "2000-01-01", "latest": "2001-01-01"
        });
    });
    let source: FormSource =
        serde_json::from_value(full).expect("the full form has the form shape");
    serde_json::to_value(&source).expect("a form source serializes")
}

#[test]
fn the_schema_is_json_schema_2020_12_for_an_object() {
    let schema = schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["type"], "object");
    assert_eq!(schema["additionalProperties"], json!(false));
}

#[test]
fn the_schema_declares_exactly_the_fields_of_the_rust_types() {
    let schema = schema();
    let form = every_field();
    let question = &form["sections"][0]["questions"][0];
    let cases = [
        ("", &form),
        ("/$defs/consent", &form["consent"]),
        ("/$defs/indicator", &form["indicators"][0]),
        ("/$defs/section", &form["sections"][0]),
        ("/$defs/question", question),
        (
            "/$defs/option",
            &form["sections"][0]["questions"][1]["options"][0],
        ),
        (
            "/$defs/validation",
            &form["sections"][0]["questions"][2]["validation"],
        ),
        ("/$defs/raise", &question["raises"][0]),
        ("/$defs/trigger", &question["danger"]),
        ("/$defs/need", &form["needs"][0]),
        ("/$defs/population", &form["populations"][0]),
    ];
    for (pointer, instance) in cases {
        assert_eq!(declared(&schema, pointer), keys(instance), "{pointer}");
    }
    let marked = serde_json::to_value(Translation::Marked {
        text: "x".into(),
        needs_review: true,
    })
    .unwrap();
    let translation = &schema["$defs"]["translation"]["oneOf"];
    assert_eq!(translation[0]["type"], "string");
    assert_eq!(translation[1]["type"], "object");
    assert_eq!(translation[1]["additionalProperties"], json!(false));
    assert_eq!(keys(&translation[1]["properties"]), keys(&marked));
    let _: Text = serde_json::from_value(json!({"en": "x", "ru": {"text": "y"}})).unwrap();
}

#[test]
fn the_schema_lists_exactly_the_question_types_strengths_and_needs() {
    let schema = schema();
    let names = |pointer: &str| -> BTreeSet<String> {
        schema
            .pointer(pointer)
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("the schema has no enum at {pointer}"))
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let types: BTreeSet<String> = [
        QuestionType::YesNo,
        QuestionType::SingleChoice,
        QuestionType::MultipleChoice,
        QuestionType::Text,
        QuestionType::Integer,
        QuestionType::Date,
        QuestionType::Country,
    ]
    .iter()
    .map(|t| {
        serde_json::to_value(t)
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    })
    .collect();
    assert_eq!(names("/$defs/question/properties/type/enum"), types);
    let strengths: BTreeSet<String> = [Strength::Weak, Strength::Medium, Strength::Strong]
        .iter()
        .map(|s| s.as_str().to_string())
        .collect();
    assert_eq!(
        names("/$defs/indicator/properties/strength/enum"),
        strengths
    );
    let needs: BTreeSet<String> = super::definition::Need::ALL
        .iter()
        .map(|n| n.as_str().to_string())
        .collect();
    assert_eq!(names("/$defs/need/properties/need/enum"), needs);
}

// ---------------------------------------------------------------------------------------
// The format reference in docs/forms.md.

#[test]
fn the_example_form_in_the_format_reference_loads() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/forms.md");
    let doc = std::fs::read_to_string(path).expect("docs/forms.md exists");
    let start = doc
        .find("```json\n")
        .expect("docs/forms.md has a JSON example")
        + 8;
    let end = start + doc[start..].find("\n```").expect("the example ends");
    let form = Form::from_json(&doc.as_bytes()[start..end])
        .unwrap_or_else(|e| panic!("the example in docs/forms.md does not load: {e}"));
    assert!(form.supports("kk"));
    assert!(!form.needs.is_empty() && !form.indicators.is_empty());
}

// ---------------------------------------------------------------------------------------
// Population scopes.

#[test]
fn a_population_scope_limits_its_indicators_to_the_answers_that_meet_it() {
    let form = load(&changed(|f| {
        f["populations"] = json!([{"id": "adult_labour", "if": "papers_held == \"yes\""}]);
    }))
    .unwrap();
    let yes: AnswerMap = [("papers_held".to_string(), Answer::YesNo(YesNo::Yes))].into();
    let no: AnswerMap = [("papers_held".to_string(), Answer::YesNo(YesNo::No))].into();
    assert!(form.population_in_scope("adult_labour", &yes));
    assert!(!form.population_in_scope("adult_labour", &no));
    assert!(
        form.population_in_scope("adult_sexual", &no),
        "unnamed populations always count"
    );
}

#[test]
fn a_population_scope_must_name_a_population_of_the_forms_indicators() {
    let e = problem(|f| f["populations"] = json!([{"id": "children", "if": "true"}]));
    assert_eq!(e.place, Place::Population("children".into()));
    assert!(
        e.to_string().contains("no indicator of the form belongs"),
        "{e}"
    );
}

#[test]
fn a_population_scope_given_twice_or_testing_declined_is_rejected() {
    let e = problem(|f| {
        f["populations"] = json!([
            {"id": "adult_labour", "if": "true"},
            {"id": "adult_labour", "if": "true"}
        ])
    });
    assert!(matches!(
        e.problem,
        Problem::Duplicate {
            what: "population",
            ..
        }
    ));
    let e = problem(|f| {
        f["populations"] = json!([{"id": "adult_labour", "if": "papers_held == \"declined\""}])
    });
    assert_eq!(e.place, Place::Population("adult_labour".into()));
}
