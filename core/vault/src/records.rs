//! Records in the vault: each one an automerge document sealed in its own row, bound to
//! its id, kind and format; added, read, edited, soft-deleted, listed, searched through
//! the search index, and its history read. Every read a person sees is logged as a view.
//!
//! It must never write a record's plaintext to disk, and never return a record whose
//! ciphertext failed authentication (that is `RecordTampered`).

use chrono::{DateTime, Utc};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use senim_crypto::{self as crypto};
use senim_records::{
    HistoryEntry, PageRequest, RECORD_FORMAT, Record, RecordBody, RecordFilter, RecordId,
    RecordKind, RecordPage,
};

use crate::audit::{AuditAction, AuditEntry};
use crate::doc::RecordDoc;
use crate::index;
use crate::mirror_shape::{Shape, Written};
use crate::{Error, Keys, Result, Vault};
use zeroize::Zeroizing;

/// The statements a page of records runs, per batch of rows or per record (named so
/// that a test can ask SQLite how often each was compiled again).
pub(crate) const CHANGES_OF_ROW: &str =
    "SELECT n, change FROM record_changes WHERE seq = ?1 ORDER BY n";
/// A listing's rows, each with its summary (the one statement a record read runs
/// besides its changes').
pub(crate) const ROWS_BEFORE: &str = "SELECT r.seq, r.id, r.kind, r.format, r.doc, s.summary
             FROM records r LEFT JOIN record_summaries s ON s.seq = r.seq
             WHERE r.seq < ?1 AND (?2 IS NULL OR r.kind = ?2) ORDER BY r.seq DESC LIMIT ?3";
/// A search's rows: those the index finds, newest first, each with its summary.
pub(crate) const CANDIDATES: &str = "SELECT r.seq, r.id, r.kind, r.format, r.doc, s.summary
             FROM record_index i JOIN records r ON r.seq = i.rowid
             LEFT JOIN record_summaries s ON s.seq = r.seq
             WHERE record_index MATCH ?1 AND i.rowid < ?2 ORDER BY i.rowid DESC LIMIT ?3";
pub(crate) const ROW_AT: &str = "SELECT seq, id, kind, format, doc FROM records WHERE seq = ?1";

/// The most rows a listing or a search reads in one batch.
const BATCH_MOST: usize = 256;

/// Notes that a record has changes not yet put into a sync envelope.
pub(crate) fn mark_unsent(conn: &Connection, id: &RecordId) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO outbox (record) VALUES (?1)")?
        .execute(params![id.as_bytes().to_vec()])?;
    Ok(())
}

/// Writes the search index's row of the record at `seq` (`index.rs`) and its facts
/// (what the retention scan, the merged picture and a report read), replacing what it
/// had. Returns how many tokens the
/// index row holds.
fn index_row(conn: &Connection, seq: i64, record: &Record) -> Result<usize> {
    let tokens = Zeroizing::new(index::record_tokens(record));
    conn.prepare_cached("INSERT OR REPLACE INTO record_index (rowid, terms) VALUES (?1, ?2)")?
        .execute(params![seq, tokens.as_str()])?;
    let open = matches!(
        &record.body,
        RecordBody::Referral(r)
            if matches!(r.status, senim_records::ReferralStatus::Proposed | senim_records::ReferralStatus::Accepted)
    );
    let level = match &record.body {
        RecordBody::Interview(i) => i.assessment.as_ref().map(|a| a.level.as_str()),
        _ => None,
    };
    // What a report counts (ADR 0048); a record always encodes.
    let counted = serde_json::to_string(&senim_records::Counted::of(record).detail)
        .ok()
        .map(Zeroizing::new);
    conn.prepare_cached(
        "INSERT OR REPLACE INTO record_facts
         (seq, kind, updated, subject, open, author, at, level, conflicted, deleted, counted)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        seq,
        record.kind.as_str(),
        fact_time(record.updated_at),
        record.body.subject().map(|s| s.as_bytes().to_vec()),
        open,
        record.created_by,
        fact_time(record.body.time().unwrap_or(record.created_at)),
        level,
        !record.conflicts.is_empty(),
        record.deleted,
        counted.as_deref().map(String::as_str)
    ])?;
    Ok(index::token_count(&tokens))
}

