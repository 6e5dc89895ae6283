//! The hub's HTTP API: health, team registration, request authentication, roles,
//! limits, and the distribution of membership lists and sealed keys.

use crate::common;

use axum::http::StatusCode;
use common::*;
use senim_protocol::sync::auth::MAX_CLOCK_SKEW_SECS;
use senim_protocol::sync::hub_api::{self, Health, RequestAuth, code, path};
use senim_protocol::team::{JoinRequest, Membership, Role, SealedKey, TeamId};

#[tokio::test]
async fn health_answers_ok_with_the_version_and_needs_no_signature() {
    let hub = TestHub::new();
    let answer = hub
        .call(unsigned_request("GET", path::HEALTH, vec![], None))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    let health: Health = serde_json::from_slice(&answer.body).unwrap();
    assert_eq!(health.status, "ok");
    assert_eq!(health.version, senim_hub::VERSION);
}

// ------------------------------------------------------------------ registration

#[tokio::test]
async fn a_lead_registers_a_team_from_its_genesis_list() {
    let hub = TestHub::new();
    let team = Team::new();
    let answer = hub.call(team.registration(&team.lead)).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
    let lists = update(&team.fetch(&hub, &team.lead, 0).await).lists;
    assert_eq!(lists, vec![team.lists[0].to_bytes()]);
}

#[tokio::test]
async fn registering_a_team_twice_is_a_conflict() {
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    hub.call(team.registration(&team.lead))
        .await
        .assert_error(StatusCode::CONFLICT, code::CONFLICT);
}

#[tokio::test]
async fn a_registration_not_signed_by_the_lists_lead_is_unauthenticated() {
    let hub = TestHub::new();
    let team = Team::new();
    hub.call(team.registration(&team.worker))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, code::UNAUTHENTICATED);
    // Nothing was registered: the lead can still do it.
    let answer = hub.call(team.registration(&team.lead)).await;
    assert_eq!(answer.status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_registration_with_a_list_that_is_not_a_first_list_is_refused() {
    let hub = TestHub::new();
    let team = Team::new();
    let body = hub_api::TeamRegistration {
        list: team.lists[1].to_bytes(),
    }
    .to_bytes();
    hub.call(team.lead.request("POST", path::TEAMS, body))
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, code::MEMBERSHIP_REJECTED);
    let body = hub_api::TeamRegistration {
        list: vec![1, 2, 3],
    }
    .to_bytes();
    hub.call(team.lead.request("POST", path::TEAMS, body))
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, code::MEMBERSHIP_REJECTED);
    hub.call(team.lead.request("POST", path::TEAMS, vec![0xff; 3]))
        .await
        .assert_error(StatusCode::BAD_REQUEST, code::BAD_REQUEST);
}

// ------------------------------------------------------------------ authentication

#[tokio::test]
async fn a_request_from_an_unknown_device_is_unauthenticated() {
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    let stranger = Device::new();
    let error = team
        .fetch(&hub, &stranger, 0)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, code::UNAUTHENTICATED);
    assert!(error.reason.contains("not a member"), "{error:?}");
}

#[tokio::test]
async fn a_forged_request_signature_is_unauthenticated() {
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    let uri = path::membership_after(team.id, 0);
    // The worker's id with a signature by another key.
    let forger = Device::new();
    let mut auth = RequestAuth::sign(
        &forger.keys,
        team.id,
        "GET",
        &uri,
        now(),
        random_nonce(),
        &[],
    );
    auth.device = team.worker.id();
    hub.call(unsigned_request("GET", &uri, vec![], Some(auth)))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, code::UNAUTHENTICATED);
    // A genuine signature over another path.
    let auth = RequestAuth::sign(
        &team.worker.keys,
        team.id,
        "GET",
        &path::membership_after(team.id, 1),
        now(),
        random_nonce(),
        &[],
    );
    hub.call(unsigned_request("GET", &uri, vec![], Some(auth)))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, code::UNAUTHENTICATED);
    // A genuine signature over another body.
    let post = team.post_list(&team.lead, team.latest(), vec![]);
    let auth = RequestAuth::sign(
        &team.lead.keys,
        team.id,
        "POST",
        &path::membership(team.id),
        now(),
        random_nonce(),
        b"another body",
    );
    let body = axum::body::to_bytes(post.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    hub.call(unsigned_request(
        "POST",
        &path::membership(team.id),
        body,
        Some(auth),
    ))
    .await
    .assert_error(StatusCode::UNAUTHORIZED, code::UNAUTHENTICATED);
}

