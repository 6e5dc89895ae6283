//! `senim interview run | resume` and `senim assess`: screening interviews on the
//! terminal or from an answers file, and scoring stored interviews again.
//!
//! Every answer is stored in the vault the moment it is given (by the core's runner),
//! so closing the terminal mid-interview loses nothing: `senim interview resume ID`
//! continues where it stopped. Nothing is stored before the person's consent.
//!
//! Its arguments are its own ([`InterviewCommand`], [`AssessArgs`]); [`RunArgs`] is in
//! `commands::shared`, for `senim training run` builds one too.

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Result, anyhow, bail};
use clap::{Args, Subcommand};
use senim_content::forms::{Form, InterviewSession, QuestionType, QuestionView};
use senim_content::screening::{self, Assessment, RuleSet};
use senim_content::{DEFAULT_RULE_SET, Library};
use senim_records::{Answer, ConsentScope, Interview, RecordBody, RecordId, YesNo};
use senim_vault::Vault;

use crate::commands::shared::RunArgs;
use crate::global::Global;
use crate::input;
use crate::library::library;
use crate::output::{self, Table};
use crate::refusal;
use crate::session::Unlocked;
use crate::words;
use senim_l10n::args;

#[derive(Debug, Subcommand)]
pub enum InterviewCommand {
    /// Run a screening interview on the terminal (or from --answers), store every answer
    /// as it is given, and print the assessment
    Run(RunArgs),
    /// Continue an interrupted interview where it stopped
    Resume {
        /// The interview's id
        id: RecordId,
        /// Continue from a JSON answers file instead of the terminal
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
        /// The rule set that scores the interview [default: the newest ilo_ec_2009]
        #[arg(long, value_name = "ID")]
        rules: Option<String>,
    },
}

/// `senim assess`.
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The interview's id
    id: RecordId,
    /// Explain in this language instead of the interview's
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
}

pub fn run(global: &Global, command: &InterviewCommand) -> Result<()> {
    match command {
        InterviewCommand::Run(args) => start(global, args),
        InterviewCommand::Resume { id, answers, rules } => {
            resume(global, *id, answers.as_deref(), rules.as_deref())
        }
    }
}

/// Answers read from a `--answers` file, checked against the form before the vault is
/// touched.
type FileAnswers = BTreeMap<String, Answer>;

fn read_answers(form: &Form, path: &Path) -> Result<FileAnswers> {
    let bytes = input::read_file(path, input::MAX_ANSWERS_BYTES, "the answers file")?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
        anyhow!(words::format(
            "cli-interview-answers-not-json",
            &args!["line" => e.line()]
        ))
    })?;
    let serde_json::Value::Object(map) = value else {
        bail!(words::text("cli-interview-answers-not-object"));
    };
    let mut out = FileAnswers::new();
    for (id, v) in map {
        if form.question(&id).is_none() {
            bail!(words::format(
                "cli-interview-answers-unknown-question",
                &args![
                    "question" => output::one_line(&output::truncate(&id, 64)),
                    "form" => form.id.as_str(),
                ]
            ));
        }
        let text = match v {
            serde_json::Value::String(s) => s,
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(true) => "yes".into(),
            serde_json::Value::Bool(false) => "no".into(),
            serde_json::Value::Array(items) => items
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| i.to_string())
                })
                .collect::<Vec<_>>()
                .join(","),
            _ => bail!(words::format(
                "cli-interview-answer-type",
                &args!["question" => id.as_str()]
            )),
        };
        let answer = form.parse_answer(&id, &text).map_err(|e| {
            anyhow!(words::format(
                "cli-interview-question-error",
                &args!["question" => id.as_str(), "error" => refusal::content(&e)]
            ))
        })?;
        out.insert(id, answer);
    }
    Ok(out)
}

fn parse_scopes(scopes: &[String]) -> Result<Vec<ConsentScope>> {
    scopes
        .iter()
        .map(|s| match s.trim() {
            "screening" => Ok(ConsentScope::Screening),
            "referral" => Ok(ConsentScope::Referral),
            "sharing" => Ok(ConsentScope::Sharing),
            _ => Err(anyhow!(words::text("cli-interview-unknown-scope"))),
        })
        .collect()
}

