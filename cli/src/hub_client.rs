//! The CLI's transport to the office hub: plain HTTP/1.1 through `ureq`, one request,
//! one answer. What is said and in which order is the core's
//! ([`senim_client::HubClient`]); this file only moves the signed bytes.

use std::time::Duration;

use anyhow::{Result, bail};
use senim_client::MAX_RESPONSE_BYTES;
use senim_client::{HubRequest, HubResponse, HubTransport, Method};
use senim_protocol::sync::hub_api::header;

pub struct UreqTransport {
    base: String,
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
        Ok(UreqTransport { base, agent })
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
        let url = format!("{}{}", self.base, request.path);
        let unreachable = |e: ureq::Error| format!("{} ({e})", self.base);
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
