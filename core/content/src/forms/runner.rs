//! The interview runner: walks a person through a form, one question at a time, in
//! their language, and saves every answer in the vault the moment it is given.
//!
//! Owns the order of an interview (consent first, then visible questions, back and
//! forward, skip, switch language, stop, finish) and keeps the stored interview
//! consistent with the form: an answer to a question that skip logic hides is cleared
//! (it stays in the record's history), and no answer is stored before a consent with
//! the screening scope. It must never store an answer to a hidden question, an
//! identifying answer in an anonymous interview, or anything before consent.
//!
//! A session does not hold the store: each step that writes takes it as an argument (a
//! [`RecordStore`], the vault on a device), so a shell can keep the vault behind its
//! own lock.

use std::sync::Arc;

use chrono::Utc;
use serde::Serialize;

use super::answers::AnswerMap;
use super::definition::{Form, Localized, QuestionType};
use crate::store::require;
use crate::{Error, RecordStore, Result};
use senim_records::{
    Answer, AssessmentSummary, Consent, ConsentScope, ConsentState, Interview, InterviewStatus,
    RecordBody, RecordId, RecordKind,
};

/// The consent script in the interview language (WHO 2003: purpose, use of the
/// information, the right to refuse any question and to stop at any time).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConsentView {
    pub purpose: Localized,
    pub use_of_information: Localized,
    pub right_to_refuse: Localized,
    pub right_to_stop: Localized,
}

/// One option of a choice question, in the interview language.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OptionView {
    pub id: String,
    pub label: Localized,
}

/// The current question, rendered in the interview language.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuestionView {
    pub id: String,
    /// Position among the questions now visible, from 1.
    pub number: usize,
    /// How many questions are now visible.
    pub total: usize,
    pub section: Localized,
    pub kind: QuestionType,
    pub label: Localized,
    pub help: Option<Localized>,
    /// Read to the person before the question, to ask their permission; when they
    /// refuse, the worker records "declined".
    pub permission: Option<Localized>,
    /// A worker observation: answered by the worker, never read aloud or shown to the
    /// person.
    pub observation: bool,
    /// The question belongs to a private block (asked only after its confirmation).
    pub private: bool,
    pub options: Vec<OptionView>,
    pub required: bool,
    /// The answer already given, when the worker came back to this question.
    pub answer: Option<Answer>,
    pub skipped: bool,
}

/// How far the interview has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Visible questions answered (declined counts as answered).
    pub answered: usize,
    /// Visible questions skipped.
    pub skipped: usize,
    /// Questions now visible (skip logic can change this as answers come in).
    pub visible: usize,
    /// Position of the current question among the visible ones, from 1; `None` at the
    /// end.
    pub position: Option<usize>,
}

/// What an answer changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AnswerOutcome {
    /// This answer signals immediate danger: show the emergency steps now.
    pub danger: bool,
    /// The emergency steps, when `danger` is set.
    pub emergency: Option<Localized>,
    /// Answers cleared because their questions became hidden.
    pub cleared: Vec<String>,
}

/// An interview in progress.
#[derive(Clone, Debug)]
pub struct InterviewSession {
    form: Arc<Form>,
    /// `None` until consent is recorded: nothing is stored before.
    id: Option<RecordId>,
    interview: Interview,
    /// Index into `form.questions` of the current question; `None` at the end.
    cursor: Option<usize>,
    /// Left by [`InterviewSession::quick_exit`]: the session accepts nothing more.
    exited: bool,
}

/// What a quick exit did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct QuickExit {
    /// Answers were stored before the exit, and the stored interview is now marked
    /// stopped. `false` before consent: nothing was ever stored.
    pub stored: bool,
}

impl InterviewSession {
    /// Starts an interview. Nothing is stored until [`InterviewSession::record_consent`].
    /// `subject` is `None` for an anonymous interview.
    pub fn start(form: Arc<Form>, language: &str, subject: Option<RecordId>) -> Result<Self> {
        if !form.supports(language) {
            return Err(Error::invalid(
                "language",
                format!("the form runs in {}", form.languages.join(", ")),
            ));
        }
        let interview = Interview {
            form_id: form.id.clone(),
            form_version: form.version.clone(),
            form_hash: form.hash.clone(),
            language: language.to_string(),
            subject,
            status: InterviewStatus::InProgress,
            answers: AnswerMap::new(),
            skipped: Vec::new(),
            consent: None,
            started_at: Utc::now(),
            finished_at: None,
            assessment: None,
        };
        let mut session = InterviewSession {
            form,
            id: None,
            interview,
            cursor: None,
            exited: false,
        };
        session.cursor = session.first_open();
        Ok(session)
    }

