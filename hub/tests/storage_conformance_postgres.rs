//! The `HubStorage` conformance suite run for the PostgreSQL backend: each storage a
//! fresh schema on the test server (`SENIM_TEST_POSTGRES`, which `scripts/test` sets),
//! several handles on one schema standing in for hub instances that share the
//! database. Every test skips, saying so, when no server is configured (and fails
//! instead under `SENIM_REQUIRE_POSTGRES`).

mod postgres {
    senim_hub::hub_storage_conformance!(
        match senim_hub::storage::postgres_scratch::Scratches::new() {
            Some(backend) => backend,
            None => return,
        }
    );
}
