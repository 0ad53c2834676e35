// instantiateShared(): pyheap's shared-memory build, the malloc of another
// Wasm module (C, Rust, AssemblyScript compiled with --import-memory) that
// uses the same WebAssembly.Memory. pyheap's static data sits at
// [pyheap_data_start(), pyheap_data_end()) inside the first 64 KiB; its
// heap is the region [base, limit) the host gives. Bad regions are refused
// here, before anything is allocated (docs/linking.md has the layout).

import { compileBuild, type PyheapExports } from "./wasm.js";
import { ErrorCode, HeapCorruptionError, heapError, hex } from "./errors.js";
import { readStats, formatStats, type MallocStats } from "./stats.js";

const PAGE = 65536;
/** Memories that already hold a pyheap: a second one would write its
 *  statics over the first's (both live at the same addresses). */
const claimed = new WeakSet<WebAssembly.Memory>();
/** Clients link their data from here up (include/pyheap.h PYHEAP_DATA_END). */
export const SHARED_DATA_END = PAGE;

export interface SharedOptions {
  /** The memory pyheap and its client share (pyheap imports it as env.memory). */
  memory: WebAssembly.Memory;
  /** Which module: `malloc` (build/malloc.wasm, the allocator alone; the
   *  default) or `shared` (build/shared.wasm, with the object layer and
   *  the collector's exports too). Both have the allocator's exports. */
  heap?: "malloc" | "shared";
  /** First address of pyheap's heap: above pyheap's data and the client's
   *  data and stack (for clang output, the client's `__heap_base`). If
   *  omitted, the client calls `pyheap_init(base, limit)` itself before
   *  its first allocation. */
  base?: number;
  /** End of the heap's region, rounded down to a 64 KiB page; pyheap never
   *  grows the memory past it. Default: no limit (4 GiB less one page). */
  limit?: number;
  /** The memory's declared maximum in pages, if it has one: JavaScript
   *  cannot read it back (before the type-reflection proposal), and a
   *  limit above it could never be reached. */
  maximumPages?: number;
}

/** One shared-memory pyheap. Pass `exports` as the client's import module
 *  (e.g. `{ env: { memory }, pyheap: heap.exports }`). */
export interface SharedHeap {
  readonly exports: PyheapExports;
  readonly memory: WebAssembly.Memory;
  /** [start, end) of pyheap's own static data in the memory. */
  readonly dataStart: number;
  readonly dataEnd: number;
  /** Gives the heap [base, limit); only before the first allocation.
   *  Throws RangeError for a bad region. */
  init(base: number, limit?: number): void;
  stats(): MallocStats;
  debugMallocStats(): string;
  /** Walks the heap; throws HeapCorruptionError. */
  check(): void;
}

function integer(name: string, n: unknown, max: number): number {
  if (typeof n !== "number") throw new TypeError(`instantiateShared: ${name} must be a number, got ${typeof n}`);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new RangeError(`instantiateShared: ${name} must be an integer from 0 to ${max}, got ${n}`);
  }
  return n;
}

export async function instantiateShared(options: SharedOptions): Promise<SharedHeap> {
  const { memory } = options;
  if (!(memory instanceof WebAssembly.Memory)) {
    throw new TypeError("instantiateShared: memory must be a WebAssembly.Memory");
  }
  // pyheap's data is written into the memory at instantiation: it must be
  // there already (the import asks for one page).
  if (memory.buffer.byteLength < PAGE) {
    throw new RangeError(
      `instantiateShared: memory too small (${memory.buffer.byteLength} bytes): ` +
      `pyheap's data needs the first 64 KiB page`,
    );
  }
  const moduleName = options.heap ?? "malloc";
  if (moduleName !== "malloc" && moduleName !== "shared") {
    throw new TypeError(`instantiateShared: heap must be "malloc" or "shared", got ${String(moduleName)}`);
  }
  const maxPages = options.maximumPages ?? readMaximum(memory);
  if (maxPages !== undefined) integer("maximumPages", maxPages, 65536);
  if (claimed.has(memory)) {
    throw new Error("instantiateShared: this memory already holds a pyheap (one pyheap per memory)");
  }
  claimed.add(memory);
  let ex: PyheapExports;
  try {
    const instance = await WebAssembly.instantiate(await compileBuild(moduleName), { env: { memory } });
    ex = instance.exports as unknown as PyheapExports;
  } catch (e) {
    claimed.delete(memory);
    throw e;
  }
  const dataStart = ex.pyheap_data_start();
  const dataEnd = ex.pyheap_data_end();

  const lastError = (what: string): Error => {
    const err = heapError(what, {
      code: ex.pyheap_last_error(),
      address: ex.pyheap_last_error_address(),
      size: ex.pyheap_last_error_size(),
    });
    ex.pyheap_clear_error();
    return err;
  };

  const init = (base: number, limit = 0): void => {
    integer("base", base, 2 ** 32 - 1);
    integer("limit", limit, 2 ** 32);
    const what = `pyheap_init(${hex(base)}, ${hex(limit)})`;
    if (base < dataEnd) {
      throw new RangeError(
        `${what}: base is inside pyheap's own data [${hex(dataStart)}, ${hex(dataEnd)})`,
      );
    }
    const end = limit === 0 || limit === 2 ** 32 ? 2 ** 32 : Math.floor(limit / PAGE) * PAGE;
    if (end < base + PAGE) {
      throw new RangeError(`${what}: limit must be at least base + 64 KiB (limits round down to 64 KiB pages)`);
    }
    if (end < memory.buffer.byteLength) {
      throw new RangeError(
        `${what}: the memory already has ${memory.buffer.byteLength} bytes, past the limit; ` +
        `pyheap keeps below its limit by never growing the memory past it`,
      );
    }
    if (maxPages !== undefined && limit !== 0 && end > maxPages * PAGE) {
      throw new RangeError(`${what}: limit is beyond the memory's maximum (${maxPages} pages)`);
    }
    // 2**32 does not fit the i32 argument; 0 means the same (no limit).
    const code = ex.pyheap_init(base, end === 2 ** 32 ? 0 : end);
    if (code === ErrorCode.CORRUPT) {
      ex.pyheap_clear_error();
      throw new HeapCorruptionError(
        `${what}: pyheap's data [${hex(dataStart)}, ${hex(dataEnd)}) was overwritten since ` +
        `instantiation: another module's data or stack overlaps it (link C with -Wl,--global-base=65536)`,
      );
    }
    if (code === ErrorCode.BAD_REGION && ex.pyheap_last_error_size() === 0) {
      ex.pyheap_clear_error();
      throw new Error(
        `${what}: pyheap_init was already called (by the host or the client itself), ` +
        `or allocation already started: the heap's region is given once, before the first allocation`,
      );
    }
    if (code !== ErrorCode.OK) throw lastError(what);
  };

  if (options.base !== undefined) init(options.base, options.limit ?? 0);
  else if (options.limit !== undefined) throw new TypeError("instantiateShared: limit given without base");

  return {
    exports: ex,
    memory,
    dataStart,
    dataEnd,
    init,
    stats: () => readStats(ex),
    debugMallocStats: () => formatStats(readStats(ex)),
    check() {
      if (ex.pyheap_check() !== ErrorCode.OK) throw lastError("check()");
    },
  };
}

// The memory's declared maximum, where the engine can say (the Wasm JS API
// type-reflection proposal's Memory.prototype.type()).
function readMaximum(memory: WebAssembly.Memory): number | undefined {
  const type = (memory as unknown as { type?: () => { maximum?: number } }).type;
  return typeof type === "function" ? type.call(memory).maximum : undefined;
}
