//! Screening interviews through a [`SenimVault`]: the wizard asks [`Interview`] for the
//! consent script, then one question at a time; `assessment.rs` and `services.rs` add
//! the result ([`crate::assessment::AssessmentView`]) and the services it leads to.
//! Every rule (consent first, skip logic, scoring) is the core's.

use std::str::FromStr;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use chrono::NaiveDate;
use senim_content::Library;
use senim_content::forms::{InterviewSession, Localized, QuestionType};
use senim_content::screening::Assessment;
use senim_records::{Answer, YesNo};

pub use crate::consent::ConsentScope;
use crate::error::{Result, SenimError};
use crate::records::parse_id;
use crate::vault::SenimVault;
use crate::work::{Shared, lock};

/// The bundled forms, rule sets and services directories, loaded once.
pub(crate) fn library() -> Result<Arc<Library>> {
    static LIBRARY: OnceLock<Arc<Library>> = OnceLock::new();
    if let Some(l) = LIBRARY.get() {
        return Ok(l.clone());
    }
    let loaded = Arc::new(Library::bundled()?);
    Ok(LIBRARY.get_or_init(|| loaded).clone())
}

/// An interview language as the language picker offers it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct InterviewLanguage {
    /// The tag to start the interview with (`uz`, `uz-Cyrl`).
    pub tag: String,
    /// Its name in itself ("Oʻzbekcha (lotin)", "Ўзбекча (кирилл)"); the tag itself
    /// for a language Senim has no name for.
    pub native_name: String,
    /// Its ISO 15924 script (`Latn`, `Cyrl`); empty when not known.
    pub script: String,
}

/// The languages the newest version of `form_id` runs in, in the form's order, each
/// with its name in itself and its script: Uzbek is offered twice, in Latin (`uz`) and
/// in Cyrillic script (`uz-Cyrl`). [`SenimError::Content`] when no such form is loaded.
#[uniffi::export]
pub fn interview_languages(form_id: String) -> Result<Vec<InterviewLanguage>> {
    let form = library()?.form(&form_id, None)?;
    Ok(form
        .languages
        .iter()
        .map(|tag| match senim_content::interview_language(tag) {
            Some(l) => InterviewLanguage {
                tag: tag.clone(),
                native_name: l.native_name.to_string(),
                script: l.script.to_string(),
            },
            None => InterviewLanguage {
                tag: tag.clone(),
                native_name: tag.clone(),
                script: String::new(),
            },
        })
        .collect())
}

/// A text in the interview language, and whether it is an unchecked draft (show a
/// "translation to be reviewed" mark).
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct LocalText {
    pub text: String,
    /// The language the text was found in (a fallback when the interview language
    /// lacks it).
    pub language: String,
    pub needs_review: bool,
}

impl From<Localized> for LocalText {
    fn from(l: Localized) -> Self {
        LocalText {
            text: l.text,
            language: l.language,
            needs_review: l.needs_review,
        }
    }
}

/// A form the app can run.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct FormSummary {
    pub id: String,
    pub version: String,
    pub title: LocalText,
    pub languages: Vec<String>,
    pub default_language: String,
    pub questions: u32,
}

/// The script read to the person before the first question.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ConsentScript {
    pub purpose: LocalText,
    pub use_of_information: LocalText,
    pub right_to_refuse: LocalText,
    pub right_to_stop: LocalText,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum QuestionKind {
    YesNo,
    SingleChoice,
    MultipleChoice,
    Text,
    Integer,
    Date,
    /// An ISO 3166-1 alpha-2 country code.
    Country,
}

impl From<QuestionType> for QuestionKind {
    fn from(t: QuestionType) -> Self {
        match t {
            QuestionType::YesNo => QuestionKind::YesNo,
            QuestionType::SingleChoice => QuestionKind::SingleChoice,
            QuestionType::MultipleChoice => QuestionKind::MultipleChoice,
            QuestionType::Text => QuestionKind::Text,
            QuestionType::Integer => QuestionKind::Integer,
            QuestionType::Date => QuestionKind::Date,
            QuestionType::Country => QuestionKind::Country,
        }
    }
}

/// An answer. Every question accepts `Declined`.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum AnswerValue {
    Declined,
    Yes,
    No,
    Unknown,
    Choice {
        option: String,
    },
    Choices {
        options: Vec<String>,
    },
    Text {
        text: String,
    },
    Integer {
        value: i64,
    },
    /// `YYYY-MM-DD`.
    Date {
        iso: String,
    },
    Country {
        code: String,
    },
}

impl AnswerValue {
    fn into_core(self) -> Result<Answer> {
        Ok(match self {
            AnswerValue::Declined => Answer::Declined,
            AnswerValue::Yes => Answer::YesNo(YesNo::Yes),
            AnswerValue::No => Answer::YesNo(YesNo::No),
            AnswerValue::Unknown => Answer::YesNo(YesNo::Unknown),
            AnswerValue::Choice { option } => Answer::Choice(option),
            AnswerValue::Choices { options } => Answer::Choices(options),
            AnswerValue::Text { text } => Answer::Text(text),
            AnswerValue::Integer { value } => Answer::Integer(value),
            AnswerValue::Date { iso } => {
                Answer::Date(NaiveDate::from_str(iso.trim()).map_err(|_| {
                    SenimError::from(senim_content::Error::InvalidAnswer(
                        senim_content::forms::AnswerProblem::NotDate,
                    ))
                })?)
            }
            AnswerValue::Country { code } => Answer::Country(code),
        })
    }

