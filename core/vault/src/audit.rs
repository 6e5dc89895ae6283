//! The audit log: append-only, encrypted, hash-chained.
//!
//! Each entry is sealed under the audit key with its sequence number as associated
//! data, and chained: `chain[n] = HMAC(audit-mac key, chain[n-1] ‖ n ‖ sealed[n])`. The
//! newest `(n, chain[n])` is sealed into the header (the head), so removing entries from
//! the end is detected too. Entries name actions and record ids, never content.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::{Error, Keys, Result, Vault};
use senim_crypto::{self as crypto, SecretKey};
use senim_records::{RecordId, RecordKind};

/// What happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Unlock,
    /// Failed attempts since the last unlock, recorded at the next successful unlock
    /// (a failed attempt has no key to write with).
    FailedUnlock,
    Lock,
    Create,
    View,
    Edit,
    Delete,
    Export,
    PasscodeChanged,
    /// A duress passcode was set or replaced (ADR 0016); written to the real log only.
    DuressPasscodeSet,
    /// A team order purged records (ADR 0015): the detail holds counts and the reason,
    /// never which records.
    Purge,
}

/// One audit entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: u64,
    pub at: DateTime<Utc>,
    pub action: AuditAction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<RecordId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<RecordKind>,
    /// Non-personal detail: the names of edited fields, a count of failed attempts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl AuditEntry {
    pub(crate) fn new(action: AuditAction) -> Self {
        AuditEntry {
            seq: 0,
            at: Utc::now(),
            action,
            record: None,
            kind: None,
            detail: None,
        }
    }

    pub(crate) fn record(mut self, id: RecordId, kind: RecordKind) -> Self {
        self.record = Some(id);
        self.kind = Some(kind);
        self
    }

    /// The entry as of `at` rather than now (the decoy's history).
    pub(crate) fn dated(mut self, at: DateTime<Utc>) -> Self {
        self.at = at;
        self
    }

    pub(crate) fn detail(mut self, d: impl Into<String>) -> Self {
        self.detail = Some(d.into());
        self
    }
}

/// The result of a successful verification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    pub entries: u64,
}

pub(crate) struct AuditKeys<'a> {
    pub seal: &'a SecretKey,
    pub mac: &'a SecretKey,
    pub vault_id: &'a [u8; 16],
}

impl AuditKeys<'_> {
    fn entry_aad(&self, seq: u64) -> Vec<u8> {
        crypto::aad(&[b"senim/v1/audit", self.vault_id, &seq.to_be_bytes()])
    }
    fn head_aad(&self) -> Vec<u8> {
        crypto::aad(&[b"senim/v1/audit-head", self.vault_id])
    }
    fn chain(&self, prev: &[u8], seq: u64, sealed: &[u8]) -> [u8; 32] {
        crypto::keyed_hash(self.mac, &[prev, &seq.to_be_bytes(), sealed])
    }
}

const GENESIS: [u8; 32] = [0u8; 32];
/// What an entry is chained onto when the log was found tampered with at append time.
const BROKEN: [u8; 32] = [0xffu8; 32];

/// The sealed head: `Ok(None)` when there is none, `Err` when it does not open.
pub(crate) fn read_head(
    conn: &Connection,
    keys: &AuditKeys<'_>,
) -> Result<Option<(u64, [u8; 32])>> {
    let altered = || broken(0, "the log head was altered");
    let head = match conn.query_row("SELECT audit_head FROM header WHERE id = 1", [], |r| {
        r.get::<_, Value>(0)
    })? {
        Value::Null => return Ok(None),
        Value::Blob(h) => h,
        _ => return Err(altered()),
    };
    let plain = crypto::open(keys.seal, &keys.head_aad(), &head).map_err(|_| altered())?;
    if plain.len() != 8 + 32 {
        return Err(altered());
    }
    let seq = u64::from_be_bytes(plain[..8].try_into().map_err(|_| altered())?);
    let chain: [u8; 32] = plain[8..].try_into().map_err(|_| altered())?;
    Ok(Some((seq, chain)))
}

