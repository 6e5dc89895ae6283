//! The language `senim` speaks to people, and its words, from the core's catalog
//! (`senim-l10n`): `--lang` before the command, else `SENIM_LANG`, else the system's
//! locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, the first one set), else English.
//!
//! Owns choosing the language once per process and looking words up. `--json` output is
//! never translated (its keys and values are stable), and neither are the questions of
//! an interview (content, in the language its own `--lang` names). It imports nothing
//! else of the CLI, so every other module may use it.

use std::sync::OnceLock;

use senim_l10n::{Args, Locale, Localizer};

/// The environment variable naming the language (`ru`, `kk`, `en`, …).
pub const LANG_VAR: &str = "SENIM_LANG";

/// The root options that take a value, so that the scan for `--lang` steps over it.
const VALUE_OPTIONS: &[&str] = &["--vault", "--keystore", "--content"];

static WORDS: OnceLock<Localizer> = OnceLock::new();

/// Where the language came from, for the message when it is not one Senim speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Flag,
    Env,
}

/// A language the worker named and Senim does not speak.
#[derive(Debug, PartialEq, Eq)]
pub struct UnknownLanguage {
    pub tag: String,
    pub source: Source,
}

/// The value of `--lang` given before the command's name, if any: `args` are the
/// process's arguments without the program's name, `commands` the names of the
/// top-level commands. Scanned before clap parses, so that the help is in the language
/// asked for. A `--lang` after the command's name is that command's own (an
/// interview's language) and is not looked at.
pub fn flag(args: &[String], commands: &[&str]) -> Option<String> {
    let mut tokens = args.iter();
    let mut found = None;
    while let Some(token) = tokens.next() {
        if token == "--" || commands.contains(&token.as_str()) {
            break;
        }
        if token == "--lang" {
            found = tokens.next().cloned();
        } else if let Some(value) = token.strip_prefix("--lang=") {
            found = Some(value.to_string());
        } else if VALUE_OPTIONS.contains(&token.as_str()) {
            tokens.next();
        }
    }
    found
}

