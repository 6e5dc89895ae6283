//! Long work off the caller's thread: the future an `async` export returns runs the
//! closure on a blocking thread pool (`blocking`), so a Kotlin coroutine or a Swift task
//! waits without holding a thread of the app's UI.

use std::sync::{Arc, Mutex, MutexGuard};

use senim_core::Vault;

use crate::error::Result;

/// A vault shared by the objects of one session (records, interviews, sync).
pub(crate) type Shared = Arc<Mutex<Vault>>;

/// The vault, locked for one call. A panic in an earlier call poisons nothing: the
/// vault's own state is transactional.
pub(crate) fn lock(vault: &Shared) -> MutexGuard<'_, Vault> {
    vault
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Runs `f` with the vault on the blocking pool.
pub(crate) async fn with_vault<T: Send + 'static>(
    vault: &Shared,
    f: impl FnOnce(&mut Vault) -> Result<T> + Send + 'static,
) -> Result<T> {
    let vault = vault.clone();
    blocking::unblock(move || {
        let mut guard = lock(&vault);
        f(&mut guard)
    })
    .await
}
