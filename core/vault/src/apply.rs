//! Applying a received envelope's changes to the records: each record's changes checked
//! (its author, its kind) and merged into its automerge document, large envelopes on a
//! few threads; changes whose dependencies have not arrived wait in their envelope (never
//! in the saved document) and are applied later.
//!
//! It must never apply part of an envelope: the first record that fails refuses the
//! whole envelope (which the caller then quarantines, when the failure is its content's).

use std::collections::BTreeSet;

use rusqlite::params;
use zeroize::Zeroizing;

use crate::doc::RecordDoc;
use crate::quarantine::{UNAPPLIED, content_failure};
use crate::{Error, Result, Vault};
use senim_protocol::sync::{Envelope, Header, Payload, RecordChanges};
use senim_protocol::team::DeviceId;
use senim_records::RECORD_FORMAT;

/// Most threads one envelope's records are applied on.
pub(crate) const APPLY_THREADS: usize = 4;

/// Fewest records a thread is given: below that, spawning costs more than it saves.
pub(crate) const RECORDS_PER_THREAD: usize = 4;

/// One record's changes applied, ready to be written: its row (`None`: a record first
/// seen), whether every dependency was present, the record as it now reads (for the
/// index) and the saved document (to be sealed).
pub(crate) struct Prepared {
    seq: Option<i64>,
    complete: bool,
    record: crate::Record,
    saved: Zeroizing<Vec<u8>>,
}

/// Applies `rc` to the record's current document (`existing`, or a new one): the
/// changes must all be by `author`, and the record keeps its kind. `None` when a new
/// record's first change waits for an envelope not applied yet.
pub(crate) fn prepare_record(
    device: &[u8; 16],
    author: Option<DeviceId>,
    rc: &RecordChanges,
    existing: Result<Option<(i64, RecordDoc)>>,
) -> Result<Option<Prepared>> {
    let (seq, doc, complete) = match existing? {
        Some((seq, mut doc)) => {
            if doc.kind()? != rc.kind {
                return Err(Error::envelope(format!(
                    "record {} changes kind",
                    rc.record
                )));
            }
            let complete = doc.apply(&rc.changes, author.as_ref().map(|a| &a.0))?;
            (Some(seq), doc, complete)
        }
        None => {
            let mut doc = RecordDoc::empty(rc.record, device);
            if !doc.apply(&rc.changes, author.as_ref().map(|a| &a.0))? {
                return Ok(None);
            }
            if doc.kind()? != rc.kind {
                return Err(Error::envelope(format!(
                    "record {} has another kind",
                    rc.record
                )));
            }
            (None, doc, true)
        }
    };
    Ok(Some(Prepared {
        seq,
        complete,
        record: doc.read()?,
        saved: Zeroizing::new(doc.save()),
    }))
}

