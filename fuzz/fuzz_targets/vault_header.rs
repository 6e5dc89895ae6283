//! Vault headers: a real vault whose `header` row holds fuzzer-chosen values, then
//! `Vault::inspect`, `Vault::open`, `info` and (when the KDF parameters are cheap)
//! `unlock`, which reads the header again and applies the failed-attempt delay.
//!
//! There is no bytes-level header decoder (`Header::read` takes a SQLite connection and
//! is crate-private), so the target writes the input into a vault directory. A template
//! vault (fast test KDF, passcode `PASSCODE`) is created once; a run edits its `header`
//! values in place with CHECK constraints ignored, so it can store any SQLite value
//! (NULL, integer, real, text, blob) that the typed columns admit, as a hand-edited file
//! could (a changed schema is refused whole at open: `tests/tests/hostile_input.rs`). Each
//! run copies the template to a per-process directory in /dev/shm (or the temp dir),
//! `senim-fuzz-vault-header-*`, applies the input and opens it. libFuzzer exits without
//! removing that directory: `rm -r /dev/shm/senim-fuzz-vault-header-*` after fuzzing.
//!
//! Input: a flags byte, then operations until the input ends.
//! - flags: bit 0 applies the operations to the decoy's header too (`senim-2.db`,
//!   read by unlock); bit 1 unlocks with a wrong passcode first; bit 2 unlocks with
//!   the right passcode.
//! - operation byte `o`, by `o % 32`: 0-12 sets column `o` (see `COLUMNS`) to the value
//!   that follows; 13 deletes the row; 14 duplicates it; 15 does nothing; 16-31 set a
//!   column the current schema has besides `COLUMNS` (added by later migrations, in
//!   table order, `(o - 16) % count`), or do nothing when there is none.
//! - value: tag byte `t`, by `t % 6`: 0 NULL; 1 integer (8 bytes, little endian, zero
//!   padded); 2 small integer (1 byte, signed); 3 real (8 bytes); 4 text (length byte,
//!   then that many bytes, lossy UTF-8); 5 blob (length byte, then bytes).
#![no_main]
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use rusqlite::Connection;
use rusqlite::types::Value;
use senim_vault::{DB_FILE, DECOY_FILE};
use senim_vault::{CreateOptions, KdfParams, Vault};

const PASSCODE: &[u8] = b"fuzz passcode 1";
const COLUMNS: [&str; 13] = [
    "id",
    "format",
    "vault_id",
    "device_id",
    "kdf_m_kib",
    "kdf_t",
    "kdf_p",
    "salt",
    "uses_keystore",
    "wrapped_master",
    "failed_attempts",
    "last_failure_at",
    "audit_head",
];

/// The template vault's two database files, and the directory runs use.
struct Setup {
    /// The header's columns besides `COLUMNS`, in table order.
    extra: Vec<String>,
    real: Vec<u8>,
    decoy: Vec<u8>,
    run_dir: PathBuf,
    _keep: tempfile::TempDir,
}

/// The header's columns besides `COLUMNS` (those later migrations added). The table
/// keeps the vault's own schema: a file whose schema was changed is refused whole at
/// open, so values are edited in place instead, CHECK constraints ignored (`apply`).
fn extra_columns(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let all: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('header') ORDER BY cid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for c in COLUMNS {
        assert!(all.iter().any(|a| a == c), "the header has no column {c}");
    }
    all.into_iter()
        .filter(|a| !COLUMNS.contains(&a.as_str()))
        .collect()
}

static SETUP: LazyLock<Setup> = LazyLock::new(|| {
    // libFuzzer exits without dropping statics, so the directory stays behind (a few
    // hundred KB per fuzzing process): named so it can be found and removed.
    let shm = Path::new("/dev/shm");
    let parent = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let base = tempfile::Builder::new()
        .prefix("senim-fuzz-vault-header-")
        .tempdir_in(parent)
        .unwrap();
    let template = base.path().join("template");
    let mut vault = Vault::create(
        &template,
        PASSCODE,
        CreateOptions::insecure_fast_for_tests(),
    )
    .unwrap();
    vault.lock().unwrap();
    drop(vault);
    let extra = extra_columns(&template.join(DB_FILE));
    assert_eq!(extra_columns(&template.join(DECOY_FILE)), extra);
    // The template still opens and unlocks.
    let mut vault = Vault::open(&template, None).unwrap();
    vault.unlock(PASSCODE).unwrap();
    drop(vault);
    // Back to a rollback journal: everything is in the main files, which are copied.
    for f in [DB_FILE, DECOY_FILE] {
        let conn = Connection::open(template.join(f)).unwrap();
        conn.execute_batch("PRAGMA journal_mode = DELETE;").unwrap();
    }
    Setup {
        extra,
        real: std::fs::read(template.join(DB_FILE)).unwrap(),
        decoy: std::fs::read(template.join(DECOY_FILE)).unwrap(),
        run_dir: base.path().join("run"),
        _keep: base,
    }
});

