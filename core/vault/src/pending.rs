//! A passcode change made crash-safe with page encryption (ADR 0033, step 3).
//!
//! A passcode change replaces the master key (ADR 0022), and the key of every page
//! derives from it, so three things move from the old master key to the new one: the
//! sealed values inside the pages (one transaction), the pages themselves (`PRAGMA
//! rekey`, one more), and the key slot in the header file (a rename). No two of them
//! can change at once, so the change first writes a *pending* header file beside the
//! header file (`senim.hdr.next`): the new key slot, and the key the pages still have,
//! sealed under the new master key. Then:
//!
//! 1. the re-sealing transaction commits: from here on the new passcode is the one
//!    (the commit point);
//! 2. the pages are re-keyed to the new master key's page key;
//! 3. the header file takes the new key slot (the file it replaces overwritten where
//!    it lies), and the pending file is overwritten and removed.
//!
//! A kill anywhere leaves one of these states, which the next unlock settles with the
//! passcode it is given ([`settle`]): before the commit, the old passcode opens
//! everything and the pending file is dropped; after it, the new passcode opens the
//! pending key slot, the pages with the page key sealed beside it (or with the new one,
//! once re-keyed), and the values inside; the unlock then finishes steps 2 and 3. The
//! old passcode after the commit opens pages whose values no longer open under its
//! master key: it is a wrong passcode. Which side of the commit a database is on is
//! told by its sealed audit head, which the re-sealing transaction re-seals.
//!
//! The pending file exists only between a change's first write and its end (or the
//! next unlock after a kill), holds nothing the pages do not already need, and goes
//! with the vault in a wipe.

use std::io::Write;
use std::path::{Path, PathBuf};

use senim_crypto::{self as crypto, SecretKey};
use zeroize::Zeroizing;

use crate::audit::AuditKeys;
use crate::files::{Access, connect_keyed};
use crate::header::Header;
use crate::header_file::{HEADER_FILE_LEN, HeaderFile, write_atomically, write_scrubbing_old};
use crate::{Error, Keys, Result, kdf, pages};

/// The length of the sealed page key after the header: version, nonce, key, tag.
const SEALED_KEY_LEN: usize = 1 + 12 + senim_crypto::KEY_LEN + 16;
const LABEL: &[u8] = b"senim/v1/pending-page-key";

/// The pending header file beside the header file at `header`.
pub(crate) fn pending_path(header: &Path) -> PathBuf {
    let mut p = header.as_os_str().to_owned();
    p.push(".next");
    PathBuf::from(p)
}

/// A passcode change's pending state: the header file it ends with, and the page key
/// the pages have until they are re-keyed, sealed under the new master key.
pub(crate) struct Pending {
    pub header: HeaderFile,
    sealed_page_key: Vec<u8>,
}

fn sealing_key(new_master: &SecretKey) -> SecretKey {
    new_master.derive(LABEL)
}

fn aad(header: &HeaderFile) -> Vec<u8> {
    crypto::aad(&[LABEL, &header.vault_id, &header.device_id])
}

impl Pending {
    /// Writes the pending file at `path` crash-safely: `header` (the new key slot,
    /// whose master key is `new_master`) and `old_page_key` sealed under it.
    pub(crate) fn write(
        path: &Path,
        header: HeaderFile,
        new_master: &SecretKey,
        old_page_key: &SecretKey,
    ) -> Result<Pending> {
        let sealed = crypto::seal(
            &sealing_key(new_master),
            &aad(&header),
            old_page_key.expose(),
        )?;
        let mut bytes = Vec::with_capacity(HEADER_FILE_LEN + SEALED_KEY_LEN);
        bytes.extend_from_slice(&header.encode());
        bytes.extend_from_slice(&sealed);
        write_atomically(path, &bytes)?;
        Ok(Pending {
            header,
            sealed_page_key: sealed,
        })
    }

    /// The pending file at `path`, `None` when there is none.
    pub(crate) fn read(path: &Path) -> Result<Option<Pending>> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::Io(e)),
        };
        if bytes.len() != HEADER_FILE_LEN + SEALED_KEY_LEN {
            return Err(Error::CorruptHeader(
                "the pending header file has the wrong size",
            ));
        }
        let (header, sealed) = bytes.split_at(HEADER_FILE_LEN);
        Ok(Some(Pending {
            header: HeaderFile::decode(header)?,
            sealed_page_key: sealed.to_vec(),
        }))
    }

    /// The page key the pages had before they were re-keyed.
    fn old_page_key(&self, new_master: &SecretKey) -> Result<SecretKey> {
        let key = crypto::open(
            &sealing_key(new_master),
            &aad(&self.header),
            &self.sealed_page_key,
        )
        .map(Zeroizing::new)
        .map_err(|_| Error::CorruptHeader("the pending page key does not open"))?;
        Ok(SecretKey::from_slice(&key)?)
    }
}

