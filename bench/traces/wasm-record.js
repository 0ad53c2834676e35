#!/usr/bin/env node
// Records the allocation trace of a wasm32-wasi program, in the text format
// `npm run bench -- --trace` reads (bench/traces/README.md).
//
//   node bench/traces/wasm-record.js OUT.txt PROGRAM.wasm [ARGS...]
//
// PROGRAM must take its allocation functions from the host: linked with
// wasi/libpyheap-wasi.a before libc (docs/linking.md; bench/programs/build.sh
// builds such *-pyheap.wasm programs), every malloc, calloc, realloc,
// aligned_alloc and free of the program is an import from the module
// "pyheap". This host serves those imports from pyheap (build/malloc.wasm,
// in the program's memory, as runWasi() does) and writes one line per call
// before returning, naming each block by a serial number. The program runs under
// node:wasi with the current directory preopened as "/".
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { WASI } from "node:wasi";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The pyheap imports of a program, each logging its call to `write`. Each
 * block is named by a serial number (b1, b2, ...), kept when a realloc
 * moves it (the text format's realloc keeps its ID); an address can be
 * reused while a moved block that started there still lives.
 * @param {Record<string, Function>} ex pyheap's exports
 * @param {(line: string) => void} write
 */
export function loggingImports(ex, write) {
  /** @type {Map<number, string>} current address -> name */
  const names = new Map();
  let serial = 0;
  const born = (p) => { const n = `b${++serial}`; names.set(p >>> 0, n); return n; };
  return {
    ...ex,
    malloc: (n) => { const p = ex.malloc(n); if (p) write(`malloc ${born(p)} ${n >>> 0}`); return p; },
    calloc: (k, n) => { const p = ex.calloc(k, n); if (p) write(`calloc ${born(p)} ${k >>> 0} ${n >>> 0}`); return p; },
    aligned_alloc: (a, n) => { const p = ex.aligned_alloc(a, n); if (p) write(`malloc ${born(p)} ${n >>> 0}  # aligned_alloc(${a >>> 0})`); return p; },
    realloc: (old, n) => {
      const p = ex.realloc(old, n);
      if (!old) { if (p) write(`malloc ${born(p)} ${n >>> 0}`); return p; } // realloc(NULL, n)
      if (!p) return p; // failed: the block is unchanged
      const name = names.get(old >>> 0) ?? born(old);
      write(`realloc ${name} ${n >>> 0}`);
      names.delete(old >>> 0);
      names.set(p >>> 0, name);
      return p;
    },
    free: (p) => {
      if (p) { write(`free ${names.get(p >>> 0) ?? `0x${(p >>> 0).toString(16)}`}`); names.delete(p >>> 0); }
      ex.free(p);
    },
  };
}

async function main([out, program, ...args]) {
  if (!out || !program) {
    console.error("usage: node bench/traces/wasm-record.js OUT.txt PROGRAM.wasm [ARGS...]");
    return 2;
  }
  const { instantiateShared } = await import(`${ROOT}dist/shared.js`);
  const { readLayout } = await import(`${ROOT}dist/client-layout.js`);
  const bytes = new Uint8Array(await readFile(program));
  const layout = readLayout(bytes);
  if (!layout.pyheapImports.includes("malloc")) {
    console.error(`${program}: imports no malloc from pyheap; link it with wasi/libpyheap-wasi.a before libc (docs/linking.md)`);
    return 2;
  }
  const { minimum, maximum } = layout.memory;
  const memory = new WebAssembly.Memory(maximum === undefined ? { initial: Math.max(minimum, 1) } : { initial: Math.max(minimum, 1), maximum });
  const heap = await instantiateShared({ memory, maximumPages: maximum });
  const file = createWriteStream(out);
  file.write(`# allocation trace of ${program} ${args.join(" ")} (bench/traces/wasm-record.js)\n`);
  const write = (line) => file.write(`${line}\n`);
  const pyheap = { ...loggingImports(heap.exports, write), pyheap_init: (base) => { heap.init(base, 0); return 0; } };
  const wasi = new WASI({ version: "preview1", args: [program, ...args], env: {}, preopens: { "/": process.cwd() }, returnOnExit: true });
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(bytes), { env: { memory }, pyheap, wasi_snapshot_preview1: wasi.wasiImport });
  const code = wasi.start(/** @type {any} */ ({ exports: { _start: instance.exports._start, memory } }));
  await new Promise((r) => file.end(r));
  console.error(`${program}: exit ${code}; trace written to ${out}`);
  return code;
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2)).then((c) => { process.exitCode = c; });
