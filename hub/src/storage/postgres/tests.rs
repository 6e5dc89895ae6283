//! What is particular to PostgreSQL: the schema and its migrations, what an error may
//! say, and appends racing on several connections (hub instances). The contract every
//! backend keeps is `super::super::conformance`, run for this backend by
//! `tests/storage_conformance_postgres.rs`. Each test skips when no test server is
//! configured (`scratch`).

use std::sync::Arc;
use std::thread;

use super::scratch::Scratch;
use super::*;

const TEAM: TeamId = TeamId([1; 16]);
const DEV: DeviceId = DeviceId([2; 16]);

#[test]
fn the_schema_matches_its_snapshot() {
    let Some(scratch) = Scratch::new() else {
        return;
    };
    let schema = scratch.open().schema_text().unwrap();
    senim_migrate::testing::assert_matches_snapshot(
        &schema,
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/schema/postgres.txt"),
    );
}

#[test]
fn migrations_are_numbered_without_gaps() {
    for (i, m) in migrate::MIGRATIONS.iter().enumerate() {
        assert_eq!(m.version, i as i64 + 1);
    }
}

#[test]
fn instances_opening_one_database_at_once_apply_each_migration_once() {
    let Some(scratch) = Scratch::new() else {
        return;
    };
    let scratch = Arc::new(scratch);
    let opened: Vec<_> = (0..4)
        .map(|_| {
            let scratch = scratch.clone();
            thread::spawn(move || PostgresStorage::with_config(scratch.config(), 1).map(|_| ()))
        })
        .collect();
    for o in opened {
        o.join().unwrap().expect("every instance opens");
    }
    let mut client = scratch.client();
    let versions: Vec<i64> = client
        .query(
            "SELECT version FROM hub_schema_version ORDER BY version",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(versions, (1..=migrate::latest()).collect::<Vec<_>>());
    // Reopening applies nothing and keeps what is stored.
    let s = scratch.open();
    assert!(s.create_team(TEAM, b"list 1").unwrap());
    let s = scratch.open();
    assert_eq!(s.latest_version(TEAM).unwrap(), Some(1));
}

#[test]
fn a_database_from_a_newer_hub_is_refused_naming_both_versions() {
    let Some(scratch) = Scratch::new() else {
        return;
    };
    drop(scratch.open());
    let newer = migrate::latest() + 1;
    scratch
        .client()
        .execute(
            "INSERT INTO hub_schema_version (version) VALUES ($1)",
            &[&newer],
        )
        .unwrap();
    let e = PostgresStorage::with_config(scratch.config(), 1).unwrap_err();
    let text = e.to_string();
    assert!(
        text.contains(&format!("schema version {newer}"))
            && text.contains(&format!("up to {}", migrate::latest())),
        "{text}"
    );
}

#[test]
fn a_failed_migration_leaves_nothing_of_itself() {
    let Some(scratch) = Scratch::new() else {
        return;
    };
    let mut client = scratch.client();
    // Something in the way of migration 1: it fails and is rolled back whole.
    client
        .batch_execute("CREATE TABLE orders (unrelated INTEGER)")
        .unwrap();
    assert!(PostgresStorage::with_config(scratch.config(), 1).is_err());
    assert_eq!(migrate::version(&mut client).unwrap(), 0);
    let teams: bool = client
        .query_one("SELECT to_regclass('teams') IS NOT NULL", &[])
        .unwrap()
        .get(0);
    assert!(!teams, "a half-applied migration left a table behind");
}

#[test]
fn a_bad_url_is_refused_without_echoing_it() {
    let e = PostgresStorage::connect("postgres://senim:s3cret-pw@[::1").unwrap_err();
    let text = e.to_string();
    assert!(text.contains("--database"), "{text}");
    assert!(!text.contains("s3cret-pw"), "{text}");
}

#[test]
fn an_unreachable_server_is_a_storage_error_without_the_password() {
    // Port 1 on loopback: nothing listens there.
    let e =
        PostgresStorage::connect("postgres://senim:s3cret-pw@127.0.0.1:1/hub?connect_timeout=2")
            .unwrap_err();
    let text = e.to_string();
    assert!(matches!(e, HubError::Storage(_)), "{text}");
    assert!(!text.contains("s3cret-pw"), "{text}");
}

#[test]
fn a_database_error_names_no_stored_value() {
    let Some(scratch) = Scratch::new() else {
        return;
    };
    let s = scratch.open();
    assert!(s.create_team(TEAM, b"list 1").unwrap());
    // A duplicate key: the server's DETAIL line quotes the key; the error must not.
    let e = s
        .client()
        .unwrap()
        .execute(
            "INSERT INTO teams (team) VALUES ($1)",
            &[&TEAM.as_bytes().as_slice()],
        )
        .unwrap_err();
    assert!(
        e.as_db_error().and_then(|d| d.detail()).is_some(),
        "the server gave a detail"
    );
    let text = storage_error(&e).to_string();
    assert!(text.contains("23505"), "{text}");
    assert!(!text.contains("\\x0101"), "{text}");
}

#[test]
fn appends_from_many_instances_to_one_log_store_each_sequence_once_in_order() {
    let Some(scratch) = Scratch::new() else {
        return;
    };
    let scratch = Arc::new(scratch);
    assert!(scratch.open().create_team(TEAM, b"list 1").unwrap());
    // Four instances, each trying every sequence 1..=40 in order: every sequence is
    // stored exactly once, whichever instance wins it.
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let s = scratch.open();
            thread::spawn(move || {
                let mut won = 0;
                for seq in 1..=40u64 {
                    loop {
                        match s
                            .append_envelope(TEAM, DEV, seq, 0, &[seq as u8; 8])
                            .unwrap()
                        {
                            Append::Appended => {
                                won += 1;
                                break;
                            }
                            Append::Held => break,
                            Append::Gap => thread::yield_now(),
                            Append::Revoked => panic!("not revoked"),
                        }
                    }
                }
                won
            })
        })
        .collect();
    let won: u32 = workers.into_iter().map(|w| w.join().unwrap()).sum();
    assert_eq!(won, 40);
    let s = scratch.open();
    assert_eq!(s.last_seq(TEAM, DEV).unwrap(), 40);
    let listed = s.envelopes_after(TEAM, DEV, 0, usize::MAX).unwrap();
    assert_eq!(
        listed,
        (1..=40u64).map(|q| vec![q as u8; 8]).collect::<Vec<_>>()
    );
}

