// Python's tracemalloc module, camelCased, over the Wasm side's trace table
// (assembly/trace/). The module records which blocks are traced and their
// size and tag; this side gives each new trace the JavaScript frames that
// called into pyheap: the module calls a JavaScript function, put in its
// exported table, for each new trace (every allocation in exact mode, one
// per sampleBytes on average when sampling), and keeps the traceback id it
// returns. Nothing else runs in JavaScript while tracing.

import { captureStack, parseStack, stackKey, UNKNOWN_FRAME, type FrameInfo } from "./frames.js";
import { Frame, Snapshot, Traceback, type Trace } from "./snapshot.js";
import { ValueError } from "../heap/errors.js";
import type { TraceExports } from "../exports.js";

/** Python's RuntimeError. */
export class RuntimeError extends Error {
  override name = "RuntimeError";
}

/** The module's tracemalloc exports (assembly/trace/exports.ts, generated). */
export type { TraceExports };

export interface StartOptions {
  /** Frames kept per traceback (1..65535, default 1). */
  nframe?: number;
  /** Sampling mode: one sample per this many bytes allocated on average
   *  (`true`: the default, 512 KiB). Omitted or 0: every allocation. */
  sampleBytes?: number | true;
}

export interface Tracemalloc {
  start(nframe?: number | StartOptions): void;
  stop(): void;
  isTracing(): boolean;
  clearTraces(): void;
  /** [current, peak] traced bytes (estimates when sampling). */
  getTracedMemory(): [number, number];
  resetPeak(): void;
  getTracebackLimit(): number;
  /** Bytes tracing takes: the Wasm trace table, plus the
   *  JavaScript traceback table at about 100 bytes per distinct frame. */
  getTracemallocMemory(): number;
  takeSnapshot(): Snapshot;
  /** Where the object (heap) or block (allocator) was allocated, or null
   *  if that was not traced. */
  getObjectTraceback(o: number): Traceback | null;
  /** Mean bytes between samples while sampling; 0 in exact mode. */
  readonly sampleBytes: number;
  /** The sampling mode's default (assembly/config.ts). */
  readonly defaultSampleBytes: number;
  /** Tags the allocations that follow (a Snapshot trace's `domain`);
   *  returns the previous tag. 0 is untagged. */
  setTag(tag: number): number;
}

export interface TracemallocHost {
  ex(): TraceExports;
  /** The block address behind o; throws for a bad argument. */
  blockOf(o: unknown): number;
}

const MAX_NFRAME = 65535;

// A Wasm function that calls a JavaScript one, so that it can be put in a
// table: (module (import "t" "f" (func (param i32 i32) (result i32)))
// (export "f" (func 0))).
const BRIDGE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,
  0x02, 0x07, 0x01, 0x01, 0x74, 0x01, 0x66, 0x00, 0x00,
  0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00,
]);
let bridgeModule: WebAssembly.Module | undefined;
function bridge(fn: (addr: number, size: number) => number): Function {
  bridgeModule ??= new WebAssembly.Module(BRIDGE);
  return new WebAssembly.Instance(bridgeModule, { t: { f: fn } }).exports.f as Function;
}

