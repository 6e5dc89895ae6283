//! The decoy grows with the vault (ADR 0016, amended 2026-12): after every write to the
//! real database, a synthetic write of the same shape to the decoy, so that the two
//! files grow alike and change at the same moments.
//!
//! The real vault keeps the decoy's master key, sealed among its own secrets under the
//! name [`DECOY_KEY`], and holds it (derived, as [`Keys`]) while it is unlocked with the
//! real passcode. Each committed write is described by its [`Shape`] only (how many
//! records, the sealed length of each, which audit action) and followed, in a
//! transaction of its own, by the like write to the decoy: harmless notes of about the
//! same sealed length, an edit of a decoy note edited as often as the real record and
//! about as long, appending a change about as long, an audit entry.
//! Time is not copied but lived: the decoy's write happens when the real one does.
//! While the vault is unlocked with the real passcode that write runs on the follower
//! thread (`follower.rs`, ADR 0050), milliseconds after the real one; inline otherwise.
//!
//! It must never carry anything of a real record into the decoy beyond the lengths the
//! real file already shows, never undo or fail a real write for the decoy's sake (the
//! real transaction is committed before the decoy's begins, and a decoy write that
//! fails is dropped), and never write to the decoy with a key that does not open it.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use senim_crypto::{self as crypto, SecretKey};
use senim_records::{OutreachNote, RecordBody, RecordKind};

use crate::audit::{self, AuditAction, AuditEntry};
use crate::doc::RecordDoc;
use crate::index;
pub(crate) use crate::mirror_shape::{Applied, DECOY_KEY, Shape, Written};
use crate::records::RawRow;
use crate::{Keys, Result, Vault};

impl Vault {
    /// Appends one entry in a transaction of its own; the decoy gets one like it.
    pub(crate) fn audit(&self, entry: AuditEntry) -> Result<()> {
        let shape = Shape::Logged(entry.action, entry.record.is_some());
        let tx = self.conn.unchecked_transaction()?;
        self.append_audit(&tx, entry)?;
        tx.commit()?;
        self.mirror(shape);
        Ok(())
    }

    /// Follows a committed write to the real database with a write of the same shape to
    /// the decoy. Does nothing after a duress unlock (the decoy is the active database),
    /// without the decoy's key, or without a decoy; a failure is dropped, never
    /// reported: the real write stands, and an error would tell of the decoy.
    pub(crate) fn mirror(&self, shape: Shape) {
        if self.in_decoy {
            return;
        }
        // The real write just left key bytes on this stack (key schedules and
        // derivations are built there and not all wiped): cleared before the next real
        // write's deep calls, or the generator's, can carry them into heap blocks.
        scrub_stack();
        // Written on the follower thread while there is one (ADR 0050), inline otherwise.
        let Err(shape) = self.send_to_follower(shape) else {
            return;
        };
        let (Some(conn), Some(keys)) = (self.spare.as_ref(), self.decoy_keys.as_deref()) else {
            return;
        };
        let _ = self.write_decoy(conn, keys, shape);
    }

    /// Notes a record that the transaction applying an envelope wrote; the decoy
    /// follows once it commits ([`Vault::mirror_applied`]).
    pub(crate) fn note_applied(&self, new: bool, written: Written) {
        self.applied.borrow_mut().push(Applied { new, written });
    }

    /// Follows the records the committed envelope transaction wrote, or, with
    /// `committed` false (rolled back), forgets them.
    pub(crate) fn mirror_applied(&self, committed: bool) {
        let records = std::mem::take(&mut *self.applied.borrow_mut());
        if committed && !records.is_empty() {
            self.mirror(Shape::Applied(records));
        }
    }

