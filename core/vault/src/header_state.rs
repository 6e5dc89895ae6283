//! The pre-unlock state kept in a header file (ADR 0033, `header_file.rs`): where a
//! vault's header file lives beside its database, how the header row of a vault from
//! before page encryption moves into one, and the writes an unlock, the team policy and
//! a wipe make to it. Every write is a whole new file put in place crash-safely
//! ([`HeaderFile::write`]): a kill leaves the state before the write or after it.
//!
//! These are the header file's counterparts of the header row's statements in
//! `header.rs` and `wipe.rs`, which the vault's life moves onto in ADR 0033's next step.

use std::path::Path;

use rusqlite::Connection;

use crate::clock::BootTime;
use crate::header::Header;
use crate::header_file::{HeaderFile, WRAPPED_MASTER_LEN, write_scrubbing_old};
use crate::wipe::Shred;
use crate::{Error, Result};
use senim_crypto as crypto;

/// The real vault's header file, beside `senim.db`.
pub(crate) const HEADER_FILE: &str = "senim.hdr";
/// The decoy's header file, beside `senim-2.db` (ADR 0016): the same size and shape.
pub(crate) const DECOY_HEADER_FILE: &str = "senim-2.hdr";

impl HeaderFile {
    /// The header file of a vault whose header is `header`, with no failure counted and
    /// no wipe limit: what a new vault, or a new decoy, starts with. A wrapped master
    /// key of another length than a sealed key is [`Error::CorruptHeader`].
    pub(crate) fn new(header: &Header) -> Result<HeaderFile> {
        Ok(HeaderFile {
            format: header.format,
            vault_id: header.vault_id,
            device_id: header.device_id,
            kdf: header.kdf,
            salt: header.salt,
            uses_keystore: header.uses_keystore,
            wrapped_master: wrapped(&header.wrapped_master)?,
            failed_attempts: 0,
            last_failure_at: None,
            last_failure_clock: None,
            wipe_after_failures: None,
            wipe_after_idle_days: None,
            last_sync_at: None,
        })
    }

    /// What the vault's life reads from it as a [`Header`].
    pub(crate) fn header(&self) -> Header {
        Header {
            format: self.format,
            vault_id: self.vault_id,
            device_id: self.device_id,
            kdf: self.kdf,
            salt: self.salt,
            uses_keystore: self.uses_keystore,
            wrapped_master: self.wrapped_master.to_vec(),
            failed_attempts: self.failed_attempts,
            last_failure_at: self.last_failure_at,
        }
    }

