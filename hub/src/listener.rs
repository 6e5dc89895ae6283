//! The hub's connection layer: the accept loop, each connection served with hyper's
//! HTTP/1.1, and the limits that keep slow or idle peers from holding the hub
//! (`docs/hub.md`, "Connections"): caps on connections in total and per peer address
//! (beyond them a connection is closed at once, before anything is read from it), a
//! deadline for each request head, a minimum rate for each request body, an idle
//! keep-alive timeout (also bounding a response the peer stops reading), and a graceful
//! shutdown that gives requests in flight a few seconds and then drops everything.
//!
//! It owns connections, not requests: what a request may do is the router's
//! (`routes`). It must never read from a connection it refuses, never wait on a peer
//! without a deadline, and never log a peer's address (a field worker's) or anything a
//! connection carried.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, ready};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::Request;
use http_body::{Frame, SizeHint};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tokio::time::{Instant, Sleep};
use tokio_rustls::TlsAcceptor;
use tower::Service;

/// How many connections the hub holds and how long it waits on each (`HubConfig::
/// connections`). The defaults suit a hub with the usual 1,024 open files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Most connections open at once; one more is closed as soon as it is accepted.
    pub max_connections: usize,
    /// Most connections open at once from one peer address (a whole office behind one
    /// NAT address counts once); one more is closed as soon as it is accepted.
    pub max_connections_per_peer: usize,
    /// From a connection's opening (with TLS, from the end of the handshake, which has
    /// a deadline of this length too), or from the first byte of a later request on it,
    /// until the request head is complete.
    pub header_timeout: Duration,
    /// A request body must arrive at [`body_min_rate`](Self::body_min_rate) measured
    /// over each window of this length, the first starting when the hub begins to read
    /// the body: no window may bring fewer than `body_min_rate × body_window` bytes.
    pub body_window: Duration,
    /// Bytes per second; see [`body_window`](Self::body_window).
    pub body_min_rate: u64,
    /// How long a kept-alive connection may wait for its next request, and how long a
    /// response may wait for the peer to take more of it.
    pub idle_timeout: Duration,
    /// After the shutdown signal: how long requests in flight may take before every
    /// connection is dropped.
    pub shutdown_grace: Duration,
}

impl Default for ConnectionLimits {
    /// 512 connections, 32 per peer address, 10 s for a request head, bodies at 1 KiB/s
    /// or more over each 10 s, 30 s idle, 5 s to finish at shutdown.
    fn default() -> Self {
        ConnectionLimits {
            max_connections: 512,
            max_connections_per_peer: 32,
            header_timeout: Duration::from_secs(10),
            body_window: Duration::from_secs(10),
            body_min_rate: 1024,
            idle_timeout: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(5),
        }
    }
}

/// Serves `router` on `listener` (through `tls` if given) until `shutdown` completes,
/// then stops accepting, lets requests in flight finish within `limits.shutdown_grace`
/// and drops whatever is left.
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    tls: Option<TlsAcceptor>,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send,
) {
    let peers = Arc::new(Peers::default());
    let (stop, stopping) = watch::channel(false);
    let mut connections = JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    let refusals = RefusalLog::default();
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    let Some(slot) = peers.admit(peer.ip(), &limits) else {
                        // Closed before anything is read: the peer gets a reset or EOF.
                        drop(stream);
                        refusals.note();
                        continue;
                    };
                    let _ = stream.set_nodelay(true);
                    let connection = Connection {
                        router: router.clone(),
                        peer,
                        limits,
                        stopping: stopping.clone(),
                        _slot: slot,
                    };
                    let tls = tls.clone();
                    connections.spawn(async move {
                        let Some(tls) = tls else {
                            return connection.run(stream).await;
                        };
                        // The handshake has the head's deadline (and the head its own).
                        let handshake =
                            tokio::time::timeout(limits.header_timeout, tls.accept(stream));
                        match handshake.await {
                            Ok(Ok(stream)) => connection.run(stream).await,
                            Ok(Err(e)) => tracing::debug!(error = %e, "TLS handshake failed"),
                            Err(_) => tracing::debug!("TLS handshake timed out"),
                        }
                    });
                }
                Err(e) => accept_failed(&e).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    tracing::info!(
        connections = connections.len(),
        grace_s = limits.shutdown_grace.as_secs_f64(),
        "hub shutting down: finishing the requests in flight"
    );
    let _ = stop.send(true);
    let drained = tokio::time::timeout(limits.shutdown_grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            connections = connections.len(),
            "hub shutdown: connections still open after the grace period were dropped"
        );
        connections.abort_all();
        while connections.join_next().await.is_some() {}
    }
}

