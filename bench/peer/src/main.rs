//! The vault against its peer: SQLCipher with an FTS5 index, the store a mobile app
//! would otherwise pick (one table of notes as JSON, an external-content FTS5 index over
//! their text and place, a raw 256-bit key so no KDF runs after the passcode's), with
//! the vault's durability settings: WAL, `synchronous = FULL`, `secure_delete`, and
//! FTS5's own `secure-delete`.
//!
//! Both stores are built and measured in one run, alternately, over the same notes:
//! insert one at a time (one transaction each), update, open + first page of 50 at the
//! big size (after the KDF), search (the slowest of a fixed set of queries) at both
//! sizes, and the disk the big stores take. Prints one JSON object to stdout (each
//! figure, the peer's, the ratio and the target) and progress to stderr. It
//! asserts nothing about time.
//!
//! Run from this directory (its `.cargo/config.toml` keeps FTS5 in the SQLite build):
//! `cargo run --release --locked` (10,000 and 100,000 notes) or
//! `cargo run --release --locked -- --quick` (1,000 and 5,000). `SENIM_BENCH_DIR`
//! chooses where the stores live (default: the temp dir; use a real disk).

use std::path::Path;
use std::time::Instant;

use chrono::Utc;
use rusqlite::{Connection, params};
use senim_protocol::team::{Retention, TeamPolicy};
use senim_records::{PageRequest, RecordBody, RecordFilter, RecordId, RecordKind};
use senim_vault::{CreateOptions, Vault};
use serde_json::{Value as Json, json};

#[path = "../../../core/vault/benches/support/notes.rs"]
mod notes;

#[path = "../../../core/vault/benches/support/measure.rs"]
mod measure;

use measure::*;
use notes::{Rng, note};

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
    big: 5_000,
    chunk: 1_000,
    updates: 100,
    repeats: 3,
};

/// The peer's raw key (`PRAGMA key = "x'…'"`): SQLCipher uses it as the page key as it
/// is, with no PBKDF2, as an app deriving it from its own passcode KDF would.
const PEER_KEY: &str = "5e41a2026c1f3e5d7b9a0c2e4f6a8b0d1c3e5f7a9b0d2c4e6f8a0b1c3d5e7f90";

// ---- the peer: SQLCipher + FTS5 ---------------------------------------------------------

struct Peer {
    conn: Connection,
}

impl Peer {
    const FILE: &str = "peer.db";

