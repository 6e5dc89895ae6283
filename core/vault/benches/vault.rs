//! Vault benchmark: the Senim vault against a plain rusqlite store holding the same
//! records as unencrypted JSON, with the vault's durability settings (WAL,
//! `synchronous = FULL`, one transaction per write wherever the vault uses one).
//!
//! Measures inserts (one per transaction, and one batch), opening a 100,000-record
//! vault and listing its first page, full-text search over 10,000 notes and updates.
//! Prints one JSON object to stdout and progress to stderr. It never asserts on
//! timings: the JSON says which targets were met.
//!
//! Run: `cargo bench -p senim-vault --bench vault` (append `-- --quick` for a smoke run at
//! a tenth of the sizes). `SENIM_BENCH_DIR` chooses where the temporary stores live
//! (default: the system temp dir). See docs/performance.md.

use std::path::Path;
use std::time::Instant;

use chrono::Utc;
use rusqlite::{Connection, params};
use senim_records::{RecordBody, RecordId};
use senim_vault::{CreateOptions, Vault};
use serde_json::{Value as Json, json};

/// How big each measurement is.
struct Sizes {
    notes: usize,
    big: usize,
    chunk: usize,
    updates: usize,
    repeats: usize,
}

const FULL: Sizes = Sizes {
    notes: 10_000,
    big: 100_000,
    chunk: 5_000,
    updates: 1_000,
    repeats: 9,
};

const QUICK: Sizes = Sizes {
    notes: 1_000,
    big: 10_000,
    chunk: 1_000,
    updates: 100,
    repeats: 3,
};

#[path = "support/notes.rs"]
mod notes;

#[path = "support/measure.rs"]
mod measure;

use measure::*;

use notes::{Rng, note};

// ---- the baseline: plain rusqlite, JSON in the clear ----------------------------------

/// What an app without the vault would do: one row per record, the body as JSON.
struct Plain {
    conn: Connection,
}

impl Plain {
    const FILE: &str = "plain.db";

    fn open(dir: &Path) -> BenchResult<Plain> {
        let conn = Connection::open(dir.join(Self::FILE))?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err("the baseline refused WAL".into());
        }
        conn.execute_batch("PRAGMA synchronous = FULL;")?;
        Ok(Plain { conn })
    }

    fn create(dir: &Path) -> BenchResult<Plain> {
        let plain = Plain::open(dir)?;
        plain.conn.execute_batch(
            "CREATE TABLE records (
                 seq  INTEGER PRIMARY KEY AUTOINCREMENT,
                 id   BLOB NOT NULL UNIQUE,
                 kind TEXT NOT NULL,
                 body TEXT NOT NULL
             );",
        )?;
        Ok(plain)
    }

    fn insert(conn: &Connection, id: &[u8; 16], body: &RecordBody) -> BenchResult<()> {
        let json = serde_json::to_string(body)?;
        conn.prepare_cached("INSERT INTO records (id, kind, body) VALUES (?1, ?2, ?3)")?
            .execute(params![&id[..], body.kind().as_str(), json])?;
        Ok(())
    }

    fn add(&self, id: &[u8; 16], body: &RecordBody) -> BenchResult<()> {
        let tx = self.conn.unchecked_transaction()?;
        Self::insert(&tx, id, body)?;
        tx.commit()?;
        Ok(())
    }

    fn add_many(&self, items: &[([u8; 16], RecordBody)]) -> BenchResult<()> {
        let tx = self.conn.unchecked_transaction()?;
        for (id, body) in items {
            Self::insert(&tx, id, body)?;
        }
        tx.commit()?;
        Ok(())
    }

    fn update(&self, id: &[u8; 16], body: &RecordBody) -> BenchResult<()> {
        let json = serde_json::to_string(body)?;
        let tx = self.conn.unchecked_transaction()?;
        let n = tx
            .prepare_cached("UPDATE records SET body = ?1 WHERE id = ?2")?
            .execute(params![json, &id[..]])?;
        tx.commit()?;
        if n != 1 {
            return Err("baseline update missed its row".into());
        }
        Ok(())
    }

    fn rows(&self, sql: &str, args: &[String]) -> BenchResult<Vec<RecordBody>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for json in rows {
            out.push(serde_json::from_str(&json?)?);
        }
        Ok(out)
    }

    fn first_page(&self) -> BenchResult<Vec<RecordBody>> {
        self.rows(
            &format!("SELECT body FROM records ORDER BY rowid DESC LIMIT {PAGE}"),
            &[],
        )
    }

    /// Every word as a substring of the JSON (`LIKE`: ASCII-only case folding).
    fn search(&self, query: &str) -> BenchResult<Vec<RecordBody>> {
        let words: Vec<String> = query.split_whitespace().map(|w| format!("%{w}%")).collect();
        let cond = vec!["body LIKE ?"; words.len()].join(" AND ");
        self.rows(
            &format!("SELECT body FROM records WHERE {cond} ORDER BY rowid DESC LIMIT {PAGE}"),
            &words,
        )
    }

    fn count(&self) -> BenchResult<i64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM records", [], |r| r.get(0))?)
    }
}

