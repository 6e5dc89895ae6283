//! The lead's merged picture at 10,000 records: the first page of the team's records
//! under each filter (with the count of all matches), and the list of people an
//! erasure may name. Records: notes (60 %), people (15 %), assessed interviews of
//! every level (15 %) and referrals (10 %), dated over a year, linked to people.
//!
//! Prints one JSON object to stdout (median and 90th percentile per query, in ms) and
//! progress to stderr; it never asserts on timings. Run:
//! `cargo bench -p senim-vault --bench merged` (`-- --quick` for 1,000 records).
//! `SENIM_BENCH_DIR` chooses where the vault lives. See docs/performance.md.

use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use senim_records::{PageRequest, RecordBody, RecordId, RecordKind, ReferralStatus};
use senim_vault::{CreateOptions, TeamFilter, Vault};
use serde_json::json;

#[path = "support/notes.rs"]
mod notes;

#[path = "support/measure.rs"]
mod measure;

#[path = "support/records.rs"]
mod records;

use measure::*;
use notes::{Rng, note};

const REPEATS: usize = 9;

fn person(rng: &mut Rng) -> RecordBody {
    records::person(&format!("person {}", rng.below(1_000_000)))
}

fn interview(rng: &mut Rng, subject: Option<RecordId>) -> RecordBody {
    let at = Utc.with_ymd_and_hms(2026, 1, 1, 9, 0, 0).unwrap()
        + Duration::hours(rng.below(365 * 24) as i64);
    records::assessed(rng.pick(&senim_vault::LEVELS), subject, at)
}

fn referral(rng: &mut Rng, subject: Option<RecordId>) -> RecordBody {
    let status = [
        ReferralStatus::Proposed,
        ReferralStatus::Accepted,
        ReferralStatus::Completed,
        ReferralStatus::Declined,
    ][rng.below(4)];
    records::referral(status, subject)
}

fn main() -> BenchResult<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let records = if quick { 1_000 } else { 10_000 };
    let base = std::env::var_os("SENIM_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let dir = tempfile::tempdir_in(&base)?;
    let progress = Progress(Instant::now());
    let vault = Vault::create(dir.path().join("vault"), PASSCODE, CreateOptions::default())?;

    progress.say(format!("writing {records} records"));
    let mut rng = Rng(7);
    let mut people: Vec<RecordId> = Vec::new();
    let mut left = records;
    while left > 0 {
        let n = left.min(500);
        let mut batch = Vec::with_capacity(n);
        for _ in 0..n {
            let linked =
                (!people.is_empty() && rng.chance(0.7)).then(|| people[rng.below(people.len())]);
            batch.push(match rng.below(20) {
                0..=11 => note(&mut rng),
                12..=14 => person(&mut rng),
                15..=17 => interview(&mut rng, linked),
                _ => referral(&mut rng, linked),
            });
        }
        let kinds: Vec<RecordKind> = batch.iter().map(RecordBody::kind).collect();
        for (id, kind) in vault.add_many(batch)?.into_iter().zip(kinds) {
            if kind == RecordKind::Subject {
                people.push(id);
            }
        }
        left -= n;
    }

    let march = (
        Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2026, 4, 1, 0, 0, 0).unwrap(),
    );
    let filters: Vec<(&str, TeamFilter)> = vec![
        ("all", TeamFilter::default()),
        (
            "worker",
            TeamFilter {
                author: Some(vault.device_id()),
                ..TeamFilter::default()
            },
        ),
        (
            "interviews_likely",
            TeamFilter {
                kind: Some(RecordKind::Interview),
                level: Some("likely".into()),
                ..TeamFilter::default()
            },
        ),
        (
            "one_month",
            TeamFilter {
                from: Some(march.0),
                to: Some(march.1),
                ..TeamFilter::default()
            },
        ),
        (
            "open_referrals",
            TeamFilter {
                open_referrals: true,
                ..TeamFilter::default()
            },
        ),
        (
            "conflicts_none_match",
            TeamFilter {
                conflicted: true,
                ..TeamFilter::default()
            },
        ),
    ];
    let mut out = serde_json::Map::new();
    for (name, filter) in &filters {
        progress.say(format!("first page: {name}"));
        let mut times = Vec::with_capacity(REPEATS);
        let mut total = 0;
        for _ in 0..REPEATS {
            let (page, t) = time(|| Ok(vault.team_records(filter, &PageRequest::first(PAGE))?))?;
            total = page.total;
            times.push(t);
        }
        out.insert(
            format!("first_page_{name}"),
            merge(latencies(&times), json!({ "matches": total })),
        );
    }
    progress.say("people");
    let mut times = Vec::with_capacity(REPEATS);
    let mut count = 0;
    for _ in 0..REPEATS {
        let (list, t) = time(|| Ok(vault.subjects()?))?;
        count = list.len();
        times.push(t);
    }
    out.insert(
        "people".into(),
        merge(latencies(&times), json!({ "people": count })),
    );
    println!(
        "{}",
        serde_json::to_string_pretty(&json!({
            "records": records,
            "page": PAGE,
            "machine": machine(dir.path(), "bench"),
            "results": out,
        }))?
    );
    Ok(())
}
