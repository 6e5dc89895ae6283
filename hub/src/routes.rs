//! The HTTP routes (`docs/hub.md`): health, team registration, membership lists and
//! sealed keys, team orders (policy and purge), and sync messages.
//!
//! Owns the order of checks on every request: read the signature headers (the signed
//! body length within the route's bound), find the device's key in the team's lists,
//! verify, refuse replays and spend the caller's budget, check the role, and only then
//! read the body (exactly its signed length, its signed hash) and act. Storage calls run on blocking
//! threads. It never logs a body, a header or a path as requested: a request is logged
//! by its route template, and team and device ids only at debug level.

use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, MatchedPath, Path, Request, State};
use axum::http::{Extensions, HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use senim_protocol::sync::hub_api::{
    self, Health, MAX_MEMBERSHIP_BODY_BYTES, MAX_ORDERS_PAGE_BYTES, MembershipPost,
    MembershipUpdate, OrdersPage, TeamRegistration, path,
};
use senim_protocol::sync::{MAX_MESSAGE_BYTES, Message, Stats, Step};
use senim_protocol::team::{
    DeviceId, DevicePublic, MAX_ORDER_BYTES, Membership, OrderBody, Role, TeamId, TeamOrder,
};

use crate::auth::SignedRequest;
use crate::error::{ErrorCode, json_response};
use crate::metrics::SessionEnd;
use crate::roster::{Roster, Standing};
use crate::storage::{ListAppend, OrderAppend};
use crate::store::TeamStore;
use crate::{Hub, HubError, RequestLog, Result};

/// Largest sealed key blob the hub stores (a sealed 32-byte key is 61 bytes).
const MAX_SEALED_KEY_BYTES: usize = 256;

/// The hub's routes over `hub`. Unknown routes and methods answer with the JSON error.
pub fn router(hub: Arc<Hub>) -> Router {
    let routes = Router::new()
        .route(path::HEALTH, get(health))
        .route("/metrics", get(metrics))
        .route(path::TEAMS, post(register_team))
        .route(
            "/v1/teams/{team}/membership",
            get(get_membership).post(post_membership),
        )
        .route("/v1/teams/{team}/orders", get(get_orders).post(post_order))
        .route("/v1/teams/{team}/sync", post(sync))
        .route_layer(middleware::from_fn(tag_route))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed);
    routes
        .layer(middleware::from_fn_with_state(hub.clone(), log_request))
        .with_state(hub)
}

/// The route template a request matched, carried on its response for the log.
#[derive(Clone)]
struct RouteTemplate(Arc<str>);

async fn tag_route(matched: Option<MatchedPath>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if let Some(m) = matched {
        response
            .extensions_mut()
            .insert(RouteTemplate(Arc::from(m.as_str())));
    }
    response
}

/// Logs one request: at debug level when it is served, at info when it is refused
/// (with the error's stable code), at error when the hub failed. Method, route template,
/// status and duration only.
async fn log_request(State(hub): State<Arc<Hub>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().as_str().to_owned();
    let response = next.run(request).await;
    let duration = started.elapsed();
    let route = response
        .extensions()
        .get::<RouteTemplate>()
        .map(|r| r.0.to_string())
        .unwrap_or_else(|| "-".into());
    let status = response.status().as_u16();
    hub.metrics.request(
        &method,
        &route,
        status,
        duration.as_secs_f64(),
        response.extensions().get::<ErrorCode>().map(|c| c.0),
    );
    let duration_ms = u64::try_from(duration.as_millis()).unwrap_or(u64::MAX);
    match response.extensions().get::<ErrorCode>() {
        None => tracing::debug!(method, route, status, duration_ms, "request"),
        Some(ErrorCode(code)) if *code == hub_api::code::INTERNAL => {
            tracing::error!(method, route, status, code, duration_ms, "request failed")
        }
        Some(ErrorCode(code)) => {
            tracing::info!(method, route, status, code, duration_ms, "request refused")
        }
    }
    if let Some(log) = &hub.log {
        log(&RequestLog {
            method,
            route,
            status,
            duration,
        });
    }
    response
}

async fn not_found() -> HubError {
    HubError::NotFound("no such route".into())
}

async fn method_not_allowed() -> HubError {
    HubError::MethodNotAllowed
}

/// Runs a storage step on a blocking thread.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|_| HubError::Storage("a storage task failed".into()))?
}

