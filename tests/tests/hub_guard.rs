//! The hub under a hostile network and hostile strangers, against a real hub process:
//! what it reads before it knows who is asking, whose budget a request spends, who may
//! register teams, which requests it serves again after a restart, and what a revoked
//! device may still read.

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use senim_cli::hub_client::UreqTransport;
use senim_client::{HubClient, HubRequest, Method};
use senim_protocol::sync::MAX_MESSAGE_BYTES;
use senim_protocol::sync::auth::header as auth_header;
use senim_protocol::sync::hub_api::{self, RequestAuth};
use senim_protocol::team::{DeviceId, DeviceKeys, Membership, TeamId};
use senim_protocol::team::{Role, TeamPolicy};
use senim_tests::HubProcess;
use senim_tests::cli::CliDevice;
use senim_tests::team::Team;

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Opens a connection and sends a sync request that claims to come from `device` of
/// `team` with a bogus signature and a body of `len` bytes, of which it sends all but
/// the last byte, then holds the connection. Gives up writing (and holds what it has)
/// when the hub stops reading or closes.
fn hold_forged_body(addr: std::net::SocketAddr, team: &str, device: &str, len: usize) -> TcpStream {
    let mut stream = TcpStream::connect(addr).expect("connect to the hub");
    stream
        .set_write_timeout(Some(Duration::from_secs(10)))
        .expect("write timeout");
    let head = format!(
        "POST {path} HTTP/1.1\r\nhost: {addr}\r\ncontent-type: application/octet-stream\r\n\
         content-length: {len}\r\n{session}: {zeros32}\r\n{dev}: {device}\r\n{team_h}: {team}\r\n\
         {time_h}: {time}\r\n{nonce_h}: {nonce}\r\n{len_h}: {len}\r\n{hash_h}: {zeros64}\r\n\
         {sig_h}: {zeros128}\r\n\r\n",
        path = hub_api::path::sync(hub_api::parse_team(team).expect("team id")),
        session = hub_api::header::SESSION,
        zeros32 = "0".repeat(32),
        dev = auth_header::DEVICE,
        team_h = "x-senim-team",
        time_h = auth_header::TIME,
        time = now(),
        nonce_h = auth_header::NONCE,
        nonce = data_encoding::HEXLOWER.encode(&rand_bytes()),
        len_h = "x-senim-body-length",
        hash_h = "x-senim-body-sha256",
        zeros64 = "0".repeat(64),
        sig_h = auth_header::SIGNATURE,
        zeros128 = "0".repeat(128),
    );
    if stream.write_all(head.as_bytes()).is_err() {
        return stream;
    }
    let chunk = vec![0x5a_u8; 64 * 1024];
    let mut left = len - 1;
    while left > 0 {
        let n = left.min(chunk.len());
        match stream.write(&chunk[..n]) {
            Ok(0) | Err(_) => break,
            Ok(w) => left -= w,
        }
    }
    stream
}

fn rand_bytes() -> [u8; 16] {
    senim_crypto::random_array().expect("random bytes")
}

#[test]
fn forged_requests_holding_large_bodies_are_refused_without_the_body_being_read() {
    let root = tempfile::tempdir().expect("temp dir");
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let team = Team::enrol(root.path(), &hub.url(), 1);
    let info = team.devices[1]
        .vault
        .team()
        .expect("team info")
        .expect("the worker is in a team");
    let (team_id, device) = (info.team.to_string(), info.device.to_string());
    let before = hub.rss_bytes();

    const HELD: usize = 200;
    let len = MAX_MESSAGE_BYTES;
    let addr = hub.addr();
    let threads: Vec<_> = (0..HELD)
        .map(|_| {
            let (team_id, device) = (team_id.clone(), device.clone());
            std::thread::spawn(move || hold_forged_body(addr, &team_id, &device, len))
        })
        .collect();
    let held: Vec<TcpStream> = threads
        .into_iter()
        .map(|t| t.join().expect("a sender thread"))
        .collect();
    // Whatever the hub was going to read of what was sent, it has by now.
    std::thread::sleep(Duration::from_secs(2));
    let after = hub.rss_bytes();
    drop(held);

    let bodies = (HELD * len) as u64;
    let grown = after.saturating_sub(before);
    eprintln!(
        "hub RSS {} MiB before, {} MiB holding {HELD} forged bodies",
        before >> 20,
        after >> 20
    );
    assert!(
        grown < bodies / 8,
        "the hub grew by {} MiB holding {HELD} forged bodies of {} MiB (from {} MiB)",
        grown >> 20,
        len >> 20,
        before >> 20
    );
    // And it still serves its members.
    team.devices[1]
        .sync(&hub.url())
        .expect("a member still syncs");
}