    pub(crate) fn write_decoy(&self, conn: &Connection, keys: &Keys, shape: Shape) -> Result<()> {
        let now = Utc::now();
        let tx = conn.unchecked_transaction()?;
        match shape {
            Shape::Created(written) => {
                let notes = written
                    .into_iter()
                    .map(|w| Ok((self.note_of_shape(w, now)?, now)))
                    .collect::<Result<Vec<_>>>()?;
                self.insert_records(&tx, keys, notes)?;
            }
            Shape::Rewritten(w) => self.edit_decoy_note(&tx, keys, w, now)?,
            Shape::Applied(records) => {
                let mut notes = Vec::new();
                for r in records {
                    match r.new {
                        true => notes.push((self.note_of_shape(r.written, now)?, now)),
                        false => self.edit_decoy_note(&tx, keys, r.written, now)?,
                    }
                }
                self.insert_records(&tx, keys, notes)?;
            }
            Shape::Logged(action, names_record) => {
                let mut entry = AuditEntry::new(decoy_action(action)).dated(now);
                if names_record && let Some(row) = random_note(&tx)? {
                    entry = entry.record(row.id()?, RecordKind::OutreachNote);
                }
                audit::append(&tx, &self.audit_keys(keys), entry)?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Edits a decoy note so that what it writes is about as long as what the real
    /// edit `written` wrote (its appended change, or its whole document), on a note
    /// chosen as the real record stands ([`Vault::note_to_edit`]), or writes a new one
    /// when the decoy has none.
    fn edit_decoy_note(
        &self,
        tx: &Connection,
        keys: &Keys,
        written: Written,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let len = written.doc;
        let Some(row) = self.note_to_edit(tx, written)? else {
            let note = self.note_of_shape(written, now)?;
            self.insert_records(tx, keys, vec![(note, now)])?;
            return Ok(());
        };
        // The edit is appended after the stored chain, as a real edit is.
        let loaded = self.open_raw(tx, keys, &row)?;
        // Where the edit's length is measured from: nothing for an appended change
        // (the note's text may already be text, so the change holds only what is
        // added), what the note's document holds for one that rewrites it whole.
        let saved = match written.appended() {
            true => 0,
            false => loaded.save().len(),
        };
        let record = loaded.read()?;
        let RecordBody::OutreachNote(note) = record.body else {
            return Ok(());
        };
        let mut rng = Rng::new()?;
        // Room for enough sentences to grow from `saved` to `len`.
        let room = MAX_TEXT_CHARS
            .saturating_sub(note.text.chars().count())
            .min(6 * len.saturating_sub(saved) + 512);
        let sentences = sentences(&mut rng, Lang::of(&note.text), room, 0.0);
        if sentences.is_empty() {
            // A note as long as a note may be: the decoy grows by a new note instead.
            let note = self.note_of_shape(written, now)?;
            self.insert_records(tx, keys, vec![(note, now)])?;
            return Ok(());
        }
        let body = |n: usize| {
            let mut edited = note.clone();
            for s in &sentences[..n] {
                edited.text.push(' ');
                edited.text.push_str(s);
            }
            RecordBody::OutreachNote(edited)
        };
        let edited = |n: usize| -> Result<(RecordDoc, Vec<String>)> {
            let mut doc = loaded.copy();
            let changed = doc.update(&body(n).validate()?, now)?;
            Ok((doc, changed))
        };
        // Each edit tried is kept: the one chosen is not made a second time (most
        // edits are fitted at the first try, so this halves the documents built).
        let mut tried: Vec<(usize, (RecordDoc, Vec<String>))> = Vec::new();
        // A real edit appended its change: the decoy's edit aims the length of its own
        // appended change at it (the whole document's when its chain is full).
        let n = fit(len, sentences.len(), Some(saved + SEAL_OVERHEAD), |n| {
            let (doc, changed) = edited(n)?;
            let length = match doc.appended() {
                Some((_, change)) if written.appended() => change.len(),
                _ => doc.save().len(),
            };
            tried.push((n, (doc, changed)));
            Ok(length + SEAL_OVERHEAD)
        })?;
        let (doc, changed) = match tried.iter().position(|(m, _)| *m == n) {
            Some(i) => tried.swap_remove(i).1,
            None => edited(n)?,
        };
        drop(tried);
        let record = doc.read()?;
        let stored = self.store_doc(tx, keys, row.seq(), &doc, &record)?;
        self.decoy_edited.set(Some((row.seq(), stored.chain)));
        audit::append(
            tx,
            &self.audit_keys(keys),
            AuditEntry::new(AuditAction::Edit)
                .record(record.id, record.kind)
                .detail(changed.join(", "))
                .dated(now),
        )?;
        Ok(())
    }

    /// The decoy note an edit like `written` goes to, so that the decoy's notes are
    /// edited as the real records are, with a change of the real one's length, and each
    /// edit costs what the real one did:
    /// - the next edit of a record (its chain one longer, or full and saved whole, or
    ///   the small change after a chain saved whole): the note the last edit went to,
    ///   while its chain stands where the real record's stood;
    /// - any other appended edit: a note drawn about as long as the real record
    ///   ([`alike_note`]), its chain where the real record's stood: never edited for a
    ///   first edit that writes the record's text as text (a change about as long as
    ///   the record), edited before for a smaller first edit (of tags, a place, a
    ///   deletion: the decoy's note then takes a small change too);
    /// - otherwise, or when none was drawn: the longest note whose document is no
    ///   longer than `written.doc`, else the shortest; the newest of equals.
    ///
    /// A note deleted in a duress session is never drawn nor taken again (a real
    /// record deleted is not edited). No lookup scans the notes.
    fn note_to_edit(&self, tx: &Connection, written: Written) -> Result<Option<RawRow>> {
        let base = written.base + SEAL_OVERHEAD;
        // A first edit whose change is about as long as the record: its text written as
        // text (a new note's text is one value until its first edit).
        let whole_text = written.chain == 1 && written.doc * 2 >= base;
        if let Some((seq, chain)) = self.decoy_edited.get() {
            let next = match written.chain {
                0 => chain == crate::doc::MAX_CHAIN,
                1 => chain == 0 && !whole_text,
                n => chain + 1 == n,
            };
            if next
                && let Some(row) = tx
                    .prepare_cached(REMEMBERED)?
                    .query_row(params![seq, chain], RawRow::from_sql)
                    .optional()?
            {
                return Ok(Some(row));
            }
        }
        if written.appended() {
            let chains = match written.chain {
                1 if whole_text => 0..=0,
                1 => 1..=crate::doc::MAX_CHAIN - 1,
                n => n - 1..=n - 1,
            };
            if let Some(seq) = alike_note(tx, base, chains)? {
                return Ok(tx
                    .prepare_cached(
                        "SELECT seq, id, kind, format, doc FROM records WHERE seq = ?1",
                    )?
                    .query_row(params![seq], RawRow::from_sql)
                    .optional()?);
            }
        }
        let len = written.doc;
        // The longest note no longer than `len`, else the shortest; the newest of equals.
        match tx
            .query_row(
                "SELECT seq, id, kind, format, doc FROM records INDEXED BY records_note_length
                 WHERE kind = 'note' AND length(doc) <= ?1
                 ORDER BY length(doc) DESC, seq DESC LIMIT 1",
                params![len as i64],
                RawRow::from_sql,
            )
            .optional()?
        {
            Some(row) => Ok(Some(row)),
            None => Ok(tx
                .query_row(
                    "SELECT seq, id, kind, format, doc FROM records INDEXED BY records_note_length
                     WHERE kind = 'note' AND length(doc) = (
                         SELECT min(length(doc)) FROM records INDEXED BY records_note_length
                         WHERE kind = 'note')
                     ORDER BY seq DESC LIMIT 1",
                    [],
                    RawRow::from_sql,
                )
                .optional()?),
        }
    }

    /// A harmless note whose sealed document is about `len` bytes long: as many
    /// generated sentences as it takes, up to the longest note text allowed.
    fn note_of_length(&self, len: usize, details: f64, now: DateTime<Utc>) -> Result<RecordBody> {
        let mut rng = Rng::new()?;
        let lang = if rng.below(5) < 2 { Lang::En } else { Lang::Ru };
        let (place, tag) = PLACES[rng.below(PLACES.len())];
        let place = match lang {
            Lang::Ru => place.0,
            Lang::En => place.1,
        };
        let at = now - Duration::minutes(20 + rng.below(220) as i64);
        // Generated text compresses to well over a sixth of its length: enough
        // sentences to reach `len`, without making the longest note every time.
        let sentences = sentences(&mut rng, lang, MAX_TEXT_CHARS.min(6 * len + 512), details);
        let body = |n: usize| {
            RecordBody::OutreachNote(OutreachNote {
                text: sentences[..n].join(" "),
                place: Some(place.to_string()),
                location: None,
                tags: vec![tag.to_string()],
                at,
                subject: None,
            })
        };
        let id = senim_records::RecordId::random()?;
        let n = fit(len, sentences.len(), None, |n| {
            let doc = RecordDoc::create(id, &self.header.device_id, &body(n), now)?;
            Ok(doc.save().len() + SEAL_OVERHEAD)
        })?;
        Ok(body(n))
    }

    /// A generated note shaped as the real record `written` describes: its sealed
    /// document about as long, and its row of the search index about as many tokens
    /// (the index's size follows them). Plain generated sentences repeat their words
    /// more than most real notes do; sentences with details (a telephone number, a
    /// receipt, an amount) bring new ones, so a note that needs more tokens at its
    /// length mixes in the share of them that reaches the count, found by one linear
    /// step between none and all. The share is not capped: capped at half, the far case
    /// of `mirror_tests.rs` (notes whose words all differ) left the files' size class.
    fn note_of_shape(&self, written: Written, now: DateTime<Utc>) -> Result<RecordBody> {
        let tokens = |body: &RecordBody| -> Result<usize> {
            let record = senim_records::Record {
                id: senim_records::RecordId::random()?,
                kind: body.kind(),
                created_at: now,
                updated_at: now,
                created_by: self.device_id(),
                deleted: false,
                body: body.clone(),
                conflicts: Vec::new(),
            };
            Ok(index::token_count(&index::record_tokens(&record)))
        };
        let want = written.tokens;
        let close = |got: usize| got.abs_diff(want) * 8 <= want;
        let plain = self.note_of_length(written.doc, 0.0, now)?;
        let t0 = tokens(&plain)?;
        if t0 >= want || close(t0) {
            return Ok(plain);
        }
        let detailed = self.note_of_length(written.doc, 1.0, now)?;
        let t1 = tokens(&detailed)?;
        if t1 <= want || close(t1) {
            return Ok(detailed);
        }
        let share = (want - t0) as f64 / (t1 - t0) as f64;
        self.note_of_length(written.doc, share, now)
    }

    /// Reads the decoy's master key from the real vault's secrets (just unlocked with
    /// the real passcode) and keeps its keys if they open the decoy. A vault made before
    /// the decoy grew has no such key, and one whose decoy was replaced (rebuilt while
    /// locked because the file was missing) has one that opens nothing: if no duress
    /// passcode was ever set, its decoy is rebuilt now (no passcode opens it, nothing is
    /// lost) and its key kept; if one was, the decoy stays as it is until the duress
    /// passcode is set again, and a marker derived from the master key (the same length
    /// as a key, so the secrets look the same) spares reading the log at every unlock.
    pub(crate) fn load_decoy_keys(&mut self) -> Result<()> {
        self.settle_decoy();
        self.decoy_keys = None;
        // A demo vault's passcode is public and it refuses a duress passcode: its ids
        // say what it is, and growing its decoy would only slow the demo down.
        if self.in_decoy || self.is_demo() {
            return Ok(());
        }
        let marker = self.keys()?.master.derive(b"senim/v1/decoy-kept-as-it-is");
        let stored = self.get_secret(DECOY_KEY)?;
        if let Some(k) = &stored {
            if crypto::ct_eq(k, marker.expose()) {
                return Ok(());
            }
            let keys = Keys::derive(SecretKey::from_slice(k)?);
            // The decoy's pages open only with its own key (ADR 0033). A decoy from
            // before page encryption is encrypted under it only once the key is known
            // to open it.
            let decoy_db = self.dir.join(crate::DECOY_FILE);
            let opens_plain = match crate::pages::is_plaintext(&decoy_db) {
                Ok(true) => crate::files::connect(&decoy_db, crate::files::Access::ReadOnly)
                    .is_ok_and(|c| decoy_opens(&c, self, &keys)),
                _ => true,
            };
            let opened = match opens_plain {
                true => crate::duress::open(&self.dir, &keys.master),
                false => None,
            };
            if let Some(decoy) = opened {
                if decoy_opens(&decoy, self, &keys) {
                    self.spare = Some(decoy);
                    self.register_connections();
                    self.decoy_keys = Some(keys);
                    return Ok(());
                }
                let _ = crate::pages::close_locked(decoy);
            }
        }
        let duress_set = self
            .audit_log()?
            .iter()
            .any(|e| e.action == AuditAction::DuressPasscodeSet);
        if duress_set {
            return self.put_secret(DECOY_KEY, marker.expose());
        }
        let created = self.created_at()?;
        if let Some(old) = self.spare.take() {
            let _ = crate::pages::close_locked(old);
        }
        let built = crate::duress::build(
            &self.dir,
            &self.header,
            None,
            crate::DuressMode::Hide,
            created,
        )?;
        self.spare = crate::duress::open(&self.dir, &built);
        self.register_connections();
        self.keep_decoy_key(built)
    }

    /// Keeps `key` as the decoy's master key, sealed among the real vault's secrets,
    /// and holds its keys while unlocked (not for a demo vault).
    pub(crate) fn keep_decoy_key(&mut self, key: SecretKey) -> Result<()> {
        self.settle_decoy();
        self.put_secret(DECOY_KEY, key.expose())?;
        if !self.is_demo() {
            self.decoy_keys = Some(Keys::derive(key));
        }
        Ok(())
    }
}

/// Overwrites the stack below the caller with zeros before the decoy's generator runs.
/// The real write just left key bytes there (key schedules and derivations are built on
/// the stack and not all wiped); the generator's deep calls (automerge documents built
/// several times over) must not carry any of it into heap blocks that outlive the lock.
#[inline(never)]
pub(crate) fn scrub_stack() {
    let mut zeros = [0u8; 64 * 1024];
    std::hint::black_box(&mut zeros);
}

/// Whether `keys` open the decoy on `conn`: its sealed audit head opens under them.
fn decoy_opens(conn: &Connection, vault: &Vault, keys: &Keys) -> bool {
    matches!(audit::read_head(conn, &vault.audit_keys(keys)), Ok(Some(_)))
}

/// The action a decoy entry records for a real one: the same, except for what only
/// the real vault does (setting the duress passcode, purging, changing the passcode),
/// which reads in the decoy as a view.
fn decoy_action(real: AuditAction) -> AuditAction {
    match real {
        AuditAction::DuressPasscodeSet
        | AuditAction::Purge
        | AuditAction::PasscodeChanged
        | AuditAction::FailedUnlock => AuditAction::View,
        other => other,
    }
}

/// A decoy note drawn at random, for an audit entry that names one: the first note at
/// or after a row number drawn up to the last one's (notes written after a gap in the
/// row numbers are a little likelier), through the table's primary key: a view logged
/// at 100,000 notes reads two rows, not the notes.
fn random_note(conn: &Connection) -> Result<Option<RawRow>> {
    let Some(last) = conn.query_row("SELECT max(seq) FROM records", [], |r| {
        r.get::<_, Option<i64>>(0)
    })?
    else {
        return Ok(None);
    };
    let from = Rng::new()?.below(usize::try_from(last).unwrap_or(0).saturating_add(1)) as i64;
    let next = |sql: &str| -> Result<Option<RawRow>> {
        Ok(conn
            .prepare_cached(sql)?
            .query_row(params![from], RawRow::from_sql)
            .optional()?)
    };
    match next(
        "SELECT seq, id, kind, format, doc FROM records
         WHERE kind = 'note' AND seq >= ?1 ORDER BY seq LIMIT 1",
    )? {
        Some(row) => Ok(Some(row)),
        None => next(
            "SELECT seq, id, kind, format, doc FROM records
             WHERE kind = 'note' AND seq < ?1 ORDER BY seq DESC LIMIT 1",
        ),
    }
}

/// A draw of [`alike_note`]: the note `?2` places after the first at least `?1` bytes
/// long, not deleted: its row number, its document's length and its chain's; through
/// `records_note_length` (the length read from the index) and two primary keys.
pub(crate) const DRAW_ABOVE: &str = "SELECT seq, length(doc),
        (SELECT count(*) FROM record_changes c WHERE c.seq = records.seq)
    FROM records INDEXED BY records_note_length
    WHERE kind = 'note' AND length(doc) >= ?1
      AND NOT EXISTS (SELECT 1 FROM record_facts f WHERE f.seq = records.seq AND f.deleted)
    ORDER BY length(doc), seq LIMIT 1 OFFSET ?2";

/// [`DRAW_ABOVE`] downwards, for a draw past the longest note.
pub(crate) const DRAW_BELOW: &str = "SELECT seq, length(doc),
        (SELECT count(*) FROM record_changes c WHERE c.seq = records.seq)
    FROM records INDEXED BY records_note_length
    WHERE kind = 'note' AND length(doc) < ?1
      AND NOT EXISTS (SELECT 1 FROM record_facts f WHERE f.seq = records.seq AND f.deleted)
    ORDER BY length(doc) DESC, seq DESC LIMIT 1 OFFSET ?2";

/// The note the decoy's last edit went to, while its chain holds `?2` changes and it
/// is not deleted.
pub(crate) const REMEMBERED: &str = "SELECT seq, id, kind, format, doc FROM records
    WHERE seq = ?1 AND kind = 'note'
      AND (SELECT count(*) FROM record_changes c WHERE c.seq = ?1) = ?2
      AND NOT EXISTS (SELECT 1 FROM record_facts f WHERE f.seq = ?1 AND f.deleted)";

/// Draws at most this many notes when looking for one to edit like a real record.
const DRAWS: usize = 8;

/// The row number of a note to edit like a real record whose sealed document is about
/// `base` bytes long and whose chain held a count in `chains`: of [`DRAWS`] notes drawn
/// at random lengths within an eighth of `base` (and a few dozen bytes) around it,
/// ranked by whether they are within that window (a draw steps up to seven notes past
/// the length it drew, or takes one of the longest when it drew past them), then how
/// far their chains are from `chains`, then whether their chain is full (the edit
/// would save the note whole, where the real one appended), then how near `base`.
/// Drawn, not searched: in a decoy where nearly every note was edited, a search for one
/// that was not would read most of them; a draw costs a few lookups in the length
/// index, and the edits still spread over the notes when none qualifies. `None` when
/// no draw found a note (a decoy of a few notes, or none).
fn alike_note(
    tx: &Connection,
    base: usize,
    chains: std::ops::RangeInclusive<u32>,
) -> Result<Option<i64>> {
    let spread = base / 8 + 48;
    let mut rng = Rng::new()?;
    // A note at or above the length drawn, else (past the longest) one below it.
    let mut above = tx.prepare_cached(DRAW_ABOVE)?;
    let mut below = tx.prepare_cached(DRAW_BELOW)?;
    let drawn_row = |r: &rusqlite::Row<'_>| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, u32>(2)?,
        ))
    };
    let mut best: Option<((bool, u32, bool, u64), i64)> = None;
    for _ in 0..DRAWS {
        let from = (base.saturating_sub(spread) + rng.below(2 * spread + 1)) as i64;
        let skip = rng.below(8) as i64;
        let drawn = match above.query_row(params![from, skip], drawn_row).optional()? {
            Some(drawn) => Some(drawn),
            None => below.query_row(params![from, skip], drawn_row).optional()?,
        };
        let Some((seq, length, chain)) = drawn else {
            continue;
        };
        let off = length.unsigned_abs().abs_diff(base as u64);
        let rank = (
            off > spread as u64,
            chains.start().saturating_sub(chain) + chain.saturating_sub(*chains.end()),
            chain >= crate::doc::MAX_CHAIN,
            off,
        );
        if best.is_none_or(|(r, _)| rank < r) {
            best = Some((rank, seq));
        }
    }
    Ok(best.map(|(_, seq)| seq))
}

