//! The audit log records who did what, in order, and any edit of it is detected:
//! altering, removing, reordering entries, or cutting the end off.
//!
//! Tampering happens the way it would in the field: on the file, while the vault is
//! closed; the worker then opens and unlocks the vault and the log is verified.

use crate::common;

use std::path::Path;

use senim_records::RecordKind;
use senim_vault::{AuditAction, Error, Vault};

use common::{
    PASSCODE, WRONG_PASSCODE, create_vault, lock_and_close, note, open_unlocked, with_raw_db,
};

/// A closed vault after some activity: creates, views, an edit, a delete, locks.
fn vault_with_history(dir: &Path) -> u64 {
    let vault = create_vault(dir);
    let a = vault.add(note("first contact at the bus station")).unwrap();
    let b = vault.add(note("second contact")).unwrap();
    vault.get(a).unwrap();
    vault.update(a, note("first contact, edited")).unwrap();
    vault.delete(b).unwrap();
    lock_and_close(vault);
    let vault = open_unlocked(dir);
    vault.get(a).unwrap();
    vault.add(note("third contact")).unwrap();
    lock_and_close(vault);
    audit_rows(dir)
}

fn audit_rows(dir: &Path) -> u64 {
    with_raw_db(dir, |c| {
        c.query_row("SELECT COUNT(*) FROM audit", [], |r| r.get::<_, i64>(0))
            .unwrap() as u64
    })
}

fn raw_entry(dir: &Path, seq: u64) -> (Vec<u8>, Vec<u8>) {
    with_raw_db(dir, |c| {
        c.query_row(
            "SELECT entry, chain FROM audit WHERE seq = ?1",
            [seq as i64],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    })
}

fn set_raw_entry(dir: &Path, seq: u64, entry: &[u8], chain: &[u8]) {
    with_raw_db(dir, |c| {
        let n = c
            .execute(
                "UPDATE audit SET entry = ?1, chain = ?2 WHERE seq = ?3",
                rusqlite::params![entry, chain, seq as i64],
            )
            .unwrap();
        assert_eq!(n, 1);
    })
}

fn delete_raw_entry(dir: &Path, seq: u64) {
    with_raw_db(dir, |c| {
        let n = c
            .execute("DELETE FROM audit WHERE seq = ?1", [seq as i64])
            .unwrap();
        assert_eq!(n, 1);
    })
}

/// Opens and unlocks the vault, then verifies the log. Returns the first error: the
/// tampering may be caught by the unlock itself or by the verification.
fn unlock_and_verify(dir: &Path) -> Result<u64, Error> {
    let mut vault = Vault::open(dir, None)?;
    vault.unlock(PASSCODE)?;
    Ok(vault.audit_verify()?.entries)
}

fn assert_detected(dir: &Path, what: &str) {
    match unlock_and_verify(dir) {
        Err(Error::AuditBroken { .. }) => {}
        Ok(entries) => panic!("{what}: the log verified ({entries} entries)"),
        Err(other) => panic!("{what}: expected AuditBroken, got {other:?}"),
    }
}

#[test]
fn an_untouched_log_verifies() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = vault_with_history(tmp.path());
    let vault = open_unlocked(tmp.path());
    let report = vault.audit_verify().unwrap();
    // The unlock just now added one entry.
    assert_eq!(report.entries, rows + 1);
    assert_eq!(vault.audit_log().unwrap().len() as u64, report.entries);
}

#[test]
fn the_log_records_each_action_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = create_vault(tmp.path());
    let id = vault.add(note("met at the market")).unwrap();
    vault.get(id).unwrap();
    vault.update(id, note("met at the market, row 7")).unwrap();
    vault.delete(id).unwrap();
    lock_and_close(vault);
    let mut vault = Vault::open(tmp.path(), None).unwrap();
    assert!(matches!(
        vault.unlock(WRONG_PASSCODE),
        Err(Error::WrongPasscode { failures: 1 })
    ));
    vault.unlock(PASSCODE).unwrap();

    let log = vault.audit_log().unwrap();
    let actions: Vec<AuditAction> = log.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        vec![
            AuditAction::Unlock,
            AuditAction::Create,
            AuditAction::View,
            AuditAction::Edit,
            AuditAction::Delete,
            AuditAction::Lock,
            AuditAction::FailedUnlock,
            AuditAction::Unlock,
        ]
    );
    let seqs: Vec<u64> = log.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=8).collect::<Vec<_>>());
    assert!(
        log.windows(2).all(|w| w[0].at <= w[1].at),
        "times never go back"
    );
    for e in &log[1..5] {
        assert_eq!(e.record, Some(id), "{:?} names the record", e.action);
        assert_eq!(e.kind, Some(RecordKind::OutreachNote));
    }
    for e in [&log[0], &log[5], &log[6], &log[7]] {
        assert_eq!(e.record, None, "{:?} names no record", e.action);
    }
    assert!(
        log[3].detail.as_deref().unwrap_or("").contains("text"),
        "an edit names the changed fields: {:?}",
        log[3].detail
    );
    assert!(
        log[6].detail.as_deref().unwrap_or("").contains('1'),
        "a failed unlock entry counts the attempts: {:?}",
        log[6].detail
    );
    vault.audit_verify().unwrap();
}

