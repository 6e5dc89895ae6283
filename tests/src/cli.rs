//! The `senim` binary driven as a user would: a temporary directory per device with its
//! vault and key store, the passcode in `SENIM_PASSCODE`, JSON output parsed.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

use crate::hub::senim_binary;

/// The passcode of every CLI test vault.
pub const CLI_PASSCODE: &str = "correct horse 7";

/// One device's directory: `vault/` and `keystore/`.
pub struct CliDevice {
    pub dir: TempDir,
}

impl CliDevice {
    /// A device with a freshly created vault (`senim vault init`).
    pub fn with_vault() -> CliDevice {
        let device = CliDevice {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        device.ok(&["vault", "init"]);
        device
    }

    pub fn vault_dir(&self) -> PathBuf {
        self.dir.path().join("vault")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(senim_binary());
        cmd.arg("--vault")
            .arg(self.vault_dir())
            .arg("--keystore")
            .arg(self.dir.path().join("keystore"))
            .args(args)
            .env("SENIM_PASSCODE", CLI_PASSCODE)
            .env_remove("SENIM_NEW_PASSCODE")
            .env_remove("RUST_LOG")
            // English whatever the machine's locale: the tests read its messages.
            .env("SENIM_LANG", "en")
            // Vaults at OWASP's minimum key derivation instead of the half-second
            // calibrated one (a debug build only, ADR 0037): hundreds of runs unlock.
            .env("SENIM_DEBUG_KDF", "owasp-minimum")
            .stdin(Stdio::null());
        cmd
    }

    /// Runs `senim <args>` and returns what it did.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run senim")
    }

    /// Runs `senim <args>`, asserts success, returns standard output.
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

    /// Runs `senim --json <args>`, asserts success, parses standard output.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&self.ok(&all)).expect("valid JSON on stdout")
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
