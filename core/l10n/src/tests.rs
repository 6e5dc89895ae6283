//! The catalog's consistency (every key in every complete locale, the same variables on
//! both sides, keys in their area's file) and the lookup's behaviour (plurals,
//! fallbacks, typed errors).

use std::collections::BTreeSet;

use crate::{Arg, Args, Catalog, Error, Locale, Localizer, MessageShape, RESOURCES};

fn catalog() -> &'static Catalog {
    Catalog::builtin().expect("the built-in catalog loads")
}

fn shapes(locale: Locale) -> Vec<MessageShape> {
    catalog().messages(locale)
}

/// Messages whose text is the same in every language (names, not words).
const SAME_IN_EVERY_LANGUAGE: &[&str] = &["app-name", "cli-column-id"];

/// Every variable a message reads, set to a number (a number formats in a text slot
/// too, and selects a plural form).
fn sample_args(shape: &MessageShape) -> Args {
    let mut args = Args::new();
    for name in &shape.variables {
        args.set(name, 3);
    }
    args
}

#[test]
fn the_builtin_catalog_holds_every_complete_locale_and_resource() {
    assert_eq!(catalog().locales(), Locale::COMPLETE.to_vec());
    for locale in Locale::COMPLETE {
        let resources: BTreeSet<String> = shapes(locale).into_iter().map(|s| s.resource).collect();
        let expected: BTreeSet<String> = RESOURCES.iter().map(|r| r.to_string()).collect();
        assert_eq!(resources, expected, "{locale}");
    }
}

#[test]
fn every_key_is_in_every_complete_locale() {
    let keys = |locale| -> BTreeSet<String> { shapes(locale).into_iter().map(|s| s.key).collect() };
    let english = keys(Locale::En);
    assert!(english.len() > 10, "the catalog has messages");
    for locale in [Locale::Ru, Locale::Kk] {
        let theirs = keys(locale);
        let missing: Vec<_> = english.difference(&theirs).collect();
        let extra: Vec<_> = theirs.difference(&english).collect();
        assert!(missing.is_empty(), "missing in {locale}: {missing:?}");
        assert!(extra.is_empty(), "only in {locale}, not in en: {extra:?}");
    }
}

#[test]
fn every_message_takes_the_same_variables_and_attributes_in_every_locale() {
    let english = shapes(Locale::En);
    for locale in [Locale::Ru, Locale::Kk] {
        let theirs = shapes(locale);
        for (en, other) in english.iter().zip(&theirs) {
            assert_eq!(en.key, other.key);
            assert_eq!(en.variables, other.variables, "{} in {locale}", en.key);
            assert_eq!(en.attributes, other.attributes, "{} in {locale}", en.key);
            assert_eq!(en.resource, other.resource, "{} in {locale}", en.key);
            assert_eq!(en.has_value, other.has_value, "{} in {locale}", en.key);
        }
    }
}

#[test]
fn every_key_starts_with_its_resource_name() {
    for locale in Locale::COMPLETE {
        for shape in shapes(locale) {
            assert!(
                shape.key.starts_with(&format!("{}-", shape.resource)),
                "{} in {locale}/{}.ftl",
                shape.key,
                shape.resource
            );
        }
    }
}

#[test]
fn every_message_formats_in_every_locale_and_is_translated() {
    for shape in shapes(Locale::En) {
        let args = sample_args(&shape);
        let keys: Vec<String> = std::iter::once(shape.key.clone())
            .filter(|_| shape.has_value)
            .chain(
                shape
                    .attributes
                    .iter()
                    .map(|a| format!("{}.{a}", shape.key)),
            )
            .collect();
        for key in keys {
            let english = catalog().format(Locale::En, &key, Some(&args)).unwrap();
            assert!(!english.trim().is_empty(), "{key} is empty");
            for locale in [Locale::Ru, Locale::Kk] {
                let text = catalog().format(locale, &key, Some(&args)).unwrap();
                assert!(!text.contains('\u{2068}'), "{key}: isolation marks");
                if !SAME_IN_EVERY_LANGUAGE.contains(&shape.key.as_str()) {
                    assert_ne!(text, english, "{key} is not translated into {locale}");
                }
            }
        }
    }
}

