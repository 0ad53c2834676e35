// The facade's public types: Heap, what createHeap() returns, and the
// options of createHeap(), newClass() and str(). Ownership and checking are
// as heap.ts says.

import type { Build } from "../wasm.js";
import type { ObjectExports } from "./exports.js";
import type { MemoryInfo } from "./memory-info.js";
import type { GC } from "./gc.js";
import type { WeakrefModule } from "./weakref.js";
import type { Handle, DroppedHandles } from "./handles.js";
import type { Tracemalloc } from "../trace/tracemalloc.js";
import type { HeapLeakReport } from "../leaks/report.js";

declare const refBrand: unique symbol;
/** A reference to an object in the heap: a number (the object's address
 *  plus its stamp times 2**32, see refs.ts), branded so that only what the
 *  heap's methods return is one; a plain number is not a Ref. */
export type Ref = number & { readonly [refBrand]: true };

export interface HeapOptions {
  /** "release" (default), "debug" (PYTHONMALLOC=debug: freed objects are
   *  quarantined, so stale references are always caught) or "legacy". */
  build?: Build;
  /** Cap on the Wasm memory in bytes; past it operations raise MemoryError
   *  and every live object stays intact. */
  maxMemory?: number;
  /** The cycle collector's thresholds at creation (default: the
   *  module's, GC_THRESHOLDS: [2000, 10, 10] as CPython 3.13;
   *  [700, 10, 10] is 3.12's and older ones'). heap.gc.setThreshold()
   *  changes them later. */
  gcThresholds?: [number, number, number];
  /** Called with an exception a finalizer or callback raised (CPython's
   *  sys.unraisablehook; obj is 0 for a gc callback or a
   *  weakref.finalize run at close()); the default prints it. */
  unraisableHook?: (error: unknown, obj: Ref | 0) => void;
  /** Instances keep their attributes inline, with names shared by the
   *  class, and get a __dict__ object only when one is asked for (default
   *  true: CPython 3.11+; gc.collect() counts an instance in a cycle
   *  once). false: every instance with attributes has a dict of its own,
   *  as in Python 2 and CPython <= 3.10 (there gc.collect() counts
   *  the instance and its dict). A class can override it (ClassOptions). */
  inlineValues?: boolean;
  /** A Handle (heap.own()) garbage-collected while it still owned its
   *  reference: "report" (default: console.warn, or this function) or
   *  "release" (decref it then). */
  droppedHandles?: DroppedHandles;
}

export interface ClassOptions {
  /** __del__ (PEP 442): runs once when an instance's refcount reaches
   *  zero; it may resurrect the instance by increfing it. */
  del?: (self: Ref, heap: Heap) => void;
  /** A Python 2 style __del__: on the refcount path it behaves as `del`;
   *  the cycle collector treats it as Python 2 did (gc.garbage). */
  legacyDel?: (self: Ref, heap: Heap) => void;
  /** This class's instances keep their attributes inline (see
   *  HeapOptions.inlineValues, the default). */
  inlineValues?: boolean;
  /** Its __module__ (default "__main__", a class a script defines): the
   *  reprs write module.name, <class '__main__.C'>, or the name alone for
   *  "builtins". */
  module?: string;
}

export interface StrOptions {
  /** A code constant: interned when it looks like an identifier, as
   *  CPython's compiler does ('HelloWorld' yes, 'Hello World' no). */
  constant?: boolean;
}

export interface Heap {
  int(v: number | bigint): Ref;
  float(v: number): Ref;
  str(s: string, opts?: StrOptions): Ref;
  bytes(data: Uint8Array | ArrayBuffer | readonly number[]): Ref;
  tuple(items: readonly Ref[]): Ref;
  list(items?: readonly Ref[]): Ref;
  dict(entries?: Iterable<readonly [Ref, Ref]>): Ref;
  set(items?: readonly Ref[]): Ref;
  newClass(name: string, opts?: ClassOptions): Ref;
  instance(cls: Ref): Ref;
  cell(contents?: Ref): Ref;
  func(name: string, cells?: readonly Ref[]): Ref;
  readonly None: Ref;
  readonly True: Ref;
  readonly False: Ref;

  append(list: Ref, v: Ref): void;
  getitem(o: Ref, key: Ref | number): Ref;
  setitem(o: Ref, key: Ref | number, v: Ref): void;
  delitem(o: Ref, key: Ref | number): void;
  len(o: Ref): number;
  getattr(o: Ref, name: string): Ref;
  setattr(o: Ref, name: string, v: Ref): void;
  delattr(o: Ref, name: string): void;
  setAdd(set: Ref, v: Ref): void;
  incref(o: Ref): void;
  decref(o: Ref): void;
  /** A Handle taking over the caller's reference o: `using h =
   *  heap.own(r)` decrefs it at the end of the block (see handles.ts). */
  own(o: Ref): Handle;
  id(o: Ref): number;
  is(a: Ref, b: Ref): boolean;
  typeName(o: Ref): string;
  /** Python's repr(o), as CPython 3.13 writes it (addresses are the
   *  objects' ids); RecursionError for containers nested deeper than
   *  assembly/config.ts's MAX_REPR_DEPTH. */
  repr(o: Ref): string;
  toJS(o: Ref): unknown;
  fromJS(v: unknown): Ref;

  readonly sys: {
    /** The stored refcount. CPython's sys.getrefcount() reports one more
     *  (the reference held by its own argument). Immortal objects report
     *  0x3FFFFFFF (1073741823), CPython 3.12+'s value on 32-bit platforms. */
    getrefcount(o: Ref): number;
    /** The canonical (interned) str with o's text: a new reference. */
    intern(s: Ref): Ref;
  };
  /** Memory and live objects by type (what a process-level probe such as psutil shows, for the Wasm heap). */
  memoryInfo(): MemoryInfo;
  /** CPython's sys._debugmallocstats() report. */
  debugMallocStats(): string;
  /** The gcThresholds the heap was created with (see heap.gc). */
  readonly gcThresholds: readonly [number, number, number];
  /** Empties the per-type free lists (a full collection does this). */
  clearFreeLists(): void;
  /** Child references of a container, borrowed: what it holds, in order
   *  (a dict's entries as key, value). heap.gc.getReferents(o) gives the
   *  collector's view (tp_traverse: a dict with only str keys shows its
   *  values, an instance its attribute values and class). */
  children(o: Ref): Ref[];
  /** The cycle collector: CPython's gc module (src/heap/gc.ts). */
  readonly gc: GC;
  /** Weak references: CPython's weakref module (src/heap/weakref.ts). */
  readonly weakref: WeakrefModule;
  /** Python's tracemalloc module (src/trace/). */
  readonly tracemalloc: Tracemalloc;
  /** The Wasm exports, for benchmarks and Wasm-side clients. */
  readonly exports: ObjectExports;
  /** Releases the heap: weakref.finalize callbacks run, free lists
   *  emptied; afterwards every use of the heap (its methods, None, gc,
   *  ...) raises ReferenceError("pyheap: this heap was closed").
   *  reportLeaks: prints heap.leaks() first (console.error). */
  close(options?: { reportLeaks?: boolean }): void;
  /** What is still alive: by type, by allocation site (while tracing) and
   *  the unreachable cycles a collection would find (src/leaks/). */
  leaks(): HeapLeakReport;
}
