use super::*;
use crate::rotate::{CUT, Step};

fn full() -> HeaderFile {
    HeaderFile {
        format: crate::VAULT_FORMAT,
        vault_id: [1; 16],
        device_id: [2; 16],
        kdf: KdfParams::OWASP_MINIMUM,
        salt: [3; SALT_LEN],
        uses_keystore: true,
        wrapped_master: [4; WRAPPED_MASTER_LEN],
        failed_attempts: 7,
        last_failure_at: Some(1_700_000_000),
        last_failure_clock: Some(BootTime {
            boot: [5; 16],
            since_boot_ms: 123_456,
        }),
        wipe_after_failures: Some(10),
        wipe_after_idle_days: Some(30),
        last_sync_at: Some(-1),
    }
}

fn bare() -> HeaderFile {
    HeaderFile {
        uses_keystore: false,
        failed_attempts: 0,
        last_failure_at: None,
        last_failure_clock: None,
        wipe_after_failures: None,
        wipe_after_idle_days: None,
        last_sync_at: None,
        ..full()
    }
}

/// The bytes of `h` with `edit` applied and the checksum made right again: what
/// someone who rewrites the file can do.
fn resummed(h: &HeaderFile, edit: impl FnOnce(&mut [u8])) -> Vec<u8> {
    let mut b = h.encode().to_vec();
    edit(&mut b);
    let end = HEADER_FILE_LEN - SUM_LEN;
    let sum = checksum(&b[..end]);
    b[end..].copy_from_slice(&sum);
    b
}

#[test]
fn every_field_round_trips_set_or_absent() {
    for h in [full(), bare()] {
        assert_eq!(HeaderFile::decode(&h.encode()).unwrap(), h);
    }
}

#[test]
fn every_header_file_has_the_same_size_whatever_it_holds() {
    // The decoy's header (no failures, no limits) and a real one with every optional
    // field set are the same length, the same layout: only the values differ.
    assert_eq!(full().encode().len(), HEADER_FILE_LEN);
    assert_eq!(bare().encode().len(), HEADER_FILE_LEN);
}

#[test]
fn a_damaged_file_is_refused_naming_what_is_wrong() {
    let good = full().encode();
    let short = HeaderFile::decode(&good[..HEADER_FILE_LEN - 1]).unwrap_err();
    assert!(matches!(short, Error::CorruptHeader(m) if m.contains("size")));
    for at in [0, 10, 100, HEADER_FILE_LEN - 1] {
        let mut b = good;
        b[at] ^= 0x20;
        assert!(
            matches!(HeaderFile::decode(&b), Err(Error::CorruptHeader(_))),
            "a flipped byte at {at} was accepted"
        );
    }
}

#[test]
fn a_rewritten_file_is_still_checked_field_by_field() {
    let h = full();
    // The key store flag sits after magic, layout, format, ids, parameters and salt.
    let flag_at = 3 + 1 + 4 + 16 + 16 + 12 + SALT_LEN;
    let b = resummed(&h, |b| b[flag_at] = 2);
    assert!(matches!(HeaderFile::decode(&b), Err(Error::CorruptHeader(m)) if m.contains("flag")));
    // Parameters out of range (memory 0).
    let b = resummed(&h, |b| b[40..44].copy_from_slice(&0u32.to_be_bytes()));
    assert!(
        matches!(HeaderFile::decode(&b), Err(Error::CorruptHeader(m)) if m.contains("derivation"))
    );
    // A newer layout or vault format is not guessed at.
    let b = resummed(&h, |b| b[3] = LAYOUT + 1);
    assert!(matches!(
        HeaderFile::decode(&b),
        Err(Error::UnsupportedFormat { .. })
    ));
    let b = resummed(&h, |b| {
        b[4..8].copy_from_slice(&(crate::VAULT_FORMAT + 1).to_be_bytes())
    });
    assert!(matches!(
        HeaderFile::decode(&b),
        Err(Error::UnsupportedFormat { .. })
    ));
    // An absent field with a value behind its zero flag, and bytes in the padding.
    let b = resummed(&bare(), |b| b[FIELDS_END - 8] = 9);
    assert!(matches!(
        HeaderFile::decode(&b),
        Err(Error::CorruptHeader(_))
    ));
    let b = resummed(&h, |b| b[HEADER_FILE_LEN - SUM_LEN - 1] = 1);
    assert!(
        matches!(HeaderFile::decode(&b), Err(Error::CorruptHeader(m)) if m.contains("padding"))
    );
}

/// Where the fields end: fixed fields, then five optional ones (flag and value), the
/// last sync's time last.
const FIELDS_END: usize = (3 + 1 + 4 + 16 + 16 + 12 + SALT_LEN + 1 + WRAPPED_MASTER_LEN + 4)
    + (1 + 8)
    + (1 + 24)
    + (1 + 4)
    + (1 + 4)
    + (1 + 8);

#[test]
fn a_write_cut_before_its_rename_leaves_the_old_header() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h");
    let old = bare();
    old.write(&path).unwrap();
    let new = full();
    CUT.with(|c| *c.borrow_mut() = Some((Step::HeaderWritten, Box::new(|| {}))));
    assert!(new.write(&path).unwrap_err().is_cut());
    // The new bytes are complete in the temporary file, the header is still the old.
    assert_eq!(HeaderFile::read(&path).unwrap(), old);
    assert_eq!(std::fs::read(temp_path(&path)).unwrap(), new.encode());
    // The next write replaces the leftover and lands.
    new.write(&path).unwrap();
    assert_eq!(HeaderFile::read(&path).unwrap(), new);
    assert!(!temp_path(&path).exists());
}

#[test]
fn a_missing_header_file_is_no_vault_and_a_written_one_is_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("h");
    assert!(matches!(HeaderFile::read(&path), Err(Error::NoVault)));
    full().write(&path).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

proptest::proptest! {
    /// Any bytes at all: a header or a typed error, never a panic.
    #[test]
    fn any_bytes_decode_to_a_header_or_a_typed_error(
        bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)
    ) {
        let _ = HeaderFile::decode(&bytes);
    }

    /// A real header with any bytes changed behind a right checksum (what someone who
    /// rewrites the file makes): a header or a typed error, never a panic.
    #[test]
    fn any_rewritten_header_decodes_to_a_header_or_a_typed_error(
        edits in proptest::collection::vec(
            (4..HEADER_FILE_LEN - SUM_LEN, proptest::prelude::any::<u8>()),
            1..8,
        )
    ) {
        let _ = HeaderFile::decode(&resummed(&full(), |b| {
            for (at, value) in edits {
                b[at] = value;
            }
        }));
    }
}
