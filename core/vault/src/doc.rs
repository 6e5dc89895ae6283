//! One record = one automerge document.
//!
//! Layout of the root map: `kind`, `format`, `created_at`, `created_by`, `deleted`,
//! and `body`, the record's fields. Free-text fields (`text`, `reason`) are written as
//! one string value when the record is created and become automerge text on their first
//! edit, so from then on concurrent edits merge by character (ADR 0004, amended: one
//! operation per character made a new note's document slow to build and to load; two
//! devices editing the same note for the first time at once keep both texts, as a
//! conflict, and the next edit resolves it). Lists of labels are sets (see `set.rs`);
//! everything else is a scalar, so concurrent writes stay visible as conflicts instead
//! of one silently winning.
//!
//! A stored document is its saved base followed by the changes appended since
//! ([`Stored`]): an edit saves only its own change (`Automerge::save_after`), and the
//! store compacts the chain into a new base when it reaches [`MAX_CHAIN`].
//!
//! Edits are written as the minimal difference between the stored body and the new
//! one, with the device id as actor and a commit message naming the changed fields:
//! that is what [`senim_records::HistoryEntry`] reports.

use automerge::transaction::{CommitOptions, Transactable};
use std::collections::HashMap;

use automerge::{
    ActorId, Automerge, ChangeHash, ObjId, ObjType, ROOT, ReadDoc, SaveOptions, ScalarValue, Value,
    hydrate,
};
use chrono::{DateTime, Utc};
use serde_json::{Map as JsonMap, Number, Value as Json};

use crate::{Error, Result};
use senim_records::{
    ConflictValue, FieldConflict, HistoryEntry, RECORD_FORMAT, Record, RecordBody, RecordId,
    RecordKind, hex,
};

/// Body fields stored as collaborative text.
const TEXT_FIELDS: &[&str] = &["text", "reason"];

/// Changes appended after a document's base before the store saves it whole again.
pub(crate) const MAX_CHAIN: u32 = 16;

pub(crate) struct RecordDoc {
    id: RecordId,
    doc: Automerge,
    stored: Option<Stored>,
}

/// Where a document loaded from the store stands: how many changes follow its base,
/// the base's length (its bytes as saved, before sealing), and its heads as loaded
/// (what a new change is saved after).
#[derive(Clone, Debug)]
pub(crate) struct Stored {
    pub(crate) changes: u32,
    base: usize,
    heads: Vec<ChangeHash>,
}

/// Save options that leave out changes waiting for a dependency (automerge keeps them
/// by default).
fn applied_only() -> SaveOptions {
    SaveOptions {
        retain_orphans: false,
        ..SaveOptions::default()
    }
}

fn malformed(id: &RecordId, reason: impl Into<String>) -> Error {
    Error::MalformedRecord {
        id: id.to_string(),
        reason: reason.into(),
    }
}

fn am_err(id: &RecordId) -> impl Fn(automerge::AutomergeError) -> Error + '_ {
    // automerge's messages describe document structure, not content.
    move |_| malformed(id, "the automerge document is invalid")
}

fn body_json(id: &RecordId, body: &RecordBody) -> Result<JsonMap<String, Json>> {
    let v = serde_json::to_value(body).map_err(|_| malformed(id, "the body cannot be encoded"))?;
    match v {
        Json::Object(mut m) => match m.remove("body").map(as_sets) {
            Some(Json::Object(b)) => Ok(b),
            _ => Err(malformed(id, "body is not an object")),
        },
        _ => Err(malformed(id, "body is not an object")),
    }
}

impl RecordDoc {
    /// A new document holding `body`, authored by `device`.
    pub(crate) fn create(
        id: RecordId,
        device: &[u8; 16],
        body: &RecordBody,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        let mut doc = Automerge::new().with_actor(ActorId::from(device));
        let new = body_json(&id, body)?;
        // One batch for the whole initial tree: far cheaper than op-by-op puts.
        let root = hydrate::Map::from(HashMap::from([
            (
                "kind".to_string(),
                hydrate::Value::scalar(body.kind().as_str()),
            ),
            (
                "format".to_string(),
                hydrate::Value::scalar(u64::from(RECORD_FORMAT)),
            ),
            (
                "created_at".to_string(),
                hydrate::Value::scalar(now.to_rfc3339()),
            ),
            (
                "created_by".to_string(),
                hydrate::Value::scalar(hex(device)),
            ),
            ("deleted".to_string(), hydrate::Value::scalar(false)),
            ("body".to_string(), to_hydrate(&Json::Object(new))),
        ]));
        let mut tx = doc.transaction();
        tx.init_root_from_hydrate(&root).map_err(am_err(&id))?;
        tx.commit_with(
            CommitOptions::default()
                .with_message("create")
                .with_time(now.timestamp()),
        );
        Ok(RecordDoc {
            id,
            doc,
            stored: None,
        })
    }

