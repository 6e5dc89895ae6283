//! The vault's side of teams and sync: the device's keys, the team's membership and
//! epoch keys (sealed in the `secrets` table), the team's envelope logs (table
//! `envelopes`), turning local changes into the device's own envelopes, and applying
//! envelopes received from other devices to the records.
//!
//! Owns the rule that a received envelope changes a record only after its team, its
//! device's membership, its signature and its sequence are checked, and that everything
//! an envelope changes is committed in one transaction with the envelope itself. It
//! never talks to the network: a sync session (`crate::sync`) moves the bytes.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{OptionalExtension, params};
use zeroize::Zeroizing;

use super::Vault;
use crate::doc::RecordDoc;
use crate::{Error, Result};
use senim_crypto::SecretKey;
use senim_protocol::sync::{
    Accept, Envelope, EnvelopeStore, Header, MAX_RECORDS_PER_ENVELOPE, Payload, RecordChanges,
    VersionVector,
};
use senim_protocol::team::{
    DeviceId, DeviceKeys, EpochKey, JoinRequest, Membership, Role, SealedKey, TeamId, Welcome,
};
use senim_records::{RECORD_FORMAT, RecordId};

pub(crate) const DEVICE_SECRET: &str = "device";
pub(crate) const MEMBERSHIP: &str = "membership";
pub(crate) const HUB: &str = "hub";

fn epoch_name(epoch: u32) -> String {
    format!("epoch:{epoch}")
}

/// The team this vault belongs to, as the CLI and the apps show it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TeamInfo {
    pub team: TeamId,
    pub name: String,
    pub hub: String,
    pub device: DeviceId,
    pub role: Option<Role>,
    pub epoch: u32,
    pub members: usize,
}

/// A change to the team's membership prepared by the lead: the next list, the new
/// epoch's key sealed to every remaining member (after a revocation), the welcome code
/// (after an admission). Nothing is stored until [`Vault::commit_membership`]: post it
/// to the hub first, so the vault never holds a list the hub refused.
pub struct MembershipChange {
    list: Membership,
    sealed: Vec<SealedKey>,
    epoch_key: Option<EpochKey>,
    hub: Option<String>,
    welcome: Option<String>,
    unchanged: bool,
}

impl std::fmt::Debug for MembershipChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MembershipChange")
            .field("version", &self.list.version())
            .field("epoch", &self.list.epoch())
            .field("unchanged", &self.unchanged)
            .finish_non_exhaustive()
    }
}

impl MembershipChange {
    /// The new list as the hub takes it.
    pub fn list_bytes(&self) -> Vec<u8> {
        self.list.to_bytes()
    }
    /// The new epoch's key sealed to each remaining member (empty unless revoking).
    pub fn sealed_keys(&self) -> &[SealedKey] {
        &self.sealed
    }
    /// The welcome code of an admitted device.
    pub fn welcome(&self) -> Option<&str> {
        self.welcome.as_deref()
    }
    /// The team's first list: register it (`POST /v1/teams`) rather than post it.
    pub fn is_new_team(&self) -> bool {
        self.list.version() == 1
    }
    /// Nothing to post: the list stays as held (a welcome issued again).
    pub fn is_unchanged(&self) -> bool {
        self.unchanged
    }
}

/// What [`Vault::seal_outbox`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Sealed {
    pub records: usize,
    pub envelopes: usize,
}

impl Vault {
    fn this_device(&self) -> DeviceId {
        DeviceId(self.header.device_id)
    }

    /// The device's signing and key-agreement keys, created (and stored sealed) the
    /// first time a team step needs them.
    pub(super) fn device_keys(&self) -> Result<DeviceKeys> {
        match self.get_secret(DEVICE_SECRET)? {
            Some(bytes) => {
                let secret: Zeroizing<[u8; 64]> = Zeroizing::new(
                    bytes
                        .as_slice()
                        .try_into()
                        .map_err(|_| Error::CorruptDatabase("device keys are damaged".into()))?,
                );
                Ok(DeviceKeys::from_secret_bytes(self.this_device(), &secret)?)
            }
            None => {
                let keys = DeviceKeys::generate(self.this_device())?;
                self.put_secret(DEVICE_SECRET, keys.secret_bytes().as_slice())?;
                Ok(keys)
            }
        }
    }

    /// The team's membership list as this vault holds it.
    pub fn membership(&self) -> Result<Option<Membership>> {
        self.get_secret(MEMBERSHIP)?
            .map(|b| Membership::from_bytes(&b))
            .transpose()
            .map_err(Error::from)
    }

    pub(super) fn require_membership(&self) -> Result<Membership> {
        self.membership()?
            .ok_or_else(|| Error::membership("this vault has not joined a team"))
    }