#[tokio::test]
async fn missing_or_malformed_signature_headers_are_unauthenticated() {
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    let uri = path::membership_after(team.id, 0);
    let error = hub
        .call(unsigned_request("GET", &uri, vec![], None))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, code::UNAUTHENTICATED);
    assert!(error.reason.contains("missing"), "{error:?}");
    let mut request = team.worker.request("GET", &uri, vec![]);
    request
        .headers_mut()
        .insert("x-senim-signature", "abcd".parse().unwrap());
    hub.call(request)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, code::UNAUTHENTICATED);
}

#[tokio::test]
async fn a_request_with_a_time_outside_the_clock_window_is_unauthenticated() {
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    let uri = path::membership_after(team.id, 0);
    for time in [
        now() - MAX_CLOCK_SKEW_SECS - 60,
        now() + MAX_CLOCK_SKEW_SECS + 60,
    ] {
        let error = hub
            .call(
                team.worker
                    .request_at("GET", &uri, vec![], time, random_nonce()),
            )
            .await
            .assert_error(StatusCode::UNAUTHORIZED, code::UNAUTHENTICATED);
        assert!(error.reason.contains("clock"), "{error:?}");
    }
    let ok = hub
        .call(
            team.worker
                .request_at("GET", &uri, vec![], now() - 100, random_nonce()),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
}

#[tokio::test]
async fn a_replayed_request_is_unauthenticated() {
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    let uri = path::membership_after(team.id, 0);
    let (time, nonce) = (now(), random_nonce());
    let first = hub
        .call(team.worker.request_at("GET", &uri, vec![], time, nonce))
        .await;
    assert_eq!(first.status, StatusCode::OK);
    let error = hub
        .call(team.worker.request_at("GET", &uri, vec![], time, nonce))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, code::UNAUTHENTICATED);
    assert!(error.reason.contains("replayed"), "{error:?}");
    // The same nonce from another device is its own.
    let other = hub
        .call(team.lead.request_at("GET", &uri, vec![], time, nonce))
        .await;
    assert_eq!(other.status, StatusCode::OK);
}

