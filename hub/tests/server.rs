//! The hub as a server: it listens on a real socket, keeps its data directory private,
//! holds no plaintext after syncing envelopes whose notes contained a canary, and
//! keeps no copy of an envelope a purge order removed.

use crate::common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;

use common::*;
use senim_hub::storage::DATABASE_FILE;
use senim_hub::{HubConfig, HubError};
use senim_protocol::sync::hub_api::{Health, MembershipUpdate, path};

/// One HTTP/1.1 request over a plain socket; the status and the body.
fn http(
    addr: SocketAddr,
    method: &str,
    uri: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut head = format!(
        "{method} {uri} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8_lossy(&response[..split]).to_string();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let head_lower = head.to_ascii_lowercase();
    let mut body = response[split + 4..].to_vec();
    if head_lower.contains("transfer-encoding: chunked") {
        body = dechunk(&body);
    }
    (status, body)
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&data[..line_end]).unwrap().trim(), 16)
                .unwrap();
        data = &data[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hub_serves_over_a_socket_and_stops_when_told() {
    let dir = tempfile::tempdir().unwrap();
    let listening = senim_hub::bind(
        "127.0.0.1:0".parse().unwrap(),
        HubConfig::new(dir.path().join("data")),
    )
    .await
    .unwrap();
    let addr = listening.local_addr();
    assert_ne!(addr.port(), 0);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(listening.serve(async {
        let _ = stopped.await;
    }));

    let team = Team::new();
    let client = tokio::task::spawn_blocking(move || {
        let (status, body) = http(addr, "GET", path::HEALTH, &[], b"");
        assert_eq!(status, 200);
        let health: Health = serde_json::from_slice(&body).unwrap();
        assert_eq!(health.status, "ok");

        let registration = senim_protocol::sync::hub_api::TeamRegistration {
            list: team.lists[0].to_bytes(),
        }
        .to_bytes();
        let signed = |method: &str, uri: &str, body: &[u8]| {
            senim_protocol::sync::hub_api::RequestAuth::sign(
                &team.lead.keys,
                team.id,
                method,
                uri,
                now(),
                random_nonce(),
                body,
            )
            .headers()
            .into_iter()
            .collect::<Vec<_>>()
        };
        let (status, _) = http(
            addr,
            "POST",
            path::TEAMS,
            &signed("POST", path::TEAMS, &registration),
            &registration,
        );
        assert_eq!(status, 201);
        let uri = path::membership_after(team.id, 0);
        let (status, body) = http(addr, "GET", &uri, &signed("GET", &uri, b""), b"");
        assert_eq!(status, 200);
        let update = MembershipUpdate::from_bytes(&body).unwrap();
        assert_eq!(update.lists, vec![team.lists[0].to_bytes()]);
        let (status, body) = http(addr, "GET", "/nowhere", &[], b"");
        assert_eq!(status, 404);
        assert!(String::from_utf8_lossy(&body).contains("not_found"));
    });
    client.await.unwrap();

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
    assert!(
        TcpStream::connect(addr).is_err(),
        "the hub stopped listening"
    );
}

#[tokio::test]
async fn the_data_directory_holds_no_canary_after_syncing_it() {
    const CANARY: &[u8] = b"CANARY-Gulnara-Osh-passport-held-by-foreman-7731";
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    let mut lead = team.client_store();
    let mut worker = team.client_store();
    for seq in 1..=4 {
        let mut text = CANARY.to_vec();
        text.extend_from_slice(format!(" note {seq}").as_bytes());
        worker.push(team.worker.seal(team.id, seq, 0, &note(&text)));
    }
    sync(&hub, &team.worker, &mut worker, 64 * 1024)
        .await
        .unwrap();
    sync(&hub, &team.lead, &mut lead, 64 * 1024).await.unwrap();
    assert_eq!(lead.len(), 4);

    let files = files_under(hub.dir.path());
    assert!(
        files.iter().any(|f| f.ends_with(DATABASE_FILE)),
        "{files:?}"
    );
    // Control: the scan does see what the hub keeps in the clear (the signed lists
    // carry call signs), so the canary's absence means it was never there.
    let everything: Vec<u8> = files
        .iter()
        .flat_map(|f| std::fs::read(f).unwrap())
        .collect();
    assert!(everything.windows(8).any(|w| w == b"worker-7"));
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        assert!(
            !bytes.windows(CANARY.len()).any(|w| w == CANARY),
            "{} holds the canary",
            file.display()
        );
    }
    let log: Vec<String> = hub
        .log
        .lock()
        .unwrap()
        .iter()
        .map(|l| l.to_string())
        .collect();
    assert!(log.iter().all(|l| !l.contains("CANARY")));
}

