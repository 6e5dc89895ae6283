//! `senim training list | show | run | check`: practice interviews with fictional
//! personas, compared with each scenario's answer key.
//!
//! Owns the commands and their printing. Scenarios, their validation and the
//! comparison with the key live in the core (`senim_demo::scenarios`); a practice
//! interview goes through the same code as `senim interview run --anonymous`. `list` and
//! `show` hold no personal data and need no vault.

mod args;

use anyhow::{Result, bail};
use senim_demo::scenarios::{self, Explanation, Scenario, TraineeReport};
use senim_records::{RecordBody, RecordId};
use serde_json::json;

use crate::commands::interview;
use crate::commands::shared::RunArgs;
use crate::global::Global;
use crate::output::{self, Table};
use crate::session::Unlocked;

use args::{TrainingCommand, TrainingRunArgs};

pub use args::TrainingArgs;

/// Printed above every persona: nobody should mistake one for a real case.
const FICTIONAL: &str =
    "FICTIONAL PERSONA — invented for training; any likeness to a real person is coincidence.";

pub fn run(global: &Global, args: &TrainingArgs) -> Result<()> {
    match &args.command {
        TrainingCommand::List => list(global),
        TrainingCommand::Show { id, lang, no_key } => {
            show(global, id, lang.as_deref().unwrap_or("en"), *no_key)
        }
        TrainingCommand::Run(args) => practice(global, args),
        TrainingCommand::Check {
            scenario,
            interview,
            lang,
        } => check(global, scenario, *interview, lang.as_deref()),
    }
}

fn list(global: &Global) -> Result<()> {
    let all = scenarios::bundled()?;
    if global.json {
        let items: Vec<_> = all
            .iter()
            .map(|s| {
                json!({
                    "id": s.id,
                    "version": s.version,
                    "title": s.text(&s.title, "en").text,
                    "summary": s.text(&s.summary, "en").text,
                    "form": s.form,
                    "rule_set": s.rule_set,
                    "persona": {
                        "alias": s.persona.alias,
                        "age_band": s.persona.age_band,
                        "gender": s.persona.gender,
                        "nationality": s.persona.nationality,
                    },
                    "level": s.key.level,
                    "indicators": s.key.indicators.len(),
                })
            })
            .collect();
        return output::json(&items);
    }
    let mut table = Table::new(&["ID", "LEVEL", "PERSONA", "TITLE"]);
    for s in &all {
        table.row(vec![
            s.id.clone(),
            s.key.level.to_string(),
            format!(
                "{} ({}, {})",
                s.persona.alias,
                output::wire_name(&s.persona.age_band),
                s.persona.nationality
            ),
            s.text(&s.title, "en").text,
        ]);
    }
    table.print()
}

fn check_language(s: &Scenario, lang: &str) -> Result<()> {
    let form = s.form_definition();
    if !form.supports(lang) {
        bail!("scenario '{}' runs in {}", s.id, form.languages.join(", "));
    }
    Ok(())
}

