//! Records of every kind but notes, as the merged picture's benchmark writes them and its
//! tests in `src/merged_tests.rs` do: a person, an assessed interview, a referral.
//!
//! Included by path; each user takes what it needs.
#![allow(dead_code, reason = "included by path; each user takes what it needs")]

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use senim_records::{
    AssessmentSummary, Interview, InterviewStatus, RecordBody, RecordId, Referral, ReferralStatus,
    Subject,
};

/// A person known by `alias` only.
pub fn person(alias: &str) -> RecordBody {
    RecordBody::Subject(Subject {
        alias: alias.into(),
        age_band: None,
        gender: None,
        nationality: None,
        languages: vec![],
        contact_preference: None,
    })
}

/// A completed interview started and scored at `at`, assessed at `level`.
pub fn assessed(level: &str, subject: Option<RecordId>, at: DateTime<Utc>) -> RecordBody {
    RecordBody::Interview(Interview {
        form_id: "central_asia_screening".into(),
        form_version: "1".into(),
        form_hash: String::new(),
        language: "ru".into(),
        subject,
        status: InterviewStatus::Completed,
        answers: BTreeMap::new(),
        skipped: vec![],
        consent: None,
        started_at: at,
        finished_at: Some(at),
        assessment: Some(AssessmentSummary {
            rule_set_id: "ilo".into(),
            rule_set_version: "1".into(),
            rule_set_hash: String::new(),
            level: level.into(),
            urgent_safety: false,
            indicators: vec![],
            at,
        }),
    })
}

/// A referral to the hotline.
pub fn referral(status: ReferralStatus, subject: Option<RecordId>) -> RecordBody {
    RecordBody::Referral(Referral {
        subject,
        service: "trafficking_hotline".into(),
        reason: "documents held".into(),
        status,
        consent: None,
    })
}
