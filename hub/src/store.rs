//! One team's envelope logs as a `senim_protocol::sync::EnvelopeStore`, over the hub's
//! storage: what a sync session on the hub reads from and writes to.
//!
//! Owns the hub's rules for accepting an envelope (docs/hub.md, "Accepting
//! envelopes"): its team; its device is a member of the newest list, or was revoked at
//! an epoch later than the envelope's; its signature under that device's key; an epoch
//! the team has reached; the next sequence of its log (a held sequence is a duplicate
//! only if byte for byte the same envelope, or if a purge order emptied that place). It
//! cannot and never tries to open an envelope: the hub has no key.
//!
//! Integrity: every envelope read back for a peer is checked against the hash kept at
//! upload; a copy that no longer matches is marked damaged (and still served, so the
//! peer names the place it cannot verify). To its author the hub then announces its log
//! as ending before the damaged place, so the author's next sync sends it again, and an
//! identical copy (the same hash, a valid signature) takes the damaged one's place.

use senim_protocol::sync::{Accept, Envelope, EnvelopeStore, VersionVector};
use senim_protocol::team::{DeviceId, TeamId};

use crate::roster::{Roster, Standing};
use crate::storage::{Append, HubStorage, Slot};
use crate::{HubError, Result};

/// A team's logs for the duration of one sync message.
pub(crate) struct TeamStore<'a> {
    storage: &'a dyn HubStorage,
    roster: &'a Roster,
    /// The device that sent the message.
    uploader: DeviceId,
    /// Why the first of the uploader's own envelopes was refused, if one was.
    own_rejection: Option<String>,
    /// Envelopes stored in this message, and their bytes.
    stored: (u64, u64),
}

impl<'a> TeamStore<'a> {
    pub(crate) fn new(storage: &'a dyn HubStorage, roster: &'a Roster, uploader: DeviceId) -> Self {
        TeamStore {
            storage,
            roster,
            uploader,
            own_rejection: None,
            stored: (0, 0),
        }
    }

    /// Envelopes stored in this message, and their bytes (for the metrics).
    pub(crate) fn stored(&self) -> (u64, u64) {
        self.stored
    }

    /// Why one of the uploader's own envelopes was refused in this message, if one was.
    pub(crate) fn own_rejection(&self) -> Option<&str> {
        self.own_rejection.as_deref()
    }

    fn check(&mut self, envelope: &Envelope) -> Result<Accept> {
        let h = envelope.header;
        let team = self.roster.team();
        if h.team != team {
            return Err(HubError::from(h.rejected("it belongs to another team")));
        }
        let public = match self.roster.standing(h.device) {
            Standing::Member(m) => m.public,
            Standing::Revoked {
                public, last_seq, ..
            } if h.seq <= last_seq => public,
            Standing::Revoked { last_seq, .. } => {
                return Err(HubError::from(h.rejected(format_args!(
                    "its device was revoked; the team keeps its envelopes up to sequence {last_seq}"
                ))));
            }
            Standing::Unknown => {
                return Err(HubError::from(
                    h.rejected("its device is not a member of the team"),
                ));
            }
        };
        let current = self.roster.latest().epoch();
        if h.epoch > current {
            return Err(HubError::from(h.rejected(format_args!(
                "it is sealed in epoch {}, and the team is at epoch {current}",
                h.epoch
            ))));
        }
        if h.seq == 0 {
            return Err(HubError::from(h.rejected("sequence numbers start at 1")));
        }
        let bytes = envelope.to_bytes();
        // A sequence past the next one is not refused here: the storage takes it after
        // places a purge named before the log reached them, and answers a gap otherwise.
        let last = self.storage.last_seq(team, h.device)?;
        if h.seq <= last {
            return self.held(envelope, &bytes, &public.signing_key);
        }
        envelope.verify_signature(&public.signing_key)?;
        match self
            .storage
            .append_envelope(team, h.device, h.seq, h.epoch, &bytes)?
        {
            Append::Appended => {
                self.stored.0 += 1;
                self.stored.1 += bytes.len() as u64;
                Ok(Accept::New)
            }
            Append::Gap => Ok(Accept::Gap),
            // Another request stored this sequence meanwhile.
            Append::Held => self.held(envelope, &bytes, &public.signing_key),
            // A list revoking the device was stored meanwhile.
            Append::Revoked => Err(HubError::from(h.rejected(
                "its device was revoked; the team keeps its envelopes up to an earlier sequence",
            ))),
        }
    }

