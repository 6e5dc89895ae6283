//! Envelopes (`Envelope::from_bytes`): what stores and the hub keep and peers send.
#![no_main]
use libfuzzer_sys::fuzz_target;
use senim_protocol::sync::Envelope;

fuzz_target!(|data: &[u8]| {
    if let Ok(envelope) = Envelope::from_bytes(data) {
        let _ = envelope.encoded_len();
        let _ = envelope.to_bytes();
    }
});