    fn store_epoch_key(&self, key: &EpochKey) -> Result<()> {
        self.put_secret(&epoch_name(key.epoch()), key.key().expose())
    }

    pub(super) fn epoch_key(&self, epoch: u32) -> Result<Option<SecretKey>> {
        self.get_secret(&epoch_name(epoch))?
            .map(|b| SecretKey::from_slice(&b))
            .transpose()
            .map_err(Error::from)
    }

    /// This device's public keys (what a lead admits and the hub checks).
    pub fn device_public(&self) -> Result<senim_protocol::team::DevicePublic> {
        Ok(self.device_keys()?.public())
    }

    /// Signs a request to the hub (see [`senim_protocol::sync::auth`]).
    pub fn sign_hub_request(
        &self,
        method: &str,
        path_and_query: &str,
        time: i64,
        nonce: &[u8; 16],
        body: &[u8],
    ) -> Result<[u8; 64]> {
        let keys = self.device_keys()?;
        let input = senim_protocol::sync::auth::request_signing_input(
            keys.device(),
            method,
            path_and_query,
            time,
            nonce,
            body,
        );
        Ok(keys.sign(&input))
    }

    /// The team, when this vault has joined one.
    pub fn team(&self) -> Result<Option<TeamInfo>> {
        let Some(m) = self.membership()? else {
            return Ok(None);
        };
        let hub = self
            .get_secret(HUB)?
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let device = self.this_device();
        Ok(Some(TeamInfo {
            team: m.team(),
            name: m.team_name().to_string(),
            hub,
            device,
            role: m.member(device).map(|x| x.role),
            epoch: m.epoch(),
            members: m.members().len(),
        }))
    }

    /// Creates a team with this device as its first lead (stored at once; with a hub,
    /// use [`Vault::prepare_team_create`] and register the list first).
    pub fn team_create(&self, team_name: &str, lead_name: &str, hub: &str) -> Result<TeamInfo> {
        let change = self.prepare_team_create(team_name, lead_name, hub)?;
        self.commit_membership(change)
    }

    /// Lead: a new team with this device as its first lead, to be registered on the hub
    /// and then committed. Nothing is stored yet.
    pub fn prepare_team_create(
        &self,
        team_name: &str,
        lead_name: &str,
        hub: &str,
    ) -> Result<MembershipChange> {
        if self.membership()?.is_some() {
            return Err(Error::membership("this vault already belongs to a team"));
        }
        let keys = self.device_keys()?;
        let team = if self.is_demo() {
            TeamId::random_demo()?
        } else {
            TeamId::random()?
        };
        let (list, key) = Membership::create(team, team_name, &keys, lead_name)?;
        Ok(MembershipChange {
            list,
            sealed: Vec::new(),
            epoch_key: Some(key),
            hub: Some(hub.to_string()),
            welcome: None,
            unchanged: false,
        })
    }

    /// This device's join request, as one line of text for the lead.
    pub fn team_request(&self, name: &str) -> Result<String> {
        if self.membership()?.is_some() {
            return Err(Error::membership("this vault already belongs to a team"));
        }
        Ok(JoinRequest::new(&self.device_keys()?, name)?.encode())
    }

    /// Lead: admits the device of `request` with `role`; returns its welcome code
    /// (stored at once; with a hub, use [`Vault::prepare_team_approve`]).
    pub fn team_approve(&self, request: &str, role: Role) -> Result<String> {
        let change = self.prepare_team_approve(request, role)?;
        let welcome = change.welcome.clone().unwrap_or_default();
        self.commit_membership(change)?;
        Ok(welcome)
    }

    /// Lead: the next list with the device of `request` admitted in `role`, and its
    /// welcome code. A device already admitted with the same keys and role gets its
    /// welcome again and the list stays as it is (a welcome lost on the way).
    pub fn prepare_team_approve(&self, request: &str, role: Role) -> Result<MembershipChange> {
        let membership = self.require_membership()?;
        let keys = self.device_keys()?;
        let request = JoinRequest::decode(request)?;
        let admitted = membership
            .member(request.public().device)
            .filter(|m| m.public == *request.public());
        let (next, unchanged) = match admitted {
            Some(m) if m.role == role => (membership.clone(), true),
            Some(_) => {
                return Err(Error::membership(
                    "this device is already a member with another role",
                ));
            }
            None => (membership.admit(&keys, &request, role)?, false),
        };
        let mut epoch_keys = Vec::new();
        for epoch in 0..=next.epoch() {
            if let Some(k) = self.epoch_key(epoch)? {
                epoch_keys.push(EpochKey::new(epoch, k));
            }
        }
        let hub = self
            .get_secret(HUB)?
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let welcome = Welcome::issue(&keys, &hub, &next, request.public().device, &epoch_keys)?;
        Ok(MembershipChange {
            list: next,
            sealed: Vec::new(),
            epoch_key: None,
            hub: None,
            welcome: Some(welcome.encode()),
            unchanged,
        })
    }

