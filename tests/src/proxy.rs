//! A loopback TCP proxy in front of the hub that cuts the connection after a chosen
//! number of bytes in one direction: a request cut on its way to the hub (push), or an
//! answer cut on its way back (pull), at any byte, headers included. It can also keep a
//! copy of every request byte, for a test that looks for the request headers elsewhere.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

/// Which way the bytes flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Device to hub: requests.
    Push,
    /// Hub to device: answers.
    Pull,
}

#[derive(Default)]
struct Armed {
    /// The direction to cut and the bytes still allowed through before the cut.
    cut: Option<(Direction, u64)>,
}

struct Shared {
    upstream: SocketAddr,
    armed: Mutex<Armed>,
    cuts: AtomicU64,
    bytes: [AtomicU64; 2],
    stop: AtomicBool,
    /// Every byte forwarded to the hub, when recording.
    pushed: Option<Mutex<Vec<u8>>>,
}

/// The proxy. Stops accepting when dropped; open connections end with the hub's.
pub struct CutProxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl CutProxy {
    /// A proxy on a free loopback port forwarding to `upstream`.
    pub fn start(upstream: SocketAddr) -> CutProxy {
        Self::start_with(upstream, false)
    }

    /// A proxy that also keeps a copy of every byte sent to the hub ([`Self::pushed`]).
    pub fn recording(upstream: SocketAddr) -> CutProxy {
        Self::start_with(upstream, true)
    }

    fn start_with(upstream: SocketAddr, record: bool) -> CutProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy");
        let addr = listener.local_addr().expect("proxy address");
        let shared = Arc::new(Shared {
            upstream,
            armed: Mutex::new(Armed::default()),
            cuts: AtomicU64::new(0),
            bytes: [AtomicU64::new(0), AtomicU64::new(0)],
            stop: AtomicBool::new(false),
            pushed: record.then(|| Mutex::new(Vec::new())),
        });
        let accept = shared.clone();
        thread::spawn(move || {
            for client in listener.incoming() {
                if accept.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(accept.upstream) else {
                    let _ = client.shutdown(Shutdown::Both);
                    continue;
                };
                let _ = client.set_nodelay(true);
                let _ = server.set_nodelay(true);
                for (from, to, direction) in [
                    (&client, &server, Direction::Push),
                    (&server, &client, Direction::Pull),
                ] {
                    let (Ok(from), Ok(to), Ok(a), Ok(b)) = (
                        from.try_clone(),
                        to.try_clone(),
                        client.try_clone(),
                        server.try_clone(),
                    ) else {
                        continue;
                    };
                    let shared = accept.clone();
                    thread::spawn(move || pump(from, to, direction, [a, b], &shared));
                }
            }
        });
        CutProxy { addr, shared }
    }

    /// `http://127.0.0.1:PORT` of the proxy.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Cuts the next connection carrying bytes in `direction` after `after` more bytes
    /// have gone through in that direction (0: before the first).
    pub fn arm(&self, direction: Direction, after: u64) {
        self.shared.armed.lock().expect("proxy lock").cut = Some((direction, after));
    }

    /// Lets everything through.
    pub fn disarm(&self) {
        self.shared.armed.lock().expect("proxy lock").cut = None;
    }

    /// Whether the armed cut happened (and the proxy disarmed itself).
    pub fn fired(&self) -> bool {
        self.shared.armed.lock().expect("proxy lock").cut.is_none()
    }

    /// Connections cut so far.
    pub fn cuts(&self) -> u64 {
        self.shared.cuts.load(Ordering::SeqCst)
    }

    /// Every byte forwarded to the hub so far (requests, headers included), in order;
    /// empty unless the proxy was started [`recording`](Self::recording).
    pub fn pushed(&self) -> Vec<u8> {
        match &self.shared.pushed {
            Some(bytes) => bytes.lock().expect("proxy lock").clone(),
            None => Vec::new(),
        }
    }

    /// Bytes forwarded so far in `direction`.
    pub fn bytes(&self, direction: Direction) -> u64 {
        self.shared.bytes[direction as usize].load(Ordering::SeqCst)
    }
}

impl Drop for CutProxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees `stop`.
        let _ = TcpStream::connect(self.addr);
    }
}

fn pump(
    mut from: TcpStream,
    mut to: TcpStream,
    direction: Direction,
    both: [TcpStream; 2],
    shared: &Shared,
) {
    let mut buf = [0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let allowed = {
            let mut armed = shared.armed.lock().expect("proxy lock");
            match armed.cut {
                Some((d, left)) if d == direction => {
                    if (n as u64) < left {
                        armed.cut = Some((d, left - n as u64));
                        None
                    } else {
                        armed.cut = None;
                        Some(left as usize)
                    }
                }
                _ => None,
            }
        };
        match allowed {
            None => {
                if let (Direction::Push, Some(pushed)) = (direction, &shared.pushed) {
                    pushed
                        .lock()
                        .expect("proxy lock")
                        .extend_from_slice(&buf[..n]);
                }
                if to.write_all(&buf[..n]).is_err() {
                    break;
                }
                shared.bytes[direction as usize].fetch_add(n as u64, Ordering::SeqCst);
            }
            Some(k) => {
                let _ = to.write_all(&buf[..k]);
                shared.bytes[direction as usize].fetch_add(k as u64, Ordering::SeqCst);
                shared.cuts.fetch_add(1, Ordering::SeqCst);
                for s in &both {
                    let _ = s.shutdown(Shutdown::Both);
                }
                return;
            }
        }
    }
    // One side closed: close the other way too.
    let _ = to.shutdown(Shutdown::Write);
}
