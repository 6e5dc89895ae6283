//! Screening benchmark: loading the bundled content, scoring, recommending services, and
//! running whole interviews against a real vault (every answer is one encrypted,
//! fsynced write, as in the field).
//!
//! Prints one JSON object to stdout and progress to stderr. It never asserts on
//! timings. Run: `cargo bench -p senim-vault --bench screening` (append `-- --quick` for
//! a smoke run). `SENIM_BENCH_DIR` chooses where the temporary vault lives.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use senim_content::forms::{AnswerMap, Form, InterviewSession, QuestionType};
use senim_content::screening::{self, Directory, RuleSet};
use senim_content::{DEFAULT_RULE_SET, Library};
use senim_records::{Answer, ConsentScope, YesNo};
use senim_vault::{CreateOptions, Vault};
use serde_json::json;

type BenchResult<T> = std::result::Result<T, Box<dyn std::error::Error>>;

const FORM: &[u8] = include_bytes!("../../content/forms/central-asia-screening.json");

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn percentile(mut xs: Vec<Duration>, p: f64) -> Duration {
    xs.sort();
    let i = ((xs.len() as f64 - 1.0) * p).round() as usize;
    xs[i]
}

fn micros(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e7).round() / 10.0
}

fn millis(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e4).round() / 10.0
}

/// Times `f` `n` times and returns the median.
fn time<T>(n: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut runs = Vec::with_capacity(n);
    for _ in 0..n {
        let start = Instant::now();
        std::hint::black_box(f());
        runs.push(start.elapsed());
    }
    median(runs)
}

/// Every yes/no question answered `value`; required choices get their first option.
fn answers(form: &Form, value: YesNo) -> AnswerMap {
    let mut out = AnswerMap::new();
    for q in &form.questions {
        match q.kind {
            QuestionType::YesNo => {
                out.insert(q.id.clone(), Answer::YesNo(value));
            }
            QuestionType::SingleChoice if q.required => {
                out.insert(q.id.clone(), Answer::Choice(q.options[1].id.clone()));
            }
            _ => {}
        }
    }
    out
}

/// Runs one interview through the runner; returns the time of each answer.
fn interview(
    vault: &Vault,
    form: &Arc<Form>,
    rules: &RuleSet,
    all: &AnswerMap,
) -> BenchResult<Vec<Duration>> {
    let mut s = InterviewSession::start(form.clone(), "ru", None)?;
    s.record_consent(vault, &[ConsentScope::Screening], "bench")?;
    let mut times = Vec::new();
    while let Some(q) = s.current() {
        let start = Instant::now();
        match all.get(&q.id) {
            Some(a) => {
                s.answer(vault, a.clone())?;
            }
            None => s.skip(vault)?,
        }
        times.push(start.elapsed());
    }
    screening::finish(vault, &mut s, rules)?;
    Ok(times)
}

fn main() -> BenchResult<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let (loads, scores, interviews) = if quick { (5, 100, 2) } else { (50, 2000, 10) };

    eprintln!("loading content");
    let form_load = time(loads, || Form::from_json(FORM).map(|_| ()));
    let library_load = time(loads, || Library::bundled().map(|_| ()));
    let lib = Library::bundled()?;
    let form = lib.form("central_asia_screening", None)?;
    let rules = lib.rule_set(DEFAULT_RULE_SET, None)?;
    let dir: Arc<Directory> = lib.directory("kz", None)?;

    eprintln!("scoring");
    let yes = answers(&form, YesNo::Yes);
    let no = answers(&form, YesNo::No);
    let assess_yes = time(scores, || screening::assess(&form, &rules, &yes, "ru"));
    let assess_no = time(scores, || screening::assess(&form, &rules, &no, "ru"));
    let likely = screening::assess(&form, &rules, &yes, "ru")?;
    let needs: BTreeSet<_> = likely.needs.clone();
    let recommend = time(scores, || screening::recommend(&dir, &likely, &needs, None));

    eprintln!("running {interviews} interviews against a vault (calibrating the KDF)");
    let base = std::env::var_os("SENIM_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let tmp = tempfile::tempdir_in(base)?;
    let vault = Vault::create(
        tmp.path().join("vault"),
        b"bench passcode 2026",
        CreateOptions::default(),
    )?;
    let mut per_answer = Vec::new();
    let mut whole = Vec::new();
    for n in 0..interviews {
        let all = if n % 2 == 0 { &yes } else { &no };
        let start = Instant::now();
        per_answer.extend(interview(&vault, &form, &rules, all)?);
        whole.push(start.elapsed());
    }
    let steps = per_answer.len() / interviews;

    let out = json!({
        "form": {"id": form.id, "version": form.version, "questions": form.questions.len(), "indicators": form.indicators.len()},
        "load_form_us": micros(form_load),
        "load_bundled_library_us": micros(library_load),
        "assess_all_yes_us": micros(assess_yes),
        "assess_all_no_us": micros(assess_no),
        "recommend_us": micros(recommend),
        "interview": {
            "interviews": interviews,
            "steps_each": steps,
            "answer_p50_ms": millis(percentile(per_answer.clone(), 0.5)),
            "answer_p95_ms": millis(percentile(per_answer, 0.95)),
            "whole_interview_median_ms": millis(median(whole)),
        },
    });
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(())
}