fn show(global: &Global, id: &str, lang: &str, no_key: bool) -> Result<()> {
    let s = scenarios::find(id)?;
    check_language(&s, lang)?;
    let form = s.form_definition();
    let t = |text| s.text(text, lang).text;
    let p = &s.persona;
    // Every question with a script line, in form order: the key's path first-class, the
    // others only for a trainee who goes another way.
    let lines: Vec<_> = form
        .questions
        .iter()
        .filter(|q| s.script.contains_key(&q.id))
        .collect();
    if global.json {
        let script: Vec<_> = lines
            .iter()
            .map(|q| {
                let mut line = json!({
                    "question": q.id,
                    "section": form.sections[q.section].id,
                    "label": form.localize(&q.label, lang).text,
                    "says": s.says(&q.id, lang).map(|l| l.text),
                    "on_key_path": s.key.answers.contains_key(&q.id),
                });
                if !no_key && let Some(a) = s.key.answers.get(&q.id) {
                    line["expected"] = json!(a);
                    line["expected_text"] = json!(s.answer_text(&q.id, a, lang));
                }
                line
            })
            .collect();
        let mut value = json!({
            "id": s.id,
            "version": s.version,
            "language": lang,
            "title": t(&s.title),
            "summary": t(&s.summary),
            "form": s.form,
            "rule_set": s.rule_set,
            "fictional": FICTIONAL,
            "persona": {
                "alias": p.alias,
                "age_band": p.age_band,
                "gender": p.gender,
                "nationality": p.nationality,
                "languages": p.languages,
                "where_met": t(&p.where_met),
                "situation": t(&p.situation),
                "background": t(&p.background),
            },
            "script": script,
        });
        if !no_key {
            value["key"] = json!({
                "indicators": s.key.indicators,
                "level": s.key.level,
                "danger": s.expected_danger(),
            });
        }
        return output::json(&value);
    }

    output::line(t(&s.title))?;
    output::line(format!(
        "{} {} · form {} {} · rule set {} {}",
        s.id, s.version, s.form.id, s.form.version, s.rule_set.id, s.rule_set.version
    ))?;
    output::line("")?;
    output::line(t(&s.summary))?;
    output::line("")?;
    output::line(FICTIONAL)?;
    output::fields(&[
        ("alias", p.alias.clone()),
        ("age band", output::wire_name(&p.age_band)),
        ("gender", output::wire_name(&p.gender)),
        ("nationality", p.nationality.clone()),
        ("languages", p.languages.join(", ")),
        ("where met", t(&p.where_met)),
        ("situation", t(&p.situation)),
        ("background", t(&p.background)),
    ])?;
    output::line("\nSCRIPT — what the persona says when asked each question")?;
    let mut number = 0;
    let mut off_path = Vec::new();
    for q in &lines {
        let Some(expected) = s.key.answers.get(&q.id) else {
            off_path.push(q);
            continue;
        };
        number += 1;
        output::line(format!(
            "\n[{number}] {} — {}",
            q.id,
            form.localize(&q.label, lang).text
        ))?;
        output::line(format!(
            "    says:     “{}”",
            s.says(&q.id, lang).map(|l| l.text).unwrap_or_default()
        ))?;
        if !no_key {
            output::line(format!(
                "    expected: {}",
                s.answer_text(&q.id, expected, lang)
            ))?;
        }
    }
    if !off_path.is_empty() {
        output::line("\nOff the key's path (only if the trainee asks):")?;
        for q in off_path {
            output::line(format!(
                "\n[-] {} — {}",
                q.id,
                form.localize(&q.label, lang).text
            ))?;
            output::line(format!(
                "    says:     “{}”",
                s.says(&q.id, lang).map(|l| l.text).unwrap_or_default()
            ))?;
        }
    }
    if !no_key {
        let rules = s.rule_set_definition();
        output::line("\nANSWER KEY")?;
        let strengths: Vec<String> = s
            .key
            .indicators
            .iter()
            .map(|i| match form.indicators.get(i) {
                Some(ind) => format!("{i} ({})", ind.strength.as_str()),
                None => i.clone(),
            })
            .collect();
        let danger = s.expected_danger();
        output::fields(&[
            (
                "level",
                format!(
                    "{} — {}",
                    s.key.level,
                    rules.localize(&rules.level(s.key.level).name, lang).text
                ),
            ),
            (
                "indicators",
                if strengths.is_empty() {
                    "none".into()
                } else {
                    strengths.join("\n")
                },
            ),
            (
                "immediate danger",
                if danger.is_empty() {
                    "none".into()
                } else {
                    danger.join(", ")
                },
            ),
        ])?;
    }
    Ok(())
}

/// Practice runs and checks write and read interviews: only in a demo vault, so that
/// training never leaves fictional cases among real ones.
fn require_demo(global: &Global) -> Result<()> {
    if crate::session::open(global)?.is_demo() {
        Ok(())
    } else {
        Err(senim_demo::Error::NotDemo(
            "training runs only in a demo vault (create one with `senim vault init --demo`)",
        )
        .into())
    }
}

fn practice(global: &Global, args: &TrainingRunArgs) -> Result<()> {
    let s = scenarios::find(&args.scenario)?;
    check_language(&s, &args.lang)?;
    require_demo(global)?;
    // An answers file stands for a consent already role-played.
    let consent = if args.answers.is_some() && args.consent.is_empty() {
        vec!["screening".to_string()]
    } else {
        args.consent.clone()
    };
    let run = RunArgs {
        form: s.form.id.clone(),
        form_version: Some(s.form.version.clone()),
        lang: args.lang.clone(),
        subject: None,
        anonymous: true,
        answers: args.answers.clone(),
        consent,
        recorded_by: args.recorded_by.clone(),
        rules: Some(s.rule_set.id.clone()),
    };
    if args.answers.is_none() {
        output::line(format!(
            "Practice interview with {}, a fictional persona (scenario {}). The trainer \
             plays the persona: senim training show {}\n",
            s.persona.alias, s.id, s.id
        ))?;
    }
    let Some((session, assessment)) = interview::conduct(global, &run)? else {
        return Ok(());
    };
    let report = s.compare(session.interview())?;
    let id = session.id().map(|i| i.to_string());
    if global.json {
        return output::json(&json!({
            "interview": id,
            "status": session.interview().status,
            "assessment": assessment,
            "training": report,
        }));
    }
    if let Some(id) = &id {
        output::line(format!("interview: {id}"))?;
    }
    if let Some(a) = &assessment {
        interview::print_assessment(a)?;
    }
    print_report(&s, &report, &args.lang)?;
    if let (None, Some(id)) = (&assessment, &id) {
        output::line(format!(
            "\nThe interview is not finished: continue it with `senim interview resume {id}`, \
             then compare again with `senim training check --scenario {} --interview {id}`.",
            s.id
        ))?;
    }
    Ok(())
}