/// An accept error: a peer that went away before it was accepted is nothing; running
/// out of files (or another resource) is logged and waited out briefly, so the loop
/// does not spin while connections close.
async fn accept_failed(e: &io::Error) {
    if matches!(
        e.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
    ) {
        return;
    }
    tracing::error!(error = %e, "cannot accept a connection");
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// Logs refused connections at most once a minute (a flood must not flood the log).
#[derive(Default)]
struct RefusalLog {
    last: AtomicU64,
    count: AtomicU64,
}

impl RefusalLog {
    fn note(&self) {
        let count = self.count.fetch_add(1, Ordering::Relaxed) + 1;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let last = self.last.load(Ordering::Relaxed);
        if now >= last + 60
            && self
                .last
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            self.count.store(0, Ordering::Relaxed);
            tracing::warn!(
                refused = count,
                "connection cap reached: connections refused (in total or from one address)"
            );
        }
    }
}

/// The connections open now, in total and by peer address.
#[derive(Default)]
struct Peers {
    open: Mutex<(usize, HashMap<IpAddr, usize>)>,
}

impl Peers {
    fn admit(self: &Arc<Self>, peer: IpAddr, limits: &ConnectionLimits) -> Option<Slot> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let (total, by_peer) = &mut *open;
        let from_peer = by_peer.get(&peer).copied().unwrap_or(0);
        if *total >= limits.max_connections || from_peer >= limits.max_connections_per_peer {
            return None;
        }
        *total += 1;
        by_peer.insert(peer, from_peer + 1);
        Some(Slot {
            peers: self.clone(),
            peer,
        })
    }
}

/// One admitted connection's place in [`Peers`], given back when dropped.
struct Slot {
    peers: Arc<Peers>,
    peer: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self
            .peers
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let (total, by_peer) = &mut *open;
        *total = total.saturating_sub(1);
        if let Some(n) = by_peer.get_mut(&self.peer) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                by_peer.remove(&self.peer);
            }
        }
    }
}

/// One admitted connection.
struct Connection {
    router: Router,
    /// The peer's address, handed to the routes (registrations are counted by it).
    peer: std::net::SocketAddr,
    limits: ConnectionLimits,
    stopping: watch::Receiver<bool>,
    _slot: Slot,
}

