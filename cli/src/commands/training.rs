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
use crate::words;
use senim_l10n::args;

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
    let mut table = Table::of_keys(&[
        "cli-column-id",
        "cli-training-column-level",
        "cli-training-column-persona",
        "cli-forms-column-title",
    ]);
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
        bail!(words::format(
            "cli-training-languages",
            &args!["scenario" => s.id.as_str(), "languages" => form.languages.join(", ")]
        ));
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
    output::line(words::format(
        "cli-training-versions",
        &args![
            "scenario" => format!("{} {}", s.id, s.version),
            "form" => format!("{} {}", s.form.id, s.form.version),
            "rules" => format!("{} {}", s.rule_set.id, s.rule_set.version)
        ],
    ))?;
    output::line("")?;
    output::line(t(&s.summary))?;
    output::line("")?;
    output::line(words::text("cli-training-fictional"))?;
    let labels = [
        "cli-training-alias",
        "cli-training-age-band",
        "cli-training-gender",
        "cli-training-nationality",
        "cli-training-persona-languages",
        "cli-training-where-met",
        "cli-training-situation",
        "cli-training-background",
    ]
    .map(words::text);
    output::fields(&[
        (&labels[0], p.alias.clone()),
        (&labels[1], output::wire_name(&p.age_band)),
        (&labels[2], output::wire_name(&p.gender)),
        (&labels[3], p.nationality.clone()),
        (&labels[4], p.languages.join(", ")),
        (&labels[5], t(&p.where_met)),
        (&labels[6], t(&p.situation)),
        (&labels[7], t(&p.background)),
    ])?;
    output::line(words::text("cli-training-script"))?;
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
        output::line(words::format(
            "cli-training-says",
            &args!["text" => s.says(&q.id, lang).map(|l| l.text).unwrap_or_default()],
        ))?;
        if !no_key {
            output::line(words::format(
                "cli-training-expected",
                &args!["answer" => s.answer_text(&q.id, expected, lang)],
            ))?;
        }
    }
    if !off_path.is_empty() {
        output::line(words::text("cli-training-off-path"))?;
        for q in off_path {
            output::line(format!(
                "\n[-] {} — {}",
                q.id,
                form.localize(&q.label, lang).text
            ))?;
            output::line(words::format(
                "cli-training-says",
                &args!["text" => s.says(&q.id, lang).map(|l| l.text).unwrap_or_default()],
            ))?;
        }
    }
    if !no_key {
        let rules = s.rule_set_definition();
        output::line(words::text("cli-training-answer-key"))?;
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
        let labels = [
            "cli-assessment-level",
            "cli-training-indicators",
            "cli-training-immediate-danger",
        ]
        .map(words::text);
        output::fields(&[
            (
                &labels[0],
                format!(
                    "{} — {}",
                    s.key.level,
                    rules.localize(&rules.level(s.key.level).name, lang).text
                ),
            ),
            (
                &labels[1],
                if strengths.is_empty() {
                    words::text("cli-training-none")
                } else {
                    strengths.join("\n")
                },
            ),
            (
                &labels[2],
                if danger.is_empty() {
                    words::text("cli-training-none")
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
        output::line(words::format(
            "cli-training-practice",
            &args!["persona" => s.persona.alias.as_str(), "scenario" => s.id.as_str()],
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
        output::line(words::format(
            "cli-interview-id",
            &args!["id" => id.as_str()],
        ))?;
    }
    if let Some(a) = &assessment {
        interview::print_assessment(a)?;
    }
    print_report(&s, &report, &args.lang)?;
    if let (None, Some(id)) = (&assessment, &id) {
        output::line(words::format(
            "cli-training-unfinished",
            &args!["id" => id.as_str(), "scenario" => s.id.as_str()],
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
        bail!(words::format(
            "cli-interview-not-an-interview",
            &args!["id" => id.to_string()]
        ));
    };
    if record.deleted {
        bail!(words::format(
            "cli-training-deleted",
            &args!["id" => id.to_string()]
        ));
    }
    let report = s.compare(&interview)?;
    if global.json {
        return output::json(&json!({
            "interview": id.to_string(),
            "status": interview.status,
            "training": report,
        }));
    }
    output::line(words::format(
        "cli-interview-id",
        &args!["id" => id.to_string()],
    ))?;
    print_report(&s, &report, lang.unwrap_or(&interview.language))
}

fn points(n: u32) -> String {
    words::format("cli-training-points", &args!["count" => n])
}

fn explained(e: &Explanation, lang: &str) -> Result<()> {
    output::line(format!("    {}", e.get(lang)))
}

/// Prints the comparison for the trainee and the trainer: the score, then every
/// finding with its points and explanation.
fn print_report(s: &Scenario, r: &TraineeReport, lang: &str) -> Result<()> {
    output::line("")?;
    output::line(words::format(
        "cli-training-result",
        &args!["title" => s.text(&s.title, scenarios::explanation_language(lang)).text],
    ))?;
    let labels = ["cli-training-score", "cli-assessment-level"].map(words::text);
    output::fields(&[
        (&labels[0], format!("{}/100", r.score)),
        (
            &labels[1],
            if r.level == r.expected_level {
                words::format(
                    "cli-training-level-as-key",
                    &args!["level" => r.level.to_string()],
                )
            } else {
                words::format(
                    "cli-training-level-off-key",
                    &args![
                        "level" => r.level.to_string(),
                        "key" => r.expected_level.to_string(),
                        "points" => points(r.level_penalty)
                    ],
                )
            },
        ),
    ])?;
    if r.is_perfect() {
        output::line(words::text("cli-training-perfect"))?;
        return Ok(());
    }
    if let Some(e) = &r.level_explanation {
        output::line("")?;
        explained(e, lang)?;
    }
    if !r.danger_missed.is_empty() {
        output::line(words::text("cli-training-danger-missed"))?;
        for d in &r.danger_missed {
            output::line(format!("  - {} ({})", d.question, points(d.penalty)))?;
            explained(&d.explanation, lang)?;
        }
    }
    for (title, findings) in [
        ("cli-training-indicators-missed", &r.indicators_missed),
        ("cli-training-indicators-extra", &r.indicators_not_in_key),
    ] {
        if findings.is_empty() {
            continue;
        }
        output::line(words::text(title))?;
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
        output::line(words::text("cli-training-answers-differ"))?;
        for d in &r.answers_differ {
            output::line(words::format(
                "cli-training-answer-differs",
                &args![
                    "question" => d.question.as_str(),
                    "expected" => s.answer_text(&d.question, &d.expected, lang),
                    "given" => s.answer_text(&d.question, &d.given, lang),
                    "points" => points(d.penalty)
                ],
            ))?;
            explained(&d.explanation, lang)?;
        }
    }
    if !r.questions_missed.is_empty() {
        output::line(words::text("cli-training-questions-missed"))?;
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
        output::line(words::format(
            "cli-training-off-key",
            &args!["questions" => r.answers_off_key.join(", ")],
        ))?;
    }
    output::line(words::text("cli-training-how"))
}
