//! How records are stored (ADR 0031): an edit appends its change after the document's
//! base and the chain is compacted when full; every record has a sealed summary that
//! listings and the retention scan read instead of the document, rebuilt when missing.

use chrono::{TimeZone, Utc};
use rusqlite::params;
use senim_records::{OutreachNote, PageRequest, RecordBody, RecordFilter, RecordId};

use super::*;
use crate::doc::MAX_CHAIN;

pub(crate) const PASS: &[u8] = b"correct horse";

pub(crate) fn new_vault() -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    (dir, v)
}

pub(crate) fn note(text: &str) -> RecordBody {
    RecordBody::OutreachNote(OutreachNote {
        text: text.into(),
        place: Some("Sayakhat bus station".into()),
        location: None,
        tags: vec!["market".into()],
        at: Utc.with_ymd_and_hms(2026, 5, 1, 10, 0, 0).unwrap(),
        subject: None,
    })
}

/// The local sequence of record `id`.
pub(crate) fn seq_of(v: &Vault, id: RecordId) -> i64 {
    v.conn
        .query_row(
            "SELECT seq FROM records WHERE id = ?1",
            params![id.as_bytes().to_vec()],
            |r| r.get(0),
        )
        .unwrap()
}

fn count(v: &Vault, sql: &str, id: RecordId) -> i64 {
    v.conn
        .query_row(sql, params![id.as_bytes().to_vec()], |r| r.get(0))
        .unwrap()
}

fn changes(v: &Vault, id: RecordId) -> i64 {
    count(
        v,
        "SELECT count(*) FROM record_changes WHERE seq = (SELECT seq FROM records WHERE id = ?1)",
        id,
    )
}

fn sealed_doc(v: &Vault, id: RecordId) -> Vec<u8> {
    v.conn
        .query_row(
            "SELECT doc FROM records WHERE id = ?1",
            params![id.as_bytes().to_vec()],
            |r| r.get(0),
        )
        .unwrap()
}

fn first_page(v: &Vault) -> senim_records::RecordPage {
    v.list(&RecordFilter::default(), &PageRequest::first(50))
        .unwrap()
}

#[test]
fn an_edit_appends_its_change_and_leaves_the_stored_document_as_it_was() {
    let (_dir, v) = new_vault();
    let id = v.add(note("met two men from Osh")).unwrap();
    let base = sealed_doc(&v, id);
    v.update(id, note("met two men from Osh at the market"))
        .unwrap();
    v.update(id, note("met three men from Osh at the market"))
        .unwrap();
    assert_eq!(sealed_doc(&v, id), base, "the base was saved again");
    assert_eq!(changes(&v, id), 2);
    assert_eq!(
        v.get(id).unwrap().body,
        note("met three men from Osh at the market")
    );
    assert_eq!(v.history(id).unwrap().len(), 3);
}

#[test]
fn a_full_chain_is_saved_whole_again_and_the_document_reads_the_same() {
    let (_dir, v) = new_vault();
    let id = v.add(note("edit 0")).unwrap();
    let edits = MAX_CHAIN as usize + 3;
    for i in 1..=edits {
        v.update(id, note(&format!("edit {i}"))).unwrap();
        assert!(changes(&v, id) <= i64::from(MAX_CHAIN));
    }
    assert_eq!(changes(&v, id), 2, "compacted at the 17th edit, two since");
    assert_eq!(v.get(id).unwrap().body, note(&format!("edit {edits}")));
    assert_eq!(v.history(id).unwrap().len(), edits + 1);
}

