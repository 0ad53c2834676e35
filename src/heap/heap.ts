// createHeap(): CPython's object model on pyheap, for JavaScript.
//
// A Ref is a number: the address of the object header in the Wasm memory
// (what id() returns) plus the object's stamp times 2**32 (refs.ts), so a
// Ref kept past the object's death is refused. Ownership is CPython's C API, written down
// once in the README: every function that returns an object returns a new
// reference the caller owns and must decref; arguments are borrowed;
// containers take their own references.
//
// Every Ref passed in is validated in Wasm before anything changes, so a
// wrong number, a freed object or the wrong type raises, and the heap is
// as it was. The numeric fast paths (incref, decref, small constructors)
// are one Wasm call each.
//
// This file checks the options and assembles the heap from its parts:
//   api.ts           the public types (Heap, HeapOptions, ...)
//   refs.ts          what a Ref is; checking a Ref argument
//   memory.ts        reading objects' values, writing the scratch buffer
//   fail.ts          the recorded error raised as an exception
//   finalizers.ts    running del / legacyDel / weakref callbacks
//   constructors.ts  heap.int() ... heap.func()
//   items.ts         getitem, setitem, delitem, len, append, setAdd
//   attributes.ts    getattr, setattr, delattr
//   gc.ts, weakref.ts, convert.ts, memory-info.ts  heap.gc, heap.weakref,
//                    toJS / fromJS, memoryInfo()
// Every part reaches the Wasm exports through ex(), which close() swaps
// for exports that throw; close() also makes every property of the heap
// throw (../closing.ts), constants such as heap.None included.

import { ErrorCode } from "../constants.js";
import { instantiateBuild } from "../wasm.js";
import { formatStats, readStats } from "../stats.js";
import type { ObjectExports } from "./exports.js";
import { memoryInfo } from "./memory-info.js";
import { toJS, fromJS, type Converter } from "./convert.js";
import { hex } from "../errors.js";
import { closedError, closeAll } from "../closing.js";
import { createGC } from "./gc.js";
import { createWeakref } from "./weakref.js";
import type { Heap, HeapOptions, Ref } from "./api.js";
import { createRefs } from "./refs.js";
import { createMemory } from "./memory.js";
import { createFail } from "./fail.js";
import { createFinalizers } from "./finalizers.js";
import { createConstructors } from "./constructors.js";
import { createItems } from "./items.js";
import { createAttributes } from "./attributes.js";
import { createHandles } from "./handles.js";
import { heapTracemalloc } from "../trace/attach.js";
import { heapLeaks } from "../leaks/report.js";

const closedExports = new Proxy({}, {
  get() {
    throw closedError("heap");
  },
}) as ObjectExports;

