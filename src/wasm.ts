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
/** createAllocator's builds: those above and `unchecked`, the allocator
 *  alone without the live bitmap (a double free goes undetected). */
export type AllocatorBuild = Build | "unchecked";
/** Every .wasm pyheap ships: the builds above and the two that import
 *  their memory instead of owning it (src/shared.ts): `malloc`, the
 *  allocator alone, and `shared`, which has the object layer too. */
export type ModuleName = AllocatorBuild | "shared" | "malloc";

// The exports' types are generated from assembly/ (scripts/constants.mjs).
import type { PyheapExports } from "./exports.js";
export type { PyheapExports };

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
export async function instantiateBuild(build: AllocatorBuild): Promise<PyheapExports> {
  const module = await compileBuild(build);
  const instance = await WebAssembly.instantiate(module, {});
  return instance.exports as unknown as PyheapExports;
}
