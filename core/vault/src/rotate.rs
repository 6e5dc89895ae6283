//! Master key rotation at a passcode change (ADR 0022): the active database's master key
//! is replaced by a fresh one, and everything sealed or keyed under the old one (each
//! record's document, summary and shipped heads, the sealed secrets with
//! the team's epoch keys, the audit log with its chain and head) is re-sealed under the
//! new one, in the one transaction that also writes the new key slot.
//!
//! It must never leave a state neither passcode opens (one transaction: the old slot
//! and everything under it, or the new slot and everything under it), never turn a break
//! of the audit chain into a valid link, and never write plaintext: every value is
//! opened and sealed again in memory.

use rusqlite::types::Value;
use rusqlite::{Connection, params};
use senim_crypto::{self as crypto, SecretKey};
use senim_records::RecordKind;
use zeroize::Zeroizing;

use crate::doc::RecordDoc;
use crate::records::RawRow;
use crate::{Error, Keys, Result, Vault, audit};

/// The sealed secret holding the key of the purged-record tags once a rotation has
/// replaced the master key it was first derived from: the tags are keyed hashes of ids
/// the vault no longer holds, so they cannot be computed again under a new key.
pub(crate) const PURGE_TAGS_SECRET: &str = "purge-tags";

/// Rows re-sealed per statement, so a vault of 100,000 records is never held in memory
/// at once.
const BATCH: i64 = 512;

/// The steps of a rotation, where a test can cut it short.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// The pending header file written (`pending.rs`), nothing re-sealed yet.
    Pending,
    Records,
    Secrets,
    Audit,
    /// Everything written, the transaction not yet committed.
    Commit,
    /// Committed, the pages not yet re-keyed.
    Committed,
    /// The pages re-keyed, the header file not yet given the new key slot.
    Rekeyed,
    /// The header file given the new key slot, the pending file not yet removed.
    SlotMoved,
    /// A header file's new bytes synced under their temporary name, not yet renamed
    /// into place (`header_file.rs`).
    HeaderWritten,
}

/// A test's cut: at this step, run the closure (a copy of the files, as a kill would
/// leave them) and fail the rotation.
#[cfg(test)]
pub(crate) type Cut = (Step, Box<dyn Fn()>);

#[cfg(test)]
thread_local! {
    pub(crate) static CUT: std::cell::RefCell<Option<Cut>> = const { std::cell::RefCell::new(None) };
}

/// Where a test may cut the rotation short: nothing outside tests.
pub(crate) fn checkpoint(step: Step) -> Result<()> {
    #[cfg(test)]
    {
        let cut = CUT.with(|c| {
            let mut c = c.borrow_mut();
            match c.as_ref() {
                Some((at, _)) if *at == step => c.take(),
                _ => None,
            }
        });
        if let Some((_, run)) = cut {
            run();
            return Err(Error::Storage(format!("rotation cut short at {step:?}")));
        }
    }
    let _ = step;
    Ok(())
}

impl Vault {
    /// Re-seals under `new` everything of the active database that is sealed or keyed
    /// under `old`. Call inside the passcode change's transaction, before the new key
    /// slot is written. A value that does not open under `old` (damaged before) is left
    /// as it was: no key opens it.
    pub(crate) fn reseal_all(&self, tx: &Connection, old: &Keys, new: &Keys) -> Result<()> {
        self.reseal_records(tx, old, new)?;
        checkpoint(Step::Records)?;
        self.reseal_secrets(tx, old, new)?;
        checkpoint(Step::Secrets)?;
        audit::reseal(tx, &self.audit_keys(old), &self.audit_keys(new))?;
        checkpoint(Step::Audit)?;
        Ok(())
    }