/// A signed request of `team` (of the hub's kind), body at most `limit` bytes, from a
/// lead of its current list: its body (read once the lead is verified) and the roster.
/// A member who is not a lead is `Forbidden` with `refusal`.
async fn lead_request(
    hub: &Arc<Hub>,
    team: TeamId,
    (method, uri, headers, body): (Method, Uri, HeaderMap, Body),
    limit: usize,
    refusal: &str,
) -> Result<(Bytes, Arc<Roster>)> {
    hub.check_kind(team)?;
    let request = SignedRequest::read(method, &uri, &headers, limit, Some(team))?;
    let roster = roster(hub, team).await?;
    if admit_member(hub, &roster, &request).await? != Role::Lead {
        return Err(HubError::Forbidden(refusal.into()));
    }
    let body = request.body(body).await?;
    Ok((body, roster))
}

/// A 200 answer holding one page, with `x-senim-more: 1` when more pages follow.
fn page_answer(body: Vec<u8>, more: bool) -> Response {
    let mut response = octets(StatusCode::OK, body);
    if more {
        response
            .headers_mut()
            .insert(hub_api::header::MORE, HeaderValue::from_static("1"));
    }
    response
}

async fn roster(hub: &Arc<Hub>, team: TeamId) -> Result<Arc<Roster>> {
    let hub = hub.clone();
    blocking(move || hub.roster(team)).await
}

fn octets(status: StatusCode, bytes: Vec<u8>) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        )],
        bytes,
    )
        .into_response()
}

fn team_segment(segment: &str) -> Result<TeamId> {
    hub_api::parse_team(segment)
        .ok_or_else(|| HubError::NotFound("no such team on this hub".into()))
}

fn unknown_device() -> HubError {
    HubError::Unauthenticated("this device is not a member of the team".into())
}

fn revoked_device() -> HubError {
    HubError::Forbidden("this device was revoked from the team".into())
}

/// Lets a request verified with `public` through once: a fresh nonce (remembered in
/// the storage, so across restarts too) and one request of its caller's budget, both
/// keyed by the team and the device's signing key.
async fn admit(hub: &Arc<Hub>, request: &SignedRequest, public: &DevicePublic) -> Result<()> {
    let caller = (request.auth.team, public.signing_key);
    let (nonce, time) = (request.auth.nonce, request.auth.time);
    let worker = hub.clone();
    blocking(move || {
        worker
            .admission
            .admit(worker.storage.as_ref(), caller, nonce, time)
    })
    .await
}

/// Verifies the request as a device that may act in the team now (a member), and lets
/// it through once. A revoked device is told so only after its signature verifies.
async fn admit_member(hub: &Arc<Hub>, roster: &Roster, request: &SignedRequest) -> Result<Role> {
    match roster.standing(request.device()) {
        Standing::Member(m) => {
            request.verify(&m.public)?;
            admit(hub, request, &m.public).await?;
            Ok(m.role)
        }
        Standing::Revoked { public, .. } => {
            request.verify(&public)?;
            admit(hub, request, &public).await?;
            Err(revoked_device())
        }
        Standing::Unknown => Err(unknown_device()),
    }
}

// ------------------------------------------------------------------------- health

/// The hub answers and its storage does: 200 with `"status": "ok"`; storage that does
/// not answer (a database down or unreachable) is 503 with `"status": "unavailable"`,
/// so a load balancer sends requests to another instance.
async fn health(State(hub): State<Arc<Hub>>) -> Result<Response> {
    let worker = hub.clone();
    let up = blocking(move || Ok(worker.storage.ping().is_ok())).await?;
    hub.metrics.database(up);
    let (status, word) = if up {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "unavailable")
    };
    Ok(json_response(
        status,
        &Health {
            status: word.into(),
            version: crate::VERSION.into(),
            demo: hub.is_demo(),
            storage: hub.storage_kind.into(),
            database: word.into(),
        },
    ))
}

/// What the hub counted, in the Prometheus text format (`crate::metrics`).
async fn metrics(State(hub): State<Arc<Hub>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        hub.metrics.encode(),
    )
        .into_response()
}

// ------------------------------------------------------------------------- teams

/// The peer's address, as the server recorded it for this connection; one shared
/// "unknown" address when the router is served without it (an embedder's choice).
fn peer_ip(extensions: &Extensions) -> IpAddr {
    extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
        .unwrap_or(IpAddr::V6(std::net::Ipv6Addr::UNSPECIFIED))
}

