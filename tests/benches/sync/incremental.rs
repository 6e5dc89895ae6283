//! Measurement 3: incremental syncs, one editor changing 1 or 100 of its notes and a
//! reader pulling them, with the bytes on the wire against automerge's own sync of the
//! same changes.

use std::time::{Duration, Instant};

use automerge::Automerge;
use serde_json::{Value as Json, json};

use crate::baseline::{automerge_sync, automerge_sync_saved_state, change_bytes};
use crate::measure::{BenchResult, Progress, latencies, median, percentile, round, round1};
use crate::metered::{Metered, Wire, timed_sync};
use crate::push::Written;
use senim_records::RecordBody;
use senim_tests::Team;

/// The least time between two incremental repetitions: a device that syncs tens of
/// times a second would run into the hub's request budget (50/s, bursts of 100).
const REP_PACE: Duration = Duration::from_millis(150);

/// The note with one more sentence (numbered, so every edit changes something).
fn edited(body: &mut RecordBody, n: usize) {
    if let RecordBody::OutreachNote(note) = body {
        note.text
            .push_str(&format!(" Повторная встреча {n}: без изменений."));
    }
}

/// What one incremental repetition measured.
#[derive(Default)]
pub(crate) struct Rep {
    push_ms: f64,
    pull_ms: f64,
    push: Wire,
    pull: Wire,
    automerge_bytes: usize,
    automerge_messages: usize,
    automerge_saved_state_bytes: usize,
    change_raw_bytes: usize,
    change_compressed_bytes: usize,
}

/// 3. `editor` edits `per_rep` of its notes, syncs; `reader` syncs. `reps` times.
#[allow(
    clippy::too_many_arguments,
    reason = "one bench step's parameters; a struct for a private function called twice adds nothing"
)]
pub(crate) fn incremental(
    team: &Team,
    editor: usize,
    reader: usize,
    written: &mut Written,
    per_rep: usize,
    reps: usize,
    next_note: &mut usize,
    progress: &Progress,
) -> BenchResult<Vec<Rep>> {
    let (ed, rd) = (&team.devices[editor], &team.devices[reader]);
    let mut te = Metered::new(&team.hub_url);
    let mut tr = Metered::new(&team.hub_url);
    let mut out = Vec::with_capacity(reps);
    for rep in 0..reps {
        let started = Instant::now();
        let mut rep_out = Rep::default();
        let mut docs = Vec::with_capacity(per_rep);
        for _ in 0..per_rep {
            let k = *next_note % written.notes[editor].len();
            *next_note += 1;
            let (id, body) = &mut written.notes[editor][k];
            let before = rd.vault.record_doc_bytes(*id)?;
            edited(body, *next_note);
            let changed = ed.vault.update(*id, body.clone())?;
            if changed.is_empty() {
                return Err("an edit changed nothing".into());
            }
            docs.push((*id, before, ed.vault.record_doc_bytes(*id)?));
        }
        let (push, push_ms, push_x) = timed_sync(ed, &mut te)?;
        let (pull, pull_ms, pull_x) = timed_sync(rd, &mut tr)?;
        if push.sealed_records != per_rep || push.sent != 1 || pull.received != 1 {
            return Err(format!(
                "rep {rep}: sealed {} records, sent {}, received {} (expected {per_rep}, 1, 1)",
                push.sealed_records, push.sent, pull.received
            )
            .into());
        }
        rep_out.push_ms = push_ms;
        rep_out.pull_ms = pull_ms;
        rep_out.push = Wire::of(&push_x);
        rep_out.pull = Wire::of(&pull_x);
        for (id, before, after) in &docs {
            let (bytes, messages) = automerge_sync(after, Some(before))?;
            rep_out.automerge_bytes += bytes;
            rep_out.automerge_messages += messages;
            rep_out.automerge_saved_state_bytes += automerge_sync_saved_state(after, before)?.0;
            let (raw, compressed) = change_bytes(after, Some(before))?;
            rep_out.change_raw_bytes += raw;
            rep_out.change_compressed_bytes += compressed;
            let got = Automerge::load(&rd.vault.record_doc_bytes(*id)?)?.get_heads();
            if got != Automerge::load(after)?.get_heads() {
                return Err(format!("record {id} differs on the reader after its sync").into());
            }
        }
        out.push(rep_out);
        if let Some(rest) = REP_PACE.checked_sub(started.elapsed()) {
            std::thread::sleep(rest);
        }
    }
    let push: Vec<f64> = out.iter().map(|r| r.push_ms).collect();
    let pull: Vec<f64> = out.iter().map(|r| r.pull_ms).collect();
    progress.say(format!(
        "  {per_rep} record(s) x {reps}: push p50 {:.1} ms, pull p50 {:.1} ms",
        median(&push),
        median(&pull)
    ));
    Ok(out)
}