fn rules_for(lib: &Library, form: &Form, id: Option<&str>) -> Result<Arc<RuleSet>> {
    let rules = lib.rule_set(id.unwrap_or(DEFAULT_RULE_SET), None)?;
    rules.check_form(form)?;
    Ok(rules)
}

fn start(global: &Global, args: &RunArgs) -> Result<()> {
    match conduct(global, args)? {
        Some((session, finished)) => report(global, &session, finished.as_ref()),
        None => Ok(()),
    }
}

/// Runs an interview on the terminal or from `args.answers`, storing every answer as it
/// is given, and scores it once every question is answered or skipped. `None` when the
/// person gave no consent (nothing was stored); otherwise the session and, when the
/// interview finished, its assessment. Shared with `senim training run`.
pub fn conduct(
    global: &Global,
    args: &RunArgs,
) -> Result<Option<(InterviewSession, Option<Assessment>)>> {
    let lib = library(global)?;
    let form = lib.form(&args.form, args.form_version.as_deref())?;
    let rules = rules_for(&lib, &form, args.rules.as_deref())?;
    if !form.supports(&args.lang) {
        bail!(words::format(
            "cli-interview-form-no-language",
            &args![
                "form" => form.id.as_str(),
                "language" => output::one_line(&output::truncate(&args.lang, 8)),
                "languages" => form.languages.join(", "),
            ]
        ));
    }
    let file = args
        .answers
        .as_deref()
        .map(|p| read_answers(&form, p))
        .transpose()?;
    let scopes = parse_scopes(&args.consent)?;
    if file.is_some() && scopes.is_empty() {
        bail!(words::text("cli-interview-consent-required"));
    }
    let subject = if args.anonymous { None } else { args.subject };

    let unlocked = Unlocked::open(global)?;
    let vault = unlocked.vault();
    let mut session = InterviewSession::start(form.clone(), &args.lang, subject)?;
    let mut terminal = Terminal::new();
    // On the terminal the consent script is always read out, even when --consent
    // names the scopes in advance; an answers file stands for a consent already taken.
    let scopes = if file.is_some() {
        scopes
    } else {
        match terminal.ask_consent(&session, &scopes)? {
            Some(scopes) => scopes,
            None => {
                output::line(words::text("cli-interview-no-consent"))?;
                unlocked.close()?;
                return Ok(None);
            }
        }
    };
    session.record_consent(vault, &scopes, &args.recorded_by)?;
    let result = drive(vault, &mut session, file.as_ref(), &mut terminal, &rules);
    let finished = finish_or_pause(vault, &mut session, result, &rules)?;
    unlocked.close()?;
    if session.has_exited() {
        // Nothing about the interview after a quick exit.
        return Ok(None);
    }
    Ok(Some((session, finished)))
}

fn resume(
    global: &Global,
    id: RecordId,
    answers: Option<&Path>,
    rules: Option<&str>,
) -> Result<()> {
    let lib = library(global)?;
    let unlocked = Unlocked::open(global)?;
    let vault = unlocked.vault();
    let interview = interview(vault, id)?;
    let form = lib.form(&interview.form_id, Some(&interview.form_version))?;
    let rules = rules_for(&lib, &form, rules)?;
    let file = answers.map(|p| read_answers(&form, p)).transpose()?;
    let mut session = InterviewSession::resume(vault, form, id)?;
    let mut terminal = Terminal::new();
    if file.is_none() {
        terminal.say(&words::format(
            "cli-interview-resuming",
            &args![
                "id" => id.to_string(),
                "answered" => session.progress().answered,
                "visible" => session.progress().visible
            ],
        ))?;
    }
    let result = drive(vault, &mut session, file.as_ref(), &mut terminal, &rules);
    let finished = finish_or_pause(vault, &mut session, result, &rules)?;
    unlocked.close()?;
    if session.has_exited() {
        return Ok(());
    }
    report(global, &session, finished.as_ref())
}

fn interview(vault: &Vault, id: RecordId) -> Result<Interview> {
    match vault.get(id)?.body {
        RecordBody::Interview(i) => Ok(i),
        _ => bail!(words::format(
            "cli-interview-not-an-interview",
            &args!["id" => id.to_string()]
        )),
    }
}

