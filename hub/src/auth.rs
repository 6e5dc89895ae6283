//! Request authentication and per-device limits: every `/v1` request carries, in its
//! headers, the device's Ed25519 signature over its device and team, method, path and
//! query, time, a random nonce and the body's length and SHA-256
//! (`senim_protocol::sync::auth`); the hub checks it with the key the team's membership
//! list holds for that device.
//!
//! Owns the order in which a request is trusted: its headers first (clock window,
//! declared length within the route's bound), then the signature and a fresh nonce,
//! and only then its body, read up to the signed length and checked against the signed
//! hash. It must never read a body for a request whose signature it has not checked
//! (team registration, whose key is in the body, is the one exception and is bounded
//! and rate-limited by address). Owns the nonces seen within the clock window (a request
//! is accepted once) and each device's request budget (a token bucket), both keyed by
//! the team and the device's signing key, never by a device id alone: a stranger who
//! registers a team under another's device id spends only its own budget. It holds
//! public keys only and logs nothing.

use std::collections::HashMap;
use std::hash::Hash;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes, HttpBody};
use axum::http::{HeaderMap, Method, Uri, header};
use senim_protocol::sync::auth::{BodyDigest, MAX_CLOCK_SKEW_SECS};
use senim_protocol::sync::hub_api::RequestAuth;
use senim_protocol::team::{DeviceId, DevicePublic, TeamId};

use crate::storage::{BudgetKind, HubStorage, SharedLimits};
use crate::{HubError, RateLimit, Result};

/// A request whose headers were read and checked against the clock and the route's
/// bound. Not yet verified ([`SignedRequest::verify`]); its body not yet read
/// ([`SignedRequest::body`]).
pub(crate) struct SignedRequest {
    pub auth: RequestAuth,
    method: Method,
    path_and_query: String,
}

impl SignedRequest {
    /// Reads the authentication headers and checks the time window, that the request
    /// is for `team` (when the route names one), and that the signed body length is at
    /// most `max_body` (413 beyond) and agrees with `content-length`. Reads no body.
    pub(crate) fn read(
        method: Method,
        uri: &Uri,
        headers: &HeaderMap,
        max_body: usize,
        team: Option<TeamId>,
    ) -> Result<SignedRequest> {
        let auth =
            RequestAuth::from_headers(|name| headers.get(name).and_then(|v| v.to_str().ok()))
                .map_err(|e| HubError::Unauthenticated(e.to_string()))?;
        let now = unix_now();
        if auth.time.abs_diff(now) > MAX_CLOCK_SKEW_SECS.unsigned_abs() {
            return Err(HubError::Unauthenticated(format!(
                "the request time is more than {MAX_CLOCK_SKEW_SECS} s from the hub's clock: check the device's clock"
            )));
        }
        if team.is_some_and(|t| t != auth.team) {
            return Err(HubError::Unauthenticated(
                "the request is signed for another team than its path names".into(),
            ));
        }
        let declared = headers
            .get(header::CONTENT_LENGTH)
            .map(|v| v.to_str().ok().and_then(|v| v.parse::<u64>().ok()));
        if auth.body.len > max_body as u64
            || declared.flatten().is_some_and(|n| n > max_body as u64)
        {
            return Err(HubError::TooLarge { limit: max_body });
        }
        match declared {
            Some(Some(n)) if n != auth.body.len => {
                // Not the body that was signed (altered on the way, or forged).
                return Err(HubError::Unauthenticated(
                    "the body does not match its signed length and hash".into(),
                ));
            }
            Some(None) => {
                return Err(HubError::BadRequest("content-length is malformed".into()));
            }
            _ => {}
        }
        let path_and_query = uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| uri.path().to_owned());
        Ok(SignedRequest {
            auth,
            method,
            path_and_query,
        })
    }

    /// The requesting device, as its headers claim (unverified until `verify`).
    pub(crate) fn device(&self) -> DeviceId {
        self.auth.device
    }

    /// Checks the signature with `public`, the device's key from the team's lists.
    /// Needs no body: its length and hash are among the signed headers.
    pub(crate) fn verify(&self, public: &DevicePublic) -> Result<()> {
        let input = self
            .auth
            .signing_input(self.method.as_str(), &self.path_and_query);
        if public.device == self.auth.device
            && public.signature_is_valid(&input, &self.auth.signature)
        {
            Ok(())
        } else {
            Err(HubError::Unauthenticated(
                "the request signature does not verify".into(),
            ))
        }
    }

    /// Reads the body: exactly the signed length (never more), whose SHA-256 must be
    /// the signed one. Call it once the signature verified.
    pub(crate) async fn body(&self, body: Body) -> Result<Bytes> {
        let signed = self.auth.body;
        // Within the route's bound: `read` refused a longer one.
        let len = usize::try_from(signed.len).unwrap_or(usize::MAX);
        let mismatch = || {
            HubError::Unauthenticated("the body does not match its signed length and hash".into())
        };
        let bytes = read_body(body, len).await?.ok_or_else(mismatch)?;
        if bytes.len() != len || BodyDigest::of(&bytes) != signed {
            return Err(mismatch());
        }
        Ok(bytes)
    }
}

