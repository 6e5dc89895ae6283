//! Faults between devices and a real hub process: connections cut at random bytes while
//! pushing and pulling, the hub killed and restarted mid-sync, envelopes duplicated,
//! reordered, truncated or with one byte flipped on their way in either direction.
//! Tampered envelopes are rejected with a clear error, nothing is lost, and the next
//! sync completes.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use senim_client::Error;
use senim_client::{HubClient, HubRequest, HubResponse, Method};
use senim_protocol::Error as ProtocolError;
use senim_protocol::sync::hub_api;
use senim_records::RecordBody;
use senim_tests::team::{Device, Team};
use senim_tests::{
    CutProxy, Direction, Fault, HttpTransport, HubProcess, Rng, map_envelopes, resign,
};

fn assert_converged(team: &Team, written: &BTreeSet<String>) {
    team.sync_all();
    for d in &team.devices {
        assert_eq!(&d.note_texts(), written, "{} holds every note", d.name);
        d.vault.audit_verify().expect("the audit chain is intact");
    }
    let lead = serde_json::to_value(team.lead().records()).expect("json");
    for d in &team.devices[1..] {
        assert_eq!(serde_json::to_value(d.records()).expect("json"), lead);
    }
}

fn is_sync(request: &HubRequest) -> bool {
    request.method == Method::Post && request.path.ends_with("/sync")
}

