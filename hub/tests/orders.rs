//! Team orders through the hub: a lead posts the next order of the chain (a policy or
//! a purge), every device that is or was a member reads them in pages, and a purge
//! leaves a stub at each place it names that sync goes around.

use crate::common;

use axum::http::StatusCode;
use common::*;
use senim_hub::storage::Slot;
use senim_protocol::records::RecordKind;
use senim_protocol::sync::hub_api::{self, code, path};
use senim_protocol::sync::{Message, VersionVector, encode};
use senim_protocol::team::{
    DeviceKeys, JoinRequest, Membership, OrderBody, Retention, Role, TeamId, TeamOrder, TeamPolicy,
};

fn policy(days: u32) -> OrderBody {
    OrderBody::Policy(TeamPolicy {
        retention: vec![Retention {
            kind: RecordKind::OutreachNote,
            days,
        }],
        wipe_after_failed_unlocks: Some(10),
        wipe_after_days_without_sync: None,
    })
}

/// A team registered on `hub` whose worker synced `n` envelopes.
async fn team_with_envelopes(hub: &TestHub, n: u64) -> (Team, ClientStore) {
    let team = Team::new();
    team.register(hub).await;
    let mut store = team.client_store();
    for seq in 1..=n {
        store.push(
            team.worker
                .seal(team.id, seq, 0, &note(format!("note {seq}").as_bytes())),
        );
    }
    sync(hub, &team.worker, &mut store, 64 * 1024)
        .await
        .unwrap();
    (team, store)
}

#[tokio::test]
async fn a_lead_posts_orders_and_every_member_reads_them_in_order() {
    let hub = TestHub::new();
    let (team, _) = team_with_envelopes(&hub, 2).await;
    let first = team.order(1, policy(30));
    let second = team.purge(2, &[(team.worker.id(), 1)]);
    for order in [&first, &second] {
        let answer = hub.call(team.post_order(&team.lead, order)).await;
        assert_eq!(answer.status, StatusCode::NO_CONTENT, "{answer:?}");
        assert!(answer.body.is_empty());
    }
    for device in [&team.lead, &team.worker] {
        let answer = team.fetch_orders(&hub, device, 0).await;
        assert_eq!(
            answer.header("content-type"),
            Some("application/octet-stream")
        );
        assert_eq!(answer.header(hub_api::header::MORE), None);
        assert_eq!(orders(&answer), vec![first.clone(), second.clone()]);
    }
    // As signed, byte for byte, and verifiable by any device.
    let page =
        hub_api::OrdersPage::from_bytes(&team.fetch_orders(&hub, &team.worker, 1).await.body)
            .unwrap();
    assert_eq!(page.orders, vec![second.to_bytes()]);
    TeamOrder::from_bytes(&page.orders[0])
        .unwrap()
        .verify(team.latest())
        .unwrap();
    assert!(orders(&team.fetch_orders(&hub, &team.worker, 2).await).is_empty());
    assert!(orders(&team.fetch_orders(&hub, &team.worker, 99).await).is_empty());
    hub.call(team.worker.request(
        "GET",
        &format!("{}?after=two", path::orders(team.id)),
        vec![],
    ))
    .await
    .assert_error(StatusCode::BAD_REQUEST, code::BAD_REQUEST);

    // The log names the route template, never the team, a device or an order.
    let lines: Vec<String> = hub
        .log
        .lock()
        .unwrap()
        .iter()
        .map(|l| l.to_string())
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("POST /v1/teams/{team}/orders 204 ")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("GET /v1/teams/{team}/orders 200 ")),
        "{lines:?}"
    );
    let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
    for line in &lines {
        assert!(!line.contains(&team.id.to_string()), "{line}");
        assert!(!line.contains(&team.lead.id().to_string()), "{line}");
        assert!(
            !line.contains("erasure") && !line.contains("retention"),
            "{line}"
        );
        assert!(!line.contains(&hex(&second.to_bytes()[..8])), "{line}");
    }
}

