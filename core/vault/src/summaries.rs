//! Records' summaries (ADR 0031, ADR 0052): each record as it reads now, JSON packed
//! as an LZ4 block and sealed beside its document, written with every write of the
//! document; what listings and searches read instead of loading documents, once the
//! row's seals are checked. A record without one (a vault from before schema 6) is read
//! from its document and its summary written then; the deflated summaries of a vault
//! from before schema 13 are packed again at its next unlock (`repack.rs`).
//!
//! It must never return a record whose summary or row failed authentication (that is
//! `RecordTampered`), nor one whose summary names another record or kind.

use rusqlite::types::{Value, ValueRef};
use rusqlite::{Connection, OptionalExtension, params};
use senim_crypto::{self as crypto};
use senim_records::{Record, RecordId, RecordKind};
use zeroize::Zeroizing;

use crate::records::RawRow;
use crate::{Error, Keys, Result, Vault};

/// The statement every record read runs to fetch its summary (named so that a test can
/// ask SQLite how often it was compiled again).
pub(crate) const SUMMARY_OF_ROW: &str = "SELECT summary FROM record_summaries WHERE seq = ?1";

/// The most a summary may unpack to (far above any record's JSON).
pub(crate) const SUMMARY_MAX: usize = 16 << 20;

/// The label of a summary's associated data: `v2` since summaries are LZ4 blocks
/// (migration 0013), so that a deflated summary of before never opens as one.
pub(crate) const SUMMARY_LABEL: &[u8] = b"senim/v2/record-summary";

impl Vault {
    /// The associated data of a record's summary.
    pub(crate) fn summary_aad(&self, label: &[u8], id: &RecordId, kind: RecordKind) -> Vec<u8> {
        crypto::aad(&[
            label,
            &self.header.vault_id,
            id.as_bytes(),
            kind.as_str().as_bytes(),
        ])
    }

    /// Seals the record as it reads now into its summary (ADR 0031).
    pub(crate) fn write_summary(
        &self,
        conn: &Connection,
        keys: &Keys,
        seq: i64,
        record: &Record,
    ) -> Result<()> {
        let json =
            Zeroizing::new(
                serde_json::to_vec(record).map_err(|_| Error::MalformedRecord {
                    id: record.id.to_string(),
                    reason: "the record cannot be encoded".into(),
                })?,
            );
        let Some(packed) = pack(&json) else {
            // Longer than any reader unpacks: no summary, and the record is read from
            // its document (a record this long can arrive through sync).
            conn.prepare_cached("DELETE FROM record_summaries WHERE seq = ?1")?
                .execute(params![seq])?;
            return Ok(());
        };
        let sealed = crypto::seal(
            &keys.record,
            &self.summary_aad(SUMMARY_LABEL, &record.id, record.kind),
            &packed,
        )?;
        conn.prepare_cached(
            "INSERT OR REPLACE INTO record_summaries (seq, summary) VALUES (?1, ?2)",
        )?
        .execute(params![seq, sealed])?;
        Ok(())
    }

    /// The record of `row` as it reads now: from its summary once the row's seals are
    /// checked (no document is loaded), or, when it has none, from its document, whose
    /// summary is then written (a vault from before summaries).
    pub(crate) fn read_row(&self, keys: &Keys, row: &RawRow) -> Result<Record> {
        let fetched;
        let summary = match &row.summary {
            Some(read_with_row) => read_with_row,
            None => {
                fetched = self
                    .conn
                    .prepare_cached(SUMMARY_OF_ROW)?
                    .query_row(params![row.seq()], |r| crate::records::as_stored(r, 0))
                    .optional()?
                    .unwrap_or(Value::Null);
                &fetched
            }
        };
        match summary {
            Value::Blob(sealed) => {
                self.verify_raw(&self.conn, keys, row)?;
                match self.open_summary(keys, row.id()?, row.kind(), sealed) {
                    // Still deflated (`repack.rs`): read from the document.
                    Err(Error::RecordTampered { .. } | Error::MalformedRecord { .. })
                        if self.is_deflated(keys, row.id()?, row.kind(), sealed) =>
                    {
                        self.rebuild_summary(keys, row)
                    }
                    read => read,
                }
            }
            Value::Null => self.rebuild_summary(keys, row),
            // Not a summary at all: the file was edited.
            _ => Err(Error::RecordTampered {
                id: row.id()?.to_string(),
            }),
        }
    }

