//! The header file: what must be read before unlock, outside the (page-encrypted)
//! database, in one small file of a fixed size and layout (ADR 0033).
//!
//! Before unlock the vault needs the key derivation's parameters and salt, whether the
//! device key store takes part, the wrapped master key (and the fields its associated
//! data binds: format, vault and device ids), the failed-attempt counter with the boot
//! clock reading of the last failure, and the team policy's automatic-wipe limits with
//! the time of the last sync. Nothing else: every other byte of the vault is inside
//! pages only the master key opens.
//!
//! The file is [`HEADER_FILE_LEN`] bytes whatever it holds (an absent optional field is
//! zeros behind a zero flag), so a decoy's header file has exactly the size and shape of
//! the real one. A write goes to a temporary file that is synced, renamed over the old
//! one, and the directory synced: a crash at any moment leaves the old header or the
//! new one, never a torn one. A checksum over the fields tells a damaged file from a
//! header; it is no defence against someone who rewrites the file (the associated data
//! of the wrapped master key is).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::clock::BootTime;
use crate::kdf::{KdfParams, SALT_LEN};
use crate::{Error, Result};

/// The size of every header file, real or decoy.
pub const HEADER_FILE_LEN: usize = 256;
/// The length of a sealed 32-byte master key: version byte, nonce, key, tag.
pub const WRAPPED_MASTER_LEN: usize = 1 + 12 + senim_crypto::KEY_LEN + 16;
/// The layout of the file itself (not the vault's format, which the wrapping binds).
const LAYOUT: u8 = 1;
/// What the file starts with: no name of the product, the layout only.
const MAGIC: [u8; 3] = *b"SVH";
pub(crate) const SUM_LEN: usize = 16;

/// The pre-unlock state of one database (the real vault or its decoy). Public only to
/// the tests (`testing`), which read and edit it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderFile {
    pub format: u32,
    pub vault_id: [u8; 16],
    pub device_id: [u8; 16],
    pub kdf: KdfParams,
    pub salt: [u8; SALT_LEN],
    pub uses_keystore: bool,
    pub wrapped_master: [u8; WRAPPED_MASTER_LEN],
    pub failed_attempts: u32,
    /// The wall clock of the last failure (kept, not read: ADR 0020).
    pub last_failure_at: Option<i64>,
    pub last_failure_clock: Option<BootTime>,
    pub wipe_after_failures: Option<u32>,
    pub wipe_after_idle_days: Option<u32>,
    pub last_sync_at: Option<i64>,
}

fn corrupt(what: &'static str) -> Error {
    Error::CorruptHeader(what)
}

/// Writes fields one after the other into the fixed-size buffer.
struct Writer {
    buf: [u8; HEADER_FILE_LEN],
    at: usize,
}

impl Writer {
    fn put(&mut self, bytes: &[u8]) {
        self.buf[self.at..self.at + bytes.len()].copy_from_slice(bytes);
        self.at += bytes.len();
    }

    /// A flag byte and the value, or zeros of the value's length.
    fn put_opt<const N: usize>(&mut self, value: Option<[u8; N]>) {
        match value {
            Some(v) => {
                self.put(&[1]);
                self.put(&v);
            }
            None => {
                self.put(&[0]);
                self.put(&[0; N]);
            }
        }
    }
}

/// Reads fields back in the order [`Writer`] wrote them.
struct Reader<'a> {
    buf: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0; N];
        out.copy_from_slice(&self.buf[self.at..self.at + N]);
        self.at += N;
        out
    }

    fn u32(&mut self) -> u32 {
        u32::from_be_bytes(self.take())
    }

    fn opt<const N: usize>(&mut self, what: &'static str) -> Result<Option<[u8; N]>> {
        let [flag] = self.take::<1>();
        let value = self.take::<N>();
        match flag {
            0 if value == [0; N] => Ok(None),
            1 => Ok(Some(value)),
            _ => Err(corrupt(what)),
        }
    }
}

impl HeaderFile {
    /// The file's bytes: always [`HEADER_FILE_LEN`] of them.
    pub fn encode(&self) -> [u8; HEADER_FILE_LEN] {
        let mut w = Writer {
            buf: [0; HEADER_FILE_LEN],
            at: 0,
        };
        w.put(&MAGIC);
        w.put(&[LAYOUT]);
        w.put(&self.format.to_be_bytes());
        w.put(&self.vault_id);
        w.put(&self.device_id);
        w.put(&self.kdf.m_cost_kib.to_be_bytes());
        w.put(&self.kdf.t_cost.to_be_bytes());
        w.put(&self.kdf.p_cost.to_be_bytes());
        w.put(&self.salt);
        w.put(&[u8::from(self.uses_keystore)]);
        w.put(&self.wrapped_master);
        w.put(&self.failed_attempts.to_be_bytes());
        w.put_opt(self.last_failure_at.map(i64::to_be_bytes));
        w.put_opt(self.last_failure_clock.as_ref().map(|c| {
            let mut v = [0u8; 24];
            v[..16].copy_from_slice(&c.boot);
            v[16..].copy_from_slice(&c.since_boot_ms.to_be_bytes());
            v
        }));
        w.put_opt(self.wipe_after_failures.map(u32::to_be_bytes));
        w.put_opt(self.wipe_after_idle_days.map(u32::to_be_bytes));
        w.put_opt(self.last_sync_at.map(i64::to_be_bytes));
        let end = HEADER_FILE_LEN - SUM_LEN;
        debug_assert!(w.at <= end);
        let sum = checksum(&w.buf[..end]);
        w.buf[end..].copy_from_slice(&sum);
        w.buf
    }

