// Finds, compiles and instantiates pyheap's Wasm module. The .wasm files
// ship beside the JS (build/ in the package) and are located with
// `new URL(..., import.meta.url)`: Node reads them from disk, browsers and
// bundlers fetch them, no bundler plugin needed.

// The WebAssembly types pyheap's declarations name, declared here too so
// that a program compiled without the DOM lib (lib: ["ES2022"] with
// @types/node, which has no WebAssembly namespace) type-checks. Interfaces
// merge with lib.dom's; these members are declared there the same way.
declare global {
  namespace WebAssembly {
    interface Memory {
      readonly buffer: ArrayBuffer;
      grow(delta: number): number;
    }
    interface Module {}
    interface Table {
      readonly length: number;
    }
  }
}

/** The bytes of a Wasm module: lib.dom's BufferSource, spelled out for
 *  programs compiled without the DOM lib. */
export type WasmBytes = ArrayBufferView | ArrayBuffer;

/** Which build of the module: release (fast), debug (PYTHONMALLOC=debug
 *  guards), legacy (CPython <= 3.9's 8-byte/256 B/4 KiB/256 KiB geometry). */
export type Build = "release" | "debug" | "legacy";
/** Every .wasm pyheap ships: the builds above and the two that import
 *  their memory instead of owning it (src/shared.ts): `malloc`, the
 *  allocator alone, and `shared`, which has the object layer too. */
export type ModuleName = Build | "shared" | "malloc";

/** The module's exports (assembly/index.ts is the contract). A type
 *  literal rather than an interface, so that it is assignable to
 *  WebAssembly.ModuleImports (`{ pyheap: heap.exports }`). */
export type PyheapExports = {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  calloc(nelem: number, elsize: number): number;
  realloc(ptr: number, size: number): number;
  free(ptr: number): void;
  aligned_alloc(alignment: number, size: number): number;
  malloc_usable_size(ptr: number): number;
  PyMem_RawMalloc(size: number): number;
  PyMem_RawCalloc(nelem: number, elsize: number): number;
  PyMem_RawRealloc(ptr: number, size: number): number;
  PyMem_RawFree(ptr: number): void;
  PyMem_Malloc(size: number): number;
  PyMem_Calloc(nelem: number, elsize: number): number;
  PyMem_Realloc(ptr: number, size: number): number;
  PyMem_Free(ptr: number): void;
  PyObject_Malloc(size: number): number;
  PyObject_Calloc(nelem: number, elsize: number): number;
  PyObject_Realloc(ptr: number, size: number): number;
  PyObject_Free(ptr: number): void;
  pyheap_free(ptr: number): number;
  pyheap_last_error(): number;
  pyheap_last_error_address(): number;
  pyheap_last_error_size(): number;
  pyheap_clear_error(): void;
  pyheap_set_max_pages(pages: number): void;
  pyheap_max_pages(): number;
  pyheap_stats(): number;
  pyheap_check(): number;
  pyheap_flush_quarantine(): number;
  pyheap_is_debug(): number;
  pyheap_set_heap_base(base: number): void;
  /** Gives the heap the region [base, limit): 0 or an ErrorCode
   *  (assembly/shared.ts, include/pyheap.h). */
  pyheap_init(base: number, limit: number): number;
  /** [start, end) of pyheap's static data in its memory. */
  pyheap_data_start(): number;
  pyheap_data_end(): number;
  /** The component model's realloc(old_ptr, old_size, align, new_size);
   *  traps on failure. */
  cabi_realloc(oldPtr: number, oldSize: number, align: number, newSize: number): number;
};

const modules = new Map<string, Promise<WebAssembly.Module>>();

/** URL of a build's .wasm file. */
export function wasmURL(build: ModuleName): URL {
  return new URL(`../build/${build}.wasm`, import.meta.url);
}

async function readBytes(url: URL): Promise<ArrayBuffer | Uint8Array> {
  if (url.protocol === "file:") {
    const { readFile } = await import("node:fs/promises");
    return readFile(url);
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`pyheap: cannot load ${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

/** The compiled module of a build, compiled once per process. */
export function compileBuild(build: ModuleName): Promise<WebAssembly.Module> {
  let m = modules.get(build);
  if (!m) {
    m = readBytes(wasmURL(build)).then((bytes) => WebAssembly.compile(bytes as BufferSource));
    modules.set(build, m);
    m.catch(() => modules.delete(build));
  }
  return m;
}

/** A fresh instance: every call gets its own heap. */
export async function instantiateBuild(build: Build): Promise<PyheapExports> {
  const module = await compileBuild(build);
  const instance = await WebAssembly.instantiate(module, {});
  return instance.exports as unknown as PyheapExports;
}