/// A sealed blob's length beyond its plaintext: version byte, nonce, tag.
const SEAL_OVERHEAD: usize = 1 + 12 + 16;
/// The longest note text a record may hold (`senim-records`), in characters.
const MAX_TEXT_CHARS: usize = 64 * 1024;

/// Random choices for the generator, from the operating system's generator.
struct Rng {
    pool: [u8; 64],
    used: usize,
}

impl Rng {
    fn new() -> Result<Rng> {
        Ok(Rng {
            pool: crypto::random_array()?,
            used: 0,
        })
    }

    /// A number below `n` (`n` > 0), nearly uniform.
    fn below(&mut self, n: usize) -> usize {
        if self.used + 4 > self.pool.len() {
            self.pool = crypto::random_array().unwrap_or([0x5a; 64]);
            self.used = 0;
        }
        let mut b = [0u8; 4];
        b.copy_from_slice(&self.pool[self.used..self.used + 4]);
        self.used += 4;
        (u32::from_le_bytes(b) as usize) % n.max(1)
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    Ru,
    En,
}

impl Lang {
    /// The language a note is written in: Russian when it holds Cyrillic letters.
    fn of(text: &str) -> Lang {
        match text.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)) {
            true => Lang::Ru,
            false => Lang::En,
        }
    }
}

