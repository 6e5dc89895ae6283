//! `GET /metrics` (the Prometheus text format, no ids in any label) and `GET /health`
//! reporting the storage's state.

use crate::common;

use std::sync::Arc;

use axum::http::StatusCode;
use common::*;
use senim_hub::storage::PostgresStorage;
use senim_hub::{Hub, HubConfig, router};
use senim_protocol::sync::hub_api::{Health, path};

/// The value of the sample `name` (with its labels, as written) in `text`.
fn sample(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test]
async fn metrics_count_requests_envelopes_sessions_and_refusals_without_ids() {
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    let mut lead = team.client_store();
    let mut bytes = 0;
    for seq in 1..=3 {
        let envelope = team.lead.seal(team.id, seq, 0, &note(b"counted"));
        bytes += envelope.to_bytes().len();
        lead.push(envelope);
    }
    sync(&hub, &team.lead, &mut lead, 600).await.unwrap();
    // A refused request: no signature.
    let refused = hub
        .call(unsigned_request(
            "GET",
            &path::membership_after(team.id, 0),
            vec![],
            None,
        ))
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);

    let answer = hub
        .call(unsigned_request("GET", "/metrics", vec![], None))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        answer
            .header("content-type")
            .is_some_and(|t| t.starts_with("application/openmetrics-text")),
        "{answer:?}"
    );
    let text = String::from_utf8(answer.body).unwrap();
    let sync_ok =
        r#"senim_hub_requests_total{method="POST",route="/v1/teams/{team}/sync",status="200"}"#;
    assert!(sample(&text, sync_ok).unwrap() >= 2.0, "{text}");
    assert_eq!(
        sample(
            &text,
            r#"senim_hub_requests_total{method="POST",route="/v1/teams",status="201"}"#
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(sample(&text, "senim_hub_envelopes_stored_total"), Some(3.0));
    assert_eq!(
        sample(&text, "senim_hub_envelope_bytes_stored_total"),
        Some(bytes as f64)
    );
    assert_eq!(
        sample(&text, "senim_hub_sync_sessions_started_total"),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &text,
            r#"senim_hub_sync_sessions_ended_total{outcome="done"}"#
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            r#"senim_hub_refusals_total{reason="unauthenticated"}"#
        ),
        Some(1.0),
        "{text}"
    );
    assert!(
        text.contains(
            r#"senim_hub_request_duration_seconds_bucket{le="+Inf",route="/v1/teams/{team}/sync"}"#
        ) || text.contains(
            r#"senim_hub_request_duration_seconds_bucket{route="/v1/teams/{team}/sync",le="+Inf"}"#
        ),
        "{text}"
    );
    // No team or device id, in any spelling the hub uses.
    for id in [
        team.id.to_string(),
        team.lead.id().to_string(),
        team.worker.id().to_string(),
    ] {
        assert!(!text.contains(&id), "{id} in the metrics");
    }
}

#[tokio::test]
async fn health_names_the_storage_and_its_state() {
    let hub = TestHub::new();
    let answer = hub
        .call(unsigned_request("GET", path::HEALTH, vec![], None))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    let health: Health = serde_json::from_slice(&answer.body).unwrap();
    assert_eq!(
        (health.storage.as_str(), health.database.as_str()),
        ("sqlite", "ok")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_is_503_when_the_database_is_gone_and_ok_when_it_answers() {
    let Some(scratch) = senim_hub::storage::postgres_scratch::Scratch::new() else {
        return;
    };
    // A database of its own, dropped under the hub.
    let database = format!(
        "down{}",
        random_nonce()[0..6]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let (storage, admin) = tokio::task::block_in_place(|| {
        let mut admin = scratch.client();
        admin
            .batch_execute(&format!("CREATE DATABASE {database}"))
            .unwrap();
        let mut config = scratch.config();
        config.options("").dbname(&database);
        (PostgresStorage::with_config(config, 2).unwrap(), admin)
    });
    let dir = tempfile::tempdir().unwrap();
    let hub = Hub::with_shared_storage(Arc::new(storage), HubConfig::new(dir.path().join("h")));
    let call = |hub: Arc<Hub>| async move {
        use tower::ServiceExt;
        let response = router(hub)
            .oneshot(unsigned_request("GET", path::HEALTH, vec![], None))
            .await
            .unwrap();
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, serde_json::from_slice::<Health>(&body).unwrap())
    };
    let (status, health) = call(hub.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (health.storage.as_str(), health.database.as_str()),
        ("postgresql", "ok")
    );
    tokio::task::block_in_place(|| {
        let mut admin = admin;
        admin
            .batch_execute(&format!("DROP DATABASE {database} WITH (FORCE)"))
            .unwrap();
    });
    let (status, health) = call(hub.clone()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        (health.status.as_str(), health.database.as_str()),
        ("unavailable", "unavailable")
    );
    let response = {
        use tower::ServiceExt;
        router(hub)
            .oneshot(unsigned_request("GET", "/metrics", vec![], None))
            .await
            .unwrap()
    };
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let text = String::from_utf8(body.to_vec()).unwrap();
    assert_eq!(sample(&text, "senim_hub_database_up"), Some(0.0), "{text}");
}
