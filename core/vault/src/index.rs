//! The search index: which words and attributes a record is found by, kept in an FTS5
//! table inside the page-encrypted database (ADR 0039; it replaced the per-record Bloom
//! filters of ADR 0003).
//!
//! A record's row in `record_index` (its `rowid` is the record's sequence number)
//! holds one column of tokens: the words of its searchable text as [`words`] gives
//! them (lower-cased, `ё` folded to `е`, split at anything not a letter or digit), and
//! attribute tokens that start with `_`, which no word can: its kind, tags, subject and
//! month, their values in hex. The table has `detail=none` (which records hold a
//! token, not where), its tokenizer FTS5's `ascii` with `_` a token character: the
//! words arrive already folded and split. FTS5's `secure-delete` is on, so a record's
//! tokens leave the index's blocks when its row is replaced or deleted (a trigger
//! deletes it with its record), and SQLite's `secure_delete` zeroes the space. It keeps
//! each row's tokens: a contentless table forgets a row by a tombstone and leaves its
//! tokens in the blocks until a merge (tested in `index_tests.rs`). Every candidate is then read and checked exactly: the index decides what
//! is read, never what is shown.

use chrono::{DateTime, Datelike, Utc};
use std::fmt::Write as _;

use senim_records::{Record, RecordId, RecordKind};

fn hex_token(tag: char, value: &[u8]) -> String {
    let mut out = String::with_capacity(2 + 2 * value.len());
    out.push('_');
    out.push(tag);
    for b in value {
        let _ = write!(out, "{b:02x}");
    }
    out
}

pub(crate) fn kind_token(kind: RecordKind) -> String {
    hex_token('k', kind.as_str().as_bytes())
}

pub(crate) fn tag_token(tag: &str) -> String {
    hex_token('t', tag.as_bytes())
}

pub(crate) fn subject_token(subject: &RecordId) -> String {
    hex_token('s', subject.as_bytes())
}

/// The token of a month: `_m` and `YYYYMM` for the years 0 to 9999; letters and digits
/// only for the others too (`_mn` and the year below zero, `_mp` and a year past 9999),
/// so that a token is never split in two.
fn month_of(year: i32, month: u32) -> String {
    match year {
        0..=9999 => format!("_m{year:04}{month:02}"),
        ..0 => format!("_mn{}x{month:02}", year.unsigned_abs()),
        _ => format!("_mp{year}x{month:02}"),
    }
}

pub(crate) fn month_token(t: DateTime<Utc>) -> String {
    month_of(t.year(), t.month())
}

/// The month tokens covering `[from, to)`, or `None` when the range is too wide to be
/// worth an index lookup (the exact check still runs on every candidate).
pub(crate) fn month_tokens(from: DateTime<Utc>, to: DateTime<Utc>) -> Option<Vec<String>> {
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
        out.push(month_of(y, m));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    Some(out)
}

/// Lower-cased words of `text` (letters and digits; `ё` folded to `е`).
pub(crate) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    raw_words(text).map(|w| {
        let lower = w.to_lowercase();
        match lower.contains('ё') {
            true => lower.replace('ё', "е"),
            false => lower,
        }
    })
}

/// Whether `texts` have a word starting with every query word. Reads the words only
/// until each query word has been met: the exact check every search candidate passes.
/// Compares each word folded as [`words`] folds it, a character at a time, without
/// making a string of it (a search checks 50 records' whole text).
pub(crate) fn matches_all(texts: &[&str], query: &[String]) -> bool {
    let mut left: Vec<&str> = query.iter().map(String::as_str).collect();
    for word in texts.iter().flat_map(|t| raw_words(t)) {
        if left.is_empty() {
            break;
        }
        left.retain(|q| !starts_folded(word, q));
    }
    left.is_empty()
}

/// The words of `text` as they are written: what [`words`] folds. A word is a run of
/// letters and digits (`char::is_alphanumeric`).
fn raw_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !in_word(c)).filter(|w| !w.is_empty())
}

/// `c.is_alphanumeric()`, answered from a table for the Cyrillic block, the script of
/// most notes: outside ASCII the standard library searches its Unicode tables for
/// every character, a tenth of a search's time in a profile.
fn in_word(c: char) -> bool {
    static CYRILLIC: std::sync::LazyLock<[bool; 256]> = std::sync::LazyLock::new(|| {
        std::array::from_fn(|i| char::from_u32(0x400 + i as u32).is_some_and(char::is_alphanumeric))
    });
    match u32::from(c) {
        0..=0x7f => c.is_ascii_alphanumeric(),
        n @ 0x400..=0x4ff => CYRILLIC[(n - 0x400) as usize],
        _ => c.is_alphanumeric(),
    }
}

