//! Services directories (`Directory::from_json`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use senim_content::screening::Directory;

fuzz_target!(|data: &[u8]| {
    let _ = Directory::from_json(data);
});