/// The language to speak: `flag`, else `SENIM_LANG` (both must name a language Senim
/// speaks), else the system's locale negotiated (never an error).
pub fn choose(
    flag: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Locale, UnknownLanguage> {
    let named = match flag {
        Some(tag) => Some((tag.to_string(), Source::Flag)),
        None => env(LANG_VAR)
            .filter(|v| !v.trim().is_empty())
            .map(|v| (v, Source::Env)),
    };
    if let Some((tag, source)) = named {
        return Locale::parse(&tag).map_err(|_| UnknownLanguage { tag, source });
    }
    // POSIX: LC_ALL overrides LC_MESSAGES, which overrides LANG.
    let system = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(&env)
        .find(|v| !v.trim().is_empty());
    Ok(Locale::negotiate(&system.into_iter().collect::<Vec<_>>()))
}

/// Sets the language of this process (the first call wins).
pub fn init(locale: Locale) {
    if let Ok(words) = Localizer::new(locale) {
        let _ = WORDS.set(words);
    }
}

/// The language spoken (English until [`init`]).
pub fn locale() -> Locale {
    WORDS.get().map_or(Locale::DEFAULT, Localizer::locale)
}

fn words() -> Option<Localizer> {
    WORDS
        .get()
        .copied()
        .or_else(|| Localizer::new(Locale::DEFAULT).ok())
}

/// The message `key`. A key missing from the catalog (a bug the tests rule out) shows
/// as the key itself rather than failing the command.
pub fn text(key: &str) -> String {
    words()
        .and_then(|w| w.text(key).ok())
        .unwrap_or_else(|| key.to_string())
}

/// The message `key` with its variables; see [`text`].
pub fn format(key: &str, args: &Args) -> String {
    words()
        .and_then(|w| w.format(key, args).ok())
        .unwrap_or_else(|| key.to_string())
}

/// The message `key` in `locale`, whatever the process speaks (the demo's synthetic
/// notes are English under `--json`, whose output is the same in every language).
pub fn text_in(locale: Locale, key: &str) -> String {
    Localizer::new(locale)
        .ok()
        .and_then(|w| w.text(key).ok())
        .unwrap_or_else(|| key.to_string())
}

/// A wire name (`outreach_note`, `proposed`) in words: the message `prefix` + name (with
/// `-` for `_`) when the catalog has it, else the name as it is.
pub fn named(prefix: &str, name: &str) -> String {
    let key = format!("{prefix}{}", name.replace('_', "-"));
    if has(&key) {
        text(&key)
    } else {
        name.to_string()
    }
}

/// Whether the catalog has the message `key` (help texts are looked up by a command's
/// path, and a command without one keeps its English text).
pub fn has(key: &str) -> bool {
    words().is_some_and(|w| w.text(key).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|s| s.to_string()).collect()
    }

    const COMMANDS: &[&str] = &["vault", "interview", "records"];

    /// The quoted catalog keys (`"cli-…"`, `"common-…"`) in the CLI's source files.
    fn keys_in_source(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                keys_in_source(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for piece in text.split('"').skip(1).step_by(2) {
                    let is_key = (piece.starts_with("cli-") || piece.starts_with("common-"))
                        && piece.len() > 5
                        && piece
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                    // Not keys: the prefix of the help's keys, log targets.
                    let not_keys = ["cli-help", "cli-info", "cli-debug"];
                    if is_key && !piece.ends_with('-') && !not_keys.contains(&piece) {
                        out.push(piece.to_string());
                    }
                }
            }
        }
    }

    #[test]
    fn every_key_the_command_uses_is_in_the_catalog() {
        let mut keys = Vec::new();
        keys_in_source(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut keys,
        );
        assert!(keys.len() > 20, "{keys:?}");
        let catalog = senim_l10n::Catalog::builtin().unwrap();
        for locale in Locale::COMPLETE {
            let known: Vec<String> = catalog
                .messages(locale)
                .into_iter()
                .map(|m| m.key)
                .collect();
            let missing: Vec<&String> = keys.iter().filter(|k| !known.contains(k)).collect();
            assert!(missing.is_empty(), "not in {locale}: {missing:?}");
        }
    }

    #[test]
    fn the_flag_is_read_before_the_command_only() {
        let f = |a: &[&str]| flag(&strings(a), COMMANDS);
        assert_eq!(f(&["--lang", "ru", "vault", "info"]), Some("ru".into()));
        assert_eq!(f(&["--lang=kk", "records", "list"]), Some("kk".into()));
        assert_eq!(
            f(&["--vault", "--lang", "--lang", "kk", "vault", "info"]),
            Some("kk".into())
        );
        // An interview's own language is not the worker's.
        assert_eq!(f(&["interview", "run", "--lang", "ru"]), None);
        assert_eq!(f(&["--", "--lang", "ru"]), None);
        assert_eq!(f(&[]), None);
    }

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn flag_then_senim_lang_then_the_system_locale() {
        let all = env(&[
            ("SENIM_LANG", "kk"),
            ("LC_ALL", "ru_RU.UTF-8"),
            ("LANG", "en_US.UTF-8"),
        ]);
        assert_eq!(choose(Some("ru"), &all), Ok(Locale::Ru));
        assert_eq!(choose(None, &all), Ok(Locale::Kk));
        let system = env(&[
            ("LC_ALL", ""),
            ("LC_MESSAGES", "kk_KZ.UTF-8"),
            ("LANG", "ru_RU"),
        ]);
        assert_eq!(choose(None, &system), Ok(Locale::Kk));
        assert_eq!(
            choose(None, env(&[("LANG", "ru_RU.UTF-8")])),
            Ok(Locale::Ru)
        );
        assert_eq!(choose(None, env(&[("LANG", "uz_UZ")])), Ok(Locale::Uz));
        // The system's locale is negotiated: C, or a language Senim lacks, is English.
        assert_eq!(choose(None, env(&[("LANG", "C.UTF-8")])), Ok(Locale::En));
        assert_eq!(
            choose(None, env(&[("LANG", "de_DE.UTF-8")])),
            Ok(Locale::En)
        );
        assert_eq!(choose(None, env(&[])), Ok(Locale::En));
    }

    #[test]
    fn a_language_the_worker_named_must_be_known() {
        assert_eq!(
            choose(Some("de"), env(&[])),
            Err(UnknownLanguage {
                tag: "de".into(),
                source: Source::Flag
            })
        );
        assert_eq!(
            choose(None, env(&[("SENIM_LANG", "xx")])),
            Err(UnknownLanguage {
                tag: "xx".into(),
                source: Source::Env
            })
        );
        // An empty SENIM_LANG is unset.
        assert_eq!(
            choose(None, env(&[("SENIM_LANG", " "), ("LANG", "kk_KZ")])),
            Ok(Locale::Kk)
        );
    }
}
