// All of pyheap's tunables, in one place, each with the reason for its value.
//
// Build switches (asconfig.json passes them with `--use NAME=1`):
//   PYHEAP_DEBUG   the PYTHONMALLOC=debug build: guard bytes, fill patterns,
//                  API-family checks (see debug/guards.ts).
//   PYHEAP_LEGACY  CPython 2.x-3.7's 32-bit size classes: 8-byte alignment
//                  and a 256-byte threshold, so the benchmark can compare
//                  them with the default ones.
//   PYHEAP_SHARED  the builds that import their memory (shared.ts).
//   PYHEAP_ZERO_STATICS  build/malloc.wasm: the memory is declared
//                  zero-filled, so the start code zeroes the statics.
//   PYHEAP_UNCHECKED  build/unchecked.wasm: pymalloc keeps no live bits,
//                  so free trusts its pointer as dlmalloc does (see
//                  UNCHECKED below).
//   PYHEAP_EXTRA_TYPES=n  type ids for n types a build adds to the built-in
//                  ones (EXTRA_TYPES below).
//
// Size classes (default geometry; the legacy one is the same table with
// 8-byte steps up to 256 bytes):
//
//   Request in bytes     Size of allocated block      Size class idx
//   ----------------------------------------------------------------
//          1-16                    16                       0
//         17-32                    32                       1
//         33-48                    48                       2
//          ...                    ...                     ...
//        481-496                   496                      30
//        497-512                   512                      31
//        0 -> class 0 (a unique 16-byte block), 513 and up -> raw allocator
//
// CPython routes 0 to the raw allocator; here it takes the smallest class,
// which is faster and still yields a unique pointer.

// @ts-ignore: decorator
@lazy export const DEBUG: bool = isDefined(PYHEAP_DEBUG);
// @ts-ignore: decorator
@lazy export const LEGACY: bool = isDefined(PYHEAP_LEGACY);
/** build/unchecked.wasm, the allocator alone: malloc and free keep no live
 *  bit per block. Keeping the bitmap current is a read-modify-write of a
 *  bitmap word in every malloc and every free; without it a 32-byte
 *  malloc+free pair took 0.7-0.75x the time in the roofline bench's
 *  side-by-side runs (the bench reports both builds). What the build gives
 *  up: free still refuses a pointer outside the heap, misaligned, or into
 *  a pool's header, but takes a block freed twice or a pointer into a
 *  block as dlmalloc does, corrupting the heap. Statistics and check()
 *  stay exact: they derive the blocks allocated from the pools' free lists
 *  when asked. */
// @ts-ignore: decorator
@lazy export const UNCHECKED: bool = isDefined(PYHEAP_UNCHECKED);
/** Whether memory the heap never handed out is zero: true where the
 *  module owns its memory (memory.grow's pages are zero), false in the
 *  builds that import one, which may hold anything. calloc skips the
 *  memset over such memory. */
// @ts-ignore: decorator
@lazy export const FRESH_MEMORY_IS_ZERO: bool = !isDefined(PYHEAP_SHARED);
/** Type ids a build reserves past the built-in types for types of its own
 *  (objects/layout.ts N_TYPES; each is a container that fills its entry of
 *  the type table, objects/slots.ts). 0 in pyheap's own builds: the
 *  per-type tables are sized for the types there are. */
// @ts-ignore: decorator
@lazy export const EXTRA_TYPES: u32 = isDefined(PYHEAP_EXTRA_TYPES) ? <u32>PYHEAP_EXTRA_TYPES : 0;

/** Block alignment. 16 = C's max_align_t on wasm32, so malloc must honour it
 *  (CPython uses 16 only where pointers are 64-bit: its wasm32 builds, such
 *  as Pyodide's, keep 8 and 64 classes, since its objects need no more).
 *  The legacy geometry's 8 with 256 bytes is CPython's 32-bit one before 3.8. */
export const ALIGNMENT_SHIFT: u32 = LEGACY ? 3 : 4;
export const ALIGNMENT: u32 = 1 << ALIGNMENT_SHIFT;

