//! The wait after wrong passcodes runs on the boot clock (ADR 0020): moving the wall
//! clock, as whoever holds the phone can, neither shortens nor lengthens it. Black-box,
//! through `faketime`, which `scripts/test` installs; without it these tests say so and
//! do nothing.

use crate::common;

use std::process::Command;

use common::*;

/// `faketime` on this machine, if any. `scripts/test` installs it and sets
/// `SENIM_REQUIRE_FAKETIME`, under which a missing one fails the test instead.
fn faketime() -> Option<&'static str> {
    let found = Command::new("faketime")
        .args(["-f", "+0d", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var_os("SENIM_REQUIRE_FAKETIME").is_none(),
            "faketime is required (SENIM_REQUIRE_FAKETIME) and missing"
        );
        eprintln!("faketime is not installed (scripts/test installs it): skipped");
    }
    found.then_some("faketime")
}

/// `senim ARGS` with the wall clock moved by `offset` (`+2d`, `-1d`), the right
/// passcode, and every other clock left alone.
fn run_at(ws: &Workspace, faketime: &str, offset: &str, args: &[&str]) -> std::process::Output {
    let direct = ws.command(args, Some(PASSCODE));
    let mut cmd = Command::new(faketime);
    cmd.arg("-f")
        .arg(offset)
        .arg(direct.get_program())
        .args(direct.get_args());
    for (k, v) in direct.get_envs() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
    // Only the wall clock is moved: the monotonic clocks stay true, as on a phone
    // whose owner changed the date in the settings.
    cmd.env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run senim under faketime")
}

fn three_wrong_passcodes(ws: &Workspace) {
    for _ in 0..3 {
        let out = ws.run_with(&["records", "list"], Some(WRONG));
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    }
}

#[test]
fn moving_the_wall_clock_forward_does_not_skip_the_wait() {
    let Some(faketime) = faketime() else { return };
    let ws = Workspace::with_vault();
    three_wrong_passcodes(&ws);

    // Two days later on the wall clock, moments later in truth: still waiting.
    let out = run_at(&ws, faketime, "+2d", &["records", "list"]);

    assert_fails(&out, 3, "too many failed unlock attempts");
}

#[test]
fn moving_the_wall_clock_back_does_not_lengthen_the_wait() {
    let Some(faketime) = faketime() else { return };
    let ws = Workspace::with_vault();
    three_wrong_passcodes(&ws);
    std::thread::sleep(std::time::Duration::from_secs(6));

    // The 5 s wait has passed in truth; a clock set back a day does not bring it back.
    let out = run_at(&ws, faketime, "-1d", &["records", "list"]);

    assert!(out.status.success(), "{}", stderr(&out));
}
