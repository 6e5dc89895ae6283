//! The duress passcode (ADR 0016): the decoy database every vault directory holds next
//! to the real one, how it is built, and what a duress unlock does.
//!
//! Every vault has a decoy, `senim-2.db`, with the same schema, the same header (vault
//! and device ids, KDF parameters, salt, key store flag) and a few harmless notes sealed
//! under a decoy master key. Without a duress passcode that key is wrapped under a
//! random key nobody keeps, so the decoy's key slot is a sealed blob of the right length
//! that no passcode opens; with one, under the key the duress passcode derives. The
//! chosen mode (destroy or hide) is sealed inside the decoy (its `secrets` table), so it
//! can only be read after a duress unlock.
//!
//! It must never let the files tell whether a duress passcode is set (same files, same
//! sizes of header fields and key slots, same secret names), never make a duress unlock
//! cost a different amount of key derivation than a real one, never destroy the device
//! secret the decoy shares, and never let a broken decoy stop the real vault opening.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::header::Header;
use super::{AuditAction, AuditEntry, Keys, Vault, schema};
use crate::files::{Access, connect_keyed, create_private_file, remove_db_files};
use crate::header_file::HeaderFile;
use crate::header_state::DECOY_HEADER_FILE;
use crate::pages;
use crate::{Error, Result};
use senim_crypto::{self as crypto, SecretKey};
use senim_records::{OutreachNote, RecordBody};

/// The decoy database inside a vault directory.
pub const DECOY_FILE: &str = "senim-2.db";
const DECOY_CREATING_FILE: &str = "senim-2.db.creating";
/// The decoy's sealed secret holding the [`DuressMode`]; present in every decoy.
pub(crate) const MODE_SECRET: &str = "settings";
/// How many harmless notes a decoy holds.
const DECOY_NOTES: usize = 4;

/// What a duress unlock does to the real vault, chosen when the duress passcode is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuressMode {
    /// Crypto-shredding: the real vault's wrapped master key and sealed secrets are
    /// overwritten before the decoy is shown. Nothing, not even the real passcode,
    /// opens the real records afterwards.
    Destroy,
    /// The real vault is left as it is, hidden: the real passcode still opens it.
    Hide,
}

impl DuressMode {
    fn to_byte(self) -> u8 {
        match self {
            DuressMode::Destroy => 1,
            DuressMode::Hide => 2,
        }
    }

    fn from_byte(b: u8) -> Option<DuressMode> {
        match b {
            1 => Some(DuressMode::Destroy),
            2 => Some(DuressMode::Hide),
            _ => None,
        }
    }
}

/// Which key slot a passcode opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Slot {
    Real,
    Decoy,
}

/// Harmless, plausible notes: outreach work that puts no one at risk. A decoy holds
/// [`DECOY_NOTES`] of them, chosen at random, dated over the past weeks.
pub(super) const HARMLESS_NOTES: &[(&str, &str, &str)] = &[
    (
        "Раздала 30 листовок о правах работников на автовокзале. Вопросов почти не было.",
        "Sairan bus station",
        "leaflets",
    ),
    (
        "Handed out leaflets about the free legal aid hotline near the market entrance.",
        "Barakholka market, main gate",
        "leaflets",
    ),
    (
        "Встреча с коллегами из центра занятости: обновили список бесплатных курсов.",
        "Office",
        "meeting",
    ),
    (
        "Quiet morning. Restocked brochures on safe travel and migration registration.",
        "Office",
        "supplies",
    ),
    (
        "Провела информационную сессию о регистрации по месту пребывания для студентов.",
        "College library",
        "info-session",
    ),
    (
        "Checked that the hotline number on the posters at the bus station is still correct.",
        "Central bus station",
        "posters",
    ),
    (
        "Training day on first aid with the Red Crescent volunteers.",
        "Red Crescent office",
        "training",
    ),
    (
        "Раздали памятки о мошенничестве с вакансиями за рубежом у входа на рынок.",
        "Alimkent market",
        "leaflets",
    ),
];