    /// Resumes a stored interview where it stopped: at the first visible question with
    /// neither an answer nor a skip. `form` must be the exact form it ran on.
    pub fn resume<S: RecordStore + ?Sized>(
        store: &S,
        form: Arc<Form>,
        id: RecordId,
    ) -> Result<Self, S::Error> {
        let record = require(store, id)?;
        let RecordBody::Interview(interview) = record.body else {
            return Err(Error::invalid("record", "not an interview").into());
        };
        if record.deleted {
            return Err(Error::Interview("the interview was deleted".into()).into());
        }
        check_form(&interview, &form)?;
        check_consent(store, &interview)?;
        if interview.status != InterviewStatus::InProgress {
            return Err(Error::Interview(
                "the interview is finished or was stopped; it cannot be resumed".into(),
            )
            .into());
        }
        let mut session = InterviewSession {
            form,
            id: Some(id),
            interview,
            cursor: None,
            exited: false,
        };
        session.cursor = session.first_open();
        Ok(session)
    }

    pub fn form(&self) -> &Form {
        &self.form
    }

    /// The stored interview's id, once consent is recorded.
    pub fn id(&self) -> Option<RecordId> {
        self.id
    }

    /// The interview as stored.
    pub fn interview(&self) -> &Interview {
        &self.interview
    }

    pub fn language(&self) -> &str {
        &self.interview.language
    }

    pub fn is_anonymous(&self) -> bool {
        self.interview.subject.is_none()
    }

    /// Whether consent with the screening scope was recorded for this interview. It is
    /// checked again against the vault before every write (see `check_consent`).
    pub fn has_consent(&self) -> bool {
        self.id.is_some()
    }

    /// The consent script to read to the person before the first question.
    pub fn consent_script(&self) -> ConsentView {
        let c = &self.form.consent;
        let l = |t| self.form.localize(t, self.language());
        ConsentView {
            purpose: l(&c.purpose),
            use_of_information: l(&c.use_of_information),
            right_to_refuse: l(&c.right_to_refuse),
            right_to_stop: l(&c.right_to_stop),
        }
    }

    /// Records the person's consent and creates the interview record. The scopes must
    /// include [`ConsentScope::Screening`]; `referral` and `sharing` may be given now
    /// or never. For an interview about a subject, the subject must exist.
    pub fn record_consent<S: RecordStore + ?Sized>(
        &mut self,
        store: &S,
        scopes: &[ConsentScope],
        recorded_by: &str,
    ) -> Result<RecordId, S::Error> {
        self.require_not_exited()?;
        if self.id.is_some() {
            return Err(Error::Interview("consent is already recorded".into()).into());
        }
        if !scopes.contains(&ConsentScope::Screening) {
            return Err(Error::ConsentRequired { scope: "screening" }.into());
        }
        if let Some(subject) = self.interview.subject {
            let record = require(store, subject)?;
            if record.kind != RecordKind::Subject || record.deleted {
                return Err(Error::invalid("subject", "not a subject record").into());
            }
        }
        let consent = store.add(RecordBody::Consent(Consent {
            subject: self.interview.subject,
            scopes: scopes.to_vec(),
            services: Vec::new(),
            state: ConsentState::Given,
            recorded_by: recorded_by.to_string(),
            at: Utc::now(),
        }))?;
        let mut interview = self.interview.clone();
        interview.consent = Some(consent);
        let id = store.add(RecordBody::Interview(interview.clone()))?;
        self.interview = interview;
        self.id = Some(id);
        Ok(consent)
    }

    /// The current question in the interview language, or `None` at the end.
    pub fn current(&self) -> Option<QuestionView> {
        self.cursor.filter(|_| !self.exited).map(|i| self.view(i))
    }

