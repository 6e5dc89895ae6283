//! Sync benchmark: devices with real vaults syncing through the real hub (`senim hub
//! serve` in its own process, release build under `cargo bench`) over loopback HTTP.
//!
//! Measures, in one run: five devices pushing 2,000 notes each; a fresh device's first
//! sync pulling all 10,000 (bootstrap); incremental syncs of 1 and 100 edited records;
//! the bytes on the wire per record, against automerge's own sync protocol run
//! unencrypted over the same documents; and 100 devices syncing against one hub for
//! 60 seconds, with a check at the end that no envelope was lost.
//!
//! Prints one JSON object to stdout and progress to stderr. It never asserts on
//! timings: the JSON says which targets were met. Correctness checks (record counts,
//! envelopes held) do fail the run.
//!
//! Run: `cargo bench -p senim-tests --bench sync` (append `-- --quick` for a smoke run
//! at a tenth of the sizes and a 10 s load phase). `SENIM_BENCH_DIR` chooses where the
//! vaults and the hub's data live (default: the system temp dir). Options for
//! exploring: `--load-only`, `--load-devices N`, `--load-secs S`, `--note-chance P`.
//! See docs/performance.md ("Sync").

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Barrier;
use std::time::{Duration, Instant};

use automerge::Automerge;
use automerge::sync::{Message as AmMessage, State as AmState, SyncDoc};
use chrono::Utc;
use senim_client::Error;
use senim_client::{HubRequest, HubResponse, HubTransport, Method, SyncReport};
use senim_protocol::sync::EnvelopeStore;
use senim_protocol::team::{DeviceId, Role};
use senim_records::{RecordBody, RecordId};
use senim_tests::team::all_records;
use senim_tests::{Device, HttpTransport, HubProcess, Team};
use serde_json::{Value as Json, json};

type BenchResult<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// How big each measurement is.
struct Sizes {
    /// Devices that write the notes: a lead and workers.
    writers: usize,
    notes_per_writer: usize,
    /// Notes sealed into one envelope: a writer seals after every this many, as a
    /// device that syncs once a day after a day's notes.
    notes_per_envelope: usize,
    one_record_reps: usize,
    batch: usize,
    batch_reps: usize,
    load_devices: usize,
    load_secs: u64,
}

const FULL: Sizes = Sizes {
    writers: 5,
    notes_per_writer: 2_000,
    notes_per_envelope: 20,
    one_record_reps: 30,
    batch: 100,
    batch_reps: 10,
    load_devices: 100,
    load_secs: 60,
};

const QUICK: Sizes = Sizes {
    writers: 5,
    notes_per_writer: 200,
    notes_per_envelope: 20,
    one_record_reps: 10,
    batch: 10,
    batch_reps: 3,
    load_devices: 10,
    load_secs: 10,
};

/// The least time between two incremental repetitions: a device that syncs tens of
/// times a second would run into the hub's request budget (50/s, bursts of 100).
const REP_PACE: Duration = Duration::from_millis(150);

/// Least time between two approvals while enrolling the load phase's devices (the
/// lead's request budget at the hub is 50 requests/s).
const ENROL_PACE: Duration = Duration::from_millis(25);

/// Load phase: each device syncs every `LOAD_INTERVAL` ± `LOAD_JITTER`.
const LOAD_INTERVAL: Duration = Duration::from_millis(1000);
const LOAD_JITTER: f64 = 0.3;
/// ... and writes a note before a tenth of its syncs: the team writes ~10 notes/s, each
/// of which every other device applies. A note before every sync (100 notes/s, 10,000
/// applies/s across the devices) saturates the 2 cores with the devices' own work.
const LOAD_NOTE_CHANCE: f64 = 0.1;

#[path = "../../core/vault/benches/support/notes.rs"]
mod notes;

use notes::{Rng, note};

fn words(body: &RecordBody) -> usize {
    match body {
        RecordBody::OutreachNote(n) => n.text.split_whitespace().count(),
        _ => 0,
    }
}

/// The note with one more sentence (numbered, so every edit changes something).
fn edited(body: &mut RecordBody, n: usize) {
    if let RecordBody::OutreachNote(note) = body {
        note.text
            .push_str(&format!(" Повторная встреча {n}: без изменений."));
    }
}

// ---- measuring ------------------------------------------------------------------------

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn percentile(xs: &[f64], p: f64) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * (v.len() - 1) as f64).round() as usize;
    v[rank.min(v.len() - 1)]
}

fn median(xs: &[f64]) -> f64 {
    percentile(xs, 50.0)
}

