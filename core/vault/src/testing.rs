//! What tests use to reach a vault's files now that every page is encrypted (ADR 0033):
//! a raw SQL connection keyed from the passcode (or from a master key), and the header
//! file's fields read and rewritten. Only in builds with the `test-support` feature
//! (and the crate's own tests): the tamper, audit, purge, wipe and hostile-input tests
//! edit a vault as someone holding its files and its passcode could, and check what
//! the vault makes of it.
//!
//! Nothing here counts an attempt, waits out the throttle, checks or migrates a schema:
//! the connection is SQLite's view of the decrypted pages, as they are.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use senim_crypto::{self as crypto, SecretKey};

use crate::files::{Access, connect_keyed};
pub use crate::header_file::{HEADER_FILE_LEN, HeaderFile};
use crate::header_state::{DECOY_HEADER_FILE, HEADER_FILE};
use crate::{DB_FILE, DECOY_FILE, Error, KeyStore, Result, kdf};

/// One of the two databases of a vault directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Db {
    /// `senim.db`, with `senim.hdr`.
    Real,
    /// The decoy (ADR 0016), `senim-2.db`, with `senim-2.hdr`.
    Decoy,
}

impl Db {
    /// The database file's name.
    pub fn file(self) -> &'static str {
        match self {
            Db::Real => DB_FILE,
            Db::Decoy => DECOY_FILE,
        }
    }

    /// Its header file's name.
    pub fn header_file(self) -> &'static str {
        match self {
            Db::Real => HEADER_FILE,
            Db::Decoy => DECOY_HEADER_FILE,
        }
    }
}

/// The path of `db`'s header file in the vault directory `dir`.
pub fn header_path(dir: &Path, db: Db) -> PathBuf {
    dir.join(db.header_file())
}

/// The fields of `db`'s header file, as the vault reads them.
pub fn read_header(dir: &Path, db: Db) -> Result<HeaderFile> {
    HeaderFile::read(&header_path(dir, db))
}

/// Parses header file bytes as the vault does, refusing what it refuses.
pub fn decode_header(bytes: &[u8]) -> Result<HeaderFile> {
    HeaderFile::decode(bytes)
}

/// Rewrites `db`'s header file with `edit` applied and a checksum made anew: an edit
/// by someone who knows the layout, which only the wrapped master key's associated
/// data (and the vault's own checks of each field) can catch.
pub fn edit_header(dir: &Path, db: Db, edit: impl FnOnce(&mut HeaderFile)) -> Result<()> {
    let path = header_path(dir, db);
    let mut file = HeaderFile::read(&path)?;
    edit(&mut file);
    std::fs::write(&path, file.encode())?;
    Ok(())
}

/// `bytes` with the checksum a header file ends with made anew over the fields before
/// it: what someone who knows the layout writes after changing any byte.
pub fn with_checksum(mut bytes: [u8; HEADER_FILE_LEN]) -> [u8; HEADER_FILE_LEN] {
    let end = HEADER_FILE_LEN - crate::header_file::SUM_LEN;
    let sum = crate::header_file::checksum(&bytes[..end]);
    bytes[end..].copy_from_slice(&sum);
    bytes
}

/// The master key that `passcode` (with `keystore`'s device secret for a device-bound
/// vault) unwraps from `db`'s header file; [`Error::WrongPasscode`] when it does not.
/// No attempt is counted.
pub fn master_key(
    dir: &Path,
    db: Db,
    passcode: &[u8],
    keystore: Option<&dyn KeyStore>,
) -> Result<SecretKey> {
    let header = read_header(dir, db)?.header();
    let device_secret = match (header.uses_keystore, keystore) {
        (false, _) => None,
        (true, Some(ks)) => Some(
            ks.secret(&header.keystore_label())?
                .ok_or(Error::DeviceSecretMissing)?,
        ),
        (true, None) => return Err(Error::KeyStoreRequired),
    };
    let kek = kdf::derive_kek(passcode, &header.salt, &header.kdf)?;
    let wrapping = header.wrapping_key(&kek, device_secret.as_deref().map(|s| &s[..]));
    let master = crypto::open(&wrapping, &header.master_aad(), &header.wrapped_master)
        .map_err(|_| Error::WrongPasscode { failures: 0 })?;
    Ok(SecretKey::from_slice(&master)?)
}

/// A raw connection to the database at `path`, keyed with the page key of `master`
/// and set up as the vault sets up its own (write-ahead log, secure delete); no schema
/// check, no migration.
pub fn connect_with_master(path: &Path, master: &SecretKey) -> Result<Connection> {
    connect_keyed(path, Access::ReadWrite, &crate::pages::page_key(master))
}

/// A raw connection to `db` of the vault in `dir`, keyed from `passcode` (a vault not
/// bound to a key store).
pub fn connect(dir: &Path, db: Db, passcode: &[u8]) -> Result<Connection> {
    connect_with_keystore(dir, db, passcode, None)
}

/// [`connect`] for a vault that may be bound to `keystore`.
pub fn connect_with_keystore(
    dir: &Path,
    db: Db,
    passcode: &[u8],
    keystore: Option<&dyn KeyStore>,
) -> Result<Connection> {
    let master = master_key(dir, db, passcode, keystore)?;
    connect_with_master(&dir.join(db.file()), &master)
}

/// Whether the file at `path` starts with SQLite's magic (an unencrypted database).
pub fn is_plaintext(path: &Path) -> Result<bool> {
    crate::pages::is_plaintext(path)
}

/// A worker's session over one note whose text holds `probe`: the vault created in
/// `dir` under `passcode`, the note added, edited, opened, its history read, listed,
/// searched, and the vault locked, unlocked and locked again. What the freed-memory
/// tests run while they watch for the probe and the passcode: the allocator the app
/// and the command ship (ADR 0051) leaves neither in a freed block; the system
/// allocator alone leaves the text.
pub fn session_over_a_note(dir: &Path, passcode: &[u8], probe: &[u8; 32]) -> Result<()> {
    use senim_records::{OutreachNote, PageRequest, RecordBody, RecordFilter};
    let text = String::from_utf8_lossy(probe);
    let note = |text: String| {
        RecordBody::OutreachNote(OutreachNote {
            text,
            place: Some("Sayakhat bus station".into()),
            location: None,
            tags: vec!["market".into()],
            at: chrono::Utc::now(),
            subject: None,
        })
    };
    let mut v = crate::Vault::create(
        dir,
        passcode,
        crate::CreateOptions::insecure_fast_for_tests(),
    )?;
    let id = v.add(note(format!("Met him at the market, {text}.")))?;
    v.update(id, note(format!("Met him at the market, {text}. Edited.")))?;
    drop(v.get(id)?);
    drop(v.history(id)?);
    drop(v.list(&RecordFilter::default(), &PageRequest::first(10))?);
    drop(v.search("market", &RecordFilter::default(), &PageRequest::first(10))?);
    v.lock()?;
    v.unlock(passcode)?;
    drop(v.list(&RecordFilter::default(), &PageRequest::first(10))?);
    v.lock()
}