    /// Loads a saved document; edits made through it are authored by `device`.
    ///
    /// Changes saved with it that wait for a dependency (a base written by a build
    /// before this rule kept them, automerge's `save` default) are dropped: they are
    /// another device's, received through sync, and the envelope that carried them is
    /// still held, waiting, and applies them once their dependencies arrive. Kept, they
    /// made the document fail to load, and so every envelope after them quarantined.
    pub(crate) fn load(id: RecordId, device: &[u8; 16], bytes: &[u8]) -> Result<Self> {
        let cannot = || malformed(&id, "the automerge document cannot be loaded");
        let mut doc = Automerge::load(bytes).map_err(|_| cannot())?;
        if !doc.get_missing_deps(&[]).is_empty() {
            doc = Automerge::load(&doc.save_with_options(applied_only())).map_err(|_| cannot())?;
        }
        Ok(RecordDoc {
            id,
            doc: doc.with_actor(ActorId::from(device)),
            stored: None,
        })
    }

    /// Loads a document as the store holds it: its base (`bytes[..base]`) followed by
    /// `changes` appended changes, concatenated. The appended changes are this device's
    /// own edits, each made on top of the one before: one whose dependency is missing
    /// means a change was removed from the chain.
    pub(crate) fn load_stored(
        id: RecordId,
        device: &[u8; 16],
        bytes: &[u8],
        base: usize,
        changes: u32,
    ) -> Result<Self> {
        let (base_bytes, chain) = bytes
            .split_at_checked(base)
            .ok_or_else(|| malformed(&id, "the automerge document cannot be loaded"))?;
        let mut doc = Self::load(id, device, base_bytes)?;
        if !chain.is_empty() {
            doc.doc
                .load_incremental(chain)
                .map_err(|_| malformed(&id, "the automerge document cannot be loaded"))?;
            if !doc.doc.get_missing_deps(&[]).is_empty() {
                return Err(malformed(&id, "a change of the document is missing"));
            }
        }
        doc.stored = Some(Stored {
            changes,
            base,
            heads: doc.doc.get_heads(),
        });
        Ok(doc)
    }

    /// A copy of this document, with its place in the store: edited apart, for trying
    /// an edit before making it (a copy in memory, far cheaper than saving and loading).
    pub(crate) fn copy(&self) -> Self {
        RecordDoc {
            id: self.id,
            doc: self.doc.clone(),
            stored: self.stored.clone(),
        }
    }

    /// What the store appends for the edits made since loading: the position of the
    /// next change and the changes' bytes; `None` when the document must be saved
    /// whole (it was not loaded from the store, or its chain is full). The bytes are
    /// `save_after`'s, but each change deflated where that makes it smaller (a first
    /// edit holds the whole text, one operation per character).
    pub(crate) fn appended(&self) -> Option<(u32, Vec<u8>)> {
        let stored = self.stored.as_ref()?;
        (stored.changes < MAX_CHAIN).then(|| {
            let bytes = self
                .doc
                .get_changes(&stored.heads)
                .into_iter()
                .flat_map(|c| c.clone().bytes().into_owned())
                .collect();
            (stored.changes + 1, bytes)
        })
    }

    /// The length of the stored base this document was loaded from (its bytes as
    /// saved, before sealing); `None` for a document not loaded from the store.
    pub(crate) fn stored_base(&self) -> Option<usize> {
        self.stored.as_ref().map(|s| s.base)
    }

    /// The document saved whole: only the changes applied to it. A received change
    /// whose dependencies have not arrived is not part of it; the envelope that
    /// carried it waits and applies it later (`Vault::apply_waiting`).
    pub(crate) fn save(&self) -> Vec<u8> {
        self.doc.save_with_options(applied_only())
    }