    /// Renders question `index` in the interview language.
    fn view(&self, index: usize) -> QuestionView {
        let form = &self.form;
        let q = &form.questions[index];
        let lang = self.language();
        let visible = self.visible();
        QuestionView {
            id: q.id.clone(),
            number: visible
                .iter()
                .position(|&v| v == index)
                .map_or(0, |p| p + 1),
            total: visible.len(),
            section: form.localize(&form.sections[q.section].title, lang),
            kind: q.kind,
            label: form.localize(&q.label, lang),
            help: q.help.as_ref().map(|h| form.localize(h, lang)),
            permission: q.permission.as_ref().map(|p| form.localize(p, lang)),
            observation: q.observation,
            private: form.sections[q.section].confirmation.is_some(),
            options: q
                .options
                .iter()
                .map(|o| OptionView {
                    id: o.id.clone(),
                    label: form.localize(&o.label, lang),
                })
                .collect(),
            required: q.required,
            answer: self.interview.answers.get(&q.id).cloned(),
            skipped: self.interview.skipped.contains(&q.id),
        }
    }

    /// The index of `question`, which must be shown for the answers given so far.
    fn visible_index(&self, question: &str) -> Result<usize> {
        let index = self
            .form
            .position(question)
            .ok_or_else(|| Error::invalid("question", "the form has no question with this id"))?;
        if !self
            .form
            .is_visible(index, &self.interview.answers, self.is_anonymous())
        {
            return Err(Error::invalid(
                "question",
                "the question is not shown for the answers given so far",
            ));
        }
        Ok(index)
    }

    /// The questions now visible, by index.
    fn visible(&self) -> Vec<usize> {
        self.form
            .visible(&self.interview.answers, self.is_anonymous())
    }

    /// The first visible question with neither an answer nor a skip.
    fn first_open(&self) -> Option<usize> {
        self.visible().into_iter().find(|&i| {
            let id = &self.form.questions[i].id;
            !self.interview.answers.contains_key(id) && !self.interview.skipped.contains(id)
        })
    }

    /// The next visible question after `index`.
    fn next_after(&self, index: usize) -> Option<usize> {
        self.visible().into_iter().find(|&i| i > index)
    }

    pub fn progress(&self) -> Progress {
        let visible = self.visible();
        let answered = visible
            .iter()
            .filter(|&&i| {
                self.interview
                    .answers
                    .contains_key(&self.form.questions[i].id)
            })
            .count();
        let skipped = visible
            .iter()
            .filter(|&&i| self.interview.skipped.contains(&self.form.questions[i].id))
            .count();
        Progress {
            answered,
            skipped,
            visible: visible.len(),
            position: self
                .cursor
                .and_then(|c| visible.iter().position(|&v| v == c))
                .map(|p| p + 1),
        }
    }

    /// The interview's id, once it is still in progress and still covered by a given
    /// consent with the screening scope. Checked before every write, so a consent that
    /// was withdrawn or deleted (on this device or, after sync, on another) stops the
    /// interview.
    fn require_open<S: RecordStore + ?Sized>(&self, store: &S) -> Result<RecordId, S::Error> {
        self.require_not_exited()?;
        let id = self
            .id
            .ok_or(Error::ConsentRequired { scope: "screening" })?;
        if self.interview.status != InterviewStatus::InProgress {
            return Err(Error::Interview("the interview is no longer in progress".into()).into());
        }
        check_consent(store, &self.interview)?;
        Ok(id)
    }

    fn require_not_exited(&self) -> Result<()> {
        if self.exited {
            return Err(Error::Interview(
                "the interview was left with a quick exit; start or resume it again".into(),
            ));
        }
        Ok(())
    }

    /// Answers the current question and moves to the next visible one.
    pub fn answer<S: RecordStore + ?Sized>(
        &mut self,
        store: &S,
        answer: Answer,
    ) -> Result<AnswerOutcome, S::Error> {
        self.require_open(store)?;
        let index = self.cursor.ok_or_else(|| {
            Error::Interview("there is no current question: the interview is at its end".into())
        })?;
        let id = self.form.questions[index].id.clone();
        self.answer_question(store, &id, answer)
    }