fn latencies(xs: &[f64]) -> Json {
    json!({
        "n": xs.len(),
        "p50_ms": round(percentile(xs, 50.0)),
        "p95_ms": round(percentile(xs, 95.0)),
        "p99_ms": round(percentile(xs, 99.0)),
        "max_ms": round(percentile(xs, 100.0)),
    })
}

struct Progress(Instant);

impl Progress {
    fn say(&self, what: impl AsRef<str>) {
        eprintln!(
            "[{:>8.1} s] {}",
            self.0.elapsed().as_secs_f64(),
            what.as_ref()
        );
    }
}

// ---- a metering transport --------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Route {
    /// `GET /v1/teams/{team}/membership?after=V`
    MembershipGet,
    /// `POST /v1/teams/{team}/membership` (a lead's approval)
    MembershipPost,
    /// `POST /v1/teams/{team}/sync`: one sync protocol message each way
    Sync,
    Other,
}

impl Route {
    fn of(request: &HubRequest) -> Route {
        let path = request.path.split('?').next().unwrap_or("");
        match (request.method, path) {
            (Method::Post, p) if p.ends_with("/sync") => Route::Sync,
            (Method::Get, p) if p.ends_with("/membership") => Route::MembershipGet,
            (Method::Post, p) if p.ends_with("/membership") => Route::MembershipPost,
            _ => Route::Other,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Route::MembershipGet => "membership_get",
            Route::MembershipPost => "membership_post",
            Route::Sync => "sync_post",
            Route::Other => "other",
        }
    }
}

/// One request and its answer, as the transport saw them.
#[derive(Clone, Debug)]
struct Exchange {
    route: Route,
    /// `None`: the request did not complete (connection refused, cut, timeout).
    status: Option<u16>,
    request_body: usize,
    /// The signed headers the client adds (`x-senim-*`), as `name: value\r\n`. The
    /// request line and the standard headers ureq adds are not counted.
    auth_headers: usize,
    answer_body: usize,
    ms: f64,
}

/// The harness's HTTP transport (keep-alive `ureq` agent), timing and sizing every
/// request it carries.
struct Metered {
    inner: HttpTransport<'static>,
    log: Vec<Exchange>,
}

impl Metered {
    fn new(url: &str) -> Metered {
        Metered {
            inner: HttpTransport::new(url),
            log: Vec::new(),
        }
    }

    fn take(&mut self) -> Vec<Exchange> {
        std::mem::take(&mut self.log)
    }
}

impl HubTransport for Metered {
    fn send(&mut self, request: &HubRequest) -> Result<HubResponse, String> {
        let route = Route::of(request);
        let auth_headers = request
            .headers
            .iter()
            .map(|(n, v)| n.len() + v.len() + 4)
            .sum();
        let start = Instant::now();
        let result = self.inner.send(request);
        let elapsed = ms(start.elapsed());
        self.log.push(Exchange {
            route,
            status: result.as_ref().ok().map(|r| r.status),
            request_body: request.body.len(),
            auth_headers,
            answer_body: result.as_ref().map_or(0, |r| r.body.len()),
            ms: elapsed,
        });
        result
    }
}

/// Bytes of a set of exchanges, by what they carried.
#[derive(Clone, Copy, Debug, Default)]
struct Wire {
    sync_requests: usize,
    sync_request_bytes: usize,
    sync_answer_bytes: usize,
    membership_requests: usize,
    membership_bytes: usize,
    auth_header_bytes: usize,
    http_ms: f64,
}

impl Wire {
    fn of(exchanges: &[Exchange]) -> Wire {
        let mut w = Wire::default();
        for e in exchanges {
            w.auth_header_bytes += e.auth_headers;
            w.http_ms += e.ms;
            match e.route {
                Route::Sync => {
                    w.sync_requests += 1;
                    w.sync_request_bytes += e.request_body;
                    w.sync_answer_bytes += e.answer_body;
                }
                _ => {
                    w.membership_requests += 1;
                    w.membership_bytes += e.request_body + e.answer_body;
                }
            }
        }
        w
    }

    fn sync_bytes(&self) -> usize {
        self.sync_request_bytes + self.sync_answer_bytes
    }

    fn add(&mut self, o: &Wire) {
        self.sync_requests += o.sync_requests;
        self.sync_request_bytes += o.sync_request_bytes;
        self.sync_answer_bytes += o.sync_answer_bytes;
        self.membership_requests += o.membership_requests;
        self.membership_bytes += o.membership_bytes;
        self.auth_header_bytes += o.auth_header_bytes;
        self.http_ms += o.http_ms;
    }

