//! A metering transport: the harness's HTTP transport, timing and sizing every request
//! it carries, the bytes of a set of requests by what they carried, and one timed sync.

use std::time::Instant;

use serde_json::{Value as Json, json};

use crate::measure::{ms, round1};
use senim_client::{HubRequest, HubResponse, HubTransport, Method, SyncReport};
use senim_tests::{Device, HttpTransport};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Route {
    /// `GET /v1/teams/{team}/membership?after=V`
    MembershipGet,
    /// `POST /v1/teams/{team}/membership` (a lead's approval)
    MembershipPost,
    /// `POST /v1/teams/{team}/sync`: one sync protocol message each way
    Sync,
    Other,
}

impl Route {
    fn of(request: &HubRequest) -> Route {
        let path = request.path.split('?').next().unwrap_or("");
        match (request.method, path) {
            (Method::Post, p) if p.ends_with("/sync") => Route::Sync,
            (Method::Get, p) if p.ends_with("/membership") => Route::MembershipGet,
            (Method::Post, p) if p.ends_with("/membership") => Route::MembershipPost,
            _ => Route::Other,
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Route::MembershipGet => "membership_get",
            Route::MembershipPost => "membership_post",
            Route::Sync => "sync_post",
            Route::Other => "other",
        }
    }
}

/// One request and its answer, as the transport saw them.
#[derive(Clone, Debug)]
pub(crate) struct Exchange {
    pub(crate) route: Route,
    /// `None`: the request did not complete (connection refused, cut, timeout).
    pub(crate) status: Option<u16>,
    pub(crate) request_body: usize,
    /// The signed headers the client adds (`x-senim-*`), as `name: value\r\n`. The
    /// request line and the standard headers ureq adds are not counted.
    pub(crate) auth_headers: usize,
    pub(crate) answer_body: usize,
    pub(crate) ms: f64,
}

/// The harness's HTTP transport (keep-alive `ureq` agent), timing and sizing every
/// request it carries.
pub(crate) struct Metered {
    inner: HttpTransport<'static>,
    log: Vec<Exchange>,
}

impl Metered {
    pub(crate) fn new(url: &str) -> Metered {
        Metered {
            inner: HttpTransport::new(url),
            log: Vec::new(),
        }
    }

    pub(crate) fn take(&mut self) -> Vec<Exchange> {
        std::mem::take(&mut self.log)
    }
}

impl HubTransport for Metered {
    fn send(&mut self, request: &HubRequest) -> Result<HubResponse, String> {
        let route = Route::of(request);
        let auth_headers = request
            .headers
            .iter()
            .map(|(n, v)| n.len() + v.len() + 4)
            .sum();
        let start = Instant::now();
        let result = self.inner.send(request);
        let elapsed = ms(start.elapsed());
        self.log.push(Exchange {
            route,
            status: result.as_ref().ok().map(|r| r.status),
            request_body: request.body.len(),
            auth_headers,
            answer_body: result.as_ref().map_or(0, |r| r.body.len()),
            ms: elapsed,
        });
        result
    }
}

/// Bytes of a set of exchanges, by what they carried.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Wire {
    pub(crate) sync_requests: usize,
    pub(crate) sync_request_bytes: usize,
    pub(crate) sync_answer_bytes: usize,
    pub(crate) membership_requests: usize,
    pub(crate) membership_bytes: usize,
    pub(crate) auth_header_bytes: usize,
    pub(crate) http_ms: f64,
}

impl Wire {
    pub(crate) fn of(exchanges: &[Exchange]) -> Wire {
        let mut w = Wire::default();
        for e in exchanges {
            w.auth_header_bytes += e.auth_headers;
            w.http_ms += e.ms;
            match e.route {
                Route::Sync => {
                    w.sync_requests += 1;
                    w.sync_request_bytes += e.request_body;
                    w.sync_answer_bytes += e.answer_body;
                }
                _ => {
                    w.membership_requests += 1;
                    w.membership_bytes += e.request_body + e.answer_body;
                }
            }
        }
        w
    }

    pub(crate) fn sync_bytes(&self) -> usize {
        self.sync_request_bytes + self.sync_answer_bytes
    }

    pub(crate) fn add(&mut self, o: &Wire) {
        self.sync_requests += o.sync_requests;
        self.sync_request_bytes += o.sync_request_bytes;
        self.sync_answer_bytes += o.sync_answer_bytes;
        self.membership_requests += o.membership_requests;
        self.membership_bytes += o.membership_bytes;
        self.auth_header_bytes += o.auth_header_bytes;
        self.http_ms += o.http_ms;
    }

    pub(crate) fn json(&self, per: usize) -> Json {
        let per = per.max(1) as f64;
        json!({
            "sync_requests": self.sync_requests,
            "sync_request_body_bytes": self.sync_request_bytes,
            "sync_answer_body_bytes": self.sync_answer_bytes,
            "sync_body_bytes_per_record": round1(self.sync_bytes() as f64 / per),
            "membership_get_requests": self.membership_requests,
            "membership_bytes": self.membership_bytes,
            "auth_header_bytes": self.auth_header_bytes,
        })
    }
}

/// One full sync (`senim sync`) through `transport`: its report, how long it took and
/// the requests it made.
pub(crate) fn timed_sync(
    device: &Device,
    transport: &mut Metered,
) -> senim_client::Result<(SyncReport, f64, Vec<Exchange>)> {
    transport.take();
    let start = Instant::now();
    let report = device.sync_with(transport);
    let elapsed = ms(start.elapsed());
    let exchanges = transport.take();
    report.map(|r| (r, elapsed, exchanges))
}
