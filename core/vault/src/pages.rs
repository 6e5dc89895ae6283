//! Page encryption (ADR 0033): every page of a vault database, its first included, is
//! encrypted by SQLCipher under a page key derived from the master key, so a seized
//! file shows nothing but its size. Records stay sealed one by one above it (ADR
//! 0001): the page key hides what the plaintext columns used to show (kinds, counts,
//! envelope places, times, filter sizes); the record keys bind each record to its
//! place.
//!
//! The page key is a raw 256-bit key handed to SQLCipher as `x'…'`, so no second key
//! derivation runs at unlock: the passcode's Argon2 is the only one. SQLCipher then
//! writes a random 16-byte salt at the start of the file (it derives only the pages'
//! HMAC key from it), and each page ends with its random IV and HMAC-SHA512.
//!
//! What this module does not hide: the file's size (its page count), and, while the
//! database is open, the write-ahead log's plaintext frame headers (page numbers and
//! commit marks, not contents); [`close_locked`] empties and removes the log.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};
use zeroize::Zeroizing;

use crate::{Error, Result};
use senim_crypto::SecretKey;

/// The key of a database's pages, derived from its master key.
pub(crate) fn page_key(master: &SecretKey) -> SecretKey {
    master.derive(b"senim/v1/page-key")
}

/// SQLCipher's raw-key form of `key`: `x'` and 64 hex digits and `'`, which it uses as
/// the encryption key as is (no PBKDF2).
pub(crate) fn raw_key(key: &SecretKey) -> Zeroizing<String> {
    key_text("", key, "")
}

/// `before`, the raw key of `key`, `after`, in one string allocated once at its final
/// length and zeroized when dropped: a string that grew (`format!`) would leave each
/// smaller buffer, the key's hex digits in it, to the allocator unzeroized.
fn key_text(before: &str, key: &SecretKey, after: &str) -> Zeroizing<String> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let len = before.len() + 3 + 2 * senim_crypto::KEY_LEN + after.len();
    let mut s = Zeroizing::new(String::with_capacity(len));
    s.push_str(before);
    s.push_str("x'");
    for b in key.expose() {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    s.push('\'');
    s.push_str(after);
    debug_assert_eq!(s.capacity(), len, "the key's text never grows");
    s
}

/// The statement `pragma` (`key` or `rekey`) giving `key` as a raw key.
fn key_pragma(pragma: &str, key: &SecretKey) -> Zeroizing<String> {
    let mut before = String::with_capacity(16);
    before.push_str("PRAGMA ");
    before.push_str(pragma);
    before.push_str(" = \"");
    key_text(&before, key, "\";")
}

/// Gives `conn` its page key before anything is read, then reads the schema to check
/// it: a key that does not open the pages (a wrong key, a damaged or foreign file) is
/// [`Error::CorruptDatabase`], never a panic or a later surprise.
pub(crate) fn apply_key(conn: &Connection, key: &SecretKey) -> Result<()> {
    quiet(conn)?;
    conn.execute_batch(&key_pragma("key", key))?;
    check_key(conn)
}

/// SQLCipher logs a page that does not decrypt to standard error; the vault reports it
/// as a typed error instead, and keeps its own logs free of anything about the files.
fn quiet(conn: &Connection) -> Result<()> {
    conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()))
        .optional()?;
    Ok(())
}

fn check_key(conn: &Connection) -> Result<()> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map(|_| ())
    .map_err(|_| Error::CorruptDatabase("the database's pages do not open with its key".into()))
}

/// Re-encrypts every page of `conn`'s database under `new` (a passcode change replaces
/// the master key, ADR 0022), then empties the log so no page under the old key is
/// left in it.
pub(crate) fn rekey(conn: &Connection, new: &SecretKey) -> Result<()> {
    conn.execute_batch(&key_pragma("rekey", new))?;
    crate::files::empty_log(conn);
    check_key(conn)
}

