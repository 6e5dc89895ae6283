//! The archive inside a handoff file: a POSIX ustar archive of exactly two regular
//! files, `summary.html` then `records.json`, as any `tar` (GNU, bsdtar, the one in
//! Windows 10 and later) extracts it.
//!
//! Owns writing that archive and reading back only that layout. The reader is strict:
//! it accepts what [`pack`] writes and nothing else (no links, no directories, no paths,
//! no extensions), and never panics on any input. Every buffer that holds the
//! plaintext is wiped when dropped.

use chrono::{DateTime, Utc};
use zeroize::Zeroizing;

use crate::{Error, Result};

pub(super) const SUMMARY: &str = "summary.html";
pub(super) const RECORDS: &str = "records.json";

const BLOCK: usize = 512;
/// Two zero blocks end the archive.
const END: usize = 2 * BLOCK;
/// Largest file inside (also bounded by the size of the handoff file).
const MAX_ENTRY: usize = 16 * 1024 * 1024;

fn damaged(reason: &'static str) -> Error {
    Error::HandoffDamaged(reason)
}

fn padded(len: usize) -> usize {
    len.div_ceil(BLOCK) * BLOCK
}

/// `value` as zero-padded octal digits filling `field` but its last byte (NUL).
fn octal(field: &mut [u8], value: u64) {
    let digits = field.len() - 1;
    let text = format!("{value:0digits$o}");
    field[..digits].copy_from_slice(&text.as_bytes()[text.len() - digits..]);
    field[digits] = 0;
}

fn header(name: &str, size: usize, mtime: i64) -> [u8; BLOCK] {
    let mut h = [0u8; BLOCK];
    h[..name.len()].copy_from_slice(name.as_bytes());
    octal(&mut h[100..108], 0o600);
    octal(&mut h[108..116], 0);
    octal(&mut h[116..124], 0);
    octal(&mut h[124..136], size as u64);
    octal(&mut h[136..148], mtime.max(0) as u64);
    h[156] = b'0';
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    // The checksum is computed with its own field as eight spaces, then written as six
    // octal digits, NUL and a space.
    h[148..156].copy_from_slice(b"        ");
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    let text = format!("{sum:06o}\0 ");
    h[148..156].copy_from_slice(text.as_bytes());
    h
}

/// The archive of `files` (name, contents), each stamped with `at`.
pub(super) fn pack(files: &[(&str, &[u8])], at: DateTime<Utc>) -> Zeroizing<Vec<u8>> {
    let len = files
        .iter()
        .map(|(_, data)| BLOCK + padded(data.len()))
        .sum::<usize>()
        + END;
    let mut out = Zeroizing::new(Vec::with_capacity(len));
    for (name, data) in files {
        out.extend_from_slice(&header(name, data.len(), at.timestamp()));
        out.extend_from_slice(data);
        let end = out.len() + padded(data.len()) - data.len();
        out.resize(end, 0);
    }
    out.resize(len, 0);
    out
}

/// Parses an octal field: digits, optionally led by spaces and ended by NUL or space.
fn parse_octal(field: &[u8]) -> Option<u64> {
    let text = field
        .iter()
        .skip_while(|&&b| b == b' ')
        .take_while(|&&b| b != 0 && b != b' ');
    let mut value: u64 = 0;
    let mut any = false;
    for &b in text {
        if !(b'0'..=b'7').contains(&b) {
            return None;
        }
        value = value.checked_mul(8)?.checked_add(u64::from(b - b'0'))?;
        any = true;
    }
    any.then_some(value)
}

