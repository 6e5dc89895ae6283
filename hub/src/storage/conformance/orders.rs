//! The contract for team orders and purges (stubs).

use super::support::*;
use crate::storage::{Append, HubStorage, OrderAppend, Slot};

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

/// A purge naming sequence 0 (no place) is `UnknownPlace`, and nothing is stored: not
/// the order, not a stub at the places that are held.
pub fn a_purge_naming_sequence_zero_stores_nothing<B: Backend>(backend: &B) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=2, 4);
    assert_eq!(
        s.append_order(TEAM, 1, b"purge", &[(DEV, 0), (DEV, 1)])
            .unwrap(),
        OrderAppend::UnknownPlace,
    );
    assert_eq!(s.last_order(TEAM).unwrap(), 0);
    assert_eq!(s.order(TEAM, 1).unwrap(), None);
    assert_eq!(
        s.envelope(TEAM, DEV, 1).unwrap(),
        Some(Slot::Envelope(envelope(1, 4))),
        "the held place named beside the unknown one is untouched"
    );
}

/// A purge may name places beyond a device's log here (a team handed to a hub that
/// lost it, whose devices keep stubs there): the order is stored, the held places
/// become stubs, and the log goes on past the others, each a stub once the log reaches
/// it, never holding an envelope.
pub fn a_purge_beyond_the_log_is_stored_and_the_log_goes_on_past_its_places<B: Backend>(
    backend: &B,
) {
    let s = with_team(backend);
    fill(&s, TEAM, DEV, 1..=2, 4);
    assert_eq!(
        s.append_order(
            TEAM,
            1,
            b"purge",
            &[(DEV, 2), (DEV, 4), (DEV, 5), (DEV3, 1)]
        )
        .unwrap(),
        OrderAppend::Stored
    );
    assert_eq!(s.envelope(TEAM, DEV, 2).unwrap(), Some(Slot::Purged));
    assert_eq!(s.vector(TEAM).unwrap().get(DEV), 2, "nothing held beyond");
    // The purged places are never stored, whoever uploads them.
    for seq in [4, 5] {
        assert_eq!(
            s.append_envelope(TEAM, DEV, seq, 0, &envelope(seq, 4))
                .unwrap(),
            Append::Held
        );
    }
    assert_eq!(
        s.append_envelope(TEAM, DEV3, 1, 0, &envelope(1, 4))
            .unwrap(),
        Append::Held
    );
    // Past a place not named, the log still has a gap.
    assert_eq!(
        s.append_envelope(TEAM, DEV, 7, 0, &envelope(7, 4)).unwrap(),
        Append::Gap
    );
    fill(&s, TEAM, DEV, 3..=3, 4);
    assert_eq!(
        s.append_envelope(TEAM, DEV, 6, 0, &envelope(6, 4)).unwrap(),
        Append::Appended,
        "the log goes on past the purged places"
    );
    assert_eq!(s.envelope(TEAM, DEV, 4).unwrap(), Some(Slot::Purged));
    assert_eq!(s.envelope(TEAM, DEV, 5).unwrap(), Some(Slot::Purged));
    assert_eq!(s.vector(TEAM).unwrap().get(DEV), 6);
    assert_eq!(listed(&s, 0, 1000), vec![1, 3, 6]);
    assert_eq!(
        s.append_envelope(TEAM, DEV3, 2, 0, &envelope(2, 4))
            .unwrap(),
        Append::Appended,
        "another device's log starts past its purged first place"
    );
    assert_eq!(s.envelope(TEAM, DEV3, 1).unwrap(), Some(Slot::Purged));
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

/// A revocation records the team's newest order at that moment: the orders a revoked
/// device may still read.
pub fn a_revocation_records_the_newest_order_of_its_moment<B: Backend>(backend: &B) {
    let s = with_team(backend);
    assert_eq!(s.revoked_last_order(TEAM, DEV).unwrap(), None);
    assert_eq!(
        s.append_order(TEAM, 1, b"order 1", &[]).unwrap(),
        OrderAppend::Stored
    );
    assert_eq!(
        s.append_order(TEAM, 2, b"order 2", &[]).unwrap(),
        OrderAppend::Stored
    );
    s.append_list(TEAM, 2, 1, b"v2", &[], &[(DEV, 0)]).unwrap();
    assert_eq!(
        s.append_order(TEAM, 3, b"order 3", &[]).unwrap(),
        OrderAppend::Stored
    );
    s.append_list(TEAM, 3, 2, b"v3", &[], &[(DEV2, 0)]).unwrap();
    assert_eq!(s.revoked_last_order(TEAM, DEV).unwrap(), Some(2));
    assert_eq!(s.revoked_last_order(TEAM, DEV2).unwrap(), Some(3));
    assert_eq!(s.revoked_last_order(TEAM, DEV3).unwrap(), None);
    assert_eq!(s.revoked_last_order(OTHER_TEAM, DEV).unwrap(), None);
}