/// Puts the pending key slot in the header file at `header` (keeping the counters and
/// limits it holds now, unless `clear_failures`) and removes the pending file: the
/// end of a passcode change, or of one a kill cut short.
pub(crate) fn finish(header: &Path, pending: &Pending, clear_failures: bool) -> Result<()> {
    let current = HeaderFile::read(header)?;
    let mut file = current.clone();
    file.kdf = pending.header.kdf;
    file.salt = pending.header.salt;
    file.wrapped_master = pending.header.wrapped_master;
    if clear_failures {
        file.failed_attempts = 0;
        file.last_failure_at = None;
        file.last_failure_clock = None;
    }
    write_scrubbing_old(header, &file.encode())?;
    crate::rotate::checkpoint(crate::rotate::Step::SlotMoved)?;
    discard(&pending_path(header))
}

/// Overwrites the pending file at `path` with random bytes where it lies and removes
/// it (nothing to do when there is none).
pub(crate) fn discard(path: &Path) -> Result<()> {
    let mut f = match std::fs::OpenOptions::new().write(true).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::Io(e)),
    };
    let len = usize::try_from(f.metadata()?.len()).unwrap_or(0);
    let mut noise = vec![0u8; len.min(HEADER_FILE_LEN + SEALED_KEY_LEN)];
    crypto::fill_random(&mut noise)?;
    f.write_all(&noise)?;
    f.sync_all()?;
    drop(f);
    std::fs::remove_file(path)?;
    if let Some(dir) = path.parent() {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// How [`settle`] left the database it looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Settled {
    /// No change was pending, or the pending one was dropped (it never committed) or
    /// finished: the header file is the one to unlock with.
    Current,
    /// A change committed and was cut short; this passcode is the one it replaced, and
    /// opens nothing any more.
    Superseded,
}

/// Whether the sealed values of the database behind `conn` open under `master`: its
/// audit head, which every database has and the re-sealing transaction re-seals.
fn content_opens(conn: &rusqlite::Connection, master: &SecretKey, vault_id: &[u8; 16]) -> bool {
    let keys = Keys::derive(SecretKey::from_bytes(*master.expose()));
    let audit = AuditKeys {
        seal: &keys.audit_seal,
        mac: &keys.audit_mac,
        vault_id,
    };
    matches!(crate::audit::read_head(conn, &audit), Ok(Some(_)))
}

/// The master key `passcode` (and the device secret) unwraps from `header`.
fn unwrap(header: &Header, passcode: &[u8], device_secret: Option<&[u8]>) -> Option<SecretKey> {
    let kek = kdf::derive_kek(passcode, &header.salt, &header.kdf).ok()?;
    let wrapping = header.wrapping_key(&kek, device_secret);
    let master = crypto::open(&wrapping, &header.master_aad(), &header.wrapped_master).ok()?;
    SecretKey::from_slice(&master).ok()
}

/// Settles a passcode change a kill cut short on the database at `db` whose header
/// file is `header`, with the passcode given at an unlock (counted already). Nothing
/// to do without a pending file. Otherwise, as the module says: the new passcode
/// finishes a change that committed; a change that never committed is dropped; the
/// old passcode after the commit is [`Settled::Superseded`]. A database neither
/// passcode opens is left as it is for the unlock to report.
pub(crate) fn settle(
    db: &Path,
    header: &Path,
    passcode: &[u8],
    device_secret: Option<&[u8]>,
) -> Result<Settled> {
    let next = pending_path(header);
    let Some(pending) = Pending::read(&next)? else {
        return Ok(Settled::Current);
    };
    let new = pending.header.header();
    let vault_id = new.vault_id;
    if let Some(new_master) = unwrap(&new, passcode, device_secret) {
        let new_page_key = pages::page_key(&new_master);
        for page_key in [
            SecretKey::from_bytes(*new_page_key.expose()),
            pending.old_page_key(&new_master)?,
        ] {
            let Ok(conn) = connect_keyed(db, Access::ReadWrite, &page_key) else {
                continue;
            };
            if !content_opens(&conn, &new_master, &vault_id) {
                continue;
            }
            // Committed: the pages re-keyed if they are not yet, then the key slot.
            if page_key.expose() != new_page_key.expose() {
                pages::rekey(&conn, &new_page_key)?;
            }
            pages::close_locked(conn)?;
            finish(header, &pending, false)?;
            return Ok(Settled::Current);
        }
        // The new passcode of a change that never committed.
        discard(&next)?;
        return Ok(Settled::Current);
    }
    let current = HeaderFile::read(header)?.header();
    if let Some(old_master) = unwrap(&current, passcode, device_secret) {
        let committed = match connect_keyed(db, Access::ReadWrite, &pages::page_key(&old_master)) {
            Ok(conn) => {
                let opens = content_opens(&conn, &old_master, &vault_id);
                pages::close_locked(conn)?;
                !opens
            }
            // Re-keyed already: only the new master key's page key opens them.
            Err(Error::CorruptDatabase(_)) => true,
            Err(e) => return Err(e),
        };
        if committed {
            return Ok(Settled::Superseded);
        }
        discard(&next)?;
    }
    Ok(Settled::Current)
}
