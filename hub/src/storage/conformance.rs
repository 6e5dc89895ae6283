//! The contract of [`HubStorage`], as tests any backend must pass: the SQLite backend
//! now, a PostgreSQL one later, so that the hub behaves the same over either.
//!
//! Owns one test function per behaviour the trait's documentation and `docs/hub.md`
//! promise, generic over a [`Backend`] (how the suite gets empty storages of the backend
//! under test), and [`hub_storage_conformance!`](crate::hub_storage_conformance), which
//! turns every function into a `#[test]` for one backend:
//!
//! ```text
//! mod sqlite_in_memory {
//!     senim_hub::hub_storage_conformance!(super::InMemory);
//! }
//! ```
//!
//! Built for the hub's own tests and behind the `conformance` feature for a backend's
//! test crate; never in a hub that serves. It knows nothing of any backend's internals:
//! it speaks only through the trait (and [`Backend::at_rest`] for what a purge leaves in
//! files). The ids and bytes it stores are made up; none is a real team's.

use std::ops::RangeInclusive;
use std::sync::{Arc, Barrier};
use std::thread;

use senim_protocol::team::{DeviceId, SealedKey, TeamId};

use super::{Append, HubStorage, ListAppend, OrderAppend, Slot};

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

/// Instantiates every test of the suite, as `#[test]` functions in the current module,
/// for the backend the expression makes (evaluated once per test).
#[macro_export]
macro_rules! hub_storage_conformance {
    ($backend:expr) => {
        $crate::hub_storage_conformance!(@tests $backend;
            a_fresh_storage_answers_ping,
            a_team_is_registered_once_with_its_first_list_as_version_1,
            an_unregistered_team_holds_nothing,
            a_list_is_stored_only_as_the_next_version,
            a_list_for_an_unregistered_team_is_refused,
            a_refused_list_stores_none_of_its_keys,
            lists_come_in_version_order_after_the_given_one,
            list_pages_hold_at_least_one_list_and_stop_at_the_byte_bound,
            each_team_has_its_own_lists,
            concurrent_lists_for_one_version_store_exactly_one,
            sealed_keys_come_back_as_stored_ordered_by_epoch,
            sealed_keys_start_at_the_given_epoch,
            sealed_keys_are_kept_per_device_and_per_team,
            a_key_for_a_held_device_and_epoch_replaces_the_earlier_one,
            a_log_grows_only_by_its_next_sequence,
            a_held_sequence_keeps_its_first_envelope,
            sequence_zero_is_never_stored,
            an_empty_log_has_length_zero_and_no_places,
            a_place_beyond_the_log_is_empty,
            the_vector_holds_the_length_of_each_device_s_log,
            each_device_has_its_own_log,
            each_team_has_its_own_logs,
            an_envelope_for_an_unregistered_team_is_never_stored,
            envelopes_come_in_sequence_order_after_the_given_one,
            envelope_pages_hold_at_least_one_envelope_and_stop_at_the_byte_bound,
            concurrent_appends_to_one_log_store_each_sequence_once,
            concurrent_appends_to_different_logs_all_land,
            a_revocation_bounds_every_later_append,
            a_revoked_device_s_log_still_grows_up_to_its_kept_sequence,
            a_revocation_below_a_held_envelope_stores_nothing,
            the_list_version_is_checked_before_revocations,
            an_upload_at_a_held_place_of_a_revoked_device_is_held,
            an_upload_beyond_the_kept_sequence_is_revoked_even_after_a_gap,
            a_revocation_holds_in_its_own_team_only,
            a_revocation_racing_appends_never_leaves_an_envelope_beyond_the_kept_sequence,
            orders_are_numbered_from_one_without_gaps,
            an_order_for_an_unregistered_team_is_refused,
            a_taken_number_is_refused_and_keeps_the_first_order,
            a_retried_order_is_refused_and_its_stored_bytes_match_it,
            orders_come_in_number_order_after_the_given_one,
            order_pages_hold_at_least_one_order_and_stop_at_the_byte_bound,
            each_team_has_its_own_chain_of_orders,
            concurrent_orders_for_one_number_store_exactly_one,
            a_purged_place_stays_in_its_log_without_its_bytes,
            listings_skip_stubs_and_a_run_of_stubs_does_not_end_them,
            an_upload_at_a_stub_is_held_and_stores_nothing,
            a_log_goes_on_after_its_stubs_and_a_stub_may_be_purged_again,
            a_purge_may_name_places_of_several_devices,
            a_purge_naming_a_place_not_held_stores_nothing,
            the_order_number_is_checked_before_the_places,
            purged_bytes_are_gone_from_the_backend_s_files,
        );
    };
    (@tests $backend:expr; $($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                $crate::storage::conformance::$name(&$backend);
            }
        )*
    };
}

const TEAM: TeamId = TeamId([0x71; 16]);
const OTHER_TEAM: TeamId = TeamId([0x72; 16]);
const DEV: DeviceId = DeviceId([0xd1; 16]);
const DEV2: DeviceId = DeviceId([0xd2; 16]);
const DEV3: DeviceId = DeviceId([0xd3; 16]);

/// A storage with `TEAM` registered (list 1 is `b"list 1"`).
fn with_team<B: Backend>(backend: &B) -> B::Storage {
    let s = backend.empty();
    assert!(s.create_team(TEAM, b"list 1").unwrap());
    s
}

/// The envelope the suite stores at `seq`: `len` bytes of `seq`'s low byte, so a
/// listing shows which sequences it holds.
fn envelope(seq: u64, len: usize) -> Vec<u8> {
    vec![seq as u8; len]
}