/// [`DECOY_NOTES`] notes from [`HARMLESS_NOTES`], chosen at random, each with the time
/// it is written into the decoy: spread at random between `created` (the vault's
/// creation) and now, oldest first, so the decoy reads as a vault in use since then
/// rather than one filled in a second. Each note is about something that happened half
/// an hour to four hours before it was written.
pub(crate) fn harmless_notes(created: DateTime<Utc>) -> Result<Vec<(RecordBody, DateTime<Utc>)>> {
    let mut pool: Vec<usize> = (0..HARMLESS_NOTES.len()).collect();
    let mut picked = Vec::with_capacity(DECOY_NOTES);
    for _ in 0..DECOY_NOTES {
        let r = u64::from_be_bytes(crypto::random_array()?);
        picked.push(pool.remove((r % pool.len() as u64) as usize));
    }
    let now = Utc::now();
    let span = (now - created).num_seconds().max(0);
    let mut written: Vec<DateTime<Utc>> = Vec::with_capacity(DECOY_NOTES);
    for _ in 0..DECOY_NOTES {
        let r = u64::from_be_bytes(crypto::random_array()?);
        let after = i64::try_from(r % (span as u64 + 1)).unwrap_or(0);
        written.push(created + Duration::seconds(after));
    }
    written.sort_unstable();
    let mut out = Vec::with_capacity(DECOY_NOTES);
    for (i, at) in picked.into_iter().zip(written) {
        let r = u32::from_be_bytes(crypto::random_array()?);
        let before = Duration::minutes(30 + i64::from(r % 210));
        let (text, place, tag) = HARMLESS_NOTES[i];
        out.push((
            RecordBody::OutreachNote(OutreachNote {
                text: text.to_string(),
                place: Some(place.to_string()),
                location: None,
                tags: vec![tag.to_string()],
                at: at - before,
                subject: None,
            }),
            at,
        ));
    }
    Ok(out)
}

/// Builds a fresh decoy database next to the vault whose header is `real` and moves it
/// into place (replacing any earlier one; the caller has closed it). With `wrapping`,
/// the decoy master key is wrapped under it (the key a duress passcode derives) and
/// `mode` is sealed inside; without, under a random key that is dropped at once, so the
/// decoy has exactly the same shape and no passcode opens it. Returns the decoy's
/// master key, which the real vault keeps to grow the decoy (`mirror.rs`).
pub(super) fn build(
    dir: &Path,
    real: &Header,
    wrapping: Option<&SecretKey>,
    mode: DuressMode,
    created: DateTime<Utc>,
) -> Result<SecretKey> {
    let tmp = dir.join(DECOY_CREATING_FILE);
    remove_db_files(&tmp);
    create_private_file(&tmp)?;
    let built = (|| -> Result<(SecretKey, HeaderFile)> {
        let mut header = real.clone();
        header.failed_attempts = 0;
        header.last_failure_at = None;
        let master = SecretKey::random()?;
        let kept = SecretKey::from_slice(master.expose())?;
        let unused;
        let wrapping = match wrapping {
            Some(w) => w,
            None => {
                unused = SecretKey::random()?;
                &unused
            }
        };
        header.wrapped_master = crypto::seal(wrapping, &header.master_aad(), master.expose())?;
        let mut conn = connect_keyed(&tmp, Access::Create, &pages::page_key(&master))?;
        schema::migrate(&mut conn)?;
        header.insert(&conn)?;
        let header_file = HeaderFile::new(&header)?;
        let mut decoy = Vault {
            dir: dir.to_path_buf(),
            conn,
            header,
            keystore: None,
            keys: Some(Keys::derive(master)),
            decoy_keys: None,
            follower: None,
            applied: Default::default(),
            decoy_edited: Default::default(),
            wiped: false,
            spare: None,
            in_decoy: false,
            interrupts: Default::default(),
        };
        // The same first entries as a real vault's log, at the real vault's creation.
        decoy.audit(
            AuditEntry::new(AuditAction::Unlock)
                .detail("vault created")
                .dated(created),
        )?;
        decoy.put_secret(MODE_SECRET, &[mode.to_byte()])?;
        decoy.add_many_at(harmless_notes(created)?)?;
        // Its lock closes its pages (`Vault::lock`).
        decoy.lock()?;
        Ok((kept, header_file))
    })();
    let (key, header_file) = match built {
        Ok(built) => built,
        Err(e) => {
            remove_db_files(&tmp);
            return Err(e);
        }
    };
    // The header file first: a decoy database is never without one.
    header_file.write(&dir.join(DECOY_HEADER_FILE))?;
    let decoy = dir.join(DECOY_FILE);
    if decoy.is_file() {
        // Rewritten in place, never replaced: a new file would have a newer inode and
        // birth time than `senim.db`, and tell that the decoy was made later.
        let copied = copy_in_place(&tmp, &decoy);
        remove_db_files(&tmp);
        return copied.map(|()| key);
    }
    std::fs::rename(&tmp, &decoy)?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(key)
}

