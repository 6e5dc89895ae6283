//! Training scenarios (`Scenario::from_json`) against the bundled library (the forms and
//! rule sets scenarios name are looked up and the answer key is scored).
#![no_main]
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use senim_content::Library;
use senim_demo::scenarios::Scenario;

static LIBRARY: LazyLock<Library> = LazyLock::new(|| Library::bundled().unwrap());

fuzz_target!(|data: &[u8]| {
    let _ = Scenario::from_json(data, &LIBRARY);
});
