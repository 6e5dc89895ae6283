//! The rules a passcode must meet before any key is derived from it, and how hard it
//! is to guess. Refusals say which rule, never the passcode.
//!
//! Owns the length bounds, the list of common passcodes (`common.txt.gz`: the 27,987
//! entries of at least 6 characters of the ranked list zxcvbn ships, regenerated with
//! `scripts/common-passcodes`), the patterns a guesser tries first (one character
//! repeated, a run of consecutive digits or letters, a short group repeated), and the
//! strength estimate ([`estimate`]: zxcvbn's score from 0 to 4, its count of guesses and
//! its feedback as stable keys). A passcode typed in Cyrillic on the Russian keyboard is
//! also checked and estimated as the Latin keys it is typed with (`пароль` is `gfhjkm`
//! on those keys, and in the list). Checked when a passcode is chosen (a new vault, a
//! passcode change, a duress passcode), never at unlock: a vault made before keeps
//! opening.
//!
//! The estimator copies the text it is given into buffers of its own that it frees
//! without wiping them: call [`estimate`] while a passcode is being chosen, never at
//! unlock.

use std::collections::HashSet;
use std::io::Read;
use std::sync::OnceLock;

use serde::Serialize;

use crate::{Error, Result};

/// Shortest passcode accepted.
pub const MIN_PASSCODE_CHARS: usize = 6;

/// Lowest strength score (0 to 4) a new passcode may have: 2, at least a million
/// guesses in the estimator's model (ADR 0025). Six random digits are just below it.
pub const MIN_PASSCODE_SCORE: u8 = 2;

/// Longest group whose repetition makes a passcode (`121212`, `abcabc`, `12341234`).
const MAX_REPEATED_GROUP: usize = 4;

/// Why a passcode is refused when it is chosen. Each names a rule, never the
/// passcode; the serde names are the stable keys the CLI's JSON and the apps use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PasscodeWeakness {
    /// Fewer than [`MIN_PASSCODE_CHARS`] characters.
    TooShort,
    /// One of the most common passcodes (the bundled list), in any case, or typed in
    /// Cyrillic on the keys of one.
    Common,
    /// One character repeated (`111111`).
    RepeatedCharacter,
    /// Consecutive digits or letters (`123456`, `987654`, `abcdef`).
    Sequence,
    /// A short group repeated (`121212`, `abcabc`).
    RepeatedGroup,
    /// None of the rules above, but the estimate scores it below
    /// [`MIN_PASSCODE_SCORE`].
    TooGuessable,
}

impl PasscodeWeakness {
    /// The rule, as the end of "invalid passcode: ...".
    pub fn reason(self) -> &'static str {
        match self {
            PasscodeWeakness::TooShort => "must be at least 6 characters",
            PasscodeWeakness::Common => {
                "is one of the most common passcodes: choose one that is harder to guess"
            }
            PasscodeWeakness::RepeatedCharacter => {
                "repeats one character: choose one that is harder to guess"
            }
            PasscodeWeakness::Sequence => {
                "is a run of consecutive characters: choose one that is harder to guess"
            }
            PasscodeWeakness::RepeatedGroup => {
                "repeats a short group: choose one that is harder to guess"
            }
            PasscodeWeakness::TooGuessable => {
                "is too easy to guess: make it longer, with words or characters that do not follow a pattern"
            }
        }
    }
}

/// How hard a passcode is to guess, as the estimator sees it: what the CLI prints and
/// the apps' strength bar shows. Holds no part of the passcode.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PasscodeStrength {
    /// 0 (guessed in under a thousand tries) to 4 (more than ten billion).
    pub score: u8,
    /// The estimated number of guesses, as its base-10 logarithm (one decimal).
    pub guesses_log10: f64,
    /// What makes it weak, if the estimator names one thing.
    pub warning: Option<StrengthWarning>,
    /// How to make it stronger (empty for a strong passcode).
    pub suggestions: Vec<StrengthSuggestion>,
    /// The rule that refuses it as a new passcode, if one does (then `score` is below
    /// [`MIN_PASSCODE_SCORE`]).
    pub refused: Option<PasscodeWeakness>,
}

impl PasscodeStrength {
    /// Whether it would be accepted as a new passcode.
    pub fn acceptable(&self) -> bool {
        self.refused.is_none()
    }