/// Wraps the decoy's master key (its `keys`) under `wrapping`, the key a duress
/// passcode derives, and seals `mode` inside: the decoy on `conn` keeps everything it
/// has grown, in the same file. Its log is emptied after, so the earlier wrapping does
/// not linger in it.
fn rekey(
    vault: &Vault,
    conn: &Connection,
    keys: &Keys,
    wrapping: &SecretKey,
    mode: DuressMode,
) -> Result<()> {
    let path = vault.decoy_header_path();
    let mut header = HeaderFile::read(&path)?.header();
    header.wrapped_master = crypto::seal(wrapping, &header.master_aad(), keys.master.expose())?;
    let sealed_mode = crypto::seal(
        &keys.local,
        &vault.secret_aad(MODE_SECRET),
        &[mode.to_byte()],
    )?;
    // The mode is the worker's choice, not a generated write: its commit waits for the
    // disk, as the real vault's do, and the connection then goes back to following.
    conn.pragma_update(None, "synchronous", "FULL")?;
    let written = (|| {
        let tx = conn.unchecked_transaction()?;
        HeaderFile::set_wrapping(&path, &header)?;
        tx.execute(
            "INSERT OR REPLACE INTO secrets (name, blob) VALUES (?1, ?2)",
            rusqlite::params![MODE_SECRET, sealed_mode],
        )?;
        tx.commit()?;
        crate::files::empty_log(conn);
        Ok(())
    })();
    let _ = as_mirror(conn);
    written
}

/// Overwrites the closed database `dst` with the bytes of the closed database `src`,
/// in the same file, cut to `src`'s length and synced, and removes what log `dst` had
/// (its pages are under the key of the decoy it replaces). `dst`'s inode and birth time
/// stay; none of its earlier pages survive in the file or a log.
fn copy_in_place(src: &Path, dst: &Path) -> Result<()> {
    use std::io::{Seek, Write};
    let bytes = std::fs::read(src)?;
    let mut to = std::fs::OpenOptions::new().write(true).open(dst)?;
    to.seek(std::io::SeekFrom::Start(0))?;
    to.write_all(&bytes)?;
    to.set_len(bytes.len() as u64)?;
    to.sync_all()?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut p = dst.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(std::path::PathBuf::from(p));
    }
    Ok(())
}

/// Builds a decoy next to the vault whose header is `real` when there is none, or none
/// with its header file (a vault made before ADR 0016 or before page encryption, or a
/// creation cut short).
pub(super) fn ensure(dir: &Path, real: &Header) -> Result<()> {
    let (db, hdr) = (dir.join(DECOY_FILE), dir.join(DECOY_HEADER_FILE));
    // A decoy from before page encryption keeps its key slot (a duress passcode may
    // open it): its header row moves into its header file as the real one's does, and
    // its pages are encrypted when its key is at hand (`open`).
    if db.is_file() && !hdr.is_file() && pages::is_plaintext(&db)? {
        let moved =
            crate::files::connect(&db, Access::ReadWrite).and_then(|c| HeaderFile::from_row(&c));
        if let Ok(file) = moved {
            file.write(&hdr)?;
            crate::halt::point("header moved senim-2.db");
            return Ok(());
        }
    }
    if !db.is_file() || !hdr.is_file() {
        // Its key is dropped: the real vault, locked, cannot keep it. The next unlock
        // with the real passcode finds that its key does not open this decoy and
        // rebuilds it unless a duress passcode was ever set (`mirror.rs`).
        build(dir, real, None, DuressMode::Hide, Utc::now())?;
    }
    Ok(())
}

/// Opens the decoy's pages with the page key of `master`, to follow the real vault's
/// writes ([`as_mirror`]): `None` when they do not open with it or its schema was
/// changed (treated as a decoy that cannot be opened: the real vault still opens, and
/// unlocking does the same work without it).
pub(super) fn open(dir: &Path, master: &SecretKey) -> Option<Connection> {
    let conn = open_telling(dir, master, &mut |_| {})?;
    // Should the setting fail, the decoy follows waiting for the disk: slower, never
    // left behind (a decoy that stops growing gives itself away).
    let _ = as_mirror(&conn);
    Some(conn)
}

