//! The zeroing allocator the app's library and the `senim` command ship (ADR 0051),
//! over a whole session: the scanning allocator sits under it and sees each block as
//! the system would receive it, so this checks that the wrapper wipes every block it
//! frees (by `dealloc` and by `realloc`), in a session that leaves the note's text in
//! 89 freed blocks under the system allocator alone (the crate's unit test
//! `a_session_leaves_a_notes_text_in_freed_memory_without_the_shipped_allocator`).
//! That the library and the command use it as their global allocator is not visible
//! from a test: `scripts/test` checks the built artifacts for it.

use senim_test_alloc::ScanningAllocator;
use senim_vault::testing::session_over_a_note;

#[global_allocator]
static ALLOCATOR: zeroizing_alloc::ZeroAlloc<ScanningAllocator> =
    zeroizing_alloc::ZeroAlloc(ScanningAllocator);

const PROBE: &[u8; 32] = b"probe-of-a-session-0123456789abc";
const PASSCODE: &[u8; 32] = b"kestrel 4711 under the old bridg";

#[test]
fn a_session_leaves_no_text_or_passcode_in_freed_memory_with_the_shipped_allocator() {
    let dir = tempfile::tempdir().unwrap();
    senim_test_alloc::watch(&[*PROBE, *PASSCODE]);
    let session = session_over_a_note(dir.path(), PASSCODE, PROBE);
    let hits = senim_test_alloc::stop();
    session.unwrap();
    assert_eq!(
        hits, 0,
        "a freed block held the note's text or the passcode"
    );
}
