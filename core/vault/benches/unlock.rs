//! Unlock and passcode change benchmark: what an unlock costs beyond its key derivation,
//! for each way a passcode can open the vault, and what a passcode change (which
//! rotates the master key and re-seals every record) costs as the vault grows.
//!
//! Unlock: one calibrated Argon2id parameter set for every vault; rounds that each time,
//! in a rotating order, Argon2id alone (the call `kdf::derive_kek` makes) and a correct
//! unlock with the real passcode, a duress one in "hide" mode, a duress one in
//! "destroy" mode (it shreds again each time, the costliest path), and the real
//! passcode after one counted failure (the throttle reads its boot clock and finds no
//! wait). Each path's figure beyond the KDF is the median of its unlock minus the KDF
//! timed just before it in the same round.
//!
//! Passcode change: vaults of 1,000, 10,000 and 100,000 notes (1,000 with `--quick`),
//! Argon2id at the OWASP minimum so the key derivations weigh little; the
//! change is timed whole, with the two key derivations and the re-calibration it runs
//! timed alone beside it.
//!
//! Prints one JSON object to stdout and progress to stderr; asserts nothing on timings.
//! Run: `cargo bench -p senim-vault --bench unlock` (`-- --quick` for a smoke run,
//! `-- --unlock-only` to skip the passcode changes, `-- --rounds N` for N unlock rounds).
//! See docs/performance.md.

use std::path::Path;
use std::time::Instant;

use senim_records::RecordBody;
use senim_vault::{CreateOptions, DuressMode, KdfChoice, KdfParams, Vault};
use serde_json::{Value as Json, json};

type BenchResult<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const PASSCODE: &[u8] = b"bench passcode 2026";
const DURESS: &[u8] = b"bench duress 4711";
const WRONG: &[u8] = b"bench wrong 9999";

#[path = "support/notes.rs"]
mod notes;

use notes::{Rng, note};

struct Sizes {
    rounds: usize,
    records: &'static [usize],
}

const FULL: Sizes = Sizes {
    rounds: 15,
    records: &[1_000, 10_000, 100_000],
};

const QUICK: Sizes = Sizes {
    rounds: 3,
    records: &[1_000],
};

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    match v.len() {
        0 => f64::NAN,
        n => v[n / 2],
    }
}

fn min(xs: &[f64]) -> f64 {
    xs.iter().copied().fold(f64::INFINITY, f64::min)
}

fn time<T>(f: impl FnOnce() -> BenchResult<T>) -> BenchResult<(T, f64)> {
    let start = Instant::now();
    let out = f()?;
    Ok((out, ms(start.elapsed())))
}

