//! Behaviour of the vault, one property per test.

use std::collections::BTreeSet;

use chrono::{DateTime, TimeZone, Utc};

use super::*;
use senim_records::{Consent, ConsentScope, ConsentState, OutreachNote, Subject};
use senim_records::{PageRequest, RecordBody, RecordFilter, RecordId, RecordKind, RecordPage};
use senim_test_alloc as test_alloc;
use std::path::Path;

const PASS: &[u8] = b"correct horse";

fn new_vault() -> (tempfile::TempDir, Vault) {
    let dir = tempfile::tempdir().unwrap();
    let v = Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    (dir, v)
}

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 10, 0, 0).unwrap()
}

fn note(text: &str, tags: &[&str], when: DateTime<Utc>) -> RecordBody {
    RecordBody::OutreachNote(OutreachNote {
        text: text.into(),
        place: Some("Barakholka, row 7".into()),
        location: None,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        at: when,
        subject: None,
    })
}

fn subject(alias: &str) -> RecordBody {
    RecordBody::Subject(Subject {
        alias: alias.into(),
        age_band: Some(AgeBandAlias::From25To34),
        gender: None,
        nationality: Some("UZ".into()),
        languages: vec!["uz".into(), "ru".into()],
        contact_preference: None,
    })
}
use senim_records::AgeBand as AgeBandAlias;

fn ids(page: &RecordPage) -> Vec<RecordId> {
    page.records.iter().map(|r| r.id).collect()
}

#[test]
fn a_reopened_vault_unlocks_with_its_passcode_and_reads_its_records() {
    let (dir, v) = new_vault();
    let id = v
        .add(note(
            "met two men from Osh",
            &["construction"],
            at(2026, 5, 1),
        ))
        .unwrap();
    drop(v);
    let mut v = Vault::open(dir.path(), None).unwrap();
    assert!(matches!(v.get(id), Err(Error::Locked)));
    v.unlock(PASS).unwrap();
    let r = v.get(id).unwrap();
    assert_eq!(
        r.body,
        note("met two men from Osh", &["construction"], at(2026, 5, 1))
    );
    assert_eq!(r.created_by, v.device_id());
}

#[test]
fn create_refuses_an_existing_vault_and_open_refuses_an_empty_directory() {
    let (dir, _v) = new_vault();
    assert!(matches!(
        Vault::create(dir.path(), PASS, CreateOptions::insecure_fast_for_tests()),
        Err(Error::VaultExists)
    ));
    let empty = tempfile::tempdir().unwrap();
    assert!(matches!(
        Vault::open(empty.path(), None),
        Err(Error::NoVault)
    ));
    assert!(
        !empty.path().join(DB_FILE).exists(),
        "open must never create a vault"
    );
}

#[test]
fn a_short_passcode_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let e = Vault::create(
        dir.path(),
        b"12345",
        CreateOptions::insecure_fast_for_tests(),
    )
    .unwrap_err();
    assert!(matches!(
        e,
        Error::WeakPasscode(crate::PasscodeWeakness::TooShort)
    ));
    assert!(!e.to_string().contains("12345"));
}

#[test]
fn production_kdf_choices_cannot_go_below_the_minimum() {
    let dir = tempfile::tempdir().unwrap();
    let weak = KdfParams {
        m_cost_kib: 1024,
        t_cost: 1,
        p_cost: 1,
    };
    let opts = CreateOptions {
        kdf: KdfChoice::Fixed(weak),
        ..CreateOptions::default()
    };
    assert!(matches!(
        Vault::create(dir.path(), PASS, opts),
        Err(Error::KdfParams(_))
    ));
}

#[test]
fn a_locked_vault_refuses_every_record_operation() {
    let (_dir, mut v) = new_vault();
    let id = v.add(note("x text", &[], at(2026, 1, 1))).unwrap();
    v.lock().unwrap();
    assert!(!v.is_unlocked());
    assert!(matches!(v.get(id), Err(Error::Locked)));
    assert!(matches!(
        v.add(note("y", &[], at(2026, 1, 1))),
        Err(Error::Locked)
    ));
    assert!(matches!(
        v.list(&RecordFilter::default(), &PageRequest::default()),
        Err(Error::Locked)
    ));
    assert!(matches!(v.audit_verify(), Err(Error::Locked)));
}