/// How many sentences (1 to `most`) bring a sealed document nearest `len` bytes, by
/// `sealed_len(n)`: a few secant steps, since each measurement builds a whole
/// document. `start` is the length with no sentence added, when known (an edit), so
/// the first step can aim; otherwise the first two probes are one and eight sentences.
/// Sealed lengths grow about linearly with the sentences.
fn fit(
    len: usize,
    most: usize,
    start: Option<usize>,
    mut sealed_len: impl FnMut(usize) -> Result<usize>,
) -> Result<usize> {
    let most = most.max(1);
    let one = (1usize, sealed_len(1)?);
    if one.1 >= len || most == 1 {
        return Ok(1);
    }
    let (mut a, mut b) = match start {
        Some(base) => ((0usize, base), one),
        None => (one, (8.min(most), sealed_len(8.min(most))?)),
    };
    let mut best = if b.0 >= 1 && len.abs_diff(b.1) < len.abs_diff(one.1) {
        b
    } else {
        one
    };
    let near = len / 64 + 64;
    for _ in 0..6 {
        if len.abs_diff(best.1) <= near || b.0 == a.0 || b.1 <= a.1 {
            break;
        }
        let slope = (b.1 as f64 - a.1 as f64) / (b.0 as f64 - a.0 as f64);
        if !slope.is_finite() || slope <= 0.0 {
            break;
        }
        let next = (b.0 as f64 + (len as f64 - b.1 as f64) / slope)
            .round()
            .clamp(1.0, most as f64) as usize;
        if next == b.0 || next == a.0 {
            break;
        }
        let c = (next, sealed_len(next)?);
        if len.abs_diff(c.1) < len.abs_diff(best.1) {
            best = c;
        }
        (a, b) = (b, c);
    }
    Ok(best.0)
}

