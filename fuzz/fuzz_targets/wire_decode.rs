//! Sync wire messages (`senim_protocol::sync::wire::decode`): what a hub or a peer sends.
#![no_main]
use libfuzzer_sys::fuzz_target;
use senim_protocol::sync::wire;

fuzz_target!(|data: &[u8]| {
    if let Ok(message) = wire::decode(data) {
        // Whatever decodes must encode again (encode has an `expect`).
        let _ = wire::encode(&message);
    }
});
