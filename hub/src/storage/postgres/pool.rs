//! A bounded pool of blocking PostgreSQL connections.
//!
//! Owns the connections of one [`super::PostgresStorage`]: at most `max` open at once,
//! each used by one storage call at a time and handed back when the call ends. A
//! connection the server closed (a restart, a failover, an idle timeout) is dropped on
//! return and a fresh one opened on the next demand, so the hub rides through a
//! database restart with the requests in flight failing and the next ones served.
//! A caller that finds every connection busy waits up to the checkout timeout and then
//! gets a clear error (503 to the device), never a hang.
//!
//! Each connection keeps the statements prepared on it ([`Lent::prepared`]): a
//! statement of the request path is parsed and planned once per connection, and each
//! later use is one round trip instead of two (prepare, then execute).

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use postgres::types::ToSql;
use postgres::{Client, Config, NoTls, Row, Statement};

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
    idle: Vec<Conn>,
    /// Connections open: idle plus lent out plus being opened.
    open: usize,
}

/// A connection and the statements prepared on it, by their text.
struct Conn {
    client: Client,
    statements: HashMap<&'static str, Statement>,
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
            while let Some(conn) = state.idle.pop() {
                if conn.client.is_closed() {
                    state.open -= 1;
                    continue;
                }
                return Ok(Lent {
                    pool: self,
                    conn: Some(conn),
                });
            }
            if state.open < self.max {
                state.open += 1;
                drop(state);
                return match self.config.connect(NoTls) {
                    Ok(client) => Ok(Lent {
                        pool: self,
                        conn: Some(Conn {
                            client,
                            statements: HashMap::new(),
                        }),
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
    conn: Option<Conn>,
}

impl Lent<'_> {
    fn conn(&mut self) -> &mut Conn {
        self.conn
            .as_mut()
            .expect("a lent connection is held until drop")
    }

    /// `sql` prepared on this connection: once, then from its cache.
    pub(super) fn prepared(&mut self, sql: &'static str) -> Result<Statement> {
        let conn = self.conn();
        if let Some(statement) = conn.statements.get(sql) {
            return Ok(statement.clone());
        }
        let statement = conn
            .client
            .prepare(sql)
            .map_err(|e| super::storage_error(&e))?;
        conn.statements.insert(sql, statement.clone());
        Ok(statement)
    }

    /// The rows of the prepared statement `sql`.
    pub(super) fn query_cached(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>> {
        let statement = self.prepared(sql)?;
        Ok(self.conn().client.query(&statement, params)?)
    }

    /// At most one row of the prepared statement `sql`.
    pub(super) fn query_opt_cached(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>> {
        let statement = self.prepared(sql)?;
        Ok(self.conn().client.query_opt(&statement, params)?)
    }

    /// The rows the prepared statement `sql` changed.
    pub(super) fn execute_cached(
        &mut self,
        sql: &'static str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64> {
        let statement = self.prepared(sql)?;
        Ok(self.conn().client.execute(&statement, params)?)
    }
}

impl std::ops::Deref for Lent<'_> {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self
            .conn
            .as_ref()
            .expect("a lent connection is held until drop")
            .client
    }
}

impl std::ops::DerefMut for Lent<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        &mut self.conn().client
    }
}

impl Drop for Lent<'_> {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else {
            return;
        };
        let mut state = self.pool.state();
        if conn.client.is_closed() {
            state.open -= 1;
        } else {
            state.idle.push(conn);
        }
        drop(state);
        self.pool.freed.notify_one();
    }
}
