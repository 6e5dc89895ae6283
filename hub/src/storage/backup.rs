//! Backup and restore of the SQLite storage, and the lock that says a hub serves a data
//! directory: what `senim hub backup` and `senim hub restore` run.
//!
//! A backup is SQLite's online backup of the database (one consistent snapshot, taken
//! while the hub serves: readers never block the hub's writer in WAL mode), written
//! owner-only beside its target and renamed into place only after it passed
//! `quick_check`. A restore checks the file first (sound, the hub's own schema), refuses
//! while a hub holds the directory's lock, keeps the replaced database aside, and moves
//! the copy into place the same way.
//!
//! It never changes the database it copies, never overwrites a file the operator did
//! not ask it to replace, and never deletes a database: a replaced one is renamed.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::sqlite::{
    DATABASE_FILE, Integrity, MIGRATIONS, check_integrity, prepare_dir, prepare_file,
};
use crate::{HubError, Result};

/// The lock file a serving hub holds in its data directory.
pub const LOCK_FILE: &str = "hub.lock";

/// The tables every hub database has; a file without them is not a hub's.
const HUB_TABLES: [&str; 4] = ["teams", "memberships", "envelopes", "orders"];

/// How often a backup step is retried while the hub holds a lock it needs.
const BUSY_RETRIES: u32 = 600;
const BUSY_PAUSE: Duration = Duration::from_millis(50);

/// An exclusive lock on a data directory: held by a serving hub for its lifetime and
/// by a restore while it replaces the database. Released when dropped (or when the
/// process ends, however it ends).
#[derive(Debug)]
pub struct DataLock {
    _file: File,
}

impl DataLock {
    /// Takes the lock of `dir` (created 0700 when missing), or refuses when another
    /// process holds it.
    pub fn acquire(dir: &Path) -> Result<DataLock> {
        prepare_dir(dir)?;
        let path = dir.join(LOCK_FILE);
        prepare_file(&path)?;
        let file = fs::OpenOptions::new().write(true).open(path.as_path())?;
        match file.try_lock() {
            Ok(()) => Ok(DataLock { _file: file }),
            Err(fs::TryLockError::WouldBlock) => Err(HubError::Continuity(format!(
                "a hub serves the data directory {}: stop it first",
                dir.display()
            ))),
            Err(fs::TryLockError::Error(e)) => Err(e.into()),
        }
    }
}

/// What a backup or a restore copied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Copied {
    /// Teams the copy holds.
    pub teams: u64,
    /// Size of the copy in bytes.
    pub bytes: u64,
    /// Where a restore put the database it replaced (`None`: there was none, or this
    /// is a backup).
    pub replaced: Option<PathBuf>,
}

