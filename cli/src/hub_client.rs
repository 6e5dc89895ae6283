//! The CLI's transport to the office hub: HTTP/1.1 through `ureq`, one request, one
//! answer. What is said and in which order is the core's ([`senim_client::HubClient`]);
//! this file only moves the signed bytes.
//!
//! An `https://` hub is reached only with its certificate pinned ([`crate::pinned_tls`]);
//! plain `http://` only to a hub on this computer (loopback) or from a demo vault. A
//! changed certificate ends the request with [`CertificateChanged`], not an I/O error.
//!
//! Each call is logged (`tracing`): method, route template (the team id replaced by
//! `{team}`), status and duration, at debug level, or at info when the hub refused it
//! or could not be reached. Never a header (signatures, nonces), a body or the path as
//! sent.

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use senim_client::MAX_RESPONSE_BYTES;
use senim_client::{HubRequest, HubResponse, HubTransport, Method};
use senim_protocol::sync::hub_api::header;
use senim_protocol::team::HubPin;
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::{Connector, TcpConnector};

use crate::pinned_tls::PinnedTls;

/// Why a hub address is not used. Never echoes the address (it may hold credentials).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HubAddressError {
    /// Neither `http://` nor `https://`.
    #[error("the hub address must start with https:// (or http:// for a hub on this computer)")]
    Scheme,
    /// `https://` without the certificate's pin.
    #[error(
        "an https:// hub is reached only with its certificate pinned: pass the SHA-256 fingerprint `senim hub serve --tls` printed (--pin), or join with a welcome that carries it"
    )]
    MissingPin,
    /// Plain HTTP to another computer, from a vault that is not a demo.
    #[error(
        "plain http:// is allowed only to a hub on this computer (127.0.0.1, ::1, localhost) or from a demo vault: use the hub's https:// address and its certificate pin"
    )]
    PlainHttp,
    /// A pin given for a plain HTTP address, which has no certificate.
    #[error("a certificate pin is for an https:// hub address, not http://")]
    PinWithoutTls,
}

/// The hub showed a certificate other than the pinned one: someone on the path may be
/// playing the hub, or the hub's certificate was replaced. Nothing was sent.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error(
    "the hub's certificate changed: it is not the one this team pinned, so nothing was sent (someone on the network may be posing as the hub; if the hub really has a new certificate, the lead moves the team to it)"
)]
pub struct CertificateChanged;

pub struct UreqTransport {
    base: String,
    /// `base` as messages show it: without credentials.
    shown: String,
    agent: ureq::Agent,
    certificate_changed: Arc<AtomicBool>,
}

impl UreqTransport {
    /// A transport to a hub on this computer over plain HTTP (`http://127.0.0.1:…`), or
    /// to an `https://` hub with no pin (refused): see [`UreqTransport::connect`].
    pub fn new(base: &str) -> Result<Self, HubAddressError> {
        Self::connect(base, None, false)
    }

    /// A transport to the hub at `base`: `https://` with its certificate `pin`, or plain
    /// `http://` to a loopback address, or to any address when `demo` (a demo vault,
    /// which holds nothing real).
    pub fn connect(base: &str, pin: Option<HubPin>, demo: bool) -> Result<Self, HubAddressError> {
        let base = base.trim().trim_end_matches('/').to_string();
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build();
        let certificate_changed = Arc::new(AtomicBool::new(false));
        let agent = if base.starts_with("https://") {
            let pin = pin.ok_or(HubAddressError::MissingPin)?;
            let connector =
                ().chain(TcpConnector::default())
                    .chain(PinnedTls::new(pin, certificate_changed.clone()));
            ureq::Agent::with_parts(config, connector, DefaultResolver::default())
        } else if let Some(rest) = base.strip_prefix("http://") {
            if pin.is_some() {
                return Err(HubAddressError::PinWithoutTls);
            }
            if !demo && !is_loopback(rest) {
                return Err(HubAddressError::PlainHttp);
            }
            config.into()
        } else {
            return Err(HubAddressError::Scheme);
        };
        let shown = senim_client::redact_credentials(&base);
        Ok(UreqTransport {
            base,
            shown,
            agent,
            certificate_changed,
        })
    }

    /// Whether a request ended because the hub showed another certificate than the
    /// pinned one.
    pub fn certificate_changed(&self) -> bool {
        self.certificate_changed.load(Ordering::SeqCst)
    }

    /// `error`, or [`CertificateChanged`] in its place when that is why the request
    /// failed: for the commands to report the typed cause.
    pub fn explain(&self, error: senim_client::Error) -> anyhow::Error {
        if self.certificate_changed() {
            anyhow::Error::new(CertificateChanged)
        } else {
            anyhow::Error::new(error)
        }
    }
}

/// Whether the host of `rest` (an address after `http://`) is this computer.
fn is_loopback(rest: &str) -> bool {
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
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
        let unreachable = |e: ureq::Error| {
            if self.certificate_changed() {
                CertificateChanged.to_string()
            } else {
                senim_client::redact_credentials(&format!("{} ({e})", self.shown))
            }
        };
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
    fn plain_http_is_allowed_to_this_computer_only() {
        for local in [
            "http://127.0.0.1:7878",
            "http://127.8.0.1:7878/",
            "http://localhost:7878",
            "http://[::1]:7878",
        ] {
            assert!(UreqTransport::new(local).is_ok(), "{local}");
        }
        for remote in [
            "http://192.168.1.20:7878",
            "http://hub.example.org",
            "http://127.0.0.1.evil.example:80",
            "http://localhost.evil.example",
        ] {
            assert_eq!(
                UreqTransport::new(remote).err(),
                Some(HubAddressError::PlainHttp),
                "{remote}"
            );
        }
    }

    #[test]
    fn a_demo_vault_may_use_plain_http_to_another_computer() {
        assert!(UreqTransport::connect("http://192.168.1.20:7878", None, true).is_ok());
    }

    #[test]
    fn an_https_hub_needs_its_pin() {
        assert_eq!(
            UreqTransport::new("https://hub.example.org").err(),
            Some(HubAddressError::MissingPin)
        );
        let pin = HubPin::of_certificate(b"cert");
        assert!(UreqTransport::connect("https://hub.example.org", Some(pin), false).is_ok());
        assert_eq!(
            UreqTransport::connect("http://127.0.0.1:7878", Some(pin), false).err(),
            Some(HubAddressError::PinWithoutTls)
        );
        assert_eq!(
            UreqTransport::new("ftp://hub.example.org").err(),
            Some(HubAddressError::Scheme)
        );
    }

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