/// Argon2id alone with `params`: the derivation every unlock runs once.
fn kdf_ms(params: KdfParams) -> BenchResult<f64> {
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

fn say(start: Instant, what: impl std::fmt::Display) {
    eprintln!("[{:7.1} s] {what}", start.elapsed().as_secs_f64());
}

/// A vault with a few notes and, if asked, a duress passcode; locked.
fn vault(dir: &Path, kdf: KdfParams, duress: Option<DuressMode>) -> BenchResult<Vault> {
    let options = CreateOptions {
        kdf: KdfChoice::Fixed(kdf),
        ..CreateOptions::default()
    };
    let mut v = Vault::create(dir, PASSCODE, options)?;
    let mut rng = Rng(0x0c0d_2026);
    v.add_many((0..20).map(|_| note(&mut rng)).collect())?;
    v.device_public()?;
    if let Some(mode) = duress {
        v.set_duress(PASSCODE, DURESS, mode)?;
    }
    v.lock()?;
    Ok(v)
}

const PATHS: [&str; 4] = [
    "real",
    "duress_hide",
    "duress_destroy",
    "real_after_a_failure",
];

fn unlocks(root: &Path, rounds: usize, start: Instant) -> BenchResult<Json> {
    let kdf = KdfParams::calibrate(KdfParams::TARGET)?;
    say(
        start,
        format!("unlock: calibrated {kdf:?}, {rounds} rounds"),
    );
    let modes = [
        Some(DuressMode::Destroy),
        Some(DuressMode::Hide),
        Some(DuressMode::Destroy),
        None,
    ];
    let mut vaults = modes
        .iter()
        .enumerate()
        .map(|(i, m)| vault(&root.join(format!("unlock-{i}")), kdf, *m))
        .collect::<BenchResult<Vec<_>>>()?;
    let passcodes = [PASSCODE, DURESS, DURESS, PASSCODE];
    let mut kdf_alone = Vec::new();
    let mut total: [Vec<f64>; 4] = Default::default();
    let mut beyond: [Vec<f64>; 4] = Default::default();
    // Round 0 warms caches and the allocator and is not kept.
    for round_no in 0..=rounds {
        for k in 0..4 {
            let i = (k + round_no) % 4;
            if i == 3 {
                // Untimed: one counted failure, so the next unlock goes through the
                // throttle's clock (one failure asks for no wait).
                match vaults[i].unlock(WRONG) {
                    Err(senim_vault::Error::WrongPasscode { .. }) => {}
                    other => return Err(format!("a wrong passcode gave {other:?}").into()),
                }
            }
            let k_ms = kdf_ms(kdf)?;
            let ((), t) = time(|| Ok(vaults[i].unlock(passcodes[i])?))?;
            vaults[i].lock()?;
            if round_no > 0 {
                kdf_alone.push(k_ms);
                total[i].push(t);
                beyond[i].push(t - k_ms);
            }
        }
        if round_no > 0 {
            say(
                start,
                format!(
                    "  #{round_no}: kdf {:.0} | real {:.0} hide {:.0} destroy {:.0} after a failure {:.0} ms",
                    kdf_alone[kdf_alone.len() - 1],
                    total[0][round_no - 1],
                    total[1][round_no - 1],
                    total[2][round_no - 1],
                    total[3][round_no - 1]
                ),
            );
        }
    }
    let mut paths = serde_json::Map::new();
    for (i, name) in PATHS.iter().enumerate() {
        paths.insert(
            name.to_string(),
            json!({
                "unlock_ms": round(median(&total[i])),
                "unlock_min_ms": round(min(&total[i])),
                "beyond_kdf_ms": round(median(&beyond[i])),
            }),
        );
    }
    let real_beyond = median(&beyond[0]);
    Ok(json!({
        "kdf": kdf,
        "rounds": rounds,
        "kdf_alone_ms": round(median(&kdf_alone)),
        "kdf_alone_min_ms": round(min(&kdf_alone)),
        // On a loaded machine the minimums, each path's least disturbed run, compare
        // better than the medians.
        "destroy_minus_real_min_ms": round(min(&total[2]) - min(&total[0])),
        "hide_minus_real_min_ms": round(min(&total[1]) - min(&total[0])),
        "throttle_minus_real_min_ms": round(min(&total[3]) - min(&total[0])),
        "real_minus_kdf_min_ms": round(min(&total[0]) - min(&kdf_alone)),
        "paths": paths,
        "destroy_minus_real_ms": round(median(&total[2]) - median(&total[0])),
        "hide_minus_real_ms": round(median(&total[1]) - median(&total[0])),
        "throttle_minus_real_ms": round(median(&beyond[3]) - real_beyond),
    }))
}

fn passcode_changes(root: &Path, sizes: &[usize], start: Instant) -> BenchResult<Json> {
    let kdf = KdfParams::OWASP_MINIMUM;
    let mut rows = Vec::new();
    for &n in sizes {
        let dir = root.join(format!("change-{n}"));
        let options = CreateOptions {
            kdf: KdfChoice::Fixed(kdf),
            ..CreateOptions::default()
        };
        let mut v = Vault::create(&dir, PASSCODE, options)?;
        let mut rng = Rng(0x5e41_2026);
        let mut left = n;
        while left > 0 {
            let chunk = left.min(5_000);
            let bodies: Vec<RecordBody> = (0..chunk).map(|_| note(&mut rng)).collect();
            v.add_many(bodies)?;
            left -= chunk;
        }
        v.device_public()?;
        let files = |dir: &Path| -> (u64, u64) {
            let len = |name: String| std::fs::metadata(dir.join(name)).map_or(0, |m| m.len());
            let db = senim_vault::DB_FILE;
            (len(db.to_string()), len(format!("{db}-wal")))
        };
        let before = files(&dir);
        say(start, format!("passcode change at {n} notes"));
        let (change, t) =
            time(|| Ok(v.change_passcode_recalibrated(PASSCODE, b"bench passcode 2027")?))?;
        let after = files(&dir);
        // The change derives the current passcode's key and the new one's (with the
        // raised parameters, when calibration raised them) and calibrates once.
        let current_kdf = kdf_ms(kdf)?;
        let new_kdf = kdf_ms(change.kdf_raised.unwrap_or(kdf))?;
        let ((), calibration) = time(|| {
            KdfParams::calibrate(KdfParams::TARGET)?;
            Ok(())
        })?;
        let reseal = t - current_kdf - new_kdf - calibration;
        say(
            start,
            format!("  {t:.0} ms in all, about {reseal:.0} ms beyond the KDFs and calibration"),
        );
        rows.push(json!({
            "records": n,
            "change_ms": round(t),
            "current_kdf_ms": round(current_kdf),
            "new_kdf_ms": round(new_kdf),
            "calibration_ms": round(calibration),
            "reseal_ms": round(reseal),
            "reseal_us_per_record": round(reseal * 1000.0 / n as f64),
            "kdf_raised": change.kdf_raised,
            "db_and_wal_bytes_before": [before.0, before.1],
            "db_and_wal_bytes_after": [after.0, after.1],
        }));
        v.lock()?;
        drop(v);
        std::fs::remove_dir_all(&dir)?;
    }
    Ok(json!({ "kdf": kdf, "sizes": rows }))
}

fn main() -> BenchResult<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let sizes = if quick { &QUICK } else { &FULL };
    // `--rounds N`: that many unlock rounds.
    let args: Vec<String> = std::env::args().collect();
    let rounds = args
        .iter()
        .position(|a| a == "--rounds")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(sizes.rounds);
    let base = match std::env::var_os("SENIM_BENCH_DIR") {
        Some(d) => std::path::PathBuf::from(d),
        None => std::env::temp_dir(),
    };
    let root = tempfile::Builder::new()
        .prefix("senim-bench-unlock-")
        .tempdir_in(&base)?;
    let start = Instant::now();
    say(
        start,
        format!("senim unlock bench{}", if quick { " (quick)" } else { "" }),
    );
    let unlock = unlocks(root.path(), rounds, start)?;
    // `--unlock-only`: the unlock rounds alone.
    let change = match std::env::args().any(|a| a == "--unlock-only") {
        true => Json::Null,
        false => passcode_changes(root.path(), sizes.records, start)?,
    };
    let report = json!({
        "bench": "unlock",
        "quick": quick,
        "profile": if cfg!(debug_assertions) { "debug" } else { "release" },
        "unlock": unlock,
        "passcode_change": change,
    });
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}