    /// Parses a header file, refusing (with what was wrong) anything but one this
    /// build wrote: a wrong size, layout or checksum, a flag that is not 0 or 1, key
    /// derivation parameters out of range.
    pub(crate) fn decode(bytes: &[u8]) -> Result<HeaderFile> {
        if bytes.len() != HEADER_FILE_LEN {
            return Err(corrupt("the header file has the wrong size"));
        }
        let end = HEADER_FILE_LEN - SUM_LEN;
        if !senim_crypto::ct_eq(&checksum(&bytes[..end]), &bytes[end..]) {
            return Err(corrupt("the header file's checksum does not match"));
        }
        let mut r = Reader { buf: bytes, at: 0 };
        if r.take::<3>() != MAGIC {
            return Err(corrupt("the header file does not start as one"));
        }
        let [layout] = r.take::<1>();
        if layout != LAYOUT {
            return Err(Error::UnsupportedFormat {
                found: u32::from(layout),
                supported: u32::from(LAYOUT),
            });
        }
        let format = r.u32();
        if format > crate::VAULT_FORMAT {
            return Err(Error::UnsupportedFormat {
                found: format,
                supported: crate::VAULT_FORMAT,
            });
        }
        let vault_id = r.take();
        let device_id = r.take();
        let kdf = KdfParams {
            m_cost_kib: r.u32(),
            t_cost: r.u32(),
            p_cost: r.u32(),
        };
        kdf.check()
            .map_err(|_| corrupt("key derivation parameters are out of range"))?;
        let salt = r.take();
        let uses_keystore = match r.take::<1>() {
            [0] => false,
            [1] => true,
            _ => return Err(corrupt("the key store flag is neither 0 nor 1")),
        };
        let wrapped_master = r.take();
        let failed_attempts = r.u32();
        let last_failure_at = r.opt("the last failure's time")?.map(i64::from_be_bytes);
        let last_failure_clock = r
            .opt::<24>("the last failure's boot clock")?
            .map(|v| BootTime {
                boot: v[..16].try_into().unwrap_or_default(),
                since_boot_ms: u64::from_be_bytes(v[16..].try_into().unwrap_or_default()),
            });
        let wipe_after_failures = r
            .opt("the failed-unlock wipe limit")?
            .map(u32::from_be_bytes);
        let wipe_after_idle_days = r.opt("the idle wipe limit")?.map(u32::from_be_bytes);
        let last_sync_at = r.opt("the last sync's time")?.map(i64::from_be_bytes);
        if bytes[r.at..end].iter().any(|&b| b != 0) {
            return Err(corrupt("the header file's padding is not zeros"));
        }
        Ok(HeaderFile {
            format,
            vault_id,
            device_id,
            kdf,
            salt,
            uses_keystore,
            wrapped_master,
            failed_attempts,
            last_failure_at,
            last_failure_clock,
            wipe_after_failures,
            wipe_after_idle_days,
            last_sync_at,
        })
    }

    /// Reads the header file at `path`: [`Error::NoVault`] when there is none.
    pub(crate) fn read(path: &Path) -> Result<HeaderFile> {
        match std::fs::read(path) {
            Ok(bytes) => HeaderFile::decode(&bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::NoVault),
            Err(e) => Err(Error::Io(e)),
        }
    }

    /// Replaces the header file at `path` crash-safely: the new bytes go to a
    /// temporary file beside it (owner-only), which is synced, renamed over `path`,
    /// and the directory synced. A crash leaves the old file or the new one.
    pub(crate) fn write(&self, path: &Path) -> Result<()> {
        write_atomically(path, &self.encode())
    }
}

/// The temporary name a header file is written under before its rename.
pub(crate) fn temp_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".tmp");
    PathBuf::from(p)
}

/// Writes `bytes` to `path` through a synced temporary file and a rename, then syncs
/// the directory so the rename itself survives power loss.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = temp_path(path);
    let _ = std::fs::remove_file(&tmp);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    {
        let mut f = opts.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    crate::rotate::checkpoint(crate::rotate::Step::HeaderWritten)?;
    std::fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// [`write_atomically`], then the file it replaced overwritten with random bytes where
/// it lies: a rename alone leaves the old file's bytes (a key slot being replaced or
/// shredded) in blocks the file system has only freed, which a copy of the storage
/// still holds. The old file is opened before the rename and overwritten only once the
/// new one is in place, so a crash leaves the old header or the new one as before.
pub(crate) fn write_scrubbing_old(path: &Path, bytes: &[u8]) -> Result<()> {
    let old = std::fs::OpenOptions::new().write(true).open(path);
    write_atomically(path, bytes)?;
    let mut old = match old {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::Io(e)),
    };
    crate::files::overwrite_in_place(&mut old)?;
    Ok(())
}

/// SHA-256 over the fields, cut to [`SUM_LEN`] bytes: tells damage, not tampering.
pub(crate) fn checksum(fields: &[u8]) -> [u8; SUM_LEN] {
    let full = senim_crypto::sha256(fields);
    let mut out = [0; SUM_LEN];
    out.copy_from_slice(&full[..SUM_LEN]);
    out
}

#[cfg(test)]
#[path = "header_file_tests.rs"]
mod tests;
