//! What the hub counts for its operator, served at `GET /metrics` in the Prometheus
//! text format (`docs/hub.md`, "Metrics"): requests by method, route template and
//! status; their latency by route; refusals by their stable error code; envelopes and
//! envelope bytes stored; sync sessions started and ended; whether the database
//! answered its last health check.
//!
//! Owns the one rule that matters here: no label ever holds a team id, a device id, a
//! path as requested or anything a request carried. Labels are route templates
//! (`/v1/teams/{team}/sync`), HTTP methods and statuses, and the hub's own fixed codes.
//! Each instance counts what it served; a Prometheus server sums the instances.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabels {
    reason: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

/// How a sync session ended, for [`Metrics::session_ended`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SessionEnd {
    /// Both sides said Done.
    Done,
    /// Refused or failed (a protocol error, an own envelope rejected, storage).
    Failed,
}

pub(crate) struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    refusals: Family<ReasonLabels, Counter>,
    envelopes: Counter,
    envelope_bytes: Counter,
    sessions_started: Counter,
    sessions_ended: Family<OutcomeLabels, Counter>,
    database_up: Gauge,
}

fn latency_histogram() -> Histogram {
    // 1 ms to about 16 s, doubling.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

impl Metrics {
    pub(crate) fn new() -> Metrics {
        let mut registry = Registry::with_prefix("senim_hub");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "requests",
            "Requests served, by method, route template and status",
            requests.clone(),
        );
        let latency: Family<RouteLabels, Histogram, fn() -> Histogram> =
            Family::new_with_constructor(latency_histogram);
        registry.register(
            "request_duration_seconds",
            "Time to answer a request, by route template",
            latency.clone(),
        );
        let refusals = Family::<ReasonLabels, Counter>::default();
        registry.register(
            "refusals",
            "Requests refused or failed, by the error code of the answer",
            refusals.clone(),
        );
        let envelopes = Counter::default();
        registry.register(
            "envelopes_stored",
            "Envelopes stored by this instance",
            envelopes.clone(),
        );
        let envelope_bytes = Counter::default();
        registry.register(
            "envelope_bytes_stored",
            "Bytes of the envelopes stored by this instance",
            envelope_bytes.clone(),
        );
        let sessions_started = Counter::default();
        registry.register(
            "sync_sessions_started",
            "Sync sessions opened by a Hello on this instance",
            sessions_started.clone(),
        );
        let sessions_ended = Family::<OutcomeLabels, Counter>::default();
        registry.register(
            "sync_sessions_ended",
            "Sync sessions ended on this instance, by outcome (done, failed)",
            sessions_ended.clone(),
        );
        let database_up = Gauge::default();
        registry.register(
            "database_up",
            "1 when the storage answered the last health check, else 0",
            database_up.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            refusals,
            envelopes,
            envelope_bytes,
            sessions_started,
            sessions_ended,
            database_up,
        }
    }

    /// One request answered: `route` is its template ("-" when none matched), `refusal`
    /// the error code of a refused or failed one.
    pub(crate) fn request(
        &self,
        method: &str,
        route: &str,
        status: u16,
        seconds: f64,
        refusal: Option<&'static str>,
    ) {
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_owned(),
                route: route.to_owned(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                route: route.to_owned(),
            })
            .observe(seconds);
        if let Some(reason) = refusal {
            self.refusals.get_or_create(&ReasonLabels { reason }).inc();
        }
    }

    /// Envelopes stored by one sync message, and their bytes.
    pub(crate) fn stored(&self, envelopes: u64, bytes: u64) {
        self.envelopes.inc_by(envelopes);
        self.envelope_bytes.inc_by(bytes);
    }

    pub(crate) fn session_started(&self) {
        self.sessions_started.inc();
    }

    pub(crate) fn session_ended(&self, how: SessionEnd) {
        let outcome = match how {
            SessionEnd::Done => "done",
            SessionEnd::Failed => "failed",
        };
        self.sessions_ended
            .get_or_create(&OutcomeLabels { outcome })
            .inc();
    }

    pub(crate) fn database(&self, up: bool) {
        self.database_up.set(i64::from(up));
    }

    /// Everything counted, in the Prometheus text format.
    pub(crate) fn encode(&self) -> String {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}
