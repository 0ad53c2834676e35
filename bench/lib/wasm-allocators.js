// Loads wasm allocators (the baselines and pyheap) and replays traces in Wasm
// through bench/driver/driver.wasm, which calls the allocator's own exports
// (so each allocator pays the same wasm->wasm call per operation).
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { instrumentGrow, isInstrumented } from "./instrument-grow.js";
import { combineChecksums, DEFAULT_CHUNK_OPS } from "./checksum.js";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
export const DRIVER_FILE = here("../driver/driver.wasm");
export const ROOFLINE_FILE = here("../driver/roofline.wasm");

/**
 * The null allocator (bench/driver/null.c): every block is one scratch block,
 * free does nothing. Timed like an allocator, it gives the drivers' own cost
 * per operation. Its harness tables come from its harness_malloc export.
 */
export const NULL_ALLOCATOR = {
  name: "null", file: here("../driver/null.wasm"),
  description: "null allocator: one scratch block for every request, free is a no-op (the loop's own cost)",
};

/**
 * Baseline allocators (prebuilt by bench/baselines/build.sh). The lead adds
 * pyheap as { name: "pyheap", file: <path to build/release.wasm> }.
 * @type {{ name: string, file: string, description: string }[]}
 */
export const ALLOCATORS = [
  { name: "dlmalloc-wasi", file: here("../baselines/wasm/dlmalloc-wasi.wasm"),
    description: "dlmalloc 2.8.6 from Debian's wasi-libc (clang 14 -O2), the malloc of wasi-sdk/Rust wasm32-wasi" },
  { name: "emmalloc", file: here("../baselines/wasm/emmalloc.wasm"),
    description: "Emscripten 3.1.6 emmalloc (-sMALLOC=emmalloc -O3), Emscripten's small allocator" },
  { name: "dlmalloc-emscripten", file: here("../baselines/wasm/dlmalloc-emscripten.wasm"),
    description: "Emscripten 3.1.6 dlmalloc (-sMALLOC=dlmalloc -O3), Emscripten's default malloc" },
  { name: "tlsf-as", file: here("../baselines/wasm/tlsf-as.wasm"),
    description: "AssemblyScript 0.28 TLSF (~lib/rt/tlsf, --runtime minimal -O3), AS's heap.alloc" },
  { name: "bump", file: here("../baselines/wasm/bump.wasm"),
    description: "bump pointer, free is a no-op: speed limit without reuse (never use for real)" },
];

/** @type {Map<string, Promise<WebAssembly.Module>>} */
const moduleCache = new Map();

/**
 * @param {string} file
 * @param {boolean} instrument
 * @returns {Promise<WebAssembly.Module>}
 */
function compile(file, instrument) {
  const key = `${instrument ? "i" : "r"}:${file}`;
  let p = moduleCache.get(key);
  if (!p) {
    p = (async () => {
      let bytes = await readFile(file);
      // Committed baselines are instrumented at build time; never twice.
      if (instrument && !isInstrumented(bytes)) bytes = instrumentGrow(bytes).bytes;
      return WebAssembly.compile(bytes);
    })();
    moduleCache.set(key, p);
    p.catch(() => moduleCache.delete(key));
  }
  return p;
}

/**
 * Builds the import object a module asks for. Known notifications are
 * no-ops; every other function import (WASI, env.abort, ...) throws a clear
 * error if it is ever called, so a benchmark cannot silently depend on it.
 * @param {WebAssembly.Module} mod
 * @param {string} file
 */
async function makeImports(mod, file) {
  /** @type {Record<string, Record<string, any>>} */
  const imports = {};
  /** @type {WebAssembly.Memory | undefined} */
  let memory;
  for (const imp of WebAssembly.Module.imports(mod)) {
    const ns = (imports[imp.module] ??= {});
    const full = `${imp.module}.${imp.name}`;
    if (imp.kind === "function") {
      if (full === "env.emscripten_notify_memory_growth") {
        ns[imp.name] = () => {}; // Emscripten tells JS to refresh views; we read memory.buffer anew
      } else {
        ns[imp.name] = (...args) => {
          throw new Error(`${file}: import ${full}(${args.join(", ")}) was called; the harness only stubs it`);
        };
      }
    } else if (imp.kind === "memory") {
      memory = new WebAssembly.Memory(await importedMemoryLimits(file));
      ns[imp.name] = memory;
    } else {
      throw new Error(`${file}: unsupported ${imp.kind} import ${full}`);
    }
  }
  return { imports, memory };
}