    fn json(&self, per: usize) -> Json {
        let per = per.max(1) as f64;
        json!({
            "sync_requests": self.sync_requests,
            "sync_request_body_bytes": self.sync_request_bytes,
            "sync_answer_body_bytes": self.sync_answer_bytes,
            "sync_body_bytes_per_record": round1(self.sync_bytes() as f64 / per),
            "membership_get_requests": self.membership_requests,
            "membership_bytes": self.membership_bytes,
            "auth_header_bytes": self.auth_header_bytes,
        })
    }
}

/// One full sync (`senim sync`) through `transport`: its report, how long it took and
/// the requests it made.
fn timed_sync(
    device: &Device,
    transport: &mut Metered,
) -> senim_client::Result<(SyncReport, f64, Vec<Exchange>)> {
    transport.take();
    let start = Instant::now();
    let report = device.sync_with(transport);
    let elapsed = ms(start.elapsed());
    let exchanges = transport.take();
    report.map(|r| (r, elapsed, exchanges))
}

// ---- automerge's own sync protocol, for comparison ---------------------------------------

/// What automerge's sync protocol sends to bring `to` (absent: an empty document) up to
/// `from`, with fresh sync states on both sides: the encoded bytes of every message in
/// both directions, and the number of messages. The side that lacks changes opens, as
/// our device does when it pulls. Checks that both end with the same heads.
fn automerge_sync(from: &[u8], to: Option<&[u8]>) -> BenchResult<(usize, usize)> {
    let (mut a, mut b) = (
        Automerge::load(from)?,
        match to {
            Some(bytes) => Automerge::load(bytes)?,
            None => Automerge::new(),
        },
    );
    let (mut sa, mut sb) = (AmState::new(), AmState::new());
    sync_docs(&mut b, &mut sb, &mut a, &mut sa)
}

/// The same, with the sync states both sides kept from a previous sync in which they
/// had converged on `to` (encoded and decoded, as an app would store them).
fn automerge_sync_saved_state(from: &[u8], to: &[u8]) -> BenchResult<(usize, usize)> {
    let (mut a, mut b) = (Automerge::load(to)?, Automerge::load(to)?);
    let (mut sa, mut sb) = (AmState::new(), AmState::new());
    sync_docs(&mut b, &mut sb, &mut a, &mut sa)?;
    let mut sa = AmState::decode(&sa.encode())?;
    let mut sb = AmState::decode(&sb.encode())?;
    let mut a = Automerge::load(from)?;
    sync_docs(&mut b, &mut sb, &mut a, &mut sa)
}

/// The changes `from` holds beyond `since` (all of them when `None`): their raw bytes
/// (what an envelope carries, `Change::raw_bytes`) and automerge's compressed form
/// (`Change::bytes`, what its sync messages carry).
fn change_bytes(from: &[u8], since: Option<&[u8]>) -> BenchResult<(usize, usize)> {
    let doc = Automerge::load(from)?;
    let heads = match since {
        Some(bytes) => Automerge::load(bytes)?.get_heads(),
        None => Vec::new(),
    };
    let (mut raw, mut compressed) = (0, 0);
    for change in doc.get_changes(&heads) {
        raw += change.raw_bytes().len();
        compressed += change.clone().bytes().len();
    }
    Ok((raw, compressed))
}

/// Runs the protocol until neither side has anything to send; `first` opens.
fn sync_docs(
    first: &mut Automerge,
    first_state: &mut AmState,
    second: &mut Automerge,
    second_state: &mut AmState,
) -> BenchResult<(usize, usize)> {
    let (mut bytes, mut messages) = (0, 0);
    for _ in 0..100 {
        let one = first.generate_sync_message(first_state);
        if let Some(m) = one.clone() {
            let encoded = m.encode();
            bytes += encoded.len();
            messages += 1;
            second.receive_sync_message(second_state, AmMessage::decode(&encoded)?)?;
        }
        let two = second.generate_sync_message(second_state);
        if let Some(m) = two.clone() {
            let encoded = m.encode();
            bytes += encoded.len();
            messages += 1;
            first.receive_sync_message(first_state, AmMessage::decode(&encoded)?)?;
        }
        if one.is_none() && two.is_none() {
            if first.get_heads() != second.get_heads() {
                return Err("automerge's sync ended with different heads".into());
            }
            return Ok((bytes, messages));
        }
    }
    Err("automerge's sync did not finish".into())
}

// ---- checks ---------------------------------------------------------------------------

/// The device's version vector (what its envelope logs hold), by device id.
fn vector(device: &Device) -> BenchResult<BTreeMap<DeviceId, u64>> {
    Ok(device.vault.sync_store()?.vector()?.iter().collect())
}

