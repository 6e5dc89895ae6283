//! Sync through the app's own HTTP stack: the app implements [`SyncTransport`] (OkHttp
//! on Android, URLSession on iOS, java.net.http in the JVM tests) and the core's hub
//! client decides what to send. Nothing here opens a socket.

use std::sync::Arc;

use chrono::Utc;
use senim_client::{HubClient, HubRequest, HubResponse, HubTransport, Method, VaultAccess};
use senim_protocol::sync::hub_api;

use crate::error::{Result, SenimError};
use crate::vault::SenimVault;
use crate::work::{lock, with_hub};

/// One header of a request or an answer.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct HttpHeader {
    pub name: String,
    pub value: String,
}

/// A request to the hub, signed: send it as it is.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct HttpCall {
    /// `GET` or `POST`.
    pub method: String,
    /// The full URL: the hub's address and the path.
    pub url: String,
    /// The headers to send (a POST also gets `content-type: application/octet-stream`).
    pub headers: Vec<HttpHeader>,
    pub body: Vec<u8>,
}

/// The hub's answer: the status, the headers (any case) and the body.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct HttpAnswer {
    pub status: u16,
    pub headers: Vec<HttpHeader>,
    pub body: Vec<u8>,
}

/// Implemented by the app: carry one request, bring back its answer. Throw (any
/// exception) when the request did not complete; do not retry on your own.
#[uniffi::export(foreign)]
pub trait SyncTransport: Send + Sync {
    fn send(&self, call: HttpCall) -> std::result::Result<HttpAnswer, SenimError>;
}

/// The app's transport as the core's, towards the hub at `base`.
pub(crate) struct Bridge {
    pub base: String,
    pub transport: Arc<dyn SyncTransport>,
}

impl HubTransport for Bridge {
    fn send(&mut self, request: &HubRequest) -> std::result::Result<HubResponse, String> {
        let call = HttpCall {
            method: request.method.as_str().to_string(),
            url: format!("{}{}", self.base.trim_end_matches('/'), request.path),
            headers: request
                .headers
                .iter()
                .map(|(n, v)| HttpHeader {
                    name: n.to_string(),
                    value: v.clone(),
                })
                .chain((request.method == Method::Post).then(|| HttpHeader {
                    name: "content-type".into(),
                    value: "application/octet-stream".into(),
                }))
                .collect(),
            body: request.body.clone(),
        };
        let answer = self.transport.send(call).map_err(SenimError::into_reason)?;
        let header = |name: &str| {
            answer
                .headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case(name))
                .map(|h| h.value.trim().to_string())
        };
        Ok(HubResponse {
            status: answer.status,
            last: header(hub_api::header::LAST).as_deref() == Some("1"),
            more: header(hub_api::header::MORE).as_deref() == Some("1"),
            rejected: header(hub_api::header::REJECTED)
                .and_then(|v| v.parse().ok())
                .unwrap_or(0),
            body: answer.body,
        })
    }
}

/// Where an envelope sits: the device that wrote it (its id, hexadecimal) and its
/// place in that device's log. Never content.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SyncPlace {
    pub device: String,
    pub seq: u64,
}

/// What one sync did.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SyncSummary {
    pub membership_version: u64,
    pub sealed_records: u64,
    pub sent: u64,
    pub received: u64,
    pub merged_records: u64,
    pub duplicates: u64,
    pub rejected: u64,
    /// Reasons of the first rejections (device and sequence, never content), in
    /// English for logs and support: the apps show [`SyncSummary::rejected_places`].
    pub rejections: Vec<String>,
    /// Where the first rejected envelopes sit, one for each of `rejections`: what the
    /// apps list in the worker's language (`app-sync-place`).
    pub rejected_places: Vec<SyncPlace>,
    pub waiting: u64,
    /// The number of the last team order (policy, purge) applied.
    pub orders: u64,
    /// Records the team's orders removed from this vault in this sync (an erasure
    /// request, retention).
    pub purged_records: u64,
    /// Envelopes held in quarantine after this sync: authentic, but their content
    /// could not be applied, so they were kept unapplied and the sync went on. A lead
    /// revokes the member who sent them and purges them.
    pub quarantined: u64,
    /// The quarantined places, "device D seq N: reason" (never content).
    pub quarantined_places: Vec<String>,
    /// Whole days left, after this sync, before this device wipes itself for want of a
    /// sync (the team's policy; 0 on the last day); `None` when no such wipe applies
    /// (no policy, or a lead's device). The apps warn from three days before, as
    /// `senim` does at every unlock.
    #[uniffi(default = None)]
    pub idle_wipe_days_left: Option<u32>,
}

pub(crate) fn hub_of(vault: &senim_vault::Vault) -> Result<String> {
    Ok(vault
        .team()?
        .ok_or_else(|| {
            SenimError::from(senim_vault::Error::membership(
                "this vault has not joined a team",
            ))
        })?
        .hub)
}

#[uniffi::export]
impl SenimVault {
    /// Syncs with the team's hub through `transport`: newer membership lists, this
    /// device's changes out, everyone else's in. A cut connection loses nothing; call
    /// it again. The vault is held only while the sync seals or applies, never while
    /// the hub answers: the app can go on using it meanwhile. [`SenimVault::interrupt`]
    /// stops a sync between two steps.
    pub async fn sync(&self, transport: Arc<dyn SyncTransport>) -> Result<SyncSummary> {
        with_hub(&self.vault, move |shared| {
            let mut bridge = Bridge {
                base: shared.with(hub_of)?,
                transport,
            };
            let r = HubClient::new(shared, &mut bridge).sync()?;
            Ok(SyncSummary {
                membership_version: r.membership_version,
                sealed_records: r.sealed_records as u64,
                sent: r.sent,
                received: r.received,
                merged_records: r.merged_records as u64,
                duplicates: r.duplicates,
                rejected: r.rejected,
                rejections: r.rejections,
                rejected_places: r
                    .rejected_places
                    .iter()
                    .map(|p| SyncPlace {
                        device: p.device.to_string(),
                        seq: p.seq,
                    })
                    .collect(),
                waiting: r.waiting as u64,
                orders: r.orders,
                purged_records: r.purged_records as u64,
                quarantined: r.quarantined.len() as u64,
                quarantined_places: r.quarantined.iter().map(ToString::to_string).collect(),
                idle_wipe_days_left: shared.with(|v| v.idle_wipe_days_left(Utc::now()))?,
            })
        })
        .await
    }

    /// Whole days left before this device wipes itself for want of a sync (the team's
    /// policy, counted from the last sync; 0 on the last day); `None` when no such wipe
    /// applies (no policy, a lead's device, no team). Known without the passcode, as
    /// the wipe itself is, so the app can show it even while syncs fail.
    pub fn idle_wipe_days_left(&self) -> Result<Option<u32>> {
        Ok(lock(&self.vault).idle_wipe_days_left(Utc::now())?)
    }
}
