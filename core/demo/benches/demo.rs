//! Demo data benchmark: how long the seeded generator takes to produce its cases
//! (`senim_demo::generator::cases`, pure) and to write them into a fresh demo vault
//! (`senim_demo::generator::fill`: a few batched transactions, plus one consent-checked
//! call per referral).
//!
//! It also times the retention scan a lead's sync runs under a retention policy
//! (`Vault::expired_records` over every record).
//!
//! Prints one JSON object to stdout. It never asserts on timings.
//!
//! Run: `cargo bench -p senim-demo --bench demo` (append `-- --quick` for 200 records
//! instead of 1,000 and 5,000). `SENIM_BENCH_DIR` chooses where the temporary vaults
//! live (default: the system temp dir).

use std::time::Instant;

use chrono::{Duration, Utc};
use senim_content::Library;
use senim_demo::generator::{self, GeneratorConfig};
use senim_protocol::team::{Retention, TeamPolicy};
use senim_records::RecordKind;
use senim_vault::{CreateOptions, KdfChoice, KdfParams, Vault};
use serde_json::{Value as Json, json};

type BenchResult<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn ms(start: Instant) -> f64 {
    (start.elapsed().as_secs_f64() * 1e5).round() / 100.0
}

fn run(library: &Library, records: usize) -> BenchResult<Json> {
    let config = GeneratorConfig::new(2026, records);
    let start = Instant::now();
    let cases = generator::cases(library, &config)?;
    let cases_ms = ms(start);

    let base = std::env::var_os("SENIM_BENCH_DIR").map_or_else(std::env::temp_dir, Into::into);
    let dir = tempfile::tempdir_in(base)?;
    let options = CreateOptions {
        kdf: KdfChoice::Fixed(KdfParams::OWASP_MINIMUM),
        keystore: None,
        demo: true,
    };
    let vault = Vault::create(dir.path(), b"bench demo passcode", options)?;
    let start = Instant::now();
    let report = generator::fill(&vault, library, &config)?;
    let fill_ms = ms(start);
    // What a lead's sync spends on the retention policy: every record read to find
    // those that expired (a rule for every kind, checked a year on, so all expire).
    let policy = TeamPolicy {
        retention: RecordKind::ALL
            .iter()
            .map(|&kind| Retention { kind, days: 30 })
            .collect(),
        ..TeamPolicy::default()
    };
    let start = Instant::now();
    let expired = vault.expired_records(&policy, Utc::now() + Duration::days(365))?;
    let retention_scan_ms = ms(start);
    Ok(json!({
        "records": report.records(),
        "cases": cases.len(),
        "interviews": report.interviews,
        "referrals": report.referrals,
        "cases_ms": cases_ms,
        "fill_ms": fill_ms,
        "fill_records_per_s": (report.records() as f64 / (fill_ms / 1000.0)).round(),
        "retention_scan_ms": retention_scan_ms,
        "retention_expired": expired.len(),
    }))
}

fn main() -> BenchResult<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let library = Library::bundled()?;
    let sizes: &[usize] = if quick { &[200] } else { &[1_000, 5_000] };
    let runs = sizes
        .iter()
        .map(|&n| run(&library, n))
        .collect::<BenchResult<Vec<_>>>()?;
    println!("{}", json!({ "bench": "demo", "runs": runs }));
    Ok(())
}