/// A time as the facts keep it: nanoseconds since 1970, UTC; a time past 2262 as the
/// latest such time and one before 1677 as the earliest (no record has either, but a
/// teammate's device may send one, and order must hold).
pub(crate) fn fact_time(t: DateTime<Utc>) -> i64 {
    t.timestamp_nanos_opt().unwrap_or(if t.timestamp() < 0 {
        i64::MIN
    } else {
        i64::MAX
    })
}

/// A read transaction from [`Vault::one_read`], ended by [`OneRead::done`]: committed,
/// so that a summary a read wrote for a record without one is kept (a read that fails
/// drops it, rolling back).
pub(crate) struct OneRead<'a>(Option<rusqlite::Transaction<'a>>);

impl OneRead<'_> {
    /// Ends the read with what it read. The only writes in it are summaries kept as a
    /// cache: a commit that fails (a full disk, a transaction SQLite already ended
    /// after a failed write) loses only those, rolled back, never the page read.
    pub(crate) fn done<T>(self, value: T) -> Result<T> {
        if let Some(tx) = self.0 {
            let _ = tx.commit();
        }
        Ok(value)
    }
}

/// A `records` row as stored (`seq, id, kind, format, doc`), read without assuming
/// the column types, since the file may have been edited; with its summary when the
/// row was read with it.
pub(crate) struct RawRow {
    seq: i64,
    id: rusqlite::types::Value,
    kind: rusqlite::types::Value,
    format: rusqlite::types::Value,
    doc: rusqlite::types::Value,
    /// `None` when not read with the row; else the summary column (`Null` for a
    /// record without one).
    pub(crate) summary: Option<rusqlite::types::Value>,
}

impl RawRow {
    pub(crate) fn from_sql(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
        Ok(RawRow {
            seq: r.get(0)?,
            id: as_stored(r, 1)?,
            kind: as_stored(r, 2)?,
            format: as_stored(r, 3)?,
            doc: as_stored(r, 4)?,
            summary: None,
        })
    }

    /// A row read with its summary as a sixth column ([`ROWS_BEFORE`], [`CANDIDATES`]).
    pub(crate) fn with_summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
        let mut row = RawRow::from_sql(r)?;
        row.summary = Some(as_stored(r, 5)?);
        Ok(row)
    }

    pub(crate) fn seq(&self) -> i64 {
        self.seq
    }

    /// The kind column, when it is text.
    pub(crate) fn kind(&self) -> Option<&str> {
        match &self.kind {
            rusqlite::types::Value::Text(k) => Some(k),
            _ => None,
        }
    }

    /// The format column, when it is a format number.
    pub(crate) fn format(&self) -> Option<u32> {
        match self.format {
            rusqlite::types::Value::Integer(f) => u32::try_from(f).ok(),
            _ => None,
        }
    }

    /// The sealed document, when it is a blob.
    pub(crate) fn doc(&self) -> Option<&[u8]> {
        match &self.doc {
            rusqlite::types::Value::Blob(d) => Some(d),
            _ => None,
        }
    }

    pub(crate) fn id(&self) -> Result<RecordId> {
        match &self.id {
            rusqlite::types::Value::Blob(b) => b
                .as_slice()
                .try_into()
                .map(RecordId)
                .map_err(|_| Error::CorruptDatabase("a record id has the wrong length".into())),
            _ => Err(Error::CorruptDatabase("a record id is not a blob".into())),
        }
    }
}

/// Column `i` as stored, whatever it holds: text that is not UTF-8 (the file was edited)
/// is kept as its bytes, a blob, which no check of a kind or a seal accepts, so the row
/// is a damaged record rather than an error that stops the whole page.
pub(crate) fn as_stored(
    r: &rusqlite::Row<'_>,
    i: usize,
) -> rusqlite::Result<rusqlite::types::Value> {
    use rusqlite::types::{Value, ValueRef};
    Ok(match r.get_ref(i)? {
        ValueRef::Text(t) => match std::str::from_utf8(t) {
            Ok(t) => Value::Text(t.to_owned()),
            Err(_) => Value::Blob(t.to_vec()),
        },
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        ValueRef::Integer(n) => Value::Integer(n),
        ValueRef::Real(x) => Value::Real(x),
        ValueRef::Null => Value::Null,
    })
}

impl Vault {
    pub(crate) fn record_aad(&self, id: &RecordId, kind: RecordKind, format: u32) -> Vec<u8> {
        crypto::aad(&[
            b"senim/v1/record",
            &self.header.vault_id,
            b"records",
            id.as_bytes(),
            kind.as_str().as_bytes(),
            &format.to_be_bytes(),
        ])
    }