    /// Stores a change prepared by this vault once the hub has taken it. It must follow
    /// the list held now (or start the team, for a vault without one); a change already
    /// stored is accepted again without effect.
    pub fn commit_membership(&self, change: MembershipChange) -> Result<TeamInfo> {
        let held = self.membership()?;
        match &held {
            None if change.list.version() == 1 => change.list.verify_genesis()?,
            None => return Err(Error::membership("this vault has not joined a team")),
            Some(h) if h.to_bytes() == change.list.to_bytes() => {}
            Some(h) => h.verify_successor(&change.list).map_err(|_| {
                Error::membership(
                    "the membership changed since this change was prepared: prepare it again",
                )
            })?,
        }
        if let Some(key) = &change.epoch_key {
            self.store_epoch_key(key)?;
        }
        if let Some(hub) = &change.hub {
            self.put_secret(HUB, hub.as_bytes())?;
        }
        self.put_secret(MEMBERSHIP, &change.list.to_bytes())?;
        self.team()?
            .ok_or_else(|| Error::membership("the team was not stored"))
    }

    /// Joins the team of a welcome code issued for this device.
    pub fn team_join(&self, welcome: &str) -> Result<TeamInfo> {
        if self.membership()?.is_some() {
            return Err(Error::membership("this vault already belongs to a team"));
        }
        let welcome = Welcome::decode(welcome)?;
        match (self.is_demo(), welcome.membership().team().is_demo()) {
            (true, false) => {
                return Err(Error::demo_mismatch("a demo vault cannot join a real team"));
            }
            (false, true) => {
                return Err(Error::demo_mismatch("a real vault cannot join a demo team"));
            }
            _ => {}
        }
        let (membership, keys) = welcome.open(&self.device_keys()?)?;
        for k in &keys {
            self.store_epoch_key(k)?;
        }
        self.put_secret(HUB, welcome.hub_url().as_bytes())?;
        self.put_secret(MEMBERSHIP, &membership.to_bytes())?;
        self.team()?
            .ok_or_else(|| Error::membership("the team was not stored"))
    }

    /// The team's membership list as stored (for the hub).
    pub fn membership_bytes(&self) -> Result<Vec<u8>> {
        Ok(self.require_membership()?.to_bytes())
    }

    /// Lead: revokes `device` (stored at once; with a hub, sync first, then use
    /// [`Vault::prepare_team_revoke`]). Returns the new list and the new epoch's key
    /// sealed to every remaining member, to be posted to the hub.
    pub fn team_revoke(&self, device: DeviceId) -> Result<(Vec<u8>, Vec<SealedKey>)> {
        let change = self.prepare_team_revoke(device)?;
        let out = (change.list_bytes(), change.sealed.clone());
        self.commit_membership(change)?;
        Ok(out)
    }

    /// Lead: the next list with `device` revoked and a new epoch whose key is sealed to
    /// every remaining member. The team keeps the revoked device's envelopes up to the
    /// last one this vault holds, so sync right before (the hub refuses the list if it
    /// holds later ones). From the commit on, this vault writes under the new epoch.
    pub fn prepare_team_revoke(&self, device: DeviceId) -> Result<MembershipChange> {
        let membership = self.require_membership()?;
        let keys = self.device_keys()?;
        let last_seq = self.last_seq(&self.conn, device)?;
        let (next, key) = membership.revoke(&keys, device, last_seq)?;
        let sealed = SealedKey::seal_to_members(&next, &key)?;
        Ok(MembershipChange {
            list: next,
            sealed,
            epoch_key: Some(key),
            hub: None,
            welcome: None,
            unchanged: false,
        })
    }

