//! The hub's connection layer over real sockets: the request head deadline, the body's
//! minimum rate, the idle keep-alive timeout, the caps in total and per peer address,
//! and the shutdown grace (`docs/hub.md`, "Connections"). Each test sets short limits
//! of its own; the bounds it waits for are generous.

use std::net::SocketAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use senim_hub::{ConnectionLimits, HubConfig};
use senim_protocol::sync::auth::header;
use senim_protocol::sync::hub_api::path;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Long enough for anything these tests wait for on two busy cores.
const PATIENCE: Duration = Duration::from_secs(20);

struct Served {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    server: JoinHandle<senim_hub::Result<()>>,
    _dir: tempfile::TempDir,
}

impl Served {
    /// Tells the hub to stop; what `serve` returned, or `None` if it did not return
    /// within [`PATIENCE`].
    async fn stop(mut self) -> Option<senim_hub::Result<()>> {
        let _ = self.stop.take().expect("not stopped yet").send(());
        tokio::time::timeout(PATIENCE, self.server)
            .await
            .ok()
            .map(|joined| joined.expect("the server task"))
    }
}

/// A hub on a free loopback port with `limits`.
async fn serve(limits: ConnectionLimits) -> Served {
    let dir = tempfile::tempdir().unwrap();
    let mut config = HubConfig::new(dir.path().join("data"));
    config.connections = limits;
    let listening = senim_hub::bind("127.0.0.1:0".parse().unwrap(), config)
        .await
        .unwrap();
    let addr = listening.local_addr();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(listening.serve(async {
        let _ = stopped.await;
    }));
    Served {
        addr,
        stop: Some(stop),
        server,
        _dir: dir,
    }
}

/// Limits that leave everything but what a test looks at out of its way.
fn relaxed() -> ConnectionLimits {
    ConnectionLimits {
        max_connections: 64,
        max_connections_per_peer: 64,
        header_timeout: Duration::from_secs(60),
        body_window: Duration::from_secs(60),
        body_min_rate: 1,
        idle_timeout: Duration::from_secs(60),
        shutdown_grace: Duration::from_secs(60),
    }
}

async fn connect_from(source: [u8; 4], addr: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::from((source, 0))).unwrap();
    socket.connect(addr).await.unwrap()
}