    /// Answers (or changes the answer to) any visible question, then moves to the next
    /// visible question after it. Skip logic is re-evaluated: answers to questions that
    /// became hidden are cleared (their old values stay in the record's history).
    pub fn answer_question<S: RecordStore + ?Sized>(
        &mut self,
        store: &S,
        question: &str,
        answer: Answer,
    ) -> Result<AnswerOutcome, S::Error> {
        let record_id = self.require_open(store)?;
        let index = self.visible_index(question)?;
        let answer = self.form.check_answer(question, answer)?;
        let mut next = self.interview.clone();
        next.answers.insert(question.to_string(), answer);
        next.skipped.retain(|q| q != question);
        let cleared = self.tidy(&mut next);
        let danger_before = self.form.danger(&self.interview.answers);
        self.save(store, record_id, next)?;
        // A danger trigger may sit on another question and look at this answer: any
        // question that signals danger now and did not before counts.
        let danger = self
            .form
            .danger(&self.interview.answers)
            .iter()
            .any(|q| !danger_before.contains(q) || q == question);
        self.cursor = self.next_after(index);
        Ok(AnswerOutcome {
            danger,
            emergency: danger.then(|| self.emergency_steps()),
            cleared,
        })
    }

    /// Skips the current question (only when it is not required; the person can always
    /// decline instead) and moves on.
    pub fn skip<S: RecordStore + ?Sized>(&mut self, store: &S) -> Result<(), S::Error> {
        let record_id = self.require_open(store)?;
        let index = self.cursor.ok_or_else(|| {
            Error::Interview("there is no current question: the interview is at its end".into())
        })?;
        let q = &self.form.questions[index];
        if q.required {
            return Err(Error::Interview(format!(
                "question '{}' is required and cannot be skipped; the person can decline to answer it",
                q.id
            )).into());
        }
        let mut next = self.interview.clone();
        let id = q.id.clone();
        next.answers.remove(&id);
        if !next.skipped.contains(&id) {
            next.skipped.push(id);
        }
        self.tidy(&mut next);
        self.save(store, record_id, next)?;
        self.cursor = self.next_after(index);
        Ok(())
    }

    /// Moves to the previous visible question (from the end: the last one). Returns
    /// `false` when already at the first.
    pub fn back(&mut self) -> bool {
        if self.exited {
            return false;
        }
        let visible = self.visible();
        let previous = match self.cursor {
            Some(c) => visible.iter().rev().find(|&&i| i < c).copied(),
            None => visible.last().copied(),
        };
        match previous {
            Some(p) => {
                self.cursor = Some(p);
                true
            }
            None => false,
        }
    }

    /// Moves to the next visible question without answering (the current answer, if
    /// any, stays). Returns `false` at the end.
    pub fn forward(&mut self) -> bool {
        match self.cursor {
            Some(c) => {
                self.cursor = self.next_after(c);
                true
            }
            None => false,
        }
    }

    /// Moves to a visible question by id.
    pub fn go_to(&mut self, question: &str) -> Result<()> {
        self.require_not_exited()?;
        let index = self.visible_index(question)?;
        self.cursor = Some(index);
        Ok(())
    }

    /// Switches the interview language; answers are kept. Stored at once when consent
    /// is recorded.
    pub fn set_language<S: RecordStore + ?Sized>(
        &mut self,
        store: &S,
        language: &str,
    ) -> Result<(), S::Error> {
        if !self.form.supports(language) {
            return Err(Error::invalid(
                "language",
                format!("the form runs in {}", self.form.languages.join(", ")),
            )
            .into());
        }
        self.require_not_exited()?;
        let mut next = self.interview.clone();
        next.language = language.to_string();
        match self.id {
            Some(_) => {
                let id = self.require_open(store)?;
                self.save(store, id, next)
            }
            None => {
                self.interview = next;
                Ok(())
            }
        }
    }

    /// Questions whose answers signal immediate danger.
    pub fn danger(&self) -> Vec<String> {
        self.form.danger(&self.interview.answers)
    }

    /// The emergency steps in the interview language.
    pub fn emergency_steps(&self) -> Localized {
        self.form.localize(&self.form.emergency, self.language())
    }

    /// Visible required questions without an answer.
    pub fn missing_required(&self) -> Vec<String> {
        self.visible()
            .into_iter()
            .map(|i| &self.form.questions[i])
            .filter(|q| q.required && !self.interview.answers.contains_key(&q.id))
            .map(|q| q.id.clone())
            .collect()
    }

    /// Records that the person stopped the interview. The answers given so far stay
    /// (the person may ask for them to be erased; that is a separate step).
    pub fn stop<S: RecordStore + ?Sized>(&mut self, store: &S) -> Result<(), S::Error> {
        let record_id = self.require_open(store)?;
        let mut next = self.interview.clone();
        next.status = InterviewStatus::Abandoned;
        next.finished_at = Some(Utc::now().max(next.started_at));
        self.save(store, record_id, next)?;
        self.cursor = None;
        Ok(())
    }

