// heap.gc: CPython's gc module over the collector in assembly/gc/.
//
// A collection runs in Wasm until it needs JavaScript: a finalizer to run
// (E_FINALIZE: the heap's usual finalizer loop runs it, then
// pyobj_gc_step() resumes) or, under DEBUG_COLLECTABLE /
// DEBUG_UNCOLLECTABLE, a list of objects to report (the lines are printed
// here, then pyobj_gc_step() resumes). Callbacks and the debug sink run
// around it, as gc_collect_with_callback does.

import type { ObjectExports } from "./exports.js";
import { ErrorCode, GcDebug } from "../constants.js";
import { hex } from "../errors.js";

import type { Ref } from "./api.js";

export type GCPhase = "start" | "stop";
export interface GCInfo {
  generation: number;
  collected: number;
  uncollectable: number;
}
export type GCCallback = (phase: GCPhase, info: GCInfo) => void;
export interface GCGenerationStats {
  collections: number;
  collected: number;
  uncollectable: number;
}

export interface GC {
  /** gc.collect(generation=2): unreachable objects found (collected plus
   *  uncollectable); 0 if a collection is already running. */
  collect(generation?: number): number;
  enable(): void;
  disable(): void;
  isEnabled(): boolean;
  /** (count0, count1, count2). */
  getCount(): [number, number, number];
  getThreshold(): [number, number, number];
  setThreshold(t0: number, t1?: number, t2?: number): void;
  /** A new list of the tracked objects of one generation, or all three. */
  getObjects(generation?: number): Ref;
  /** A new list of the tracked objects that refer to any of objs. */
  getReferrers(...objs: Ref[]): Ref;
  /** A new list of what objs refer to directly. */
  getReferents(...objs: Ref[]): Ref;
  isTracked(o: Ref): boolean;
  isFinalized(o: Ref): boolean;
  /** Moves every tracked object to the permanent generation. */
  freeze(): void;
  /** Moves the permanent generation back into the oldest. */
  unfreeze(): void;
  getFreezeCount(): number;
  getStats(): GCGenerationStats[];
  /** The uncollectable objects: a list the collector owns (borrowed). */
  readonly garbage: Ref;
  /** Called with ("start" | "stop", info) around every collection. */
  readonly callbacks: GCCallback[];
  setDebug(flags: number): void;
  getDebug(): number;
  /** Where DEBUG_* lines go (default: console.error), one line a call. */
  debugSink: (line: string) => void;
  readonly DEBUG_STATS: typeof GcDebug.STATS;
  readonly DEBUG_COLLECTABLE: typeof GcDebug.COLLECTABLE;
  readonly DEBUG_UNCOLLECTABLE: typeof GcDebug.UNCOLLECTABLE;
  readonly DEBUG_SAVEALL: typeof GcDebug.SAVEALL;
  readonly DEBUG_LEAK: typeof GcDebug.LEAK;
}

export interface GCHost {
  ex(): ObjectExports;
  /** Runs the finalizer levels above the current one (finalizers.ts). */
  runFinalizers(): void;
  fail(what: string): Error;
  refsToScratch(what: string, items: readonly unknown[]): void;
  /** A Ref argument, checked, and the Ref of an address (refs.ts). */
  ref(what: string, v: unknown): Ref;
  toRef(addr: number): Ref;
  typeName(op: number): string;
  unraisable(err: unknown, obj: Ref | 0): void;
  /** After every collection (weakref.ts forgets dead callbacks). */
  afterCollect(): void;
  /** The u32 at an address of the Wasm memory (memory.ts). */
  word(addr: number): number;
}