    /// The associated data of the `n`th change appended after a record's base.
    fn change_aad(&self, id: &RecordId, kind: RecordKind, format: u32, n: u32) -> Vec<u8> {
        crypto::aad(&[
            b"senim/v1/record-change",
            &self.header.vault_id,
            id.as_bytes(),
            kind.as_str().as_bytes(),
            &format.to_be_bytes(),
            &n.to_be_bytes(),
        ])
    }

    /// The document of row `seq` as stored, opened under `keys`: its sealed base
    /// followed by the changes appended since, in order, as one input for
    /// `Automerge::load`, where the base ends in it, and how many changes there were. A
    /// change that does not open, or a gap in their numbering, is `RecordTampered`.
    pub(crate) fn stored_bytes(
        &self,
        conn: &Connection,
        keys: &Keys,
        row: (i64, RecordId, RecordKind, u32),
        base: &[u8],
    ) -> Result<(Zeroizing<Vec<u8>>, usize, u32)> {
        let mut parts = Vec::new();
        let count = self.open_stored(conn, keys, row, base, |part| parts.push(part))?;
        let base = parts.first().map_or(0, |p| p.len());
        if parts.len() == 1 {
            return Ok((parts.remove(0), base, count));
        }
        // One block of the whole length: a buffer grown change by change would free
        // each smaller block, the document in it, unzeroed.
        let mut plain = Zeroizing::new(Vec::with_capacity(parts.iter().map(|p| p.len()).sum()));
        for part in &parts {
            plain.extend_from_slice(part);
        }
        Ok((plain, base, count))
    }

    /// Opens the stored document of row `seq`, its base and then each change appended
    /// since, each handed to `each` as it opens (zeroized when dropped); how many
    /// changes there were. What [`Vault::stored_bytes`] joins, and what a listing's
    /// check of a document's seals opens and drops.
    fn open_stored(
        &self,
        conn: &Connection,
        keys: &Keys,
        (seq, id, kind, format): (i64, RecordId, RecordKind, u32),
        base: &[u8],
        mut each: impl FnMut(Zeroizing<Vec<u8>>),
    ) -> Result<u32> {
        let tampered = || Error::RecordTampered { id: id.to_string() };
        each(
            crypto::open(&keys.record, &self.record_aad(&id, kind, format), base)
                .map_err(|_| tampered())?,
        );
        let mut stmt = conn.prepare_cached(CHANGES_OF_ROW)?;
        let mut rows = stmt.query(params![seq])?;
        let mut count = 0u32;
        while let Some(r) = rows.next()? {
            count += 1;
            let (n, change) = match (r.get_ref(0)?, r.get_ref(1)?) {
                (ValueRef::Integer(n), ValueRef::Blob(c)) if n == i64::from(count) => (count, c),
                _ => return Err(tampered()),
            };
            each(
                crypto::open(&keys.record, &self.change_aad(&id, kind, format, n), change)
                    .map_err(|_| tampered())?,
            );
        }
        Ok(count)
    }

    pub(crate) fn seal_doc(
        &self,
        keys: &Keys,
        id: &RecordId,
        kind: RecordKind,
        doc: &RecordDoc,
    ) -> Result<Vec<u8>> {
        Ok(crypto::seal(
            &keys.record,
            &self.record_aad(id, kind, RECORD_FORMAT),
            &doc.save(),
        )?)
    }

    fn open_row(
        &self,
        conn: &Connection,
        keys: &Keys,
        (seq, id, kind, format): (i64, RecordId, &str, u32),
        blob: &[u8],
    ) -> Result<RecordDoc> {
        let kind = self.known_row(id, kind, format)?;
        let (plain, base, changes) =
            self.stored_bytes(conn, keys, (seq, id, kind, format), blob)?;
        let doc = RecordDoc::load_stored(id, &self.header.device_id, &plain, base, changes)?;
        if doc.kind()? != kind {
            return Err(Error::RecordTampered { id: id.to_string() });
        }
        Ok(doc)
    }

    pub(crate) fn load_doc(&self, keys: &Keys, id: RecordId) -> Result<(i64, RecordDoc)> {
        let row = self
            .conn
            .query_row(
                "SELECT seq, id, kind, format, doc FROM records WHERE id = ?1",
                params![id.as_bytes().to_vec()],
                RawRow::from_sql,
            )
            .optional()?
            .ok_or_else(|| Error::RecordNotFound(id.to_string()))?;
        Ok((row.seq, self.open_raw(&self.conn, keys, &row)?))
    }

