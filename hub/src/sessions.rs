//! The sync sessions in progress: one [`SyncSession`] per team, device and
//! client-chosen session id, kept in memory between the requests that carry its
//! messages, dropped when it ends, fails or stays idle past its time to live.
//!
//! Owns the bounds on open sessions. A session holds nothing the storage does not (a
//! cut or expired session loses nothing: the next one starts over from the vectors).
//! A single hub keeps them in memory; hub instances sharing a PostgreSQL database keep
//! them there ([`SharedSessions`]), so any instance answers any message of a sync and
//! the bounds hold over all of them. It never holds envelope content between requests.
//! Called from blocking threads (a shared store is a database).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use senim_protocol::sync::SyncSession;

pub(crate) use crate::storage::SessionKey;
use crate::storage::{SessionCaps, SessionOpen, SessionTake, SharedSessions};
use crate::{HubError, Result};

struct Slot {
    /// `None` while a request is handling the session.
    session: Option<SyncSession>,
    touched: Instant,
}

pub(crate) struct Sessions {
    open: Mutex<HashMap<SessionKey, Slot>>,
    /// Where the sessions are kept instead of `open`, when instances share them.
    shared: Option<Arc<dyn SharedSessions>>,
    ttl: Duration,
    max: usize,
    max_per_device: usize,
    max_per_team: usize,
    max_page_bytes: usize,
}

/// A session taken out for one request. Put it back with [`Sessions::put_back`] or
/// end it with [`Sessions::end`]; dropped otherwise (a request cut mid-way), its slot is
/// freed.
pub(crate) struct Lease<'a> {
    sessions: &'a Sessions,
    key: SessionKey,
    settled: bool,
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if !self.settled {
            self.sessions.remove(self.key);
        }
    }
}

fn unix_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// A session's state read back from a shared store.
fn restore(state: &[u8]) -> Result<SyncSession> {
    SyncSession::from_state_bytes(state)
        .ok_or_else(|| HubError::Storage("a stored sync session is damaged".into()))
}

impl Sessions {
    pub(crate) fn new(
        ttl: Duration,
        max: usize,
        max_per_device: usize,
        max_per_team: usize,
        max_page_bytes: usize,
    ) -> Self {
        Sessions {
            open: Mutex::new(HashMap::new()),
            shared: None,
            ttl,
            max: max.max(1),
            max_per_device: max_per_device.max(1),
            max_per_team: max_per_team.max(1),
            max_page_bytes,
        }
    }

    /// Keeps the sessions in `store`, shared with every instance over it.
    pub(crate) fn shared_if(mut self, store: Option<Arc<dyn SharedSessions>>) -> Self {
        self.shared = store;
        self
    }

    fn remove(&self, key: SessionKey) {
        match &self.shared {
            Some(store) => {
                if let Err(e) = store.end_session(key) {
                    // It expires with its time to live.
                    tracing::warn!(error = %e, "a shared sync session could not be ended");
                }
            }
            None => {
                self.lock().remove(&key);
            }
        }
    }

