//! The HTTP transport the scenarios give the core's hub client: the CLI's own (`ureq`
//! over loopback), plus a record of every byte it carried (for canary scans) and a
//! [`Fault`] hook that may alter or drop a request before it leaves or an answer after
//! it came back.

use std::sync::{Arc, Mutex};

use senim_cli::hub_client::UreqTransport;
use senim_client::{HubRequest, HubResponse, HubTransport};

/// Every request (method, path, headers, body) and answer body a transport carried,
/// shared between transports and the test.
#[derive(Clone, Default)]
pub struct Capture(Arc<Mutex<Vec<Vec<u8>>>>);

impl Capture {
    pub fn new() -> Capture {
        Capture::default()
    }

    fn push(&self, bytes: Vec<u8>) {
        self.0.lock().expect("capture lock").push(bytes);
    }

    /// Everything captured so far, one entry per request or answer.
    pub fn all(&self) -> Vec<Vec<u8>> {
        self.0.lock().expect("capture lock").clone()
    }

    /// Total bytes captured.
    pub fn bytes(&self) -> usize {
        self.0
            .lock()
            .expect("capture lock")
            .iter()
            .map(Vec::len)
            .sum()
    }
}

/// Alters traffic on its way. `Err(reason)` from `request` drops the request before it
/// is sent; from `response`, drops the answer after the hub handled the request (the
/// client sees a cut connection either way).
pub trait Fault {
    fn request(&mut self, _request: &mut HubRequest) -> Result<(), String> {
        Ok(())
    }
    fn response(
        &mut self,
        _request: &HubRequest,
        _response: &mut HubResponse,
    ) -> Result<(), String> {
        Ok(())
    }
}

pub struct HttpTransport<'f> {
    inner: UreqTransport,
    capture: Option<Capture>,
    fault: Option<Box<dyn Fault + 'f>>,
    /// Requests sent (reaching the network).
    pub sent: u64,
}

impl<'f> HttpTransport<'f> {
    /// A transport to `base` (`http://127.0.0.1:PORT`): the CLI's own.
    pub fn new(base: &str) -> HttpTransport<'f> {
        HttpTransport {
            inner: UreqTransport::new(base).expect("an http:// address"),
            capture: None,
            fault: None,
            sent: 0,
        }
    }

    pub fn with_capture(mut self, capture: &Capture) -> HttpTransport<'f> {
        self.capture = Some(capture.clone());
        self
    }

    pub fn with_fault(mut self, fault: impl Fault + 'f) -> HttpTransport<'f> {
        self.fault = Some(Box::new(fault));
        self
    }

    pub fn set_fault(&mut self, fault: Option<Box<dyn Fault + 'f>>) {
        self.fault = fault;
    }
}

impl HubTransport for HttpTransport<'_> {
    fn send(&mut self, request: &HubRequest) -> Result<HubResponse, String> {
        let mut request = request.clone();
        if let Some(fault) = self.fault.as_mut() {
            fault.request(&mut request)?;
        }
        if let Some(capture) = &self.capture {
            let mut bytes = format!("{} {}\n", request.method.as_str(), request.path).into_bytes();
            for (name, value) in &request.headers {
                bytes.extend_from_slice(format!("{name}: {value}\n").as_bytes());
            }
            bytes.extend_from_slice(&request.body);
            capture.push(bytes);
        }
        self.sent += 1;
        let mut response = self.inner.carry(&request)?;
        if let Some(capture) = &self.capture {
            capture.push(response.body.clone());
        }
        if let Some(fault) = self.fault.as_mut() {
            fault.response(&request, &mut response)?;
        }
        Ok(response)
    }
}

/// Signs `request` again as `vault`'s device after a test changed its body: what a team
/// member relaying altered envelopes would send (a network attacker cannot).
pub fn resign(vault: &senim_vault::Vault, request: &mut HubRequest) {
    use senim_protocol::sync::auth::{BodyDigest, header as auth};
    use senim_protocol::sync::hub_api::RequestAuth;
    let time = chrono::Utc::now().timestamp();
    let nonce: [u8; 16] = senim_crypto::random_array().expect("nonce");
    // The team it names already, else the one its path names, else the one whose
    // first list it registers, else the vault's.
    let team = request
        .headers
        .iter()
        .find(|(name, _)| *name == auth::TEAM)
        .and_then(|(_, value)| value.parse().ok())
        .or_else(|| {
            request
                .path
                .strip_prefix("/v1/teams/")
                .and_then(|rest| rest.split(['/', '?']).next())
                .and_then(senim_protocol::sync::hub_api::parse_team)
        })
        .or_else(|| {
            let registration =
                senim_protocol::sync::hub_api::TeamRegistration::from_bytes(&request.body).ok()?;
            let list = senim_protocol::team::Membership::from_bytes(&registration.list).ok()?;
            Some(list.team())
        })
        .unwrap_or_else(|| {
            vault
                .team()
                .expect("team")
                .expect("the vault is in a team")
                .team
        });
    let body = BodyDigest::of(&request.body);
    let signature = vault
        .sign_hub_request(
            team,
            request.method.as_str(),
            &request.path,
            time,
            &nonce,
            &body,
        )
        .expect("sign");
    let device = vault.device_public().expect("device keys").device;
    let signed = RequestAuth {
        device,
        team,
        time,
        nonce,
        body,
        signature,
    }
    .headers();
    request
        .headers
        .retain(|(name, _)| !signed.iter().any(|(n, _)| n == name));
    request.headers.extend(signed);
}

/// Applies `change` to the envelopes of a sync message, if it is a page of envelopes;
/// returns the message encoded again, or `None` when it carries no envelope.
pub fn map_envelopes(
    body: &[u8],
    change: impl FnOnce(&mut Vec<senim_protocol::sync::Envelope>),
) -> Option<Vec<u8>> {
    use senim_protocol::sync::{Message, decode, encode};
    match decode(body).ok()? {
        Message::Envelopes {
            mut envelopes,
            done,
        } if !envelopes.is_empty() => {
            change(&mut envelopes);
            Some(encode(&Message::Envelopes { envelopes, done }))
        }
        _ => None,
    }
}