    /// The header row of an unencrypted vault database (schema 3 and later), with its
    /// failure counter, boot clock and wipe limits: the first step of its migration,
    /// after which the header file is the one counted in (so the throttle cannot be
    /// reset by a kill between the two).
    pub(crate) fn from_row(conn: &Connection) -> Result<HeaderFile> {
        let header = Header::read(conn)?;
        let mut file = HeaderFile::new(&header)?;
        file.failed_attempts = header.failed_attempts;
        file.last_failure_at = header.last_failure_at;
        file.last_failure_clock = Header::failure_clock(conn)?;
        let (failures, idle_days, last_sync) = conn.query_row(
            "SELECT wipe_after_failures, wipe_after_idle_days, last_sync_at FROM header WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        file.wipe_after_failures = failures;
        file.wipe_after_idle_days = idle_days;
        file.last_sync_at = last_sync;
        Ok(file)
    }

    /// The team policy's automatic wipes: the failures allowed, the days allowed
    /// without sync, the last sync.
    pub(crate) fn wipe_settings(&self) -> (Option<u32>, Option<u32>, Option<i64>) {
        (
            self.wipe_after_failures,
            self.wipe_after_idle_days,
            self.last_sync_at,
        )
    }

    /// Reads the header file at `path`, applies `edit` and puts the result in place.
    pub(crate) fn update(
        path: &Path,
        edit: impl FnOnce(&mut HeaderFile) -> Result<()>,
    ) -> Result<HeaderFile> {
        let mut file = HeaderFile::read(path)?;
        edit(&mut file)?;
        file.write(path)?;
        Ok(file)
    }

    /// Counts an attempt before its key derivation runs: `failures` in a row, the last
    /// at `at` on the wall clock (kept, not read) and at `clock` on the boot clock.
    pub(crate) fn count_failure(
        path: &Path,
        failures: u32,
        at: i64,
        clock: &BootTime,
    ) -> Result<()> {
        HeaderFile::update(path, |f| {
            f.failed_attempts = failures;
            f.last_failure_at = Some(at);
            f.last_failure_clock = Some(*clock);
            Ok(())
        })
        .map(drop)
    }

    /// Starts the wait after the last failure again from `clock` (after a reboot).
    pub(crate) fn restart_failure_clock(path: &Path, clock: &BootTime) -> Result<()> {
        HeaderFile::update(path, |f| {
            f.last_failure_clock = Some(*clock);
            Ok(())
        })
        .map(drop)
    }

    /// A successful unlock: no failure counted any more.
    pub(crate) fn clear_failures(path: &Path) -> Result<()> {
        HeaderFile::update(path, |f| {
            f.failed_attempts = 0;
            f.last_failure_at = None;
            f.last_failure_clock = None;
            Ok(())
        })
        .map(drop)
    }

    /// Rewrites the passcode-dependent fields (a passcode change, a duress passcode
    /// set, the decoy following raised parameters).
    /// The file it replaces is overwritten where it lies (`write_scrubbing_old`): it
    /// holds the key slot being replaced.
    pub(crate) fn set_wrapping(path: &Path, header: &Header) -> Result<()> {
        let sealed = wrapped(&header.wrapped_master)?;
        let mut file = HeaderFile::read(path)?;
        file.kdf = header.kdf;
        file.salt = header.salt;
        file.wrapped_master = sealed;
        write_scrubbing_old(path, &file.encode())
    }

    /// A successful sync at `at` (the idle wipe counts from it).
    pub(crate) fn set_last_sync(path: &Path, at: i64) -> Result<()> {
        HeaderFile::update(path, |f| {
            f.last_sync_at = Some(at);
            Ok(())
        })
        .map(drop)
    }

    /// Destroys the key slot of the header file at `path` as `how` says, then reads
    /// the file back and checks it holds what was written. With page encryption the
    /// page key derives from the master key, so once the only wrapped copy of the
    /// master key is gone, every page of the database is unreadable at once:
    /// - [`Shred::Panic`]: the wrapped master key and the salt become random bytes;
    /// - [`Shred::Duress`]: the wrapped master key becomes random bytes that keep a
    ///   sealed blob's version byte, the salt stays (the decoy shares it);
    /// - [`Shred::Rehearse`]: the same write and read-back, of the values already there.
    ///
    /// The file replaced is overwritten where it lies, so its key slot is not left in
    /// blocks the file system has only freed.
    pub(crate) fn shred(path: &Path, how: Shred) -> Result<()> {
        let mut written = HeaderFile::read(path)?;
        if how != Shred::Rehearse {
            crypto::fill_random(&mut written.wrapped_master)?;
            if how == Shred::Duress {
                written.wrapped_master[0] = crypto::SEALED_V1;
            }
            if how == Shred::Panic {
                crypto::fill_random(&mut written.salt)?;
            }
        }
        write_scrubbing_old(path, &written.encode())?;
        if HeaderFile::read(path)? != written {
            return Err(Error::Storage(
                "the header file did not hold what the wipe wrote".into(),
            ));
        }
        Ok(())
    }
}

/// A wrapped master key as the header file holds it: exactly a sealed key's length.
fn wrapped(sealed: &[u8]) -> Result<[u8; WRAPPED_MASTER_LEN]> {
    sealed
        .try_into()
        .map_err(|_| Error::CorruptHeader("the wrapped master key has the wrong length"))
}

#[cfg(test)]
#[path = "header_state_tests.rs"]
mod tests;
