//! A sync and the rest of the app at the same time: the hub client holds the vault only
//! while it seals, signs or applies, never while a request is on the network, so a note
//! can be written while the sync waits on a stalled connection; and an interrupt stops a
//! sync between two steps with nothing half-done, after which the next sync completes.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use senim_client::{HubClient, HubRequest, HubResponse, HubTransport, Method};
use senim_tests::team::{Team, note};
use senim_tests::{HttpTransport, HubProcess};
use senim_vault::{InterruptHandle, Vault};

/// How long a step that should be immediate may take before the test calls it stuck.
const PATIENCE: Duration = Duration::from_secs(20);

fn is_sync_message(request: &HubRequest) -> bool {
    request.method == Method::Post && request.path.ends_with("/sync")
}

/// Forwards to the hub, but holds the first sync message until the test says so
/// (a connection that stalls mid-sync), telling the test when it stalls.
struct Stalling {
    inner: HttpTransport<'static>,
    stalled: Sender<()>,
    release: Receiver<()>,
    done: bool,
}

impl HubTransport for Stalling {
    fn send(&mut self, request: &HubRequest) -> Result<HubResponse, String> {
        if !self.done && is_sync_message(request) {
            self.done = true;
            let _ = self.stalled.send(());
            self.release
                .recv_timeout(PATIENCE * 2)
                .map_err(|_| "the test never released the connection".to_string())?;
        }
        self.inner.send(request)
    }
}

/// Forwards to the hub, and interrupts the vault once the first sync message is on its
/// way (as the app does when the worker cancels, or a panic wipe starts).
struct Interrupting {
    inner: HttpTransport<'static>,
    handle: InterruptHandle,
    fired: bool,
}

impl HubTransport for Interrupting {
    fn send(&mut self, request: &HubRequest) -> Result<HubResponse, String> {
        if !self.fired && is_sync_message(request) {
            self.fired = true;
            self.handle.interrupt();
        }
        self.inner.send(request)
    }
}

/// The worker's vault, taken out of the team to be shared between threads.
fn shared_worker(team: &mut Team) -> Arc<Mutex<Vault>> {
    let device = team.devices.remove(1);
    Arc::new(Mutex::new(device.vault))
}

fn note_texts(vault: &Vault) -> std::collections::BTreeSet<String> {
    senim_tests::team::all_records(vault)
        .values()
        .filter_map(|r| match &r.body {
            senim_records::RecordBody::OutreachNote(n) => Some(n.text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_note_is_written_while_a_sync_waits_on_a_stalled_connection() {
    let root = tempfile::tempdir().expect("temp dir");
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let mut team = Team::enrol(root.path(), &hub.url(), 1);
    let worker = shared_worker(&mut team);
    worker
        .lock()
        .unwrap()
        .add(note("before the sync"))
        .expect("add a note");

    let (stalled_tx, stalled_rx) = channel();
    let (release_tx, release_rx) = channel();
    let syncing = {
        let worker = worker.clone();
        let url = hub.url();
        std::thread::spawn(move || {
            let mut transport = Stalling {
                inner: HttpTransport::new(&url),
                stalled: stalled_tx,
                release: release_rx,
                done: false,
            };
            HubClient::new(&*worker, &mut transport).sync()
        })
    };
    stalled_rx
        .recv_timeout(PATIENCE)
        .expect("the sync reaches its first message");

    // The sync waits on the network: the vault must be free for the app.
    let (added_tx, added_rx) = channel();
    let writer = {
        let worker = worker.clone();
        std::thread::spawn(move || {
            let id = worker
                .lock()
                .unwrap()
                .add(note("written while the sync waits"));
            let _ = added_tx.send(id.is_ok());
        })
    };
    let added = added_rx.recv_timeout(PATIENCE);
    release_tx.send(()).expect("release the connection");
    assert_eq!(
        added,
        Ok(true),
        "the note could not be written while the sync waited on the network"
    );
    writer.join().expect("the writer thread");
    let report = syncing
        .join()
        .expect("the sync thread")
        .expect("the sync completes once the connection moves again");
    assert_eq!(report.sent, 1, "the note sealed before the stall went out");

    // The note written meanwhile goes out with the next sync and reaches the lead.
    let mut transport = HttpTransport::new(&hub.url());
    HubClient::new(&*worker, &mut transport)
        .sync()
        .expect("second sync");
    team.lead().sync(&hub.url()).expect("the lead syncs");
    let lead = team.lead().note_texts();
    assert!(lead.contains("before the sync"), "{lead:?}");
    assert!(lead.contains("written while the sync waits"), "{lead:?}");
}

#[test]
fn an_interrupted_sync_stops_between_two_steps_and_the_next_one_completes() {
    let root = tempfile::tempdir().expect("temp dir");
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let mut team = Team::enrol(root.path(), &hub.url(), 1);
    team.lead()
        .vault
        .add(note("from the lead"))
        .expect("lead note");
    team.lead().sync(&hub.url()).expect("the lead syncs");
    let worker = shared_worker(&mut team);
    worker
        .lock()
        .unwrap()
        .add(note("from the worker"))
        .expect("worker note");

    let handle = worker.lock().unwrap().interrupt_handle();
    let mut transport = Interrupting {
        inner: HttpTransport::new(&hub.url()),
        handle,
        fired: false,
    };
    let err = HubClient::new(&*worker, &mut transport)
        .sync()
        .expect_err("the interrupted sync stops");
    assert!(err.is_interrupted(), "{err:?}");
    assert!(transport.fired);
    // Nothing half-done: the vault is whole and the next sync finishes the work.
    worker
        .lock()
        .unwrap()
        .audit_verify()
        .expect("the audit chain is intact");
    let mut transport = HttpTransport::new(&hub.url());
    HubClient::new(&*worker, &mut transport)
        .sync()
        .expect("the next sync completes");
    let texts = note_texts(&worker.lock().unwrap());
    assert!(texts.contains("from the lead"), "{texts:?}");
    team.lead().sync(&hub.url()).expect("the lead syncs");
    assert!(team.lead().note_texts().contains("from the worker"));
}
