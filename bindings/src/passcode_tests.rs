//! Passcodes through the facade as the apps pass them: a weak one is refused with the
//! typed `WeakPasscode` naming the rule, and the strength estimate the passcode screens
//! show.

use pollster::block_on;

use crate::error::SenimError;
use crate::passcode::{PasscodeProblem, StrengthWarning, passcode_strength};
use crate::vault::SenimVault;

fn code(text: &str) -> crate::Passcode {
    text.as_bytes().to_vec().into()
}

/// The error creating a vault with `passcode` gives (refused before any key work).
fn create_refusal(passcode: &str) -> SenimError {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault").display().to_string();
    block_on(SenimVault::create(
        path,
        code(passcode),
        crate::tests::memory(),
    ))
    .err()
    .unwrap_or_else(|| panic!("{passcode:?} was accepted"))
}

#[test]
fn each_weak_passcode_is_refused_with_the_problem_it_has() {
    for (passcode, problem) in [
        ("12345", PasscodeProblem::TooShort),
        ("password", PasscodeProblem::Common),
        ("пароль", PasscodeProblem::Common),
        ("777777", PasscodeProblem::RepeatedCharacter),
        ("345678", PasscodeProblem::Sequence),
        ("abcabc", PasscodeProblem::RepeatedGroup),
        ("summer2019", PasscodeProblem::TooWeak),
    ] {
        match create_refusal(passcode) {
            SenimError::WeakPasscode { problem: p } => assert_eq!(p, problem, "{passcode:?}"),
            other => panic!("{passcode:?}: {other:?}"),
        }
    }
}

#[test]
fn a_weak_new_passcode_is_refused_and_the_old_one_still_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault").display().to_string();
    let vault = block_on(SenimVault::create(
        path,
        code("correct horse 7"),
        crate::tests::memory(),
    ))
    .unwrap();
    let e = block_on(vault.change_passcode(code("correct horse 7"), code("482915"))).unwrap_err();
    assert!(
        matches!(
            e,
            SenimError::WeakPasscode {
                problem: PasscodeProblem::TooWeak
            }
        ),
        "{e:?}"
    );
    vault.lock().unwrap();
    block_on(vault.unlock(code("correct horse 7"), None)).unwrap();
}

#[test]
fn the_strength_of_a_passphrase_fills_the_bar_with_no_advice() {
    let s = passcode_strength(code("correct horse battery")).unwrap();
    assert_eq!((s.score, s.minimum_score), (4, 2));
    assert_eq!((s.problem, s.warning, s.advice_key), (None, None, None));
    assert!(s.guesses_log10 > 10.0);
}

#[test]
fn the_strength_of_a_common_passcode_in_cyrillic_is_zero_with_its_reason() {
    let s = passcode_strength(code("пароль")).unwrap();
    assert_eq!(s.score, 0);
    assert_eq!(s.problem, Some(PasscodeProblem::Common));
    assert_eq!(s.warning, Some(StrengthWarning::TopHundredPasscode));
    let key = s.advice_key.expect("advice");
    assert_eq!(key, "common-passcode-advice-common");
    let say = |tag: &str| {
        crate::l10n::Localizer::new(tag.into())
            .unwrap()
            .text(key.clone())
            .unwrap()
    };
    assert_eq!(say("en"), "This is one of the most common passcodes.");
    assert_eq!(say("ru"), "Это один из самых распространённых кодов.");
    assert_eq!(say("kk"), "Бұл ең көп қолданылатын кодтардың бірі.");
}

#[test]
fn the_strength_of_a_passcode_too_easy_to_guess_says_what_to_change() {
    let s = passcode_strength(code("summer2019")).unwrap();
    assert!(s.score < s.minimum_score);
    assert_eq!(s.problem, Some(PasscodeProblem::TooWeak));
    assert!(s.advice_key.is_some());
    assert!(!s.suggestions.is_empty());
}

/// Every line of advice the estimate can give has its words in every complete
/// language, the English ones the estimator's own, the others in their own words.
#[test]
fn every_line_of_advice_is_in_the_catalog_in_every_complete_language() {
    let catalog = senim_l10n::Catalog::builtin().unwrap();
    let all = senim_vault::PasscodeAdvice::all();
    assert_eq!(all.len(), 2 + 14 + 13);
    for advice in all {
        let en = catalog
            .format(senim_l10n::Locale::En, advice.key(), None)
            .unwrap();
        assert_eq!(en, advice.text(), "{advice:?}");
        for locale in [senim_l10n::Locale::Ru, senim_l10n::Locale::Kk] {
            let said = catalog.format(locale, advice.key(), None).unwrap();
            assert_ne!(said, en, "{locale}: {advice:?}");
        }
    }
}

#[test]
fn bytes_that_are_not_text_are_invalid_input_not_a_score() {
    let e = passcode_strength(vec![0xff, 0xfe, 0x41].into()).unwrap_err();
    assert!(
        matches!(&e, SenimError::InvalidInput { field, .. } if field == "passcode"),
        "{e:?}"
    );
}

#[test]
fn a_passcode_change_through_the_app_replaces_the_key_and_never_lowers_the_derivation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault").display().to_string();
    let vault = block_on(SenimVault::create(
        path.clone(),
        code("correct horse 7"),
        crate::tests::memory(),
    ))
    .unwrap();
    let change =
        block_on(vault.change_passcode(code("correct horse 7"), code("новый пароль на зиму 7")))
            .unwrap();
    // The device was measured again: a raise names its parameters, never below 46 MiB.
    assert_eq!(change.kdf_raised, change.kdf_memory_mib.is_some());
    assert_eq!(change.kdf_raised, change.kdf_passes.is_some());
    if let Some(mib) = change.kdf_memory_mib {
        assert!(mib >= 46, "{mib} MiB");
    }
    vault.lock().unwrap();
    let old = block_on(vault.unlock(code("correct horse 7"), None)).unwrap_err();
    assert!(matches!(old, SenimError::WrongPasscode { .. }), "{old:?}");
    block_on(vault.unlock(code("новый пароль на зиму 7"), None)).unwrap();
}