pub(crate) fn incremental_json(reps: &[Rep], per_rep: usize, target_ms: Option<f64>) -> Json {
    let push: Vec<f64> = reps.iter().map(|r| r.push_ms).collect();
    let pull: Vec<f64> = reps.iter().map(|r| r.pull_ms).collect();
    let sum: Vec<f64> = reps.iter().map(|r| r.push_ms + r.pull_ms).collect();
    let push_http: Vec<f64> = reps.iter().map(|r| r.push.http_ms).collect();
    let pull_http: Vec<f64> = reps.iter().map(|r| r.pull.http_ms).collect();
    let (p95_push, p95_pull) = (percentile(&push, 95.0), percentile(&pull, 95.0));
    let mut out = json!({
        "changed_records": per_rep,
        "repetitions": reps.len(),
        "push_sync": latencies(&push),
        "pull_sync": latencies(&pull),
        "push_plus_pull": latencies(&sum),
        "push_http_p50_ms": round(median(&push_http)),
        "pull_http_p50_ms": round(median(&pull_http)),
        "requests_per_sync": reps.first().map(|r| r.push.sync_requests + r.push.membership_requests),
    });
    if let Some(t) = target_ms {
        let o = out.as_object_mut().expect("an object");
        o.insert(
            "target".into(),
            json!(format!(
                "p95 of the pushing sync and p95 of the pulling sync each under {t} ms"
            )),
        );
        o.insert("met".into(), json!(p95_push < t && p95_pull < t));
        o.insert(
            "push_plus_pull_p50_under_target".into(),
            json!(median(&sum) < t),
        );
    }
    out
}

/// Wire bytes of the incremental syncs against automerge's, per changed record.
pub(crate) fn incremental_wire_json(reps: &[Rep], per_rep: usize) -> (Json, f64) {
    let n = (reps.len() * per_rep).max(1) as f64;
    let mut push = Wire::default();
    let mut pull = Wire::default();
    for r in reps {
        push.add(&r.push);
        pull.add(&r.pull);
    }
    let am: f64 = reps.iter().map(|r| r.automerge_bytes as f64).sum::<f64>() / n;
    let am_saved: f64 = reps
        .iter()
        .map(|r| r.automerge_saved_state_bytes as f64)
        .sum::<f64>()
        / n;
    let am_messages: f64 = reps
        .iter()
        .map(|r| r.automerge_messages as f64)
        .sum::<f64>()
        / n;
    let per = |f: fn(&Rep) -> usize| reps.iter().map(|r| f(r) as f64).sum::<f64>() / n;
    let change_raw = per(|r| r.change_raw_bytes);
    let change_compressed = per(|r| r.change_compressed_bytes);
    let ours_push = push.sync_bytes() as f64 / n;
    let ours_pull = pull.sync_bytes() as f64 / n;
    let worst = (ours_push / am).max(ours_pull / am);
    let json = json!({
        "changed_records": per_rep,
        "ours_push_bytes_per_record": round1(ours_push),
        "ours_pull_bytes_per_record": round1(ours_pull),
        "automerge_bytes_per_record": round1(am),
        "automerge_messages_per_record": round1(am_messages),
        "push_ratio": round(ours_push / am),
        "pull_ratio": round(ours_pull / am),
        "automerge_saved_state_bytes_per_record": round1(am_saved),
        "new_change_raw_bytes_per_record": round1(change_raw),
        "new_change_compressed_bytes_per_record": round1(change_compressed),
        "push_upload_bytes_per_record": round1(push.sync_request_bytes as f64 / n),
        "pull_download_bytes_per_record": round1(pull.sync_answer_bytes as f64 / n),
        "auth_header_bytes_per_sync": round1(push.auth_header_bytes as f64 / reps.len().max(1) as f64),
        "membership_bytes_per_sync": round1(pull.membership_bytes as f64 / reps.len().max(1) as f64),
        "push": push.json(reps.len() * per_rep),
        "pull": pull.json(reps.len() * per_rep),
    });
    (json, worst)
}
