//! Everything `senim` reads from standard input or a file it is given is bounded: an
//! endless source (`/dev/zero`) is refused with a message naming the input and its
//! limit, after reading at most the limit, instead of filling memory.

use crate::common;

use std::fs::File;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// An anonymous interview with the bundled screening form, in English.
const INTERVIEW: [&str; 7] = [
    "interview",
    "run",
    "--form",
    "central_asia_screening",
    "--lang",
    "en",
    "--anonymous",
];

/// Long enough for a debug build on a busy machine to read a few MiB and refuse them;
/// far shorter than reading `/dev/zero` until memory runs out.
const DEADLINE: Duration = Duration::from_secs(60);

/// Runs `senim ARGS` with the right passcode and `stdin`, killing it (and failing the
/// test) if it outlives [`DEADLINE`].
fn run(ws: &Workspace, args: &[&str], stdin: Stdio) -> Output {
    let mut child = ws
        .command(args, Some(PASSCODE))
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start senim");
    let started = Instant::now();
    while child.try_wait().expect("poll senim").is_none() {
        if started.elapsed() > DEADLINE {
            child.kill().expect("kill senim");
            child.wait().expect("reap senim");
            panic!("senim kept reading an endless input for {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().expect("collect senim's output")
}

fn zero() -> Stdio {
    Stdio::from(File::open("/dev/zero").expect("/dev/zero"))
}

#[test]
fn a_note_text_from_an_endless_standard_input_is_refused_at_one_mib() {
    let ws = Workspace::with_vault();
    let out = run(&ws, &["note", "add", "--text", "-"], zero());

    assert_fails(&out, 1, "the note's text is larger than 1 MiB (the limit)");
    let page = ws.json(&["records", "list"]);
    assert!(page["records"].as_array().unwrap().is_empty());
}

#[test]
fn an_endless_answers_file_is_refused_at_four_mib() {
    let ws = Workspace::with_vault();
    let mut args = INTERVIEW.to_vec();
    args.extend(["--consent", "screening", "--answers", "/dev/zero"]);
    let out = run(&ws, &args, Stdio::null());

    assert_fails(&out, 1, "the answers file is larger than 4 MiB (the limit)");
}

#[test]
fn an_endless_form_file_is_refused_at_the_form_limit() {
    let ws = Workspace::with_vault();
    let out = run(&ws, &["forms", "validate", "/dev/zero"], Stdio::null());

    assert_fails(&out, 1, "the form file is larger than 2 MiB (the limit)");
}

#[test]
fn an_endless_answer_line_on_the_terminal_is_refused() {
    let ws = Workspace::with_vault();
    let out = run(&ws, &INTERVIEW, zero());

    // The interview printed its first question before reading: only the ending is checked.
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));
    assert_eq!(
        stderr(&out).trim_end(),
        "error: an answer is larger than 64 KiB (the limit)"
    );
}
