//! A hub that survives damage and loss, against real hub processes: a damaged database
//! is refused at start with one line naming the file; `senim hub backup` copies the
//! database while the hub serves a team under sync load and `senim hub restore` puts it
//! back, after which the team syncs on.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};

use senim_tests::{Device, HubProcess, Rng, Team, senim_binary};

/// The hub's database file inside its data directory.
const DATABASE: &str = "hub.sqlite3";

/// SQLite's page size as the hub leaves it (the default).
const PAGE: usize = 4096;

/// A team of a lead and two workers that wrote `notes` notes each and synced them all.
fn team_with_notes(root: &Path, hub: &HubProcess, notes: usize) -> Team {
    let team = Team::enrol(root, &hub.url(), 2);
    for d in &team.devices {
        for n in 0..notes {
            d.add_note(&format!("{} note {n}", d.name));
        }
    }
    team.sync_all();
    team
}

/// Copies what the killed hub's write-ahead log holds into the database file and
/// empties the log, so the file alone is the database.
fn checkpoint(data: &Path) {
    let conn = rusqlite::Connection::open(data.join(DATABASE)).expect("open the hub database");
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .expect("checkpoint");
}

/// Overwrites every page after the first (the schema stays readable) with noise.
fn flip_pages(file: &Path) {
    let mut bytes = std::fs::read(file).expect("read the database");
    assert!(bytes.len() >= 4 * PAGE, "a database of several pages");
    let mut rng = Rng::new(14);
    for b in &mut bytes[PAGE..] {
        *b = rng.next_u64() as u8;
    }
    std::fs::write(file, bytes).expect("write the damaged database");
}

