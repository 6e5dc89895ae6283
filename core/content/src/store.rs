//! Where the interview runner and referrals keep what they write: a small trait the
//! vault implements, so that content logic never depends on how records are stored.

use senim_records::{Record, RecordBody, RecordId};

use crate::Error;

/// A store of records, as the runner and referrals need it. Every write goes through
/// the store's own validation and audit; this crate adds only its checks (consent,
/// interview state) before it writes.
pub trait RecordStore {
    /// The store's own failures (locked, damaged, storage). This crate's errors convert
    /// into it, so a step over this store returns this type.
    type Error: From<Error>;

    /// One record, deleted ones too (marked as such); `None` when the store holds no
    /// record with this id. The store logs the read as a view.
    fn get(&self, id: RecordId) -> Result<Option<Record>, Self::Error>;

    /// The same, without the audit entry: for the checks this crate makes on its own
    /// before every write (the consent an interview runs under).
    fn get_unlogged(&self, id: RecordId) -> Result<Option<Record>, Self::Error>;

    /// Stores a new record and returns its id.
    fn add(&self, body: RecordBody) -> Result<RecordId, Self::Error>;

    /// Replaces a record's content (the store writes only what changed).
    fn update(&self, id: RecordId, body: RecordBody) -> Result<(), Self::Error>;
}

/// `get`, with a missing record as [`Error::RecordNotFound`].
pub(crate) fn require<S: RecordStore + ?Sized>(
    store: &S,
    id: RecordId,
) -> Result<Record, S::Error> {
    store
        .get(id)?
        .ok_or_else(|| Error::RecordNotFound(id.to_string()).into())
}