/// Appends envelopes `seqs` (each `len` bytes) to `device`'s log, each of them new.
fn fill<S: HubStorage + ?Sized>(
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
fn listed<S: HubStorage + ?Sized>(s: &S, after: u64, max_bytes: usize) -> Vec<u8> {
    s.envelopes_after(TEAM, DEV, after, max_bytes)
        .unwrap()
        .iter()
        .map(|bytes| bytes[0])
        .collect()
}

/// A sealed key whose `blob` is tagged, so a test tells two for one place apart.
fn key(team: TeamId, device: DeviceId, epoch: u32, tag: u8) -> SealedKey {
    SealedKey {
        team,
        device,
        epoch,
        ephemeral: [tag; 32],
        blob: vec![tag; 48],
    }
}

fn versions(lists: &[(u64, Vec<u8>)]) -> Vec<u64> {
    lists.iter().map(|(v, _)| *v).collect()
}

/// Runs `work(i, handle)` on `threads` threads at once, each with its own handle on
/// one storage, and returns what each returned, by thread.
fn race<S, T, F>(handles: &[Arc<S>], work: F) -> Vec<T>
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

// --- health and teams ------------------------------------------------------------

/// `ping` answers on a fresh storage.
pub fn a_fresh_storage_answers_ping<B: Backend>(backend: &B) {
    backend.empty().ping().unwrap();
}

/// `create_team` registers a team with its first list as version 1, once: a second
/// registration answers `false` and changes nothing.
pub fn a_team_is_registered_once_with_its_first_list_as_version_1<B: Backend>(backend: &B) {
    let s = backend.empty();
    assert!(s.create_team(TEAM, b"list 1").unwrap());
    assert_eq!(s.latest_version(TEAM).unwrap(), Some(1));
    assert!(!s.create_team(TEAM, b"another first list").unwrap());
    assert_eq!(s.latest_version(TEAM).unwrap(), Some(1));
    assert_eq!(
        s.lists_after(TEAM, 0, usize::MAX).unwrap(),
        vec![(1, b"list 1".to_vec())]
    );
}

/// Every read of a team that was never registered answers "nothing".
pub fn an_unregistered_team_holds_nothing<B: Backend>(backend: &B) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=1, 4);
    assert_eq!(s.latest_version(OTHER_TEAM).unwrap(), None);
    assert!(s.lists_after(OTHER_TEAM, 0, usize::MAX).unwrap().is_empty());
    assert!(s.sealed_keys(OTHER_TEAM, DEV, 0).unwrap().is_empty());
    assert_eq!(s.vector(OTHER_TEAM).unwrap().iter().count(), 0);
    assert_eq!(s.last_seq(OTHER_TEAM, DEV).unwrap(), 0);
    assert_eq!(s.envelope(OTHER_TEAM, DEV, 1).unwrap(), None);
    assert!(
        s.envelopes_after(OTHER_TEAM, DEV, 0, usize::MAX)
            .unwrap()
            .is_empty()
    );
    assert_eq!(s.last_order(OTHER_TEAM).unwrap(), 0);
    assert_eq!(s.order(OTHER_TEAM, 1).unwrap(), None);
    assert!(
        s.orders_after(OTHER_TEAM, 0, usize::MAX)
            .unwrap()
            .is_empty()
    );
}

// --- membership lists ------------------------------------------------------------

/// `append_list` stores only version `newest + 1`; any other version is taken, and a
/// taken version keeps the list stored first.
pub fn a_list_is_stored_only_as_the_next_version<B: Backend>(backend: &B) {
    let s = with_team(backend);
    let taken = ListAppend::VersionTaken;
    assert_eq!(s.append_list(TEAM, 3, 0, b"v3", &[], &[]).unwrap(), taken);
    assert_eq!(s.append_list(TEAM, 1, 0, b"v1'", &[], &[]).unwrap(), taken);
    assert_eq!(s.append_list(TEAM, 0, 0, b"v0", &[], &[]).unwrap(), taken);
    assert_eq!(
        s.append_list(TEAM, u64::MAX, 0, b"max", &[], &[]).unwrap(),
        taken
    );
    assert_eq!(
        s.append_list(TEAM, 2, 1, b"v2", &[], &[]).unwrap(),
        ListAppend::Stored
    );
    assert_eq!(s.append_list(TEAM, 2, 1, b"v2'", &[], &[]).unwrap(), taken);
    assert_eq!(s.latest_version(TEAM).unwrap(), Some(2));
    assert_eq!(
        s.lists_after(TEAM, 0, usize::MAX).unwrap(),
        vec![(1, b"list 1".to_vec()), (2, b"v2".to_vec())]
    );
}

/// A team that is not registered has no next version.
pub fn a_list_for_an_unregistered_team_is_refused<B: Backend>(backend: &B) {
    let s = backend.empty();
    for version in [1, 2] {
        assert_eq!(
            s.append_list(OTHER_TEAM, version, 0, b"list", &[], &[])
                .unwrap(),
            ListAppend::VersionTaken,
            "version {version}"
        );
    }
    assert_eq!(s.latest_version(OTHER_TEAM).unwrap(), None);
}

/// The keys posted with a list that is refused are not stored either.
pub fn a_refused_list_stores_none_of_its_keys<B: Backend>(backend: &B) {
    let s = with_team(backend);
    let keys = [key(TEAM, DEV, 1, 1)];
    assert_eq!(
        s.append_list(TEAM, 3, 1, b"v3", &keys, &[]).unwrap(),
        ListAppend::VersionTaken
    );
    assert!(s.sealed_keys(TEAM, DEV, 0).unwrap().is_empty());
}

/// `lists_after` gives the lists after the given version, in version order, as stored.
pub fn lists_come_in_version_order_after_the_given_one<B: Backend>(backend: &B) {
    let s = with_team(backend);
    for v in 2..=5u64 {
        let list = format!("list {v}").into_bytes();
        assert_eq!(
            s.append_list(TEAM, v, 0, &list, &[], &[]).unwrap(),
            ListAppend::Stored
        );
    }
    let all = s.lists_after(TEAM, 0, usize::MAX).unwrap();
    assert_eq!(versions(&all), vec![1, 2, 3, 4, 5]);
    assert_eq!(all[3], (4, b"list 4".to_vec()));
    assert_eq!(
        versions(&s.lists_after(TEAM, 3, usize::MAX).unwrap()),
        vec![4, 5]
    );
    assert!(s.lists_after(TEAM, 5, usize::MAX).unwrap().is_empty());
    assert!(
        s.lists_after(TEAM, u64::MAX, usize::MAX)
            .unwrap()
            .is_empty()
    );
}

/// A page of lists holds as many as fit in `max_bytes`, and at least one.
pub fn list_pages_hold_at_least_one_list_and_stop_at_the_byte_bound<B: Backend>(backend: &B) {
    let s = backend.empty();
    assert!(s.create_team(TEAM, &[1; 10]).unwrap());
    for v in 2..=4u64 {
        s.append_list(TEAM, v, 0, &[v as u8; 10], &[], &[]).unwrap();
    }
    let page = |after, max| versions(&s.lists_after(TEAM, after, max).unwrap());
    assert_eq!(page(0, 25), vec![1, 2]);
    assert_eq!(page(0, 30), vec![1, 2, 3], "a list that fits exactly is in");
    assert_eq!(page(0, 29), vec![1, 2]);
    assert_eq!(page(0, 1), vec![1], "at least one, larger than the bound");
    assert_eq!(page(0, 0), vec![1]);
    assert_eq!(page(2, 15), vec![3]);
}