#[tokio::test]
async fn a_request_for_a_team_the_hub_does_not_know_is_not_found() {
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    let other = TeamId::random().unwrap();
    hub.call(
        team.lead
            .request("GET", &path::membership_after(other, 0), vec![]),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, code::NOT_FOUND);
    hub.call(
        team.lead
            .request("GET", "/v1/teams/not-hex/membership", vec![]),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, code::NOT_FOUND);
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_with_json_errors() {
    let hub = TestHub::new();
    hub.call(unsigned_request("GET", "/v2/anything", vec![], None))
        .await
        .assert_error(StatusCode::NOT_FOUND, code::NOT_FOUND);
    hub.call(unsigned_request("DELETE", path::TEAMS, vec![], None))
        .await
        .assert_error(StatusCode::METHOD_NOT_ALLOWED, code::METHOD_NOT_ALLOWED);
}

// ------------------------------------------------------------------ roles

#[tokio::test]
async fn a_worker_posting_a_membership_list_is_forbidden() {
    let hub = TestHub::new();
    let mut team = Team::new();
    team.register(&hub).await;
    let third = Device::new();
    let join = JoinRequest::new(&third.keys, "worker-9").unwrap();
    let next = team
        .latest()
        .admit(&team.lead.keys, &join, Role::Worker)
        .unwrap();
    let error = hub
        .call(team.post_list(&team.worker, &next, vec![]))
        .await
        .assert_error(StatusCode::FORBIDDEN, code::FORBIDDEN);
    assert!(error.reason.contains("lead"), "{error:?}");
    // The same list from the lead is taken.
    let answer = hub.call(team.post_list(&team.lead, &next, vec![])).await;
    assert_eq!(answer.status, StatusCode::CREATED);
    team.lists.push(next);
}

#[tokio::test]
async fn a_list_that_does_not_follow_the_latest_is_refused() {
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    // Version 2 again: someone else's change came first.
    let third = Device::new();
    let join = JoinRequest::new(&third.keys, "worker-9").unwrap();
    let fork = team.lists[0]
        .admit(&team.lead.keys, &join, Role::Worker)
        .unwrap();
    hub.call(team.post_list(&team.lead, &fork, vec![]))
        .await
        .assert_error(StatusCode::CONFLICT, code::CONFLICT);
    // A version 3 signed by a device that is not a lead of version 2.
    let (rogue_genesis, _) =
        Membership::create(team.id, "Almaty office", &third.keys, "rogue").unwrap();
    let rogue = rogue_genesis
        .admit(
            &third.keys,
            &JoinRequest::new(&team.worker.keys, "w").unwrap(),
            Role::Worker,
        )
        .unwrap()
        .admit(
            &third.keys,
            &JoinRequest::new(&Device::new().keys, "x").unwrap(),
            Role::Worker,
        )
        .unwrap();
    assert_eq!(rogue.version(), 3);
    hub.call(team.post_list(&team.lead, &rogue, vec![]))
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, code::MEMBERSHIP_REJECTED);
}

#[tokio::test]
async fn a_new_epoch_needs_a_key_for_every_member_and_nothing_else() {
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
    let (next, key) = team
        .latest()
        .revoke(&team.lead.keys, third.id(), 0)
        .unwrap();
    let mut sealed = SealedKey::seal_to_members(&next, &key).unwrap();
    let missing = sealed.pop().unwrap();
    hub.call(team.post_list(&team.lead, &next, sealed.clone()))
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, code::MEMBERSHIP_REJECTED);
    // A key for the revoked device is refused too.
    let mut with_revoked = sealed.clone();
    with_revoked.push(missing.clone());
    with_revoked.push(SealedKey::seal_to(&third.keys.public(), team.id, &key).unwrap());
    hub.call(team.post_list(&team.lead, &next, with_revoked))
        .await
        .assert_error(StatusCode::UNPROCESSABLE_ENTITY, code::MEMBERSHIP_REJECTED);
    sealed.push(missing);
    let answer = hub.call(team.post_list(&team.lead, &next, sealed)).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
}

// ------------------------------------------------------------------ distribution

