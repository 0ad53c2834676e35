/* pyheap.h: the C declarations of every export of pyheap's Wasm module.
 *
 * pyheap is CPython's memory manager (pymalloc arenas/pools/blocks over a
 * TLSF raw allocator) compiled from AssemblyScript. A C, C++ or Rust module
 * compiled for wasm32 uses it as its malloc through imports from the
 * module "pyheap" (PYHEAP_IMPORT_MODULE), sharing one linear memory:
 *
 *   build/malloc.wasm (the allocator alone) and build/shared.wasm (with
 *   the object layer) import env.memory; the client is linked with
 *     clang --target=wasm32 -nostdlib -ffreestanding -mbulk-memory \
 *       -Wl,--no-entry -Wl,--import-memory -Wl,--global-base=65536 ...
 *   and the host instantiates pyheap first, then the client with
 *     { env: { memory }, pyheap: <pyheap's exports> }.
 *
 * Memory layout (addresses in the shared memory):
 *
 *   0 .. 1024                  unused: a NULL dereference lands here
 *   PYHEAP_DATA_START .. pyheap_data_end()
 *                              pyheap's static data (free-list heads,
 *                              usedpools, the statistics record); always
 *                              below PYHEAP_DATA_END
 *   PYHEAP_DATA_END (64 KiB) ..  the client's data, then its stack
 *                              (wasm-ld's default layout; do not link with
 *                              --stack-first, which puts the stack at 0)
 *   base .. limit              pyheap's heap, given by pyheap_init()
 *
 * Before any allocation, the host or the client calls
 *   pyheap_init((uintptr_t)&__heap_base, 0)
 * (__heap_base is defined by wasm-ld at the end of the client's data and
 * stack). Until then every allocation fails (NULL, PYHEAP_ERR_OUT_OF_MEMORY):
 * the heap has no region yet. pyheap_init also checks that pyheap's data is
 * unchanged since instantiation, which catches a client linked without
 * --global-base=65536 (its data segments would overwrite pyheap's).
 *
 * Ownership: every pointer returned by an allocation function is owned by
 * the caller until passed to the matching free; arguments are borrowed.
 * Families must match: malloc/calloc/realloc/aligned_alloc/cabi_realloc and
 * PyMem_* and PyObject_* blocks are freed with free, PyMem_Free or
 * PyObject_Free (the debug build insists on the family that allocated);
 * PyMem_Raw* blocks only with PyMem_RawFree.
 *
 * Alignment: every block is 16-aligned (C's max_align_t on wasm32), 8 in
 * the legacy build; aligned_alloc and cabi_realloc take any power of two.
 *
 * Bad pointers: free() of a pointer pyheap did not hand out, or of a block
 * already freed, changes nothing; pyheap_free() returns the reason, and
 * pyheap_last_error*() keep the last one for the void/NULL functions.
 */
#ifndef PYHEAP_H
#define PYHEAP_H

#include <stddef.h>
#include <stdint.h>