/// How an interview run ended before scoring.
enum Stop {
    /// Every visible question has an answer or a skip.
    Done,
    /// The worker paused (or input ended): resume later.
    Paused,
    /// The person stopped the interview.
    Stopped,
    /// Quick exit (`:exit`): leave at once for a neutral screen.
    Exited,
}

fn drive(
    vault: &Vault,
    session: &mut InterviewSession,
    file: Option<&FileAnswers>,
    terminal: &mut Terminal,
    _rules: &RuleSet,
) -> Result<Stop> {
    match file {
        Some(answers) => drive_file(vault, session, answers),
        None => terminal.interview(vault, session),
    }
}

fn drive_file(
    vault: &Vault,
    session: &mut InterviewSession,
    answers: &FileAnswers,
) -> Result<Stop> {
    while let Some(q) = session.current() {
        match answers.get(&q.id) {
            Some(a) => {
                session.answer(vault, a.clone()).map_err(|e| {
                    anyhow!(words::format(
                        "cli-interview-question-error",
                        &args!["question" => &q.id, "error" => refusal::step(&e)]
                    ))
                })?;
            }
            None if q.required => bail!(words::format(
                "cli-interview-answer-missing",
                &args!["question" => &q.id]
            )),
            None => session.skip(vault)?,
        }
    }
    let unused: Vec<&String> = answers
        .keys()
        .filter(|id| !session.interview().answers.contains_key(*id))
        .collect();
    if !unused.is_empty() {
        let unused: Vec<&str> = unused.iter().map(|s| s.as_str()).collect();
        eprintln!(
            "{}",
            words::format(
                "cli-interview-answers-unused",
                &args!["questions" => unused.join(", ")]
            )
        );
    }
    Ok(Stop::Done)
}

/// Scores and completes a finished interview; leaves a paused one in progress and
/// says how to resume it.
fn finish_or_pause(
    vault: &Vault,
    session: &mut InterviewSession,
    result: Result<Stop>,
    rules: &RuleSet,
) -> Result<Option<Assessment>> {
    let id = session.id().map(|i| i.to_string()).unwrap_or_default();
    match result {
        Ok(Stop::Done) => Ok(Some(screening::finish(vault, session, rules)?)),
        Ok(Stop::Paused) => {
            eprintln!(
                "{}",
                words::format("cli-interview-paused", &args!["id" => id.as_str()])
            );
            Ok(None)
        }
        Ok(Stop::Stopped) => {
            session.stop(vault)?;
            eprintln!(
                "{}",
                words::format("cli-interview-stopped", &args!["id" => id.as_str()])
            );
            Ok(None)
        }
        Ok(Stop::Exited) => {
            // The screen is already neutral; the answers given are stored. A failure to
            // mark the record stopped leaves it resumable, which is safe.
            if let Err(e) = session.quick_exit(vault) {
                tracing::debug!("quick exit: the interview stays in progress: {e}");
            }
            Ok(None)
        }
        Err(e) => Err(e.context(words::format(
            "cli-interview-saved-so-far",
            &args!["id" => id.as_str()],
        ))),
    }
}

fn report(global: &Global, session: &InterviewSession, a: Option<&Assessment>) -> Result<()> {
    let id = session.id().map(|i| i.to_string());
    if global.json {
        return output::json(&serde_json::json!({
            "interview": id,
            "status": session.interview().status,
            "assessment": a,
        }));
    }
    if let Some(id) = &id {
        output::line(words::format(
            "cli-interview-id",
            &args!["id" => id.as_str()],
        ))?;
    }
    match a {
        Some(a) => print_assessment(a),
        None => Ok(()),
    }
}

/// `senim assess`: scores a stored interview again and prints the assessment.
pub fn assess(global: &Global, args: &AssessArgs) -> Result<()> {
    let lib = library(global)?;
    let unlocked = Unlocked::open(global)?;
    let interview = interview(unlocked.vault(), args.id)?;
    unlocked.close()?;
    let assessment = rescore(&lib, &interview, args.lang.as_deref())?;
    if global.json {
        return output::json(&assessment);
    }
    print_assessment(&assessment)
}