/// Copies the hub database in `data` to `to`, consistently even while a hub serves it.
/// `to` is made 0600; an existing `to` is replaced only with `force`. The copy is
/// checked with `quick_check` before it takes `to`'s place.
pub fn backup(data: &Path, to: &Path, force: bool) -> Result<Copied> {
    let source = data.join(DATABASE_FILE);
    if !source.is_file() {
        return Err(HubError::Continuity(format!(
            "there is no hub database in {}",
            data.display()
        )));
    }
    if to.exists() && !force {
        return Err(HubError::Continuity(format!(
            "{} exists: pass --force to replace it",
            to.display()
        )));
    }
    // Opened for reading and writing (a WAL database needs its shared memory) but
    // never written.
    let from = Connection::open_with_flags(
        &source,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    from.busy_timeout(Duration::from_secs(5))?;
    check_integrity(&from).map_err(|problem| match problem {
        Integrity::Damaged(finding) => HubError::Damaged {
            file: source.clone(),
            finding,
        },
        Integrity::Failed(e) => e,
    })?;
    let partial = sibling(to, "partial");
    let copied = copy_into(&from, &partial).and_then(|()| {
        let copied = inspect(&partial)?;
        fs::rename(&partial, to)?;
        sync_dir(to)?;
        Ok(copied)
    });
    if copied.is_err() {
        let _ = fs::remove_file(&partial);
    }
    copied
}

/// Replaces the hub database in `data` with the backup `from`, which must be a sound
/// hub database of a schema this hub reads. Refused while a hub serves `data`. The
/// database it replaces (with its write-ahead log) is renamed
/// `hub.sqlite3.replaced-<time>` in `data`, never deleted.
pub fn restore(from: &Path, data: &Path) -> Result<Copied> {
    if !from.is_file() {
        return Err(HubError::Continuity(format!(
            "{} is not a file",
            from.display()
        )));
    }
    let source = Connection::open_with_flags(
        from,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    source.busy_timeout(Duration::from_secs(5))?;
    check_backup(&source, from)?;
    let _lock = DataLock::acquire(data)?;
    let target = data.join(DATABASE_FILE);
    let partial = sibling(&target, "restoring");
    let result = copy_into(&source, &partial).and_then(|()| {
        let mut copied = inspect(&partial)?;
        copied.replaced = set_aside(&target)?;
        fs::rename(&partial, &target)?;
        sync_dir(&target)?;
        Ok(copied)
    });
    if result.is_err() {
        let _ = fs::remove_file(&partial);
    }
    result
}

/// Refuses a file that is damaged or is not a hub database this hub reads.
fn check_backup(conn: &Connection, path: &Path) -> Result<()> {
    let not_ours = || {
        HubError::Continuity(format!(
            "{} is not a backup of a hub database",
            path.display()
        ))
    };
    let mut magic = [0u8; 16];
    let is_sqlite = File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut magic))
        .is_ok()
        && &magic == b"SQLite format 3\0";
    if !is_sqlite {
        return Err(not_ours());
    }
    match check_integrity(conn) {
        Ok(()) => {}
        Err(Integrity::Damaged(finding)) => {
            return Err(HubError::Continuity(format!(
                "{} is damaged ({finding}): restore another backup",
                path.display()
            )));
        }
        Err(Integrity::Failed(_)) => return Err(not_ours()),
    }
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|_| not_ours())?;
    if version > MIGRATIONS.latest() {
        return Err(HubError::Continuity(format!(
            "{} is a database of schema version {version}, from a newer hub; this hub reads up to {}",
            path.display(),
            MIGRATIONS.latest()
        )));
    }
    for table in HUB_TABLES {
        let found: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .map_err(|_| not_ours())?;
        if found != 1 {
            return Err(not_ours());
        }
    }
    Ok(())
}

/// Copies `from` into a new owner-only file at `path` in one step of SQLite's online
/// backup (a consistent snapshot), as a single file (rollback journal, no WAL).
fn copy_into(from: &Connection, path: &Path) -> Result<()> {
    if path.exists() {
        // Left by a copy that was cut off: never a database anyone uses.
        fs::remove_file(path)?;
    }
    prepare_file(path)?;
    let mut to = Connection::open(path)?;
    {
        let backup = Backup::new(from, &mut to)?;
        let mut tries = 0;
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More | StepResult::Busy | StepResult::Locked
                    if tries < BUSY_RETRIES =>
                {
                    tries += 1;
                    std::thread::sleep(BUSY_PAUSE);
                }
                _ => {
                    return Err(HubError::Continuity(
                        "the database stayed locked: try again".into(),
                    ));
                }
            }
        }
    }
    let _mode: String = to.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    to.close().map_err(|(_, e)| HubError::from(e))?;
    File::open(path)?.sync_all()?;
    Ok(())
}

/// Checks a finished copy and says what it holds.
fn inspect(path: &Path) -> Result<Copied> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    check_integrity(&conn).map_err(|problem| match problem {
        Integrity::Damaged(finding) => HubError::Continuity(format!(
            "the copy failed its check ({finding}): nothing was replaced"
        )),
        Integrity::Failed(e) => e,
    })?;
    let teams: i64 = conn.query_row("SELECT COUNT(*) FROM teams", [], |r| r.get(0))?;
    drop(conn);
    Ok(Copied {
        teams: u64::try_from(teams).unwrap_or(0),
        bytes: fs::metadata(path)?.len(),
        replaced: None,
    })
}