#[test]
fn lock_leaves_no_copy_of_any_key_in_freed_memory() {
    let (_dir, mut v) = new_vault();
    let (master, record, index) = {
        let k = v.keys.as_ref().unwrap();
        (*k.master.expose(), *k.record.expose(), *k.index.expose())
    };
    v.lock().unwrap();
    test_alloc::watch(&[master, record, index]);
    // A whole unlocked session: unwrap, derive, write, read, search, lock.
    v.unlock(PASS).unwrap();
    let id = v
        .add(note("keys must not leak", &["t"], at(2026, 2, 2)))
        .unwrap();
    v.get(id).unwrap();
    v.search("leak", &RecordFilter::default(), &PageRequest::default())
        .unwrap();
    v.lock().unwrap();
    drop(v);
    assert_eq!(test_alloc::stop(), 0, "a freed block still held key bytes");
}

#[test]
fn the_scanning_allocator_does_find_an_unzeroized_secret() {
    // The check above can fail: a secret freed without zeroizing is seen.
    let secret = [0xA5u8; 32];
    test_alloc::watch(&[secret]);
    let leaked = secret.to_vec();
    drop(leaked);
    assert!(test_alloc::stop() >= 1);
}

#[test]
fn listing_filters_by_kind_tag_subject_and_date() {
    let (_dir, v) = new_vault();
    let s = v.add(subject("green scarf")).unwrap();
    let mut linked = note("about her", &["market"], at(2026, 3, 5));
    if let RecordBody::OutreachNote(n) = &mut linked {
        n.subject = Some(s);
    }
    let a = v.add(linked).unwrap();
    let b = v
        .add(note(
            "bus station",
            &["transport", "market"],
            at(2026, 4, 20),
        ))
        .unwrap();
    let c = v
        .add(note("border post", &["border"], at(2025, 12, 31)))
        .unwrap();
    let page = PageRequest::default();

    let all = v.list(&RecordFilter::default(), &page).unwrap();
    assert_eq!(ids(&all), vec![c, b, a, s], "newest first");

    let notes = RecordFilter {
        kind: Some(RecordKind::OutreachNote),
        ..Default::default()
    };
    assert_eq!(ids(&v.list(&notes, &page).unwrap()), vec![c, b, a]);

    let market = RecordFilter {
        tag: Some("Market".into()),
        ..Default::default()
    };
    assert_eq!(ids(&v.list(&market, &page).unwrap()), vec![b, a]);

    let hers = RecordFilter {
        subject: Some(s),
        ..Default::default()
    };
    assert_eq!(ids(&v.list(&hers, &page).unwrap()), vec![a]);

    let spring = RecordFilter {
        kind: Some(RecordKind::OutreachNote),
        from: Some(at(2026, 3, 1)),
        to: Some(at(2026, 4, 20)),
        ..Default::default()
    };
    assert_eq!(
        ids(&v.list(&spring, &page).unwrap()),
        vec![a],
        "to is exclusive"
    );

    let open_ended = RecordFilter {
        kind: Some(RecordKind::OutreachNote),
        from: Some(at(2026, 1, 1)),
        ..Default::default()
    };
    assert_eq!(ids(&v.list(&open_ended, &page).unwrap()), vec![b, a]);
}

