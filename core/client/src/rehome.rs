//! Moving a team to another hub (`senim team set-hub`, docs/hub.md "Moving the team").
//!
//! A lead signs the new hub's address and certificate pin into the next membership
//! list and posts it to the hub the team leaves ([`HubClient::move_team`]): every device
//! accepts it at its next sync there and syncs with the new hub from then on. The lead
//! then hands the new hub what it lacks ([`HubClient::rehome`]; also for a hub that lost
//! the team: new and empty, or restored from an older backup): the membership lists and
//! orders, from the lead's vault, in order, then every envelope the lead holds. Every
//! other device's next sync sends the hub the envelopes it still lacks (each device's
//! own log and what it relays), so the team converges with nothing lost. A device whose
//! old hub is gone follows the team itself ([`HubClient::follow_hub`]), and only to a
//! hub that serves a lead-signed list naming it.
//!
//! It never uploads anything the hub does not check again as it would any upload
//! (genesis, successor lists signed by a lead, sealed keys, the order chain, envelope
//! signatures), and never moves a device to a hub that no list signed by a lead names.

use senim_protocol::Error as ProtocolError;
use senim_protocol::sync::hub_api::{self, MembershipPost};
use senim_protocol::team::{HubPin, Membership, OrderBody, Role, TeamHub, TeamOrder};
use serde::Serialize;

use crate::{Error, HubClient, HubMoveRefusal, Method, Result, VaultAccess};

/// What [`HubClient::move_team`] did at the hub the team leaves.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MoveReport {
    /// The membership list version that names the new hub.
    pub version: u64,
    /// The hub the team leaves took that list: its devices follow at their next sync.
    pub old_hub_took_it: bool,
    /// Why the hub the team leaves did not take it (unreachable, or it lost the team):
    /// each device then runs `senim team set-hub` itself. None when it took it, or
    /// when the list already named the new hub.
    pub old_hub_problem: Option<String>,
}

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
    /// Lead, through the hub the team syncs with now: signs `url` and `pin` into the
    /// next membership list, posts it to this hub (when it still answers) and stores it;
    /// from then on this vault syncs with the new hub, and so does every device that
    /// syncs with this hub. Follow with [`HubClient::rehome`] through the new hub. When
    /// this hub cannot be reached or lost the team, the list is stored all the same
    /// (the report says so): devices then follow with `senim team set-hub`. Run again,
    /// it signs nothing new and posts the list again where it is missing.
    pub fn move_team(&mut self, url: &str, pin: Option<HubPin>) -> Result<MoveReport> {
        let info = self.team()?;
        if info.role != Some(Role::Lead) {
            return Err(membership("only a lead can move the team to another hub"));
        }
        // A hub that lost the team at the same address: the new hub gets every list
        // through `rehome`, nothing to post here.
        let same_hub = info.hub == url && self.vault.with(|v| v.hub_pin())? == pin;
        let mut problem = None;
        if !same_hub && let Err(e) = self.update_membership() {
            problem = Some(old_hub_problem(e)?);
        }
        let change = self.vault.with(|v| v.prepare_team_set_hub(url, pin))?;
        let list = change.list_bytes();
        let version = Membership::from_bytes(&list)?.version();
        let mut took = false;
        if !same_hub && problem.is_none() {
            let body = MembershipPost {
                list,
                keys: Vec::new(),
            }
            .to_bytes();
            match self.call(
                info.team,
                Method::Post,
                hub_api::path::membership(info.team),
                body,
            ) {
                Ok(_) => took = true,
                // The list was already there: a move run again after its answer was lost.
                Err(Error::HubRefused { status: 409, .. })
                    if self.update_membership()? == version =>
                {
                    took = true
                }
                Err(e) => problem = Some(old_hub_problem(e)?),
            }
        }
        self.vault.with(|v| v.commit_membership(change))?;
        Ok(MoveReport {
            version,
            old_hub_took_it: took,
            old_hub_problem: problem,
        })
    }

    /// A device that is not a lead, through the hub its lead moved the team to (`url`
    /// with `pin`; its old hub gone): takes the hub's newer membership lists and syncs
    /// with this hub from then on, only when the hub's lists continue the one this
    /// device holds and the newest, signed by a lead, names exactly this address and
    /// pin. Otherwise nothing changes ([`Error::HubMoveRefused`]). Returns the list
    /// version held afterwards.
    pub fn follow_hub(&mut self, url: &str, pin: Option<HubPin>) -> Result<u64> {
        let wanted = TeamHub::new(url, pin)?;
        let held = self
            .vault
            .with(|v| v.membership())?
            .ok_or_else(|| membership("this vault has not joined a team"))?;
        let update = match self.membership_since(held.version() - 1) {
            Err(Error::HubRefused { status: 404, .. }) => {
                return Err(Error::HubMoveRefused(HubMoveRefusal::TeamUnknown));
            }
            other => other?,
        };
        if update.lists.first() != Some(&held.to_bytes()) {
            return Err(Error::HubMoveRefused(HubMoveRefusal::NotChained));
        }
        let mut newest = held;
        for bytes in &update.lists[1..] {
            let next = Membership::from_bytes(bytes)
                .map_err(|_| Error::HubMoveRefused(HubMoveRefusal::NotChained))?;
            newest
                .verify_successor(&next)
                .map_err(|_| Error::HubMoveRefused(HubMoveRefusal::NotChained))?;
            newest = next;
        }
        if newest.hub() != Some(&wanted) {
            return Err(Error::HubMoveRefused(HubMoveRefusal::NamesAnotherHub));
        }
        let version = self
            .vault
            .with(|v| v.accept_membership(&update.lists, &update.keys))?;
        self.vault.with(|v| v.follow_team_hub())?;
        Ok(version)
    }

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

/// Why the hub a team leaves did not take the move, when that is no reason to stop
/// (unreachable, or it lost the team); any other error stops the move.
fn old_hub_problem(error: Error) -> Result<String> {
    match error {
        Error::Unreachable(_) | Error::HubRefused { status: 404, .. } => Ok(error.to_string()),
        e => Err(e),
    }
}

fn version_of(list: &[u8]) -> u64 {
    Membership::from_bytes(list).map_or(u64::MAX, |m| m.version())
}

fn membership(reason: &str) -> Error {
    Error::Protocol(ProtocolError::Membership(reason.into()))
}
