//! Measurements 1 and 2: every writer writes its notes and all push at once; a fresh
//! device joins and pulls everything in one sync (bootstrap), checked record by record;
//! and automerge's sync of the same documents to empty ones, for comparison.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Barrier;
use std::time::Instant;

use serde_json::{Value as Json, json};

use crate::baseline::{automerge_sync, change_bytes};
use crate::measure::{BenchResult, Progress, median, ms, percentile, round, round1};
use crate::metered::{Exchange, Metered, Wire, timed_sync};
use crate::notes::{Rng, note};
use crate::sizes::Sizes;
use senim_client::SyncReport;
use senim_protocol::team::Role;
use senim_records::{RecordBody, RecordId};
use senim_tests::Team;
use senim_tests::team::all_records;

fn words(body: &RecordBody) -> usize {
    match body {
        RecordBody::OutreachNote(n) => n.text.split_whitespace().count(),
        _ => 0,
    }
}

/// The notes every writer wrote.
pub(crate) struct Written {
    /// Per writer, its notes as written (and as edited since).
    pub(crate) notes: Vec<Vec<(RecordId, RecordBody)>>,
}

impl Written {
    fn ids(&self) -> BTreeSet<RecordId> {
        self.notes.iter().flatten().map(|(id, _)| *id).collect()
    }
}

