//! The synthetic cases of a demo vault: a seeded, deterministic generator of clearly
//! fictional outreach contacts in Kazakhstan and its neighbours — pseudonymous subjects,
//! outreach notes in Russian, Kazakh and English, and screening interviews answered
//! under the bundled form, scored with the bundled rule set and referred to services of
//! the bundled directory — and the writing of those cases into a demo vault.
//!
//! Owns what a demo case looks like and how it is stored. It must never produce anything
//! that could point at a real person: aliases describe (clothes, a stall number) and
//! never name, and every alias starts with [`DEMO_ALIAS_PREFIX`]. It never reads the
//! clock or the system's randomness: the same [`GeneratorConfig`] gives the same cases on
//! any machine, on any day. It writes only to a vault marked as a demo. Sentences,
//! descriptions, places and stories come from the phrase tables ([`crate::phrases`]).
//!
//! Interviews are real: every answer passes the form's own check
//! ([`Form::check_answer`]), only questions that skip logic shows are answered, every
//! visible required question is answered, and the stored [`AssessmentSummary`] is what
//! [`assess`] gives for the stored answers. Referrals go to services of the bundled
//! directory that [`recommend`] offers for the assessment, only under a consent that
//! allows them, and are stored through [`create_referral`], which checks that consent
//! again.
//!
//! The parts: `config` (what a run is asked for, the fixed mixes), `case` (what it
//! gives), `state` (the seeded draws of a run), `contact` (a contact and its notes),
//! `interview` (a screening and its referrals); this module runs them and writes the
//! cases into a vault.
//!
//! [`AssessmentSummary`]: senim_records::AssessmentSummary
//! [`Form::check_answer`]: senim_content::forms::Form::check_answer
//! [`assess`]: senim_content::screening::assess
//! [`recommend`]: senim_content::screening::recommend

use crate::{Error, Result};
use senim_content::screening::{Level, create_referral};
use senim_content::{DEFAULT_DIRECTORY, Library};
use senim_records::{
    Consent, Interview, OutreachNote, RecordBody, RecordId, Referral, ReferralStatus,
};
use senim_vault::Vault;

mod case;
mod config;
mod contact;
mod interview;
mod state;

pub use case::{Case, CaseNote, CaseSubject, FillReport, Screening};
pub use config::{
    DEFAULT_DAYS, DEFAULT_END, DEFAULT_WORKER, DEMO_ALIAS_PREFIX, FORM, FORM_VERSION,
    GeneratorConfig, LEVEL_MIX, MAX_DAYS, MAX_RECORDS, NATIONALITIES, NOTE_LANGUAGES,
};
use state::Generator;

#[cfg(test)]
#[path = "generator_tests.rs"]
pub(crate) mod tests;

/// Cases written per chunk (a chunk is three transactions, plus the referrals).
const CHUNK: usize = 64;

/// The cases for `config`, from the bundled form [`FORM`], the rule set
/// [`DEFAULT_RULE_SET`](senim_content::DEFAULT_RULE_SET) and the services directory [`DEFAULT_DIRECTORY`] in `library`.
/// Pure and deterministic: the same config and content give the same cases.
pub fn cases(library: &Library, config: &GeneratorConfig) -> Result<Vec<Case>> {
    let mut g = Generator::new(library, config)?;
    let mut cases: Vec<Case> = Vec::new();
    let mut used = 0;
    while used < config.records {
        let case = g.case(cases.len(), used)?;
        used += case.records();
        cases.push(case);
    }
    Ok(cases)
}

/// Writes the cases for `config` into `vault`, which must be a demo vault. Cases go in
/// oldest first, a chunk at a time, each chunk in a few transactions (subjects, then
/// consents, then interviews and notes), so a listing (newest first) shows the latest
/// contacts first. Referrals go through [`create_referral`], which checks the
/// interview's consent again, and then get their status.
///
/// Not atomic: an error (a full disk) leaves the chunks written so far.
pub fn fill(vault: &Vault, library: &Library, config: &GeneratorConfig) -> Result<FillReport> {
    if !vault.is_demo() {
        return Err(Error::NotDemo(
            "synthetic cases are written only to a demo vault",
        ));
    }
    let cases = cases(library, config)?;
    let directory = library.directory(DEFAULT_DIRECTORY, None)?;
    let mut report = FillReport {
        by_level: Level::ALL.into_iter().map(|l| (l, 0)).collect(),
        ..FillReport::default()
    };
    // The subject of each case, by case index, as it is created.
    let mut subject_ids: Vec<Option<RecordId>> = Vec::with_capacity(cases.len());
    for chunk in cases.chunks(CHUNK) {
        // Subjects first: everything else may point at them.
        let new_subjects: Vec<RecordBody> = chunk
            .iter()
            .filter_map(|c| match &c.subject {
                CaseSubject::New(s) => Some(RecordBody::Subject(s.clone())),
                _ => None,
            })
            .collect();
        let mut created = add(vault, new_subjects)?.into_iter();
        report.subjects += created.len();
        let first = subject_ids.len();
        for case in chunk {
            let id = match case.subject {
                CaseSubject::Anonymous => None,
                CaseSubject::New(_) => created.next(),
                CaseSubject::Earlier(i) => subject_ids.get(i).copied().flatten(),
            };
            subject_ids.push(id);
        }
        let subjects = &subject_ids[first..];

        // Then the consents, which the interviews point at.
        let consents: Vec<RecordBody> = chunk
            .iter()
            .zip(subjects)
            .filter_map(|(c, &subject)| {
                c.screening.as_ref().map(|s| {
                    RecordBody::Consent(Consent {
                        subject,
                        ..s.consent.clone()
                    })
                })
            })
            .collect();
        let mut consent_ids = add(vault, consents)?.into_iter();

        // Then interviews and notes, in the order they happened.
        let mut bodies = Vec::new();
        let mut screened = Vec::new();
        for (case, &subject) in chunk.iter().zip(subjects) {
            if let Some(s) = &case.screening {
                let consent = consent_ids.next();
                screened.push((s, subject, consent, bodies.len()));
                bodies.push(RecordBody::Interview(Interview {
                    subject,
                    consent,
                    ..s.interview.clone()
                }));
                report.consents += 1;
                report.interviews += 1;
                *report.by_level.entry(s.level).or_default() += 1;
            }
            for n in &case.notes {
                bodies.push(RecordBody::OutreachNote(OutreachNote {
                    subject,
                    ..n.note.clone()
                }));
                report.notes += 1;
            }
        }
        let ids = add(vault, bodies)?;

        // Referrals, through the consent-checked path.
        for (s, subject, consent, index) in screened {
            let Some(&interview) = ids.get(index) else {
                continue;
            };
            for r in &s.referrals {
                let service = directory
                    .service(&r.service)
                    .ok_or_else(|| Error::invalid("service", "not in the services directory"))?;
                let id = create_referral(vault, interview, service, &r.reason)?;
                if r.status != ReferralStatus::Proposed {
                    vault.update(
                        id,
                        RecordBody::Referral(Referral {
                            subject,
                            consent,
                            ..r.clone()
                        }),
                    )?;
                }
                report.referrals += 1;
            }
        }
    }
    Ok(report)
}

/// Adds `bodies` in one transaction (none for an empty list).
fn add(vault: &Vault, bodies: Vec<RecordBody>) -> Result<Vec<RecordId>> {
    if bodies.is_empty() {
        return Ok(Vec::new());
    }
    Ok(vault.add_many(bodies)?)
}
