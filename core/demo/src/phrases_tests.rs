//! The phrase files: the bundled ones load, and a broken one is refused with every
//! problem named by file and place. One rule per test.

use serde_json::{Value, json};

use super::*;
use senim_content::screening::Level;
use senim_records::Gender;

/// The bundled files as JSON, to break one thing at a time.
struct Files {
    places: Value,
    stories: Value,
    notes: Value,
    people: Value,
}

fn bundled_files() -> Files {
    let parse = |bytes: &[u8]| serde_json::from_slice::<Value>(bytes).unwrap();
    Files {
        places: parse(BUNDLED.places),
        stories: parse(BUNDLED.stories),
        notes: parse(BUNDLED.notes),
        people: parse(BUNDLED.people),
    }
}

fn load_files(files: &Files) -> Result<Phrases, PhraseErrors> {
    let bytes = |v: &Value| serde_json::to_vec(v).unwrap();
    let (places, stories, notes, people) = (
        bytes(&files.places),
        bytes(&files.stories),
        bytes(&files.notes),
        bytes(&files.people),
    );
    load(&Sources {
        places: &places,
        stories: &stories,
        notes: &notes,
        people: &people,
    })
}

/// The problems found once `edit` has broken the bundled files.
fn problems_after(edit: impl FnOnce(&mut Files)) -> Vec<PhraseError> {
    let mut files = bundled_files();
    edit(&mut files);
    match load_files(&files) {
        Ok(_) => panic!("the broken files loaded"),
        Err(PhraseErrors(errors)) => errors,
    }
}

fn error(file: &'static str, path: &str, problem: Problem) -> PhraseError {
    PhraseError {
        file,
        path: path.to_string(),
        problem,
    }
}

fn remove(value: &mut Value, key: &str) {
    value.as_object_mut().unwrap().remove(key).unwrap();
}

#[test]
fn the_bundled_phrase_files_load() {
    let phrases = bundled().unwrap();
    assert!(!phrases.places.is_empty());
    for level in Level::ALL {
        assert!(phrases.stories.iter().any(|s| s.level == level), "{level}");
    }
    assert!(!phrases.notes.openers.is_empty());
    assert!(!phrases.people.of(Gender::NotStated).is_empty());
}

#[test]
fn the_bundled_files_load_the_same_through_json_values() {
    assert_eq!(load_files(&bundled_files()).unwrap(), *bundled().unwrap());
}

#[test]
fn a_phrase_is_read_in_the_note_language_asked_for() {
    let quiet = &bundled().unwrap().notes.quiet;
    assert!(quiet.of(Lang::En).starts_with("Quiet day"));
    assert!(quiet.of(Lang::Ru).starts_with("Спокойный"));
    assert!(quiet.of(Lang::Kk).starts_with("Тыныш"));
}

#[test]
fn an_empty_phrase_is_refused_naming_its_file_and_place() {
    let errors = problems_after(|f| f.notes["details"][3]["ru"] = json!("  "));
    assert_eq!(
        errors,
        [error("phrases/notes.json", "details[3].ru", Problem::Empty)]
    );
    assert_eq!(
        errors[0].to_string(),
        "phrases/notes.json: details[3].ru: empty"
    );
}

#[test]
fn a_phrase_without_a_note_language_is_refused() {
    let errors = problems_after(|f| remove(&mut f.people["women"][1], "kk"));
    assert_eq!(
        errors,
        [error(
            "phrases/people.json",
            "women[1]",
            Problem::MissingLanguage { language: "kk" }
        )]
    );
}

#[test]
fn a_phrase_in_a_language_notes_are_not_written_in_is_refused() {
    let errors = problems_after(|f| f.notes["quiet"]["kz"] = json!("Тыныш күн."));
    assert_eq!(
        errors,
        [error(
            "phrases/notes.json",
            "quiet",
            Problem::UnknownLanguage {
                language: "kz".into()
            }
        )]
    );
}

#[test]
fn a_placeholder_the_table_does_not_fill_is_refused() {
    let errors = problems_after(|f| {
        for lang in ["en", "ru", "kk"] {
            let text = f.notes["actions"][2]["text"][lang].as_str().unwrap();
            f.notes["actions"][2]["text"][lang] = json!(format!("{text} {{n}}"));
        }
    });
    assert_eq!(errors.len(), 3);
    assert_eq!(
        errors[0],
        error(
            "phrases/notes.json",
            "actions[2].text.en",
            Problem::UnknownPlaceholder {
                name: "n".into(),
                allowed: &[]
            }
        )
    );
}

