//! Where the hub keeps what it holds: registered teams, every version of their
//! membership lists, epoch keys sealed to devices, every device's log of envelopes
//! (with a stub at each place a purge order emptied), the team's signed orders, and
//! the request nonces seen within the clock window.
//!
//! Owns persistence behind one trait, [`HubStorage`], with two backends: the embedded
//! SQLite one ([`SqliteStorage`], one hub per office, the default) and PostgreSQL
//! ([`PostgresStorage`]), which several hub instances share. It stores bytes as they were signed and never checks a signature or a rule
//! (the hub does, before calling it); it never holds a key and never sees plaintext.
//!
//! Every write that depends on what is stored (the next list version, the next
//! sequence of a log, the next order number and the places a purge names) is checked
//! and done atomically by the backend, so two hub instances racing on one database
//! cannot fork a list, a log or the chain of orders.
//!
//! Every backend must pass the conformance suite in `conformance` (the hub's tests
//! run it for SQLite and for PostgreSQL, `tests/storage_conformance*.rs`).

pub mod backup;
#[cfg(any(test, feature = "conformance"))]
pub mod conformance;
mod postgres;
mod sqlite;

#[cfg(any(test, feature = "conformance"))]
pub use postgres::scratch as postgres_scratch;
pub use postgres::{DEFAULT_POOL_SIZE, PostgresStorage};
pub use sqlite::{DATABASE_FILE, SqliteStorage};

use senim_protocol::sync::VersionVector;
use senim_protocol::team::{DeviceId, SealedKey, TeamId};

use crate::Result;

/// What [`HubStorage::append_envelope`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Append {
    /// Stored: it was the next sequence of its device's log.
    Appended,
    /// Not stored: an envelope with this sequence is held already.
    Held,
    /// Not stored: the log holds fewer envelopes than the sequence needs.
    Gap,
    /// Not stored: its device is revoked and the team keeps its log only up to an
    /// earlier sequence.
    Revoked,
}

/// What [`HubStorage::append_list`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListAppend {
    Stored,
    /// Not stored: the version is not the next one (taken, or the team is unknown).
    VersionTaken,
    /// Not stored: a device the list revokes has envelopes here after the last
    /// sequence the list keeps of it.
    HeldBeyondRevocation,
}

/// What [`HubStorage::append_order`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderAppend {
    /// Stored, and every place it purges is a stub now.
    Stored,
    /// Not stored: the number is not the next one (taken, a gap, or the team is
    /// unknown).
    NumberTaken,
    /// Not stored: a place to purge is no place (sequence 0, or out of range).
    UnknownPlace,
}

/// What a held place of a log holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// The envelope, as stored.
    Envelope(Vec<u8>),
    /// A stub: a purge order emptied this place. The place still counts in the log's
    /// length, but its bytes are gone.
    Purged,
}

impl Slot {
    /// The envelope's bytes, `None` for a stub.
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Slot::Envelope(bytes) => Some(bytes),
            Slot::Purged => None,
        }
    }
}

/// One sync session's place: the team, the authenticated device and the id the device
/// chose.
pub type SessionKey = (TeamId, DeviceId, [u8; 16]);

/// What [`SharedSessions::take_session`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionTake {
    /// The session's state, now marked busy for this request.
    Taken(Vec<u8>),
    /// Another request (on any instance) handles the session now.
    Busy,
    /// No such session (never opened, ended, or idle past its time to live).
    Missing,
}

/// What [`SharedSessions::open_session`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionOpen {
    /// Opened, busy for this request.
    Opened,
    /// Not opened: a session with this key exists already (a racing request opened it).
    Exists,
    /// Not opened: the device holds its most sessions, every one busy.
    DeviceFull,
    /// Not opened: the team's devices hold the team's share of sessions.
    TeamFull,
    /// Not opened: the hubs hold their most sessions.
    HubFull,
}

/// The bounds on open sessions, over every instance sharing the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionCaps {
    pub max: usize,
    pub per_device: usize,
    pub per_team: usize,
}

/// Sync sessions kept where every hub instance sharing a database finds them, so that
/// the messages of one sync may reach any instance (PostgreSQL; a single SQLite hub
/// keeps them in memory). Times are unix milliseconds; a session whose `touched` time
/// is before `idle_before` is gone. Called from blocking threads.
pub trait SharedSessions: Send + Sync {
    /// Takes session `key` for one request: marks it busy and returns its state.
    fn take_session(&self, key: SessionKey, now: i64, idle_before: i64) -> Result<SessionTake>;

    /// Opens session `key`, busy, within `caps`, atomically over every instance: a
    /// device at its bound makes room by ending its session idle the longest.
    fn open_session(
        &self,
        key: SessionKey,
        now: i64,
        idle_before: i64,
        caps: SessionCaps,
    ) -> Result<SessionOpen>;

