//! Two `senim hub serve --database` processes over one PostgreSQL database serve one
//! team: the requests of each sync alternate between them, and one of them is killed
//! in the middle of a sync, which the other finishes. Skips, saying so, without a test
//! server (`SENIM_TEST_POSTGRES`, which `scripts/test` sets; required under
//! `SENIM_REQUIRE_POSTGRES`).

use std::cell::RefCell;

use senim_client::{HubRequest, HubResponse, HubTransport};
use senim_tests::{HttpTransport, HubProcess, Team};

/// A schema of its own on the test server, dropped at the end; `None` (the test skips)
/// without a server.
struct Scratch {
    admin: postgres::Client,
    schema: String,
    url: String,
}

impl Scratch {
    fn new() -> Option<Scratch> {
        let Some(server) = std::env::var_os("SENIM_TEST_POSTGRES") else {
            assert!(
                std::env::var_os("SENIM_REQUIRE_POSTGRES").is_none(),
                "PostgreSQL is required (SENIM_REQUIRE_POSTGRES) and SENIM_TEST_POSTGRES is not set"
            );
            eprintln!("skipped: no PostgreSQL to test against (SENIM_TEST_POSTGRES is not set)");
            return None;
        };
        let server = server.into_string().expect("a UTF-8 URL");
        let mut admin = postgres::Client::connect(&server, postgres::NoTls)
            .expect("the test PostgreSQL server answers");
        let schema = format!(
            "e2e{:016x}",
            senim_tests::Rng::new(std::process::id().into()).next_u64()
                ^ std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos() as u64)
        );
        admin
            .batch_execute(&format!("CREATE SCHEMA {schema}"))
            .expect("a scratch schema");
        let separator = if server.contains('?') { '&' } else { '?' };
        let url = format!("{server}{separator}options=-csearch_path%3D{schema}");
        Some(Scratch { admin, schema, url })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = self
            .admin
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema));
    }
}

/// Sends request `k` of a sync to instance `route(k)`.
struct Spread<F: FnMut(usize) -> usize> {
    urls: Vec<String>,
    route: F,
    sent: usize,
}

impl<F: FnMut(usize) -> usize> HubTransport for Spread<F> {
    fn send(&mut self, request: &HubRequest) -> Result<HubResponse, String> {
        let at = (self.route)(self.sent);
        self.sent += 1;
        HttpTransport::new(&self.urls[at]).send(request)
    }
}

fn spread<F: FnMut(usize) -> usize>(urls: &[String], route: F) -> Spread<F> {
    Spread {
        urls: urls.to_vec(),
        route,
        sent: 0,
    }
}

#[test]
fn two_hub_processes_serve_one_team_and_one_is_killed_mid_sync() {
    let Some(scratch) = Scratch::new() else {
        return;
    };
    let root = tempfile::tempdir().unwrap();
    let url = scratch.url.clone();
    let start = |n: usize| {
        HubProcess::start_with_args(
            &root.path().join(format!("hub{n}")),
            &root.path().join(format!("hub{n}.log")),
            &["--database", &url],
        )
    };
    let hubs = RefCell::new(vec![start(0), start(1)]);
    let urls: Vec<String> = hubs.borrow().iter().map(HubProcess::url).collect();
    let team = Team::enrol(root.path(), &urls[0], 2);
    let (lead, first, second) = (&team.devices[0], &team.devices[1], &team.devices[2]);

    for n in 0..5 {
        lead.add_note(&format!("lead note {n}"));
        first.add_note(&format!("first note {n}"));
    }
    // Every request of each sync to the other instance than the one before.
    lead.sync_with(&mut spread(&urls, |k| k % 2)).unwrap();
    first
        .sync_with(&mut spread(&urls, |k| (k + 1) % 2))
        .unwrap();
    lead.sync_with(&mut spread(&urls, |k| k % 2)).unwrap();
    assert_eq!(lead.note_texts(), first.note_texts());
    assert_eq!(lead.note_texts().len(), 10);

    // The second worker's sync: its first requests (the health probe, the lists, the
    // orders, the Hello) reach instance 0, which is then killed; the rest of the same
    // sync session reaches instance 1.
    for n in 0..3 {
        second.add_note(&format!("second note {n}"));
    }
    let report = second
        .sync_with(&mut spread(&urls, |k| {
            if k < 4 {
                return 0;
            }
            let mut hubs = hubs.borrow_mut();
            if hubs[0].is_running() {
                hubs[0].kill();
            }
            1
        }))
        .unwrap();
    assert!(!hubs.borrow_mut()[0].is_running());
    assert!(report.sent >= 1, "{report:?}");
    assert_eq!(second.note_texts().len(), 13);
    lead.sync(&urls[1]).unwrap();
    assert_eq!(lead.note_texts(), second.note_texts());
}

