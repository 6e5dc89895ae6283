//! The blind index: which keyed hashes a record is findable by, kept as one Bloom
//! filter per record.
//!
//! Terms are HMAC-SHA256 (under the index key) of a typed string: a tag, a subject
//! link, the month of the record, and the prefixes of every word of a note's searchable
//! text. Each record stores a Bloom filter of its terms (one row, written in place), so
//! a write touches one index row instead of one per term. A lookup scans the filters,
//! and every candidate is decrypted and checked exactly: false positives cost time,
//! never correctness. See docs/adr/0003-blind-index.md for what the filters reveal.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, Utc};

use senim_crypto::KeyedHasher;
use senim_records::{Record, RecordId};

use crate::Result;

pub(crate) type Term = [u8; 16];

/// Shortest indexed word prefix; shorter words are indexed whole.
pub(crate) const MIN_PREFIX: usize = 3;
/// Longest indexed prefix: longer query words are matched on this prefix, then checked.
pub(crate) const MAX_PREFIX: usize = 24;

fn term(key: &KeyedHasher, space: &str, value: &str) -> Term {
    let h = key.hash(&[space.as_bytes(), value.as_bytes()]);
    let mut t = [0u8; 16];
    t.copy_from_slice(&h[..16]);
    t
}

pub(crate) fn tag_term(key: &KeyedHasher, tag: &str) -> Term {
    term(key, "tag", tag)
}

pub(crate) fn subject_term(key: &KeyedHasher, subject: &RecordId) -> Term {
    term(key, "subject", &subject.to_string())
}

pub(crate) fn month_term(key: &KeyedHasher, t: DateTime<Utc>) -> Term {
    term(key, "month", &format!("{:04}-{:02}", t.year(), t.month()))
}

/// The month terms covering `[from, to)`, or `None` when the range is too wide to be
/// worth an index lookup (the exact check still runs on every candidate).
pub(crate) fn month_terms(
    key: &KeyedHasher,
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
pub(crate) fn query_term(key: &KeyedHasher, word: &str) -> Term {
    term(key, "word", &prefix(word, MAX_PREFIX))
}

/// Whether `text` has a word starting with every query word.
pub(crate) fn matches_all(texts: &[&str], query: &[String]) -> bool {
    let ws: Vec<String> = texts.iter().flat_map(|t| words(t)).collect();
    query
        .iter()
        .all(|q| ws.iter().any(|w| w.starts_with(q.as_str())))
}

/// Hash functions per filter.
const BLOOM_K: u8 = 7;
/// Filter bits per term. With 7 hash functions the terms alone set at most about 35 %
/// of the bits (fewer after rounding the size up to a power of two); every filter is
/// then padded to [`DENSITY_SIXTEENTHS`].
const BITS_PER_TERM: usize = 16;
/// Set bits of every filter, in sixteenths of its size: random bits are added up to
/// this many, so the count no longer tells how many terms a record has (only the
/// filter's size does, to a factor of two). 7/16 is above what the terms of any filter
/// set (about 35 %, a few points more by chance in the smallest filters); a filter
/// whose terms set more is padded up to the next sixteenth. False positives: 0.4375^7,
/// about 0.3 % of the records a lookup scans.
const DENSITY_SIXTEENTHS: usize = 7;
/// Smallest filter: short notes all look alike.
const MIN_BLOOM_BITS: usize = 512;
const MAX_BLOOM_BITS: usize = 1 << 20;

/// SplitMix64's finalizer: a fast, well-mixing bijection on u64.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The `k` bits of `term` in the filter of the record at `slot`. The slot (the record's
/// local sequence number) is mixed in, so one term sets different bits in every record:
/// false positives are independent across records even when many notes say nearly the
/// same thing, and two filters do not show which terms their records share.
fn bit_positions(term: &Term, slot: u64, bits: usize, k: u8) -> impl Iterator<Item = usize> {
    let t1 = u64::from_le_bytes(term[..8].try_into().unwrap_or_default());
    let t2 = u64::from_le_bytes(term[8..].try_into().unwrap_or_default());
    let s = mix(slot);
    let h1 = mix(t1 ^ s);
    let h2 = mix(t2 ^ s.rotate_left(32)) | 1;
    let mask = bits as u64 - 1;
    (0..u64::from(k)).map(move |i| (h1.wrapping_add(i.wrapping_mul(h2)) & mask) as usize)
}

/// The Bloom filter of `terms` for the record at `slot`: `k ‖ bits`, the size a power
/// of two and at least `min_bits` (the decoy's filters take the size of the real ones
/// they follow), padded with random bits to [`DENSITY_SIXTEENTHS`].
pub(crate) fn bloom(terms: &BTreeSet<Term>, slot: u64, min_bits: usize) -> Result<Vec<u8>> {
    let bits = (terms.len() * BITS_PER_TERM)
        .max(min_bits)
        .clamp(MIN_BLOOM_BITS, MAX_BLOOM_BITS)
        .next_power_of_two();
    let mut out = vec![0u8; 1 + bits / 8];
    out[0] = BLOOM_K;
    for t in terms {
        for p in bit_positions(t, slot, bits, BLOOM_K) {
            out[1 + p / 8] |= 1 << (p % 8);
        }
    }
    pad(&mut out[1..])?;
    Ok(out)
}

/// Sets random bits of `filter` until its set bits reach the density class: 7/16 of
/// its bits, or the next sixteenth above what its terms set. Positions come from the
/// operating system's generator, so the padding is no function of the content.
fn pad(filter: &mut [u8]) -> Result<()> {
    let bits = filter.len() * 8;
    let step = bits / 16;
    let set = filter
        .iter()
        .map(|b| b.count_ones() as usize)
        .sum::<usize>();
    let target = (step * DENSITY_SIXTEENTHS).max(set.div_ceil(step) * step);
    let mut missing = target.saturating_sub(set);
    let mask = bits - 1;
    while missing > 0 {
        for chunk in senim_crypto::random_bytes(4 * missing.min(1024))?.chunks_exact(4) {
            let p = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]) as usize & mask;
            if filter[p / 8] & (1 << (p % 8)) == 0 {
                filter[p / 8] |= 1 << (p % 8);
                missing -= 1;
                if missing == 0 {
                    break;
                }
            }
        }
    }
    Ok(())
}

