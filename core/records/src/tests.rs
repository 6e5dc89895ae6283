//! Record validation: what is accepted, what is refused.

use proptest::prelude::*;

use super::*;

proptest! {
    #[test]
    fn any_string_parses_as_an_id_a_kind_or_a_tag_or_fails_cleanly(s in any::<String>()) {
        let _ = s.parse::<RecordId>();
        let _ = s.parse::<RecordKind>();
        let _ = normalize_tag(&s);
    }
}

#[test]
fn record_ids_print_and_parse_as_32_hex_digits() {
    let id = RecordId::random().unwrap();
    let s = id.to_string();
    assert_eq!(s.len(), 32);
    assert_eq!(s.parse::<RecordId>().unwrap(), id);
    assert!("xyz".parse::<RecordId>().is_err());
}

#[test]
fn coordinates_are_rounded_to_about_a_kilometre() {
    let l = CoarseLocation::new(43.238_949, 76.889_709).unwrap();
    assert_eq!((l.lat, l.lon), (43.24, 76.89));
    assert!(CoarseLocation::new(f64::NAN, 0.0).is_err());
    assert!(CoarseLocation::new(91.0, 0.0).is_err());
}

#[test]
fn a_language_is_an_iso_639_code_optionally_with_a_script() {
    for ok in ["ru", "kk", "uz", "uz-Cyrl", "tg", "uzb-Latn"] {
        assert!(is_language_tag(ok), "{ok}");
    }
    for bad in [
        "",
        "r",
        "RU",
        "russian",
        "uz-cyrl",
        "uz-CYRL",
        "uz-Cyr",
        "uz-",
        "uz-Cyrl-UZ",
        "uz_Cyrl",
    ] {
        assert!(!is_language_tag(bad), "{bad}");
    }
    let interview = |language: &str| {
        RecordBody::Interview(Interview {
            form_id: "central_asia_screening".into(),
            form_version: "2.0.0".into(),
            form_hash: String::new(),
            language: language.into(),
            subject: None,
            status: InterviewStatus::InProgress,
            answers: BTreeMap::new(),
            skipped: Vec::new(),
            consent: None,
            started_at: chrono::Utc::now(),
            finished_at: None,
            assessment: None,
        })
        .validate()
    };
    assert!(interview("uz-Cyrl").is_ok());
    match interview("uz-cyrl") {
        Err(Error::InvalidInput { field, .. }) => assert_eq!(field, "language"),
        other => panic!("expected an invalid language, got {other:?}"),
    }
}