    /// Leaves session `key` with `state` for its next message (no longer busy).
    fn put_session(&self, key: SessionKey, state: &[u8], now: i64) -> Result<()>;

    /// Ends session `key` (finished, failed, refused or cut).
    fn end_session(&self, key: SessionKey) -> Result<()>;
}

/// Which request budget a [`SharedLimits::spend_budget`] call spends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BudgetKind {
    /// The requests of one caller (a team and the signing key it verified with).
    Requests,
    /// The team registrations of one peer address.
    Registrations,
}

impl BudgetKind {
    /// The kind as stored.
    pub fn code(self) -> i16 {
        match self {
            BudgetKind::Requests => 1,
            BudgetKind::Registrations => 2,
        }
    }
}

/// The request budgets and registration tokens of hub instances that share one
/// database: what lets several instances enforce one limit together (a caller cannot
/// multiply its budget by spreading its requests over the instances, and a token used
/// at one instance is used at all of them). A single hub keeps its budgets in memory
/// and its tokens in a file of its data directory instead.
pub trait SharedLimits: Send + Sync {
    /// Spends one unit of the token bucket `(kind, key)`, which holds at most
    /// `rate.burst` units and refills at `rate.per_second`, measured with the
    /// database's clock (the instances' clocks may differ). `Ok(None)` when a unit was
    /// spent; `Ok(Some(wait))` when the bucket is empty, with how long until it holds
    /// one, and nothing spent. Atomic: instances spending one bucket at once never
    /// spend more than it holds.
    fn spend_budget(
        &self,
        kind: BudgetKind,
        key: &[u8],
        rate: crate::RateLimit,
    ) -> Result<Option<std::time::Duration>>;

    /// Records a registration token by its SHA-256 (hex), usable once; recording one
    /// held already changes nothing.
    fn add_registration_token(&self, hash: &str) -> Result<()>;

    /// Uses up the token whose SHA-256 is `hash`: `Ok(false)` when it is not held
    /// (never issued, or used already, at any instance).
    fn take_registration_token(&self, hash: &str) -> Result<bool>;
}

/// The hub's persistent state. Implementations are shared by every request
/// (`Send + Sync`) and called from blocking threads, never from the async runtime.
pub trait HubStorage: Send + Sync {
    /// Checks the storage answers (for `GET /health`).
    fn ping(&self) -> Result<()>;

    /// Records that the device with signing key `signer` used `nonce` in a request for
    /// `team` signed at `time`, and forgets every nonce of a request signed before
    /// `forget_before`, in one transaction. `Ok(false)`, and nothing is recorded, when
    /// that signer used that nonce for that team already (and it is not forgotten):
    /// the request is a replay. What it records survives a restart.
    fn remember_nonce(
        &self,
        team: TeamId,
        signer: &[u8; 32],
        nonce: &[u8; 16],
        time: i64,
        forget_before: i64,
    ) -> Result<bool>;

    /// Registers `team` with its first list (version 1, epoch 0). `Ok(false)`, and
    /// nothing changes, when the team is registered already.
    fn create_team(&self, team: TeamId, genesis: &[u8]) -> Result<bool>;

    /// The newest list version of `team`; `None` for a team that is not registered.
    fn latest_version(&self, team: TeamId) -> Result<Option<u64>>;

    /// The lists of `team` with versions after `after`, in order, as `(version, bytes)`:
    /// as many as fit in `max_bytes`, but at least one when there is any.
    fn lists_after(
        &self,
        team: TeamId,
        after: u64,
        max_bytes: usize,
    ) -> Result<Vec<(u64, Vec<u8>)>>;

    /// Stores list `version` (with its `epoch`), the keys sealed with it and the
    /// devices it newly revokes with the last sequence kept of each, in one
    /// transaction, if `version` is exactly one more than the newest stored and no
    /// revoked device has a later envelope here. Otherwise nothing changes (the version
    /// is checked first: a version that is not the next one is
    /// [`ListAppend::VersionTaken`] whatever its revocations). A key for a device and
    /// epoch that is already held replaces it.
    fn append_list(
        &self,
        team: TeamId,
        version: u64,
        epoch: u32,
        list: &[u8],
        keys: &[SealedKey],
        revoked: &[(DeviceId, u64)],
    ) -> Result<ListAppend>;

    /// The number of the newest order of `team` when a list stored by
    /// [`append_list`](HubStorage::append_list) revoked `device` (0 when it had none),
    /// recorded in that list's transaction; `None` when `device` is not revoked, or
    /// when no number was recorded (a revocation stored by an older hub).
    fn revoked_last_order(&self, team: TeamId, device: DeviceId) -> Result<Option<u64>>;