/// Generated sentences in `lang`, as many as fit in `room` characters joined by spaces.
///
/// `details` of them (a share, 0 to 1) are sentences with details: a telephone number,
/// a receipt, an amount, which bring words the others do not repeat.
fn sentences(rng: &mut Rng, lang: Lang, room: usize, details: f64) -> Vec<String> {
    let mut out = Vec::new();
    let mut used = 0;
    let threshold = (details.clamp(0.0, 1.0) * 1_000_000.0) as usize;
    loop {
        let s = match rng.below(1_000_000) < threshold {
            true => detail_sentence(rng, lang),
            false => sentence(rng, lang),
        };
        used += s.chars().count() + 1;
        if used > room {
            return out;
        }
        out.push(s);
    }
}

/// One generated sentence of an outreach worker's harmless note, in `lang`.
fn sentence(rng: &mut Rng, lang: Lang) -> String {
    let (templates, places, things, people, days) = match lang {
        Lang::Ru => (RU_TEMPLATES, RU_PLACES, RU_THINGS, RU_PEOPLE, RU_DAYS),
        Lang::En => (EN_TEMPLATES, EN_PLACES, EN_THINGS, EN_PEOPLE, EN_DAYS),
    };
    let n = match lang {
        Lang::Ru => counted_in_russian(3 + rng.below(120)),
        Lang::En => 3 + rng.below(120),
    };
    let hour = 8 + rng.below(11);
    let minute = rng.below(4) * 15;
    let mut out = rng.pick(templates).to_string();
    for (slot, value) in [
        ("{place}", rng.pick(places).to_string()),
        ("{thing}", rng.pick(things).to_string()),
        ("{people}", rng.pick(people).to_string()),
        ("{day}", rng.pick(days).to_string()),
        ("{n}", n.to_string()),
        ("{time}", format!("{hour:02}:{minute:02}")),
    ] {
        out = out.replace(slot, &value);
    }
    out
}

