//! Scratch PostgreSQL storages for tests: each [`Scratch`] is a schema of its own in the
//! test database, named at random and dropped with it, so tests run side by side on
//! one server without seeing each other's rows.
//!
//! The server comes from `SENIM_TEST_POSTGRES` (a connection URL to a database the
//! tests may create schemas in; `scripts/test` starts a throwaway cluster and sets it).
//! Without it [`Scratch::new`] says why on standard error and returns `None`, and the
//! test returns early; under `SENIM_REQUIRE_POSTGRES` (CI, where `scripts/test`
//! installed PostgreSQL) a missing server fails the test instead.

use std::sync::Arc;

use postgres::{Client, Config, NoTls};

use super::PostgresStorage;
use crate::storage::conformance::Backend;

/// The variable that names the test server.
pub const URL_VARIABLE: &str = "SENIM_TEST_POSTGRES";

/// Runs `f` on a thread of its own: the blocking driver must not run on a thread that
/// drives async tasks, and a test may make or drop a scratch storage there.
fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| s.spawn(f).join().expect("a scratch database call panicked"))
}

/// Whether a test server is configured; says so on standard error when it is not.
///
/// # Panics
/// When a server is required (`SENIM_REQUIRE_POSTGRES`) and none is configured.
pub fn available() -> bool {
    if std::env::var_os(URL_VARIABLE).is_some() {
        return true;
    }
    assert!(
        std::env::var_os("SENIM_REQUIRE_POSTGRES").is_none(),
        "PostgreSQL is required (SENIM_REQUIRE_POSTGRES) and {URL_VARIABLE} is not set"
    );
    eprintln!(
        "skipped: no PostgreSQL to test against ({URL_VARIABLE} is not set; \
         scripts/test starts one)"
    );
    false
}

/// One schema in the test database, dropped at the end of the test.
pub struct Scratch {
    config: Config,
    schema: String,
}

impl Scratch {
    /// A new, empty schema; `None` (the test skips) when no test server is configured.
    ///
    /// # Panics
    /// When a server is required (`SENIM_REQUIRE_POSTGRES`) and none is configured, or
    /// the configured one cannot be reached.
    pub fn new() -> Option<Scratch> {
        if !available() {
            return None;
        }
        let url = std::env::var(URL_VARIABLE).expect("the test database URL is UTF-8");
        let config: Config = url.parse().expect("the test database URL parses");
        let mut random = [0u8; 8];
        ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut random)
            .expect("random bytes");
        let schema = format!("t{}", data_encoding::HEXLOWER.encode(&random));
        off_runtime(|| {
            config
                .connect(NoTls)
                .expect("the test PostgreSQL server answers")
                .batch_execute(&format!("CREATE SCHEMA {schema}"))
                .expect("a scratch schema is created");
        });
        let mut config = config;
        config.options(&format!("-c search_path={schema}"));
        Some(Scratch { config, schema })
    }

    /// A connection configuration whose tables are this scratch schema's.
    pub fn config(&self) -> Config {
        self.config.clone()
    }

    /// The connection URL of this scratch schema, for a hub process
    /// (`senim hub serve --database`).
    pub fn url(&self) -> String {
        let url = std::env::var(URL_VARIABLE).expect("set when the scratch was made");
        let separator = if url.contains('?') { '&' } else { '?' };
        format!("{url}{separator}options=-csearch_path%3D{}", self.schema)
    }

    /// A storage on this schema (migrated at open).
    pub fn open(&self) -> PostgresStorage {
        let config = self.config();
        off_runtime(|| PostgresStorage::with_config(config, 4).expect("the scratch storage opens"))
    }

    /// A plain connection to this schema, for tests that look at what is stored.
    pub fn client(&self) -> Client {
        self.config.connect(NoTls).expect("the test server answers")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let mut config = self.config.clone();
        config.options("");
        let schema = &self.schema;
        off_runtime(|| {
            if let Ok(mut admin) = config.connect(NoTls) {
                let _ = admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
            }
        });
    }
}

/// The conformance suite's backend: a new scratch schema per storage, every one
/// dropped at the end of the test.
pub struct Scratches(std::sync::Mutex<Vec<Scratch>>);

impl Scratches {
    /// `None` (the test skips) when no test server is configured.
    pub fn new() -> Option<Scratches> {
        available().then(|| Scratches(std::sync::Mutex::new(Vec::new())))
    }

    fn scratch(&self) -> Config {
        let scratch = Scratch::new().expect("the test server stays configured");
        let config = scratch.config();
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(scratch);
        config
    }
}

impl Backend for Scratches {
    type Storage = PostgresStorage;

    fn empty(&self) -> PostgresStorage {
        PostgresStorage::with_config(self.scratch(), 4).expect("a scratch storage opens")
    }

    fn handles(&self, n: usize) -> Vec<Arc<PostgresStorage>> {
        let config = self.scratch();
        (0..n)
            .map(|_| {
                Arc::new(
                    PostgresStorage::with_config(config.clone(), 4)
                        .expect("a scratch storage opens"),
                )
            })
            .collect()
    }
}
