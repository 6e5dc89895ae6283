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
use crate::session::Unlocked;

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
    let value: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| anyhow!("the answers file is not valid JSON (line {})", e.line()))?;
    let serde_json::Value::Object(map) = value else {
        bail!("the answers file must be a JSON object: {{\"question_id\": \"answer\", ...}}");
    };
    let mut out = FileAnswers::new();
    for (id, v) in map {
        if form.question(&id).is_none() {
            bail!(
                "the answers file names question '{}', which form '{}' does not have",
                output::one_line(&output::truncate(&id, 64)),
                form.id
            );
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
            _ => bail!("the answer to question '{id}' must be a string, number or list"),
        };
        let answer = form
            .parse_answer(&id, &text)
            .map_err(|e| anyhow!("question '{id}': {e}"))?;
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
            _ => Err(anyhow!(
                "unknown consent scope: expected screening, referral or sharing"
            )),
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
        bail!(
            "form '{}' has no language '{}'; it runs in {}",
            form.id,
            output::one_line(&output::truncate(&args.lang, 8)),
            form.languages.join(", ")
        );
    }
    let file = args
        .answers
        .as_deref()
        .map(|p| read_answers(&form, p))
        .transpose()?;
    let scopes = parse_scopes(&args.consent)?;
    if file.is_some() && scopes.is_empty() {
        bail!("--consent is required with --answers (for example --consent screening)");
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
                output::line("No consent: nothing was stored.")?;
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
        terminal.say(&format!(
            "Resuming interview {id} ({} of {} questions answered).",
            session.progress().answered,
            session.progress().visible
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
        _ => bail!("record {id} is not an interview"),
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
                session
                    .answer(vault, a.clone())
                    .map_err(|e| anyhow!("question '{}': {e}", q.id))?;
            }
            None if q.required => bail!(
                "the answers file has no answer for required question '{}'",
                q.id
            ),
            None => session.skip(vault)?,
        }
    }
    let unused: Vec<&String> = answers
        .keys()
        .filter(|id| !session.interview().answers.contains_key(*id))
        .collect();
    if !unused.is_empty() {
        eprintln!(
            "warning: not asked for these answers (hidden by skip logic or not allowed): {}",
            unused
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
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
            eprintln!("Interview {id} is saved. Continue with: senim interview resume {id}");
            Ok(None)
        }
        Ok(Stop::Stopped) => {
            session.stop(vault)?;
            eprintln!("Interview {id} was stopped at the person's request.");
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
        Err(e) => Err(e.context(format!(
            "interview {id} is saved as far as it went; continue with: senim interview resume {id}"
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
        output::line(format!("interview: {id}"))?;
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
        bail!("the form runs in {}", form.languages.join(", "));
    }
    Ok(screening::assess(&form, &rules, &interview.answers, lang)?)
}

/// Prints an assessment for people: the headline first, then danger, the dimensions,
/// the forced-labour indicators, the explanation and the disclaimer.
pub fn print_assessment(a: &Assessment) -> Result<()> {
    output::line("")?;
    output::line(a.headline.text.to_uppercase())?;
    if a.urgent_safety {
        output::line(format!(
            "!!! IMMEDIATE DANGER signalled by: {}",
            a.danger.join(", ")
        ))?;
        if let Some(steps) = &a.emergency {
            output::line(format!("    {}", steps.text))?;
        }
    }
    output::fields(&[
        ("level", a.level.to_string()),
        (
            "form",
            format!("{} {} ({})", a.form.id, a.form.version, a.language),
        ),
        (
            "rule set",
            format!("{} {}", a.rule_set.id, a.rule_set.version),
        ),
    ])?;
    for p in &a.populations {
        if p.indicators == 0 {
            continue;
        }
        output::line(format!(
            "\n{} — {} ({} indicator(s))",
            p.population, p.level, p.indicators
        ))?;
        let mut table = Table::new(&["DIMENSION", "STRONG", "MEDIUM", "WEAK", "POSITIVE"]);
        for d in p.dimensions.iter().filter(|d| d.count() > 0) {
            table.row(vec![
                d.dimension.clone(),
                d.strong.len().to_string(),
                d.medium.len().to_string(),
                d.weak.len().to_string(),
                if d.positive { "yes" } else { "no" }.to_string(),
            ]);
        }
        table.print()?;
    }
    let fl = &a.forced_labour;
    if !fl.indicators.is_empty() {
        output::line(format!(
            "\nILO forced-labour indicators: {}{}",
            fl.indicators.join(", "),
            if fl.flag {
                " (involuntariness and coercion both present)"
            } else {
                ""
            }
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

const TERMINAL_HELP: &str = "\
Answer the question, or type:
  :back            previous question        :next   next question (keep the answer)
  :skip            skip (optional questions only)
  :lang CODE       switch language (en, ru, kk, uz, ky, tg)
  :pause           save and leave; resume later with `senim interview resume ID`
  :stop            the person wants to stop the interview
  :exit            quick exit: clear the screen and leave at once (answers so far stay)
  :help            this help
Yes/no questions: y(es), n(o), u(nknown) or ?, d(eclined). Any question: d(eclined).
Choice questions: the option's number or id (several separated by commas).";

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
                _ => self.say("Please answer y or n.")?,
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
        self.say("Read this to the person before the first question:\n")?;
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
            let question = format!("Does the person agree to: {}? [y/n] ", names.join(", "));
            return Ok((self.yes(&question)? == Some(true)).then(|| preset.to_vec()));
        }
        if self.yes("Does the person agree to the screening? [y/n] ")? != Some(true) {
            return Ok(None);
        }
        let mut scopes = vec![ConsentScope::Screening];
        if self.yes("Do they also agree to be referred to a service? [y/n] ")? == Some(true) {
            scopes.push(ConsentScope::Referral);
        }
        if self.yes("Do they agree to sharing beyond the team? [y/n] ")? == Some(true) {
            scopes.push(ConsentScope::Sharing);
        }
        Ok(Some(scopes))
    }

    fn show(&self, q: &QuestionView) -> Result<()> {
        let review = if q.label.needs_review {
            "  [translation not yet reviewed]"
        } else {
            ""
        };
        self.say(&format!(
            "\n[{}/{}] {} — {}{review}",
            q.number, q.total, q.section.text, q.label.text
        ))?;
        if let Some(h) = &q.help {
            self.say(&format!("      {}", h.text))?;
        }
        for (i, o) in q.options.iter().enumerate() {
            self.say(&format!("      {}. {}", i + 1, o.label.text))?;
        }
        if let Some(a) = &q.answer {
            self.say(&format!(
                "      (current answer: {}; press Enter to keep it)",
                answer_text(q, a)
            ))?;
        }
        Ok(())
    }

    fn interview(&mut self, vault: &Vault, session: &mut InterviewSession) -> Result<Stop> {
        self.say("Type :help for commands.")?;
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
            let hint = match q.kind {
                QuestionType::YesNo => "y/n/u/d",
                QuestionType::SingleChoice => "number",
                QuestionType::MultipleChoice => "numbers, comma-separated",
                QuestionType::Integer => "number",
                QuestionType::Date => "YYYY-MM-DD",
                QuestionType::Country => "country code, e.g. UZ",
                QuestionType::Text => "text",
            };
            let Some(input) = self.read(&format!("  ({hint}) > "))? else {
                return Ok(Stop::Paused);
            };
            let command: Vec<&str> = input.split_whitespace().collect();
            match command.as_slice() {
                [":help"] => self.say(TERMINAL_HELP)?,
                [":back"] => {
                    if !session.back() {
                        self.say("This is the first question.")?;
                    }
                }
                [":next"] => {
                    session.forward();
                }
                [":skip"] => {
                    if let Err(e) = session.skip(vault) {
                        self.say(&format!("  {e}"))?;
                    }
                }
                [":lang", code] => match session.set_language(vault, code) {
                    Ok(()) => {}
                    Err(e) => self.say(&format!("  {e}"))?,
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
                [] => self.say("  Type an answer, d to decline, or :help.")?,
                _ if input.starts_with(':') => self.say("Unknown command; type :help.")?,
                _ => {
                    let text = choice_ids(&q, &input);
                    match session
                        .form()
                        .parse_answer(&q.id, &text)
                        .map_err(senim_vault::Error::from)
                        .and_then(|a| session.answer(vault, a))
                    {
                        Ok(outcome) => {
                            if let Some(steps) = outcome.emergency {
                                self.say(&format!(
                                    "\n!!! IMMEDIATE DANGER — act now, before continuing:\n    {}\n",
                                    steps.text
                                ))?;
                            }
                            if !outcome.cleared.is_empty() {
                                self.say(&format!(
                                    "  (answers no longer needed were cleared: {})",
                                    outcome.cleared.join(", ")
                                ))?;
                            }
                        }
                        Err(e) => self.say(&format!("  {e}"))?,
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
        Answer::Declined => "declined".into(),
        Answer::YesNo(y) => match y {
            YesNo::Yes => "yes",
            YesNo::No => "no",
            YesNo::Unknown => "unknown",
            YesNo::Declined => "declined",
        }
        .into(),
        Answer::Choice(c) => option(c),
        Answer::Choices(cs) => cs.iter().map(|c| option(c)).collect::<Vec<_>>().join(", "),
        Answer::Text(t) => t.clone(),
        Answer::Integer(i) => i.to_string(),
        Answer::Date(d) => d.to_string(),
        Answer::Country(c) => c.clone(),
    }
}
