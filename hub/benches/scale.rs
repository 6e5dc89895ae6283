//! How many devices one hub instance holds: the hub's storage backends under a steady
//! sync load, side by side in one run — SQLite (one instance, the default), PostgreSQL
//! with one instance, and PostgreSQL with two instances over one database (the messages
//! of each sync alternating between them, so every message goes through the shared
//! session table). Devices are in teams of 25 (an office); each syncs every second
//! ± 30 % and writes a note before a tenth of its syncs, which every other device of its
//! team then pulls.
//!
//! What is measured is the hub and its database: the devices are in-memory envelope
//! stores with real device keys (signing every request, sealing every envelope), not
//! vaults, and requests go to each instance's router in this process (no sockets, no
//! TLS), so the devices' own work does not crowd the hub off the two cores the way the
//! sync bench's real vaults do. Everything shares this machine: the database server,
//! the instances and the devices.
//!
//! `cargo bench -p senim-hub --bench scale` runs 100 and 500 devices on each backend,
//! then 1000, 2000 and 4000 on each until the 99th percentile of a whole sync passes
//! 500 ms or a sync fails, and prints one JSON object (progress on standard error) with
//! the most devices each backend held (every smaller count held too). `-- --quick`: 100 and 500 devices, 10 s each, no search. PostgreSQL comes from
//! `SENIM_TEST_POSTGRES` (`source scripts/test-postgres; senim_pg_start` starts a
//! throwaway one); without it the PostgreSQL rows are skipped, saying so. Measures only;
//! asserts nothing about time.

#[path = "../tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use common::{Device, TestHub, note, random_nonce};
use senim_hub::storage::postgres_scratch::Scratch;
use senim_hub::storage::{DEFAULT_POOL_SIZE, PostgresStorage};
use senim_hub::{Hub, HubConfig, RateLimit, router};
use senim_protocol::sync::hub_api::{TeamRegistration, path};
use senim_protocol::sync::{Step, SyncSession};
use senim_protocol::team::{JoinRequest, Membership, Role, TeamId};
use serde_json::{Value as Json, json};

const TEAM_SIZE: usize = 25;
const INTERVAL: Duration = Duration::from_millis(1000);
const JITTER: f64 = 0.3;
const NOTE_CHANCE: f64 = 0.1;
/// The target a count of devices must meet to be "held".
const P99_TARGET_MS: f64 = 500.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Backend {
    Sqlite,
    Postgres { instances: usize },
}

impl Backend {
    fn name(self) -> String {
        match self {
            Backend::Sqlite => "sqlite, 1 instance".into(),
            Backend::Postgres { instances } => format!("postgresql, {instances} instance(s)"),
        }
    }
}

/// A small deterministic generator (xorshift) for the devices' timing and choices.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// One device of the load: its keys, its team and its copy of the team's envelopes.
struct LoadDevice {
    team: TeamId,
    device: Device,
    store: common::ClientStore,
    own: u64,
}

/// The hub instances of one run (with what must outlive them).
struct Instances {
    hubs: Vec<TestHub>,
    _scratch: Option<Scratch>,
}

fn config(dir: &std::path::Path) -> HubConfig {
    let mut config = HubConfig::new(dir.join("hub"));
    // Capacity, not the budgets, is measured.
    let unlimited = RateLimit {
        per_second: 1e9,
        burst: u32::MAX,
    };
    config.rate = unlimited;
    config.registration_rate = unlimited;
    config
}

fn test_hub(hub: Arc<Hub>, dir: tempfile::TempDir) -> TestHub {
    TestHub {
        dir,
        router: router(hub.clone()),
        hub,
        log: Arc::new(std::sync::Mutex::new(Vec::new())),
    }
}

fn start(backend: Backend, base: &std::path::Path) -> Option<Instances> {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir_in(base).expect("a temp dir");
            let hub = Hub::open(config(dir.path())).expect("the SQLite hub opens");
            Some(Instances {
                hubs: vec![test_hub(hub, dir)],
                _scratch: None,
            })
        }
        Backend::Postgres { instances } => {
            let scratch = Scratch::new()?;
            let hubs = (0..instances)
                .map(|_| {
                    let dir = tempfile::tempdir_in(base).expect("a temp dir");
                    let storage = PostgresStorage::with_config(scratch.config(), DEFAULT_POOL_SIZE)
                        .expect("the PostgreSQL storage opens");
                    let hub = Hub::with_shared_storage(Arc::new(storage), config(dir.path()));
                    test_hub(hub, dir)
                })
                .collect();
            Some(Instances {
                hubs,
                _scratch: Some(scratch),
            })
        }
    }
}