#[test]
fn a_captured_request_replayed_after_a_hub_restart_is_refused() {
    let root = tempfile::tempdir().expect("temp dir");
    let mut hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let team = Team::enrol(root.path(), &hub.url(), 1);
    let worker = &team.devices[1].vault;
    let info = worker.team().expect("team info").expect("in a team");
    // What an eavesdropper copies off the wire: one signed request, headers and all.
    let mut captured = HubRequest {
        method: Method::Get,
        path: hub_api::path::membership_after(info.team, 0),
        headers: Vec::new(),
        body: Vec::new(),
    };
    senim_tests::resign(worker, &mut captured);
    let send = |url: &str| {
        UreqTransport::new(url)
            .expect("an http address")
            .carry(&captured)
            .expect("the hub answers")
            .status
    };
    assert_eq!(send(&hub.url()), 200, "the request itself is served");
    assert_eq!(send(&hub.url()), 401, "a replay is refused");

    hub.restart();
    assert_eq!(
        send(&hub.url()),
        401,
        "a replay after a restart is refused as well"
    );
    // The device itself carries on with fresh requests.
    team.devices[1].sync(&hub.url()).expect("the worker syncs");
}

/// Registers a fresh team of a fresh lead (keys made here) on the hub at `url`: the
/// hub's status.
fn register_fresh_team(url: &str, token: Option<&str>) -> u16 {
    let keys = DeviceKeys::generate(DeviceId::random().expect("id")).expect("keys");
    let (genesis, _) =
        Membership::create(TeamId::random().expect("id"), "Decoy", &keys, "lead").expect("list");
    let body = hub_api::TeamRegistration {
        list: genesis.to_bytes(),
    }
    .to_bytes();
    let auth = RequestAuth::sign(
        &keys,
        genesis.team(),
        "POST",
        hub_api::path::TEAMS,
        now(),
        rand_bytes(),
        &body,
    );
    let mut headers = auth.headers().to_vec();
    if let Some(token) = token {
        headers.push((hub_api::header::REGISTRATION_TOKEN, token.to_string()));
    }
    let request = HubRequest {
        method: Method::Post,
        path: hub_api::path::TEAMS.into(),
        headers,
        body,
    };
    UreqTransport::new(url)
        .expect("an http address")
        .carry(&request)
        .expect("the hub answers")
        .status
}

#[test]
fn team_registrations_from_one_address_are_rate_limited() {
    let root = tempfile::tempdir().expect("temp dir");
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let statuses: Vec<u16> = (0..12)
        .map(|_| register_fresh_team(&hub.url(), None))
        .collect();
    assert_eq!(&statuses[..10], &[201; 10], "{statuses:?}");
    assert_eq!(&statuses[10..], &[429; 2], "{statuses:?}");
}

#[test]
fn a_hub_in_token_mode_registers_a_team_only_with_an_unused_operator_token() {
    let root = tempfile::tempdir().expect("temp dir");
    let data = root.path().join("hub");
    let hub = HubProcess::start_with_args(
        &data,
        &root.path().join("hub.log"),
        &["--registration", "token"],
    );
    let lead = CliDevice::with_vault();
    let create = |device: &CliDevice, token: Option<&str>| {
        let mut args = vec!["team", "create", "--name", "Almaty office", "--hub"];
        let url = hub.url();
        args.push(&url);
        if let Some(token) = token {
            args.extend(["--registration-token", token]);
        }
        device.run(&args)
    };
    let refused = create(&lead, None);
    assert!(
        !refused.status.success(),
        "a team without a token is refused"
    );
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("registration token"), "{stderr}");

    let out = std::process::Command::new(senim_tests::senim_binary())
        .args(["hub", "registration-token", "--data"])
        .arg(&data)
        .output()
        .expect("run senim hub registration-token");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8(out.stdout).expect("UTF-8");
    let token = token.trim();
    assert_eq!(token.len(), 64, "{token:?}");

    let created = create(&lead, Some(token));
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    // A token registers one team.
    let second = CliDevice::with_vault();
    assert!(!create(&second, Some(token)).status.success());
    assert_eq!(register_fresh_team(&hub.url(), Some(token)), 403);
}

/// A GET signed by `vault`'s device: the hub's status.
fn signed_get(vault: &senim_vault::Vault, url: &str, path: String) -> u16 {
    let mut request = HubRequest {
        method: Method::Get,
        path,
        headers: Vec::new(),
        body: Vec::new(),
    };
    senim_tests::resign(vault, &mut request);
    UreqTransport::new(url)
        .expect("an http address")
        .carry(&request)
        .expect("the hub answers")
        .status
}

