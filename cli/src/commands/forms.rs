//! `senim forms list | validate | show`: the screening forms available, checking a form
//! definition before it is deployed, and reading one.
//!
//! Forms hold no personal data and need no vault: these commands never ask for a
//! passcode.
//!
//! Its arguments are its own ([`FormsCommand`]).

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Subcommand;
use senim_content::forms::{Form, Question, Text, Trigger};
use serde_json::json;

use crate::global::Global;
use crate::input;
use crate::library::library;
use crate::output::{self, Table};
use crate::words;
use senim_l10n::args;

#[derive(Debug, Subcommand)]
pub enum FormsCommand {
    /// List the forms available (bundled and from --content)
    List,
    /// Check a form definition file; lists every problem and exits 1 if there is one
    Validate {
        /// The form definition (JSON)
        file: PathBuf,
    },
    /// Show a form's sections, questions, options and skip logic
    Show {
        /// The form's id
        id: String,
        /// A version other than the newest
        #[arg(long, value_name = "VERSION")]
        form_version: Option<String>,
        /// Language to show (the form's fallback chain fills gaps)
        #[arg(long, value_name = "LANG")]
        lang: Option<String>,
    },
}

pub fn run(global: &Global, command: &FormsCommand) -> Result<()> {
    match command {
        FormsCommand::List => list(global),
        FormsCommand::Validate { file } => validate(global, file),
        FormsCommand::Show {
            id,
            form_version,
            lang,
        } => show(global, id, form_version.as_deref(), lang.as_deref()),
    }
}

fn count_needs_review(form: &Form) -> usize {
    let mut texts: Vec<&Text> = vec![&form.title, &form.emergency];
    texts.extend(form.description.as_ref());
    let c = &form.consent;
    texts.extend([
        &c.purpose,
        &c.use_of_information,
        &c.right_to_refuse,
        &c.right_to_stop,
    ]);
    for s in &form.sections {
        texts.push(&s.title);
    }
    for q in &form.questions {
        texts.push(&q.label);
        texts.extend(q.help.as_ref());
        texts.extend(q.options.iter().map(|o| &o.label));
    }
    texts.extend(form.indicators.values().map(|i| &i.explanation));
    texts
        .iter()
        .flat_map(|t| t.0.values())
        .filter(|t| t.needs_review())
        .count()
}

fn list(global: &Global) -> Result<()> {
    let lib = library(global)?;
    let forms = lib.forms();
    if global.json {
        let items: Vec<_> = forms
            .iter()
            .map(|f| {
                json!({
                    "id": f.id,
                    "version": f.version,
                    "hash": f.hash,
                    "title": f.localize(&f.title, &f.default_language).text,
                    "languages": f.languages,
                    "questions": f.questions.len(),
                    "indicators": f.indicators.len(),
                    "strings_needing_review": count_needs_review(f),
                })
            })
            .collect();
        return output::json(&items);
    }
    let mut table = Table::of_keys(&[
        "cli-column-id",
        "cli-forms-column-version",
        "cli-forms-column-languages",
        "cli-forms-column-questions",
        "cli-forms-column-hash",
        "cli-forms-column-title",
    ]);
    for f in &forms {
        table.row(vec![
            f.id.clone(),
            f.version.clone(),
            f.languages.join(","),
            f.questions.len().to_string(),
            f.hash[..12].to_string(),
            f.localize(&f.title, &f.default_language).text,
        ]);
    }
    table.print()
}

fn validate(global: &Global, file: &Path) -> Result<()> {
    let bytes = input::read_file(file, input::MAX_FORM_BYTES, "the form file")?;
    match Form::from_json(&bytes) {
        Ok(form) => {
            // A form is only useful if the default rule set knows its dimensions.
            let lib = library(global)?;
            let rules = lib.rule_set(senim_content::DEFAULT_RULE_SET, None)?;
            let scoring = rules.check_form(&form);
            if global.json {
                output::json(&json!({
                    "valid": scoring.is_ok(),
                    "id": form.id,
                    "version": form.version,
                    "hash": form.hash,
                    "questions": form.questions.len(),
                    "strings_needing_review": count_needs_review(&form),
                    "problems": scoring.as_ref().err().map(|e| vec![e.to_string()]).unwrap_or_default(),
                }))?;
            } else {
                output::line(words::format(
                    "cli-forms-valid",
                    &args![
                        "file" => file.display().to_string(),
                        "form" => form.id.as_str(),
                        "version" => form.version.as_str(),
                        "questions" => form.questions.len(),
                        "indicators" => form.indicators.len(),
                        "hash" => form.hash.as_str()
                    ],
                ))?;
                let review = count_needs_review(&form);
                if review > 0 {
                    output::line(words::format(
                        "cli-forms-needs-review",
                        &args!["count" => review],
                    ))?;
                }
            }
            scoring.map_err(|e| {
                anyhow::anyhow!(words::format(
                    "cli-forms-rules-mismatch",
                    &args!["rules" => rules.id.as_str(), "error" => e.to_string()]
                ))
            })
        }
        Err(errors) => {
            if global.json {
                let problems: Vec<_> = errors
                    .0
                    .iter()
                    .map(|e| json!({"place": e.place, "problem": e.problem.to_string()}))
                    .collect();
                output::json(&json!({"valid": false, "problems": problems}))?;
            } else {
                for e in &errors.0 {
                    output::line(format!("{}: {e}", file.display()))?;
                }
            }
            Err(anyhow::anyhow!(words::format(
                "cli-forms-problems",
                &args!["count" => errors.0.len()]
            )))
        }
    }
}