#[test]
fn an_unknown_placeholder_is_refused_where_placeholders_are_filled() {
    let errors = problems_after(|f| f.places["settings"][0]["spots"][1]["en"] = json!("row {m}"));
    assert!(errors.contains(&error(
        "phrases/places.json",
        "settings[0].spots[1].en",
        Problem::UnknownPlaceholder {
            name: "m".into(),
            allowed: &["n"]
        }
    )));
}

#[test]
fn a_placeholder_dropped_in_one_translation_is_refused() {
    let errors = problems_after(|f| {
        f.notes["details"][3]["kk"] = json!("Қазақстанда бірнеше ай болды.");
    });
    assert_eq!(
        errors,
        [error(
            "phrases/notes.json",
            "details[3].kk",
            Problem::PlaceholdersDiffer {
                expected: vec!["n".into()],
                found: vec![]
            }
        )]
    );
}

#[test]
fn the_screening_sentence_must_name_the_interview_language() {
    let errors = problems_after(|f| {
        for lang in ["en", "ru", "kk"] {
            f.notes["screened"][lang] = json!("Screening interview.");
        }
    });
    assert_eq!(errors.len(), 3);
    assert_eq!(
        errors[1],
        error(
            "phrases/notes.json",
            "screened.ru",
            Problem::MissingPlaceholder { name: "language" }
        )
    );
}

#[test]
fn an_unclosed_placeholder_is_refused() {
    let errors = problems_after(|f| f.notes["details"][5]["en"] = json!("Shares a room with {n"));
    assert!(errors.contains(&error(
        "phrases/notes.json",
        "details[5].en",
        Problem::UnclosedPlaceholder
    )));
}

#[test]
fn a_missing_table_is_refused_with_the_line_of_the_file() {
    let errors = problems_after(|f| remove(&mut f.notes, "follow_ups"));
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].file, "phrases/notes.json");
    assert!(
        matches!(&errors[0].problem, Problem::Syntax { message, .. } if message.contains("follow_ups")),
        "{}",
        errors[0]
    );
}

#[test]
fn a_misspelt_field_is_refused() {
    let errors = problems_after(|f| {
        let story = f.stories["stories"][0].as_object_mut().unwrap();
        let summary = story.remove("summary").unwrap();
        story.insert("sumary".into(), summary);
    });
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].file, "phrases/stories.json");
    assert!(errors[0].to_string().contains("sumary"), "{}", errors[0]);
}

#[test]
fn an_empty_table_the_generator_picks_from_is_refused() {
    let errors = problems_after(|f| f.people["men"] = json!([]));
    assert_eq!(
        errors,
        [error("phrases/people.json", "men", Problem::NoEntries)]
    );
}

#[test]
fn a_level_without_a_story_is_refused() {
    let errors = problems_after(|f| {
        f.stories["stories"]
            .as_array_mut()
            .unwrap()
            .retain(|s| s["level"] != "likely");
    });
    assert_eq!(
        errors,
        [error(
            "phrases/stories.json",
            "stories",
            Problem::Missing {
                what: "no story at level 'likely'".into()
            }
        )]
    );
}

#[test]
fn a_story_whose_sector_no_place_serves_is_refused() {
    let errors = problems_after(|f| f.stories["stories"][4]["sector"] = json!("fishing"));
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].path, "stories[4].sector");
    assert!(matches!(errors[0].problem, Problem::Missing { .. }));
}

#[test]
fn a_setting_and_gender_without_an_opener_is_refused() {
    let errors = problems_after(|f| {
        f.notes["openers"]
            .as_array_mut()
            .unwrap()
            .retain(|o| o.get("gender").is_some() || o["settings"] != json!([]));
    });
    assert!(errors.contains(&error(
        "phrases/notes.json",
        "openers",
        Problem::Missing {
            what: "no opener fits setting 'market' and a person of gender 'not_stated'".into()
        }
    )));
}

#[test]
fn a_place_in_an_undefined_setting_is_refused() {
    let errors = problems_after(|f| f.places["places"][2]["setting"] = json!("harbour"));
    assert_eq!(
        errors,
        [error(
            "phrases/places.json",
            "places[2].setting",
            Problem::UnknownSetting {
                id: "harbour".into()
            }
        )]
    );
}