    fn reseal_records(&self, tx: &Connection, old: &Keys, new: &Keys) -> Result<()> {
        let mut after = 0i64;
        loop {
            let rows = {
                let mut stmt = tx.prepare_cached(
                    "SELECT seq, id, kind, format, doc, shipped FROM records
                     WHERE seq > ?1 ORDER BY seq LIMIT ?2",
                )?;
                stmt.query_map(params![after, BATCH], |r| {
                    Ok((RawRow::from_sql(r)?, r.get::<_, Value>(5)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?
            };
            let Some((last, _)) = rows.last() else {
                return Ok(());
            };
            after = last.seq();
            for (row, shipped) in &rows {
                self.reseal_record(tx, old, new, row, shipped)?;
            }
        }
    }

    fn reseal_record(
        &self,
        tx: &Connection,
        old: &Keys,
        new: &Keys,
        row: &RawRow,
        shipped: &Value,
    ) -> Result<()> {
        let seq = row.seq();
        let Ok(id) = row.id() else {
            return Ok(());
        };
        let (kind, format, doc) = match (row.kind(), row.format(), row.doc()) {
            (Some(k), Some(f), Some(d)) => (k, f, d),
            _ => return Ok(()),
        };
        let Ok(kind) = kind.parse::<RecordKind>() else {
            return Ok(());
        };
        let aad = self.record_aad(&id, kind, format);
        // The base and the changes appended after it become one base under the new key.
        let Ok((plain, _, _)) = self.stored_bytes(tx, old, (seq, id, kind, format), doc) else {
            return Ok(());
        };
        tx.prepare_cached("UPDATE records SET doc = ?1 WHERE seq = ?2")?
            .execute(params![crypto::seal(&new.record, &aad, &plain)?, seq])?;
        tx.prepare_cached("DELETE FROM record_changes WHERE seq = ?1")?
            .execute(params![seq])?;
        // The summary is sealed under the record key too. The search index is not
        // keyed: the pages' new key covers it.
        if let Ok(record) =
            RecordDoc::load(id, &self.header.device_id, &plain).and_then(|d| d.read())
        {
            self.write_summary(tx, new, seq, &record)?;
        }
        if let Value::Blob(heads) = shipped {
            let aad = self.shipped_aad(&id);
            if let Ok(heads) = crypto::open(&old.record, &aad, heads).map(Zeroizing::new) {
                tx.prepare_cached("UPDATE records SET shipped = ?1 WHERE seq = ?2")?
                    .execute(params![crypto::seal(&new.record, &aad, &heads)?, seq])?;
            }
        }
        Ok(())
    }

    fn reseal_secrets(&self, tx: &Connection, old: &Keys, new: &Keys) -> Result<()> {
        let secrets = tx
            .prepare("SELECT name, blob FROM secrets")?
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Value>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (name, blob) in secrets {
            let Value::Blob(blob) = blob else { continue };
            let aad = self.secret_aad(&name);
            if let Ok(value) = crypto::open(&old.local, &aad, &blob).map(Zeroizing::new) {
                tx.prepare_cached("UPDATE secrets SET blob = ?1 WHERE name = ?2")?
                    .execute(params![crypto::seal(&new.local, &aad, &value)?, name])?;
            }
        }
        // The purged-record tags keep their key: kept sealed under the new key.
        if let Some(purge) = &new.purge.get() {
            let sealed = crypto::seal(
                &new.local,
                &self.secret_aad(PURGE_TAGS_SECRET),
                purge.expose(),
            )?;
            tx.prepare_cached("INSERT OR REPLACE INTO secrets (name, blob) VALUES (?1, ?2)")?
                .execute(params![PURGE_TAGS_SECRET, sealed])?;
        }
        Ok(())
    }

    /// The keys a rotation moves to: derived from `master`, with the purged-record
    /// tags' key carried over from `old` when the vault has such tags (or kept that key
    /// before).
    pub(crate) fn rotated_keys(&self, old: &Keys, master: SecretKey) -> Result<Box<Keys>> {
        let new = Keys::derive(master);
        let kept: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM purged_records)
                 OR EXISTS (SELECT 1 FROM secrets WHERE name = ?1)",
            params![PURGE_TAGS_SECRET],
            |r| r.get(0),
        )?;
        if kept {
            new.purge.set(self.purge_key(old)?);
        }
        Ok(new)
    }

    /// The key of the purged-record tags: the blind index key, or the one a rotation
    /// kept ([`PURGE_TAGS_SECRET`]). Read once per unlock.
    pub(crate) fn purge_key(&self, keys: &Keys) -> Result<SecretKey> {
        if let Some(k) = keys.purge.get() {
            return Ok(k);
        }
        let key = match self.read_secret(keys, PURGE_TAGS_SECRET)? {
            Some(bytes) => SecretKey::from_slice(&bytes)?,
            None => keys.index.clone(),
        };
        keys.purge.set(key.clone());
        Ok(key)
    }
}

impl Error {
    /// Whether this error is a test's cut of a rotation (see [`checkpoint`]).
    #[cfg(test)]
    pub(crate) fn is_cut(&self) -> bool {
        matches!(self, Error::Storage(m) if m.starts_with("rotation cut short"))
    }
}
