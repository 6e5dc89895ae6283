//! Work that talks to the hub holds the vault only for its steps: while the hub is slow
//! to answer, the app goes on using the vault; and `interrupt` stops that work at its
//! next step.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pollster::block_on;

use crate::error::SenimError;
use crate::records::Note;
use crate::sync::{HttpAnswer, HttpCall, SyncTransport};
use crate::vault::SenimVault;

const PASS: &[u8] = b"correct horse 8";
const PATIENCE: Duration = Duration::from_secs(20);

/// A hub that does not answer until the test lets it: tells the test when a request
/// arrives; once released, answers as a healthy real hub would (`healthy`), or fails
/// the request (the connection dropped).
struct Stalling {
    arrived: Mutex<Sender<()>>,
    release: Mutex<Receiver<()>>,
    healthy: bool,
}

impl SyncTransport for Stalling {
    fn send(&self, _call: HttpCall) -> Result<HttpAnswer, SenimError> {
        let _ = self.arrived.lock().unwrap().send(());
        let _ = self.release.lock().unwrap().recv_timeout(PATIENCE * 2);
        if self.healthy {
            return Ok(HttpAnswer {
                status: 200,
                headers: Vec::new(),
                body: br#"{"status":"ok","version":"1","demo":false}"#.to_vec(),
            });
        }
        Err(SenimError::from(senim_client::Error::Unreachable(
            "the connection dropped".into(),
        )))
    }
}

fn note(text: &str) -> Note {
    Note {
        text: text.into(),
        place: None,
        tags: Vec::new(),
        at: std::time::SystemTime::now(),
        subject: None,
    }
}

fn vault() -> (tempfile::TempDir, Arc<SenimVault>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vault").display().to_string();
    let vault = block_on(SenimVault::create(
        path,
        PASS.to_vec().into(),
        crate::tests::memory(),
    ))
    .unwrap();
    (dir, vault)
}

/// Starts `create_team` on another thread through a stalling hub; returns when the
/// request is on the network, with the way to let it go and the call's outcome.
fn stalled_team_creation(
    vault: &Arc<SenimVault>,
    healthy: bool,
) -> (Sender<()>, std::thread::JoinHandle<Result<(), SenimError>>) {
    let (arrived_tx, arrived_rx) = channel();
    let (release_tx, release_rx) = channel();
    let transport = Arc::new(Stalling {
        arrived: Mutex::new(arrived_tx),
        release: Mutex::new(release_rx),
        healthy,
    });
    let calling = {
        let vault = vault.clone();
        std::thread::spawn(move || {
            block_on(vault.create_team(
                "Almaty outreach".into(),
                "lead".into(),
                "http://127.0.0.1:9".into(),
                transport,
                None,
                None,
            ))
            .map(drop)
        })
    };
    arrived_rx
        .recv_timeout(PATIENCE)
        .expect("the request reaches the network");
    (release_tx, calling)
}

#[test]
fn the_vault_stays_usable_while_a_call_waits_on_the_hub() {
    let (_dir, vault) = vault();
    let (release, calling) = stalled_team_creation(&vault, false);

    let (added_tx, added_rx) = channel();
    let writer = {
        let vault = vault.clone();
        std::thread::spawn(move || {
            let _ = added_tx.send(
                vault
                    .add_note(note("written while the hub is slow"))
                    .is_ok(),
            );
        })
    };
    let added = added_rx.recv_timeout(PATIENCE);
    release.send(()).unwrap();
    assert_eq!(
        added,
        Ok(true),
        "the note could not be written while a call waited on the hub"
    );
    writer.join().unwrap();
    assert!(
        calling.join().unwrap().is_err(),
        "the dropped connection is an error"
    );
    assert_eq!(
        vault.search("slow".into(), 10, None).unwrap().records.len(),
        1
    );
}

#[test]
fn interrupt_stops_a_call_waiting_on_the_hub_at_its_next_step() {
    let (_dir, vault) = vault();
    let (release, calling) = stalled_team_creation(&vault, true);
    vault.interrupt();
    release.send(()).unwrap();
    let err = calling.join().unwrap().expect_err("the call stops");
    assert!(matches!(err, SenimError::Interrupted), "{err:?}");
    assert!(
        vault.team().unwrap().is_none(),
        "nothing of the team was stored"
    );
    // Interrupting affects only work begun before: the vault goes on working.
    vault.add_note(note("after the interrupt")).unwrap();
}
