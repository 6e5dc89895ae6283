//! Request authentication and per-device limits: every `/v1` request carries the
//! device's Ed25519 signature over its method, path and query, time, a random nonce and
//! the body (`senim_protocol::sync::auth`); the hub checks it with the key the team's
//! membership list holds for that device.
//!
//! Owns reading bounded bodies, the clock window, the nonces seen within it (a request
//! is accepted once) and each device's request budget (a token bucket). A device's
//! budget is only spent by requests that carry its valid signature and a fresh nonce,
//! so nobody else can use it up. It holds public keys only and logs nothing.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes, HttpBody};
use axum::http::{HeaderMap, Method, Uri, header};
use senim_protocol::sync::auth::MAX_CLOCK_SKEW_SECS;
use senim_protocol::sync::hub_api::RequestAuth;
use senim_protocol::team::{DeviceId, DevicePublic};

use crate::{HubError, RateLimit, Result};

/// A request whose headers were read and whose body was read within its bound. Not yet
/// verified: see [`SignedRequest::verify`].
pub(crate) struct SignedRequest {
    pub auth: RequestAuth,
    method: Method,
    path_and_query: String,
    pub body: Bytes,
}

impl SignedRequest {
    /// Reads the authentication headers, checks the time window, then reads the body,
    /// refusing more than `max_body` bytes.
    pub(crate) async fn read(
        method: Method,
        uri: &Uri,
        headers: &HeaderMap,
        body: Body,
        max_body: usize,
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
        let declared = headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > max_body as u64) {
            return Err(HubError::TooLarge { limit: max_body });
        }
        let body = read_body(body, max_body).await?;
        let path_and_query = uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| uri.path().to_owned());
        Ok(SignedRequest {
            auth,
            method,
            path_and_query,
            body,
        })
    }

    /// The requesting device, as its headers claim (unverified until `verify`).
    pub(crate) fn device(&self) -> DeviceId {
        self.auth.device
    }

    /// Checks the signature with `public`, the device's key from the team's lists.
    pub(crate) fn verify(&self, public: &DevicePublic) -> Result<()> {
        let input = self
            .auth
            .signing_input(self.method.as_str(), &self.path_and_query, &self.body);
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
}

/// Reads at most `max` bytes of `body`, whatever its headers said.
async fn read_body(mut body: Body, max: usize) -> Result<Bytes> {
    let mut out = Vec::new();
    loop {
        let frame = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await;
        let Some(frame) = frame else { break };
        let frame =
            frame.map_err(|_| HubError::BadRequest("the request body could not be read".into()))?;
        if let Ok(data) = frame.into_data() {
            if out.len().saturating_add(data.len()) > max {
                return Err(HubError::TooLarge { limit: max });
            }
            out.extend_from_slice(&data);
        }
    }
    Ok(Bytes::from(out))
}

pub(crate) fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The nonces each device used within the clock window, and each device's budget.
pub(crate) struct Admission {
    rate: RateLimit,
    nonces: Mutex<HashMap<DeviceId, SeenNonces>>,
    budgets: Mutex<HashMap<DeviceId, Bucket>>,
}

#[derive(Default)]
struct SeenNonces {
    /// Nonce → the request time it came with.
    seen: HashMap<[u8; 16], i64>,
    next_prune: i64,
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// Devices whose budget is full are forgotten once this many are tracked.
const MAX_TRACKED_BUDGETS: usize = 10_000;

impl Admission {
    pub(crate) fn new(rate: RateLimit) -> Self {
        Admission {
            rate,
            nonces: Mutex::new(HashMap::new()),
            budgets: Mutex::new(HashMap::new()),
        }
    }

    /// Lets a verified request through once: refuses a nonce this device already used
    /// within the clock window (401), then spends one request of the device's budget
    /// (429 when it is used up).
    pub(crate) fn admit(&self, request: &SignedRequest) -> Result<()> {
        let device = request.device();
        let nonce = request.auth.nonce;
        let replayed = || {
            HubError::Unauthenticated("this request was already received (replayed nonce)".into())
        };
        if self
            .lock_nonces()
            .get(&device)
            .is_some_and(|s| s.seen.contains_key(&nonce))
        {
            return Err(replayed());
        }
        self.spend(device)?;
        let now = unix_now();
        let mut nonces = self.lock_nonces();
        let seen = nonces.entry(device).or_default();
        if now >= seen.next_prune {
            // A request is fresh while its time is within the window of the hub's
            // clock; a nonce older than that can never be accepted again anyway.
            seen.seen
                .retain(|_, &mut time| time >= now - MAX_CLOCK_SKEW_SECS);
            seen.next_prune = now + 10;
        }
        if seen.seen.insert(nonce, request.auth.time).is_some() {
            return Err(replayed());
        }
        Ok(())
    }

    fn spend(&self, device: DeviceId) -> Result<()> {
        let rate = self.rate.per_second.max(f64::MIN_POSITIVE);
        let burst = f64::from(self.rate.burst.max(1));
        let now = Instant::now();
        let mut budgets = self
            .budgets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if budgets.len() >= MAX_TRACKED_BUDGETS {
            budgets.retain(|_, b| {
                b.tokens + now.duration_since(b.updated).as_secs_f64() * rate < burst
            });
        }
        let bucket = budgets.entry(device).or_insert(Bucket {
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

    fn lock_nonces(&self) -> std::sync::MutexGuard<'_, HashMap<DeviceId, SeenNonces>> {
        self.nonces
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
