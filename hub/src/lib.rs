//! Senim hub: the office relay through which a team's devices sync. It stores the
//! team's membership lists, the epoch keys leads seal to each device, every device's
//! log of signed, encrypted envelopes, and the team's lead-signed orders (policy and
//! purge), and serves them over HTTP.
//!
//! Owns the HTTP API (`docs/hub.md`), request authentication by device signature,
//! per-device limits, and the checks on every write: membership and role under the
//! newest lead-signed list, device signatures, sequence continuity, order numbers and
//! the envelope places a purge names, sizes. It must never hold a key or see plaintext
//! (invariant 5): it depends on `senim-protocol` (and `senim-crypto` below it) for the
//! wire format, signature checks and membership rules, never for decryption (it links
//! no vault, CRDT or passcode KDF).
//!
//! It logs through `tracing` (the program that runs it installs the subscriber; see
//! `docs/hub.md`, "Logging"): startup and shutdown at info, each request at debug
//! (method, route template, status, duration), refusals at info with their stable
//! error code, storage failures at error, and team and device ids at debug only. It
//! never logs a body, a header, a signature, a nonce or a path parameter.
//!
//! - [`HubConfig`]: where the data lives and the limits.
//! - [`Hub`]: the state every request shares; [`router`] serves it.
//! - [`bind`] then [`Listening::serve`] (or [`serve`]): what `senim hub serve` runs.
//! - [`backup`], [`restore`] and the [`DataLock`] a serving hub holds: what `senim hub
//!   backup` and `senim hub restore` run (`docs/hub.md`, "Backup and restore").
//! - [`storage`]: the [`HubStorage`](storage::HubStorage) trait, its SQLite backend, and
//!   (for tests, `conformance` feature) the suite every backend must pass.

mod auth;
mod error;
mod listener;
mod metrics;
pub mod registration;
mod roster;
mod routes;
mod sessions;
pub mod storage;
mod store;
pub mod tls;

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use senim_protocol::team::TeamId;

pub use error::{HubError, Result};
pub use listener::ConnectionLimits;
pub use routes::router;
pub use storage::backup::{Copied, DataLock, backup, restore};
pub use tls::{Fingerprint, TlsSource};

use crate::auth::{Admission, Budgets};
pub use crate::registration::Registration;
use crate::registration::Tokens;
use crate::roster::Roster;
use crate::sessions::Sessions;
use crate::storage::{
    BudgetKind, HubStorage, PostgresStorage, SharedLimits, SharedSessions, SqliteStorage,
};

/// The hub's version, as `GET /health` reports it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A request budget: a token bucket that holds `burst` requests and refills at
/// `per_second`. Each team and device signing key has its own.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    pub per_second: f64,
    pub burst: u32,
}

impl Default for RateLimit {
    fn default() -> Self {
        RateLimit {
            per_second: 50.0,
            burst: 100,
        }
    }
}

/// What the hub may log about one request: nothing more. No body, no device, no team,
/// no path parameter: `route` is the template (`/v1/teams/{team}/sync`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestLog {
    pub method: String,
    pub route: String,
    pub status: u16,
    pub duration: Duration,
}

impl fmt::Display for RequestLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {} ms",
            self.method,
            self.route,
            self.status,
            self.duration.as_millis()
        )
    }
}

/// Receives one [`RequestLog`] per request, besides the hub's own `tracing` event (an
/// embedder's metrics, a test's record).
pub type RequestLogger = Arc<dyn Fn(&RequestLog) + Send + Sync>;