/// Whether `word`, folded as [`words`] folds it, starts with `prefix` (folded).
/// Compares a character at a time from a table for ASCII and the Cyrillic block, the
/// scripts of most notes (the standard library's lowercasing searches its tables for
/// each character outside ASCII, half of this check's time in a profile of a search);
/// a word with any other character is folded by [`starts_folded_slowly`].
fn starts_folded(word: &str, prefix: &str) -> bool {
    let mut chars = word.chars();
    for p in prefix.chars() {
        let folded = match chars.next() {
            None => return false,
            Some(c) => match u32::from(c) {
                0..=0x7f => c.to_ascii_lowercase(),
                n @ 0x400..=0x4ff => CYRILLIC_FOLDED[(n - 0x400) as usize],
                _ => return starts_folded_slowly(word, prefix),
            },
        };
        if folded != p {
            return false;
        }
    }
    true
}

/// The Cyrillic block folded as [`words`] folds it: each letter lowercased (one
/// letter each, in this block), ё as е.
static CYRILLIC_FOLDED: std::sync::LazyLock<[char; 256]> = std::sync::LazyLock::new(|| {
    std::array::from_fn(|i| {
        let c = char::from_u32(0x400 + i as u32).unwrap_or(char::REPLACEMENT_CHARACTER);
        match c.to_lowercase().next().unwrap_or(c) {
            'ё' => 'е',
            lower => lower,
        }
    })
});

/// [`starts_folded`] for any word: lowercasing a string differs from lowercasing its
/// characters only for a capital sigma (final or not by its place), so such a word is
/// folded whole.
fn starts_folded_slowly(word: &str, prefix: &str) -> bool {
    if word.contains('Σ') {
        return words(word).next().is_some_and(|w| w.starts_with(prefix));
    }
    let mut folded = word
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c });
    prefix.chars().all(|p| folded.next() == Some(p))
}

/// The tokens a record is found by, as the index's one column holds them: its kind,
/// tags, subject and month, then each distinct word of its searchable text.
pub(crate) fn record_tokens(record: &Record) -> String {
    let mut out = kind_token(record.kind);
    let mut push = |token: &str| {
        out.push(' ');
        out.push_str(token);
    };
    for t in record.body.tags() {
        push(&tag_token(t));
    }
    if let Some(s) = record.body.subject() {
        push(&subject_token(&s));
    }
    push(&month_token(
        record.body.time().unwrap_or(record.created_at),
    ));
    let mut seen = std::collections::HashSet::new();
    for text in record.body.searchable_text() {
        for w in words(text) {
            if seen.insert(w.clone()) {
                push(&w);
            }
        }
    }
    out
}

/// How many tokens a row of [`record_tokens`] holds.
pub(crate) fn token_count(tokens: &str) -> usize {
    tokens.split(' ').filter(|t| !t.is_empty()).count()
}

/// What a lookup asks of the index: tokens every candidate holds, words each of which
/// starts one of its words, and months of which it holds one.
#[derive(Default)]
pub(crate) struct Lookup {
    pub required: Vec<String>,
    pub prefixes: Vec<String>,
    pub months: Option<Vec<String>>,
}

impl Lookup {
    /// The FTS5 query, or `None` when the lookup asks nothing of the index (a listing
    /// by kind alone reads the records table). Every token is quoted: a query word is
    /// letters and digits only ([`words`]), an attribute token letters, digits and `_`,
    /// so none can carry FTS5 syntax.
    pub(crate) fn expression(&self) -> Option<String> {
        let mut parts: Vec<String> = self.required.iter().map(|t| format!("\"{t}\"")).collect();
        parts.extend(self.prefixes.iter().map(|w| format!("\"{w}\"*")));
        if let Some(months) = &self.months {
            if months.is_empty() {
                // An empty range: nothing matches, which a month no record has says.
                parts.push("\"_m\"".into());
            } else {
                let any: Vec<String> = months.iter().map(|m| format!("\"{m}\"")).collect();
                parts.push(format!("({})", any.join(" OR ")));
            }
        }
        match parts.is_empty() {
            true => None,
            false => Some(parts.join(" AND ")),
        }
    }
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
    fn every_query_word_may_start_a_word_of_any_of_the_texts() {
        let q = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let texts = ["Паспорт забрали", "Ёлочный базар, ряд 7"];
        assert!(matches_all(&texts, &q(&["елоч", "паспорт", "7"])));
        assert!(matches_all(&texts, &q(&["паспорт", "паспорт"])));
        assert!(!matches_all(&texts, &q(&["паспорт", "склад"])));
        assert!(
            !matches_all(&texts, &q(&["аспорт"])),
            "a word's middle is not its start"
        );
        assert!(matches_all(&texts, &[]));
        assert!(!matches_all(&[], &q(&["паспорт"])));
    }