#[tokio::test]
async fn a_worker_posting_an_order_is_forbidden() {
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    // Even an order the lead signed: only a lead's request may post one.
    let order = team.order(1, policy(30));
    let error = hub
        .call(team.post_order(&team.worker, &order))
        .await
        .assert_error(StatusCode::FORBIDDEN, code::FORBIDDEN);
    assert!(error.reason.contains("lead"), "{error:?}");
    assert_eq!(hub.hub.storage().last_order(team.id).unwrap(), 0);
    // A stranger is not a member at all.
    hub.call(team.post_order(&Device::new(), &order))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, code::UNAUTHENTICATED);
}

#[tokio::test]
async fn an_order_for_another_team_or_not_signed_by_a_lead_is_rejected() {
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    let rejected = |answer: Answer| {
        answer.assert_error(StatusCode::UNPROCESSABLE_ENTITY, code::ORDER_REJECTED)
    };

    // Another team's order, by the same lead.
    let (elsewhere, _) = Membership::create(
        TeamId::random().unwrap(),
        "Osh office",
        &team.lead.keys,
        "l",
    )
    .unwrap();
    let foreign = TeamOrder::issue(&elsewhere, &team.lead.keys, 1, now(), policy(30)).unwrap();
    let error = rejected(hub.call(team.post_order(&team.lead, &foreign)).await);
    assert!(error.reason.contains("another team"), "{error:?}");

    // Signed by the worker, a lead of a list of its own making with the team's id.
    let (fake, _) = Membership::create(team.id, "Almaty office", &team.worker.keys, "w").unwrap();
    let by_worker = TeamOrder::issue(&fake, &team.worker.keys, 1, now(), policy(30)).unwrap();
    let error = rejected(hub.call(team.post_order(&team.lead, &by_worker)).await);
    assert!(error.reason.contains("lead"), "{error:?}");

    // Signed by a key that is not the one the lists hold for the lead.
    let impostor = DeviceKeys::generate(team.lead.id()).unwrap();
    let (impostor_list, _) =
        Membership::create(team.id, "Almaty office", &impostor, "lead-1").unwrap();
    let forged = TeamOrder::issue(&impostor_list, &impostor, 1, now(), policy(30)).unwrap();
    let error = rejected(hub.call(team.post_order(&team.lead, &forged)).await);
    assert!(error.reason.contains("signature"), "{error:?}");

    // The lead's order with its signature altered.
    let mut bytes = team.order(1, policy(30)).to_bytes();
    *bytes.last_mut().unwrap() ^= 0x01;
    let request = team
        .lead
        .request("POST", &path::orders(team.id), bytes.clone());
    let error = rejected(hub.call(request).await);
    assert!(error.reason.contains("signature"), "{error:?}");

    // Not an order at all, and one with trailing bytes.
    for body in [vec![0xff; 7], {
        let mut b = team.order(1, policy(30)).to_bytes();
        b.push(0);
        b
    }] {
        rejected(
            hub.call(team.lead.request("POST", &path::orders(team.id), body))
                .await,
        );
    }

    assert_eq!(hub.hub.storage().last_order(team.id).unwrap(), 0);
    // The genuine order is still number 1.
    let answer = hub
        .call(team.post_order(&team.lead, &team.order(1, policy(30))))
        .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{answer:?}");
}

#[tokio::test]
async fn an_order_out_of_sequence_is_a_conflict_and_a_retry_is_accepted() {
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    let first = team.order(1, policy(30));
    let answer = hub.call(team.post_order(&team.lead, &first)).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{answer:?}");

    // The same order again (its answer was lost): accepted, nothing changes.
    let answer = hub.call(team.post_order(&team.lead, &first)).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{answer:?}");
    assert_eq!(hub.hub.storage().last_order(team.id).unwrap(), 1);

    // Another order numbered 1 (another lead's came first), and one skipping 2.
    for order in [team.order(1, policy(60)), team.order(3, policy(60))] {
        let error = hub
            .call(team.post_order(&team.lead, &order))
            .await
            .assert_error(StatusCode::CONFLICT, code::CONFLICT);
        assert!(error.reason.contains("fetch the orders"), "{error:?}");
        assert!(error.reason.contains("number 2"), "{error:?}");
    }
    assert_eq!(
        orders(&team.fetch_orders(&hub, &team.worker, 0).await),
        vec![first]
    );
    let answer = hub
        .call(team.post_order(&team.lead, &team.order(2, policy(60))))
        .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{answer:?}");
}