/** Requests up to this many bytes are served by pymalloc's pools. 512 since
 *  CPython 3.8 (bpo-37360 showed no loss from the larger classes); 256 before. */
export const SMALL_REQUEST_THRESHOLD: u32 = LEGACY ? 256 : 512;
export const NB_SMALL_SIZE_CLASSES: u32 = SMALL_REQUEST_THRESHOLD >> ALIGNMENT_SHIFT;

/** Pool: one page-like unit holding blocks of a single size class, and
 *  arena: the unit pymalloc asks the raw allocator for. 4 KiB pools in
 *  256 KiB arenas (64 pools each), as CPython builds them wherever pointers
 *  are 32 bits (obmalloc.c uses 16 KiB / 1 MiB only when SIZEOF_VOID_P > 4),
 *  and wasm32 is such a platform. Every size class in use holds at least
 *  one pool, so the pool size is the floor of a small heap: with 16 KiB
 *  pools a program touching all 32 classes paid 512 KiB before its first
 *  full pool (bench small-lifo: 736 KiB against dlmalloc's 288 KiB). The
 *  header is 64 bytes of 4 KiB (1.6%), and a pool switch is a slow path
 *  taken once per ~250 blocks of the smallest class. */
export const POOL_BITS: u32 = 12;
export const POOL_SIZE: u32 = 1 << POOL_BITS;
export const POOL_SIZE_MASK: u32 = POOL_SIZE - 1;

export const ARENA_BITS: u32 = 18;
export const ARENA_SIZE: u32 = 1 << ARENA_BITS;
export const MAX_POOLS_IN_ARENA: u32 = ARENA_SIZE >> POOL_BITS;

/** Wasm has one linear heap for both layers, so a hole a freed large block
 *  leaves behind should serve pymalloc too: when no whole arena fits in
 *  free memory, an arena of at least this many pools is cut from the
 *  largest fitting free block instead of growing memory (CPython's arenas
 *  may have fewer than MAX_POOLS_IN_ARENA pools as well). 8 pools (1/8 of
 *  an arena) keeps the number of arena objects bounded. */
export const MIN_POOLS_IN_ARENA: u32 = 8;

/** Arena objects table starts with this many entries and doubles (CPython: 16). */
export const INITIAL_ARENA_OBJECTS: u32 = 16;

/** Wasm page: fixed by the spec. */
export const WASM_PAGE_BITS: u32 = 16;
export const WASM_PAGE_SIZE: u32 = 1 << WASM_PAGE_BITS;

/** Growth policy of the memory source. Wasm memory never shrinks, so the
 *  final memory is the peak plus the slack of the last growth, which the
 *  heap may never use. Memory grows by what was asked for, but at least
 *  by 1/32 of the current size (few grows while the heap is small), a
 *  slack capped at GROW_MAX_PAGES (256 KiB) up to a 16 MiB heap and at
 *  1/GROW_CAP_DIVISOR of a larger one. No slack is added on top of a
 *  larger request (a large block would leave it unused at the peak).
 *  memory.grow costs ~2-3 us here up to 16 MiB, but 0.3-0.9 ms at
 *  64-256 MiB (bench/'s environment measurement, Node 20, two runs), so
 *  large heaps keep growing geometrically. Measured on the allocator
 *  suite (bench/), mean final memory over eight placements of the heap
 *  56 KiB apart: a 2 MiB
 *  cap left up to 0.6 MiB unused at the peak (large-mix 31.59 MiB mean,
 *  32.24 worst; compile_stdlib 13.99, 14.32); this policy gives 31.33
 *  (31.85) and 13.95 (14.05), lower or equal on every workload, for 86
 *  grows instead of 81 on compile_stdlib and 129 instead of 97 on
 *  large-mix (dlmalloc: ~180 and ~210). A 1/64 slack or a 128 KiB cap
 *  saved ~0.05 MiB more for ~40% more grows. */