    /// The document saved as builds before [`RecordDoc::save`] kept only applied
    /// changes did: with the received changes that wait for a dependency.
    #[cfg(test)]
    pub(crate) fn save_with_waiting_changes(&self) -> Vec<u8> {
        self.doc.save()
    }

    /// A document with no content yet, for a record first seen through sync: changes
    /// received are applied to it with [`RecordDoc::apply`].
    pub(crate) fn empty(id: RecordId, device: &[u8; 16]) -> Self {
        RecordDoc {
            id,
            doc: Automerge::new().with_actor(ActorId::from(device)),
            stored: None,
        }
    }

    /// The document's current heads, 32 bytes each, concatenated (sync bookkeeping).
    pub(crate) fn heads(&self) -> Vec<u8> {
        self.doc.get_heads().iter().flat_map(|h| h.0).collect()
    }

    /// The changes made by `actor` since `heads` (as returned by [`RecordDoc::heads`];
    /// empty: all changes), as raw bytes in causal order. Changes received from other
    /// devices are theirs to send.
    pub(crate) fn own_changes_since(&self, heads: &[u8], actor: &[u8; 16]) -> Result<Vec<Vec<u8>>> {
        if !heads.len().is_multiple_of(32) {
            return Err(malformed(&self.id, "stored heads are damaged"));
        }
        let heads: Vec<automerge::ChangeHash> = heads
            .chunks_exact(32)
            .map(|c| {
                let mut h = [0u8; 32];
                h.copy_from_slice(c);
                automerge::ChangeHash(h)
            })
            .collect();
        Ok(self
            .doc
            .get_changes(&heads)
            .into_iter()
            .filter(|c| c.actor_id().to_bytes() == actor.as_slice())
            .map(|c| c.raw_bytes().to_vec())
            .collect())
    }

    /// Applies changes received through sync from the device `author`; a change by
    /// any other actor is refused (a device may only send its own changes). `None`
    /// takes changes by any actor: a lead's carrier envelope re-carries other devices'
    /// changes after a purge (ADR 0015). Changes
    /// already present are ignored; changes whose dependencies are missing are held by
    /// this document in memory only ([`RecordDoc::save`] leaves them out: their envelope
    /// waits and brings them again). Returns whether every dependency is now present.
    pub(crate) fn apply(&mut self, changes: &[Vec<u8>], author: Option<&[u8; 16]>) -> Result<bool> {
        let parsed = changes
            .iter()
            .map(|bytes| {
                let change = automerge::Change::try_from(bytes.as_slice())
                    .map_err(|_| malformed(&self.id, "a received change cannot be read"))?;
                if let Some(author) = author
                    && change.actor_id().to_bytes() != author.as_slice()
                {
                    return Err(malformed(
                        &self.id,
                        "a received change was made by another device",
                    ));
                }
                Ok(change)
            })
            .collect::<Result<Vec<_>>>()?;
        self.doc.apply_changes(parsed).map_err(am_err(&self.id))?;
        Ok(self.doc.get_missing_deps(&[]).is_empty())
    }

    fn root_str(&self, key: &str) -> Result<String> {
        match self.doc.get(ROOT, key).map_err(am_err(&self.id))? {
            Some((Value::Scalar(s), _)) => match s.as_ref() {
                ScalarValue::Str(s) => Ok(s.to_string()),
                _ => Err(malformed(&self.id, format!("{key} is not a string"))),
            },
            _ => Err(malformed(&self.id, format!("{key} is missing"))),
        }
    }

    pub(crate) fn kind(&self) -> Result<RecordKind> {
        Ok(self.root_str("kind")?.parse()?)
    }

    pub(crate) fn deleted(&self) -> Result<bool> {
        match self.doc.get(ROOT, "deleted").map_err(am_err(&self.id))? {
            Some((Value::Scalar(s), _)) => match s.as_ref() {
                ScalarValue::Boolean(b) => Ok(*b),
                _ => Err(malformed(&self.id, "deleted is not a boolean")),
            },
            None => Ok(false),
            _ => Err(malformed(&self.id, "deleted is not a boolean")),
        }
    }

    fn body_id(&self) -> Result<ObjId> {
        match self.doc.get(ROOT, "body").map_err(am_err(&self.id))? {
            Some((Value::Object(ObjType::Map), obj)) => Ok(obj),
            _ => Err(malformed(&self.id, "body is missing")),
        }
    }