export async function createHeap(options: HeapOptions = {}): Promise<Heap> {
  const build = options.build ?? "release";
  if (build !== "release" && build !== "debug" && build !== "legacy") {
    throw new TypeError(`createHeap: unknown build ${JSON.stringify(build)}`);
  }
  const chosen = options.gcThresholds;
  if (chosen !== undefined && (!Array.isArray(chosen) || chosen.length !== 3
    || !chosen.every((x) => Number.isInteger(x) && x >= 0))) {
    throw new TypeError("createHeap: gcThresholds must be three non-negative integers");
  }
  const inlineValues = options.inlineValues ?? true;
  if (typeof inlineValues !== "boolean") throw new TypeError("createHeap: inlineValues must be a boolean");
  const droppedHandles = options.droppedHandles ?? "report";
  if (droppedHandles !== "report" && droppedHandles !== "release" && typeof droppedHandles !== "function") {
    throw new TypeError('createHeap: droppedHandles must be "report", "release" or a function');
  }
  let ex = (await instantiateBuild(build)) as ObjectExports;
  if (options.maxMemory !== undefined) {
    const m = options.maxMemory;
    if (typeof m !== "number" || !Number.isInteger(m) || m < 0 || m > 2 ** 32) {
      throw new RangeError(`createHeap: maxMemory must be an integer from 0 to 2**32, got ${m}`);
    }
    ex.pyheap_set_max_pages(Math.max(1, Math.floor(m / 65536)));
  }
  const unraisable = options.unraisableHook ?? ((err: unknown, obj: Ref | 0) => {
    // obj 0: not about an object (a gc callback, a weakref.finalize at close)
    const where = obj === 0 ? "a callback" : objectAt(obj);
    console.error(`Exception ignored in: ${where}`, err);
  });

  // The static objects' Refs are their addresses (stamp 0, refs.ts).
  const NONE = ex.pyobj_none() as Ref;
  const TRUE = ex.pyobj_true() as Ref;
  const FALSE = ex.pyobj_false() as Ref;
  const SMALL_INTS = ex.pyobj_small_ints();
  const CHARS = ex.pyobj_chars();
  const exports = () => ex;

  // An arrow stands for a part made further down (fail, weak, heap).
  const memory = createMemory({
    ex: exports, fail: (what) => fail(what), True: TRUE, ref: (what, v) => ref(what, v), toRef: (a) => toRef(a),
  });
  const refs = createRefs({ ex: exports, word: memory.word, fail: (what) => fail(what) });
  const { ref, toRef, stampOk, refusal } = refs;
  const { describe, fail, made, repr } = createFail({
    ex: exports, readStr: memory.readStr, readCString: memory.readCString, toRef,
  });
  const { finalizers, runFinalizers, settle } = createFinalizers({
    ex: exports,
    heap: () => heap,
    runCallback: (wr) => weak.runCallback(wr),
    toRef,
    unraisable: (err, obj) => unraisable(err, obj),
    fail,
  });

  // -------------------------------------------------------- collector

  const { gc, maybeCollect } = createGC({
    ex: exports,
    runFinalizers,
    fail,
    refsToScratch: (what, items) => memory.refsToScratch(what, items),
    ref,
    toRef,
    typeName: (op) => describe.typeName(op),
    unraisable: (err, obj) => unraisable(err, obj),
    afterCollect: () => weak.prune(),
    word: (addr) => memory.word(addr),
  });
  const weak = createWeakref({
    ex: exports,
    fail,
    typeName: (op) => describe.typeName(op),
    decref: (op) => heap.decref(op),
    None: NONE,
    ref,
    toRef,
  });
  // Unless chosen, the module's own defaults (assembly/config.ts).
  if (chosen) chosen.forEach((t, i) => ex.pyobj_gc_set_threshold(i, t));
  const thresholds = [0, 1, 2].map((i) => ex.pyobj_gc_threshold(i));

  // ------------------------------------------------------------ parts

  const { constructors, newStr } = createConstructors({
    ex: exports,
    fail,
    made,
    memory,
    refs,
    maybeCollect,
    heap: () => heap,
    finalizers,
    inlineValues,
    SMALL_INTS,
    CHARS,
  });
  const items = createItems({ ex: exports, fail, made, settle, refs });
  const attributes = createAttributes({ ex: exports, fail, settle, ref, strToScratch: memory.strToScratch });

  /** <list object at 0x...>: an object named in a report without its
   *  repr, which for a container would list everything it holds. */
  function objectAt(op: number): string {
    return `<${describe.typeName(op)} object at ${hex(op)}>`;
  }

  const handles = createHandles({
    decref: (r) => heap.decref(r),
    describe: (r) => (stampOk(r) ? objectAt(r) : `a freed object (Ref ${r})`),
    open: () => ex !== closedExports,
    unraisable: (err, r) => unraisable(err, r),
  }, droppedHandles);

  const converter: Converter = {
    typeOf: (op) => ex.pyobj_type(op),
    scalar: memory.toJSValue,
    children: memory.childrenOf,
    typeName: (op) => describe.typeName(op),
    True: TRUE,
  };

  // ------------------------------------------------------------ heap

  const heap: Heap = {
    ...constructors,
    None: NONE,
    True: TRUE,
    False: FALSE,
    ...items,
    ...attributes,
    // One call each, the Ref checked in it (assembly/objects/api/refs.ts).
    incref(o) {
      if (typeof o !== "number" || ex.pyobj_incref_ref(o) !== 0) throw refusal("incref", o);
    },
    decref(o) {
      const code = typeof o === "number" ? ex.pyobj_decref_ref(o) : ErrorCode.NOT_OBJECT;
      if (code === 0) return;
      if (code === ErrorCode.NOT_OBJECT || code === ErrorCode.FREED) throw refusal("decref", o);
      settle("decref", code);
    },
    own(o) {
      return handles.own(ref("own", o));
    },
    id(o) {
      if (ex.pyobj_check(ref("id", o)) !== 0) throw fail("id");
      return o >>> 0;
    },
    is(a, b) {
      if (ex.pyobj_check(ref("is", a)) !== 0 || ex.pyobj_check(ref("is", b)) !== 0) throw fail("is");
      return a === b;
    },
    typeName(o) {
      if (ex.pyobj_check(ref("typeName", o)) !== 0) throw fail("typeName");
      return describe.typeName(o);
    },
    repr(o) {
      if (ex.pyobj_check(ref("repr", o)) !== 0) throw fail("repr");
      return repr("repr", o);
    },
    toJS(o) {
      if (ex.pyobj_check(ref("toJS", o)) !== 0) throw fail("toJS");
      return toJS(o, converter);
    },
    fromJS(v) {
      return fromJS(v, heap);
    },
    sys: {
      getrefcount(o) {
        const n = ex.pyobj_refcnt(ref("getrefcount", o)) >>> 0;
        if (n === 0) throw fail("getrefcount");
        return n;
      },
      intern(s) {
        return made("intern", ex.pyobj_intern(ref("intern", s)));
      },
    },
    memoryInfo: () => memoryInfo(ex, weak.callbackCount(), describe.typeIdName),
    debugMallocStats: () => formatStats(readStats(ex)),
    gcThresholds: [thresholds[0], thresholds[1], thresholds[2]] as const,
    clearFreeLists() {
      ex.pyobj_clear_freelists();
    },
    children(o) {
      ref("children", o);
      return memory.childrenOf(o);
    },
    gc,
    weakref: weak.weakref,
    tracemalloc: heapTracemalloc({ ex: exports as never, ref, fail }),
    // Not a getter: one made per heap puts every heap but the first in
    // V8's dictionary mode (each heap.int... a hash lookup).
    exports: ex,
    leaks: () => heapLeaks(heap, heap.tracemalloc, handles.leaked()),
    close(options) {
      if (ex === closedExports) return;
      if (options?.reportLeaks) console.error(String(heap.leaks()));
      // weakref.finalize's atexit: the live ones run, newest first.
      weak.atExit((err) => {
        try {
          unraisable(err, 0);
        } catch {
          // as in runFinalizers (finalizers.ts)
        }
      });
      ex.pyobj_clear_freelists();
      finalizers.clear();
      ex = closedExports;
      memory.release();
      closeAll(heap, "heap");
    },
  };
  return heap;
}