export const GROW_SLACK_DIVISOR: u32 = 32;
export const GROW_MIN_PAGES: u32 = 1;
export const GROW_MAX_PAGES: u32 = 4; // 256 KiB
export const GROW_CAP_DIVISOR: u32 = 64;

/** Quick lists (raw/quick.ts): a freed raw block of at most QUICK_MAX_BLOCK
 *  bytes (a 1 KiB request and its header: the medium sizes just above
 *  pymalloc's classes, glibc's tcache range) waits unmerged for the next
 *  request of its size, up to QUICK_CAP blocks per size, and every list is
 *  merged back before the heap takes fresh memory. Measured in the roofline
 *  bench side by side, churn among 10k live blocks of 16-1024 B against
 *  dlmalloc-wasi: 0.92x without the lists, 0.59x with 8 per size, 0.54x
 *  with 16, 0.55x with 32; lists up to 4 KiB or 10 KiB blocks left churn
 *  as it was and made talc's random actions slower. Final memory on the
 *  allocator suite (mean over eight heap placements) moved by -0.4% to
 *  +1.1% for every cap tried, within the spread between placements. */
export const QUICK_MAX_BLOCK: usize = 1040;
export const QUICK_CAP: u16 = 16;

/** Largest memory a wasm32 module can have: 65536 pages = 4 GiB. */
export const MAX_WASM_PAGES: u32 = 65536;
/** Largest memory the heap uses: one page short of 4 GiB, so that the end
 *  of the memory it has committed, a 32-bit address, never wraps to 0 (at
 *  65536 pages every free would be refused as not the heap's). */
export const MAX_HEAP_PAGES: u32 = MAX_WASM_PAGES - 1;

/** TLSF second-level subdivisions (log2). 32 lists per power of two keep the
 *  good-fit search within ~3% of best fit (Masmano et al., 2004). */
export const TLSF_SL_BITS: u32 = 5;
/** Blocks of a large request's own TLSF list tried before the search
 *  rounds up to the next list (whose every block fits, but is at least a
 *  slice larger). 8 blocks bound the walk; 0 is plain TLSF. */
export const TLSF_FIT_PROBES: u32 = 8;

/** Raw blocks carry an address-keyed tag so that free() can tell a live block
 *  from an arbitrary pointer into one; any odd constant works. */
export const RAW_TAG_SALT: u32 = 0x5a17c0de;

/** pymalloc realloc keeps a shrinking block in place unless it would lose at
 *  least a quarter of it (CPython's rule: copy only if 4*n <= 3*size). */
export const SHRINK_KEEP_NUMERATOR: u32 = 3;
export const SHRINK_KEEP_DENOMINATOR: u32 = 4;

/** realloc's copies of at most this many bytes run as a loop of 8-byte
 *  loads and stores (words.ts) instead of memory.copy, which V8 (11.x)
 *  compiles to a call out of the Wasm code costing ~10 ns at any length:
 *  the loop is cheaper up to about 128 bytes here. (calloc keeps
 *  memory.fill: a loop inlined into its four exports would push
 *  build/malloc.wasm past its 12 kB budget.) */
export const SMALL_COPY_MAX: usize = 128;

/** Debug build: freed blocks wait in a FIFO quarantine, filled with
 *  DEADBYTE, before the allocator may reuse them; a write after free is
 *  caught when a block leaves it (or by check()). 1024 blocks / 4 MiB
 *  catch the usual dangling-pointer distance at a bounded memory cost. */
export const QUARANTINE_BLOCKS: u32 = 1024;
export const QUARANTINE_BYTES: usize = 4 << 20;

/** Debug build fill patterns, as CPython's PYTHONMALLOC=debug. */
export const CLEANBYTE: u8 = 0xcd; // fresh memory
export const DEADBYTE: u8 = 0xdd; // freed memory
export const FORBIDDENBYTE: u8 = 0xfd; // guard bytes around a block

// ------------------------------------------------------------ objects

