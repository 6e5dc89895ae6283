//! A lead hands its team to a hub that lost it (a new, empty hub, or one restored from
//! an older backup): the membership lists and orders the hub lacks, from the lead's
//! vault, in order, then every envelope the lead holds. Every other device's next sync
//! sends the hub the envelopes it still lacks (each device's own log and what it
//! relays), so the team converges with nothing lost.
//!
//! It never uploads anything the hub does not check again as it would any upload
//! (genesis, successor lists signed by a lead, sealed keys, the order chain, envelope
//! signatures), and never changes the vault's team except for its hub address, set by
//! the caller once the hand-over succeeded.

use senim_protocol::Error as ProtocolError;
use senim_protocol::sync::hub_api::{self, MembershipPost};
use senim_protocol::team::{Membership, OrderBody, Role, TeamOrder};
use serde::Serialize;

use crate::{Error, HubClient, Method, Result, VaultAccess};

/// What [`HubClient::rehome`] handed the hub.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RehomeReport {
    /// The hub did not know the team: it was registered with its first list.
    pub registered: bool,
    /// Membership lists uploaded (the first one included when registered).
    pub lists: u64,
    /// Orders uploaded.
    pub orders: u64,
    /// Envelopes uploaded by the exchange that followed.
    pub envelopes: u64,
}

impl<A: VaultAccess + ?Sized> HubClient<'_, A> {
    /// Lead: gives the hub behind this client's transport every membership list and
    /// order of the team it lacks, from this vault's history, then syncs this vault's
    /// envelopes to it. Refused when the hub holds lists or orders that differ from
    /// this vault's (another chain), or when this vault lacks the ones the hub needs
    /// (it did not keep them: a lead that joined later, or a vault from before lists
    /// were kept).
    pub fn rehome(&mut self) -> Result<RehomeReport> {
        let info = self.team()?;
        if info.role != Some(Role::Lead) {
            return Err(membership("only a lead can hand the team to a hub"));
        }
        let history = self.vault.with(|v| v.team_history())?;
        let mut report = RehomeReport::default();
        let held = match self.membership_since(0) {
            Ok(update) => update.lists,
            Err(Error::HubRefused { status: 404, .. }) => {
                let genesis = history
                    .lists
                    .first()
                    .filter(|_| history.first_list_version() == 1)
                    .ok_or_else(|| {
                        membership(
                            "the hub does not know the team and this vault does not hold its first list",
                        )
                    })?;
                self.register(genesis.clone())?;
                report.registered = true;
                report.lists += 1;
                vec![genesis.clone()]
            }
            Err(e) => return Err(e),
        };
        let mut lists = self
            .lists_to_post(&history.lists, &held)?
            .into_iter()
            .peekable();
        let mut epoch = held
            .last()
            .map(|l| Membership::from_bytes(l))
            .transpose()?
            .map(|m| m.epoch());
        // Each order goes up when the hub's newest list is the one it was issued under;
        // envelopes before a purge, which names places the hub must hold.
        for order in self.orders_to_post(&history.orders)? {
            let parsed = TeamOrder::from_bytes(&order)?;
            let under = parsed.membership_version().unwrap_or(u64::MAX);
            while let Some(list) = lists.next_if(|l| version_of(l) <= under) {
                self.post_list(&list, &mut epoch)?;
                report.lists += 1;
            }
            if matches!(parsed.body(), OrderBody::Purge(_)) {
                report.envelopes += self.exchange()?.sent;
            }
            self.call(
                info.team,
                Method::Post,
                hub_api::path::orders(info.team),
                order,
            )?;
            report.orders += 1;
        }
        for list in lists {
            self.post_list(&list, &mut epoch)?;
            report.lists += 1;
        }
        report.envelopes += self.exchange()?.sent;
        Ok(report)
    }

    /// The lists of `mine` the hub does not hold (`theirs`, from version 1), in order.
    fn lists_to_post(&mut self, mine: &[Vec<u8>], theirs: &[Vec<u8>]) -> Result<Vec<Vec<u8>>> {
        let Some(first) = mine.first() else {
            return Ok(Vec::new());
        };
        let first = Membership::from_bytes(first)?.version();
        let hub_latest = theirs.len() as u64;
        // Where both hold a version, it must be the same list.
        for (i, list) in theirs.iter().enumerate() {
            let version = i as u64 + 1;
            if version >= first
                && let Some(own) = mine.get((version - first) as usize)
                && own != list
            {
                return Err(membership(&format!(
                    "the hub holds another list at version {version}: it is not this team's hub"
                )));
            }
        }
        let last = first + mine.len() as u64 - 1;
        if last <= hub_latest {
            return Ok(Vec::new());
        }
        if hub_latest + 1 < first {
            return Err(membership(&format!(
                "the hub holds lists up to version {hub_latest} and this vault keeps them from version {first} only"
            )));
        }
        Ok(mine[(hub_latest + 1 - first) as usize..].to_vec())
    }

    /// Posts one list, with its epoch's key sealed again to its members when it starts
    /// a new epoch.
    fn post_list(&mut self, list: &[u8], epoch: &mut Option<u32>) -> Result<()> {
        let team = self.team()?.team;
        let parsed = Membership::from_bytes(list)?;
        let keys = if *epoch != Some(parsed.epoch()) {
            self.vault.with(|v| v.reseal_epoch_key(list))?
        } else {
            Vec::new()
        };
        let body = MembershipPost {
            list: list.to_vec(),
            keys,
        }
        .to_bytes();
        self.call(team, Method::Post, hub_api::path::membership(team), body)?;
        *epoch = Some(parsed.epoch());
        Ok(())
    }

    /// The orders of `mine` after the hub's last one, in order.
    fn orders_to_post(&mut self, mine: &[(u64, Vec<u8>)]) -> Result<Vec<Vec<u8>>> {
        let theirs = self.orders_since(0)?;
        let hub_last = theirs.len() as u64;
        for (number, order) in mine {
            if *number <= hub_last && theirs.get(*number as usize - 1) != Some(order) {
                return Err(membership(&format!(
                    "the hub holds another order at number {number}: it is not this team's hub"
                )));
            }
        }
        let first = mine.first().map_or(0, |(n, _)| *n);
        let last = mine.last().map_or(0, |(n, _)| *n);
        if last <= hub_last {
            return Ok(Vec::new());
        }
        if first > hub_last + 1 {
            return Err(membership(&format!(
                "the hub holds orders up to number {hub_last} and this vault keeps them from number {first} only"
            )));
        }
        Ok(mine
            .iter()
            .filter(|(n, _)| *n > hub_last)
            .map(|(_, o)| o.clone())
            .collect())
    }
}

fn version_of(list: &[u8]) -> u64 {
    Membership::from_bytes(list).map_or(u64::MAX, |m| m.version())
}

fn membership(reason: &str) -> Error {
    Error::Protocol(ProtocolError::Membership(reason.into()))
}