    /// The one line of advice to show, as a typed value: why it is refused if it is,
    /// else the warning, else the first suggestion; none when there is nothing to
    /// improve. Its [`PasscodeAdvice::key`] names the line in the worker's catalog.
    pub fn advice_item(&self) -> Option<PasscodeAdvice> {
        use PasscodeAdvice as A;
        use PasscodeWeakness as P;
        if let Some(refused) = self.refused {
            return Some(match refused {
                P::TooShort => A::TooShort,
                P::Common => A::Common,
                P::RepeatedCharacter => A::Warning(StrengthWarning::RepeatedCharacters),
                P::Sequence => A::Warning(StrengthWarning::Sequence),
                P::RepeatedGroup => A::Warning(StrengthWarning::RepeatedGroups),
                P::TooGuessable => self.warning.map_or(
                    A::Suggestion(StrengthSuggestion::AddAnotherWord),
                    A::Warning,
                ),
            });
        }
        self.warning
            .map(A::Warning)
            .or_else(|| self.suggestions.first().copied().map(A::Suggestion))
    }

    /// [`PasscodeStrength::advice_item`] in English.
    pub fn advice(&self) -> Option<&'static str> {
        self.advice_item().map(PasscodeAdvice::text)
    }
}

/// The one line of advice about a passcode being chosen (the apps' strength bar, the
/// CLI's strength line): a rule it breaks, a warning or a suggestion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasscodeAdvice {
    /// Shorter than [`MIN_PASSCODE_CHARS`].
    TooShort,
    /// One of the bundled list of common passcodes.
    Common,
    /// What the estimator found weak.
    Warning(StrengthWarning),
    /// How to make it stronger.
    Suggestion(StrengthSuggestion),
}

impl PasscodeAdvice {
    /// The line in English.
    pub fn text(self) -> &'static str {
        match self {
            PasscodeAdvice::TooShort => "Use at least 6 characters.",
            PasscodeAdvice::Common => "This is one of the most common passcodes.",
            PasscodeAdvice::Warning(w) => w.text(),
            PasscodeAdvice::Suggestion(s) => s.text(),
        }
    }

    /// The key of the line in the worker's catalog (`common.ftl` of `senim-l10n`,
    /// `common-passcode-advice-…`), whose English reads [`PasscodeAdvice::text`].
    pub fn key(self) -> &'static str {
        use StrengthSuggestion as S;
        use StrengthWarning as W;
        match self {
            PasscodeAdvice::TooShort => "common-passcode-advice-too-short",
            PasscodeAdvice::Common => "common-passcode-advice-common",
            PasscodeAdvice::Warning(w) => match w {
                W::StraightRowOfKeys => "common-passcode-advice-straight-row-of-keys",
                W::ShortKeyboardPattern => "common-passcode-advice-short-keyboard-pattern",
                W::RepeatedCharacters => "common-passcode-advice-repeated-characters",
                W::RepeatedGroups => "common-passcode-advice-repeated-groups",
                W::TopTenPasscode => "common-passcode-advice-top-ten-passcode",
                W::TopHundredPasscode => "common-passcode-advice-top-hundred-passcode",
                W::CommonPasscode => "common-passcode-advice-common-passcode",
                W::SimilarToCommonPasscode => "common-passcode-advice-similar-to-common-passcode",
                W::Sequence => "common-passcode-advice-sequence",
                W::RecentYear => "common-passcode-advice-recent-year",
                W::SingleWord => "common-passcode-advice-single-word",
                W::Date => "common-passcode-advice-date",
                W::NameByItself => "common-passcode-advice-name-by-itself",
                W::CommonName => "common-passcode-advice-common-name",
            },
            PasscodeAdvice::Suggestion(s) => match s {
                S::UseAFewWords => "common-passcode-advice-use-a-few-words",
                S::NoNeedForSymbols => "common-passcode-advice-no-need-for-symbols",
                S::AddAnotherWord => "common-passcode-advice-add-another-word",
                S::CapitalsDoNotHelp => "common-passcode-advice-capitals-do-not-help",
                S::AllCapitalsDoNotHelp => "common-passcode-advice-all-capitals-do-not-help",
                S::ReversedWordsDoNotHelp => "common-passcode-advice-reversed-words-do-not-help",
                S::SubstitutionsDoNotHelp => "common-passcode-advice-substitutions-do-not-help",
                S::LongerKeyboardPattern => "common-passcode-advice-longer-keyboard-pattern",
                S::AvoidRepeats => "common-passcode-advice-avoid-repeats",
                S::AvoidSequences => "common-passcode-advice-avoid-sequences",
                S::AvoidRecentYears => "common-passcode-advice-avoid-recent-years",
                S::AvoidPersonalYears => "common-passcode-advice-avoid-personal-years",
                S::AvoidPersonalDates => "common-passcode-advice-avoid-personal-dates",
            },
        }
    }

    /// Every line of advice there is (the catalog's tests check each has its words).
    pub fn all() -> Vec<PasscodeAdvice> {
        use StrengthSuggestion as S;
        use StrengthWarning as W;
        let warnings = [
            W::StraightRowOfKeys,
            W::ShortKeyboardPattern,
            W::RepeatedCharacters,
            W::RepeatedGroups,
            W::TopTenPasscode,
            W::TopHundredPasscode,
            W::CommonPasscode,
            W::SimilarToCommonPasscode,
            W::Sequence,
            W::RecentYear,
            W::SingleWord,
            W::Date,
            W::NameByItself,
            W::CommonName,
        ];
        let suggestions = [
            S::UseAFewWords,
            S::NoNeedForSymbols,
            S::AddAnotherWord,
            S::CapitalsDoNotHelp,
            S::AllCapitalsDoNotHelp,
            S::ReversedWordsDoNotHelp,
            S::SubstitutionsDoNotHelp,
            S::LongerKeyboardPattern,
            S::AvoidRepeats,
            S::AvoidSequences,
            S::AvoidRecentYears,
            S::AvoidPersonalYears,
            S::AvoidPersonalDates,
        ];
        [PasscodeAdvice::TooShort, PasscodeAdvice::Common]
            .into_iter()
            .chain(warnings.into_iter().map(PasscodeAdvice::Warning))
            .chain(suggestions.into_iter().map(PasscodeAdvice::Suggestion))
            .collect()
    }
}