    fn body_map(&self) -> Result<JsonMap<String, Json>> {
        let body = self.body_id()?;
        match read_obj(&self.doc, &body, ObjType::Map).map_err(|r| malformed(&self.id, r))? {
            Json::Object(m) => Ok(m),
            _ => Err(malformed(&self.id, "body is not a map")),
        }
    }

    /// The record as it stands (the winning value of any conflicted field).
    pub(crate) fn read(&self) -> Result<Record> {
        let kind = self.kind()?;
        let created_at = DateTime::parse_from_rfc3339(&self.root_str("created_at")?)
            .map_err(|_| malformed(&self.id, "created_at is not a timestamp"))?
            .with_timezone(&Utc);
        let tagged = serde_json::json!({ "kind": kind.as_str(), "body": self.body_map()? });
        let body: RecordBody =
            // serde's messages quote the offending value: never pass them on.
            serde_json::from_value(tagged)
                .map_err(|_| malformed(&self.id, "the fields do not match the record kind"))?;
        let updated = self
            .doc
            .get_changes_meta(&[])
            .iter()
            .map(|c| c.timestamp)
            .max()
            .and_then(|t| DateTime::from_timestamp(t, 0))
            .unwrap_or(created_at);
        Ok(Record {
            id: self.id,
            kind,
            created_at,
            updated_at: updated.max(created_at),
            created_by: self.root_str("created_by")?,
            deleted: self.deleted()?,
            body,
            conflicts: self.conflicts()?,
        })
    }

    /// Fields written concurrently by different devices, with every value and its
    /// author. The record reads the winning value (automerge's deterministic choice);
    /// the others stay here so the app can show "two workers recorded different
    /// answers" instead of one silently winning. Text merges by character and sets by
    /// union, so neither ever conflicts.
    pub(crate) fn conflicts(&self) -> Result<Vec<FieldConflict>> {
        let mut out = Vec::new();
        let body = self.body_id()?;
        self.collect_conflicts(&ROOT, "", &mut out, &body)?;
        Ok(out)
    }

    fn collect_conflicts(
        &self,
        obj: &ObjId,
        path: &str,
        out: &mut Vec<FieldConflict>,
        body: &ObjId,
    ) -> Result<()> {
        for key in self.doc.keys(obj) {
            let field = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            let all = self
                .doc
                .get_all(obj, key.as_str())
                .map_err(am_err(&self.id))?;
            if all.len() > 1 {
                let mut values = Vec::new();
                for (value, id) in &all {
                    let device = match id {
                        automerge::ObjId::Id(_, actor, _) => hex(actor.to_bytes()),
                        automerge::ObjId::Root => String::new(),
                    };
                    let value = read_value(&self.doc, (value.clone(), id.clone()))
                        .map_err(|r| malformed(&self.id, r))?;
                    values.push(ConflictValue { value, device });
                }
                out.push(FieldConflict {
                    field: field.strip_prefix("body.").unwrap_or(&field).to_string(),
                    values,
                });
            }
            // Look inside the winning map (the body and maps within it), not into text.
            if let Some((Value::Object(ObjType::Map), child)) =
                self.doc.get(obj, key.as_str()).map_err(am_err(&self.id))?
                && (obj != &ROOT || &child == body)
            {
                self.collect_conflicts(&child, &field, out, body)?;
            }
        }
        Ok(())
    }

    /// Writes the difference between the stored body and `body`. Returns the names of
    /// the changed fields (empty when nothing changed, and then nothing is committed).
    pub(crate) fn update(&mut self, body: &RecordBody, now: DateTime<Utc>) -> Result<Vec<String>> {
        if body.kind() != self.kind()? {
            return Err(Error::invalid(
                "record kind",
                "an update cannot change the kind of a record",
            ));
        }
        let old = self.body_map()?;
        let new = body_json(&self.id, body)?;
        let body_obj = self.body_id()?;
        let id = self.id;
        let mut changed = Vec::new();
        let mut tx = self.doc.transaction();
        write_map(&mut tx, &body_obj, Some(&old), &new, true, &mut changed).map_err(am_err(&id))?;
        if changed.is_empty() {
            tx.rollback();
        } else {
            let msg = format!("edit: {}", changed.join(", "));
            tx.commit_with(
                CommitOptions::default()
                    .with_message(msg)
                    .with_time(now.timestamp()),
            );
        }
        Ok(changed)
    }

