//! Team orders on a device (ADR 0015): applying the lead's policy and purge orders,
//! and, on a lead's device, preparing them.
//!
//! A purge removes, in one transaction with `secure_delete` on, the purged records'
//! rows (their whole automerge history, blind-index filters, outbox entries and shipped
//! heads) and the bytes of every envelope the order names (a stub keeps each place so
//! the log stays contiguous), then truncates the WAL. What stays: a keyed hash of each
//! purged id (later changes to it are dropped) and one audit entry with counts and the
//! reason. Before a lead issues a purge, it re-seals the other records' changes that
//! the purged envelopes carried into *carrier* envelopes of its own, so nothing else is
//! lost for a device that never received them.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::Vault;
use super::audit::{AuditAction, AuditEntry};
use crate::{Error, Result};
use senim_crypto::{self as crypto, SecretKey};
use senim_protocol::sync::{Envelope, Payload};
use senim_protocol::team::{
    DeviceId, Membership, OrderBody, Place, PurgeOrder, PurgeReason, TeamOrder, TeamPolicy,
    seal_purged_ids,
};
use senim_records::{Record, RecordId, RecordKind};

/// The secret holding the team's membership list of `version`, an earlier one kept to
/// check the orders issued under it (sealed like every secret: it names call signs).
fn history_name(version: u64) -> String {
    format!("membership-v{version}")
}

/// Secret: the number of the last team order applied (8 bytes, big-endian).
pub(crate) const ORDERS_APPLIED: &str = "orders-applied";
/// Secret: the team's policy (postcard), as the last policy order set it.
pub(crate) const POLICY: &str = "policy";
/// Secret: when a lead's sync last looked for expired records (Unix seconds, 8 bytes).
pub(crate) const RETENTION_CHECKED: &str = "retention-checked";
/// How often a lead's sync looks for expired records: the scan reads every record
/// (about 0.3 ms each), and retention periods are whole days.
pub const RETENTION_CHECK_EVERY: Duration = Duration::hours(12);

/// What [`Vault::accept_orders`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrdersApplied {
    /// Orders applied (new ones only).
    pub orders: usize,
    /// Records removed from this vault.
    pub purged_records: usize,
    /// Envelope places purged (held ones stubbed, the others remembered).
    pub purged_envelopes: usize,
    /// Whether a policy order was among them.
    pub policy_changed: bool,
    /// The number of the last order applied, afterwards.
    pub last: u64,
}

/// A purge order a lead prepared: its carriers are sealed into the lead's own log;
/// the order is still to be posted to the hub and then accepted here.
#[derive(Clone, Debug)]
pub struct PreparedPurge {
    pub order: TeamOrder,
    /// Records the order purges.
    pub records: usize,
    /// Envelope places it names.
    pub places: usize,
    /// Carrier envelopes sealed for the other records those places carried.
    pub carriers: usize,
}

impl Vault {
    /// The number of the last team order this vault applied (0: none).
    pub fn orders_applied(&self) -> Result<u64> {
        Ok(match self.get_secret(ORDERS_APPLIED)? {
            Some(b) => u64::from_be_bytes(b.as_slice().try_into().map_err(|_| {
                Error::CorruptDatabase("the number of the last order is damaged".into())
            })?),
            None => 0,
        })
    }

    /// The team's policy, as the last policy order set it.
    pub fn policy(&self) -> Result<Option<TeamPolicy>> {
        match self.get_secret(POLICY)? {
            Some(b) => match postcard::take_from_bytes::<TeamPolicy>(&b) {
                Ok((p, [])) => Ok(Some(p)),
                _ => Err(Error::CorruptDatabase("the team policy is damaged".into())),
            },
            None => Ok(None),
        }
    }

