//! The contract for envelope logs and revocations.

use senim_protocol::team::DeviceId;

use super::support::*;
use crate::storage::{Append, HubStorage, ListAppend, Slot};

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

// --- integrity -------------------------------------------------------------------

/// An envelope keeps the hash of the bytes it was stored with; a place marked damaged
/// is reported until a copy with that hash (and only such a copy) replaces it.
pub fn a_damaged_place_is_replaced_only_by_a_copy_with_the_hash_kept_at_upload<B: Backend>(
    backend: &B,
) {
    let s = with_team(backend);
    assert_eq!(
        s.append_envelope(TEAM, DEV, 1, 0, b"first").unwrap(),
        Append::Appended
    );
    assert_eq!(
        s.append_envelope(TEAM, DEV, 2, 0, b"second").unwrap(),
        Append::Appended
    );
    assert_eq!(
        s.envelope_hash(TEAM, DEV, 2).unwrap(),
        Some(senim_protocol::sync::Envelope::stored_hash(b"second"))
    );
    assert_eq!(s.envelope_hash(TEAM, DEV, 3).unwrap(), None);
    assert_eq!(s.first_damaged(TEAM, DEV).unwrap(), None);
    s.mark_damaged(TEAM, DEV, 2).unwrap();
    s.mark_damaged(TEAM, DEV, 9).unwrap();
    assert_eq!(s.first_damaged(TEAM, DEV).unwrap(), Some(2));
    assert_eq!(s.first_damaged(TEAM, DEV2).unwrap(), None);
    assert!(!s.replace_damaged(TEAM, DEV, 2, b"forged").unwrap());
    assert_eq!(
        s.envelope(TEAM, DEV, 2).unwrap(),
        Some(Slot::Envelope(b"second".to_vec()))
    );
    assert!(s.replace_damaged(TEAM, DEV, 2, b"second").unwrap());
    assert_eq!(s.first_damaged(TEAM, DEV).unwrap(), None);
    assert_eq!(s.last_seq(TEAM, DEV).unwrap(), 2);
}