/// The value `/metrics` of the hub at `url` gives for the line starting with `prefix`
/// (summed over its labels).
fn metric(url: &str, prefix: &str) -> f64 {
    let mut transport = HttpTransport::new(url);
    let answer = transport
        .send(&HubRequest {
            method: senim_client::Method::Get,
            path: "/metrics".into(),
            headers: vec![],
            body: vec![],
        })
        .expect("GET /metrics");
    String::from_utf8_lossy(&answer.body)
        .lines()
        .filter(|l| l.starts_with(prefix))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

#[test]
fn a_team_syncs_through_nginx_in_front_of_two_instances_with_a_token_from_the_database() {
    let Some(scratch) = Scratch::new() else {
        return;
    };
    let Some(nginx) = senim_tests::Nginx::find() else {
        return;
    };
    let root = tempfile::tempdir().unwrap();
    let url = scratch.url.clone();
    let hubs: Vec<HubProcess> = (0..2)
        .map(|n| {
            HubProcess::start_with_args(
                &root.path().join(format!("hub{n}")),
                &root.path().join(format!("hub{n}.log")),
                &["--database", &url, "--registration", "token"],
            )
        })
        .collect();
    let proxy = senim_tests::Nginx::start(&nginx, &[hubs[0].addr(), hubs[1].addr()]);
    let front = proxy.url();

    // The operator makes a token for the database, not for one instance's directory.
    let out = std::process::Command::new(senim_tests::senim_binary())
        .args(["hub", "registration-token"])
        .env("SENIM_HUB_DATABASE", &url)
        .output()
        .expect("run senim hub registration-token");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(token.len(), 64, "{token:?}");

    let team = Team::enrol_with_token(root.path(), &front, 2, &token);
    let (lead, first, second) = (&team.devices[0], &team.devices[1], &team.devices[2]);
    for n in 0..4 {
        lead.add_note(&format!("lead note {n}"));
        first.add_note(&format!("first note {n}"));
        second.add_note(&format!("second note {n}"));
    }
    for _ in 0..2 {
        for device in [lead, first, second] {
            device.sync(&front).unwrap();
        }
    }
    assert_eq!(lead.note_texts().len(), 12);
    assert_eq!(lead.note_texts(), first.note_texts());
    assert_eq!(lead.note_texts(), second.note_texts());
    // nginx spread the connections: both instances answered sync requests.
    for hub in &hubs {
        let synced = metric(
            &hub.url(),
            "senim_hub_requests_total{method=\"POST\",route=\"/v1/teams/{team}/sync\"",
        );
        assert!(
            synced > 0.0,
            "an instance behind nginx got no sync: {}",
            proxy.error_log()
        );
    }
    // The token was used once, through whichever instance: a second team is refused.
    let other = tempfile::tempdir().unwrap();
    let lead2 = senim_tests::Device::new(&other.path().join("lead"), "lead");
    let refused = senim_client::HubClient::new(&lead2.vault, &mut HttpTransport::new(&front))
        .with_registration_token(Some(token))
        .create_team("Shymkent outreach", "lead", &front);
    assert!(refused.is_err(), "a token registers one team");
}
