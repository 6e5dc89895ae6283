//! The team's orders through the hub: fetching and applying the chain, a lead's
//! policy, erasure and purges (carriers first, then the order, then applied here).

use senim_protocol::records::RecordId;
use senim_protocol::sync::hub_api::{self, OrdersPage};
use senim_protocol::team::{PurgeReason, TeamOrder, TeamPolicy};
use senim_vault::OrdersApplied;

use crate::{HubClient, Method, PurgeReport, Result, VaultAccess};

impl<A: VaultAccess + ?Sized> HubClient<'_, A> {
    /// The team's orders after number `after` (every page of them), unchecked.
    pub fn orders_since(&mut self, after: u64) -> Result<Vec<Vec<u8>>> {
        let team = self.team()?.team;
        let mut all = Vec::new();
        let mut after = after;
        loop {
            let reply = self.call(
                team,
                Method::Get,
                hub_api::path::orders_after(team, after),
                Vec::new(),
            )?;
            let page = OrdersPage::from_bytes(&reply.body)?;
            let last = page
                .orders
                .last()
                .and_then(|o| TeamOrder::from_bytes(o).ok())
                .map(|o| o.number());
            all.extend(page.orders);
            match (reply.more, last) {
                (true, Some(n)) if n > after => after = n,
                _ => return Ok(all),
            }
        }
    }

    /// Fetches the orders after the last one applied and applies them, each checked
    /// against the membership list it was issued under: when that is an earlier list
    /// than this device holds (it joined later), the team's lists are fetched first and
    /// kept once their chain is verified.
    pub fn update_orders(&mut self) -> Result<OrdersApplied> {
        let held = self.vault.with(|v| v.orders_applied())?;
        let orders = self.orders_since(held)?;
        if self.vault.with(|v| v.orders_need_history(&orders))? {
            let lists = self.membership_since(0)?.lists;
            self.vault.with(|v| v.accept_membership_history(&lists))?;
        }
        Ok(self.vault.with(|v| v.accept_orders(&orders))?)
    }

    /// Posts an order this device issued, then applies it here. The hub refuses an
    /// order whose number another took first (fetch the orders and issue it again).
    pub(crate) fn publish_order(&mut self, order: &TeamOrder) -> Result<OrdersApplied> {
        let team = self.team()?.team;
        self.call(
            team,
            Method::Post,
            hub_api::path::orders(team),
            order.to_bytes(),
        )?;
        Ok(self.vault.with(|v| v.accept_orders(&[order.to_bytes()]))?)
    }

    /// Sets the team's policy (a lead only): a signed order, posted to the hub, applied
    /// here and by every device on its next sync.
    pub fn set_policy(&mut self, policy: TeamPolicy) -> Result<u64> {
        self.update_membership()?;
        self.update_orders()?;
        let order = self.vault.with(|v| v.issue_policy(policy))?;
        Ok(self.publish_order(&order)?.last)
    }

    /// Erases a subject and every record linked to it from the team (a lead only):
    /// syncs so this device holds everything, then purges them everywhere.
    pub fn erase(&mut self, subject: RecordId) -> Result<PurgeReport> {
        self.sync()?;
        let ids = self.vault.with(|v| v.erasure_set(subject))?;
        self.purge(&ids, PurgeReason::Erasure)
    }

    /// Purges every quarantined place from the team (a lead only): syncs so this
    /// device holds every envelope, then issues a purge order naming the places this
    /// device holds in quarantine (ADR 0019). Every device removes those envelopes and
    /// their places leave its quarantine list; the hub drops them.
    pub fn purge_quarantined(&mut self) -> Result<PurgeReport> {
        self.sync()?;
        let Some(prepared) = self.vault.with(|v| v.prepare_quarantine_purge())? else {
            return Ok(PurgeReport::default());
        };
        if prepared.carriers > 0 {
            // Follow-ups purged along with the places carry other records' changes.
            self.exchange()?;
        }
        let applied = self.publish_order(&prepared.order)?;
        Ok(PurgeReport {
            order: applied.last,
            records: prepared.records,
            envelopes: prepared.places,
            carriers: prepared.carriers,
        })
    }

    /// Purges `ids` from the team (a lead only, after a sync): carriers for the other
    /// records go to the hub first, then the order; then it is applied here.
    pub fn purge(&mut self, ids: &[RecordId], reason: PurgeReason) -> Result<PurgeReport> {
        self.update_membership()?;
        self.update_orders()?;
        let Some(prepared) = self.vault.with(|v| v.prepare_purge(ids, reason))? else {
            return Ok(PurgeReport::default());
        };
        if prepared.carriers > 0 {
            self.exchange()?;
        }
        let applied = self.publish_order(&prepared.order)?;
        Ok(PurgeReport {
            order: applied.last,
            records: prepared.records,
            envelopes: prepared.places,
            carriers: prepared.carriers,
        })
    }
}