    /// Marks the record deleted (soft delete; the content stays until purged).
    pub(crate) fn set_deleted(&mut self, now: DateTime<Utc>) -> Result<()> {
        let id = self.id;
        let mut tx = self.doc.transaction();
        tx.put(ROOT, "deleted", true).map_err(am_err(&id))?;
        tx.commit_with(
            CommitOptions::default()
                .with_message("delete")
                .with_time(now.timestamp()),
        );
        Ok(())
    }

    /// Every change, oldest first: who (device), when, what.
    pub(crate) fn history(&self) -> Vec<HistoryEntry> {
        let mut out: Vec<(u64, HistoryEntry)> = self
            .doc
            .get_changes_meta(&[])
            .iter()
            .map(|c| {
                (
                    c.seq,
                    HistoryEntry {
                        device: c.actor.to_hex_string(),
                        at: DateTime::from_timestamp(c.timestamp, 0).unwrap_or_default(),
                        summary: c.message.as_deref().unwrap_or("change").to_string(),
                    },
                )
            })
            .collect();
        out.sort_by(|a, b| a.1.at.cmp(&b.1.at).then(a.0.cmp(&b.0)));
        out.into_iter().map(|(_, h)| h).collect()
    }
}

/// The initial tree of a body: maps and scalars (text fields too: one string value
/// each until their first edit).
fn to_hydrate(v: &Json) -> hydrate::Value {
    match v {
        Json::Object(m) => hydrate::Value::Map(hydrate::Map::from(
            m.iter()
                .map(|(k, v)| (k.clone(), to_hydrate(v)))
                .collect::<HashMap<String, hydrate::Value>>(),
        )),
        scalar => hydrate::Value::Scalar(json_scalar(scalar).unwrap_or(ScalarValue::Null)),
    }
}

fn json_scalar(v: &Json) -> Option<ScalarValue> {
    Some(match v {
        Json::Null => ScalarValue::Null,
        Json::Bool(b) => ScalarValue::Boolean(*b),
        Json::Number(n) => {
            if let Some(i) = n.as_i64() {
                ScalarValue::Int(i)
            } else if let Some(u) = n.as_u64() {
                ScalarValue::Uint(u)
            } else {
                ScalarValue::F64(n.as_f64()?)
            }
        }
        Json::String(s) => ScalarValue::Str(s.as_str().into()),
        Json::Array(_) | Json::Object(_) => return None,
    })
}

fn child<T: Transactable + ReadDoc>(
    tx: &T,
    obj: &ObjId,
    key: &str,
    ty: ObjType,
) -> std::result::Result<Option<ObjId>, automerge::AutomergeError> {
    Ok(match tx.get(obj, key)? {
        Some((Value::Object(t), id)) if t == ty => Some(id),
        _ => None,
    })
}

/// Writes `new` into the map `obj`, touching only what differs from `old`.
fn write_map<T: Transactable + ReadDoc>(
    tx: &mut T,
    obj: &ObjId,
    old: Option<&JsonMap<String, Json>>,
    new: &JsonMap<String, Json>,
    top: bool,
    changed: &mut Vec<String>,
) -> std::result::Result<(), automerge::AutomergeError> {
    if let Some(old) = old {
        for k in old.keys().filter(|k| !new.contains_key(*k)) {
            tx.delete(obj, k.as_str())?;
            if top {
                changed.push(k.clone());
            }
        }
    }
    for (k, v) in new {
        let before = old.and_then(|o| o.get(k));
        if before == Some(v) {
            continue;
        }
        if top {
            changed.push(k.clone());
        }
        match v {
            Json::String(s) if top && TEXT_FIELDS.contains(&k.as_str()) => {
                let conflicted = tx.get_all(obj, k.as_str())?.len() > 1;
                match child(tx, obj, k, ObjType::Text)? {
                    // An edit: a character diff, so concurrent edits merge.
                    Some(text) if !conflicted => tx.update_text(&text, s)?,
                    // The first edit of a text stored as one value, or an edit that
                    // settles two texts written at once: character-level text from now.
                    _ => {
                        let text = tx.put_object(obj, k.as_str(), ObjType::Text)?;
                        tx.splice_text(&text, 0, 0, s)?;
                    }
                }
            }
            Json::Object(m) => {
                let (map, prev) = match (child(tx, obj, k, ObjType::Map)?, before) {
                    (Some(id), Some(Json::Object(p))) => (id, Some(p)),
                    _ => (tx.put_object(obj, k.as_str(), ObjType::Map)?, None),
                };
                write_map(tx, &map, prev, m, false, changed)?;
            }
            scalar => {
                let s = json_scalar(scalar).unwrap_or(ScalarValue::Null);
                tx.put(obj, k.as_str(), s)?;
            }
        }
    }
    Ok(())
}

