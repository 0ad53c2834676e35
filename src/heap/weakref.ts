// heap.weakref: CPython's weakref module over assembly/objects/weakref.ts.
//
// Weakref objects live in Wasm; their callbacks are JavaScript functions
// kept here under the weakref's Ref. The module pauses for a callback as
// it does for a finalizer (the finalizee is then the weakref), and the
// heap's finalizer loop calls runCallback(). weakref.finalize and
// WeakValueDictionary are built on ref() with a callback, as in
// Lib/weakref.py.

import { ErrorCode } from "../constants.js";
import type { ObjectExports } from "./exports.js";

import type { Ref } from "./api.js";

export type WeakCallback = (wr: Ref) => void;

/** weakref.finalize(obj, fn): fn runs once, when obj dies or at close(). */
export interface Finalizer {
  /** True until fn has run or detach() was called. */
  readonly alive: boolean;
  /** Stops fn from running: the object (a new reference) and fn, or null
   *  if it was not alive (or the object already died). */
  detach(): [Ref, () => void] | null;
  /** Runs fn now if alive (then never again). */
  call(): void;
}

/** weakref.WeakValueDictionary: values held weakly; an entry goes away when
 *  its value dies. Keys are JavaScript strings or numbers. */
export interface WeakValueDictionary {
  set(key: string | number, value: Ref): void;
  /** The value (a new reference), or undefined. */
  get(key: string | number): Ref | undefined;
  has(key: string | number): boolean;
  delete(key: string | number): boolean;
  readonly size: number;
  keys(): (string | number)[];
  /** Drops every entry (and the weakrefs behind them). */
  clear(): void;
}

export interface WeakrefModule {
  /** weakref.ref(o[, callback]): a new reference to a weakref object
   *  (the callback-less one is shared, as in CPython). */
  ref(o: Ref, callback?: WeakCallback): Ref;
  /** w(): the referent (a new reference), or None once it died. */
  deref(w: Ref): Ref;
  /** weakref.proxy(o[, callback]): usable in o's place by getattr,
   *  setattr, delattr, getitem, setitem, delitem and len; after o dies
   *  they raise ReferenceError. */
  proxy(o: Ref, callback?: WeakCallback): Ref;
  finalize(o: Ref, fn: () => void): Finalizer;
  getweakrefcount(o: Ref): number;
  /** A new list of the weakrefs to o. */
  getweakrefs(o: Ref): Ref;
  WeakValueDictionary: new () => WeakValueDictionary;
}

export interface WeakrefHost {
  ex(): ObjectExports;
  fail(what: string): Error;
  typeName(o: Ref): string;
  decref(o: Ref): void;
  None: Ref;
  /** A Ref argument, checked, and the Ref of an address (refs.ts). */
  ref(what: string, v: unknown): Ref;
  toRef(addr: number): Ref;
}