#[test]
fn a_removed_or_reordered_change_is_tampering_not_an_older_record() {
    let (_dir, v) = new_vault();
    let id = v.add(note("one")).unwrap();
    for text in ["one two", "one two three", "one two three four"] {
        v.update(id, note(text)).unwrap();
    }
    let seq = seq_of(&v, id);
    // Swapped places: each change is bound to its position.
    let tx = v.conn.unchecked_transaction().unwrap();
    tx.execute(
        "UPDATE record_changes SET n = n + 10 WHERE seq = ?1 AND n IN (1, 2)",
        params![seq],
    )
    .unwrap();
    tx.execute(
        "UPDATE record_changes SET n = 13 - n WHERE seq = ?1 AND n IN (11, 12)",
        params![seq],
    )
    .unwrap();
    tx.commit().unwrap();
    assert!(matches!(v.get(id), Err(Error::RecordTampered { .. })));
    // One taken out (and the rest renumbered so no gap shows).
    v.conn
        .execute(
            "DELETE FROM record_changes WHERE seq = ?1 AND n = 2",
            params![seq],
        )
        .unwrap();
    v.conn
        .execute(
            "UPDATE record_changes SET n = 2 WHERE seq = ?1 AND n = 1",
            params![seq],
        )
        .unwrap();
    assert!(v.get(id).is_err(), "a shortened chain read as a record");
}

#[test]
fn a_listed_record_is_its_summary_and_equals_what_its_document_reads() {
    let (_dir, v) = new_vault();
    let a = v.add(note("first")).unwrap();
    let b = v.add(note("second")).unwrap();
    v.update(a, note("first, edited")).unwrap();
    v.delete(b).unwrap();
    let listed = v
        .list(
            &RecordFilter {
                include_deleted: true,
                ..RecordFilter::default()
            },
            &PageRequest::first(50),
        )
        .unwrap();
    assert_eq!(listed.records.len(), 2);
    for r in &listed.records {
        assert_eq!(*r, v.read_for_check(r.id).unwrap());
    }
    // The listing reads the summary: a summary that says otherwise is what it shows.
    let seq_a = seq_of(&v, a);
    let keys = v.keys().unwrap();
    let mut other = v.read_for_check(a).unwrap();
    other.body = note("written only in the summary");
    v.write_summary(&v.conn, keys, seq_a, &other).unwrap();
    assert_eq!(first_page(&v).records[0].body, other.body);
}

#[test]
fn a_vault_without_summaries_lists_from_the_documents_and_gets_them_back() {
    let (_dir, v) = new_vault();
    let ids: Vec<RecordId> = (0..5)
        .map(|i| v.add(note(&format!("note {i}"))).unwrap())
        .collect();
    v.update(ids[2], note("note 2, edited")).unwrap();
    let before = first_page(&v);
    // A vault written before summaries existed has none.
    v.conn.execute("DELETE FROM record_summaries", []).unwrap();
    let after = first_page(&v);
    assert_eq!(after.records, before.records);
    assert!(after.damaged.is_empty());
    let summaries: i64 = v
        .conn
        .query_row("SELECT count(*) FROM record_summaries", [], |r| r.get(0))
        .unwrap();
    assert_eq!(summaries, 5);
}

#[test]
fn a_tampered_or_moved_summary_is_a_damaged_record() {
    let (_dir, v) = new_vault();
    let a = v.add(note("first")).unwrap();
    let b = v.add(note("second")).unwrap();
    // b's summary moved onto a's row: it is bound to b and does not open for a.
    v.conn
        .execute(
            "UPDATE record_summaries SET summary =
                 (SELECT summary FROM record_summaries s JOIN records r ON r.seq = s.seq
                  WHERE r.id = ?2)
             WHERE seq = (SELECT seq FROM records WHERE id = ?1)",
            params![a.as_bytes().to_vec(), b.as_bytes().to_vec()],
        )
        .unwrap();
    let page = first_page(&v);
    assert_eq!(page.damaged, vec![a]);
    assert_eq!(page.records.len(), 1);
    assert_eq!(page.records[0].id, b);
}

#[test]
fn a_removed_record_takes_its_changes_and_summary_with_it() {
    let (_dir, v) = new_vault();
    let id = v.add(note("to be purged")).unwrap();
    v.update(id, note("to be purged, edited")).unwrap();
    assert_eq!(changes(&v, id), 1);
    v.conn
        .execute(
            "DELETE FROM records WHERE id = ?1",
            params![id.as_bytes().to_vec()],
        )
        .unwrap();
    for table in ["record_changes", "record_summaries"] {
        let n: i64 = v
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0, "{table} kept rows of a removed record");
    }
}

