//! The vault as a sync session's [`EnvelopeStore`]: the team's envelope logs as this
//! device holds them, and the door through which received envelopes come in.
//!
//! Owns the rule that a received envelope changes a record only after its team, its
//! device's membership, its signature and its sequence are checked, and that everything
//! an envelope changes is committed in one transaction with the envelope itself. An
//! authentic envelope whose content cannot be applied is kept unapplied and quarantined
//! (ADR 0019): what one envelope carries never ends a session.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::params;

use crate::quarantine::content_failure;
use crate::{Error, Result, Vault};
use senim_crypto::SecretKey;
use senim_protocol::sync::{Accept, Envelope, EnvelopeStore, Payload, VersionVector};
use senim_protocol::team::{DeviceId, Membership, TeamId};
use senim_records::RecordId;

/// A vault as a [`senim_protocol::sync::EnvelopeStore`]: envelopes of the vault's team, checked
/// against its membership before anything is stored or applied.
pub struct VaultStore<'v> {
    vault: &'v Vault,
    membership: Membership,
    keys: BTreeMap<u32, Option<SecretKey>>,
    merged: BTreeSet<RecordId>,
}

impl VaultStore<'_> {
    /// How many distinct records the envelopes accepted through this store changed
    /// (what `senim sync` reports as merged).
    pub fn merged_records(&self) -> usize {
        self.merged.len()
    }

    /// The distinct records the envelopes accepted through this store changed.
    pub fn into_merged(self) -> BTreeSet<RecordId> {
        self.merged
    }

    pub(crate) fn key(&mut self, epoch: u32) -> Result<Option<&SecretKey>> {
        if !self.keys.contains_key(&epoch) {
            let k = self.vault.epoch_key(epoch)?;
            self.keys.insert(epoch, k);
        }
        Ok(self.keys.get(&epoch).and_then(Option::as_ref))
    }
}

impl VaultStore<'_> {
    /// [`EnvelopeStore::accept`], with an envelope refused for what it is as an
    /// envelope error.
    pub(crate) fn check_and_apply(&mut self, envelope: Envelope) -> Result<Accept> {
        let h = envelope.header;
        if h.team != self.membership.team() {
            return Err(h.rejected("it belongs to another team").into());
        }
        let signing_key = match (
            self.membership.member(h.device),
            self.membership.revocation(h.device),
        ) {
            (Some(member), _) => member.public.signing_key,
            (None, Some(r)) if h.seq <= r.last_seq => r.signing_key,
            (None, Some(_)) => {
                return Err(h
                    .rejected(
                        "its device was revoked and this envelope is after the last one the team keeps",
                    )
                    .into());
            }
            (None, None) => {
                return Err(h.rejected("its device is not a member of the team").into());
            }
        };
        envelope.verify_signature(&signing_key)?;
        let vault = self.vault;
        let last = vault.settle_purged_places(&vault.conn, Some(h.device))?;
        if h.seq <= last {
            let held: Vec<u8> = vault.conn.query_row(
                "SELECT bytes FROM envelopes WHERE device = ?1 AND seq = ?2",
                params![h.device.0.to_vec(), h.seq as i64],
                |r| r.get(0),
            )?;
            // A purged place keeps a stub: the envelope it held is gone for good.
            return if held.is_empty() || held == envelope.to_bytes() {
                Ok(Accept::Duplicate)
            } else {
                Err(h
                    .rejected("a different envelope is held at this sequence")
                    .into())
            };
        }
        if h.seq != last + 1 {
            return Ok(Accept::Gap);
        }
        let lead = self.membership.is_lead(h.device);
        let key = self.key(h.epoch)?;
        let tx = vault.conn.unchecked_transaction()?;
        vault.mirror_applied(false);
        // Opening and applying fail for what the envelope carries (quarantined below)
        // or for this device's own reasons (the session ends).
        let attempt = (|| -> Result<(bool, Option<Payload>)> {
            let Some(key) = key else {
                return Ok((false, None));
            };
            let payload = envelope.open(key)?;
            let applied = vault.apply_envelope(&tx, &h, &payload, lead)?;
            Ok((applied, Some(payload)))
        })();
        let (applied, payload) = match attempt {
            Ok(done) => done,
            Err(e) => {
                let Some(reason) = content_failure(&e) else {
                    return Err(e);
                };
                // Nothing the attempt wrote stays: the envelope is kept, unapplied.
                drop(tx);
                vault.mirror_applied(false);
                let tx = vault.conn.unchecked_transaction()?;
                tx.execute(
                    "INSERT INTO envelopes (device, seq, epoch, bytes, applied) VALUES (?1, ?2, ?3, ?4, 0)",
                    params![h.device.0.to_vec(), h.seq as i64, h.epoch, envelope.to_bytes()],
                )?;
                vault.quarantine(&tx, &h, reason)?;
                tx.commit()?;
                return Ok(Accept::Quarantined(format!(
                    "device {} seq {}: {reason}",
                    h.device, h.seq
                )));
            }
        };
        tx.execute(
            "INSERT INTO envelopes (device, seq, epoch, bytes, applied) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![h.device.0.to_vec(), h.seq as i64, h.epoch, envelope.to_bytes(), applied],
        )?;
        tx.commit()?;
        vault.mirror_applied(true);
        if applied && let Some(p) = &payload {
            self.merged.extend(p.changes.iter().map(|rc| rc.record));
        }
        Ok(Accept::New)
    }
}

impl EnvelopeStore for VaultStore<'_> {
    type Error = Error;

    fn team(&self) -> TeamId {
        self.membership.team()
    }

    fn vector(&self) -> Result<VersionVector> {
        self.vault.settle_purged_places(&self.vault.conn, None)?;
        let mut v = VersionVector::new();
        let mut stmt = self
            .vault
            .conn
            .prepare("SELECT device, MAX(seq) FROM envelopes GROUP BY device")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (device, seq) = row?;
            let device = DeviceId(device.as_slice().try_into().map_err(|_| {
                Error::CorruptDatabase("an envelope's device id is damaged".into())
            })?);
            v.set(device, seq as u64);
        }
        Ok(v)
    }

    fn envelopes_after(
        &self,
        device: DeviceId,
        after: u64,
        max_bytes: usize,
    ) -> Result<Vec<Envelope>> {
        let mut stmt = self.vault.conn.prepare_cached(
            "SELECT bytes FROM envelopes WHERE device = ?1 AND seq > ?2 AND length(bytes) > 0
             ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![device.0.to_vec(), after as i64], |r| {
            r.get::<_, Vec<u8>>(0)
        })?;
        let mut out = Vec::new();
        let mut used = 0;
        for row in rows {
            let envelope = Envelope::from_bytes(&row?)?;
            let len = envelope.encoded_len();
            if !out.is_empty() && used + len > max_bytes {
                break;
            }
            used += len;
            out.push(envelope);
        }
        Ok(out)
    }

    fn accept(&mut self, envelope: Envelope) -> Result<Accept> {
        match self.check_and_apply(envelope) {
            Err(Error::Protocol(senim_protocol::Error::Envelope { reason })) => {
                Ok(Accept::Rejected(reason))
            }
            other => other,
        }
    }
}

impl Vault {
    /// The envelope store a sync session reads and writes.
    pub fn sync_store(&self) -> Result<VaultStore<'_>> {
        self.keys()?;
        let membership = self.require_membership()?;
        Ok(VaultStore {
            vault: self,
            membership,
            keys: BTreeMap::new(),
            merged: BTreeSet::new(),
        })
    }
}