/// A team handed to a hub that lost it: its purges name places the hub does not hold
/// (yet). The order is taken; the places it holds become stubs, and the others never
/// hold an envelope.
#[tokio::test]
async fn a_purge_naming_places_the_hub_does_not_hold_is_taken_and_they_stay_empty() {
    let hub = TestHub::new();
    let (team, _) = team_with_envelopes(&hub, 2).await;
    let w = team.worker.id();
    let answer = hub
        .call(team.post_order(&team.lead, &team.purge(1, &[(w, 1), (w, 3)])))
        .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{answer:?}");
    let storage = hub.hub.storage();
    assert_eq!(storage.last_order(team.id).unwrap(), 1);
    assert_eq!(storage.envelope(team.id, w, 1).unwrap(), Some(Slot::Purged));
    assert_eq!(storage.envelope(team.id, w, 3).unwrap(), None);
    assert_eq!(storage.vector(team.id).unwrap().get(w), 2);
}

#[tokio::test]
async fn a_purge_leaves_stubs_that_sync_goes_around_and_never_takes_back() {
    let hub = TestHub::new();
    let (team, worker_store) = team_with_envelopes(&hub, 3).await;
    let w = team.worker.id();
    let answer = hub
        .call(team.post_order(&team.lead, &team.purge(1, &[(w, 3)])))
        .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{answer:?}");

    // The log keeps its length; the place holds a stub.
    assert_eq!(hub.vector(team.id).get(w), 3);
    let storage = hub.hub.storage();
    assert_eq!(storage.envelope(team.id, w, 3).unwrap(), Some(Slot::Purged));

    // A device that never had it gets what is left.
    let mut lead = team.client_store();
    let stats = sync(&hub, &team.lead, &mut lead, 64 * 1024).await.unwrap();
    assert_eq!(stats.received, 2);
    assert_eq!(lead.logs[&w], worker_store.logs[&w][..2].to_vec());

    // The worker, not yet told of the purge, offers envelope 3 again: a duplicate,
    // neither stored back nor refused.
    let purged = worker_store.logs[&w][2].clone();
    let session = random_nonce();
    let hello = Message::Hello {
        format: 1,
        team: team.id,
        vector: VersionVector::new(),
    };
    let answer = hub
        .call(team.worker.sync_request(team.id, session, encode(&hello)))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{answer:?}");
    let page = Message::Envelopes {
        envelopes: vec![purged],
        done: true,
    };
    let answer = hub
        .call(team.worker.sync_request(team.id, session, encode(&page)))
        .await;
    assert_eq!(answer.status.as_u16() / 100, 2, "{answer:?}");
    assert_eq!(answer.header(hub_api::header::REJECTED), None);
    assert_eq!(storage.envelope(team.id, w, 3).unwrap(), Some(Slot::Purged));

    // A whole sync of the worker's store, which still holds it, changes nothing.
    let mut store = worker_store.clone();
    let stats = sync(&hub, &team.worker, &mut store, 64 * 1024)
        .await
        .unwrap();
    assert_eq!(stats.sent, 0);
    assert_eq!(storage.envelope(team.id, w, 3).unwrap(), Some(Slot::Purged));
}

/// A stub inside a log: the hub's listing skips it, so the envelopes after it still
/// travel (the sync session lets sequences jump over purged places).
#[tokio::test]
async fn envelopes_after_a_purged_place_still_travel() {
    let hub = TestHub::new();
    let (team, _) = team_with_envelopes(&hub, 4).await;
    let w = team.worker.id();
    let answer = hub
        .call(team.post_order(&team.lead, &team.purge(1, &[(w, 2), (w, 3)])))
        .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{answer:?}");
    let mut lead = team.client_store();
    let result = sync(&hub, &team.lead, &mut lead, 64 * 1024).await;
    let seqs: Vec<u64> = lead
        .logs
        .get(&w)
        .map(|log| log.iter().map(|e| e.seq()).collect())
        .unwrap_or_default();
    assert!(result.is_ok(), "{result:?}");
    assert!(seqs.starts_with(&[1]), "{seqs:?}");
}

