use super::*;
use crate::header_file::HEADER_FILE_LEN;
use crate::kdf::{KdfParams, SALT_LEN};
use crate::{CreateOptions, Vault};
use senim_crypto::SecretKey;

const PASS: &[u8] = b"correct horse";

/// A header whose key slot really is `master` sealed under `wrapping`.
fn sealed_header(wrapping: &SecretKey, master: &SecretKey) -> Header {
    let mut h = Header {
        format: crate::VAULT_FORMAT,
        vault_id: [1; 16],
        device_id: [2; 16],
        kdf: KdfParams::OWASP_MINIMUM,
        salt: [3; SALT_LEN],
        uses_keystore: false,
        wrapped_master: Vec::new(),
        failed_attempts: 0,
        last_failure_at: None,
    };
    h.wrapped_master = crypto::seal(wrapping, &h.master_aad(), master.expose()).unwrap();
    h
}

fn clock(ms: u64) -> BootTime {
    BootTime {
        boot: [9; 16],
        since_boot_ms: ms,
    }
}

#[test]
fn a_header_row_moves_into_a_header_file_with_its_counters_and_limits() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    v.lock().unwrap();
    drop(v);
    // A vault from before page encryption counted its failures in this row; this one
    // counts them in its header file, so the row is given such a vault's counters (one
    // failure, on the boot clock) and limits.
    let conn = crate::testing::connect(dir.path(), crate::testing::Db::Real, PASS).unwrap();
    conn.execute(
        "UPDATE header SET failed_attempts = 1, last_failure_at = 1699999000,
                last_failure_boot = ?1, last_failure_since_boot_ms = 5,
                wipe_after_failures = 10, wipe_after_idle_days = 30, last_sync_at = 1700000000",
        [vec![9u8; 16]],
    )
    .unwrap();
    let row = Header::read(&conn).unwrap();

    let file = HeaderFile::from_row(&conn).unwrap();
    assert_eq!(file.failed_attempts, 1);
    assert!(file.last_failure_at.is_some());
    assert_eq!(
        file.last_failure_clock,
        Header::failure_clock(&conn).unwrap()
    );
    assert!(file.last_failure_clock.is_some());
    assert_eq!(
        file.wipe_settings(),
        (Some(10), Some(30), Some(1_700_000_000))
    );
    // The key slot and everything its associated data binds move as they are: the
    // passcode is not needed to move it.
    let moved = file.header();
    assert_eq!(moved.master_aad(), row.master_aad());
    assert_eq!(moved.wrapped_master, row.wrapped_master);

    let path = dir.path().join(HEADER_FILE);
    file.write(&path).unwrap();
    assert_eq!(HeaderFile::read(&path).unwrap(), file);
    assert_eq!(
        std::fs::metadata(&path).unwrap().len(),
        HEADER_FILE_LEN as u64
    );
}

#[test]
fn each_write_changes_its_own_fields_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(HEADER_FILE);
    let (wrapping, master) = (SecretKey::random().unwrap(), SecretKey::random().unwrap());
    let header = sealed_header(&wrapping, &master);
    let start = HeaderFile::new(&header).unwrap();
    start.write(&path).unwrap();
    assert_eq!(start.header().wrapped_master, header.wrapped_master);
    assert_eq!(start.wipe_settings(), (None, None, None));

    HeaderFile::count_failure(&path, 3, 1_700_000_123, &clock(5)).unwrap();
    let counted = HeaderFile::read(&path).unwrap();
    assert_eq!(
        (
            counted.failed_attempts,
            counted.last_failure_at,
            counted.last_failure_clock
        ),
        (3, Some(1_700_000_123), Some(clock(5)))
    );
    HeaderFile::restart_failure_clock(&path, &clock(77)).unwrap();
    assert_eq!(
        HeaderFile::read(&path).unwrap().last_failure_clock,
        Some(clock(77))
    );
    assert_eq!(HeaderFile::read(&path).unwrap().failed_attempts, 3);
    let limits = |failures, days| {
        HeaderFile::update(&path, |f| {
            f.wipe_after_failures = failures;
            f.wipe_after_idle_days = days;
            Ok(())
        })
        .unwrap()
    };
    limits(Some(10), Some(14));
    HeaderFile::set_last_sync(&path, 1_700_000_999).unwrap();
    HeaderFile::clear_failures(&path).unwrap();
    let now = HeaderFile::read(&path).unwrap();
    assert_eq!(
        (
            now.failed_attempts,
            now.last_failure_at,
            now.last_failure_clock
        ),
        (0, None, None)
    );
    assert_eq!(
        now.wipe_settings(),
        (Some(10), Some(14), Some(1_700_000_999))
    );
    limits(None, None);
    assert_eq!(
        HeaderFile::read(&path).unwrap().wipe_settings(),
        (None, None, Some(1_700_000_999))
    );

    // A passcode change: new parameters, salt and key slot; ids and counters stay.
    let mut changed = header.clone();
    changed.kdf.t_cost += 1;
    changed.salt = [8; SALT_LEN];
    changed.wrapped_master = crypto::seal(
        &SecretKey::random().unwrap(),
        &changed.master_aad(),
        master.expose(),
    )
    .unwrap();
    HeaderFile::set_wrapping(&path, &changed).unwrap();
    let rewrapped = HeaderFile::read(&path).unwrap().header();
    assert_eq!(rewrapped.master_aad(), changed.master_aad());
    assert_eq!(rewrapped.wrapped_master, changed.wrapped_master);
    assert_eq!(rewrapped.vault_id, header.vault_id);
}

