//! What the rule set and the services directory share as content files: size and format
//! checks before parsing, language lists and fallback chains, checks of localized
//! strings, `{placeholder}` templates, ids, and the confidence marks of the brief.
//!
//! Owns only these checks and lookups. It never decides what a rule or a service means.
//! Problems are reported as `"<place>: <what is wrong>"`; content holds no personal data,
//! so quoting an id or a field name from it is safe.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::forms::{Localized, Text};
use crate::{Error, Result};

/// How sure the content brief is of a fact (`docs/screening.md`, "Sources").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Confidence {
    /// Read in a published copy of the source.
    #[serde(rename = "V")]
    Verified,
    /// Only a secondary source confirms it.
    #[serde(rename = "S")]
    Secondary,
    /// Unverified: check it against the original before field use.
    #[serde(rename = "U")]
    Unverified,
}

impl Confidence {
    pub fn as_str(&self) -> &'static str {
        match self {
            Confidence::Verified => "V",
            Confidence::Secondary => "S",
            Confidence::Unverified => "U",
        }
    }
}

/// Every problem found in one content file, each prefixed with its place.
#[derive(Default)]
pub(crate) struct Problems(pub Vec<String>);

impl Problems {
    pub fn push(&mut self, place: &str, problem: impl fmt::Display) {
        self.0.push(format!("{place}: {problem}"));
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn finish<T>(self, what: &'static str, value: impl FnOnce() -> T) -> Result<T> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(Error::InvalidContent {
                what,
                problems: self.0,
            })
        }
    }
}

fn one(what: &'static str, problem: String) -> Error {
    Error::InvalidContent {
        what,
        problems: vec![problem],
    }
}

/// Checks the size and the format number, then parses `bytes` into the source shape.
/// Returns the source and the parsed JSON value (for the content hash).
pub(crate) fn parse<T: DeserializeOwned>(
    bytes: &[u8],
    what: &'static str,
    max_bytes: usize,
    format: u32,
) -> Result<(T, serde_json::Value)> {
    if bytes.len() > max_bytes {
        return Err(one(
            what,
            format!(
                "{what}: it is {} bytes; at most {max_bytes} are accepted",
                bytes.len()
            ),
        ));
    }
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| one(what, syntax(what, &e)))?;
    // The format first, so that a file for a newer build gets a clear error.
    if let Some(found) = value.get("format").and_then(|f| f.as_u64())
        && found != u64::from(format)
    {
        return Err(one(
            what,
            format!("{what}: format {found} is not supported (this build reads {format})"),
        ));
    }
    let source = T::deserialize(&value).map_err(|e| one(what, syntax(what, &e)))?;
    Ok((source, value))
}

fn syntax(what: &str, e: &serde_json::Error) -> String {
    // serde_json names the field or the expected shape; for content files (no personal
    // data) that is what the author needs.
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    if e.line() == 0 {
        format!("{what}: does not have the {what} shape: {message}")
    } else {
        format!(
            "{what}: not valid JSON or not the {what} shape (line {}, column {}): {message}",
            e.line(),
            e.column()
        )
    }
}

/// Longest accepted id.
pub(crate) const MAX_ID_LEN: usize = 64;

/// `[a-z][a-z0-9_]*`, at most 64 characters: ids of rule sets, groups, populations,
/// rules, directories and services.
pub(crate) fn check_lower_id(id: &str) -> std::result::Result<(), &'static str> {
    let mut chars = id.chars();
    match chars.next() {
        None => Err("must not be empty"),
        _ if id.len() > MAX_ID_LEN => Err("longer than 64 characters"),
        Some(c)
            if c.is_ascii_lowercase()
                && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') =>
        {
            Ok(())
        }
        _ => Err("use lower-case letters, digits and '_', starting with a letter"),
    }
}

/// `[A-Z][A-Z0-9_]*`, at most 16 characters: dimension ids such as `DR`.
pub(crate) fn check_dimension_id(id: &str) -> std::result::Result<(), &'static str> {
    let mut chars = id.chars();
    match chars.next() {
        None => Err("must not be empty"),
        _ if id.len() > 16 => Err("longer than 16 characters"),
        Some(c)
            if c.is_ascii_uppercase()
                && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') =>
        {
            Ok(())
        }
        _ => Err("use upper-case letters, digits and '_', starting with a letter"),
    }
}