#[tokio::test]
async fn orders_come_in_pages_bounded_by_bytes() {
    let hub = TestHub::with(|c| c.max_page_bytes = 1);
    let team = Team::new();
    team.register(&hub).await;
    let issued: Vec<TeamOrder> = (1..=3).map(|n| team.order(n, policy(n as u32))).collect();
    for order in &issued {
        let answer = hub.call(team.post_order(&team.lead, order)).await;
        assert_eq!(answer.status, StatusCode::NO_CONTENT, "{answer:?}");
    }
    let mut after = 0;
    let mut fetched = Vec::new();
    loop {
        let answer = team.fetch_orders(&hub, &team.worker, after).await;
        let more = answer.header(hub_api::header::MORE) == Some("1");
        let page = orders(&answer);
        assert_eq!(page.len(), 1, "one order per page at a one-byte bound");
        after = page[0].number();
        fetched.extend(page);
        if !more {
            break;
        }
    }
    assert_eq!(fetched, issued);
    // At the default bound, one page holds them all.
    let hub = TestHub::new();
    team.register(&hub).await;
    for order in &issued {
        hub.call(team.post_order(&team.lead, order)).await;
    }
    let answer = team.fetch_orders(&hub, &team.worker, 0).await;
    assert_eq!(answer.header(hub_api::header::MORE), None);
    assert_eq!(orders(&answer), issued);
}

#[tokio::test]
async fn a_revoked_device_reads_the_orders_before_its_revocation_only_and_a_stranger_none() {
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
    let before = team.order(1, policy(30));
    let answer = hub.call(team.post_order(&team.lead, &before)).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{answer:?}");
    team.revoke(&hub, third.id()).await;
    let after = team.order(2, policy(60));
    let answer = hub.call(team.post_order(&team.lead, &after)).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{answer:?}");
    // What a purge issued before tells a revoked device is what it must remove from
    // its copies; what the team ordered since is not for it.
    assert_eq!(
        orders(&team.fetch_orders(&hub, &third, 0).await),
        vec![before]
    );
    team.fetch_orders(&hub, &third, 1)
        .await
        .assert_error(StatusCode::FORBIDDEN, code::FORBIDDEN);
    team.fetch_orders(&hub, &Device::new(), 0)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, code::UNAUTHENTICATED);
    // It may not post any.
    hub.call(team.post_order(&third, &team.order(3, policy(30))))
        .await
        .assert_error(StatusCode::FORBIDDEN, code::FORBIDDEN);
}

#[tokio::test]
async fn orders_of_a_team_of_the_other_kind_are_refused() {
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    let demo = TeamId::random_demo().unwrap();
    hub.call(
        team.lead
            .request("GET", &path::orders_after(demo, 0), vec![]),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, code::DEMO_MISMATCH);
    hub.call(team.lead.request("POST", &path::orders(demo), vec![1]))
        .await
        .assert_error(StatusCode::FORBIDDEN, code::DEMO_MISMATCH);
    // An unknown real team is not found.
    hub.call(team.lead.request(
        "GET",
        &path::orders_after(TeamId::random().unwrap(), 0),
        vec![],
    ))
    .await
    .assert_error(StatusCode::NOT_FOUND, code::NOT_FOUND);
}

#[tokio::test]
async fn an_order_over_the_body_limit_is_too_large() {
    let hub = TestHub::with(|c| c.max_body = 4096);
    let team = Team::new();
    team.register(&hub).await;
    let places: Vec<_> = (1..=500).map(|seq| (team.worker.id(), seq)).collect();
    let order = team.purge(1, &places);
    assert!(order.to_bytes().len() > 4096);
    hub.call(team.post_order(&team.lead, &order))
        .await
        .assert_error(StatusCode::PAYLOAD_TOO_LARGE, code::TOO_LARGE);
}