    proptest::proptest! {
        /// The check compares characters as they come; it must answer as comparing
        /// the folded words would, in any script and case.
        #[test]
        fn the_exact_check_answers_as_the_folded_words_do(
            text in "[a-zA-Zа-яА-ЯёЁұҰәӘσςΣ0-9 ,.-]{0,40}",
            query in proptest::collection::vec("[a-zа-яёұәσςΣA-Z0-9]{1,4}", 0..3),
        ) {
            let query: Vec<String> = query.iter().flat_map(|q| words(q)).collect();
            let folded: Vec<String> = words(&text).collect();
            let expected = query
                .iter()
                .all(|q| folded.iter().any(|w| w.starts_with(q.as_str())));
            proptest::prop_assert_eq!(matches_all(&[text.as_str()], &query), expected);
        }
    }

    #[test]
    fn word_characters_are_the_alphanumeric_ones() {
        for n in 0..0x3000u32 {
            if let Some(c) = char::from_u32(n) {
                assert_eq!(in_word(c), c.is_alphanumeric(), "U+{n:04X}");
            }
        }
    }

    #[test]
    fn the_cyrillic_table_folds_as_lowercasing_does() {
        for n in 0x400..=0x4ffu32 {
            let c = char::from_u32(n).unwrap();
            let whole: String = c.to_lowercase().collect();
            assert_eq!(
                whole.chars().count(),
                1,
                "U+{n:04X} lowercases to one letter"
            );
            let expected = whole.replace('ё', "е");
            assert_eq!(
                CYRILLIC_FOLDED[(n - 0x400) as usize].to_string(),
                expected,
                "U+{n:04X}"
            );
            let word = format!("{c}x");
            assert!(starts_folded(&word, &expected), "U+{n:04X}");
        }
    }

    #[test]
    fn a_capital_sigma_folds_as_in_the_whole_word() {
        // "ΟΔΟΣ" lowercases to "οδος" (a final sigma), character by character to "οδοσ".
        let q = vec!["οδος".to_string()];
        assert!(matches_all(&["ΟΔΟΣ"], &q));
        assert!(matches_all(&["Ёлка"], &["елк".to_string()]));
    }

    #[test]
    fn attribute_tokens_cannot_be_words_or_carry_syntax() {
        let tag = tag_token("Алтын \"OR\" *");
        assert!(tag.starts_with("_t"));
        assert!(tag[2..].chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(kind_token(RecordKind::OutreachNote), "_k6e6f7465");
        // No word starts with `_`: `words` splits there.
        assert!(words("_k6e6f7465 a_b").all(|w| !w.contains('_')));
    }

    #[test]
    fn a_lookup_quotes_every_token_and_asks_one_of_the_months() {
        let l = Lookup {
            required: vec![kind_token(RecordKind::Interview)],
            prefixes: vec!["паспорт".into()],
            months: Some(vec!["_m202611".into(), "_m202612".into()]),
        };
        assert_eq!(
            l.expression().unwrap(),
            "\"_k696e74657276696577\" AND \"паспорт\"* AND (\"_m202611\" OR \"_m202612\")"
        );
        assert_eq!(Lookup::default().expression(), None);
    }

    #[test]
    fn a_month_token_is_one_token_whatever_the_year() {
        for year in [-262_000, -1, 0, 1, 2026, 9999, 10_000, 262_000] {
            let t = month_of(year, 7);
            assert!(
                t.starts_with("_m") && t[1..].chars().all(|c| c.is_ascii_alphanumeric()),
                "{t}"
            );
        }
        assert_eq!(month_of(2026, 7), "_m202607");
        assert_ne!(month_of(-1, 7), month_of(1, 7));
    }

    #[test]
    fn month_range_covers_partial_months_and_gives_up_when_wide() {
        let from = DateTime::parse_from_rfc3339("2026-11-30T00:00:00Z")
            .unwrap()
            .to_utc();
        let to = DateTime::parse_from_rfc3339("2027-02-01T00:00:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(
            month_tokens(from, to).unwrap(),
            vec!["_m202611", "_m202612", "_m202701"]
        );
        let far = DateTime::parse_from_rfc3339("2100-01-01T00:00:00Z")
            .unwrap()
            .to_utc();
        assert!(month_tokens(from, far).is_none());
    }
}