    /// [`Vault::read_row`] for a listing: `None` for a damaged record (one that fails
    /// authentication, does not parse, or has a newer format), which a listing reports
    /// instead of failing; any other error stops it.
    pub(crate) fn read_listed(&self, keys: &Keys, row: &RawRow) -> Result<Option<Record>> {
        match self.read_row(keys, row) {
            Ok(r) => Ok(Some(r)),
            Err(
                Error::RecordTampered { .. }
                | Error::MalformedRecord { .. }
                | Error::UnsupportedFormat { .. },
            ) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Reads a record from its document and keeps its summary for the next read.
    fn rebuild_summary(&self, keys: &Keys, row: &RawRow) -> Result<Record> {
        let record = self.open_raw(&self.conn, keys, row)?.read()?;
        // Only a cache of what was just read: failing to keep it changes nothing.
        let _ = self.write_summary(&self.conn, keys, row.seq(), &record);
        Ok(record)
    }

    /// Opens the summary of record `id`, whose row says it is of `kind`. One that does
    /// not open, or names another record or kind, is `RecordTampered`.
    fn open_summary(
        &self,
        keys: &Keys,
        id: RecordId,
        kind: Option<&str>,
        sealed: &[u8],
    ) -> Result<Record> {
        let tampered = || Error::RecordTampered { id: id.to_string() };
        let kind: RecordKind = kind.ok_or_else(tampered)?.parse().map_err(|_| tampered())?;
        let packed = crypto::open(
            &keys.record,
            &self.summary_aad(SUMMARY_LABEL, &id, kind),
            sealed,
        )
        .map_err(|_| tampered())?;
        let record: Record = unpack(&packed)
            .and_then(|json| serde_json::from_slice(&json).ok())
            .ok_or_else(|| Error::MalformedRecord {
                id: id.to_string(),
                reason: "the summary cannot be read".into(),
            })?;
        if record.id != id || record.kind != kind {
            return Err(tampered());
        }
        Ok(record)
    }

    /// Every record as it reads now, oldest first, each handed to `each` (or the error
    /// reading it): from the summaries in one pass, a document loaded only for a record
    /// without one. What the retention scan reads.
    pub(crate) fn scan_records(
        &self,
        keys: &Keys,
        mut each: impl FnMut(Result<Record>) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT r.seq, r.id, r.kind, s.summary FROM records r
             LEFT JOIN record_summaries s ON s.seq = r.seq ORDER BY r.seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut missing = Vec::new();
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let opened = match r.get_ref(3)? {
                ValueRef::Blob(sealed) => {
                    let id = match r.get_ref(1)? {
                        ValueRef::Blob(b) => b.try_into().map(RecordId).map_err(|_| {
                            Error::CorruptDatabase("a record id has the wrong length".into())
                        })?,
                        _ => {
                            return Err(Error::CorruptDatabase("a record id is not a blob".into()));
                        }
                    };
                    let kind = match r.get_ref(2)? {
                        ValueRef::Text(k) => std::str::from_utf8(k).ok(),
                        _ => None,
                    };
                    match self.open_summary(keys, id, kind, sealed) {
                        // Still deflated (`repack.rs`): read from the document.
                        Err(Error::RecordTampered { .. } | Error::MalformedRecord { .. })
                            if self.is_deflated(keys, id, kind, sealed) =>
                        {
                            None
                        }
                        read => Some(read),
                    }
                }
                _ => None,
            };
            let record = match opened {
                Some(read) => read,
                None => match self.row_at(seq)? {
                    Some(row) => {
                        let record = self.open_raw(&self.conn, keys, &row).and_then(|d| d.read());
                        if let Ok(record) = &record {
                            missing.push((seq, record.clone()));
                        }
                        record
                    }
                    None => continue,
                },
            };
            each(record)?;
        }
        drop(rows);
        // Kept once the scan is over (not while its statement reads the table).
        for (seq, record) in missing {
            let _ = self.write_summary(&self.conn, keys, seq, &record);
        }
        Ok(())
    }
}

/// `json` packed as a summary: its length (4 bytes, little-endian) and the LZ4 block
/// of it. Written into one block of the most it can take, never grown (a `Vec` grown
/// or shrunk by copying would free a copy of the record's text unzeroed: LZ4 keeps
/// runs of the text as they are), and zeroed when dropped. `None` for JSON longer than
/// [`SUMMARY_MAX`], which no reader would unpack.
pub(crate) fn pack(json: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if json.len() > SUMMARY_MAX {
        return None;
    }
    let len = u32::try_from(json.len()).ok()?;
    let mut packed = Zeroizing::new(vec![
        0u8;
        4 + lz4_flex::block::get_maximum_output_size(json.len())
    ]);
    packed[..4].copy_from_slice(&len.to_le_bytes());
    let written = lz4_flex::block::compress_into(json, &mut packed[4..]).ok()?;
    packed.truncate(4 + written);
    Some(packed)
}

/// The JSON a summary packed by [`pack`] holds, in a buffer zeroed when dropped;
/// `None` when it is not one: a length over [`SUMMARY_MAX`], a block that does not
/// decode (cut short, followed by more, damaged) or decodes to another length.
pub(crate) fn unpack(packed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let (len, block) = packed.split_first_chunk::<4>()?;
    let len = usize::try_from(u32::from_le_bytes(*len)).ok()?;
    if len > SUMMARY_MAX || block.len() > lz4_flex::block::get_maximum_output_size(len) {
        return None;
    }
    let mut json = Zeroizing::new(vec![0u8; len]);
    match lz4_flex::block::decompress_into(block, &mut json) {
        Ok(written) if written == len => Some(json),
        _ => None,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::{SUMMARY_MAX, pack, unpack};

    /// Text that LZ4 or deflate cannot shrink much, as a note's is not.
    pub(crate) fn text(len: usize, seed: u64) -> Vec<u8> {
        let mut x = seed;
        (0..len)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                b"abcdefghijklmnopqrstuvwxyz ,."[(x >> 33) as usize % 29]
            })
            .collect()
    }