/** Per-type free lists, CPython 3.12-3.14's sizes (Include/internal/
 *  pycore_freelist.h): enough to absorb the churn of short-lived floats,
 *  small tuples, lists and dicts without holding much memory. Tuples are
 *  kept per length 1..TUPLE_MAXSAVESIZE. */
export const FLOAT_MAXFREELIST: u32 = 100;
export const TUPLE_MAXSAVESIZE: u32 = 20;
export const TUPLE_MAXFREELIST: u32 = 2000;
export const LIST_MAXFREELIST: u32 = 80;
export const DICT_MAXFREELIST: u32 = 80;

/** Instance attributes (CPython 3.11+ "inline values"): a class shares one
 *  table of attribute names among its instances, and each instance keeps
 *  the values in its own block, indexed by the name's position there. 30
 *  is CPython's SHARED_KEYS_MAX_SIZE: a class with more distinct attribute
 *  names gives the instances that need them a real __dict__, so the same
 *  programs get a dict object at the same point (gc.collect() counts it). */
export const SHARED_KEYS_MAX: u32 = 30;

/** The interned-string table's smallest size (a power of two); it doubles
 *  at 2/3 full. 64 slots cover the identifiers of a small program. */
export const INTERN_MIN_CAPACITY: u32 = 64;

/** Finalizers may free objects whose finalizers run in turn; beyond this
 *  nesting, instances are torn down without theirs (counted), as CPython's
 *  trashcan bounds recursion. 1024 levels cost 8 KiB of static memory. */
export const MAX_FINALIZER_DEPTH: u32 = 1024;

/** repr() of containers nested deeper than this raises RecursionError,
 *  as CPython's does past its C recursion limit (10000 in 3.13): each
 *  level is two Wasm calls on the engine's stack, which a JavaScript host
 *  keeps to about a megabyte, and 1000-deep nests (Python's recursion
 *  limit) are what programs reach. */
export const MAX_REPR_DEPTH: u32 = 1000;

/** Slots of the live-Ref memo (objects/livememo.ts): addresses of objects
 *  known to be live, so that checking a Ref the facade passes back is one
 *  lookup instead of the allocator's live-block test. 256 slots (1 KiB)
 *  hold the Refs a program is working with at any moment; a miss only
 *  costs the full test. */
export const LIVE_MEMO_BITS: u32 = 8;
export const LIVE_MEMO_SLOTS: u32 = 1 << LIVE_MEMO_BITS;

// ------------------------------------------------------------ collector

/** Generation 0's default threshold: 2000 as CPython 3.13 and 3.14.5+
 *  (3.12 and older: 700); the façade's gcThresholds option sets all
 *  three. Generations 1 and 2 default to 10 collections of the younger. */
export const GC_THRESHOLD0: u32 = 2000;
export const GC_THRESHOLD1: u32 = 10;
export const GC_THRESHOLD2: u32 = 10;


// ------------------------------------------------------------ tracemalloc

/** PYHEAP_NO_TRACE (build/malloc.wasm, the allocator alone for linking)
 *  compiles the tracing hooks away. */
// @ts-ignore: decorator
@lazy export const TRACE: bool = !isDefined(PYHEAP_NO_TRACE);

/** Sampling mode's default: one sample per 512 KiB allocated on average,
 *  as Go's runtime.MemProfileRate and jemalloc's lg_prof_sample = 19. At
 *  that rate a churn of small objects takes a sample every ~10,000
 *  allocations, so tracing costs a countdown per allocation and a table
 *  probe per free. */
export const TRACE_SAMPLE_BYTES: u32 = 512 << 10;
/** The table of traced blocks starts with this many slots (a power of
 *  two) and doubles at half full, so a probe ends at an empty slot after
 *  ~1.5 slots on average. */
export const TRACE_TABLE_MIN: u32 = 1024;
/** Slot of the exported function table that JavaScript fills with the
 *  function giving a new trace its traceback (asconfig.json's tableBase
 *  keeps slots below 2 free of the module's own functions). */
export const TRACE_HOOK_SLOT: u32 = 1;