#[test]
fn a_page_of_a_long_log_is_read_in_chunks_and_stops_at_its_bound() {
    let Some(scratch) = Scratch::new() else {
        return;
    };
    let s = scratch.open();
    assert!(s.create_team(TEAM, b"list 1").unwrap());
    for seq in 1..=150u64 {
        assert_eq!(
            s.append_envelope(TEAM, DEV, seq, 0, &[seq as u8; 10])
                .unwrap(),
            Append::Appended
        );
    }
    // Past the first chunk of 64 rows.
    assert_eq!(
        s.envelopes_after(TEAM, DEV, 0, usize::MAX).unwrap().len(),
        150
    );
    assert_eq!(s.envelopes_after(TEAM, DEV, 0, 1000).unwrap().len(), 100);
    assert_eq!(s.envelopes_after(TEAM, DEV, 140, 1000).unwrap().len(), 10);
}

#[test]
fn instances_spending_one_budget_at_once_never_spend_more_than_it_holds() {
    use crate::storage::{BudgetKind, SharedLimits};
    let Some(scratch) = Scratch::new() else {
        return;
    };
    let scratch = Arc::new(scratch);
    let rate = crate::RateLimit {
        per_second: 0.0001,
        burst: 25,
    };
    // Four instances, four threads each, 20 spends per thread on one bucket.
    let storages: Vec<_> = (0..4).map(|_| Arc::new(scratch.open())).collect();
    let spent: usize = thread::scope(|s| {
        let handles: Vec<_> = (0..16)
            .map(|t| {
                let storage = storages[t % 4].clone();
                s.spawn(move || {
                    (0..20)
                        .filter(|_| {
                            storage
                                .spend_budget(BudgetKind::Requests, b"one caller", rate)
                                .unwrap()
                                .is_none()
                        })
                        .count()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    assert_eq!(spent, 25);
    // The refusal says how long until one unit is back: about 1 / rate.
    let wait = storages[0]
        .spend_budget(BudgetKind::Requests, b"one caller", rate)
        .unwrap()
        .expect("the bucket is empty");
    assert!((9_000..=10_000).contains(&wait.as_secs()), "{wait:?}");
    // Another key, and the same key of another kind, have budgets of their own.
    assert!(
        storages[1]
            .spend_budget(BudgetKind::Requests, b"another caller", rate)
            .unwrap()
            .is_none()
    );
    assert!(
        storages[1]
            .spend_budget(BudgetKind::Registrations, b"one caller", rate)
            .unwrap()
            .is_none()
    );
}

#[test]
fn a_budget_refills_with_time_up_to_its_burst() {
    use crate::storage::{BudgetKind, SharedLimits};
    let Some(scratch) = Scratch::new() else {
        return;
    };
    let storage = scratch.open();
    let rate = crate::RateLimit {
        per_second: 20.0,
        burst: 2,
    };
    let spend = || {
        storage
            .spend_budget(BudgetKind::Registrations, &[127, 0, 0, 1], rate)
            .unwrap()
    };
    assert!(spend().is_none());
    assert!(spend().is_none());
    // Spent quicker than 20/s refills: a third is refused, most likely.
    let mut refused = spend().is_some();
    if !refused {
        refused = spend().is_some();
    }
    assert!(refused, "the bucket of 2 runs dry");
    // A quarter of a second refills it (5 units), but never beyond its burst of 2.
    thread::sleep(std::time::Duration::from_millis(250));
    assert!(spend().is_none());
    assert!(spend().is_none());
    assert!(spend().is_some(), "it holds its burst at most");
}

#[test]
fn a_registration_token_is_taken_once_over_every_instance() {
    use crate::storage::SharedLimits;
    let Some(scratch) = Scratch::new() else {
        return;
    };
    let (one, two) = (scratch.open(), scratch.open());
    let token = crate::registration::issue_shared_token(&one).unwrap();
    let hash = senim_crypto::sha256_hex(token.as_bytes());
    // Only the hash is stored.
    let mut client = scratch.client();
    let stored: Vec<String> = client
        .query("SELECT hash FROM registration_tokens", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(stored, vec![hash.clone()]);
    assert!(!stored.iter().any(|h| h.contains(&token)));
    assert!(two.take_registration_token(&hash).unwrap());
    assert!(!one.take_registration_token(&hash).unwrap(), "used once");
    one.add_registration_token(&hash).unwrap();
    one.add_registration_token(&hash).unwrap();
    assert!(two.take_registration_token(&hash).unwrap(), "given back");
    assert!(!two.take_registration_token(&hash).unwrap());
}