#[test]
fn connections_cut_at_random_bytes_while_pushing_and_pulling_lose_nothing() {
    let trials: u64 = std::env::var("SENIM_CUT_TRIALS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let root = tempfile::tempdir().expect("temp dir");
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let proxy = CutProxy::start(hub.addr());
    let team = Team::enrol(root.path(), &proxy.url(), 2);
    let mut rng = Rng::from_env(0x5EED_C075);
    let mut written = BTreeSet::new();
    // Bytes each way of the last complete sync: where a cut can land.
    let mut span = [4096u64, 4096u64];
    let (mut cut, mut failed) = (0u64, 0u64);
    let mut trial = 0u64;
    while cut < trials {
        trial += 1;
        assert!(
            trial < trials * 4,
            "too few trials were cut: {cut} of {trial}"
        );
        let dev = (trial % 3) as usize;
        let device = &team.devices[dev];
        for k in 0..=rng.below(3) {
            let text = format!("trial {trial} note {k} by {}", device.name);
            device.add_note(&text);
            written.insert(text);
        }
        if rng.below(4) == 0 {
            // Also change a record someone else wrote, so pulls carry edits.
            if let Some((id, record)) = device.records().into_iter().next()
                && !record.deleted
            {
                let mut body = record.body;
                if let RecordBody::OutreachNote(n) = &mut body {
                    n.place = Some(format!("place of trial {trial}"));
                }
                device.vault.update(id, body).expect("edit");
            }
        }
        let direction = if rng.coin() {
            Direction::Push
        } else {
            Direction::Pull
        };
        let at = rng.below(span[direction as usize] + 1);
        proxy.arm(direction, at);
        let before = proxy.cuts();
        let outcome = device.sync(&proxy.url());
        proxy.disarm();
        if proxy.cuts() > before {
            cut += 1;
            if let Err(e) = &outcome {
                failed += 1;
                assert!(
                    matches!(e, Error::Unreachable(_)),
                    "a cut connection is reported as unreachable, not {e:?}"
                );
            }
        }
        // The next sync completes, whatever happened to the last one.
        let (push0, pull0) = (proxy.bytes(Direction::Push), proxy.bytes(Direction::Pull));
        let report = device
            .sync(&proxy.url())
            .unwrap_or_else(|e| panic!("trial {trial}: the sync after a cut failed: {e}"));
        assert_eq!(report.rejected, 0, "{report:?}");
        span = [
            (proxy.bytes(Direction::Push) - push0).max(1),
            (proxy.bytes(Direction::Pull) - pull0).max(1),
        ];
    }
    eprintln!("{trial} trials, {cut} cut, {failed} syncs failed by the cut");
    assert!(
        failed * 2 >= cut,
        "most cuts interrupt a sync: {failed} of {cut}"
    );
    assert_converged(&team, &written);
}

/// Kills the hub when the `n`th sync request of this transport is about to be sent.
struct KillBefore {
    hub: Arc<Mutex<HubProcess>>,
    countdown: u32,
}

impl Fault for KillBefore {
    fn request(&mut self, request: &mut HubRequest) -> Result<(), String> {
        if is_sync(request) {
            self.countdown = self.countdown.saturating_sub(1);
            if self.countdown == 0 {
                self.hub.lock().expect("hub").kill();
            }
        }
        Ok(())
    }
}

#[test]
fn the_hub_killed_mid_sync_and_restarted_loses_nothing() {
    let root = tempfile::tempdir().expect("temp dir");
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let url = hub.url();
    let hub = Arc::new(Mutex::new(hub));
    let team = Team::enrol(root.path(), &url, 2);
    let mut rng = Rng::from_env(0x0DEA_D4B5);
    let mut written = BTreeSet::new();

    // Between two messages of a push in small pages, and of a pull.
    for (round, dev) in [(0, 1usize), (1, 2), (2, 0)] {
        for k in 0..120 {
            let text = format!("round {round} note {k}: {}", "x".repeat(40));
            team.devices[dev].add_note(&text);
            written.insert(text);
            if k % 10 == 9 {
                // Several envelopes, so the push takes several pages.
                team.devices[dev].vault.seal_outbox().expect("seal");
            }
        }
        let mut transport = HttpTransport::new(&url).with_fault(KillBefore {
            hub: hub.clone(),
            countdown: 3 + rng.below(4) as u32,
        });
        let outcome = HubClient::new(&team.devices[dev].vault, &mut transport)
            .with_page_bytes(2048)
            .sync();
        assert!(
            matches!(outcome, Err(Error::Unreachable(_))),
            "the sync stops when the hub dies: {outcome:?}"
        );
        hub.lock().expect("hub").restart();
        team.devices[dev]
            .sync(&url)
            .expect("the sync after a restart");
        // A pull interrupted the same way.
        let puller = (dev + 1) % 3;
        let mut transport = HttpTransport::new(&url).with_fault(KillBefore {
            hub: hub.clone(),
            countdown: 2,
        });
        let outcome = team.devices[puller].sync_with(&mut transport);
        assert!(matches!(outcome, Err(Error::Unreachable(_))), "{outcome:?}");
        hub.lock().expect("hub").restart();
    }

    // Killed at random moments, whatever the hub is doing (SIGKILL mid-request).
    for round in 0..6 {
        let dev = round % 3;
        for k in 0..60 {
            let text = format!("kill {round} note {k}");
            team.devices[dev].add_note(&text);
            written.insert(text);
            if k % 5 == 4 {
                team.devices[dev].vault.seal_outbox().expect("seal");
            }
        }
        let killer = {
            let hub = hub.clone();
            let wait = Duration::from_millis(5 + rng.below(60));
            std::thread::spawn(move || {
                std::thread::sleep(wait);
                hub.lock().expect("hub").kill();
            })
        };
        let mut transport = HttpTransport::new(&url);
        let _ = HubClient::new(&team.devices[dev].vault, &mut transport)
            .with_page_bytes(1024)
            .sync();
        killer.join().expect("killer");
        hub.lock().expect("hub").restart();
        team.devices[dev]
            .sync(&url)
            .expect("the sync after a restart");
    }
    assert_converged(&team, &written);
}

#[derive(Clone, Copy, Debug)]
enum Tamper {
    Duplicate,
    Reorder,
    Truncate,
    Flip,
    /// The whole message cut short.
    CutMessage,
}

const TAMPERS: [Tamper; 5] = [
    Tamper::Duplicate,
    Tamper::Reorder,
    Tamper::Truncate,
    Tamper::Flip,
    Tamper::CutMessage,
];

/// Changes the first page of envelopes it sees (in requests or in answers), once.
struct Tamperer<'v> {
    tamper: Tamper,
    /// Requests are changed and signed again as this device (a member relaying
    /// altered envelopes); `None` changes answers.
    resign_as: Option<&'v senim_vault::Vault>,
    rng: Rng,
    done: bool,
}