/// 1. Every writer writes its notes (untimed: `add_many` of a day's notes, then
///    `seal_outbox`, one envelope a day) and all push at once.
pub(crate) fn write_and_push(
    sizes: &Sizes,
    team: &mut Team,
    progress: &Progress,
) -> BenchResult<(Written, Json)> {
    let mut rng = Rng(0x5e41_2026);
    let mut notes = Vec::new();
    let (mut write_ms, mut seal_ms, mut envelopes) = (0.0, 0.0, 0);
    let mut word_counts = Vec::new();
    for device in &team.devices {
        let mut mine = Vec::with_capacity(sizes.notes_per_writer);
        let mut done = 0;
        while done < sizes.notes_per_writer {
            let n = sizes.notes_per_envelope.min(sizes.notes_per_writer - done);
            let bodies: Vec<RecordBody> = (0..n).map(|_| note(&mut rng)).collect();
            word_counts.extend(bodies.iter().map(|b| words(b) as f64));
            let start = Instant::now();
            let ids = device.vault.add_many(bodies.clone())?;
            write_ms += ms(start.elapsed());
            let start = Instant::now();
            envelopes += device.vault.seal_outbox()?.envelopes;
            seal_ms += ms(start.elapsed());
            mine.extend(ids.into_iter().zip(bodies));
            done += n;
        }
        progress.say(format!(
            "  {}: {} notes written and sealed",
            device.name, sizes.notes_per_writer
        ));
        notes.push(mine);
    }

    progress.say(format!(
        "push: {} devices at once, {} envelopes",
        team.devices.len(),
        envelopes
    ));
    let url = team.hub_url.clone();
    let barrier = Barrier::new(team.devices.len());
    let start = Instant::now();
    let results: Vec<senim_client::Result<(SyncReport, f64, Vec<Exchange>)>> =
        std::thread::scope(|s| {
            let handles: Vec<_> = team
                .devices
                .iter_mut()
                .map(|device| {
                    let barrier = &barrier;
                    let url = &url;
                    s.spawn(move || {
                        let mut t = Metered::new(url);
                        barrier.wait();
                        timed_sync(device, &mut t)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a push thread panicked"))
                .collect()
        });
    let wall_ms = ms(start.elapsed());
    let mut per_device = Vec::new();
    let mut wire = Wire::default();
    let mut sent = 0;
    for (device, result) in team.devices.iter().zip(results) {
        let (report, t, exchanges) = result?;
        sent += report.sent;
        let w = Wire::of(&exchanges);
        wire.add(&w);
        per_device.push(json!({
            "device": device.name,
            "sync_ms": round(t),
            "envelopes_sent": report.sent,
            "envelopes_received": report.received,
            "upload_bytes": w.sync_request_bytes,
        }));
    }
    if sent != envelopes as u64 {
        return Err(format!("the push sent {sent} envelopes of {envelopes}").into());
    }
    let records = sizes.writers * sizes.notes_per_writer;
    progress.say(format!(
        "  {wall_ms:.0} ms wall, {:.0} records/s",
        records as f64 / (wall_ms / 1000.0)
    ));
    let out = json!({
        "what": "every writer runs one sync at the same moment (a thread each); the hub plans each answer from the device's Hello, so a device may also receive envelopes another stored first (envelopes_received)",
        "records": records,
        "envelopes": envelopes,
        "wall_ms": round(wall_ms),
        "records_per_s": round1(records as f64 / (wall_ms / 1000.0)),
        "per_device": per_device,
        "wire": wire.json(records),
        "setup": {
            "write_ms_untimed": round(write_ms),
            "seal_ms_untimed": round(seal_ms),
            "words_min": percentile(&word_counts, 0.0),
            "words_median": median(&word_counts),
            "words_max": percentile(&word_counts, 100.0),
        },
    });
    Ok((Written { notes }, out))
}

/// 2. A fresh device joins and pulls everything in one sync.
pub(crate) fn bootstrap(
    team: &mut Team,
    root: &Path,
    written: &Written,
    progress: &Progress,
) -> BenchResult<(usize, Json, Wire)> {
    let records = written.notes.iter().map(Vec::len).sum::<usize>();
    progress.say(format!("bootstrap: a fresh device pulls {records} records"));
    let index = team.admit(root, "fresh", Role::Worker);
    let fresh = &team.devices[index];
    let mut t = Metered::new(&team.hub_url);
    let (report, sync_ms, exchanges) = timed_sync(fresh, &mut t)?;
    let wire = Wire::of(&exchanges);
    let rate = records as f64 / (sync_ms / 1000.0);
    progress.say(format!(
        "  {sync_ms:.0} ms ({rate:.0} records/s), {} envelopes, {} waiting; HTTP {:.0} ms",
        report.received, report.waiting, wire.http_ms
    ));

    let start = Instant::now();
    let held = all_records(&fresh.vault);
    let list_ms = ms(start.elapsed());
    let ids: BTreeSet<RecordId> = held.keys().copied().collect();
    if ids != written.ids() {
        return Err(format!(
            "the fresh device holds {} records, not the {} written",
            ids.len(),
            records
        )
        .into());
    }
    for (writer, notes) in written.notes.iter().enumerate() {
        for (id, body) in notes.iter().step_by(97) {
            if held[id].body != body.clone().validate()? {
                return Err(format!("writer {writer}'s note {id} arrived altered").into());
            }
        }
    }
    progress.say(format!(
        "  checked: {} records held (listing them all: {list_ms:.0} ms)",
        ids.len()
    ));
    let target = 2_000.0;
    let out = json!({
        "records": records,
        "envelopes": report.received,
        "sync_ms": round(sync_ms),
        "records_per_s": round1(rate),
        "target": "at least 2,000 records/s (records / sync_ms)",
        "met": rate >= target,
        "http_ms": round(wire.http_ms),
        "device_ms": round(sync_ms - wire.http_ms),
        "waiting_after": report.waiting,
        "records_held_after": ids.len(),
        "list_all_ms": round(list_ms),
        "wire": wire.json(records),
    });
    Ok((index, out, wire))
}

/// Automerge's sync of every written document from its writer to an empty document.
#[derive(Default)]
pub(crate) struct BootstrapAutomerge {
    pub(crate) sync_bytes: usize,
    pub(crate) messages: usize,
    pub(crate) saved_doc_bytes: usize,
    pub(crate) change_raw_bytes: usize,
    pub(crate) change_compressed_bytes: usize,
    pub(crate) ms: f64,
}

pub(crate) fn bootstrap_automerge(
    team: &Team,
    written: &Written,
) -> BenchResult<BootstrapAutomerge> {
    let mut out = BootstrapAutomerge::default();
    let start = Instant::now();
    for (writer, notes) in written.notes.iter().enumerate() {
        for (id, _) in notes {
            let doc = team.devices[writer].vault.record_doc_bytes(*id)?;
            let (b, m) = automerge_sync(&doc, None)?;
            out.sync_bytes += b;
            out.messages += m;
            out.saved_doc_bytes += doc.len();
            let (raw, compressed) = change_bytes(&doc, None)?;
            out.change_raw_bytes += raw;
            out.change_compressed_bytes += compressed;
        }
    }
    out.ms = ms(start.elapsed());
    Ok(out)
}