/// `[A-Za-z0-9][A-Za-z0-9_.-]*`, at most 64 characters: forced-labour ids like `FL-01`.
pub(crate) fn check_loose_id(id: &str) -> std::result::Result<(), &'static str> {
    let mut chars = id.chars();
    match chars.next() {
        None => Err("must not be empty"),
        _ if id.len() > MAX_ID_LEN => Err("longer than 64 characters"),
        Some(c)
            if c.is_ascii_alphanumeric()
                && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')) =>
        {
            Ok(())
        }
        _ => Err("use letters, digits, '_', '.' and '-', starting with a letter or digit"),
    }
}

pub(crate) fn is_language_code(code: &str) -> bool {
    (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase())
}

/// The languages of a content file: which exist, and the lookup chain of each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Languages {
    pub default: String,
    pub list: Vec<String>,
    /// Per language, the full lookup chain (the language itself first, the default last).
    pub chains: BTreeMap<String, Vec<String>>,
}

impl Languages {
    /// Checks the codes, the default and the fallback map, and builds the chains.
    pub fn check(
        default: &str,
        list: &[String],
        fallback: &BTreeMap<String, Vec<String>>,
        place: &str,
        problems: &mut Problems,
    ) -> Languages {
        let mut seen = BTreeSet::new();
        if list.is_empty() {
            problems.push(place, "languages: at least one language is required");
        }
        for lang in list {
            if !senim_records::is_language_tag(lang) {
                problems.push(
                    place,
                    format!(
                        "languages: '{lang}' is not 2 or 3 lower-case letters (ISO 639), \
                         optionally with a script (uz-Cyrl)"
                    ),
                );
            }
            if !seen.insert(lang.as_str()) {
                problems.push(
                    place,
                    format!("languages: '{lang}' is listed more than once"),
                );
            }
        }
        if !list.iter().any(|l| l == default) {
            problems.push(
                place,
                format!("default_language '{default}' is not one of the languages"),
            );
        }
        for (lang, next) in fallback {
            for l in std::iter::once(lang).chain(next) {
                if !seen.contains(l.as_str()) {
                    problems.push(
                        place,
                        format!("fallback: '{l}' is not one of the languages"),
                    );
                }
            }
        }
        let mut chains = BTreeMap::new();
        for lang in list {
            let mut chain = vec![lang.clone()];
            for next in fallback.get(lang).into_iter().flatten() {
                if !chain.contains(next) {
                    chain.push(next.clone());
                }
            }
            if !chain.iter().any(|l| l == default) {
                chain.push(default.to_string());
            }
            chains.insert(lang.clone(), chain);
        }
        Languages {
            default: default.to_string(),
            list: list.to_vec(),
            chains,
        }
    }

    /// Checks one localized string: present in the default language, only in known
    /// languages, never empty.
    pub fn check_text(&self, place: &str, field: &str, text: &Text, problems: &mut Problems) {
        if !text.0.contains_key(&self.default) {
            problems.push(
                place,
                format!(
                    "{field} has no text in the default language '{}'",
                    self.default
                ),
            );
        }
        for (lang, t) in &text.0 {
            if !self.chains.contains_key(lang) {
                problems.push(
                    place,
                    format!("{field} has text in '{lang}', which is not one of the languages"),
                );
            } else if t.text().trim().is_empty() {
                problems.push(place, format!("{field} is empty in '{lang}'"));
            }
        }
    }