    /// Takes membership lists newer than the one held (in version order, each checked
    /// against the one before: signed by a lead of the previous list) and the epoch keys
    /// sealed to this device. Returns the version now held. Lists that do not follow
    /// from the held one are refused and nothing changes.
    pub fn accept_membership(&self, lists: &[Vec<u8>], sealed: &[SealedKey]) -> Result<u64> {
        let mut current = self.require_membership()?;
        let keys = self.device_keys()?;
        let mut chain = Vec::new();
        for bytes in lists {
            let next = Membership::from_bytes(bytes)?;
            if next.team() != current.team() {
                return Err(Error::membership("a list of another team"));
            }
            if next.version() <= current.version() {
                continue;
            }
            current.verify_successor(&next)?;
            chain.push(next.clone());
            current = next;
        }
        // Every new epoch key must open and match the list that announced it.
        let mut opened = Vec::new();
        for list in &chain {
            for s in sealed
                .iter()
                .filter(|s| s.epoch == list.epoch() && s.device == keys.device())
            {
                if let Ok(k) = list.open_epoch_key(s, &keys) {
                    opened.push(k);
                }
            }
        }
        for k in &opened {
            self.store_epoch_key(k)?;
        }
        if !chain.is_empty() {
            self.put_secret(MEMBERSHIP, &current.to_bytes())?;
        }
        Ok(current.version())
    }

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
    pub(super) fn append_own_envelopes(
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

    fn shipped_aad(&self, id: &RecordId) -> Vec<u8> {
        senim_crypto::aad(&[
            b"senim/v1/shipped-heads",
            &self.header.vault_id,
            id.as_bytes(),
        ])
    }

    /// The heads already put into an envelope, or none.
    fn shipped_heads(&self, keys: &super::Keys, id: &RecordId, seq: i64) -> Result<Vec<u8>> {
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

    pub(super) fn last_seq(&self, conn: &rusqlite::Connection, device: DeviceId) -> Result<u64> {
        let max: Option<i64> = conn.query_row(
            "SELECT MAX(seq) FROM envelopes WHERE device = ?1",
            params![device.0.to_vec()],
            |r| r.get(0),
        )?;
        Ok(max.unwrap_or(0) as u64)
    }

    /// The envelope store a sync session reads and writes.
    pub fn sync_store(&self) -> Result<VaultStore<'_>> {
        self.keys()?;
        let membership = self.require_membership()?;
        Ok(VaultStore {
            vault: self,
            membership,
            keys: BTreeMap::new(),
            merged: BTreeSet::new(),
        })
    }

    /// Applies the changes of one envelope to the records. Returns whether every change
    /// it carries could be applied (their dependencies present).
    ///
    /// Records are taken in runs of distinct ids (a payload that names a record twice
    /// starts a new run at the repeat, so each run sees what the one before wrote). For
    /// each run: the current documents are read in order; the changes are applied, the
    /// records read back and the documents saved (the CPU-bound part) on up to
    /// [`APPLY_THREADS`] threads when the run is long enough; then everything is written
    /// in order. The checks and their outcome are those of applying one record after the
    /// other: the first failing record, in payload order, gives the error.
    ///
    /// Changes of a record purged by a team order are dropped, never applied, and the
    /// envelope is noted for a lead's follow-up purge. `any_actor`: the envelope is a
    /// lead's and may carry other devices' changes (a carrier, ADR 0015).
    pub(super) fn apply_envelope(
        &self,
        conn: &rusqlite::Connection,
        header: &Header,
        payload: &Payload,
        any_actor: bool,
    ) -> Result<bool> {
        let keys = self.keys()?;
        let author = header.device;
        let kept;
        let mut rest = payload.changes.as_slice();
        if self.any_purged(conn)? {
            let mut live = Vec::with_capacity(rest.len());
            for rc in rest {
                if !self.is_purged(conn, keys, &rc.record)? {
                    live.push(rc.clone());
                }
            }
            if live.len() != rest.len() {
                conn.execute(
                    "INSERT OR IGNORE INTO purge_followups (device, seq) VALUES (?1, ?2)",
                    params![author.0.to_vec(), header.seq as i64],
                )?;
            }
            kept = live;
            rest = kept.as_slice();
        }
        let mut complete = true;
        while !rest.is_empty() {
            let mut seen = BTreeSet::new();
            let run = rest.iter().take_while(|rc| seen.insert(rc.record)).count();
            let (run, after) = rest.split_at(run);
            rest = after;
            let mut work = Vec::with_capacity(run.len());
            for rc in run {
                // An error reading one record is that record's outcome, reported in
                // payload order below.
                let existing = match self.load_doc(keys, rc.record) {
                    Ok(x) => Ok(Some(x)),
                    Err(Error::RecordNotFound(_)) => Ok(None),
                    Err(e) => Err(e),
                };
                work.push((rc, existing));
            }
            let device = self.header.device_id;
            let actor = (!any_actor).then_some(author);
            let prepared = in_parallel(work, |(rc, existing)| {
                prepare_record(&device, actor, rc, existing)
            });
            for (rc, outcome) in run.iter().zip(prepared) {
                let Some(p) = outcome? else {
                    // The record's first change is in an envelope not applied yet.
                    complete = false;
                    continue;
                };
                complete &= p.complete;
                let sealed = senim_crypto::seal(
                    &keys.record,
                    &self.record_aad(&rc.record, rc.kind, RECORD_FORMAT),
                    &p.saved,
                )?;
                let seq = match p.seq {
                    Some(seq) => {
                        conn.prepare_cached(
                            "UPDATE records SET doc = ?1, format = ?2 WHERE seq = ?3",
                        )?
                        .execute(params![sealed, RECORD_FORMAT, seq])?;
                        seq
                    }
                    None => {
                        conn.prepare_cached(
                            "INSERT INTO records (id, kind, format, doc) VALUES (?1, ?2, ?3, ?4)",
                        )?
                        .execute(params![
                            rc.record.as_bytes().to_vec(),
                            rc.kind.as_str(),
                            RECORD_FORMAT,
                            sealed
                        ])?;
                        conn.last_insert_rowid()
                    }
                };
                self.write_filter(conn, keys, seq, &p.record)?;
            }
        }
        Ok(complete)
    }

    /// Applies again the envelopes whose changes waited for others, until no more
    /// progress is made. Returns how many are still waiting.
    pub fn apply_waiting(&self) -> Result<usize> {
        let membership = self.require_membership()?;
        loop {
            let waiting: Vec<(Vec<u8>, i64, Vec<u8>)> = {
                let mut stmt = self.conn.prepare(
                    "SELECT device, seq, bytes FROM envelopes
                     WHERE applied = 0 AND length(bytes) > 0 ORDER BY device, seq",
                )?;
                stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                    .collect::<rusqlite::Result<_>>()?
            };
            let mut progress = false;
            for (device, seq, bytes) in &waiting {
                let envelope = Envelope::from_bytes(bytes)?;
                let Some(key) = self.epoch_key(envelope.header.epoch)? else {
                    continue;
                };
                let payload = envelope.open(&key)?;
                let tx = self.conn.unchecked_transaction()?;
                let lead = membership.is_lead(envelope.header.device);
                if self.apply_envelope(&tx, &envelope.header, &payload, lead)? {
                    tx.execute(
                        "UPDATE envelopes SET applied = 1 WHERE device = ?1 AND seq = ?2",
                        params![device, seq],
                    )?;
                    progress = true;
                }
                tx.commit()?;
            }
            if !progress {
                return Ok(waiting.len());
            }
        }
    }
}

/// Most threads one envelope's records are applied on.
const APPLY_THREADS: usize = 4;

/// Fewest records a thread is given: below that, spawning costs more than it saves.
const RECORDS_PER_THREAD: usize = 4;

/// One record's changes applied, ready to be written: its row (`None`: a record first
/// seen), whether every dependency was present, the record as it now reads (for the
/// index) and the saved document (to be sealed).
struct Prepared {
    seq: Option<i64>,
    complete: bool,
    record: crate::Record,
    saved: Zeroizing<Vec<u8>>,
}

/// Applies `rc` to the record's current document (`existing`, or a new one): the
/// changes must all be by `author`, and the record keeps its kind. `None` when a new
/// record's first change waits for an envelope not applied yet.
fn prepare_record(
    device: &[u8; 16],
    author: Option<DeviceId>,
    rc: &RecordChanges,
    existing: Result<Option<(i64, RecordDoc)>>,
) -> Result<Option<Prepared>> {
    let (seq, doc, complete) = match existing? {
        Some((seq, mut doc)) => {
            if doc.kind()? != rc.kind {
                return Err(Error::envelope(format!(
                    "record {} changes kind",
                    rc.record
                )));
            }
            let complete = doc.apply(&rc.changes, author.as_ref().map(|a| &a.0))?;
            (Some(seq), doc, complete)
        }
        None => {
            let mut doc = RecordDoc::empty(rc.record, device);
            if !doc.apply(&rc.changes, author.as_ref().map(|a| &a.0))? {
                return Ok(None);
            }
            if doc.kind()? != rc.kind {
                return Err(Error::envelope(format!(
                    "record {} has another kind",
                    rc.record
                )));
            }
            (None, doc, true)
        }
    };
    Ok(Some(Prepared {
        seq,
        complete,
        record: doc.read()?,
        saved: Zeroizing::new(doc.save()),
    }))
}

/// `f` over `items`, in order, on up to [`APPLY_THREADS`] threads (this one included)
/// when there are enough items; a panic in a thread is resumed here.
fn in_parallel<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(APPLY_THREADS)
        .min(items.len() / RECORDS_PER_THREAD)
        .max(1);
    if threads == 1 {
        return items.into_iter().map(f).collect();
    }
    let per_thread = items.len().div_ceil(threads);
    let mut chunks = Vec::with_capacity(threads);
    let mut items = items;
    while items.len() > per_thread {
        let tail = items.split_off(per_thread);
        chunks.push(items);
        items = tail;
    }
    chunks.push(items);
    let f = &f;
    std::thread::scope(|s| {
        let mut chunks = chunks.into_iter();
        let first = chunks.next().unwrap_or_default();
        let handles: Vec<_> = chunks
            .map(|chunk| s.spawn(move || chunk.into_iter().map(f).collect::<Vec<R>>()))
            .collect();
        let mut out: Vec<R> = first.into_iter().map(f).collect();
        for h in handles {
            match h.join() {
                Ok(part) => out.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        out
    })
}

/// A vault as a [`senim_protocol::sync::EnvelopeStore`]: envelopes of the vault's team, checked
/// against its membership before anything is stored or applied.
pub struct VaultStore<'v> {
    vault: &'v Vault,
    membership: Membership,
    keys: BTreeMap<u32, Option<SecretKey>>,
    merged: BTreeSet<RecordId>,
}

impl VaultStore<'_> {
    /// How many distinct records the envelopes accepted through this store changed
    /// (what `senim sync` reports as merged).
    pub fn merged_records(&self) -> usize {
        self.merged.len()
    }

