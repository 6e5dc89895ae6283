//! `senim demo`: a whole field day, end to end, on this machine. An embedded demo hub on
//! loopback, a demo team (a lead and N workers, each with a demo vault), every worker
//! recording notes and screening interviews offline from the synthetic generator, two
//! concurrent edits of the same notes, everyone syncing, and the lead's merged picture.
//!
//! Everything here is demo: the vaults are marked, the hub serves demo teams only, the
//! data is synthetic. It runs in a temporary directory unless `--keep DIR` is given, and
//! never touches the vault of `--vault`.
//!
//! Its arguments are its own ([`DemoArgs`]).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::Args;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use senim_client::{HubClient, SyncReport};
use senim_content::Library;
use senim_content::screening::Level;
use senim_demo::generator::{self, FillReport, GeneratorConfig};
use senim_demo::vault::{self as demo_vault, DemoSettings};
use senim_protocol::team::Role;
use senim_records::{PageRequest, Record, RecordBody, RecordFilter, RecordId, ReferralStatus};
use senim_vault::Vault;
use serde::Serialize;

use crate::global::Global;
use crate::output;
use crate::words;
use senim_cli::hub_client::UreqTransport;
use senim_l10n::{Locale, args};

/// `senim demo`: the field day's size and seed.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Outreach workers in the demo team
    #[arg(long, value_name = "N", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(1..=50))]
    pub workers: u32,
    /// Records each worker creates offline (notes, subjects, consents, interviews,
    /// referrals)
    #[arg(long, value_name = "M", default_value_t = 100,
          value_parser = clap::value_parser!(u32).range(1..=20_000))]
    pub records: u32,
    /// The synthetic-data generator's seed (the same seed gives the same cases)
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Keep the vaults and the hub's data in DIR (new or empty) to explore them with
    /// the other commands afterwards; without it, everything goes when the demo ends
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,
}

/// The lead's name in the summary's counts (its JSON is the same in every language).
const LEAD: &str = "lead";

/// Records a worker writes per generator call (one step of the progress bar).
const CHUNK: usize = 50;

/// Call signs of the demo workers (fictional); beyond them, "worker N".
const CALL_SIGNS: &[&str] = &[
    "Aigerim", "Bakhyt", "Dilnoza", "Farrukh", "Gulnara", "Jamshid", "Kamila", "Nurlan",
    "Saltanat", "Timur",
];

struct Worker {
    name: String,
    vault: Vault,
    generated: FillReport,
}

/// What the lead sees once everyone has synced.
#[derive(Debug, Default, Serialize)]
struct LeadView {
    records: usize,
    by_worker: BTreeMap<String, usize>,
    by_kind: BTreeMap<String, usize>,
    assessments: BTreeMap<String, usize>,
    open_referrals: usize,
    referrals_by_status: BTreeMap<String, usize>,
    /// Concurrent edits of one note by two workers that merged with nothing lost.
    merged_edits: usize,
    conflicts: Vec<ConflictView>,
}

#[derive(Debug, Serialize)]
struct ConflictView {
    record: String,
    field: String,
    values: Vec<(String, String)>,
}

#[derive(Debug, Serialize)]
struct WorkerSummary {
    name: String,
    created: usize,
    subjects: usize,
    notes: usize,
    interviews: usize,
    referrals: usize,
    sent: u64,
    received: u64,
}

#[derive(Debug, Serialize)]
struct DemoSummary {
    seed: u64,
    hub: String,
    directory: Option<PathBuf>,
    workers: Vec<WorkerSummary>,
    created: usize,
    lead: LeadView,
    timings_ms: BTreeMap<&'static str, u128>,
}