#[test]
fn an_altered_entry_is_detected() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = vault_with_history(tmp.path());
    let seq = rows / 2;
    let (mut entry, chain) = raw_entry(tmp.path(), seq);
    let mid = entry.len() / 2;
    entry[mid] ^= 0x01;
    set_raw_entry(tmp.path(), seq, &entry, &chain);
    assert_detected(tmp.path(), "altered entry");
}

#[test]
fn an_altered_last_entry_is_detected() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = vault_with_history(tmp.path());
    let (mut entry, chain) = raw_entry(tmp.path(), rows);
    entry[20] ^= 0x80;
    set_raw_entry(tmp.path(), rows, &entry, &chain);
    assert_detected(tmp.path(), "altered last entry");
}

#[test]
fn an_entry_replaced_by_a_value_of_another_type_is_detected() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = vault_with_history(tmp.path());
    with_raw_db(tmp.path(), |c| {
        c.execute(
            "UPDATE audit SET entry = 'text now' WHERE seq = ?1",
            [(rows / 2) as i64],
        )
        .unwrap()
    });
    assert_detected(tmp.path(), "entry replaced by text");
}

#[test]
fn a_deleted_middle_entry_is_detected() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = vault_with_history(tmp.path());
    delete_raw_entry(tmp.path(), rows / 2);
    assert_detected(tmp.path(), "deleted middle entry");
}

#[test]
fn a_deleted_last_entry_is_detected() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = vault_with_history(tmp.path());
    delete_raw_entry(tmp.path(), rows);
    assert_detected(tmp.path(), "deleted last entry");
}

#[test]
fn a_deleted_last_entry_is_detected_while_the_vault_stays_unlocked() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = vault_with_history(tmp.path());
    let vault = open_unlocked(tmp.path());
    // Another process edits the file under the open vault.
    delete_raw_entry(tmp.path(), rows + 1);
    assert!(matches!(
        vault.audit_verify(),
        Err(Error::AuditBroken { .. })
    ));
}

#[test]
fn a_log_with_every_entry_deleted_is_detected() {
    let tmp = tempfile::tempdir().unwrap();
    vault_with_history(tmp.path());
    with_raw_db(tmp.path(), |c| c.execute("DELETE FROM audit", []).unwrap());
    assert_detected(tmp.path(), "every entry deleted");
}

#[test]
fn two_swapped_entries_are_detected() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = vault_with_history(tmp.path());
    let (a, b) = (2, rows - 1);
    let (entry_a, chain_a) = raw_entry(tmp.path(), a);
    let (entry_b, chain_b) = raw_entry(tmp.path(), b);
    set_raw_entry(tmp.path(), a, &entry_b, &chain_b);
    set_raw_entry(tmp.path(), b, &entry_a, &chain_a);
    assert_detected(tmp.path(), "swapped entries");
}

#[test]
fn two_swapped_neighbouring_entries_are_detected() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = vault_with_history(tmp.path());
    let (a, b) = (3, 4);
    assert!(rows > 4);
    let (entry_a, chain_a) = raw_entry(tmp.path(), a);
    let (entry_b, chain_b) = raw_entry(tmp.path(), b);
    set_raw_entry(tmp.path(), a, &entry_b, &chain_b);
    set_raw_entry(tmp.path(), b, &entry_a, &chain_a);
    assert_detected(tmp.path(), "swapped neighbouring entries");
}

fn raw_head(dir: &Path) -> Option<Vec<u8>> {
    with_raw_db(dir, |c| {
        c.query_row("SELECT audit_head FROM header WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap()
    })
}

fn set_raw_head(dir: &Path, head: Option<Vec<u8>>) {
    with_raw_db(dir, |c| {
        c.execute("UPDATE header SET audit_head = ?1 WHERE id = 1", [head])
            .unwrap();
    })
}

#[test]
fn a_removed_head_is_detected_and_stays_detected_after_more_writes() {
    let tmp = tempfile::tempdir().unwrap();
    vault_with_history(tmp.path());
    set_raw_head(tmp.path(), None);
    assert_detected(tmp.path(), "head removed");
    // The worker keeps working; the break does not heal.
    let vault = open_unlocked(tmp.path());
    vault.add(note("after the break")).unwrap();
    lock_and_close(vault);
    assert_detected(tmp.path(), "head removed, later writes");
}

#[test]
fn a_head_rolled_back_to_an_older_copy_is_detected_and_writing_still_works() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let vault = create_vault(dir);
    vault.add(note("one")).unwrap();
    lock_and_close(vault);
    let old_head = raw_head(dir);
    let vault = open_unlocked(dir);
    vault.add(note("two")).unwrap();
    lock_and_close(vault);
    set_raw_head(dir, old_head);
    assert_detected(dir, "head rolled back");
    let vault = open_unlocked(dir);
    vault.add(note("three")).unwrap();
    assert!(matches!(
        vault.audit_verify(),
        Err(Error::AuditBroken { .. })
    ));
}
