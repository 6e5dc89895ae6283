//! The team's signed documents as this vault received them: every membership list
//! version and every order it accepted, kept (sealed, like every team secret) so a lead
//! can hand a hub that lost them the whole chain again (`docs/hub.md`, "Losing the
//! hub").
//!
//! Owns the names the documents are kept under and reading the chain back in order. It
//! never decides whether a document is valid (the vault checked it when it accepted
//! it; the hub checks it again when it is uploaded) and never talks to the network.

use senim_protocol::team::{DeviceId, EpochKey, Membership, SealedKey};

use crate::{Error, Result, Vault};

/// Prefix of the names of kept membership lists (`team-list:<version>`).
pub(crate) const LIST_PREFIX: &str = "team-list:";
/// Prefix of the names of kept orders (`team-order:<number>`).
pub(crate) const ORDER_PREFIX: &str = "team-order:";

/// The team's documents this vault holds, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TeamHistory {
    /// Membership lists from the oldest kept version to the one held, contiguous.
    /// Starts at version 1 only on a vault that held the team from its first list
    /// (the lead that created it) and kept lists since.
    pub lists: Vec<Vec<u8>>,
    /// Orders from number 1 to the last applied, contiguous; shorter (from a later
    /// number) when the vault did not keep the earlier ones.
    pub orders: Vec<(u64, Vec<u8>)>,
}

impl TeamHistory {
    /// The version of the first kept list (0 when none is kept).
    pub fn first_list_version(&self) -> u64 {
        self.lists
            .first()
            .and_then(|l| Membership::from_bytes(l).ok())
            .map_or(0, |m| m.version())
    }
}

impl Vault {
    /// Keeps `list` in the team's history.
    pub(crate) fn keep_list(&self, list: &Membership) -> Result<()> {
        self.put_secret(
            &format!("{LIST_PREFIX}{}", list.version()),
            &list.to_bytes(),
        )
    }

    /// Keeps an accepted order in the team's history.
    pub(crate) fn keep_order(&self, number: u64, bytes: &[u8]) -> Result<()> {
        self.put_secret(&format!("{ORDER_PREFIX}{number}"), bytes)
    }

    /// The team's membership lists and orders kept in this vault, each run contiguous
    /// and ending at what the vault holds now.
    pub fn team_history(&self) -> Result<TeamHistory> {
        let held = self.require_membership()?;
        let mut lists = vec![held.to_bytes()];
        let mut version = held.version();
        while version > 1 {
            version -= 1;
            match self.get_secret(&format!("{LIST_PREFIX}{version}"))? {
                Some(bytes) => lists.push(bytes.to_vec()),
                None => break,
            }
        }
        lists.reverse();
        let mut orders = Vec::new();
        let mut number = self.orders_applied()?;
        while number > 0 {
            match self.get_secret(&format!("{ORDER_PREFIX}{number}"))? {
                Some(bytes) => orders.push((number, bytes.to_vec())),
                None => break,
            }
            number -= 1;
        }
        orders.reverse();
        Ok(TeamHistory { lists, orders })
    }

    /// The call signs revoked devices had, from the earlier lists this vault kept (a
    /// revoked device keeps only its id in the list): by device, for those found.
    pub fn revoked_names(&self) -> Result<Vec<(DeviceId, String)>> {
        let Some(held) = self.membership()? else {
            return Ok(Vec::new());
        };
        let history = self.team_history()?;
        let mut names = Vec::new();
        for revoked in held.revoked() {
            let name = history.lists.iter().rev().find_map(|bytes| {
                let list = Membership::from_bytes(bytes).ok()?;
                list.members()
                    .iter()
                    .find(|m| m.public.device == revoked.device)
                    .map(|m| m.name.clone())
            });
            if let Some(name) = name {
                names.push((revoked.device, name));
            }
        }
        Ok(names)
    }

    /// Lead: the key of `list`'s epoch sealed again to every member of `list`, so a hub
    /// that lost the team can take the list (a new epoch needs a key for each member).
    /// Refused when this vault does not hold that epoch's key.
    pub fn reseal_epoch_key(&self, list: &[u8]) -> Result<Vec<SealedKey>> {
        let list = Membership::from_bytes(list)?;
        let key = self.epoch_key(list.epoch())?.ok_or_else(|| {
            Error::membership(format!(
                "this vault does not hold the key of epoch {}",
                list.epoch()
            ))
        })?;
        Ok(SealedKey::seal_to_members(
            &list,
            &EpochKey::new(list.epoch(), key),
        )?)
    }
}

#[cfg(test)]
mod tests {
    use senim_protocol::team::{DeviceId, HubPin, Membership, Role, TeamPolicy};

    use crate::{CreateOptions, Vault};

    const PASS: &[u8] = b"correct horse";
    const HUB: &str = "http://127.0.0.1:7878";

    fn vault() -> (tempfile::TempDir, Vault) {
        let dir = tempfile::tempdir().unwrap();
        let v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
        (dir, v)
    }

    fn versions(lists: &[Vec<u8>]) -> Vec<u64> {
        lists
            .iter()
            .map(|l| Membership::from_bytes(l).unwrap().version())
            .collect()
    }

