//! A test-only global allocator that looks for secrets in memory being freed.
//!
//! While a watch is set, every deallocation (and every reallocation, which frees the
//! old block) made by the thread that set it is scanned for the watched byte patterns.
//! A hit means a copy of a key was released to the allocator without being zeroized
//! first.
//!
//! While it watches, the watching thread's new blocks are zeroed when they are handed
//! out: a block is otherwise given with whatever the memory last held, and a block
//! that code under test fills only in part and frees would carry stale bytes freed
//! unzeroed before the watch began (a document's text, from a write before it), which
//! were counted as the watched session's. A hit is then a copy written while the
//! block was held.
//!
//! Only the watching thread's frees count: the other tests of the binary run on other
//! threads meanwhile. Once vault creation began running the passcode estimator (much
//! more allocation on every test thread), other threads sometimes freed blocks holding
//! the watched test's keys. How those bytes got there is not traced: probing the
//! memory freed on the session's own thread after each step (create, add, get, search,
//! lock, unlock, drop) found no stale copy.
//!
//! A test binary installs it as its global allocator (`senim-vault`'s unit tests do):
//!
//! ```no_run
//! #[global_allocator]
//! static ALLOCATOR: senim_test_alloc::ScanningAllocator = senim_test_alloc::ScanningAllocator;
//! # fn main() {}
//! ```
//!
//! It is a crate of its own because an allocator is `unsafe` code and every other crate
//! of the workspace forbids `unsafe`. It is only ever a dev-dependency: it must never be
//! linked into a shipped binary.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};

const PATTERNS: usize = 4;
const LEN: usize = 32;

/// The allocator: the system allocator, with freed blocks scanned while a watch is set.
pub struct ScanningAllocator;

static ACTIVE: AtomicBool = AtomicBool::new(false);
static HITS: AtomicUsize = AtomicUsize::new(0);
static COUNT: AtomicUsize = AtomicUsize::new(0);
static WATCH: [[AtomicU8; LEN]; PATTERNS] = [const { [const { AtomicU8::new(0) }; LEN] }; PATTERNS];

thread_local! {
    /// Set on the thread that called [`watch`]: only its frees are scanned. Other tests
    /// of the same binary run on other threads at the same time, and a block one of them
    /// frees may hold stale bytes of memory it was handed uninitialised; those are not
    /// the watched session's frees. (`const`, no destructor: safe to read in an
    /// allocator.)
    static WATCHING: Cell<bool> = const { Cell::new(false) };
}

/// One watch at a time: the patterns and the hit count are global, so two tests of
/// one binary watching at once would count each other's hits (a test that leaks its
/// secret on purpose made another's check fail).
static ONE_WATCH: std::sync::Mutex<()> = std::sync::Mutex::new(());

thread_local! {
    /// The watching thread's hold on [`ONE_WATCH`], from [`watch`] to [`stop`] (or the
    /// thread's end, should its test fail in between).
    static HOLD: std::cell::RefCell<Option<std::sync::MutexGuard<'static, ()>>> =
        const { std::cell::RefCell::new(None) };
}

/// Starts watching for these 32-byte secrets (at most four). Resets the hit count.
/// Waits while another thread watches.
pub fn watch(secrets: &[[u8; LEN]]) {
    assert!(secrets.len() <= PATTERNS);
    let hold = ONE_WATCH
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    HOLD.with(|h| *h.borrow_mut() = Some(hold));
    for (slot, s) in WATCH.iter().zip(secrets) {
        for (a, b) in slot.iter().zip(s) {
            a.store(*b, Ordering::SeqCst);
        }
    }
    COUNT.store(secrets.len(), Ordering::SeqCst);
    HITS.store(0, Ordering::SeqCst);
    WATCHING.with(|w| w.set(true));
    ACTIVE.store(true, Ordering::SeqCst);
}

/// Whether this thread's frees are scanned (it set the watch, or joined it).
pub fn is_watching() -> bool {
    WATCHING.try_with(Cell::get).unwrap_or(false)
}

/// Has this thread's frees scanned too (`true`) or not: for a thread that a watched
/// session starts to do part of its work (the vault's decoy follower), which then
/// frees what that session's keys touched.
pub fn watch_here(on: bool) {
    WATCHING.with(|w| w.set(on));
}

/// Stops watching; returns how many freed blocks held a watched secret.
pub fn stop() -> usize {
    ACTIVE.store(false, Ordering::SeqCst);
    WATCHING.with(|w| w.set(false));
    let hits = HITS.load(Ordering::SeqCst);
    HOLD.with(|h| h.borrow_mut().take());
    hits
}

/// Whether this thread's allocations are watched now.
fn watching() -> bool {
    ACTIVE.load(Ordering::Relaxed) && WATCHING.try_with(Cell::get).unwrap_or(false)
}

fn scan(ptr: *const u8, size: usize) {
    if size < LEN || !watching() {
        return;
    }
    // SAFETY: the block is still allocated and `size` bytes long; it is only read.
    let block = unsafe { std::slice::from_raw_parts(ptr, size) };
    // Compared with the watched bytes where they are, never copied: a copy of the
    // pattern on this stack (as a local array, at every free) was itself carried into
    // heap blocks by later code and counted as the watched session's leak (the last
    // pattern of four, now and then, in whole-suite runs).
    for slot in WATCH.iter().take(COUNT.load(Ordering::Relaxed)) {
        let found = block.windows(LEN).any(|w| {
            w.iter()
                .zip(slot)
                .all(|(b, a)| *b == a.load(Ordering::Relaxed))
        });
        if found {
            HITS.fetch_add(1, Ordering::SeqCst);
        }
    }
}

// SAFETY: every call is forwarded to the system allocator; scanning only reads the
// block before it is released.
unsafe impl GlobalAlloc for ScanningAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `alloc`'s contract, which is passed on unchanged.
        let block = unsafe { System.alloc(layout) };
        if !block.is_null() && watching() {
            // SAFETY: `block` is a live allocation of `layout.size()` bytes.
            unsafe { std::ptr::write_bytes(block, 0, layout.size()) };
        }
        block
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        scan(ptr, layout.size());
        // SAFETY: `ptr` was allocated by `System` with `layout` (every allocation here
        // goes to `System`), as the caller of `dealloc` guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller upholds `alloc_zeroed`'s contract, passed on unchanged.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Allocate, copy, scan and free, so the old block is inspected like any other.
        // SAFETY: `realloc`'s caller guarantees that `new_size`, rounded up to the
        // alignment of `layout` (a valid layout's alignment), does not overflow `isize`.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: `new_size` is non-zero (the caller's guarantee), so is `new_layout`.
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks are live, distinct and at least `min(old, new)` bytes
            // long; `ptr` was allocated here with `layout` and is not used afterwards.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        new
    }
}
