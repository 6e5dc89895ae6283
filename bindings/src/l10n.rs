//! The worker's words: the core's one catalog (`senim-l10n`), so that both apps show
//! the same text in the same languages as the `senim` command. The app picks its
//! language in its settings (by default from the phone's preferred languages through
//! [`Localizer::negotiated`]); the interview's language is chosen apart, with the form.
//!
//! Errors here are their own small hierarchy ([`LocalizationError`]): a screen that
//! asks for a key the catalog lacks is a bug of the app, not a state of the vault.

use std::collections::HashMap;
use std::sync::Arc;

use senim_l10n::{Args, Error as L10nError, Locale};

/// A language the app can be shown in.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct LocaleInfo {
    /// Its BCP 47 tag: `en`, `ru`, `kk`, `uz`, `ky`, `tg`.
    pub tag: String,
    /// Its name in itself, for the language picker ("Қазақша").
    pub native_name: String,
    /// Whether every message is written in it (en, ru, kk).
    pub complete: bool,
    /// The tag of the language its words are shown in: itself when complete, `ru` for
    /// uz, ky and tg (the app may say so, `app-settings-language-fallback`).
    pub shown_in: String,
    /// Whether its text still awaits a native speaker's review (kk).
    pub needs_review: bool,
}

impl From<Locale> for LocaleInfo {
    fn from(locale: Locale) -> Self {
        LocaleInfo {
            tag: locale.tag().to_string(),
            native_name: locale.native_name().to_string(),
            complete: locale.is_complete(),
            shown_in: locale.speaks().tag().to_string(),
            needs_review: locale.needs_review(),
        }
    }
}

/// A value for one of a message's variables (`{ $count }`). A number selects plural
/// forms (CLDR's rules: "1 запись", "2 записи", "5 записей", "21 запись").
#[derive(Clone, Debug, PartialEq, uniffi::Enum)]
pub enum L10nArg {
    Text { value: String },
    Number { value: f64 },
}

/// Why a message could not be given.
#[derive(Debug, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum LocalizationError {
    /// A language tag Senim does not speak (the app should offer only
    /// [`supported_locales`]).
    #[error("unknown language {tag:?}")]
    UnknownLocale { tag: String },
    /// No message with this key (or `key.attribute`) in the catalog: a bug of the app.
    #[error("no message {key:?} in the catalog")]
    UnknownKey { key: String },
    /// A variable the message reads was not given (`problem` names it), or the message
    /// has no value: a bug of the app.
    #[error("message {key:?} ({locale}): {problem}")]
    Format {
        key: String,
        locale: String,
        problem: String,
    },
    /// The catalog built into the library is broken: a bug of the build.
    #[error("{reason}")]
    Catalog { reason: String },
}

impl From<L10nError> for LocalizationError {
    fn from(error: L10nError) -> Self {
        match error {
            L10nError::UnknownLocale { tag } => LocalizationError::UnknownLocale { tag },
            L10nError::UnknownKey { key } => LocalizationError::UnknownKey { key },
            L10nError::Format {
                key,
                locale,
                problem,
            } => LocalizationError::Format {
                key,
                locale: locale.tag().to_string(),
                problem,
            },
            e @ L10nError::Resource { .. } => LocalizationError::Catalog {
                reason: e.to_string(),
            },
        }
    }
}

/// Every language the app can be shown in: the complete ones first (en, ru, kk), then
/// those shown in Russian (uz, ky, tg).
#[uniffi::export]
pub fn supported_locales() -> Vec<LocaleInfo> {
    Locale::ALL.into_iter().map(LocaleInfo::from).collect()
}

/// The tag of the best language for the phone's preferred languages, most wanted first
/// (`ru-RU`, `kk-KZ`, …): the first Senim knows, else `en`. Never fails.
#[uniffi::export]
pub fn negotiate_locale(preferred: Vec<String>) -> String {
    Locale::negotiate(&preferred).tag().to_string()
}

/// The catalog speaking one language. Cheap to make and to share between threads.
#[derive(Debug, uniffi::Object)]
pub struct Localizer {
    inner: senim_l10n::Localizer,
}