impl Tamperer<'_> {
    fn change(&mut self, body: &[u8]) -> Option<Vec<u8>> {
        let tamper = self.tamper;
        let rng = &mut self.rng;
        if let Tamper::CutMessage = tamper {
            map_envelopes(body, |_| {})?;
            let keep = 1 + rng.below(body.len() as u64 - 1) as usize;
            return Some(body[..keep].to_vec());
        }
        map_envelopes(body, |envelopes| match tamper {
            Tamper::Duplicate => {
                let e = envelopes[rng.below(envelopes.len() as u64) as usize].clone();
                envelopes.push(e);
            }
            Tamper::Reorder => {
                if envelopes.len() >= 2 {
                    envelopes.swap(0, 1);
                } else {
                    envelopes.reverse();
                }
            }
            Tamper::Truncate => {
                let e = &mut envelopes[0];
                let keep = rng.below(e.ciphertext.len() as u64) as usize;
                e.ciphertext.truncate(keep);
            }
            Tamper::Flip => {
                let e = &mut envelopes[0];
                let bit = 1u8 << rng.below(8);
                match rng.below(5) {
                    0 => e.nonce[rng.below(12) as usize] ^= bit,
                    1 => {
                        let i = rng.below(e.ciphertext.len() as u64) as usize;
                        e.ciphertext[i] ^= bit;
                    }
                    2 => {
                        let i = rng.below(e.signature.len() as u64) as usize;
                        e.signature[i] ^= bit;
                    }
                    3 => e.header.epoch ^= 1,
                    _ => e.header.device.0[rng.below(16) as usize] ^= bit,
                }
            }
            Tamper::CutMessage => unreachable!("handled above"),
        })
    }
}

impl Fault for Tamperer<'_> {
    fn request(&mut self, request: &mut HubRequest) -> Result<(), String> {
        if let Some(vault) = self.resign_as
            && !self.done
            && is_sync(request)
            && let Some(body) = self.change(&request.body)
        {
            request.body = body;
            resign(vault, request);
            self.done = true;
        }
        Ok(())
    }

    fn response(&mut self, request: &HubRequest, response: &mut HubResponse) -> Result<(), String> {
        if self.resign_as.is_none()
            && !self.done
            && is_sync(request)
            && let Some(body) = self.change(&response.body)
        {
            response.body = body;
            self.done = true;
        }
        Ok(())
    }
}

/// Writes three notes on `device`, each sealed into an envelope of its own.
fn three_envelopes(device: &Device, tag: &str, written: &mut BTreeSet<String>) {
    for k in 0..3 {
        let text = format!("{tag} envelope {k}");
        device.add_note(&text);
        device.vault.seal_outbox().expect("seal");
        written.insert(text);
    }
}