#[test]
fn a_key_slot_of_another_length_is_a_corrupt_header_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(HEADER_FILE);
    let mut header = sealed_header(&SecretKey::random().unwrap(), &SecretKey::random().unwrap());
    let start = HeaderFile::new(&header).unwrap();
    start.write(&path).unwrap();
    header.wrapped_master.pop();
    assert!(matches!(
        HeaderFile::new(&header),
        Err(Error::CorruptHeader(_))
    ));
    assert!(matches!(
        HeaderFile::set_wrapping(&path, &header),
        Err(Error::CorruptHeader(_))
    ));
    assert_eq!(HeaderFile::read(&path).unwrap(), start);
}

#[test]
fn a_write_to_a_missing_header_file_is_no_vault_and_creates_none() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(HEADER_FILE);
    assert!(matches!(
        HeaderFile::clear_failures(&path),
        Err(Error::NoVault)
    ));
    assert!(!path.exists());
    assert!(matches!(
        HeaderFile::shred(&path, Shred::Panic),
        Err(Error::NoVault)
    ));
    assert!(!path.exists());
}

#[test]
fn a_shred_leaves_a_key_slot_no_passcode_opens_and_a_rehearsal_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(HEADER_FILE);
    let (wrapping, master) = (SecretKey::random().unwrap(), SecretKey::random().unwrap());
    let header = sealed_header(&wrapping, &master);
    let opens = |h: &Header| crypto::open(&wrapping, &h.master_aad(), &h.wrapped_master).is_ok();
    assert!(opens(&header));
    let start = HeaderFile::new(&header).unwrap();

    start.write(&path).unwrap();
    let before = std::fs::read(&path).unwrap();
    HeaderFile::shred(&path, Shred::Rehearse).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // Duress "destroy": the slot keeps a sealed blob's form, the salt stays (the decoy
    // shares it), and the master key is gone.
    HeaderFile::shred(&path, Shred::Duress).unwrap();
    let destroyed = HeaderFile::read(&path).unwrap();
    assert_eq!(destroyed.wrapped_master[0], crypto::SEALED_V1);
    assert_ne!(destroyed.wrapped_master, start.wrapped_master);
    assert_eq!(destroyed.salt, start.salt);
    assert_eq!(
        HeaderFile {
            wrapped_master: start.wrapped_master,
            ..destroyed.clone()
        },
        start
    );
    assert!(!opens(&destroyed.header()));

    // A panic wipe: the salt goes too.
    start.write(&path).unwrap();
    HeaderFile::shred(&path, Shred::Panic).unwrap();
    let wiped = HeaderFile::read(&path).unwrap();
    assert_ne!(wiped.salt, start.salt);
    assert_ne!(wiped.wrapped_master, start.wrapped_master);
    assert!(!opens(&wiped.header()));
    // Nothing of the old slot is left in the file.
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        !bytes
            .windows(16)
            .any(|w| start.wrapped_master.windows(16).any(|s| s == w))
    );
}

#[test]
fn a_replaced_or_shredded_key_slot_is_not_left_in_the_file_it_was_in() {
    // A hard link keeps the replaced file's bytes reachable, as blocks a file system
    // only freed stay on the storage: a rename alone would leave the old key slot there.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(HEADER_FILE);
    let (wrapping, master) = (SecretKey::random().unwrap(), SecretKey::random().unwrap());
    let header = sealed_header(&wrapping, &master);
    HeaderFile::new(&header).unwrap().write(&path).unwrap();
    let contains = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);

    let before_change = dir.path().join("before-change");
    std::fs::hard_link(&path, &before_change).unwrap();
    let rewrapped = sealed_header(&SecretKey::random().unwrap(), &master);
    HeaderFile::set_wrapping(&path, &rewrapped).unwrap();
    let old = std::fs::read(&before_change).unwrap();
    assert_eq!(old.len(), HEADER_FILE_LEN);
    assert!(!contains(&old, &header.wrapped_master));

    for how in [Shred::Rehearse, Shred::Duress, Shred::Panic] {
        let kept = dir.path().join("before-shred");
        let _ = std::fs::remove_file(&kept);
        std::fs::hard_link(&path, &kept).unwrap();
        let slot = HeaderFile::read(&path).unwrap().wrapped_master;
        HeaderFile::shred(&path, how).unwrap();
        assert!(!contains(&std::fs::read(&kept).unwrap(), &slot), "{how:?}");
    }
}
