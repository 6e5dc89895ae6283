//! What a report counts, read from the facts kept beside each record (migration 0011,
//! ADR 0048): a report over a lead's whole vault reads no record, so it takes SQL's
//! time over small rows, not a decryption and a parse per record.
//!
//! The facts are written with the record, at every write of its document, in the same
//! transaction; they are plain columns inside the page-encrypted database, readable
//! only with the page key, as the record they come from. It reads, never writes, and
//! never logs what it read.

use chrono::{DateTime, Utc};
use rusqlite::types::ValueRef;
use senim_records::{Counted, CountedDetail, RecordId, RecordKind};

use crate::records::fact_time;
use crate::{Result, Vault};

/// How often a long count looks for an interrupt (the app's lock, a cancelled report).
const CHECK_EVERY: usize = 1024;

impl Vault {
    /// What a report counts of each record not deleted, of `kind` (every kind when
    /// `None`), whose moment (or creation) is at or after `from` and before `to`, in no
    /// particular order. No record is decrypted: this reads the facts written with each
    /// record.
    ///
    /// Returns how many records of that selection have facts that do not read (a
    /// column edited by someone who held the page key): a report names them
    /// unreadable with those of [`Vault::uncounted`].
    ///
    /// Locked: [`Error::Locked`](crate::Error::Locked). An interrupt stops it with
    /// [`Error::Interrupted`](crate::Error::Interrupted).
    pub fn counted(
        &self,
        kind: Option<RecordKind>,
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        mut each: impl FnMut(Counted),
    ) -> Result<u64> {
        self.keys()?;
        let scope = self.interrupt_scope();
        let mut unreadable = 0u64;
        let mut stmt = self.conn.prepare_cached(
            "SELECT author, at, subject, counted,
                    CASE WHEN kind = 'subject' THEN (SELECT id FROM records r WHERE r.seq = f.seq) END
             FROM record_facts f
             WHERE deleted = 0 AND counted IS NOT NULL AND (?1 IS NULL OR kind = ?1)
               AND (?2 IS NULL OR at >= ?2) AND (?3 IS NULL OR at < ?3)",
        )?;
        let mut rows = stmt.query(rusqlite::params![
            kind.map(|k| k.as_str()),
            from.map(fact_time),
            to.map(fact_time),
        ])?;
        let mut n = 0usize;
        while let Some(row) = rows.next()? {
            n += 1;
            if n.is_multiple_of(CHECK_EVERY) {
                scope.check()?;
            }
            match counted_of(row) {
                Some(c) if kind.is_none_or(|k| c.kind() == k) => each(c),
                // Written by this code they always read; edited ones are not counted
                // as what they claim.
                _ => unreadable += 1,
            }
        }
        Ok(unreadable)
    }

    /// How many records have no facts to count: records that did not open when their
    /// facts were last written (a damaged row, which the search index also leaves
    /// out). What they are is not known, so they are not in any of
    /// [`Vault::counted`]'s selections; a report names them unreadable.
    pub fn uncounted(&self) -> Result<u64> {
        self.keys()?;
        // Facts go with their record (`ON DELETE CASCADE`): never more facts than
        // records. Two counts, not a join: a join would read every record's row.
        let n: i64 = self.conn.query_row(
            "SELECT (SELECT count(*) FROM records)
                  - (SELECT count(*) FROM record_facts WHERE counted IS NOT NULL)",
            [],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}

/// A facts row as [`Counted`], or `None` when a column is not what this code writes.
fn counted_of(row: &rusqlite::Row<'_>) -> Option<Counted> {
    let author = match row.get_ref(0).ok()? {
        ValueRef::Text(t) => std::str::from_utf8(t).ok()?.to_string(),
        _ => return None,
    };
    let at = match row.get_ref(1).ok()? {
        ValueRef::Integer(t) => DateTime::from_timestamp_nanos(t),
        _ => return None,
    };
    let subject = match row.get_ref(2).ok()? {
        ValueRef::Null => None,
        ValueRef::Blob(b) => Some(RecordId(b.try_into().ok()?)),
        _ => return None,
    };
    let detail: CountedDetail = match row.get_ref(3).ok()? {
        ValueRef::Text(t) => serde_json::from_slice(t).ok()?,
        _ => return None,
    };
    let id = match row.get_ref(4).ok()? {
        ValueRef::Null => None,
        ValueRef::Blob(b) => Some(RecordId(b.try_into().ok()?)),
        _ => return None,
    };
    if id.is_some() != matches!(detail, CountedDetail::Subject { .. }) {
        return None;
    }
    Some(Counted {
        id,
        author,
        at,
        subject,
        detail,
    })
}