    fn key(&mut self, epoch: u32) -> Result<Option<&SecretKey>> {
        if !self.keys.contains_key(&epoch) {
            let k = self.vault.epoch_key(epoch)?;
            self.keys.insert(epoch, k);
        }
        Ok(self.keys.get(&epoch).and_then(Option::as_ref))
    }
}

impl EnvelopeStore for VaultStore<'_> {
    type Error = Error;

    fn team(&self) -> TeamId {
        self.membership.team()
    }

    fn vector(&self) -> Result<VersionVector> {
        self.vault.settle_purged_places(&self.vault.conn, None)?;
        let mut v = VersionVector::new();
        let mut stmt = self
            .vault
            .conn
            .prepare("SELECT device, MAX(seq) FROM envelopes GROUP BY device")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (device, seq) = row?;
            let device = DeviceId(device.as_slice().try_into().map_err(|_| {
                Error::CorruptDatabase("an envelope's device id is damaged".into())
            })?);
            v.set(device, seq as u64);
        }
        Ok(v)
    }

    fn envelopes_after(
        &self,
        device: DeviceId,
        after: u64,
        max_bytes: usize,
    ) -> Result<Vec<Envelope>> {
        let mut stmt = self.vault.conn.prepare_cached(
            "SELECT bytes FROM envelopes WHERE device = ?1 AND seq > ?2 AND length(bytes) > 0
             ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![device.0.to_vec(), after as i64], |r| {
            r.get::<_, Vec<u8>>(0)
        })?;
        let mut out = Vec::new();
        let mut used = 0;
        for row in rows {
            let envelope = Envelope::from_bytes(&row?)?;
            let len = envelope.encoded_len();
            if !out.is_empty() && used + len > max_bytes {
                break;
            }
            used += len;
            out.push(envelope);
        }
        Ok(out)
    }

    fn accept(&mut self, envelope: Envelope) -> Result<Accept> {
        match self.check_and_apply(envelope) {
            Err(Error::Protocol(senim_protocol::Error::Envelope { reason })) => {
                Ok(Accept::Rejected(reason))
            }
            other => other,
        }
    }
}