/// Sets up the decoy's connection to follow the real vault's writes: its commits do not
/// wait for the disk (`synchronous = NORMAL`; the real vault's wait, `FULL`). What it
/// writes is generated, so a power cut that loses its last commits loses nothing anyone
/// wrote, and the write-ahead log keeps the file whole either way (a killed process
/// loses nothing: the log is in the system's cache). Each real write then waits for
/// one flush to the disk, not two. A duress unlock opens the decoy anew, waiting for
/// the disk as the real vault does, since its writes are then the worker's.
pub(super) fn as_mirror(conn: &Connection) -> crate::Result<()> {
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(())
}

/// [`open`], telling `progress` when a decoy from before page encryption is encrypted,
/// as a real unlock tells it of the real database.
pub(super) fn open_telling(
    dir: &Path,
    master: &SecretKey,
    progress: &mut dyn FnMut(crate::Upgrade),
) -> Option<Connection> {
    let (db, page_key) = (dir.join(DECOY_FILE), pages::page_key(master));
    if pages::is_plaintext(&db).ok()? {
        progress(crate::Upgrade::EncryptingPages);
        pages::encrypt_in_place(&db, &page_key).ok()?;
    }
    crate::lifecycle::open_checked(&db, &page_key).ok()
}

/// After the real header's key derivation was raised at a passcode change: the decoy's
/// header takes the same parameters, as every decoy's header matches the real one, and
/// a key slot of the same length that no passcode opens (its own could only be
/// re-derived with the duress passcode, which is not at hand).
pub(super) fn follow_parameters(decoy: &Path, real: &Header) -> Result<()> {
    let mut header = HeaderFile::read(decoy)?.header();
    header.kdf = real.kdf;
    header.salt = real.salt;
    let (unused, master) = (SecretKey::random()?, SecretKey::random()?);
    header.wrapped_master = crypto::seal(&unused, &header.master_aad(), master.expose())?;
    HeaderFile::set_wrapping(decoy, &header)
}

/// The decoy's wrapped master key, if the decoy's header matches the real one in every
/// field that decides the wrapping (otherwise the one key derivation could not open it).
pub(super) fn slot(dir: &Path, real: &Header) -> Option<Vec<u8>> {
    let h = HeaderFile::read(&dir.join(DECOY_HEADER_FILE))
        .ok()?
        .header();
    (h.master_aad() == real.master_aad()).then_some(h.wrapped_master)
}

impl Vault {
    /// After a duress unlock, makes the real database the active one again.
    pub(super) fn leave_decoy(&mut self) {
        if !self.in_decoy {
            return;
        }
        if let Some(real) = self.spare.take() {
            let decoy = std::mem::replace(&mut self.conn, real);
            // Back to following the real vault's writes (should the setting fail, it
            // follows them waiting for the disk, as before).
            let _ = as_mirror(&decoy);
            self.spare = Some(decoy);
        }
        self.in_decoy = false;
        if let Ok(f) = HeaderFile::read(&self.real_header_path()) {
            self.header = f.header();
        }
    }

    /// A duress unlock: `master` opened the decoy's slot. The real header's counted
    /// attempt is cleared as a real unlock would; the decoy becomes the active
    /// database; in "destroy" mode the real key material is shredded before anything
    /// else is read.
    /// `progress` hears the upgrade of a decoy from before as a real unlock tells the
    /// real vault's: the same steps, so the screen says the same.
    pub(super) fn enter_decoy(
        &mut self,
        master: SecretKey,
        progress: &mut dyn FnMut(crate::Upgrade),
    ) -> Result<()> {
        let real_path = self.real_header_path();
        crate::files::trace_file(&real_path, "failures cleared");
        HeaderFile::clear_failures(&real_path)?;
        let decoy_header = HeaderFile::read(&self.decoy_header_path())?.header();
        let decoy = open_telling(&self.dir, &master, progress).ok_or(Error::Locked)?;
        let keys = Keys::derive(master);
        // The real database stays closed: its pages need the real master key.
        if let Some(spare) = self.spare.take() {
            let _ = pages::close_locked(spare);
        }
        let real = std::mem::replace(&mut self.conn, decoy);
        let _ = real.close();
        self.register_connections();
        self.header = decoy_header;
        self.in_decoy = true;
        self.keys = Some(keys);
        self.decoy_keys = None;
        let mode = self
            .get_secret(MODE_SECRET)
            .ok()
            .flatten()
            .and_then(|b| b.first().copied().and_then(DuressMode::from_byte))
            // A mode that cannot be read (altered) never destroys anything.
            .unwrap_or(DuressMode::Hide);
        match mode {
            // Not reported: an error now would give the duress unlock away. When the
            // shred cannot be done or read back, the real header file and database are
            // overwritten from end to end instead: destroyed matters more than looking
            // intact.
            DuressMode::Destroy => super::wipe::shred_or_overwrite(&self.dir),
            // The same write and read-back, of what is there: a real unlock does this
            // too, so no unlock is told from another by its work.
            DuressMode::Hide => super::wipe::rehearse_header(&self.dir),
        }
        // The same work as a real unlock, which commits its counter reset and audit
        // entry in one transaction, resets the other file's counter and empties both
        // logs (the shred or its rehearsal emptied the real one already).
        let decoy_path = self.decoy_header_path();
        crate::files::trace_file(&decoy_path, "failures cleared");
        let _ = HeaderFile::clear_failures(&decoy_path);
        // A decoy from before is upgraded as the real vault is at its unlock (its
        // summaries packed again, its records indexed). What cannot be done now is not
        // reported, which would give the duress unlock away: summaries still deflated
        // are read from their documents, and the search is no worse than it was.
        let _ = self
            .keys()
            .and_then(|keys| self.settle_index(keys, progress));
        let audited = (|| {
            let tx = self.conn.unchecked_transaction()?;
            self.append_audit(&tx, AuditEntry::new(AuditAction::Unlock))?;
            Ok(tx.commit()?)
        })();
        crate::files::empty_log(&self.conn);
        if audited.is_err() {
            // Failed as a real unlock fails: locked, its pages closed.
            self.keys = None;
            self.leave_decoy();
            let _ = self.close_pages();
            return audited;
        }
        // The same threads as a real session: a follower that writes nothing.
        self.follow_decoy();
        audited
    }

