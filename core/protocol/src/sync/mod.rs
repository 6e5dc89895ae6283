//! Sync: the envelopes a device writes to its own log, the wire format, and the
//! protocol that exchanges the envelopes two parties lack. Bytes in, bytes out: the
//! transport (HTTP to the hub, or anything else) lives outside the core.
//!
//! Owns the encryption and signing of envelopes and the protocol state machine. It never
//! holds a passcode, never does network I/O, and never applies an envelope it could not
//! authenticate.
//!
//! - [`envelope`]: one local change set, sealed under the team's epoch key and signed by
//!   the device: [`Envelope`], [`Header`], [`Payload`], the [`Signer`] it needs.
//! - [`vector`]: [`VersionVector`], the highest contiguous sequence held per device.
//! - [`wire`]: the versioned binary messages ([`Message`], [`encode`], [`decode`]).
//! - [`session`]: the symmetric protocol state machine ([`SyncSession`]) over any
//!   [`EnvelopeStore`].
//! - [`hub_api`]: the hub's paths, headers and bodies; [`auth`]: request signing.
//! - [`memory`]: [`MemoryStore`], the in-memory reference store.
//!
//! The format is specified in `docs/sync.md`; the choice of per-device logs over
//! automerge's own sync protocol in `docs/adr/0009-per-device-logs-and-envelopes.md`.

pub mod auth;
pub mod envelope;
pub mod hub_api;
pub mod memory;
pub mod session;
pub mod vector;
pub mod wire;

#[cfg(test)]
mod tests;

pub use envelope::{
    ENVELOPE_FORMAT, Envelope, Header, MAX_CHANGES_PER_ENVELOPE, MAX_ENVELOPE_BYTES,
    MAX_RECORDS_PER_ENVELOPE, Payload, RecordChanges, Signer,
};
pub use memory::MemoryStore;
pub use session::{Accept, EnvelopeStore, Stats, Step, SyncSession};
pub use vector::VersionVector;
pub use wire::{MAX_MESSAGE_BYTES, MAX_PAGE_BYTES, Message, PROTOCOL_FORMAT, decode, encode};