/// Reads until the hub closes the connection; whether it did within [`PATIENCE`].
async fn closed_by_hub(stream: &mut TcpStream) -> bool {
    let mut sink = [0u8; 4096];
    tokio::time::timeout(PATIENCE, async {
        loop {
            match stream.read(&mut sink).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .is_ok()
}

/// Whether the hub closed `stream` at once (within a second, before it was sent
/// anything).
async fn closed_at_once(stream: &mut TcpStream) -> bool {
    let mut byte = [0u8; 1];
    matches!(
        tokio::time::timeout(Duration::from_secs(1), stream.read(&mut byte)).await,
        Ok(Ok(0) | Err(_))
    )
}

/// Reads one response (head and `content-length` body) and returns its status.
async fn response_status(stream: &mut TcpStream) -> u16 {
    let mut data = Vec::new();
    let mut chunk = [0u8; 4096];
    let read = tokio::time::timeout(PATIENCE, async {
        loop {
            if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map_or(0, |v| v.trim().parse().unwrap());
                if data.len() >= end + 4 + length {
                    return head.split(' ').nth(1).unwrap().parse().unwrap();
                }
            }
            let n = stream.read(&mut chunk).await.unwrap();
            assert_ne!(n, 0, "the hub closed the connection before its answer");
            data.extend_from_slice(&chunk[..n]);
        }
    })
    .await;
    read.expect("an answer in time")
}

async fn health(stream: &mut TcpStream) -> u16 {
    stream
        .write_all(b"GET /health HTTP/1.1\r\nhost: hub\r\n\r\n")
        .await
        .unwrap();
    response_status(stream).await
}

/// The head of a team registration with well-formed, unverifiable credentials and a
/// signed body of `length` bytes: read whole, it is answered 401 (the body is not the
/// one its headers signed).
fn post_head(length: usize) -> String {
    let time = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    // A team registration: the one request whose body the hub reads before it can
    // check the signature (the lead's key is in it).
    format!(
        "POST {} HTTP/1.1\r\nhost: hub\r\ncontent-length: {length}\r\n\
         {}: {}\r\n{}: {}\r\n{}: {time}\r\n{}: {}\r\n{}: {length}\r\n{}: {}\r\n{}: {}\r\n\r\n",
        path::TEAMS,
        header::DEVICE,
        "1f".repeat(16),
        header::TEAM,
        "4c".repeat(16),
        header::TIME,
        header::NONCE,
        "2e".repeat(16),
        header::BODY_LENGTH,
        header::BODY_SHA256,
        "5b".repeat(32),
        header::SIGNATURE,
        "3d".repeat(64),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_that_sends_no_request_is_closed_after_the_header_timeout() {
    let hub = serve(ConnectionLimits {
        header_timeout: Duration::from_secs(1),
        ..relaxed()
    })
    .await;
    let mut silent = TcpStream::connect(hub.addr).await.unwrap();
    assert!(closed_by_hub(&mut silent).await);
    hub.stop().await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_head_sent_a_byte_at_a_time_is_closed_at_the_header_timeout() {
    let hub = serve(ConnectionLimits {
        header_timeout: Duration::from_secs(2),
        ..relaxed()
    })
    .await;
    let mut slow = TcpStream::connect(hub.addr).await.unwrap();
    let head = b"GET /health HTTP/1.1\r\nhost: hub\r\nx-padding: ";
    let dribble = async {
        for i in 0.. {
            let byte = head.get(i).copied().unwrap_or(b'a');
            if slow.write_all(&[byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    assert!(
        tokio::time::timeout(PATIENCE, dribble).await.is_ok(),
        "the hub kept reading a head that never ends"
    );
    hub.stop().await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_slower_than_the_minimum_rate_ends_its_connection() {
    let hub = serve(ConnectionLimits {
        body_window: Duration::from_secs(1),
        body_min_rate: 1000,
        ..relaxed()
    })
    .await;
    let mut stream = TcpStream::connect(hub.addr).await.unwrap();
    stream
        .write_all(post_head(100_000).as_bytes())
        .await
        .unwrap();
    stream.write_all(&[0u8; 100]).await.unwrap();
    assert!(closed_by_hub(&mut stream).await);
    hub.stop().await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_sent_steadily_above_the_minimum_rate_is_read_whole() {
    let hub = serve(ConnectionLimits {
        body_window: Duration::from_secs(1),
        body_min_rate: 1000,
        ..relaxed()
    })
    .await;
    let mut stream = TcpStream::connect(hub.addr).await.unwrap();
    stream.write_all(post_head(8000).as_bytes()).await.unwrap();
    // 8000 bytes over about 2 s: 4000 bytes/s.
    for _ in 0..8 {
        stream.write_all(&[0u8; 1000]).await.unwrap();
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // Read whole, then refused: it is not the body its headers signed.
    assert_eq!(response_status(&mut stream).await, 401);
    hub.stop().await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_alive_connection_outlives_the_header_timeout_and_closes_after_the_idle_timeout() {
    let hub = serve(ConnectionLimits {
        header_timeout: Duration::from_secs(1),
        idle_timeout: Duration::from_secs(4),
        ..relaxed()
    })
    .await;
    let mut stream = TcpStream::connect(hub.addr).await.unwrap();
    assert_eq!(health(&mut stream).await, 200);
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(health(&mut stream).await, 200, "idle, not a slow head");
    assert!(closed_by_hub(&mut stream).await);
    hub.stop().await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_beyond_the_total_cap_is_closed_at_once() {
    let hub = serve(ConnectionLimits {
        max_connections: 2,
        ..relaxed()
    })
    .await;
    let mut first = TcpStream::connect(hub.addr).await.unwrap();
    let mut second = connect_from([127, 0, 0, 2], hub.addr).await;
    assert_eq!(health(&mut first).await, 200);
    assert_eq!(health(&mut second).await, 200);
    let mut third = connect_from([127, 0, 0, 3], hub.addr).await;
    assert!(closed_at_once(&mut third).await);
    assert_eq!(
        health(&mut first).await,
        200,
        "the admitted ones are served"
    );
    drop(first);
    // Its place is free again once the hub sees it closed.
    let admitted = tokio::time::timeout(PATIENCE, async {
        loop {
            let mut next = TcpStream::connect(hub.addr).await.unwrap();
            if !closed_at_once(&mut next).await {
                return next;
            }
        }
    })
    .await;
    let mut next = admitted.expect("a place frees when a connection closes");
    assert_eq!(health(&mut next).await, 200);
    hub.stop().await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_beyond_the_cap_per_peer_is_closed_at_once_and_other_peers_are_served() {
    let hub = serve(ConnectionLimits {
        max_connections_per_peer: 2,
        ..relaxed()
    })
    .await;
    let mut held = vec![
        connect_from([127, 0, 0, 2], hub.addr).await,
        connect_from([127, 0, 0, 2], hub.addr).await,
    ];
    for stream in &mut held {
        assert_eq!(health(stream).await, 200);
    }
    let mut one_more = connect_from([127, 0, 0, 2], hub.addr).await;
    assert!(closed_at_once(&mut one_more).await);
    let mut other_peer = connect_from([127, 0, 0, 1], hub.addr).await;
    assert_eq!(health(&mut other_peer).await, 200);
    hub.stop().await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_drops_a_request_still_unfinished_after_the_grace_period() {
    let hub = serve(ConnectionLimits {
        shutdown_grace: Duration::from_secs(1),
        ..relaxed()
    })
    .await;
    let mut held = TcpStream::connect(hub.addr).await.unwrap();
    held.write_all(post_head(100_000).as_bytes()).await.unwrap();
    held.write_all(&[0u8; 1000]).await.unwrap();
    let mut idle = TcpStream::connect(hub.addr).await.unwrap();
    assert_eq!(health(&mut idle).await, 200);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let stopped = hub.stop().await;
    assert!(
        matches!(stopped, Some(Ok(()))),
        "serve did not return: {stopped:?}"
    );
    assert!(closed_by_hub(&mut held).await);
    assert!(closed_by_hub(&mut idle).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_a_request_in_flight_finish_within_the_grace_period() {
    let hub = serve(ConnectionLimits {
        shutdown_grace: Duration::from_secs(10),
        ..relaxed()
    })
    .await;
    let addr = hub.addr;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(post_head(2000).as_bytes()).await.unwrap();
    stream.write_all(&[0u8; 1000]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let stopping = tokio::spawn(hub.stop());
    tokio::time::sleep(Duration::from_millis(500)).await;
    // No new connection is accepted once the hub is stopping.
    assert!(TcpStream::connect(addr).await.is_err());
    stream.write_all(&[0u8; 1000]).await.unwrap();
    assert_eq!(response_status(&mut stream).await, 401, "answered in full");
    let stopped = stopping.await.unwrap();
    assert!(matches!(stopped, Some(Ok(()))), "{stopped:?}");
}