/**
 * Initial/maximum pages of an imported memory (WebAssembly.Module.imports
 * does not report limits), read with binaryen, loaded only when needed.
 * @param {string} file
 */
async function importedMemoryLimits(file) {
  const { default: binaryen } = await import("binaryen");
  const m = binaryen.readBinary(await readFile(file));
  try {
    const info = /** @type {any} */ (m.getMemoryInfo()); // single memory: no name needed
    /** @type {{ initial: number, maximum?: number }} */
    const limits = { initial: info.initial };
    if (typeof info.max === "number" && info.max <= 65536) limits.maximum = info.max;
    return limits;
  } finally {
    m.dispose();
  }
}

/**
 * @typedef {{ malloc: Function, free: Function, realloc: Function, calloc: Function } & Record<string, any>} AllocExports
 * @typedef {{ exports: AllocExports, memory: WebAssembly.Memory, growCount(): number }} AllocInstance
 */

/**
 * A fresh instance of an allocator module on every call (the compiled module
 * is cached). With instrument (default), modules that do not already export
 * __grow_count are instrumented by instrument-grow.js first.
 * @param {string} file
 * @param {{ instrument?: boolean }} [opts]
 * @returns {Promise<AllocInstance>}
 */
export async function instantiateAllocator(file, { instrument = true } = {}) {
  const mod = await compile(file, instrument);
  const { imports, memory: imported } = await makeImports(mod, file);
  const instance = await WebAssembly.instantiate(mod, imports);
  const exports = /** @type {AllocExports} */ (instance.exports);
  for (const f of ["malloc", "free", "realloc", "calloc"]) {
    if (typeof exports[f] !== "function") throw new Error(`${file}: no exported function ${f}`);
  }
  // Emscripten reactors (STANDALONE_WASM --no-entry) must run _initialize first.
  if (typeof exports._initialize === "function") exports._initialize();
  const memory = imported ?? exports.memory;
  if (!(memory instanceof WebAssembly.Memory)) throw new Error(`${file}: no memory`);
  const counter = exports.__grow_count;
  return {
    exports,
    memory,
    // NaN when the module is not instrumented (instrument: false on a raw module).
    growCount: () => (counter instanceof WebAssembly.Global ? counter.value : NaN),
  };
}

/**
 * Where the harness allocates its own tables in an allocator's memory: the
 * allocator itself, or, for the null allocator (whose blocks all overlap),
 * its harness_malloc (such tables are never freed).
 * @param {AllocInstance} alloc
 * @returns {{ malloc(size: number): number, free(p: number): void }}
 */
export function harnessAllocator(alloc) {
  const h = alloc.exports.harness_malloc;
  return typeof h === "function" ? { malloc: h, free: () => {} } : { malloc: alloc.exports.malloc, free: alloc.exports.free };
}

/**
 * @typedef {{
 *   replay(opsPtr: number, nops: number, slotsPtr: number): number,
 *   verify(opsPtr: number, nops: number, slotsPtr: number, align?: number): number,
 *   failedOp(): number,
 * }} Driver
 */

/**
 * The replay driver linked to one allocator instance's memory and functions.
 * @param {{ exports: AllocExports, memory: WebAssembly.Memory }} alloc
 * @returns {Promise<Driver>}
 */
export async function instantiateDriver(alloc) {
  const mod = await compile(DRIVER_FILE, false);
  const { malloc, free, realloc, calloc } = alloc.exports;
  const instance = await WebAssembly.instantiate(mod, {
    env: { memory: alloc.memory, malloc, free, realloc, calloc },
  });
  const e = /** @type {any} */ (instance.exports);
  return {
    replay: e.replay,
    // align: required alignment in bytes, default 16 (0 means 16 in the driver).
    verify: (opsPtr, nops, slotsPtr, align = 16) => e.verify(opsPtr, nops, slotsPtr, align),
    failedOp: () => e.failed_op.value,
  };
}

/**
 * The roofline driver (bench/driver/roofline.c) linked to one allocator
 * instance. aligned_alloc is the allocator's own export when it has one;
 * otherwise the import throws if called (the suite then uses malloc).
 * @param {{ exports: AllocExports, memory: WebAssembly.Memory }} alloc
 * @returns {Promise<Record<string, any>>} the driver's exports
 */
export async function instantiateRoofline(alloc) {
  const mod = await compile(ROOFLINE_FILE, false);
  const { malloc, free, realloc } = alloc.exports;
  const aligned = typeof alloc.exports.aligned_alloc === "function" ? alloc.exports.aligned_alloc
    : () => { throw new Error("roofline: aligned_alloc called on an allocator that does not export it"); };
  const instance = await WebAssembly.instantiate(mod, {
    env: { memory: alloc.memory, malloc, free, realloc, aligned_alloc: aligned },
  });
  return /** @type {any} */ (instance.exports);
}