/// One team's lists are not another's.
pub fn each_team_has_its_own_lists<B: Backend>(backend: &B) {
    let s = with_team(backend);
    assert!(s.create_team(OTHER_TEAM, b"other 1").unwrap());
    assert_eq!(
        s.append_list(TEAM, 2, 0, b"v2", &[], &[]).unwrap(),
        ListAppend::Stored
    );
    assert_eq!(s.latest_version(OTHER_TEAM).unwrap(), Some(1));
    assert_eq!(
        s.lists_after(OTHER_TEAM, 0, usize::MAX).unwrap(),
        vec![(1, b"other 1".to_vec())]
    );
    assert_eq!(
        s.append_list(OTHER_TEAM, 2, 0, b"other 2", &[], &[])
            .unwrap(),
        ListAppend::Stored
    );
}

/// Instances racing to post the same next version: exactly one list is stored, and
/// the versions stay contiguous.
pub fn concurrent_lists_for_one_version_store_exactly_one<B: Backend>(backend: &B) {
    let handles = backend.handles(4);
    assert!(handles[0].create_team(TEAM, b"list 1").unwrap());
    let outcomes = race(&handles, |i, s| {
        (2..=11u64)
            .map(|v| {
                let list = format!("list {v} from {i}").into_bytes();
                s.append_list(TEAM, v, 0, &list, &[], &[]).unwrap()
            })
            .collect::<Vec<_>>()
    });
    // Each thread posts every version in turn; whoever stores one, the others find it
    // taken, and nobody can store a version twice or skip one.
    for (round, v) in (2..=11u64).enumerate() {
        let stored = outcomes
            .iter()
            .filter(|o| o[round] == ListAppend::Stored)
            .count();
        assert_eq!(stored, 1, "version {v} stored {stored} times");
    }
    let lists = handles[0].lists_after(TEAM, 0, usize::MAX).unwrap();
    assert_eq!(versions(&lists), (1..=11).collect::<Vec<_>>());
}

// --- sealed keys -----------------------------------------------------------------

/// `sealed_keys` gives the keys stored for the device as they were posted, ordered by
/// epoch whatever order they were posted in.
pub fn sealed_keys_come_back_as_stored_ordered_by_epoch<B: Backend>(backend: &B) {
    let s = with_team(backend);
    let later = key(TEAM, DEV, 3, 3);
    let earlier = key(TEAM, DEV, 1, 1);
    assert_eq!(
        s.append_list(TEAM, 2, 3, b"v2", std::slice::from_ref(&later), &[])
            .unwrap(),
        ListAppend::Stored
    );
    assert_eq!(
        s.append_list(TEAM, 3, 3, b"v3", std::slice::from_ref(&earlier), &[])
            .unwrap(),
        ListAppend::Stored
    );
    assert_eq!(s.sealed_keys(TEAM, DEV, 0).unwrap(), vec![earlier, later]);
}

/// `min_epoch` is the first epoch given (inclusive).
pub fn sealed_keys_start_at_the_given_epoch<B: Backend>(backend: &B) {
    let s = with_team(backend);
    let keys: Vec<_> = (1..=3).map(|e| key(TEAM, DEV, e, e as u8)).collect();
    assert_eq!(
        s.append_list(TEAM, 2, 3, b"v2", &keys, &[]).unwrap(),
        ListAppend::Stored
    );
    let epochs = |min| -> Vec<u32> {
        s.sealed_keys(TEAM, DEV, min)
            .unwrap()
            .iter()
            .map(|k| k.epoch)
            .collect()
    };
    assert_eq!(epochs(0), vec![1, 2, 3]);
    assert_eq!(epochs(2), vec![2, 3]);
    assert_eq!(epochs(3), vec![3]);
    assert!(epochs(4).is_empty());
}

/// A device is given only its own keys, and only its team's.
pub fn sealed_keys_are_kept_per_device_and_per_team<B: Backend>(backend: &B) {
    let s = with_team(backend);
    assert!(s.create_team(OTHER_TEAM, b"other 1").unwrap());
    let mine = key(TEAM, DEV, 1, 1);
    let theirs = key(TEAM, DEV2, 1, 2);
    let elsewhere = key(OTHER_TEAM, DEV, 1, 3);
    s.append_list(TEAM, 2, 1, b"v2", &[mine.clone(), theirs.clone()], &[])
        .unwrap();
    s.append_list(
        OTHER_TEAM,
        2,
        1,
        b"o2",
        std::slice::from_ref(&elsewhere),
        &[],
    )
    .unwrap();
    assert_eq!(s.sealed_keys(TEAM, DEV, 0).unwrap(), vec![mine]);
    assert_eq!(s.sealed_keys(TEAM, DEV2, 0).unwrap(), vec![theirs]);
    assert_eq!(s.sealed_keys(OTHER_TEAM, DEV, 0).unwrap(), vec![elsewhere]);
    assert!(s.sealed_keys(TEAM, DEV3, 0).unwrap().is_empty());
}

/// A key for a device and epoch that is already held replaces it.
pub fn a_key_for_a_held_device_and_epoch_replaces_the_earlier_one<B: Backend>(backend: &B) {
    let s = with_team(backend);
    s.append_list(TEAM, 2, 1, b"v2", &[key(TEAM, DEV, 1, 1)], &[])
        .unwrap();
    let again = key(TEAM, DEV, 1, 2);
    assert_eq!(
        s.append_list(TEAM, 3, 1, b"v3", std::slice::from_ref(&again), &[])
            .unwrap(),
        ListAppend::Stored
    );
    assert_eq!(s.sealed_keys(TEAM, DEV, 0).unwrap(), vec![again]);
}

// --- envelope logs ---------------------------------------------------------------

/// `append_envelope` stores only the next sequence of the device's log: a later one is
/// a gap, a held one is held, and neither changes the log.
pub fn a_log_grows_only_by_its_next_sequence<B: Backend>(backend: &B) {
    let s = with_team(backend);
    assert_eq!(
        s.append_envelope(TEAM, DEV, 2, 0, b"b").unwrap(),
        Append::Gap
    );
    assert_eq!(s.last_seq(TEAM, DEV).unwrap(), 0);
    assert_eq!(
        s.append_envelope(TEAM, DEV, 1, 0, b"a").unwrap(),
        Append::Appended
    );
    assert_eq!(
        s.append_envelope(TEAM, DEV, 1, 0, b"a").unwrap(),
        Append::Held
    );
    assert_eq!(
        s.append_envelope(TEAM, DEV, 3, 0, b"c").unwrap(),
        Append::Gap
    );
    assert_eq!(
        s.append_envelope(TEAM, DEV, u64::MAX, 0, b"x").unwrap(),
        Append::Gap
    );
    assert_eq!(
        s.append_envelope(TEAM, DEV, 2, 0, b"b").unwrap(),
        Append::Appended
    );
    assert_eq!(s.last_seq(TEAM, DEV).unwrap(), 2);
    assert_eq!(s.vector(TEAM).unwrap().get(DEV), 2);
    assert_eq!(
        s.envelope(TEAM, DEV, 1).unwrap(),
        Some(Slot::Envelope(b"a".to_vec()))
    );
    assert_eq!(
        s.envelope(TEAM, DEV, 2).unwrap(),
        Some(Slot::Envelope(b"b".to_vec()))
    );
}

