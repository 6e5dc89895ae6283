//! The deflated summaries of a vault from before schema 13, packed again as LZ4 blocks
//! at the first unlock that has the key to read them (ADR 0052; migration 0013 left
//! `summaries_pending`). A batch at a time, each committed with the marker moved past
//! it: a kill leaves the batches done and the marker, and the next unlock goes on from
//! there; until it is done, a summary still deflated is read from its document
//! ([`Vault::is_deflated`]). The decoy's summaries are packed again by its follower,
//! or by the duress unlock that opens it, the same way.
//!
//! The deflate decoder lives here only, for the one pass: its window keeps the last
//! 32 KiB it inflated (the tails of several records) even of a stream inflated whole,
//! so it is overwritten with zeros before the decoder is freed.

use std::io::Read;

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params};
use senim_crypto as crypto;
use senim_records::{RecordId, RecordKind};
use zeroize::Zeroizing;

use crate::summaries::{self, SUMMARY_LABEL, SUMMARY_MAX};
use crate::{Error, Keys, Result, Upgrade, Vault};

/// The label of a deflated summary's associated data (schemas 6 to 12).
pub(crate) const LEGACY_LABEL: &[u8] = b"senim/v1/record-summary";

/// Summaries packed again per transaction.
const BATCH: i64 = 256;

/// What becomes of one summary met by the packing.
enum Repacked {
    /// Deflated: packed and sealed again.
    Sealed(Vec<u8>),
    /// Packed already (written since, from its document).
    Kept,
    /// Opens neither way: dropped.
    Dropped,
}

