//! Form definitions (`Form::from_json`): content packs loaded from outside. Parsing
//! also parses every skip-logic expression in the form.
#![no_main]
use libfuzzer_sys::fuzz_target;
use senim_content::forms::Form;

fuzz_target!(|data: &[u8]| {
    let _ = Form::from_json(data);
});
