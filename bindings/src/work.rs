//! Long work off the caller's thread: the future an `async` export returns runs the
//! closure on a blocking thread pool (`blocking`), so a Kotlin coroutine or a Swift task
//! waits without holding a thread of the app's UI.
//!
//! Work that talks to the hub ([`with_hub`]) holds the vault only for its steps, never
//! while a request is on the network: the app can add a note, open a record or wipe the
//! vault while a sync waits on a slow connection. [`SharedVault::interrupt`] stops such
//! work between two steps.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};

use senim_client::VaultAccess;
use senim_vault::{InterruptHandle, Vault, WipeReport};

use crate::error::{Result, SenimError};

/// A vault shared by the objects of one session (records, interviews, sync).
pub(crate) type Shared = Arc<SharedVault>;

/// The vault behind its mutex, and what a panic wipe needs without taking the mutex.
pub(crate) struct SharedVault {
    vault: Mutex<Vault>,
    dir: PathBuf,
    keystore: Option<Arc<dyn senim_vault::KeyStore>>,
    /// Set when a panic wipe destroyed the files while another call held the vault:
    /// that call's vault is made inert as soon as it ends.
    wiped_underneath: AtomicBool,
    /// Stops long work on the vault without taking the mutex.
    interrupt: InterruptHandle,
}

impl SharedVault {
    /// Stops the long work in progress (a sync waiting on the hub, a retention scan):
    /// it ends with `Interrupted` at its next step, nothing half-done.
    pub(crate) fn interrupt(&self) {
        self.interrupt.interrupt();
    }
}

/// The vault for one step of work that talks to the hub: locked for the step only.
impl VaultAccess for SharedVault {
    fn with<R>(&self, f: impl FnOnce(&Vault) -> R) -> R {
        let mut guard = self
            .vault
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        settle_wipe(self, &mut guard);
        f(&guard)
    }
}

/// Shares `vault` between the objects of one session.
pub(crate) fn share(vault: Vault) -> Shared {
    Arc::new(SharedVault {
        dir: vault.dir().to_path_buf(),
        keystore: vault.keystore(),
        interrupt: vault.interrupt_handle(),
        vault: Mutex::new(vault),
        wiped_underneath: AtomicBool::new(false),
    })
}

/// The vault, locked for one call. A panic in an earlier call poisons nothing: the
/// vault's own state is transactional.
pub(crate) fn lock(shared: &Shared) -> MutexGuard<'_, Vault> {
    let mut guard = shared
        .vault
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    settle_wipe(shared, &mut guard);
    guard
}

/// After a wipe that ran while this vault was in use: its keys go and it turns inert
/// (the files are gone already; nothing touches them again).
fn settle_wipe(shared: &SharedVault, vault: &mut Vault) {
    if shared.wiped_underneath.load(Ordering::SeqCst) {
        vault.make_inert();
    }
}

/// Runs `f` with the vault on the blocking pool. A call that a panic wipe overtook
/// fails with `NoVault` whatever it did.
pub(crate) async fn with_vault<T: Send + 'static>(
    vault: &Shared,
    f: impl FnOnce(&mut Vault) -> Result<T> + Send + 'static,
) -> Result<T> {
    let shared = vault.clone();
    blocking::unblock(move || {
        let mut guard = lock(&shared);
        let out = f(&mut guard);
        if shared.wiped_underneath.load(Ordering::SeqCst) {
            settle_wipe(&shared, &mut guard);
            return Err(SenimError::from(senim_vault::Error::NoVault));
        }
        out
    })
    .await
}

/// Runs work that talks to the hub (a sync, a membership change) on the blocking pool,
/// with the vault reached step by step through [`VaultAccess`] instead of held for the
/// whole call. A call that a panic wipe overtook fails with `NoVault`.
pub(crate) async fn with_hub<T: Send + 'static>(
    vault: &Shared,
    f: impl FnOnce(&SharedVault) -> Result<T> + Send + 'static,
) -> Result<T> {
    let shared = vault.clone();
    blocking::unblock(move || {
        let out = f(&shared);
        if shared.wiped_underneath.load(Ordering::SeqCst) {
            return Err(SenimError::from(senim_vault::Error::NoVault));
        }
        out
    })
    .await
}

/// The panic wipe: never waits for a call in progress (a sync on a slow network).
/// With the vault free, the vault wipes itself; while another call holds it, the
/// files are wiped directly (`Vault::wipe_at`: key material first, then the device
/// secret, then the files), and that call's vault is made inert when it ends.
pub(crate) async fn panic_wipe(vault: &Shared) -> Result<WipeReport> {
    let shared = vault.clone();
    // Whatever long work runs stops at its next step; the wipe does not wait for it.
    shared.interrupt();
    blocking::unblock(move || match shared.vault.try_lock() {
        Ok(mut guard) => Ok(guard.wipe()?),
        Err(TryLockError::Poisoned(p)) => Ok(p.into_inner().wipe()?),
        Err(TryLockError::WouldBlock) => {
            shared.wiped_underneath.store(true, Ordering::SeqCst);
            Ok(Vault::wipe_at(&shared.dir, shared.keystore.clone())?)
        }
    })
    .await
}