/// Renames the database at `target` and its WAL and shared-memory files (when there
/// are any) to `<name>.replaced-<time>`; returns the database's new path.
fn set_aside(target: &Path) -> Result<Option<PathBuf>> {
    if !target.exists() {
        return Ok(None);
    }
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let aside = sibling_named(target, &format!("{DATABASE_FILE}.replaced-{stamp}"));
    for suffix in ["-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", target.display()));
        if file.exists() {
            fs::rename(&file, format!("{}{suffix}", aside.display()))?;
        }
    }
    fs::rename(target, &aside)?;
    Ok(Some(aside))
}

/// `.<name>.<what>` beside `path`.
fn sibling(path: &Path, what: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| DATABASE_FILE.into());
    sibling_named(path, &format!(".{name}.{what}"))
}

fn sibling_named(path: &Path, name: &str) -> PathBuf {
    match path.parent() {
        Some(dir) => dir.join(name),
        None => PathBuf::from(name),
    }
}

/// Makes a rename in `path`'s directory durable.
fn sync_dir(path: &Path) -> Result<()> {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    use senim_protocol::team::{DeviceId, TeamId};

    use super::*;
    use crate::storage::{HubStorage, SqliteStorage};

    const TEAM: TeamId = TeamId([1; 16]);
    const DEV: DeviceId = DeviceId([2; 16]);

    fn storage_with_envelopes(data: &Path, n: u64) -> SqliteStorage {
        let s = SqliteStorage::open(data).unwrap();
        s.create_team(TEAM, b"genesis").unwrap();
        for seq in 1..=n {
            s.append_envelope(TEAM, DEV, seq, 0, &[7; 512]).unwrap();
        }
        s
    }

    #[test]
    fn a_backup_taken_while_envelopes_are_appended_holds_a_whole_prefix_of_the_log() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let storage = Arc::new(storage_with_envelopes(&data, 50));
        let stop = Arc::new(AtomicBool::new(false));
        let writer = {
            let (storage, stop) = (storage.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut seq = 50;
                while !stop.load(Ordering::SeqCst) {
                    seq += 1;
                    storage
                        .append_envelope(TEAM, DEV, seq, 0, &[7; 512])
                        .unwrap();
                }
                seq
            })
        };
        let file = dir.path().join("copy");
        let copied = backup(&data, &file, false).unwrap();
        stop.store(true, Ordering::SeqCst);
        let written = writer.join().unwrap();
        assert_eq!(copied.teams, 1);

        let restored = dir.path().join("restored");
        restore(&file, &restored).unwrap();
        let s = SqliteStorage::open(&restored).unwrap();
        let held = s.last_seq(TEAM, DEV).unwrap();
        assert!((50..=written).contains(&held), "{held} of {written}");
        let envelopes = s.envelopes_after(TEAM, DEV, 0, usize::MAX).unwrap();
        assert_eq!(envelopes.len() as u64, held, "no hole in the copied log");
    }

    #[test]
    fn a_second_lock_on_a_data_directory_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let lock = DataLock::acquire(&data).unwrap();
        let refused = DataLock::acquire(&data).unwrap_err();
        assert!(
            refused
                .to_string()
                .contains("a hub serves the data directory"),
            "{refused}"
        );
        drop(lock);
        DataLock::acquire(&data).unwrap();
    }

    #[test]
    fn a_restore_into_a_locked_directory_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        drop(storage_with_envelopes(&data, 3));
        let file = dir.path().join("copy");
        backup(&data, &file, false).unwrap();
        let other = dir.path().join("other");
        drop(storage_with_envelopes(&other, 5));
        let _serving = DataLock::acquire(&other).unwrap();
        assert!(restore(&file, &other).is_err());
        let s = SqliteStorage::open(&other).unwrap();
        assert_eq!(s.last_seq(TEAM, DEV).unwrap(), 5);
    }

    #[test]
    fn a_backup_of_a_directory_without_a_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let error = backup(&dir.path().join("none"), &dir.path().join("copy"), false).unwrap_err();
        assert!(error.to_string().contains("no hub database"), "{error}");
        assert!(!dir.path().join("copy").exists());
    }
}