#[tokio::test]
async fn after_a_revocation_the_remaining_member_fetches_the_new_list_and_its_key() {
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
    let held = team.lists[2].clone();

    let new_key = team.revoke(&hub, third.id()).await;

    // The worker, at version 3, asks for what came after.
    let update = update(&team.fetch(&hub, &team.worker, 3).await);
    assert_eq!(update.lists.len(), 1);
    let next = Membership::from_bytes(&update.lists[0]).unwrap();
    held.verify_successor(&next).unwrap();
    assert_eq!(next.epoch(), 1);
    assert!(next.is_revoked(third.id()));
    let sealed = update
        .keys
        .iter()
        .find(|k| k.epoch == next.epoch())
        .expect("the new epoch key, sealed to the worker");
    assert_eq!(sealed.device, team.worker.id());
    let opened = next.open_epoch_key(sealed, &team.worker.keys).unwrap();
    assert!(next.matches_epoch_key(&opened));
    assert!(next.matches_epoch_key(&new_key));

    // The revoked device still reads the lists (that is how it learns), gets no key
    // of the new epoch, and may no longer sync.
    let update_for_revoked = common::update(&team.fetch(&hub, &third, 3).await);
    let last = Membership::from_bytes(update_for_revoked.lists.last().unwrap()).unwrap();
    assert!(last.is_revoked(third.id()));
    assert!(update_for_revoked.keys.iter().all(|k| k.epoch < 1));
    // Nothing after the list that revoked it: the team's later lists (new members'
    // call signs and roles) are not for it.
    team.fetch(&hub, &third, 4)
        .await
        .assert_error(StatusCode::FORBIDDEN, code::FORBIDDEN);
    let recruit = Device::new();
    let join = JoinRequest::new(&recruit.keys, "recruit-3").unwrap();
    let five = team
        .latest()
        .admit(&team.lead.keys, &join, Role::Worker)
        .unwrap();
    let answer = hub.call(team.post_list(&team.lead, &five, vec![])).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
    let from_start = common::update(&team.fetch(&hub, &third, 0).await);
    assert_eq!(from_start.lists.len(), 4, "versions 1 to 4, not 5");
    team.fetch(&hub, &third, 4)
        .await
        .assert_error(StatusCode::FORBIDDEN, code::FORBIDDEN);
    let hello = senim_protocol::sync::SyncSession::new(1024)
        .start(&team.client_store())
        .unwrap();
    hub.call(third.sync_request(team.id, random_nonce(), hello))
        .await
        .assert_error(StatusCode::FORBIDDEN, code::FORBIDDEN);
}

#[tokio::test]
async fn the_whole_chain_comes_in_pages_bounded_by_bytes() {
    let hub = TestHub::with(|c| c.max_page_bytes = 1);
    let mut team = Team::new();
    for n in 0..3 {
        let d = Device::new();
        let join = JoinRequest::new(&d.keys, &format!("worker-{n}")).unwrap();
        let next = team
            .latest()
            .admit(&team.lead.keys, &join, Role::Worker)
            .unwrap();
        team.lists.push(next);
    }
    team.register(&hub).await;
    let mut after = 0;
    let mut chain: Vec<Membership> = Vec::new();
    loop {
        let answer = team.fetch(&hub, &team.worker, after).await;
        let more = answer.header(hub_api::header::MORE) == Some("1");
        let page = update(&answer);
        assert_eq!(page.lists.len(), 1, "one list per page at a one-byte bound");
        for bytes in page.lists {
            let list = Membership::from_bytes(&bytes).unwrap();
            match chain.last() {
                None => list.verify_genesis().unwrap(),
                Some(prev) => prev.verify_successor(&list).unwrap(),
            }
            after = list.version();
            chain.push(list);
        }
        if !more {
            break;
        }
    }
    assert_eq!(chain.len(), team.lists.len());
    assert!(
        update(&team.fetch(&hub, &team.worker, after).await)
            .lists
            .is_empty()
    );
}

// ------------------------------------------------------------------ limits

#[tokio::test]
async fn a_body_over_the_limit_is_too_large() {
    let hub = TestHub::with(|c| c.max_body = 1000);
    let team = Team::new();
    team.register(&hub).await;
    let error = hub
        .call(
            team.lead
                .sync_request(team.id, random_nonce(), vec![0; 1001]),
        )
        .await
        .assert_error(StatusCode::PAYLOAD_TOO_LARGE, code::TOO_LARGE);
    assert!(error.reason.contains("1000"), "{error:?}");
    // A declared length over the limit is refused before the body is read.
    let mut request = team.lead.sync_request(team.id, random_nonce(), vec![0; 10]);
    request
        .headers_mut()
        .insert("content-length", "5000000".parse().unwrap());
    hub.call(request)
        .await
        .assert_error(StatusCode::PAYLOAD_TOO_LARGE, code::TOO_LARGE);
}

