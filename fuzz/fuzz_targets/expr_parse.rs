//! Skip-logic expressions (`senim_content::forms::expr::parse`) on arbitrary UTF-8.
#![no_main]
use libfuzzer_sys::fuzz_target;
use senim_content::forms::expr;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = expr::parse(text);
    }
});
