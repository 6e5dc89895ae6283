//! `uniffi-bindgen`, the generator of the Kotlin and Swift bindings, at the exact uniffi
//! version the library is built with. Run by `scripts/bindings` in library mode.

fn main() {
    uniffi::uniffi_bindgen_main()
}