    /// Checks a template: a localized string whose `{name}` placeholders must all be in
    /// `allowed`, in every language.
    pub fn check_template(
        &self,
        place: &str,
        field: &str,
        text: &Text,
        allowed: &[&str],
        problems: &mut Problems,
    ) {
        self.check_text(place, field, text, problems);
        for (lang, t) in &text.0 {
            match placeholders(t.text()) {
                Err(reason) => problems.push(place, format!("{field} in '{lang}': {reason}")),
                Ok(names) => {
                    for name in names {
                        if !allowed.contains(&name) {
                            problems.push(
                                place,
                                format!(
                                    "{field} in '{lang}' uses {{{name}}}, which is not one of: {}",
                                    if allowed.is_empty() {
                                        "(none)".to_string()
                                    } else {
                                        allowed.join(", ")
                                    }
                                ),
                            );
                        }
                    }
                }
            }
        }
    }

    pub fn supports(&self, language: &str) -> bool {
        self.chains.contains_key(language)
    }

    /// The string for `language`, following its chain; an unknown language uses the
    /// default.
    pub fn localize(&self, text: &Text, language: &str) -> Localized {
        crate::forms::definition::localize(&self.chains, &self.default, text, language)
    }
}

/// The `{name}` placeholders of a template, in order. Names are `[a-z_]+`; a `{` or
/// `}` that does not belong to a placeholder is an error (templates have no escapes).
pub(crate) fn placeholders(template: &str) -> std::result::Result<Vec<&str>, &'static str> {
    let mut names = Vec::new();
    let mut rest = template;
    loop {
        let open = rest.find('{');
        let close = rest.find('}');
        match (open, close) {
            (None, None) => return Ok(names),
            (Some(o), Some(c)) if o < c => {
                let name = &rest[o + 1..c];
                if name.is_empty() || !name.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_') {
                    return Err("a placeholder is written {name} with lower-case letters and '_'");
                }
                names.push(name);
                rest = &rest[c + 1..];
            }
            _ => return Err("has a '{' or '}' that does not belong to a {placeholder}"),
        }
    }
}

/// A template filled in: each `{name}` replaced by its value. The result is marked as
/// needing review when the template or any value used does. Values are inserted as
/// they are and never scanned for placeholders themselves.
pub(crate) fn fill(template: &Localized, values: &[(&str, &Localized)]) -> Localized {
    let mut text = String::with_capacity(template.text.len() + 32);
    let mut needs_review = template.needs_review;
    let mut rest = template.text.as_str();
    while let Some(o) = rest.find('{') {
        let Some(len) = rest[o..].find('}') else {
            break;
        };
        let name = &rest[o + 1..o + len];
        text.push_str(&rest[..o]);
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, v)) => {
                text.push_str(&v.text);
                needs_review |= v.needs_review;
            }
            None => text.push_str(&rest[o..=o + len]),
        }
        rest = &rest[o + len + 1..];
    }
    text.push_str(rest);
    Localized {
        text,
        language: template.language.clone(),
        needs_review,
    }
}

/// A value that needs no translation (an id, a number).
pub(crate) fn literal(text: impl Into<String>, language: &str) -> Localized {
    Localized {
        text: text.into(),
        language: language.to_string(),
        needs_review: false,
    }
}

/// Several localized values joined into one.
pub(crate) fn join(parts: &[Localized], separator: &str, language: &str) -> Localized {
    Localized {
        text: parts
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join(separator),
        language: language.to_string(),
        needs_review: parts.iter().any(|p| p.needs_review),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(text: &str, needs_review: bool) -> Localized {
        Localized {
            text: text.into(),
            language: "en".into(),
            needs_review,
        }
    }

    #[test]
    fn placeholders_are_listed_in_order() {
        assert_eq!(placeholders("{a} and {b_c}"), Ok(vec!["a", "b_c"]));
        assert_eq!(placeholders("none"), Ok(vec![]));
    }

    #[test]
    fn stray_braces_are_rejected() {
        assert!(placeholders("a { b").is_err());
        assert!(placeholders("a } b").is_err());
        assert!(placeholders("{Upper}").is_err());
        assert!(placeholders("{}").is_err());
    }

    #[test]
    fn fill_replaces_each_placeholder_and_never_rescans_values() {
        let out = fill(
            &loc("{level} — {advice}", false),
            &[
                ("level", &loc("{advice}", false)),
                ("advice", &loc("refer", true)),
            ],
        );
        assert_eq!(out.text, "{advice} — refer");
        assert!(out.needs_review);
    }
}