    fn open(dir: &Path) -> BenchResult<Peer> {
        let conn = Connection::open(dir.join(Self::FILE))?;
        conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", PEER_KEY))?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err("the peer refused WAL".into());
        }
        conn.execute_batch("PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;")?;
        Ok(Peer { conn })
    }

    fn create(dir: &Path) -> BenchResult<Peer> {
        let peer = Peer::open(dir)?;
        let version: String = peer
            .conn
            .query_row("PRAGMA cipher_version", [], |r| r.get(0))?;
        if version.is_empty() {
            return Err("the peer's SQLite is not SQLCipher".into());
        }
        peer.conn.execute_batch(
            "CREATE TABLE notes (
                 id     INTEGER PRIMARY KEY,
                 uid    BLOB NOT NULL UNIQUE,
                 kind   TEXT NOT NULL,
                 body   TEXT NOT NULL,
                 search TEXT NOT NULL
             );
             CREATE VIRTUAL TABLE notes_fts USING fts5(
                 search, content = 'notes', content_rowid = 'id',
                 tokenize = 'unicode61 remove_diacritics 0'
             );
             INSERT INTO notes_fts (notes_fts, rank) VALUES ('secure-delete', 1);
             CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
                 INSERT INTO notes_fts (rowid, search) VALUES (new.id, new.search);
             END;
             CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN
                 INSERT INTO notes_fts (notes_fts, rowid, search)
                     VALUES ('delete', old.id, old.search);
             END;
             CREATE TRIGGER notes_au AFTER UPDATE ON notes BEGIN
                 INSERT INTO notes_fts (notes_fts, rowid, search)
                     VALUES ('delete', old.id, old.search);
                 INSERT INTO notes_fts (rowid, search) VALUES (new.id, new.search);
             END;",
        )?;
        Ok(peer)
    }

    fn version(&self) -> BenchResult<(String, String)> {
        Ok((
            self.conn
                .query_row("PRAGMA cipher_version", [], |r| r.get(0))?,
            self.conn
                .query_row("SELECT sqlite_version()", [], |r| r.get(0))?,
        ))
    }

    fn insert(conn: &Connection, uid: &[u8; 16], body: &RecordBody) -> BenchResult<()> {
        conn.prepare_cached("INSERT INTO notes (uid, kind, body, search) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![
                &uid[..],
                body.kind().as_str(),
                serde_json::to_string(body)?,
                body.searchable_text().join("\n"),
            ])?;
        Ok(())
    }

    fn add(&self, uid: &[u8; 16], body: &RecordBody) -> BenchResult<()> {
        let tx = self.conn.unchecked_transaction()?;
        Self::insert(&tx, uid, body)?;
        tx.commit()?;
        Ok(())
    }

    fn add_many(&self, items: &[([u8; 16], RecordBody)]) -> BenchResult<()> {
        let tx = self.conn.unchecked_transaction()?;
        for (uid, body) in items {
            Self::insert(&tx, uid, body)?;
        }
        tx.commit()?;
        Ok(())
    }

    fn update(&self, uid: &[u8; 16], body: &RecordBody) -> BenchResult<()> {
        let tx = self.conn.unchecked_transaction()?;
        let n = tx
            .prepare_cached("UPDATE notes SET body = ?1, search = ?2 WHERE uid = ?3")?
            .execute(params![
                serde_json::to_string(body)?,
                body.searchable_text().join("\n"),
                &uid[..]
            ])?;
        tx.commit()?;
        if n != 1 {
            return Err("the peer's update missed its row".into());
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
            &format!("SELECT body FROM notes ORDER BY id DESC LIMIT {PAGE}"),
            &[],
        )
    }

    /// Every word as the prefix of a word of the note, as the vault searches: an FTS5
    /// prefix query per word, newest first.
    fn search(&self, query: &str) -> BenchResult<Vec<RecordBody>> {
        let q = query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| format!("\"{}\"*", w.to_lowercase()))
            .collect::<Vec<_>>()
            .join(" AND ");
        self.rows(
            &format!(
                "SELECT n.body FROM notes_fts f JOIN notes n ON n.id = f.rowid
                 WHERE notes_fts MATCH ?1 ORDER BY f.rowid DESC LIMIT {PAGE}"
            ),
            &[q],
        )
    }

    fn count(&self) -> BenchResult<i64> {
        Ok(self
            .conn
            .query_row("SELECT COUNT(*) FROM notes", [], |r| r.get(0))?)
    }
}

// ---- figures ----------------------------------------------------------------------------

/// One figure of both stores, their ratio and the target for it.
fn figure(senim: f64, peer: f64, unit: &str, at_most: f64) -> Json {
    let ratio = senim / peer;
    json!({
        format!("senim_{unit}"): round(senim),
        format!("peer_{unit}"): round(peer),
        "ratio": round(ratio),
        "target": format!("senim / peer at most {at_most}"),
        "met": ratio <= at_most,
    })
}

/// Bytes of every file in `dir` (the vault: its database, the decoy's, their WALs).
fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// Runs every query on both stores, alternately, `repeats` times each; returns the
/// slowest query's medians (Senim's and the peer's slowest, each) and the rows.
fn searches(
    vault: &Vault,
    peer: &Peer,
    repeats: usize,
    progress: &Progress,
) -> BenchResult<(f64, f64, Vec<Json>)> {
    let (mut worst_senim, mut worst_peer) = (0f64, 0f64);
    let mut rows = Vec::new();
    for (label, q) in QUERIES {
        let (mut st, mut pt) = (Vec::new(), Vec::new());
        let (mut sh, mut ph) = (0, 0);
        for r in 0..repeats {
            let mut senim_turn = || -> BenchResult<()> {
                let (h, t) = time(|| search(vault, q))?;
                sh = h;
                st.push(t);
                Ok(())
            };
            let mut peer_turn = || -> BenchResult<()> {
                let (h, t) = time(|| Ok(peer.search(q)?.len()))?;
                ph = h;
                pt.push(t);
                Ok(())
            };
            if r % 2 == 0 {
                senim_turn()?;
                peer_turn()?;
            } else {
                peer_turn()?;
                senim_turn()?;
            }
        }
        let (s, p) = (median(&st), median(&pt));
        worst_senim = worst_senim.max(s);
        worst_peer = worst_peer.max(p);
        progress.say(format!(
            "  {label:<15} {q:<22} senim {s:>8.2} ms ({sh} hits)  peer {p:>8.2} ms ({ph} hits)"
        ));
        rows.push(json!({
            "kind": label, "query": q,
            "senim_ms": round(s), "peer_ms": round(p), "ratio": round(s / p),
            "senim_hits": sh, "peer_hits": ph,
        }));
    }
    Ok((worst_senim, worst_peer, rows))
}