#[test]
fn deleted_records_leave_listings_but_stay_readable_with_their_history() {
    let (_dir, v) = new_vault();
    let a = v.add(note("first", &[], at(2026, 1, 1))).unwrap();
    let b = v.add(note("second", &[], at(2026, 1, 2))).unwrap();
    v.delete(a).unwrap();
    v.delete(a).unwrap();
    assert_eq!(
        ids(&v
            .list(&RecordFilter::default(), &PageRequest::default())
            .unwrap()),
        vec![b]
    );
    let with_deleted = RecordFilter {
        include_deleted: true,
        ..Default::default()
    };
    assert_eq!(
        ids(&v.list(&with_deleted, &PageRequest::default()).unwrap()),
        vec![b, a]
    );
    assert!(v.get(a).unwrap().deleted);
    let h: Vec<String> = v
        .history(a)
        .unwrap()
        .into_iter()
        .map(|h| h.summary)
        .collect();
    assert_eq!(h, vec!["create", "delete"]);
    assert!(matches!(
        v.update(a, note("again", &[], at(2026, 1, 1))),
        Err(Error::InvalidInput {
            field: "record",
            ..
        })
    ));
}

#[test]
fn pages_cover_every_record_once_in_order() {
    let (_dir, v) = new_vault();
    let bodies = (0..120)
        .map(|i| note(&format!("note number {i}"), &[], at(2026, 1, 1)))
        .collect();
    let mut created = v.add_many(bodies).unwrap();
    created.reverse();
    let mut seen = Vec::new();
    let mut page = PageRequest::first(50);
    loop {
        let p = v.list(&RecordFilter::default(), &page).unwrap();
        seen.extend(ids(&p));
        match p.next {
            Some(next) => page.after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, created);
    assert!(matches!(
        v.list(
            &RecordFilter::default(),
            &PageRequest {
                limit: 10,
                after: Some("nonsense".into())
            }
        ),
        Err(Error::InvalidInput {
            field: "page cursor",
            ..
        })
    ));
    assert!(matches!(
        v.list(&RecordFilter::default(), &PageRequest::first(0)),
        Err(Error::InvalidInput {
            field: "page size",
            ..
        })
    ));
}

#[test]
fn search_matches_word_prefixes_in_any_case_and_script() {
    let (_dir, v) = new_vault();
    let a = v
        .add(note(
            "Работает на СТРОИТЕЛЬСТВЕ, паспорт забрал бригадир",
            &[],
            at(2026, 1, 1),
        ))
        .unwrap();
    let b = v
        .add(note(
            "Паспорт при себе, работает на рынке",
            &[],
            at(2026, 1, 2),
        ))
        .unwrap();
    let c = v
        .add(note("Jumıs berýshi tölemeıdi", &[], at(2026, 1, 3)))
        .unwrap();
    let any = RecordFilter::default();
    let page = PageRequest::default();
    assert_eq!(ids(&v.search("паспорт", &any, &page).unwrap()), vec![b, a]);
    assert_eq!(
        ids(&v.search("строит паспорт", &any, &page).unwrap()),
        vec![a]
    );
    assert_eq!(ids(&v.search("РЫНКЕ", &any, &page).unwrap()), vec![b]);
    assert_eq!(ids(&v.search("tölem", &any, &page).unwrap()), vec![c]);
    assert_eq!(
        ids(&v.search("barakholka", &any, &page).unwrap()),
        vec![c, b, a],
        "place is searched"
    );
    assert!(v.search("визa", &any, &page).unwrap().records.is_empty());
    assert!(matches!(
        v.search(" ,.", &any, &page),
        Err(Error::InvalidInput { .. })
    ));
}

#[test]
fn search_finds_an_edited_note_by_its_new_words_only() {
    let (_dir, v) = new_vault();
    let a = v
        .add(note("waiting at the bus station", &[], at(2026, 1, 1)))
        .unwrap();
    v.update(a, note("waiting at the border post", &[], at(2026, 1, 1)))
        .unwrap();
    let any = RecordFilter::default();
    assert_eq!(
        ids(&v.search("border", &any, &PageRequest::default()).unwrap()),
        vec![a]
    );
    assert!(
        v.search("bus", &any, &PageRequest::default())
            .unwrap()
            .records
            .is_empty()
    );
}

#[test]
fn an_update_writes_only_changed_fields_and_history_says_which() {
    let (_dir, v) = new_vault();
    let id = v.add(note("short", &["a"], at(2026, 1, 1))).unwrap();
    assert_eq!(
        v.update(id, note("short", &["a"], at(2026, 1, 1))).unwrap(),
        Vec::<String>::new()
    );
    assert_eq!(
        v.update(id, note("longer text", &["a", "b"], at(2026, 1, 1)))
            .unwrap(),
        vec!["tags", "text"]
    );
    let h = v.history(id).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[1].summary, "edit: tags, text");
    assert_eq!(h[1].device, v.device_id());
    let tagged = RecordFilter {
        tag: Some("b".into()),
        ..Default::default()
    };
    assert_eq!(
        ids(&v.list(&tagged, &PageRequest::default()).unwrap()),
        vec![id]
    );
}

