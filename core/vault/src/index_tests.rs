//! The search index inside the page-encrypted database (ADR 0039): what it holds after
//! an edit and a removal, and how a vault from before it gets one.

use chrono::{TimeZone, Utc};
use rusqlite::params;
use senim_records::{PageRequest, RecordBody, RecordFilter, RecordId};

use super::*;

use crate::records_tests::{PASS, new_vault, note};

/// The records the index itself finds for `word` as a whole token (no exact check).
fn indexed(v: &Vault, word: &str) -> Vec<i64> {
    v.conn
        .prepare("SELECT rowid FROM record_index WHERE record_index MATCH ?1")
        .unwrap()
        .query_map(params![format!("\"{word}\"")], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Whether any block of the index's storage holds `bytes`.
fn stored(v: &Vault, bytes: &[u8]) -> bool {
    v.conn
        .prepare("SELECT block FROM record_index_data")
        .unwrap()
        .query_map([], |r| r.get::<_, Option<Vec<u8>>>(0))
        .unwrap()
        .map(Result::unwrap)
        .any(|b| b.is_some_and(|b| b.windows(bytes.len()).any(|w| w == bytes)))
}

fn found(v: &Vault, text: &str) -> Vec<RecordId> {
    v.search(text, &RecordFilter::default(), &PageRequest::first(50))
        .unwrap()
        .records
        .into_iter()
        .map(|r| r.id)
        .collect()
}

#[test]
fn an_edit_replaces_the_records_words_in_the_index() {
    let (_dir, v) = new_vault();
    let id = v.add(note("Бригадир забрал паспорт")).unwrap();
    assert_eq!(found(&v, "бригад"), vec![id]);
    assert_eq!(indexed(&v, "бригадир").len(), 1);
    v.update(id, note("Работает на складе")).unwrap();
    assert!(
        indexed(&v, "бригадир").is_empty(),
        "an edit left a removed word"
    );
    assert!(found(&v, "бригад").is_empty());
    assert_eq!(found(&v, "склад"), vec![id]);
}

#[test]
fn a_removed_record_leaves_no_token_in_the_index() {
    let (_dir, v) = new_vault();
    let word = "qx7vn3kd9wzt";
    let id = v.add(note(&format!("Пароль {word} от склада"))).unwrap();
    v.add(note("Другая заметка о складе")).unwrap();
    assert_eq!(indexed(&v, word).len(), 1);
    assert!(stored(&v, &word.as_bytes()[3..]));
    // What a purge, an erasure and the retention scan do to a record's row.
    v.conn
        .execute(
            "DELETE FROM records WHERE id = ?1",
            params![id.as_bytes().to_vec()],
        )
        .unwrap();
    assert!(indexed(&v, word).is_empty());
    assert!(
        !stored(&v, &word.as_bytes()[3..]),
        "the index's storage still holds a removed record's word"
    );
    assert_eq!(found(&v, "склад").len(), 1);
}

#[test]
fn query_words_reach_the_index_as_words_never_as_its_syntax() {
    let (_dir, v) = new_vault();
    let id = v
        .add(note("near or not, paspport \"quoted\" star*"))
        .unwrap();
    for q in [
        "NEAR", "OR NOT", "\"quoted", "star*", "^near", "near:", "(or",
    ] {
        assert_eq!(found(&v, q), vec![id], "query {q:?}");
    }
    assert!(found(&v, "NEAR(or not)").len() == 1);
    assert!(
        found(&v, "absent OR near").is_empty(),
        "OR is a word, not an operator"
    );
}

#[test]
fn tag_subject_kind_and_month_filters_use_the_index_and_stay_exact() {
    let (_dir, v) = new_vault();
    let a = v.add(note("строительство")).unwrap();
    let mut b_note = note("строительство");
    if let RecordBody::OutreachNote(n) = &mut b_note {
        n.tags = vec!["construction".into()];
        n.at = Utc.with_ymd_and_hms(2026, 7, 3, 10, 0, 0).unwrap();
    }
    let b = v.add(b_note).unwrap();
    let by = |filter: RecordFilter| -> Vec<RecordId> {
        v.search("строит", &filter, &PageRequest::first(50))
            .unwrap()
            .records
            .into_iter()
            .map(|r| r.id)
            .collect()
    };
    assert_eq!(
        by(RecordFilter {
            tag: Some("construction".into()),
            ..RecordFilter::default()
        }),
        vec![b]
    );
    assert_eq!(
        by(RecordFilter {
            from: Some(Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap()),
            to: Some(Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap()),
            ..RecordFilter::default()
        }),
        vec![a]
    );
    assert_eq!(
        by(RecordFilter {
            kind: Some(senim_records::RecordKind::Interview),
            ..RecordFilter::default()
        }),
        Vec::<RecordId>::new()
    );
    assert_eq!(by(RecordFilter::default()), vec![b, a]);
}

#[test]
fn a_vault_from_before_the_index_is_indexed_at_its_next_unlock() {
    let (_dir, mut v) = new_vault();
    let ids: Vec<RecordId> = (0..70)
        .map(|i| v.add(note(&format!("Заметка {i} о рынке"))).unwrap())
        .collect();
    // As migration 0007 leaves a vault whose records it cannot read yet.
    v.conn
        .execute_batch(
            "DELETE FROM record_index;
             INSERT INTO index_pending (one) VALUES (1);",
        )
        .unwrap();
    assert!(found(&v, "рын").is_empty());
    v.lock().unwrap();
    v.unlock(PASS).unwrap();
    assert_eq!(found(&v, "рын").len(), 50);
    assert_eq!(indexed(&v, "рынке").len(), ids.len());
    let pending: i64 = v
        .conn
        .query_row("SELECT count(*) FROM index_pending", [], |r| r.get(0))
        .unwrap();
    assert_eq!(pending, 0);
}
