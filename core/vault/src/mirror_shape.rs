//! What the real vault tells the decoy's mirror (`mirror.rs`) about a committed write:
//! its shape (how many records, the sealed length of each, which audit action), never
//! its content; and the name of the real vault's secret holding the decoy's key. Kept
//! apart from the mirror so that the modules that write (records, the audit log, a
//! sync's apply, the wipe) depend on this description and not on the mirror.

use crate::audit::AuditAction;

/// The real vault's sealed secret holding the decoy's master key; in every vault made
/// or unlocked by this build.
pub(crate) const DECOY_KEY: &str = "spare";

/// What was written for one record: the length of its sealed document (or, for an
/// edit appended after the stored document, of the sealed change), how many tokens its
/// row of the search index holds (its distinct words and attributes, which the index's
/// size follows), and for an appended edit where it stands in the record's chain and
/// how long the document it follows is: what the real file's size shows as it grows,
/// and what the decoy's edits follow so that its notes are edited as the real records
/// are (a first edit on a note never edited, the next on the same note).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Written {
    pub doc: usize,
    pub tokens: usize,
    /// The appended change's place in the record's chain (1 for a record's first edit
    /// since its document was last written whole); 0 when the document was written
    /// whole (a new record, a full chain saved again, a teammate's change applied).
    pub chain: u32,
    /// For an appended change, the length of the stored document it follows (its
    /// bytes before sealing); otherwise 0.
    pub base: usize,
}

impl Written {
    /// A record's document written whole, `doc` bytes sealed.
    pub(crate) fn whole(doc: usize, tokens: usize) -> Written {
        Written {
            doc,
            tokens,
            chain: 0,
            base: 0,
        }
    }

    /// Whether only a change was appended after the stored document.
    pub(crate) fn appended(&self) -> bool {
        self.chain > 0
    }
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