/// Appends `entry` (its `seq` is assigned here). Call inside the write's transaction.
pub(crate) fn append(
    conn: &Connection,
    keys: &AuditKeys<'_>,
    mut entry: AuditEntry,
) -> Result<u64> {
    let last: Option<u64> = conn
        .query_row("SELECT seq FROM audit ORDER BY seq DESC LIMIT 1", [], |r| {
            r.get::<_, i64>(0)
        })
        .optional()?
        .map(|s| s as u64);
    // Chain onto the sealed head, not onto whatever row happens to be last: if entries
    // were removed while the vault was closed, the new entry keeps the gap visible. If
    // the head itself is missing, unreadable or behind the rows, the new entry is
    // chained onto a marker no genuine chain can have, so the break stays detectable
    // for good while writing keeps working.
    let (prev_seq, prev_chain) = match (read_head(conn, keys), last) {
        (Ok(None), None) => (0, GENESIS),
        (Ok(Some((hs, hc))), Some(ls)) if hs >= ls => (hs, hc),
        (Ok(Some((hs, hc))), None) => (hs, hc),
        (_, last) => (last.unwrap_or(0), BROKEN),
    };
    let seq = prev_seq + 1;
    entry.seq = seq;
    crate::files::trace(conn, "audit entry");
    let json = serde_json::to_vec(&entry).map_err(|_| Error::Crypto("audit entry encoding"))?;
    let sealed = crypto::seal(keys.seal, &keys.entry_aad(seq), &json)?;
    let chain = keys.chain(&prev_chain, seq, &sealed);
    conn.prepare_cached("INSERT INTO audit (seq, entry, chain) VALUES (?1, ?2, ?3)")?
        .execute(params![seq as i64, sealed, chain.to_vec()])?;
    let mut head = seq.to_be_bytes().to_vec();
    head.extend_from_slice(&chain);
    let head = crypto::seal(keys.seal, &keys.head_aad(), &head)?;
    conn.prepare_cached("UPDATE header SET audit_head = ?1 WHERE id = 1")?
        .execute(params![head])?;
    // The sealing and the chain's MAC left the audit keys' schedules on the stack
    // below: cleared before the caller's next step (the next record of a batch, built
    // as automerge structures whose copies carry stack bytes into heap blocks).
    crate::mirror::scrub_stack();
    Ok(seq)
}

/// Re-seals the whole log and its head under `new` (a master key rotation), link by
/// link: an entry's new chain value is valid under `new` exactly when its old one was
/// valid under `old` over the entry before it, so a break, a gap or a head that does not
/// match stays visible to [`verify`]. An entry that does not open under `old` is kept as
/// it is (no key opens it).
pub(crate) fn reseal(tx: &Connection, old: &AuditKeys<'_>, new: &AuditKeys<'_>) -> Result<()> {
    const BATCH: i64 = 512;
    // Per row: the old chain value as stored, the new one written.
    let (mut old_prev, mut new_prev) = (GENESIS.to_vec(), GENESIS.to_vec());
    let mut new_chains: std::collections::HashMap<u64, ([u8; 32], Vec<u8>)> = Default::default();
    let mut after = 0i64;
    loop {
        let rows = tx
            .prepare_cached(
                "SELECT seq, entry, chain FROM audit WHERE seq > ?1 ORDER BY seq LIMIT ?2",
            )?
            .query_map(params![after, BATCH], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, Value>(1)?,
                    r.get::<_, Value>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let Some(&(last, _, _)) = rows.last() else {
            break;
        };
        after = last;
        for (seq, entry, chain) in rows {
            let (Value::Blob(sealed), Value::Blob(stored)) = (entry, chain) else {
                // Altered to another type: left for `verify` to report.
                old_prev = Vec::new();
                new_prev = Vec::new();
                continue;
            };
            let n = seq as u64;
            let link_held = crypto::ct_eq(&old.chain(&old_prev, n, &sealed), &stored);
            let resealed = match crypto::open(old.seal, &old.entry_aad(n), &sealed) {
                Ok(plain) => {
                    crypto::seal(new.seal, &new.entry_aad(n), &zeroize::Zeroizing::new(plain))?
                }
                Err(_) => sealed,
            };
            let chain = match link_held {
                true => new.chain(&new_prev, n, &resealed).to_vec(),
                false => crypto::random_array::<32>()?.to_vec(),
            };
            tx.prepare_cached("UPDATE audit SET entry = ?1, chain = ?2 WHERE seq = ?3")?
                .execute(params![resealed, chain, seq])?;
            let old_chain: [u8; 32] = stored.as_slice().try_into().unwrap_or([0; 32]);
            if stored.len() == 32 {
                new_chains.insert(n, (old_chain, chain.clone()));
            }
            old_prev = stored;
            new_prev = chain;
        }
        // Only the head's row is needed at the end; keep the map small.
        new_chains.retain(|&seq, _| seq == last as u64);
    }
    let head = match tx.query_row("SELECT audit_head FROM header WHERE id = 1", [], |r| {
        r.get::<_, Value>(0)
    })? {
        Value::Null => return Ok(()),
        Value::Blob(h) => h,
        // Altered to another type: left for `verify` to report.
        _ => return Ok(()),
    };
    let new_head = match read_head(tx, old) {
        Ok(Some((seq, chain))) => {
            let chain = match new_chains.get(&seq) {
                Some((old_chain, new_chain)) if crypto::ct_eq(old_chain, &chain) => {
                    new_chain.clone()
                }
                // A head that did not match the log's end still does not.
                _ => crypto::random_array::<32>()?.to_vec(),
            };
            let mut plain = seq.to_be_bytes().to_vec();
            plain.extend_from_slice(&chain);
            crypto::seal(new.seal, &new.head_aad(), &plain)?
        }
        // A head that did not open stays one that opens under no key.
        _ => crypto::random_bytes(head.len())?,
    };
    tx.execute(
        "UPDATE header SET audit_head = ?1 WHERE id = 1",
        params![new_head],
    )?;
    Ok(())
}

fn broken(seq: u64, reason: &'static str) -> Error {
    Error::AuditBroken { seq, reason }
}

/// Walks the whole chain; any removed, reordered or altered entry is an error.
pub(crate) fn verify(conn: &Connection, keys: &AuditKeys<'_>) -> Result<AuditReport> {
    let entries = read_all(conn, keys)?;
    let last = entries.last().map(|(e, chain)| (e.seq, *chain));
    let at = last.map_or(1, |(seq, _)| seq);
    let head = read_head(conn, keys).map_err(|_| broken(at, "the log head was altered"))?;
    match (head, last) {
        (None, None) => {}
        (None, Some((seq, _))) => return Err(broken(seq, "the log head is missing")),
        (Some((head_seq, _)), None) => {
            return Err(broken(head_seq.max(1), "every entry was removed"));
        }
        (Some((head_seq, head_chain)), Some((seq, chain))) => {
            if head_seq != seq || !crypto::ct_eq(&head_chain, &chain) {
                return Err(broken(
                    seq.min(head_seq),
                    "entries were removed from the end",
                ));
            }
        }
    }
    Ok(AuditReport {
        entries: entries.len() as u64,
    })
}

/// Every entry, oldest first, each checked against the chain.
pub(crate) fn entries(conn: &Connection, keys: &AuditKeys<'_>) -> Result<Vec<AuditEntry>> {
    Ok(read_all(conn, keys)?.into_iter().map(|(e, _)| e).collect())
}

fn read_all(conn: &Connection, keys: &AuditKeys<'_>) -> Result<Vec<(AuditEntry, [u8; 32])>> {
    let mut stmt = conn.prepare("SELECT seq, entry, chain FROM audit ORDER BY seq")?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS;
    let mut expected = 1u64;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let seq = row.get::<_, i64>(0)? as u64;
        let (sealed, stored) = match (row.get::<_, Value>(1)?, row.get::<_, Value>(2)?) {
            (Value::Blob(e), Value::Blob(c)) => (e, c),
            _ => {
                return Err(broken(
                    seq,
                    "an entry was replaced by a value of another type",
                ));
            }
        };
        if seq != expected {
            return Err(broken(expected, "an entry is missing"));
        }
        let chain = keys.chain(&prev, seq, &sealed);
        if !crypto::ct_eq(&chain, &stored) {
            return Err(broken(seq, "an entry was altered, replaced or reordered"));
        }
        let plain = crypto::open(keys.seal, &keys.entry_aad(seq), &sealed)
            .map_err(|_| broken(seq, "an entry cannot be decrypted"))?;
        let entry: AuditEntry =
            serde_json::from_slice(&plain).map_err(|_| broken(seq, "an entry is malformed"))?;
        if entry.seq != seq {
            return Err(broken(seq, "an entry was renumbered"));
        }
        out.push((entry, chain));
        prev = chain;
        expected += 1;
    }
    Ok(out)
}

