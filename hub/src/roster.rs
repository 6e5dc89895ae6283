//! Who may do what in one team, as the chain of its membership lists says: the newest
//! list's members and roles, and, for every device revoked on the way, the keys it had
//! and the last of its envelopes the team keeps.
//!
//! Owns the reading of the stored chain. It checks each list against its predecessor
//! again while reading (so a list slipped into the storage behind the hub's back is
//! refused, not obeyed) and never holds anything but public keys.

use std::collections::HashMap;

use senim_protocol::team::{DeviceId, DevicePublic, Member, Membership, TeamId};

use crate::{HubError, Result};

/// Where a device stands in a team.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Standing<'a> {
    /// A member of the newest list.
    Member(&'a Member),
    /// Revoked: its keys while it was a member, and the last of its sequences the team
    /// keeps (its later envelopes are refused).
    Revoked {
        public: DevicePublic,
        last_seq: u64,
        /// The version of the list that revoked it: the last one it may read.
        at: u64,
    },
    /// Never a member of this team.
    Unknown,
}

impl Standing<'_> {
    /// The Ed25519 key the device's signatures verify under, if it ever had one here.
    pub(crate) fn public(&self) -> Option<DevicePublic> {
        match self {
            Standing::Member(m) => Some(m.public),
            Standing::Revoked { public, .. } => Some(*public),
            Standing::Unknown => None,
        }
    }
}

/// The chain of one team's lists, read up to its newest version.
#[derive(Clone, Debug)]
pub(crate) struct Roster {
    latest: Membership,
    /// The epoch of each version: `epochs[v - 1]`.
    epochs: Vec<u32>,
    /// Every device that was ever a member, with its keys (they never change).
    known: HashMap<DeviceId, DevicePublic>,
    /// The version of the list that revoked each revoked device.
    revoked_at: HashMap<DeviceId, u64>,
}

impl Roster {
    /// A roster from a team's first list (checked with `verify_genesis`).
    pub(crate) fn genesis(bytes: &[u8]) -> Result<Roster> {
        let list = read(bytes)?;
        list.verify_genesis().map_err(damaged)?;
        let known = list
            .members()
            .iter()
            .map(|m| (m.public.device, m.public))
            .collect();
        Ok(Roster {
            epochs: vec![list.epoch()],
            latest: list,
            known,
            revoked_at: HashMap::new(),
        })
    }

    /// Moves to the next stored version (checked with `verify_successor`).
    pub(crate) fn advance(&mut self, bytes: &[u8]) -> Result<()> {
        let next = read(bytes)?;
        self.latest.verify_successor(&next).map_err(damaged)?;
        for m in next.members() {
            self.known.entry(m.public.device).or_insert(m.public);
        }
        for r in next.revoked() {
            self.revoked_at.entry(r.device).or_insert(next.version());
        }
        self.epochs.push(next.epoch());
        self.latest = next;
        Ok(())
    }

    pub(crate) fn team(&self) -> TeamId {
        self.latest.team()
    }

    /// The newest version read.
    pub(crate) fn version(&self) -> u64 {
        self.latest.version()
    }

    /// The newest list.
    pub(crate) fn latest(&self) -> &Membership {
        &self.latest
    }

    /// The epoch of list `version`, if it exists.
    pub(crate) fn epoch_of(&self, version: u64) -> Option<u32> {
        let index = usize::try_from(version.checked_sub(1)?).ok()?;
        self.epochs.get(index).copied()
    }

    /// Where `device` stands under the newest list.
    pub(crate) fn standing(&self, device: DeviceId) -> Standing<'_> {
        if let Some(member) = self.latest.member(device) {
            return Standing::Member(member);
        }
        match (self.latest.revocation(device), self.known.get(&device)) {
            (Some(r), Some(&public)) => Standing::Revoked {
                public,
                last_seq: r.last_seq,
                at: self
                    .revoked_at
                    .get(&device)
                    .copied()
                    .unwrap_or(self.latest.version()),
            },
            _ => Standing::Unknown,
        }
    }
}

fn read(bytes: &[u8]) -> Result<Membership> {
    Membership::from_bytes(bytes).map_err(damaged)
}

fn damaged(e: senim_protocol::Error) -> HubError {
    HubError::Storage(format!("a stored membership list does not verify: {e}"))
}
