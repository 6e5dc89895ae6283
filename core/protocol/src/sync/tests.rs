//! Specification of envelopes, the wire format and the sync protocol: what is sealed
//! opens only with the right key and unaltered; two stores converge after one session,
//! whatever they hold and however small the pages; a cut session loses nothing; and no
//! input makes the decoder or the session panic.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use proptest::prelude::*;
use ring::signature::{Ed25519KeyPair, KeyPair};

use super::envelope::{Header, PUBLIC_KEY_LEN};
use super::session::MAX_REPORTED_REJECTIONS;
use super::wire::{MAGIC, PAGE_OVERHEAD, WIRE_FORMAT, code};
use super::*;
use crate::Error;
use crate::records::{RecordId, RecordKind};
use crate::team::{DeviceId, TeamId};
use senim_crypto::SecretKey;

// ---------------------------------------------------------------- fixtures

/// An Ed25519 signer made from a fixed seed; device `n` has id `[n; 16]`.
struct TestSigner {
    device: DeviceId,
    pair: Ed25519KeyPair,
}

impl TestSigner {
    fn new(n: u8) -> Self {
        TestSigner {
            device: DeviceId([n; 16]),
            pair: Ed25519KeyPair::from_seed_unchecked(&[n; 32]).unwrap(),
        }
    }

    fn public(&self) -> [u8; PUBLIC_KEY_LEN] {
        self.pair.public_key().as_ref().try_into().unwrap()
    }
}

impl Signer for TestSigner {
    fn device(&self) -> DeviceId {
        self.device
    }

    fn sign(&self, msg: &[u8]) -> [u8; 64] {
        self.pair.sign(msg).as_ref().try_into().unwrap()
    }
}

const EPOCH: u32 = 3;

fn team() -> TeamId {
    TeamId([0x7e; 16])
}

fn epoch_key() -> SecretKey {
    SecretKey::from_bytes([0x42; 32])
}

/// A payload of one record whose single change is `len` bytes starting with `marker`.
fn payload(marker: &str, len: usize) -> Payload {
    let mut change = marker.as_bytes().to_vec();
    change.resize(len.max(marker.len()), b'.');
    Payload {
        changes: vec![RecordChanges {
            record: RecordId([0x11; 16]),
            kind: RecordKind::OutreachNote,
            changes: vec![change],
        }],
    }
}

fn seal(signer: &TestSigner, seq: u64, payload: &Payload) -> Envelope {
    Envelope::seal(
        Header::new(team(), signer.device, seq, EPOCH),
        payload,
        &epoch_key(),
        signer,
    )
    .unwrap()
}

/// A log of `n` envelopes for device `signer`, each `len(seq)` bytes of payload.
fn log(signer: &TestSigner, n: u64, len: impl Fn(u64) -> usize) -> Vec<Envelope> {
    (1..=n)
        .map(|seq| {
            let marker = format!("secret note {} #{seq}", signer.device);
            seal(signer, seq, &payload(&marker, len(seq)))
        })
        .collect()
}

/// A store that knows the keys of devices `1..=devices`.
fn store(devices: u8) -> MemoryStore {
    let mut s = MemoryStore::new(team());
    for n in 1..=devices {
        s.add_device(DeviceId([n; 16]), TestSigner::new(n).public());
    }
    s
}

fn fill(store: &mut MemoryStore, envelopes: &[Envelope]) {
    for e in envelopes {
        assert_eq!(store.accept(e.clone()).unwrap(), Accept::New);
    }
}

fn held(store: &MemoryStore) -> BTreeSet<Vec<u8>> {
    store.envelopes().map(Envelope::to_bytes).collect()
}

fn reason(e: Error) -> String {
    match e {
        Error::Envelope { reason } => reason,
        other => panic!("expected an envelope error, got {other:?}"),
    }
}

/// The reason a store gave for refusing an envelope.
fn rejected(a: Accept) -> String {
    match a {
        Accept::Rejected(reason) => reason,
        other => panic!("expected a rejection, got {other:?}"),
    }
}

/// How an exchange between two sessions went.
#[derive(Debug, Default)]
struct Run {
    /// Every message, in order (the first is the opener's Hello).
    messages: Vec<Vec<u8>>,
    opener: Option<Stats>,
    answerer: Option<Stats>,
}