async fn register_team(
    State(hub): State<Arc<Hub>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    extensions: Extensions,
    body: Body,
) -> Result<Response> {
    let limit = hub.max_body.min(MAX_MEMBERSHIP_BODY_BYTES);
    let request = SignedRequest::read(method, &uri, &headers, limit, None)?;
    hub.check_kind(request.auth.team)?;
    // Registrations are counted per address before anything is read or checked (in
    // the database when instances share one).
    let counter = hub.clone();
    let peer = peer_ip(&extensions);
    blocking(move || counter.registrations.spend(peer)).await?;
    let token = match &hub.tokens {
        None => None,
        Some(_) => {
            let token = headers
                .get(hub_api::header::REGISTRATION_TOKEN)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
                .ok_or_else(|| {
                    HubError::Forbidden(
                        "this hub registers teams only with a registration token from its operator"
                            .into(),
                    )
                })?;
            let worker = hub.clone();
            let held = token.clone();
            let taken = blocking(move || match &worker.tokens {
                Some(tokens) => tokens.take(&held),
                None => Ok(false),
            })
            .await?;
            if !taken {
                return Err(HubError::Forbidden(
                    "this registration token is unknown to this hub or used already".into(),
                ));
            }
            Some(token)
        }
    };
    let registered = register(&hub, &request, body).await;
    if registered.is_err()
        && let Some(token) = token
    {
        // The registration failed: the lead may try again with the same token.
        let worker = hub.clone();
        blocking(move || match &worker.tokens {
            Some(tokens) => tokens.give_back(&token),
            None => Ok(()),
        })
        .await?;
    }
    registered
}

/// Registers the team whose first list is the body of `request`.
async fn register(hub: &Arc<Hub>, request: &SignedRequest, body: Body) -> Result<Response> {
    // The lead's key is in the body: the one body read before a signature is checked,
    // bounded by the list's size.
    let body = request.body(body).await?;
    let registration = TeamRegistration::from_bytes(&body)?;
    let list = Membership::from_bytes(&registration.list)?;
    list.verify_genesis()?;
    let lead = list
        .member(request.device())
        .filter(|_| request.device() == list.signer() && request.auth.team == list.team())
        .ok_or_else(|| {
            HubError::Unauthenticated("the request is not signed by the lead of this list".into())
        })?;
    request.verify(&lead.public)?;
    admit(hub, request, &lead.public).await?;
    let team = list.team();
    let storage = hub.storage.clone();
    let created = blocking(move || storage.create_team(team, &registration.list)).await?;
    if !created {
        return Err(HubError::Conflict(
            "this team is already registered on this hub".into(),
        ));
    }
    tracing::debug!(%team, "team registered");
    Ok(StatusCode::CREATED.into_response())
}

// ------------------------------------------------------------------------- membership

/// `after=N` from the query (0 when absent), `what` naming N in the error. Other
/// parameters are ignored.
fn after_param(query: Option<&str>, what: &str) -> Result<u64> {
    let mut after = 0;
    for pair in query.unwrap_or("").split('&') {
        if let Some(("after", value)) = pair.split_once('=') {
            after = value.parse().map_err(|_| {
                HubError::BadRequest(format!("after must be {what} (a whole number)"))
            })?;
        }
    }
    Ok(after)
}

/// Verifies the request as a device that is or was a member: reading the team's
/// signed documents (lists, orders) is how a revoked device learns it was revoked and
/// what it must purge.
async fn admit_reader(hub: &Arc<Hub>, roster: &Roster, request: &SignedRequest) -> Result<()> {
    let public = roster
        .standing(request.device())
        .public()
        .ok_or_else(unknown_device)?;
    request.verify(&public)?;
    admit(hub, request, &public).await
}

