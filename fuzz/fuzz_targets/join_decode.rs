//! Join codes (`JoinRequest::decode`) on arbitrary UTF-8: typed or scanned by a lead.
#![no_main]
use libfuzzer_sys::fuzz_target;
use senim_protocol::team::JoinRequest;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(request) = JoinRequest::decode(text) {
            let _ = request.encode();
        }
    }
});