/// Runs a session that `opener` starts, delivering at most `limit` messages (the rest
/// are lost: a cut connection). Panics on any error.
fn exchange(
    opener: &mut MemoryStore,
    answerer: &mut MemoryStore,
    page: usize,
    limit: Option<usize>,
) -> Run {
    let mut sessions = [SyncSession::new(page), SyncSession::new(page)];
    let mut run = Run::default();
    let mut message = sessions[0].start(opener).unwrap();
    let mut to = 1;
    let mut last_sent_by = None;
    loop {
        run.messages.push(message.clone());
        if limit.is_some_and(|l| run.messages.len() > l) {
            return run;
        }
        let store: &mut MemoryStore = if to == 0 { opener } else { answerer };
        let step = sessions[to].receive(store, &message).unwrap();
        let stats_slot = if to == 0 {
            &mut run.opener
        } else {
            &mut run.answerer
        };
        match step {
            Step::Reply(bytes) => {
                assert!(last_sent_by.is_none(), "a reply after the last message");
                message = bytes;
            }
            Step::Last(bytes, stats) => {
                *stats_slot = Some(stats);
                last_sent_by = Some(to);
                message = bytes;
            }
            Step::Done(stats) => {
                assert_eq!(last_sent_by, Some(1 - to), "Done without a Last before");
                *stats_slot = Some(stats);
                assert!(sessions[0].is_finished() && sessions[1].is_finished());
                return run;
            }
        }
        to = 1 - to;
    }
}

/// Five devices, each with a log of ten envelopes of varied sizes (sealed once).
fn pool() -> &'static Vec<Vec<Envelope>> {
    static POOL: OnceLock<Vec<Vec<Envelope>>> = OnceLock::new();
    POOL.get_or_init(|| {
        (1..=5u8)
            .map(|n| {
                log(&TestSigner::new(n), 10, |seq| {
                    20 + ((seq as usize * 733 + n as usize * 211) % 1800)
                })
            })
            .collect()
    })
}

// ---------------------------------------------------------------- envelopes

#[test]
fn a_sealed_envelope_verifies_and_opens_to_its_payload() {
    let signer = TestSigner::new(1);
    let p = payload("met at the bus station", 300);
    let e = seal(&signer, 1, &p);
    e.verify_signature(&signer.public()).unwrap();
    assert_eq!(e.open(&epoch_key()).unwrap(), p);
    let bytes = e.to_bytes();
    assert_eq!(bytes.len(), e.encoded_len());
    assert_eq!(Envelope::from_bytes(&bytes).unwrap(), e);
    // Nothing of the payload is visible in the envelope or its debug form.
    let hay = String::from_utf8_lossy(&bytes);
    assert!(!hay.contains("bus station"));
    assert!(!format!("{e:?}{p:?}").contains("bus station"));
}

#[test]
fn two_seals_of_one_payload_use_different_nonces() {
    let signer = TestSigner::new(1);
    let p = payload("x", 10);
    let (a, b) = (seal(&signer, 1, &p), seal(&signer, 1, &p));
    assert_ne!(a.nonce, b.nonce);
    assert_ne!(a.ciphertext, b.ciphertext);
}

#[test]
fn any_flipped_byte_is_rejected_with_a_reason_naming_device_and_seq() {
    let signer = TestSigner::new(1);
    let e = seal(&signer, 2, &payload("secret", 80));
    let bytes = e.to_bytes();
    let signature_at = bytes.len() - 64;
    for i in 0..bytes.len() {
        let mut bad = bytes.clone();
        bad[i] ^= 0x01;
        let Ok(t) = Envelope::from_bytes(&bad) else {
            continue; // a length or format byte: refused before any key is used
        };
        let named = format!("device {} seq {}", t.device(), t.seq());
        let r = reason(t.verify_signature(&signer.public()).unwrap_err());
        assert!(r.contains(&named), "byte {i}: {r}");
        assert!(!r.contains("secret"));
        if i < signature_at {
            let r = reason(t.open(&epoch_key()).unwrap_err());
            assert!(r.contains(&named), "byte {i}: {r}");
        }
        let mut s = store(1);
        assert_ne!(s.accept(t).ok(), Some(Accept::New), "byte {i}");
        assert!(s.is_empty());
    }
}

#[test]
fn another_epoch_key_cannot_open_an_envelope() {
    let signer = TestSigner::new(1);
    let e = seal(&signer, 4, &payload("x", 10));
    let r = reason(e.open(&SecretKey::random().unwrap()).unwrap_err());
    assert!(
        r.contains(&format!("device {} seq 4", signer.device)),
        "{r}"
    );
    assert!(r.contains("epoch 3"), "{r}");
}

#[test]
fn every_header_field_is_bound_by_signature_and_encryption() {
    let signer = TestSigner::new(1);
    let e = seal(&signer, 5, &payload("x", 10));
    let changes: [fn(&mut Header); 5] = [
        |h| h.seq += 1,
        |h| h.epoch += 1,
        |h| h.team = TeamId([0x7f; 16]),
        |h| h.device = DeviceId([2; 16]),
        |h| h.format = 2,
    ];
    for (i, change) in changes.iter().enumerate() {
        let mut t = e.clone();
        change(&mut t.header);
        assert!(t.verify_signature(&signer.public()).is_err(), "field {i}");
        assert!(t.open(&epoch_key()).is_err(), "field {i}");
    }
}