impl Vault {
    /// Packs every deflated summary again, telling `progress` how many of them are done:
    /// a batch at a time, each batch committed with the marker moved past it, so that a
    /// kill loses at most the batch under way and the rewrite never needs room for all
    /// of them at once. A summary that does not open or inflate is dropped: a summary
    /// is a cache of its document, and the record is read from its document at its
    /// next read (one whose document does not open is then reported damaged, as
    /// before). Stops with [`Error::Interrupted`] between two batches when the
    /// follower running it is halted; the rest is packed at the next unlock.
    pub(crate) fn repack_summaries(
        &self,
        keys: &Keys,
        progress: &mut dyn FnMut(Upgrade),
    ) -> Result<()> {
        let Some(mut after) = self
            .conn
            .query_row("SELECT done_to FROM summaries_pending", [], |r| {
                r.get::<_, i64>(0)
            })
            .optional()?
        else {
            return Ok(());
        };
        let total = self.rows_in("record_summaries")?;
        let done: i64 = self.conn.query_row(
            "SELECT count(*) FROM record_summaries WHERE seq <= ?1",
            params![after],
            |r| r.get(0),
        )?;
        let mut done = u64::try_from(done).unwrap_or(0).min(total);
        progress(Upgrade::Indexing { done, total });
        let mut inflater = Inflater::new();
        loop {
            if crate::follower::halted() {
                return Err(Error::Interrupted);
            }
            let tx = self.conn.unchecked_transaction()?;
            let batch = {
                let mut stmt = tx.prepare_cached(
                    "SELECT s.seq, r.id, r.kind, s.summary FROM record_summaries s
                     LEFT JOIN records r ON r.seq = s.seq
                     WHERE s.seq > ?1 ORDER BY s.seq LIMIT ?2",
                )?;
                let rows = stmt.query_map(params![after, BATCH], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        crate::records::as_stored(r, 1)?,
                        crate::records::as_stored(r, 2)?,
                        crate::records::as_stored(r, 3)?,
                    ))
                })?;
                rows.collect::<rusqlite::Result<Vec<_>>>()?
            };
            let Some(last) = batch.last() else {
                tx.execute("DELETE FROM summaries_pending", [])?;
                tx.commit()?;
                crate::halt::point("repacked");
                return Ok(());
            };
            after = last.0;
            for (seq, id, kind, sealed) in &batch {
                match self.repacked(keys, &mut inflater, id, kind, sealed)? {
                    Repacked::Sealed(sealed) => tx
                        .prepare_cached("UPDATE record_summaries SET summary = ?2 WHERE seq = ?1")?
                        .execute(params![seq, sealed])?,
                    Repacked::Kept => 0,
                    Repacked::Dropped => tx
                        .prepare_cached("DELETE FROM record_summaries WHERE seq = ?1")?
                        .execute(params![seq])?,
                };
            }
            tx.execute("UPDATE summaries_pending SET done_to = ?1", params![after])?;
            tx.commit()?;
            crate::halt::point("repacking");
            done = (done + batch.len() as u64).min(total);
            progress(Upgrade::Indexing { done, total });
        }
    }

    /// Whether `sealed`, the summary of record `id` whose row says it is of `kind`, is
    /// one of before schema 13 that the packing has not reached yet (cut short, or
    /// failed): it opens under the old label, so it was sealed with this vault's record
    /// key, and the record is read from its authenticated document instead. Any other
    /// summary that does not open is damage, reported as such.
    pub(crate) fn is_deflated(
        &self,
        keys: &Keys,
        id: RecordId,
        kind: Option<&str>,
        sealed: &[u8],
    ) -> bool {
        kind.and_then(|k| k.parse::<RecordKind>().ok())
            .is_some_and(|kind| {
                let aad = self.summary_aad(LEGACY_LABEL, &id, kind);
                crypto::open(&keys.record, &aad, sealed).is_ok()
            })
    }

    /// Drops the deflated summaries unread, for the indexing pass that follows to write
    /// each record's again from its document (a vault from before schema 11, whose
    /// records are all read again at this unlock anyway).
    pub(crate) fn drop_deflated_summaries(&self) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        if tx.execute("DELETE FROM summaries_pending", [])? > 0 {
            tx.execute("DELETE FROM record_summaries", [])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// What becomes of the summary `sealed` of the record `id` of `kind` (as its row
    /// says): deflated, packed and sealed again; one of this build's, kept.
    fn repacked(
        &self,
        keys: &Keys,
        inflater: &mut Inflater,
        id: &Value,
        kind: &Value,
        sealed: &Value,
    ) -> Result<Repacked> {
        let (Value::Blob(id), Value::Text(kind), Value::Blob(sealed)) = (id, kind, sealed) else {
            return Ok(Repacked::Dropped);
        };
        let (Ok(id), Ok(kind)) = (
            <[u8; 16]>::try_from(id.as_slice()).map(RecordId),
            kind.parse::<RecordKind>(),
        ) else {
            return Ok(Repacked::Dropped);
        };
        let Ok(deflated) = crypto::open(
            &keys.record,
            &self.summary_aad(LEGACY_LABEL, &id, kind),
            sealed,
        ) else {
            let current = self.summary_aad(SUMMARY_LABEL, &id, kind);
            return Ok(match crypto::open(&keys.record, &current, sealed) {
                Ok(_) => Repacked::Kept,
                Err(_) => Repacked::Dropped,
            });
        };
        let packed = inflater.inflate(&deflated).and_then(summaries::pack);
        inflater.clear();
        let Some(packed) = packed else {
            return Ok(Repacked::Dropped);
        };
        let aad = self.summary_aad(SUMMARY_LABEL, &id, kind);
        Ok(Repacked::Sealed(crypto::seal(&keys.record, &aad, &packed)?))
    }
}

/// The decoder's window is as long as this at most (deflate's 32 KiB).
const WINDOW: usize = 32 << 10;

/// The largest output buffer kept from one summary to the next.
const KEPT: usize = 64 << 10;

