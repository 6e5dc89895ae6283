//! Hub API bodies (`TeamRegistration`, `MembershipPost`, `MembershipUpdate`
//! `from_bytes`): the same bytes go to each decoder, as the hub and client would.
#![no_main]
use libfuzzer_sys::fuzz_target;
use senim_protocol::sync::hub_api::{MembershipPost, MembershipUpdate, TeamRegistration};

fuzz_target!(|data: &[u8]| {
    if let Ok(body) = TeamRegistration::from_bytes(data) {
        let _ = body.to_bytes();
    }
    if let Ok(body) = MembershipPost::from_bytes(data) {
        let _ = body.to_bytes();
    }
    if let Ok(body) = MembershipUpdate::from_bytes(data) {
        let _ = body.to_bytes();
    }
});