#[test]
fn a_passcode_change_folds_the_changes_into_the_base_under_the_new_key() {
    let (dir, mut v) = new_vault();
    let id = v.add(note("before the change")).unwrap();
    v.update(id, note("before the change, edited once"))
        .unwrap();
    v.update(id, note("before the change, edited twice"))
        .unwrap();
    v.change_passcode(PASS, b"another good passcode 2026")
        .unwrap();
    assert_eq!(changes(&v, id), 0);
    assert_eq!(
        v.get(id).unwrap().body,
        note("before the change, edited twice")
    );
    assert_eq!(first_page(&v).records.len(), 1);
    drop(v);
    let mut v = Vault::open(dir.path(), None).unwrap();
    v.unlock(b"another good passcode 2026").unwrap();
    let page = first_page(&v);
    assert!(page.damaged.is_empty());
    assert_eq!(
        page.records[0].body,
        note("before the change, edited twice")
    );
}

/// SQLite compiles a statement again when a value bound to it may change its plan (a
/// LIMIT, a partial index, a LIKE): the statements every record read runs, once per
/// record, were compiled again at every record, a sixth of a listing's time. The
/// connections ask for stable plans (`SQLITE_DBCONFIG_ENABLE_QPSG`), so each is
/// compiled once.
#[test]
fn reading_records_compiles_each_statement_once() {
    use rusqlite::StatementStatus;
    let (_d, v) = new_vault();
    let ids = v
        .add_many(
            (0..130)
                .map(|i| note(&format!("shift {i} at the market")))
                .collect(),
        )
        .unwrap();
    for id in ids.iter().step_by(4) {
        v.update(*id, note("shift moved to the warehouse")).unwrap();
    }
    let mut page = PageRequest::first(50);
    loop {
        let got = v.list(&RecordFilter::default(), &page).unwrap();
        assert!(got.damaged.is_empty());
        match got.next {
            Some(next) => page.after = Some(next),
            None => break,
        }
    }
    let kind = RecordFilter {
        kind: Some(senim_records::RecordKind::OutreachNote),
        ..RecordFilter::default()
    };
    assert_eq!(
        v.list(&kind, &PageRequest::first(200))
            .unwrap()
            .records
            .len(),
        130
    );
    for words in ["shift", "warehouse", "market"] {
        assert!(
            !v.search(words, &RecordFilter::default(), &PageRequest::first(20))
                .unwrap()
                .records
                .is_empty()
        );
    }
    for sql in [
        crate::records::CHANGES_OF_ROW,
        crate::summaries::SUMMARY_OF_ROW,
        crate::records::ROWS_BEFORE,
        crate::records::ROW_AT,
        crate::records::CANDIDATES,
    ] {
        let stmt = v.conn.prepare_cached(sql).unwrap();
        assert_eq!(stmt.get_status(StatementStatus::RePrepare), 0, "{sql}");
    }
}

/// A page is one read of the database: every record on it is read as the vault stood
/// when the page began, even when another connection commits in the middle (here: it
/// makes every summary unreadable). Read statement by statement, the records after
/// that commit came out damaged; and each statement took and released the database's
/// read lock on its own.
#[test]
fn a_page_reads_the_vault_as_it_stood_when_the_page_began() {
    let (d, mut v) = new_vault();
    v.add_many((0..60).map(|i| note(&format!("shift {i}"))).collect())
        .unwrap();
    let mut other =
        Some(crate::testing::connect(d.path(), crate::testing::Db::Real, PASS).unwrap());
    v.conn
        .progress_handler(
            50,
            Some(move || {
                if let Some(c) = other.take() {
                    c.execute_batch("UPDATE record_summaries SET summary = zeroblob(40)")
                        .unwrap();
                }
                false
            }),
        )
        .unwrap();
    let first = v
        .list(&RecordFilter::default(), &PageRequest::first(50))
        .unwrap();
    assert_eq!((first.records.len(), first.damaged.len()), (50, 0));
    // A page read after the commit sees it: every record damaged.
    let after = v
        .list(&RecordFilter::default(), &PageRequest::first(50))
        .unwrap();
    assert_eq!((after.records.len(), after.damaged.len()), (0, 60));
    v.conn.progress_handler(0, None::<fn() -> bool>).unwrap();
}

