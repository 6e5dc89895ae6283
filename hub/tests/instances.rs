//! Several hub instances over one PostgreSQL database: the messages of one sync may
//! reach any of them (the session lives in the database), one instance may stop in the
//! middle of a sync and another finishes it, a request accepted by one is a replay to
//! every other, and the bounds on open sessions, the request and registration budgets
//! and the registration tokens hold over all of them. Each instance is
//! a `Hub` with its own connection pool on one scratch schema. Every test skips, saying
//! so, without a test server (`SENIM_TEST_POSTGRES`; required under
//! `SENIM_REQUIRE_POSTGRES`).

use crate::common;

use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use common::*;
use senim_hub::registration::issue_shared_token;
use senim_hub::storage::postgres_scratch::Scratch;
use senim_hub::{Hub, HubConfig, RateLimit, Registration, router};
use senim_protocol::sync::hub_api::{self, code, path};
use senim_protocol::sync::{EnvelopeStore, Stats, Step, SyncSession};

/// `n` hub instances sharing the scratch schema, each configured by `change`.
fn instances(scratch: &Scratch, n: usize, change: impl Fn(&mut HubConfig)) -> Vec<TestHub> {
    (0..n)
        .map(|_| {
            let dir = tempfile::tempdir().unwrap();
            let mut config = HubConfig::new(dir.path().join("hub"));
            change(&mut config);
            let hub = Hub::with_shared_storage(Arc::new(scratch.open()), config);
            TestHub {
                dir,
                router: router(hub.clone()),
                hub,
                log: Arc::new(Mutex::new(Vec::new())),
            }
        })
        .collect()
}

