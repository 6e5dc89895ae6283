//! Applying a received envelope's changes to the records: each record's changes checked
//! (its author, its kind) and merged into its automerge document, large envelopes on a
//! few threads; changes whose dependencies have not arrived wait and are applied later.
//!
//! It must never apply part of an envelope: the first record that fails refuses the
//! whole envelope.

use std::collections::BTreeSet;

use rusqlite::params;
use zeroize::Zeroizing;

use crate::doc::RecordDoc;
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

/// Applying envelopes of many records, whose records go through [`in_parallel`]: the
/// outcome must be that of applying one record after the other.
#[cfg(test)]
mod apply_tests {
    use chrono::Utc;

    use super::*;
    use senim_protocol::sync::{Accept, EnvelopeStore};
    use senim_protocol::team::Role;
    use senim_records::RecordId;
    use std::collections::BTreeMap;
    use crate::CreateOptions;
    use senim_records::{OutreachNote, PageRequest, RecordBody, RecordFilter, RecordKind};

    const PASS: &[u8] = b"correct horse";

    fn vault() -> (tempfile::TempDir, Vault) {
        let dir = tempfile::tempdir().unwrap();
        let v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
        (dir, v)
    }

    fn note(text: &str) -> RecordBody {
        RecordBody::OutreachNote(OutreachNote {
            text: text.into(),
            place: Some("Барахолка, ряд 7".into()),
            location: None,
            tags: vec!["market".into()],
            at: Utc::now(),
            subject: None,
        })
    }

    /// A lead and a worker in one team.
    fn team() -> ((tempfile::TempDir, Vault), (tempfile::TempDir, Vault)) {
        let lead = vault();
        let worker = vault();
        lead.1
            .team_create("Almaty office", "lead", "http://hub")
            .unwrap();
        let request = worker.1.team_request("worker 1").unwrap();
        let welcome = lead.1.team_approve(&request, Role::Worker).unwrap();
        worker.1.team_join(&welcome).unwrap();
        (lead, worker)
    }

    fn texts(v: &Vault) -> BTreeMap<RecordId, String> {
        let page = v
            .list(&RecordFilter::default(), &PageRequest::first(200))
            .unwrap();
        assert!(page.damaged.is_empty());
        page.records
            .into_iter()
            .filter_map(|r| match r.body {
                RecordBody::OutreachNote(n) => Some((r.id, n.text)),
                _ => None,
            })
            .collect()
    }

    /// The lead's envelopes after `after`, as the worker would receive them.
    fn lead_envelopes(lead: &Vault, after: u64) -> Vec<Envelope> {
        let device = lead.this_device();
        lead.sync_store()
            .unwrap()
            .envelopes_after(device, after, usize::MAX)
            .unwrap()
    }

    /// Every change of `id` made by the vault's own device, oldest first.
    fn changes_of(v: &Vault, id: RecordId) -> Vec<Vec<u8>> {
        let (_, doc) = v.load_doc(v.keys().unwrap(), id).unwrap();
        doc.own_changes_since(&[], &v.header.device_id).unwrap()
    }

    /// `payload` sealed and signed by the lead at `seq`.
    fn sealed_by_lead(lead: &Vault, seq: u64, payload: &Payload) -> Envelope {
        let m = lead.membership().unwrap().unwrap();
        let header = Header::new(m.team(), lead.this_device(), seq, m.epoch());
        let key = lead.epoch_key(m.epoch()).unwrap().unwrap();
        Envelope::seal(header, payload, &key, &lead.device_keys().unwrap()).unwrap()
    }

    #[test]
    fn an_envelope_of_many_new_then_edited_records_arrives_whole() {
        let ((_a, lead), (_b, worker)) = team();
        let bodies: Vec<RecordBody> = (0..40)
            .map(|i| note(&format!("заметка {i}: работодатель забрал паспорт")))
            .collect();
        let ids = lead.add_many(bodies).unwrap();
        assert_eq!(lead.seal_outbox().unwrap().envelopes, 1);
        let mut store = worker.sync_store().unwrap();
        for e in lead_envelopes(&lead, 0) {
            assert_eq!(store.accept(e).unwrap(), Accept::New);
        }
        assert_eq!(texts(&worker), texts(&lead));

        // An envelope editing 30 records the worker already holds.
        for (i, id) in ids.iter().take(30).enumerate() {
            lead.update(*id, note(&format!("заметка {i}: паспорт вернули")))
                .unwrap();
        }
        assert_eq!(lead.seal_outbox().unwrap().envelopes, 1);
        for e in lead_envelopes(&lead, 1) {
            assert_eq!(store.accept(e).unwrap(), Accept::New);
        }
        assert_eq!(texts(&worker), texts(&lead));
        assert_eq!(worker.apply_waiting().unwrap(), 0);
        // Found through the index the worker built for them.
        let found = worker
            .search(
                "вернули",
                &RecordFilter::default(),
                &PageRequest::first(100),
            )
            .unwrap();
        assert_eq!(found.records.len(), 30);
    }

