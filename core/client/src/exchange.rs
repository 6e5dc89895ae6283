//! The sync itself: one session exchanging the envelopes each side lacks, and
//! everything `senim sync` does around it (membership, orders, the outbox, waiting
//! envelopes, a lead's retention).
//!
//! The vault is held for one step at a time (sealing, applying one page, signing a
//! request), never while a request is on the network: other work on the vault goes on
//! while the hub answers. Between steps the sync checks its interrupt scope.

use chrono::Utc;
use senim_crypto as crypto;
use senim_protocol::Error as ProtocolError;
use senim_protocol::sync::hub_api;
use senim_protocol::sync::{Stats, Step, SyncSession};
use senim_protocol::team::{PurgeReason, Role};
use senim_vault::OrdersApplied;

use crate::{Error, HubClient, MAX_MESSAGES, Method, Result, SyncReport, VaultAccess, refused};

impl<A: VaultAccess + ?Sized> HubClient<'_, A> {
    /// One sync session: exchange version vectors, then the envelopes each side lacks.
    /// A cut connection loses nothing; run it again.
    pub fn exchange(&mut self) -> Result<Stats> {
        let team = self.team()?.team;
        let session_id = hub_api::session_header(&crypto::random_array::<16>()?);
        let path = hub_api::path::sync(team);
        let mut session = SyncSession::new(self.page_bytes);
        let mut message = self
            .vault
            .with(|v| v.sync_store().and_then(|store| session.start(&store)))?;
        for _ in 0..MAX_MESSAGES {
            let mut request = self.request(team, Method::Post, path.clone(), message)?;
            request
                .headers
                .push((hub_api::header::SESSION, session_id.clone()));
            let reply = self.send(&request)?;
            match reply.status {
                204 => return Ok(session.stats().clone()),
                200 => {}
                _ => return Err(refused(&reply)),
            }
            // The vault is held while this page is checked and applied, not longer.
            let step = self.vault.with(|v| {
                let mut store = v.sync_store()?;
                let step = session.receive(&mut store, &reply.body);
                self.merged.extend(store.into_merged());
                step
            });
            let step = match step {
                Ok(step) => step,
                Err(e) => {
                    // Tell the hub why, best effort: it drops the session either way.
                    if let Some(bytes) = session.abort(e.protocol())
                        && let Ok(mut request) =
                            self.request(team, Method::Post, path.clone(), bytes)
                    {
                        request
                            .headers
                            .push((hub_api::header::SESSION, session_id.clone()));
                        let _ = self.transport.send(&request);
                    }
                    return Err(e.into());
                }
            };
            match step {
                Step::Reply(bytes) => message = bytes,
                Step::Last(bytes, stats) => {
                    let mut end = self.request(team, Method::Post, path.clone(), bytes)?;
                    end.headers
                        .push((hub_api::header::SESSION, session_id.clone()));
                    let reply = self.send(&end)?;
                    if reply.status / 100 != 2 {
                        return Err(refused(&reply));
                    }
                    return Ok(stats);
                }
                Step::Done(stats) => {
                    if !reply.last {
                        return Err(Error::Protocol(ProtocolError::Protocol(
                            "the hub ended the sync out of turn".into(),
                        )));
                    }
                    return Ok(stats);
                }
            }
        }
        Err(Error::Protocol(ProtocolError::Protocol(format!(
            "the sync did not finish after {MAX_MESSAGES} messages"
        ))))
    }

    /// Everything `senim sync` does: newer membership lists and keys, local changes
    /// sealed into this device's envelopes (while it is a member), one exchange with the
    /// hub, and envelopes that waited for others applied.
    ///
    /// Team orders are fetched and applied before anything is sealed or exchanged, so
    /// a purged record's pending changes are never sent. On a lead's device the sync
    /// then purges what the policy's retention expired, and the envelopes that arrived
    /// carrying changes of records purged before.
    pub fn sync(&mut self) -> Result<SyncReport> {
        let hub_of = |t: senim_vault::TeamInfo| (t.hub, t.hub_pin);
        let hub_before = hub_of(self.team()?);
        let membership_version = self.update_membership()?;
        let hub_moved = hub_of(self.team()?) != hub_before;
        let is_member = self.team()?.role.is_some();
        let orders = if is_member {
            self.update_orders()?
        } else {
            OrdersApplied {
                last: self.vault.with(|v| v.orders_applied())?,
                ..OrdersApplied::default()
            }
        };
        let sealed_records = if is_member {
            self.vault.with(|v| v.seal_outbox())?.records
        } else {
            0
        };
        self.vault.with(|v| v.note_sync_start())?;
        let stats = self.exchange()?;
        let waiting = self.vault.with(|v| v.apply_waiting())?;
        let mut last_order = orders.last;
        let mut retention_purged = 0;
        if self.team()?.role == Some(Role::Lead) {
            let now = Utc::now();
            let due = self.vault.with(|v| v.retention_due(now))?;
            let expired = due.clone().unwrap_or_default();
            if !expired.is_empty() || self.vault.with(|v| v.purge_followups())? > 0 {
                // Without expired records, only envelopes that carried records purged
                // before: they follow that (erasure) order.
                let reason = match expired.is_empty() {
                    true => PurgeReason::Erasure,
                    false => PurgeReason::Retention,
                };
                let report = self.purge(&expired, reason)?;
                retention_purged = report.records;
                last_order = last_order.max(report.order);
            }
            if due.is_some() {
                self.vault.with(|v| v.retention_checked(now))?;
            }
        }
        let now = Utc::now();
        self.vault.with(|v| v.record_sync_success(now))?;
        self.vault.with(|v| v.note_seen(now))?;
        Ok(SyncReport {
            orders: last_order,
            purged_records: orders.purged_records,
            retention_purged,
            membership_version,
            sealed_records,
            sent: stats.sent,
            received: stats.received,
            merged_records: self.merged.len(),
            duplicates: stats.duplicates,
            gaps: stats.gaps,
            rejected: stats.rejected,
            rejections: stats.rejections,
            rejected_places: stats.rejected_places,
            refused_by_hub: self.refused_by_hub,
            waiting,
            newly_quarantined: stats.quarantined,
            quarantined: self.vault.with(|v| v.quarantined())?,
            hub_moved,
        })
    }
}