/// What the estimator found weak, as a stable key (zxcvbn's warnings).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "each name says what it is")]
pub enum StrengthWarning {
    StraightRowOfKeys,
    ShortKeyboardPattern,
    RepeatedCharacters,
    RepeatedGroups,
    TopTenPasscode,
    TopHundredPasscode,
    CommonPasscode,
    SimilarToCommonPasscode,
    Sequence,
    RecentYear,
    SingleWord,
    Date,
    NameByItself,
    CommonName,
}

/// How to make a passcode stronger, as a stable key (zxcvbn's suggestions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs, reason = "each name says what it is")]
pub enum StrengthSuggestion {
    UseAFewWords,
    NoNeedForSymbols,
    AddAnotherWord,
    CapitalsDoNotHelp,
    AllCapitalsDoNotHelp,
    ReversedWordsDoNotHelp,
    SubstitutionsDoNotHelp,
    LongerKeyboardPattern,
    AvoidRepeats,
    AvoidSequences,
    AvoidRecentYears,
    AvoidPersonalYears,
    AvoidPersonalDates,
}

impl StrengthWarning {
    /// The warning in English, one sentence (the CLI prints it; the apps say it in the
    /// worker's language from the key).
    pub fn text(self) -> &'static str {
        use StrengthWarning as W;
        match self {
            W::StraightRowOfKeys => "Straight rows of keys are easy to guess.",
            W::ShortKeyboardPattern => "Short keyboard patterns are easy to guess.",
            W::RepeatedCharacters => "Repeats like \"aaa\" are easy to guess.",
            W::RepeatedGroups => "Repeats like \"abcabc\" are barely harder to guess than \"abc\".",
            W::TopTenPasscode => "This is one of the ten most common passcodes.",
            W::TopHundredPasscode => "This is one of the hundred most common passcodes.",
            W::CommonPasscode => "This is a very common passcode.",
            W::SimilarToCommonPasscode => "This is close to a common passcode.",
            W::Sequence => "Sequences like abc or 6543 are easy to guess.",
            W::RecentYear => "Recent years are easy to guess.",
            W::SingleWord => "A word by itself is easy to guess.",
            W::Date => "Dates are easy to guess.",
            W::NameByItself => "Names by themselves are easy to guess.",
            W::CommonName => "Common names are easy to guess.",
        }
    }
}