#[test]
fn invalid_input_names_the_field_but_never_echoes_the_value() {
    let (_dir, v) = new_vault();
    let mut s = subject("someone");
    if let RecordBody::Subject(s) = &mut s {
        s.nationality = Some("Uzbekistan-secret".into());
    }
    let e = v.add(s).unwrap_err();
    assert!(matches!(
        e,
        Error::InvalidInput {
            field: "nationality",
            ..
        }
    ));
    assert!(!e.to_string().contains("Uzbekistan-secret"));
    let consent = RecordBody::Consent(Consent {
        subject: None,
        scopes: vec![],
        services: Vec::new(),
        state: ConsentState::Given,
        recorded_by: "worker 3".into(),
        at: at(2026, 1, 1),
    });
    assert!(matches!(
        v.add(consent),
        Err(Error::InvalidInput {
            field: "scopes",
            ..
        })
    ));
    assert!(matches!(
        v.update(RecordId([9; 16]), note("x", &[], at(2026, 1, 1))),
        Err(Error::RecordNotFound(_))
    ));
}

#[test]
fn sets_are_normalized_on_write() {
    let (_dir, v) = new_vault();
    let id = v
        .add(note(
            "x text",
            &[" Market ", "market", "Bus  Station"],
            at(2026, 1, 1),
        ))
        .unwrap();
    assert_eq!(v.get(id).unwrap().body.tags(), ["bus-station", "market"]);
    let consent = RecordBody::Consent(Consent {
        subject: None,
        scopes: vec![
            ConsentScope::Sharing,
            ConsentScope::Screening,
            ConsentScope::Sharing,
        ],
        services: Vec::new(),
        state: ConsentState::Given,
        recorded_by: "worker 3".into(),
        at: at(2026, 1, 1),
    });
    let c = v.add(consent).unwrap();
    match v.get(c).unwrap().body {
        RecordBody::Consent(c) => assert_eq!(
            c.scopes,
            vec![ConsentScope::Screening, ConsentScope::Sharing]
        ),
        _ => unreachable!(),
    }
}

#[test]
fn changing_the_passcode_keeps_every_record() {
    let (dir, mut v) = new_vault();
    let id = v.add(note("kept", &[], at(2026, 1, 1))).unwrap();
    v.change_passcode(PASS, b"new passcode").unwrap();
    v.lock().unwrap();
    assert!(matches!(v.unlock(PASS), Err(Error::WrongPasscode { .. })));
    v.unlock(b"new passcode").unwrap();
    assert!(matches!(
        v.get(id).unwrap().body,
        RecordBody::OutreachNote(_)
    ));
    drop(v);
    let mut v = Vault::open(dir.path(), None).unwrap();
    v.unlock(b"new passcode").unwrap();
    assert_eq!(v.info().unwrap().failed_attempts, 0);
}

#[test]
fn info_counts_records_by_kind_only_while_unlocked() {
    let (dir, v) = new_vault();
    v.add_many(vec![
        subject("a"),
        subject("b"),
        note("n", &[], at(2026, 1, 1)),
    ])
    .unwrap();
    drop(v);
    // Without a passcode: the format and the key derivation, no counts, and no schema
    // version (it is inside the encrypted pages, ADR 0033).
    let info = Vault::inspect(dir.path()).unwrap();
    assert_eq!(info.kdf, KdfParams::INSECURE_FAST_FOR_TESTS);
    assert_eq!(info.schema_version, None);
    assert!(!info.unlocked);
    assert_eq!(info.records, None);
    assert_eq!(info.audit_entries, None);

    let mut v = Vault::open(dir.path(), None).unwrap();
    v.unlock(PASS).unwrap();
    let info = v.info().unwrap();
    assert_eq!(info.schema_version, Some(schema::LATEST));
    let records = info.records.unwrap();
    assert_eq!(records.get("subject"), Some(&2));
    assert_eq!(records.get("note"), Some(&1));
    let kinds: BTreeSet<&str> = records.keys().map(|k| k.as_str()).collect();
    assert_eq!(kinds, BTreeSet::from(["note", "subject"]));
    assert!(info.audit_entries.unwrap() >= 2);
}

