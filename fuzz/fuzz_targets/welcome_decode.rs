//! Welcome codes (`Welcome::decode`) on arbitrary UTF-8, then `Welcome::open` with a
//! fixed device's keys (what a joining device does with a scanned code).
#![no_main]
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use senim_protocol::team::{DeviceId, DeviceKeys, Welcome};

static KEYS: LazyLock<DeviceKeys> =
    LazyLock::new(|| DeviceKeys::generate(DeviceId::random().unwrap()).unwrap());

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(welcome) = Welcome::decode(text) {
            let _ = welcome.encode();
            let _ = welcome.open(&KEYS);
        }
    }
});