impl Vault {
    pub(crate) fn audit_keys<'a>(&'a self, keys: &'a Keys) -> AuditKeys<'a> {
        AuditKeys {
            seal: &keys.audit_seal,
            mac: &keys.audit_mac,
            vault_id: &self.header.vault_id,
        }
    }

    /// When the vault was created: the time of its audit log's first entry.
    pub(crate) fn created_at(&self) -> Result<DateTime<Utc>> {
        let keys = self.keys()?;
        entries(&self.conn, &self.audit_keys(keys))?
            .first()
            .map(|e| e.at)
            .ok_or(Error::AuditBroken {
                seq: 1,
                reason: "the log is empty",
            })
    }

    pub(crate) fn append_audit(&self, conn: &Connection, entry: AuditEntry) -> Result<u64> {
        let keys = self.keys()?;
        append(conn, &self.audit_keys(keys), entry)
    }

    /// Records that records left the vault (used by exports).
    pub fn record_export(&self, id: RecordId, kind: RecordKind, detail: &str) -> Result<()> {
        self.audit(
            AuditEntry::new(AuditAction::Export)
                .record(id, kind)
                .detail(detail),
        )
    }

    /// Checks the whole audit chain.
    pub fn audit_verify(&self) -> Result<AuditReport> {
        let keys = self.keys()?;
        verify(&self.conn, &self.audit_keys(keys))
    }

    /// The audit log, oldest first (verified while read).
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>> {
        let keys = self.keys()?;
        entries(&self.conn, &self.audit_keys(keys))
    }
}