/// One generated sentence with details (a number to call, a receipt, an amount), in
/// `lang`.
/// `n`, or the next number up whose Russian noun takes the genitive plural the
/// templates write ("5 листовок", "11 человек"; never "3 листовок", "21 человек"):
/// notes with such slips read as made by a machine.
fn counted_in_russian(n: usize) -> usize {
    match (n % 10, n % 100) {
        (1..=4, 11..=14) => n,
        (d @ 1..=4, _) => n + 5 - d,
        _ => n,
    }
}

fn detail_sentence(rng: &mut Rng, lang: Lang) -> String {
    let templates = match lang {
        Lang::Ru => RU_DETAILS,
        Lang::En => EN_DETAILS,
    };
    let phone = format!(
        "87{:03}{:03}{:03}",
        rng.below(1000),
        rng.below(1000),
        rng.below(1000)
    );
    let receipt = format!("{:06}", rng.below(1_000_000));
    let amount = (1_000 + rng.below(99_000)).to_string();
    let mut out = rng.pick(templates).to_string();
    for (slot, value) in [
        ("{phone}", phone),
        ("{receipt}", receipt),
        ("{amount}", amount),
    ] {
        out = out.replace(slot, &value);
    }
    out
}

const RU_DETAILS: &[&str] = &[
    "Записала телефон {phone} для справок.",
    "Квитанция {receipt} за печать, {amount} тенге.",
    "Заявка {receipt} передана, ответ по номеру {phone}.",
    "Оплатили аренду зала: {amount} тенге, чек {receipt}.",
    "Новый номер координатора: {phone}.",
];
const EN_DETAILS: &[&str] = &[
    "Noted the number {phone} for enquiries.",
    "Receipt {receipt} for printing, {amount} tenge.",
    "Request {receipt} passed on; the reply comes to {phone}.",
    "Paid for the hall: {amount} tenge, receipt {receipt}.",
    "The coordinator's new number: {phone}.",
];

