//! Record types: the pseudonymous subject, outreach notes, screening interviews,
//! referrals and consents; the filters, pages and history a vault answers with.
//!
//! Owns what a record *is* and how it is validated. Pure: it never touches storage,
//! keys or the network, and knows nothing of automerge (the vault maps records onto
//! documents). A record's id and kind come from `senim-protocol`, which names records in
//! envelopes and orders; they are re-exported here.

mod counted;
mod set;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use counted::{Counted, CountedAssessment, CountedDetail};
pub use senim_protocol::records::{RecordId, RecordKind, hex, parse_hex16};

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A record that validation refuses. The reason describes the rule, never the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("invalid {field}: {reason}")]
    InvalidInput { field: &'static str, reason: String },
}

impl Error {
    /// An [`Error::InvalidInput`].
    pub fn invalid(field: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field,
            reason: reason.into(),
        }
    }
}

/// Format version of the record document layout (stored in the clear beside each row).
pub const RECORD_FORMAT: u32 = 1;

/// Age band of a subject: precise ages are not collected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeBand {
    Under18,
    #[serde(rename = "18_24")]
    From18To24,
    #[serde(rename = "25_34")]
    From25To34,
    #[serde(rename = "35_44")]
    From35To44,
    #[serde(rename = "45_54")]
    From45To54,
    #[serde(rename = "55_plus")]
    From55,
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Female,
    Male,
    Other,
    NotStated,
}

/// How (and whether) the person agreed to be contacted again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactPreference {
    InPerson,
    Phone,
    Messenger,
    Through3rdParty,
    NoContact,
}

/// A pseudonymous person. No real name is required or expected.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Subject {
    /// The worker's pseudonym for the person ("woman in green scarf, stall 14").
    pub alias: String,
    pub age_band: Option<AgeBand>,
    pub gender: Option<Gender>,
    /// ISO 3166-1 alpha-2 country code, upper case.
    pub nationality: Option<String>,
    /// ISO 639 language codes, lower case.
    #[serde(default, deserialize_with = "set::deserialize")]
    pub languages: Vec<String>,
    pub contact_preference: Option<ContactPreference>,
}

/// A point rounded to two decimal places (about 1 km): never an exact position.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoarseLocation {
    pub lat: f64,
    pub lon: f64,
}

impl CoarseLocation {
    /// Rounds to about 1 km and checks the ranges.
    pub fn new(lat: f64, lon: f64) -> Result<Self> {
        if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            return Err(Error::invalid(
                "location",
                "latitude must be between -90 and 90",
            ));
        }
        if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
            return Err(Error::invalid(
                "location",
                "longitude must be between -180 and 180",
            ));
        }
        Ok(CoarseLocation {
            lat: (lat * 100.0).round() / 100.0,
            lon: (lon * 100.0).round() / 100.0,
        })
    }
}

/// A short note from an outreach contact.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutreachNote {
    pub text: String,
    /// A label for the place ("Barakholka market, row 7"), not an address.
    pub place: Option<String>,
    pub location: Option<CoarseLocation>,
    #[serde(default, deserialize_with = "set::deserialize")]
    pub tags: Vec<String>,
    /// When the contact happened.
    pub at: DateTime<Utc>,
    /// The subject this note is about, if any.
    pub subject: Option<RecordId>,
}

