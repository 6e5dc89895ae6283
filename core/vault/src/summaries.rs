//! Records' summaries (ADR 0031): each record as it reads now, JSON deflated and sealed
//! beside its document, written with every write of the document; what listings and
//! searches read instead of loading documents, once the row's seals are checked. A
//! record without one (a vault from before schema 6) is read from its document and its
//! summary written then.
//!
//! It must never return a record whose summary or row failed authentication (that is
//! `RecordTampered`), nor one whose summary names another record or kind.

use std::io::Read;

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

/// The most a summary may inflate to (far above any record's JSON).
const SUMMARY_MAX: u64 = 16 << 20;

impl Vault {
    /// The associated data of a record's summary.
    fn summary_aad(&self, id: &RecordId, kind: RecordKind) -> Vec<u8> {
        crypto::aad(&[
            b"senim/v1/record-summary",
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
        // Deflated, as automerge deflates a saved document: the summary's length then
        // follows the document's (the decoy's notes are shaped by that length).
        let mut packed = Zeroizing::new(Vec::with_capacity(json.len() / 2));
        flate2::read::DeflateEncoder::new(json.as_slice(), flate2::Compression::fast())
            .read_to_end(&mut packed)?;
        let sealed = crypto::seal(
            &keys.record,
            &self.summary_aad(&record.id, record.kind),
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
                self.open_summary(keys, row.id()?, row.kind(), sealed)
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
        let packed = crypto::open(&keys.record, &self.summary_aad(&id, kind), sealed)
            .map_err(|_| tampered())?;
        let unreadable = || Error::MalformedRecord {
            id: id.to_string(),
            reason: "the summary cannot be read".into(),
        };
        let record: Record = self
            .inflated(&packed, |json| serde_json::from_slice(json).ok())
            .ok_or_else(unreadable)?;
        if record.id != id || record.kind != kind {
            return Err(tampered());
        }
        Ok(record)
    }

    /// `read` of the summary `packed` inflated, through the vault's [`Inflater`];
    /// `None` when it does not inflate (or inflates past [`SUMMARY_MAX`]) or `read`
    /// gives nothing. The inflated bytes are zeroed before this returns.
    fn inflated<T>(&self, packed: &[u8], read: impl FnOnce(&[u8]) -> Option<T>) -> Option<T> {
        let mut slot = self.inflater.borrow_mut();
        let inflater = slot.get_or_insert_with(Inflater::new);
        let out = inflater.inflate(packed).map(read);
        inflater.clear();
        out.flatten()
    }

    /// Every record as it reads now, oldest first, each handed to `each` (or the error
    /// reading it): from the summaries in one pass, a document loaded only for a record
    /// without one. What the retention scan reads.
    pub(crate) fn scan_records(
        &self,
        keys: &Keys,
        each: impl FnMut(Result<Record>) -> Result<()>,
    ) -> Result<()> {
        let scanned = self.scan_all(keys, each);
        self.forget_reads();
        scanned
    }

    fn scan_all(
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
            let record = match r.get_ref(3)? {
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
                    self.open_summary(keys, id, kind, sealed)
                }
                _ => match self.row_at(seq)? {
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

/// The decoder's window is as long as this at most (deflate's 32 KiB).
const WINDOW: usize = 32 << 10;

/// The largest output buffer kept from one read to the next.
const KEPT: usize = 64 << 10;

/// What inflates summaries, kept by the vault from one read to the next: a listing of
/// 50 records made and dropped 50 decoders, each a state of several KiB cleared at
/// its making, and each freed with a copy of its record in its window (the last
/// 32 KiB it inflated, which it keeps even of a stream inflated whole). Here the
/// output buffer is zeroed after each read and grows by copying, its old block
/// zeroed (a `Vec` grown in place would leave the first part of a record in freed
/// memory), and the window is overwritten with zeros after every page
/// ([`Vault::forget_reads`]) and before the decoder is freed (at lock).
pub(crate) struct Inflater {
    state: flate2::Decompress,
    out: Zeroizing<Vec<u8>>,
    /// A test frees the decoder without its last clearing, to see what the clearing
    /// after each page left.
    #[cfg(test)]
    pub(crate) unscrubbed_drop: bool,
}

impl Inflater {
    fn new() -> Inflater {
        Inflater {
            state: flate2::Decompress::new(false),
            out: Zeroizing::new(Vec::with_capacity(4096)),
            #[cfg(test)]
            unscrubbed_drop: false,
        }
    }

    /// The raw deflate stream `packed`, inflated whole; `None` when it is not one
    /// (damaged, cut short, followed by more) or inflates past [`SUMMARY_MAX`].
    fn inflate(&mut self, packed: &[u8]) -> Option<&[u8]> {
        self.state.reset(false);
        self.clear();
        loop {
            let (read, written) = (self.state.total_in(), self.state.total_out());
            let rest = packed.get(usize::try_from(read).ok()?..)?;
            let status = self
                .state
                .decompress_vec(rest, &mut self.out, flate2::FlushDecompress::Finish)
                .ok()?;
            if status == flate2::Status::StreamEnd {
                return (self.state.total_in() == packed.len() as u64).then_some(&self.out[..]);
            }
            if self.out.len() == self.out.capacity() {
                if self.out.len() as u64 >= SUMMARY_MAX {
                    return None;
                }
                self.grow();
            } else if (self.state.total_in(), self.state.total_out()) == (read, written) {
                // Room to write and nothing written: the stream is cut short.
                return None;
            }
        }
    }

    /// Twice the room, the bytes so far copied over and the old block zeroed.
    fn grow(&mut self) {
        let mut bigger = Zeroizing::new(Vec::with_capacity(self.out.capacity().max(4096) * 2));
        bigger.extend_from_slice(&self.out);
        self.out = bigger;
    }

    /// Zeroes what the last summary inflated to; a buffer grown past [`KEPT`] for a
    /// long record is dropped (zeroed) for a small one, not kept until lock.
    fn clear(&mut self) {
        zeroize::Zeroize::zeroize(self.out.as_mut_slice());
        self.out.clear();
        if self.out.capacity() > KEPT {
            self.out = Zeroizing::new(Vec::with_capacity(4096));
        }
    }

    /// Overwrites the decoder's window: a stream of a window's length of zeros,
    /// inflated, leaves the window holding only those. Any error here leaves nothing
    /// worse than the decoder as it was.
    fn scrub(&mut self) {
        static ZEROS: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
            let mut packed = Vec::new();
            let _ =
                flate2::read::DeflateEncoder::new(&[0u8; WINDOW][..], flate2::Compression::fast())
                    .read_to_end(&mut packed);
            packed
        });
        self.clear();
        self.state.reset(false);
        let mut sink = Vec::with_capacity(WINDOW);
        let _ = self
            .state
            .decompress_vec(&ZEROS, &mut sink, flate2::FlushDecompress::Finish);
    }
}

impl Drop for Inflater {
    /// The window is overwritten before the decoder is freed.
    fn drop(&mut self) {
        #[cfg(test)]
        if self.unscrubbed_drop {
            return;
        }
        self.scrub();
    }
}

impl Vault {
    /// Clears what the reads so far left in the summaries' decoder, its window (the
    /// last 32 KiB it inflated, the tails of several records): after every page, so
    /// that between calls the vault holds no decrypted record.
    pub(crate) fn forget_reads(&self) {
        if let Some(inflater) = self.inflater.borrow_mut().as_mut() {
            inflater.scrub();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::{Inflater, SUMMARY_MAX};

    fn deflated(bytes: &[u8]) -> Vec<u8> {
        let mut packed = Vec::new();
        flate2::read::DeflateEncoder::new(bytes, flate2::Compression::fast())
            .read_to_end(&mut packed)
            .unwrap();
        packed
    }

    /// Text that deflate cannot shrink much, as a note's is not.
    fn text(len: usize, seed: u64) -> Vec<u8> {
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
    fn summaries_of_every_size_inflate_whole_one_after_another() {
        let mut inflater = Inflater::new();
        // Longer than the first buffer (it grows), then shorter (nothing of the
        // longer one is left after it), then empty.
        for (len, seed) in [(900, 1), (70_000, 2), (10, 3), (0, 4), (4096, 5)] {
            let plain = text(len, seed);
            let got = inflater.inflate(&deflated(&plain)).map(<[u8]>::to_vec);
            assert_eq!(got.as_deref(), Some(&plain[..]), "a summary of {len} bytes");
            inflater.clear();
            assert!(
                inflater.out.capacity() <= super::KEPT,
                "no large buffer kept"
            );
        }
    }

    #[test]
    fn a_stream_cut_short_followed_by_more_or_not_deflate_does_not_inflate() {
        let mut inflater = Inflater::new();
        let packed = deflated(&text(3000, 9));
        for cut in [0, 1, packed.len() / 2, packed.len() - 1] {
            assert!(inflater.inflate(&packed[..cut]).is_none(), "cut at {cut}");
        }
        let mut longer = packed.clone();
        longer.extend_from_slice(b"more");
        assert!(
            inflater.inflate(&longer).is_none(),
            "bytes after the stream"
        );
        assert!(
            inflater.inflate(&[0xff; 64]).is_none(),
            "not a deflate stream"
        );
        // And the inflater still reads a good one after them.
        assert_eq!(inflater.inflate(&packed), Some(&text(3000, 9)[..]));
    }

    #[test]
    fn a_summary_inflating_past_the_limit_is_refused() {
        let bomb = deflated(&vec![b'a'; SUMMARY_MAX as usize + 1]);
        assert!(bomb.len() * 100 < SUMMARY_MAX as usize, "a small stream");
        assert!(Inflater::new().inflate(&bomb).is_none());
        let at_limit = deflated(&vec![b'a'; SUMMARY_MAX as usize]);
        assert_eq!(
            Inflater::new().inflate(&at_limit).map(<[u8]>::len),
            Some(SUMMARY_MAX as usize)
        );
    }
}