#[test]
fn sealing_refuses_another_devices_signer_a_zero_seq_and_an_empty_payload() {
    let signer = TestSigner::new(1);
    let key = epoch_key();
    let p = payload("x", 10);
    let other = Header::new(team(), DeviceId([2; 16]), 1, EPOCH);
    assert!(Envelope::seal(other, &p, &key, &signer).is_err());
    let zero = Header::new(team(), signer.device, 0, EPOCH);
    assert!(Envelope::seal(zero, &p, &key, &signer).is_err());
    let h = Header::new(team(), signer.device, 1, EPOCH);
    assert!(Envelope::seal(h, &Payload::default(), &key, &signer).is_err());
    let mut empty_change = payload("x", 10);
    empty_change.changes[0].changes.push(Vec::new());
    assert!(Envelope::seal(h, &empty_change, &key, &signer).is_err());
}

#[test]
fn an_envelope_over_the_size_limit_is_refused_and_must_be_split() {
    let signer = TestSigner::new(1);
    let h = Header::new(team(), signer.device, 1, EPOCH);
    let big = payload("x", MAX_ENVELOPE_BYTES);
    let r = reason(Envelope::seal(h, &big, &epoch_key(), &signer).unwrap_err());
    assert!(r.contains("split"), "{r}");
    let fits = payload("x", MAX_ENVELOPE_BYTES - 200);
    let e = Envelope::seal(h, &fits, &epoch_key(), &signer).unwrap();
    assert!(e.encoded_len() <= MAX_ENVELOPE_BYTES);
    assert!(Envelope::from_bytes(&e.to_bytes()).is_ok());
}

// ---------------------------------------------------------------- the store

#[test]
fn the_store_appends_the_next_seq_and_refuses_gaps_and_other_teams() {
    let signer = TestSigner::new(1);
    let entries = log(&signer, 3, |_| 10);
    let mut s = store(1);
    assert_eq!(s.accept(entries[1].clone()).unwrap(), Accept::Gap);
    assert!(s.is_empty());
    fill(&mut s, &entries[..1]);
    assert_eq!(s.accept(entries[0].clone()).unwrap(), Accept::Duplicate);
    let mut foreign = MemoryStore::new(TeamId([1; 16]));
    foreign.add_device(signer.device, signer.public());
    let r = rejected(foreign.accept(entries[0].clone()).unwrap());
    assert!(r.contains("another team"), "{r}");
    let r = rejected(store(0).accept(entries[0].clone()).unwrap());
    assert!(r.contains("unknown device"), "{r}");
}

#[test]
fn a_second_envelope_signed_for_a_held_seq_is_refused_and_the_first_kept() {
    let signer = TestSigner::new(1);
    let first = seal(&signer, 1, &payload("first", 10));
    let second = seal(&signer, 1, &payload("second", 10));
    let mut s = store(1);
    fill(&mut s, std::slice::from_ref(&first));
    let r = rejected(s.accept(second).unwrap());
    assert!(r.contains("seq 1"), "{r}");
    assert_eq!(s.log(signer.device), std::slice::from_ref(&first));
}

#[test]
fn duplicate_and_reordered_delivery_of_a_page_changes_nothing_twice() {
    let signer = TestSigner::new(1);
    let entries = log(&signer, 5, |_| 40);
    let mut s = store(1);
    let reversed: Vec<_> = entries.iter().rev().cloned().collect();
    let got: Vec<_> = reversed.into_iter().map(|e| s.accept(e).unwrap()).collect();
    assert_eq!(got.last(), Some(&Accept::New));
    assert!(got[..4].iter().all(|a| *a == Accept::Gap));
    for _ in 0..2 {
        for e in &entries {
            s.accept(e.clone()).unwrap();
        }
    }
    assert_eq!(s.log(signer.device), &entries[..]);
    for e in &entries {
        assert_eq!(s.accept(e.clone()).unwrap(), Accept::Duplicate);
    }
}