/// An answer to a screening question (see `crate::forms` for how a form checks it).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Answer {
    /// The person chose not to answer. Any question accepts it; for yes/no questions it
    /// is the same as `YesNo(Declined)`.
    Declined,
    YesNo(YesNo),
    Choice(String),
    Choices(#[serde(deserialize_with = "set::deserialize")] Vec<String>),
    Text(String),
    Integer(i64),
    Date(NaiveDate),
    Country(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YesNo {
    Yes,
    No,
    Unknown,
    Declined,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InterviewStatus {
    InProgress,
    Completed,
    Abandoned,
}

/// What an interview was scored as, kept with it (the explanation is rebuilt from the
/// answers and the same form and rule-set versions).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssessmentSummary {
    pub rule_set_id: String,
    pub rule_set_version: String,
    /// Content hash of the rule set (empty in summaries written before it was kept).
    #[serde(default)]
    pub rule_set_hash: String,
    /// `none`, `monitor`, `possible` or `likely`.
    pub level: String,
    pub urgent_safety: bool,
    /// Ids of the indicators raised.
    #[serde(default, deserialize_with = "set::deserialize")]
    pub indicators: Vec<String>,
    pub at: DateTime<Utc>,
}

/// A screening interview: which form, in which language, and the answers given.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interview {
    pub form_id: String,
    pub form_version: String,
    /// Content hash of the form definition the interview ran on.
    #[serde(default)]
    pub form_hash: String,
    /// Interview language (ISO 639 code).
    pub language: String,
    /// `None` for an anonymous interview.
    pub subject: Option<RecordId>,
    pub status: InterviewStatus,
    /// Answers by question id.
    #[serde(default)]
    pub answers: BTreeMap<String, Answer>,
    /// Questions the worker skipped (not required, moved on without an answer).
    #[serde(default, deserialize_with = "set::deserialize")]
    pub skipped: Vec<String>,
    /// The consent record this interview runs under.
    #[serde(default)]
    pub consent: Option<RecordId>,
    pub started_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Set when the interview is finished and scored.
    #[serde(default)]
    pub assessment: Option<AssessmentSummary>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralStatus {
    Proposed,
    Accepted,
    Declined,
    Completed,
    Cancelled,
}

/// A referral to a service (shelter, legal aid, hotline, consulate ...).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Referral {
    pub subject: Option<RecordId>,
    /// Service identifier from the services directory.
    pub service: String,
    pub reason: String,
    pub status: ReferralStatus,
    /// The consent record that allows this referral.
    pub consent: Option<RecordId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentScope {
    Screening,
    Referral,
    Sharing,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentState {
    Given,
    Withdrawn,
}

/// What the person agreed to, recorded by whom and when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Consent {
    /// `None` for the consent of an anonymous interview.
    pub subject: Option<RecordId>,
    #[serde(deserialize_with = "set::deserialize")]
    pub scopes: Vec<ConsentScope>,
    /// Services (directory ids) the person agreed by name to be referred to. The
    /// referral scope is agreement to referral in general, to services the worker
    /// proposes, except those the directory marks as needing a consent that names them.
    #[serde(default, deserialize_with = "set::deserialize")]
    pub services: Vec<String>,
    pub state: ConsentState,
    /// Who recorded it (worker's name or call sign).
    pub recorded_by: String,
    pub at: DateTime<Utc>,
}

/// The content of a record, by kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "body", rename_all = "snake_case")]
#[allow(
    clippy::large_enum_variant,
    reason = "one record is in memory at a time on the paths that move bodies around; boxing the interview would only add an allocation and noise at every construction site"
)]
pub enum RecordBody {
    Subject(Subject),
    #[serde(rename = "note")]
    OutreachNote(OutreachNote),
    Interview(Interview),
    Referral(Referral),
    Consent(Consent),
}

const MAX_SHORT: usize = 200;
const MAX_TEXT: usize = 64 * 1024;
const MAX_TAGS: usize = 32;

fn check_len(field: &'static str, s: &str, max: usize, required: bool) -> Result<()> {
    if required && s.trim().is_empty() {
        return Err(Error::invalid(field, "must not be empty"));
    }
    if s.chars().count() > max {
        return Err(Error::invalid(
            field,
            format!("longer than {max} characters"),
        ));
    }
    if s.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(Error::invalid(field, "contains control characters"));
    }
    Ok(())
}

fn check_code(
    field: &'static str,
    s: &str,
    lens: std::ops::RangeInclusive<usize>,
    upper: bool,
) -> Result<()> {
    let ok = lens.contains(&s.len())
        && s.chars().all(|c| {
            if upper {
                c.is_ascii_uppercase()
            } else {
                c.is_ascii_lowercase()
            }
        });
    if ok {
        Ok(())
    } else if upper {
        Err(Error::invalid(
            field,
            "expected an ISO 3166-1 alpha-2 code such as KZ",
        ))
    } else {
        Err(Error::invalid(
            field,
            "expected an ISO 639 code such as ru or kk",
        ))
    }
}

/// A language tag as Senim writes them: an ISO 639 code of 2 or 3 lower-case letters
/// (`ru`, `kk`), optionally followed by `-` and an ISO 15924 script of four letters in
/// title case (`uz-Cyrl`: Uzbek in Cyrillic script, beside `uz` in Latin).
pub fn is_language_tag(tag: &str) -> bool {
    let (language, script) = match tag.split_once('-') {
        Some((l, s)) => (l, Some(s)),
        None => (tag, None),
    };
    let language_ok =
        (2..=3).contains(&language.len()) && language.chars().all(|c| c.is_ascii_lowercase());
    let script_ok = script.is_none_or(|s| {
        let mut chars = s.chars();
        s.len() == 4
            && chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && chars.all(|c| c.is_ascii_lowercase())
    });
    language_ok && script_ok
}