/// Registers `teams` teams of [`TEAM_SIZE`] devices (one list version per admission).
async fn enrol(hubs: &[TestHub], teams: usize) -> Vec<LoadDevice> {
    let mut devices = Vec::new();
    for t in 0..teams {
        let team = TeamId::random().expect("a team id");
        let lead = Device::new();
        let (genesis, _key) =
            Membership::create(team, "office", &lead.keys, "lead").expect("a first list");
        let body = TeamRegistration {
            list: genesis.to_bytes(),
        }
        .to_bytes();
        let hub = &hubs[t % hubs.len()];
        let answer = hub.call(lead.request("POST", path::TEAMS, body)).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
        let mut list = genesis;
        let mut members = vec![lead];
        for n in 1..TEAM_SIZE {
            let device = Device::new();
            let join = JoinRequest::new(&device.keys, &format!("worker-{n}")).expect("a request");
            list = list
                .admit(&members[0].keys, &join, Role::Worker)
                .expect("admitted");
            let post = senim_protocol::sync::hub_api::MembershipPost {
                list: list.to_bytes(),
                keys: vec![],
            }
            .to_bytes();
            let answer = hub
                .call(members[0].request("POST", &path::membership(team), post))
                .await;
            assert_eq!(answer.status, StatusCode::CREATED, "{answer:?}");
            members.push(device);
        }
        devices.extend(members.into_iter().map(|device| LoadDevice {
            team,
            device,
            store: common::ClientStore::new(team),
            own: 0,
        }));
    }
    devices
}

/// One whole sync of `d`, its k-th message to instance `(first + k) % instances`.
async fn sync_once(hubs: &[TestHub], d: &mut LoadDevice, first: usize) -> Result<(), String> {
    let session_id = random_nonce();
    let mut session = SyncSession::new(senim_protocol::sync::MAX_PAGE_BYTES);
    let mut message = session.start(&d.store).map_err(|e| e.to_string())?;
    for k in 0.. {
        let hub = &hubs[(first + k) % hubs.len()];
        let answer = hub
            .call(d.device.sync_request(d.team, session_id, message))
            .await;
        if answer.status != StatusCode::OK {
            return Err(format!("status {}", answer.status.as_u16()));
        }
        match session
            .receive(&mut d.store, &answer.body)
            .map_err(|e| e.to_string())?
        {
            Step::Reply(next) => message = next,
            Step::Last(next, _) => {
                let hub = &hubs[(first + k + 1) % hubs.len()];
                let answer = hub
                    .call(d.device.sync_request(d.team, session_id, next))
                    .await;
                return if answer.status == StatusCode::NO_CONTENT {
                    Ok(())
                } else {
                    Err(format!("status {}", answer.status.as_u16()))
                };
            }
            Step::Done(_) => return Ok(()),
        }
    }
    unreachable!("the loop returns")
}

#[derive(Default)]
struct Outcome {
    syncs_ms: Vec<f64>,
    failures: BTreeMap<String, u64>,
    notes: u64,
}

