// The shared-memory build: pyheap as the malloc of another Wasm module.
//
// The `shared` target (asconfig.json) imports its memory from `env.memory`
// instead of owning one, and places its static data at ASC_MEMORY_BASE
// (1024), so one linear memory is laid out as
//
//   0      1024               dataEnd  65536 (64 KiB)     base        limit
//   | null | pyheap's statics |  ...   | the client's data, | pyheap's heap |
//   | page | (lists, pools,   |        | stack, ...         | (grows up,    |
//   |      |  stats record)   |        |                    |  never past)  |
//
// The client links its own data above SHARED_DATA_END (clang:
// `-Wl,--global-base=65536`) and gives pyheap its heap's region with
// pyheap_init(base, limit) before the first allocation. Until then the
// heap is parked at the top of the address space, where every allocation
// fails cleanly (0, ERR_OUT_OF_MEMORY) instead of carving blocks from the
// client's data. include/pyheap.h states the same contract for C.
//
// pyheap_init also verifies that pyheap's statics still hold what they held
// when the module started: a client whose data segments or stack overlap
// them is reported (ERR_CORRUPT) rather than left to corrupt the heap.
//
// In the other builds (own memory) pyheap_init works the same way but the
// heap is usable from the start and nothing is verified.

import { ALIGNMENT, WASM_PAGE_BITS, WASM_PAGE_SIZE } from "./config";
import { OK, ERR_BAD_REGION, ERR_CORRUPT, fail } from "./errors";
import { setMaxBytes } from "./source/memory";
import { getHeapStart, getTop, setHeapBase } from "./raw/raw";
import { BLOCK_HEADER } from "./raw/block";
import { initUsedPools } from "./pymalloc/obmalloc";
import { malloc, realloc, free, aligned_alloc, malloc_usable_size } from "./allocator";
import { mapRecords, MAP_RECORDS_SIZE } from "./map";
import { statsRecord, STATS_RECORD_SIZE } from "./stats";

// @ts-ignore: decorator
@lazy const SHARED: bool = isDefined(PYHEAP_SHARED);
// @ts-ignore: decorator
@lazy const ZERO_STATICS: bool = isDefined(PYHEAP_ZERO_STATICS);

/** pyheap's statics end below this address in the shared build; clients
 *  link their data from here up (include/pyheap.h: PYHEAP_DATA_END). */
const SHARED_DATA_END: usize = 0x10000;

/** Smallest region pyheap_init accepts: one Wasm page. */
const MIN_REGION: u64 = WASM_PAGE_SIZE;

/** A base this high leaves no room for a block: carving always fails. */
const PARKED_BASE: usize = 0xffff_ffe0;

/** FNV-1a of pyheap's statics as instantiation left them (shared build),
 *  less the records that stats() and the heap map fill for their caller,
 *  which may be asked for before pyheap_init. */
let dataHash: u32 = 0;

function hashData(): u32 {
  let h: u32 = 0x811c9dc5;
  for (let p: usize = ASC_MEMORY_BASE; p < __heap_base; p++) {
    if (p - mapRecords < MAP_RECORDS_SIZE || p - statsRecord < STATS_RECORD_SIZE) continue;
    h = (h ^ <u32>load<u8>(p)) * 0x01000193;
  }
  return h;
}

// Start code: index.ts exports this file last, so this runs after every
// other file's start code has initialised the statics.
if (SHARED) {
  // build/malloc.wasm is built with --zeroFilledMemory, which drops the
  // statics' data segments (all zeros: memory.data reservations); an
  // imported memory need not be zero, so clear them here instead, and
  // redo the one start code that writes statics (pymalloc's usedpools).
  // test/malloc.test.ts checks that the build has no data segment this
  // would wipe.
  if (ZERO_STATICS) {
    memory.fill(ASC_MEMORY_BASE, 0, __heap_base - ASC_MEMORY_BASE);
    initUsedPools();
  }
  dataHash = hashData();
  setHeapBase(PARKED_BASE);
}

/** Set by the first successful pyheap_init: the region is given once. */
let regionGiven = false;