/// Where the hub keeps its data and the limits it enforces.
#[derive(Clone)]
pub struct HubConfig {
    /// The data directory (created 0700; the SQLite database inside is 0600; the TLS
    /// certificate and registration tokens are kept there with either storage).
    pub data: PathBuf,
    /// A PostgreSQL connection URL: the hub stores in that database (shared with
    /// other hub instances) instead of SQLite in `data`. `None` (the default) is SQLite.
    /// Never logged (it may hold a password).
    pub database: Option<String>,
    /// Largest request body, in bytes (413 beyond). Routes have their own lower
    /// bounds: a sync message at most `MAX_MESSAGE_BYTES`, a membership body at most
    /// `MAX_MEMBERSHIP_BODY_BYTES`, an order at most `MAX_ORDER_BYTES`.
    pub max_body: usize,
    /// Each team and device key's request budget (429 beyond).
    pub rate: RateLimit,
    /// The byte bound of the pages the hub sends (envelopes per sync message, lists
    /// per membership answer, orders per page, those at most `MAX_ORDERS_PAGE_BYTES`),
    /// at most `MAX_PAGE_BYTES`.
    pub max_page_bytes: usize,
    /// How long a sync session may stay idle between two messages.
    pub session_ttl: Duration,
    /// Most sync sessions open at once on this hub (503 beyond).
    pub max_sessions: usize,
    /// Most sync sessions one device may hold open (429 beyond).
    pub max_sessions_per_device: usize,
    /// Most sync sessions the devices of one team may hold open together (429
    /// beyond), so that no team (a stranger's self-registered one included) takes
    /// every slot from the others.
    pub max_sessions_per_team: usize,
    /// Who may register teams: anyone, or a lead with a token from the operator.
    pub registration: Registration,
    /// Each peer address's budget of team registrations (429 beyond), counted before
    /// the registration's body is read.
    pub registration_rate: RateLimit,
    /// Also hand each request's [`RequestLog`] to this; `None` (the default) does not.
    /// Requests are logged through `tracing` at debug level either way.
    pub log: Option<RequestLogger>,
    /// A demo hub serves demo teams only; a real hub, real teams only (see
    /// `docs/demo.md`). Each refuses the other kind with 403 `demo_mismatch`.
    pub demo: bool,
    /// Connection caps, timeouts and the shutdown grace ([`ConnectionLimits`]).
    pub connections: ConnectionLimits,
    /// Serve over TLS with this certificate; `None` (the default) serves plain HTTP.
    pub tls: Option<TlsSource>,
}

impl HubConfig {
    /// The defaults, with data in `data`: 8 MiB bodies, 50 requests/s with bursts of
    /// 100 per team and device key, 1 MiB pages, sessions idle for at most 120 s, 1024
    /// sessions (4 per device, 256 per team), open registration with 10 registrations
    /// per peer address and then one every 6 minutes, no request logger,
    /// [`ConnectionLimits::default`].
    pub fn new(data: impl Into<PathBuf>) -> Self {
        HubConfig {
            data: data.into(),
            database: None,
            max_body: 8 * 1024 * 1024,
            rate: RateLimit::default(),
            max_page_bytes: 1024 * 1024,
            session_ttl: Duration::from_secs(120),
            max_sessions: 1024,
            max_sessions_per_device: 4,
            max_sessions_per_team: 256,
            registration: Registration::Open,
            registration_rate: RateLimit {
                per_second: 1.0 / 360.0,
                burst: 10,
            },
            log: None,
            demo: false,
            connections: ConnectionLimits::default(),
            tls: None,
        }
    }
}

impl fmt::Debug for HubConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HubConfig")
            .field("data", &self.data)
            .field("database", &self.database.as_ref().map(|_| "postgres"))
            .field("max_body", &self.max_body)
            .field("rate", &self.rate)
            .field("max_page_bytes", &self.max_page_bytes)
            .field("session_ttl", &self.session_ttl)
            .field("max_sessions", &self.max_sessions)
            .field("max_sessions_per_device", &self.max_sessions_per_device)
            .field("max_sessions_per_team", &self.max_sessions_per_team)
            .field("registration", &self.registration)
            .field("registration_rate", &self.registration_rate)
            .field("log", &self.log.is_some())
            .field("demo", &self.demo)
            .field("connections", &self.connections)
            .field("tls", &self.tls)
            .finish()
    }
}

/// The state every request shares: the storage, the open sync sessions, the nonces
/// seen, the request budgets, and each team's membership chain as last read.
pub struct Hub {
    storage: Arc<dyn HubStorage>,
    max_body: usize,
    max_page_bytes: usize,
    sessions: Sessions,
    admission: Admission,
    /// Team registrations per peer address.
    registrations: Budgets<std::net::IpAddr>,
    /// The operator's registration tokens, in `token` mode.
    tokens: Option<Tokens>,
    rosters: Mutex<HashMap<TeamId, Arc<Roster>>>,
    /// What `GET /metrics` reports.
    metrics: metrics::Metrics,
    /// "sqlite" or "postgresql", as `GET /health` reports it.
    storage_kind: &'static str,
    log: Option<RequestLogger>,
    demo: bool,
}

