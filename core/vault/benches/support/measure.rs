//! What the vault benchmarks share (`core/vault/benches/vault.rs` and the SQLCipher peer
//! in `bench/peer`): timing, percentiles, interleaving two stores in alternating blocks,
//! bytes written and on disk, the machine, and the vault's own operations as measured.
//!
//! Included by path; each bench uses part of it.
#![allow(dead_code, reason = "included by path; each bench uses part of it")]

use std::path::Path;
use std::time::{Duration, Instant};

use senim_records::{PageRequest, RecordBody, RecordFilter};
use senim_vault::{KdfParams, Vault};
use serde_json::{Value as Json, json};

pub type BenchResult<T> = std::result::Result<T, Box<dyn std::error::Error>>;

pub const PASSCODE: &[u8] = b"bench passcode 2026";
pub const PAGE: usize = 50;
/// Inserts alternate between the two stores in blocks of this many (updates: a fifth).
pub const BLOCK: usize = 500;

/// The searches of every run: one word in each language, two words, a prefix, a rare
/// word (~0.3 % of notes) and a word no note has.
pub const QUERIES: [(&str, &str); 7] = [
    ("one word (ru)", "паспорт"),
    ("one word (kk)", "жұмыс"),
    ("one word (en)", "passport"),
    ("two words", "работодатель паспорт"),
    ("prefix", "строит"),
    ("rare word", "теплиц"),
    ("no match", "вертолет"),
];

/// The tag the update measurement adds (never generated, so it is always a change).
pub const UPDATE_TAG: &str = "revisited";
pub const UPDATE_SENTENCE: &str = " Повторная встреча: без изменений.";

/// The same note with one sentence added and the [`UPDATE_TAG`].
pub fn edited(body: &RecordBody) -> RecordBody {
    let mut body = body.clone();
    if let RecordBody::OutreachNote(n) = &mut body {
        n.text.push_str(UPDATE_SENTENCE);
        n.tags.push(UPDATE_TAG.to_string());
    }
    body
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

pub fn time<T>(f: impl FnOnce() -> BenchResult<T>) -> BenchResult<(T, f64)> {
    let start = Instant::now();
    let out = f()?;
    Ok((out, ms(start.elapsed())))
}

pub fn percentile(xs: &[f64], p: f64) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * (v.len() - 1) as f64).round() as usize;
    v[rank.min(v.len() - 1)]
}

pub fn median(xs: &[f64]) -> f64 {
    percentile(xs, 50.0)
}

pub fn latencies(xs: &[f64]) -> Json {
    json!({
        "p50_ms": round(percentile(xs, 50.0)),
        "p95_ms": round(percentile(xs, 95.0)),
        "p99_ms": round(percentile(xs, 99.0)),
        "max_ms": round(percentile(xs, 100.0)),
    })
}

pub fn merge(mut base: Json, extra: Json) -> Json {
    if let (Json::Object(b), Json::Object(e)) = (&mut base, extra) {
        b.extend(e);
    }
    base
}

pub fn db_bytes(path: &Path) -> u64 {
    ["", "-wal"]
        .iter()
        .filter_map(|s| {
            let mut p = path.as_os_str().to_owned();
            p.push(s);
            std::fs::metadata(p).ok().map(|m| m.len())
        })
        .sum()
}

/// Bytes this process has passed to `write`-family calls so far (Linux), or `None`.
pub fn written_bytes() -> Option<u64> {
    std::fs::read_to_string("/proc/self/io")
        .ok()?
        .lines()
        .find(|l| l.starts_with("wchar:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Flushes dirty pages to disk (untimed), so one store's writeback does not land on the
/// other store's clock.
pub fn settle() {
    let _ = std::process::Command::new("sync").status();
}

/// Per-operation timings and bytes written by one side of a comparison.
#[derive(Default)]
pub struct Side {
    pub lat: Vec<f64>,
    pub written: Option<u64>,
}

impl Side {
    pub fn op<T>(&mut self, f: impl FnOnce() -> BenchResult<T>) -> BenchResult<T> {
        let (out, t) = time(f)?;
        self.lat.push(t);
        Ok(out)
    }

    /// Runs `block`, adding what it wrote to this side's count.
    pub fn block(&mut self, block: impl FnOnce(&mut Self) -> BenchResult<()>) -> BenchResult<()> {
        let before = written_bytes();
        block(self)?;
        self.written = match (self.written.or(Some(0)), before, written_bytes()) {
            (Some(sum), Some(b), Some(a)) => Some(sum + (a - b)),
            _ => None,
        };
        Ok(())
    }

    pub fn total_ms(&self) -> f64 {
        self.lat.iter().sum()
    }

    pub fn kib_per_op(&self) -> Option<f64> {
        self.written
            .map(|w| round(w as f64 / 1024.0 / self.lat.len().max(1) as f64))
    }
}

/// Runs `count` operations on both stores in alternating blocks (which store goes
/// first alternates too), so that background noise falls on both alike.
pub fn interleaved(
    count: usize,
    block: usize,
    senim: &mut Side,
    baseline: &mut Side,
    mut senim_op: impl FnMut(&mut Side, usize) -> BenchResult<()>,
    mut baseline_op: impl FnMut(&mut Side, usize) -> BenchResult<()>,
) -> BenchResult<()> {
    for (n, start) in (0..count).step_by(block).enumerate() {
        let range = start..(start + block).min(count);
        for senim_turn in [n % 2 == 1, n % 2 == 0] {
            settle();
            if senim_turn {
                senim.block(|side| range.clone().try_for_each(|i| senim_op(side, i)))?;
            } else {
                baseline.block(|side| range.clone().try_for_each(|i| baseline_op(side, i)))?;
            }
        }
    }
    Ok(())
}

pub struct Progress(pub Instant);

impl Progress {
    pub fn say(&self, what: impl AsRef<str>) {
        eprintln!(
            "[{:>8.1} s] {}",
            self.0.elapsed().as_secs_f64(),
            what.as_ref()
        );
    }
}

pub fn first_page(vault: &Vault) -> BenchResult<usize> {
    let page = vault.list(&RecordFilter::default(), &PageRequest::first(PAGE))?;
    if page.records.len() != PAGE || !page.damaged.is_empty() {
        return Err("the vault's first page is not a full page".into());
    }
    Ok(page.records.len())
}

pub fn search(vault: &Vault, query: &str) -> BenchResult<usize> {
    let page = vault.search(query, &RecordFilter::default(), &PageRequest::first(PAGE))?;
    Ok(page.records.len())
}

/// Argon2id with the vault's parameters, as the vault's `kdf::derive_kek` runs it (that
/// function is crate-private, so the bench repeats the call).
pub fn kdf_ms(params: KdfParams) -> BenchResult<f64> {
    use argon2::{Algorithm, Argon2, Params, Version};
    let p = Params::new(params.m_cost_kib, params.t_cost, params.p_cost, Some(32))
        .map_err(|e| format!("argon2 params: {e}"))?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, p);
    let mut out = [0u8; 32];
    let start = Instant::now();
    argon
        .hash_password_into(PASSCODE, &[0x5a; 16], &mut out)
        .map_err(|e| format!("argon2: {e}"))?;
    Ok(ms(start.elapsed()))
}

pub fn machine(dir: &Path, profile: &str) -> Json {
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
    })
}