fn own_id(device: &Device) -> BenchResult<DeviceId> {
    Ok(device.vault.device_id().parse()?)
}

/// Per device of `team`: (highest sequence, envelopes held) in the hub's database.
fn hub_logs(hub: &HubProcess, team: &Device) -> BenchResult<BTreeMap<DeviceId, (u64, u64)>> {
    let team_id = team.vault.team()?.ok_or("not in a team")?.team;
    let conn = rusqlite::Connection::open_with_flags(
        hub.data_dir().join("hub.sqlite3"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )?;
    let mut stmt = conn.prepare(
        "SELECT device, MAX(seq), COUNT(*) FROM envelopes WHERE team = ?1 GROUP BY device",
    )?;
    let rows = stmt.query_map([team_id.as_bytes().to_vec()], |r| {
        Ok((
            r.get::<_, Vec<u8>>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    let mut out = BTreeMap::new();
    for row in rows {
        let (device, max, count) = row?;
        let id = DeviceId(device.as_slice().try_into()?);
        out.insert(id, (max as u64, count as u64));
    }
    Ok(out)
}

/// Rows per kind, without decrypting anything.
fn note_rows(device: &Device) -> BenchResult<u64> {
    Ok(device
        .vault
        .info()?
        .records
        .get("note")
        .copied()
        .unwrap_or(0))
}

fn error_kind(e: &Error) -> String {
    match e {
        Error::HubRefused { status, code, .. } => format!("http_{status}_{code}"),
        Error::Unreachable(_) => "unreachable".into(),
        other => {
            let text = other.to_string();
            format!(
                "error: {}",
                text.split(':').next().unwrap_or("unknown").trim()
            )
        }
    }
}

fn is_rate_limited(e: &Error) -> bool {
    matches!(e, Error::HubRefused { status: 429, .. })
}

// ---- the measurements ---------------------------------------------------------------------

struct Written {
    /// Per writer, its notes as written (and as edited since).
    notes: Vec<Vec<(RecordId, RecordBody)>>,
}

impl Written {
    fn ids(&self) -> BTreeSet<RecordId> {
        self.notes.iter().flatten().map(|(id, _)| *id).collect()
    }
}

/// 1. Every writer writes its notes (untimed: `add_many` of a day's notes, then
///    `seal_outbox`, one envelope a day) and all push at once.
fn write_and_push(
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
fn bootstrap(
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

/// What one incremental repetition measured.
#[derive(Default)]
struct Rep {
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
#[allow(clippy::too_many_arguments)]
fn incremental(
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

fn incremental_json(reps: &[Rep], per_rep: usize, target_ms: Option<f64>) -> Json {
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
fn incremental_wire_json(reps: &[Rep], per_rep: usize) -> (Json, f64) {
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

/// Automerge's sync of every written document from its writer to an empty document.
#[derive(Default)]
struct BootstrapAutomerge {
    sync_bytes: usize,
    messages: usize,
    saved_doc_bytes: usize,
    change_raw_bytes: usize,
    change_compressed_bytes: usize,
    ms: f64,
}

fn bootstrap_automerge(team: &Team, written: &Written) -> BenchResult<BootstrapAutomerge> {
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

// ---- 5. load --------------------------------------------------------------------------

#[derive(Default)]
struct LoadOutcome {
    written: Vec<RecordId>,
    syncs: Vec<f64>,
    sync_failures: BTreeMap<String, u64>,
    sync_rate_limited: u64,
    exchanges: Vec<Exchange>,
    /// Body bytes of the Hello exchange (the first sync message each way) per sync.
    hello_bytes: Vec<f64>,
}

fn load_device(
    device: &Device,
    url: &str,
    seed: u64,
    deadline: Instant,
    note_chance: f64,
) -> LoadOutcome {
    let mut rng = Rng(seed);
    let mut t = Metered::new(url);
    let mut out = LoadOutcome::default();
    let jitter =
        |rng: &mut Rng| LOAD_INTERVAL.mul_f64(1.0 - LOAD_JITTER + 2.0 * LOAD_JITTER * rng.unit());
    let mut next = Instant::now() + LOAD_INTERVAL.mul_f64(rng.unit());
    loop {
        let now = Instant::now();
        if next > now {
            std::thread::sleep(next - now);
        }
        if Instant::now() >= deadline {
            return out;
        }
        if rng.chance(note_chance) {
            match device.vault.add(note(&mut rng)) {
                Ok(id) => out.written.push(id),
                Err(e) => *out.sync_failures.entry(format!("add: {e}")).or_default() += 1,
            }
        }
        match timed_sync(device, &mut t) {
            Ok((_, elapsed, exchanges)) => {
                out.syncs.push(elapsed);
                if let Some(hello) = exchanges.iter().find(|e| e.route == Route::Sync) {
                    out.hello_bytes
                        .push((hello.request_body + hello.answer_body) as f64);
                }
                out.exchanges.extend(exchanges);
            }
            Err(e) => {
                out.exchanges.extend(t.take());
                if is_rate_limited(&e) {
                    out.sync_rate_limited += 1;
                } else {
                    *out.sync_failures.entry(error_kind(&e)).or_default() += 1;
                }
            }
        }
        next = (next + jitter(&mut rng)).max(Instant::now());
    }
}

fn statuses_in_log(path: &Path, from: u64) -> BTreeMap<String, u64> {
    let text = std::fs::read(path).unwrap_or_default();
    let text = String::from_utf8_lossy(&text[(from as usize).min(text.len())..]).into_owned();
    let mut out = BTreeMap::new();
    for line in text.lines() {
        // "… DEBUG senim_hub::routes: request method=\"POST\" route=\"/v1/teams/{team}/sync\"
        // status=200 duration_ms=3" (info and "request refused" for a refusal)
        let status = line
            .split_whitespace()
            .find_map(|field| field.strip_prefix("status="))
            .filter(|s| s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()));
        if let Some(status) = status {
            *out.entry(status.to_string()).or_default() += 1;
        }
    }
    out
}

fn load(
    sizes: &Sizes,
    hub: &HubProcess,
    root: &Path,
    note_chance: f64,
    progress: &Progress,
) -> BenchResult<Json> {
    progress.say(format!(
        "load: enrolling {} devices in a new team (lead approves each)",
        sizes.load_devices
    ));
    // Paced: the lead's approvals are requests within its budget at the hub (50/s,
    // bursts of 100); 100 approvals back to back run into 429 at about the 100th.
    let start = Instant::now();
    let dir = root.join("load");
    let mut team = Team::enrol(&dir, &hub.url(), 0);
    for n in 1..=sizes.load_devices {
        let admitted = Instant::now();
        team.admit(&dir, &format!("worker{n}"), Role::Worker);
        if let Some(rest) = ENROL_PACE.checked_sub(admitted.elapsed()) {
            std::thread::sleep(rest);
        }
    }
    let enrol_ms = ms(start.elapsed());
    let members = team.lead().vault.team()?.ok_or("no team")?.members;
    progress.say(format!(
        "  enrolled in {enrol_ms:.0} ms; {members} members in the list"
    ));

    progress.say("  first sync of every device (membership catch-up), one by one");
    let mut first = Vec::new();
    for d in &team.devices[1..] {
        let mut t = Metered::new(&team.hub_url);
        let (_, t_ms, _) = timed_sync(d, &mut t)?;
        first.push(t_ms);
    }

    let log_from = std::fs::metadata(hub.log_path()).map(|m| m.len())?;
    progress.say(format!(
        "  {} devices: every {:.1} s ± {:.0} %, a note before {:.0} % of syncs, for {} s",
        sizes.load_devices,
        LOAD_INTERVAL.as_secs_f64(),
        LOAD_JITTER * 100.0,
        note_chance * 100.0,
        sizes.load_secs
    ));
    let start = Instant::now();
    let deadline = start + Duration::from_secs(sizes.load_secs);
    let url = team.hub_url.clone();
    let outcomes: Vec<LoadOutcome> = std::thread::scope(|s| {
        let handles: Vec<_> = team.devices[1..]
            .iter_mut()
            .enumerate()
            .map(|(i, d)| {
                let url = &url;
                std::thread::Builder::new()
                    .stack_size(1 << 20)
                    .spawn_scoped(s, move || {
                        load_device(d, url, 0x10ad_0000 + i as u64, deadline, note_chance)
                    })
                    .expect("spawn a device thread")
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a device thread panicked"))
            .collect()
    });
    let wall = start.elapsed().as_secs_f64();
    let hub_statuses = statuses_in_log(hub.log_path(), log_from);

    let mut syncs = Vec::new();
    let mut by_route: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut requests: BTreeMap<String, u64> = BTreeMap::new();
    let mut failures: BTreeMap<String, u64> = BTreeMap::new();
    let mut rate_limited_requests = 0u64;
    let mut sync_failures: BTreeMap<String, u64> = BTreeMap::new();
    let mut sync_rate_limited = 0;
    let mut written = BTreeSet::new();
    let mut all_http = Vec::new();
    let mut load_wire = Wire::default();
    let mut hello_bytes = Vec::new();
    for o in &outcomes {
        hello_bytes.extend(&o.hello_bytes);
        load_wire.add(&Wire::of(&o.exchanges));
        syncs.extend(&o.syncs);
        written.extend(o.written.iter().copied());
        sync_rate_limited += o.sync_rate_limited;
        for (k, v) in &o.sync_failures {
            *sync_failures.entry(k.clone()).or_default() += v;
        }
        for e in &o.exchanges {
            *requests.entry(e.route.name().to_string()).or_default() += 1;
            match e.status {
                Some(s) if (200..300).contains(&s) => {
                    by_route.entry(e.route.name()).or_default().push(e.ms);
                    all_http.push(e.ms);
                }
                Some(429) => rate_limited_requests += 1,
                Some(s) => {
                    *failures
                        .entry(format!("{} {s}", e.route.name()))
                        .or_default() += 1
                }
                None => {
                    *failures
                        .entry(format!("{} transport", e.route.name()))
                        .or_default() += 1
                }
            }
        }
    }
    let total_requests: u64 = requests.values().sum();
    let failed: u64 = failures.values().sum();
    let failed_syncs: u64 = sync_failures.values().sum();
    progress.say(format!(
        "  {} syncs, {} requests ({:.0}/s), {} failed, {} rate-limited; sync p50 {:.1} ms p99 {:.1} ms",
        syncs.len(),
        total_requests,
        total_requests as f64 / wall,
        failed,
        rate_limited_requests,
        median(&syncs),
        percentile(&syncs, 99.0)
    ));

    // Two final rounds: every device pushes what it wrote last and pulls the rest.
    progress.say("  two final rounds, one device at a time");
    let mut final_failures = 0;
    let mut final_syncs = Vec::new();
    for _ in 0..2 {
        for d in &team.devices[1..] {
            let mut t = Metered::new(&team.hub_url);
            match timed_sync(d, &mut t) {
                Ok((_, t_ms, _)) => final_syncs.push(t_ms),
                Err(e) => {
                    progress.say(format!("  {} final sync failed: {e}", d.name));
                    final_failures += 1;
                }
            }
        }
    }
    // The lead took no part: it pulls everything in one sync.
    let lead = team.lead();
    let mut t = Metered::new(&team.hub_url);
    let (lead_report, lead_ms, lead_x) = timed_sync(lead, &mut t)?;
    let lead_records = all_records(&lead.vault);
    let lead_ids: BTreeSet<RecordId> = lead_records.keys().copied().collect();
    let lead_holds_exactly = lead_ids == written;

    // Every device's log on the hub is whole, and every device holds every envelope.
    let hub_logs = hub_logs(hub, lead)?;
    let hub_vector: BTreeMap<DeviceId, u64> = hub_logs.iter().map(|(d, (m, _))| (*d, *m)).collect();
    let mut logs_whole = true;
    let mut own_seq_on_hub = true;
    let mut vectors_equal = true;
    let mut note_counts_equal = true;
    let mut sealed_total = 0;
    for d in &team.devices {
        let v = vector(d)?;
        let me = own_id(d)?;
        let mine = v.get(&me).copied().unwrap_or(0);
        sealed_total += mine;
        match hub_logs.get(&me) {
            Some((max, count)) => {
                logs_whole &= *max == *count;
                own_seq_on_hub &= *max == mine;
            }
            None => own_seq_on_hub &= mine == 0,
        }
        vectors_equal &= v == hub_vector;
        note_counts_equal &= note_rows(d)? == written.len() as u64;
    }
    let envelopes_on_hub: u64 = hub_logs.values().map(|(_, c)| c).sum();
    progress.say(format!(
        "  {} notes written; lead holds {} (exactly those: {lead_holds_exactly}); hub holds {envelopes_on_hub} envelopes, devices sealed {sealed_total}; logs whole {logs_whole}, every device's vector = hub's: {vectors_equal}",
        written.len(),
        lead_ids.len()
    ));
    let no_loss = lead_holds_exactly
        && logs_whole
        && own_seq_on_hub
        && vectors_equal
        && note_counts_equal
        && envelopes_on_hub == sealed_total;
    let no_failures = failed == 0 && failed_syncs == 0 && final_failures == 0;
    let route_latencies: serde_json::Map<String, Json> = by_route
        .iter()
        .map(|(k, v)| (k.to_string(), latencies(v)))
        .collect();
    let lead_wire = Wire::of(&lead_x);
    Ok(json!({
        "devices": sizes.load_devices,
        "members_in_list": members,
        "seconds": round(wall),
        "sync_interval_ms": LOAD_INTERVAL.as_millis() as u64,
        "sync_interval_jitter": LOAD_JITTER,
        "note_before_sync_chance": note_chance,
        "enrol_ms": round(enrol_ms),
        "enrol_paced_ms_per_approval": ENROL_PACE.as_millis() as u64,
        "first_sync": latencies(&first),
        "syncs": syncs.len(),
        "syncs_per_s": round1(syncs.len() as f64 / wall),
        "sync": latencies(&syncs),
        "requests": requests,
        "requests_total": total_requests,
        "requests_per_s": round1(total_requests as f64 / wall),
        "http_request": latencies(&all_http),
        "http_request_by_route": route_latencies,
        "sync_body_bytes_per_sync": round1(load_wire.sync_bytes() as f64 / syncs.len().max(1) as f64),
        "auth_header_bytes_per_sync": round1(load_wire.auth_header_bytes as f64 / syncs.len().max(1) as f64),
        "hello_exchange_bytes_per_sync": median(&hello_bytes),
        "failed_requests": failures,
        "failed_syncs": sync_failures,
        "rate_limited_requests_429": rate_limited_requests,
        "rate_limited_syncs_429": sync_rate_limited,
        "hub_log_statuses": hub_statuses,
        "notes_written": written.len(),
        "final_rounds": {"syncs": final_syncs.len(), "failed": final_failures, "sync": latencies(&final_syncs)},
        "lead_pull": {
            "records": lead_ids.len(),
            "envelopes": lead_report.received,
            "sync_ms": round(lead_ms),
            "records_per_s": round1(lead_ids.len() as f64 / (lead_ms / 1000.0)),
            "wire": lead_wire.json(lead_ids.len()),
        },
        "checks": {
            "lead_holds_exactly_the_notes_written": lead_holds_exactly,
            "every_device_holds_every_note": note_counts_equal,
            "hub_logs_contiguous": logs_whole,
            "hub_holds_every_device_sealed_sequence": own_seq_on_hub,
            "every_device_vector_equals_hub": vectors_equal,
            "envelopes_on_hub": envelopes_on_hub,
            "envelopes_sealed_by_devices": sealed_total,
        },
        "target": "no failed request or sync except rate limits (429, reported apart), and no envelope lost",
        "met": no_failures && no_loss,
    }))
}

fn machine(dir: &Path, profile: &str, loadavg_at_start: Option<String>) -> Json {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split(':').nth(1))
        .map(|s| s.trim().to_string());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_kib = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<u64>().ok());
    json!({
        "nproc": std::thread::available_parallelism().map(|n| n.get()).ok(),
        "cpu": cpu,
        "memory_mib": mem_kib.map(|k| k / 1024),
        "os": std::env::consts::OS,
        "arch": std::env::consts::ARCH,
        "profile": profile,
        "bench_dir": dir.display().to_string(),
        "loadavg_at_start": loadavg_at_start,
    })
}

/// `/proc/loadavg`'s first three figures: other work on the machine shows up here.
fn loadavg() -> Option<String> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    Some(
        text.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn arg<T: std::str::FromStr>(name: &str) -> Option<T> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
}

fn main() -> BenchResult<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let load_only = std::env::args().any(|a| a == "--load-only");
    let mut sizes = if quick { QUICK } else { FULL };
    if let Some(n) = arg("--load-devices") {
        sizes.load_devices = n;
    }
    if let Some(s) = arg("--load-secs") {
        sizes.load_secs = s;
    }
    let note_chance: f64 = arg("--note-chance").unwrap_or(LOAD_NOTE_CHANCE);
    let base = match std::env::var_os("SENIM_BENCH_DIR") {
        Some(d) => std::path::PathBuf::from(d),
        None => std::env::temp_dir(),
    };
    let root = tempfile::Builder::new()
        .prefix("senim-sync-bench-")
        .tempdir_in(&base)?;
    let progress = Progress(Instant::now());
    let loadavg_at_start = loadavg();
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    progress.say(format!(
        "senim sync bench ({profile}{}) in {}",
        if quick { ", quick" } else { "" },
        root.path().display()
    ));
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    progress.say(format!("hub at {}", hub.url()));

    let mut measurements = serde_json::Map::new();
    if !load_only {
        progress.say(format!(
            "setup: a lead and {} workers write {} notes each, {} per envelope",
            sizes.writers - 1,
            sizes.notes_per_writer,
            sizes.notes_per_envelope
        ));
        let mut team = Team::enrol(&root.path().join("team"), &hub.url(), sizes.writers - 1);
        let (mut written, push) = write_and_push(&sizes, &mut team, &progress)?;
        measurements.insert("push".into(), push);

        let (fresh, boot, boot_wire) =
            bootstrap(&mut team, &root.path().join("team"), &written, &progress)?;
        measurements.insert("bootstrap".into(), boot);

        progress.say("automerge's sync of every document to an empty one");
        let records = written.notes.iter().map(Vec::len).sum::<usize>();
        let am = bootstrap_automerge(&team, &written)?;
        let per_record = |b: usize| round1(b as f64 / records as f64);
        let ours = boot_wire.sync_bytes() as f64 / records as f64;
        let theirs = am.sync_bytes as f64 / records as f64;
        progress.say(format!(
            "  ours {ours:.0} B/record, automerge {theirs:.0} B/record ({:.0} ms)",
            am.ms
        ));

        // 3. incremental: worker1 edits its notes, the fresh device reads them.
        let editor = 1;
        progress.say("incremental: the editor catches up first (untimed)");
        let mut t = Metered::new(&team.hub_url);
        let (catch_up, catch_up_ms, _) = timed_sync(&team.devices[editor], &mut t)?;
        timed_sync(&team.devices[fresh], &mut t)?;
        progress.say(format!(
            "  editor pulled {} envelopes in {catch_up_ms:.0} ms",
            catch_up.received
        ));
        let mut next_note = 0;
        let one = incremental(
            &team,
            editor,
            fresh,
            &mut written,
            1,
            sizes.one_record_reps,
            &mut next_note,
            &progress,
        )?;
        let many = incremental(
            &team,
            editor,
            fresh,
            &mut written,
            sizes.batch,
            sizes.batch_reps,
            &mut next_note,
            &progress,
        )?;
        let mut one_json = incremental_json(&one, 1, Some(20.0));
        if let Some(o) = one_json.as_object_mut() {
            o.insert(
                "editor_catch_up".into(),
                json!({"envelopes": catch_up.received, "sync_ms": round(catch_up_ms)}),
            );
        }
        measurements.insert("incremental_1".into(), one_json);
        measurements.insert(
            format!("incremental_{}", sizes.batch),
            incremental_json(&many, sizes.batch, None),
        );

        // 4. wire bytes
        let (one_wire, one_worst) = incremental_wire_json(&one, 1);
        let (many_wire, many_worst) = incremental_wire_json(&many, sizes.batch);
        let boot_ratio = ours / theirs;
        let limit = 1.3;
        measurements.insert(
            "wire".into(),
            json!({
                "what": "sync protocol message bodies in both directions (ours: POST /v1/teams/{team}/sync bodies and answers; automerge: every encoded sync message), per record; membership GETs and HTTP headers apart",
                "bootstrap": {
                    "records": records,
                    "ours_bytes_per_record": round1(ours),
                    "automerge_bytes_per_record": round1(theirs),
                    "automerge_messages_per_record": per_record(am.messages),
                    "automerge_saved_doc_bytes_per_record": per_record(am.saved_doc_bytes),
                    "change_raw_bytes_per_record": per_record(am.change_raw_bytes),
                    "change_compressed_bytes_per_record": per_record(am.change_compressed_bytes),
                    "ratio": round(boot_ratio),
                    "ours": boot_wire.json(records),
                },
                "incremental_1": one_wire,
                format!("incremental_{}", sizes.batch): many_wire,
                "target": "ours at most 1.3x automerge's: bootstrap, and the pushing and the pulling sync of each incremental case",
                "met": boot_ratio <= limit && one_worst <= limit && many_worst <= limit,
            }),
        );
        drop(team);
    }

    // 5. load
    measurements.insert(
        "load".into(),
        load(&sizes, &hub, root.path(), note_chance, &progress)?,
    );

    let met: serde_json::Map<String, Json> = measurements
        .iter()
        .filter_map(|(k, m)| {
            m.get("met")
                .filter(|v| !v.is_null())
                .map(|v| (k.clone(), v.clone()))
        })
        .collect();
    let report = json!({
        "bench": "senim sync: real vaults and the real hub process over loopback HTTP",
        "at": Utc::now().to_rfc3339(),
        "quick": quick,
        "machine": machine(&base, profile, loadavg_at_start),
        "sizes": {
            "writers": sizes.writers,
            "notes_per_writer": sizes.notes_per_writer,
            "notes_per_envelope": sizes.notes_per_envelope,
            "one_record_repetitions": sizes.one_record_reps,
            "batch": sizes.batch,
            "batch_repetitions": sizes.batch_reps,
            "load_devices": sizes.load_devices,
            "load_seconds": sizes.load_secs,
        },
        "measurements": measurements,
        "loadavg_at_end": loadavg(),
        "targets_met": met,
    });
    println!("{}", serde_json::to_string_pretty(&report)?);
    progress.say("done");
    Ok(())
}
