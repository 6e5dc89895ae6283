//! Measurement 5: load. Many devices enrolled in one team sync against one hub for a
//! while, some writing notes; then every device catches up and the hub's logs, the
//! devices' vectors and their notes are checked: no envelope lost.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value as Json, json};

use crate::checks::{error_kind, hub_logs, is_rate_limited, note_rows, own_id, vector};
use crate::measure::{BenchResult, Progress, latencies, median, ms, percentile, round, round1};
use crate::metered::{Exchange, Metered, Route, Wire, timed_sync};
use crate::notes::{Rng, note};
use crate::sizes::Sizes;
use senim_protocol::team::{DeviceId, Role};
use senim_records::RecordId;
use senim_tests::team::all_records;
use senim_tests::{Device, HubProcess, Team};

/// Least time between two approvals while enrolling the load phase's devices (the
/// lead's request budget at the hub is 50 requests/s).
const ENROL_PACE: Duration = Duration::from_millis(25);

/// Load phase: each device syncs every `LOAD_INTERVAL` ± `LOAD_JITTER`.
const LOAD_INTERVAL: Duration = Duration::from_millis(1000);
const LOAD_JITTER: f64 = 0.3;
/// ... and writes a note before a tenth of its syncs: the team writes ~10 notes/s, each
/// of which every other device applies. A note before every sync (100 notes/s, 10,000
/// applies/s across the devices) saturates the 2 cores with the devices' own work.
pub(crate) const LOAD_NOTE_CHANCE: f64 = 0.1;

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

pub(crate) fn load(
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