    /// An envelope at a sequence already held: a duplicate if it is the same bytes, or
    /// if the place was purged (a device that had not yet heard of the purge offers
    /// it again: it is neither stored back nor refused).
    fn held(&self, envelope: &Envelope, bytes: &[u8], key: &[u8; 32]) -> Result<Accept> {
        let h = envelope.header;
        let team = self.roster.team();
        let stored = self.storage.envelope(team, h.device, h.seq)?;
        match &stored {
            // A stub, or a place a purge named before the log reached it (nothing is
            // stored there, ever): the device moves on.
            Some(Slot::Purged) | None => return Ok(Accept::Duplicate),
            Some(Slot::Envelope(held)) if held.as_slice() == bytes => {
                return Ok(Accept::Duplicate);
            }
            _ => {}
        }
        // An identical copy of what was checked at upload, in place of a damaged one.
        if self.storage.envelope_hash(team, h.device, h.seq)? == Some(Envelope::stored_hash(bytes))
        {
            envelope.verify_signature(key)?;
            if self.storage.replace_damaged(team, h.device, h.seq, bytes)? {
                tracing::warn!(%team, device = %h.device, seq = h.seq, "a damaged envelope was replaced by its author's copy");
                return Ok(Accept::New);
            }
        }
        // Forged, or the device signed two histories: keep the first either way.
        envelope.verify_signature(key)?;
        Err(HubError::from(
            h.rejected("a different envelope is held at this sequence"),
        ))
    }
}

impl EnvelopeStore for TeamStore<'_> {
    type Error = HubError;

    fn team(&self) -> TeamId {
        self.roster.team()
    }

    fn vector(&self) -> Result<VersionVector> {
        let team = self.roster.team();
        let mut vector = self.storage.vector(team)?;
        // To its author, a log ends before its first damaged envelope: it sends it again.
        if let Some(damaged) = self.storage.first_damaged(team, self.uploader)? {
            vector.set(self.uploader, damaged.saturating_sub(1));
        }
        Ok(vector)
    }

    fn envelopes_after(
        &self,
        device: DeviceId,
        after: u64,
        max_bytes: usize,
    ) -> Result<Vec<Envelope>> {
        let team = self.roster.team();
        self.storage
            .envelopes_after(team, device, after, max_bytes)?
            .iter()
            .map(|bytes| {
                let envelope = Envelope::from_bytes(bytes)
                    .map_err(|_| HubError::Storage("a stored envelope is damaged".into()))?;
                let seq = envelope.seq();
                if let Some(kept) = self.storage.envelope_hash(team, device, seq)?
                    && kept != Envelope::stored_hash(bytes)
                {
                    tracing::warn!(%team, %device, seq, "a stored envelope no longer matches its hash: marked damaged");
                    self.storage.mark_damaged(team, device, seq)?;
                }
                Ok(envelope)
            })
            .collect()
    }

    fn accept(&mut self, envelope: Envelope) -> Result<Accept> {
        let device = envelope.device();
        match self.check(&envelope) {
            Err(HubError::EnvelopeRejected(reason)) => {
                if device == self.uploader && self.own_rejection.is_none() {
                    self.own_rejection = Some(reason.clone());
                }
                Ok(Accept::Rejected(reason))
            }
            other => other,
        }
    }
}
