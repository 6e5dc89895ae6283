//! Helpers shared by the end-to-end scenarios: a vault with the fast test KDF, record
//! bodies, raw access to the database file for tampering, and a little randomness.
//!
//! Every test file includes this module and uses only part of it.
#![allow(
    dead_code,
    reason = "every test file includes this module and uses only part of it"
)]

use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};

use chrono::Utc;
use senim_records::{OutreachNote, PageRequest, RecordBody, RecordFilter};
use senim_vault::{CreateOptions, Vault};

/// The harness's name for test `name` of the module `module` (its `module_path!()`):
/// the module path without the crate's name, as `--exact` wants it when a test starts
/// its own binary again to run one ignored test as a child process.
pub fn test_name(module: &str, name: &str) -> String {
    match module.split_once("::") {
        Some((_, path)) => format!("{path}::{name}"),
        None => name.to_string(),
    }
}

/// The passcode of every test vault.
pub const PASSCODE: &[u8] = b"correct horse 1";
/// A passcode that does not open the test vaults.
pub const WRONG_PASSCODE: &[u8] = b"wrong horse 2";

/// A new, unlocked vault with the fast (insecure) test KDF.
pub fn create_vault(dir: &Path) -> Vault {
    Vault::create(dir, PASSCODE, CreateOptions::insecure_fast_for_tests())
        .expect("create a test vault")
}

/// Opens the vault in `dir` (no key store) and unlocks it with [`PASSCODE`].
pub fn open_unlocked(dir: &Path) -> Vault {
    let mut vault = Vault::open(dir, None).expect("open the vault");
    vault.unlock(PASSCODE).expect("unlock the vault");
    vault
}

/// Locks the vault and closes its database.
pub fn lock_and_close(mut vault: Vault) {
    vault.lock().expect("lock the vault");
    drop(vault);
}

/// An outreach note with `text` and nothing else.
pub fn note(text: &str) -> RecordBody {
    RecordBody::OutreachNote(OutreachNote {
        text: text.to_string(),
        place: None,
        location: None,
        tags: vec![],
        at: Utc::now(),
        subject: None,
    })
}

/// The text of a note body (panics for any other kind).
pub fn note_text(body: &RecordBody) -> &str {
    match body {
        RecordBody::OutreachNote(n) => &n.text,
        other => panic!("expected a note, got {:?}", other.kind()),
    }
}

/// The database file of the vault in `dir`.
pub fn db_path(dir: &Path) -> PathBuf {
    dir.join("senim.db")
}

/// A sibling file of the database (`-wal`, `-shm`, `-journal`).
pub fn db_sidecar(dir: &Path, suffix: &str) -> PathBuf {
    dir.join(format!("senim.db{suffix}"))
}

/// Runs `f` on a raw SQLite connection to the vault's database (the vault must be
/// closed), the way someone holding the file and the passcode could edit it: its pages
/// are encrypted under a key derived from the master key (ADR 0033), so the connection
/// is keyed from [`PASSCODE`] through the header file, without counting an attempt.
pub fn with_raw_db<T>(dir: &Path, f: impl FnOnce(&rusqlite::Connection) -> T) -> T {
    let conn = senim_vault::testing::connect(dir, senim_vault::testing::Db::Real, PASSCODE)
        .expect("open the database's pages with the passcode");
    let out = f(&conn);
    conn.close().expect("close the raw connection");
    out
}

/// Every record in the vault (deleted ones included), through `list`, following pages.
/// Returns the records and the ids `list` reported as damaged.
pub fn list_all(vault: &Vault) -> (Vec<senim_records::Record>, Vec<senim_records::RecordId>) {
    let filter = RecordFilter {
        include_deleted: true,
        ..RecordFilter::default()
    };
    let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
    let mut records = Vec::new();
    let mut damaged = Vec::new();
    loop {
        let p = vault.list(&filter, &page).expect("list records");
        records.extend(p.records);
        damaged.extend(p.damaged);
        match p.next {
            Some(next) => page.after = Some(next),
            None => return (records, damaged),
        }
    }
}

/// A random 64-bit value from the standard library's per-process hash keys.
pub fn random_u64() -> u64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0),
    );
    h.finish()
}

/// A tiny deterministic generator (xorshift64*), so a failing run can be replayed
/// from its printed seed.
pub struct XorShift(u64);

impl XorShift {
    pub fn new(seed: u64) -> Self {
        XorShift(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform-ish in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }
}

/// Unique strings for one run. Each canary ends in a token that is unique to it; the
/// scan looks for the whole canary and for the token alone, so a lower-cased or
/// re-prefixed copy is caught too.
pub struct Canaries {
    run: u64,
    next: u32,
    /// Every canary made so far, and the tokens and variants to look for.
    pub needles: Vec<String>,
}

impl Default for Canaries {
    fn default() -> Self {
        Self::new()
    }
}

impl Canaries {
    pub fn new() -> Self {
        Canaries {
            run: random_u64(),
            next: 0,
            needles: Vec::new(),
        }
    }

    pub fn token(&mut self) -> String {
        self.next += 1;
        format!("{:016x}{:04x}", self.run, self.next)
    }

    /// `CANARY-<field>-<token>`.
    pub fn latin(&mut self, field: &str) -> String {
        let token = self.token();
        let c = format!("CANARY-{field}-{token}");
        self.needles.push(c.clone());
        self.needles.push(token);
        c
    }

    /// Lower case, as tags are stored after normalisation.
    pub fn lower(&mut self, field: &str) -> String {
        let token = self.token();
        let c = format!("canary-{field}-{token}");
        self.needles.push(c.clone());
        self.needles.push(token);
        c
    }

    /// A Cyrillic canary: `КАНАРЕЙКА-<поле>-<token>`.
    pub fn cyrillic(&mut self, field: &str) -> String {
        let token = self.token();
        let c = format!("КАНАРЕЙКА-{field}-{token}");
        self.needles.push(c.clone());
        // The Cyrillic part alone, with the token, in case the separator is dropped.
        self.needles.push(format!("КАНАРЕЙКА{token}"));
        self.needles.push(token);
        c
    }
}