#[test]
fn a_full_last_page_has_no_next_cursor() {
    let (_dir, v) = new_vault();
    let bodies = (0..4)
        .map(|i| note(&format!("n {i}"), &[], at(2026, 1, 1)))
        .collect();
    v.add_many(bodies).unwrap();
    let first = v
        .list(&RecordFilter::default(), &PageRequest::first(2))
        .unwrap();
    let next = first.next.clone().expect("two more records follow");
    let second = v
        .list(
            &RecordFilter::default(),
            &PageRequest {
                limit: 2,
                after: Some(next),
            },
        )
        .unwrap();
    assert_eq!(second.records.len(), 2);
    assert_eq!(second.next, None);
    assert_eq!(
        v.list(&RecordFilter::default(), &PageRequest::first(4))
            .unwrap()
            .next,
        None
    );
}

#[test]
fn a_device_bound_vault_needs_the_secret_it_was_created_with() {
    let dir = tempfile::tempdir().unwrap();
    let ks: Arc<dyn KeyStore> = Arc::new(SoftwareKeyStore::in_memory());
    let opts = CreateOptions {
        keystore: Some(ks.clone()),
        ..CreateOptions::insecure_fast_for_tests()
    };
    drop(Vault::create(dir.path(), PASS, opts).unwrap());
    let other: Arc<dyn KeyStore> = Arc::new(SoftwareKeyStore::in_memory());
    let mut v = Vault::open(dir.path(), Some(other.clone())).unwrap();
    assert!(matches!(v.unlock(PASS), Err(Error::DeviceSecretMissing)));
    assert_eq!(
        other.secret(&v.header.keystore_label()).unwrap(),
        None,
        "nothing created"
    );
    let mut v = Vault::open(dir.path(), None).unwrap();
    assert!(matches!(v.unlock(PASS), Err(Error::KeyStoreRequired)));
    assert_eq!(
        Vault::inspect(dir.path()).unwrap().failed_attempts,
        0,
        "not a passcode attempt"
    );
    let mut v = Vault::open(dir.path(), Some(ks)).unwrap();
    v.unlock(PASS).unwrap();
}

#[cfg(unix)]
#[test]
fn the_vault_directory_and_files_are_private_to_their_owner() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("vault");
    let v = Vault::create(&dir, PASS, CreateOptions::insecure_fast_for_tests()).unwrap();
    v.add(note("x text", &[], at(2026, 1, 1))).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        assert_eq!(
            mode(&path) & 0o077,
            0,
            "{} is readable by others",
            path.display()
        );
    }
}