/// Another envelope at a held sequence is not stored: the first stays.
pub fn a_held_sequence_keeps_its_first_envelope<B: Backend>(backend: &B) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=2, 4);
    assert_eq!(
        s.append_envelope(TEAM, DEV, 1, 0, b"forged").unwrap(),
        Append::Held
    );
    assert_eq!(
        s.envelope(TEAM, DEV, 1).unwrap(),
        Some(Slot::Envelope(envelope(1, 4)))
    );
    assert_eq!(listed(&s, 0, usize::MAX), vec![1, 2]);
}

/// Logs start at sequence 1: an envelope at 0 is never stored.
pub fn sequence_zero_is_never_stored<B: Backend>(backend: &B) {
    let s = with_team(backend);
    assert_ne!(
        s.append_envelope(TEAM, DEV, 0, 0, b"zero").unwrap(),
        Append::Appended
    );
    assert_eq!(s.last_seq(TEAM, DEV).unwrap(), 0);
    assert_eq!(s.envelope(TEAM, DEV, 0).unwrap(), None);
    assert_eq!(
        s.append_envelope(TEAM, DEV, 1, 0, b"one").unwrap(),
        Append::Appended
    );
}

/// A device that has sent nothing has a log of length 0 and holds no place.
pub fn an_empty_log_has_length_zero_and_no_places<B: Backend>(backend: &B) {
    let s = with_team(backend);
    assert_eq!(s.last_seq(TEAM, DEV).unwrap(), 0);
    assert_eq!(s.vector(TEAM).unwrap().get(DEV), 0);
    assert_eq!(s.envelope(TEAM, DEV, 1).unwrap(), None);
    assert!(
        s.envelopes_after(TEAM, DEV, 0, usize::MAX)
            .unwrap()
            .is_empty()
    );
}

/// `envelope` answers `None` for a place the log does not reach.
pub fn a_place_beyond_the_log_is_empty<B: Backend>(backend: &B) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=3, 4);
    assert_eq!(s.envelope(TEAM, DEV, 4).unwrap(), None);
    assert_eq!(s.envelope(TEAM, DEV, 0).unwrap(), None);
    assert_eq!(s.envelope(TEAM, DEV, u64::MAX).unwrap(), None);
}

/// `vector` holds the length of the log of every device that sent something, and no
/// other device.
pub fn the_vector_holds_the_length_of_each_device_s_log<B: Backend>(backend: &B) {
    let s = with_team(backend);
    assert_eq!(s.vector(TEAM).unwrap().iter().count(), 0);
    fill(&s, TEAM, DEV, 1..=3, 4);
    fill(&s, TEAM, DEV2, 1..=1, 4);
    assert_eq!(
        s.vector(TEAM).unwrap().iter().collect::<Vec<_>>(),
        vec![(DEV, 3), (DEV2, 1)]
    );
}

/// Each device's log has its own sequences and its own listing.
pub fn each_device_has_its_own_log<B: Backend>(backend: &B) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=3, 4);
    assert_eq!(
        s.append_envelope(TEAM, DEV2, 2, 0, b"x").unwrap(),
        Append::Gap,
        "another device's log does not count"
    );
    assert_eq!(
        s.append_envelope(TEAM, DEV2, 1, 0, &[0xee; 4]).unwrap(),
        Append::Appended
    );
    assert_eq!(s.last_seq(TEAM, DEV2).unwrap(), 1);
    assert_eq!(
        s.envelopes_after(TEAM, DEV2, 0, usize::MAX).unwrap(),
        vec![vec![0xee; 4]]
    );
    assert_eq!(listed(&s, 0, usize::MAX), vec![1, 2, 3]);
}

/// One device's log in one team is not its log in another.
pub fn each_team_has_its_own_logs<B: Backend>(backend: &B) {
    let s = with_team(backend);
    assert!(s.create_team(OTHER_TEAM, b"other 1").unwrap());
    fill(&s, TEAM, DEV, 1..=3, 4);
    assert_eq!(s.last_seq(OTHER_TEAM, DEV).unwrap(), 0);
    assert_eq!(s.vector(OTHER_TEAM).unwrap().iter().count(), 0);
    assert_eq!(s.envelope(OTHER_TEAM, DEV, 1).unwrap(), None);
    assert_eq!(
        s.append_envelope(OTHER_TEAM, DEV, 1, 0, b"o").unwrap(),
        Append::Appended
    );
    assert_eq!(
        s.envelopes_after(OTHER_TEAM, DEV, 0, usize::MAX).unwrap(),
        vec![b"o".to_vec()]
    );
    assert_eq!(s.last_seq(TEAM, DEV).unwrap(), 3);
}

/// An envelope for a team that is not registered is never stored (the call may fail
/// or answer that nothing was appended).
pub fn an_envelope_for_an_unregistered_team_is_never_stored<B: Backend>(backend: &B) {
    let s = backend.empty();
    let outcome = s.append_envelope(OTHER_TEAM, DEV, 1, 0, b"x");
    assert!(
        !matches!(outcome, Ok(Append::Appended)),
        "stored for an unregistered team"
    );
    assert_eq!(s.last_seq(OTHER_TEAM, DEV).unwrap(), 0);
    assert_eq!(s.envelope(OTHER_TEAM, DEV, 1).unwrap(), None);
}

/// `envelopes_after` gives the envelopes after the given sequence, in order, as stored.
pub fn envelopes_come_in_sequence_order_after_the_given_one<B: Backend>(backend: &B) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=5, 4);
    assert_eq!(
        s.envelopes_after(TEAM, DEV, 0, usize::MAX).unwrap(),
        (1..=5).map(|seq| envelope(seq, 4)).collect::<Vec<_>>()
    );
    assert_eq!(listed(&s, 3, usize::MAX), vec![4, 5]);
    assert!(listed(&s, 5, usize::MAX).is_empty());
    assert!(listed(&s, u64::MAX, usize::MAX).is_empty());
}

/// A page of envelopes holds as many as fit in `max_bytes` (their stored length), and
/// at least one.
pub fn envelope_pages_hold_at_least_one_envelope_and_stop_at_the_byte_bound<B: Backend>(
    backend: &B,
) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=5, 10);
    assert_eq!(listed(&s, 0, 25), vec![1, 2]);
    assert_eq!(
        listed(&s, 0, 30),
        vec![1, 2, 3],
        "one that fits exactly is in"
    );
    assert_eq!(listed(&s, 0, 29), vec![1, 2]);
    assert_eq!(
        listed(&s, 0, 1),
        vec![1],
        "at least one, larger than the bound"
    );
    assert_eq!(listed(&s, 0, 0), vec![1]);
    assert_eq!(listed(&s, 3, 1000), vec![4, 5]);
}