fn records(locale: Locale, count: impl Into<Arg>) -> String {
    Localizer::new(locale)
        .unwrap()
        .format("common-records", &args!["count" => count])
        .unwrap()
}

#[test]
fn russian_plurals_follow_cldr() {
    let cases = [
        (1, "1 запись"),
        (2, "2 записи"),
        (5, "5 записей"),
        (11, "11 записей"),
        (21, "21 запись"),
        (22, "22 записи"),
        (0, "0 записей"),
    ];
    for (n, expected) in cases {
        assert_eq!(records(Locale::Ru, n), expected);
    }
    // A fraction takes "other", with the Russian decimal comma.
    assert_eq!(records(Locale::Ru, 1.5), "1,5 записи");
}

#[test]
fn kazakh_and_english_plurals_follow_cldr() {
    for (n, kk, en) in [
        (1, "1 жазба", "1 record"),
        (2, "2 жазба", "2 records"),
        (5, "5 жазба", "5 records"),
        (21, "21 жазба", "21 records"),
    ] {
        assert_eq!(records(Locale::Kk, n), kk);
        assert_eq!(records(Locale::En, n), en);
    }
}

#[test]
fn uzbek_kyrgyz_and_tajik_are_spoken_in_russian() {
    for locale in [Locale::Uz, Locale::Ky, Locale::Tg] {
        assert!(!locale.is_complete());
        assert_eq!(locale.fallback(), Some(Locale::Ru));
        let localizer = Localizer::new(locale).unwrap();
        assert_eq!(localizer.locale(), locale);
        for shape in shapes(Locale::En).into_iter().filter(|s| s.has_value) {
            let args = sample_args(&shape);
            assert_eq!(
                localizer.format(&shape.key, &args).unwrap(),
                catalog()
                    .format(Locale::Ru, &shape.key, Some(&args))
                    .unwrap(),
                "{} in {locale}",
                shape.key
            );
        }
        assert_eq!(records(locale, 21), "21 запись");
    }
}

#[test]
fn only_kazakh_awaits_review() {
    let review: Vec<Locale> = Locale::ALL
        .into_iter()
        .filter(|l| l.needs_review())
        .collect();
    assert_eq!(review, vec![Locale::Kk]);
}

#[test]
fn a_message_missing_from_a_locale_falls_back_to_english() {
    let catalog = Catalog::from_sources(&[
        (Locale::En, "app", "app-a = A\napp-b = B { $n }\n"),
        (Locale::Ru, "app", "app-a = А\n"),
    ])
    .unwrap();
    assert_eq!(catalog.format(Locale::Ru, "app-a", None).unwrap(), "А");
    assert_eq!(
        catalog
            .format(Locale::Uz, "app-b", Some(&args!["n" => 2]))
            .unwrap(),
        "B 2"
    );
    // Kazakh has no resource at all in this catalog: English.
    assert_eq!(catalog.format(Locale::Kk, "app-a", None).unwrap(), "A");
}