/// Where decoy notes are written (Russian, English) and the tag each gets.
const PLACES: &[((&str, &str), &str)] = &[
    (("Офис", "Office"), "office"),
    (("Автовокзал Сайран", "Sairan bus station"), "leaflets"),
    (("Рынок, главный вход", "Market, main gate"), "leaflets"),
    (("Библиотека колледжа", "College library"), "info-session"),
    (("Центр занятости", "Employment centre"), "meeting"),
    (
        ("Офис Красного Полумесяца", "Red Crescent office"),
        "training",
    ),
    (("Центральный автовокзал", "Central bus station"), "posters"),
    (("Склад", "Storeroom"), "supplies"),
];

const RU_TEMPLATES: &[&str] = &[
    "Раздала {n} листовок о бесплатной юридической помощи — {place}.",
    "В {time} провели короткую встречу с {people}, обсудили планы на {day}.",
    "Пополнили запас брошюр «{thing}», осталось около {n} штук.",
    "Проверила, что номер горячей линии на плакатах ({place}) всё ещё правильный.",
    "Информационная сессия о регистрации по месту пребывания, пришло {n} человек.",
    "После встречи с {people} допечатали {n} экземпляров памятки «{thing}».",
    "Обновили список бесплатных курсов вместе с {people}.",
    "Спокойный день, в {time} разобрали почту и документы по отчёту за {day}.",
    "Договорились с {people} о совместном выезде в {day}.",
    "Отнесли {n} плакатов «{thing}» — {place}.",
    "Напомнила коллегам про тренинг по первой помощи в {day}.",
    "Заказали печать памятки «{thing}», тираж {n}.",
];
/// Places as a terse note names them, after a dash or in brackets (nominative).
const RU_PLACES: &[&str] = &[
    "автовокзал",
    "рынок",
    "вход в колледж",
    "остановка у поликлиники",
    "центр занятости",
    "библиотека",
];
const RU_THINGS: &[&str] = &[
    "Права работников",
    "Безопасный выезд за рубеж",
    "Регистрация иностранных граждан",
    "Как проверить вакансию",
    "Телефоны бесплатной помощи",
    "Первая помощь",
];
const RU_PEOPLE: &[&str] = &[
    "коллегами из центра занятости",
    "волонтёрами Красного Полумесяца",
    "библиотекарем колледжа",
    "координатором проекта",
    "администрацией рынка",
    "студенческим советом",
];
const RU_DAYS: &[&str] = &[
    "понедельник",
    "вторник",
    "среду",
    "четверг",
    "пятницу",
    "следующую неделю",
];