/// `f` over `items`, in order, on up to [`APPLY_THREADS`] threads (this one included)
/// when there are enough items; a panic in a thread is resumed here.
pub(crate) fn in_parallel<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(APPLY_THREADS)
        .min(items.len() / RECORDS_PER_THREAD)
        .max(1);
    if threads == 1 {
        return items.into_iter().map(f).collect();
    }
    let per_thread = items.len().div_ceil(threads);
    let mut chunks = Vec::with_capacity(threads);
    let mut items = items;
    while items.len() > per_thread {
        let tail = items.split_off(per_thread);
        chunks.push(items);
        items = tail;
    }
    chunks.push(items);
    let f = &f;
    std::thread::scope(|s| {
        let mut chunks = chunks.into_iter();
        let first = chunks.next().unwrap_or_default();
        let handles: Vec<_> = chunks
            .map(|chunk| s.spawn(move || chunk.into_iter().map(f).collect::<Vec<R>>()))
            .collect();
        let mut out: Vec<R> = first.into_iter().map(f).collect();
        for h in handles {
            match h.join() {
                Ok(part) => out.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

impl Vault {
    /// Applies the changes of one envelope to the records. Returns whether every change
    /// it carries could be applied (their dependencies present).
    ///
    /// Records are taken in runs of distinct ids (a payload that names a record twice
    /// starts a new run at the repeat, so each run sees what the one before wrote). For
    /// each run: the current documents are read in order; the changes are applied, the
    /// records read back and the documents saved (the CPU-bound part) on up to
    /// [`APPLY_THREADS`] threads when the run is long enough; then everything is written
    /// in order. The checks and their outcome are those of applying one record after the
    /// other: the first failing record, in payload order, gives the error.
    ///
    /// Changes of a record purged by a team order are dropped, never applied, and the
    /// envelope is noted for a lead's follow-up purge. `any_actor`: the envelope is a
    /// lead's and may carry other devices' changes (a carrier, ADR 0015).
    pub(super) fn apply_envelope(
        &self,
        conn: &rusqlite::Connection,
        header: &Header,
        payload: &Payload,
        any_actor: bool,
    ) -> Result<bool> {
        let keys = self.keys()?;
        let author = header.device;
        let kept;
        let mut rest = payload.changes.as_slice();
        if self.any_purged(conn)? {
            let mut live = Vec::with_capacity(rest.len());
            for rc in rest {
                if !self.is_purged(conn, keys, &rc.record)? {
                    live.push(rc.clone());
                }
            }
            if live.len() != rest.len() {
                conn.execute(
                    "INSERT OR IGNORE INTO purge_followups (device, seq) VALUES (?1, ?2)",
                    params![author.0.to_vec(), header.seq as i64],
                )?;
            }
            kept = live;
            rest = kept.as_slice();
        }
        let mut complete = true;
        while !rest.is_empty() {
            let mut seen = BTreeSet::new();
            let run = rest.iter().take_while(|rc| seen.insert(rc.record)).count();
            let (run, after) = rest.split_at(run);
            rest = after;
            let mut work = Vec::with_capacity(run.len());
            for rc in run {
                // An error reading one record is that record's outcome, reported in
                // payload order below.
                let existing = match self.load_doc(keys, rc.record) {
                    Ok(x) => Ok(Some(x)),
                    Err(Error::RecordNotFound(_)) => Ok(None),
                    Err(e) => Err(e),
                };
                work.push((rc, existing));
            }
            let device = self.header.device_id;
            let actor = (!any_actor).then_some(author);
            let prepared = in_parallel(work, |(rc, existing)| {
                prepare_record(&device, actor, rc, existing)
            });
            for (rc, outcome) in run.iter().zip(prepared) {
                let Some(p) = outcome? else {
                    // The record's first change is in an envelope not applied yet.
                    complete = false;
                    continue;
                };
                complete &= p.complete;
                let sealed = senim_crypto::seal(
                    &keys.record,
                    &self.record_aad(&rc.record, rc.kind, RECORD_FORMAT),
                    &p.saved,
                )?;
                let doc = sealed.len();
                let new = p.seq.is_none();
                let seq = match p.seq {
                    Some(seq) => {
                        conn.prepare_cached(
                            "UPDATE records SET doc = ?1, format = ?2 WHERE seq = ?3",
                        )?
                        .execute(params![sealed, RECORD_FORMAT, seq])?;
                        // The saved document holds the changes appended before.
                        conn.prepare_cached("DELETE FROM record_changes WHERE seq = ?1")?
                            .execute(params![seq])?;
                        seq
                    }
                    None => {
                        conn.prepare_cached(
                            "INSERT INTO records (id, kind, format, doc) VALUES (?1, ?2, ?3, ?4)",
                        )?
                        .execute(params![
                            rc.record.as_bytes().to_vec(),
                            rc.kind.as_str(),
                            RECORD_FORMAT,
                            sealed
                        ])?;
                        conn.last_insert_rowid()
                    }
                };
                let tokens = self.write_index(conn, keys, seq, &p.record)?;
                let written = crate::mirror_shape::Written::whole(doc, tokens);
                self.note_applied(new, written);
            }
        }
        Ok(complete)
    }

    /// Applies again the envelopes whose changes waited for others (or for the key of
    /// their epoch), until no more progress is made. One whose content turns out not to
    /// apply is quarantined (ADR 0019). Envelopes quarantined because a change did not
    /// apply ([`UNAPPLIED`]) are tried too, and released from quarantine once they
    /// apply or their changes wait for others (ADR 0031: older builds quarantined sound
    /// envelopes so); one that fails again stays quarantined. Returns how many are
    /// still waiting.
    pub fn apply_waiting(&self) -> Result<usize> {
        let membership = self.require_membership()?;
        let scope = self.interrupt_scope();
        loop {
            let waiting: Vec<(Vec<u8>, i64, Vec<u8>, bool)> = {
                let mut stmt = self.conn.prepare(
                    "SELECT e.device, e.seq, e.bytes, q.seq IS NOT NULL FROM envelopes e
                     LEFT JOIN quarantine q ON q.device = e.device AND q.seq = e.seq
                     WHERE e.applied = 0 AND length(e.bytes) > 0
                       AND (q.seq IS NULL OR q.reason = ?1)
                     ORDER BY e.device, e.seq",
                )?;
                stmt.query_map([UNAPPLIED], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<rusqlite::Result<_>>()?
            };
            let mut progress = false;
            let mut left = waiting.iter().filter(|w| !w.3).count();
            for (device, seq, bytes, quarantined) in &waiting {
                scope.check()?;
                let envelope = Envelope::from_bytes(bytes)?;
                let Some(key) = self.epoch_key(envelope.header.epoch)? else {
                    continue;
                };
                let tx = self.conn.unchecked_transaction()?;
                self.mirror_applied(false);
                let lead = membership.is_lead(envelope.header.device);
                let attempt = envelope
                    .open(&key)
                    .map_err(Error::from)
                    .and_then(|payload| self.apply_envelope(&tx, &envelope.header, &payload, lead));
                let release = |tx: &rusqlite::Transaction<'_>| -> Result<()> {
                    if *quarantined {
                        tx.execute(
                            "DELETE FROM quarantine WHERE device = ?1 AND seq = ?2",
                            params![device, seq],
                        )?;
                    }
                    Ok(())
                };
                match attempt {
                    Ok(true) => {
                        tx.execute(
                            "UPDATE envelopes SET applied = 1 WHERE device = ?1 AND seq = ?2",
                            params![device, seq],
                        )?;
                        release(&tx)?;
                        tx.commit()?;
                        self.mirror_applied(true);
                        progress = true;
                        if !quarantined {
                            left -= 1;
                        }
                    }
                    Ok(false) => {
                        release(&tx)?;
                        tx.commit()?;
                        self.mirror_applied(true);
                        if *quarantined {
                            left += 1;
                        }
                    }
                    Err(e) => {
                        let Some(reason) = content_failure(&e) else {
                            return Err(e);
                        };
                        drop(tx);
                        self.mirror_applied(false);
                        self.quarantine(&self.conn, &envelope.header, reason)?;
                        if !quarantined {
                            left -= 1;
                        }
                    }
                }
            }
            if !progress {
                return Ok(left);
            }
        }
    }
}