/// Inflates deflated summaries one after another: the output buffer is zeroed after
/// each and grows by copying, its old block zeroed (a `Vec` grown in place would leave
/// the first part of a record in freed memory), and the window is overwritten with
/// zeros before the decoder is freed.
pub(crate) struct Inflater {
    state: flate2::Decompress,
    out: Zeroizing<Vec<u8>>,
}

impl Inflater {
    pub(crate) fn new() -> Inflater {
        Inflater {
            state: flate2::Decompress::new(false),
            out: Zeroizing::new(Vec::with_capacity(4096)),
        }
    }

    /// The raw deflate stream `packed`, inflated whole; `None` when it is not one
    /// (damaged, cut short, followed by more) or inflates past [`SUMMARY_MAX`].
    pub(crate) fn inflate(&mut self, packed: &[u8]) -> Option<&[u8]> {
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
                if self.out.len() >= SUMMARY_MAX {
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
    /// long record is dropped (zeroed) for a small one.
    pub(crate) fn clear(&mut self) {
        zeroize::Zeroize::zeroize(self.out.as_mut_slice());
        self.out.clear();
        if self.out.capacity() > KEPT {
            self.out = Zeroizing::new(Vec::with_capacity(4096));
        }
    }
}

impl Drop for Inflater {
    /// Overwrites the window before the decoder is freed: a stream of a window's
    /// length of zeros, inflated, leaves the window holding only those. Any error here
    /// leaves nothing worse than the decoder as it was.
    fn drop(&mut self) {
        static ZEROS: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
            deflated(&[0u8; WINDOW]).map_or_else(|_| Vec::new(), |z| z.to_vec())
        });
        self.clear();
        self.state.reset(false);
        let mut sink = Vec::with_capacity(WINDOW);
        let _ = self
            .state
            .decompress_vec(&ZEROS, &mut sink, flate2::FlushDecompress::Finish);
    }
}