/// Scores a stored interview with its own form version and, when it was scored before,
/// its own rule-set version.
pub fn rescore(lib: &Library, interview: &Interview, lang: Option<&str>) -> Result<Assessment> {
    let form = lib.form(&interview.form_id, Some(&interview.form_version))?;
    let rules = match &interview.assessment {
        Some(s) => lib.rule_set(&s.rule_set_id, Some(&s.rule_set_version))?,
        None => lib.rule_set(DEFAULT_RULE_SET, None)?,
    };
    screening::verify_versions(interview, &form, &rules)?;
    let lang = lang.unwrap_or(&interview.language);
    if !form.supports(lang) {
        bail!(words::format(
            "cli-interview-form-languages",
            &args!["languages" => form.languages.join(", ")]
        ));
    }
    Ok(screening::assess(&form, &rules, &interview.answers, lang)?)
}

/// Prints an assessment for people: the headline first, then danger, the dimensions,
/// the forced-labour indicators, the explanation and the disclaimer.
pub fn print_assessment(a: &Assessment) -> Result<()> {
    output::line("")?;
    output::line(a.headline.text.to_uppercase())?;
    if a.urgent_safety {
        output::line(words::format(
            "cli-assessment-danger",
            &args!["questions" => a.danger.join(", ")],
        ))?;
        if let Some(steps) = &a.emergency {
            output::line(format!("    {}", steps.text))?;
        }
    }
    let labels = [
        words::text("cli-assessment-level"),
        words::text("cli-assessment-form"),
        words::text("cli-assessment-rule-set"),
    ];
    output::fields(&[
        (&labels[0], words::named("cli-level-", &a.level.to_string())),
        (
            &labels[1],
            format!("{} {} ({})", a.form.id, a.form.version, a.language),
        ),
        (
            &labels[2],
            format!("{} {}", a.rule_set.id, a.rule_set.version),
        ),
    ])?;
    for p in &a.populations {
        if p.indicators == 0 {
            continue;
        }
        output::line(words::format(
            "cli-assessment-population",
            &args![
                "population" => p.population.to_string(),
                "level" => words::named("cli-level-", &p.level.to_string()),
                "count" => p.indicators
            ],
        ))?;
        let mut table = Table::of_keys(&[
            "cli-assessment-column-dimension",
            "cli-assessment-column-strong",
            "cli-assessment-column-medium",
            "cli-assessment-column-weak",
            "cli-assessment-column-positive",
        ]);
        for d in p.dimensions.iter().filter(|d| d.count() > 0) {
            table.row(vec![
                d.dimension.clone(),
                d.strong.len().to_string(),
                d.medium.len().to_string(),
                d.weak.len().to_string(),
                words::text(if d.positive {
                    "common-yes"
                } else {
                    "common-no"
                }),
            ]);
        }
        table.print()?;
    }
    let fl = &a.forced_labour;
    if !fl.indicators.is_empty() {
        let key = if fl.flag {
            "cli-assessment-forced-labour-flagged"
        } else {
            "cli-assessment-forced-labour"
        };
        output::line(words::format(
            key,
            &args!["indicators" => fl.indicators.join(", ")],
        ))?;
    }
    output::line("")?;
    // The explanation ends with the disclaimer; print it apart, as the last word.
    let lines = a.explanation.iter().filter(|l| l.text != a.disclaimer.text);
    for line in lines {
        output::line(format!("- {}", line.text))?;
    }
    output::line(format!("\n{}", a.disclaimer.text))
}

// ---------------------------------------------------------------------------------------
// The terminal interview.

struct Terminal {
    input: Box<dyn BufRead>,
}

impl Terminal {
    fn new() -> Terminal {
        Terminal {
            input: Box::new(std::io::BufReader::new(std::io::stdin())),
        }
    }

    fn say(&self, text: &str) -> Result<()> {
        output::line(text)
    }

    /// A neutral screen for the quick exit: on a terminal, the screen and its
    /// scroll-back are cleared, so nothing of the interview stays visible.
    fn clear(&self) -> Result<()> {
        let mut out = std::io::stdout().lock();
        if out.is_terminal() {
            write!(out, "\x1b[2J\x1b[3J\x1b[H")?;
            out.flush()?;
        }
        Ok(())
    }

