//! A test-only global allocator that looks for secrets in memory being freed.
//!
//! While a watch is set, every deallocation (and every reallocation, which frees the
//! old block) is scanned for the watched byte patterns. A hit means a copy of a key
//! was released to the allocator without being zeroized first.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};

const PATTERNS: usize = 4;
const LEN: usize = 32;

pub struct ScanningAllocator;

static ACTIVE: AtomicBool = AtomicBool::new(false);
static HITS: AtomicUsize = AtomicUsize::new(0);
static COUNT: AtomicUsize = AtomicUsize::new(0);
static WATCH: [[AtomicU8; LEN]; PATTERNS] = [const { [const { AtomicU8::new(0) }; LEN] }; PATTERNS];

/// Starts watching for these 32-byte secrets (at most four). Resets the hit count.
pub fn watch(secrets: &[[u8; LEN]]) {
    assert!(secrets.len() <= PATTERNS);
    for (slot, s) in WATCH.iter().zip(secrets) {
        for (a, b) in slot.iter().zip(s) {
            a.store(*b, Ordering::SeqCst);
        }
    }
    COUNT.store(secrets.len(), Ordering::SeqCst);
    HITS.store(0, Ordering::SeqCst);
    ACTIVE.store(true, Ordering::SeqCst);
}

/// Stops watching; returns how many freed blocks held a watched secret.
pub fn stop() -> usize {
    ACTIVE.store(false, Ordering::SeqCst);
    HITS.load(Ordering::SeqCst)
}

fn scan(ptr: *const u8, size: usize) {
    if !ACTIVE.load(Ordering::Relaxed) || size < LEN {
        return;
    }
    // SAFETY: the block is still allocated and `size` bytes long; it is only read.
    let block = unsafe { std::slice::from_raw_parts(ptr, size) };
    for slot in WATCH.iter().take(COUNT.load(Ordering::Relaxed)) {
        let mut pat = [0u8; LEN];
        for (p, a) in pat.iter_mut().zip(slot) {
            *p = a.load(Ordering::Relaxed);
        }
        if block.windows(LEN).any(|w| w == pat) {
            HITS.fetch_add(1, Ordering::SeqCst);
        }
    }
}

// SAFETY: every call is forwarded to the system allocator; scanning only reads the
// block before it is released.
unsafe impl GlobalAlloc for ScanningAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        scan(ptr, layout.size());
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Allocate, copy, scan and free, so the old block is inspected like any other.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        let new = unsafe { System.alloc(new_layout) };
        if !new.is_null() {
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        new
    }
}
