//! Interrupting long work on a vault from another thread: a sync between two of its
//! steps, a retention scan between two records, applying waiting envelopes between two
//! envelopes, and the SQLite statement running at that moment.
//!
//! Owns one counter per open vault. An [`InterruptHandle`] bumps it (and interrupts
//! SQLite); an [`InterruptScope`] remembers the count when a piece of work began and
//! says whether it moved since. Work that sees it moved stops with
//! [`Error::Interrupted`] at a point where nothing is half-written: every step is a
//! transaction, and an interrupted statement rolls its transaction back. It never
//! interrupts a wipe: a panic wipe interrupts the others and then runs to its end.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use crate::{Error, Result};

/// One vault's interrupt state: the count, and SQLite's interrupt handles of the
/// connections the vault uses now.
#[derive(Default)]
pub(crate) struct Interrupts {
    count: Arc<AtomicU64>,
    sqlite: Mutex<Vec<rusqlite::InterruptHandle>>,
}

impl Interrupts {
    /// Makes the connections of `conns` the ones an interrupt stops (replacing earlier
    /// ones: a vault replaced in place, a duress unlock's swap).
    pub(crate) fn register<'c>(&self, conns: impl IntoIterator<Item = &'c Connection>) {
        let handles = conns
            .into_iter()
            .map(Connection::get_interrupt_handle)
            .collect();
        *self
            .sqlite
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = handles;
    }

    pub(crate) fn scope(&self) -> InterruptScope {
        InterruptScope::new(&self.count)
    }
}

/// Stops the long work in progress on one vault, from any thread, without waiting for
/// it. Cheap to clone; it stays valid (and harmless) after the vault is closed.
#[derive(Clone)]
pub struct InterruptHandle(pub(crate) Arc<Interrupts>);

impl InterruptHandle {
    /// Interrupts every piece of work begun before this call: each stops at its next
    /// check with [`Error::Interrupted`]. Work begun afterwards runs as usual.
    pub fn interrupt(&self) {
        self.0.count.fetch_add(1, Ordering::SeqCst);
        let sqlite = self
            .0
            .sqlite
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for handle in sqlite.iter() {
            handle.interrupt();
        }
    }
}

impl std::fmt::Debug for InterruptHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("InterruptHandle(..)")
    }
}

/// One piece of interruptible work: interrupted once any [`InterruptHandle`] of its
/// vault was used after the scope began.
#[derive(Clone, Debug)]
pub struct InterruptScope {
    count: Arc<AtomicU64>,
    start: u64,
}

impl InterruptScope {
    pub(crate) fn new(count: &Arc<AtomicU64>) -> Self {
        InterruptScope {
            count: count.clone(),
            start: count.load(Ordering::SeqCst),
        }
    }

    /// Whether the work was interrupted since the scope began.
    pub fn was_interrupted(&self) -> bool {
        self.count.load(Ordering::SeqCst) != self.start
    }

    /// `Err(Error::Interrupted)` once the work was interrupted.
    pub fn check(&self) -> Result<()> {
        if self.was_interrupted() {
            Err(Error::Interrupted)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_sees_an_interrupt_after_it_began_and_not_one_before() {
        let interrupts = Arc::new(Interrupts::default());
        let handle = InterruptHandle(interrupts.clone());
        handle.interrupt();
        let scope = interrupts.scope();
        assert!(scope.check().is_ok());
        handle.clone().interrupt();
        assert!(scope.was_interrupted());
        assert!(matches!(scope.check(), Err(Error::Interrupted)));
        assert!(interrupts.scope().check().is_ok());
    }
}