    /// One line of input, trimmed; `None` at the end of input.
    fn read(&mut self, prompt: &str) -> Result<Option<String>> {
        {
            let mut out = std::io::stdout().lock();
            write!(out, "{prompt}")?;
            out.flush()?;
        }
        let line = input::read_line(&mut self.input, input::MAX_LINE_BYTES, "an answer")?;
        Ok(line.map(|l| l.trim().to_string()))
    }

    fn yes(&mut self, prompt: &str) -> Result<Option<bool>> {
        loop {
            match self
                .read(prompt)?
                .as_deref()
                .map(str::to_lowercase)
                .as_deref()
            {
                None => return Ok(None),
                Some("y" | "yes") => return Ok(Some(true)),
                Some("n" | "no") => return Ok(Some(false)),
                _ => self.say(&words::text("cli-interview-answer-y-or-n"))?,
            }
        }
    }

    /// Reads the consent script and asks which scopes the person agrees to. `None`
    /// when the person does not consent to screening.
    fn ask_consent(
        &mut self,
        session: &InterviewSession,
        preset: &[ConsentScope],
    ) -> Result<Option<Vec<ConsentScope>>> {
        let c = session.consent_script();
        self.say(&words::text("cli-interview-consent-read"))?;
        for part in [
            &c.purpose,
            &c.use_of_information,
            &c.right_to_refuse,
            &c.right_to_stop,
        ] {
            self.say(&format!("  {}", part.text))?;
        }
        self.say("")?;
        if !preset.is_empty() {
            let names: Vec<String> = preset.iter().map(output::wire_name).collect();
            let names: Vec<String> = names
                .iter()
                .map(|n| words::named("cli-consent-scope-", n))
                .collect();
            let question = words::format(
                "cli-interview-consent-preset",
                &args!["scopes" => names.join(", ")],
            );
            return Ok((self.yes(&question)? == Some(true)).then(|| preset.to_vec()));
        }
        if self.yes(&words::text("cli-interview-consent-screening"))? != Some(true) {
            return Ok(None);
        }
        let mut scopes = vec![ConsentScope::Screening];
        if self.yes(&words::text("cli-interview-consent-referral"))? == Some(true) {
            scopes.push(ConsentScope::Referral);
        }
        if self.yes(&words::text("cli-interview-consent-sharing"))? == Some(true) {
            scopes.push(ConsentScope::Sharing);
        }
        Ok(Some(scopes))
    }

    fn show(&self, q: &QuestionView) -> Result<()> {
        let review = if q.label.needs_review {
            words::text("cli-interview-not-reviewed")
        } else {
            String::new()
        };
        // The section's title is the worker's map of the form, never said to the person:
        // a title such as "sexual exploitation" read over a shoulder can endanger them.
        self.say(&format!(
            "\n[{}/{}] {}{review}",
            q.number, q.total, q.label.text
        ))?;
        if let Some(h) = &q.help {
            self.say(&format!("      {}", h.text))?;
        }
        for (i, o) in q.options.iter().enumerate() {
            self.say(&format!("      {}. {}", i + 1, o.label.text))?;
        }
        if let Some(a) = &q.answer {
            self.say(&words::format(
                "cli-interview-current-answer",
                &args!["answer" => answer_text(q, a)],
            ))?;
        }
        Ok(())
    }