    fn lease(&self, key: SessionKey) -> Lease<'_> {
        Lease {
            sessions: self,
            key,
            settled: false,
        }
    }

    /// [`take`](Self::take) from the shared store.
    fn take_shared(
        &self,
        store: &dyn SharedSessions,
        key: SessionKey,
        is_hello: bool,
    ) -> Result<(SyncSession, Lease<'_>)> {
        let now = unix_millis();
        let ttl = i64::try_from(self.ttl.as_millis()).unwrap_or(i64::MAX);
        let idle_before = now.saturating_sub(ttl);
        let busy = || {
            HubError::Conflict(
                "this sync session is handling another request: wait for its answer".into(),
            )
        };
        match store.take_session(key, now, idle_before)? {
            SessionTake::Taken(state) => {
                let lease = self.lease(key);
                return Ok((restore(&state)?, lease));
            }
            SessionTake::Busy => return Err(busy()),
            SessionTake::Missing if !is_hello => return Err(not_found()),
            SessionTake::Missing => {}
        }
        let caps = SessionCaps {
            max: self.max,
            per_device: self.max_per_device,
            per_team: self.max_per_team,
        };
        match store.open_session(key, now, idle_before, caps)? {
            SessionOpen::Opened => Ok((SyncSession::new(self.max_page_bytes), self.lease(key))),
            SessionOpen::Exists => Err(busy()),
            SessionOpen::DeviceFull => Err(HubError::RateLimited {
                retry_after: Duration::from_secs(1),
            }),
            SessionOpen::TeamFull => Err(HubError::RateLimited {
                retry_after: Duration::from_secs(5),
            }),
            SessionOpen::HubFull => Err(HubError::Busy {
                retry_after: Duration::from_secs(5),
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SessionKey, Slot>> {
        self.open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Takes the session `key` for one request. A session that does not exist is
    /// opened when the message is a Hello (the hub never starts one), within the caps.
    pub(crate) fn take(&self, key: SessionKey, is_hello: bool) -> Result<(SyncSession, Lease<'_>)> {
        if let Some(store) = &self.shared {
            return self.take_shared(store.as_ref(), key, is_hello);
        }
        let now = Instant::now();
        let mut open = self.lock();
        open.retain(|_, slot| now.duration_since(slot.touched) < self.ttl);
        let session = match open.get_mut(&key) {
            Some(slot) => {
                let session = slot.session.take().ok_or_else(|| {
                    HubError::Conflict(
                        "this sync session is handling another request: wait for its answer".into(),
                    )
                })?;
                slot.touched = now;
                session
            }
            None => {
                if !is_hello {
                    return Err(not_found());
                }
                let (team, device, _) = key;
                let mine = open
                    .keys()
                    .filter(|(t, d, _)| *t == team && *d == device)
                    .count();
                if mine >= self.max_per_device {
                    // A device syncs one session at a time: its idle sessions are ones
                    // whose connection was cut. The oldest makes room, so a flaky
                    // connection never locks the device out until they expire.
                    let oldest_idle = open
                        .iter()
                        .filter(|((t, d, _), slot)| {
                            *t == team && *d == device && slot.session.is_some()
                        })
                        .min_by_key(|(_, slot)| slot.touched)
                        .map(|(k, _)| *k);
                    match oldest_idle {
                        Some(old) => {
                            open.remove(&old);
                        }
                        None => {
                            return Err(HubError::RateLimited {
                                retry_after: Duration::from_secs(1),
                            });
                        }
                    }
                }
                // One team's devices together hold at most their share, so no team
                // (a stranger's self-registered one included) takes every slot.
                if open.keys().filter(|(t, _, _)| *t == team).count() >= self.max_per_team {
                    return Err(HubError::RateLimited {
                        retry_after: Duration::from_secs(5),
                    });
                }
                if open.len() >= self.max {
                    return Err(HubError::Busy {
                        retry_after: Duration::from_secs(5),
                    });
                }
                open.insert(
                    key,
                    Slot {
                        session: None,
                        touched: now,
                    },
                );
                SyncSession::new(self.max_page_bytes)
            }
        };
        Ok((
            session,
            Lease {
                sessions: self,
                key,
                settled: false,
            },
        ))
    }

    /// Keeps the session for its next message.
    pub(crate) fn put_back(&self, mut lease: Lease<'_>, session: SyncSession) -> Result<()> {
        if let Some(store) = &self.shared {
            store.put_session(lease.key, &session.to_state_bytes(), unix_millis())?;
            lease.settled = true;
            return Ok(());
        }
        lease.settled = true;
        self.lock().insert(
            lease.key,
            Slot {
                session: Some(session),
                touched: Instant::now(),
            },
        );
        Ok(())
    }

    /// Ends the session: finished, failed or refused.
    pub(crate) fn end(&self, lease: Lease<'_>) {
        drop(lease);
    }

    /// Drops the session `key`, if open: its next message could not be read.
    pub(crate) fn discard(&self, key: SessionKey) {
        self.remove(key);
    }

    /// Sessions open now (for tests and health).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.lock().len()
    }
}

fn not_found() -> HubError {
    HubError::NotFound(
        "no open sync session with this id (it ended or expired): start a new one with a Hello"
            .into(),
    )
}

#[cfg(test)]
mod tests {
    use senim_protocol::team::{DeviceId, TeamId};

    use super::*;

    fn key(d: u8, s: u8) -> SessionKey {
        (TeamId([1; 16]), DeviceId([d; 16]), [s; 16])
    }

    #[test]
    fn only_a_hello_opens_a_session_and_a_busy_one_is_refused() {
        let s = Sessions::new(Duration::from_secs(60), 10, 2, 10, 1024);
        assert!(matches!(
            s.take(key(1, 1), false),
            Err(HubError::NotFound(_))
        ));
        let (session, lease) = s.take(key(1, 1), true).unwrap();
        assert!(matches!(
            s.take(key(1, 1), true),
            Err(HubError::Conflict(_))
        ));
        s.put_back(lease, session).unwrap();
        let (_, lease) = s.take(key(1, 1), false).unwrap();
        s.end(lease);
        assert_eq!(s.len(), 0);
    }

    #[test]
    fn a_dropped_lease_frees_its_slot() {
        let s = Sessions::new(Duration::from_secs(60), 10, 2, 10, 1024);
        let (_, lease) = s.take(key(1, 1), true).unwrap();
        drop(lease);
        assert_eq!(s.len(), 0);
    }

    #[test]
    fn sessions_are_capped_per_device_and_in_all() {
        let s = Sessions::new(Duration::from_secs(60), 3, 2, 10, 1024);
        // Two sessions of device 1 busy with a request each: a third is refused.
        let (_, busy_a) = s.take(key(1, 0), true).unwrap();
        let (_, busy_b) = s.take(key(1, 1), true).unwrap();
        assert!(matches!(
            s.take(key(1, 9), true),
            Err(HubError::RateLimited { .. })
        ));
        drop((busy_a, busy_b));
        // Idle ones (a cut connection) make room, oldest first.
        for n in 0..2 {
            let (session, lease) = s.take(key(1, n), true).unwrap();
            s.put_back(lease, session).unwrap();
            std::thread::sleep(Duration::from_millis(2));
        }
        let (session, lease) = s.take(key(1, 9), true).unwrap();
        s.put_back(lease, session).unwrap();
        assert!(matches!(
            s.take(key(1, 0), false),
            Err(HubError::NotFound(_))
        ));
        let (session, lease) = s.take(key(1, 1), false).unwrap();
        s.put_back(lease, session).unwrap();
        assert_eq!(s.len(), 2);
        let (session, lease) = s.take(key(2, 0), true).unwrap();
        s.put_back(lease, session).unwrap();
        assert!(matches!(
            s.take(key(3, 0), true),
            Err(HubError::Busy { .. })
        ));
    }

    #[test]
    fn one_team_s_devices_hold_at_most_the_team_s_share() {
        let s = Sessions::new(Duration::from_secs(60), 10, 2, 3, 1024);
        let stranger = |d: u8, n: u8| (TeamId([9; 16]), DeviceId([d; 16]), [n; 16]);
        for d in 0..3 {
            let (session, lease) = s.take(stranger(d, 0), true).unwrap();
            s.put_back(lease, session).unwrap();
        }
        assert!(matches!(
            s.take(stranger(7, 0), true),
            Err(HubError::RateLimited { .. })
        ));
        // Another team still finds a slot.
        let (session, lease) = s.take(key(1, 1), true).unwrap();
        s.put_back(lease, session).unwrap();
        assert_eq!(s.len(), 4);
    }

    #[test]
    fn idle_sessions_expire() {
        let s = Sessions::new(Duration::from_millis(1), 10, 2, 10, 1024);
        let (session, lease) = s.take(key(1, 1), true).unwrap();
        s.put_back(lease, session).unwrap();
        std::thread::sleep(Duration::from_millis(5));
        assert!(matches!(
            s.take(key(1, 1), false),
            Err(HubError::NotFound(_))
        ));
    }
}