#[test]
fn a_page_delivered_twice_to_a_session_is_counted_as_duplicates() {
    let (pool, mut a, mut b) = (pool(), store(5), store(5));
    fill(&mut b, &pool[0][..6]);
    let mut sa = SyncSession::new(2000);
    let mut sb = SyncSession::new(2000);
    let hello = sa.start(&a).unwrap();
    let Step::Reply(hello_b) = sb.receive(&mut b, &hello).unwrap() else {
        panic!("expected B's Hello")
    };
    let Step::Reply(done_a) = sa.receive(&mut a, &hello_b).unwrap() else {
        panic!("expected A's Done")
    };
    let Step::Reply(page) = sb.receive(&mut b, &done_a).unwrap() else {
        panic!("expected B's first page")
    };
    let Message::Envelopes { envelopes, .. } = decode(&page).unwrap() else {
        panic!("expected a page")
    };
    sa.receive(&mut a, &page).unwrap();
    assert_eq!(sa.stats().received, envelopes.len() as u64);
    sa.receive(&mut a, &page).unwrap();
    assert_eq!(sa.stats().duplicates, envelopes.len() as u64);
    assert_eq!(a.len(), envelopes.len());
    // The second answer went nowhere: a fresh session still completes the sync.
    exchange(&mut a, &mut b, 2000, None);
    assert_eq!(held(&a), held(&b));
}

// ---------------------------------------------------------------- wire format

#[test]
fn every_message_round_trips_through_the_wire_format() {
    let signer = TestSigner::new(1);
    let vector: VersionVector = [(DeviceId([1; 16]), 9), (DeviceId([2; 16]), 1)]
        .into_iter()
        .collect();
    let messages = [
        Message::Hello {
            format: PROTOCOL_FORMAT,
            team: team(),
            vector,
        },
        Message::Envelopes {
            envelopes: log(&signer, 2, |_| 30),
            done: true,
        },
        Message::Envelopes {
            envelopes: Vec::new(),
            done: false,
        },
        Message::Done,
        Message::Error {
            code: code::WRONG_TEAM,
            reason: "another team".into(),
        },
    ];
    for m in messages {
        let bytes = encode(&m);
        assert_eq!(&bytes[..4], &MAGIC);
        assert_eq!(bytes[4], WIRE_FORMAT);
        assert_eq!(decode(&bytes).unwrap(), m);
    }
    assert_eq!(encode(&Message::Done), b"SNSY\x01\x02");
}

#[test]
fn decode_refuses_other_magic_formats_trailing_bytes_and_oversized_input() {
    let good = encode(&Message::Done);
    let mut other_format = good.clone();
    other_format[4] = 2;
    let mut trailing = good.clone();
    trailing.push(0);
    let mut wrong_magic = good.clone();
    wrong_magic[0] = b'X';
    let oversized = vec![0u8; MAX_MESSAGE_BYTES + 1];
    for (bytes, expect) in [
        (&other_format, "wire format 2"),
        (&trailing, "trailing"),
        (&wrong_magic, "not a Senim"),
        (&oversized, "larger than"),
        (&good[..4].to_vec(), "not a Senim"),
    ] {
        match decode(bytes) {
            Err(Error::Protocol(r)) => assert!(r.contains(expect), "{r}"),
            other => panic!("expected a protocol error, got {other:?}"),
        }
    }
}

proptest! {
    #[test]
    fn decode_never_panics_on_arbitrary_bytes(
        bytes in proptest::collection::vec(any::<u8>(), 0..600),
        framed in any::<bool>(),
    ) {
        let input = if framed {
            [&MAGIC[..], &[WIRE_FORMAT], &bytes].concat()
        } else {
            bytes
        };
        let _ = decode(&input);
    }

    #[test]
    fn receive_never_panics_on_arbitrary_bytes(
        bytes in proptest::collection::vec(any::<u8>(), 0..600),
        stage in 0usize..3,
        flip in proptest::option::of((any::<prop::sample::Index>(), 1u8..=255)),
    ) {
        let mut a = store(5);
        let mut b = store(5);
        fill(&mut b, &pool()[0][..3]);
        let mut session = SyncSession::new(1000);
        let mut other = SyncSession::new(1000);
        // Stage 0: a fresh answerer; 1: an opener awaiting Hello; 2: mid-exchange.
        let mut input = bytes;
        if stage >= 1 {
            let hello = session.start(&a).unwrap();
            let Step::Reply(hello_b) = other.receive(&mut b, &hello).unwrap() else {
                unreachable!()
            };
            if stage == 2 {
                let Step::Reply(done) = session.receive(&mut a, &hello_b).unwrap() else {
                    unreachable!()
                };
                let Step::Reply(page) = other.receive(&mut b, &done).unwrap() else {
                    unreachable!()
                };
                if let Some((at, x)) = flip {
                    input = page;
                    let i = at.index(input.len());
                    input[i] ^= x;
                }
            } else if let Some((at, x)) = flip {
                input = hello_b;
                let i = at.index(input.len());
                input[i] ^= x;
            }
        }
        if let Err(e) = session.receive(&mut a, &input) {
            let _ = session.abort(Some(&e));
        }
    }
}

// ---------------------------------------------------------------- the protocol