    #[test]
    fn a_record_named_twice_in_one_payload_takes_both_changes_in_order() {
        let ((_a, lead), (_b, worker)) = team();
        let ids = lead
            .add_many((0..12).map(|i| note(&format!("note {i}"))).collect())
            .unwrap();
        lead.update(ids[3], note("note 3, edited")).unwrap();
        let changes = changes_of(&lead, ids[3]);
        assert_eq!(changes.len(), 2);
        let kind = RecordKind::OutreachNote;
        let mut payload = Payload::default();
        for id in &ids {
            let all = changes_of(&lead, *id);
            let first = if *id == ids[3] {
                all[..1].to_vec()
            } else {
                all
            };
            payload.changes.push(RecordChanges {
                record: *id,
                kind,
                changes: first,
            });
        }
        // The edit of record 3 after the others: it must see the record just created.
        payload.changes.push(RecordChanges {
            record: ids[3],
            kind,
            changes: changes[1..].to_vec(),
        });
        let mut store = worker.sync_store().unwrap();
        let envelope = sealed_by_lead(&lead, 1, &payload);
        assert_eq!(store.accept(envelope).unwrap(), Accept::New);
        assert_eq!(texts(&worker), texts(&lead));
        assert_eq!(texts(&worker)[&ids[3]], "note 3, edited");
    }

    #[test]
    fn the_first_failing_record_in_payload_order_refuses_the_whole_envelope() {
        let ((_a, lead), (_b, worker)) = team();
        let ids = lead
            .add_many((0..12).map(|i| note(&format!("note {i}"))).collect())
            .unwrap();
        let foreign = worker.add(note("the worker's own note")).unwrap();
        let mut payload = Payload::default();
        for id in &ids {
            payload.changes.push(RecordChanges {
                record: *id,
                kind: RecordKind::OutreachNote,
                changes: changes_of(&lead, *id),
            });
        }
        // Record 4 claims another kind (record 9 carries a change by another device,
        // which a lead's envelope may: a carrier after a purge).
        payload.changes[4].kind = RecordKind::Subject;
        payload.changes[9].changes = changes_of(&worker, foreign);
        let mut store = worker.sync_store().unwrap();
        match store.accept(sealed_by_lead(&lead, 1, &payload)) {
            Ok(Accept::Rejected(reason)) => {
                assert!(reason.contains(&ids[4].to_string()), "{reason}")
            }
            other => panic!("{other:?}"),
        }
        // Nothing of it was kept: not the records before the failing one, nor the envelope.
        assert_eq!(texts(&worker).len(), 1);
        assert!(store.vector().unwrap().is_empty());

        // A worker's envelope may carry only the worker's own changes (only a lead's
        // re-carries others' changes, after a purge): a change by the lead, first in
        // the payload, is what is reported, and nothing is kept.
        let before = texts(&lead);
        let mut payload = Payload::default();
        payload.changes.push(RecordChanges {
            record: ids[0],
            kind: RecordKind::OutreachNote,
            changes: changes_of(&lead, ids[0]),
        });
        payload.changes.push(RecordChanges {
            record: foreign,
            kind: RecordKind::Subject,
            changes: changes_of(&worker, foreign),
        });
        let header = Header::new(
            worker.membership().unwrap().unwrap().team(),
            worker.this_device(),
            1,
            0,
        );
        let envelope = Envelope::seal(
            header,
            &payload,
            &worker.epoch_key(0).unwrap().unwrap(),
            &worker.device_keys().unwrap(),
        )
        .unwrap();
        let mut store = lead.sync_store().unwrap();
        match store.accept(envelope) {
            Err(Error::MalformedRecord { id, .. }) => assert_eq!(id, ids[0].to_string()),
            other => panic!("{other:?}"),
        }
        assert_eq!(texts(&lead), before);
        assert_eq!(store.vector().unwrap().get(worker.this_device()), 0);
    }

    #[test]
    fn parallel_map_keeps_order_and_resumes_panics() {
        let out = in_parallel((0..1000).collect(), |i: u32| i * 2);
        assert_eq!(out, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(in_parallel(Vec::<u32>::new(), |i| i), Vec::<u32>::new());
        let caught = std::panic::catch_unwind(|| {
            in_parallel((0..100).collect(), |i: u32| {
                assert!(i != 77, "boom");
                i
            })
        });
        assert!(caught.is_err());
    }
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
                let seq = match p.seq {
                    Some(seq) => {
                        conn.prepare_cached(
                            "UPDATE records SET doc = ?1, format = ?2 WHERE seq = ?3",
                        )?
                        .execute(params![sealed, RECORD_FORMAT, seq])?;
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
                self.write_filter(conn, keys, seq, &p.record)?;
            }
        }
        Ok(complete)
    }

    /// Applies again the envelopes whose changes waited for others, until no more
    /// progress is made. Returns how many are still waiting.
    pub fn apply_waiting(&self) -> Result<usize> {
        let membership = self.require_membership()?;
        loop {
            let waiting: Vec<(Vec<u8>, i64, Vec<u8>)> = {
                let mut stmt = self.conn.prepare(
                    "SELECT device, seq, bytes FROM envelopes
                     WHERE applied = 0 AND length(bytes) > 0 ORDER BY device, seq",
                )?;
                stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect::<rusqlite::Result<_>>()?
            };
            let mut progress = false;
            for (device, seq, bytes) in &waiting {
                let envelope = Envelope::from_bytes(bytes)?;
                let Some(key) = self.epoch_key(envelope.header.epoch)? else {
                    continue;
                };
                let payload = envelope.open(&key)?;
                let tx = self.conn.unchecked_transaction()?;
                let lead = membership.is_lead(envelope.header.device);
                if self.apply_envelope(&tx, &envelope.header, &payload, lead)? {
                    tx.execute(
                        "UPDATE envelopes SET applied = 1 WHERE device = ?1 AND seq = ?2",
                        params![device, seq],
                    )?;
                    progress = true;
                }
                tx.commit()?;
            }
            if !progress {
                return Ok(waiting.len());
            }
        }
    }
}