#[uniffi::export]
impl Localizer {
    /// The catalog in the language `tag` names (`ru`, `kk-KZ`, `uz`): one of
    /// [`supported_locales`], else [`LocalizationError::UnknownLocale`].
    #[uniffi::constructor]
    pub fn new(tag: String) -> Result<Arc<Localizer>, LocalizationError> {
        Ok(Arc::new(Localizer {
            inner: senim_l10n::Localizer::for_tag(&tag)?,
        }))
    }

    /// The catalog in the best language for the phone's preferred languages
    /// ([`negotiate_locale`]).
    #[uniffi::constructor]
    pub fn negotiated(preferred: Vec<String>) -> Result<Arc<Localizer>, LocalizationError> {
        Ok(Arc::new(Localizer {
            inner: senim_l10n::Localizer::new(Locale::negotiate(&preferred))?,
        }))
    }

    /// The language asked for (`uz` stays `uz`; `shown_in` says `ru`).
    pub fn locale(&self) -> LocaleInfo {
        self.inner.locale().into()
    }

    /// The message `key` (or `key.attribute`), which takes no variables.
    pub fn text(&self, key: String) -> Result<String, LocalizationError> {
        Ok(self.inner.text(&key)?)
    }

    /// The message `key` (or `key.attribute`) with its variables.
    pub fn format(
        &self,
        key: String,
        args: HashMap<String, L10nArg>,
    ) -> Result<String, LocalizationError> {
        // In name order: the same text whatever order the map iterates in.
        let mut entries: Vec<(String, L10nArg)> = args.into_iter().collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut values = Args::new();
        for (name, value) in entries {
            match value {
                L10nArg::Text { value } => values.set(&name, value),
                L10nArg::Number { value } => values.set(&name, value),
            }
        }
        Ok(self.inner.format(&key, &values)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, L10nArg)]) -> HashMap<String, L10nArg> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn the_app_gets_russian_plurals_through_the_facade() {
        let ru = Localizer::new("ru-RU".into()).unwrap();
        for (n, expected) in [(1.0, "1 запись"), (2.0, "2 записи"), (5.0, "5 записей")]
        {
            let text = ru
                .format(
                    "common-records".into(),
                    args(&[("count", L10nArg::Number { value: n })]),
                )
                .unwrap();
            assert_eq!(text, expected);
        }
    }

    #[test]
    fn uzbek_is_shown_in_russian_and_says_so() {
        let uz = Localizer::negotiated(vec!["uz-Latn-UZ".into(), "en".into()]).unwrap();
        let info = uz.locale();
        assert_eq!(info.tag, "uz");
        assert_eq!(info.shown_in, "ru");
        assert!(!info.complete);
        assert_eq!(
            uz.text("common-yes".into()).unwrap(),
            Localizer::new("ru".into())
                .unwrap()
                .text("common-yes".into())
                .unwrap()
        );
    }

    #[test]
    fn errors_are_typed() {
        assert_eq!(
            Localizer::new("de".into()).unwrap_err(),
            LocalizationError::UnknownLocale { tag: "de".into() }
        );
        let en = Localizer::new("en".into()).unwrap();
        assert_eq!(
            en.text("app-missing".into()).unwrap_err(),
            LocalizationError::UnknownKey {
                key: "app-missing".into()
            }
        );
        assert!(matches!(
            en.format("common-records".into(), HashMap::new()),
            Err(LocalizationError::Format { .. })
        ));
    }

    #[test]
    fn the_supported_locales_and_negotiation() {
        let tags: Vec<String> = supported_locales().into_iter().map(|l| l.tag).collect();
        assert_eq!(tags, ["en", "ru", "kk", "uz", "ky", "tg"]);
        let kk = supported_locales()
            .into_iter()
            .find(|l| l.tag == "kk")
            .unwrap();
        assert!(kk.complete && kk.needs_review);
        assert_eq!(negotiate_locale(vec!["kk-KZ".into()]), "kk");
        assert_eq!(negotiate_locale(vec!["fr-FR".into()]), "en");
    }
}