impl StrengthSuggestion {
    /// The suggestion in English, one sentence.
    pub fn text(self) -> &'static str {
        use StrengthSuggestion as S;
        match self {
            S::UseAFewWords => "Use a few words; avoid common phrases.",
            S::NoNeedForSymbols => "No need for symbols, digits or capitals.",
            S::AddAnotherWord => "Add another word or two; uncommon words are better.",
            S::CapitalsDoNotHelp => "Capitals do not help much.",
            S::AllCapitalsDoNotHelp => "All capitals are almost as easy to guess as none.",
            S::ReversedWordsDoNotHelp => "Reversed words are not much harder to guess.",
            S::SubstitutionsDoNotHelp => {
                "Predictable substitutions like '@' for 'a' do not help much."
            }
            S::LongerKeyboardPattern => "Use a longer keyboard pattern with more turns.",
            S::AvoidRepeats => "Avoid repeated words and characters.",
            S::AvoidSequences => "Avoid sequences.",
            S::AvoidRecentYears => "Avoid recent years.",
            S::AvoidPersonalYears => "Avoid years that are associated with you.",
            S::AvoidPersonalDates => "Avoid dates and years that are associated with you.",
        }
    }
}

impl From<zxcvbn::feedback::Warning> for StrengthWarning {
    fn from(w: zxcvbn::feedback::Warning) -> Self {
        use StrengthWarning as S;
        use zxcvbn::feedback::Warning as W;
        match w {
            W::StraightRowsOfKeysAreEasyToGuess => S::StraightRowOfKeys,
            W::ShortKeyboardPatternsAreEasyToGuess => S::ShortKeyboardPattern,
            W::RepeatsLikeAaaAreEasyToGuess => S::RepeatedCharacters,
            W::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => S::RepeatedGroups,
            W::ThisIsATop10Password => S::TopTenPasscode,
            W::ThisIsATop100Password => S::TopHundredPasscode,
            W::ThisIsACommonPassword => S::CommonPasscode,
            W::ThisIsSimilarToACommonlyUsedPassword => S::SimilarToCommonPasscode,
            W::SequencesLikeAbcAreEasyToGuess => S::Sequence,
            W::RecentYearsAreEasyToGuess => S::RecentYear,
            W::AWordByItselfIsEasyToGuess => S::SingleWord,
            W::DatesAreOftenEasyToGuess => S::Date,
            W::NamesAndSurnamesByThemselvesAreEasyToGuess => S::NameByItself,
            W::CommonNamesAndSurnamesAreEasyToGuess => S::CommonName,
        }
    }
}

impl From<zxcvbn::feedback::Suggestion> for StrengthSuggestion {
    fn from(s: zxcvbn::feedback::Suggestion) -> Self {
        use StrengthSuggestion as S;
        use zxcvbn::feedback::Suggestion as Z;
        match s {
            Z::UseAFewWordsAvoidCommonPhrases => S::UseAFewWords,
            Z::NoNeedForSymbolsDigitsOrUppercaseLetters => S::NoNeedForSymbols,
            Z::AddAnotherWordOrTwo => S::AddAnotherWord,
            Z::CapitalizationDoesntHelpVeryMuch => S::CapitalsDoNotHelp,
            Z::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase => S::AllCapitalsDoNotHelp,
            Z::ReversedWordsArentMuchHarderToGuess => S::ReversedWordsDoNotHelp,
            Z::PredictableSubstitutionsDontHelpVeryMuch => S::SubstitutionsDoNotHelp,
            Z::UseALongerKeyboardPatternWithMoreTurns => S::LongerKeyboardPattern,
            Z::AvoidRepeatedWordsAndCharacters => S::AvoidRepeats,
            Z::AvoidSequences => S::AvoidSequences,
            Z::AvoidRecentYears => S::AvoidRecentYears,
            Z::AvoidYearsThatAreAssociatedWithYou => S::AvoidPersonalYears,
            Z::AvoidDatesAndYearsThatAreAssociatedWithYou => S::AvoidPersonalDates,
        }
    }
}