/// What instances sharing a database keep there besides the stores.
struct Shared {
    sessions: Arc<dyn SharedSessions>,
    limits: Arc<dyn SharedLimits>,
}

impl fmt::Debug for Hub {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hub").finish_non_exhaustive()
    }
}

impl Hub {
    /// Opens the storage: PostgreSQL at `config.database` when given, else SQLite in
    /// `config.data` (blocking: call it before the runtime serves, or from a blocking
    /// thread).
    pub fn open(config: HubConfig) -> Result<Arc<Hub>> {
        match &config.database {
            Some(url) => {
                let storage = Arc::new(PostgresStorage::connect(url)?);
                Ok(Hub::with_shared_storage(storage, config))
            }
            None => {
                let storage = SqliteStorage::open(&config.data)?;
                Ok(Hub::with_storage(Arc::new(storage), config))
            }
        }
    }

    /// A hub over a storage that several instances share: its sync sessions, request
    /// budgets and registration tokens are kept there too, so any instance answers any
    /// message of a sync and the instances enforce one limit together.
    pub fn with_shared_storage<S>(storage: Arc<S>, config: HubConfig) -> Arc<Hub>
    where
        S: HubStorage + SharedSessions + SharedLimits + 'static,
    {
        let shared = Shared {
            sessions: storage.clone(),
            limits: storage.clone(),
        };
        Hub::build(storage, Some(shared), "postgresql", config)
    }

    /// A hub over any storage; `config.data` is used only for the registration
    /// tokens of a hub in `token` mode.
    pub fn with_storage(storage: Arc<dyn HubStorage>, config: HubConfig) -> Arc<Hub> {
        Hub::build(storage, None, "sqlite", config)
    }

    fn build(
        storage: Arc<dyn HubStorage>,
        shared: Option<Shared>,
        storage_kind: &'static str,
        config: HubConfig,
    ) -> Arc<Hub> {
        let limits = shared.as_ref().map(|s| s.limits.clone());
        let tokens = (config.registration == Registration::Token).then(|| match &limits {
            Some(store) => Tokens::shared(store.clone()),
            None => Tokens::new(&config.data),
        });
        let max_page_bytes = config
            .max_page_bytes
            .clamp(1, senim_protocol::sync::MAX_PAGE_BYTES);
        Arc::new(Hub {
            storage,
            max_body: config.max_body,
            max_page_bytes,
            sessions: Sessions::new(
                config.session_ttl,
                config.max_sessions,
                config.max_sessions_per_device,
                config.max_sessions_per_team,
                max_page_bytes,
            )
            .shared_if(shared.map(|s| s.sessions)),
            admission: Admission::new(config.rate, limits.clone()),
            registrations: Budgets::new(
                config.registration_rate,
                BudgetKind::Registrations,
                limits,
            ),
            tokens,
            rosters: Mutex::new(HashMap::new()),
            metrics: metrics::Metrics::new(),
            storage_kind,
            log: config.log,
            demo: config.demo,
        })
    }

    /// Whether this hub serves demo teams (and only them).
    pub fn is_demo(&self) -> bool {
        self.demo
    }

    /// Refuses a team of the other kind than this hub's.
    pub(crate) fn check_kind(&self, team: TeamId) -> Result<()> {
        match (self.demo, team.is_demo()) {
            (true, false) => Err(HubError::DemoMismatch(
                "this is a demo hub: it serves demo teams only".into(),
            )),
            (false, true) => Err(HubError::DemoMismatch(
                "this hub serves real teams: a demo team cannot use it".into(),
            )),
            _ => Ok(()),
        }
    }

    /// The storage this hub serves.
    pub fn storage(&self) -> &Arc<dyn HubStorage> {
        &self.storage
    }