// ---- measuring ------------------------------------------------------------------------

/// The common fields of every measurement.
fn comparison(senim_ms: f64, baseline_ms: f64, target: Option<&str>, met: Option<bool>) -> Json {
    json!({
        "senim_ms": round(senim_ms),
        "baseline_ms": round(baseline_ms),
        "ratio": round(senim_ms / baseline_ms),
        "target": target,
        "met": met,
    })
}

/// Bytes per table of the closed vault in `dir`, read through SQLite's `dbstat` on its
/// pages opened with the passcode (best effort: `null` in a build without `dbstat`).
fn vault_storage(dir: &Path) -> Json {
    let read = || -> BenchResult<Json> {
        let conn = senim_vault::testing::connect(dir, senim_vault::testing::Db::Real, PASSCODE)?;
        let mut stmt =
            conn.prepare("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC")?;
        let tables = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let tables: serde_json::Map<String, Json> = tables
            .into_iter()
            .filter(|(_, b)| *b >= 64 * 1024)
            .map(|(n, b)| (n, json!(b)))
            .collect();
        Ok(json!({
            "bytes_by_table": tables,
        }))
    };
    read().unwrap_or(Json::Null)
}

fn main() -> BenchResult<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let sizes = if quick { &QUICK } else { &FULL };
    let base = match std::env::var_os("SENIM_BENCH_DIR") {
        Some(d) => std::path::PathBuf::from(d),
        None => std::env::temp_dir(),
    };
    let root = tempfile::Builder::new()
        .prefix("senim-bench-")
        .tempdir_in(&base)?;
    let progress = Progress(Instant::now());
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    progress.say(format!(
        "senim vault bench ({profile}{}) in {}",
        if quick { ", quick" } else { "" },
        root.path().display()
    ));

    let mut rng = Rng(0x5e41_2026);
    let notes: Vec<RecordBody> = (0..sizes.notes).map(|_| note(&mut rng)).collect();
    let words: Vec<usize> = notes
        .iter()
        .map(|n| match n {
            RecordBody::OutreachNote(n) => n.text.split_whitespace().count(),
            _ => 0,
        })
        .collect();
    let mut measurements = serde_json::Map::new();

    // ---- 1. inserts ---------------------------------------------------------------
    progress.say(format!(
        "insert: {} notes, one transaction each",
        sizes.notes
    ));
    let plain_dir = root.path().join("plain-10k");
    std::fs::create_dir_all(&plain_dir)?;
    let plain = Plain::create(&plain_dir)?;
    let plain_ids: Vec<[u8; 16]> = (0..sizes.notes).map(|_| rng.id()).collect();
    let vault_dir = root.path().join("senim-10k");
    let vault = Vault::create(&vault_dir, PASSCODE, CreateOptions::default())?;
    let mut ids: Vec<RecordId> = Vec::with_capacity(sizes.notes);
    let (mut senim, mut baseline) = (Side::default(), Side::default());
    interleaved(
        sizes.notes,
        BLOCK,
        &mut senim,
        &mut baseline,
        |side, i| {
            let body = notes[i].clone();
            ids.push(side.op(|| Ok(vault.add(body)?))?);
            if (i + 1) % 2_000 == 0 {
                progress.say(format!("  {} / {}", i + 1, sizes.notes));
            }
            Ok(())
        },
        |side, i| side.op(|| plain.add(&plain_ids[i], &notes[i])),
    )?;
    let (vault_insert_ms, plain_insert_ms) = (senim.total_ms(), baseline.total_ms());
    progress.say(format!(
        "  senim {vault_insert_ms:.0} ms, baseline {plain_insert_ms:.0} ms"
    ));
    let ratio = vault_insert_ms / plain_insert_ms;
    measurements.insert(
        "insert_one_per_transaction".into(),
        merge(
            comparison(
                vault_insert_ms,
                plain_insert_ms,
                Some("senim within 2x baseline"),
                Some(ratio <= 2.0),
            ),
            json!({
                "records": sizes.notes,
                "interleaved_blocks_of": BLOCK,
                "senim_per_record": latencies(&senim.lat),
                "baseline_per_record": latencies(&baseline.lat),
                "senim_records_per_s": round(sizes.notes as f64 / (vault_insert_ms / 1000.0)),
                "baseline_records_per_s": round(sizes.notes as f64 / (plain_insert_ms / 1000.0)),
                "senim_written_kib_per_record": senim.kib_per_op(),
                "baseline_written_kib_per_record": baseline.kib_per_op(),
            }),
        ),
    );

    progress.say("insert: all notes in one transaction (context)");
    let batch_plain_dir = root.path().join("plain-batch");
    std::fs::create_dir_all(&batch_plain_dir)?;
    let batch_plain = Plain::create(&batch_plain_dir)?;
    let items: Vec<([u8; 16], RecordBody)> = notes.iter().map(|n| (rng.id(), n.clone())).collect();
    let (_, plain_batch_ms) = time(|| batch_plain.add_many(&items))?;
    drop(items);
    let batch_vault = Vault::create(
        root.path().join("senim-batch"),
        PASSCODE,
        CreateOptions::default(),
    )?;
    let bodies = notes.clone();
    let (_, vault_batch_ms) = time(|| Ok(batch_vault.add_many(bodies)?))?;
    progress.say(format!(
        "  baseline: {plain_batch_ms:.0} ms, senim: {vault_batch_ms:.0} ms"
    ));
    measurements.insert(
        "insert_batch_one_transaction".into(),
        merge(
            comparison(vault_batch_ms, plain_batch_ms, None, None),
            json!({ "records": sizes.notes }),
        ),
    );
    drop(batch_vault);
    drop(batch_plain);

    // ---- 3. search over the 10k notes --------------------------------------------------
    progress.say(format!("search over {} notes", sizes.notes));
    let queries = QUERIES;
    let mut rows = Vec::new();
    let mut worst_vault: f64 = 0.0;
    let mut worst_plain: f64 = 0.0;
    for (label, q) in queries {
        let (mut vt, mut pt) = (Vec::new(), Vec::new());
        let (mut vh, mut ph) = (0, 0);
        for _ in 0..sizes.repeats {
            let (h, t) = time(|| search(&vault, q))?;
            vh = h;
            vt.push(t);
            let (h, t) = time(|| Ok(plain.search(q)?.len()))?;
            ph = h;
            pt.push(t);
        }
        let (v, p) = (median(&vt), median(&pt));
        worst_vault = worst_vault.max(v);
        worst_plain = worst_plain.max(p);
        progress.say(format!(
            "  {label:<15} {q:<22} senim {v:>7.2} ms ({vh} hits)  baseline {p:>7.2} ms ({ph} hits)"
        ));
        rows.push(merge(
            comparison(v, p, Some("senim under 100 ms"), Some(v < 100.0)),
            json!({
                "query": q,
                "kind": label,
                "senim_hits": vh,
                "baseline_hits": ph,
                "senim_min_ms": round(percentile(&vt, 0.0)),
                "senim_max_ms": round(percentile(&vt, 100.0)),
            }),
        ));
    }
    measurements.insert(
        "search_10k".into(),
        merge(
            comparison(
                worst_vault,
                worst_plain,
                Some(
                    "every query: senim median under 100 ms (senim_ms/baseline_ms: slowest query)",
                ),
                Some(worst_vault < 100.0),
            ),
            json!({
                "records": sizes.notes,
                "page": PAGE,
                "repeats": sizes.repeats,
                "queries": rows,
            }),
        ),
    );

    // ---- 4. updates ------------------------------------------------------------------
    progress.say(format!(
        "update: {} notes, one transaction each",
        sizes.updates
    ));
    let step = sizes.notes / sizes.updates;
    let picks: Vec<usize> = (0..sizes.updates).map(|i| i * step).collect();
    let edits: Vec<RecordBody> = picks.iter().map(|&i| edited(&notes[i])).collect();
    let (mut senim, mut baseline) = (Side::default(), Side::default());
    interleaved(
        sizes.updates,
        BLOCK / 5,
        &mut senim,
        &mut baseline,
        |side, k| {
            let body = edits[k].clone();
            let changed = side.op(|| Ok(vault.update(ids[picks[k]], body)?))?;
            if changed.is_empty() {
                return Err("an update changed nothing".into());
            }
            Ok(())
        },
        |side, k| side.op(|| plain.update(&plain_ids[picks[k]], &edits[k])),
    )?;
    let (vault_update_ms, plain_update_ms) = (senim.total_ms(), baseline.total_ms());
    progress.say(format!(
        "  senim {vault_update_ms:.0} ms, baseline {plain_update_ms:.0} ms"
    ));
    let ratio = vault_update_ms / plain_update_ms;
    measurements.insert(
        "update_one_per_transaction".into(),
        merge(
            comparison(
                vault_update_ms,
                plain_update_ms,
                Some("senim within 2x baseline"),
                Some(ratio <= 2.0),
            ),
            json!({
                "records": sizes.updates,
                "interleaved_blocks_of": BLOCK / 5,
                "senim_per_record": latencies(&senim.lat),
                "baseline_per_record": latencies(&baseline.lat),
                "senim_written_kib_per_record": senim.kib_per_op(),
                "baseline_written_kib_per_record": baseline.kib_per_op(),
            }),
        ),
    );
    drop(vault);
    drop(plain);
    let small_storage = json!({
        "senim_db_bytes": db_bytes(&vault_dir.join(senim_vault::DB_FILE)),
        "baseline_db_bytes": db_bytes(&plain_dir.join(Plain::FILE)),
        "senim": vault_storage(&vault_dir),
    });

    // ---- 2. open + first page of a big vault --------------------------------------------
    progress.say(format!(
        "setup: {} records in chunks of {} (not timed)",
        sizes.big, sizes.chunk
    ));
    let big_dir = root.path().join("senim-big");
    let big_plain_dir = root.path().join("plain-big");
    std::fs::create_dir_all(&big_plain_dir)?;
    let mut big_rng = Rng(0xb16_2026);
    let (kdf, build_vault_ms) = time(|| {
        let vault = Vault::create(&big_dir, PASSCODE, CreateOptions::default())?;
        let mut done = 0;
        while done < sizes.big {
            let n = sizes.chunk.min(sizes.big - done);
            let chunk: Vec<RecordBody> = (0..n).map(|_| note(&mut big_rng)).collect();
            let start = Instant::now();
            vault.add_many(chunk)?;
            done += n;
            progress.say(format!(
                "  senim {done}/{}: chunk {:.0} ms",
                sizes.big,
                ms(start.elapsed())
            ));
        }
        Ok(vault.info()?.kdf)
    })?;
    let mut big_rng = Rng(0xb16_2026);
    let (_, build_plain_ms) = time(|| {
        let plain = Plain::create(&big_plain_dir)?;
        let mut done = 0;
        while done < sizes.big {
            let n = sizes.chunk.min(sizes.big - done);
            let chunk: Vec<([u8; 16], RecordBody)> = (0..n)
                .map(|_| {
                    let body = note(&mut big_rng);
                    (rng.id(), body)
                })
                .collect();
            plain.add_many(&chunk)?;
            done += n;
        }
        if plain.count()? != sizes.big as i64 {
            return Err("the baseline lost rows".into());
        }
        Ok(())
    })?;
    progress.say(format!(
        "  built: senim {build_vault_ms:.0} ms, baseline {build_plain_ms:.0} ms"
    ));
    let big_storage = vault_storage(&big_dir);

    progress.say(format!(
        "open + unlock + first page of {}, {} times",
        sizes.big, sizes.repeats
    ));
    let (mut open, mut unlock, mut page, mut warm) = (vec![], vec![], vec![], vec![]);
    let (mut p_open, mut p_page) = (vec![], vec![]);
    for round_no in 0..sizes.repeats {
        let (mut v, t) = time(|| Ok(Vault::open(&big_dir, None)?))?;
        open.push(t);
        let ((), t) = time(|| Ok(v.unlock(PASSCODE)?))?;
        unlock.push(t);
        let (_, t) = time(|| first_page(&v))?;
        page.push(t);
        let (_, t) = time(|| first_page(&v))?;
        warm.push(t);
        drop(v);

        let (p, t) = time(|| Plain::open(&big_plain_dir))?;
        p_open.push(t);
        let (rows, t) = time(|| p.first_page())?;
        if rows.len() != PAGE {
            return Err("the baseline's first page is not a full page".into());
        }
        p_page.push(t);
        drop(p);
        progress.say(format!(
            "  #{round_no}: senim open {:.1} unlock {:.0} page {:.1} (again {:.1}) | baseline open {:.1} page {:.1} ms",
            open[round_no], unlock[round_no], page[round_no], warm[round_no], p_open[round_no], p_page[round_no]
        ));
    }
    let kdf_runs: Vec<f64> = (0..3).map(|_| kdf_ms(kdf)).collect::<BenchResult<_>>()?;
    let kdf_med = median(&kdf_runs);
    let (open_ms, unlock_ms, page_ms) = (median(&open), median(&unlock), median(&page));
    let after_kdf = open_ms + page_ms;
    let plain_ms = median(&p_open) + median(&p_page);
    measurements.insert(
        "open_and_list_first_page_100k".into(),
        merge(
            comparison(
                after_kdf,
                plain_ms,
                Some("senim open + first page (after the KDF) under 300 ms"),
                Some(after_kdf < 300.0),
            ),
            json!({
                "records": sizes.big,
                "page": PAGE,
                "repeats": sizes.repeats,
                "open_ms": round(open_ms),
                "unlock_ms": round(unlock_ms),
                "first_page_ms": round(page_ms),
                "open_and_list_after_kdf_ms": round(after_kdf),
                "first_page_again_same_connection_ms": round(median(&warm)),
                "kdf": kdf,
                "kdf_alone_ms": round(kdf_med),
                "unlock_minus_kdf_ms": round(unlock_ms - kdf_med),
                "open_unlock_list_minus_kdf_ms": round(after_kdf + unlock_ms - kdf_med),
                "first_round": {
                    "open_ms": round(open[0]),
                    "unlock_ms": round(unlock[0]),
                    "first_page_ms": round(page[0]),
                },
                "baseline_open_ms": round(median(&p_open)),
                "baseline_first_page_ms": round(median(&p_page)),
                "setup": {
                    "senim_build_ms": round(build_vault_ms),
                    "baseline_build_ms": round(build_plain_ms),
                    "chunk": sizes.chunk,
                    "senim_db_bytes": db_bytes(&big_dir.join(senim_vault::DB_FILE)),
                    "senim_storage": big_storage,
                    "baseline_db_bytes": db_bytes(&big_plain_dir.join(Plain::FILE)),
                },
            }),
        ),
    );

    // Context: the same searches at ten times the size (no target).
    progress.say(format!("search over {} notes (context)", sizes.big));
    let mut v = Vault::open(&big_dir, None)?;
    v.unlock(PASSCODE)?;
    let p = Plain::open(&big_plain_dir)?;
    let mut rows = Vec::new();
    for (label, q) in queries {
        let (mut vt, mut pt) = (Vec::new(), Vec::new());
        let (mut vh, mut ph) = (0, 0);
        for _ in 0..3 {
            let (h, t) = time(|| search(&v, q))?;
            vh = h;
            vt.push(t);
            let (h, t) = time(|| Ok(p.search(q)?.len()))?;
            ph = h;
            pt.push(t);
        }
        let (vm, pm) = (median(&vt), median(&pt));
        progress.say(format!(
            "  {label:<15} {q:<22} senim {vm:>8.2} ms ({vh} hits)  baseline {pm:>8.2} ms ({ph} hits)"
        ));
        rows.push(merge(
            comparison(vm, pm, None, None),
            json!({ "query": q, "kind": label, "senim_hits": vh, "baseline_hits": ph }),
        ));
    }
    measurements.insert(
        "search_100k_context".into(),
        json!({ "records": sizes.big, "page": PAGE, "repeats": 3, "queries": rows }),
    );
    let audit_entries = v
        .info()?
        .audit_entries
        .ok_or("the counts need an unlocked vault")?;
    drop(v);
    drop(p);

    let met: serde_json::Map<String, Json> = measurements
        .iter()
        .filter_map(|(k, m)| {
            m.get("met")
                .filter(|v| !v.is_null())
                .map(|v| (k.clone(), v.clone()))
        })
        .collect();
    let report = json!({
        "bench": "senim-vault vs plain rusqlite JSON",
        "at": Utc::now().to_rfc3339(),
        "quick": quick,
        "machine": machine(&base, profile),
        "notes": {
            "records": sizes.notes,
            "words_min": words.iter().min(),
            "words_median": median(&words.iter().map(|&w| w as f64).collect::<Vec<_>>()),
            "words_max": words.iter().max(),
            "storage_after_updates": small_storage,
        },
        "baseline": "rusqlite (bundled SQLite), one table (seq, id UNIQUE, kind, body JSON), WAL, synchronous=FULL",
        "measurements": measurements,
        "targets_met": met,
        "big_vault_audit_entries": audit_entries,
    });
    println!("{}", serde_json::to_string_pretty(&report)?);
    progress.say("done");
    Ok(())
}