#[test]
fn envelopes_altered_on_the_way_to_the_hub_are_refused_and_nothing_is_lost() {
    let root = tempfile::tempdir().expect("temp dir");
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let url = hub.url();
    let team = Team::enrol(root.path(), &url, 1);
    team.sync_all();
    let (sender, other) = (&team.devices[1], &team.devices[0]);
    let mut written = BTreeSet::new();
    let mut rng = Rng::from_env(0x07A3_BE12);
    for (n, tamper) in TAMPERS.into_iter().enumerate() {
        for _ in 0..4 {
            three_envelopes(sender, &format!("push {tamper:?} {n}"), &mut written);
            let mut transport = HttpTransport::new(&url).with_fault(Tamperer {
                tamper,
                resign_as: Some(&sender.vault),
                rng: Rng::new(rng.next_u64()),
                done: false,
            });
            let mut client = HubClient::new(&sender.vault, &mut transport);
            let outcome = client.exchange();
            let refused = client.refused_by_hub();
            match tamper {
                // The same envelope twice is held once; a later one first is a gap
                // that the next sync fills.
                Tamper::Duplicate | Tamper::Reorder => {
                    let stats = outcome.unwrap_or_else(|e| panic!("{tamper:?}: {e}"));
                    assert!(stats.sent >= 3, "{stats:?}");
                }
                Tamper::Truncate | Tamper::Flip => match outcome {
                    Err(Error::HubRefused { status, code, .. }) => {
                        assert!(
                            (status == 422 && code == hub_api::code::ENVELOPE_REJECTED)
                                || (status == 400 && code == hub_api::code::PROTOCOL),
                            "{tamper:?}: {status} {code}"
                        );
                    }
                    // An altered device id makes it another device's envelope, relayed:
                    // refused and counted in the answer's header.
                    Ok(_) if refused >= 1 => {}
                    other => panic!("{tamper:?}: the hub accepted an altered envelope: {other:?}"),
                },
                Tamper::CutMessage => match outcome {
                    Err(Error::HubRefused {
                        status: 400, code, ..
                    }) => {
                        assert!(
                            [hub_api::code::PROTOCOL, hub_api::code::BAD_REQUEST]
                                .contains(&code.as_str()),
                            "{code}"
                        );
                    }
                    other => panic!("a cut message was accepted: {other:?}"),
                },
            }
            // The next sync completes and the other device gets every note.
            sender.sync(&url).expect("the sync after tampering");
            let report = other.sync(&url).expect("pull");
            assert_eq!(
                report.rejected, 0,
                "the hub stored nothing altered: {report:?}"
            );
            assert_eq!(other.note_texts(), sender.note_texts());
        }
    }
    assert_converged(&team, &written);
}

#[test]
fn envelopes_altered_on_the_way_from_the_hub_are_rejected_by_the_device() {
    let root = tempfile::tempdir().expect("temp dir");
    let hub = HubProcess::start(&root.path().join("hub"), &root.path().join("hub.log"));
    let url = hub.url();
    let team = Team::enrol(root.path(), &url, 1);
    team.sync_all();
    let (sender, receiver) = (&team.devices[0], &team.devices[1]);
    let mut written = BTreeSet::new();
    let mut rng = Rng::from_env(0x01F2_E3D4);
    for (n, tamper) in TAMPERS.into_iter().enumerate() {
        for _ in 0..4 {
            three_envelopes(sender, &format!("pull {tamper:?} {n}"), &mut written);
            sender.sync(&url).expect("push");
            let before = receiver.records();
            let mut transport = HttpTransport::new(&url).with_fault(Tamperer {
                tamper,
                resign_as: None,
                rng: Rng::new(rng.next_u64()),
                done: false,
            });
            let outcome = receiver.sync_with(&mut transport);
            match tamper {
                Tamper::Duplicate => {
                    let report = outcome.expect("duplicates are harmless");
                    assert_eq!(report.rejected, 0);
                    assert!(report.duplicates >= 1, "{report:?}");
                }
                Tamper::Reorder => {
                    let report = outcome.expect("a gap is refused, not an error");
                    assert_eq!(report.rejected, 0);
                    assert!(report.gaps >= 1, "{report:?}");
                }
                Tamper::Truncate | Tamper::Flip => {
                    let report = outcome.expect("a rejected envelope does not end the sync");
                    assert!(report.rejected >= 1, "{report:?}");
                    // The reason names the envelope by device and sequence.
                    let reason = report.rejections.join("; ");
                    assert!(reason.contains("seq "), "{reason}");
                    // Nothing of the altered envelope was applied.
                    let after = receiver.records();
                    assert!(after.len() < before.len() + 3, "not all three applied");
                }
                Tamper::CutMessage => match outcome {
                    Err(e) if matches!(e.protocol(), Some(ProtocolError::Protocol(_))) => {}
                    other => panic!("a cut message was accepted: {other:?}"),
                },
            }
            // The next sync completes with the intact envelopes.
            let report = receiver.sync(&url).expect("the sync after tampering");
            assert_eq!(report.rejected, 0, "{report:?}");
            assert_eq!(receiver.note_texts(), sender.note_texts());
        }
    }
    assert_converged(&team, &written);
}