    #[test]
    fn the_lead_that_created_the_team_keeps_every_list_from_the_first() {
        let (_d, lead) = vault();
        lead.team_create("Almaty office", "lead", HUB).unwrap();
        for n in 0..2 {
            let (_w, worker) = vault();
            let request = worker.team_request(&format!("worker {n}")).unwrap();
            lead.team_approve(&request, Role::Worker).unwrap();
        }
        let history = lead.team_history().unwrap();
        assert_eq!(versions(&history.lists), vec![1, 2, 3]);
        assert_eq!(history.first_list_version(), 1);
    }

    #[test]
    fn a_worker_keeps_the_lists_from_the_one_it_joined_with() {
        let (_d, lead) = vault();
        lead.team_create("Almaty office", "lead", HUB).unwrap();
        let (_w, worker) = vault();
        let request = worker.team_request("worker").unwrap();
        let welcome = lead.team_approve(&request, Role::Worker).unwrap();
        worker.team_join(&welcome).unwrap();
        let (_o, other) = vault();
        let request = other.team_request("other").unwrap();
        lead.team_approve(&request, Role::Worker).unwrap();
        let id: DeviceId = other.device_id().parse().unwrap();
        let (list, keys) = lead.team_revoke(id).unwrap();
        let third = lead.team_history().unwrap().lists[2].clone();
        worker.accept_membership(&[third, list], &keys).unwrap();
        assert_eq!(
            versions(&worker.team_history().unwrap().lists),
            vec![2, 3, 4]
        );
    }

    #[test]
    fn orders_applied_are_kept_in_order() {
        let (_d, lead) = vault();
        lead.team_create("Almaty office", "lead", HUB).unwrap();
        for _ in 0..2 {
            let order = lead.issue_policy(TeamPolicy::default()).unwrap();
            lead.accept_orders(&[order.to_bytes()]).unwrap();
        }
        let orders = lead.team_history().unwrap().orders;
        assert_eq!(
            orders.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            vec![1, 2]
        );
    }

    #[test]
    fn a_setting_cannot_take_the_name_of_a_kept_document() {
        let (_d, v) = vault();
        assert!(v.put_setting("team-list:1", b"x").is_err());
        assert!(v.put_setting("team-order:1", b"x").is_err());
    }

    #[test]
    fn an_epoch_key_is_sealed_again_to_every_member_of_a_list() {
        let (_d, lead) = vault();
        lead.team_create("Almaty office", "lead", HUB).unwrap();
        let (_w, worker) = vault();
        let request = worker.team_request("worker").unwrap();
        lead.team_approve(&request, Role::Worker).unwrap();
        let list = lead.membership_bytes().unwrap();
        let sealed = lead.reseal_epoch_key(&list).unwrap();
        assert_eq!(sealed.len(), 2);
        let (_o, outsider) = vault();
        assert!(outsider.reseal_epoch_key(&list).is_err());
    }

    const NEW_HUB: &str = "https://hub2.office.example";

    #[test]
    fn a_device_syncs_with_the_hub_the_newest_accepted_list_names() {
        let (_d, lead) = vault();
        lead.team_create("Almaty office", "lead", HUB).unwrap();
        let (_w, worker) = vault();
        let request = worker.team_request("worker").unwrap();
        worker
            .team_join(&lead.team_approve(&request, Role::Worker).unwrap())
            .unwrap();
        let pin = HubPin([5; 32]);
        let change = lead.prepare_team_set_hub(NEW_HUB, Some(pin)).unwrap();
        let list = change.list_bytes();
        lead.commit_membership(change).unwrap();
        assert_eq!(lead.team().unwrap().unwrap().hub, NEW_HUB);
        worker.accept_membership(&[list], &[]).unwrap();
        let info = worker.team().unwrap().unwrap();
        assert_eq!(info.hub, NEW_HUB);
        assert_eq!(worker.hub_pin().unwrap(), Some(pin));
    }

    #[test]
    fn moving_to_a_hub_without_a_pin_forgets_the_old_pin() {
        let (_d, lead) = vault();
        let change = lead
            .prepare_team_create("Almaty office", "lead", NEW_HUB)
            .unwrap()
            .with_hub_pin(Some(HubPin([5; 32])));
        lead.commit_membership(change).unwrap();
        let change = lead.prepare_team_set_hub(HUB, None).unwrap();
        lead.commit_membership(change).unwrap();
        assert_eq!(lead.hub_pin().unwrap(), None);
        assert_eq!(lead.team().unwrap().unwrap().hub, HUB);
    }

    #[test]
    fn moving_again_to_the_hub_the_list_names_signs_nothing_new() {
        let (_d, lead) = vault();
        lead.team_create("Almaty office", "lead", HUB).unwrap();
        let change = lead.prepare_team_set_hub(NEW_HUB, None).unwrap();
        lead.commit_membership(change).unwrap();
        let again = lead.prepare_team_set_hub(NEW_HUB, None).unwrap();
        assert!(again.is_unchanged());
        let version = lead.membership().unwrap().unwrap().version();
        lead.commit_membership(again).unwrap();
        assert_eq!(lead.membership().unwrap().unwrap().version(), version);
    }

    #[test]
    fn a_worker_cannot_sign_a_move() {
        let (_d, lead) = vault();
        lead.team_create("Almaty office", "lead", HUB).unwrap();
        let (_w, worker) = vault();
        let request = worker.team_request("worker").unwrap();
        worker
            .team_join(&lead.team_approve(&request, Role::Worker).unwrap())
            .unwrap();
        assert!(worker.prepare_team_set_hub(NEW_HUB, None).is_err());
    }
}