/// Instances racing to append the same sequences of one log: each sequence is stored
/// exactly once, the others find it held, and the log has no hole.
pub fn concurrent_appends_to_one_log_store_each_sequence_once<B: Backend>(backend: &B) {
    const LAST: u64 = 40;
    let handles = backend.handles(4);
    assert!(handles[0].create_team(TEAM, b"list 1").unwrap());
    let outcomes = race(&handles, |i, s| {
        (1..=LAST)
            .map(|seq| {
                // Each thread's envelope at `seq` is its own: [thread, seq].
                s.append_envelope(TEAM, DEV, seq, 0, &[i as u8, seq as u8])
                    .unwrap()
            })
            .collect::<Vec<_>>()
    });
    for seq in 1..=LAST {
        let at = |o: &Vec<Append>| o[seq as usize - 1];
        let winners: Vec<usize> = (0..outcomes.len())
            .filter(|&i| at(&outcomes[i]) == Append::Appended)
            .collect();
        assert_eq!(winners.len(), 1, "sequence {seq} stored by {winners:?}");
        for o in &outcomes {
            assert!(
                matches!(at(o), Append::Appended | Append::Held),
                "sequence {seq}: {:?}",
                at(o)
            );
        }
        assert_eq!(
            handles[0].envelope(TEAM, DEV, seq).unwrap(),
            Some(Slot::Envelope(vec![winners[0] as u8, seq as u8])),
            "the stored envelope at {seq} is the one whose append was told it was stored"
        );
    }
    assert_eq!(handles[0].last_seq(TEAM, DEV).unwrap(), LAST);
}

/// Instances appending to different logs at once: every envelope lands.
pub fn concurrent_appends_to_different_logs_all_land<B: Backend>(backend: &B) {
    const LAST: u64 = 25;
    let handles = backend.handles(4);
    assert!(handles[0].create_team(TEAM, b"list 1").unwrap());
    race(&handles, |i, s| {
        fill(s, TEAM, DeviceId([i as u8 + 1; 16]), 1..=LAST, 8);
    });
    let vector = handles[0].vector(TEAM).unwrap();
    for i in 0..handles.len() {
        assert_eq!(vector.get(DeviceId([i as u8 + 1; 16])), LAST, "device {i}");
    }
}

// --- revocations -----------------------------------------------------------------

/// A list that revokes a device, keeping its log up to a sequence, bounds every later
/// append of that device: beyond it is `Revoked`, and nothing is stored.
pub fn a_revocation_bounds_every_later_append<B: Backend>(backend: &B) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=3, 4);
    assert_eq!(
        s.append_list(TEAM, 2, 1, b"v2", &[], &[(DEV, 3)]).unwrap(),
        ListAppend::Stored
    );
    assert_eq!(
        s.append_envelope(TEAM, DEV, 4, 0, b"late").unwrap(),
        Append::Revoked
    );
    assert_eq!(s.last_seq(TEAM, DEV).unwrap(), 3);
    assert_eq!(s.envelope(TEAM, DEV, 4).unwrap(), None);
    assert_eq!(
        s.append_envelope(TEAM, DEV2, 1, 1, b"x").unwrap(),
        Append::Appended,
        "another device is not concerned"
    );
}

/// The kept sequence may be beyond what the storage holds yet (other members relay
/// the rest): the log still grows up to it, and no further.
pub fn a_revoked_device_s_log_still_grows_up_to_its_kept_sequence<B: Backend>(backend: &B) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=2, 4);
    assert_eq!(
        s.append_list(TEAM, 2, 1, b"v2", &[], &[(DEV, 4)]).unwrap(),
        ListAppend::Stored
    );
    fill(&s, TEAM, DEV, 3..=4, 4);
    assert_eq!(
        s.append_envelope(TEAM, DEV, 5, 0, b"late").unwrap(),
        Append::Revoked
    );
    assert_eq!(s.last_seq(TEAM, DEV).unwrap(), 4);
}

/// A list whose revocation keeps less than is held is refused whole: the list, its
/// keys, and every revocation it carries (those that would fit included).
pub fn a_revocation_below_a_held_envelope_stores_nothing<B: Backend>(backend: &B) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=3, 4);
    let keys = [key(TEAM, DEV3, 1, 1)];
    assert_eq!(
        s.append_list(TEAM, 2, 1, b"v2", &keys, &[(DEV2, 1), (DEV, 2)])
            .unwrap(),
        ListAppend::HeldBeyondRevocation
    );
    assert_eq!(s.latest_version(TEAM).unwrap(), Some(1));
    assert!(s.sealed_keys(TEAM, DEV3, 0).unwrap().is_empty());
    // Neither device is revoked.
    fill(&s, TEAM, DEV, 4..=4, 4);
    fill(&s, TEAM, DEV2, 1..=2, 4);
    // The lead syncs and revokes again, keeping what is held.
    assert_eq!(
        s.append_list(TEAM, 2, 1, b"v2", &keys, &[(DEV2, 2), (DEV, 4)])
            .unwrap(),
        ListAppend::Stored
    );
}

/// The version is checked first: a list that is not the next one is taken, whatever
/// its revocations.
pub fn the_list_version_is_checked_before_revocations<B: Backend>(backend: &B) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=3, 4);
    assert_eq!(
        s.append_list(TEAM, 3, 1, b"v3", &[], &[(DEV, 1)]).unwrap(),
        ListAppend::VersionTaken
    );
    fill(&s, TEAM, DEV, 4..=4, 4);
}

/// An upload at a sequence already held is `Held`, revoked device or not.
pub fn an_upload_at_a_held_place_of_a_revoked_device_is_held<B: Backend>(backend: &B) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=3, 4);
    s.append_list(TEAM, 2, 1, b"v2", &[], &[(DEV, 3)]).unwrap();
    assert_eq!(
        s.append_envelope(TEAM, DEV, 2, 0, &envelope(2, 4)).unwrap(),
        Append::Held
    );
}

/// An upload beyond a revoked device's kept sequence is `Revoked`, even when it would
/// also leave a gap.
pub fn an_upload_beyond_the_kept_sequence_is_revoked_even_after_a_gap<B: Backend>(backend: &B) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=1, 4);
    s.append_list(TEAM, 2, 1, b"v2", &[], &[(DEV, 3)]).unwrap();
    assert_eq!(
        s.append_envelope(TEAM, DEV, 3, 0, b"c").unwrap(),
        Append::Gap,
        "within the kept sequence, a gap is a gap"
    );
    assert_eq!(
        s.append_envelope(TEAM, DEV, 5, 0, b"e").unwrap(),
        Append::Revoked
    );
}