#[test]
fn two_stores_with_disjoint_envelopes_converge_in_one_session() {
    let pool = pool();
    let (mut a, mut b) = (store(5), store(5));
    fill(&mut a, &pool[0][..5]);
    fill(&mut b, &pool[1][..4]);
    let run = exchange(&mut a, &mut b, 64 * 1024, None);
    assert_eq!(a.vector().unwrap(), b.vector().unwrap());
    assert_eq!(held(&a), held(&b));
    assert_eq!(a.len(), 9);
    let stats = [run.opener.unwrap(), run.answerer.unwrap()];
    assert_eq!((stats[0].sent, stats[0].received), (5, 4));
    assert_eq!((stats[1].sent, stats[1].received), (4, 5));
    assert!(
        stats
            .iter()
            .all(|s| s.duplicates + s.gaps + s.rejected == 0)
    );
}

#[test]
fn stores_that_hold_the_same_envelopes_exchange_hellos_and_done_only() {
    let (mut a, mut b) = (store(5), store(5));
    fill(&mut a, &pool()[2][..2]);
    fill(&mut b, &pool()[2][..2]);
    let run = exchange(&mut a, &mut b, 1000, None);
    assert_eq!(run.messages.len(), 4);
    assert_eq!(decode(&run.messages[2]).unwrap(), Message::Done);
    assert_eq!(decode(&run.messages[3]).unwrap(), Message::Done);
}

#[test]
fn pages_stay_within_the_byte_bound_and_a_larger_envelope_travels_alone() {
    let signer = TestSigner::new(1);
    let mut entries = log(&signer, 12, |_| 300);
    entries[5] = seal(&signer, 6, &payload("large", 5000));
    entries.truncate(6);
    entries.extend(log(&signer, 12, |_| 300).into_iter().skip(6));
    let (mut a, mut b) = (store(1), store(1));
    fill(&mut a, &entries);
    let page = 1500;
    let run = exchange(&mut a, &mut b, page, None);
    assert_eq!(held(&a), held(&b));
    let mut pages = 0;
    for bytes in &run.messages {
        if let Message::Envelopes { envelopes, .. } = decode(bytes).unwrap() {
            pages += 1;
            if envelopes.len() > 1 {
                assert!(bytes.len() <= page, "{} > {page}", bytes.len());
            } else {
                assert!(bytes.len() <= envelopes[0].encoded_len() + PAGE_OVERHEAD);
            }
            if envelopes.iter().any(|e| e.seq() == 6) {
                assert_eq!(envelopes.len(), 1);
            }
        }
    }
    assert!(pages >= 4, "{pages} pages");
}

#[test]
fn envelopes_a_store_refuses_are_counted_and_the_rest_still_syncs() {
    let pool = pool();
    let mut a = store(2); // does not know device 3
    let mut b = store(3);
    fill(&mut b, &pool[1][..2]);
    fill(&mut b, &pool[2][..3]);
    let run = exchange(&mut a, &mut b, 100_000, None);
    let stats = run.opener.unwrap();
    assert_eq!((stats.received, stats.rejected), (2, 3));
    assert_eq!(stats.rejections.len(), 3);
    assert!(stats.rejections[0].contains(&format!("device {} seq 1", DeviceId([3; 16]))));
    assert!(stats.rejections.len() <= MAX_REPORTED_REJECTIONS);
    assert_eq!(a.log(DeviceId([2; 16])), &pool[1][..2]);
    assert!(a.log(DeviceId([3; 16])).is_empty());
}

#[test]
fn a_hello_from_another_team_ends_the_session_and_says_why() {
    let mut a = store(1);
    let mut b = MemoryStore::new(TeamId([0x01; 16]));
    let mut sa = SyncSession::new(1000);
    let mut sb = SyncSession::new(1000);
    let hello = sa.start(&a).unwrap();
    let err = sb.receive(&mut b, &hello).unwrap_err();
    let refusal = sb
        .abort(Some(&err))
        .expect("an error message for the other side");
    assert!(matches!(
        decode(&refusal).unwrap(),
        Message::Error {
            code: code::WRONG_TEAM,
            ..
        }
    ));
    let err = sa.receive(&mut a, &refusal).unwrap_err();
    assert!(err.to_string().contains("another team"), "{err}");
    assert!(
        sa.abort(Some(&err)).is_none(),
        "the other side is already gone"
    );
    assert!(sb.receive(&mut b, &hello).is_err(), "the session is over");
}

#[test]
fn a_session_refuses_messages_out_of_order() {
    let mut a = store(1);
    let mut s = SyncSession::new(1000);
    assert!(s.receive(&mut a, &encode(&Message::Done)).is_err());
    let mut s = SyncSession::new(1000);
    s.start(&a).unwrap();
    assert!(s.start(&a).is_err());
    let page = encode(&Message::Envelopes {
        envelopes: Vec::new(),
        done: true,
    });
    assert!(s.receive(&mut a, &page).is_err());
}

