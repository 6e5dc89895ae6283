//! Records' summaries (ADR 0031): each record as it reads now, JSON deflated and sealed
//! beside its document, written with every write of the document; what listings and
//! searches read instead of loading documents, once the row's seals are checked. A
//! record without one (a vault from before schema 6) is read from its document and its
//! summary written then.
//!
//! It must never return a record whose summary or row failed authentication (that is
//! `RecordTampered`), nor one whose summary names another record or kind.

use std::io::Read;

use rusqlite::types::ValueRef;
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
        let summary: Option<Vec<u8>> = self
            .conn
            .prepare_cached(SUMMARY_OF_ROW)?
            .query_row(params![row.seq()], |r| r.get(0))
            .optional()?;
        match summary {
            Some(sealed) => {
                self.verify_raw(&self.conn, keys, row)?;
                self.open_summary(keys, row.id()?, row.kind(), &sealed)
            }
            None => self.rebuild_summary(keys, row),
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
        let mut json = Zeroizing::new(Vec::with_capacity(packed.len() * 3));
        flate2::read::DeflateDecoder::new(packed.as_slice())
            .take(SUMMARY_MAX)
            .read_to_end(&mut json)
            .map_err(|_| unreadable())?;
        let record: Record = serde_json::from_slice(&json).map_err(|_| unreadable())?;
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