/// A device revoked in one team still appends in another.
pub fn a_revocation_holds_in_its_own_team_only<B: Backend>(backend: &B) {
    let s = with_team(backend);
    assert!(s.create_team(OTHER_TEAM, b"other 1").unwrap());
    fill(&s, TEAM, DEV, 1..=1, 4);
    s.append_list(TEAM, 2, 1, b"v2", &[], &[(DEV, 1)]).unwrap();
    fill(&s, OTHER_TEAM, DEV, 1..=3, 4);
}

/// A lead revoking a device while that device's envelopes keep arriving through
/// another instance: when the list is stored, the log ends at the sequence it keeps,
/// and nothing is stored after it.
pub fn a_revocation_racing_appends_never_leaves_an_envelope_beyond_the_kept_sequence<B: Backend>(
    backend: &B,
) {
    const MAX_APPENDS: u64 = 400;
    let handles = backend.handles(2);
    assert!(handles[0].create_team(TEAM, b"list 1").unwrap());
    fill(handles[0].as_ref(), TEAM, DEV, 1..=1, 4);
    let outcomes = race(&handles, |i, s| {
        if i == 0 {
            // The device uploads until it learns it is revoked.
            let mut appended = Vec::new();
            for seq in 2..=MAX_APPENDS {
                match s
                    .append_envelope(TEAM, DEV, seq, 0, &envelope(seq, 4))
                    .unwrap()
                {
                    Append::Appended => appended.push(seq),
                    Append::Revoked => return (appended, None, Some(seq)),
                    other => panic!("sequence {seq}: {other:?}"),
                }
            }
            (appended, None, None)
        } else {
            // The lead syncs (reads the length) and revokes, until it is stored. Each
            // refusal needs an append in between, so this ends.
            for _ in 0..=MAX_APPENDS {
                let held = s.last_seq(TEAM, DEV).unwrap();
                match s
                    .append_list(TEAM, 2, 1, b"v2", &[], &[(DEV, held)])
                    .unwrap()
                {
                    ListAppend::Stored => return (Vec::new(), Some(held), None),
                    ListAppend::HeldBeyondRevocation => continue,
                    ListAppend::VersionTaken => panic!("nobody else posts lists"),
                }
            }
            panic!("the revocation was refused more often than envelopes were appended");
        }
    });
    let kept = outcomes[1].1.expect("the revocation is stored");
    let appended = &outcomes[0].0;
    assert!(
        appended.iter().all(|&seq| seq <= kept),
        "an envelope after the kept sequence {kept} was stored: {appended:?}"
    );
    assert_eq!(handles[0].last_seq(TEAM, DEV).unwrap(), kept);
    if let Some(refused) = outcomes[0].2 {
        assert_eq!(
            refused,
            kept + 1,
            "the first refused is right after the kept"
        );
    }
    assert_eq!(
        handles[0]
            .append_envelope(TEAM, DEV, kept + 1, 0, b"late")
            .unwrap(),
        Append::Revoked
    );
}

// --- orders ----------------------------------------------------------------------

/// `append_order` stores only number `last + 1`, from 1: 0, a gap and a taken number
/// are `NumberTaken`.
pub fn orders_are_numbered_from_one_without_gaps<B: Backend>(backend: &B) {
    let s = with_team(backend);
    let taken = OrderAppend::NumberTaken;
    assert_eq!(s.last_order(TEAM).unwrap(), 0);
    assert_eq!(s.append_order(TEAM, 0, b"o0", &[]).unwrap(), taken);
    assert_eq!(s.append_order(TEAM, 2, b"o2", &[]).unwrap(), taken, "a gap");
    assert_eq!(s.append_order(TEAM, u64::MAX, b"x", &[]).unwrap(), taken);
    assert_eq!(s.last_order(TEAM).unwrap(), 0);
    assert_eq!(
        s.append_order(TEAM, 1, b"o1", &[]).unwrap(),
        OrderAppend::Stored
    );
    assert_eq!(s.append_order(TEAM, 3, b"o3", &[]).unwrap(), taken, "a gap");
    assert_eq!(
        s.append_order(TEAM, 2, b"o2", &[]).unwrap(),
        OrderAppend::Stored
    );
    assert_eq!(s.last_order(TEAM).unwrap(), 2);
    assert_eq!(s.order(TEAM, 1).unwrap().as_deref(), Some(&b"o1"[..]));
    assert_eq!(s.order(TEAM, 2).unwrap().as_deref(), Some(&b"o2"[..]));
    assert_eq!(s.order(TEAM, 0).unwrap(), None);
    assert_eq!(s.order(TEAM, 3).unwrap(), None);
    assert_eq!(s.order(TEAM, u64::MAX).unwrap(), None);
}

/// A team that is not registered has no next order.
pub fn an_order_for_an_unregistered_team_is_refused<B: Backend>(backend: &B) {
    let s = backend.empty();
    assert_eq!(
        s.append_order(OTHER_TEAM, 1, b"o1", &[]).unwrap(),
        OrderAppend::NumberTaken
    );
    assert_eq!(s.last_order(OTHER_TEAM).unwrap(), 0);
    assert_eq!(s.order(OTHER_TEAM, 1).unwrap(), None);
}

/// Another order at a taken number is refused; the first stays.
pub fn a_taken_number_is_refused_and_keeps_the_first_order<B: Backend>(backend: &B) {
    let s = with_team(backend);
    s.append_order(TEAM, 1, b"o1", &[]).unwrap();
    assert_eq!(
        s.append_order(TEAM, 1, b"o1 from another lead", &[])
            .unwrap(),
        OrderAppend::NumberTaken
    );
    assert_eq!(s.order(TEAM, 1).unwrap().as_deref(), Some(&b"o1"[..]));
    assert_eq!(s.last_order(TEAM).unwrap(), 1);
}

/// A retry of a stored order (its answer was lost) is `NumberTaken` and changes
/// nothing, and the order reads back byte for byte: what the hub compares to answer
/// the retry as a success.
pub fn a_retried_order_is_refused_and_its_stored_bytes_match_it<B: Backend>(backend: &B) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=3, 4);
    let purge = [(DEV, 2)];
    assert_eq!(
        s.append_order(TEAM, 1, b"purge 2", &purge).unwrap(),
        OrderAppend::Stored
    );
    assert_eq!(
        s.append_order(TEAM, 1, b"purge 2", &purge).unwrap(),
        OrderAppend::NumberTaken
    );
    assert_eq!(s.order(TEAM, 1).unwrap().as_deref(), Some(&b"purge 2"[..]));
    assert_eq!(s.last_order(TEAM).unwrap(), 1);
    assert_eq!(s.envelope(TEAM, DEV, 2).unwrap(), Some(Slot::Purged));
    assert_eq!(listed(&s, 0, usize::MAX), vec![1, 3]);
}