#[test]
fn a_finished_session_accepts_nothing_more() {
    let (mut a, mut b) = (store(5), store(5));
    fill(&mut a, &pool()[0][..1]);
    let mut sa = SyncSession::new(1000);
    let mut sb = SyncSession::new(1000);
    let mut msg = sa.start(&a).unwrap();
    let mut sides = [(&mut sa, &mut a), (&mut sb, &mut b)];
    let mut to = 1;
    loop {
        let (session, store) = &mut sides[to];
        match session.receive(*store, &msg).unwrap() {
            Step::Reply(m) | Step::Last(m, _) => msg = m,
            Step::Done(_) => break,
        }
        to = 1 - to;
    }
    let (session, store) = &mut sides[to];
    assert!(session.receive(*store, &encode(&Message::Done)).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_two_stores_converge_after_one_session(
        split in proptest::collection::vec((0usize..=10, 0usize..=10), 3..=5),
        page in 1usize..6000,
        b_opens in any::<bool>(),
    ) {
        let pool = pool();
        let (mut a, mut b) = (store(5), store(5));
        for (d, (na, nb)) in split.iter().enumerate() {
            fill(&mut a, &pool[d][..*na]);
            fill(&mut b, &pool[d][..*nb]);
        }
        if b_opens {
            exchange(&mut b, &mut a, page, None);
        } else {
            exchange(&mut a, &mut b, page, None);
        }
        let expected: VersionVector = split
            .iter()
            .enumerate()
            .map(|(d, (na, nb))| (DeviceId([d as u8 + 1; 16]), (*na).max(*nb) as u64))
            .collect();
        prop_assert_eq!(a.vector().unwrap(), expected.clone());
        prop_assert_eq!(b.vector().unwrap(), expected);
        prop_assert_eq!(held(&a), held(&b));
    }

    #[test]
    fn a_session_cut_after_any_message_loses_nothing_and_the_next_one_completes(
        split in proptest::collection::vec((0usize..=10, 0usize..=10), 3..=5),
        page in 1usize..4000,
        cut in 0usize..24,
        b_opens_next in any::<bool>(),
    ) {
        let pool = pool();
        let (mut a, mut b) = (store(5), store(5));
        for (d, (na, nb)) in split.iter().enumerate() {
            fill(&mut a, &pool[d][..*na]);
            fill(&mut b, &pool[d][..*nb]);
        }
        let (before_a, before_b) = (held(&a), held(&b));
        exchange(&mut a, &mut b, page, Some(cut));
        prop_assert!(held(&a).is_superset(&before_a));
        prop_assert!(held(&b).is_superset(&before_b));
        if b_opens_next {
            exchange(&mut b, &mut a, page, None);
        } else {
            exchange(&mut a, &mut b, page, None);
        }
        let union: BTreeSet<_> = before_a.union(&before_b).cloned().collect();
        prop_assert_eq!(held(&a), union.clone());
        prop_assert_eq!(held(&b), union);
    }
}

// ---------------------------------------------------------------- automerge

#[test]
fn concurrent_automerge_edits_sealed_in_envelopes_merge_to_equal_documents() {
    use automerge::transaction::Transactable;
    use automerge::{ActorId, AutoCommit, Change, ObjType, ROOT, ReadDoc};

    let (w1, w2) = (TestSigner::new(1), TestSigner::new(2));
    let record = RecordId([0x5a; 16]);
    let changes_payload = |changes: Vec<Change>| Payload {
        changes: vec![RecordChanges {
            record,
            kind: RecordKind::OutreachNote,
            changes: changes.iter().map(|c| c.raw_bytes().to_vec()).collect(),
        }],
    };

    // Worker 1 creates the note; worker 2 already has it (an earlier sync).
    let mut doc1 = AutoCommit::new().with_actor(ActorId::from(w1.device.as_bytes().to_vec()));
    let text = doc1.put_object(ROOT, "text", ObjType::Text).unwrap();
    doc1.splice_text(&text, 0, 0, "met two women at the market")
        .unwrap();
    doc1.commit();
    let base = doc1.get_heads();
    let created = seal(&w1, 1, &changes_payload(doc1.get_changes(&[])));
    let mut doc2 = doc1
        .fork()
        .with_actor(ActorId::from(w2.device.as_bytes().to_vec()));

    // Both edit offline.
    doc1.splice_text(&text, 0, 0, "Tuesday: ").unwrap();
    doc1.commit();
    doc2.splice_text(&text, 27, 0, ", documents held by employer")
        .unwrap();
    doc2.put(ROOT, "status", "follow_up").unwrap();
    doc2.commit();
    let e1 = seal(&w1, 2, &changes_payload(doc1.get_changes(&base)));
    let e2 = seal(&w2, 1, &changes_payload(doc2.get_changes(&base)));

    let (mut phone1, mut phone2) = (store(2), store(2));
    fill(&mut phone1, &[created.clone(), e1]);
    fill(&mut phone2, &[created, e2]);
    let (v1, v2) = (phone1.vector().unwrap(), phone2.vector().unwrap());
    exchange(&mut phone1, &mut phone2, 4096, None);

    // Each phone applies what it did not have.
    let apply = |doc: &mut AutoCommit, store: &MemoryStore, had: &VersionVector| {
        for e in store.envelopes().filter(|e| e.seq() > had.get(e.device())) {
            let p = e.open(&epoch_key()).unwrap();
            let changes = p.changes[0]
                .changes
                .iter()
                .map(|b| Change::from_bytes(b.clone()).unwrap())
                .collect::<Vec<_>>();
            doc.apply_changes(changes).unwrap();
        }
    };
    apply(&mut doc1, &phone1, &v1);
    apply(&mut doc2, &phone2, &v2);

    let mut h1 = doc1.get_heads();
    let mut h2 = doc2.get_heads();
    h1.sort();
    h2.sort();
    assert_eq!(h1, h2);
    let merged = doc1.text(&text).unwrap();
    assert_eq!(merged, doc2.text(&text).unwrap());
    assert_eq!(
        merged,
        "Tuesday: met two women at the market, documents held by employer"
    );
    assert!(doc1.get(ROOT, "status").unwrap().is_some());
}

// ---------------------------------------------------------------- limits and failures

proptest! {
    #[test]
    fn encoded_len_is_the_wire_length_for_any_header(seq in 1u64.., epoch in any::<u32>()) {
        let mut e = pool()[0][0].clone();
        e.header.seq = seq;
        e.header.epoch = epoch;
        prop_assert_eq!(e.to_bytes().len(), e.encoded_len());
    }
}

#[test]
fn a_peer_that_keeps_sending_past_what_it_announced_is_stopped() {
    let mut a = store(1);
    let b = store(1);
    let mut sa = SyncSession::new(1000);
    let mut sb = SyncSession::new(1000);
    let hello = sa.start(&a).unwrap();
    let Step::Reply(hello_b) = sb.receive(&mut b.clone(), &hello).unwrap() else {
        panic!("expected B's Hello")
    };
    sa.receive(&mut a, &hello_b).unwrap();
    let empty = encode(&Message::Envelopes {
        envelopes: Vec::new(),
        done: false,
    });
    let err = (0..100)
        .find_map(|_| sa.receive(&mut a, &empty).err())
        .expect("the session stops a peer going round in circles");
    assert!(err.to_string().contains("past what it announced"), "{err}");
    let refusal = sa.abort(Some(&err)).unwrap();
    assert!(matches!(
        decode(&refusal).unwrap(),
        Message::Error {
            code: code::PROTOCOL,
            ..
        }
    ));
}

/// A store whose disk fails when asked to keep anything.
struct FullDisk(MemoryStore);

/// The errors of a store with a disk of its own.
#[derive(Debug)]
#[allow(
    dead_code,
    reason = "the fields are read through Debug when a test fails"
)]
enum DiskError {
    Storage(String),
    Protocol(Error),
}

