//! The CLI's client of the office hub: signed HTTP requests (plain HTTP/1.1 through
//! `ureq`), team registration, membership updates and the sync loop.
//!
//! Owns the transport only. What is sent is built and checked by the core: envelopes
//! are encrypted and signed there, and every request is signed with the device key the
//! vault holds. Hub error bodies are fixed codes and reasons, never record content.

use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use chrono::Utc;
use senim_core::sync::auth::header;
use senim_core::sync::hub_api::{self, MembershipPost, MembershipUpdate, TeamRegistration};
use senim_core::sync::{Stats, Step, SyncSession};
use senim_core::team::{Membership, SealedKey, TeamId};
use senim_core::{Vault, crypto};

/// Largest page of envelopes asked of or sent to the hub in one message.
const PAGE_BYTES: usize = 1024 * 1024;

/// Most messages one sync may take before it is abandoned as looping.
const MAX_MESSAGES: usize = 100_000;

pub struct HubClient<'v> {
    base: String,
    vault: &'v Vault,
    agent: ureq::Agent,
}

struct Reply {
    status: u16,
    body: Vec<u8>,
    last: bool,
    more: bool,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl<'v> HubClient<'v> {
    pub fn new(base: &str, vault: &'v Vault) -> Result<Self> {
        let base = base.trim().trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            bail!("the hub address must start with http:// or https://");
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        Ok(HubClient { base, vault, agent })
    }

    fn send(&self, method: &str, path: &str, body: &[u8], session: Option<&str>) -> Result<Reply> {
        let time = Utc::now().timestamp();
        let nonce: [u8; 16] = crypto::random_array()?;
        let signature = self
            .vault
            .sign_hub_request(method, path, time, &nonce, body)?;
        let device = self.vault.device_id();
        let url = format!("{}{}", self.base, path);
        let unreachable = || format!("cannot reach the hub at {}", self.base);
        let response = match method {
            "GET" => {
                let mut req = self
                    .agent
                    .get(&url)
                    .header(header::DEVICE, &device)
                    .header(header::TIME, time.to_string())
                    .header(header::NONCE, hex(&nonce))
                    .header(header::SIGNATURE, hex(&signature));
                if let Some(s) = session {
                    req = req.header(hub_api::header::SESSION, s);
                }
                req.call().with_context(unreachable)?
            }
            _ => {
                let mut req = self
                    .agent
                    .post(&url)
                    .header(header::DEVICE, &device)
                    .header(header::TIME, time.to_string())
                    .header(header::NONCE, hex(&nonce))
                    .header(header::SIGNATURE, hex(&signature))
                    .header("content-type", "application/octet-stream");
                if let Some(s) = session {
                    req = req.header(hub_api::header::SESSION, s);
                }
                req.send(body).with_context(unreachable)?
            }
        };
        let status = response.status().as_u16();
        let flag = |name: &str| {
            response
                .headers()
                .get(name)
                .is_some_and(|v| v.as_bytes() == b"1")
        };
        let (last, more) = (flag(hub_api::header::LAST), flag(hub_api::header::MORE));
        let mut response = response;
        let body = response
            .body_mut()
            .with_config()
            .limit(16 * 1024 * 1024)
            .read_to_vec()
            .with_context(unreachable)?;
        Ok(Reply {
            status,
            body,
            last,
            more,
        })
    }

    /// Turns a hub error reply into a readable error.
    fn refused(reply: &Reply) -> anyhow::Error {
        let detail = serde_json::from_slice::<serde_json::Value>(&reply.body)
            .ok()
            .map(|v| {
                format!(
                    "{}: {}",
                    v["error"].as_str().unwrap_or("error"),
                    v["reason"].as_str().unwrap_or("")
                )
            })
            .unwrap_or_else(|| "no details".into());
        anyhow!(
            "the hub refused the request (HTTP {}, {})",
            reply.status,
            crate::output::one_line(&crate::output::truncate(&detail, 300))
        )
    }

    /// Registers a new team from its first membership list.
    pub fn register_team(&self, list: Vec<u8>) -> Result<()> {
        let body = TeamRegistration { list }.to_bytes();
        let reply = self.send("POST", hub_api::path::TEAMS, &body, None)?;
        if reply.status / 100 != 2 {
            return Err(Self::refused(&reply));
        }
        Ok(())
    }

    /// Posts a new membership list (and, after a revocation, the new epoch key sealed
    /// to every remaining member).
    pub fn post_membership(&self, team: TeamId, list: Vec<u8>, keys: Vec<SealedKey>) -> Result<()> {
        let body = MembershipPost { list, keys }.to_bytes();
        let reply = self.send("POST", &hub_api::path::membership(team), &body, None)?;
        if reply.status / 100 != 2 {
            return Err(Self::refused(&reply));
        }
        Ok(())
    }

    /// The membership lists newer than `after` (every page of them), and the keys
    /// sealed to this device.
    pub fn membership_since(&self, team: TeamId, after: u64) -> Result<MembershipUpdate> {
        let mut all = MembershipUpdate {
            lists: Vec::new(),
            keys: Vec::new(),
        };
        let mut after = after;
        loop {
            let reply = self.send(
                "GET",
                &hub_api::path::membership_after(team, after),
                &[],
                None,
            )?;
            if reply.status / 100 != 2 {
                return Err(Self::refused(&reply));
            }
            let page = MembershipUpdate::from_bytes(&reply.body)
                .map_err(|_| anyhow!("the hub sent a damaged membership update"))?;
            let last_version = page
                .lists
                .last()
                .and_then(|l| Membership::from_bytes(l).ok())
                .map(|m| m.version());
            all.lists.extend(page.lists);
            all.keys.extend(page.keys);
            match (reply.more, last_version) {
                (true, Some(v)) if v > after => after = v,
                _ => return Ok(all),
            }
        }
    }

    /// One sync session with the hub: exchange version vectors, then the envelopes
    /// each side lacks. A cut connection loses nothing; run it again.
    pub fn sync(&self, team: TeamId) -> Result<Stats> {
        let session_id = hex(&crypto::random_array::<16>()?);
        let path = hub_api::path::sync(team);
        let mut store = self.vault.sync_store()?;
        let mut session = SyncSession::new(PAGE_BYTES);
        let mut message = session.start(&store)?;
        for _ in 0..MAX_MESSAGES {
            let reply = self.send("POST", &path, &message, Some(&session_id))?;
            match reply.status {
                204 => return Ok(session.stats().clone()),
                200 => {}
                _ => return Err(Self::refused(&reply)),
            }
            match session.receive(&mut store, &reply.body)? {
                Step::Reply(bytes) => message = bytes,
                Step::Last(bytes, stats) => {
                    let end = self.send("POST", &path, &bytes, Some(&session_id))?;
                    if end.status / 100 != 2 {
                        return Err(Self::refused(&end));
                    }
                    return Ok(stats);
                }
                Step::Done(stats) => {
                    if !reply.last {
                        bail!("the hub ended the sync out of turn");
                    }
                    return Ok(stats);
                }
            }
        }
        bail!("the sync did not finish after {MAX_MESSAGES} messages")
    }
}
