//! The hub as a separate process: `senim hub serve --addr … --data …` from the real
//! binary, killed (SIGKILL, no clean shutdown) and restarted on the same data directory
//! and port when a test asks. Its log (standard error) goes to a file, with one line
//! per request (`RUST_LOG=senim_hub=debug`) unless a test asks for another filter.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// `senim hub backup --data DATA --to TO`, asserting it succeeds.
pub fn backup_hub(data: &Path, to: &Path) {
    let status = Command::new(senim_binary())
        .args(["hub", "backup", "--data"])
        .arg(data)
        .arg("--to")
        .arg(to)
        .stdin(Stdio::null())
        .status()
        .expect("run senim hub backup");
    assert!(status.success(), "senim hub backup failed");
}

/// `senim hub restore --from FROM --data DATA`, asserting it succeeds.
pub fn restore_hub(from: &Path, data: &Path) {
    let status = Command::new(senim_binary())
        .args(["hub", "restore", "--from"])
        .arg(from)
        .arg("--data")
        .arg(data)
        .stdin(Stdio::null())
        .status()
        .expect("run senim hub restore");
    assert!(status.success(), "senim hub restore failed");
}

/// The `senim` binary of this build, built on first use with the profile of the running
/// test or benchmark (`cargo build -p senim-cli --bin senim [--release]`), so a test of
/// this package alone never runs a stale binary. `SENIM_BIN` overrides it.
pub fn senim_binary() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(path) = std::env::var_os("SENIM_BIN") {
            return PathBuf::from(path);
        }
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let release = std::env::current_exe()
            .ok()
            .and_then(|exe| {
                exe.parent()
                    .and_then(Path::parent)
                    .map(|p| p.ends_with("release"))
            })
            .unwrap_or(false);
        let mut cmd = Command::new(cargo);
        cmd.args([
            "build",
            "--quiet",
            "-p",
            "senim-cli",
            "--bin",
            "senim",
            "--message-format=json",
        ]);
        if release {
            cmd.arg("--release");
        }
        let out = cmd
            .stderr(Stdio::inherit())
            .output()
            .expect("run cargo build");
        assert!(
            out.status.success(),
            "cargo build of the senim binary failed"
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["target"]["name"] == "senim")
            .find_map(|v| v["executable"].as_str().map(PathBuf::from))
            .expect("cargo reported the senim executable")
    })
    .clone()
}

/// A running hub process. Killed when dropped.
pub struct HubProcess {
    child: Option<Child>,
    /// The rest of its standard output, after the address line.
    stdout: Option<BufReader<ChildStdout>>,
    addr: SocketAddr,
    data: PathBuf,
    log: PathBuf,
    demo: bool,
    log_filter: String,
    extra: Vec<String>,
}

/// The hub's log filter unless a test chooses one: its own events, requests included.
pub const HUB_LOG_FILTER: &str = "senim_hub=debug";

impl HubProcess {
    /// Starts a hub on a free loopback port with its data in `data` and its log
    /// (standard error, [`HUB_LOG_FILTER`]) in `log`.
    pub fn start(data: &Path, log: &Path) -> HubProcess {
        Self::start_kind(data, log, false, HUB_LOG_FILTER)
    }

    /// Starts a demo hub (`hub serve --demo`): it serves demo teams only.
    pub fn start_demo(data: &Path, log: &Path) -> HubProcess {
        Self::start_kind(data, log, true, HUB_LOG_FILTER)
    }

    /// Starts a hub whose log is filtered by `filter` (`RUST_LOG`'s syntax).
    pub fn start_logging(data: &Path, log: &Path, filter: &str) -> HubProcess {
        Self::start_kind(data, log, false, filter)
    }

    /// Starts a hub with more arguments for `senim hub serve` (limits, TLS,
    /// `--registration token`).
    pub fn start_with_args(data: &Path, log: &Path, args: &[&str]) -> HubProcess {
        Self::start_full(data, log, false, HUB_LOG_FILTER, args)
    }

    fn start_kind(data: &Path, log: &Path, demo: bool, filter: &str) -> HubProcess {
        Self::start_full(data, log, demo, filter, &[])
    }

    fn start_full(data: &Path, log: &Path, demo: bool, filter: &str, args: &[&str]) -> HubProcess {
        let mut hub = HubProcess {
            child: None,
            stdout: None,
            addr: "127.0.0.1:0".parse().expect("address"),
            data: data.to_path_buf(),
            log: log.to_path_buf(),
            demo,
            log_filter: filter.to_string(),
            extra: args.iter().map(|a| a.to_string()).collect(),
        };
        hub.spawn();
        hub
    }

    fn spawn(&mut self) {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("open the hub log");
        let mut child = Command::new(senim_binary())
            .args(["hub", "serve", "--addr"])
            .arg(self.addr.to_string())
            .arg("--data")
            .arg(&self.data)
            .args(self.demo.then_some("--demo"))
            .args(&self.extra)
            .env("RUST_LOG", &self.log_filter)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("start the hub process");
        let stdout = child.stdout.take().expect("hub stdout");
        let mut stdout = BufReader::new(stdout);
        let mut line = String::new();
        stdout
            .read_line(&mut line)
            .expect("read the hub's first line");
        let addr = line
            .trim()
            .strip_prefix("hub listening on ")
            .unwrap_or_else(|| panic!("unexpected first line from the hub: {line:?}"));
        self.addr = addr.parse().expect("the hub's address");
        self.child = Some(child);
        // Kept open: a hub writing more lines (a TLS fingerprint) must not meet a closed
        // pipe.
        self.stdout = Some(stdout);
    }

    /// The next line the hub printed on standard output after its address, without the
    /// line end.
    pub fn next_line(&mut self) -> String {
        let mut line = String::new();
        self.stdout
            .as_mut()
            .expect("the hub runs")
            .read_line(&mut line)
            .expect("read a line from the hub");
        line.trim_end().to_string()
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn data_dir(&self) -> &Path {
        &self.data
    }

    pub fn log_path(&self) -> &Path {
        &self.log
    }

    pub fn is_running(&self) -> bool {
        self.child.is_some()
    }

    /// The hub's process id, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Sends SIGINT (what Ctrl-C sends) and waits at most `within` for the process to
    /// exit: its exit status, or `None` if it still runs (it is then killed).
    pub fn interrupt(&mut self, within: Duration) -> Option<ExitStatus> {
        let mut child = self.child.take()?;
        let sent = Command::new("kill")
            .arg("-INT")
            .arg(child.id().to_string())
            .status()
            .expect("run kill");
        assert!(sent.success(), "kill -INT failed");
        let start = Instant::now();
        while start.elapsed() < within {
            if let Some(status) = child.try_wait().expect("wait for the hub") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
        None
    }

    /// Kills the process at once (SIGKILL: no shutdown, no flush beyond what SQLite
    /// committed) and waits for it.
    pub fn kill(&mut self) {
        self.stdout = None;
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the hub again on the same data directory and port.
    pub fn restart(&mut self) {
        self.kill();
        self.spawn();
    }
}

impl Drop for HubProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

impl HubProcess {
    /// The hub's resident memory now, in bytes (`VmRSS` of `/proc/PID/status`).
    pub fn rss_bytes(&self) -> u64 {
        let pid = self.pid().expect("the hub is running");
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
            .expect("read the hub's /proc status");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().strip_suffix("kB"))
            .and_then(|kb| kb.trim().parse::<u64>().ok())
            .map(|kb| kb * 1024)
            .expect("VmRSS in the hub's /proc status")
    }
}