export function createTracemalloc(host: TracemallocHost): Tracemalloc {
  const { ex } = host;
  let nframe = 1;

  // Traceback ids: 1.. (0 = none, "<unknown>").
  const tracebacks: Traceback[] = [new Traceback([new Frame(UNKNOWN_FRAME.filename, 0)])];
  const ids = new Map<string, number>();
  // The same call path prints the same stack: its id without parsing.
  const byStack = new Map<string, number>();
  let frameCount = 0;

  const tracebackId = (frames: FrameInfo[]): number => {
    let key = "";
    for (const f of frames) key += `${f.filename}\u0000${f.lineno}\u0000${f.name}\u0001`;
    let id = ids.get(key);
    if (id === undefined) {
      id = tracebacks.length;
      // Python's order: oldest first.
      tracebacks.push(new Traceback(frames.map((f) => new Frame(f.filename, f.lineno, f.name)).reverse()));
      frameCount += frames.length;
      ids.set(key, id);
    }
    return id;
  };

  // Called by the module for each new trace, inside the allocating call:
  // the stack holds the caller's frames. It must not call into the heap.
  const onTrace = (): number => {
    const stack = captureStack(nframe);
    const key = stackKey(stack, nframe);
    let id = byStack.get(key);
    if (id === undefined) {
      id = tracebackId(parseStack(stack, nframe));
      // Bounded: a program with endlessly many distinct stacks (recursion
      // depths) re-parses instead of growing the cache.
      if (byStack.size >= 65536) byStack.clear();
      byStack.set(key, id);
    }
    return id;
  };
  let hook: Function | undefined;
  const install = () => {
    const e = ex();
    const slot = e.pyheap_trace_hook_slot();
    hook ??= bridge(onTrace);
    const there = e.table.get(slot);
    if (there !== null && there !== hook) throw new Error("tracemalloc: the module's hook slot is taken");
    e.table.set(slot, hook);
    e.pyheap_trace_set_hook(1);
  };
  const uninstall = () => {
    const e = ex();
    e.pyheap_trace_set_hook(0);
    e.table.set(e.pyheap_trace_hook_slot(), null);
  };

  const tracing = () => ex().pyheap_trace_is_tracing() !== 0;

  const tm: Tracemalloc = {
    start(arg = 1) {
      const opts: StartOptions = typeof arg === "object" && arg !== null ? arg : { nframe: arg as number };
      const n = opts.nframe ?? 1;
      if (typeof n !== "number" || !Number.isInteger(n)) {
        throw new TypeError(`'${typeof n}' object cannot be interpreted as an integer`);
      }
      if (n < 1 || n > MAX_NFRAME) throw new ValueError(`the number of frames must be in range [1; ${MAX_NFRAME}]`);
      let rate = 0;
      if (opts.sampleBytes === true) rate = ex().pyheap_trace_default_sample_bytes();
      else if (opts.sampleBytes !== undefined) {
        const s = opts.sampleBytes;
        if (typeof s !== "number" || !Number.isInteger(s) || s < 0 || s > 2 ** 31) {
          throw new RangeError(`tracemalloc.start: sampleBytes must be an integer from 0 to 2**31 (or true), got ${String(s)}`);
        }
        rate = s;
      }
      nframe = n;
      if (tracing()) return; // as CPython: the limit changes, the mode stays
      install();
      ex().pyheap_trace_start(rate);
    },
    stop() {
      if (!tracing()) return;
      uninstall();
      ex().pyheap_trace_stop();
      tracebacks.length = 1;
      ids.clear();
      byStack.clear();
      frameCount = 0;
    },
    isTracing: tracing,
    clearTraces() {
      if (!tracing()) return;
      ex().pyheap_trace_clear();
    },
    getTracedMemory() {
      if (!tracing()) return [0, 0];
      return [Math.round(ex().pyheap_trace_current()), Math.round(ex().pyheap_trace_peak())];
    },
    resetPeak() {
      if (tracing()) ex().pyheap_trace_reset_peak();
    },
    getTracebackLimit: () => nframe,
    getTracemallocMemory() {
      return ex().pyheap_trace_memory() + 100 * frameCount;
    },
    takeSnapshot() {
      if (!tracing()) {
        throw new RuntimeError("the tracemalloc module must be tracing memory allocations to take a snapshot");
      }
      const e = ex();
      const traces: Trace[] = [];
      const base = e.pyheap_trace_table() >>> 2, cap = e.pyheap_trace_capacity();
      const u32 = new Uint32Array(e.memory.buffer);
      for (let i = 0; i < cap; i++) {
        const s = base + i * 4; // slot layout: assembly/trace/table.ts
        if (u32[s] === 0) continue;
        traces.push({ domain: u32[s + 2], size: u32[s + 1], traceback: tracebacks[u32[s + 3]] ?? tracebacks[0] });
      }
      return new Snapshot(traces, nframe, e.pyheap_trace_rate());
    },
    getObjectTraceback(o) {
      const block = host.blockOf(o);
      if (!tracing()) return null;
      const tb = ex().pyheap_trace_tb_of(block);
      return tb < 0 ? null : tracebacks[tb] ?? tracebacks[0];
    },
    get sampleBytes() {
      return tracing() ? ex().pyheap_trace_rate() : 0;
    },
    get defaultSampleBytes() {
      return ex().pyheap_trace_default_sample_bytes();
    },
    setTag(tag) {
      if (!Number.isInteger(tag) || tag < 0 || tag > 0xffffffff) {
        throw new RangeError(`tracemalloc.setTag: a tag is an integer from 0 to 2**32-1, got ${String(tag)}`);
      }
      return ex().pyheap_trace_tag(tag) >>> 0;
    },
  };
  return tm;
}
