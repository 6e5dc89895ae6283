//! The rules a passcode must meet before any key is derived from it. Refusals say
//! which rule, never the passcode.
//!
//! Owns the length bounds, the list of common passcodes (`common.txt.gz`: the 27,987
//! entries of at least 6 characters of the ranked list zxcvbn ships, regenerated with
//! `scripts/common-passcodes`), and the patterns a guesser tries first: one character
//! repeated, a run of consecutive digits or letters, a short group repeated. A
//! passcode typed in Cyrillic on the Russian keyboard is also checked as the Latin keys
//! it is typed with (`пароль` is `gfhjkm` on those keys, and in the list). Checked
//! when a passcode is chosen (a new vault, a passcode change, a duress passcode), never
//! at unlock: a vault made before keeps opening.

use std::collections::HashSet;
use std::io::Read;
use std::sync::OnceLock;

use crate::{Error, Result};

/// Shortest passcode accepted.
pub const MIN_PASSCODE_CHARS: usize = 6;

/// Longest group whose repetition makes a passcode (`121212`, `abcabc`, `12341234`).
const MAX_REPEATED_GROUP: usize = 4;

/// Refuses a passcode that is not UTF-8 text of at least [`MIN_PASSCODE_CHARS`]
/// characters and at most 1024 bytes, or that a guesser tries first: a common
/// passcode, one character repeated, consecutive digits or letters, a short group
/// repeated.
pub(crate) fn check_passcode(passcode: &[u8]) -> Result<()> {
    let text = std::str::from_utf8(passcode)
        .map_err(|_| Error::invalid("passcode", "must be valid UTF-8 text"))?;
    if text.chars().count() < MIN_PASSCODE_CHARS {
        return Err(Error::invalid(
            "passcode",
            format!("must be at least {MIN_PASSCODE_CHARS} characters"),
        ));
    }
    if passcode.len() > 1024 {
        return Err(Error::invalid("passcode", "must be at most 1024 bytes"));
    }
    if let Some(reason) = weakness(text) {
        return Err(Error::invalid("passcode", reason));
    }
    Ok(())
}

/// Why a guesser would try `text` early, if it is one it would.
fn weakness(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    if chars.windows(2).all(|w| w[0] == w[1]) {
        return Some("repeats one character: choose one that is harder to guess");
    }
    if is_run(&chars) {
        return Some("is a run of consecutive characters: choose one that is harder to guess");
    }
    if is_repeated_group(&chars) {
        return Some("repeats a short group: choose one that is harder to guess");
    }
    let common = common();
    if common.contains(lower.as_str()) || common.contains(latin_keys(&lower).as_str()) {
        return Some("is one of the most common passcodes: choose one that is harder to guess");
    }
    None
}

/// Each character one more, or each one less, than the one before (`123456`,
/// `987654`, `abcdef`).
fn is_run(chars: &[char]) -> bool {
    let steps: Vec<i64> = chars
        .windows(2)
        .map(|w| i64::from(u32::from(w[1])) - i64::from(u32::from(w[0])))
        .collect();
    steps.iter().all(|&s| s == 1) || steps.iter().all(|&s| s == -1)
}

/// The whole passcode one group of at most [`MAX_REPEATED_GROUP`] characters, repeated
/// (a trailing part of the group allowed: `1212121`).
fn is_repeated_group(chars: &[char]) -> bool {
    (1..=MAX_REPEATED_GROUP.min(chars.len() / 2))
        .any(|n| chars.iter().enumerate().all(|(i, c)| *c == chars[i % n]))
}

/// The keys of a QWERTY keyboard under the Russian (ЙЦУКЕН) layout's letters: what a
/// passcode typed in Cyrillic is on the Latin layout. Other characters stay.
fn latin_keys(text: &str) -> String {
    const CYRILLIC: &str = "йцукенгшщзхъфывапролджэячсмитьбюё";
    const LATIN: &str = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
    text.chars()
        .map(|c| {
            CYRILLIC
                .chars()
                .position(|k| k == c)
                .and_then(|i| LATIN.chars().nth(i))
                .unwrap_or(c)
        })
        .collect()
}

/// The list of common passcodes, decompressed once.
fn common() -> &'static HashSet<&'static str> {
    static COMMON: OnceLock<HashSet<&'static str>> = OnceLock::new();
    COMMON.get_or_init(|| {
        let mut text = String::new();
        // The file is part of the build: a failure here is a broken build, and the
        // length and pattern rules still apply with an empty list.
        if flate2::read::GzDecoder::new(&include_bytes!("common.txt.gz")[..])
            .read_to_string(&mut text)
            .is_err()
        {
            text.clear();
        }
        let text: &'static str = Box::leak(text.into_boxed_str());
        text.lines().filter(|l| !l.is_empty()).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(passcode: &str) -> String {
        match check_passcode(passcode.as_bytes()) {
            Err(e) => e.to_string(),
            Ok(()) => panic!("{passcode:?} was accepted"),
        }
    }

    #[test]
    fn the_bundled_list_holds_at_least_ten_thousand_passcodes() {
        assert!(common().len() >= 10_000, "{}", common().len());
        assert!(common().contains("password"));
    }

    #[test]
    fn common_passcodes_are_refused_whatever_their_case() {
        for p in [
            "password",
            "Password",
            "QWERTY123",
            "1q2w3e4r",
            "iloveyou",
            "159753",
        ] {
            assert!(refused(p).contains("most common passcodes"), "{p}");
        }
    }

    #[test]
    fn a_common_passcode_typed_in_cyrillic_is_refused() {
        // "пароль" and "привет" on the Russian layout are "gfhjkm" and "ghbdtn".
        for p in ["пароль", "привет", "ЙЦУКЕН"] {
            assert!(refused(p).contains("most common passcodes"), "{p}");
        }
    }

    #[test]
    fn one_character_repeated_is_refused() {
        for p in ["111111", "000000", "aaaaaaaa", "жжжжжж"] {
            assert!(refused(p).contains("repeats one character"), "{p}");
        }
    }

    #[test]
    fn runs_of_consecutive_digits_or_letters_are_refused() {
        for p in ["123456", "234567", "987654", "3456789", "abcdef", "абвгде"] {
            assert!(refused(p).contains("consecutive"), "{p}");
        }
    }

    #[test]
    fn a_short_group_repeated_is_refused() {
        for p in [
            "121212",
            "1212121",
            "123123",
            "abcabc",
            "12341234",
            "папапа",
        ] {
            assert!(refused(p).contains("repeats a short group"), "{p}");
        }
    }

    #[test]
    fn passcodes_no_rule_catches_are_accepted() {
        for p in [
            "correct horse 7",
            "482915",
            "blue meadow 4",
            "Алматы түні 12",
            "583016",
            "1234512345",
        ] {
            check_passcode(p.as_bytes()).unwrap_or_else(|e| panic!("{p:?}: {e}"));
        }
    }

    #[test]
    fn refusals_never_repeat_the_passcode() {
        let e = refused("password");
        assert!(!e.contains("password\""), "{e}");
        assert!(!e.to_lowercase().contains(": password"), "{e}");
    }
}
