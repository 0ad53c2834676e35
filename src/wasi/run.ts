// runWasi(): a wasm32-wasi program linked with wasi/libpyheap-wasi.a (so
// that every libc allocation is an import from pyheap) run on pyheap in
// one shared memory. Order: read the program's layout and refuse one that
// overlaps pyheap's data; create the memory the program asks for;
// instantiate pyheap (build/malloc.wasm, or build/shared.wasm); instantiate
// the program; start it. The program's first act (a constructor in the
// shim, before libc's own) is pyheap_init(&__heap_base, 0), which this
// host answers with the region [__heap_base, limit). Node runs the program
// under node:wasi, browsers under preview1.ts.

import { instantiateShared, SHARED_DATA_END, type SharedHeap } from "../shared.js";
import { readLayout, checkLayout } from "../client-layout.js";
import { Preview1, type Directory } from "./preview1.js";
import type { WasmBytes } from "../wasm.js";

export interface RunWasiOptions {
  /** argv, including argv[0] (default: ["program"]). */
  args?: string[];
  env?: Record<string, string>;
  /** Directories the program may open, by the path it sees. In Node, each
   *  maps to a host directory (a path) under node:wasi; under preview1 (the
   *  browser), to an in-memory Directory ({ name: Uint8Array | string | Directory }) that the
   *  program's writes update. */
  preopens?: Record<string, string | Directory>;
  /** Receive what the program writes to fd 1 and 2 (default: the
   *  process's own stdout/stderr in Node, the console in a browser). */
  stdout?: (bytes: Uint8Array) => void;
  stderr?: (bytes: Uint8Array) => void;
  /** Which pyheap serves it: "malloc" (build/malloc.wasm, default) or
   *  "shared" (build/shared.wasm, with the object layer's exports). */
  heap?: "malloc" | "shared";
  /** End of pyheap's heap in bytes (rounded down to 64 KiB); default: no
   *  limit below the memory's maximum. */
  limit?: number;
  /** The WASI implementation: "node:wasi" (default in Node) or "preview1"
   *  (pyheap's own, in-memory preopens; the default elsewhere). */
  host?: "node:wasi" | "preview1";
}

export interface WasiRun {
  exitCode: number;
  /** pyheap after the run: check(), stats(), debugMallocStats(). */
  heap: SharedHeap;
}

const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string";

export async function runWasi(program: WasmBytes, options: RunWasiOptions = {}): Promise<WasiRun> {
  const bytes = program instanceof Uint8Array ? program
    : ArrayBuffer.isView(program) ? new Uint8Array(program.buffer, program.byteOffset, program.byteLength)
    : new Uint8Array(program);
  const module = await WebAssembly.compile(bytes as BufferSource);
  const layout = readLayout(bytes);
  if (!layout.pyheapImports.includes("malloc")) {
    throw new Error(
      "runWasi: the program imports no malloc from pyheap: link wasi/libpyheap-wasi.a before libc " +
      "(clang --target=wasm32-wasi ... prog.c node_modules/pyheap/wasi/libpyheap-wasi.a)",
    );
  }
  // Refuse before anything is instantiated or written.
  checkLayout(layout, SHARED_DATA_END, "runWasi: the program");
  const { minimum, maximum } = layout.memory!;
  const memory = new WebAssembly.Memory(
    maximum === undefined ? { initial: Math.max(minimum, 1) } : { initial: Math.max(minimum, 1), maximum },
  );
  const heap = await instantiateShared({ memory, heap: options.heap, maximumPages: maximum });
  const pyheap = {
    ...heap.exports,
    // The shim's constructor asks for [__heap_base, 4 GiB); the host's
    // limit wins, and a refusal throws out of the program with its reason.
    pyheap_init: (base: number) => {
      heap.init(base, options.limit ?? 0);
      return 0;
    },
  };

  const args = options.args ?? ["program"];
  const env = options.env ?? {};
  let exitCode: number;
  const host = options.host ?? (isNode ? "node:wasi" : "preview1");
  if (host === "node:wasi") {
    const { WASI } = await import("node:wasi");
    const preopens: Record<string, string> = {};
    for (const [guest, dir] of Object.entries(options.preopens ?? {})) {
      if (typeof dir !== "string") throw new TypeError(`runWasi: with node:wasi, preopens["${guest}"] must be a host path`);
      preopens[guest] = dir;
    }
    const wasi = new WASI({ version: "preview1", args, env, preopens, returnOnExit: true });
    const imports = { ...wasi.wasiImport } as Record<string, (...a: number[]) => number>;
    const fdWrite = imports.fd_write;
    // node:wasi takes file descriptors for stdout/stderr; callbacks are
    // served here and everything else goes to node:wasi.
    imports.fd_write = (fd, iovs, count, nwritten) => {
      const sink = fd === 1 ? options.stdout : fd === 2 ? options.stderr : undefined;
      if (!sink) return fdWrite(fd, iovs, count, nwritten);
      const n = gatherWrite(memory, iovs, count, sink);
      new DataView(memory.buffer).setUint32(nwritten, n, true);
      return 0;
    };
    const instance = await WebAssembly.instantiate(module, {
      env: { memory }, pyheap, wasi_snapshot_preview1: imports,
    });
    // node:wasi wants the memory among the exports; the program imports it.
    exitCode = wasi.start({ exports: { _start: instance.exports._start, memory } } as unknown as WebAssembly.Instance);
  } else {
    const wasi = new Preview1({
      args, env, memory,
      preopens: Object.fromEntries(Object.entries(options.preopens ?? {}).map(([guest, dir]) => {
        if (typeof dir === "string") throw new TypeError(`runWasi: with host "preview1", preopens["${guest}"] must be a Directory`);
        return [guest, dir];
      })),
      stdout: options.stdout ?? consoleSink(console.log),
      stderr: options.stderr ?? consoleSink(console.error),
    });
    const instance = await WebAssembly.instantiate(module, {
      env: { memory }, pyheap, wasi_snapshot_preview1: wasi.imports,
    });
    exitCode = wasi.start(instance.exports._start as () => void);
  }
  return { exitCode, heap };
}

/** Copies the iovecs of an fd_write to `sink`; returns the bytes written. */
export function gatherWrite(memory: WebAssembly.Memory, iovs: number, count: number, sink: (b: Uint8Array) => void): number {
  const view = new DataView(memory.buffer);
  let total = 0;
  for (let i = 0; i < count; i++) {
    const ptr = view.getUint32(iovs + i * 8, true), len = view.getUint32(iovs + i * 8 + 4, true);
    if (len) sink(new Uint8Array(memory.buffer, ptr, len).slice());
    total += len;
  }
  return total;
}

/** Line-buffered writes to a console method. */
function consoleSink(log: (s: string) => void): (b: Uint8Array) => void {
  const decoder = new TextDecoder();
  let pending = "";
  return (b) => {
    pending += decoder.decode(b, { stream: true });
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const line of lines) log(line);
  };
}
