//! What the suite's test functions share: the [`Backend`] a backend's tests provide,
//! made-up ids and envelopes, and helpers to fill and read a storage.

use std::ops::RangeInclusive;
use std::sync::{Arc, Barrier};
use std::thread;

use senim_protocol::team::{DeviceId, SealedKey, TeamId};

use crate::storage::{Append, HubStorage};

/// How the suite gets storages of the backend under test. Each test makes one
/// `Backend` value (the macro evaluates its expression once per test) and drops it at
/// the end, so a backend can hold a temporary directory or a scratch database there.
pub trait Backend {
    type Storage: HubStorage + 'static;

    /// A new, empty storage: no team, independent of every other this returns.
    fn empty(&self) -> Self::Storage;

    /// `n` handles on one new, empty storage, as `n` hub instances sharing one database
    /// hold them: what one handle writes, every other reads. The default shares one
    /// handle `n` times, for a backend that cannot open a second (SQLite in memory).
    fn handles(&self, n: usize) -> Vec<Arc<Self::Storage>> {
        let one = Arc::new(self.empty());
        (0..n).map(|_| one.clone()).collect()
    }

    /// Every byte the backend holds at rest (its files) for the storages it made, or
    /// `None` when it keeps nothing at rest (in memory): the check that a purge leaves
    /// no copy of what it removed is then skipped.
    fn at_rest(&self) -> Option<Vec<u8>> {
        None
    }
}

pub(crate) const TEAM: TeamId = TeamId([0x71; 16]);
pub(crate) const OTHER_TEAM: TeamId = TeamId([0x72; 16]);
pub(crate) const DEV: DeviceId = DeviceId([0xd1; 16]);
pub(crate) const DEV2: DeviceId = DeviceId([0xd2; 16]);
pub(crate) const DEV3: DeviceId = DeviceId([0xd3; 16]);

/// A storage with `TEAM` registered (list 1 is `b"list 1"`).
pub(crate) fn with_team<B: Backend>(backend: &B) -> B::Storage {
    let s = backend.empty();
    assert!(s.create_team(TEAM, b"list 1").unwrap());
    s
}

/// The envelope the suite stores at `seq`: `len` bytes of `seq`'s low byte, so a
/// listing shows which sequences it holds.
pub(crate) fn envelope(seq: u64, len: usize) -> Vec<u8> {
    vec![seq as u8; len]
}

/// Appends envelopes `seqs` (each `len` bytes) to `device`'s log, each of them new.
pub(crate) fn fill<S: HubStorage + ?Sized>(
    s: &S,
    team: TeamId,
    device: DeviceId,
    seqs: RangeInclusive<u64>,
    len: usize,
) {
    for seq in seqs {
        assert_eq!(
            s.append_envelope(team, device, seq, 0, &envelope(seq, len))
                .unwrap(),
            Append::Appended,
            "appending sequence {seq}"
        );
    }
}

/// The sequences (first bytes) of a listing of `DEV`'s log in `TEAM`.
pub(crate) fn listed<S: HubStorage + ?Sized>(s: &S, after: u64, max_bytes: usize) -> Vec<u8> {
    s.envelopes_after(TEAM, DEV, after, max_bytes)
        .unwrap()
        .iter()
        .map(|bytes| bytes[0])
        .collect()
}

/// A sealed key whose `blob` is tagged, so a test tells two for one place apart.
pub(crate) fn key(team: TeamId, device: DeviceId, epoch: u32, tag: u8) -> SealedKey {
    SealedKey {
        team,
        device,
        epoch,
        ephemeral: [tag; 32],
        blob: vec![tag; 48],
    }
}

pub(crate) fn versions(lists: &[(u64, Vec<u8>)]) -> Vec<u64> {
    lists.iter().map(|(v, _)| *v).collect()
}

/// Runs `work(i, handle)` on `threads` threads at once, each with its own handle on
/// one storage, and returns what each returned, by thread.
pub(crate) fn race<S, T, F>(handles: &[Arc<S>], work: F) -> Vec<T>
where
    S: HubStorage + 'static,
    T: Send + 'static,
    F: Fn(usize, &S) -> T + Send + Sync + 'static,
{
    let barrier = Arc::new(Barrier::new(handles.len()));
    let work = Arc::new(work);
    let joins: Vec<_> = handles
        .iter()
        .enumerate()
        .map(|(i, handle)| {
            let (handle, barrier, work) = (handle.clone(), barrier.clone(), work.clone());
            thread::spawn(move || {
                barrier.wait();
                work(i, &handle)
            })
        })
        .collect();
    joins
        .into_iter()
        .map(|j| j.join().expect("a racing thread panicked"))
        .collect()
}