    /// The membership list `order` is checked against: the one it names (this device's
    /// current list, or an earlier one of the team's verified chain); for an order of
    /// format 1, which names none, the current list if its signer leads it, else the
    /// latest earlier list its signer led. `None` when that needs an earlier list this
    /// device does not hold (see [`Vault::accept_membership_history`]).
    fn list_in_force(&self, order: &TeamOrder, current: &Membership) -> Result<Option<Membership>> {
        match order.membership_version() {
            Some(v) if v == current.version() => Ok(Some(current.clone())),
            Some(v) if v > current.version() => Err(Error::order(format!(
                "order {} was issued under membership version {v}, newer than this device's \
                 {}: fetch the membership first",
                order.number(),
                current.version()
            ))),
            Some(v) => self.history_list(v),
            None => {
                if current.is_lead(order.signer()) {
                    return Ok(Some(current.clone()));
                }
                for v in (1..current.version()).rev() {
                    match self.history_list(v)? {
                        Some(list) if list.is_lead(order.signer()) => return Ok(Some(list)),
                        Some(_) => {}
                        None => return Ok(None),
                    }
                }
                // No list of the chain has its signer as a lead: refused against the
                // current one.
                Ok(Some(current.clone()))
            }
        }
    }

    /// Whether applying `orders` (after the last one applied) needs earlier membership
    /// lists of the team that this device does not hold: a device that joined after
    /// they were replaced. Fetch them from the hub and pass them to
    /// [`Vault::accept_membership_history`] first.
    pub fn orders_need_history(&self, orders: &[Vec<u8>]) -> Result<bool> {
        let current = self.require_membership()?;
        let last = self.orders_applied()?;
        for bytes in orders {
            let Ok(order) = TeamOrder::from_bytes(bytes) else {
                continue;
            };
            if order.number() > last && self.list_in_force(&order, &current)?.is_none() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Keeps the team's earlier membership lists, to check the orders issued under them.
    /// `lists` is the team's chain as the hub serves it, from version 1: the first must
    /// be a genesis list, each the verified successor of the one before, and the chain
    /// must reach exactly the list this device holds (later ones are ignored); anything
    /// else is refused and nothing is kept. Returns how many earlier lists are kept.
    pub fn accept_membership_history(&self, lists: &[Vec<u8>]) -> Result<usize> {
        let current = self.require_membership()?;
        let mut chain: Vec<Membership> = Vec::new();
        for bytes in lists {
            let list = Membership::from_bytes(bytes)?;
            if list.team() != current.team() {
                return Err(Error::membership("a list of another team"));
            }
            if list.version() > current.version() {
                break;
            }
            match chain.last() {
                None => list.verify_genesis()?,
                Some(previous) => previous.verify_successor(&list)?,
            }
            chain.push(list);
        }
        if chain.last() != Some(&current) {
            return Err(Error::membership(
                "the team's earlier lists do not lead to the list this device holds",
            ));
        }
        chain.pop();
        let tx = self.conn.unchecked_transaction()?;
        for list in &chain {
            self.put_secret(&history_name(list.version()), &list.to_bytes())?;
        }
        tx.commit()?;
        Ok(chain.len())
    }

    /// An earlier membership list of the team, as [`Vault::accept_membership_history`]
    /// kept it.
    fn history_list(&self, version: u64) -> Result<Option<Membership>> {
        self.get_secret(&history_name(version))?
            .map(|b| {
                Membership::from_bytes(&b).map_err(|_| {
                    Error::CorruptDatabase("an earlier membership list is damaged".into())
                })
            })
            .transpose()
    }

    /// Verifies and applies, in order, the team orders after the last one applied.
    /// Orders already applied are skipped; a gap or an order the team's rules refuse
    /// stops with an error after the ones before it were applied.
    pub fn accept_orders(&self, orders: &[Vec<u8>]) -> Result<OrdersApplied> {
        let membership = self.require_membership()?;
        let mut done = OrdersApplied {
            last: self.orders_applied()?,
            ..OrdersApplied::default()
        };
        for bytes in orders {
            let order = TeamOrder::from_bytes(bytes)?;
            if order.number() <= done.last {
                continue;
            }
            let in_force = self.list_in_force(&order, &membership)?.ok_or_else(|| {
                Error::order(format!(
                    "order {} was issued under an earlier membership list this device does \
                     not hold: fetch the team's lists first",
                    order.number()
                ))
            })?;
            order.verify(&in_force)?;
            if order.number() != done.last + 1 {
                return Err(Error::order(format!(
                    "order {} arrived before order {}",
                    order.number(),
                    done.last + 1
                )));
            }
            match order.body() {
                OrderBody::Policy(p) => {
                    self.apply_policy(order.number(), p)?;
                    done.policy_changed = true;
                }
                OrderBody::Purge(p) => {
                    let (records, places) = self.apply_purge(&order, p)?;
                    done.purged_records += records;
                    done.purged_envelopes += places;
                }
            }
            self.keep_order(order.number(), bytes)?;
            done.orders += 1;
            done.last = order.number();
        }
        Ok(done)
    }

    fn apply_policy(&self, number: u64, policy: &TeamPolicy) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        self.put_secret(
            POLICY,
            &postcard::to_allocvec(policy)
                .map_err(|_| Error::Storage("the team policy cannot be encoded".into()))?,
        )?;
        self.put_secret(ORDERS_APPLIED, &number.to_be_bytes())?;
        tx.commit()?;
        // Read before unlock, so in the header file (ADR 0033), once the policy is
        // committed: a kill in between leaves the limits of the policy before, which
        // the next order or unlock writes again.
        crate::header_file::HeaderFile::update(&self.active_header_path(), |f| {
            f.wipe_after_failures = policy.wipe_after_failed_unlocks;
            Ok(())
        })?;
        self.refresh_idle_wipe()
    }

    /// Copies the policy's wipe after days without a sync into the header (where it is
    /// read before unlock), except on a lead's device: a lead's device never wipes
    /// itself for want of a sync, so whoever keeps the team's syncs failing (the hub's
    /// operator, a network in the way) cannot destroy the devices that keep the team's
    /// keys. Called whenever the policy or this device's role may have changed.
    pub(crate) fn refresh_idle_wipe(&self) -> Result<()> {
        let days = match (self.policy()?, self.membership()?) {
            (Some(policy), Some(list)) if !list.is_lead(self.this_device()) => {
                policy.wipe_after_days_without_sync
            }
            _ => None,
        };
        // Written only when it changes: an unlock writes once to each file (ADR 0016).
        let path = self.active_header_path();
        let file = crate::header_file::HeaderFile::read(&path)?;
        if file.wipe_after_idle_days != days {
            crate::header_file::HeaderFile::update(&path, |f| {
                f.wipe_after_idle_days = days;
                Ok(())
            })?;
        }
        Ok(())
    }

    /// Whole days left before this device wipes itself for want of a sync, counted from
    /// `now` (0 on the last day); `None` when no such wipe applies to it (no policy, a
    /// lead's device, or no sync yet). Read without a key, as the wipe itself is.
    pub fn idle_wipe_days_left(&self, now: DateTime<Utc>) -> Result<Option<u32>> {
        let (_, days, last) = self.wipe_settings()?;
        Ok(match (days, last) {
            (Some(days), Some(last)) => {
                let deadline = last.saturating_add(i64::from(days) * 86_400);
                let left = deadline.saturating_sub(now.timestamp()).max(0) / 86_400;
                Some(u32::try_from(left).unwrap_or(u32::MAX))
            }
            _ => None,
        })
    }

    /// Returns (records removed, places purged).
    fn apply_purge(&self, order: &TeamOrder, purge: &PurgeOrder) -> Result<(usize, usize)> {
        // Without the key of the order's epoch (an epoch before this device joined),
        // this device cannot have opened, so cannot hold, what was sealed in it: the
        // places are still stubbed, and the chain goes on.
        let ids = match self.epoch_key(purge.records.epoch)? {
            Some(key) => purge.open_ids(order, &key)?,
            None => Vec::new(),
        };
        let keys = self.keys()?;
        let tx = self.conn.unchecked_transaction()?;
        let mut removed = 0;
        for id in &ids {
            let raw = id.as_bytes().to_vec();
            removed += tx.execute("DELETE FROM records WHERE id = ?1", params![raw])?;
            tx.execute("DELETE FROM outbox WHERE record = ?1", params![raw])?;
            tx.execute(
                "INSERT OR IGNORE INTO purged_records (tag) VALUES (?1)",
                params![purged_tag(&self.purge_key(keys)?, id).to_vec()],
            )?;
        }
        for place in &purge.places {
            let (device, seq) = (place.device.0.to_vec(), place.seq as i64);
            let held = tx.execute(
                "UPDATE envelopes SET bytes = X'', applied = 1 WHERE device = ?1 AND seq = ?2",
                params![device, seq],
            )?;
            if held == 0 {
                tx.execute(
                    "INSERT OR IGNORE INTO purged_places (device, seq) VALUES (?1, ?2)",
                    params![device, seq],
                )?;
            }
            tx.execute(
                "DELETE FROM purge_followups WHERE device = ?1 AND seq = ?2",
                params![device, seq],
            )?;
            tx.execute(
                "DELETE FROM quarantine WHERE device = ?1 AND seq = ?2",
                params![device, seq],
            )?;
        }
        self.append_audit(
            &tx,
            AuditEntry::new(AuditAction::Purge).detail(format!(
                "{} record(s), {} envelope(s): {}",
                ids.len(),
                purge.places.len(),
                purge.reason.as_str()
            )),
        )?;
        self.put_secret(ORDERS_APPLIED, &order.number().to_be_bytes())?;
        tx.commit()?;
        // The freed pages were zeroed (secure_delete); the WAL still holds the pages
        // as they were before: copy them into the database and empty it.
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok((removed, purge.places.len()))
    }

    /// Issues the next policy order (a lead only). Post it to the hub, then accept it
    /// with [`Vault::accept_orders`].
    pub fn issue_policy(&self, policy: TeamPolicy) -> Result<TeamOrder> {
        policy.validate()?;
        let membership = self.require_lead()?;
        Ok(TeamOrder::issue(
            &membership,
            &self.device_keys()?,
            self.orders_applied()? + 1,
            Utc::now().timestamp(),
            OrderBody::Policy(policy),
        )?)
    }

    /// The records an erasure request for `subject` removes: the subject and every
    /// record linked to it.
    pub fn erasure_set(&self, subject: RecordId) -> Result<Vec<RecordId>> {
        let all = self.all_records()?;
        match all.get(&subject) {
            Some(r) if r.kind == RecordKind::Subject => {}
            Some(_) => {
                return Err(Error::invalid("erasure", "the record is not a subject"));
            }
            None => return Err(Error::RecordNotFound(subject.to_string())),
        }
        Ok(linked(&all, subject))
    }

    /// The records the team's retention policy expires at `now` (see
    /// [`senim_protocol::team::Retention`]).
    pub fn expired_records(
        &self,
        policy: &TeamPolicy,
        now: DateTime<Utc>,
    ) -> Result<Vec<RecordId>> {
        if policy.retention.is_empty() {
            return Ok(Vec::new());
        }
        // From the records' facts, plain columns inside the encrypted pages (ADR
        // 0039): no summary is read.
        self.keys()?;
        let scope = self.interrupt_scope();
        let ids = |sql: &str, args: &[&dyn rusqlite::ToSql]| -> Result<Vec<RecordId>> {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let mut rows = stmt.query(args)?;
            let mut out = Vec::new();
            while let Some(row) = rows.next()? {
                #[cfg(test)]
                tests::on_record_scanned();
                scope.check()?;
                out.push(record_id(&row.get::<_, Vec<u8>>(0)?)?);
            }
            Ok(out)
        };
        let mut out = BTreeSet::new();
        for kind in RecordKind::ALL {
            let Some(days) = policy.retention_days(kind) else {
                continue;
            };
            let before = crate::records::fact_time(now - Duration::days(i64::from(days)));
            match kind {
                // A subject goes with every record about it, once none of them has
                // changed since the cutoff.
                RecordKind::Subject => {
                    for subject in ids(
                        "SELECT r.id FROM record_facts f JOIN records r ON r.seq = f.seq
                         WHERE f.kind = 'subject' AND f.updated < ?1 AND NOT EXISTS (
                             SELECT 1 FROM record_facts g
                             WHERE g.subject = r.id AND g.updated >= ?1)",
                        &[&before],
                    )? {
                        out.extend(ids(
                            "SELECT r.id FROM record_facts g JOIN records r ON r.seq = g.seq
                             WHERE g.subject = ?1",
                            &[&subject.as_bytes().to_vec()],
                        )?);
                        out.insert(subject);
                    }
                }
                // A referral still proposed or accepted is never expired.
                _ => out.extend(ids(
                    "SELECT r.id FROM record_facts f JOIN records r ON r.seq = f.seq
                     WHERE f.kind = ?1 AND f.updated < ?2 AND f.open = 0",
                    &[&kind.as_str(), &before],
                )?),
            }
        }
        Ok(out.into_iter().collect())
    }

    /// Prepares a purge of `ids` (a lead only; sync first so this device holds every
    /// envelope): finds every envelope that carries changes of them (or of records
    /// purged before, or noted for a follow-up), seals carriers for the other records'
    /// changes those envelopes carry into this device's own log, and signs the order.
    /// `None` when there is nothing to purge.
    pub fn prepare_purge(
        &self,
        ids: &[RecordId],
        reason: PurgeReason,
    ) -> Result<Option<PreparedPurge>> {
        self.prepare_purge_with(ids, reason, false)
    }

    /// Prepares a purge of every quarantined place this device holds (a lead only; sync
    /// first), with what [`Vault::prepare_purge`] would purge anyway (follow-ups). A
    /// quarantined envelope's content was never applied anywhere, so it has no carrier
    /// and no record to name: the order removes the places and nothing else. It is an
    /// erasure order, the existing kind, so every device reads it. `None` when there
    /// is nothing quarantined.
    pub fn prepare_quarantine_purge(&self) -> Result<Option<PreparedPurge>> {
        self.require_lead()?;
        if self.quarantined()?.is_empty() {
            return Ok(None);
        }
        self.prepare_purge_with(&[], PurgeReason::Erasure, true)
    }

    fn prepare_purge_with(
        &self,
        ids: &[RecordId],
        reason: PurgeReason,
        with_quarantined: bool,
    ) -> Result<Option<PreparedPurge>> {
        let membership = self.require_lead()?;
        let keys = self.keys()?;
        let purging: BTreeSet<RecordId> = ids.iter().copied().collect();
        let mut places: BTreeSet<Place> = self.followups()?.into_iter().collect();
        // Quarantined envelopes are never opened for carriers: what they carry was never
        // applied, and a carrier would hand it on.
        let quarantined: BTreeSet<Place> =
            self.quarantined()?.into_iter().map(|q| q.place).collect();
        if with_quarantined {
            places.extend(quarantined.iter().copied());
        }
        let any_purged = self.any_purged(&self.conn)?;
        let mut carriers = Vec::new();
        let mut late = BTreeSet::new();
        let rows: Vec<(Vec<u8>, i64, u32, Vec<u8>)> = {
            let mut stmt = self.conn.prepare(
                "SELECT device, seq, epoch, bytes FROM envelopes WHERE length(bytes) > 0
                 ORDER BY device, seq",
            )?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        let mut epoch_keys: BTreeMap<u32, Option<SecretKey>> = BTreeMap::new();
        for (device, seq, epoch, bytes) in rows {
            let place = Place {
                device: device_id(&device)?,
                seq: seq as u64,
            };
            if quarantined.contains(&place) {
                continue;
            }
            if let std::collections::btree_map::Entry::Vacant(e) = epoch_keys.entry(epoch) {
                e.insert(self.epoch_key(epoch)?);
            }
            let Some(key) = &epoch_keys[&epoch] else {
                // Sealed in an epoch this device never held: it cannot have carried
                // anything this device knows of.
                continue;
            };
            let payload = Envelope::from_bytes(&bytes)?.open(key)?;
            let mut hit = places.contains(&place);
            let mut others = Vec::new();
            for rc in payload.changes {
                if purging.contains(&rc.record) {
                    hit = true;
                } else if any_purged && self.is_purged(&self.conn, keys, &rc.record)? {
                    // A change to a record purged before (sealed before its device
                    // learnt of the purge): its id goes into this order too, for any
                    // device that applied the change.
                    hit = true;
                    late.insert(rc.record);
                } else {
                    others.push(rc);
                }
            }
            if hit {
                places.insert(place);
                if !others.is_empty() {
                    carriers.push(Payload { changes: others });
                }
            }
        }
        if places.is_empty() && purging.is_empty() {
            return Ok(None);
        }
        let carried = self.seal_carriers(&membership, &carriers)?;
        let number = self.orders_applied()? + 1;
        let epoch = membership.epoch();
        let epoch_key = self
            .epoch_key(epoch)?
            .ok_or_else(|| Error::membership("this device has no key for the current epoch"))?;
        let purged_count = purging.len();
        let ids: Vec<RecordId> = purging.union(&late).copied().collect();
        let records = seal_purged_ids(membership.team(), number, epoch, &epoch_key, &ids)?;
        let places: Vec<Place> = places.into_iter().collect();
        let order = TeamOrder::issue(
            &membership,
            &self.device_keys()?,
            number,
            Utc::now().timestamp(),
            OrderBody::Purge(PurgeOrder {
                reason,
                places: places.clone(),
                records,
            }),
        )?;
        Ok(Some(PreparedPurge {
            order,
            records: purged_count,
            places: places.len(),
            carriers: carried,
        }))
    }

    /// The records a lead's sync should purge for retention at `now`; `None` when the
    /// policy has no retention rule, or when it looked less than
    /// [`RETENTION_CHECK_EVERY`] ago (or the clock went back since); otherwise
    /// [`Vault::expired_records`]. Once they are purged (or there were none), note the
    /// look with [`Vault::retention_checked`].
    pub fn retention_due(&self, now: DateTime<Utc>) -> Result<Option<Vec<RecordId>>> {
        let Some(policy) = self.policy()? else {
            return Ok(None);
        };
        if policy.retention.is_empty() {
            return Ok(None);
        }
        if let Some(b) = self.get_secret(RETENTION_CHECKED)?
            && let Ok(raw) = <[u8; 8]>::try_from(b.as_slice())
        {
            let last = i64::from_be_bytes(raw);
            let since = now.timestamp() - last;
            if (0..RETENTION_CHECK_EVERY.num_seconds()).contains(&since) {
                return Ok(None);
            }
        }
        self.expired_records(&policy, now).map(Some)
    }

    /// Notes that a lead's sync looked for expired records at `now` and purged them.
    pub fn retention_checked(&self, now: DateTime<Utc>) -> Result<()> {
        self.put_secret(RETENTION_CHECKED, &now.timestamp().to_be_bytes())
    }

    /// Envelopes received that carried changes of an already purged record, waiting
    /// for a lead's follow-up purge.
    pub fn purge_followups(&self) -> Result<usize> {
        Ok(self.followups()?.len())
    }

    /// Notes a successful sync (for the policy's wipe after days without one).
    pub fn record_sync_success(&self, at: DateTime<Utc>) -> Result<()> {
        crate::header_file::HeaderFile::set_last_sync(&self.active_header_path(), at.timestamp())
    }

    fn followups(&self) -> Result<Vec<Place>> {
        let mut stmt = self
            .conn
            .prepare("SELECT device, seq FROM purge_followups ORDER BY device, seq")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, i64>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (device, seq) = row?;
            out.push(Place {
                device: device_id(&device)?,
                seq: seq as u64,
            });
        }
        Ok(out)
    }

    /// Seals `payloads` into this device's own log (one transaction); their changes
    /// are already applied here.
    fn seal_carriers(&self, membership: &Membership, payloads: &[Payload]) -> Result<usize> {
        if payloads.is_empty() {
            return Ok(0);
        }
        let epoch = membership.epoch();
        let epoch_key = self
            .epoch_key(epoch)?
            .ok_or_else(|| Error::membership("this device has no key for the current epoch"))?;
        let tx = self.conn.unchecked_transaction()?;
        self.append_own_envelopes(&tx, membership, &epoch_key, &self.device_keys()?, payloads)?;
        tx.commit()?;
        Ok(payloads.len())
    }

    fn require_lead(&self) -> Result<Membership> {
        let membership = self.require_membership()?;
        if !membership.is_lead(DeviceId(self.header.device_id)) {
            return Err(Error::membership(
                "only a lead of the team may issue its orders",
            ));
        }
        Ok(membership)
    }

    /// Every record, read for the core's own checks (not logged as views).
    pub(crate) fn all_records(&self) -> Result<BTreeMap<RecordId, Record>> {
        let keys = self.keys()?;
        let scope = self.interrupt_scope();
        let mut out = BTreeMap::new();
        // From the records' summaries: no document is loaded (ADR 0031).
        self.scan_records(keys, |record| {
            #[cfg(test)]
            tests::on_record_scanned();
            scope.check()?;
            let record = record?;
            out.insert(record.id, record);
            Ok(())
        })?;
        Ok(out)
    }

    /// Turns the places a purge named that this device did not hold yet into stubs,
    /// once its log for that device reaches them; returns the device's last sequence
    /// afterwards (`device`), or 0 after settling every device (`None`).
    pub(super) fn settle_purged_places(
        &self,
        conn: &Connection,
        device: Option<DeviceId>,
    ) -> Result<u64> {
        // Every envelope received passes here: one read when nothing is pending.
        let pending = conn
            .prepare_cached("SELECT 1 FROM purged_places LIMIT 1")?
            .query_row([], |_| Ok(()))
            .optional()?
            .is_some();
        if !pending {
            return match device {
                Some(d) => self.last_seq(conn, d),
                None => Ok(0),
            };
        }
        let devices: Vec<DeviceId> = match device {
            Some(d) => vec![d],
            None => {
                let mut stmt = conn.prepare("SELECT DISTINCT device FROM purged_places")?;
                let rows = stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))?;
                let mut out = Vec::new();
                for row in rows {
                    out.push(device_id(&row?)?);
                }
                out
            }
        };
        let mut last = 0;
        for d in devices {
            last = self.last_seq(conn, d)?;
            loop {
                let next = (last + 1) as i64;
                let pending = conn.execute(
                    "DELETE FROM purged_places WHERE device = ?1 AND seq = ?2",
                    params![d.0.to_vec(), next],
                )?;
                if pending == 0 {
                    break;
                }
                conn.execute(
                    "INSERT INTO envelopes (device, seq, epoch, bytes, applied) VALUES (?1, ?2, 0, X'', 1)",
                    params![d.0.to_vec(), next],
                )?;
                last += 1;
            }
        }
        Ok(last)
    }

    /// Whether any record was ever purged here (a cheap test before per-record ones).
    pub(super) fn any_purged(&self, conn: &Connection) -> Result<bool> {
        Ok(conn
            .query_row("SELECT 1 FROM purged_records LIMIT 1", [], |_| Ok(()))
            .optional()?
            .is_some())
    }

    pub(super) fn is_purged(
        &self,
        conn: &Connection,
        keys: &super::Keys,
        id: &RecordId,
    ) -> Result<bool> {
        Ok(conn
            .prepare_cached("SELECT 1 FROM purged_records WHERE tag = ?1")?
            .query_row(
                params![purged_tag(&self.purge_key(keys)?, id).to_vec()],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }
}

/// `subject` and every record linked to it.
fn linked(all: &BTreeMap<RecordId, Record>, subject: RecordId) -> Vec<RecordId> {
    let mut out = vec![subject];
    out.extend(
        all.values()
            .filter(|r| r.body.subject() == Some(subject))
            .map(|r| r.id),
    );
    out
}

fn purged_tag(index_key: &SecretKey, id: &RecordId) -> [u8; 32] {
    crypto::keyed_hash(index_key, &[b"senim/v1/purged-record", id.as_bytes()])
}

fn record_id(raw: &[u8]) -> Result<RecordId> {
    Ok(RecordId(raw.try_into().map_err(|_| {
        Error::CorruptDatabase("a record id has the wrong length".into())
    })?))
}

fn device_id(raw: &[u8]) -> Result<DeviceId> {
    Ok(DeviceId(raw.try_into().map_err(|_| {
        Error::CorruptDatabase("an envelope's device id is damaged".into())
    })?))
}

impl Vault {
    /// Opens an envelope with the team key this vault holds (`None` without the
    /// key of its epoch): for tests that search every store for purged content with
    /// the team's keys. Only in builds with the `test-support` feature.
    #[cfg(any(test, feature = "test-support"))]
    pub fn open_envelope_for_tests(&self, envelope: &Envelope) -> Result<Option<Payload>> {
        match self.epoch_key(envelope.header.epoch)? {
            Some(key) => Ok(Some(envelope.open(&key)?)),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::cell::RefCell;

    use chrono::Utc;
    use senim_protocol::team::{Retention, TeamPolicy};
    use senim_records::{OutreachNote, RecordBody, RecordKind};

    use crate::{CreateOptions, Error, Vault};

    thread_local! {
        /// Called once per record the retention scan reads (tests only).
        static ON_RECORD_SCANNED: RefCell<Option<Box<dyn FnMut()>>> = RefCell::new(None);
    }

    pub(crate) fn on_record_scanned() {
        ON_RECORD_SCANNED.with(|hook| {
            if let Some(f) = hook.borrow_mut().as_mut() {
                f();
            }
        });
    }

    #[test]
    fn a_retention_scan_stops_at_the_next_record_once_interrupted() {
        let dir = tempfile::tempdir().unwrap();
        let v = Vault::create(
            dir.path(),
            b"correct horse",
            CreateOptions::insecure_fast_for_tests(),
        )
        .unwrap();
        for i in 0..30 {
            v.add(RecordBody::OutreachNote(OutreachNote {
                text: format!("note {i}"),
                place: None,
                location: None,
                tags: Vec::new(),
                at: Utc::now(),
                subject: None,
            }))
            .unwrap();
        }
        let policy = TeamPolicy {
            retention: vec![Retention {
                kind: RecordKind::OutreachNote,
                days: 30,
            }],
            ..TeamPolicy::default()
        };
        let handle = v.interrupt_handle();
        let mut scanned = 0;
        ON_RECORD_SCANNED.with(|hook| {
            *hook.borrow_mut() = Some(Box::new(move || {
                scanned += 1;
                if scanned == 10 {
                    handle.interrupt();
                }
            }));
        });
        // Every note has expired a month on: the scan meets all thirty.
        let later = Utc::now() + chrono::Duration::days(31);
        let interrupted = v.expired_records(&policy, later);
        ON_RECORD_SCANNED.with(|hook| *hook.borrow_mut() = None);
        assert!(
            matches!(interrupted, Err(Error::Interrupted)),
            "{interrupted:?}"
        );
        // An interrupt stops only the work already running: the next scan completes.
        assert_eq!(v.expired_records(&policy, later).unwrap().len(), 30);
    }
}
