//! The first connections a process opens, on several threads at once: each must find
//! SQLCipher ready. SQLite marks itself initialised before SQLCipher's own
//! initialisation has run, and a keyed open in that window failed ("An error occurred
//! with PRAGMA key or rekey"): a vault test failed so now and then in CI. The race
//! needs a fresh process, so the test runs itself as a child, many times.

use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Barrier};

use senim_crypto::SecretKey;
use senim_vault::testing::connect_with_master;

const CHILD: &str = "SENIM_FIRST_OPEN_CHILD";
const THREADS: usize = 8;
const PROCESSES: usize = 200;

/// In the child: eight threads open a keyed vault database each at the same moment,
/// as the process's first SQLite connections.
fn first_opens_at_once() -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let start = Arc::new(Barrier::new(THREADS));
    let threads: Vec<_> = (0..THREADS)
        .map(|i| {
            let start = start.clone();
            let path: PathBuf = dir.path().join(format!("{i}.db"));
            std::fs::File::create(&path).unwrap();
            std::thread::spawn(move || {
                let master = SecretKey::from_slice(&[i as u8 + 1; 32]).unwrap();
                start.wait();
                connect_with_master(&path, &master)
                    .map(drop)
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    threads
        .into_iter()
        .filter_map(|t| t.join().unwrap().err())
        .collect()
}

#[test]
fn keyed_connections_opened_at_once_as_a_process_starts_all_open() {
    if std::env::var_os(CHILD).is_some() {
        let failed = first_opens_at_once();
        assert!(failed.is_empty(), "{failed:?}");
        return;
    }
    let me = std::env::current_exe().unwrap();
    let mut failures = Vec::new();
    for _ in 0..PROCESSES {
        let out = Command::new(&me)
            .args([
                "--exact",
                "keyed_connections_opened_at_once_as_a_process_starts_all_open",
                "--test-threads",
                "1",
            ])
            .env(CHILD, "1")
            .output()
            .unwrap();
        if !out.status.success() {
            failures.push(
                String::from_utf8_lossy(&out.stdout)
                    .lines()
                    .filter(|l| l.contains("PRAGMA") || l.contains("panicked"))
                    .collect::<Vec<_>>()
                    .join(" | "),
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {PROCESSES} processes: {:?}",
        failures.len(),
        failures.first()
    );
}
