//! What the operator learns when the hub fails: every 5xx answer is logged with its
//! cause (the system's or SQLite's text), and with nothing a client sent.

use crate::common;

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use common::*;
use senim_hub::storage::{Append, HubStorage, ListAppend, OrderAppend, Slot, SqliteStorage};
use senim_hub::{Hub, HubConfig, HubError, Result, router};
use senim_protocol::sync::VersionVector;
use senim_protocol::sync::hub_api::code;
use senim_protocol::team::{DeviceId, SealedKey, TeamId};

/// SQLite storage whose writes fail as on a full disk once `full` is set.
struct FillingDisk {
    inner: SqliteStorage,
    full: AtomicBool,
}

impl FillingDisk {
    fn check(&self) -> Result<()> {
        if self.full.load(Ordering::SeqCst) {
            // ENOSPC, as the system reports it.
            return Err(HubError::Io(std::io::Error::from_raw_os_error(28)));
        }
        Ok(())
    }
}

impl HubStorage for FillingDisk {
    fn ping(&self) -> Result<()> {
        self.inner.ping()
    }
    fn remember_nonce(
        &self,
        team: TeamId,
        signer: &[u8; 32],
        nonce: &[u8; 16],
        time: i64,
        forget_before: i64,
    ) -> Result<bool> {
        self.check()?;
        self.inner
            .remember_nonce(team, signer, nonce, time, forget_before)
    }
    fn create_team(&self, team: TeamId, genesis: &[u8]) -> Result<bool> {
        self.check()?;
        self.inner.create_team(team, genesis)
    }
    fn latest_version(&self, team: TeamId) -> Result<Option<u64>> {
        self.inner.latest_version(team)
    }
    fn lists_after(&self, team: TeamId, after: u64, max: usize) -> Result<Vec<(u64, Vec<u8>)>> {
        self.inner.lists_after(team, after, max)
    }
    fn append_list(
        &self,
        team: TeamId,
        version: u64,
        epoch: u32,
        list: &[u8],
        keys: &[SealedKey],
        revoked: &[(DeviceId, u64)],
    ) -> Result<ListAppend> {
        self.check()?;
        self.inner
            .append_list(team, version, epoch, list, keys, revoked)
    }
    fn revoked_last_order(&self, team: TeamId, device: DeviceId) -> Result<Option<u64>> {
        self.inner.revoked_last_order(team, device)
    }
    fn sealed_keys(&self, team: TeamId, device: DeviceId, min: u32) -> Result<Vec<SealedKey>> {
        self.inner.sealed_keys(team, device, min)
    }
    fn vector(&self, team: TeamId) -> Result<VersionVector> {
        self.inner.vector(team)
    }
    fn last_seq(&self, team: TeamId, device: DeviceId) -> Result<u64> {
        self.inner.last_seq(team, device)
    }
    fn envelope(&self, team: TeamId, device: DeviceId, seq: u64) -> Result<Option<Slot>> {
        self.inner.envelope(team, device, seq)
    }
    fn envelopes_after(
        &self,
        team: TeamId,
        device: DeviceId,
        after: u64,
        max: usize,
    ) -> Result<Vec<Vec<u8>>> {
        self.inner.envelopes_after(team, device, after, max)
    }
    fn append_envelope(
        &self,
        team: TeamId,
        device: DeviceId,
        seq: u64,
        epoch: u32,
        bytes: &[u8],
    ) -> Result<Append> {
        self.check()?;
        self.inner.append_envelope(team, device, seq, epoch, bytes)
    }
    fn envelope_hash(&self, team: TeamId, device: DeviceId, seq: u64) -> Result<Option<[u8; 32]>> {
        self.inner.envelope_hash(team, device, seq)
    }
    fn mark_damaged(&self, team: TeamId, device: DeviceId, seq: u64) -> Result<()> {
        self.check()?;
        self.inner.mark_damaged(team, device, seq)
    }
    fn first_damaged(&self, team: TeamId, device: DeviceId) -> Result<Option<u64>> {
        self.inner.first_damaged(team, device)
    }
    fn replace_damaged(
        &self,
        team: TeamId,
        device: DeviceId,
        seq: u64,
        bytes: &[u8],
    ) -> Result<bool> {
        self.check()?;
        self.inner.replace_damaged(team, device, seq, bytes)
    }
    fn last_order(&self, team: TeamId) -> Result<u64> {
        self.inner.last_order(team)
    }
    fn order(&self, team: TeamId, number: u64) -> Result<Option<Vec<u8>>> {
        self.inner.order(team, number)
    }
    fn orders_after(&self, team: TeamId, after: u64, max: usize) -> Result<Vec<(u64, Vec<u8>)>> {
        self.inner.orders_after(team, after, max)
    }
    fn append_order(
        &self,
        team: TeamId,
        number: u64,
        bytes: &[u8],
        purge: &[(DeviceId, u64)],
    ) -> Result<OrderAppend> {
        self.check()?;
        self.inner.append_order(team, number, bytes, purge)
    }
}

/// A log sink the test reads.
#[derive(Clone, Default)]
struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn a_500_is_logged_with_its_cause_and_nothing_the_client_sent() {
    let sink = Sink::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let dir = tempfile::tempdir().unwrap();
    let disk = Arc::new(FillingDisk {
        inner: SqliteStorage::open(&dir.path().join("hub")).unwrap(),
        full: AtomicBool::new(false),
    });
    let hub = Hub::with_storage(disk.clone(), HubConfig::new(dir.path().join("hub")));
    let test_hub = TestHub {
        router: router(hub.clone()),
        hub,
        log: Arc::new(Mutex::new(Vec::new())),
        dir,
    };
    let team = Team::new();
    team.register(&test_hub).await;

    disk.full.store(true, Ordering::SeqCst);
    team.fetch(&test_hub, &team.worker, 0)
        .await
        .assert_error(StatusCode::INTERNAL_SERVER_ERROR, code::INTERNAL);

    let log = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    let failed: Vec<&str> = log.lines().filter(|l| l.contains("ERROR")).collect();
    assert!(
        failed.iter().any(|l| l.contains("No space left on device")),
        "the cause is in the log: {log}"
    );
    assert!(
        failed
            .iter()
            .any(|l| l.contains("500") && l.contains("/v1/teams/{team}/membership")),
        "the failed request is in the log: {log}"
    );
    for id in [team.id.to_string(), team.worker.id().to_string()] {
        assert!(!log.contains(&id), "no id in the log: {log}");
    }
}