export function createWeakref(host: WeakrefHost) {
  const { ref, toRef } = host;
  /** The callbacks, by the address of their weakref. */
  const callbacks = new Map<number, WeakCallback>();
  const finalizers = new Set<FinalizerImpl>();
  // A weakref that dies without calling (garbage itself, or dropped
  // before its referent) leaves its entry behind; the Wasm side cannot
  // call out to say so. Pruning whenever the table doubles keeps it under
  // twice the live entries at amortised O(1) per weakref.
  const PRUNE_FLOOR = 64;
  let pruneAt = PRUNE_FLOOR;

  /** Forgets callbacks whose weakref died without calling: their Refs may
   *  be reused (a new callback weakref there replaces the entry anyway). */
  const prune = () => {
    const ex = host.ex();
    for (const wr of callbacks.keys()) {
      if (ex.pyobj_weakref_has_callback(wr) !== 1) callbacks.delete(wr);
    }
    ex.pyobj_clear_error(); // a dead Ref's refusal is the expected answer
    pruneAt = Math.max(PRUNE_FLOOR, 2 * callbacks.size);
  };

  const make = (what: string, o: Ref, proxy: boolean, cb?: WeakCallback): Ref => {
    ref(what, o);
    if (cb !== undefined && typeof cb !== "function") throw new TypeError(`${what}: callback must be a function`);
    const ex = host.ex();
    const r = ex.pyobj_weakref_new(o, proxy ? 1 : 0, cb ? 1 : 0) >>> 0;
    if (r === 0) {
      if (ex.pyobj_last_error() === ErrorCode.WRONG_TYPE && ex.pyobj_type(o) >= 0) {
        ex.pyobj_clear_error();
        throw new TypeError(`${what}: cannot create weak reference to '${host.typeName(o)}' object`);
      }
      throw host.fail(what);
    }
    if (cb) {
      callbacks.set(r, cb);
      if (callbacks.size >= pruneAt) prune();
    }
    return toRef(r);
  };

  class FinalizerImpl implements Finalizer {
    /** The weakref that calls fn, or 0 once it was released. */
    wr: Ref | 0 = 0;
    fn: (() => void) | null;
    constructor(o: Ref, fn: () => void) {
      this.fn = fn;
      this.wr = make("weakref.finalize", o, false, () => this.call());
      finalizers.add(this);
    }
    get alive() {
      return this.fn !== null;
    }
    private release(): (() => void) | null {
      const fn = this.fn;
      if (fn === null) return null;
      this.fn = null;
      finalizers.delete(this);
      callbacks.delete(this.wr >>> 0);
      const wr = this.wr as Ref; // set while fn is
      this.wr = 0;
      host.decref(wr);
      return fn;
    }
    detach(): [Ref, () => void] | null {
      if (this.fn === null) return null;
      const o = host.ex().pyobj_weakref_deref(this.wr) >>> 0;
      if (o === host.None) return null;
      const fn = this.release()!;
      return [toRef(o), fn];
    }
    call(): void {
      const fn = this.release();
      if (fn) fn();
    }
  }

  class WVD implements WeakValueDictionary {
    private m = new Map<string | number, Ref>();
    set(key: string | number, value: Ref) {
      if (typeof key !== "string" && typeof key !== "number") {
        throw new TypeError("WeakValueDictionary: keys are strings or numbers");
      }
      const wr = make("WeakValueDictionary.set", value, false, (w) => {
        // KeyedRef's callback: the entry goes if it is still this one.
        if (this.m.get(key) === w) {
          this.m.delete(key);
          host.decref(w);
        }
      });
      this.delete(key);
      this.m.set(key, wr);
    }
    get(key: string | number) {
      const wr = this.m.get(key);
      if (wr === undefined) return undefined;
      const o = host.ex().pyobj_weakref_deref(wr) >>> 0;
      if (o === host.None) return undefined;
      return toRef(o);
    }
    has(key: string | number) {
      const o = this.get(key);
      if (o === undefined) return false;
      host.decref(o);
      return true;
    }
    delete(key: string | number) {
      const wr = this.m.get(key);
      if (wr === undefined) return false;
      this.m.delete(key);
      callbacks.delete(wr >>> 0);
      host.decref(wr);
      return true;
    }
    get size() {
      return this.m.size;
    }
    keys() {
      return [...this.m.keys()];
    }
    clear() {
      for (const k of this.keys()) this.delete(k);
    }
  }

  const module: WeakrefModule = {
    ref: (o, cb) => make("weakref.ref", o, false, cb),
    proxy: (o, cb) => make("weakref.proxy", o, true, cb),
    deref(w) {
      const r = host.ex().pyobj_weakref_deref(ref("weakref.deref", w)) >>> 0;
      if (r === 0) throw host.fail("weakref.deref");
      return toRef(r);
    },
    finalize(o, fn) {
      if (typeof fn !== "function") throw new TypeError("weakref.finalize: fn must be a function");
      return new FinalizerImpl(o, fn);
    },
    getweakrefcount(o) {
      const n = host.ex().pyobj_weakref_count(ref("weakref.getweakrefcount", o));
      if (n < 0) throw host.fail("weakref.getweakrefcount");
      return n;
    },
    getweakrefs(o) {
      const r = host.ex().pyobj_weakref_list(ref("weakref.getweakrefs", o)) >>> 0;
      if (r === 0) throw host.fail("weakref.getweakrefs");
      return toRef(r);
    },
    WeakValueDictionary: WVD,
  };

  return {
    weakref: module,
    /** The heap's finalizer loop met the weakref at address wr: its
     *  callback, once. */
    runCallback(wr: number) {
      const cb = callbacks.get(wr);
      callbacks.delete(wr);
      if (cb) cb(toRef(wr));
    },
    prune,
    callbackCount: () => callbacks.size,
    /** heap.close(): live finalize() callbacks run, newest first (atexit). */
    atExit(report: (err: unknown) => void) {
      for (const f of [...finalizers].reverse()) {
        try {
          f.call();
        } catch (err) {
          report(err);
        }
      }
      callbacks.clear();
    },
  };
}