/// How hard `passcode` is to guess, and the rule that refuses it as a new passcode if
/// one does. Text with Cyrillic letters is also estimated as the Latin keys it is
/// typed with on the Russian layout, and the weaker of the two counts (the
/// estimator's dictionaries are English: `пароль` alone looks random to it, `gfhjkm`
/// is a common password). Only the first 100 characters are estimated.
pub fn estimate(passcode: &str) -> PasscodeStrength {
    let mut entropy = zxcvbn::zxcvbn(passcode, &[]);
    let lower = passcode.to_lowercase();
    let keys = latin_keys(&lower);
    if keys != lower {
        let typed = zxcvbn::zxcvbn(&keys, &[]);
        if typed.guesses() < entropy.guesses() {
            entropy = typed;
        }
    }
    let mut score = u8::from(entropy.score()).min(4);
    let refused = rule_weakness(passcode)
        .or_else(|| (score < MIN_PASSCODE_SCORE).then_some(PasscodeWeakness::TooGuessable));
    if refused.is_some() {
        score = score.min(MIN_PASSCODE_SCORE - 1);
    }
    let (warning, suggestions) = match entropy.feedback() {
        Some(f) => (
            f.warning().map(StrengthWarning::from),
            f.suggestions()
                .iter()
                .copied()
                .map(StrengthSuggestion::from)
                .collect(),
        ),
        None => (None, Vec::new()),
    };
    PasscodeStrength {
        score,
        guesses_log10: (entropy.guesses_log10().max(0.0) * 10.0).round() / 10.0,
        warning,
        suggestions,
        refused,
    }
}

/// Refuses a passcode that is not UTF-8 text of at least [`MIN_PASSCODE_CHARS`]
/// characters and at most 1024 bytes, or that a guesser tries first: a common
/// passcode, one character repeated, consecutive digits or letters, a short group
/// repeated, or one the estimate scores below [`MIN_PASSCODE_SCORE`]. A weak one is
/// [`Error::WeakPasscode`] naming the rule.
pub(crate) fn check_passcode(passcode: &[u8]) -> Result<()> {
    let text = std::str::from_utf8(passcode)
        .map_err(|_| Error::invalid("passcode", "must be valid UTF-8 text"))?;
    if passcode.len() > 1024 {
        return Err(Error::invalid("passcode", "must be at most 1024 bytes"));
    }
    if let Some(weakness) = estimate(text).refused {
        return Err(Error::WeakPasscode(weakness));
    }
    Ok(())
}

/// The first rule `text` breaks (length, list, patterns), before any estimate.
fn rule_weakness(text: &str) -> Option<PasscodeWeakness> {
    if text.chars().count() < MIN_PASSCODE_CHARS {
        return Some(PasscodeWeakness::TooShort);
    }
    weakness(text)
}