#[test]
fn a_setting_no_place_uses_is_refused() {
    let errors = problems_after(|f| {
        f.places["settings"].as_array_mut().unwrap().push(json!({
            "id": "harbour",
            "tag": "harbour",
            "spots": [{"en": "pier {n}", "ru": "причал {n}", "kk": "{n}-айлақ"}]
        }));
    });
    assert_eq!(
        errors,
        [error(
            "phrases/places.json",
            "settings[9].id",
            Problem::UnusedSetting {
                id: "harbour".into()
            }
        )]
    );
}

#[test]
fn a_zero_weight_is_refused() {
    let errors = problems_after(|f| f.places["places"][0]["weight"] = json!(0));
    assert_eq!(
        errors,
        [error(
            "phrases/places.json",
            "places[0].weight",
            Problem::ZeroWeight
        )]
    );
}

#[test]
fn a_position_off_the_globe_is_refused() {
    let errors = problems_after(|f| f.places["places"][1]["lat"] = json!(143.3));
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].path, "places[1].lat");
    assert!(matches!(errors[0].problem, Problem::OutOfRange { .. }));
}

#[test]
fn a_level_without_a_result_line_is_refused() {
    let errors = problems_after(|f| remove(&mut f.notes["results"], "possible"));
    assert_eq!(
        errors,
        [error(
            "phrases/notes.json",
            "results",
            Problem::Missing {
                what: "no result line for level 'possible'".into()
            }
        )]
    );
}

#[test]
fn a_result_line_for_no_level_is_refused() {
    let errors = problems_after(|f| {
        let likely = f.notes["results"]["likely"].clone();
        f.notes["results"]["urgent"] = likely;
    });
    assert_eq!(
        errors,
        [error(
            "phrases/notes.json",
            "results.urgent",
            Problem::UnknownLevel {
                found: "urgent".into()
            }
        )]
    );
}

#[test]
fn an_interview_language_without_a_name_is_refused() {
    let errors = problems_after(|f| {
        f.notes["language_names"]
            .as_array_mut()
            .unwrap()
            .retain(|l| l["code"] != "tg");
    });
    assert_eq!(
        errors,
        [error(
            "phrases/notes.json",
            "language_names",
            Problem::Missing {
                what: "no name for the interview language 'tg'".into()
            }
        )]
    );
}

#[test]
fn a_tag_not_in_its_written_form_is_refused() {
    let errors = problems_after(|f| f.stories["stories"][6]["tags"][0] = json!("Unpaid Wages"));
    assert_eq!(
        errors,
        [error(
            "phrases/stories.json",
            "stories[6].tags[0]",
            Problem::InvalidTag
        )]
    );
}

#[test]
fn an_answer_both_core_and_extra_is_refused() {
    let errors = problems_after(|f| f.stories["stories"][6]["extra"][0] = json!("underpaid"));
    assert_eq!(
        errors,
        [error(
            "phrases/stories.json",
            "stories[6].extra[0]",
            Problem::CoreAndExtra {
                id: "underpaid".into()
            }
        )]
    );
}

#[test]
fn a_description_too_long_for_an_alias_is_refused() {
    let errors = problems_after(|f| f.people["people"][0]["en"] = json!("x".repeat(81)));
    assert_eq!(
        errors,
        [error(
            "phrases/people.json",
            "people[0].en",
            Problem::TooLong { max: 80 }
        )]
    );
}

#[test]
fn a_control_character_in_a_phrase_is_refused() {
    let errors = problems_after(|f| f.notes["danger"]["en"] = json!("In danger\nnow."));
    assert_eq!(
        errors,
        [error(
            "phrases/notes.json",
            "danger.en",
            Problem::ControlCharacter
        )]
    );
}

#[test]
fn every_problem_in_every_file_is_reported_at_once() {
    let errors = problems_after(|f| {
        f.people["women"][0]["ru"] = json!("");
        f.notes["follow_ups"][1]["en"] = json!("");
        f.places["places"][3]["weight"] = json!(0);
    });
    let places: Vec<String> = errors
        .iter()
        .map(|e| format!("{}: {}", e.file, e.path))
        .collect();
    assert_eq!(
        places,
        [
            "phrases/places.json: places[3].weight",
            "phrases/notes.json: follow_ups[1].en",
            "phrases/people.json: women[0].ru",
        ]
    );
    let all = PhraseErrors(errors).to_string();
    assert!(
        all.starts_with("3 problem(s) in the demo phrase files"),
        "{all}"
    );
}