    /// The keys of `team` sealed to `device` for epochs `min_epoch` and later, by epoch.
    fn sealed_keys(&self, team: TeamId, device: DeviceId, min_epoch: u32)
    -> Result<Vec<SealedKey>>;

    /// The length of every device's log of `team` (stubs count: a log stays
    /// contiguous through a purge).
    fn vector(&self, team: TeamId) -> Result<VersionVector>;

    /// The length of `device`'s log (0 when empty), stubs included.
    fn last_seq(&self, team: TeamId, device: DeviceId) -> Result<u64>;

    /// What place `seq` of `device`'s log holds: the envelope as stored, a stub, or
    /// `None` when the log is shorter.
    fn envelope(&self, team: TeamId, device: DeviceId, seq: u64) -> Result<Option<Slot>>;

    /// Envelopes of `device` with sequences after `after`, in order, skipping stubs
    /// (a page never holds one, and a run of stubs does not end the listing): as many
    /// as fit in `max_bytes` (counting their stored length, which is their encoded
    /// length), but at least one when there is any.
    fn envelopes_after(
        &self,
        team: TeamId,
        device: DeviceId,
        after: u64,
        max_bytes: usize,
    ) -> Result<Vec<Vec<u8>>>;

    /// Appends an envelope at `seq` to `device`'s log of a registered `team` if `seq`
    /// is exactly its next sequence, or the next after places a purge named before the
    /// log reached them (those become stubs in the same transaction), atomically.
    /// Otherwise nothing is stored, and the answer is the first that applies of:
    /// [`Append::Held`] (the place is held, a stub included), [`Append::Revoked`]
    /// (beyond the sequence a revocation keeps), [`Append::Held`] again for a place a
    /// purge named (an envelope is never stored there), [`Append::Gap`]. Sequence 0 is
    /// never stored.
    fn append_envelope(
        &self,
        team: TeamId,
        device: DeviceId,
        seq: u64,
        epoch: u32,
        bytes: &[u8],
    ) -> Result<Append>;

    /// The SHA-256 of envelope `seq` of `device` as it was stored after its check at
    /// upload; `None` for a stub, a place not held, or an envelope stored before hashes
    /// were kept.
    fn envelope_hash(&self, team: TeamId, device: DeviceId, seq: u64) -> Result<Option<[u8; 32]>>;

    /// Marks envelope `seq` of `device` damaged: its stored copy no longer matches its
    /// hash. [`HubStorage::first_damaged`] reports it until it is replaced.
    fn mark_damaged(&self, team: TeamId, device: DeviceId, seq: u64) -> Result<()>;

    /// The lowest sequence of `device`'s log marked damaged, if any.
    fn first_damaged(&self, team: TeamId, device: DeviceId) -> Result<Option<u64>>;

    /// Puts `bytes` in place of the stored copy of envelope `seq` of `device` when they
    /// hash to the hash kept at upload (an identical copy of what was checked), and
    /// clears its damaged mark; returns whether it did. Anything else changes nothing.
    fn replace_damaged(
        &self,
        team: TeamId,
        device: DeviceId,
        seq: u64,
        bytes: &[u8],
    ) -> Result<bool>;

    /// The number of the newest order of `team` (0 when it has none).
    fn last_order(&self, team: TeamId) -> Result<u64>;

    /// Order `number` of `team`, as signed.
    fn order(&self, team: TeamId, number: u64) -> Result<Option<Vec<u8>>>;

    /// The orders of `team` numbered after `after`, in order, as `(number, bytes)`: as
    /// many as fit in `max_bytes`, but at least one when there is any.
    fn orders_after(
        &self,
        team: TeamId,
        after: u64,
        max_bytes: usize,
    ) -> Result<Vec<(u64, Vec<u8>)>>;

    /// Stores order `number` of a registered `team` and turns every place in `purge`
    /// into a stub, in one transaction, if `number` is exactly one more than the
    /// newest stored and every place is one (sequence 1 or more). A place beyond its
    /// device's log here (a team handed to a hub that lost it) is kept as purged ahead:
    /// no envelope is ever stored there, and it becomes a stub when the log reaches it
    /// ([`HubStorage::append_envelope`]). Otherwise nothing changes (the number is
    /// checked first: a number that is not the next one is
    /// [`OrderAppend::NumberTaken`] whatever the places).
    /// When `purge` is not empty, the purged bytes are also gone from the backend's
    /// files (for SQLite: `secure_delete`, then the WAL truncated) before it returns.
    fn append_order(
        &self,
        team: TeamId,
        number: u64,
        bytes: &[u8],
        purge: &[(DeviceId, u64)],
    ) -> Result<OrderAppend>;
}
