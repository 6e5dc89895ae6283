//! Measuring: durations in milliseconds, rounding, percentiles, progress lines on
//! standard error, and the bench's result type. Never asserts on a timing.

use std::time::{Duration, Instant};

use serde_json::{Value as Json, json};

/// The result of a bench step: any error ends the run.
pub(crate) type BenchResult<T> = std::result::Result<T, Box<dyn std::error::Error>>;

pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub(crate) fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

pub(crate) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

pub(crate) fn percentile(xs: &[f64], p: f64) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * (v.len() - 1) as f64).round() as usize;
    v[rank.min(v.len() - 1)]
}

pub(crate) fn median(xs: &[f64]) -> f64 {
    percentile(xs, 50.0)
}

pub(crate) fn latencies(xs: &[f64]) -> Json {
    json!({
        "n": xs.len(),
        "p50_ms": round(percentile(xs, 50.0)),
        "p95_ms": round(percentile(xs, 95.0)),
        "p99_ms": round(percentile(xs, 99.0)),
        "max_ms": round(percentile(xs, 100.0)),
    })
}

/// Progress lines, each with the seconds since the start.
pub(crate) struct Progress(pub(crate) Instant);

impl Progress {
    pub(crate) fn say(&self, what: impl AsRef<str>) {
        eprintln!(
            "[{:>8.1} s] {}",
            self.0.elapsed().as_secs_f64(),
            what.as_ref()
        );
    }
}