fn check_language(tag: &str) -> Result<()> {
    if is_language_tag(tag) {
        Ok(())
    } else {
        Err(Error::invalid(
            "language",
            "expected an ISO 639 code such as ru or kk, optionally with a script such as uz-Cyrl",
        ))
    }
}

/// Normalizes a tag: trimmed, lower case, spaces collapsed to `-`.
pub fn normalize_tag(tag: &str) -> Result<String> {
    let t: String = tag
        .trim()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-");
    check_len("tag", &t, 40, true)?;
    Ok(t)
}

impl RecordBody {
    pub fn kind(&self) -> RecordKind {
        match self {
            RecordBody::Subject(_) => RecordKind::Subject,
            RecordBody::OutreachNote(_) => RecordKind::OutreachNote,
            RecordBody::Interview(_) => RecordKind::Interview,
            RecordBody::Referral(_) => RecordKind::Referral,
            RecordBody::Consent(_) => RecordKind::Consent,
        }
    }

    /// The subject this record is linked to, if any.
    pub fn subject(&self) -> Option<RecordId> {
        match self {
            RecordBody::Subject(_) => None,
            RecordBody::OutreachNote(n) => n.subject,
            RecordBody::Interview(i) => i.subject,
            RecordBody::Referral(r) => r.subject,
            RecordBody::Consent(c) => c.subject,
        }
    }

    /// The moment the record is about, when it has one.
    pub fn time(&self) -> Option<DateTime<Utc>> {
        match self {
            RecordBody::OutreachNote(n) => Some(n.at),
            RecordBody::Interview(i) => Some(i.started_at),
            RecordBody::Consent(c) => Some(c.at),
            RecordBody::Subject(_) | RecordBody::Referral(_) => None,
        }
    }

    /// Tags (notes only).
    pub fn tags(&self) -> &[String] {
        match self {
            RecordBody::OutreachNote(n) => &n.tags,
            _ => &[],
        }
    }

    /// The free text searched by full-text search.
    pub fn searchable_text(&self) -> Vec<&str> {
        match self {
            RecordBody::OutreachNote(n) => {
                let mut v = vec![n.text.as_str()];
                v.extend(n.place.as_deref());
                v
            }
            _ => Vec::new(),
        }
    }

