//! What the real vault tells the decoy's mirror (`mirror.rs`) about a committed write:
//! its shape (how many records, the sealed length of each, which audit action), never
//! its content; and the name of the real vault's secret holding the decoy's key. Kept
//! apart from the mirror so that the modules that write (records, the audit log, a
//! sync's apply, the wipe) depend on this description and not on the mirror.

use crate::audit::AuditAction;

/// The real vault's sealed secret holding the decoy's master key; in every vault made
/// or unlocked by this build.
pub(crate) const DECOY_KEY: &str = "spare";

/// What was written for one record: the length of its sealed document (or, when
/// `appended`, of the sealed change appended after it), and how many tokens its row of
/// the search index holds (its distinct words and attributes, which the index's size
/// follows): what the real file's size shows as it grows.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Written {
    pub doc: usize,
    pub tokens: usize,
    pub appended: bool,
}

/// One record an envelope from a teammate wrote: created (`new`) or rewritten.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Applied {
    pub new: bool,
    pub written: Written,
}

/// What a committed write to the real database did, by shape only: never content.
pub(crate) enum Shape {
    /// Records created, with what was written for each.
    Created(Vec<Written>),
    /// One record's document rewritten (an edit, a deletion).
    Rewritten(Written),
    /// Records applied from a teammate's envelope: created and rewritten.
    Applied(Vec<Applied>),
    /// One entry in the audit log and nothing else (a view, a lock, an export), and
    /// whether it names a record.
    Logged(AuditAction, bool),
}
