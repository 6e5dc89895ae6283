//! The languages Senim speaks to the worker, and how a requested one is chosen.
//!
//! Three are complete (every message of the catalog is written in them): English,
//! Russian and Kazakh (Cyrillic; awaiting a native speaker's review, as the screening
//! content's Kazakh is). Uzbek, Kyrgyz and Tajik are recognised and spoken in Russian,
//! the language their speakers among the teams read at work, until a translation is
//! written.

use fluent_langneg::{NegotiationStrategy, negotiate_languages};
use unic_langid::LanguageIdentifier;

use crate::{Error, Result};

/// A language the worker may ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Locale {
    /// English: the source language of the catalog, and the last fallback.
    En,
    /// Russian.
    Ru,
    /// Kazakh, in Cyrillic.
    Kk,
    /// Uzbek: spoken in Russian for now.
    Uz,
    /// Kyrgyz: spoken in Russian for now.
    Ky,
    /// Tajik: spoken in Russian for now.
    Tg,
}

impl Locale {
    /// Every locale, the complete ones first.
    pub const ALL: [Locale; 6] = [
        Locale::En,
        Locale::Ru,
        Locale::Kk,
        Locale::Uz,
        Locale::Ky,
        Locale::Tg,
    ];

    /// The locales whose every message is written (the catalog's own).
    pub const COMPLETE: [Locale; 3] = [Locale::En, Locale::Ru, Locale::Kk];

    /// The language when nothing the worker or the system asks for is known.
    pub const DEFAULT: Locale = Locale::En;

    /// Its BCP 47 language tag (`"en"`, `"ru"`, `"kk"`, `"uz"`, `"ky"`, `"tg"`).
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Ru => "ru",
            Locale::Kk => "kk",
            Locale::Uz => "uz",
            Locale::Ky => "ky",
            Locale::Tg => "tg",
        }
    }

    /// The language's name in itself, for a language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Ru => "Русский",
            Locale::Kk => "Қазақша",
            Locale::Uz => "Oʻzbekcha",
            Locale::Ky => "Кыргызча",
            Locale::Tg => "Тоҷикӣ",
        }
    }

    /// Whether the catalog holds every message in this language.
    pub fn is_complete(self) -> bool {
        Self::COMPLETE.contains(&self)
    }

    /// The language this one is spoken in while it has no translation of its own
    /// (Russian for Uzbek, Kyrgyz and Tajik); `None` for a complete locale.
    pub fn fallback(self) -> Option<Locale> {
        match self {
            Locale::En | Locale::Ru | Locale::Kk => None,
            Locale::Uz | Locale::Ky | Locale::Tg => Some(Locale::Ru),
        }
    }

    /// The complete locale whose words are shown for this one.
    pub fn speaks(self) -> Locale {
        self.fallback().unwrap_or(self)
    }

    /// Whether this language's text still awaits a native speaker's review (Kazakh).
    pub fn needs_review(self) -> bool {
        self == Locale::Kk
    }

    /// The locale of a tag the worker gave (`--lang`, `SENIM_LANG`, the app's setting):
    /// a BCP 47 tag (`ru`, `ru-RU`, `kk-Cyrl-KZ`) or a POSIX locale name (`ru_RU.UTF-8`),
    /// matched on its language, case-insensitively. Anything else is
    /// [`Error::UnknownLocale`].
    pub fn parse(tag: &str) -> Result<Locale> {
        let unknown = || Error::UnknownLocale {
            tag: printable(tag),
        };
        let id = language_id(tag).ok_or_else(unknown)?;
        Self::ALL
            .into_iter()
            .find(|locale| id.language.as_str() == locale.tag())
            .ok_or_else(unknown)
    }

    /// The best locale for a list of preferences, most wanted first (the system's
    /// `LC_ALL`/`LC_MESSAGES`/`LANG`, a phone's preferred languages): the first whose
    /// language Senim knows, else [`Locale::DEFAULT`]. Entries that are not locale
    /// names (`C`, `POSIX`, empty, garbage) are passed over; this never fails.
    pub fn negotiate<S: AsRef<str>>(preferred: &[S]) -> Locale {
        let requested: Vec<LanguageIdentifier> = preferred
            .iter()
            .filter_map(|tag| language_id(tag.as_ref()))
            .collect();
        let available: Vec<LanguageIdentifier> = Self::ALL
            .iter()
            .filter_map(|locale| locale.tag().parse().ok())
            .collect();
        let chosen =
            negotiate_languages(&requested, &available, None, NegotiationStrategy::Filtering);
        chosen
            .first()
            .and_then(|id| {
                Self::ALL
                    .into_iter()
                    .find(|locale| id.language.as_str() == locale.tag())
            })
            .unwrap_or(Self::DEFAULT)
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

impl std::str::FromStr for Locale {
    type Err = Error;

    fn from_str(tag: &str) -> Result<Locale> {
        Locale::parse(tag)
    }
}

/// A language identifier from a BCP 47 tag or a POSIX locale name
/// (`language[_territory][.codeset][@modifier]`); `None` for `C`, `POSIX`, an empty
/// string or anything that does not parse.
fn language_id(tag: &str) -> Option<LanguageIdentifier> {
    let tag = tag.trim();
    // POSIX: drop the codeset and the modifier, and use BCP 47's separator.
    let base = tag.split(['.', '@']).next().unwrap_or_default();
    if base.is_empty() || base.eq_ignore_ascii_case("C") || base.eq_ignore_ascii_case("POSIX") {
        return None;
    }
    base.replace('_', "-").parse().ok()
}

/// A tag as an error may show it: at most 32 characters, printable ones only (the tag
/// came from outside; it never holds personal data, but it may hold anything).
fn printable(tag: &str) -> String {
    tag.chars().filter(|c| !c.is_control()).take(32).collect()
}