    /// Sets (or replaces) the duress passcode: entering it at [`Vault::unlock`] opens a
    /// decoy vault with a few harmless notes and, by `mode`, destroys the real vault's
    /// key material or leaves it hidden (ADR 0016). The decoy is rebuilt under the
    /// duress passcode with fresh notes; the files keep the same set and shape as
    /// without a duress passcode.
    ///
    /// Needs the vault unlocked with the real passcode and `current` to be it. Refused
    /// for a demo vault, for a duress passcode equal to the real one, and for a duress
    /// passcode too short to be a passcode.
    pub fn set_duress(
        &mut self,
        current: &[u8],
        duress_passcode: &[u8],
        mode: DuressMode,
    ) -> Result<()> {
        if self.is_demo() {
            return Err(Error::invalid(
                "duress passcode",
                "a demo vault cannot have one: its passcode is public",
            ));
        }
        crate::passcode::check_passcode(duress_passcode)?;
        self.keys()?;
        if self.in_decoy {
            return Err(Error::invalid("duress passcode", "cannot be set now"));
        }
        if crypto::ct_eq(current, duress_passcode) {
            return Err(Error::invalid(
                "duress passcode",
                "must differ from the passcode",
            ));
        }
        let (master, earlier_failures, slot) = self.verify_passcode(current)?;
        drop(master);
        if slot != Slot::Real {
            return Err(Error::WrongPasscode {
                failures: earlier_failures + 1,
            });
        }
        let header = self.header.clone();
        let device_secret = match header.uses_keystore {
            true => Some(self.device_secret(&header)?),
            false => None,
        };
        let kek = crate::kdf::derive_kek(duress_passcode, &header.salt, &header.kdf)?;
        let wrapping = header.wrapping_key(&kek, device_secret.as_deref().map(|s| &s[..]));
        HeaderFile::clear_failures(&self.real_header_path())?;
        // The decoy the real vault holds the key of keeps what it has grown, rewrapped
        // in place (amended 2026-12); one it cannot open is rebuilt.
        self.settle_decoy();
        let rekeyed = match (self.spare.as_ref(), self.decoy_keys.as_deref()) {
            (Some(decoy), Some(keys)) if self::slot(&self.dir, &header).is_some() => {
                rekey(self, decoy, keys, &wrapping, mode).is_ok()
            }
            _ => false,
        };
        if !rekeyed {
            if let Some(old) = self.spare.take() {
                let _ = pages::close_locked(old);
            }
            // The decoy's history starts when the real vault's did.
            let created = self.created_at()?;
            let built = build(&self.dir, &header, Some(&wrapping), mode, created)?;
            self.spare = open(&self.dir, &built);
            self.register_connections();
            self.keep_decoy_key(built)?;
        }
        self.follow_decoy();
        self.audit(AuditEntry::new(AuditAction::DuressPasscodeSet))
    }
}