/// `orders_after` gives the orders after the given number, in order, as stored.
pub fn orders_come_in_number_order_after_the_given_one<B: Backend>(backend: &B) {
    let s = with_team(backend);
    assert!(s.orders_after(TEAM, 0, usize::MAX).unwrap().is_empty());
    for n in 1..=5u64 {
        s.append_order(TEAM, n, format!("order {n}").as_bytes(), &[])
            .unwrap();
    }
    let all = s.orders_after(TEAM, 0, usize::MAX).unwrap();
    assert_eq!(versions(&all), vec![1, 2, 3, 4, 5]);
    assert_eq!(all[2], (3, b"order 3".to_vec()));
    assert_eq!(
        versions(&s.orders_after(TEAM, 3, usize::MAX).unwrap()),
        vec![4, 5]
    );
    assert!(s.orders_after(TEAM, 5, usize::MAX).unwrap().is_empty());
    assert!(
        s.orders_after(TEAM, u64::MAX, usize::MAX)
            .unwrap()
            .is_empty()
    );
}

/// A page of orders holds as many as fit in `max_bytes`, and at least one.
pub fn order_pages_hold_at_least_one_order_and_stop_at_the_byte_bound<B: Backend>(backend: &B) {
    let s = with_team(backend);
    for n in 1..=5u64 {
        s.append_order(TEAM, n, &[n as u8; 10], &[]).unwrap();
    }
    let page = |after, max| s.orders_after(TEAM, after, max).unwrap();
    assert_eq!(page(0, 25), vec![(1, vec![1; 10]), (2, vec![2; 10])]);
    assert_eq!(
        versions(&page(0, 30)),
        vec![1, 2, 3],
        "one that fits exactly"
    );
    assert_eq!(versions(&page(0, 29)), vec![1, 2]);
    assert_eq!(versions(&page(0, 1)), vec![1], "at least one");
    assert_eq!(versions(&page(0, 0)), vec![1]);
    assert_eq!(versions(&page(3, 15)), vec![4]);
}

/// Each team's orders are a chain of their own, numbered from 1.
pub fn each_team_has_its_own_chain_of_orders<B: Backend>(backend: &B) {
    let s = with_team(backend);
    assert!(s.create_team(OTHER_TEAM, b"other 1").unwrap());
    s.append_order(TEAM, 1, b"o1", &[]).unwrap();
    s.append_order(TEAM, 2, b"o2", &[]).unwrap();
    assert_eq!(s.last_order(OTHER_TEAM).unwrap(), 0);
    assert_eq!(s.order(OTHER_TEAM, 1).unwrap(), None);
    assert_eq!(
        s.append_order(OTHER_TEAM, 1, b"p1", &[]).unwrap(),
        OrderAppend::Stored
    );
    assert_eq!(
        s.orders_after(OTHER_TEAM, 0, usize::MAX).unwrap(),
        vec![(1, b"p1".to_vec())]
    );
    assert_eq!(s.last_order(TEAM).unwrap(), 2);
}

/// Instances racing to post the same next order: exactly one is stored per number.
pub fn concurrent_orders_for_one_number_store_exactly_one<B: Backend>(backend: &B) {
    const LAST: u64 = 10;
    let handles = backend.handles(4);
    assert!(handles[0].create_team(TEAM, b"list 1").unwrap());
    let outcomes = race(&handles, |i, s| {
        (1..=LAST)
            .map(|n| s.append_order(TEAM, n, &[i as u8, n as u8], &[]).unwrap())
            .collect::<Vec<_>>()
    });
    for n in 1..=LAST {
        let winners: Vec<usize> = (0..outcomes.len())
            .filter(|&i| outcomes[i][n as usize - 1] == OrderAppend::Stored)
            .collect();
        assert_eq!(winners.len(), 1, "order {n} stored by {winners:?}");
        assert_eq!(
            handles[0].order(TEAM, n).unwrap(),
            Some(vec![winners[0] as u8, n as u8])
        );
    }
    assert_eq!(handles[0].last_order(TEAM).unwrap(), LAST);
}

// --- purges and stubs ------------------------------------------------------------

/// A purge turns each place it names into a stub: the place stays in its log (the
/// length and the vector do not move) but its bytes are gone.
pub fn a_purged_place_stays_in_its_log_without_its_bytes<B: Backend>(backend: &B) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=6, 10);
    let purge = [(DEV, 2), (DEV, 3), (DEV, 4), (DEV, 6)];
    assert_eq!(
        s.append_order(TEAM, 1, b"purge", &purge).unwrap(),
        OrderAppend::Stored
    );
    assert_eq!(s.last_seq(TEAM, DEV).unwrap(), 6);
    assert_eq!(s.vector(TEAM).unwrap().get(DEV), 6);
    for (_, seq) in purge {
        assert_eq!(s.envelope(TEAM, DEV, seq).unwrap(), Some(Slot::Purged));
    }
    for seq in [1, 5] {
        assert_eq!(
            s.envelope(TEAM, DEV, seq).unwrap(),
            Some(Slot::Envelope(envelope(seq, 10)))
        );
    }
    assert_eq!(s.order(TEAM, 1).unwrap().as_deref(), Some(&b"purge"[..]));
}

/// Listings never hold a stub, a run of stubs does not end them, and a stub takes no
/// room in a page.
pub fn listings_skip_stubs_and_a_run_of_stubs_does_not_end_them<B: Backend>(backend: &B) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=6, 10);
    s.append_order(TEAM, 1, b"purge", &[(DEV, 2), (DEV, 3), (DEV, 4), (DEV, 6)])
        .unwrap();
    assert_eq!(listed(&s, 0, 1000), vec![1, 5]);
    assert_eq!(listed(&s, 1, 1), vec![5], "past a run of stubs");
    assert_eq!(listed(&s, 0, 20), vec![1, 5], "stubs take no room");
    assert!(listed(&s, 5, 1000).is_empty(), "only a stub follows 5");
}

/// An upload at a purged place finds it held: it is never stored back.
pub fn an_upload_at_a_stub_is_held_and_stores_nothing<B: Backend>(backend: &B) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=3, 10);
    s.append_order(TEAM, 1, b"purge", &[(DEV, 2)]).unwrap();
    assert_eq!(
        s.append_envelope(TEAM, DEV, 2, 0, &envelope(2, 10))
            .unwrap(),
        Append::Held
    );
    assert_eq!(s.envelope(TEAM, DEV, 2).unwrap(), Some(Slot::Purged));
    assert_eq!(listed(&s, 0, 1000), vec![1, 3]);
}