/// Why a guesser would try `text` early, if it is one it would.
fn weakness(text: &str) -> Option<PasscodeWeakness> {
    let lower = text.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    if chars.windows(2).all(|w| w[0] == w[1]) {
        return Some(PasscodeWeakness::RepeatedCharacter);
    }
    if is_run(&chars) {
        return Some(PasscodeWeakness::Sequence);
    }
    if is_repeated_group(&chars) {
        return Some(PasscodeWeakness::RepeatedGroup);
    }
    let common = common();
    if common.contains(lower.as_str()) || common.contains(latin_keys(&lower).as_str()) {
        return Some(PasscodeWeakness::Common);
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
            "48291573",
            "blue meadow 4",
            "Алматы түні 12",
            "kestrel 4711",
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

    #[test]
    fn passcodes_the_estimate_finds_easy_to_guess_are_refused() {
        // None of these is in the list or a pattern of the rules above; each is
        // guessed in well under a million tries by the estimator's model (six digits
        // read as a date, a run repeated, a word and a year).
        for p in ["1234512345", "summer2019", "482915", "other 1"] {
            assert!(
                matches!(
                    check_passcode(p.as_bytes()),
                    Err(Error::WeakPasscode(PasscodeWeakness::TooGuessable))
                ),
                "{p:?}"
            );
        }
    }

    #[test]
    fn each_rule_is_named_by_its_own_weakness() {
        for (p, weakness) in [
            ("12345", PasscodeWeakness::TooShort),
            ("password", PasscodeWeakness::Common),
            ("777777", PasscodeWeakness::RepeatedCharacter),
            ("345678", PasscodeWeakness::Sequence),
            ("abcabc", PasscodeWeakness::RepeatedGroup),
            ("summer2019", PasscodeWeakness::TooGuessable),
        ] {
            match check_passcode(p.as_bytes()) {
                Err(Error::WeakPasscode(w)) => assert_eq!(w, weakness, "{p:?}"),
                other => panic!("{p:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn text_that_is_not_a_passcode_at_all_stays_invalid_input() {
        for p in [&[0xff, 0xfe, 0x41, 0x42, 0x43, 0x44][..], &[b'x'; 1025][..]] {
            assert!(matches!(
                check_passcode(p),
                Err(Error::InvalidInput {
                    field: "passcode",
                    ..
                })
            ));
        }
    }

    #[test]
    fn a_passphrase_of_a_few_words_scores_four_without_advice() {
        let s = estimate("correct horse battery");
        assert_eq!(s.score, 4);
        assert!(s.guesses_log10 > 10.0, "{s:?}");
        assert_eq!((s.warning, s.suggestions.len()), (None, 0));
        assert!(s.acceptable());
    }

    #[test]
    fn a_common_passcode_scores_zero_with_its_warning() {
        let s = estimate("password");
        assert_eq!(s.score, 0);
        assert_eq!(s.warning, Some(StrengthWarning::TopTenPasscode));
        assert_eq!(s.refused, Some(PasscodeWeakness::Common));
        assert!(!s.suggestions.is_empty());
    }

    #[test]
    fn the_score_grows_as_a_passcode_gets_longer() {
        let scores: Vec<u8> = ["kestrel", "kestrel 47", "kestrel 47 under"]
            .iter()
            .map(|p| estimate(p).score)
            .collect();
        assert!(scores.windows(2).all(|w| w[0] < w[1]), "{scores:?}");
    }

    #[test]
    fn a_common_word_typed_in_cyrillic_is_estimated_as_the_keys_it_is_typed_with() {
        // "пароль" alone looks like six random letters to the estimator; on the Latin
        // keys it is "gfhjkm", a top-100 password.
        let s = estimate("пароль");
        assert_eq!(s.score, 0, "{s:?}");
        assert_eq!(s.warning, Some(StrengthWarning::TopHundredPasscode));
        assert!(s.guesses_log10 < 3.0, "{s:?}");
        let s = estimate("привет123");
        assert!(s.score < MIN_PASSCODE_SCORE, "{s:?}");
        assert!(s.refused.is_some());
    }

    #[test]
    fn a_cyrillic_passphrase_scores_as_strong_as_a_latin_one() {
        for p in ["жёлтый трамвай 47", "Алматы түні 12"] {
            let s = estimate(p);
            assert!(s.score >= 3, "{p}: {s:?}");
            assert!(s.acceptable(), "{p}");
        }
    }

    #[test]
    fn the_estimate_and_the_rules_agree_on_what_is_refused() {
        for p in [
            "12345",
            "password",
            "пароль",
            "121212",
            "summer2019",
            "482915",
            "4711-falcon",
            "correct horse battery",
            "жёлтый трамвай 47",
        ] {
            let s = estimate(p);
            let checked = check_passcode(p.as_bytes());
            assert_eq!(s.refused.is_some(), checked.is_err(), "{p:?}");
            if s.refused.is_some() {
                assert!(s.score < MIN_PASSCODE_SCORE, "{p:?}: {s:?}");
            } else {
                assert!(s.score >= MIN_PASSCODE_SCORE, "{p:?}: {s:?}");
            }
        }
    }

    #[test]
    fn the_advice_is_the_refusal_first_then_the_warning_then_a_suggestion() {
        assert_eq!(
            estimate("password").advice(),
            Some("This is one of the most common passcodes.")
        );
        assert_eq!(
            estimate("summer2019").advice(),
            Some(StrengthWarning::SimilarToCommonPasscode.text())
        );
        assert_eq!(estimate("correct horse battery").advice(), None);
    }

    #[test]
    fn the_estimate_serialises_with_stable_keys_and_no_passcode() {
        let json = serde_json::to_string(&estimate("summer2019")).unwrap();
        assert!(json.contains("\"refused\":\"too_guessable\""), "{json}");
        assert!(
            json.contains("\"warning\":\"similar_to_common_passcode\""),
            "{json}"
        );
        assert!(!json.contains("summer"), "{json}");
    }
}