    #[test]
    fn summaries_of_every_size_unpack_to_what_was_packed() {
        for (len, seed) in [(900, 1), (70_000, 2), (10, 3), (0, 4), (4096, 5)] {
            let plain = text(len, seed);
            let packed = pack(&plain).unwrap();
            assert_eq!(
                unpack(&packed).as_deref().map(Vec::as_slice),
                Some(&plain[..]),
                "a summary of {len} bytes"
            );
        }
        // Cyrillic, as most notes are.
        let note = "Бригадир на стройке забрал паспорта у пятерых рабочих. ".repeat(20);
        assert_eq!(
            unpack(&pack(note.as_bytes()).unwrap())
                .as_deref()
                .map(Vec::as_slice),
            Some(note.as_bytes())
        );
    }

    #[test]
    fn a_summary_cut_short_followed_by_more_or_of_another_length_does_not_unpack() {
        let plain = text(3000, 9);
        let packed = pack(&plain).unwrap();
        for cut in [0, 1, 3, 4, 5, packed.len() / 2, packed.len() - 1] {
            assert!(unpack(&packed[..cut]).is_none(), "cut at {cut}");
        }
        let mut longer = packed.to_vec();
        longer.extend_from_slice(b"more");
        assert!(unpack(&longer).is_none(), "bytes after the block");
        for len in [2999u32, 3001, 0] {
            let mut other = packed.to_vec();
            other[..4].copy_from_slice(&len.to_le_bytes());
            assert!(unpack(&other).is_none(), "a length of {len}");
        }
        assert!(unpack(&[0xff; 64]).is_none(), "not a summary");
        // And a good one still unpacks after them.
        assert_eq!(
            unpack(&packed).as_deref().map(Vec::as_slice),
            Some(&plain[..])
        );
    }

    #[test]
    fn a_summary_longer_than_the_limit_is_refused() {
        let at_limit = pack(&vec![b'a'; SUMMARY_MAX]).unwrap();
        assert!(at_limit.len() * 100 < SUMMARY_MAX, "a small block");
        assert_eq!(unpack(&at_limit).map(|j| j.len()), Some(SUMMARY_MAX));
        // Longer is not packed, and a block of it, made anyway, is not unpacked.
        assert!(pack(&vec![b'a'; SUMMARY_MAX + 1]).is_none());
        let mut over = (SUMMARY_MAX as u32 + 1).to_le_bytes().to_vec();
        over.extend(lz4_flex::block::compress(&vec![b'a'; SUMMARY_MAX + 1]));
        assert!(unpack(&over).is_none());
        // A length that claims 4 GiB is refused on its own.
        let mut claims = at_limit.to_vec();
        claims[..4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(unpack(&claims).is_none());
    }
}