/// Reads at most `max` bytes of `body`, whatever its headers said: `None` when it
/// holds more (the signature covers exactly `max`).
async fn read_body(mut body: Body, max: usize) -> Result<Option<Bytes>> {
    let mut out = Vec::with_capacity(max);
    loop {
        let frame = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await;
        let Some(frame) = frame else { break };
        let frame =
            frame.map_err(|_| HubError::BadRequest("the request body could not be read".into()))?;
        if let Ok(data) = frame.into_data() {
            if out.len().saturating_add(data.len()) > max {
                return Ok(None);
            }
            out.extend_from_slice(&data);
        }
    }
    Ok(Some(Bytes::from(out)))
}

pub(crate) fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Whose nonces and budget: a team and a device's signing key (a device id alone is
/// not bound to a key: anyone may register a team naming it).
pub(crate) type Caller = (TeamId, [u8; 32]);

/// Each caller's budget. The nonces seen live in the storage (they must outlive a
/// restart); the budgets need not, but instances sharing a database share them there.
pub(crate) struct Admission {
    budgets: Budgets<Caller>,
}

impl Admission {
    pub(crate) fn new(rate: RateLimit, shared: Option<Arc<dyn SharedLimits>>) -> Self {
        Admission {
            budgets: Budgets::new(rate, BudgetKind::Requests, shared),
        }
    }

    /// Lets a verified request of `caller` (its team and the signing key it verified
    /// with) through once: refuses a nonce the caller already used within the clock
    /// window, before a restart or after (401), then spends one request of the
    /// caller's budget (429 when it is used up). A replay spends nothing. Blocking.
    pub(crate) fn admit(
        &self,
        storage: &dyn HubStorage,
        caller: Caller,
        nonce: [u8; 16],
        time: i64,
    ) -> Result<()> {
        // A request is fresh while its time is within the window of the hub's clock;
        // a nonce signed before that can never be accepted again anyway.
        let forget_before = unix_now().min(time) - MAX_CLOCK_SKEW_SECS;
        if !storage.remember_nonce(caller.0, &caller.1, &nonce, time, forget_before)? {
            return Err(HubError::Unauthenticated(
                "this request was already received (replayed nonce)".into(),
            ));
        }
        self.budgets.spend(caller)
    }
}

/// What a budget is kept under in a shared database.
pub(crate) trait BudgetKey {
    /// The key's bytes, distinct for distinct keys of one kind.
    fn key_bytes(&self) -> Vec<u8>;
}

impl BudgetKey for Caller {
    fn key_bytes(&self) -> Vec<u8> {
        let mut bytes = self.0.as_bytes().to_vec();
        bytes.extend_from_slice(&self.1);
        bytes
    }
}

impl BudgetKey for std::net::IpAddr {
    fn key_bytes(&self) -> Vec<u8> {
        match self {
            std::net::IpAddr::V4(v4) => v4.octets().to_vec(),
            std::net::IpAddr::V6(v6) => v6.octets().to_vec(),
        }
    }
}

/// A token bucket per key (a caller, a peer address), all with one rate: in this
/// process's memory, or in the database several instances share.
pub(crate) struct Budgets<K> {
    rate: RateLimit,
    buckets: Mutex<HashMap<K, Bucket>>,
    shared: Option<(Arc<dyn SharedLimits>, BudgetKind)>,
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Keys whose budget is full are forgotten once this many are tracked.
const MAX_TRACKED_BUDGETS: usize = 10_000;

impl<K: Eq + Hash + BudgetKey> Budgets<K> {
    pub(crate) fn new(
        rate: RateLimit,
        kind: BudgetKind,
        shared: Option<Arc<dyn SharedLimits>>,
    ) -> Self {
        Budgets {
            rate,
            buckets: Mutex::new(HashMap::new()),
            shared: shared.map(|store| (store, kind)),
        }
    }

    /// Spends one request of `key`'s budget: 429 with the wait when it is used up.
    /// Blocking when the budgets are in the database.
    pub(crate) fn spend(&self, key: K) -> Result<()> {
        match &self.shared {
            Some((store, kind)) => match store.spend_budget(*kind, &key.key_bytes(), self.rate)? {
                None => Ok(()),
                Some(retry_after) => Err(HubError::RateLimited { retry_after }),
            },
            None => self.spend_here(key),
        }
    }

    fn spend_here(&self, key: K) -> Result<()> {
        let rate = self.rate.per_second.max(f64::MIN_POSITIVE);
        let burst = f64::from(self.rate.burst.max(1));
        let now = Instant::now();
        let mut budgets = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if budgets.len() >= MAX_TRACKED_BUDGETS {
            budgets.retain(|_, b| {
                b.tokens + now.duration_since(b.updated).as_secs_f64() * rate < burst
            });
        }
        let bucket = budgets.entry(key).or_insert(Bucket {
            tokens: burst,
            updated: now,
        });
        let elapsed = now.duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(burst);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait = (1.0 - bucket.tokens) / rate;
            Err(HubError::RateLimited {
                retry_after: Duration::from_secs_f64(wait.clamp(1.0, 86_400.0)),
            })
        }
    }
}