#[test]
fn an_unknown_key_or_attribute_is_a_typed_error() {
    let en = Localizer::new(Locale::En).unwrap();
    assert_eq!(
        en.text("app-no-such-message"),
        Err(Error::UnknownKey {
            key: "app-no-such-message".into()
        })
    );
    assert!(matches!(
        en.text("app-name.no-such-attribute"),
        Err(Error::UnknownKey { .. })
    ));
    assert!(matches!(en.text(""), Err(Error::UnknownKey { .. })));
    // A key from outside is shortened and stripped of control characters.
    let long = format!("x\u{7}{}", "y".repeat(500));
    match en.text(&long) {
        Err(Error::UnknownKey { key }) => {
            assert_eq!(key.chars().count(), 80);
            assert!(!key.contains('\u{7}'));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_missing_variable_is_a_typed_error_naming_it() {
    let ru = Localizer::new(Locale::Ru).unwrap();
    match ru.text("common-records") {
        Err(Error::Format {
            key,
            locale,
            problem,
        }) => {
            assert_eq!(key, "common-records");
            assert_eq!(locale, Locale::Ru);
            assert!(problem.contains("count"), "{problem}");
        }
        other => panic!("{other:?}"),
    }
    // A message of attributes only has no value to show.
    let catalog =
        Catalog::from_sources(&[(Locale::En, "app", "app-x =\n    .title = T\n")]).unwrap();
    assert!(matches!(
        catalog.format(Locale::En, "app-x", None),
        Err(Error::Format { .. })
    ));
    assert_eq!(
        catalog.format(Locale::En, "app-x.title", None).unwrap(),
        "T"
    );
}

#[test]
fn a_broken_or_doubled_resource_is_a_typed_error() {
    match Catalog::from_sources(&[(Locale::Ru, "cli", "cli-a = { $n\n")]) {
        Err(Error::Resource { locale, file, .. }) => {
            assert_eq!(locale, Locale::Ru);
            assert_eq!(file, "cli");
        }
        other => panic!("{other:?}"),
    }
    match Catalog::from_sources(&[
        (Locale::En, "app", "app-a = A\n"),
        (Locale::En, "cli", "app-a = B\n"),
    ]) {
        Err(Error::Resource { file, problem, .. }) => {
            assert_eq!(file, "cli");
            assert!(problem.contains("app-a"), "{problem}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn tags_parse_by_their_language() {
    for (tag, locale) in [
        ("en", Locale::En),
        ("RU", Locale::Ru),
        ("ru-RU", Locale::Ru),
        ("ru_RU.UTF-8", Locale::Ru),
        ("kk-Cyrl-KZ", Locale::Kk),
        ("kk_KZ.utf8@cyrillic", Locale::Kk),
        ("uz-Latn-UZ", Locale::Uz),
        ("ky_KG", Locale::Ky),
        (" tg ", Locale::Tg),
    ] {
        assert_eq!(Locale::parse(tag), Ok(locale), "{tag}");
        assert_eq!(tag.parse::<Locale>(), Ok(locale), "{tag}");
    }
    for tag in ["de", "", "C", "POSIX", "r", "ru-", "русский", "en\u{0}"] {
        assert!(
            matches!(Locale::parse(tag), Err(Error::UnknownLocale { .. })),
            "{tag:?}"
        );
    }
    assert_eq!(
        Localizer::for_tag("xx-\u{1b}[31m").unwrap_err(),
        Error::UnknownLocale {
            tag: "xx-[31m".into()
        }
    );
}

#[test]
fn negotiation_takes_the_first_known_language_else_english() {
    let cases: [(&[&str], Locale); 7] = [
        (&["C.UTF-8", "ru_RU.UTF-8"], Locale::Ru),
        (&["de-DE", "kk-KZ", "ru"], Locale::Kk),
        (&["uz-Latn-UZ", "ru"], Locale::Uz),
        (&["fr", "de"], Locale::En),
        (&[], Locale::En),
        (&["", "POSIX", "??"], Locale::En),
        (&["en-GB", "ru"], Locale::En),
    ];
    for (preferred, expected) in cases {
        assert_eq!(Locale::negotiate(preferred), expected, "{preferred:?}");
    }
}

#[test]
fn locale_names_and_tags() {
    let tags: Vec<&str> = Locale::ALL.iter().map(|l| l.tag()).collect();
    assert_eq!(tags, ["en", "ru", "kk", "uz", "ky", "tg"]);
    assert_eq!(Locale::Kk.native_name(), "Қазақша");
    assert_eq!(Locale::Tg.speaks(), Locale::Ru);
    assert_eq!(Locale::Kk.speaks(), Locale::Kk);
    assert_eq!(Locale::Ru.to_string(), "ru");
}
