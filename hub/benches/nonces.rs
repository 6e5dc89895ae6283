//! What persisting each request's nonce costs: `HubStorage::remember_nonce` on the
//! SQLite storage in files (WAL; the nonce commit `synchronous = NORMAL`), one transaction per request as
//! the hub serves them, timed call by call. Prints one JSON object; compare its
//! `capacity_per_s` with the request rate of the sync bench's load (`docs/performance.md`).
//!
//! `cargo bench -p senim-hub --bench nonces` (`SENIM_BENCH_DIR` chooses the disk; the
//! temp dir by default). Measures only; asserts nothing about time.

use std::time::Instant;

use senim_hub::storage::{HubStorage, SqliteStorage};
use senim_protocol::team::TeamId;

/// Requests per second the sync bench's load run made (100 devices, 60 s).
const LOAD_REQUESTS_PER_S: f64 = 296.0;
const CALLS: usize = 3000;
/// Rows in the table before timing: about a clock window of that load.
const PREFILL: usize = 20_000;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn main() {
    let base = std::env::var_os("SENIM_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let dir = tempfile::tempdir_in(base).expect("a temp dir");
    let data = dir.path().join("hub");
    let storage = SqliteStorage::open(&data).expect("open the storage");
    let team = TeamId([7; 16]);
    let signer = [9u8; 32];
    let now = 1_800_000_000i64;
    let forget_before = now - 600;
    let mut n = 0u128;
    let mut nonce = || {
        n += 1;
        n.to_le_bytes()
    };
    let prefill = Instant::now();
    for _ in 0..PREFILL {
        assert!(
            storage
                .remember_nonce(team, &signer, &nonce(), now, forget_before)
                .expect("remember")
        );
    }
    let prefill_s = prefill.elapsed().as_secs_f64();
    let mut micros = Vec::with_capacity(CALLS);
    for _ in 0..CALLS {
        let start = Instant::now();
        storage
            .remember_nonce(team, &signer, &nonce(), now, forget_before)
            .expect("remember");
        micros.push(start.elapsed().as_secs_f64() * 1e6);
    }
    micros.sort_by(f64::total_cmp);
    let mean = micros.iter().sum::<f64>() / micros.len() as f64;
    let capacity = 1e6 / mean;
    let out = serde_json::json!({
        "bench": "remember_nonce",
        "storage": "sqlite file, WAL, synchronous=NORMAL for the nonce commit (FULL for every other), one transaction per call",
        "prefilled_rows": PREFILL,
        "prefill_calls_per_s": PREFILL as f64 / prefill_s,
        "calls": CALLS,
        "mean_us": mean,
        "p50_us": percentile(&micros, 0.5),
        "p95_us": percentile(&micros, 0.95),
        "p99_us": percentile(&micros, 0.99),
        "max_us": micros[micros.len() - 1],
        "capacity_per_s": capacity,
        "load_requests_per_s": LOAD_REQUESTS_PER_S,
        "share_of_one_storage_thread_at_load": LOAD_REQUESTS_PER_S / capacity,
    });
    println!("{out:#}");
}
