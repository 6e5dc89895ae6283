//! Shared helpers of the `senim` end-to-end tests: a temporary workspace with a vault
//! and key store, running the real binary, and checking failures.

#![allow(
    dead_code,
    reason = "every test file includes this module and uses only part of it"
)]

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

pub const PASSCODE: &str = "correct horse 7";
pub const WRONG: &str = "not the passcode 9";

/// A temporary directory holding a vault (once `init` ran) and a key store directory.
pub struct Workspace {
    pub dir: TempDir,
}

impl Workspace {
    pub fn empty() -> Workspace {
        Workspace {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    /// A workspace with a freshly created vault.
    pub fn with_vault() -> Workspace {
        let ws = Workspace::empty();
        ws.ok(&["vault", "init"]);
        ws
    }

    /// A workspace with an empty demo vault (no generated records).
    pub fn with_demo_vault() -> Workspace {
        let ws = Workspace::empty();
        ws.ok(&["vault", "init", "--demo", "--records", "0"]);
        ws
    }

    pub fn vault_dir(&self) -> PathBuf {
        self.dir.path().join("vault")
    }

    pub fn keystore_dir(&self) -> PathBuf {
        self.dir.path().join("keystore")
    }

    /// `senim --vault … --keystore … <args>` with `passcode` in SENIM_PASSCODE (if any).
    pub fn command(&self, args: &[&str], passcode: Option<&str>) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_senim"));
        cmd.arg("--vault")
            .arg(self.vault_dir())
            .arg("--keystore")
            .arg(self.keystore_dir())
            .args(args)
            .env_remove("SENIM_PASSCODE")
            .env_remove("SENIM_NEW_PASSCODE")
            .env_remove("RUST_LOG")
            // English whatever the machine's locale: the tests read its messages.
            .env("SENIM_LANG", "en")
            // Vaults at OWASP's minimum key derivation instead of the half-second
            // calibrated one (a debug build only, ADR 0037): hundreds of runs unlock.
            .env("SENIM_DEBUG_KDF", "owasp-minimum")
            .stdin(Stdio::null());
        if let Some(p) = passcode {
            cmd.env("SENIM_PASSCODE", p);
        }
        cmd
    }

    pub fn run_with(&self, args: &[&str], passcode: Option<&str>) -> Output {
        self.command(args, passcode).output().expect("run senim")
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with(args, Some(PASSCODE))
    }

    /// Runs with the right passcode, asserts success, returns standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "senim {args:?} failed with {:?}: {}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    /// `senim team approve REQUEST --verify WORDS`, the words being the ones the new
    /// device shows (as a lead reads them off its screen): the welcome line.
    pub fn approve(&self, request: &str) -> String {
        self.ok(&[
            "team",
            "approve",
            request.trim(),
            "--verify",
            &request_code(request),
        ])
    }

    /// `senim team join WELCOME --verify WORDS`, the words being the ones the lead
    /// shows for the welcome.
    pub fn join(&self, welcome: &str) -> String {
        self.ok(&[
            "team",
            "join",
            welcome.trim(),
            "--verify",
            &welcome_code(welcome),
        ])
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.ok(&all)).expect("valid JSON on stdout")
    }

    /// `note add`, returning the printed id.
    pub fn add_note(&self, text: &str, tags: &[&str]) -> String {
        let mut args = vec!["note", "add", "--text", text];
        for t in tags {
            args.extend(["--tag", t]);
        }
        let out = self.ok(&args);
        let id = out.trim().to_string();
        assert_eq!(out, format!("{id}\n"), "note add prints only the id");
        assert!(
            id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()),
            "not an id: {id}"
        );
        id
    }
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts a failure with `code` and exactly one `error: …` line on stderr, containing
/// `expected`, and nothing on stdout.
pub fn assert_fails(out: &Output, code: i32, expected: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert_eq!(err.lines().count(), 1, "one line expected, got: {err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(
        err.contains(expected),
        "{err:?} should mention {expected:?}"
    );
    assert!(out.stdout.is_empty(), "nothing on stdout on failure");
}

/// A hub process on a free loopback port, killed when dropped.
pub struct Hub {
    child: std::process::Child,
    pub url: String,
    _data: tempfile::TempDir,
}

impl Hub {
    pub fn start() -> Hub {
        use std::io::BufRead;
        let data = tempfile::tempdir().expect("temp dir");
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_senim"))
            .args(["hub", "serve", "--addr", "127.0.0.1:0", "--data"])
            .arg(data.path().join("hub"))
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start the hub");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the hub's address");
        let addr = line.split_whitespace().last().expect("address").to_string();
        Hub {
            child,
            url: format!("http://{addr}"),
            _data: data,
        }
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The verification code (four words) the new device shows for a join request line,
/// to pass as `senim team approve REQUEST --verify CODE`.
pub fn request_code(request: &str) -> String {
    senim_protocol::team::JoinRequest::decode(request.trim())
        .expect("a join request")
        .verification_code()
        .to_string()
}

/// The verification code (four words) the lead shows for a welcome line, to pass as
/// `senim team join WELCOME --verify CODE`.
pub fn welcome_code(welcome: &str) -> String {
    senim_protocol::team::Welcome::decode(welcome.trim())
        .expect("a welcome code")
        .verification_code()
        .to_string()
}
