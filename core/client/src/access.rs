//! How the hub client reaches the vault: for one step at a time (signing a request,
//! sealing the outbox, applying one page of envelopes), never across a network call.
//! While the hub answers on a slow office Wi-Fi, the vault stays free for everything
//! else the app does with it (a note added, a record opened, a panic wipe).

use std::sync::Mutex;

use senim_vault::Vault;

/// Access to a vault for the length of one call.
pub trait VaultAccess {
    /// Runs `f` with the vault, holding it only while `f` runs.
    fn with<R>(&self, f: impl FnOnce(&Vault) -> R) -> R;
}

/// A vault the caller holds alone (the CLI, a test): nothing to lock.
impl VaultAccess for Vault {
    fn with<R>(&self, f: impl FnOnce(&Vault) -> R) -> R {
        f(self)
    }
}

/// A vault shared between threads: locked for each step, free between them. A panic
/// in another holder poisons nothing: the vault's state is transactional.
impl VaultAccess for Mutex<Vault> {
    fn with<R>(&self, f: impl FnOnce(&Vault) -> R) -> R {
        let guard = self
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&guard)
    }
}