/// Whether any file under `dir` (the database, its WAL and shared memory, journals)
/// contains `needle`.
fn found_under(dir: &Path, needle: &[u8]) -> Vec<std::path::PathBuf> {
    files_under(dir)
        .into_iter()
        .filter(|f| {
            std::fs::read(f)
                .unwrap()
                .windows(needle.len())
                .any(|w| w == needle)
        })
        .collect()
}

#[tokio::test]
async fn a_purged_envelope_leaves_no_copy_in_the_data_directory() {
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    let w = team.worker.id();
    // A small envelope (its bytes inside a table page), a large one (its bytes on
    // overflow pages), and one that stays.
    let mut store = team.client_store();
    for (seq, size) in [(1u64, 200usize), (2, 20_000), (3, 200)] {
        let text: Vec<u8> = (0..size).map(|i| b'a' + (i % 26) as u8).collect();
        store.push(team.worker.seal(team.id, seq, 0, &note(&text)));
    }
    sync(&hub, &team.worker, &mut store, 64 * 1024)
        .await
        .unwrap();
    // A distinctive slice of each envelope's ciphertext, from its middle.
    let slice = |seq: u64| {
        let c = &store.logs[&w][seq as usize - 1].ciphertext;
        c[c.len() / 2..c.len() / 2 + 32].to_vec()
    };
    let data = hub.dir.path();
    for seq in 1..=3 {
        assert!(
            !found_under(data, &slice(seq)).is_empty(),
            "control: envelope {seq} is in the files before the purge"
        );
    }

    let answer = hub
        .call(team.post_order(&team.lead, &team.purge(1, &[(w, 1), (w, 2)])))
        .await;
    assert_eq!(
        answer.status,
        axum::http::StatusCode::NO_CONTENT,
        "{answer:?}"
    );

    for seq in [1, 2] {
        let found = found_under(data, &slice(seq));
        assert!(found.is_empty(), "envelope {seq} survives in {found:?}");
    }
    assert!(
        !found_under(data, &slice(3)).is_empty(),
        "the envelope not purged is still there"
    );
    let files = files_under(data);
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy();
        if name.ends_with("-wal") {
            assert_eq!(
                std::fs::metadata(file).unwrap().len(),
                0,
                "the WAL is truncated"
            );
        }
    }
    // The stubs keep the log's length; a fresh hub over the same data agrees.
    assert_eq!(hub.vector(team.id).get(w), 3);
    drop(hub.router);
    let reopened = senim_hub::storage::SqliteStorage::open(&data.join("hub")).unwrap();
    use senim_hub::storage::HubStorage;
    assert_eq!(reopened.vector(team.id).unwrap().get(w), 3);
    assert_eq!(reopened.last_order(team.id).unwrap(), 1);
}

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_directory_and_the_database_are_private_to_the_hub() {
    use std::os::unix::fs::PermissionsExt;
    let hub = TestHub::new();
    let team = Team::new();
    team.register(&hub).await;
    let data = hub.dir.path().join("hub");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    for file in files_under(&data) {
        assert_eq!(mode(&file), 0o600, "{}", file.display());
    }
}

#[cfg(unix)]
#[test]
fn a_data_directory_open_to_other_users_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let error = senim_hub::Hub::open(HubConfig::new(dir.path())).unwrap_err();
    assert!(matches!(error, HubError::Io(_)), "{error:?}");
    assert!(error.to_string().contains("0700"), "{error}");
}

/// Invariant 5 at the source: the hub's code names no secret key type and calls nothing
/// that decrypts, so it cannot hold a key even by mistake.
#[test]
fn the_hub_source_names_no_key_and_nothing_that_decrypts() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for file in files_under(&src) {
        let text = std::fs::read_to_string(&file).unwrap();
        for forbidden in [
            "SecretKey",
            "EpochKey",
            "DeviceKeys",
            "open_epoch_key",
            "Welcome",
            ".open(&",
            "Vault",
        ] {
            assert!(
                !text.contains(forbidden),
                "{} mentions {forbidden}",
                file.display()
            );
        }
    }
}
