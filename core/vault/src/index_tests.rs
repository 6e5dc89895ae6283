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

/// The retention scan as it was before the facts: every record read (its summary),
/// the rule applied in memory. The oracle the scan of the facts is held to.
fn expired_by_reading(
    v: &Vault,
    policy: &senim_protocol::team::TeamPolicy,
    now: chrono::DateTime<Utc>,
) -> std::collections::BTreeSet<RecordId> {
    use senim_records::ReferralStatus;
    let all = v.all_records().unwrap();
    let mut out = std::collections::BTreeSet::new();
    for r in all.values() {
        let Some(days) = policy.retention_days(r.kind) else {
            continue;
        };
        let before = now - chrono::Duration::days(i64::from(days));
        match &r.body {
            RecordBody::Subject(_) => {
                let mut group = vec![r.id];
                group.extend(
                    all.values()
                        .filter(|x| x.body.subject() == Some(r.id))
                        .map(|x| x.id),
                );
                if group.iter().all(|id| all[id].updated_at < before) {
                    out.extend(group);
                }
            }
            RecordBody::Referral(f)
                if matches!(
                    f.status,
                    ReferralStatus::Proposed | ReferralStatus::Accepted
                ) => {}
            _ if r.updated_at < before => {
                out.insert(r.id);
            }
            _ => {}
        }
    }
    out
}

#[test]
fn the_retention_scan_of_the_facts_finds_what_reading_every_record_finds() {
    use senim_protocol::team::{Retention, TeamPolicy};
    use senim_records::{Referral, ReferralStatus, Subject};
    let (_dir, v) = new_vault();
    let now = Utc::now();
    let ago = |days: i64| now - chrono::Duration::days(days);
    let subject = |alias: &str| {
        RecordBody::Subject(Subject {
            alias: alias.into(),
            age_band: None,
            gender: None,
            nationality: None,
            languages: Vec::new(),
            contact_preference: None,
        })
    };
    let about = |text: &str, s: Option<RecordId>| {
        let mut n = note(text);
        if let RecordBody::OutreachNote(o) = &mut n {
            o.subject = s;
        }
        n
    };
    let referral = |s: Option<RecordId>, status| {
        RecordBody::Referral(Referral {
            subject: s,
            service: "kz-hotline-1409".into(),
            reason: "advice".into(),
            status,
            consent: None,
        })
    };
    let subjects = v
        .add_many_at(
            (0..6)
                .map(|i| (subject(&format!("s{i}")), ago(20 * i)))
                .collect(),
        )
        .unwrap();
    let mut bodies = Vec::new();
    for (i, s) in subjects.iter().enumerate() {
        let i = i as i64;
        bodies.push((about("about them", Some(*s)), ago(15 * i + 3)));
        bodies.push((about("a note", None), ago(25 * i)));
        for (k, status) in [
            ReferralStatus::Proposed,
            ReferralStatus::Accepted,
            ReferralStatus::Completed,
            ReferralStatus::Declined,
        ]
        .into_iter()
        .enumerate()
        {
            let linked = (k % 2 == 0).then_some(*s);
            bodies.push((referral(linked, status), ago(30 * i + k as i64)));
        }
    }
    let ids = v.add_many_at(bodies).unwrap();
    // An edit moves a record's last change to now; a deletion too.
    let all = v.all_records().unwrap();
    let of = |kind, s: Option<RecordId>| {
        *ids.iter()
            .find(|id| all[id].kind == kind && all[id].body.subject() == s)
            .unwrap()
    };
    let edited = of(senim_records::RecordKind::OutreachNote, Some(subjects[1]));
    v.update(edited, about("edited", Some(subjects[1])))
        .unwrap();
    v.delete(of(senim_records::RecordKind::Referral, Some(subjects[3])))
        .unwrap();
    let policy = TeamPolicy {
        retention: vec![
            Retention {
                kind: senim_records::RecordKind::Subject,
                days: 60,
            },
            Retention {
                kind: senim_records::RecordKind::OutreachNote,
                days: 30,
            },
            Retention {
                kind: senim_records::RecordKind::Referral,
                days: 45,
            },
        ],
        wipe_after_failed_unlocks: None,
        wipe_after_days_without_sync: None,
    };
    let mut seen = 0;
    for later in [0, 10, 31, 46, 61, 90, 400] {
        let at = now + chrono::Duration::days(later);
        let expected = expired_by_reading(&v, &policy, at);
        let got: std::collections::BTreeSet<RecordId> = v
            .expired_records(&policy, at)
            .unwrap()
            .into_iter()
            .collect();
        assert_eq!(got, expected, "{later} days on");
        seen += expected.len();
    }
    assert!(seen > 0, "nothing expired: the comparison proves nothing");
}