/// `bytes` as a raw deflate stream, as summaries were written before schema 13.
pub(crate) fn deflated(bytes: &[u8]) -> std::io::Result<Zeroizing<Vec<u8>>> {
    let mut packed = Zeroizing::new(Vec::with_capacity(bytes.len()));
    flate2::read::DeflateEncoder::new(bytes, flate2::Compression::fast())
        .read_to_end(&mut packed)?;
    Ok(packed)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    use rusqlite::params;
    use senim_records::{PageRequest, RecordFilter, RecordId, RecordKind};
    use senim_test_alloc as test_alloc;

    use super::{BATCH, Inflater, KEPT, LEGACY_LABEL, SUMMARY_MAX, deflated};
    use crate::records_tests::{PASS, new_vault, note, seq_of};
    use crate::summaries::tests::text;
    use crate::summaries::{SUMMARY_LABEL, unpack};
    use crate::{Upgrade, Vault};

    /// Every summary of `v` as a vault from before schema 13 held it: deflated, sealed
    /// under the old label, with the marker migration 0013 leaves. Returns how many.
    fn as_before_lz4(v: &Vault) -> u64 {
        let keys = v.keys().unwrap();
        let rows = summaries_of(v);
        for (seq, id, kind, sealed) in &rows {
            let (id, kind) = (*id, *kind);
            let packed = senim_crypto::open(
                &keys.record,
                &v.summary_aad(SUMMARY_LABEL, &id, kind),
                sealed,
            )
            .unwrap();
            let json = unpack(&packed).unwrap();
            let old = senim_crypto::seal(
                &keys.record,
                &v.summary_aad(LEGACY_LABEL, &id, kind),
                &deflated(&json).unwrap(),
            )
            .unwrap();
            v.conn
                .execute(
                    "UPDATE record_summaries SET summary = ?2 WHERE seq = ?1",
                    params![seq, old],
                )
                .unwrap();
        }
        v.conn
            .execute(
                "INSERT INTO summaries_pending (one, done_to) VALUES (1, -9223372036854775808)",
                [],
            )
            .unwrap();
        rows.len() as u64
    }

    fn first_page(v: &Vault) -> senim_records::RecordPage {
        v.list(&RecordFilter::default(), &PageRequest::first(50))
            .unwrap()
    }

    #[test]
    fn deflated_summaries_are_packed_again_at_the_next_unlock_which_tells_its_progress() {
        let (_dir, mut v) = new_vault();
        let ids: Vec<RecordId> = (0..300)
            .map(|i| {
                v.add(note(&format!("Заметка {i}: встреча на рынке")))
                    .unwrap()
            })
            .collect();
        v.update(ids[7], note("Заметка 7, исправлена")).unwrap();
        v.wait_for_background_writes();
        let before = first_page(&v);
        let total = as_before_lz4(&v);
        assert!(total >= 300);
        // Every summary deflated, as a vault from before holds them.
        assert_eq!(still_deflated(&v), total);
        v.lock().unwrap();
        let mut heard = Vec::new();
        v.unlock_with_progress(PASS, &mut |step| heard.push(step))
            .unwrap();
        let steps: Vec<(u64, u64)> = heard
            .iter()
            .map(|s| match s {
                Upgrade::Indexing { done, total } => (*done, *total),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(steps.first(), Some(&(0, total)));
        assert_eq!(steps.last(), Some(&(total, total)));
        assert!(steps.len() >= 3, "told more than once: {steps:?}");
        assert!(steps.windows(2).all(|w| w[0].0 <= w[1].0));
        assert_eq!(v.rows_in("summaries_pending").unwrap(), 0);
        assert_eq!(
            v.rows_in("record_summaries").unwrap(),
            total,
            "none dropped"
        );
        let after = first_page(&v);
        assert!(after.damaged.is_empty());
        assert_eq!(after.records, before.records);
        assert_eq!(
            v.search(
                "исправлена",
                &RecordFilter::default(),
                &PageRequest::first(5)
            )
            .unwrap()
            .records[0]
                .id,
            ids[7]
        );
        // Nothing to do at the next unlock: nothing is heard.
        v.lock().unwrap();
        let mut again = Vec::new();
        v.unlock_with_progress(PASS, &mut |step| again.push(step))
            .unwrap();
        assert!(again.is_empty(), "{again:?}");
    }

    /// How many summaries of `v` are still deflated (open under the old label).
    fn still_deflated(v: &Vault) -> u64 {
        let keys = v.keys().unwrap();
        summaries_of(v)
            .iter()
            .filter(|(_, id, kind, sealed)| {
                let aad = v.summary_aad(LEGACY_LABEL, id, *kind);
                senim_crypto::open(&keys.record, &aad, sealed).is_ok()
            })
            .count() as u64
    }

    /// Every summary of `v`, with its record's place, id and kind.
    fn summaries_of(v: &Vault) -> Vec<(i64, RecordId, RecordKind, Vec<u8>)> {
        v.conn
            .prepare(
                "SELECT s.seq, r.id, r.kind, s.summary FROM record_summaries s
                 JOIN records r ON r.seq = s.seq",
            )
            .unwrap()
            .query_map([], |r| {
                let id: Vec<u8> = r.get(1)?;
                let kind: String = r.get(2)?;
                Ok((
                    r.get(0)?,
                    RecordId(id.as_slice().try_into().unwrap()),
                    kind.parse().unwrap(),
                    r.get(3)?,
                ))
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// Runs the unlock's settling of `v` with the follower's halt flag set once the
    /// first batch is done: the packing stops there, as a wipe halting it would.
    fn settle_cut_short(v: &Vault) -> Vec<Upgrade> {
        let stop = Arc::new(AtomicBool::new(false));
        crate::follower::halt_here_with(Some(stop.clone()));
        let mut heard = Vec::new();
        let settled = v.settle_index(v.keys().unwrap(), &mut |step| {
            heard.push(step);
            if let Upgrade::Indexing { done, .. } = step
                && done > 0
            {
                stop.store(true, Ordering::SeqCst);
            }
        });
        crate::follower::halt_here_with(None);
        settled.unwrap();
        heard
    }

    /// Packing cut short (the follower halted between two batches, as a kill would
    /// leave it): the batches done stay packed and the marker says how far; the next
    /// unlock goes on from there, telling its progress from where it stands; and in
    /// between, every record reads (the rest from their documents).
    #[test]
    fn packing_cut_short_goes_on_at_the_next_unlock_and_every_record_reads_meanwhile() {
        let (_dir, mut v) = new_vault();
        for i in 0..300 {
            v.add(note(&format!("Заметка {i}: встреча на рынке")))
                .unwrap();
        }
        v.wait_for_background_writes();
        let before = first_page(&v);
        let total = as_before_lz4(&v);
        assert_eq!(
            settle_cut_short(&v),
            [
                Upgrade::Indexing { done: 0, total },
                Upgrade::Indexing {
                    done: BATCH as u64,
                    total
                }
            ]
        );
        let done_to: i64 = v
            .conn
            .query_row("SELECT done_to FROM summaries_pending", [], |r| r.get(0))
            .unwrap();
        let nth: i64 = v
            .conn
            .query_row(
                "SELECT seq FROM record_summaries ORDER BY seq LIMIT 1 OFFSET ?1",
                params![BATCH - 1],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(done_to, nth);
        assert_eq!(still_deflated(&v), total - BATCH as u64);
        // The next unlock packs the rest, before anything reads them.
        v.lock().unwrap();
        let mut again = Vec::new();
        v.unlock_with_progress(PASS, &mut |step| again.push(step))
            .unwrap();
        assert_eq!(
            again.first(),
            Some(&Upgrade::Indexing {
                done: BATCH as u64,
                total
            }),
            "goes on from where it stood"
        );
        assert_eq!(
            again.last(),
            Some(&Upgrade::Indexing { done: total, total })
        );
        assert_eq!(still_deflated(&v), 0);
        assert_eq!(v.rows_in("summaries_pending").unwrap(), 0);
        assert!(!v.is_pending("summaries_pending").unwrap());
        assert_eq!(v.rows_in("record_summaries").unwrap(), total);
        assert_eq!(first_page(&v).records, before.records);
        // Cut short again, then read before the next unlock: the retention scan and a
        // listing read every record, the deflated ones from their documents.
        as_before_lz4(&v);
        settle_cut_short(&v);
        assert_eq!(still_deflated(&v), total - BATCH as u64);
        let mut scanned = 0;
        v.scan_records(v.keys().unwrap(), |r| r.map(|_| scanned += 1))
            .unwrap();
        assert_eq!(scanned, 300);
        let read = first_page(&v);
        assert!(read.damaged.is_empty());
        assert_eq!(read.records, before.records);
        // Only a summary that opens as a deflated one is read from its document: any
        // other that does not open is damage, reported as before.
        assert!(v.is_pending("summaries_pending").unwrap());
        v.conn
            .execute(
                "UPDATE record_summaries SET summary = zeroblob(60)
                 WHERE seq = (SELECT max(seq) FROM records)",
                [],
            )
            .unwrap();
        assert_eq!(first_page(&v).damaged.len(), 1);
    }

    /// A record whose JSON is longer than any reader unpacks gets no summary (it is read
    /// from its document), rather than failing every write of it.
    #[test]
    fn a_record_too_long_for_a_summary_is_read_from_its_document() {
        let (_dir, v) = new_vault();
        let id = v.add(note("a short note")).unwrap();
        let seq = seq_of(&v, id);
        let mut long = v.get(id).unwrap();
        if let senim_records::RecordBody::OutreachNote(n) = &mut long.body {
            n.text = "x".repeat(SUMMARY_MAX + 1);
        }
        v.write_summary(&v.conn, v.keys().unwrap(), seq, &long)
            .unwrap();
        assert_eq!(v.rows_in("record_summaries").unwrap(), 0);
        let page = first_page(&v);
        assert!(page.damaged.is_empty());
        assert_eq!(page.records.len(), 1);
    }

    /// A deflated summary that does not open (damaged) is dropped, not packed again:
    /// its record is read from its document, and its summary written then.
    #[test]
    fn a_deflated_summary_that_does_not_open_is_dropped_and_read_again_from_its_document() {
        let (_dir, mut v) = new_vault();
        for i in 0..4 {
            v.add(note(&format!("note {i}"))).unwrap();
        }
        let before = first_page(&v);
        let total = as_before_lz4(&v);
        v.conn
            .execute(
                "UPDATE record_summaries SET summary = zeroblob(60)
                 WHERE seq = (SELECT max(seq) FROM records)",
                [],
            )
            .unwrap();
        v.lock().unwrap();
        v.unlock(PASS).unwrap();
        assert_eq!(v.rows_in("record_summaries").unwrap(), total - 1);
        let after = first_page(&v);
        assert!(after.damaged.is_empty());
        assert_eq!(after.records, before.records);
        assert_eq!(v.rows_in("record_summaries").unwrap(), total);
    }

    /// Packing summaries again inflates every record's: the decoder's window, which
    /// keeps the last 32 KiB it inflated, is overwritten before it is freed, and each
    /// record's JSON is zeroed. Fails without the clearing of the window (`Drop`).
    #[test]
    fn packing_summaries_again_leaves_no_copy_of_their_text_in_freed_memory() {
        const PROBE: &[u8; 32] = b"probe-of-a-repacked-0123456789zy";
        let (_dir, mut v) = new_vault();
        let text = format!(
            "At the market, {} and more.",
            std::str::from_utf8(PROBE).unwrap()
        );
        v.add(note(&text)).unwrap();
        v.wait_for_background_writes();
        as_before_lz4(&v);
        v.lock().unwrap();
        test_alloc::watch(&[*PROBE]);
        let unlocked = v.unlock(PASS);
        let locked = v.lock();
        let hits = test_alloc::stop();
        unlocked.unwrap();
        locked.unwrap();
        assert_eq!(hits, 0, "a freed block still held a record's text");
    }

    #[test]
    fn summaries_of_every_size_inflate_whole_one_after_another() {
        let mut inflater = Inflater::new();
        // Longer than the first buffer (it grows), then shorter (nothing of the
        // longer one is left after it), then empty.
        for (len, seed) in [(900, 1), (70_000, 2), (10, 3), (0, 4), (4096, 5)] {
            let plain = text(len, seed);
            let got = inflater
                .inflate(&deflated(&plain).unwrap())
                .map(<[u8]>::to_vec);
            assert_eq!(got.as_deref(), Some(&plain[..]), "a summary of {len} bytes");
            inflater.clear();
            assert!(inflater.out.capacity() <= KEPT, "no large buffer kept");
        }
    }

    #[test]
    fn a_stream_cut_short_followed_by_more_or_not_deflate_does_not_inflate() {
        let mut inflater = Inflater::new();
        let packed = deflated(&text(3000, 9)).unwrap();
        for cut in [0, 1, packed.len() / 2, packed.len() - 1] {
            assert!(inflater.inflate(&packed[..cut]).is_none(), "cut at {cut}");
        }
        let mut longer = packed.to_vec();
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
        let bomb = deflated(&vec![b'a'; SUMMARY_MAX + 1]).unwrap();
        assert!(bomb.len() * 100 < SUMMARY_MAX, "a small stream");
        assert!(Inflater::new().inflate(&bomb).is_none());
        let at_limit = deflated(&vec![b'a'; SUMMARY_MAX]).unwrap();
        assert_eq!(
            Inflater::new().inflate(&at_limit).map(<[u8]>::len),
            Some(SUMMARY_MAX)
        );
    }
}