    /// The membership chain of `team` up to its newest stored version (blocking).
    fn roster(&self, team: TeamId) -> Result<Arc<Roster>> {
        let latest = self
            .storage
            .latest_version(team)?
            .ok_or_else(|| HubError::NotFound("no such team on this hub".into()))?;
        let cached = self
            .rosters
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&team)
            .cloned();
        if let Some(r) = &cached
            && r.version() == latest
        {
            return Ok(r.clone());
        }
        let mut roster = match cached {
            Some(r) if r.version() < latest => Roster::clone(&r),
            _ => {
                let first = self.storage.lists_after(team, 0, 1)?;
                let (_, genesis) = first
                    .first()
                    .ok_or_else(|| HubError::Storage("a team has no list".into()))?;
                Roster::genesis(genesis)?
            }
        };
        while roster.version() < latest {
            let lists = self
                .storage
                .lists_after(team, roster.version(), self.max_page_bytes)?;
            if lists.is_empty() {
                break;
            }
            for (version, bytes) in lists {
                if version != roster.version() + 1 {
                    return Err(HubError::Storage("a team's lists have a hole".into()));
                }
                roster.advance(&bytes)?;
            }
        }
        let roster = Arc::new(roster);
        self.rosters
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(team, roster.clone());
        Ok(roster)
    }
}

/// A hub bound to its address, not yet serving.
pub struct Listening {
    hub: Arc<Hub>,
    listener: tokio::net::TcpListener,
    addr: SocketAddr,
    limits: ConnectionLimits,
    tls: Option<tls::TlsIdentity>,
}

impl fmt::Debug for Listening {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Listening")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// Opens the storage (`config.database`, else `config.data`) and binds `addr` (port 0 picks a free port).
/// Prints nothing: the caller shows `hub listening on {local_addr}`. Logs the address,
/// the storage, the data directory and the hub's kind (demo or real) at info.
pub async fn bind(addr: SocketAddr, config: HubConfig) -> Result<Listening> {
    let data = config.data.clone();
    let limits = config.connections;
    let kind = if config.demo { "demo" } else { "real" };
    let storage = if config.database.is_some() {
        "postgresql"
    } else {
        "sqlite"
    };
    let (hub, tls) = tokio::task::spawn_blocking(move || {
        let source = config.tls.clone();
        let data = config.data.clone();
        let hub = Hub::open(config)?;
        // After the storage: the data directory exists (0700) to keep a certificate in.
        let tls = source.map(|s| tls::load(&s, &data)).transpose()?;
        Ok::<_, HubError>((hub, tls))
    })
    .await
    .map_err(|_| HubError::Storage("opening the storage panicked".into()))??;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    if tls.is_none() && !addr.ip().is_loopback() {
        tracing::warn!(
            %addr,
            "serving plain HTTP beyond loopback: membership lists are readable on the wire \
             and anyone on the path can play the hub; serve with TLS (--tls) or behind a \
             TLS proxy"
        );
    }
    // The data directory is the operator's own, on the hub's machine: its path helps
    // them and says nothing about a team.
    tracing::info!(
        %addr,
        storage,
        data = %data.display(),
        kind,
        tls = tls.as_ref().map(|t| t.fingerprint.certificate_hex()),
        "hub listening"
    );
    Ok(Listening {
        hub,
        listener,
        addr,
        limits,
        tls,
    })
}

impl Listening {
    /// The address the hub listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The fingerprint of the certificate served, when the hub serves TLS.
    pub fn tls_fingerprint(&self) -> Option<Fingerprint> {
        self.tls.as_ref().map(|t| t.fingerprint)
    }

    /// The hub's shared state.
    pub fn hub(&self) -> &Arc<Hub> {
        &self.hub
    }

    /// Serves until `shutdown` completes, then stops accepting, lets requests in flight
    /// finish within the shutdown grace ([`ConnectionLimits::shutdown_grace`]) and
    /// drops every connection still open.
    pub async fn serve(self, shutdown: impl Future<Output = ()> + Send + 'static) -> Result<()> {
        let tls = self.tls.map(|t| t.acceptor);
        listener::serve(self.listener, router(self.hub), tls, self.limits, shutdown).await;
        tracing::info!("hub stopped");
        Ok(())
    }
}

/// [`bind`] and [`Listening::serve`] in one call, for callers that need not know the
/// address (it was given, with a fixed port).
pub async fn serve(
    addr: SocketAddr,
    config: HubConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<()> {
    bind(addr, config).await?.serve(shutdown).await
}