#[test]
fn a_vault_from_before_the_facts_gets_them_at_its_next_unlock() {
    let (_dir, mut v) = new_vault();
    for i in 0..20 {
        v.add(note(&format!("Заметка {i}"))).unwrap();
    }
    v.conn
        .execute_batch("DELETE FROM record_facts; INSERT INTO index_pending (one) VALUES (1);")
        .unwrap();
    v.lock().unwrap();
    v.unlock(PASS).unwrap();
    let facts: i64 = v
        .conn
        .query_row("SELECT count(*) FROM record_facts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(facts, 20);
}

#[test]
fn the_mirror_finds_the_decoy_note_to_edit_without_reading_every_note() {
    let (_dir, v) = new_vault();
    for (query, args) in [
        (
            "SELECT seq, id, kind, format, doc FROM records INDEXED BY records_note_length
             WHERE kind = 'note' AND length(doc) <= ?1
             ORDER BY length(doc) DESC, seq DESC LIMIT 1",
            1,
        ),
        (
            "SELECT seq, id, kind, format, doc FROM records INDEXED BY records_note_length
             WHERE kind = 'note' AND length(doc) = (
                 SELECT min(length(doc)) FROM records INDEXED BY records_note_length
                 WHERE kind = 'note')
             ORDER BY seq DESC LIMIT 1",
            0,
        ),
        (crate::mirror::DRAW_ABOVE, 2),
        (crate::mirror::DRAW_BELOW, 2),
        (crate::mirror::REMEMBERED, 2),
    ] {
        let sql = format!("EXPLAIN QUERY PLAN {query}");
        let mut stmt = v.conn.prepare(&sql).unwrap();
        let rows = match args {
            1 => stmt.query(params![500]),
            2 => stmt.query(params![500, 3]),
            _ => stmt.query([]),
        }
        .unwrap();
        let plan: Vec<String> = rows.mapped(|r| r.get(3)).map(Result::unwrap).collect();
        // Each step a search: through the length index, or a primary key for one row
        // (a draw's chain counted, whether its note is deleted, the note remembered).
        assert!(
            plan.iter().all(|step| step.contains("records_note_length")
                || step.contains("SCALAR SUBQUERY")
                || step.contains("TEMP B-TREE")
                || step.contains("SEARCH c USING PRIMARY KEY (seq=?)")
                || step.contains("USING INTEGER PRIMARY KEY (rowid=?)")),
            "{plan:?}"
        );
        assert!(!plan.iter().any(|s| s.starts_with("SCAN")), "{plan:?}");
        assert!(
            query == crate::mirror::REMEMBERED
                || plan.iter().any(|s| s.contains("records_note_length")),
            "{plan:?}"
        );
    }
    // The mirror's own queries name the index, so SQLite refuses them if it cannot use it.
    assert_eq!(
        include_str!("mirror.rs")
            .matches("FROM records INDEXED BY records_note_length")
            .count(),
        5
    );
}

#[test]
fn the_facts_keep_the_order_of_times_outside_what_nanoseconds_hold() {
    use crate::records::fact_time;
    let at = |y| Utc.with_ymd_and_hms(y, 1, 1, 0, 0, 0).unwrap();
    assert!(fact_time(at(1500)) < fact_time(at(1970)));
    assert!(fact_time(at(1970)) < fact_time(at(2026)));
    assert!(fact_time(at(2026)) < fact_time(at(2400)));
}

/// A page's rows come in the order their index gives them, each row and summary found
/// by its key: no sort of the matches, no scan of a table.
#[test]
fn a_page_reads_its_rows_in_index_order_without_sorting_or_scanning() {
    let (_dir, v) = new_vault();
    for (query, search) in [
        (crate::records::CANDIDATES, true),
        (crate::records::ROWS_BEFORE, false),
    ] {
        let sql = format!("EXPLAIN QUERY PLAN {query}");
        let mut stmt = v.conn.prepare(&sql).unwrap();
        let rows = match search {
            true => stmt.query(params!["\"shift\"*", i64::MAX, 51]),
            false => stmt.query(params![i64::MAX, None::<String>, 51]),
        }
        .unwrap();
        let plan: Vec<String> = rows.mapped(|r| r.get(3)).map(Result::unwrap).collect();
        assert!(
            !plan.iter().any(|s| s.contains("TEMP B-TREE")
                || s.starts_with("SCAN s")
                || s.starts_with("SCAN r")),
            "{plan:?}"
        );
        assert!(
            plan.iter()
                .any(|s| s.starts_with("SEARCH s USING INTEGER PRIMARY KEY")),
            "{plan:?}"
        );
    }
}

/// The pages of the database file at `path` as SQLCipher wrote them, decrypted with
/// `page_key` by the test itself: SQLCipher 4's defaults, 4,096-byte pages each ending
/// in 80 reserved bytes (a 16-byte IV, then the HMAC), AES-256-CBC under the raw key;
/// the first page's first 16 bytes are the salt, not encrypted.
fn decrypted_pages(path: &std::path::Path, page_key: &senim_crypto::SecretKey) -> Vec<Vec<u8>> {
    use cbc::cipher::{BlockDecryptMut, KeyIvInit, block_padding::NoPadding};
    const PAGE: usize = 4096;
    const RESERVED: usize = 80;
    let file = std::fs::read(path).unwrap();
    assert_eq!(file.len() % PAGE, 0, "whole pages");
    file.chunks(PAGE)
        .enumerate()
        .map(|(i, page)| {
            let from = if i == 0 { 16 } else { 0 };
            let iv = &page[PAGE - RESERVED..PAGE - RESERVED + 16];
            let mut data = page[from..PAGE - RESERVED].to_vec();
            cbc::Decryptor::<aes::Aes256>::new(page_key.expose().into(), iv.into())
                .decrypt_padded_mut::<NoPadding>(&mut data)
                .unwrap();
            data
        })
        .collect()
}

fn in_any(pages: &[Vec<u8>], bytes: &[u8]) -> bool {
    pages
        .iter()
        .any(|p| p.windows(bytes.len()).any(|w| w == bytes))
}

/// A record purged after edits leaves none of its words, those of its earlier texts
/// included, in any page of the database once the vault is locked (its log emptied):
/// the index's blocks, the pages freed, every page as SQLCipher wrote it, decrypted
/// here. Each edit's removal of the earlier text's tokens and the purge's are FTS5's
/// `secure-delete`; the pages freed are zeroed by SQLite's `secure_delete`. The same
/// words are found before the purge, and a kept record's after it: the decryption
/// reads what is there.
#[test]
fn a_record_purged_after_edits_leaves_no_word_in_any_page() {
    let (dir, mut v) = new_vault();
    let db = dir.path().join(DB_FILE);
    let page_key = crate::pages::page_key(&v.keys().unwrap().master);
    let words = ["qx7vn3kd9wzt", "pm4rt8hj2yvb", "zc6wq1nl5kfd"];
    let id = v
        .add(note(&format!("Пароль {} от склада", words[0])))
        .unwrap();
    v.update(id, note(&format!("Пароль {} от двери", words[1])))
        .unwrap();
    v.update(id, note(&format!("Пароль {} от ворот", words[2])))
        .unwrap();
    let kept = "ur3bx9ej4tsa";
    v.add(note(&format!("Другая заметка о складе {kept}")))
        .unwrap();
    v.wait_for_background_writes();
    v.lock().unwrap();
    let before = decrypted_pages(&db, &page_key);
    assert!(
        in_any(&before, b"CREATE TABLE records"),
        "the pages decrypt"
    );
    assert!(
        in_any(&before, &words[2].as_bytes()[3..]),
        "the current word"
    );
    assert!(in_any(&before, &kept.as_bytes()[3..]));
    v.unlock(PASS).unwrap();
    // What a purge, an erasure and the retention scan do to a record's row.
    v.conn
        .execute(
            "DELETE FROM records WHERE id = ?1",
            params![id.as_bytes().to_vec()],
        )
        .unwrap();
    v.lock().unwrap();
    let after = decrypted_pages(&db, &page_key);
    for word in words {
        assert!(
            !in_any(&after, &word.as_bytes()[3..]),
            "a page still holds {word}"
        );
    }
    assert!(
        in_any(&after, &kept.as_bytes()[3..]),
        "a kept record's word"
    );
    assert!(
        !dir.path().join(format!("{DB_FILE}-wal")).exists(),
        "no log left beside the locked database"
    );
}
