//! Rule sets (`RuleSet::from_json`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use senim_content::screening::RuleSet;

fuzz_target!(|data: &[u8]| {
    let _ = RuleSet::from_json(data);
});