async fn get_membership(
    State(hub): State<Arc<Hub>>,
    Path(team): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response> {
    let team = team_segment(&team)?;
    hub.check_kind(team)?;
    let after = after_param(uri.query(), "a list version")?;
    let request = SignedRequest::read(method, &uri, &headers, 0, Some(team))?;
    let roster = roster(&hub, team).await?;
    // A revoked device may still read the lists up to the one that revoked it: that is
    // how it learns it was revoked. Later ones (new members' call signs) are not for it.
    admit_reader(&hub, &roster, &request).await?;
    request.body(body).await?;
    let device = request.device();
    let last_readable = match roster.standing(device) {
        Standing::Revoked { at, .. } if after >= at => {
            return Err(HubError::Forbidden(
                "this device was revoked from the team: the lists after its revocation are not for it"
                    .into(),
            ));
        }
        Standing::Revoked { at, .. } => at,
        _ => roster.version(),
    };
    // Keys from the epoch of list `after` on: the one it holds may not have reached it.
    let min_epoch = match after {
        0 => 0,
        v => roster.epoch_of(v.min(roster.version())).unwrap_or(0),
    };
    let latest = last_readable;
    let page = hub.max_page_bytes;
    let storage = hub.storage.clone();
    let (lists, keys) = blocking(move || {
        let mut lists = storage.lists_after(team, after, page)?;
        lists.retain(|(version, _)| *version <= latest);
        let keys = storage.sealed_keys(team, device, min_epoch)?;
        Ok((lists, keys))
    })
    .await?;
    let more = lists.last().is_some_and(|(v, _)| *v < latest);
    let update = MembershipUpdate {
        lists: lists.into_iter().map(|(_, bytes)| bytes).collect(),
        keys,
    };
    Ok(page_answer(update.to_bytes(), more))
}

async fn post_membership(
    State(hub): State<Arc<Hub>>,
    Path(team): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response> {
    let team = team_segment(&team)?;
    let limit = hub.max_body.min(MAX_MEMBERSHIP_BODY_BYTES);
    let refusal = "only a lead may change the membership list";
    let (body, roster) =
        lead_request(&hub, team, (method, uri, headers, body), limit, refusal).await?;
    let post = MembershipPost::from_bytes(&body)?;
    let next = Membership::from_bytes(&post.list)?;
    let latest = roster.latest();
    if next.team() != team {
        return Err(HubError::MembershipRejected(
            "the list is for another team".into(),
        ));
    }
    if next.version() <= latest.version() {
        return Err(HubError::Conflict(format!(
            "version {} is taken: fetch the lists after version {} and redo the change",
            next.version(),
            next.version().saturating_sub(1)
        )));
    }
    latest.verify_successor(&next)?;
    check_sealed_keys(team, latest, &next, &post)?;
    // The team keeps a revoked device's envelopes up to the sequence the lead held. The
    // storage checks, in the transaction that stores the list, that it holds none
    // later (else the lead has not seen them: sync, then revoke again), and from then
    // on refuses any later one in the transaction of each append.
    let revoked: Vec<(DeviceId, u64)> = next
        .revoked()
        .iter()
        .filter(|r| !latest.is_revoked(r.device))
        .map(|r| (r.device, r.last_seq))
        .collect();
    let (version, epoch) = (next.version(), next.epoch());
    let storage = hub.storage.clone();
    let stored = blocking(move || {
        storage.append_list(team, version, epoch, &post.list, &post.keys, &revoked)
    })
    .await?;
    match stored {
        ListAppend::Stored => tracing::debug!(%team, version, epoch, "membership list stored"),
        ListAppend::VersionTaken => {
            return Err(HubError::Conflict(
                "another list took this version first: fetch the lists and redo the change".into(),
            ));
        }
        ListAppend::HeldBeyondRevocation => {
            return Err(HubError::Conflict(
                "the hub holds envelopes of the revoked device that the lead has not seen: sync, then revoke again"
                    .into(),
            ));
        }
    }
    Ok(StatusCode::CREATED.into_response())
}

/// Every key is for this team and the new list's epoch, addressed to one of its
/// members, at most one per member; a new epoch needs a key for every member.
fn check_sealed_keys(
    team: TeamId,
    latest: &Membership,
    next: &Membership,
    post: &MembershipPost,
) -> Result<()> {
    let refuse = |reason: &str| Err(HubError::MembershipRejected(reason.into()));
    let mut addressed: HashSet<DeviceId> = HashSet::new();
    for key in &post.keys {
        if key.team != team {
            return refuse("a sealed key is for another team");
        }
        if key.epoch != next.epoch() {
            return refuse("a sealed key is not for the list's epoch");
        }
        if !next.is_member(key.device) {
            return refuse("a sealed key is addressed to a device that is not a member");
        }
        if key.blob.len() > MAX_SEALED_KEY_BYTES {
            return refuse("a sealed key is too large");
        }
        if !addressed.insert(key.device) {
            return refuse("two sealed keys are addressed to one device");
        }
    }
    if next.epoch() != latest.epoch()
        && next
            .members()
            .iter()
            .any(|m| !addressed.contains(&m.public.device))
    {
        return refuse("a new epoch needs its key sealed to every member");
    }
    Ok(())
}

// ------------------------------------------------------------------------- orders

async fn get_orders(
    State(hub): State<Arc<Hub>>,
    Path(team): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response> {
    let team = team_segment(&team)?;
    hub.check_kind(team)?;
    let after = after_param(uri.query(), "an order number")?;
    let request = SignedRequest::read(method, &uri, &headers, 0, Some(team))?;
    let roster = roster(&hub, team).await?;
    // A revoked device may read the orders issued before its revocation: a purge
    // tells it what to remove from what it still holds. Later ones are not for it.
    admit_reader(&hub, &roster, &request).await?;
    request.body(body).await?;
    let revoked = matches!(roster.standing(request.device()), Standing::Revoked { .. });
    let device = request.device();
    let page = hub.max_page_bytes.min(MAX_ORDERS_PAGE_BYTES);
    let storage = hub.storage.clone();
    let (orders, last) = blocking(move || {
        let bound = if revoked {
            storage.revoked_last_order(team, device)?
        } else {
            None
        };
        if bound.is_some_and(|b| after >= b) {
            return Err(HubError::Forbidden(
                "this device was revoked from the team: the orders after its revocation are not for it"
                    .into(),
            ));
        }
        let mut orders = storage.orders_after(team, after, page)?;
        let mut last = storage.last_order(team)?;
        if let Some(bound) = bound {
            orders.retain(|(number, _)| *number <= bound);
            last = last.min(bound);
        }
        Ok((orders, last))
    })
    .await?;
    let more = orders.last().is_some_and(|(n, _)| *n < last);
    let page = OrdersPage {
        orders: orders.into_iter().map(|(_, bytes)| bytes).collect(),
    };
    Ok(page_answer(page.to_bytes(), more))
}

/// A lead posts the next order of the team's chain. Stored, or already stored byte
/// for byte (a retry whose answer was lost): 204.
async fn post_order(
    State(hub): State<Arc<Hub>>,
    Path(team): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response> {
    let team = team_segment(&team)?;
    let limit = hub.max_body.min(MAX_ORDER_BYTES);
    let refusal = "only a lead may post the team's orders";
    let (body, roster) =
        lead_request(&hub, team, (method, uri, headers, body), limit, refusal).await?;
    let order = TeamOrder::from_bytes(&body).map_err(order_rejected)?;
    if order.team() != team {
        return Err(HubError::OrderRejected(
            "the order is for another team".into(),
        ));
    }
    let number = order.number();
    let bytes = body.to_vec();
    let storage = hub.storage.clone();
    let (last, held) =
        blocking(move || Ok((storage.last_order(team)?, storage.order(team, number)?))).await?;
    if held.as_deref() == Some(bytes.as_slice()) {
        // Checked and stored before, by this request or its twin.
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    order.verify(roster.latest()).map_err(order_rejected)?;
    if number != last.saturating_add(1) {
        return Err(order_out_of_sequence(number, last));
    }
    let (kind, purge): (&str, Vec<(DeviceId, u64)>) = match order.body() {
        OrderBody::Purge(p) => (
            "purge",
            p.places.iter().map(|pl| (pl.device, pl.seq)).collect(),
        ),
        OrderBody::Policy(_) => ("policy", Vec::new()),
    };
    let storage = hub.storage.clone();
    let stored = blocking(move || {
        let stored = storage.append_order(team, number, &bytes, &purge)?;
        Ok(match stored {
            OrderAppend::Stored => Ok(()),
            // Another request stored this number meanwhile: the same order is a success.
            OrderAppend::NumberTaken if storage.order(team, number)?.as_ref() == Some(&bytes) => {
                Ok(())
            }
            OrderAppend::NumberTaken => {
                Err(order_out_of_sequence(number, storage.last_order(team)?))
            }
            OrderAppend::UnknownPlace => {
                let vector = storage.vector(team)?;
                let reason = purge
                    .iter()
                    .find(|(device, seq)| *seq > vector.get(*device))
                    .map(|(device, seq)| {
                        format!(
                            "the purge names device {device} seq {seq}, which the hub does not hold"
                        )
                    })
                    .unwrap_or_else(|| "the purge names an envelope the hub does not hold".into());
                Err(HubError::OrderRejected(reason))
            }
        })
    })
    .await?;
    stored?;
    tracing::debug!(%team, number, kind, "order stored");
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// An order the team's rules refuse, whatever core error says why.
fn order_rejected(e: senim_protocol::Error) -> HubError {
    match e {
        senim_protocol::Error::Order(reason) => HubError::OrderRejected(reason),
        other => HubError::OrderRejected(other.to_string()),
    }
}

fn order_out_of_sequence(number: u64, last: u64) -> HubError {
    if number <= last {
        HubError::Conflict(format!(
            "order {number} is taken by another order: fetch the orders first, then issue this one again as number {}",
            last.saturating_add(1)
        ))
    } else {
        HubError::Conflict(format!(
            "the team's newest order is number {last}: fetch the orders first, then issue this one as number {}",
            last.saturating_add(1)
        ))
    }
}

// ------------------------------------------------------------------------- sync

async fn sync(
    State(hub): State<Arc<Hub>>,
    Path(team): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response> {
    let team = team_segment(&team)?;
    hub.check_kind(team)?;
    let session_id = headers
        .get(hub_api::header::SESSION)
        .and_then(|v| v.to_str().ok())
        .and_then(hub_api::parse_session_header)
        .ok_or_else(|| {
            HubError::BadRequest(format!(
                "{} must be 32 hexadecimal digits",
                hub_api::header::SESSION
            ))
        })?;
    let limit = hub.max_body.min(MAX_MESSAGE_BYTES);
    let request = SignedRequest::read(method, &uri, &headers, limit, Some(team))?;
    let roster = roster(&hub, team).await?;
    admit_member(&hub, &roster, &request).await?;
    let device = request.device();
    let key = (team, device, session_id);
    let message = request.body(body).await?;
    let is_hello = match senim_protocol::sync::decode(&message) {
        Ok(message) => matches!(message, Message::Hello { .. }),
        Err(e) => {
            let worker = hub.clone();
            blocking(move || {
                worker.sessions.discard(key);
                Ok(())
            })
            .await?;
            return Err(e.into());
        }
    };

    // Taken, handled and put back or ended on one blocking thread: a shared session
    // store is a database, and a request cut while it runs still settles its session.
    let worker = hub.clone();
    let (step, own_rejection, rejected) = blocking(move || {
        let (mut session, lease) = worker.sessions.take(key, is_hello)?;
        if is_hello {
            worker.metrics.session_started();
        }
        let mut store = TeamStore::new(worker.storage.as_ref(), &roster, device);
        let before = session.stats().rejected;
        let step = session.receive(&mut store, &message);
        let own = store.own_rejection().map(str::to_owned);
        let rejected = session.stats().rejected.saturating_sub(before);
        let (envelopes, bytes) = store.stored();
        worker.metrics.stored(envelopes, bytes);
        match (&own, &step) {
            (None, Ok(Step::Reply(_))) => worker.sessions.put_back(lease, session)?,
            (None, Ok(Step::Last(..) | Step::Done(_))) => {
                worker.sessions.end(lease);
                worker.metrics.session_ended(SessionEnd::Done);
            }
            _ => {
                worker.sessions.end(lease);
                worker.metrics.session_ended(SessionEnd::Failed);
            }
        }
        Ok((step, own, rejected))
    })
    .await?;

    if let Some(reason) = own_rejection {
        // The device's own log is broken or forged: say so rather than carry on.
        return Err(HubError::EnvelopeRejected(reason));
    }
    let mut response = match step {
        Ok(Step::Reply(bytes)) => octets(StatusCode::OK, bytes),
        Ok(Step::Last(bytes, stats)) => {
            session_ended(team, device, &stats);
            let mut r = octets(StatusCode::OK, bytes);
            r.headers_mut()
                .insert(hub_api::header::LAST, HeaderValue::from_static("1"));
            r
        }
        Ok(Step::Done(stats)) => {
            session_ended(team, device, &stats);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e @ HubError::Protocol(_)) => return Err(e),
        Err(e) => {
            return Err(match e {
                e @ HubError::Storage(_) => e,
                other => HubError::Storage(other.to_string()),
            });
        }
    };
    if rejected > 0 {
        tracing::info!(
            rejected,
            "envelopes of other devices refused in a sync message"
        );
        response
            .headers_mut()
            .insert(hub_api::header::REJECTED, HeaderValue::from(rejected));
    }
    Ok(response)
}

/// A finished sync session's counts (ids at debug level only).
fn session_ended(team: TeamId, device: DeviceId, stats: &Stats) {
    tracing::debug!(
        %team,
        %device,
        sent = stats.sent,
        received = stats.received,
        duplicates = stats.duplicates,
        gaps = stats.gaps,
        rejected = stats.rejected,
        "sync session ended"
    );
}
