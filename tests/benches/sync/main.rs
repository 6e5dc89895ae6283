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
//!
//! The parts: `sizes`, `measure` (timing and statistics), `metered` (the metering
//! transport), `baseline` (automerge's sync, for comparison), `checks` (correctness),
//! `push` (writing, pushing, bootstrap), `incremental`, `load`.

use std::path::Path;
use std::time::Instant;

use chrono::Utc;
use serde_json::{Value as Json, json};

use incremental::{incremental, incremental_json, incremental_wire_json};
use load::{LOAD_NOTE_CHANCE, load};
use measure::{BenchResult, Progress, round, round1};
use metered::{Metered, timed_sync};
use push::{bootstrap, bootstrap_automerge, write_and_push};
use senim_tests::{HubProcess, Team};
use sizes::{FULL, QUICK};

mod baseline;
mod checks;
mod incremental;
mod load;
mod measure;
mod metered;
mod push;
mod sizes;

#[path = "../../../core/vault/benches/support/notes.rs"]
mod notes;

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