/// Pages through every record, as `senim report` does; returns how many there were.
fn every_record(vault: &Vault) -> BenchResult<usize> {
    let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
    let mut n = 0;
    loop {
        let got = vault.list(&RecordFilter::default(), &page)?;
        if !got.damaged.is_empty() {
            return Err("a record did not open".into());
        }
        n += got.records.len();
        match got.next {
            Some(next) => page.after = Some(next),
            None => return Ok(n),
        }
    }
}

fn main() -> BenchResult<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let sizes = if quick { &QUICK } else { &FULL };
    let base = match std::env::var_os("SENIM_BENCH_DIR") {
        Some(d) => std::path::PathBuf::from(d),
        None => std::env::temp_dir(),
    };
    let root = tempfile::Builder::new()
        .prefix("senim-peer-bench-")
        .tempdir_in(&base)?;
    let progress = Progress(Instant::now());
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    progress.say(format!(
        "senim vault vs SQLCipher + FTS5 ({profile}{}) in {}",
        if quick { ", quick" } else { "" },
        root.path().display()
    ));

    let mut rng = Rng(0x5e41_2026);
    let notes: Vec<RecordBody> = (0..sizes.notes).map(|_| note(&mut rng)).collect();
    let mut m = serde_json::Map::new();

    // ---- insert, one transaction each ---------------------------------------------------
    progress.say(format!(
        "insert: {} notes, one transaction each",
        sizes.notes
    ));
    let peer_dir = root.path().join("peer-small");
    std::fs::create_dir_all(&peer_dir)?;
    let peer = Peer::create(&peer_dir)?;
    let (cipher_version, sqlite_version) = peer.version()?;
    let peer_ids: Vec<[u8; 16]> = (0..sizes.notes).map(|_| rng.id()).collect();
    let vault = Vault::create(
        root.path().join("senim-small"),
        PASSCODE,
        CreateOptions::default(),
    )?;
    let mut ids: Vec<RecordId> = Vec::with_capacity(sizes.notes);
    let (mut senim, mut other) = (Side::default(), Side::default());
    interleaved(
        sizes.notes,
        BLOCK,
        &mut senim,
        &mut other,
        |side, i| {
            let body = notes[i].clone();
            // The block's last save also waits for what the saves left running beside
            // them (the decoy's writes), so a block's time is all its work.
            let last = (i + 1) % BLOCK == 0 || i + 1 == sizes.notes;
            ids.push(side.op(|| {
                let id = vault.add(body)?;
                if last {
                    vault.wait_for_background_writes();
                }
                Ok(id)
            })?);
            if (i + 1) % 2_000 == 0 {
                progress.say(format!("  {} / {}", i + 1, sizes.notes));
            }
            Ok(())
        },
        |side, i| side.op(|| peer.add(&peer_ids[i], &notes[i])),
    )?;
    progress.say(format!(
        "  senim {:.0} ms, peer {:.0} ms",
        senim.total_ms(),
        other.total_ms()
    ));
    m.insert(
        "insert_one_per_transaction".into(),
        merge(
            figure(senim.total_ms(), other.total_ms(), "ms", 1.0),
            json!({
                "records": sizes.notes,
                "senim_per_record": latencies(&senim.lat),
                "peer_per_record": latencies(&other.lat),
                "senim_written_kib_per_record": senim.kib_per_op(),
                "peer_written_kib_per_record": other.kib_per_op(),
            }),
        ),
    );

    // ---- update, one transaction each ---------------------------------------------------
    progress.say(format!(
        "update: {} notes, one transaction each",
        sizes.updates
    ));
    let step = sizes.notes / sizes.updates;
    let picks: Vec<usize> = (0..sizes.updates).map(|i| i * step).collect();
    let edits: Vec<RecordBody> = picks.iter().map(|&i| edited(&notes[i])).collect();
    let (mut senim, mut other) = (Side::default(), Side::default());
    interleaved(
        sizes.updates,
        BLOCK / 5,
        &mut senim,
        &mut other,
        |side, k| {
            let body = edits[k].clone();
            let last = (k + 1) % (BLOCK / 5) == 0 || k + 1 == sizes.updates;
            let changed = side.op(|| {
                let changed = vault.update(ids[picks[k]], body)?;
                if last {
                    vault.wait_for_background_writes();
                }
                Ok(changed)
            })?;
            if changed.is_empty() {
                return Err("an update changed nothing".into());
            }
            Ok(())
        },
        |side, k| side.op(|| peer.update(&peer_ids[picks[k]], &edits[k])),
    )?;
    progress.say(format!(
        "  senim {:.0} ms, peer {:.0} ms",
        senim.total_ms(),
        other.total_ms()
    ));
    m.insert(
        "update_one_per_transaction".into(),
        merge(
            figure(senim.total_ms(), other.total_ms(), "ms", 1.0),
            json!({
                "records": sizes.updates,
                "senim_per_record": latencies(&senim.lat),
                "peer_per_record": latencies(&other.lat),
                "senim_written_kib_per_record": senim.kib_per_op(),
                "peer_written_kib_per_record": other.kib_per_op(),
            }),
        ),
    );

    // ---- search over the small stores ---------------------------------------------------
    progress.say(format!("search over {} notes", sizes.notes));
    let (s, p, rows) = searches(&vault, &peer, sizes.repeats, &progress)?;
    m.insert(
        "search_small_slowest_query".into(),
        merge(
            figure(s, p, "ms", 2.0),
            json!({ "records": sizes.notes, "repeats": sizes.repeats, "queries": rows }),
        ),
    );
    drop(vault);
    drop(peer);

    // ---- the big stores (built in alternating chunks, untimed) --------------------------
    progress.say(format!(
        "setup: {} notes each in chunks of {} (not timed)",
        sizes.big, sizes.chunk
    ));
    let big_dir = root.path().join("senim-big");
    let big_peer_dir = root.path().join("peer-big");
    std::fs::create_dir_all(&big_peer_dir)?;
    let mut big_rng = Rng(0xb16_2026);
    {
        let vault = Vault::create(&big_dir, PASSCODE, CreateOptions::default())?;
        let peer = Peer::create(&big_peer_dir)?;
        let mut done = 0;
        while done < sizes.big {
            let n = sizes.chunk.min(sizes.big - done);
            let chunk: Vec<([u8; 16], RecordBody)> =
                (0..n).map(|_| (big_rng.id(), note(&mut big_rng))).collect();
            peer.add_many(&chunk)?;
            vault.add_many(chunk.into_iter().map(|(_, b)| b).collect())?;
            done += n;
            progress.say(format!("  {done} / {}", sizes.big));
        }
        if peer.count()? != sizes.big as i64 {
            return Err("the peer lost rows".into());
        }
    }

    // ---- open + first page, after the KDF -----------------------------------------------
    progress.say(format!(
        "open + first page of {PAGE} at {}, {} times",
        sizes.big, sizes.repeats
    ));
    let (mut open, mut unlock, mut page) = (vec![], vec![], vec![]);
    let (mut p_open, mut p_page) = (vec![], vec![]);
    for r in 0..sizes.repeats {
        let mut senim_turn = || -> BenchResult<()> {
            let (mut v, t) = time(|| Ok(Vault::open(&big_dir, None)?))?;
            open.push(t);
            let ((), t) = time(|| Ok(v.unlock(PASSCODE)?))?;
            unlock.push(t);
            let (_, t) = time(|| first_page(&v))?;
            page.push(t);
            Ok(())
        };
        let mut peer_turn = || -> BenchResult<()> {
            let (p, t) = time(|| Peer::open(&big_peer_dir))?;
            p_open.push(t);
            let (rows, t) = time(|| p.first_page())?;
            if rows.len() != PAGE {
                return Err("the peer's first page is not a full page".into());
            }
            p_page.push(t);
            Ok(())
        };
        if r % 2 == 0 {
            senim_turn()?;
            peer_turn()?;
        } else {
            peer_turn()?;
            senim_turn()?;
        }
    }
    let senim_after_kdf = median(&open) + median(&page);
    let peer_open_page = median(&p_open) + median(&p_page);
    progress.say(format!(
        "  senim {senim_after_kdf:.2} ms (unlock {:.0}), peer {peer_open_page:.2} ms",
        median(&unlock)
    ));
    m.insert(
        "open_and_first_page_big_after_kdf".into(),
        merge(
            figure(senim_after_kdf, peer_open_page, "ms", 2.0),
            json!({
                "records": sizes.big,
                "repeats": sizes.repeats,
                "senim_open_ms": round(median(&open)),
                "senim_first_page_ms": round(median(&page)),
                "senim_unlock_ms": round(median(&unlock)),
                "peer_open_ms": round(median(&p_open)),
                "peer_first_page_ms": round(median(&p_page)),
            }),
        ),
    );

    // ---- what a report and the retention scan read --------------------------------------
    progress.say(format!(
        "every record, and the retention scan, at {}",
        sizes.big
    ));
    let mut v = Vault::open(&big_dir, None)?;
    v.unlock(PASSCODE)?;
    let p = Peer::open(&big_peer_dir)?;
    let library = senim_content::Library::bundled()?;
    let (mut s_all, mut p_all, mut s_retention, mut s_report) = (vec![], vec![], vec![], vec![]);
    let policy = TeamPolicy {
        retention: vec![Retention {
            kind: RecordKind::OutreachNote,
            days: 30,
        }],
        ..TeamPolicy::default()
    };
    for _ in 0..3 {
        let (n, t) = time(|| every_record(&v))?;
        if n != sizes.big {
            return Err(format!("the vault listed {n} records").into());
        }
        s_all.push(t);
        let (n, t) = time(|| {
            Ok(p.rows("SELECT body FROM notes ORDER BY id DESC", &[])?
                .len())
        })?;
        if n != sizes.big {
            return Err(format!("the peer read {n} records").into());
        }
        p_all.push(t);
        let (_, t) = time(|| Ok(v.expired_records(&policy, Utc::now())?))?;
        s_retention.push(t);
        let (report, t) = time(|| {
            Ok(senim_report::Report::build(
                &v,
                &library,
                &senim_report::ReportOptions::default(),
            )?)
        })?;
        if report.unreadable != 0 {
            return Err("the report found unreadable records".into());
        }
        s_report.push(t);
    }
    progress.say(format!(
        "  every record: senim {:.0} ms, peer {:.0} ms; retention scan: senim {:.0} ms; report: senim {:.0} ms",
        median(&s_all),
        median(&p_all),
        median(&s_retention),
        median(&s_report)
    ));
    m.insert(
        "every_record_big".into(),
        json!({
            "records": sizes.big,
            "what": "every record read: Vault::list, pages of the largest size, vs SELECT body of every row and parse (what a report read before it counted from the facts)",
            "senim_ms": round(median(&s_all)),
            "peer_ms": round(median(&p_all)),
            "ratio": round(median(&s_all) / median(&p_all)),
            "target": "context only",
        }),
    );
    m.insert(
        "report_big".into(),
        json!({
            "records": sizes.big,
            "what": "senim report's work: Report::build over the whole vault, every table, default options; no peer figure",
            "senim_ms": round(median(&s_report)),
            "target": "senim under 1000 ms",
            "met": median(&s_report) < 1000.0,
        }),
    );
    m.insert(
        "retention_scan_big".into(),
        json!({
            "records": sizes.big,
            "what": "Vault::expired_records with a 30-day rule for notes (the lead's 12-hourly scan); no peer figure",
            "senim_ms": round(median(&s_retention)),
            "target": "senim under 1000 ms",
            "met": median(&s_retention) < 1000.0,
        }),
    );

    // ---- search over the big stores -----------------------------------------------------
    progress.say(format!("search over {} notes", sizes.big));
    let (s, pk, rows) = searches(&v, &p, sizes.repeats.min(5), &progress)?;
    m.insert(
        "search_big_slowest_query".into(),
        merge(
            figure(s, pk, "ms", 2.0),
            json!({ "records": sizes.big, "repeats": sizes.repeats.min(5), "queries": rows }),
        ),
    );
    drop(v);
    drop(p);

    // ---- disk ---------------------------------------------------------------------------
    let senim_dir = dir_bytes(&big_dir);
    let peer_disk = db_bytes(&big_peer_dir.join(Peer::FILE));
    m.insert(
        "disk_big".into(),
        merge(
            figure(senim_dir as f64, peer_disk as f64, "bytes", 1.2),
            json!({
                "records": sizes.big,
                "senim": "every file of the vault's directory: its database and the decoy's, with their WALs",
                "senim_database_bytes": db_bytes(&big_dir.join(senim_vault::DB_FILE)),
            }),
        ),
    );

    let met: serde_json::Map<String, Json> = m
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), v.get("met")?.clone())))
        .collect();
    let report = json!({
        "bench": "senim-vault vs SQLCipher + FTS5",
        "at": Utc::now().to_rfc3339(),
        "quick": quick,
        "machine": machine(&base, profile),
        "peer": format!("SQLCipher {cipher_version} on SQLite {sqlite_version}: one table (id, uid UNIQUE, kind, body JSON, search text) and an external-content FTS5 index (unicode61, secure-delete) over the text and place; raw key; WAL, synchronous=FULL, secure_delete"),
        "sizes": { "small": sizes.notes, "big": sizes.big, "updates": sizes.updates },
        "measurements": m,
        "targets_met": met,
    });
    println!("{}", serde_json::to_string_pretty(&report)?);
    progress.say("done");
    Ok(())
}