impl From<Error> for DiskError {
    fn from(e: Error) -> Self {
        DiskError::Protocol(e)
    }
}

impl EnvelopeStore for FullDisk {
    type Error = DiskError;
    fn team(&self) -> TeamId {
        self.0.team()
    }
    fn vector(&self) -> Result<VersionVector, DiskError> {
        Ok(self.0.vector()?)
    }
    fn envelopes_after(
        &self,
        device: DeviceId,
        after: u64,
        max_bytes: usize,
    ) -> Result<Vec<Envelope>, DiskError> {
        Ok(self.0.envelopes_after(device, after, max_bytes)?)
    }
    fn accept(&mut self, _: Envelope) -> Result<Accept, DiskError> {
        Err(DiskError::Storage("disk full at /data/senim/vault".into()))
    }
}

#[test]
fn a_local_storage_failure_ends_the_session_without_telling_the_other_side_details() {
    let mut a = FullDisk(store(5));
    let mut b = store(5);
    fill(&mut b, &pool()[0][..2]);
    let mut sa = SyncSession::new(1000);
    let mut sb = SyncSession::new(1000);
    let mut msg = sa.start(&a).unwrap();
    let err = loop {
        let Step::Reply(reply) = sb.receive(&mut b, &msg).unwrap() else {
            panic!("B expects more")
        };
        match sa.receive(&mut a, &reply) {
            Ok(Step::Reply(next)) => msg = next,
            Ok(other) => panic!("unexpected {other:?}"),
            Err(e) => break e,
        }
    };
    assert!(matches!(err, DiskError::Storage(_)));
    let refusal = decode(&sa.abort(None).unwrap()).unwrap();
    let Message::Error { code: c, reason } = refusal else {
        panic!("expected an Error message")
    };
    assert_eq!(c, code::INTERNAL);
    assert!(
        !reason.contains("disk") && !reason.contains("/data"),
        "{reason}"
    );
    // Nothing was lost on B; a later session (with a working disk) completes.
    assert_eq!(b.len(), 2);
    let mut a = a.0;
    exchange(&mut a, &mut b, 1000, None);
    assert_eq!(held(&a), held(&b));
}