impl VaultStore<'_> {
    /// [`EnvelopeStore::accept`], with an envelope refused for what it is as an
    /// envelope error.
    fn check_and_apply(&mut self, envelope: Envelope) -> Result<Accept> {
        let h = envelope.header;
        if h.team != self.membership.team() {
            return Err(h.rejected("it belongs to another team").into());
        }
        let signing_key = match (
            self.membership.member(h.device),
            self.membership.revocation(h.device),
        ) {
            (Some(member), _) => member.public.signing_key,
            (None, Some(r)) if h.seq <= r.last_seq => r.signing_key,
            (None, Some(_)) => {
                return Err(h
                    .rejected(
                        "its device was revoked and this envelope is after the last one the team keeps",
                    )
                    .into());
            }
            (None, None) => {
                return Err(h.rejected("its device is not a member of the team").into());
            }
        };
        envelope.verify_signature(&signing_key)?;
        let vault = self.vault;
        let last = vault.settle_purged_places(&vault.conn, Some(h.device))?;
        if h.seq <= last {
            let held: Vec<u8> = vault.conn.query_row(
                "SELECT bytes FROM envelopes WHERE device = ?1 AND seq = ?2",
                params![h.device.0.to_vec(), h.seq as i64],
                |r| r.get(0),
            )?;
            // A purged place keeps a stub: the envelope it held is gone for good.
            return if held.is_empty() || held == envelope.to_bytes() {
                Ok(Accept::Duplicate)
            } else {
                Err(h
                    .rejected("a different envelope is held at this sequence")
                    .into())
            };
        }
        if h.seq != last + 1 {
            return Ok(Accept::Gap);
        }
        let payload = match self.key(h.epoch)? {
            Some(k) => Some(envelope.open(k)?),
            None => None,
        };
        let tx = vault.conn.unchecked_transaction()?;
        let lead = self.membership.is_lead(h.device);
        let applied = match &payload {
            Some(p) => vault.apply_envelope(&tx, &h, p, lead)?,
            None => false,
        };
        tx.execute(
            "INSERT INTO envelopes (device, seq, epoch, bytes, applied) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![h.device.0.to_vec(), h.seq as i64, h.epoch, envelope.to_bytes(), applied],
        )?;
        tx.commit()?;
        if applied && let Some(p) = &payload {
            self.merged.extend(p.changes.iter().map(|rc| rc.record));
        }
        Ok(Accept::New)
    }
}

