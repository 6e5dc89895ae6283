//! What the generator gives: cases (a contact, its notes, its screening) and the
//! counts of what a fill stored.
//!
//! Owns the shape of a case. Plain data: it never draws, scores or stores anything.

use std::collections::BTreeMap;

use serde::Serialize;

use senim_content::screening::Level;
use senim_records::{Consent, Interview, OutreachNote, Referral, Subject};

/// One contact: who (if anyone is recorded), what the worker wrote, and the screening,
/// if there was one. References between records are structural: the bodies leave their
/// `subject` and `consent` fields empty, and [`fill`](super::fill) sets them to the ids it creates
/// (the case's subject, the screening's consent).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Case {
    pub subject: CaseSubject,
    /// Oldest first.
    pub notes: Vec<CaseNote>,
    pub screening: Option<Screening>,
}

/// Who a case is about.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum CaseSubject {
    /// Nobody is recorded: the notes (and the interview, if any) are anonymous.
    Anonymous,
    /// A new pseudonymous subject, created with this case.
    New(Subject),
    /// A follow-up with the subject created by an earlier case (its index in the list
    /// of cases, always a case with [`CaseSubject::New`]).
    Earlier(usize),
}

/// An outreach note and the language the worker wrote it in.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CaseNote {
    /// `ru`, `kk` or `en`.
    pub language: String,
    pub note: OutreachNote,
}

/// A screening interview with its consent, its result and the referrals made.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Screening {
    pub consent: Consent,
    /// Completed and scored.
    pub interview: Interview,
    /// The level of the stored assessment.
    pub level: Level,
    /// Each allowed by `consent` (the referral scope, and the service named where the
    /// directory asks for a named consent).
    pub referrals: Vec<Referral>,
}

impl Case {
    /// How many records the case creates.
    pub fn records(&self) -> usize {
        let subject = usize::from(matches!(self.subject, CaseSubject::New(_)));
        let screening = self.screening.as_ref().map_or(0, |s| 2 + s.referrals.len());
        subject + self.notes.len() + screening
    }
}

/// What [`fill`](super::fill) created.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FillReport {
    pub subjects: usize,
    pub notes: usize,
    pub consents: usize,
    pub interviews: usize,
    pub referrals: usize,
    /// Interviews by assessment level; every level is listed, with zero if none.
    pub by_level: BTreeMap<Level, usize>,
}

impl FillReport {
    /// Records created, all kinds together.
    pub fn records(&self) -> usize {
        self.subjects + self.notes + self.consents + self.interviews + self.referrals
    }
}