/// Closes a database as a lock does: the log copied into the database and truncated,
/// then the connection closed, which removes the log and the shared-memory file.
pub(crate) fn close_locked(conn: Connection) -> Result<()> {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    conn.close().map_err(|(_, e)| Error::from(e))
}

/// Copies the unencrypted database `conn` into a new page-encrypted database at `to`
/// under `key`, schema version included (the migration of a vault from before page
/// encryption). `to` must not exist; it is synced before this returns.
pub(crate) fn export_encrypted(conn: &Connection, to: &Path, key: &SecretKey) -> Result<()> {
    if to.exists() {
        return Err(Error::Storage(
            "the encrypted copy's file exists already".into(),
        ));
    }
    // Owner-only from the start; SQLite then opens it as it opens the source.
    crate::files::create_private_file(to)?;
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let to_str = to
        .to_str()
        .ok_or_else(|| Error::invalid("path", "the vault's path is not UTF-8"))?;
    conn.execute(
        "ATTACH DATABASE ?1 AS encrypted KEY ?2",
        [to_str, raw_key(key).as_str()],
    )?;
    let exported = conn
        .query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))
        .and_then(|()| conn.execute_batch(&format!("PRAGMA encrypted.user_version = {version};")));
    let detached = conn.execute_batch("DETACH DATABASE encrypted;");
    exported?;
    detached?;
    std::fs::File::open(to)?.sync_all()?;
    Ok(())
}

/// The temporary name of the encrypted copy [`encrypt_in_place`] builds.
pub(crate) fn encrypting_path(db: &Path) -> std::path::PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(".encrypting");
    std::path::PathBuf::from(p)
}

/// Whether the database file at `db` is unencrypted SQLite (it starts with SQLite's
/// magic); an encrypted one starts with SQLCipher's random salt.
pub(crate) fn is_plaintext(db: &Path) -> Result<bool> {
    use std::io::Read;
    let mut magic = [0u8; 16];
    let mut f = std::fs::File::open(db)?;
    match f.read_exact(&mut magic) {
        Ok(()) => Ok(&magic == b"SQLite format 3\0"),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(false),
        Err(e) => Err(Error::Io(e)),
    }
}

/// Replaces the unencrypted database at `db` by a page-encrypted copy under `key`,
/// crash-safely (ADR 0033): the copy is built and synced under a temporary name, the
/// old database closed with its log emptied and removed, then the copy renamed over it
/// and the directory synced; the plaintext file is then overwritten where it lies. A
/// kill at any moment leaves the old database (and maybe a leftover copy, removed by
/// the next call) or the new one, never neither. A database
/// that is encrypted already is left as it is.
pub(crate) fn encrypt_in_place(db: &Path, key: &SecretKey) -> Result<()> {
    let tmp = encrypting_path(db);
    crate::files::remove_db_files(&tmp);
    if !is_plaintext(db)? {
        return Ok(());
    }
    let name = db.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let conn = crate::files::connect(db, crate::files::Access::ReadWrite)?;
    export_encrypted(&conn, &tmp, key)?;
    crate::halt::point(&format!("exported {name}"));
    close_locked(conn)?;
    crate::halt::point(&format!("closed {name}"));
    // A log left beside the encrypted file would be replayed into it.
    for suffix in ["-wal", "-journal"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        if std::path::PathBuf::from(p).exists() {
            crate::files::remove_db_files(&tmp);
            return Err(Error::Storage(
                "the database's log outlived its connection; not encrypted".into(),
            ));
        }
    }
    // The plaintext file is overwritten where it lies once the encrypted one has taken
    // its name: a rename alone leaves its pages in blocks the file system only freed.
    let mut old = std::fs::OpenOptions::new().write(true).open(db)?;
    std::fs::rename(&tmp, db)?;
    if let Some(dir) = db.parent() {
        std::fs::File::open(dir)?.sync_all()?;
    }
    crate::halt::point(&format!("renamed {name}"));
    crate::files::overwrite_in_place(&mut old)?;
    crate::halt::point(&format!("encrypted {name}"));
    Ok(())
}

#[cfg(test)]
#[path = "pages_tests.rs"]
mod tests;