#[test]
fn a_revoked_device_is_refused_the_lists_and_orders_issued_after_its_revocation() {
    let root = tempfile::tempdir().expect("temp dir");
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let mut team = Team::enrol(root.path(), &hub.url(), 2);
    team.sync_all();
    let info = team.devices[2]
        .vault
        .team()
        .expect("team")
        .expect("in a team");
    let mut transport = senim_tests::HttpTransport::new(&hub.url());
    HubClient::new(&team.devices[0].vault, &mut transport)
        .revoke(info.device)
        .expect("the lead revokes worker2");
    let revoking_version = team.devices[0]
        .vault
        .membership()
        .expect("list")
        .expect("a list")
        .version();
    // After the revocation: a new recruit (a list) and a new policy (an order).
    team.admit(root.path(), "recruit", Role::Worker);
    let mut transport = senim_tests::HttpTransport::new(&hub.url());
    HubClient::new(&team.devices[0].vault, &mut transport)
        .set_policy(TeamPolicy::default())
        .expect("the lead sets a policy");
    let revoked = &team.devices[2];

    let url = hub.url();
    // It still learns that it was revoked...
    assert_eq!(
        signed_get(
            &revoked.vault,
            &url,
            hub_api::path::membership_after(info.team, 0)
        ),
        200
    );
    // ...but reads nothing the team wrote since.
    assert_eq!(
        signed_get(
            &revoked.vault,
            &url,
            hub_api::path::membership_after(info.team, revoking_version)
        ),
        403
    );
    assert_eq!(
        signed_get(
            &revoked.vault,
            &url,
            hub_api::path::orders_after(info.team, 0)
        ),
        403
    );
    // A member reads both.
    let worker = &team.devices[1].vault;
    assert_eq!(
        signed_get(
            worker,
            &url,
            hub_api::path::membership_after(info.team, revoking_version)
        ),
        200
    );
    assert_eq!(
        signed_get(worker, &url, hub_api::path::orders_after(info.team, 0)),
        200
    );
}

#[test]
fn a_welcome_carries_the_team_s_earlier_epochs_only_with_history() {
    let root = tempfile::tempdir().expect("temp dir");
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let mut team = Team::enrol(root.path(), &hub.url(), 1);
    team.devices[0].add_note("written in epoch 0");
    team.sync_all();
    // Revoking the worker starts epoch 1.
    let worker = team.devices[1]
        .vault
        .team()
        .expect("team")
        .expect("in a team");
    let mut transport = senim_tests::HttpTransport::new(&hub.url());
    HubClient::new(&team.devices[0].vault, &mut transport)
        .revoke(worker.device)
        .expect("revoke the worker");
    team.devices[0].add_note("written in epoch 1");
    team.devices[0].sync(&hub.url()).expect("the lead syncs");

    let plain = team.admit(root.path(), "recruit", Role::Worker);
    let historian = team.admit_with_history(root.path(), "historian", Role::Worker);
    for n in [plain, historian] {
        team.devices[n]
            .sync(&hub.url())
            .expect("the new device syncs");
    }
    let texts = |n: usize| team.devices[n].note_texts();
    assert!(texts(plain).contains("written in epoch 1"));
    assert!(
        !texts(plain).contains("written in epoch 0"),
        "a plain welcome gives no earlier epoch's key"
    );
    assert!(texts(historian).contains("written in epoch 0"));
    assert!(texts(historian).contains("written in epoch 1"));
}

#[test]
fn a_hub_address_with_credentials_is_shown_without_them() {
    let root = tempfile::tempdir().expect("temp dir");
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    const SECRET: &str = "s3cret-pass";
    let lead = CliDevice::with_vault();
    let with_credentials = format!("http://ops:{SECRET}@{}", hub.addr());
    let created = lead.run(&[
        "--json",
        "team",
        "create",
        "--name",
        "Almaty office",
        "--hub",
        &with_credentials,
    ]);
    let shown = |out: &std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    assert!(created.status.success(), "{}", shown(&created));
    assert!(!shown(&created).contains(SECRET), "{}", shown(&created));
    assert!(shown(&created).contains("***@"), "{}", shown(&created));

    // A hub that cannot be reached: the error names the address, not its password.
    let unreachable = format!("http://ops:{SECRET}@127.0.0.1:9");
    let failed = lead.run(&["--verbose", "--verbose", "sync", "--hub", &unreachable]);
    assert!(!failed.status.success());
    let text = shown(&failed);
    assert!(!text.contains(SECRET), "{text}");
    assert!(text.contains("http://***@127.0.0.1:9"), "{text}");
}