async fn device_loop(
    hubs: Arc<Vec<TestHub>>,
    mut d: LoadDevice,
    seed: u64,
    deadline: Instant,
) -> Outcome {
    let mut rng = Rng(seed | 1);
    let mut out = Outcome::default();
    let mut next = Instant::now() + INTERVAL.mul_f64(rng.unit());
    let first = seed as usize;
    loop {
        tokio::time::sleep_until(next.into()).await;
        if Instant::now() >= deadline {
            return out;
        }
        if rng.unit() < NOTE_CHANCE {
            d.own += 1;
            let envelope = d.device.seal(d.team, d.own, 0, &note(&[b'n'; 300]));
            d.store.push(envelope);
            out.notes += 1;
        }
        let started = Instant::now();
        match sync_once(&hubs, &mut d, first).await {
            Ok(()) => out.syncs_ms.push(started.elapsed().as_secs_f64() * 1000.0),
            Err(e) => *out.failures.entry(e).or_default() += 1,
        }
        let jitter = INTERVAL.mul_f64(1.0 - JITTER + 2.0 * JITTER * rng.unit());
        next = (next + jitter).max(Instant::now());
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p / 100.0).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// One run: `devices` devices on `backend` for `secs` seconds. `None` when the backend
/// is not available here.
async fn run(backend: Backend, devices: usize, secs: u64, base: &std::path::Path) -> Option<Json> {
    let instances = tokio::task::block_in_place(|| start(backend, base))?;
    let teams = devices.div_ceil(TEAM_SIZE);
    let enrolled = Instant::now();
    let fleet = enrol(&instances.hubs, teams).await;
    let enrol_s = enrolled.elapsed().as_secs_f64();
    let hubs = Arc::new(instances.hubs);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let tasks: Vec<_> = fleet
        .into_iter()
        .enumerate()
        .map(|(i, d)| tokio::spawn(device_loop(hubs.clone(), d, 0x5ca1e + i as u64, deadline)))
        .collect();
    let mut syncs = Vec::new();
    let mut failures: BTreeMap<String, u64> = BTreeMap::new();
    let mut notes = 0;
    for task in tasks {
        let out = task.await.expect("a device task panicked");
        syncs.extend(out.syncs_ms);
        notes += out.notes;
        for (k, v) in out.failures {
            *failures.entry(k).or_default() += v;
        }
    }
    let wall = started.elapsed().as_secs_f64();
    syncs.sort_by(f64::total_cmp);
    let failed: u64 = failures.values().sum();
    let p99 = percentile(&syncs, 99.0);
    let result = json!({
        "backend": backend.name(),
        "devices": teams * TEAM_SIZE,
        "teams": teams,
        "seconds": round1(wall),
        "enrol_seconds": round1(enrol_s),
        "syncs": syncs.len(),
        "syncs_per_s": round1(syncs.len() as f64 / wall),
        "notes_written": notes,
        "sync_ms": {
            "p50": round1(percentile(&syncs, 50.0)),
            "p90": round1(percentile(&syncs, 90.0)),
            "p99": round1(p99),
            "max": round1(syncs.last().copied().unwrap_or(f64::NAN)),
        },
        "failed_syncs": failures,
        "held": failed == 0 && p99 < P99_TARGET_MS,
    });
    eprintln!("  {result}");
    drop(hubs);
    Some(result)
}

fn loadavg() -> Option<String> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let secs = if quick { 10 } else { 30 };
    let base = std::env::var_os("SENIM_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let load_at_start = loadavg();
    let backends = [
        Backend::Sqlite,
        Backend::Postgres { instances: 1 },
        Backend::Postgres { instances: 2 },
    ];
    let mut runs = Vec::new();
    let mut capacity = serde_json::Map::new();
    runtime.block_on(async {
        // The two sizes the issue names, backend after backend, in one run.
        for devices in [100, 500] {
            for backend in backends {
                eprintln!("{} devices, {}", devices, backend.name());
                if let Some(r) = run(backend, devices, secs, &base).await {
                    runs.push(r);
                }
            }
        }
        if quick {
            return;
        }
        // Larger counts, each backend until it no longer holds.
        for backend in backends {
            for devices in [1000, 2000, 4000] {
                eprintln!("search: {} devices, {}", devices, backend.name());
                let Some(r) = run(backend, devices, secs, &base).await else {
                    break;
                };
                let held = r["held"].as_bool().unwrap_or(false);
                runs.push(r);
                if !held {
                    break;
                }
            }
        }
    });
    // The most devices each backend held with every smaller count held too.
    for backend in backends {
        let mut mine: Vec<(u64, bool)> = runs
            .iter()
            .filter(|r| r["backend"] == backend.name())
            .map(|r| (r["devices"].as_u64().unwrap_or(0), r["held"] == true))
            .collect();
        mine.sort_unstable();
        let held = mine
            .iter()
            .take_while(|(_, held)| *held)
            .last()
            .map(|(n, _)| *n);
        capacity.insert(backend.name(), json!(held));
    }
    let out = json!({
        "bench": "hub_scale",
        "quick": quick,
        "seconds_per_run": secs,
        "team_size": TEAM_SIZE,
        "sync_interval_ms": INTERVAL.as_millis() as u64,
        "note_before_sync_chance": NOTE_CHANCE,
        "target": format!("p99 of a whole sync < {P99_TARGET_MS} ms, no failed sync"),
        "loadavg_at_start": load_at_start,
        "loadavg_at_end": loadavg(),
        "runs": runs,
        "most_devices_held": capacity,
    });
    println!("{}", serde_json::to_string_pretty(&out).expect("JSON"));
}