/// A log goes on after its stubs, and a purge may name a stub again (it is held).
pub fn a_log_goes_on_after_its_stubs_and_a_stub_may_be_purged_again<B: Backend>(backend: &B) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=3, 10);
    s.append_order(TEAM, 1, b"purge", &[(DEV, 3)]).unwrap();
    fill(&s, TEAM, DEV, 4..=4, 10);
    assert_eq!(
        s.append_order(TEAM, 2, b"again", &[(DEV, 3), (DEV, 4)])
            .unwrap(),
        OrderAppend::Stored
    );
    assert_eq!(s.envelope(TEAM, DEV, 3).unwrap(), Some(Slot::Purged));
    assert_eq!(s.envelope(TEAM, DEV, 4).unwrap(), Some(Slot::Purged));
    assert_eq!(listed(&s, 0, 1000), vec![1, 2]);
    assert_eq!(s.vector(TEAM).unwrap().get(DEV), 4);
}

/// One purge may name places of several devices (sorted by device, as orders are).
pub fn a_purge_may_name_places_of_several_devices<B: Backend>(backend: &B) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=2, 4);
    fill(&s, TEAM, DEV2, 1..=3, 4);
    assert_eq!(
        s.append_order(TEAM, 1, b"purge", &[(DEV, 2), (DEV2, 1), (DEV2, 3)])
            .unwrap(),
        OrderAppend::Stored
    );
    assert_eq!(s.envelope(TEAM, DEV, 2).unwrap(), Some(Slot::Purged));
    assert_eq!(s.envelope(TEAM, DEV2, 1).unwrap(), Some(Slot::Purged));
    assert_eq!(s.envelope(TEAM, DEV2, 3).unwrap(), Some(Slot::Purged));
    assert_eq!(
        s.envelopes_after(TEAM, DEV2, 0, usize::MAX).unwrap(),
        vec![envelope(2, 4)]
    );
    assert_eq!(listed(&s, 0, usize::MAX), vec![1]);
}

/// A purge naming a place the storage does not hold (beyond its log, of a device with
/// no log, sequence 0) is `UnknownPlace`, and nothing is stored: not the order, not a
/// stub at the places that are held.
pub fn a_purge_naming_a_place_not_held_stores_nothing<B: Backend>(backend: &B) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=2, 4);
    for places in [
        vec![(DEV, 1), (DEV, 3)],
        vec![(DEV, 1), (DEV3, 1)],
        vec![(DEV, 0)],
        vec![(DEV, u64::MAX)],
    ] {
        assert_eq!(
            s.append_order(TEAM, 1, b"purge", &places).unwrap(),
            OrderAppend::UnknownPlace,
            "{places:?}"
        );
    }
    assert_eq!(s.last_order(TEAM).unwrap(), 0);
    assert_eq!(s.order(TEAM, 1).unwrap(), None);
    assert_eq!(
        s.envelope(TEAM, DEV, 1).unwrap(),
        Some(Slot::Envelope(envelope(1, 4))),
        "the held place named beside the unknown one is untouched"
    );
}

/// The number is checked first: a taken number with an unknown place is taken.
pub fn the_order_number_is_checked_before_the_places<B: Backend>(backend: &B) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=2, 4);
    s.append_order(TEAM, 1, b"policy", &[]).unwrap();
    assert_eq!(
        s.append_order(TEAM, 1, b"purge", &[(DEV, 3)]).unwrap(),
        OrderAppend::NumberTaken
    );
    assert_eq!(
        s.append_order(TEAM, 3, b"purge", &[(DEV, 3)]).unwrap(),
        OrderAppend::NumberTaken
    );
}

/// When `append_order` returns, no copy of a purged envelope is left at rest (for a
/// backend that keeps files). Checked on an envelope within a page and one larger than
/// a page, against the bytes at rest before the purge, which do hold them.
pub fn purged_bytes_are_gone_from_the_backend_s_files<B: Backend>(backend: &B) {
    let s = with_team(backend);
    // Distinctive bytes (splitmix64 from a seed each), unlike anything else stored.
    let marked = |len: usize, seed: u64| -> Vec<u8> {
        let mut state = seed << 40;
        (0..len)
            .map(|_| {
                state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
                let mut z = state;
                z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
                (z ^ (z >> 31)) as u8
            })
            .collect()
    };
    let small = marked(300, 7);
    let large = marked(20_000, 11);
    let kept = marked(300, 13);
    for (seq, bytes) in [(1, &small), (2, &large), (3, &kept)] {
        assert_eq!(
            s.append_envelope(TEAM, DEV, seq, 0, bytes).unwrap(),
            Append::Appended
        );
    }
    let slice_of = |bytes: &[u8]| bytes[bytes.len() / 2..bytes.len() / 2 + 32].to_vec();
    let held = |at_rest: &[u8], bytes: &[u8]| {
        let needle = slice_of(bytes);
        at_rest.windows(needle.len()).any(|w| w == needle)
    };
    if let Some(before) = backend.at_rest() {
        assert!(held(&before, &small), "the check does not see stored bytes");
        assert!(held(&before, &large), "the check does not see stored bytes");
    }
    assert_eq!(
        s.append_order(TEAM, 1, b"purge", &[(DEV, 1), (DEV, 2)])
            .unwrap(),
        OrderAppend::Stored
    );
    assert_eq!(s.envelope(TEAM, DEV, 1).unwrap(), Some(Slot::Purged));
    assert_eq!(s.envelope(TEAM, DEV, 2).unwrap(), Some(Slot::Purged));
    if let Some(after) = backend.at_rest() {
        assert!(!held(&after, &small), "a purged envelope is still at rest");
        assert!(!held(&after, &large), "a purged envelope is still at rest");
        assert!(held(&after, &kept), "the envelope not purged is kept");
    }
}

#[cfg(test)]
mod tests {
    /// Every test function of the suite is instantiated by the macro: one added to the
    /// module but not to the macro would never run.
    #[test]
    fn the_macro_instantiates_every_test_of_the_suite() {
        let source = include_str!("conformance.rs");
        let (functions, macro_body) = {
            let start = source.find("macro_rules! hub_storage_conformance").unwrap();
            let end = start + source[start..].find("(@tests $backend:expr;").unwrap();
            (source, &source[start..end])
        };
        let tests: Vec<&str> = functions
            .lines()
            .filter_map(|l| l.strip_prefix("pub fn "))
            .filter_map(|l| l.split_once('<'))
            .map(|(name, _)| name)
            .collect();
        assert!(tests.len() > 40, "found only {tests:?}");
        for name in &tests {
            assert!(
                macro_body.contains(&format!("{name},")),
                "{name} is not in hub_storage_conformance!"
            );
        }
        let listed = macro_body.matches(",\n").count();
        assert_eq!(
            listed,
            tests.len(),
            "the macro lists a test that is not a function"
        );
    }
}
