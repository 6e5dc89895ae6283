//! Sync through the hub: sessions driven over HTTP requests, and the hub's rules for
//! the envelopes it accepts (signature, membership, revocation, epoch, sequence).

use crate::common;

use axum::http::StatusCode;
use common::*;
use senim_hub::storage::Slot;
use senim_protocol::sync::hub_api::{self, code};
use senim_protocol::sync::{Message, SyncSession, VersionVector, encode};
use senim_protocol::team::{JoinRequest, Role, TeamId};

/// Sends raw messages of one session and returns each answer.
async fn send(
    hub: &TestHub,
    device: &Device,
    team: TeamId,
    session: [u8; 16],
    m: &Message,
) -> Answer {
    hub.call(device.sync_request(team, session, encode(m)))
        .await
}

fn hello(team: TeamId, vector: VersionVector) -> Message {
    Message::Hello {
        format: 1,
        team,
        vector,
    }
}

#[tokio::test]
async fn two_devices_sync_through_the_hub_in_small_pages() {
    let hub = TestHub::with(|c| c.max_page_bytes = 600);
    let team = Team::new();
    team.register(&hub).await;
    let mut lead = team.client_store();
    let mut worker = team.client_store();
    for seq in 1..=5 {
        lead.push(
            team.lead
                .seal(team.id, seq, 0, &note(format!("lead {seq}").as_bytes())),
        );
    }
    for seq in 1..=3 {
        worker.push(team.worker.seal(team.id, seq, 0, &note(&[b'w'; 300])));
    }

    let stats = sync(&hub, &team.lead, &mut lead, 600).await.unwrap();
    assert_eq!((stats.sent, stats.received), (5, 0));
    let stats = sync(&hub, &team.worker, &mut worker, 600).await.unwrap();
    assert_eq!((stats.sent, stats.received), (3, 5));
    let stats = sync(&hub, &team.lead, &mut lead, 600).await.unwrap();
    assert_eq!((stats.sent, stats.received), (0, 3));

    assert_eq!(lead.logs, worker.logs);
    assert_eq!(hub.vector(team.id), lead.vector_now());
    // Nothing left to exchange: Hello, Hello, Done, Done.
    let stats = sync(&hub, &team.worker, &mut worker, 600).await.unwrap();
    assert_eq!((stats.sent, stats.received, stats.duplicates), (0, 0, 0));
}

trait VectorNow {
    fn vector_now(&self) -> VersionVector;
}

impl VectorNow for ClientStore {
    fn vector_now(&self) -> VersionVector {
        senim_protocol::sync::EnvelopeStore::vector(self).unwrap()
    }
}

