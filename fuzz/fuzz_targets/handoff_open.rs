//! Handoff files (`handoff::open`) with a fixed passphrase. The seeds were sealed with
//! this passphrase (examples/seeds.rs), so the fuzzer can reach the container and
//! records.json parsing; mutations of the ciphertext mostly stop at age's MAC.
//! Note: a header may ask for scrypt work factors up to `MAX_WORK_FACTOR` (20), which
//! costs about a second and 1 GiB per run: expect occasional slow units.
#![no_main]
use libfuzzer_sys::fuzz_target;
use senim_handoff::{self as handoff, HandoffSecret};

pub const PASSPHRASE: &str = "senim fuzz passphrase";

fuzz_target!(|data: &[u8]| {
    let secret = HandoffSecret::Passphrase(PASSPHRASE.to_string().into());
    let _ = handoff::open(data, &secret);
});
