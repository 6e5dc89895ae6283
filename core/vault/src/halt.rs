//! Named points where a test can stop the process to kill it there (`test-support`
//! builds only): with `SENIM_TEST_HALT_AT` set to a point's name, the process writes
//! `senim: halted at <name>` on standard error when it reaches that point and waits to
//! be killed. The upgrade of a vault from before (ADR 0033, step 4) is killed at each
//! of its points this way (`tests/tests/upgrade.rs`), and at random moments between.
//! Other builds compile the points to nothing.

/// The environment variable naming the point to halt at.
#[cfg(feature = "test-support")]
pub const HALT_AT_ENV: &str = "SENIM_TEST_HALT_AT";

/// Halts here, for good, when [`HALT_AT_ENV`] names `point`.
#[cfg(feature = "test-support")]
pub(crate) fn point(point: &str) {
    if std::env::var(HALT_AT_ENV).is_ok_and(|p| p == point) {
        park_saying(&format!("senim: halted at {point}"));
    }
}

/// Writes `line` on standard error and waits, for good, to be killed.
#[cfg(feature = "test-support")]
pub(crate) fn park_saying(line: &str) -> ! {
    use std::io::Write;
    // Not `eprintln!`: the test harness would capture it.
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
    let _ = err.flush();
    drop(err);
    loop {
        std::thread::park();
    }
}

#[cfg(not(feature = "test-support"))]
#[inline(always)]
pub(crate) fn point(_: &str) {}
