//! pyheap as the global allocator of a Rust program compiled for
//! `wasm32-unknown-unknown`: every allocation is a call to pyheap's Wasm
//! module (build/malloc.wasm or build/shared.wasm), imported from the
//! module "pyheap", in one shared linear memory.
//!
//! ```ignore
//! #[global_allocator]
//! static A: pyheap_alloc::PyHeap = pyheap_alloc::PyHeap;
//! ```
//!
//! Link with `-C link-arg=--import-memory`. The host creates the memory,
//! instantiates pyheap in it, then this program with
//! `{ env: { memory }, pyheap: <pyheap's exports> }`. The first allocation
//! gives pyheap its region, from `__heap_base` up, unless the host already
//! did (`instantiateShared({ memory, base, limit })`). docs/linking.md has
//! the memory layout (rustc links with `--stack-first`).
#![no_std]

use core::alloc::{GlobalAlloc, Layout};
use core::sync::atomic::{AtomicBool, Ordering};

/// Every block pyheap hands out is aligned to this (include/pyheap.h
/// PYHEAP_ALIGNMENT); larger alignments go through `aligned_alloc`.
pub const ALIGNMENT: usize = 16;

#[link(wasm_import_module = "pyheap")]
extern "C" {
    #[link_name = "malloc"]
    fn pyheap_malloc(size: usize) -> *mut u8;
    #[link_name = "calloc"]
    fn pyheap_calloc(nelem: usize, elsize: usize) -> *mut u8;
    #[link_name = "realloc"]
    fn pyheap_realloc(ptr: *mut u8, size: usize) -> *mut u8;
    #[link_name = "free"]
    fn pyheap_free(ptr: *mut u8);
    #[link_name = "aligned_alloc"]
    fn pyheap_aligned_alloc(alignment: usize, size: usize) -> *mut u8;
    fn pyheap_init(base: usize, limit: usize) -> i32;
}

extern "C" {
    /// End of this program's data (and, with --stack-first, of everything
    /// it placed in memory): wasm-ld defines it.
    static __heap_base: u8;
}

/// Set once pyheap has its region (wasm32 has one thread here).
static REGION_GIVEN: AtomicBool = AtomicBool::new(false);

/// The allocator: `#[global_allocator] static A: PyHeap = PyHeap;`
pub struct PyHeap;

impl PyHeap {
    /// Gives pyheap the region above `__heap_base`; a host that already
    /// gave one is left as it was (pyheap refuses a second pyheap_init).
    #[cold]
    fn give_region() {
        unsafe { pyheap_init(&__heap_base as *const u8 as usize, 0) };
        REGION_GIVEN.store(true, Ordering::Relaxed);
    }

    #[inline]
    fn ready() {
        if !REGION_GIVEN.load(Ordering::Relaxed) {
            Self::give_region();
        }
    }
}

unsafe impl GlobalAlloc for PyHeap {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Self::ready();
        if layout.align() <= ALIGNMENT {
            pyheap_malloc(layout.size())
        } else {
            pyheap_aligned_alloc(layout.align(), layout.size())
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Self::ready();
        if layout.align() <= ALIGNMENT {
            pyheap_calloc(1, layout.size())
        } else {
            let p = pyheap_aligned_alloc(layout.align(), layout.size());
            if !p.is_null() {
                core::ptr::write_bytes(p, 0, layout.size());
            }
            p
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        pyheap_free(ptr);
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= ALIGNMENT {
            return pyheap_realloc(ptr, new_size);
        }
        // pyheap's realloc keeps 16-byte alignment only: move by hand.
        let p = pyheap_aligned_alloc(layout.align(), new_size);
        if !p.is_null() {
            core::ptr::copy_nonoverlapping(ptr, p, core::cmp::min(layout.size(), new_size));
            pyheap_free(ptr);
        }
        p
    }
}