    /// Opens a row whose columns may have been tampered with: a value of the wrong type
    /// is reported like a wrong ciphertext, never as a storage failure.
    pub(crate) fn open_raw(
        &self,
        conn: &Connection,
        keys: &Keys,
        row: &RawRow,
    ) -> Result<RecordDoc> {
        use rusqlite::types::Value as V;
        let id = row.id()?;
        let tampered = || Error::RecordTampered { id: id.to_string() };
        let kind = match &row.kind {
            V::Text(k) => k.as_str(),
            _ => return Err(tampered()),
        };
        let format = match row.format {
            V::Integer(f) => u32::try_from(f).map_err(|_| tampered())?,
            _ => return Err(tampered()),
        };
        match &row.doc {
            V::Blob(doc) => self.open_row(conn, keys, (row.seq, id, kind, format), doc),
            _ => Err(tampered()),
        }
    }

    /// Checks a row as [`Vault::open_raw`] does, every seal (the document's and each
    /// appended change's, bound to the record's id, kind, format and place) opened and
    /// the format known, without loading the document: what a listing that reads the
    /// record's summary still owes the row, so that a document tampered with is reported
    /// as damaged even while its summary reads well.
    pub(crate) fn verify_raw(&self, conn: &Connection, keys: &Keys, row: &RawRow) -> Result<()> {
        use rusqlite::types::Value as V;
        let id = row.id()?;
        let tampered = || Error::RecordTampered { id: id.to_string() };
        let (V::Text(kind), V::Integer(format), V::Blob(doc)) = (&row.kind, &row.format, &row.doc)
        else {
            return Err(tampered());
        };
        let format = u32::try_from(*format).map_err(|_| tampered())?;
        let kind = self.known_row(id, kind, format)?;
        self.open_stored(conn, keys, (row.seq, id, kind, format), doc, drop)?;
        Ok(())
    }

    /// The kind of a row whose format this build reads.
    fn known_row(&self, id: RecordId, kind: &str, format: u32) -> Result<RecordKind> {
        let kind: RecordKind = kind.parse().map_err(|_| Error::MalformedRecord {
            id: id.to_string(),
            reason: "unknown record kind".into(),
        })?;
        if format > RECORD_FORMAT {
            return Err(Error::UnsupportedFormat {
                found: format,
                supported: RECORD_FORMAT,
            });
        }
        Ok(kind)
    }

    /// Writes the record's row of the search index and its summary: every write of a
    /// document passes here with the record as it now reads. Returns how many tokens
    /// the row holds.
    pub(crate) fn write_index(
        &self,
        conn: &Connection,
        keys: &Keys,
        seq: i64,
        record: &Record,
    ) -> Result<usize> {
        let tokens = index_row(conn, seq, record)?;
        self.write_summary(conn, keys, seq, record)?;
        Ok(tokens)
    }

    /// Brings the records of a vault from before up to this build, at the unlock that
    /// opens its pages, which has the key to read them: its deflated summaries packed
    /// again (migration 0013 left `summaries_pending`; `repack.rs`), then every record
    /// indexed when the search index or the facts are newer than the vault (migration
    /// 0007 and later ones left `index_pending`). The packing commits a batch at a
    /// time, the indexing all at once: a kill leaves the marker, and the next unlock goes
    /// on. A record that does not open stays out of the index; a listing still reports
    /// it as damaged.
    pub(crate) fn settle_index(
        &self,
        keys: &Keys,
        progress: &mut dyn FnMut(crate::Upgrade),
    ) -> Result<()> {
        let indexing = self.is_pending("index_pending")?;
        // Summaries deflated before schema 13 are packed again first (every read of
        // a record reads its summary); a vault whose records are all read again below
        // drops them instead, and each is written again from its document.
        if indexing {
            self.drop_deflated_summaries()?;
        } else {
            // Not a reason to keep the worker from their notes (a full disk, the
            // follower halted): what is left is packed at the next unlock, and read
            // from the documents until then.
            let _ = self.repack_summaries(keys, progress);
        }
        self.index_pending(keys, progress)
    }