#ifndef PYHEAP_IMPORT_MODULE
#define PYHEAP_IMPORT_MODULE "pyheap"
#endif
#define PYHEAP_IMPORT(name) \
  __attribute__((import_module(PYHEAP_IMPORT_MODULE), import_name(#name)))

#ifdef __cplusplus
extern "C" {
#endif

/* Where pyheap's static data lives in a shared memory. */
#define PYHEAP_DATA_START 1024u
#define PYHEAP_DATA_END 65536u
/* Alignment of every block (legacy build: 8). */
#define PYHEAP_ALIGNMENT 16u

/* Error codes (assembly/errors.ts). */
enum {
  PYHEAP_OK = 0,
  PYHEAP_ERR_NOT_OURS = 1,       /* not a block this heap handed out */
  PYHEAP_ERR_DOUBLE_FREE = 2,    /* the block is already free */
  PYHEAP_ERR_OUT_OF_MEMORY = 3,  /* memory cannot grow (limit, cap, 4 GiB) */
  PYHEAP_ERR_SIZE_OVERFLOW = 4,  /* n*size or a size near 4 GiB overflowed */
  PYHEAP_ERR_BAD_ALIGNMENT = 5,  /* not a power of two */
  PYHEAP_ERR_WRONG_API = 6,      /* debug build: freed by another family */
  PYHEAP_ERR_OVERRUN = 7,        /* debug build: guard after the block hit */
  PYHEAP_ERR_UNDERRUN = 8,       /* debug build: guard before the block hit */
  PYHEAP_ERR_USE_AFTER_FREE = 9, /* debug build: freed block written */
  PYHEAP_ERR_CORRUPT = 10,       /* pyheap_check(): invariant broken; or
                                    pyheap_init(): pyheap's data overwritten */
  PYHEAP_ERR_BAD_REGION = 11     /* pyheap_init(): region refused */
};

/* ---- the shared-memory contract ---------------------------------------- */

/* Gives the heap the region [base, limit) (limit 0: up to 4 GiB; a limit is
 * rounded down to a 64 KiB page and pyheap never grows the memory past it).
 * Call before the first allocation; later calls are refused. Returns 0, or
 * PYHEAP_ERR_BAD_REGION with pyheap_last_error_address() the offending
 * value and pyheap_last_error_size() the bound it broke:
 *   base < pyheap_data_end()            base inside pyheap's data
 *   limit < base + 65536                region smaller than one page
 *   limit < the memory's current size   pages past the limit already exist
 *   called before (successfully)        address = the heap's start, size 0
 *   allocation already started          address = the heap's top, size 0
 * or PYHEAP_ERR_CORRUPT: pyheap's data changed since instantiation (another
 * module's data or stack overlaps [pyheap_data_start(), pyheap_data_end())). */
PYHEAP_IMPORT(pyheap_init) int pyheap_init(uintptr_t base, uintptr_t limit);
/* [start, end) of pyheap's static data. */
PYHEAP_IMPORT(pyheap_data_start) uintptr_t pyheap_data_start(void);
PYHEAP_IMPORT(pyheap_data_end) uintptr_t pyheap_data_end(void);
/* Low-level: moves the heap's start without any check (prefer pyheap_init). */
PYHEAP_IMPORT(pyheap_set_heap_base) void pyheap_set_heap_base(uintptr_t base);

/* ---- C ABI --------------------------------------------------------------- */

/* size bytes, 16-aligned; NULL on failure; malloc(0) is a unique pointer. */
PYHEAP_IMPORT(malloc) void *malloc(size_t size);
/* nelem*elsize zeroed bytes; NULL if the product overflows. */
PYHEAP_IMPORT(calloc) void *calloc(size_t nelem, size_t elsize);
/* Resized block, contents kept (in place when the size class allows);
 * realloc(NULL, n) is malloc(n); on failure NULL and ptr stays valid. */
PYHEAP_IMPORT(realloc) void *realloc(void *ptr, size_t size);
/* free(NULL) does nothing; a bad pointer is refused (pyheap_last_error). */
PYHEAP_IMPORT(free) void free(void *ptr);
/* size bytes aligned to alignment, a power of two; NULL otherwise. */
PYHEAP_IMPORT(aligned_alloc) void *aligned_alloc(size_t alignment, size_t size);
/* Bytes usable at ptr (>= the size asked for); 0 for a bad pointer. */
PYHEAP_IMPORT(malloc_usable_size) size_t malloc_usable_size(void *ptr);

/* The component model's allocator (canonical ABI): old_ptr NULL allocates
 * new_size bytes aligned to align; otherwise resizes old_ptr (old_size
 * bytes) keeping its contents. Traps on failure: the canonical ABI cannot
 * report it, and writing through a NULL result would hit pyheap's data. */
PYHEAP_IMPORT(cabi_realloc)
void *cabi_realloc(void *old_ptr, size_t old_size, size_t align, size_t new_size);

/* ---- CPython's layers ---------------------------------------------------- */

/* Layer 1, the raw allocator: TLSF. Free only with PyMem_RawFree. */
PYHEAP_IMPORT(PyMem_RawMalloc) void *PyMem_RawMalloc(size_t size);
PYHEAP_IMPORT(PyMem_RawCalloc) void *PyMem_RawCalloc(size_t nelem, size_t elsize);
PYHEAP_IMPORT(PyMem_RawRealloc) void *PyMem_RawRealloc(void *ptr, size_t size);
PYHEAP_IMPORT(PyMem_RawFree) void PyMem_RawFree(void *ptr);
/* Layer 2, the object allocator: pymalloc for requests <= 512 bytes. */
PYHEAP_IMPORT(PyMem_Malloc) void *PyMem_Malloc(size_t size);
PYHEAP_IMPORT(PyMem_Calloc) void *PyMem_Calloc(size_t nelem, size_t elsize);
PYHEAP_IMPORT(PyMem_Realloc) void *PyMem_Realloc(void *ptr, size_t size);
PYHEAP_IMPORT(PyMem_Free) void PyMem_Free(void *ptr);
PYHEAP_IMPORT(PyObject_Malloc) void *PyObject_Malloc(size_t size);
PYHEAP_IMPORT(PyObject_Calloc) void *PyObject_Calloc(size_t nelem, size_t elsize);
PYHEAP_IMPORT(PyObject_Realloc) void *PyObject_Realloc(void *ptr, size_t size);
PYHEAP_IMPORT(PyObject_Free) void PyObject_Free(void *ptr);

/* ---- errors, limits, statistics ----------------------------------------- */

/* free() that returns why it refused: PYHEAP_OK or an error code. */
PYHEAP_IMPORT(pyheap_free) int pyheap_free(void *ptr);
/* The last refusal: its code, the address it concerned, a size. */
PYHEAP_IMPORT(pyheap_last_error) int pyheap_last_error(void);
PYHEAP_IMPORT(pyheap_last_error_address) uintptr_t pyheap_last_error_address(void);
PYHEAP_IMPORT(pyheap_last_error_size) size_t pyheap_last_error_size(void);
PYHEAP_IMPORT(pyheap_clear_error) void pyheap_clear_error(void);
/* Caps the memory at pages 64 KiB pages (0: no cap); pyheap_init sets it. */
PYHEAP_IMPORT(pyheap_set_max_pages) void pyheap_set_max_pages(uint32_t pages);
PYHEAP_IMPORT(pyheap_max_pages) uint32_t pyheap_max_pages(void);
/* Fills the statistics record and returns its address (inside pyheap's
 * data; layout in assembly/stats.ts). Borrowed: do not free or keep. */
PYHEAP_IMPORT(pyheap_stats) const uint32_t *pyheap_stats(void);
/* Walks the heap: PYHEAP_OK or PYHEAP_ERR_CORRUPT (address recorded). */
PYHEAP_IMPORT(pyheap_check) int pyheap_check(void);
/* Debug build: empties the quarantine; others: PYHEAP_OK. */
PYHEAP_IMPORT(pyheap_flush_quarantine) int pyheap_flush_quarantine(void);
/* 1 in the debug build. */
PYHEAP_IMPORT(pyheap_is_debug) int pyheap_is_debug(void);

#ifdef __cplusplus
}
#endif
#endif /* PYHEAP_H */
