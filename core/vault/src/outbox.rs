//! The outbox: local changes not yet sent, sealed into this device's own envelopes (its
//! log in the `envelopes` table), each record's changes since the heads it last
//! shipped.
//!
//! Owns the rule that an envelope is sealed under the team's current epoch key and
//! signed by this device, and that it is appended to the log in the transaction that
//! empties the outbox. It never sends anything: the hub client does.

use rusqlite::{OptionalExtension, params};

use crate::{Error, Result, Vault};
use senim_crypto::SecretKey;
use senim_protocol::sync::{Envelope, Header, MAX_RECORDS_PER_ENVELOPE, Payload, RecordChanges};
use senim_protocol::team::{DeviceId, DeviceKeys, Membership};
use senim_records::RecordId;

/// What [`Vault::seal_outbox`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Sealed {
    pub records: usize,
    pub envelopes: usize,
}

impl Vault {
    /// Puts every local change not yet sent into this device's own envelopes, sealed
    /// under the current epoch key and signed. One transaction: a crash leaves either
    /// the records unsent or the envelopes written, never half of each.
    pub fn seal_outbox(&self) -> Result<Sealed> {
        let keys = self.keys()?;
        let membership = self.require_membership()?;
        let device_keys = self.device_keys()?;
        let epoch = membership.epoch();
        let epoch_key = self
            .epoch_key(epoch)?
            .ok_or_else(|| Error::membership("this device has no key for the current epoch"))?;
        let device = self.this_device();
        if !membership.is_member(device) {
            return Err(Error::membership(
                "this device is not a member of the team (revoked?)",
            ));
        }
        let tx = self.conn.unchecked_transaction()?;
        let pending: Vec<Vec<u8>> = {
            let mut stmt = tx.prepare("SELECT record FROM outbox ORDER BY record")?;
            stmt.query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        let mut payloads: Vec<Payload> = Vec::new();
        let mut current = Payload::default();
        let mut records = 0;
        for raw in &pending {
            let id = RecordId(
                raw.as_slice()
                    .try_into()
                    .map_err(|_| Error::CorruptDatabase("an outbox entry is damaged".into()))?,
            );
            let (seq, doc) = match self.load_doc(keys, id) {
                Ok(x) => x,
                Err(Error::RecordNotFound(_)) => continue,
                Err(e) => return Err(e),
            };
            let shipped = self.shipped_heads(keys, &id, seq)?;
            let changes = doc.own_changes_since(&shipped, &self.header.device_id)?;
            if !changes.is_empty() {
                current.changes.push(RecordChanges {
                    record: id,
                    kind: doc.kind()?,
                    changes,
                });
                records += 1;
                if current.changes.len() == MAX_RECORDS_PER_ENVELOPE {
                    payloads.push(std::mem::take(&mut current));
                }
            }
            let heads = senim_crypto::seal(&keys.record, &self.shipped_aad(&id), &doc.heads())?;
            tx.execute(
                "UPDATE records SET shipped = ?1 WHERE seq = ?2",
                params![heads, seq],
            )?;
        }
        if !current.changes.is_empty() {
            payloads.push(current);
        }
        self.append_own_envelopes(&tx, &membership, &epoch_key, &device_keys, &payloads)?;
        tx.execute("DELETE FROM outbox", [])?;
        tx.commit()?;
        Ok(Sealed {
            records,
            envelopes: payloads.len(),
        })
    }

    /// Seals `payloads` as this device's next envelopes, in the current epoch of
    /// `membership`, signed, and stores them as applied (their changes are here).
    pub(crate) fn append_own_envelopes(
        &self,
        conn: &rusqlite::Connection,
        membership: &Membership,
        epoch_key: &SecretKey,
        device_keys: &DeviceKeys,
        payloads: &[Payload],
    ) -> Result<()> {
        let device = self.this_device();
        let epoch = membership.epoch();
        let mut seq = self.last_seq(conn, device)?;
        for payload in payloads {
            seq += 1;
            let header = Header::new(membership.team(), device, seq, epoch);
            let envelope = Envelope::seal(header, payload, epoch_key, device_keys)?;
            conn.execute(
                "INSERT INTO envelopes (device, seq, epoch, bytes, applied) VALUES (?1, ?2, ?3, ?4, 1)",
                params![device.0.to_vec(), seq as i64, epoch, envelope.to_bytes()],
            )?;
        }
        Ok(())
    }

    /// Seals `payload` as this device's next envelope, signed and in the current epoch,
    /// whatever it holds: what a member with its own keys can always do (junk change
    /// bytes, changes of another device), for tests of what peers do with such an
    /// envelope. Returns its sequence. Only in builds with the `test-support` feature.
    #[cfg(any(test, feature = "test-support"))]
    pub fn append_own_payload_for_tests(&self, payload: &Payload) -> Result<u64> {
        let membership = self.require_membership()?;
        let epoch_key = self
            .epoch_key(membership.epoch())?
            .ok_or_else(|| Error::membership("this device has no key for the current epoch"))?;
        let tx = self.conn.unchecked_transaction()?;
        self.append_own_envelopes(
            &tx,
            &membership,
            &epoch_key,
            &self.device_keys()?,
            std::slice::from_ref(payload),
        )?;
        let seq = self.last_seq(&tx, self.this_device())?;
        tx.commit()?;
        Ok(seq)
    }

    pub(crate) fn shipped_aad(&self, id: &RecordId) -> Vec<u8> {
        senim_crypto::aad(&[
            b"senim/v1/shipped-heads",
            &self.header.vault_id,
            id.as_bytes(),
        ])
    }

    /// The heads already put into an envelope, or none.
    pub(crate) fn shipped_heads(
        &self,
        keys: &super::Keys,
        id: &RecordId,
        seq: i64,
    ) -> Result<Vec<u8>> {
        let blob: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT shipped FROM records WHERE seq = ?1",
                params![seq],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        match blob {
            None => Ok(Vec::new()),
            Some(b) => senim_crypto::open(&keys.record, &self.shipped_aad(id), &b)
                .map(|p| p.to_vec())
                .map_err(|_| Error::RecordTampered { id: id.to_string() }),
        }
    }

    pub(crate) fn last_seq(&self, conn: &rusqlite::Connection, device: DeviceId) -> Result<u64> {
        let max: Option<i64> = conn.query_row(
            "SELECT MAX(seq) FROM envelopes WHERE device = ?1",
            params![device.0.to_vec()],
            |r| r.get(0),
        )?;
        Ok(max.unwrap_or(0) as u64)
    }
}