fn check(global: &Global, scenario: &str, id: RecordId, lang: Option<&str>) -> Result<()> {
    let s = scenarios::find(scenario)?;
    if let Some(lang) = lang {
        check_language(&s, lang)?;
    }
    require_demo(global)?;
    let unlocked = Unlocked::open(global)?;
    let record = unlocked.vault().get(id)?;
    unlocked.close()?;
    let RecordBody::Interview(interview) = record.body else {
        bail!("record {id} is not an interview");
    };
    if record.deleted {
        bail!("interview {id} was deleted");
    }
    let report = s.compare(&interview)?;
    if global.json {
        return output::json(&json!({
            "interview": id.to_string(),
            "status": interview.status,
            "training": report,
        }));
    }
    output::line(format!("interview: {id}"))?;
    print_report(&s, &report, lang.unwrap_or(&interview.language))
}

fn points(n: u32) -> String {
    format!("-{n} point{}", if n == 1 { "" } else { "s" })
}

fn explained(e: &Explanation, lang: &str) -> Result<()> {
    output::line(format!("    {}", e.get(lang)))
}

/// Prints the comparison for the trainee and the trainer: the score, then every
/// finding with its points and explanation.
fn print_report(s: &Scenario, r: &TraineeReport, lang: &str) -> Result<()> {
    output::line("")?;
    output::line(format!(
        "TRAINING RESULT — {}",
        s.text(&s.title, scenarios::explanation_language(lang)).text
    ))?;
    output::fields(&[
        ("score", format!("{}/100", r.score)),
        (
            "level",
            if r.level == r.expected_level {
                format!("{} (as the key)", r.level)
            } else {
                format!(
                    "{} (key: {}, {})",
                    r.level,
                    r.expected_level,
                    points(r.level_penalty)
                )
            },
        ),
    ])?;
    if r.is_perfect() {
        output::line("\nEvery answer matches the key.")?;
        return Ok(());
    }
    if let Some(e) = &r.level_explanation {
        output::line("")?;
        explained(e, lang)?;
    }
    if !r.danger_missed.is_empty() {
        output::line("\nImmediate danger missed:")?;
        for d in &r.danger_missed {
            output::line(format!("  - {} ({})", d.question, points(d.penalty)))?;
            explained(&d.explanation, lang)?;
        }
    }
    for (title, findings) in [
        ("Indicators missed:", &r.indicators_missed),
        (
            "Indicators raised that the key does not have:",
            &r.indicators_not_in_key,
        ),
    ] {
        if findings.is_empty() {
            continue;
        }
        output::line(format!("\n{title}"))?;
        for f in findings {
            output::line(format!(
                "  - {} ({}, {}) ({})",
                f.indicator,
                f.strength.as_str(),
                f.dimension,
                points(f.penalty)
            ))?;
            explained(&f.explanation, lang)?;
        }
    }
    if !r.answers_differ.is_empty() {
        output::line("\nAnswers that differ from the key:")?;
        for d in &r.answers_differ {
            output::line(format!(
                "  - {}: expected {}, given {} ({})",
                d.question,
                s.answer_text(&d.question, &d.expected, lang),
                s.answer_text(&d.question, &d.given, lang),
                points(d.penalty)
            ))?;
            explained(&d.explanation, lang)?;
        }
    }
    if !r.questions_missed.is_empty() {
        output::line("\nQuestions without an answer:")?;
        for m in &r.questions_missed {
            output::line(format!(
                "  - {} ({}, {})",
                m.question,
                output::wire_name(&m.reason).replace('_', " "),
                points(m.penalty)
            ))?;
            explained(&m.explanation, lang)?;
        }
    }
    if !r.answers_off_key.is_empty() {
        output::line(format!(
            "\nAnswered off the key's path (no points): {}",
            r.answers_off_key.join(", ")
        ))?;
    }
    output::line("\nHow the score is computed: docs/training.md")
}