// True once a block has been carved: the heap's top has left its start.
function heapStarted(): bool {
  return getTop() != getHeapStart() - BLOCK_HEADER;
}

/** First and end address of pyheap's statics: a client's data must not
 *  overlap [pyheap_data_start(), pyheap_data_end()). */
export function pyheap_data_start(): usize {
  return ASC_MEMORY_BASE;
}
export function pyheap_data_end(): usize {
  return __heap_base;
}

/** Gives pyheap the region [base, limit) of the memory for its heap; limit
 *  0 means up to 4 GiB less one page. Returns 0, or ERR_BAD_REGION (nothing changed) with
 *  pyheap_last_error_address() = the offending base/limit/top and
 *  pyheap_last_error_size() = the bound it broke:
 *    base < pyheap_data_end()          base inside pyheap's statics
 *    limit < base + 64 KiB             region too small (limit is rounded
 *                                      down to a 64 KiB page)
 *    limit < memory size               pages above the limit already exist,
 *                                      and pyheap bounds itself by never
 *                                      growing the memory past the limit
 *    called before (successfully)      address = the heap's start, size 0
 *    allocation already started        address = the heap's top, size 0
 *  or ERR_CORRUPT (shared build): pyheap's statics changed since the module
 *  started, so another module's data or stack overlaps them (address =
 *  pyheap_data_start(), size = their length); or they no longer fit below
 *  64 KiB (address = their end), which is a pyheap build error. */
export function pyheap_init(base: usize, limit: usize): i32 {
  if (regionGiven) return fail(ERR_BAD_REGION, getHeapStart(), 0);
  if (heapStarted()) return fail(ERR_BAD_REGION, getTop(), 0);
  // Guards the contract with clients should pyheap's statics ever grow.
  if (SHARED && __heap_base > SHARED_DATA_END) return fail(ERR_CORRUPT, __heap_base, SHARED_DATA_END);
  if (base < __heap_base) return fail(ERR_BAD_REGION, base, __heap_base);
  let end: u64 = limit == 0 ? <u64>1 << 32 : (<u64>limit >> WASM_PAGE_BITS) << WASM_PAGE_BITS;
  if (end < <u64>base + MIN_REGION) return fail(ERR_BAD_REGION, limit, <usize>min<u64>(<u64>base + MIN_REGION, 0xffff_ffff));
  let now = <u64>memory.size() << WASM_PAGE_BITS;
  if (end < now) return fail(ERR_BAD_REGION, limit, <usize>now);
  if (SHARED && hashData() != dataHash) return fail(ERR_CORRUPT, ASC_MEMORY_BASE, __heap_base - ASC_MEMORY_BASE);
  setHeapBase(base);
  setMaxBytes(limit == 0 ? 0 : end);
  regionGiven = true;
  return OK;
}

/** The component model's allocator (canonical ABI):
 *    cabi_realloc(0, 0, align, n)        a new block of n bytes
 *    cabi_realloc(p, old, align, n)      p resized to n, contents kept
 *  aligned to `align` (a power of two). The canonical ABI has no way to
 *  report failure, and a 0 it would write through is pyheap's statics, so
 *  failure traps (the reason stays in pyheap_last_error()). */
export function cabi_realloc(oldPtr: usize, oldSize: usize, align: usize, newSize: usize): usize {
  let p: usize;
  if (align <= ALIGNMENT) {
    p = oldPtr ? realloc(oldPtr, newSize) : malloc(newSize);
  } else if (!oldPtr) {
    p = aligned_alloc(align, newSize);
  } else {
    // realloc cannot promise an alignment above ALIGNMENT: move by hand.
    let have = malloc_usable_size(oldPtr); // 0: not a live block (recorded)
    if (!have) unreachable();
    if ((oldPtr & (align - 1)) == 0 && have >= newSize) return oldPtr;
    p = aligned_alloc(align, newSize);
    if (p) {
      memory.copy(p, oldPtr, min(min(oldSize, have), newSize));
      free(oldPtr);
    }
  }
  if (!p) unreachable();
  return p;
}