/// One sync of `device`, its k-th message sent to instance `route(k)` of `hubs` (which
/// may drop an instance from the list as it goes).
async fn sync_across(
    hubs: &mut Vec<TestHub>,
    device: &Device,
    store: &mut ClientStore,
    mut route: impl FnMut(usize, &mut Vec<TestHub>) -> usize,
) -> Stats {
    let team = store.team();
    let session_id = random_nonce();
    let mut session = SyncSession::new(600);
    let mut message = session.start(store).unwrap();
    for k in 0.. {
        let at = route(k, hubs);
        let answer = hubs[at]
            .call(device.sync_request(team, session_id, message))
            .await;
        if answer.status == StatusCode::NO_CONTENT {
            panic!("the hub ended the session before its last message");
        }
        assert_eq!(answer.status, StatusCode::OK, "message {k}: {answer:?}");
        let last = answer.header(hub_api::header::LAST) == Some("1");
        match session.receive(store, &answer.body).unwrap() {
            Step::Reply(next) => message = next,
            Step::Last(next, stats) => {
                let at = route(k + 1, hubs);
                let answer = hubs[at]
                    .call(device.sync_request(team, session_id, next))
                    .await;
                assert_eq!(answer.status, StatusCode::NO_CONTENT, "{answer:?}");
                return stats;
            }
            Step::Done(stats) => {
                assert!(last);
                return stats;
            }
        }
    }
    unreachable!()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_sync_s_messages_alternate_between_two_instances() {
    let Some(scratch) = Scratch::new() else {
        return;
    };
    let mut hubs = instances(&scratch, 2, |_| {});
    let team = Team::new();
    team.register(&hubs[0]).await;
    let (mut lead, mut worker) = (team.client_store(), team.client_store());
    for seq in 1..=6 {
        lead.push(team.lead.seal(team.id, seq, 0, &note(&[b'l'; 250])));
    }
    for seq in 1..=4 {
        worker.push(team.worker.seal(team.id, seq, 0, &note(&[b'w'; 250])));
    }
    // Pages of 600 bytes: several messages each way, every other one to instance 1.
    let stats = sync_across(&mut hubs, &team.lead, &mut lead, |k, _| k % 2).await;
    assert_eq!((stats.sent, stats.received), (6, 0));
    let stats = sync_across(&mut hubs, &team.worker, &mut worker, |k, _| (k + 1) % 2).await;
    assert_eq!((stats.sent, stats.received), (4, 6));
    let stats = sync_across(&mut hubs, &team.lead, &mut lead, |k, _| k % 2).await;
    assert_eq!((stats.sent, stats.received), (0, 4));
    assert_eq!(lead.logs, worker.logs);
    assert_eq!(
        tokio::task::block_in_place(|| hubs[1].vector(team.id)),
        EnvelopeStore::vector(&lead).unwrap()
    );
    assert_eq!(
        tokio::task::block_in_place(|| hubs[0].vector(team.id)),
        EnvelopeStore::vector(&lead).unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instance_stopped_mid_sync_leaves_the_sync_to_another() {
    let Some(scratch) = Scratch::new() else {
        return;
    };
    let mut hubs = instances(&scratch, 2, |_| {});
    let team = Team::new();
    team.register(&hubs[0]).await;
    let mut lead = team.client_store();
    for seq in 1..=8 {
        lead.push(team.lead.seal(team.id, seq, 0, &note(&[b'l'; 250])));
    }
    // Messages 0 and 1 to instance 0, which then stops (its pool closes with it); the
    // rest of the same session to the instance left.
    let stats = sync_across(&mut hubs, &team.lead, &mut lead, |k, hubs| {
        if k == 2 && hubs.len() == 2 {
            drop(hubs.remove(0));
        }
        0
    })
    .await;
    assert_eq!((stats.sent, stats.received), (8, 0));
    assert_eq!(hubs.len(), 1);
    assert_eq!(
        tokio::task::block_in_place(|| hubs[0].vector(team.id)),
        EnvelopeStore::vector(&lead).unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_accepted_by_one_instance_is_a_replay_to_the_other() {
    let Some(scratch) = Scratch::new() else {
        return;
    };
    let hubs = instances(&scratch, 2, |_| {});
    let team = Team::new();
    team.register(&hubs[0]).await;
    let uri = path::membership_after(team.id, 0);
    let (time, nonce) = (now(), random_nonce());
    let first = hubs[0]
        .call(team.worker.request_at("GET", &uri, vec![], time, nonce))
        .await;
    assert_eq!(first.status, StatusCode::OK);
    let error = hubs[1]
        .call(team.worker.request_at("GET", &uri, vec![], time, nonce))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, code::UNAUTHENTICATED);
    assert!(error.reason.contains("replayed"), "{error:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_busy_on_one_instance_is_refused_by_the_other_and_bounds_are_shared() {
    let Some(scratch) = Scratch::new() else {
        return;
    };
    let hubs = instances(&scratch, 2, |c| c.max_sessions_per_team = 1);
    let team = Team::new();
    team.register(&hubs[0]).await;
    let mut lead = team.client_store();
    lead.push(team.lead.seal(team.id, 1, 0, &note(b"one")));
    // The lead's session is open (idle after its Hello) on instance 0 ...
    let session_id = random_nonce();
    let mut session = SyncSession::new(600);
    let hello = session.start(&lead).unwrap();
    let answer = hubs[0]
        .call(team.lead.sync_request(team.id, session_id, hello))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    // ... so the team's one session is taken on instance 1 too.
    let worker = team.client_store();
    let mut other = SyncSession::new(600);
    let hello = other.start(&worker).unwrap();
    hubs[1]
        .call(team.worker.sync_request(team.id, random_nonce(), hello))
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, code::RATE_LIMITED);
    // The lead's session goes on at instance 1.
    let Step::Reply(next) = session.receive(&mut lead, &answer.body).unwrap() else {
        panic!("the session goes on");
    };
    let answer = hubs[1]
        .call(team.lead.sync_request(team.id, session_id, next))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
}

/// A budget that never refills within a test: `burst` requests, then 429.
fn no_refill(burst: u32) -> RateLimit {
    RateLimit {
        per_second: 0.0001,
        burst,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_caller_s_request_budget_is_one_budget_over_every_instance() {
    let Some(scratch) = Scratch::new() else {
        return;
    };
    // Registering and posting the second list spend two requests of the lead's
    // budget; its reads spend the rest.
    let hubs = instances(&scratch, 2, |c| c.rate = no_refill(6));
    let team = Team::new();
    team.register(&hubs[0]).await;
    let uri = path::membership_after(team.id, 0);
    let mut accepted = 0;
    for k in 0..12 {
        let answer = hubs[k % 2]
            .call(team.lead.request("GET", &uri, vec![]))
            .await;
        match answer.status {
            StatusCode::OK => accepted += 1,
            _ => {
                answer.assert_error(StatusCode::TOO_MANY_REQUESTS, code::RATE_LIMITED);
            }
        }
    }
    // Per-instance budgets would have let 10 through (4 + 6).
    assert_eq!(
        accepted, 4,
        "the budget is spent at whichever instance answers"
    );
    // Another device of the team has a budget of its own.
    let answer = hubs[1].call(team.worker.request("GET", &uri, vec![])).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registrations_of_one_address_are_counted_over_every_instance() {
    let Some(scratch) = Scratch::new() else {
        return;
    };
    let hubs = instances(&scratch, 2, |c| c.registration_rate = no_refill(2));
    let mut created = 0;
    for k in 0..4 {
        let team = Team::new();
        let answer = hubs[k % 2].call(team.registration(&team.lead)).await;
        match answer.status {
            StatusCode::CREATED => created += 1,
            _ => {
                answer.assert_error(StatusCode::TOO_MANY_REQUESTS, code::RATE_LIMITED);
            }
        }
    }
    assert_eq!(created, 2, "per-instance budgets would have let 4 through");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_registration_token_issued_for_the_database_registers_one_team_at_any_instance() {
    let Some(scratch) = Scratch::new() else {
        return;
    };
    let hubs = instances(&scratch, 2, |c| c.registration = Registration::Token);
    let store = scratch.open();
    let token = tokio::task::block_in_place(|| issue_shared_token(&store)).unwrap();
    let with_token = |team: &Team| {
        let mut request = team.registration(&team.lead);
        request
            .headers_mut()
            .insert(hub_api::header::REGISTRATION_TOKEN, token.parse().unwrap());
        request
    };
    // Instance 1 accepts a token issued for the database (not in its data directory).
    let first = Team::new();
    let answer = hubs[1].call(with_token(&first)).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
    // The token is used up at instance 0 too.
    let second = Team::new();
    let error = hubs[0]
        .call(with_token(&second))
        .await
        .assert_error(StatusCode::FORBIDDEN, code::FORBIDDEN);
    assert!(error.reason.contains("used already"), "{error:?}");
    // A registration that fails after taking a token gives it back: a second
    // registration of the first team is a conflict, and the token still works.
    let token2 = tokio::task::block_in_place(|| issue_shared_token(&store)).unwrap();
    let mut again = first.registration(&first.lead);
    again
        .headers_mut()
        .insert(hub_api::header::REGISTRATION_TOKEN, token2.parse().unwrap());
    assert_eq!(hubs[0].call(again).await.status, StatusCode::CONFLICT);
    let mut third = second.registration(&second.lead);
    third
        .headers_mut()
        .insert(hub_api::header::REGISTRATION_TOKEN, token2.parse().unwrap());
    let answer = hubs[1].call(third).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
}