impl Connection {
    /// Serves requests on `io` until the peer closes it, a deadline passes, or the hub
    /// stops (a request in flight is finished first, within the shutdown grace).
    async fn run<I>(mut self, io: I)
    where
        I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let activity = Arc::new(Activity::new());
        let service = {
            let (router, activity, limits) = (self.router.clone(), activity.clone(), self.limits);
            let peer = axum::extract::ConnectInfo(self.peer);
            hyper::service::service_fn(move |request: Request<Incoming>| {
                let mut router = router.clone();
                let activity = activity.clone();
                async move {
                    let guard = activity.request_started();
                    let mut request = request.map(|b| Body::new(PacedBody::new(b, &limits)));
                    request.extensions_mut().insert(peer);
                    let response = match router.call(request).await {
                        Ok(response) => response,
                        Err(never) => match never {},
                    };
                    Ok::<_, Infallible>(response.map(|body| DoneBody {
                        body,
                        _guard: guard,
                    }))
                }
            })
        };
        let mut builder = http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            // The head deadline is this layer's own: hyper's would restart the moment a
            // response ends, so it could not be told apart from the idle keep-alive wait.
            .header_read_timeout(None)
            .keep_alive(true)
            .max_buf_size(64 * 1024);
        let watched = Watched {
            io,
            activity: activity.clone(),
        };
        let connection = builder.serve_connection(TokioIo::new(watched), service);
        let mut connection = std::pin::pin!(connection);
        let expired = activity.expired(self.limits);
        let mut expired = std::pin::pin!(expired);
        let mut draining = false;
        loop {
            tokio::select! {
                served = connection.as_mut() => {
                    if let Err(e) = served {
                        tracing::debug!(error = %e, "connection ended with an error");
                    }
                    return;
                }
                why = &mut expired => {
                    tracing::debug!(why, "connection closed");
                    return;
                }
                _ = self.stopping.changed(), if !draining => {
                    draining = true;
                    connection.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

/// What a connection is doing, as its bytes and requests show it: the watchdog's
/// deadlines follow from it.
struct Activity {
    state: Mutex<State>,
    changed: Notify,
}

struct State {
    phase: Phase,
    /// Requests whose response is not yet fully handed to the connection.
    in_flight: usize,
    /// Since when a write has waited for the peer to take bytes.
    write_blocked: Option<Instant>,
}

#[derive(Clone, Copy)]
enum Phase {
    /// Waiting for (the rest of) a request head, since then.
    Head(Instant),
    /// A request is being served.
    Busy,
    /// Kept alive between requests, since then.
    Idle(Instant),
}

impl Activity {
    fn new() -> Self {
        Activity {
            state: Mutex::new(State {
                phase: Phase::Head(Instant::now()),
                in_flight: 0,
                write_blocked: None,
            }),
            changed: Notify::new(),
        }
    }

    fn update(&self, f: impl FnOnce(&mut State)) {
        f(&mut self.state.lock().unwrap_or_else(PoisonError::into_inner));
        self.changed.notify_one();
    }

    fn request_started(self: &Arc<Self>) -> RequestGuard {
        self.update(|s| {
            s.in_flight += 1;
            s.phase = Phase::Busy;
        });
        RequestGuard(self.clone())
    }

    /// The first bytes after an idle wait start a request head.
    fn bytes_read(&self) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if let Phase::Idle(_) = state.phase {
            state.phase = Phase::Head(Instant::now());
            drop(state);
            self.changed.notify_one();
        }
    }

    fn write_blocked(&self, blocked: bool) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        match (blocked, state.write_blocked) {
            (true, None) => state.write_blocked = Some(Instant::now()),
            (false, Some(_)) => state.write_blocked = None,
            _ => return,
        }
        drop(state);
        self.changed.notify_one();
    }

    /// When the connection must close if nothing changes, and why.
    fn deadline(&self, limits: &ConnectionLimits) -> Option<(Instant, &'static str)> {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let stalled = state
            .write_blocked
            .map(|since| (since + limits.idle_timeout, "the peer stopped reading"));
        let phase = match state.phase {
            Phase::Head(since) => Some((since + limits.header_timeout, "request head too slow")),
            Phase::Idle(since) => Some((since + limits.idle_timeout, "idle")),
            Phase::Busy => None,
        };
        match (phase, stalled) {
            (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
            (a, b) => a.or(b),
        }
    }

    /// Completes (with the reason) once a deadline passes.
    async fn expired(&self, limits: ConnectionLimits) -> &'static str {
        loop {
            let changed = self.changed.notified();
            let mut changed = std::pin::pin!(changed);
            changed.as_mut().enable();
            match self.deadline(&limits) {
                None => changed.await,
                Some((at, why)) => {
                    tokio::select! {
                        () = tokio::time::sleep_until(at) => {
                            if self.deadline(&limits).is_some_and(|(now_at, _)| now_at <= Instant::now()) {
                                return why;
                            }
                        }
                        () = changed => {}
                    }
                }
            }
        }
    }
}

/// Held by a request until its response body is done: then the connection is idle.
struct RequestGuard(Arc<Activity>);

impl Drop for RequestGuard {
    fn drop(&mut self) {
        self.0.update(|s| {
            s.in_flight = s.in_flight.saturating_sub(1);
            if s.in_flight == 0 {
                s.phase = Phase::Idle(Instant::now());
            }
        });
    }
}

/// A response body that marks its request done when it is dropped.
struct DoneBody {
    body: Body,
    _guard: RequestGuard,
}

impl http_body::Body for DoneBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// A request body that fails when a window of `window` brings fewer than `min_bytes`
/// (the peer's part; time the hub spends not asking for the body is not counted
/// against it: the clock starts at the first read and a window is judged only while
/// the hub waits for bytes).
struct PacedBody {
    inner: Incoming,
    window: Duration,
    min_bytes: u64,
    window_start: Option<Instant>,
    window_bytes: u64,
    timer: Pin<Box<Sleep>>,
}

impl PacedBody {
    fn new(inner: Incoming, limits: &ConnectionLimits) -> Self {
        // Saturating float-to-int conversion: a huge rate or window only asks more.
        let min_bytes = (limits.body_min_rate as f64 * limits.body_window.as_secs_f64()) as u64;
        PacedBody {
            inner,
            window: limits.body_window,
            min_bytes,
            window_start: None,
            window_bytes: 0,
            timer: Box::pin(tokio::time::sleep(limits.body_window)),
        }
    }
}

/// A request body that arrived slower than the hub's minimum rate.
#[derive(Debug, thiserror::Error)]
#[error("the request body arrived too slowly: fewer than {min_bytes} bytes in {window:?}")]
struct BodyTooSlow {
    min_bytes: u64,
    window: Duration,
}

impl http_body::Body for PacedBody {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        let now = Instant::now();
        let start = *this.window_start.get_or_insert(now);
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    this.window_bytes = this.window_bytes.saturating_add(data.len() as u64);
                }
                return Poll::Ready(Some(Ok(frame)));
            }
            Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => {}
        }
        let mut end = start + this.window;
        if now >= end {
            if this.window_bytes < this.min_bytes {
                return Poll::Ready(Some(Err(Box::new(BodyTooSlow {
                    min_bytes: this.min_bytes,
                    window: this.window,
                }))));
            }
            this.window_start = Some(now);
            this.window_bytes = 0;
            end = now + this.window;
        }
        this.timer.as_mut().reset(end);
        ready!(this.timer.as_mut().poll(cx));
        // The window ended while polling: judge it on the next poll, at once.
        cx.waker().wake_by_ref();
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// The connection's bytes, with what they say about its phase told to [`Activity`].
struct Watched<I> {
    io: I,
    activity: Arc<Activity>,
}

impl<I: AsyncRead + Unpin> AsyncRead for Watched<I> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.io).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.bytes_read();
        }
        polled
    }
}

impl<I: AsyncWrite + Unpin> AsyncWrite for Watched<I> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.io).poll_write(cx, buf);
        self.activity.write_blocked(polled.is_pending());
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        self.activity.write_blocked(polled.is_pending());
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let polled = Pin::new(&mut self.io).poll_flush(cx);
        self.activity.write_blocked(polled.is_pending());
        polled
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}