/// Turns every array into its stored set form `{element: true}` (see `set.rs`), so the
/// new body compares equal to the stored one where nothing changed.
fn as_sets(v: Json) -> Json {
    match v {
        Json::Array(items) => Json::Object(
            items
                .into_iter()
                .map(|i| match i {
                    Json::String(s) => (s, Json::Bool(true)),
                    other => (other.to_string(), Json::Bool(true)),
                })
                .collect(),
        ),
        Json::Object(m) => Json::Object(m.into_iter().map(|(k, v)| (k, as_sets(v))).collect()),
        other => other,
    }
}

const STRUCTURE: &str = "the document structure is invalid";

/// Reads an automerge object into JSON: maps to objects, text to strings.
fn read_obj(doc: &Automerge, obj: &ObjId, ty: ObjType) -> std::result::Result<Json, String> {
    match ty {
        ObjType::Text => doc
            .text(obj)
            .map(Json::String)
            .map_err(|_| STRUCTURE.to_string()),
        ObjType::Map | ObjType::Table => {
            let mut m = JsonMap::new();
            for key in doc.keys(obj) {
                if let Some(v) = doc
                    .get(obj, key.as_str())
                    .map_err(|_| STRUCTURE.to_string())?
                {
                    m.insert(key, read_value(doc, v)?);
                }
            }
            Ok(Json::Object(m))
        }
        ObjType::List => {
            let mut out = Vec::new();
            for i in 0..doc.length(obj) {
                if let Some(v) = doc.get(obj, i).map_err(|_| STRUCTURE.to_string())? {
                    out.push(read_value(doc, v)?);
                }
            }
            Ok(Json::Array(out))
        }
    }
}