/// Applying envelopes of many records, whose records go through [`in_parallel`]: the
/// outcome must be that of applying one record after the other.
#[cfg(test)]
mod apply_tests {
    use chrono::Utc;

    use super::*;
    use crate::CreateOptions;
    use senim_records::{OutreachNote, PageRequest, RecordBody, RecordFilter, RecordKind};

    const PASS: &[u8] = b"correct horse";

    fn vault() -> (tempfile::TempDir, Vault) {
        let dir = tempfile::tempdir().unwrap();
        let v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
        (dir, v)
    }

    fn note(text: &str) -> RecordBody {
        RecordBody::OutreachNote(OutreachNote {
            text: text.into(),
            place: Some("Барахолка, ряд 7".into()),
            location: None,
            tags: vec!["market".into()],
            at: Utc::now(),
            subject: None,
        })
    }

    /// A lead and a worker in one team.
    fn team() -> ((tempfile::TempDir, Vault), (tempfile::TempDir, Vault)) {
        let lead = vault();
        let worker = vault();
        lead.1
            .team_create("Almaty office", "lead", "http://hub")
            .unwrap();
        let request = worker.1.team_request("worker 1").unwrap();
        let welcome = lead.1.team_approve(&request, Role::Worker).unwrap();
        worker.1.team_join(&welcome).unwrap();
        (lead, worker)
    }

    fn texts(v: &Vault) -> BTreeMap<RecordId, String> {
        let page = v
            .list(&RecordFilter::default(), &PageRequest::first(200))
            .unwrap();
        assert!(page.damaged.is_empty());
        page.records
            .into_iter()
            .filter_map(|r| match r.body {
                RecordBody::OutreachNote(n) => Some((r.id, n.text)),
                _ => None,
            })
            .collect()
    }

    /// The lead's envelopes after `after`, as the worker would receive them.
    fn lead_envelopes(lead: &Vault, after: u64) -> Vec<Envelope> {
        let device = lead.this_device();
        lead.sync_store()
            .unwrap()
            .envelopes_after(device, after, usize::MAX)
            .unwrap()
    }

    /// Every change of `id` made by the vault's own device, oldest first.
    fn changes_of(v: &Vault, id: RecordId) -> Vec<Vec<u8>> {
        let (_, doc) = v.load_doc(v.keys().unwrap(), id).unwrap();
        doc.own_changes_since(&[], &v.header.device_id).unwrap()
    }

    /// `payload` sealed and signed by the lead at `seq`.
    fn sealed_by_lead(lead: &Vault, seq: u64, payload: &Payload) -> Envelope {
        let m = lead.membership().unwrap().unwrap();
        let header = Header::new(m.team(), lead.this_device(), seq, m.epoch());
        let key = lead.epoch_key(m.epoch()).unwrap().unwrap();
        Envelope::seal(header, payload, &key, &lead.device_keys().unwrap()).unwrap()
    }

    #[test]
    fn an_envelope_of_many_new_then_edited_records_arrives_whole() {
        let ((_a, lead), (_b, worker)) = team();
        let bodies: Vec<RecordBody> = (0..40)
            .map(|i| note(&format!("заметка {i}: работодатель забрал паспорт")))
            .collect();
        let ids = lead.add_many(bodies).unwrap();
        assert_eq!(lead.seal_outbox().unwrap().envelopes, 1);
        let mut store = worker.sync_store().unwrap();
        for e in lead_envelopes(&lead, 0) {
            assert_eq!(store.accept(e).unwrap(), Accept::New);
        }
        assert_eq!(texts(&worker), texts(&lead));

        // An envelope editing 30 records the worker already holds.
        for (i, id) in ids.iter().take(30).enumerate() {
            lead.update(*id, note(&format!("заметка {i}: паспорт вернули")))
                .unwrap();
        }
        assert_eq!(lead.seal_outbox().unwrap().envelopes, 1);
        for e in lead_envelopes(&lead, 1) {
            assert_eq!(store.accept(e).unwrap(), Accept::New);
        }
        assert_eq!(texts(&worker), texts(&lead));
        assert_eq!(worker.apply_waiting().unwrap(), 0);
        // Found through the index the worker built for them.
        let found = worker
            .search(
                "вернули",
                &RecordFilter::default(),
                &PageRequest::first(100),
            )
            .unwrap();
        assert_eq!(found.records.len(), 30);
    }