/// A store whose listings skip some places, as a purge's stubs are skipped (ADR 0015);
/// or, with `backwards`, one that lists a log out of order.
struct Skipping {
    inner: MemoryStore,
    hidden: BTreeSet<(DeviceId, u64)>,
    backwards: bool,
}

impl EnvelopeStore for Skipping {
    type Error = Error;
    fn team(&self) -> TeamId {
        self.inner.team()
    }
    fn vector(&self) -> crate::Result<VersionVector> {
        self.inner.vector()
    }
    fn envelopes_after(
        &self,
        device: DeviceId,
        after: u64,
        max_bytes: usize,
    ) -> crate::Result<Vec<Envelope>> {
        let mut out: Vec<Envelope> = self
            .inner
            .envelopes_after(device, after, max_bytes)?
            .into_iter()
            .filter(|e| !self.hidden.contains(&(device, e.seq())))
            .collect();
        if self.backwards {
            out.reverse();
        }
        Ok(out)
    }
    fn accept(&mut self, envelope: Envelope) -> crate::Result<Accept> {
        self.inner.accept(envelope)
    }
}

/// Runs a session from `opener` to `answerer` to its end; the first error, if any.
fn run_session(
    opener: &mut dyn EnvelopeStore<Error = Error>,
    answerer: &mut dyn EnvelopeStore<Error = Error>,
) -> crate::Result<(Stats, Stats)> {
    let mut a = SyncSession::new(1 << 20);
    let mut b = SyncSession::new(1 << 20);
    let mut message = a.start(opener)?;
    let (mut sa, mut sb) = (None, None);
    for turn in 0..100 {
        let step = if turn % 2 == 0 {
            b.receive(&mut *answerer, &message)?
        } else {
            a.receive(&mut *opener, &message)?
        };
        let slot = if turn % 2 == 0 { &mut sb } else { &mut sa };
        match step {
            Step::Reply(bytes) => message = bytes,
            Step::Last(bytes, stats) => {
                *slot = Some(stats);
                message = bytes;
            }
            Step::Done(stats) => {
                *slot = Some(stats);
                return Ok((sa.unwrap_or_default(), sb.unwrap_or_default()));
            }
        }
    }
    panic!("the session did not end");
}

#[test]
fn a_listing_that_skips_purged_places_still_sends_what_follows_them() {
    let signer = TestSigner::new(1);
    let mut sender = Skipping {
        inner: store(1),
        hidden: [(signer.device, 2), (signer.device, 5)].into(),
        backwards: false,
    };
    fill(&mut sender.inner, &log(&signer, 5, |_| 40));
    // A receiver that already stubbed place 2 holds 1 and 2: it takes 3 and 4.
    let mut receiver = store(1);
    fill(&mut receiver, &log(&signer, 2, |_| 40));
    let (sent, got) = run_session(&mut sender, &mut receiver).unwrap();
    assert_eq!(sent.sent, 2);
    assert_eq!(got.received, 2);
    assert_eq!(receiver.vector().unwrap().get(signer.device), 4);
    // One that did not: 1 arrives, 3 and 4 are gaps until it applies the purge order.
    let mut behind = store(1);
    let (_, got) = run_session(&mut sender, &mut behind).unwrap();
    assert_eq!(got.received, 1);
    assert_eq!(got.gaps, 2);
    assert_eq!(behind.vector().unwrap().get(signer.device), 1);
}

#[test]
fn a_listing_out_of_order_ends_the_session_with_an_error() {
    let signer = TestSigner::new(1);
    let mut sender = Skipping {
        inner: store(1),
        hidden: BTreeSet::new(),
        backwards: true,
    };
    fill(&mut sender.inner, &log(&signer, 3, |_| 40));
    let mut receiver = store(1);
    let err = run_session(&mut sender, &mut receiver).unwrap_err();
    assert!(err.to_string().contains("out of sequence"), "{err}");
}
