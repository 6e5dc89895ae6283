//! A bounded pool of blocking PostgreSQL connections.
//!
//! Owns the connections of one [`super::PostgresStorage`]: at most `max` open at once,
//! each used by one storage call at a time and handed back when the call ends. A
//! connection the server closed (a restart, a failover, an idle timeout) is dropped on
//! return and a fresh one opened on the next demand, so the hub rides through a
//! database restart with the requests in flight failing and the next ones served.
//! A caller that finds every connection busy waits up to the checkout timeout and then
//! gets a clear error (503 to the device), never a hang.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use postgres::{Client, Config, NoTls};

use crate::{HubError, Result};

/// How long a storage call waits for a free connection.
const CHECKOUT_TIMEOUT: Duration = Duration::from_secs(30);

pub(super) struct Pool {
    config: Config,
    max: usize,
    state: Mutex<State>,
    freed: Condvar,
}

struct State {
    idle: Vec<Client>,
    /// Connections open: idle plus lent out plus being opened.
    open: usize,
}

impl Pool {
    pub(super) fn new(config: Config, max: usize) -> Pool {
        Pool {
            config,
            max: max.max(1),
            state: Mutex::new(State {
                idle: Vec::new(),
                open: 0,
            }),
            freed: Condvar::new(),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A connection for one storage call: an idle one, a new one while fewer than
    /// `max` are open, or the first one handed back within the checkout timeout.
    pub(super) fn get(&self) -> Result<Lent<'_>> {
        let deadline = Instant::now() + CHECKOUT_TIMEOUT;
        let mut state = self.state();
        loop {
            while let Some(client) = state.idle.pop() {
                if client.is_closed() {
                    state.open -= 1;
                    continue;
                }
                return Ok(Lent {
                    pool: self,
                    client: Some(client),
                });
            }
            if state.open < self.max {
                state.open += 1;
                drop(state);
                return match self.config.connect(NoTls) {
                    Ok(client) => Ok(Lent {
                        pool: self,
                        client: Some(client),
                    }),
                    Err(e) => {
                        self.state().open -= 1;
                        self.freed.notify_one();
                        Err(super::storage_error(&e))
                    }
                };
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(HubError::Storage(
                    "every database connection stayed busy: the database is overloaded".into(),
                ));
            }
            state = self
                .freed
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .0;
        }
    }
}

impl Drop for Pool {
    /// Closes the idle connections on a thread of their own: closing one blocks on the
    /// driver's runtime, which must not happen on a thread that drives async tasks (the
    /// hub is dropped there when it stops).
    fn drop(&mut self) {
        let idle = std::mem::take(&mut self.state().idle);
        if !idle.is_empty() {
            let _ = std::thread::spawn(move || drop(idle)).join();
        }
    }
}

/// A connection lent out by the [`Pool`], handed back when dropped.
pub(super) struct Lent<'a> {
    pool: &'a Pool,
    client: Option<Client>,
}

impl std::ops::Deref for Lent<'_> {
    type Target = Client;
    fn deref(&self) -> &Client {
        self.client
            .as_ref()
            .expect("a lent connection is held until drop")
    }
}

impl std::ops::DerefMut for Lent<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        self.client
            .as_mut()
            .expect("a lent connection is held until drop")
    }
}

impl Drop for Lent<'_> {
    fn drop(&mut self) {
        let Some(client) = self.client.take() else {
            return;
        };
        let mut state = self.pool.state();
        if client.is_closed() {
            state.open -= 1;
        } else {
            state.idle.push(client);
        }
        drop(state);
        self.pool.freed.notify_one();
    }
}