pub fn run(global: &Global, args: &DemoArgs) -> Result<()> {
    let started = Instant::now();
    let library = crate::library::library(global)?;
    let (_temp, root) = match &args.keep {
        Some(dir) => {
            prepare_keep_dir(dir)?;
            (None, dir.clone())
        }
        None => {
            let temp = tempfile::Builder::new()
                .prefix("senim-demo-")
                .tempdir()
                .context("cannot create a temporary directory")?;
            let root = temp.path().to_path_buf();
            (Some(temp), root)
        }
    };
    let progress = if global.json {
        MultiProgress::with_draw_target(ProgressDrawTarget::hidden())
    } else {
        MultiProgress::new()
    };
    let mut timings = BTreeMap::new();

    // The embedded demo hub, on a free loopback port, for the length of the run.
    let hub = EmbeddedHub::start(&root.join("hub"))?;
    let url = hub.url();
    crate::session::demo_banner();
    if !global.json {
        output::line(words::format(
            "cli-demo-start",
            &args![
                "seed" => args.seed.to_string(),
                "workers" => args.workers,
                "records" => args.records,
                "hub" => hub.addr.to_string()
            ],
        ))?;
    }

    // The team: demo vaults for the lead and every worker, enrolled through the hub.
    let phase = Instant::now();
    let enrol = bar(
        &progress,
        args.workers as u64 + 1,
        &words::text("cli-demo-enrolling"),
    );
    let lead_vault = demo_vault::create(
        &root.join("lead"),
        &library,
        &DemoSettings::new(args.seed, 0),
    )?
    .0;
    HubClient::new(&lead_vault, &mut transport(&url)?)
        .create_team("Field day (demo)", "Team lead", &url)
        .context("cannot create the demo team on the embedded hub")?;
    enrol.inc(1);
    let mut workers = Vec::new();
    for n in 0..args.workers as usize {
        let name = CALL_SIGNS
            .get(n)
            .map(|s| s.to_string())
            .unwrap_or_else(|| words::format("cli-demo-worker-n", &args!["n" => n + 1]));
        let dir = root.join(format!("worker-{}", n + 1));
        let seed = worker_seed(args.seed, n);
        let (vault, _) = demo_vault::create(&dir, &library, &DemoSettings::new(seed, 0))?;
        let request = vault.team_request(&name)?;
        let welcome = HubClient::new(&lead_vault, &mut transport(&url)?)
            .approve(&request, Role::Worker)
            .with_context(|| format!("cannot admit {name}"))?;
        vault.team_join(&welcome)?;
        workers.push(Worker {
            name,
            vault,
            generated: FillReport::default(),
        });
        enrol.inc(1);
    }
    enrol.finish_with_message(words::text("cli-demo-enrolled"));
    timings.insert("enrol", phase.elapsed().as_millis());

    // Offline: every worker records notes and interviews, at the same time.
    let phase = Instant::now();
    let records = args.records as usize;
    std::thread::scope(|scope| -> Result<()> {
        let mut running = Vec::new();
        for (n, worker) in workers.iter_mut().enumerate() {
            let bar = bar(
                &progress,
                records as u64,
                &words::format("cli-demo-recording", &args!["name" => &worker.name]),
            );
            let library = &library;
            let seed = worker_seed(args.seed, n);
            running.push(scope.spawn(move || record_offline(worker, library, seed, records, &bar)));
        }
        for handle in running {
            handle
                .join()
                .map_err(|_| anyhow::anyhow!("a worker's recording thread failed"))??;
        }
        Ok(())
    })?;
    timings.insert("record", phase.elapsed().as_millis());

    // Everyone syncs: workers push, the lead pulls, workers pull each other's records.
    let phase = Instant::now();
    let mut reports: Vec<SyncReport> = workers.iter().map(|_| SyncReport::default()).collect();
    let syncing = bar(
        &progress,
        (workers.len() * 2 + 1) as u64,
        &words::text("cli-demo-syncing"),
    );
    sync_all(&mut workers, &url, &mut reports, &syncing)?;
    sync(&lead_vault, &url)?;
    syncing.inc(1);
    sync_all(&mut workers, &url, &mut reports, &syncing)?;
    syncing.finish_with_message(words::text("cli-demo-synced"));

    // Two workers edit the same two notes while offline: one edit merges cleanly (a
    // tag on one side, more text on the other), one writes different places (a
    // conflict the lead sees with both values and both authors).
    // The demo's own words in the notes: the worker's language, English for --json
    // (whose output is the same in every language).
    let story = Story::new(if global.json {
        Locale::En
    } else {
        words::locale()
    });
    let concurrent = if workers.len() >= 2 {
        concurrent_edits(&workers[0].vault, &workers[1].vault, &story)?
    } else {
        Vec::new()
    };
    if !concurrent.is_empty() {
        let again = bar(&progress, 3, &words::text("cli-demo-syncing-edits"));
        for w in &workers[..2] {
            sync(&w.vault, &url)?;
            again.inc(1);
        }
        sync(&lead_vault, &url)?;
        again.inc(1);
        again.finish_with_message(words::text("cli-demo-merged"));
    }
    timings.insert("sync", phase.elapsed().as_millis());

    let phase = Instant::now();
    let mut lead = lead_view(&lead_vault, &workers)?;
    if let Some(id) = concurrent.first() {
        lead.merged_edits = usize::from(merged_cleanly(&lead_vault, *id, &story)?);
    }
    timings.insert("lead_view", phase.elapsed().as_millis());
    timings.insert("total", started.elapsed().as_millis());
    progress.clear().ok();

    let created: usize = workers.iter().map(|w| w.generated.records()).sum();
    let summary = DemoSummary {
        seed: args.seed,
        hub: url.clone(),
        directory: args.keep.clone(),
        workers: workers
            .iter()
            .zip(&reports)
            .map(|(w, r)| WorkerSummary {
                name: w.name.clone(),
                created: w.generated.records(),
                subjects: w.generated.subjects,
                notes: w.generated.notes,
                interviews: w.generated.interviews,
                referrals: w.generated.referrals,
                sent: r.sent,
                received: r.received,
            })
            .collect(),
        created,
        lead,
        timings_ms: timings,
    };
    for w in workers {
        let mut vault = w.vault;
        vault.lock()?;
    }
    let mut lead_vault = lead_vault;
    lead_vault.lock()?;
    hub.stop()?;

    if summary.lead.records != created {
        bail!(
            "the lead holds {} records, the workers created {}",
            summary.lead.records,
            created
        );
    }
    if global.json {
        return output::json(&summary);
    }
    print_summary(&summary, args)
}