#[test]
fn inspecting_a_vault_does_not_write_to_it() {
    let (dir, v) = new_vault();
    v.add(note("x text", &[], at(2026, 1, 1))).unwrap();
    drop(v);
    let db = dir.path().join(DB_FILE);
    let before = std::fs::read(&db).unwrap();
    let info = Vault::inspect(dir.path()).unwrap();
    assert!(!info.unlocked);
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn the_exact_check_rejects_what_a_filter_false_positive_lets_through() {
    // The Bloom filters may over-approximate; every listed record is checked exactly.
    let (_dir, v) = new_vault();
    let s = v.add(subject("someone")).unwrap();
    let other = v.add(subject("someone else")).unwrap();
    let mut n = note("linked", &["market"], at(2026, 3, 5));
    if let RecordBody::OutreachNote(note) = &mut n {
        note.subject = Some(s);
    }
    let id = v.add(n).unwrap();
    let record = v.get(id).unwrap();
    let f = RecordFilter::default();
    assert!(Vault::matches(&record, &f, Some("market"), &[]));
    assert!(!Vault::matches(&record, &f, Some("border"), &[]));
    let theirs = RecordFilter {
        subject: Some(other),
        ..Default::default()
    };
    assert!(!Vault::matches(&record, &theirs, None, &[]));
    let hers = RecordFilter {
        subject: Some(s),
        ..Default::default()
    };
    assert!(Vault::matches(&record, &hers, None, &[]));
    assert!(!Vault::matches(&record, &f, None, &["bus".to_string()]));
}

#[test]
fn viewing_a_record_with_its_history_is_one_audited_view() {
    let (_dir, v) = new_vault();
    let id = v.add(note("first", &[], at(2026, 1, 1))).unwrap();
    v.update(id, note("first, edited", &[], at(2026, 1, 1)))
        .unwrap();
    let before = v.audit_log().unwrap().len();
    let (record, history) = v.view(id).unwrap();
    assert_eq!(record.body, note("first, edited", &[], at(2026, 1, 1)));
    let summaries: Vec<&str> = history.iter().map(|h| h.summary.as_str()).collect();
    assert_eq!(summaries, vec!["create", "edit: text"]);
    let log = v.audit_log().unwrap();
    assert_eq!(log.len(), before + 1);
    assert_eq!(log.last().unwrap().action, AuditAction::View);
}

#[test]
fn a_secret_is_stored_sealed_and_bound_to_its_name() {
    let (dir, v) = new_vault();
    v.put_secret("device", b"device secret bytes 0123456789")
        .unwrap();
    v.put_secret("team", b"another secret").unwrap();
    assert_eq!(
        v.get_secret("device").unwrap().unwrap().as_slice(),
        b"device secret bytes 0123456789"
    );
    assert!(v.get_secret("missing").unwrap().is_none());
    // Moving one sealed blob under another name is detected, never read.
    let conn = crate::testing::connect(dir.path(), crate::testing::Db::Real, PASS).unwrap();
    conn.execute(
        "UPDATE secrets SET blob = (SELECT blob FROM secrets WHERE name = 'team') WHERE name = 'device'",
        [],
    )
    .unwrap();
    assert!(matches!(
        v.get_secret("device"),
        Err(Error::CorruptDatabase(_))
    ));
}

#[test]
fn secrets_need_the_vault_unlocked() {
    let (_dir, mut v) = new_vault();
    v.put_secret("device", b"x").unwrap();
    v.lock().unwrap();
    assert!(matches!(v.get_secret("device"), Err(Error::Locked)));
    assert!(matches!(v.put_secret("device", b"y"), Err(Error::Locked)));
}

#[test]
fn every_local_write_marks_the_record_as_unsent() {
    let (_dir, v) = new_vault();
    let unsent = |v: &Vault| -> i64 {
        v.conn
            .query_row("SELECT COUNT(*) FROM outbox", [], |r| r.get(0))
            .unwrap()
    };
    let a = v.add(note("one", &[], at(2026, 1, 1))).unwrap();
    let b = v.add(note("two", &[], at(2026, 1, 1))).unwrap();
    assert_eq!(unsent(&v), 2);
    v.conn.execute("DELETE FROM outbox", []).unwrap();
    v.update(a, note("one, edited", &[], at(2026, 1, 1)))
        .unwrap();
    v.delete(b).unwrap();
    assert_eq!(unsent(&v), 2);
}

/// The decoy's keys as the follower holds them.
#[inline(never)]
fn decoy_keys_of(v: &mut Vault) -> [[u8; 32]; 4] {
    let decoy = Keys::derive(v.decoy_master().expect("the vault follows its decoy"));
    [
        *decoy.master.expose(),
        *decoy.record.expose(),
        *decoy.index.expose(),
        *decoy.audit_seal.expose(),
    ]
}

/// The decoy's keys live on the follower thread while the vault is unlocked (ADR 0050):
/// they come back at lock and are zeroized there like the vault's own, leaving no copy
/// in a freed block, whatever the thread did with them.
///
/// It failed now and then in the whole suite, for two reasons found since: the
/// scanning allocator's own copy of the last watched pattern, left on the stack at
/// every free (it now compares in place), and the decoy's audit key left in freed
/// blocks when the decoy was built with its harmless notes at creation, one batch
/// whose records each carried the last audit entry's key schedules into heap blocks
/// (`a_batch_of_records_leaves_no_copy_of_the_real_keys_in_freed_memory`).
#[test]
fn lock_leaves_no_copy_of_the_decoys_keys_in_freed_memory() {
    let (_dir, mut v) = new_vault();
    let watched = decoy_keys_of(&mut v);
    // Deriving them here left their schedules on this thread's stack, for the session's
    // calls to carry into heap blocks: the test's own copies, not the vault's.
    crate::mirror::scrub_stack();
    v.lock().unwrap();
    test_alloc::watch(&watched);
    v.unlock(PASS).unwrap();
    assert!(v.follower.is_some(), "the decoy is written on its thread");
    for i in 0..5 {
        let id = v
            .add(note(
                &format!("the decoy follows write {i}"),
                &["t"],
                at(2026, 2, 2),
            ))
            .unwrap();
        v.update(id, note("edited", &["t"], at(2026, 2, 3)))
            .unwrap();
    }
    v.lock().unwrap();
    assert!(v.follower.is_none(), "the thread is joined at lock");
    drop(v);
    assert_eq!(
        test_alloc::stop(),
        0,
        "a freed block still held the decoy's key bytes"
    );
}

/// Freed blocks holding any of the real keys (master, record, index, audit) after an
/// unlocked session that runs `session` and locks.
fn freed_blocks_with_real_keys_after(session: impl FnOnce(&Vault)) -> usize {
    let (_dir, mut v) = new_vault();
    let watched = {
        let k = v.keys.as_ref().unwrap();
        [
            *k.master.expose(),
            *k.record.expose(),
            *k.index.expose(),
            *k.audit_seal.expose(),
        ]
    };
    v.lock().unwrap();
    test_alloc::watch(&watched);
    v.unlock(PASS).unwrap();
    session(&v);
    v.lock().unwrap();
    drop(v);
    test_alloc::stop()
}

/// A session of writes, adds and edits, leaves no copy of the real keys in freed
/// memory either. The real write leaves key schedules on the worker's thread's stack;
/// the scrub that clears them ran in the decoy's inline write, and once that write
/// moved to the follower thread, the real audit key reached freed blocks (a review
/// found 77 to 146 of them over this session).
#[test]
fn a_session_of_writes_leaves_no_copy_of_the_real_keys_in_freed_memory() {
    let hits = freed_blocks_with_real_keys_after(|v| {
        for i in 0..5 {
            let id = v
                .add(note(&format!("real write {i}"), &["t"], at(2026, 2, 2)))
                .unwrap();
            v.update(id, note("edited", &["t"], at(2026, 2, 3)))
                .unwrap();
        }
    });
    assert_eq!(hits, 0, "a freed block still held real key bytes");
}

/// A batch of records in one write (an import, the decoy's harmless notes when it is
/// built) leaves no copy of the real keys in freed memory. Each record's audit entry
/// left the audit keys' schedules on the stack, and the next record's automerge
/// structures carried them into heap blocks: 31 to 46 such blocks over these batches,
/// before the audit entry's write cleared its stack.
#[test]
fn a_batch_of_records_leaves_no_copy_of_the_real_keys_in_freed_memory() {
    let hits = freed_blocks_with_real_keys_after(|v| {
        for _ in 0..3 {
            v.add_many(
                (0..6)
                    .map(|i| note(&format!("batch {i}"), &["t"], at(2026, 2, 2)))
                    .collect(),
            )
            .unwrap();
        }
    });
    assert_eq!(hits, 0, "a freed block still held real key bytes");
}

/// Listing and searching leave no copy of the records' text in freed memory once the
/// caller has cleared the records it was given. Each summary read was inflated by a
/// decoder made for it, whose window kept the whole record and was freed unzeroed
/// with it: one freed copy of every record listed or found. And checking the seal of
/// an edited record's document grew one buffer by its changes, which freed the first
/// block, the document as first written, unzeroed. (Not this test's: opening a record
/// with `get` loads its document, whose structures are freed unzeroed, and `serde_json`
/// copies a string with escapes through a buffer it frees unzeroed; the text here has
/// none. The allocator the app ships zeroes both, ADR 0051.)
#[test]
fn reading_records_leaves_no_copy_of_their_text_in_freed_memory() {
    const PROBE: &[u8; 32] = b"probe-of-a-read-text-0123456789z";
    let (_dir, mut v) = new_vault();
    let text = format!(
        "Met him at the market, {} and more.",
        std::str::from_utf8(PROBE).unwrap()
    );
    let id = v.add(note(&text, &["t"], at(2026, 2, 2))).unwrap();
    v.update(id, note(&format!("{text} Edited."), &["t"], at(2026, 2, 2)))
        .unwrap();
    v.wait_for_background_writes();
    test_alloc::watch(&[*PROBE]);
    let listed = v
        .list(&RecordFilter::default(), &PageRequest::first(10))
        .unwrap();
    let found = v
        .search("market", &RecordFilter::default(), &PageRequest::first(10))
        .unwrap();
    let mut read: Vec<Record> = listed.records.into_iter().chain(found.records).collect();
    assert_eq!(read.len(), 2);
    assert!(read.iter().all(|r| r.id == id));
    for record in &mut read {
        if let RecordBody::OutreachNote(n) = &mut record.body {
            assert!(n.text.contains("probe-of-a-read-text"));
            zeroize::Zeroize::zeroize(&mut n.text);
        }
    }
    drop(read);
    v.lock().unwrap();
    assert_eq!(
        test_alloc::stop(),
        0,
        "a freed block still held a read record's text"
    );
}

/// The session `tests/freed_memory.rs` runs under the allocator the app ships, here
/// under the scanning allocator alone: the note's text is left in freed blocks (opening
/// a record loads its document, whose structures are freed unzeroed, among others).
/// What the shipped allocator removes (ADR 0051), and the proof that the check there
/// can fail.
#[test]
fn a_session_leaves_a_notes_text_in_freed_memory_without_the_shipped_allocator() {
    const PROBE: &[u8; 32] = b"probe-of-a-session-0123456789abc";
    let dir = tempfile::tempdir().unwrap();
    test_alloc::watch(&[*PROBE]);
    let session = crate::testing::session_over_a_note(dir.path(), PASS, PROBE);
    let hits = test_alloc::stop();
    session.unwrap();
    assert!(
        hits > 0,
        "no freed block held the text: the shipped allocator's test proves nothing"
    );
}

/// An unlock that fails once the pages are open (here its audit entry, the database
/// held by another connection) leaves the vault locked as any other: no connection
/// keyed with the page key stays open behind keys that are gone, and `lock` has
/// nothing left to close. The next unlock works.
#[test]
fn an_unlock_that_fails_after_opening_the_pages_leaves_them_closed() {
    let (dir, mut v) = new_vault();
    v.add(note("kept", &["t"], at(2026, 2, 2))).unwrap();
    let page_key = crate::pages::page_key(&v.keys().unwrap().master);
    v.lock().unwrap();
    let other = crate::lifecycle::open_checked(&dir.path().join(DB_FILE), &page_key).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let failed = v.unlock(PASS);
    assert!(failed.is_err(), "{failed:?}");
    assert!(v.keys.is_none());
    let tables: i64 = v
        .conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 0, "the vault's pages are still open");
    other.execute_batch("ROLLBACK").unwrap();
    drop(other);
    v.unlock(PASS).unwrap();
    assert_eq!(
        v.list(&RecordFilter::default(), &PageRequest::first(5))
            .unwrap()
            .records
            .len(),
        1
    );
}