/// Runs `senim hub serve` on `data` and returns its exit status and standard error
/// once it exits. A hub still running after a generous while has started on the
/// database: it is stopped and the test fails.
fn serve_expecting_exit(data: &Path) -> (std::process::ExitStatus, String) {
    let mut child = Command::new(senim_binary())
        .args(["hub", "serve", "--addr", "127.0.0.1:0", "--data"])
        .arg(data)
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the hub");
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().expect("poll the hub").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let out = child.wait_with_output().expect("wait for the hub");
            panic!(
                "the hub started and served: {}",
                String::from_utf8_lossy(&out.stdout).trim()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().expect("wait for the hub");
    (
        out.status,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_hub_refuses_to_start_on_a_database_with_flipped_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("hub");
    let mut hub = HubProcess::start(&data, &dir.path().join("hub.log"));
    let _team = team_with_notes(&dir.path().join("team"), &hub, 20);
    hub.kill();
    checkpoint(&data);
    flip_pages(&data.join(DATABASE));

    let (status, stderr) = serve_expecting_exit(&data);
    assert!(!status.success(), "the hub refused to start: {stderr}");
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line: {stderr}");
    assert!(lines[0].contains(DATABASE), "names the file: {stderr}");
    assert!(lines[0].contains("damaged"), "says what is wrong: {stderr}");
    assert!(
        lines[0].contains("senim hub restore"),
        "says what to do: {stderr}"
    );
}

#[test]
fn a_hub_starts_on_its_sound_database_after_being_killed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("hub");
    let mut hub = HubProcess::start(&data, &dir.path().join("hub.log"));
    let team = team_with_notes(&dir.path().join("team"), &hub, 5);
    hub.restart();
    team.lead().add_note("after the restart");
    team.sync_all();
    for d in &team.devices {
        assert_eq!(d.note_texts().len(), 16, "{}", d.name);
    }
}

/// Runs `senim hub <args>` and returns its exit status, standard output and error.
fn hub_command(args: &[&std::ffi::OsStr]) -> (bool, String, String) {
    let out = Command::new(senim_binary())
        .arg("hub")
        .args(args)
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .output()
        .expect("run senim hub");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn backup(data: &Path, to: &Path, force: bool) -> (bool, String, String) {
    let mut args = vec![
        "backup".as_ref(),
        "--data".as_ref(),
        data.as_os_str(),
        "--to".as_ref(),
        to.as_os_str(),
    ];
    if force {
        args.push("--force".as_ref());
    }
    hub_command(&args)
}

fn restore(from: &Path, data: &Path) -> (bool, String, String) {
    hub_command(&[
        "restore".as_ref(),
        "--from".as_ref(),
        from.as_os_str(),
        "--data".as_ref(),
        data.as_os_str(),
    ])
}

/// The note texts every device of `team` holds, by device name.
fn texts(team: &Team) -> Vec<(String, BTreeSet<String>)> {
    team.devices
        .iter()
        .map(|d| (d.name.clone(), d.note_texts()))
        .collect()
}

#[test]
fn a_backup_taken_under_sync_load_restores_a_hub_the_team_syncs_on_with() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("hub");
    let mut hub = HubProcess::start(&data, &dir.path().join("hub.log"));
    let mut team = team_with_notes(&dir.path().join("team"), &hub, 5);
    let file = dir.path().join("backups").join("hub.backup");
    std::fs::create_dir_all(file.parent().expect("parent")).expect("backups dir");

    // Every device writes and syncs in a loop while the backup is taken.
    let stop = AtomicBool::new(false);
    let url = hub.url();
    let devices = std::mem::take(&mut team.devices);
    let (devices, copied) = std::thread::scope(|s| {
        let load: Vec<_> = devices
            .into_iter()
            .map(|d| {
                let (stop, url) = (&stop, &url);
                s.spawn(move || {
                    let mut n = 0;
                    while !stop.load(Ordering::SeqCst) || n < 3 {
                        d.add_note(&format!("{} under load {n}", d.name));
                        d.sync(url)
                            .unwrap_or_else(|e| panic!("{} cannot sync: {e}", d.name));
                        n += 1;
                    }
                    d
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(500));
        let copied = backup(&data, &file, false);
        stop.store(true, Ordering::SeqCst);
        let devices: Vec<Device> = load
            .into_iter()
            .map(|h| h.join().expect("a device's load thread"))
            .collect();
        (devices, copied)
    });
    team.devices = devices;
    let (ok, out, err) = copied;
    assert!(ok, "the backup succeeded: {err}");
    assert!(out.contains("1 team"), "{out}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file)
            .expect("backup")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "owner-only");
    }

    // The hub is lost with its data directory.
    hub.kill();
    std::fs::remove_dir_all(&data).expect("destroy the data directory");
    let (ok, out, err) = restore(&file, &data);
    assert!(ok, "the restore succeeded: {err}");
    assert!(out.contains("restored 1 team"), "{out}");
    hub.restart();

    // Everything written before and after the backup reaches every device.
    for d in &team.devices {
        d.add_note(&format!("{} after the restore", d.name));
    }
    team.sync_all();
    let all: BTreeSet<String> = texts(&team).into_iter().flat_map(|(_, t)| t).collect();
    for (name, held) in texts(&team) {
        assert_eq!(held, all, "{name} holds every note");
    }
    for d in &team.devices {
        assert!(all.contains(&format!("{} after the restore", d.name)));
        assert!(all.contains(&format!("{} under load 2", d.name)));
    }
}

#[test]
fn a_backup_does_not_overwrite_a_file_without_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("hub");
    let hub = HubProcess::start(&data, &dir.path().join("hub.log"));
    let _team = team_with_notes(&dir.path().join("team"), &hub, 1);
    let file = dir.path().join("hub.backup");
    std::fs::write(&file, b"an earlier file").expect("a file in the way");

    let (ok, _, err) = backup(&data, &file, false);
    assert!(!ok, "refused");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read(&file).expect("file"), b"an earlier file");

    let (ok, _, err) = backup(&data, &file, true);
    assert!(ok, "{err}");
    assert_ne!(std::fs::read(&file).expect("file"), b"an earlier file");
}

#[test]
fn a_restore_is_refused_while_a_hub_serves_the_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("hub");
    let hub = HubProcess::start(&data, &dir.path().join("hub.log"));
    let team = team_with_notes(&dir.path().join("team"), &hub, 1);
    let file = dir.path().join("hub.backup");
    assert!(backup(&data, &file, false).0);

    let (ok, _, err) = restore(&file, &data);
    assert!(!ok, "refused");
    assert!(err.contains("a hub serves the data directory"), "{err}");
    // The serving hub goes on as before.
    team.lead().add_note("still serving");
    team.sync_all();
    assert!(team.devices[1].note_texts().contains("still serving"));
}