    pub(crate) fn from_core(answer: &Answer) -> AnswerValue {
        match answer {
            Answer::Declined | Answer::YesNo(YesNo::Declined) => AnswerValue::Declined,
            Answer::YesNo(YesNo::Yes) => AnswerValue::Yes,
            Answer::YesNo(YesNo::No) => AnswerValue::No,
            Answer::YesNo(YesNo::Unknown) => AnswerValue::Unknown,
            Answer::Choice(c) => AnswerValue::Choice { option: c.clone() },
            Answer::Choices(c) => AnswerValue::Choices { options: c.clone() },
            Answer::Text(t) => AnswerValue::Text { text: t.clone() },
            Answer::Integer(v) => AnswerValue::Integer { value: *v },
            Answer::Date(d) => AnswerValue::Date { iso: d.to_string() },
            Answer::Country(c) => AnswerValue::Country { code: c.clone() },
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ChoiceOption {
    pub id: String,
    pub label: LocalText,
}

/// The current question, in the interview language.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Question {
    pub id: String,
    /// Position among the questions now visible, from 1.
    pub number: u32,
    /// Questions now visible (skip logic changes this as answers come in).
    pub total: u32,
    pub section: LocalText,
    pub kind: QuestionKind,
    pub label: LocalText,
    pub help: Option<LocalText>,
    /// Read to the person first, to ask their permission; when they refuse, answer
    /// "declined".
    pub permission: Option<LocalText>,
    /// A worker observation: answered by the worker, never read aloud or shown on the
    /// person's side of the screen.
    pub observation: bool,
    /// The question belongs to a private block, asked only after its confirmation.
    pub private: bool,
    pub options: Vec<ChoiceOption>,
    pub required: bool,
    /// The answer already given, when the worker came back to it.
    pub answer: Option<AnswerValue>,
    pub skipped: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct InterviewProgress {
    pub answered: u32,
    pub skipped: u32,
    pub visible: u32,
    /// Position of the current question, from 1; none at the end.
    pub position: Option<u32>,
}

/// What an answer changed.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AnswerResult {
    /// Immediate danger: show `emergency` now, before anything else.
    pub danger: bool,
    pub emergency: Option<LocalText>,
    /// Questions whose answers were cleared because they became hidden.
    pub cleared: Vec<String>,
}

/// One interview in progress (or just finished). Thread-safe.
#[derive(uniffi::Object)]
pub struct Interview {
    pub(crate) vault: Shared,
    pub(crate) session: Mutex<InterviewSession>,
    pub(crate) assessment: Mutex<Option<Assessment>>,
}

impl Interview {
    pub(crate) fn session(&self) -> MutexGuard<'_, InterviewSession> {
        self.session
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn finished(&self) -> Result<Assessment> {
        self.assessment
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
            .ok_or_else(|| {
                SenimError::from(senim_content::Error::Interview(
                    "the interview has no assessment yet: finish it first".into(),
                ))
            })
    }
}

#[uniffi::export]
impl Interview {
    /// The stored interview's id, once consent is recorded.
    pub fn id(&self) -> Option<String> {
        self.session().id().map(|i| i.to_string())
    }

    pub fn language(&self) -> String {
        self.session().language().to_string()
    }

    /// The languages the form runs in.
    pub fn languages(&self) -> Vec<String> {
        self.session().form().languages.clone()
    }

    pub fn is_anonymous(&self) -> bool {
        self.session().is_anonymous()
    }

    pub fn has_consent(&self) -> bool {
        self.session().has_consent()
    }

    pub fn consent_script(&self) -> ConsentScript {
        let c = self.session().consent_script();
        ConsentScript {
            purpose: c.purpose.into(),
            use_of_information: c.use_of_information.into(),
            right_to_refuse: c.right_to_refuse.into(),
            right_to_stop: c.right_to_stop.into(),
        }
    }

    /// Records the person's consent (it must include `Screening`) and stores the
    /// interview: nothing is stored before. Returns the consent record's id.
    pub fn record_consent(&self, scopes: Vec<ConsentScope>, recorded_by: String) -> Result<String> {
        let scopes: Vec<senim_records::ConsentScope> = scopes.into_iter().map(Into::into).collect();
        let vault = lock(&self.vault);
        Ok(self
            .session()
            .record_consent(&*vault, &scopes, &recorded_by)?
            .to_string())
    }

    /// The current question, or none at the end.
    pub fn current(&self) -> Option<Question> {
        self.session().current().map(|q| Question {
            id: q.id,
            number: q.number as u32,
            total: q.total as u32,
            section: q.section.into(),
            kind: q.kind.into(),
            label: q.label.into(),
            help: q.help.map(Into::into),
            options: q
                .options
                .into_iter()
                .map(|o| ChoiceOption {
                    id: o.id,
                    label: o.label.into(),
                })
                .collect(),
            permission: q.permission.map(Into::into),
            observation: q.observation,
            private: q.private,
            required: q.required,
            answer: q.answer.as_ref().map(AnswerValue::from_core),
            skipped: q.skipped,
        })
    }

    pub fn progress(&self) -> InterviewProgress {
        let p = self.session().progress();
        InterviewProgress {
            answered: p.answered as u32,
            skipped: p.skipped as u32,
            visible: p.visible as u32,
            position: p.position.map(|x| x as u32),
        }
    }

    /// Answers the current question (stored at once, encrypted) and moves on.
    pub fn answer(&self, answer: AnswerValue) -> Result<AnswerResult> {
        let answer = answer.into_core()?;
        let vault = lock(&self.vault);
        let outcome = self.session().answer(&*vault, answer)?;
        Ok(AnswerResult {
            danger: outcome.danger,
            emergency: outcome.emergency.map(Into::into),
            cleared: outcome.cleared,
        })
    }

    /// Skips the current question (not a required one: the person can decline).
    pub fn skip(&self) -> Result<()> {
        let vault = lock(&self.vault);
        Ok(self.session().skip(&*vault)?)
    }

    /// The previous visible question; false at the first.
    pub fn back(&self) -> bool {
        self.session().back()
    }

    /// The next visible question without answering; false at the end.
    pub fn forward(&self) -> bool {
        self.session().forward()
    }

    /// Switches the language; the answers stay.
    pub fn set_language(&self, language: String) -> Result<()> {
        let vault = lock(&self.vault);
        Ok(self.session().set_language(&*vault, &language)?)
    }

    /// Required questions still without an answer.
    pub fn missing_required(&self) -> Vec<String> {
        self.session().missing_required()
    }

    /// The person stopped the interview; the answers so far stay.
    pub fn stop(&self) -> Result<()> {
        let vault = lock(&self.vault);
        Ok(self.session().stop(&*vault)?)
    }

    /// Quick exit (the button, or the back gesture held): leaves the interview at once
    /// for a neutral screen. What was answered stays stored; nothing after is accepted.
    /// Returns whether answers were stored (false before consent). The interview is
    /// closed even when this returns an error (the stored record could not be marked
    /// stopped): show the neutral screen either way.
    pub fn quick_exit(&self) -> Result<bool> {
        let vault = lock(&self.vault);
        Ok(self.session().quick_exit(&*vault)?.stored)
    }

    /// Whether the interview was left with a quick exit.
    pub fn has_exited(&self) -> bool {
        self.session().has_exited()
    }
}

#[uniffi::export]
impl SenimVault {
    /// The forms this build carries.
    pub fn forms(&self) -> Result<Vec<FormSummary>> {
        // Of each form, its newest version only: the one `start_interview` uses. Older
        // versions stay loaded so that their interviews resume and re-score, but are not
        // offered for new ones.
        let forms = library()?.forms();
        Ok(forms
            .iter()
            .enumerate()
            // The library lists each id's versions oldest first: keep the last of each id.
            .filter(|(i, f)| forms.get(i + 1).is_none_or(|next| next.id != f.id))
            .map(|(_, f)| FormSummary {
                id: f.id.clone(),
                version: f.version.clone(),
                title: f.localize(&f.title, &f.default_language).into(),
                languages: f.languages.clone(),
                default_language: f.default_language.clone(),
                questions: f.questions.len() as u32,
            })
            .collect())
    }

    /// Starts an interview with the newest version of `form_id` in `language`, about
    /// the subject record `subject` or anonymous. Nothing is stored until consent.
    pub fn start_interview(
        &self,
        form_id: String,
        language: String,
        subject: Option<String>,
    ) -> Result<Arc<Interview>> {
        let form = library()?.form(&form_id, None)?;
        let subject = subject.as_deref().map(parse_id).transpose()?;
        let session = InterviewSession::start(form, &language, subject)?;
        Ok(Arc::new(Interview {
            vault: self.vault.clone(),
            session: Mutex::new(session),
            assessment: Mutex::new(None),
        }))
    }

    /// Resumes a stored interview at its first open question.
    pub fn resume_interview(&self, id: String) -> Result<Arc<Interview>> {
        let id = parse_id(&id)?;
        let vault = lock(&self.vault);
        let record = vault.get(id)?;
        let senim_records::RecordBody::Interview(i) = &record.body else {
            return Err(SenimError::invalid("record", "not an interview"));
        };
        let form = library()?.form(&i.form_id, Some(&i.form_version))?;
        let session = InterviewSession::resume(&*vault, form, id)?;
        Ok(Arc::new(Interview {
            vault: self.vault.clone(),
            session: Mutex::new(session),
            assessment: Mutex::new(None),
        }))
    }
}