/// Whether the filter may hold `term` (false: it certainly does not). A malformed
/// filter holds nothing.
pub(crate) fn bloom_has(bloom: &[u8], slot: u64, term: &Term) -> bool {
    let Some((&k, bytes)) = bloom.split_first() else {
        return false;
    };
    let bits = bytes.len() * 8;
    if k == 0 || !bits.is_power_of_two() || bits < 8 {
        return false;
    }
    bit_positions(term, slot, bits, k).all(|p| bytes[p / 8] & (1 << (p % 8)) != 0)
}

/// Every term a record is findable by.
pub(crate) fn record_terms(key: &KeyedHasher, record: &Record) -> BTreeSet<Term> {
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
    fn a_filter_holds_its_terms_and_rarely_others() {
        let k = KeyedHasher::new(&senim_crypto::SecretKey::random().unwrap());
        let terms: BTreeSet<Term> = (0..150)
            .map(|i| term(&k, "word", &format!("w{i}")))
            .collect();
        let b = bloom(&terms, 7, 0).unwrap();
        assert!(terms.iter().all(|t| bloom_has(&b, 7, t)));
        let false_positives = (0..10_000)
            .filter(|i| bloom_has(&b, 7, &term(&k, "word", &format!("other{i}"))))
            .count();
        assert!(
            false_positives < 200,
            "{false_positives} false positives in 10000"
        );
        let first = terms.iter().next().copied().unwrap();
        assert!(!bloom_has(&[], 7, &first));
        assert!(!bloom_has(&[7, 1, 2, 3], 7, &first));
    }

    #[test]
    fn identical_notes_do_not_share_false_positives() {
        // Many notes with the same words: with positions salted per record, a term that
        // is a false positive for one is not one for all of them.
        let k = KeyedHasher::new(&senim_crypto::SecretKey::random().unwrap());
        let terms: BTreeSet<Term> =
            words("Паспорт забрал бригадир, долг за дорогу, живут в вагончике")
                .map(|w| term(&k, "word", &w))
                .collect();
        let filters: Vec<Vec<u8>> = (0..2000)
            .map(|slot| bloom(&terms, slot, 0).unwrap())
            .collect();
        assert_ne!(filters[0], filters[1], "same terms, different bits");
        for probe in 0..50 {
            let q = term(&k, "word", &format!("absent{probe}"));
            let hits = filters
                .iter()
                .enumerate()
                .filter(|(slot, f)| bloom_has(f, *slot as u64, &q))
                .count();
            assert!(
                hits < 100,
                "term {probe} is a false positive in {hits} of 2000 identical notes"
            );
        }
    }

    fn set_bits(filter: &[u8]) -> u32 {
        filter[1..].iter().map(|b| b.count_ones()).sum()
    }

    #[test]
    fn records_with_very_different_term_counts_in_one_size_class_set_the_same_bits() {
        let k = KeyedHasher::new(&senim_crypto::SecretKey::random().unwrap());
        let few: BTreeSet<Term> = (0..3).map(|i| term(&k, "word", &format!("a{i}"))).collect();
        let many: BTreeSet<Term> = (0..32)
            .map(|i| term(&k, "word", &format!("b{i}")))
            .collect();
        let (a, b) = (bloom(&few, 11, 0).unwrap(), bloom(&many, 12, 0).unwrap());
        assert_eq!(a.len(), b.len(), "one size class");
        assert_eq!(
            set_bits(&a),
            set_bits(&b),
            "the set bits tell the term count"
        );
        assert!(few.iter().all(|t| bloom_has(&a, 11, t)));
        assert!(many.iter().all(|t| bloom_has(&b, 12, t)));
    }

    #[test]
    fn month_range_covers_partial_months_and_gives_up_when_wide() {
        let k = KeyedHasher::new(&senim_crypto::SecretKey::random().unwrap());
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