/// Reads the input bytes in order; past the end, zeros.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }

    fn array8(&mut self) -> [u8; 8] {
        let mut out = [0; 8];
        for b in &mut out {
            *b = self.byte().unwrap_or(0);
        }
        out
    }

    fn bytes(&mut self) -> Vec<u8> {
        let n = usize::from(self.byte().unwrap_or(0)).min(self.0.len());
        let (taken, rest) = self.0.split_at(n);
        self.0 = rest;
        taken.to_vec()
    }

    fn value(&mut self) -> Value {
        match self.byte().unwrap_or(0) % 6 {
            0 => Value::Null,
            1 => Value::Integer(i64::from_le_bytes(self.array8())),
            2 => Value::Integer(i64::from(self.byte().unwrap_or(0) as i8)),
            3 => Value::Real(f64::from_le_bytes(self.array8())),
            4 => Value::Text(String::from_utf8_lossy(&self.bytes()).into_owned()),
            _ => Value::Blob(self.bytes()),
        }
    }
}

fn apply(path: &Path, extra: &[String], ops: &[u8]) {
    let mut conn = Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA ignore_check_constraints = ON;")
        .unwrap();
    let tx = conn.transaction().unwrap();
    let rest = COLUMNS[1..]
        .iter()
        .map(|c| c.to_string())
        .chain(extra.iter().cloned())
        .collect::<Vec<_>>()
        .join(", ");
    let mut input = Reader(ops);
    let set = |column: &str, value: Value| {
        tx.execute(&format!("UPDATE header SET {column} = ?1"), [value])
    };
    while let Some(op) = input.byte() {
        let _ = match usize::from(op % 32) {
            c @ 0..=12 => set(COLUMNS[c], input.value()),
            c @ 16.. if !extra.is_empty() => set(&extra[(c - 16) % extra.len()], input.value()),
            13 => tx.execute("DELETE FROM header", []),
            14 => tx.execute(
                &format!(
                    "INSERT INTO header (id, {rest})
                     SELECT id + 1, {rest} FROM header ORDER BY rowid LIMIT 1"
                ),
                [],
            ),
            _ => Ok(0),
        };
    }
    tx.commit().unwrap();
}

/// Whether unlocking would run Argon2 with real (slow) parameters: the real header's
/// KDF columns hold integers that pass `KdfParams::check` and are not the test ones.
fn expensive_kdf(path: &Path) -> bool {
    let conn = Connection::open(path).unwrap();
    let row = conn.query_row(
        "SELECT kdf_m_kib, kdf_t, kdf_p FROM header WHERE id = 1",
        [],
        |r| {
            Ok((
                r.get::<_, u32>(0)?,
                r.get::<_, u32>(1)?,
                r.get::<_, u32>(2)?,
            ))
        },
    );
    match row {
        Ok((m_cost_kib, t_cost, p_cost)) => {
            let params = KdfParams {
                m_cost_kib,
                t_cost,
                p_cost,
            };
            params != KdfParams::INSECURE_FAST_FOR_TESTS && params.check().is_ok()
        }
        Err(_) => false,
    }
}

fuzz_target!(|data: &[u8]| {
    let setup = &*SETUP;
    let dir = &setup.run_dir;
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let real = dir.join(DB_FILE);
    let decoy = dir.join(DECOY_FILE);
    std::fs::write(&real, &setup.real).unwrap();
    std::fs::write(&decoy, &setup.decoy).unwrap();

    let (flags, ops) = data.split_first().map_or((0, &[][..]), |(f, o)| (*f, o));
    apply(&real, &setup.extra, ops);
    if flags & 1 != 0 {
        apply(&decoy, &setup.extra, ops);
    }
    let unlock = flags & 6 != 0 && !expensive_kdf(&real);

    let _ = Vault::inspect(dir);
    if let Ok(mut vault) = Vault::open(dir, None) {
        let _ = vault.info();
        let _ = vault.vault_id();
        let _ = vault.is_demo();
        if unlock {
            if flags & 2 != 0 {
                let _ = vault.unlock(b"not the passcode");
            }
            if flags & 4 != 0 && vault.unlock(PASSCODE).is_ok() {
                let _ = vault.info();
                let _ = vault.lock();
            }
        }
    }
});