    /// Leaves the interview at once, for a neutral screen (the apps: the quick-exit
    /// button or the back gesture held; the CLI: `:exit`). What was answered stays as
    /// it was stored, each answer the moment it was given; nothing after the exit is
    /// stored: the session refuses every further step, and the stored interview is
    /// marked stopped so that it is not resumed by accident. Before consent nothing was
    /// stored and nothing is.
    ///
    /// The session is closed even when marking the stored interview fails (a withdrawn
    /// consent, a store error): the error is returned so the shell can log it, but the
    /// exit itself never depends on it.
    pub fn quick_exit<S: RecordStore + ?Sized>(
        &mut self,
        store: &S,
    ) -> Result<QuickExit, S::Error> {
        let open = self.id.is_some() && !self.exited;
        let result = if open && self.interview.status == InterviewStatus::InProgress {
            self.stop(store).map(|()| QuickExit { stored: true })
        } else {
            Ok(QuickExit {
                stored: self.id.is_some(),
            })
        };
        self.exited = true;
        self.cursor = None;
        result
    }

    /// Whether the session was left with [`InterviewSession::quick_exit`].
    pub fn has_exited(&self) -> bool {
        self.exited
    }

    /// Marks the interview completed with its assessment summary. Every visible
    /// required question must have an answer.
    pub fn complete<S: RecordStore + ?Sized>(
        &mut self,
        store: &S,
        assessment: AssessmentSummary,
    ) -> Result<(), S::Error> {
        let record_id = self.require_open(store)?;
        if let Some(q) = self.missing_required().first() {
            return Err(
                Error::Interview(format!("required question '{q}' has no answer yet")).into(),
            );
        }
        let mut next = self.interview.clone();
        next.status = InterviewStatus::Completed;
        next.finished_at = Some(Utc::now().max(next.started_at));
        next.assessment = Some(assessment);
        self.save(store, record_id, next)?;
        self.cursor = None;
        Ok(())
    }

    /// Clears answers and skips of questions that are hidden now.
    fn tidy(&self, next: &mut Interview) -> Vec<String> {
        let anonymous = next.subject.is_none();
        let cleared = self.form.clear_hidden(&mut next.answers, anonymous);
        let answers = &next.answers;
        next.skipped.retain(|q| {
            self.form
                .position(q)
                .is_some_and(|i| self.form.is_visible(i, answers, anonymous))
        });
        cleared
    }

    fn save<S: RecordStore + ?Sized>(
        &mut self,
        store: &S,
        id: RecordId,
        next: Interview,
    ) -> Result<(), S::Error> {
        store.update(id, RecordBody::Interview(next.clone()))?;
        // Keep the normalised form the store stored (sorted sets).
        if let RecordBody::Interview(i) = RecordBody::Interview(next)
            .validate()
            .map_err(Error::from)?
        {
            self.interview = i;
        }
        Ok(())
    }
}

/// Checks that `interview` runs under a consent that exists, is not deleted, is given
/// (not withdrawn), includes the screening scope and is about the same person (or is
/// anonymous, like the interview).
pub fn check_consent<S: RecordStore + ?Sized>(
    store: &S,
    interview: &Interview,
) -> Result<(), S::Error> {
    let required = || Error::ConsentRequired { scope: "screening" };
    let id = interview.consent.ok_or_else(required)?;
    let Some(record) = store.get_unlogged(id)? else {
        return Err(required().into());
    };
    match record.body {
        RecordBody::Consent(c)
            if !record.deleted
                && c.state == ConsentState::Given
                && c.scopes.contains(&ConsentScope::Screening)
                && c.subject == interview.subject =>
        {
            Ok(())
        }
        _ => Err(required().into()),
    }
}

/// Checks that `form` is the exact form `interview` ran on.
pub fn check_form(interview: &Interview, form: &Form) -> Result<()> {
    if interview.form_id != form.id || interview.form_version != form.version {
        return Err(Error::ContentMismatch {
            what: "form",
            id: interview.form_id.clone(),
            version: interview.form_version.clone(),
        });
    }
    if !interview.form_hash.is_empty() && interview.form_hash != form.hash {
        return Err(Error::ContentMismatch {
            what: "form",
            id: form.id.clone(),
            version: form.version.clone(),
        });
    }
    Ok(())
}