/// A page's read ends with the page it read even when SQLite has already ended its
/// transaction (as it does when a write inside fails on a full disk or is interrupted:
/// the only writes in a read are summaries kept as a cache).
#[test]
fn a_read_whose_transaction_sqlite_ended_still_returns_what_it_read() {
    let (_d, v) = new_vault();
    let reading = v.one_read().unwrap();
    v.conn.execute_batch("ROLLBACK").unwrap();
    assert!(v.conn.is_autocommit());
    assert_eq!(reading.done(7).unwrap(), 7);
    // And the vault reads on.
    v.add(note("after the ended read")).unwrap();
    assert_eq!(
        v.list(&RecordFilter::default(), &PageRequest::first(5))
            .unwrap()
            .records
            .len(),
        1
    );
}

/// A search or a listing whose first rows do not all match (here: the newest twenty
/// are deleted, and keep their rows in the index) reads on until its page is full,
/// and says whether another page follows exactly when one does.
#[test]
fn a_page_reads_on_past_rows_that_do_not_match() {
    let (_dir, v) = new_vault();
    let ids = v
        .add_many((0..70).map(|i| note(&format!("shift {i}"))).collect())
        .unwrap();
    for id in &ids[50..] {
        v.delete(*id).unwrap();
    }
    for search in [true, false] {
        let read = |limit: usize, after: Option<String>| {
            let page = PageRequest { limit, after };
            match search {
                true => v.search("shift", &RecordFilter::default(), &page),
                false => v.list(&RecordFilter::default(), &page),
            }
            .unwrap()
        };
        let first = read(30, None);
        assert_eq!(first.records.len(), 30, "search: {search}");
        assert_eq!(first.records[0].id, ids[49]);
        let second = read(30, Some(first.next.expect("a second page")));
        assert_eq!(second.records.len(), 20);
        assert_eq!(second.records.last().map(|r| r.id), Some(ids[0]));
        assert!(second.next.is_none(), "nothing after the oldest");
        // A page that holds every match exactly says no other follows.
        let whole = read(50, None);
        assert_eq!(whole.records.len(), 50);
        assert!(whole.next.is_none(), "search: {search}");
    }
}

/// A summary column that holds something other than a sealed summary (the file was
/// edited), text or text that is not even UTF-8, makes that record damaged, as a
/// summary that does not open does; so does a document column of such text. Each used
/// to fail the whole listing with a storage error.
#[test]
fn a_summary_that_is_not_a_blob_is_a_damaged_record() {
    for (table, column, value) in [
        ("record_summaries", "summary", "'not a summary'"),
        ("record_summaries", "summary", "CAST(x'ff' AS TEXT)"),
        ("records", "doc", "CAST(x'ff' AS TEXT)"),
    ] {
        let (_dir, v) = new_vault();
        let a = v.add(note("first shift")).unwrap();
        let b = v.add(note("second shift")).unwrap();
        v.conn
            .execute(
                &format!(
                    "UPDATE {table} SET {column} = {value}
                     WHERE seq = (SELECT seq FROM records WHERE id = ?1)"
                ),
                params![a.as_bytes().to_vec()],
            )
            .unwrap();
        let listed = first_page(&v);
        let found = v
            .search("shift", &RecordFilter::default(), &PageRequest::first(50))
            .unwrap();
        for page in [listed, found] {
            assert_eq!(page.damaged, vec![a], "{column} = {value}");
            let records: Vec<_> = page.records.iter().map(|r| r.id).collect();
            assert_eq!(records, vec![b]);
        }
    }
}
