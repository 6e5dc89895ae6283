//! The blind index: which keyed hashes a record is findable by.
//!
//! Terms are HMAC-SHA256 (under the index key, truncated to 16 bytes) of a typed
//! string: a tag, a subject link, the month of the record, the deleted state, and the
//! prefixes of every word of a note's searchable text. Equal terms reveal that two
//! records share something (see docs/adr/0003-blind-index.md); the terms never reveal
//! what.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Utc};

use crate::crypto::{SecretKey, keyed_hash};
use crate::records::{Record, RecordId};

pub(crate) type Term = [u8; 16];

/// Shortest indexed word prefix; shorter words are indexed whole.
pub(crate) const MIN_PREFIX: usize = 3;
/// Longest indexed prefix: longer query words are matched on this prefix, then checked.
pub(crate) const MAX_PREFIX: usize = 24;

fn term(key: &SecretKey, space: &str, value: &str) -> Term {
    let h = keyed_hash(key, &[space.as_bytes(), value.as_bytes()]);
    let mut t = [0u8; 16];
    t.copy_from_slice(&h[..16]);
    t
}

pub(crate) fn tag_term(key: &SecretKey, tag: &str) -> Term {
    term(key, "tag", tag)
}

pub(crate) fn subject_term(key: &SecretKey, subject: &RecordId) -> Term {
    term(key, "subject", &subject.to_string())
}

pub(crate) fn deleted_term(key: &SecretKey) -> Term {
    term(key, "state", "deleted")
}

pub(crate) fn month_term(key: &SecretKey, t: DateTime<Utc>) -> Term {
    term(key, "month", &format!("{:04}-{:02}", t.year(), t.month()))
}

/// The month terms covering `[from, to)`, or `None` when the range is too wide to be
/// worth an index lookup (the exact check still runs on every candidate).
pub(crate) fn month_terms(
    key: &SecretKey,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Option<Vec<Term>> {
    if to <= from {
        return Some(Vec::new());
    }
    let last = to - chrono::Duration::nanoseconds(1);
    let (mut y, mut m) = (from.year(), from.month());
    let mut out = Vec::new();
    while (y, m) <= (last.year(), last.month()) {
        if out.len() >= 240 {
            return None;
        }
        out.push(term(key, "month", &format!("{y:04}-{m:02}")));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    Some(out)
}

/// Lower-cased words of `text` (letters and digits; `ё` folded to `е`).
pub(crate) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('ё', "е"))
}

fn prefix(word: &str, n: usize) -> String {
    word.chars().take(n).collect()
}

/// The term a query word is looked up by.
pub(crate) fn query_term(key: &SecretKey, word: &str) -> Term {
    term(key, "word", &prefix(word, MAX_PREFIX))
}

/// Whether `text` has a word starting with every query word.
pub(crate) fn matches_all(texts: &[&str], query: &[String]) -> bool {
    let ws: Vec<String> = texts.iter().flat_map(|t| words(t)).collect();
    query
        .iter()
        .all(|q| ws.iter().any(|w| w.starts_with(q.as_str())))
}

/// Every term a record is findable by.
pub(crate) fn record_terms(key: &SecretKey, record: &Record) -> BTreeSet<Term> {
    let mut out = BTreeSet::new();
    for t in record.body.tags() {
        out.insert(tag_term(key, t));
    }
    if let Some(s) = record.body.subject() {
        out.insert(subject_term(key, &s));
    }
    out.insert(month_term(
        key,
        record.body.time().unwrap_or(record.created_at),
    ));
    if record.deleted {
        out.insert(deleted_term(key));
    }
    for text in record.body.searchable_text() {
        for w in words(text) {
            let n = w.chars().count();
            if n <= MIN_PREFIX {
                out.insert(term(key, "word", &w));
            } else {
                for len in MIN_PREFIX..=n.min(MAX_PREFIX) {
                    out.insert(term(key, "word", &prefix(&w, len)));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercased_split_and_folded() {
        let w: Vec<String> = words("Рынок «Алтын-Орда», ЁЛКА 12").collect();
        assert_eq!(w, vec!["рынок", "алтын", "орда", "елка", "12"]);
    }

    #[test]
    fn query_words_match_as_prefixes() {
        let q = vec!["строит".to_string(), "паспорт".to_string()];
        assert!(matches_all(
            &["Работает на строительстве, паспорт забрали"],
            &q
        ));
        assert!(!matches_all(&["Работает на строительстве"], &q));
    }

    #[test]
    fn month_range_covers_partial_months_and_gives_up_when_wide() {
        let k = SecretKey::random().unwrap();
        let from = DateTime::parse_from_rfc3339("2026-11-30T00:00:00Z")
            .unwrap()
            .to_utc();
        let to = DateTime::parse_from_rfc3339("2027-02-01T00:00:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(month_terms(&k, from, to).unwrap().len(), 3);
        let far = DateTime::parse_from_rfc3339("2100-01-01T00:00:00Z")
            .unwrap()
            .to_utc();
        assert!(month_terms(&k, from, far).is_none());
    }
}