/// A distinct, reproducible generator seed for worker `n` of the run seeded `seed`.
fn worker_seed(seed: u64, n: usize) -> u64 {
    seed.wrapping_mul(0x9e37_79b9_7f4a_7c15)
        .wrapping_add((n as u64 + 1).wrapping_mul(0xbf58_476d_1ce4_e5b9))
}

fn prepare_keep_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            bail!(words::format(
                "cli-demo-keep-not-empty",
                &args!["dir" => dir.display().to_string()]
            ));
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))
}

fn bar(progress: &MultiProgress, len: u64, message: &str) -> ProgressBar {
    let bar = progress.add(ProgressBar::new(len));
    bar.set_style(
        ProgressStyle::with_template("{msg:32} [{bar:30}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.set_message(message.to_string());
    bar
}

/// Demo vaults hold nothing real: plain HTTP to a demo hub anywhere is allowed.
fn transport(url: &str) -> Result<UreqTransport> {
    Ok(UreqTransport::connect(url, None, true)?)
}

fn sync(vault: &Vault, url: &str) -> Result<SyncReport> {
    Ok(HubClient::new(vault, &mut transport(url)?).sync()?)
}

/// Every worker syncs once, all at the same time; adds what each sent and received.
fn sync_all(
    workers: &mut [Worker],
    url: &str,
    reports: &mut [SyncReport],
    bar: &ProgressBar,
) -> Result<()> {
    std::thread::scope(|scope| -> Result<()> {
        let running: Vec<_> = workers
            .iter_mut()
            .map(|w| {
                let w: &mut Worker = w;
                scope.spawn(move || sync(&w.vault, url))
            })
            .collect();
        for (handle, total) in running.into_iter().zip(reports.iter_mut()) {
            let report = handle
                .join()
                .map_err(|_| anyhow::anyhow!("a worker's sync thread failed"))??;
            total.sent += report.sent;
            total.received += report.received;
            bar.inc(1);
        }
        Ok(())
    })
}

fn record_offline(
    worker: &mut Worker,
    library: &Library,
    seed: u64,
    records: usize,
    bar: &ProgressBar,
) -> Result<()> {
    let mut done = 0;
    let mut chunk = 0u64;
    while done < records {
        let mut config = GeneratorConfig::new(
            seed.wrapping_add(chunk.wrapping_mul(0x94d0_49bb_1331_11eb)),
            CHUNK.min(records - done),
        );
        config.worker = worker.name.clone();
        let report = generator::fill(&worker.vault, library, &config)?;
        if report.records() == 0 {
            break;
        }
        done += report.records();
        add_report(&mut worker.generated, &report);
        bar.set_position(done.min(records) as u64);
        chunk += 1;
    }
    bar.finish();
    Ok(())
}

fn add_report(total: &mut FillReport, more: &FillReport) {
    total.subjects += more.subjects;
    total.notes += more.notes;
    total.consents += more.consents;
    total.interviews += more.interviews;
    total.referrals += more.referrals;
    for (level, n) in &more.by_level {
        *total.by_level.entry(*level).or_default() += n;
    }
}

/// The first note (oldest) of `a` that `b` also holds.
fn shared_notes(a: &Vault, b: &Vault, n: usize) -> Result<Vec<RecordId>> {
    let filter = RecordFilter {
        kind: Some(senim_records::RecordKind::OutreachNote),
        ..RecordFilter::default()
    };
    let mut found = Vec::new();
    for record in a
        .list(&filter, &PageRequest::first(PageRequest::MAX_LIMIT))?
        .records
    {
        if b.get(record.id).is_ok() {
            found.push(record.id);
            if found.len() == n {
                break;
            }
        }
    }
    Ok(found)
}

/// What the demo's workers write into the notes they edit at the same time.
struct Story {
    /// The follow-up sentence one worker adds to a note.
    follow_up: String,
    /// The two places the workers give the same note.
    places: [String; 2],
}

impl Story {
    fn new(locale: Locale) -> Story {
        Story {
            follow_up: words::text_in(locale, "cli-demo-story-follow-up"),
            places: [
                words::text_in(locale, "cli-demo-story-place-platform"),
                words::text_in(locale, "cli-demo-story-place-hall"),
            ],
        }
    }
}

/// Edits two notes on both devices while neither has the other's edit; returns the
/// notes edited (the one that merges cleanly first).
fn concurrent_edits(a: &Vault, b: &Vault, story: &Story) -> Result<Vec<RecordId>> {
    let ids = shared_notes(a, b, 2)?;
    if ids.len() < 2 {
        return Ok(Vec::new());
    }
    let edit =
        |vault: &Vault, id: RecordId, f: &dyn Fn(&mut senim_records::OutreachNote)| -> Result<()> {
            let record = vault.get(id)?;
            if let RecordBody::OutreachNote(mut note) = record.body {
                f(&mut note);
                vault.update(id, RecordBody::OutreachNote(note))?;
            }
            Ok(())
        };
    // A clean merge: a tag from one worker, a follow-up sentence from the other.
    edit(a, ids[0], &|n| n.tags.push("follow-up".into()))?;
    edit(b, ids[0], &|n| {
        n.text.push(' ');
        n.text.push_str(&story.follow_up);
    })?;
    // A conflict: each worker corrects the place differently.
    edit(a, ids[1], &|n| n.place = Some(story.places[0].clone()))?;
    edit(b, ids[1], &|n| n.place = Some(story.places[1].clone()))?;
    Ok(ids)
}

/// Whether the lead holds both sides of the clean concurrent edit of `id`.
fn merged_cleanly(lead: &Vault, id: RecordId, story: &Story) -> Result<bool> {
    let record = lead.get(id)?;
    Ok(match record.body {
        RecordBody::OutreachNote(n) => {
            n.tags.iter().any(|t| t == "follow-up")
                && n.text.contains(&story.follow_up)
                && record.conflicts.is_empty()
        }
        _ => false,
    })
}

fn lead_view(lead: &Vault, workers: &[Worker]) -> Result<LeadView> {
    let names: BTreeMap<String, String> = workers
        .iter()
        .map(|w| (w.vault.device_id(), w.name.clone()))
        .collect();
    let mut view = LeadView::default();
    let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
    loop {
        let listed = lead.list(&RecordFilter::default(), &page)?;
        for record in &listed.records {
            count(&mut view, record, &names);
        }
        match listed.next {
            Some(next) => page.after = Some(next),
            None => break,
        }
    }
    Ok(view)
}

fn count(view: &mut LeadView, record: &Record, names: &BTreeMap<String, String>) {
    view.records += 1;
    let author = names
        .get(&record.created_by)
        .cloned()
        .unwrap_or_else(|| LEAD.into());
    *view.by_worker.entry(author).or_default() += 1;
    *view.by_kind.entry(record.kind.to_string()).or_default() += 1;
    match &record.body {
        RecordBody::Interview(i) => {
            if let Some(a) = &i.assessment {
                *view.assessments.entry(a.level.clone()).or_default() += 1;
            }
        }
        RecordBody::Referral(r) => {
            let status = serde_json::to_value(r.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            *view.referrals_by_status.entry(status).or_default() += 1;
            if matches!(
                r.status,
                ReferralStatus::Proposed | ReferralStatus::Accepted
            ) {
                view.open_referrals += 1;
            }
        }
        _ => {}
    }
    for conflict in &record.conflicts {
        view.conflicts.push(ConflictView {
            record: record.id.to_string(),
            field: conflict.field.clone(),
            values: conflict
                .values
                .iter()
                .map(|v| {
                    let who = names.get(&v.device).cloned().unwrap_or_else(|| LEAD.into());
                    (
                        who,
                        v.value
                            .as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.value.to_string()),
                    )
                })
                .collect(),
        });
    }
}

/// A demo author as the worker reads it: a call sign, or the lead.
fn author(name: &str) -> String {
    if name == LEAD {
        words::text("cli-demo-lead")
    } else {
        name.to_string()
    }
}

fn print_summary(s: &DemoSummary, args: &DemoArgs) -> Result<()> {
    output::line("")?;
    output::line(words::text("cli-demo-workers"))?;
    let mut t = output::Table::of_keys(&[
        "cli-demo-column-worker",
        "cli-demo-column-records",
        "cli-demo-column-subjects",
        "cli-demo-column-notes",
        "cli-demo-column-interviews",
        "cli-demo-column-referrals",
        "cli-demo-column-sent",
        "cli-demo-column-received",
    ]);
    for w in &s.workers {
        t.row(vec![
            w.name.clone(),
            w.created.to_string(),
            w.subjects.to_string(),
            w.notes.to_string(),
            w.interviews.to_string(),
            w.referrals.to_string(),
            w.sent.to_string(),
            w.received.to_string(),
        ]);
    }
    t.print()?;

    output::line("")?;
    output::line(words::format(
        "cli-demo-lead-view",
        &args!["held" => s.lead.records, "created" => s.created],
    ))?;
    let mut t = output::Table::of_keys(&["cli-demo-column-by-worker", "cli-demo-column-count"]);
    for (name, n) in &s.lead.by_worker {
        t.row(vec![author(name), n.to_string()]);
    }
    t.print()?;
    output::line("")?;
    let mut t = output::Table::of_keys(&["cli-demo-column-by-level", "cli-demo-column-count"]);
    for level in Level::ALL {
        let n = s.lead.assessments.get(level.as_str()).copied().unwrap_or(0);
        t.row(vec![
            words::named("cli-level-", level.as_str()),
            n.to_string(),
        ]);
    }
    t.print()?;
    output::line("")?;
    let mut t = output::Table::of_keys(&["cli-demo-column-by-status", "cli-demo-column-count"]);
    for (status, n) in &s.lead.referrals_by_status {
        t.row(vec![
            words::named("cli-referral-status-", status),
            n.to_string(),
        ]);
    }
    t.print()?;
    output::line(words::format(
        "cli-demo-open-referrals",
        &args!["count" => s.lead.open_referrals],
    ))?;
    output::line("")?;
    if s.lead.merged_edits > 0 {
        output::line(words::format(
            "cli-demo-merged-edits",
            &args!["count" => s.lead.merged_edits],
        ))?;
    }
    if s.lead.conflicts.is_empty() {
        output::line(words::text("cli-demo-no-conflicts"))?;
    } else {
        output::line(words::format(
            "cli-demo-conflicts",
            &args!["count" => s.lead.conflicts.len()],
        ))?;
        for c in &s.lead.conflicts {
            let values: Vec<String> = c
                .values
                .iter()
                .map(|(who, value)| {
                    words::format(
                        "cli-demo-conflict-value",
                        &args!["value" => value, "who" => author(who)],
                    )
                })
                .collect();
            output::line(words::format(
                "cli-demo-conflict",
                &args![
                    "record" => &c.record[..8],
                    "field" => words::named("cli-field-", &c.field),
                    "values" => values.join(" / ")
                ],
            ))?;
        }
    }
    output::line("")?;
    let secs = |k: &str| {
        let ms = Duration::from_millis(s.timings_ms.get(k).copied().unwrap_or(0) as u64);
        format!("{:.1}", ms.as_secs_f64())
    };
    output::line(words::format(
        "cli-demo-timings",
        &args![
            "enrol" => secs("enrol"),
            "record" => secs("record"),
            "sync" => secs("sync"),
            "view" => secs("lead_view"),
            "total" => secs("total")
        ],
    ))?;
    if let Some(dir) = &args.keep {
        output::line("")?;
        output::line(words::format(
            "cli-demo-kept",
            &args!["dir" => dir.display().to_string()],
        ))?;
    }
    Ok(())
}

/// The demo hub, served on a runtime of its own thread until stopped.
struct EmbeddedHub {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Result<()>>>,
}

impl EmbeddedHub {
    fn start(data: &Path) -> Result<EmbeddedHub> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .context("cannot start the hub's runtime")?;
        let mut config = senim_hub::HubConfig::new(data.to_path_buf());
        config.demo = true;
        let listening = runtime
            .block_on(senim_hub::bind(
                SocketAddr::from(([127, 0, 0, 1], 0)),
                config,
            ))
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let addr = listening.local_addr();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || -> Result<()> {
            runtime
                .block_on(listening.serve(async {
                    let _ = stopped.await;
                }))
                .map_err(|e| anyhow::anyhow!("{e}"))
        });
        Ok(EmbeddedHub {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn stop(mut self) -> Result<()> {
        self.shutdown()
    }

    fn shutdown(&mut self) -> Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take() {
            Some(thread) => thread
                .join()
                .map_err(|_| anyhow::anyhow!("the hub's thread failed"))?,
            None => Ok(()),
        }
    }
}

impl Drop for EmbeddedHub {
    fn drop(&mut self) {
        let _ = self.shutdown();
    }
}
