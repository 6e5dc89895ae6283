//! Uzbek in Cyrillic script (`uz-Cyrl`) beside Latin (`uz`): form 2, rule set 2 and the
//! services directory carry every Uzbek text in both scripts, the Cyrillic one a draft
//! marked for review that falls back to Russian; an interview and its result run in it.

use serde_json::Value as Json;

use super::answers::AnswerMap;
use super::definition::Form;
use crate::screening::{Directory, RuleSet, assess};
use crate::{Library, interview_language};
use senim_records::{Answer, YesNo};

const FORM: &[u8] = include_bytes!("../../forms/central-asia-screening-v2.json");
const RULES: &[u8] = include_bytes!("../../rules/ilo-ec-2009-v2.json");
const SERVICES: &[u8] = include_bytes!("../../services/kz.json");

/// Latin words a Cyrillic text may keep: brand names, abbreviations, dimension codes.
const KEPT: [&str; 12] = [
    "Telegram",
    "Instagram",
    "QR",
    "IT",
    "DR",
    "CR",
    "VR",
    "EX",
    "CD",
    "VD",
    "FL",
    "Senim",
];

/// Every (uz, uz-Cyrl) pair of texts in a content file.
fn pairs(v: &Json, out: &mut Vec<(String, Json)>) {
    match v {
        Json::Object(map) if map.contains_key("en") && map.contains_key("ru") => {
            let uz = map.get("uz").map(|t| t.get("text").unwrap_or(t).clone());
            out.push((
                uz.and_then(|t| t.as_str().map(str::to_string))
                    .unwrap_or_default(),
                map.get("uz-Cyrl").cloned().unwrap_or(Json::Null),
            ));
        }
        Json::Object(map) => map.values().for_each(|v| pairs(v, out)),
        Json::Array(items) => items.iter().for_each(|v| pairs(v, out)),
        _ => {}
    }
}

fn latin_words(text: &str) -> Vec<String> {
    let without_placeholders: String = text
        .split('{')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once('}').map_or(part, |p| p.1)
            }
        })
        .collect();
    without_placeholders
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty() && !KEPT.contains(w))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_uzbek_text_has_a_cyrillic_draft_in_cyrillic_letters() {
    for (name, bytes) in [("form", FORM), ("rule set", RULES), ("services", SERVICES)] {
        let v: Json = serde_json::from_slice(bytes).unwrap();
        let languages: Vec<&str> = v["languages"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Json::as_str)
            .collect();
        assert!(
            languages.contains(&"uz") && languages.contains(&"uz-Cyrl"),
            "{name}"
        );
        assert_eq!(
            v["fallback"]["uz-Cyrl"],
            serde_json::json!(["ru"]),
            "{name}"
        );
        let mut all = Vec::new();
        pairs(&v, &mut all);
        assert!(all.len() > 40, "{name}: {}", all.len());
        for (latin, cyrillic) in all {
            assert!(!latin.is_empty(), "{name}: an Uzbek text is missing");
            assert_eq!(
                cyrillic["needs_review"],
                Json::Bool(true),
                "{name}: {latin}"
            );
            let text = cyrillic["text"].as_str().unwrap();
            assert!(
                latin_words(text).is_empty(),
                "{name}: Latin left in {text:?}: {:?}",
                latin_words(text)
            );
            assert!(!text.contains(['ʻ', 'ʼ', '‘', '’']), "{name}: {text}");
        }
    }
}

#[test]
fn the_picker_names_uzbek_in_each_script() {
    let form = Form::from_json(FORM).unwrap();
    for tag in &form.languages {
        assert!(interview_language(tag).is_some(), "{tag}");
    }
    let uz = interview_language("uz").unwrap();
    let cyrl = interview_language("uz-Cyrl").unwrap();
    assert_eq!((uz.script, cyrl.script), ("Latn", "Cyrl"));
    assert_ne!(uz.native_name, cyrl.native_name);
    assert!(interview_language("uz-Arab").is_none());
}

#[test]
fn an_interview_and_its_result_run_in_cyrillic_uzbek() {
    let lib = Library::bundled().unwrap();
    let form = lib.form("central_asia_screening", None).unwrap();
    assert!(form.supports("uz-Cyrl"));
    let label = form.localize(&form.question("documents_taken").unwrap().label, "uz-Cyrl");
    assert_eq!(label.language, "uz-Cyrl");
    assert!(label.needs_review);
    assert!(label.text.starts_with("Кимдир"), "{}", label.text);

    let rules = RuleSet::bundled_v2().unwrap();
    let mut answers = AnswerMap::new();
    for (q, a) in [
        ("safe_to_talk", Answer::YesNo(YesNo::Yes)),
        ("age_group", Answer::Choice("age_25_34".into())),
        ("documents_taken", Answer::YesNo(YesNo::Yes)),
        ("cannot_leave", Answer::YesNo(YesNo::Yes)),
    ] {
        answers.insert(q.into(), a);
    }
    let a = assess(&form, &rules, &answers, "uz-Cyrl").unwrap();
    assert_eq!(a.language, "uz-Cyrl");
    assert_eq!(a.headline.language, "uz-Cyrl");
    assert!(
        latin_words(&a.headline.text).is_empty(),
        "{}",
        a.headline.text
    );
    assert!(a.explanation.iter().all(|l| l.language == "uz-Cyrl"));

    let dir = Directory::bundled().unwrap();
    let name = dir.localize(&dir.service("emergency").unwrap().name, "uz-Cyrl");
    assert_eq!(name.language, "uz-Cyrl");
}