    /// Whether the marker table `marker` (one a migration left: `index_pending`,
    /// `summaries_pending`) holds its row.
    pub(crate) fn is_pending(&self, marker: &str) -> Result<bool> {
        let sql = format!("SELECT EXISTS (SELECT 1 FROM {marker})");
        Ok(self.conn.query_row(&sql, [], |r| r.get(0))?)
    }

    /// How many rows `table` holds: the total an upgrade's progress counts to.
    pub(crate) fn rows_in(&self, table: &str) -> Result<u64> {
        let sql = format!("SELECT count(*) FROM {table}");
        let rows: i64 = self.conn.query_row(&sql, [], |r| r.get(0))?;
        Ok(u64::try_from(rows).unwrap_or(0))
    }

    fn index_pending(&self, keys: &Keys, progress: &mut dyn FnMut(crate::Upgrade)) -> Result<()> {
        if !self.is_pending("index_pending")? {
            return Ok(());
        }
        let total = self.rows_in("records")?;
        let mut done = 0u64;
        progress(crate::Upgrade::Indexing { done, total });
        let tx = self.conn.unchecked_transaction()?;
        let mut cursor = i64::MAX;
        loop {
            // A halted follower stops here; the marker stays, as after a kill.
            if crate::follower::halted() {
                return Err(Error::Interrupted);
            }
            let (rows, scanned_to, exhausted) = self.rows_before(cursor, None, 64)?;
            for row in &rows {
                match self.read_row(keys, row) {
                    Ok(record) => drop(index_row(&tx, row.seq, &record)?),
                    // Damaged: a listing reports it, and it has nothing to index.
                    Err(
                        Error::RecordTampered { .. }
                        | Error::MalformedRecord { .. }
                        | Error::UnsupportedFormat { .. },
                    ) => {}
                    // Anything else (storage, an interrupt) stops here: the marker
                    // stays, and the next unlock indexes again.
                    Err(e) => return Err(e),
                }
            }
            done = (done + rows.len() as u64).min(total);
            progress(crate::Upgrade::Indexing { done, total });
            cursor = scanned_to;
            if exhausted {
                break;
            }
        }
        tx.execute("DELETE FROM index_pending", [])?;
        crate::halt::point("indexing");
        tx.commit()?;
        crate::halt::point("indexed");
        Ok(())
    }

    /// Creates one record. Returns when it is durably committed.
    pub fn add(&self, body: RecordBody) -> Result<RecordId> {
        Ok(self.add_many(vec![body])?.remove(0))
    }

    /// Creates several records in one transaction (imports, demo data).
    pub fn add_many(&self, bodies: Vec<RecordBody>) -> Result<Vec<RecordId>> {
        let now = Utc::now();
        self.add_many_at(bodies.into_iter().map(|b| (b, now)).collect())
    }

    /// [`Vault::add_many`] with each record created at the time given with it (the
    /// decoy's notes, written over the weeks they are dated in), in that order.
    pub(crate) fn add_many_at(
        &self,
        bodies: Vec<(RecordBody, DateTime<Utc>)>,
    ) -> Result<Vec<RecordId>> {
        let keys = self.keys()?;
        let bodies = bodies
            .into_iter()
            .map(|(body, at)| Ok((body.validate()?, at)))
            .collect::<Result<Vec<_>>>()?;
        let tx = self.conn.unchecked_transaction()?;
        let added = self.insert_records(&tx, keys, bodies)?;
        tx.commit()?;
        let (ids, lengths) = added.into_iter().unzip();
        self.mirror(Shape::Created(lengths));
        Ok(ids)
    }

