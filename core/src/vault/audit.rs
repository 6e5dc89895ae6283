//! The audit log: append-only, encrypted, hash-chained.
//!
//! Each entry is sealed under the audit key with its sequence number as associated
//! data, and chained: `chain[n] = HMAC(audit-mac key, chain[n-1] ‖ n ‖ sealed[n])`. The
//! newest `(n, chain[n])` is sealed into the header (the head), so removing entries from
//! the end is detected too. Entries name actions and record ids, never content.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::crypto::{self, SecretKey};
use crate::records::{RecordId, RecordKind};
use crate::{Error, Result};

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

/// Appends `entry` (its `seq` is assigned here). Call inside the write's transaction.
pub(crate) fn append(
    conn: &Connection,
    keys: &AuditKeys<'_>,
    mut entry: AuditEntry,
) -> Result<u64> {
    let last: Option<(u64, Vec<u8>)> = conn
        .query_row(
            "SELECT seq, chain FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)),
        )
        .optional()?;
    let (prev_seq, prev_chain) = last.unwrap_or((0, GENESIS.to_vec()));
    let seq = prev_seq + 1;
    entry.seq = seq;
    let json = serde_json::to_vec(&entry).map_err(|_| Error::Crypto("audit entry encoding"))?;
    let sealed = crypto::seal(keys.seal, &keys.entry_aad(seq), &json)?;
    let chain = keys.chain(&prev_chain, seq, &sealed);
    conn.execute(
        "INSERT INTO audit (seq, entry, chain) VALUES (?1, ?2, ?3)",
        params![seq as i64, sealed, chain.to_vec()],
    )?;
    let mut head = seq.to_be_bytes().to_vec();
    head.extend_from_slice(&chain);
    let head = crypto::seal(keys.seal, &keys.head_aad(), &head)?;
    conn.execute(
        "UPDATE header SET audit_head = ?1 WHERE id = 1",
        params![head],
    )?;
    Ok(seq)
}

fn broken(seq: u64, reason: &'static str) -> Error {
    Error::AuditBroken { seq, reason }
}

/// Walks the whole chain; any removed, reordered or altered entry is an error.
pub(crate) fn verify(conn: &Connection, keys: &AuditKeys<'_>) -> Result<AuditReport> {
    let entries = read_all(conn, keys)?;
    let head: Option<Vec<u8>> =
        conn.query_row("SELECT audit_head FROM header WHERE id = 1", [], |r| {
            r.get(0)
        })?;
    let last = entries.last().map(|(e, chain)| (e.seq, *chain));
    match (head, last) {
        (None, None) => {}
        (None, Some((seq, _))) => return Err(broken(seq, "the log head is missing")),
        (Some(_), None) => return Err(broken(1, "every entry was removed")),
        (Some(h), Some((seq, chain))) => {
            let h = crypto::open(keys.seal, &keys.head_aad(), &h)
                .map_err(|_| broken(seq, "the log head was altered"))?;
            let head_seq = u64::from_be_bytes(
                h[..8]
                    .try_into()
                    .map_err(|_| broken(seq, "the log head was altered"))?,
            );
            if head_seq != seq || !crypto::ct_eq(&h[8..], &chain) {
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
        let sealed: Vec<u8> = row.get(1)?;
        let stored: Vec<u8> = row.get(2)?;
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