/**
 * @typedef {{
 *   ns: number, ops: number, checksum: number | null, failedOp: number,
 *   finalMemoryBytes: number, harnessBytes: number, growCount: number,
 * }} ReplayResult
 */

/**
 * Replays a trace in Wasm against a fresh instance of an allocator.
 *
 * The harness buffers (op chunk: min(chunkOps, nops) * 8 bytes; slot table:
 * 8 * nslots bytes) are allocated with the allocator under test, so their
 * size is reported as harnessBytes for the report to subtract. Only the
 * driver calls are timed. checksum: replay() checksums of the chunks folded
 * with combineChecksums (see checksum.js expectedChecksum); null in verify
 * mode. failedOp: 1-based index of the first failing op in the whole trace
 * (replay: allocation returned NULL; verify: any check failed), 0 if none.
 * growCount includes grows caused by the two harness allocations.
 *
 * @param {string} allocatorFile
 * @param {Uint32Array} ops 2 words per op
 * @param {{ verify?: boolean, chunkOps?: number, align?: number, instrument?: boolean, onChunk?: (opsDone: number, memoryBytes: number) => void }} [opts]
 * @returns {Promise<ReplayResult>}
 */
export async function replayInWasm(allocatorFile, ops, opts = {}) {
  const alloc = await instantiateAllocator(allocatorFile, { instrument: opts.instrument ?? true });
  const driver = await instantiateDriver(alloc);
  return replayWith(alloc, driver, ops, opts);
}

/**
 * replayInWasm on an already instantiated allocator + driver (used by the
 * self-check's negative control; instances must be fresh).
 * @param {AllocInstance} alloc
 * @param {Driver} driver
 * @param {Uint32Array} ops
 * @param {{ verify?: boolean, chunkOps?: number, align?: number, onChunk?: (opsDone: number, memoryBytes: number) => void }} [opts]
 *   onChunk: called after each chunk with the ops done and the Wasm memory size
 * @returns {ReplayResult}
 */
export function replayWith(alloc, driver, ops, { verify = false, chunkOps = DEFAULT_CHUNK_OPS, align = 16, onChunk } = {}) {
  if (ops.length % 2) throw new Error("ops must hold 2 words per op");
  const nops = ops.length / 2;
  let nslots = 0;
  for (let i = 0; i < ops.length; i += 2) nslots = Math.max(nslots, (ops[i] & 0x3fffffff) + 1);

  const opsBytes = Math.max(1, Math.min(chunkOps, nops)) * 8;
  const slotsBytes = Math.max(1, nslots) * 8;
  const { malloc, free } = harnessAllocator(alloc);
  const opsPtr = malloc(opsBytes) >>> 0;
  const slotsPtr = malloc(slotsBytes) >>> 0;
  if (!opsPtr || !slotsPtr) throw new Error("allocator could not allocate the harness buffers");
  if (opsPtr % 4 || slotsPtr % 4) throw new Error("harness buffers are not 4-byte aligned");
  new Uint8Array(alloc.memory.buffer, slotsPtr, slotsBytes).fill(0);

  let ns = 0n;
  let checksum = 0;
  let failedOp = 0;
  let done = 0;
  while (done < nops) {
    const n = Math.min(chunkOps, nops - done);
    // The view is re-created per chunk: memory.grow detaches old buffers.
    new Uint32Array(alloc.memory.buffer, opsPtr, 2 * n).set(ops.subarray(2 * done, 2 * (done + n)));
    const t0 = process.hrtime.bigint();
    const r = verify ? driver.verify(opsPtr, n, slotsPtr, align) : driver.replay(opsPtr, n, slotsPtr);
    ns += process.hrtime.bigint() - t0;
    const bad = verify ? r >>> 0 : driver.failedOp();
    if (bad) {
      failedOp = done + bad;
      done += bad;
      break;
    }
    if (!verify) checksum = combineChecksums(checksum, r >>> 0);
    done += n;
    onChunk?.(done, alloc.memory.buffer.byteLength);
  }
  const finalMemoryBytes = alloc.memory.buffer.byteLength;
  const growCount = alloc.growCount();
  free(opsPtr);
  free(slotsPtr);
  return {
    ns: Number(ns),
    ops: done,
    checksum: verify || failedOp ? null : checksum,
    failedOp,
    finalMemoryBytes,
    harnessBytes: opsBytes + slotsBytes,
    growCount,
  };
}