const EN_TEMPLATES: &[&str] = &[
    "Handed out {n} leaflets about the free legal aid hotline at the {place}.",
    "Short meeting with the {people} at {time}; plans for {day} agreed.",
    "Restocked the \"{thing}\" brochures, about {n} left.",
    "Checked that the hotline number on the posters at the {place} is still correct.",
    "Information session on residence registration, {n} people came.",
    "The {people} asked for {n} more copies of \"{thing}\".",
    "Updated the list of free courses together with the {people}.",
    "Quiet day; at {time} went through the post and the paperwork for {day}'s report.",
    "Agreed a joint visit with the {people} on {day}.",
    "Took {n} \"{thing}\" posters to the {place}.",
    "Reminded the team about the first aid training on {day}.",
    "Ordered a print run of {n} \"{thing}\" leaflets.",
];
const EN_PLACES: &[&str] = &[
    "bus station",
    "market gate",
    "college entrance",
    "clinic bus stop",
    "employment centre",
    "library",
];
const EN_THINGS: &[&str] = &[
    "Workers' rights",
    "Travelling abroad safely",
    "Registering as a foreign national",
    "How to check a job offer",
    "Free helplines",
    "First aid",
];
const EN_PEOPLE: &[&str] = &[
    "employment centre staff",
    "Red Crescent volunteers",
    "college librarian",
    "project coordinator",
    "market administration",
    "student council",
];
const EN_DAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "next week",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// "3 листовок", "22 человек": a Russian reader sees at once that no one wrote it.
    #[test]
    fn russian_numbers_agree_with_the_nouns_they_count() {
        for n in 3..=200 {
            let m = counted_in_russian(n);
            assert!(m >= n && m < n + 5, "{n} became {m}");
            let (last, two) = (m % 10, m % 100);
            assert!(
                !(1..=4).contains(&last) || (11..=14).contains(&two),
                "{m} takes a singular or genitive singular noun"
            );
        }
        let mut rng = Rng::new().unwrap();
        for _ in 0..500 {
            let s = sentence(&mut rng, Lang::Ru);
            let words: Vec<&str> = s.split_whitespace().collect();
            for pair in words.windows(2) {
                if let Ok(n) = pair[0].parse::<usize>()
                    && ["листовок", "человек", "экземпляров", "плакатов", "штук"]
                        .iter()
                        .any(|w| pair[1].starts_with(w))
                {
                    assert_eq!(counted_in_russian(n), n, "{s}");
                }
            }
        }
    }

    /// The people a Russian template names are written as "with whom" (instrumental):
    /// never as the subject of a sentence ("коллегами … попросили").
    #[test]
    fn russian_templates_name_people_only_after_with() {
        for t in RU_TEMPLATES {
            for (i, _) in t.match_indices("{people}") {
                assert!(t[..i].ends_with("с "), "{t}");
            }
        }
    }

    #[test]
    fn generated_sentences_fill_every_slot_in_both_languages() {
        let mut rng = Rng::new().unwrap();
        for lang in [Lang::Ru, Lang::En] {
            for _ in 0..200 {
                let s = sentence(&mut rng, lang);
                assert!(!s.contains('{') && !s.contains('}'), "{s}");
                assert_eq!(Lang::of(&s) == Lang::Ru, lang == Lang::Ru, "{s}");
            }
        }
    }
}
