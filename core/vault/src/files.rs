//! The vault's files: the private directory and files it creates (owner-only), the
//! SQLite connection with the vault's pragmas, and removing a database with its
//! journals. It never reads or writes a record.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::{Error, Result};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    Create,
    ReadWrite,
    ReadOnly,
}

/// How long a connection waits for another's lock on its database before it fails.
pub(crate) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

pub(crate) fn connect(path: &Path, access: Access) -> Result<Connection> {
    configure(open(path, access)?, access)
}

/// A connection to the page-encrypted database at `path` (ADR 0033): the page key is
/// given before anything is read, then checked by reading the schema, so a wrong key
/// is a typed error here and not a failure on some later statement.
pub(crate) fn connect_keyed(
    path: &Path,
    access: Access,
    page_key: &senim_crypto::SecretKey,
) -> Result<Connection> {
    let conn = open(path, access)?;
    crate::pages::apply_key(&conn, page_key)?;
    configure(conn, access)
}

fn open(path: &Path, access: Access) -> Result<Connection> {
    sqlcipher_ready();
    let flags = OpenFlags::SQLITE_OPEN_NO_MUTEX
        | match access {
            Access::Create => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            Access::ReadWrite => OpenFlags::SQLITE_OPEN_READ_WRITE,
            Access::ReadOnly => OpenFlags::SQLITE_OPEN_READ_ONLY,
        };
    Ok(Connection::open_with_flags(path, flags)?)
}

/// Waits, once per process, until SQLCipher is initialised. SQLite marks itself
/// initialised before it runs SQLCipher's own initialisation (`SQLITE_EXTRA_INIT`),
/// outside its lock, so a connection opened on another thread in that window found
/// SQLCipher not ready and its `PRAGMA key` failed ("An error occurred with PRAGMA key
/// or rekey"): 4 processes in 200 whose first eight connections opened at once, and a
/// vault test now and then in CI. The first connection the vault opens is an
/// in-memory one, keyed (no key derivation runs until a page is read), tried until
/// the key is taken; every other caller waits here meanwhile.
fn sqlcipher_ready() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        for _ in 0..1000 {
            let keyed = Connection::open_in_memory()
                .and_then(|c| c.execute_batch("PRAGMA key = 'senim: is SQLCipher ready';"));
            if keyed.is_ok() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    });
}

fn configure(conn: Connection, access: Access) -> Result<Connection> {
    // Triggers, views and defaults in the file may not call functions with side
    // effects or virtual tables: the schema is not trusted (and is checked at open).
    conn.execute_batch("PRAGMA trusted_schema = OFF;")?;
    // Stable query plans: without, SQLite marks a statement whose plan may depend on a
    // bound value (a LIMIT, a term a partial index could use, a LIKE pattern) to be
    // compiled again whenever that value is bound, and the statements a record read runs
    // were compiled again at every record (15 % of a listing in a profile).
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    if access == Access::ReadOnly {
        return Ok(conn);
    }
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Storage(
            "the database refused write-ahead logging".into(),
        ));
    }
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA secure_delete = ON;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;",
    )?;
    Ok(conn)
}

/// Creates `dir` (and parents) readable by its owner only (0700 on Unix). An existing
/// directory is left as it is. Used for vaults, key stores and opened handoff files.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Creates an empty file readable by its owner only; SQLite gives its WAL and shared
/// memory files the same permissions.
pub(crate) fn create_private_file(path: &Path) -> Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)?;
    Ok(())
}

pub(crate) fn remove_db_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Copies the write-ahead log into the database and empties it (best effort: a
/// connection reading elsewhere leaves it as it is). Every unlock does this to both
/// files, so earlier header pages (an older wrapped key) do not linger in the log, and
/// so an unlock does the same work whichever passcode opened it (ADR 0016): a duress
/// unlock in "destroy" mode does it while shredding.
pub(crate) fn empty_log(conn: &Connection) {
    let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    trace(conn, "log emptied");
}

/// Notes a write step on the header file at `path`, as [`trace`] does on a database.
pub(crate) fn trace_file(path: &Path, step: &str) {
    #[cfg(test)]
    TRACE.with(|t| {
        if let Some(steps) = t.borrow_mut().as_mut() {
            let file = match path.file_name().and_then(|n| n.to_str()) {
                Some(crate::header_state::DECOY_HEADER_FILE) => "decoy",
                Some(crate::header_state::HEADER_FILE) => "real",
                _ => "other",
            };
            steps.push(format!("{step} ({file})"));
        }
    });
    #[cfg(not(test))]
    let _ = (path, step);
}

#[cfg(test)]
thread_local! {
    /// The write steps this thread's vault calls took, while a test collects them.
    pub(crate) static TRACE: std::cell::RefCell<Option<Vec<String>>> =
        const { std::cell::RefCell::new(None) };
}

/// Notes a write step on `conn` for the tests that compare what the unlock paths do
/// (ADR 0016): nothing outside tests.
pub(crate) fn trace(conn: &Connection, step: &str) {
    #[cfg(test)]
    TRACE.with(|t| {
        if let Some(steps) = t.borrow_mut().as_mut() {
            let file = match conn.path() {
                Some(p) if p.ends_with(crate::DECOY_FILE) => "decoy",
                Some(p) if p.ends_with(crate::DB_FILE) => "real",
                _ => "other",
            };
            steps.push(format!("{step} ({file})"));
        }
    });
    #[cfg(not(test))]
    let _ = (conn, step);
}

/// Overwrites the whole of `file`, from its start, with random bytes, and syncs it: a
/// file replaced by a rename, overwritten through a handle opened before, is not left in
/// blocks the file system only freed.
pub(crate) fn overwrite_in_place(file: &mut std::fs::File) -> std::io::Result<()> {
    use std::io::{Seek, SeekFrom, Write};
    let mut left = file.metadata()?.len();
    let mut chunk = vec![0u8; (64 * 1024).min(left.max(1) as usize)];
    file.seek(SeekFrom::Start(0))?;
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        senim_crypto::fill_random(&mut chunk[..n])
            .map_err(|_| std::io::Error::other("the random source failed"))?;
        file.write_all(&chunk[..n])?;
        left -= n as u64;
    }
    file.sync_all()
}