#[tokio::test]
async fn a_forged_envelope_is_rejected_and_nothing_is_stored() {
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    let mut store = team.client_store();
    let mut forged = team
        .worker
        .seal(team.id, 1, 0, &note(b"altered in transit"));
    forged.ciphertext[3] ^= 0x01;
    store.push(forged);
    let answer = sync(&hub, &team.worker, &mut store, 64 * 1024)
        .await
        .unwrap_err()
        .answer();
    let error = answer.assert_error(StatusCode::UNPROCESSABLE_ENTITY, code::ENVELOPE_REJECTED);
    assert!(error.reason.contains("signature"), "{error:?}");
    assert!(error.reason.contains("seq 1"), "{error:?}");
    assert!(hub.vector(team.id).is_empty());
    assert!(
        hub.hub
            .storage()
            .envelope(team.id, team.worker.id(), 1)
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn an_envelope_signed_by_another_device_is_rejected() {
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    // The lead's key over an envelope that claims the worker's log.
    let mut envelope = team.lead.seal(team.id, 1, 0, &note(b"x"));
    envelope.header.device = team.worker.id();
    let session = random_nonce();
    let vector: VersionVector = [(team.worker.id(), 1)].into_iter().collect();
    let answer = send(
        &hub,
        &team.worker,
        team.id,
        session,
        &hello(team.id, vector),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let page = Message::Envelopes {
        envelopes: vec![envelope],
        done: true,
    };
    send(&hub, &team.worker, team.id, session, &page)
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, code::ENVELOPE_REJECTED);
    assert!(hub.vector(team.id).is_empty());
}

#[tokio::test]
async fn gaps_are_refused_and_duplicates_change_nothing() {
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    let w = &team.worker;
    let envelopes: Vec<_> = (1..=3)
        .map(|s| w.seal(team.id, s, 0, &note(b"n")))
        .collect();
    let vector: VersionVector = [(w.id(), 3)].into_iter().collect();

    // 2 and 3 without 1: both refused as gaps, nothing stored, the session goes on.
    let s1 = random_nonce();
    assert_eq!(
        send(&hub, w, team.id, s1, &hello(team.id, vector.clone()))
            .await
            .status,
        StatusCode::OK
    );
    let page = Message::Envelopes {
        envelopes: envelopes[1..].to_vec(),
        done: true,
    };
    let answer = send(&hub, w, team.id, s1, &page).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    assert_eq!(answer.header(hub_api::header::LAST), Some("1"));
    assert!(hub.vector(team.id).is_empty());

    // 1 then 1 again, then 2: one duplicate, two new.
    let s2 = random_nonce();
    send(&hub, w, team.id, s2, &hello(team.id, vector.clone())).await;
    let page = Message::Envelopes {
        envelopes: vec![
            envelopes[0].clone(),
            envelopes[0].clone(),
            envelopes[1].clone(),
        ],
        done: true,
    };
    let answer = send(&hub, w, team.id, s2, &page).await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    assert_eq!(hub.vector(team.id).get(w.id()), 2);

    // A different envelope at a held sequence (the device signed two histories): refused,
    // the first is kept.
    let other = w.seal(team.id, 2, 0, &note(b"another history"));
    let s3 = random_nonce();
    send(&hub, w, team.id, s3, &hello(team.id, vector)).await;
    let page = Message::Envelopes {
        envelopes: vec![other],
        done: true,
    };
    let error = send(&hub, w, team.id, s3, &page)
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, code::ENVELOPE_REJECTED);
    assert!(error.reason.contains("different envelope"), "{error:?}");
    let held = hub
        .hub
        .storage()
        .envelope(team.id, w.id(), 2)
        .unwrap()
        .unwrap();
    assert_eq!(held, Slot::Envelope(envelopes[1].to_bytes()));

    // The rest arrives with a normal sync.
    let mut store = team.client_store();
    for e in envelopes {
        store.push(e);
    }
    let stats = sync(&hub, w, &mut store, 64 * 1024).await.unwrap();
    assert_eq!(stats.sent, 1);
    assert_eq!(hub.vector(team.id).get(w.id()), 3);
}

#[tokio::test]
async fn an_envelope_of_an_epoch_the_team_has_not_reached_is_refused() {
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    let mut store = team.client_store();
    store.push(team.worker.seal(team.id, 1, 1, &note(b"from the future")));
    let error = sync(&hub, &team.worker, &mut store, 64 * 1024)
        .await
        .unwrap_err()
        .answer()
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, code::ENVELOPE_REJECTED);
    assert!(error.reason.contains("epoch"), "{error:?}");
    assert!(hub.vector(team.id).is_empty());
}

#[tokio::test]
async fn a_revoked_device_is_forbidden_and_its_later_epoch_envelopes_are_refused() {
    let hub = TestHub::new();
    let mut team = Team::new();
    let third = Device::new();
    let join = JoinRequest::new(&third.keys, "worker-9").unwrap();
    let three = team
        .latest()
        .admit(&team.lead.keys, &join, Role::Worker)
        .unwrap();
    team.lists.push(three);
    team.register(&hub).await;

    // Before its revocation the device synced one envelope; it wrote two more, one
    // in the old epoch, one claiming the new epoch.
    let mut own = team.client_store();
    own.push(third.seal(team.id, 1, 0, &note(b"before")));
    sync(&hub, &third, &mut own, 64 * 1024).await.unwrap();
    team.revoke(&hub, third.id()).await;

    own.push(third.seal(team.id, 2, 0, &note(b"old epoch, after")));
    own.push(third.seal(team.id, 3, 1, &note(b"new epoch")));
    let error = sync(&hub, &third, &mut own, 64 * 1024)
        .await
        .unwrap_err()
        .answer()
        .assert_error(StatusCode::FORBIDDEN, code::FORBIDDEN);
    assert!(error.reason.contains("revoked"), "{error:?}");

    // Relayed by the lead: both are after the last envelope the team keeps of it
    // (sequence 1, what the hub held at the revocation), so both are refused (and
    // reported), and the lead's own sync goes on.
    let mut lead = team.client_store();
    lead.push(team.lead.seal(team.id, 1, 1, &note(b"lead")));
    for e in own.logs[&third.id()].clone() {
        lead.push(e);
    }
    let session = random_nonce();
    let mut s = SyncSession::new(64 * 1024);
    let mut message = s.start(&lead).unwrap();
    let mut rejected = 0u64;
    loop {
        let answer = hub
            .call(team.lead.sync_request(team.id, session, message))
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
        rejected += answer
            .header(hub_api::header::REJECTED)
            .map_or(0, |n| n.parse::<u64>().unwrap());
        match s.receive(&mut lead, &answer.body).unwrap() {
            senim_protocol::sync::Step::Reply(next) => message = next,
            senim_protocol::sync::Step::Last(next, _) => {
                let answer = hub
                    .call(team.lead.sync_request(team.id, session, next))
                    .await;
                rejected += answer
                    .header(hub_api::header::REJECTED)
                    .map_or(0, |n| n.parse::<u64>().unwrap());
                assert_eq!(answer.status, StatusCode::NO_CONTENT);
                break;
            }
            senim_protocol::sync::Step::Done(_) => break,
        }
    }
    assert_eq!(rejected, 2);
    let vector = hub.vector(team.id);
    assert_eq!(vector.get(third.id()), 1);
    assert_eq!(vector.get(team.lead.id()), 1);
}

