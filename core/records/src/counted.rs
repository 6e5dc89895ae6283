//! What a report counts of a record, and nothing more: codes, ids, a place label, times.
//!
//! The vault keeps it beside each record, written with the record, so that a report
//! over a lead's whole vault reads no record (ADR 0048). Pure, like the rest of this
//! crate: it is made from a [`Record`] and serialised by whoever stores it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{Record, RecordBody, RecordId, RecordKind, ReferralStatus};

/// What a report counts of one record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counted {
    /// A subject's own id (what interviews name it by); `None` for other kinds.
    pub id: Option<RecordId>,
    /// The device that created the record (hex, as [`Record::created_by`]).
    pub author: String,
    /// The moment the record is about (a note's contact, an interview's start, a
    /// consent's time), or else its creation: the record's month in a report, and what
    /// puts it in a period.
    pub at: DateTime<Utc>,
    /// The subject record it is about.
    pub subject: Option<RecordId>,
    /// What is counted of its kind.
    pub detail: CountedDetail,
}

/// What is counted of each kind of record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "k", rename_all = "snake_case")]
pub enum CountedDetail {
    Subject {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        nationality: Option<String>,
    },
    OutreachNote {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        place: Option<String>,
    },
    Interview {
        form_id: String,
        form_version: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        assessment: Option<CountedAssessment>,
    },
    Referral {
        service: String,
        status: ReferralStatus,
    },
    Consent,
}

/// What is counted of an interview's assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountedAssessment {
    pub level: String,
    pub rule_set_id: String,
    pub rule_set_version: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<String>,
}

impl CountedDetail {
    /// The kind of record this is counted of.
    pub fn kind(&self) -> RecordKind {
        match self {
            CountedDetail::Subject { .. } => RecordKind::Subject,
            CountedDetail::OutreachNote { .. } => RecordKind::OutreachNote,
            CountedDetail::Interview { .. } => RecordKind::Interview,
            CountedDetail::Referral { .. } => RecordKind::Referral,
            CountedDetail::Consent => RecordKind::Consent,
        }
    }
}

impl Counted {
    /// What a report counts of `record`.
    pub fn of(record: &Record) -> Counted {
        let detail = match &record.body {
            RecordBody::Subject(s) => CountedDetail::Subject {
                nationality: s.nationality.clone(),
            },
            RecordBody::OutreachNote(n) => CountedDetail::OutreachNote {
                place: n.place.clone(),
            },
            RecordBody::Interview(i) => CountedDetail::Interview {
                form_id: i.form_id.clone(),
                form_version: i.form_version.clone(),
                assessment: i.assessment.as_ref().map(|a| CountedAssessment {
                    level: a.level.clone(),
                    rule_set_id: a.rule_set_id.clone(),
                    rule_set_version: a.rule_set_version.clone(),
                    indicators: a.indicators.clone(),
                }),
            },
            RecordBody::Referral(r) => CountedDetail::Referral {
                service: r.service.clone(),
                status: r.status,
            },
            RecordBody::Consent(_) => CountedDetail::Consent,
        };
        Counted {
            id: matches!(record.body, RecordBody::Subject(_)).then_some(record.id),
            author: record.created_by.clone(),
            at: record.body.time().unwrap_or(record.created_at),
            subject: record.body.subject(),
            detail,
        }
    }

    /// The kind of record this is counted of.
    pub fn kind(&self) -> RecordKind {
        self.detail.kind()
    }
}
