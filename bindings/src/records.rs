//! Records through a [`SenimVault`]: outreach notes as typed records, every kind as
//! JSON for detail screens, listings, search, history and the conflicting values
//! concurrent edits left.

use std::str::FromStr;
use std::time::SystemTime;

use senim_records::{OutreachNote, PageRequest, Record, RecordBody, RecordFilter, RecordId};

use crate::error::{Result, SenimError};
use crate::vault::SenimVault;
use crate::work::lock;

/// The kinds of record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum RecordKind {
    Subject,
    Note,
    Interview,
    Referral,
    Consent,
}

impl From<senim_records::RecordKind> for RecordKind {
    fn from(k: senim_records::RecordKind) -> Self {
        use senim_records::RecordKind as K;
        match k {
            K::Subject => RecordKind::Subject,
            K::OutreachNote => RecordKind::Note,
            K::Interview => RecordKind::Interview,
            K::Referral => RecordKind::Referral,
            K::Consent => RecordKind::Consent,
        }
    }
}

impl From<RecordKind> for senim_records::RecordKind {
    fn from(k: RecordKind) -> Self {
        use senim_records::RecordKind as K;
        match k {
            RecordKind::Subject => K::Subject,
            RecordKind::Note => K::OutreachNote,
            RecordKind::Interview => K::Interview,
            RecordKind::Referral => K::Referral,
            RecordKind::Consent => K::Consent,
        }
    }
}

/// An outreach note as the editor shows and sends it.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct Note {
    pub text: String,
    /// A label for the place ("Barakholka market, row 7"), not an address.
    pub place: Option<String>,
    pub tags: Vec<String>,
    /// When the contact happened.
    pub at: SystemTime,
    /// The subject record this note is about.
    pub subject: Option<String>,
}

/// Concurrent values of one field, each with the device (hex) that wrote it.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct FieldConflict {
    pub field: String,
    /// Each value as JSON.
    pub values: Vec<ConflictValue>,
}

#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct ConflictValue {
    pub value_json: String,
    pub device: String,
}

/// A decrypted record.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct RecordView {
    pub id: String,
    pub kind: RecordKind,
    pub created_at: SystemTime,
    pub updated_at: SystemTime,
    pub created_by: String,
    pub deleted: bool,
    /// The body when the record is a note.
    pub note: Option<Note>,
    /// The body of any kind, as JSON (what detail screens render).
    pub body_json: String,
    pub conflicts: Vec<FieldConflict>,
}

/// One page of a listing; pass `next` back for the following page.
#[derive(Clone, Debug, PartialEq, uniffi::Record)]
pub struct RecordPageView {
    pub records: Vec<RecordView>,
    pub next: Option<String>,
    /// Records that failed to decrypt (altered or damaged), by id.
    pub damaged: Vec<String>,
}

/// One change in a record's history.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct HistoryItem {
    pub device: String,
    pub at: SystemTime,
    pub summary: String,
}

pub(crate) fn parse_id(id: &str) -> Result<RecordId> {
    RecordId::from_str(id.trim()).map_err(|_| SenimError::invalid("record id", "not a record id"))
}

fn note_body(note: Note) -> Result<RecordBody> {
    Ok(RecordBody::OutreachNote(OutreachNote {
        text: note.text,
        place: note.place,
        location: None,
        tags: note.tags,
        at: note.at.into(),
        subject: note.subject.as_deref().map(parse_id).transpose()?,
    }))
}

pub(crate) fn view(record: Record) -> Result<RecordView> {
    let body_json = serde_json::to_string(&record.body)
        .map_err(|_| SenimError::internal("the record cannot be encoded"))?;
    let note = match &record.body {
        RecordBody::OutreachNote(n) => Some(Note {
            text: n.text.clone(),
            place: n.place.clone(),
            tags: n.tags.clone(),
            at: n.at.into(),
            subject: n.subject.map(|s| s.to_string()),
        }),
        _ => None,
    };
    Ok(RecordView {
        id: record.id.to_string(),
        kind: record.kind.into(),
        created_at: record.created_at.into(),
        updated_at: record.updated_at.into(),
        created_by: record.created_by,
        deleted: record.deleted,
        note,
        body_json,
        conflicts: record
            .conflicts
            .into_iter()
            .map(|c| FieldConflict {
                field: c.field,
                values: c
                    .values
                    .into_iter()
                    .map(|v| ConflictValue {
                        value_json: v.value.to_string(),
                        device: v.device,
                    })
                    .collect(),
            })
            .collect(),
    })
}

fn page_view(page: senim_records::RecordPage) -> Result<RecordPageView> {
    Ok(RecordPageView {
        records: page.records.into_iter().map(view).collect::<Result<_>>()?,
        next: page.next,
        damaged: page.damaged.iter().map(|d| d.to_string()).collect(),
    })
}

fn page_request(limit: u32, after: Option<String>) -> PageRequest {
    PageRequest {
        limit: (limit as usize).clamp(1, PageRequest::MAX_LIMIT),
        after,
    }
}

#[uniffi::export]
impl SenimVault {
    /// Records a new note; returns its id.
    pub fn add_note(&self, note: Note) -> Result<String> {
        let body = note_body(note)?;
        Ok(lock(&self.vault).add(body)?.to_string())
    }

    /// Replaces a note's fields; returns the names of the fields that changed.
    pub fn edit_note(&self, id: String, note: Note) -> Result<Vec<String>> {
        let id = parse_id(&id)?;
        let body = note_body(note)?;
        Ok(lock(&self.vault).update(id, body)?)
    }

    /// One record (logged as a view in the audit log).
    pub fn record(&self, id: String) -> Result<RecordView> {
        let id = parse_id(&id)?;
        let record = lock(&self.vault).get(id)?;
        view(record)
    }

    /// Records, newest first, `limit` at a time.
    pub fn records(
        &self,
        kind: Option<RecordKind>,
        include_deleted: bool,
        limit: u32,
        after: Option<String>,
    ) -> Result<RecordPageView> {
        let filter = RecordFilter {
            kind: kind.map(Into::into),
            include_deleted,
            ..RecordFilter::default()
        };
        let page = lock(&self.vault).list(&filter, &page_request(limit, after))?;
        page_view(page)
    }

    /// Notes whose text or place contains every word (word starts match).
    pub fn search(
        &self,
        text: String,
        limit: u32,
        after: Option<String>,
    ) -> Result<RecordPageView> {
        let page = lock(&self.vault).search(
            &text,
            &RecordFilter::default(),
            &page_request(limit, after),
        )?;
        page_view(page)
    }

    /// Deletes a record (hidden from listings, kept in history).
    pub fn delete_record(&self, id: String) -> Result<()> {
        let id = parse_id(&id)?;
        Ok(lock(&self.vault).delete(id)?)
    }

    /// Who changed the record, when, and which fields.
    pub fn history(&self, id: String) -> Result<Vec<HistoryItem>> {
        let id = parse_id(&id)?;
        Ok(lock(&self.vault)
            .history(id)?
            .into_iter()
            .map(|h| HistoryItem {
                device: h.device,
                at: h.at.into(),
                summary: h.summary,
            })
            .collect())
    }
}