    /// Checks every field and normalizes what has a canonical form (tags, sets,
    /// coordinates). Errors name the field and the rule, never the value.
    pub fn validate(mut self) -> Result<Self> {
        match &mut self {
            RecordBody::Subject(s) => {
                check_len("alias", &s.alias, MAX_SHORT, true)?;
                if let Some(n) = &s.nationality {
                    check_code("nationality", n, 2..=2, true)?;
                }
                for l in &s.languages {
                    check_language(l)?;
                }
                s.languages.sort();
                s.languages.dedup();
            }
            RecordBody::OutreachNote(n) => {
                check_len("text", &n.text, MAX_TEXT, true)?;
                if let Some(p) = &n.place {
                    check_len("place", p, MAX_SHORT, false)?;
                }
                if let Some(l) = n.location {
                    n.location = Some(CoarseLocation::new(l.lat, l.lon)?);
                }
                let mut tags = n
                    .tags
                    .iter()
                    .map(|t| normalize_tag(t))
                    .collect::<Result<Vec<_>>>()?;
                tags.sort();
                tags.dedup();
                if tags.len() > MAX_TAGS {
                    return Err(Error::invalid("tags", format!("more than {MAX_TAGS} tags")));
                }
                n.tags = tags;
            }
            RecordBody::Interview(i) => {
                check_len("form id", &i.form_id, MAX_SHORT, true)?;
                check_len("form version", &i.form_version, 40, true)?;
                check_language(&i.language)?;
                for (q, a) in &mut i.answers {
                    check_len("question id", q, MAX_SHORT, true)?;
                    match a {
                        Answer::Text(t) => check_len("answer", t, MAX_TEXT, false)?,
                        Answer::Choice(c) => check_len("answer", c, MAX_SHORT, true)?,
                        Answer::Choices(cs) => {
                            for c in cs.iter() {
                                check_len("answer", c, MAX_SHORT, true)?;
                            }
                            cs.sort();
                            cs.dedup();
                        }
                        Answer::Country(c) => check_code("answer", c, 2..=2, true)?,
                        Answer::Declined
                        | Answer::YesNo(_)
                        | Answer::Integer(_)
                        | Answer::Date(_) => {}
                    }
                }
                for q in &i.skipped {
                    check_len("question id", q, MAX_SHORT, true)?;
                }
                i.skipped.sort();
                i.skipped.dedup();
                check_len("form hash", &i.form_hash, 64, false)?;
                if let Some(a) = &mut i.assessment {
                    check_len("rule set id", &a.rule_set_id, MAX_SHORT, true)?;
                    check_len("rule set version", &a.rule_set_version, 40, true)?;
                    check_len("rule set hash", &a.rule_set_hash, 64, false)?;
                    check_len("level", &a.level, 20, true)?;
                    for ind in &a.indicators {
                        check_len("indicator", ind, MAX_SHORT, true)?;
                    }
                    a.indicators.sort();
                    a.indicators.dedup();
                }
                if let Some(f) = i.finished_at
                    && f < i.started_at
                {
                    return Err(Error::invalid(
                        "finished_at",
                        "before the interview started",
                    ));
                }
            }
            RecordBody::Referral(r) => {
                check_len("service", &r.service, MAX_SHORT, true)?;
                check_len("reason", &r.reason, MAX_TEXT, false)?;
            }
            RecordBody::Consent(c) => {
                check_len("recorded_by", &c.recorded_by, MAX_SHORT, true)?;
                c.scopes.sort();
                c.scopes.dedup();
                for svc in &c.services {
                    check_len("service", svc, MAX_SHORT, true)?;
                }
                c.services.sort();
                c.services.dedup();
                if c.scopes.is_empty() {
                    return Err(Error::invalid("scopes", "at least one scope is required"));
                }
            }
        }
        Ok(self)
    }
}

/// A decrypted record with its metadata. The vault keeps it, sealed, as the record's
/// summary (read back with `Deserialize`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub id: RecordId,
    pub kind: RecordKind,
    pub created_at: DateTime<Utc>,
    /// Time of the latest change (from the automerge history).
    pub updated_at: DateTime<Utc>,
    /// Device that created the record (hex).
    pub created_by: String,
    pub deleted: bool,
    pub body: RecordBody,
    /// Fields that devices wrote concurrently, with every value and who wrote it; the
    /// body holds the winning value. Empty for a record edited on one device at a time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<FieldConflict>,
}

/// A field with concurrent values from different devices.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldConflict {
    /// The field's path in the body, e.g. `status` or `answers.q_passport`; a field of
    /// the record itself (such as `deleted`) has no `body.` prefix either.
    pub field: String,
    /// Every value, the winning one included, with the device (hex) that wrote it.
    pub values: Vec<ConflictValue>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConflictValue {
    /// The value as JSON (sets appear as `{element: true}`).
    pub value: serde_json::Value,
    pub device: String,
}

/// One change in a record's automerge history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    /// Device (automerge actor) that made the change, hex.
    pub device: String,
    pub at: DateTime<Utc>,
    /// What the change did: `create`, `edit: text, tags`, `delete`.
    pub summary: String,
}

/// Filters for the vault's listing. All set filters must hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecordFilter {
    pub kind: Option<RecordKind>,
    pub tag: Option<String>,
    pub subject: Option<RecordId>,
    /// Inclusive lower bound on the record's time (or creation time).
    pub from: Option<DateTime<Utc>>,
    /// Exclusive upper bound.
    pub to: Option<DateTime<Utc>>,
    pub include_deleted: bool,
}

/// Which page of a listing to return.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: usize,
    /// The `next` cursor of the previous page.
    pub after: Option<String>,
}

impl PageRequest {
    pub const DEFAULT_LIMIT: usize = 50;
    pub const MAX_LIMIT: usize = 1000;

    pub fn first(limit: usize) -> Self {
        PageRequest { limit, after: None }
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest::first(Self::DEFAULT_LIMIT)
    }
}

/// A page of records, newest first, and the cursor of the next page.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecordPage {
    pub records: Vec<Record>,
    pub next: Option<String>,
    /// Records on this page's stretch that failed to decrypt or parse.
    pub damaged: Vec<RecordId>,
}

#[cfg(test)]
mod tests;