fn trigger_text(t: &Trigger) -> String {
    match t {
        Trigger::Answers(a) => a.iter().cloned().collect::<Vec<_>>().join(" or "),
        Trigger::If(e) => format!("if {e}"),
    }
}

/// A trigger in the worker's words (`yes or unknown`, `if …`), for `forms show`'s text;
/// [`trigger_text`] is the JSON's.
fn trigger_words(t: &Trigger) -> String {
    match t {
        Trigger::Answers(a) => a
            .iter()
            .cloned()
            .collect::<Vec<_>>()
            .join(&words::text("cli-forms-or")),
        Trigger::If(e) => words::format("cli-forms-if", &args!["condition" => e.to_string()]),
    }
}

fn question_json(form: &Form, q: &Question, lang: &str) -> serde_json::Value {
    json!({
        "id": q.id,
        "type": q.kind,
        "label": form.localize(&q.label, lang),
        "help": q.help.as_ref().map(|h| form.localize(h, lang)),
        "options": q.options.iter().map(|o| json!({"id": o.id, "label": form.localize(&o.label, lang)})).collect::<Vec<_>>(),
        "required": q.required,
        "identifying": q.identifying,
        "show_if": q.show_if.as_ref().map(ToString::to_string),
        "raises": q.raises.iter().map(|r| json!({"indicator": r.indicator, "when": trigger_text(&r.when)})).collect::<Vec<_>>(),
        "danger": q.danger.as_ref().map(trigger_text),
    })
}

fn show(global: &Global, id: &str, version: Option<&str>, lang: Option<&str>) -> Result<()> {
    let lib = library(global)?;
    let form = lib.form(id, version)?;
    let lang = lang.unwrap_or(&form.default_language);
    if !form.supports(lang) {
        anyhow::bail!(words::format(
            "cli-forms-no-language",
            &args![
                "lang" => output::one_line(lang),
                "languages" => form.languages.join(", ")
            ]
        ));
    }
    if global.json {
        let sections: Vec<_> = form
            .sections
            .iter()
            .map(|s| {
                json!({
                    "id": s.id,
                    "title": form.localize(&s.title, lang),
                    "show_if": s.show_if.as_ref().map(ToString::to_string),
                    "questions": s.questions.iter().map(|&i| question_json(&form, &form.questions[i], lang)).collect::<Vec<_>>(),
                })
            })
            .collect();
        return output::json(&json!({
            "id": form.id,
            "version": form.version,
            "hash": form.hash,
            "language": lang,
            "title": form.localize(&form.title, lang),
            "languages": form.languages,
            "sections": sections,
        }));
    }
    let needs_review = words::text("cli-forms-review-mark");
    let review = |l: &senim_content::forms::Localized| {
        if l.needs_review {
            needs_review.clone()
        } else {
            String::new()
        }
    };
    let title = form.localize(&form.title, lang);
    output::line(format!(
        "{} — {} {} ({}){}",
        title.text,
        form.id,
        form.version,
        lang,
        review(&title)
    ))?;
    output::line(words::format(
        "cli-forms-hash",
        &args!["hash" => form.hash.as_str()],
    ))?;
    let mut number = 0;
    for s in &form.sections {
        let t = form.localize(&s.title, lang);
        output::line("")?;
        match &s.show_if {
            Some(e) => output::line(words::format(
                "cli-forms-section-shown-if",
                &args!["title" => t.text.as_str(), "condition" => e.to_string()],
            ))?,
            None => output::line(format!("## {}", t.text))?,
        }
        for &i in &s.questions {
            number += 1;
            let q = &form.questions[i];
            let label = form.localize(&q.label, lang);
            let mut flags = vec![q.kind.as_str().to_string()];
            if q.required {
                flags.push(words::text("cli-forms-required"));
            }
            if q.identifying {
                flags.push(words::text("cli-forms-identifying"));
            }
            output::line(format!(
                "{number:>3}. [{}] {}{}  ({})",
                q.id,
                label.text,
                review(&label),
                flags.join(", ")
            ))?;
            for o in &q.options {
                output::line(format!(
                    "       - {}: {}",
                    o.id,
                    form.localize(&o.label, lang).text
                ))?;
            }
            if let Some(e) = &q.show_if {
                output::line(words::format(
                    "cli-forms-shown-if",
                    &args!["condition" => e.to_string()],
                ))?;
            }
            for r in &q.raises {
                output::line(words::format(
                    "cli-forms-raises",
                    &args![
                        "indicator" => r.indicator.as_str(),
                        "when" => trigger_words(&r.when)
                    ],
                ))?;
            }
            if let Some(d) = &q.danger {
                output::line(words::format(
                    "cli-forms-danger",
                    &args!["when" => trigger_words(d)],
                ))?;
            }
        }
    }
    Ok(())
}
