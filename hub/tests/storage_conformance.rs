//! The `HubStorage` conformance suite run for the SQLite backend, twice: in memory (one
//! connection, as the hub's tests use it) and in files (as `senim hub serve` uses it,
//! with several handles on one database standing in for hub instances that share it,
//! and the files read back to check a purge leaves nothing behind).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use senim_hub::storage::SqliteStorage;
use senim_hub::storage::conformance::Backend;

/// `SqliteStorage::open_in_memory`.
struct InMemory;

impl Backend for InMemory {
    type Storage = SqliteStorage;

    fn empty(&self) -> SqliteStorage {
        SqliteStorage::open_in_memory().unwrap()
    }
}

/// `SqliteStorage::open` on data directories inside one temporary directory, removed
/// with the backend at the end of the test.
struct InFiles {
    root: tempfile::TempDir,
    made: AtomicUsize,
}

impl InFiles {
    fn new() -> Self {
        InFiles {
            root: tempfile::tempdir().unwrap(),
            made: AtomicUsize::new(0),
        }
    }

    fn new_data_dir(&self) -> PathBuf {
        let n = self.made.fetch_add(1, Ordering::Relaxed);
        self.root.path().join(format!("hub{n}"))
    }
}

impl Backend for InFiles {
    type Storage = SqliteStorage;

    fn empty(&self) -> SqliteStorage {
        SqliteStorage::open(&self.new_data_dir()).unwrap()
    }

    fn handles(&self, n: usize) -> Vec<Arc<SqliteStorage>> {
        let dir = self.new_data_dir();
        (0..n)
            .map(|_| Arc::new(SqliteStorage::open(&dir).unwrap()))
            .collect()
    }

    fn at_rest(&self) -> Option<Vec<u8>> {
        let mut bytes = Vec::new();
        read_all(self.root.path(), &mut bytes);
        Some(bytes)
    }
}

/// Every file under `dir`, appended to `out`.
fn read_all(dir: &Path, out: &mut Vec<u8>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            read_all(&path, out);
        } else {
            out.extend(std::fs::read(&path).unwrap());
        }
    }
}

mod sqlite_in_memory {
    senim_hub::hub_storage_conformance!(super::InMemory);
}

mod sqlite_in_files {
    senim_hub::hub_storage_conformance!(super::InFiles::new());
}
