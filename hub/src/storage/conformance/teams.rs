//! The contract for teams, membership lists and sealed keys.

use super::support::*;
use crate::storage::{HubStorage, ListAppend};

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
