//! Senim's words for the worker: one catalog, in Project Fluent, of everything the apps'
//! screens, the `senim` command, the reports, the demo and the handoff summary say to
//! the people who use them. (The words said to a person being screened are content,
//! with their own translations: `senim-content`.)
//!
//! The catalog is compiled in: one Fluent resource per area and locale under
//! `core/l10n/locales/<tag>/<area>.ftl` ([`RESOURCES`]), loaded once into a
//! [`Catalog`]. A [`Localizer`] speaks one [`Locale`]: English, Russian and Kazakh are
//! complete (Kazakh awaits a native speaker's review); Uzbek, Kyrgyz and Tajik are
//! spoken in Russian. A message missing from a locale falls back to English, which the
//! tests forbid for the complete ones. Plurals follow CLDR's rules (`one`, `few`,
//! `many`, `other` in Russian), through Fluent's selectors.
//!
//! Nothing here panics: an unknown language, an unknown message, a missing variable or
//! a broken resource is an [`Error`] naming what was wrong. No I/O, no state beyond the
//! catalog loaded on first use. It must never hold personal data: the values handed in
//! as [`Args`] go into the text returned and nowhere else (errors name keys and
//! variables, never values).

mod catalog;
mod locale;

pub use catalog::{Catalog, MessageShape, RESOURCES};
pub use locale::Locale;

/// What can go wrong when looking up a message.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A language tag Senim does not speak (nor fall back from).
    #[error("unknown language {tag:?} (Senim speaks en, ru and kk; uz, ky and tg in Russian)")]
    UnknownLocale { tag: String },
    /// No message with this key (or attribute: `key.attribute`) in the catalog.
    #[error("no message {key:?} in the catalog")]
    UnknownKey { key: String },
    /// The message could not be formatted: a variable it needs was not given, or it has
    /// no value. `problem` names the variable or the rule, never a value.
    #[error("message {key:?} ({locale}): {problem}")]
    Format {
        key: String,
        locale: Locale,
        problem: String,
    },
    /// A resource of the catalog does not parse, or defines a message twice.
    #[error("catalog resource {locale}/{file}.ftl: {problem}")]
    Resource {
        locale: Locale,
        file: String,
        problem: String,
    },
}

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A value handed to a message: text, or a number (which selects plural forms).
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Text(String),
    Number(f64),
}

impl From<&str> for Arg {
    fn from(value: &str) -> Self {
        Arg::Text(value.to_string())
    }
}

impl From<String> for Arg {
    fn from(value: String) -> Self {
        Arg::Text(value)
    }
}

impl From<&String> for Arg {
    fn from(value: &String) -> Self {
        Arg::Text(value.clone())
    }
}

impl From<f64> for Arg {
    fn from(value: f64) -> Self {
        Arg::Number(value)
    }
}

macro_rules! number_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(value: $t) -> Self {
                // Counts, sizes and scores: far below 2^53, exact as f64.
                Arg::Number(value as f64)
            }
        }
    )*};
}
number_from!(i32, i64, u8, u16, u32, u64, usize);

/// The named values of one message (`{ $count }`, `{ $name }`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Args {
    entries: Vec<(String, Arg)>,
}

impl Args {
    /// No values.
    pub fn new() -> Self {
        Self::default()
    }

    /// These values and `name` set to `value` (replacing an earlier value of `name`).
    pub fn with(mut self, name: &str, value: impl Into<Arg>) -> Self {
        self.set(name, value);
        self
    }

    /// Sets `name` to `value`, replacing an earlier value of `name`.
    pub fn set(&mut self, name: &str, value: impl Into<Arg>) {
        let value = value.into();
        match self.entries.iter_mut().find(|(n, _)| n == name) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((name.to_string(), value)),
        }
    }

    /// The names and values, in the order they were first set.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Arg)> {
        self.entries.iter().map(|(n, v)| (n.as_str(), v))
    }
}

/// [`Args`] from `name => value` pairs: `args!["count" => 3, "team" => name]`.
#[macro_export]
macro_rules! args {
    ($($name:expr => $value:expr),* $(,)?) => {
        $crate::Args::new()$(.with($name, $value))*
    };
}

/// The built-in catalog speaking one locale.
#[derive(Clone, Copy, Debug)]
pub struct Localizer {
    locale: Locale,
    catalog: &'static Catalog,
}

impl Localizer {
    /// A localizer of the built-in catalog for `locale`. Fails only if the built-in
    /// catalog is broken ([`Error::Resource`]), which the tests rule out.
    pub fn new(locale: Locale) -> Result<Self> {
        Ok(Localizer {
            locale,
            catalog: Catalog::builtin()?,
        })
    }

    /// A localizer for a tag the worker gave ([`Locale::parse`]).
    pub fn for_tag(tag: &str) -> Result<Self> {
        Self::new(Locale::parse(tag)?)
    }

    /// The locale asked for (`uz` stays `uz`; its words are [`Locale::speaks`]'s).
    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// A message without variables.
    pub fn text(&self, key: &str) -> Result<String> {
        self.catalog.format(self.locale, key, None)
    }

    /// A message with its variables.
    pub fn format(&self, key: &str, args: &Args) -> Result<String> {
        self.catalog.format(self.locale, key, Some(args))
    }
}

#[cfg(test)]
mod tests;