#[test]
fn a_restore_refuses_a_damaged_or_foreign_file_and_keeps_the_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("hub");
    let mut hub = HubProcess::start(&data, &dir.path().join("hub.log"));
    let _team = team_with_notes(&dir.path().join("team"), &hub, 20);
    let file = dir.path().join("hub.backup");
    assert!(backup(&data, &file, false).0);
    hub.kill();
    checkpoint(&data);
    let before = std::fs::read(data.join(DATABASE)).expect("database");

    let damaged = dir.path().join("damaged.backup");
    std::fs::copy(&file, &damaged).expect("copy");
    flip_pages(&damaged);
    let (ok, _, err) = restore(&damaged, &data);
    assert!(!ok, "a damaged backup is refused");
    assert!(err.contains("damaged"), "{err}");

    let foreign = dir.path().join("foreign.sqlite3");
    rusqlite::Connection::open(&foreign)
        .expect("another database")
        .execute_batch("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('x');")
        .expect("fill it");
    let (ok, _, err) = restore(&foreign, &data);
    assert!(!ok, "a database that is not a hub's is refused");
    assert!(err.contains("not a backup of a hub database"), "{err}");

    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database at all".repeat(300)).expect("text");
    let (ok, _, err) = restore(&text, &data);
    assert!(!ok, "a file that is no database is refused");
    assert!(err.contains("not a backup of a hub database"), "{err}");

    assert_eq!(
        std::fs::read(data.join(DATABASE)).expect("database"),
        before,
        "the database is left as it was"
    );
}

#[test]
fn a_restore_keeps_the_replaced_database_aside() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("hub");
    let mut hub = HubProcess::start(&data, &dir.path().join("hub.log"));
    let team = team_with_notes(&dir.path().join("team"), &hub, 1);
    let file = dir.path().join("hub.backup");
    assert!(backup(&data, &file, false).0);
    team.lead().add_note("only in the replaced database");
    team.sync_all();
    hub.kill();

    let (ok, out, err) = restore(&file, &data);
    assert!(ok, "{err}");
    let aside: Vec<_> = std::fs::read_dir(&data)
        .expect("data dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.starts_with("hub.sqlite3.replaced-") && !n.ends_with("-wal") && !n.ends_with("-shm")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert!(out.contains(&aside[0]), "{out}");
    // The replaced database is whole: a hub started on it has the newer note's envelope.
    let kept = dir.path().join("kept");
    std::fs::create_dir_all(&kept).expect("kept dir");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o700)).expect("mode");
    }
    for name in std::fs::read_dir(&data).expect("data dir") {
        let name = name
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if let Some(suffix) = name.strip_prefix(&aside[0]) {
            std::fs::copy(data.join(&name), kept.join(format!("{DATABASE}{suffix}")))
                .expect("copy the kept database");
        }
    }
    let conn = rusqlite::Connection::open(kept.join(DATABASE)).expect("open the kept database");
    let envelopes: i64 = conn
        .query_row("SELECT COUNT(*) FROM envelopes", [], |r| r.get(0))
        .expect("count");
    let restored = rusqlite::Connection::open(data.join(DATABASE)).expect("open the restored");
    let fewer: i64 = restored
        .query_row("SELECT COUNT(*) FROM envelopes", [], |r| r.get(0))
        .expect("count");
    assert!(envelopes > fewer, "{envelopes} > {fewer}");
}