#[tokio::test]
async fn a_device_over_its_request_budget_is_rate_limited() {
    let hub = TestHub::with(|c| {
        c.rate = senim_hub::RateLimit {
            per_second: 0.01,
            burst: 3,
        }
    });
    let team = Team::new();
    team.register(&hub).await;
    for _ in 0..3 {
        assert_eq!(
            team.fetch(&hub, &team.worker, 0).await.status,
            StatusCode::OK
        );
    }
    let answer = team.fetch(&hub, &team.worker, 0).await;
    answer.assert_error(StatusCode::TOO_MANY_REQUESTS, code::RATE_LIMITED);
    let retry: u64 = answer.header("retry-after").unwrap().parse().unwrap();
    assert!(retry >= 1, "{retry}");
    // Another device's budget is its own.
    assert_eq!(
        team.fetch(&hub, &Device::new(), 0).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(team.fetch(&hub, &team.lead, 0).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_stranger_registering_under_a_lead_s_device_id_cannot_spend_the_lead_s_budget() {
    let hub = TestHub::with(|c| {
        c.rate = senim_hub::RateLimit {
            per_second: 0.01,
            burst: 4,
        }
    });
    let mut team = Team::new();
    team.register(&hub).await;
    // The lead's device id is on the wire in every request it sends: a stranger
    // registers a team of its own naming it, with its own keys, and spends that
    // team's budget to the end.
    let stranger = Device {
        keys: senim_protocol::team::DeviceKeys::generate(team.lead.id()).unwrap(),
    };
    let (genesis, _) =
        Membership::create(TeamId::random().unwrap(), "Decoy", &stranger.keys, "lead").unwrap();
    let registration = hub_api::TeamRegistration {
        list: genesis.to_bytes(),
    }
    .to_bytes();
    let answer = hub
        .call(stranger.request("POST", path::TEAMS, registration))
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
    let mut limited = false;
    for _ in 0..10 {
        let uri = path::membership_after(genesis.team(), 0);
        if hub.call(stranger.request("GET", &uri, vec![])).await.status
            == StatusCode::TOO_MANY_REQUESTS
        {
            limited = true;
            break;
        }
    }
    assert!(limited, "the stranger's own budget runs out");
    // The real lead still revokes in the middle of it.
    let worker = team.worker.id();
    team.revoke(&hub, worker).await;
}

#[tokio::test]
async fn requests_that_fail_authentication_spend_nobody_s_budget() {
    let hub = TestHub::with(|c| {
        c.rate = senim_hub::RateLimit {
            per_second: 0.01,
            burst: 2,
        }
    });
    let team = Team::new();
    team.register(&hub).await;
    let uri = path::membership_after(team.id, 0);
    let forger = Device::new();
    for _ in 0..5 {
        let mut auth = RequestAuth::sign(
            &forger.keys,
            team.id,
            "GET",
            &uri,
            now(),
            random_nonce(),
            &[],
        );
        auth.device = team.worker.id();
        hub.call(unsigned_request("GET", &uri, vec![], Some(auth)))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, code::UNAUTHENTICATED);
    }
    assert_eq!(
        team.fetch(&hub, &team.worker, 0).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_log_holds_method_route_template_status_and_duration_only() {
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    team.fetch(&hub, &team.worker, 0).await;
    hub.call(unsigned_request("GET", "/nowhere", vec![], None))
        .await;
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
            .any(|l| l.starts_with("GET /v1/teams/{team}/membership 200 ")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("POST /v1/teams 201 ")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("GET - 404 ")),
        "{lines:?}"
    );
    for line in &lines {
        for secret in [
            team.id.to_string(),
            team.worker.id().to_string(),
            team.lead.id().to_string(),
        ] {
            assert!(!line.contains(&secret), "{line}");
        }
    }
}