    /// Inserts validated records under `keys` into the database of `tx` (the active
    /// one, or the decoy as it grows), each created at the time given with it, with its
    /// index row and its audit entry. Returns each record's id
    /// and what was written for it.
    pub(crate) fn insert_records(
        &self,
        tx: &Connection,
        keys: &Keys,
        bodies: Vec<(RecordBody, DateTime<Utc>)>,
    ) -> Result<Vec<(RecordId, Written)>> {
        let mut added = Vec::with_capacity(bodies.len());
        for (body, now) in bodies {
            let id = RecordId::random()?;
            let kind = body.kind();
            let doc = RecordDoc::create(id, &self.header.device_id, &body, now)?;
            let sealed = self.seal_doc(keys, &id, kind, &doc)?;
            let length = sealed.len();
            tx.prepare_cached(
                "INSERT INTO records (id, kind, format, doc) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![
                id.as_bytes().to_vec(),
                kind.as_str(),
                RECORD_FORMAT,
                sealed
            ])?;
            let seq = tx.last_insert_rowid();
            mark_unsent(tx, &id)?;
            let record = Record {
                id,
                kind,
                created_at: now,
                updated_at: now,
                created_by: self.device_id(),
                deleted: false,
                body,
                conflicts: Vec::new(),
            };
            let tokens = self.write_index(tx, keys, seq, &record)?;
            crate::audit::append(
                tx,
                &self.audit_keys(keys),
                AuditEntry::new(AuditAction::Create)
                    .record(id, kind)
                    .dated(now),
            )?;
            added.push((id, Written::whole(length, tokens)));
        }
        Ok(added)
    }

    /// The record's automerge document, decrypted and saved (`Automerge::save`): for
    /// benchmarks comparing the sync wire format with automerge's own protocol. Not
    /// logged as a view; exists only in builds with the `test-support` feature.
    #[cfg(any(test, feature = "test-support"))]
    pub fn record_doc_bytes(&self, id: RecordId) -> Result<Vec<u8>> {
        let keys = self.keys()?;
        Ok(self.load_doc(keys, id)?.1.save())
    }

    /// Reads one record for a check the core makes on its own (the consent behind an
    /// interview step), not for a person to see: not logged as a view.
    pub(crate) fn read_for_check(&self, id: RecordId) -> Result<Record> {
        let keys = self.keys()?;
        self.load_doc(keys, id)?.1.read()
    }

    /// Reads one record (deleted ones too, marked as such). Logged as a view.
    pub fn get(&self, id: RecordId) -> Result<Record> {
        let keys = self.keys()?;
        let record = self.load_doc(keys, id)?.1.read()?;
        self.audit(AuditEntry::new(AuditAction::View).record(id, record.kind))?;
        Ok(record)
    }

    /// Replaces a record's content, writing only the fields that changed. Returns the
    /// names of the changed fields.
    pub fn update(&self, id: RecordId, body: RecordBody) -> Result<Vec<String>> {
        let keys = self.keys()?;
        let body = body.validate()?;
        let tx = self.conn.unchecked_transaction()?;
        let (seq, mut doc) = self.load_doc(keys, id)?;
        if doc.deleted()? {
            return Err(Error::invalid(
                "record",
                "a deleted record cannot be edited",
            ));
        }
        let changed = doc.update(&body, Utc::now())?;
        if changed.is_empty() {
            return Ok(changed);
        }
        let record = doc.read()?;
        let written = self.store_doc(&tx, keys, seq, &doc, &record)?;
        self.append_audit(
            &tx,
            AuditEntry::new(AuditAction::Edit)
                .record(id, record.kind)
                .detail(changed.join(", ")),
        )?;
        tx.commit()?;
        self.mirror(Shape::Rewritten(written));
        Ok(changed)
    }

    pub(crate) fn store_doc(
        &self,
        conn: &Connection,
        keys: &Keys,
        seq: i64,
        doc: &RecordDoc,
        record: &Record,
    ) -> Result<Written> {
        let (length, chain) = match doc.appended() {
            // An edit: only its change, sealed, after the changes already there.
            Some((n, change)) => {
                let change = Zeroizing::new(change);
                let sealed = crypto::seal(
                    &keys.record,
                    &self.change_aad(&record.id, record.kind, RECORD_FORMAT, n),
                    &change,
                )?;
                conn.prepare_cached(
                    "INSERT INTO record_changes (seq, n, change) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![seq, n, sealed])?;
                (sealed.len(), n)
            }
            // The whole document (a full chain compacted), without the changes it
            // now holds.
            None => {
                let sealed = self.seal_doc(keys, &record.id, record.kind, doc)?;
                conn.prepare_cached("UPDATE records SET doc = ?1, format = ?2 WHERE seq = ?3")?
                    .execute(params![sealed, RECORD_FORMAT, seq])?;
                conn.prepare_cached("DELETE FROM record_changes WHERE seq = ?1")?
                    .execute(params![seq])?;
                (sealed.len(), 0)
            }
        };
        mark_unsent(conn, &record.id)?;
        let tokens = self.write_index(conn, keys, seq, record)?;
        Ok(Written {
            doc: length,
            tokens,
            chain,
            base: match chain {
                0 => 0,
                _ => doc.stored_base().unwrap_or(0),
            },
        })
    }

    /// Soft-deletes a record: hidden from listings, kept in history. Idempotent.
    pub fn delete(&self, id: RecordId) -> Result<()> {
        let keys = self.keys()?;
        let tx = self.conn.unchecked_transaction()?;
        let (seq, mut doc) = self.load_doc(keys, id)?;
        if doc.deleted()? {
            return Ok(());
        }
        doc.set_deleted(Utc::now())?;
        let record = doc.read()?;
        let written = self.store_doc(&tx, keys, seq, &doc, &record)?;
        self.append_audit(
            &tx,
            AuditEntry::new(AuditAction::Delete).record(id, record.kind),
        )?;
        tx.commit()?;
        self.mirror(Shape::Rewritten(written));
        Ok(())
    }

    /// Who changed what, when: the record's automerge history, oldest first.
    pub fn history(&self, id: RecordId) -> Result<Vec<HistoryEntry>> {
        let keys = self.keys()?;
        let (_, doc) = self.load_doc(keys, id)?;
        let kind = doc.kind()?;
        self.audit(
            AuditEntry::new(AuditAction::View)
                .record(id, kind)
                .detail("history"),
        )?;
        Ok(doc.history())
    }

    /// A record and its history from one decryption, logged as one view (what a
    /// "show record" screen needs).
    pub fn view(&self, id: RecordId) -> Result<(Record, Vec<HistoryEntry>)> {
        let keys = self.keys()?;
        let (_, doc) = self.load_doc(keys, id)?;
        let record = doc.read()?;
        self.audit(AuditEntry::new(AuditAction::View).record(id, record.kind))?;
        Ok((record, doc.history()))
    }

    /// Records matching `filter`, newest first, one page at a time. A record that fails
    /// to decrypt is reported in [`RecordPage::damaged`], never silently skipped.
    pub fn list(&self, filter: &RecordFilter, page: &PageRequest) -> Result<RecordPage> {
        self.query(filter, &[], page)
    }

    /// Full-text search over note text and place: every query word must start a word
    /// of the note (case-insensitive). Newest first.
    pub fn search(
        &self,
        text: &str,
        filter: &RecordFilter,
        page: &PageRequest,
    ) -> Result<RecordPage> {
        let words: Vec<String> = index::words(text).collect();
        if words.is_empty() {
            return Err(Error::invalid("search", "enter at least one word"));
        }
        if words.len() > 16 {
            return Err(Error::invalid("search", "at most 16 words"));
        }
        self.query(filter, &words, page)
    }

    pub(crate) fn query(
        &self,
        filter: &RecordFilter,
        words: &[String],
        page: &PageRequest,
    ) -> Result<RecordPage> {
        let keys = self.keys()?;
        if page.limit == 0 || page.limit > PageRequest::MAX_LIMIT {
            return Err(Error::invalid(
                "page size",
                format!("must be between 1 and {}", PageRequest::MAX_LIMIT),
            ));
        }
        let mut cursor: i64 = match &page.after {
            None => i64::MAX,
            Some(c) => c.parse().ok().filter(|c: &i64| *c > 0).ok_or_else(|| {
                Error::invalid("page cursor", "not a cursor returned by a previous page")
            })?,
        };

        // What every candidate's index row must hold.
        let tag = filter
            .tag
            .as_deref()
            .map(senim_records::normalize_tag)
            .transpose()?;
        let mut lookup = index::Lookup {
            required: Vec::new(),
            prefixes: words.to_vec(),
            months: match (filter.from, filter.to) {
                (Some(from), Some(to)) => index::month_tokens(from, to),
                _ => None,
            },
        };
        lookup.required.extend(tag.as_deref().map(index::tag_token));
        lookup
            .required
            .extend(filter.subject.as_ref().map(index::subject_token));
        if let Some(k) = filter.kind {
            lookup.required.push(index::kind_token(k));
        }
        let expression = match lookup.required.len() > usize::from(filter.kind.is_some())
            || !lookup.prefixes.is_empty()
            || lookup.months.is_some()
        {
            true => lookup.expression(),
            // A listing, by kind or not: the records table, newest first.
            false => None,
        };
        let kind = filter.kind.map(|k| k.as_str());

        let reading = self.one_read()?;
        let mut out = RecordPage {
            records: Vec::new(),
            next: None,
            damaged: Vec::new(),
        };
        let mut last_seq = cursor;
        // Rows are read a batch at a time, each with its summary: first the page and
        // the one more that says whether another follows (most rows read match), then
        // four times as many each time, so a page that fills early has read few rows
        // it did not need.
        let mut batch = (page.limit + 1).min(BATCH_MOST);
        loop {
            let (rows, scanned_to, exhausted) = match &expression {
                Some(expression) => self.candidates_by_index(cursor, expression, batch)?,
                None => self.rows_before(cursor, kind, batch)?,
            };
            batch = (batch * 4).min(BATCH_MOST);
            cursor = scanned_to;
            for row in rows {
                let seq = row.seq;
                let Some(record) = self.read_listed(keys, &row)? else {
                    out.damaged.push(row.id()?);
                    continue;
                };
                if !Self::matches(&record, filter, tag.as_deref(), words) {
                    continue;
                }
                if out.records.len() == page.limit {
                    // One more match exists: the page is full and a next one follows.
                    out.next = Some(last_seq.to_string());
                    return reading.done(out);
                }
                last_seq = seq;
                out.records.push(record);
            }
            if exhausted {
                return reading.done(out);
            }
        }
    }

    /// One read transaction for a read made of many statements (a page reads batches
    /// of rows with their summaries, and each record's changes): the database is
    /// locked for reading once, not once per statement (in a profile of a search,
    /// taking and releasing those locks was 8 % of its time), and every statement sees
    /// the same records. Inside a transaction already begun, it is that one's.
    pub(crate) fn one_read(&self) -> Result<OneRead<'_>> {
        Ok(OneRead(match self.conn.is_autocommit() {
            true => Some(self.conn.unchecked_transaction()?),
            false => None,
        }))
    }

    /// The next `batch` rows below `cursor`, newest first, each with its summary; how
    /// far the scan got, and whether it reached the oldest row.
    pub(crate) fn rows_before(
        &self,
        cursor: i64,
        kind: Option<&str>,
        batch: usize,
    ) -> Result<(Vec<RawRow>, i64, bool)> {
        let mut stmt = self.conn.prepare_cached(ROWS_BEFORE)?;
        let rows: Vec<RawRow> = stmt
            .query_map(params![cursor, kind, batch as i64], RawRow::with_summary)?
            .collect::<std::result::Result<_, _>>()?;
        let exhausted = rows.len() < batch;
        let scanned_to = rows.last().map_or(cursor, |r| r.seq);
        Ok((rows, scanned_to, exhausted))
    }

    pub(crate) fn row_at(&self, seq: i64) -> Result<Option<RawRow>> {
        Ok(self
            .conn
            .prepare_cached(ROW_AT)?
            .query_row(params![seq], RawRow::from_sql)
            .optional()?)
    }

    /// The next `batch` rows below `cursor` whose index row matches `expression`,
    /// newest first, each with its summary; how far the lookup got, and whether it
    /// reached the oldest match.
    pub(crate) fn candidates_by_index(
        &self,
        cursor: i64,
        expression: &str,
        batch: usize,
    ) -> Result<(Vec<RawRow>, i64, bool)> {
        let rows: Vec<RawRow> = self
            .conn
            .prepare_cached(CANDIDATES)?
            .query_map(
                params![expression, cursor, batch as i64],
                RawRow::with_summary,
            )?
            .collect::<std::result::Result<_, _>>()?;
        let exhausted = rows.len() < batch;
        let scanned_to = rows.last().map_or(cursor, |r| r.seq);
        Ok((rows, scanned_to, exhausted))
    }

    /// The exact checks behind the index lookups (the index may over-approximate).
    /// `tag` is the filter's tag, already normalized.
    pub(crate) fn matches(
        record: &Record,
        filter: &RecordFilter,
        tag: Option<&str>,
        words: &[String],
    ) -> bool {
        let t: DateTime<Utc> = record.body.time().unwrap_or(record.created_at);
        tag.is_none_or(|tag| record.body.tags().iter().any(|t| t == tag))
            && filter
                .subject
                .is_none_or(|s| record.body.subject() == Some(s))
            && filter.from.is_none_or(|f| t >= f)
            && filter.to.is_none_or(|to| t < to)
            && (filter.include_deleted || !record.deleted)
            && filter.kind.is_none_or(|k| k == record.kind)
            && (words.is_empty() || index::matches_all(&record.body.searchable_text(), words))
    }
}