export function createGC(host: GCHost): { gc: GC; maybeCollect(): void } {
  const genArg = (what: string, g: unknown): number => {
    if (typeof g !== "number" || !Number.isInteger(g)) throw new TypeError(`${what}: generation must be an integer`);
    if (g < 0 || g > 2) throw new RangeError(`${what}: invalid generation`);
    return g;
  };
  const callbacks: GCCallback[] = [];

  const fire = (phase: GCPhase, info: GCInfo) => {
    for (const cb of callbacks.slice()) {
      try {
        cb(phase, { ...info });
      } catch (err) {
        try {
          host.unraisable(err, 0);
        } catch {
          // a failing hook must not stop the collection
        }
      }
    }
  };

  // debug_cycle: "gc: collectable <dict 0x...>" for every object the
  // collector is reporting.
  const report = (kind: string) => {
    const ex = host.ex();
    for (let op = ex.pyobj_gc_report_next(0) >>> 0; op !== 0; op = ex.pyobj_gc_report_next(op) >>> 0) {
      gc.debugSink(`gc: ${kind} <${host.typeName(op)} ${hex(op)}>`);
    }
  };

  // CPython sets gcstate->collecting before the "start" callbacks: a
  // collect() from a callback, a finalizer or an allocation in them is 0.
  let inCollect = false;
  const run = (generation: number): number => {
    const ex = host.ex();
    if (inCollect || ex.pyobj_gc_running()) return 0;
    inCollect = true;
    try {
      return collectNow(ex, generation);
    } finally {
      inCollect = false;
    }
  };
  const collectNow = (ex: ObjectExports, generation: number): number => {
    const debug = ex.pyobj_gc_debug();
    const t0 = performance.now();
    if (callbacks.length) fire("start", { generation, collected: 0, uncollectable: 0 });
    if (debug & 1) {
      gc.debugSink(`gc: collecting generation ${generation}...`);
      gc.debugSink(`gc: objects in each generation: ${[0, 1, 2].map((i) => ex.pyobj_gc_generation_size(i)).join(" ")}`);
      gc.debugSink(`gc: objects in permanent generation: ${ex.pyobj_gc_freeze_count()}`);
    }
    let code = ex.pyobj_gc_collect(generation);
    while (code !== ErrorCode.OK) {
      if (code === ErrorCode.FINALIZE) host.runFinalizers();
      else if (code === ErrorCode.REPORT_COLLECTABLE) report("collectable");
      else if (code === ErrorCode.REPORT_UNCOLLECTABLE) report("uncollectable");
      else if (code === -1) return 0;
      else throw host.fail("gc.collect");
      code = ex.pyobj_gc_step();
    }
    const collected = ex.pyobj_gc_result_collected();
    const uncollectable = ex.pyobj_gc_result_uncollectable();
    if (debug & 1) {
      const s = ((performance.now() - t0) / 1000).toFixed(4);
      gc.debugSink(`gc: done, ${collected + uncollectable} unreachable, ${uncollectable} uncollectable, ${s}s elapsed`);
    }
    host.afterCollect();
    if (callbacks.length) fire("stop", { generation, collected, uncollectable });
    return collected + uncollectable;
  };

  const refList = (what: string, objs: unknown[], fn: (n: number) => number): Ref => {
    objs.forEach((o, i) => host.ref(`${what}: argument ${i}`, o));
    host.refsToScratch(what, objs);
    const r = fn(objs.length);
    if (r === 0) throw host.fail(what);
    return host.toRef(r >>> 0);
  };

  const gc: GC = {
    collect(generation = 2) {
      return run(genArg("gc.collect", generation));
    },
    enable() { host.ex().pyobj_gc_enable(1); },
    disable() { host.ex().pyobj_gc_enable(0); },
    isEnabled() { return host.ex().pyobj_gc_is_enabled() === 1; },
    getCount() {
      const ex = host.ex();
      return [ex.pyobj_gc_count(0), ex.pyobj_gc_count(1), ex.pyobj_gc_count(2)];
    },
    getThreshold() {
      const ex = host.ex();
      return [ex.pyobj_gc_threshold(0), ex.pyobj_gc_threshold(1), ex.pyobj_gc_threshold(2)];
    },
    setThreshold(t0, t1, t2) {
      const vals = [t0, t1, t2];
      vals.forEach((v, i) => {
        if (v === undefined && i > 0) return;
        if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
          throw new TypeError(`gc.setThreshold: threshold${i} must be a non-negative integer`);
        }
      });
      const ex = host.ex();
      vals.forEach((v, i) => { if (v !== undefined) ex.pyobj_gc_set_threshold(i, v); });
    },
    getObjects(generation) {
      const g = generation === undefined ? -1 : genArg("gc.getObjects", generation);
      const r = host.ex().pyobj_gc_get_objects(g);
      if (r === 0) throw host.fail("gc.getObjects");
      return host.toRef(r >>> 0);
    },
    getReferrers(...objs) {
      return refList("gc.getReferrers", objs, (n) => host.ex().pyobj_gc_get_referrers(n));
    },
    getReferents(...objs) {
      return refList("gc.getReferents", objs, (n) => host.ex().pyobj_gc_get_referents(n));
    },
    isTracked(o) {
      const r = host.ex().pyobj_gc_is_tracked(host.ref("gc.isTracked", o));
      if (r < 0) throw host.fail("gc.isTracked");
      return r === 1;
    },
    isFinalized(o) {
      const r = host.ex().pyobj_gc_is_finalized(host.ref("gc.isFinalized", o));
      if (r < 0) throw host.fail("gc.isFinalized");
      return r === 1;
    },
    freeze() { host.ex().pyobj_gc_freeze(); },
    unfreeze() { host.ex().pyobj_gc_unfreeze(); },
    getFreezeCount() { return host.ex().pyobj_gc_freeze_count(); },
    getStats() {
      const ex = host.ex();
      return [0, 1, 2].map((g) => ({
        collections: ex.pyobj_gc_stat(g, 0),
        collected: ex.pyobj_gc_stat(g, 1),
        uncollectable: ex.pyobj_gc_stat(g, 2),
      }));
    },
    get garbage() {
      return host.toRef(host.ex().pyobj_gc_garbage() >>> 0);
    },
    callbacks,
    setDebug(flags) {
      if (typeof flags !== "number" || !Number.isInteger(flags) || flags < 0) {
        throw new TypeError("gc.setDebug: flags must be a non-negative integer");
      }
      host.ex().pyobj_gc_set_debug(flags);
    },
    getDebug() { return host.ex().pyobj_gc_debug(); },
    debugSink: (line) => console.error(line),
    DEBUG_STATS: GcDebug.STATS,
    DEBUG_COLLECTABLE: GcDebug.COLLECTABLE,
    DEBUG_UNCOLLECTABLE: GcDebug.UNCOLLECTABLE,
    DEBUG_SAVEALL: GcDebug.SAVEALL,
    DEBUG_LEAK: GcDebug.LEAK,
  };

  /** The safe point at the end of a facade operation that allocated a
   *  container: collect if a threshold was crossed (collect_generations).
   *  Two memory reads rule out almost every case; pyobj_gc_auto() decides
   *  the rest (a collection running, which generation). */
  const count0 = host.ex().pyobj_gc_count0_word() >>> 0;
  const autoLimit = host.ex().pyobj_gc_auto_limit_word() >>> 0;
  const maybeCollect = () => {
    if (host.word(count0) <= host.word(autoLimit)) return;
    const g = host.ex().pyobj_gc_auto();
    if (g >= 0) run(g);
  };
  return { gc, maybeCollect };
}
