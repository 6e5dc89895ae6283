//! A passcode handed over by the app (Kotlin `ByteArray`, Swift `Data`) arrives as a
//! `RustBuffer` the generated code lifts into the argument's Rust type. These tests lift
//! one through the same call the scaffolding makes (`Lift::<UniFfiTag>::try_lift`), drop
//! the result as the API does after use, and check with a scanning global allocator
//! that no block released to the allocator still holds the passcode.
//!
//! Unit tests of the library, not an integration test: an integration test links the
//! library as it ships, with its own global allocator (ADR 0051), and a test binary
//! has one. Here the scanning allocator stands alone, so what is checked is the lift's
//! own wiping, not the shipped allocator's.

use std::sync::Mutex;

use crate::Passcode;
use senim_test_alloc::ScanningAllocator;
use uniffi::{Lift, RustBuffer};
use zeroize::Zeroizing;

#[global_allocator]
static ALLOCATOR: ScanningAllocator = ScanningAllocator;

/// The allocator's watch is process-wide: one test at a time.
static SCANNING: Mutex<()> = Mutex::new(());

/// 32 bytes, the length of a watched pattern.
const PASSCODE: &[u8; 32] = b"kestrel 4711 under the old bridg";

/// The buffer the app's side fills: the byte count (big-endian i32), then the bytes,
/// in one allocation owned by Rust (`rustbuffer_alloc`), as `FfiConverterByteArray`
/// writes it.
fn buffer_from_the_app() -> RustBuffer {
    let mut bytes = Vec::with_capacity(4 + PASSCODE.len());
    bytes.extend_from_slice(&(PASSCODE.len() as i32).to_be_bytes());
    bytes.extend_from_slice(PASSCODE);
    RustBuffer::from_vec(bytes)
}

#[test]
fn a_passcode_lifted_from_the_app_leaves_no_copy_in_freed_memory() {
    let _one = SCANNING.lock().unwrap_or_else(|e| e.into_inner());
    let buffer = buffer_from_the_app();
    senim_test_alloc::watch(&[*PASSCODE]);

    let passcode = <Passcode as Lift<crate::UniFfiTag>>::try_lift(buffer).unwrap();
    assert_eq!(passcode.as_bytes(), PASSCODE);
    drop(passcode);

    assert_eq!(
        senim_test_alloc::stop(),
        0,
        "a freed block still held the passcode"
    );
}

#[test]
fn a_refused_passcode_buffer_is_wiped_too() {
    let _one = SCANNING.lock().unwrap_or_else(|e| e.into_inner());
    // A count one short of the bytes that follow: refused as junk after the passcode.
    let mut bytes = Vec::with_capacity(4 + PASSCODE.len());
    bytes.extend_from_slice(&(PASSCODE.len() as i32 - 1).to_be_bytes());
    bytes.extend_from_slice(PASSCODE);
    let buffer = RustBuffer::from_vec(bytes);
    senim_test_alloc::watch(&[*PASSCODE]);

    assert!(<Passcode as Lift<crate::UniFfiTag>>::try_lift(buffer).is_err());

    assert_eq!(senim_test_alloc::stop(), 0);
}

/// The same lift as a plain `Vec<u8>` argument (what the API took before), wiped after
/// use as the API did: the buffer the app filled is freed unwiped, and the scanner
/// finds it. This shows the check above can fail.
#[test]
fn a_passcode_lifted_as_plain_bytes_leaves_the_apps_buffer_in_freed_memory() {
    let _one = SCANNING.lock().unwrap_or_else(|e| e.into_inner());
    let buffer = buffer_from_the_app();
    senim_test_alloc::watch(&[*PASSCODE]);

    let lifted = <Vec<u8> as Lift<crate::UniFfiTag>>::try_lift(buffer).unwrap();
    drop(Zeroizing::new(lifted));

    assert_eq!(senim_test_alloc::stop(), 1);
}
