//! Membership lists (`Membership::from_bytes`), then the checks the hub and devices run
//! on a list from outside (`verify_genesis`, `verify_signed_by_own_lead`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use senim_protocol::team::Membership;

fuzz_target!(|data: &[u8]| {
    if let Ok(list) = Membership::from_bytes(data) {
        let _ = list.verify_genesis();
        let _ = list.verify_signed_by_own_lead();
        let _ = list.to_bytes();
    }
});
