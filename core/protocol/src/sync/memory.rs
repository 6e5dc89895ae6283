//! An in-memory envelope store: the reference for what the vault's and the hub's stores
//! must do, and the store of the protocol tests.
//!
//! Owns nothing but its logs. It checks signatures against the public keys it was given
//! and never holds a team key, so it behaves as the hub does: it cannot read anything.

use std::collections::BTreeMap;

use super::envelope::{Envelope, PUBLIC_KEY_LEN};
use super::session::{Accept, EnvelopeStore};
use super::vector::VersionVector;
use crate::team::{DeviceId, TeamId};
use crate::{Error, Result};

/// Envelope logs of one team, one per device, in sequence order from 1.
#[derive(Clone, Debug)]
pub struct MemoryStore {
    team: TeamId,
    signing_keys: BTreeMap<DeviceId, [u8; PUBLIC_KEY_LEN]>,
    logs: BTreeMap<DeviceId, Vec<Envelope>>,
}

impl MemoryStore {
    /// An empty store for `team` that accepts envelopes from no device yet.
    pub fn new(team: TeamId) -> Self {
        MemoryStore {
            team,
            signing_keys: BTreeMap::new(),
            logs: BTreeMap::new(),
        }
    }

    /// Lets `device` write, with envelopes signed by `signing_key` (Ed25519 public key).
    pub fn add_device(&mut self, device: DeviceId, signing_key: [u8; PUBLIC_KEY_LEN]) {
        self.signing_keys.insert(device, signing_key);
    }

    /// The log of `device`: envelopes with sequences 1, 2, ... in order.
    pub fn log(&self, device: DeviceId) -> &[Envelope] {
        self.logs.get(&device).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Every envelope held, by device and sequence.
    pub fn envelopes(&self) -> impl Iterator<Item = &Envelope> + '_ {
        self.logs.values().flatten()
    }

    /// Number of envelopes held.
    pub fn len(&self) -> usize {
        self.logs.values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl EnvelopeStore for MemoryStore {
    type Error = Error;

    fn team(&self) -> TeamId {
        self.team
    }

    fn vector(&self) -> Result<VersionVector> {
        Ok(self
            .logs
            .iter()
            .map(|(d, log)| (*d, log.len() as u64))
            .collect())
    }

    fn envelopes_after(
        &self,
        device: DeviceId,
        after: u64,
        max_bytes: usize,
    ) -> Result<Vec<Envelope>> {
        let log = self.log(device);
        let start = usize::try_from(after).unwrap_or(usize::MAX).min(log.len());
        let mut out = Vec::new();
        let mut bytes = 0usize;
        for envelope in &log[start..] {
            let len = envelope.encoded_len();
            if !out.is_empty() && bytes + len > max_bytes {
                break;
            }
            bytes += len;
            out.push(envelope.clone());
        }
        Ok(out)
    }

    fn accept(&mut self, envelope: Envelope) -> Result<Accept> {
        match self.check_and_append(envelope) {
            Err(Error::Envelope { reason }) => Ok(Accept::Rejected(reason)),
            other => other,
        }
    }
}

impl MemoryStore {
    fn check_and_append(&mut self, envelope: Envelope) -> Result<Accept> {
        let header = envelope.header;
        if header.team != self.team {
            return Err(header.rejected("belongs to another team"));
        }
        let Some(key) = self.signing_keys.get(&header.device) else {
            return Err(header.rejected("unknown device"));
        };
        let log = self.log(header.device);
        let held = log.len() as u64;
        if header.seq == 0 {
            return Err(header.rejected("sequence numbers start at 1"));
        }
        if header.seq <= held {
            // Idempotent for the same envelope. Another envelope at a held sequence is
            // either forged or a device signing two histories: keep the first.
            let index = usize::try_from(header.seq - 1).unwrap_or(usize::MAX);
            if log.get(index) == Some(&envelope) {
                return Ok(Accept::Duplicate);
            }
            envelope.verify_signature(key)?;
            return Err(header.rejected("another envelope with this sequence is held"));
        }
        if header.seq > held + 1 {
            return Ok(Accept::Gap);
        }
        envelope.verify_signature(key)?;
        self.logs.entry(header.device).or_default().push(envelope);
        Ok(Accept::New)
    }
}