#[tokio::test]
async fn a_device_that_is_not_a_member_cannot_sync() {
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    let stranger = Device::new();
    let mut store = team.client_store();
    sync(&hub, &stranger, &mut store, 1024)
        .await
        .unwrap_err()
        .answer()
        .assert_error(StatusCode::UNAUTHORIZED, code::UNAUTHENTICATED);
}

#[tokio::test]
async fn a_session_starts_with_a_hello_for_the_team_of_the_route() {
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    let w = &team.worker;
    // A page with no session open.
    let page = Message::Done;
    send(&hub, w, team.id, random_nonce(), &page)
        .await
        .assert_error(StatusCode::NOT_FOUND, code::NOT_FOUND);
    // A Hello for another team.
    send(
        &hub,
        w,
        team.id,
        random_nonce(),
        &hello(TeamId::random().unwrap(), VersionVector::new()),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, code::PROTOCOL);
    // Not a sync message at all.
    hub.call(w.sync_request(team.id, random_nonce(), b"GET / HTTP/1.1".to_vec()))
        .await
        .assert_error(StatusCode::BAD_REQUEST, code::PROTOCOL);
    // A second Hello in one session ends it.
    let s = random_nonce();
    send(&hub, w, team.id, s, &hello(team.id, VersionVector::new())).await;
    send(&hub, w, team.id, s, &hello(team.id, VersionVector::new()))
        .await
        .assert_error(StatusCode::BAD_REQUEST, code::PROTOCOL);
    // Without a session id.
    let mut request = w.request("POST", &hub_api::path::sync(team.id), encode(&page));
    request.headers_mut().remove(hub_api::header::SESSION);
    hub.call(request)
        .await
        .assert_error(StatusCode::BAD_REQUEST, code::BAD_REQUEST);
}

#[tokio::test]
async fn a_device_holds_a_bounded_number_of_sessions_and_a_new_one_replaces_the_oldest() {
    let hub = TestHub::with(|c| c.max_sessions_per_device = 2);
    let team = Team::new();
    team.register(&hub).await;
    let w = &team.worker;
    // Two sessions whose connections were cut after the Hello.
    let mut cut = Vec::new();
    for _ in 0..2 {
        let session = random_nonce();
        let answer = send(
            &hub,
            w,
            team.id,
            session,
            &hello(team.id, VersionVector::new()),
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK);
        cut.push(session);
    }
    // A third sync is not locked out: the oldest idle session makes room.
    let answer = send(
        &hub,
        w,
        team.id,
        random_nonce(),
        &hello(team.id, VersionVector::new()),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let answer = send(&hub, w, team.id, cut[0], &Message::Done).await;
    answer.assert_error(StatusCode::NOT_FOUND, code::NOT_FOUND);
    // The younger cut session is still there.
    let answer = send(&hub, w, team.id, cut[1], &Message::Done).await;
    assert_eq!(answer.status.as_u16() / 100, 2);
    // Another device is not held back by any of it.
    let answer = send(
        &hub,
        &team.lead,
        team.id,
        random_nonce(),
        &hello(team.id, VersionVector::new()),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
}
