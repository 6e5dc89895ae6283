//! The CLI's transport to the office hub: plain HTTP/1.1 through `ureq`, one request,
//! one answer. What is said and in which order is the core's
//! ([`senim_client::HubClient`]); this file only moves the signed bytes.
//!
//! Each call is logged (`tracing`): method, route template (the team id replaced by
//! `{team}`), status and duration, at debug level, or at info when the hub refused it
//! or could not be reached. Never a header (signatures, nonces), a body or the path as
//! sent.

use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use senim_client::MAX_RESPONSE_BYTES;
use senim_client::{HubRequest, HubResponse, HubTransport, Method};
use senim_protocol::sync::hub_api::header;

pub struct UreqTransport {
    base: String,
    /// `base` as messages show it: without credentials.
    shown: String,
    agent: ureq::Agent,
}

impl UreqTransport {
    /// A transport to the hub at `base` (`http://host:port` or `https://…`).
    pub fn new(base: &str) -> Result<Self> {
        let base = base.trim().trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            bail!("the hub address must start with http:// or https://");
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let shown = senim_client::redact_credentials(&base);
        Ok(UreqTransport { base, shown, agent })
    }
}

impl HubTransport for UreqTransport {
    fn send(&mut self, request: &HubRequest) -> std::result::Result<HubResponse, String> {
        self.carry(request)
    }
}

impl UreqTransport {
    /// One request and its answer, as the hub sent it.
    pub fn carry(&self, request: &HubRequest) -> std::result::Result<HubResponse, String> {
        let started = Instant::now();
        let answer = self.exchange(request);
        let method = request.method.as_str();
        let route = route_template(&request.path);
        let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        match &answer {
            Ok(r) if r.status >= 400 => {
                let status = r.status;
                tracing::info!(method, route, status, duration_ms, "the hub refused")
            }
            Ok(r) => {
                let status = r.status;
                tracing::debug!(method, route, status, duration_ms, "hub call")
            }
            Err(_) => tracing::info!(method, route, duration_ms, "the hub was not reached"),
        }
        answer
    }

    fn exchange(&self, request: &HubRequest) -> std::result::Result<HubResponse, String> {
        let url = format!("{}{}", self.base, request.path);
        let unreachable =
            |e: ureq::Error| senim_client::redact_credentials(&format!("{} ({e})", self.shown));
        let mut response = match request.method {
            Method::Get => {
                let mut req = self.agent.get(&url);
                for (name, value) in &request.headers {
                    req = req.header(*name, value);
                }
                req.call().map_err(unreachable)?
            }
            Method::Post => {
                let mut req = self
                    .agent
                    .post(&url)
                    .header("content-type", "application/octet-stream");
                for (name, value) in &request.headers {
                    req = req.header(*name, value);
                }
                req.send(&request.body[..]).map_err(unreachable)?
            }
        };
        let flag = |name: &str| {
            response
                .headers()
                .get(name)
                .is_some_and(|v| v.as_bytes() == b"1")
        };
        let (last, more) = (flag(header::LAST), flag(header::MORE));
        let rejected = response
            .headers()
            .get(header::REJECTED)
            .and_then(|v| v.to_str().ok()?.parse().ok())
            .unwrap_or(0);
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BYTES as u64)
            .read_to_vec()
            .map_err(unreachable)?;
        Ok(HubResponse {
            status,
            last,
            more,
            rejected,
            body,
        })
    }
}

/// The hub's name for the route of `path`: the query dropped and the team id replaced
/// by `{team}` (`/v1/teams/{team}/membership`), as the hub's own log names it.
pub fn route_template(path: &str) -> String {
    let path = path.split('?').next().unwrap_or_default();
    let mut segments: Vec<&str> = path.split('/').collect();
    if segments.len() > 3 && segments[1] == "v1" && segments[2] == "teams" {
        segments[3] = "{team}";
    }
    segments.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_template_names_no_team_and_no_query() {
        let team = "d3m0a1b2c3d4e5f60718293a4b5c6d7e";
        assert_eq!(
            route_template(&format!("/v1/teams/{team}/membership?after=3")),
            "/v1/teams/{team}/membership"
        );
        assert_eq!(
            route_template(&format!("/v1/teams/{team}/sync")),
            "/v1/teams/{team}/sync"
        );
        assert_eq!(route_template("/v1/teams"), "/v1/teams");
        assert_eq!(route_template("/health"), "/health");
    }
}