    fn interview(&mut self, vault: &Vault, session: &mut InterviewSession) -> Result<Stop> {
        self.say(&words::text("cli-interview-type-help"))?;
        loop {
            let Some(q) = session.current() else {
                let missing = session.missing_required();
                match missing.first() {
                    Some(m) => {
                        session.go_to(m)?;
                        continue;
                    }
                    None => return Ok(Stop::Done),
                }
            };
            self.show(&q)?;
            let hint = words::text(match q.kind {
                QuestionType::YesNo => "cli-interview-hint-yes-no",
                QuestionType::SingleChoice => "cli-interview-hint-number",
                QuestionType::MultipleChoice => "cli-interview-hint-numbers",
                QuestionType::Integer => "cli-interview-hint-number",
                QuestionType::Date => "cli-interview-hint-date",
                QuestionType::Country => "cli-interview-hint-country",
                QuestionType::Text => "cli-interview-hint-text",
            });
            let Some(input) = self.read(&format!("  ({hint}) > "))? else {
                return Ok(Stop::Paused);
            };
            let command: Vec<&str> = input.split_whitespace().collect();
            match command.as_slice() {
                [":help"] => self.say(&words::text("cli-interview-help"))?,
                [":back"] => {
                    if !session.back() {
                        self.say(&words::text("cli-interview-first-question"))?;
                    }
                }
                [":next"] => {
                    session.forward();
                }
                [":skip"] if q.required => {
                    self.say(&words::text("cli-interview-required"))?;
                }
                [":skip"] => {
                    if let Err(e) = session.skip(vault) {
                        self.say(&format!("  {}", refusal::step(&e)))?;
                    }
                }
                [":lang", code] if !session.form().supports(code) => {
                    let languages = session.form().languages.join(", ");
                    self.say(&format!(
                        "  {}",
                        words::format(
                            "cli-interview-form-languages",
                            &args!["languages" => languages]
                        )
                    ))?;
                }
                [":lang", code] => match session.set_language(vault, code) {
                    Ok(()) => {}
                    Err(e) => self.say(&format!("  {}", refusal::step(&e)))?,
                },
                [":pause"] => return Ok(Stop::Paused),
                [":stop"] => return Ok(Stop::Stopped),
                [":exit"] => {
                    self.clear()?;
                    return Ok(Stop::Exited);
                }
                [] if q.answer.is_some() => {
                    session.forward();
                }
                [] => self.say(&words::text("cli-interview-type-answer"))?,
                _ if input.starts_with(':') => {
                    self.say(&words::text("cli-interview-unknown-command"))?
                }
                _ => {
                    let text = choice_ids(&q, &input);
                    let parsed = match session.form().parse_answer(&q.id, &text) {
                        Ok(answer) => answer,
                        Err(senim_content::Error::InvalidAnswer(problem)) => {
                            self.say(&words::format(
                                "cli-interview-invalid-answer",
                                &args!["reason" => refusal::answer_problem(&problem)],
                            ))?;
                            continue;
                        }
                        Err(e) => {
                            self.say(&format!("  {e}"))?;
                            continue;
                        }
                    };
                    match session.answer(vault, parsed) {
                        Ok(outcome) => {
                            if let Some(steps) = outcome.emergency {
                                self.say(&words::format(
                                    "cli-interview-danger",
                                    &args!["steps" => steps.text.as_str()],
                                ))?;
                            }
                            if !outcome.cleared.is_empty() {
                                self.say(&words::format(
                                    "cli-interview-cleared",
                                    &args!["questions" => outcome.cleared.join(", ")],
                                ))?;
                            }
                        }
                        Err(e) => self.say(&format!("  {}", refusal::step(&e)))?,
                    }
                }
            }
        }
    }
}

/// Turns option numbers typed on the terminal into option ids.
fn choice_ids(q: &QuestionView, input: &str) -> String {
    if q.options.is_empty() {
        return input.to_string();
    }
    input
        .split(',')
        .map(|part| {
            let part = part.trim();
            part.parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| q.options.get(i))
                .map_or(part.to_string(), |o| o.id.clone())
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn answer_text(q: &QuestionView, a: &Answer) -> String {
    let option = |id: &str| {
        q.options
            .iter()
            .find(|o| o.id == id)
            .map_or(id.to_string(), |o| o.label.text.clone())
    };
    match a {
        Answer::Declined => words::text("cli-interview-answer-declined"),
        Answer::YesNo(y) => words::text(match y {
            YesNo::Yes => "common-yes",
            YesNo::No => "common-no",
            YesNo::Unknown => "cli-interview-answer-unknown",
            YesNo::Declined => "cli-interview-answer-declined",
        }),
        Answer::Choice(c) => option(c),
        Answer::Choices(cs) => cs.iter().map(|c| option(c)).collect::<Vec<_>>().join(", "),
        Answer::Text(t) => t.clone(),
        Answer::Integer(i) => i.to_string(),
        Answer::Date(d) => d.to_string(),
        Answer::Country(c) => c.clone(),
    }
}
