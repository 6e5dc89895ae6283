//! How hard a passcode being chosen is to guess, for the apps' passcode screens: the
//! strength bar and its one line of advice, updated as the worker types, and the rule a
//! refused passcode breaks ([`PasscodeProblem`], also carried by
//! `SenimError::WeakPasscode`).
//!
//! Every rule and the estimate itself live in the vault (`senim_vault::estimate_passcode`);
//! this only translates them. The passcode arrives as a [`Passcode`] (wiped after use,
//! the buffer it crossed in included). Nothing here returns or logs any part of it.

use senim_ffi_passcode::Passcode;

pub use crate::error::PasscodeProblem;
use crate::error::{Result, SenimError};

/// What the estimator found weak.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
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

impl From<senim_vault::StrengthWarning> for StrengthWarning {
    fn from(w: senim_vault::StrengthWarning) -> Self {
        use StrengthWarning as S;
        use senim_vault::StrengthWarning as W;
        match w {
            W::StraightRowOfKeys => S::StraightRowOfKeys,
            W::ShortKeyboardPattern => S::ShortKeyboardPattern,
            W::RepeatedCharacters => S::RepeatedCharacters,
            W::RepeatedGroups => S::RepeatedGroups,
            W::TopTenPasscode => S::TopTenPasscode,
            W::TopHundredPasscode => S::TopHundredPasscode,
            W::CommonPasscode => S::CommonPasscode,
            W::SimilarToCommonPasscode => S::SimilarToCommonPasscode,
            W::Sequence => S::Sequence,
            W::RecentYear => S::RecentYear,
            W::SingleWord => S::SingleWord,
            W::Date => S::Date,
            W::NameByItself => S::NameByItself,
            W::CommonName => S::CommonName,
        }
    }
}

/// How to make a passcode stronger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
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

impl From<senim_vault::StrengthSuggestion> for StrengthSuggestion {
    fn from(s: senim_vault::StrengthSuggestion) -> Self {
        use StrengthSuggestion as S;
        use senim_vault::StrengthSuggestion as V;
        match s {
            V::UseAFewWords => S::UseAFewWords,
            V::NoNeedForSymbols => S::NoNeedForSymbols,
            V::AddAnotherWord => S::AddAnotherWord,
            V::CapitalsDoNotHelp => S::CapitalsDoNotHelp,
            V::AllCapitalsDoNotHelp => S::AllCapitalsDoNotHelp,
            V::ReversedWordsDoNotHelp => S::ReversedWordsDoNotHelp,
            V::SubstitutionsDoNotHelp => S::SubstitutionsDoNotHelp,
            V::LongerKeyboardPattern => S::LongerKeyboardPattern,
            V::AvoidRepeats => S::AvoidRepeats,
            V::AvoidSequences => S::AvoidSequences,
            V::AvoidRecentYears => S::AvoidRecentYears,
            V::AvoidPersonalYears => S::AvoidPersonalYears,
            V::AvoidPersonalDates => S::AvoidPersonalDates,
        }
    }
}

/// The estimate of a passcode being typed: what the strength bar and its advice show.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct PasscodeStrength {
    /// 0 (guessed in under a thousand tries) to 4 (more than ten billion): the bar.
    pub score: u8,
    /// The estimated number of guesses, as its base-10 logarithm (one decimal).
    pub guesses_log10: f64,
    /// The lowest score a new passcode may have (the bar's mark).
    pub minimum_score: u8,
    /// The rule that refuses it, if one does (then it cannot be chosen).
    pub problem: Option<PasscodeProblem>,
    /// What the estimator found weak, if anything.
    pub warning: Option<StrengthWarning>,
    /// How to make it stronger (empty for a strong passcode).
    pub suggestions: Vec<StrengthSuggestion>,
    /// The one line of advice to show (the problem, else the warning, else the first
    /// suggestion) as the key of its message in the worker's catalog
    /// (`common-passcode-advice-…`: the app says it with `Localizer.text`); none when
    /// there is nothing to improve.
    pub advice_key: Option<String>,
}

/// How hard `passcode` (UTF-8, as typed so far) is to guess, and whether it may be
/// chosen. Fast enough to call on every keystroke (a few milliseconds; only the first
/// 100 characters are estimated). Never call it at unlock: the estimator copies the
/// text into memory it frees without wiping.
#[uniffi::export]
pub fn passcode_strength(passcode: Passcode) -> Result<PasscodeStrength> {
    let text = std::str::from_utf8(&passcode)
        .map_err(|_| SenimError::invalid("passcode", "must be valid UTF-8 text"))?;
    let s = senim_vault::estimate_passcode(text);
    Ok(PasscodeStrength {
        score: s.score,
        guesses_log10: s.guesses_log10,
        minimum_score: senim_vault::MIN_PASSCODE_SCORE,
        problem: s.refused.map(PasscodeProblem::from),
        warning: s.warning.map(StrengthWarning::from),
        suggestions: s.suggestions.iter().copied().map(Into::into).collect(),
        advice_key: s.advice_item().map(|a| a.key().to_string()),
    })
}