/// Reads the entry `name` at `at` and returns its contents and the offset after it.
fn entry(archive: &[u8], at: usize, name: &str) -> Result<(Zeroizing<String>, usize)> {
    let h = archive
        .get(at..at + BLOCK)
        .ok_or_else(|| damaged("the archive inside is cut short"))?;
    let mut sum: u32 = 0;
    for (i, &b) in h.iter().enumerate() {
        sum += if (148..156).contains(&i) {
            u32::from(b' ')
        } else {
            u32::from(b)
        };
    }
    if parse_octal(&h[148..156]) != Some(u64::from(sum)) {
        return Err(damaged("an archive header inside is damaged"));
    }
    let stored = h[..100].split(|&b| b == 0).next().unwrap_or_default();
    if stored != name.as_bytes() || &h[257..263] != b"ustar\0" || h[156] != b'0' {
        return Err(damaged("the archive inside is not the handoff layout"));
    }
    let size = parse_octal(&h[124..136])
        .and_then(|s| usize::try_from(s).ok())
        .filter(|&s| s <= MAX_ENTRY)
        .ok_or_else(|| damaged("an archive header inside is damaged"))?;
    let start = at + BLOCK;
    let data = archive
        .get(start..start + size)
        .ok_or_else(|| damaged("the archive inside is cut short"))?;
    let text = std::str::from_utf8(data).map_err(|_| damaged("a file inside is not UTF-8 text"))?;
    let mut out = Zeroizing::new(String::with_capacity(size));
    out.push_str(text);
    Ok((out, start + padded(size)))
}

/// The summary and the records of an archive [`pack`] wrote.
pub(super) fn unpack(archive: &[u8]) -> Result<(Zeroizing<String>, Zeroizing<String>)> {
    let (summary, at) = entry(archive, 0, SUMMARY)?;
    let (records, at) = entry(archive, at, RECORDS)?;
    let rest = archive.get(at..).unwrap_or_default();
    if rest.len() < END || rest.len() % BLOCK != 0 || rest.iter().any(|&b| b != 0) {
        return Err(damaged("the archive inside does not end as written"));
    }
    Ok((summary, records))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        DateTime::from_timestamp(1_780_000_000, 0).unwrap()
    }

    #[test]
    fn what_is_packed_unpacks_unchanged() {
        let archive = pack(&[(SUMMARY, b"<p>hi</p>"), (RECORDS, b"{}")], at());
        assert_eq!(archive.len() % BLOCK, 0);
        let (s, r) = unpack(&archive).unwrap();
        assert_eq!((s.as_str(), r.as_str()), ("<p>hi</p>", "{}"));
    }

    #[test]
    fn a_file_of_exactly_one_block_needs_no_padding() {
        let data = vec![b'x'; BLOCK];
        let archive = pack(&[(SUMMARY, &data), (RECORDS, b"")], at());
        assert_eq!(archive.len(), BLOCK + BLOCK + BLOCK + END);
        let (s, r) = unpack(&archive).unwrap();
        assert_eq!((s.len(), r.len()), (BLOCK, 0));
    }

    #[test]
    fn entries_in_another_order_are_refused() {
        let archive = pack(&[(RECORDS, b"{}"), (SUMMARY, b"x")], at());
        assert!(matches!(unpack(&archive), Err(Error::HandoffDamaged(_))));
    }

    #[test]
    fn a_bad_header_checksum_is_refused() {
        let mut archive = pack(&[(SUMMARY, b"x"), (RECORDS, b"{}")], at());
        archive[0] = b'S';
        assert!(matches!(unpack(&archive), Err(Error::HandoffDamaged(_))));
    }

    #[test]
    fn trailing_bytes_after_the_end_are_refused() {
        let mut archive = pack(&[(SUMMARY, b"x"), (RECORDS, b"{}")], at());
        archive.extend_from_slice(b"more");
        assert!(matches!(unpack(&archive), Err(Error::HandoffDamaged(_))));
    }

    #[test]
    fn every_cut_of_an_archive_is_refused() {
        let archive = pack(&[(SUMMARY, b"x"), (RECORDS, b"{}")], at());
        for cut in 0..archive.len() {
            assert!(unpack(&archive[..cut]).is_err(), "cut at {cut}");
        }
    }
}