    #[test]
    fn a_record_named_twice_in_one_payload_takes_both_changes_in_order() {
        let ((_a, lead), (_b, worker)) = team();
        let ids = lead
            .add_many((0..12).map(|i| note(&format!("note {i}"))).collect())
            .unwrap();
        lead.update(ids[3], note("note 3, edited")).unwrap();
        let changes = changes_of(&lead, ids[3]);
        assert_eq!(changes.len(), 2);
        let kind = RecordKind::OutreachNote;
        let mut payload = Payload::default();
        for id in &ids {
            let all = changes_of(&lead, *id);
            let first = if *id == ids[3] {
                all[..1].to_vec()
            } else {
                all
            };
            payload.changes.push(RecordChanges {
                record: *id,
                kind,
                changes: first,
            });
        }
        // The edit of record 3 after the others: it must see the record just created.
        payload.changes.push(RecordChanges {
            record: ids[3],
            kind,
            changes: changes[1..].to_vec(),
        });
        let mut store = worker.sync_store().unwrap();
        let envelope = sealed_by_lead(&lead, 1, &payload);
        assert_eq!(store.accept(envelope).unwrap(), Accept::New);
        assert_eq!(texts(&worker), texts(&lead));
        assert_eq!(texts(&worker)[&ids[3]], "note 3, edited");
    }

    #[test]
    fn the_first_failing_record_in_payload_order_refuses_the_whole_envelope() {
        let ((_a, lead), (_b, worker)) = team();
        let ids = lead
            .add_many((0..12).map(|i| note(&format!("note {i}"))).collect())
            .unwrap();
        let foreign = worker.add(note("the worker's own note")).unwrap();
        let mut payload = Payload::default();
        for id in &ids {
            payload.changes.push(RecordChanges {
                record: *id,
                kind: RecordKind::OutreachNote,
                changes: changes_of(&lead, *id),
            });
        }
        // Record 4 claims another kind (record 9 carries a change by another device,
        // which a lead's envelope may: a carrier after a purge).
        payload.changes[4].kind = RecordKind::Subject;
        payload.changes[9].changes = changes_of(&worker, foreign);
        let mut store = worker.sync_store().unwrap();
        match store.accept(sealed_by_lead(&lead, 1, &payload)) {
            Ok(Accept::Rejected(reason)) => {
                assert!(reason.contains(&ids[4].to_string()), "{reason}")
            }
            other => panic!("{other:?}"),
        }
        // Nothing of it was kept: not the records before the failing one, nor the envelope.
        assert_eq!(texts(&worker).len(), 1);
        assert!(store.vector().unwrap().is_empty());

        // A worker's envelope may carry only the worker's own changes (only a lead's
        // re-carries others' changes, after a purge): a change by the lead, first in
        // the payload, is what is reported, and nothing is kept.
        let before = texts(&lead);
        let mut payload = Payload::default();
        payload.changes.push(RecordChanges {
            record: ids[0],
            kind: RecordKind::OutreachNote,
            changes: changes_of(&lead, ids[0]),
        });
        payload.changes.push(RecordChanges {
            record: foreign,
            kind: RecordKind::Subject,
            changes: changes_of(&worker, foreign),
        });
        let header = Header::new(
            worker.membership().unwrap().unwrap().team(),
            worker.this_device(),
            1,
            0,
        );
        let envelope = Envelope::seal(
            header,
            &payload,
            &worker.epoch_key(0).unwrap().unwrap(),
            &worker.device_keys().unwrap(),
        )
        .unwrap();
        let mut store = lead.sync_store().unwrap();
        match store.accept(envelope) {
            Err(Error::MalformedRecord { id, .. }) => assert_eq!(id, ids[0].to_string()),
            other => panic!("{other:?}"),
        }
        assert_eq!(texts(&lead), before);
        assert_eq!(store.vector().unwrap().get(worker.this_device()), 0);
    }

    #[test]
    fn parallel_map_keeps_order_and_resumes_panics() {
        let out = in_parallel((0..1000).collect(), |i: u32| i * 2);
        assert_eq!(out, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
        assert_eq!(in_parallel(Vec::<u32>::new(), |i| i), Vec::<u32>::new());
        let caught = std::panic::catch_unwind(|| {
            in_parallel((0..100).collect(), |i: u32| {
                assert!(i != 77, "boom");
                i
            })
        });
        assert!(caught.is_err());
    }
}
