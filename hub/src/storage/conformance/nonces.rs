//! The suite's tests of the nonces a storage remembers: a request's nonce is accepted
//! once per team and signer within the window, and forgotten once the window passed.

use super::support::{OTHER_TEAM, TEAM};
use crate::storage::HubStorage;
use crate::storage::conformance::Backend;

const SIGNER: [u8; 32] = [0x51; 32];
const OTHER_SIGNER: [u8; 32] = [0x52; 32];
const NONCE: [u8; 16] = [0x4e; 16];

pub fn a_nonce_is_remembered_once_per_team_and_signer<B: Backend>(backend: &B) {
    let s = backend.empty();
    assert!(s.remember_nonce(TEAM, &SIGNER, &NONCE, 1_000, 700).unwrap());
    assert!(!s.remember_nonce(TEAM, &SIGNER, &NONCE, 1_000, 700).unwrap());
    // Another time with the same nonce is the same nonce.
    assert!(!s.remember_nonce(TEAM, &SIGNER, &NONCE, 1_001, 701).unwrap());
    assert!(
        s.remember_nonce(TEAM, &SIGNER, &[0x4f; 16], 1_001, 701)
            .unwrap()
    );
}

pub fn another_signer_or_team_may_use_the_same_nonce<B: Backend>(backend: &B) {
    let s = backend.empty();
    assert!(s.remember_nonce(TEAM, &SIGNER, &NONCE, 1_000, 700).unwrap());
    assert!(
        s.remember_nonce(TEAM, &OTHER_SIGNER, &NONCE, 1_000, 700)
            .unwrap()
    );
    assert!(
        s.remember_nonce(OTHER_TEAM, &SIGNER, &NONCE, 1_000, 700)
            .unwrap()
    );
}

pub fn nonces_signed_before_the_window_are_forgotten<B: Backend>(backend: &B) {
    let s = backend.empty();
    assert!(s.remember_nonce(TEAM, &SIGNER, &NONCE, 1_000, 700).unwrap());
    // Still within the window: a replay.
    assert!(
        !s.remember_nonce(TEAM, &SIGNER, &NONCE, 1_000, 1_000)
            .unwrap()
    );
    // The window moved past it: the row is gone (the hub refuses such a time anyway).
    assert!(
        s.remember_nonce(TEAM, &SIGNER, &[0x01; 16], 1_400, 1_001)
            .unwrap()
    );
    assert!(
        s.remember_nonce(TEAM, &SIGNER, &NONCE, 1_000, 1_001)
            .unwrap()
    );
}