fn read_value(doc: &Automerge, (v, id): (Value<'_>, ObjId)) -> std::result::Result<Json, String> {
    match v {
        Value::Object(ty) => read_obj(doc, &id, ty),
        Value::Scalar(s) => Ok(match s.as_ref() {
            ScalarValue::Null => Json::Null,
            ScalarValue::Boolean(b) => Json::Bool(*b),
            ScalarValue::Int(i) | ScalarValue::Timestamp(i) => Json::Number((*i).into()),
            ScalarValue::Uint(u) => Json::Number((*u).into()),
            ScalarValue::F64(f) => Json::Number(Number::from_f64(*f).ok_or("non-finite number")?),
            ScalarValue::Str(s) => Json::String(s.to_string()),
            ScalarValue::Bytes(_) | ScalarValue::Counter(_) | ScalarValue::Unknown { .. } => {
                return Err("unexpected value type".into());
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use senim_records::{OutreachNote, Subject};

    fn note(text: &str, tags: &[&str]) -> RecordBody {
        RecordBody::OutreachNote(OutreachNote {
            text: text.into(),
            place: Some("Bus station".into()),
            location: None,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            at: DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
            subject: None,
        })
    }

    fn subject() -> RecordBody {
        RecordBody::Subject(Subject {
            alias: "A".into(),
            age_band: None,
            gender: None,
            nationality: None,
            languages: vec![],
            contact_preference: None,
        })
    }

    #[test]
    fn a_created_document_reads_back_the_same_body() {
        let id = RecordId([1; 16]);
        let body = note("hello", &["a", "b"]);
        let d = RecordDoc::create(id, &[7; 16], &body, Utc::now()).unwrap();
        let loaded = RecordDoc::load(id, &[7; 16], &d.save()).unwrap();
        let r = loaded.read().unwrap();
        assert_eq!(r.body, body);
        assert_eq!(r.kind, RecordKind::OutreachNote);
        assert_eq!(r.created_by, hex(&[7; 16]));
        assert!(!r.deleted);
    }

    #[test]
    fn an_update_names_changed_fields_in_history() {
        let id = RecordId([1; 16]);
        let mut d = RecordDoc::create(id, &[7; 16], &note("hello", &["a"]), Utc::now()).unwrap();
        let changed = d
            .update(&note("hello world", &["a", "c"]), Utc::now())
            .unwrap();
        assert_eq!(changed, vec!["tags".to_string(), "text".to_string()]);
        assert!(
            d.update(&note("hello world", &["a", "c"]), Utc::now())
                .unwrap()
                .is_empty()
        );
        let h = d.history();
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].summary, "create");
        assert_eq!(h[1].summary, "edit: tags, text");
        assert_eq!(d.read().unwrap().body, note("hello world", &["a", "c"]));
    }

    #[test]
    fn concurrent_text_edits_and_tag_additions_merge() {
        let id = RecordId([1; 16]);
        let mut a = RecordDoc::create(id, &[1; 16], &note("market", &["x"]), Utc::now()).unwrap();
        // The first edit makes the text character-level; edits after it merge.
        a.update(&note("the market", &["x"]), Utc::now()).unwrap();
        let mut b = RecordDoc::load(id, &[2; 16], &a.save()).unwrap();
        let mut a = RecordDoc::load(id, &[1; 16], &a.save()).unwrap();
        a.update(&note("the big market", &["x", "y"]), Utc::now())
            .unwrap();
        b.update(&note("the market today", &["x", "z"]), Utc::now())
            .unwrap();
        a.doc.merge(&mut b.doc).unwrap();
        let r = a.read().unwrap();
        match r.body {
            RecordBody::OutreachNote(n) => {
                assert_eq!(n.text, "the big market today");
                assert_eq!(n.tags, vec!["x", "y", "z"]);
            }
            _ => panic!("kind changed"),
        }
    }

    fn text_value(d: &RecordDoc) -> Value<'_> {
        let body = d.body_id().unwrap();
        d.doc.get(&body, "text").unwrap().unwrap().0
    }

    #[test]
    fn a_new_notes_text_is_one_value_until_its_first_edit() {
        let id = RecordId([1; 16]);
        let mut d =
            RecordDoc::create(id, &[7; 16], &note("hello there", &["a"]), Utc::now()).unwrap();
        assert!(matches!(text_value(&d), Value::Scalar(_)));
        // An edit of another field leaves the text as it is.
        d.update(&note("hello there", &["a", "b"]), Utc::now())
            .unwrap();
        assert!(matches!(text_value(&d), Value::Scalar(_)));
        d.update(&note("hello out there", &["a", "b"]), Utc::now())
            .unwrap();
        assert!(matches!(text_value(&d), Value::Object(ObjType::Text)));
        let again = RecordDoc::load(id, &[7; 16], &d.save()).unwrap();
        assert_eq!(
            again.read().unwrap().body,
            note("hello out there", &["a", "b"])
        );
    }

    #[test]
    fn a_document_whose_text_was_created_as_text_still_loads_and_edits() {
        // The layout before text became one value on creation: text from the start.
        let id = RecordId([1; 16]);
        let d = RecordDoc::create(id, &[7; 16], &note("", &["a"]), Utc::now()).unwrap();
        let mut old = RecordDoc::load(id, &[7; 16], &d.save()).unwrap();
        let body = old.body_id().unwrap();
        let mut tx = old.doc.transaction();
        let text = tx.put_object(&body, "text", ObjType::Text).unwrap();
        tx.splice_text(&text, 0, 0, "the market").unwrap();
        tx.commit();
        let mut a = RecordDoc::load(id, &[1; 16], &old.save()).unwrap();
        let mut b = RecordDoc::load(id, &[2; 16], &old.save()).unwrap();
        a.update(&note("the big market", &["a"]), Utc::now())
            .unwrap();
        b.update(&note("the market today", &["a"]), Utc::now())
            .unwrap();
        a.doc.merge(&mut b.doc).unwrap();
        assert_eq!(a.read().unwrap().body, note("the big market today", &["a"]));
        assert!(a.conflicts().unwrap().is_empty());
    }

    #[test]
    fn first_edits_made_at_once_keep_both_texts_and_the_next_edit_settles_them() {
        let id = RecordId([1; 16]);
        let base = RecordDoc::create(id, &[1; 16], &note("the market", &[]), Utc::now()).unwrap();
        let mut a = RecordDoc::load(id, &[1; 16], &base.save()).unwrap();
        let mut b = RecordDoc::load(id, &[2; 16], &base.save()).unwrap();
        a.update(&note("the big market", &[]), Utc::now()).unwrap();
        b.update(&note("the market today", &[]), Utc::now())
            .unwrap();
        a.doc.merge(&mut b.doc).unwrap();
        let conflicts = a.conflicts().unwrap();
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].field, "text");
        let mut texts: Vec<_> = conflicts[0]
            .values
            .iter()
            .map(|v| v.value.clone())
            .collect();
        texts.sort_by_key(|v| v.to_string());
        assert_eq!(
            texts,
            vec![Json::from("the big market"), Json::from("the market today")]
        );
        a.update(&note("the big market today", &[]), Utc::now())
            .unwrap();
        assert!(a.conflicts().unwrap().is_empty());
        assert_eq!(a.read().unwrap().body, note("the big market today", &[]));
    }

    #[test]
    fn an_edit_is_appended_after_the_stored_document_and_loads_with_it() {
        let id = RecordId([1; 16]);
        let d = RecordDoc::create(id, &[7; 16], &note("hello", &[]), Utc::now()).unwrap();
        assert!(d.appended().is_none(), "a new document is saved whole");
        let base = d.save();
        let mut e = RecordDoc::load_stored(id, &[7; 16], &base, base.len(), 0).unwrap();
        e.update(&note("hello world", &[]), Utc::now()).unwrap();
        let (n, change) = e.appended().unwrap();
        assert_eq!(n, 1);
        assert!(
            change.len() < base.len(),
            "{} vs {}",
            change.len(),
            base.len()
        );
        let chained = [base.as_slice(), &change].concat();
        let loaded = RecordDoc::load_stored(id, &[7; 16], &chained, base.len(), 1).unwrap();
        assert_eq!(loaded.read().unwrap().body, note("hello world", &[]));
        assert_eq!(loaded.history().len(), 2);
        let full = RecordDoc::load_stored(id, &[7; 16], &chained, base.len(), MAX_CHAIN).unwrap();
        assert!(full.appended().is_none(), "a full chain is saved whole");
    }

    #[test]
    fn a_missing_change_in_the_chain_is_malformed() {
        let id = RecordId([1; 16]);
        let d = RecordDoc::create(id, &[7; 16], &note("hello", &[]), Utc::now()).unwrap();
        let base = d.save();
        let mut e = RecordDoc::load_stored(id, &[7; 16], &base, base.len(), 0).unwrap();
        e.update(&note("hello world", &[]), Utc::now()).unwrap();
        let first = e.appended().unwrap().1;
        let mut f = RecordDoc::load_stored(
            id,
            &[7; 16],
            &[base.as_slice(), &first].concat(),
            base.len(),
            1,
        )
        .unwrap();
        f.update(&note("hello wide world", &[]), Utc::now())
            .unwrap();
        let second = f.appended().unwrap().1;
        assert!(matches!(
            RecordDoc::load_stored(
                id,
                &[7; 16],
                &[base.as_slice(), &second].concat(),
                base.len(),
                1,
            ),
            Err(Error::MalformedRecord { .. })
        ));
    }

    #[test]
    fn changing_the_kind_is_refused() {
        let id = RecordId([1; 16]);
        let mut d = RecordDoc::create(id, &[7; 16], &note("x", &[]), Utc::now()).unwrap();
        let subject = subject();
        assert!(matches!(
            d.update(&subject, Utc::now()),
            Err(Error::InvalidInput { .. })
        ));
    }

    #[test]
    fn a_malformed_field_is_reported_without_its_value() {
        let id = RecordId([1; 16]);
        let subject = subject();
        let mut d = RecordDoc::create(id, &[7; 16], &subject, Utc::now()).unwrap();
        let body = d.body_id().unwrap();
        let mut tx = d.doc.transaction();
        tx.put(&body, "gender", "CANARY-Aigerim-Nurlanovna")
            .unwrap();
        tx.commit();
        let e = d.read().unwrap_err();
        assert!(matches!(e, Error::MalformedRecord { .. }));
        assert!(!e.to_string().contains("CANARY"), "{e}");
    }

    #[test]
    fn garbage_bytes_are_a_malformed_record_not_a_panic() {
        let id = RecordId([1; 16]);
        assert!(matches!(
            RecordDoc::load(id, &[7; 16], b"not automerge"),
            Err(Error::MalformedRecord { .. })
        ));
    }
}
