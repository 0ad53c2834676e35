// createHeap(): CPython's object model on pyheap, for JavaScript.
//
// A Ref is a plain number: the address of the object header in the Wasm
// memory (what id() returns). Ownership is CPython's C API, written down
// once in the README: every function that returns an object returns a new
// reference the caller owns and must decref; arguments are borrowed;
// containers take their own references.
//
// Every Ref passed in is validated in Wasm before anything changes, so a
// wrong number, a freed object or the wrong type raises, and the heap is
// as it was. The numeric fast paths (incref, decref, small constructors)
// are one Wasm call each. The public types are in api.ts.

import { instantiateBuild } from "../wasm.js";
import { formatStats, readStats } from "../stats.js";
import type { ObjectExports } from "./exports.js";
import { objectError, ObjErr, type Describe } from "./errors.js";
import { T, TYPE_NAMES, STATIC_SLOT } from "./types.js";
import { memoryInfo } from "./memory-info.js";
import { toJS, fromJS, type Converter } from "./convert.js";
import { hex } from "../errors.js";
import { createGC } from "./gc.js";
import { createWeakref } from "./weakref.js";
import type { ClassOptions, Heap, HeapOptions, Ref } from "./api.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const closedExports = new Proxy({}, {
  get() {
    throw new ReferenceError("pyheap: this heap was closed");
  },
}) as ObjectExports;

export async function createHeap(options: HeapOptions = {}): Promise<Heap> {
  const build = options.build ?? "release";
  if (build !== "release" && build !== "debug" && build !== "legacy") {
    throw new TypeError(`createHeap: unknown build ${JSON.stringify(build)}`);
  }
  const thresholds = options.gcThresholds ?? [2000, 10, 10];
  if (!Array.isArray(thresholds) || thresholds.length !== 3
    || !thresholds.every((x) => Number.isInteger(x) && x >= 0)) {
    throw new TypeError("createHeap: gcThresholds must be three non-negative integers");
  }
  const inlineValues = options.inlineValues ?? true;
  if (typeof inlineValues !== "boolean") throw new TypeError("createHeap: inlineValues must be a boolean");
  let ex = (await instantiateBuild(build)) as ObjectExports;
  if (options.maxMemory !== undefined) {
    const m = options.maxMemory;
    if (typeof m !== "number" || !Number.isInteger(m) || m < 0 || m > 2 ** 32) {
      throw new RangeError(`createHeap: maxMemory must be an integer from 0 to 2**32, got ${m}`);
    }
    ex.pyheap_set_max_pages(Math.max(1, Math.floor(m / 65536)));
  }
  const unraisable = options.unraisableHook ?? ((err: unknown, obj: Ref) => {
    // obj 0: not about an object (a gc callback, a weakref.finalize at close)
    const where = obj === 0 ? "a callback" : `<${describe.typeName(obj)} object at ${hex(obj)}>`;
    console.error(`Exception ignored in: ${where}`, err);
  });

  const NONE = ex.pyobj_none();
  const TRUE = ex.pyobj_true();
  const FALSE = ex.pyobj_false();
  const SMALL_INTS = ex.pyobj_small_ints();
  const CHARS = ex.pyobj_chars();

  // Views of the memory, renewed when it grows.
  let buffer: ArrayBuffer | null = null;
  let u8 = new Uint8Array(0);
  let u32 = new Uint32Array(0);
  const views = () => {
    if (buffer !== ex.memory.buffer) {
      buffer = ex.memory.buffer as ArrayBuffer;
      u8 = new Uint8Array(buffer);
      u32 = new Uint32Array(buffer);
    }
  };

  // ---------------------------------------------------------- errors

  const readStr = (op: number): string => {
    views();
    const p = ex.pyobj_str_data(op) >>> 0;
    return decoder.decode(u8.subarray(p, p + (ex.pyobj_str_nbytes(op) >>> 0)));
  };
  const className = (cls: number): string => {
    const name = ex.pyobj_name(cls) >>> 0;
    const s = readStr(name);
    ex.pyobj_decref(name);
    return s;
  };
  const describe: Describe = {
    typeName(op) {
      const t = ex.pyobj_type(op);
      if (t < 0) return "<not an object>";
      if (t === T.INSTANCE) return className(ex.pyobj_instance_class(op) >>> 0);
      return TYPE_NAMES[t];
    },
    repr(op) {
      const t = ex.pyobj_type(op);
      if (t === T.STR) return `'${readStr(op)}'`;
      if (t === T.INT || t === T.UINT || t === T.FLOAT || t === T.BOOL || t === T.NONE) {
        const v = toJSValue(op);
        return t === T.BOOL ? (v ? "True" : "False") : t === T.NONE ? "None" : String(v);
      }
      return `<${describe.typeName(op)} object at ${hex(op)}>`;
    },
  };
  /** The error the module recorded for `what` (then cleared). */
  const fail = (what: string): Error => {
    const info = {
      code: ex.pyobj_last_error(),
      address: ex.pyobj_last_error_address() >>> 0,
      detail: ex.pyobj_last_error_detail() >>> 0,
    };
    ex.pyobj_clear_error();
    return objectError(what, info, describe);
  };

  // A Ref argument must be a number that fits 32 bits; the module checks
  // the rest (live, right type).
  const isRef = (v: unknown): v is number => typeof v === "number" && v >>> 0 === v;
  const badRef = (what: string, v: unknown): TypeError =>
    new TypeError(`${what}: expected a Ref (an object's address), got ${typeof v === "number" ? v : typeof v}`);
  const ref = (what: string, v: unknown): number => {
    if (!isRef(v)) throw badRef(what, v);
    return v;
  };
  /** A constructor's result: the Ref, or the recorded error. */
  const made = (what: string, r: number): Ref => {
    if (r === 0) throw fail(what);
    return r >>> 0;
  };

  // ------------------------------------------------------ finalizers

  const finalizers = new Map<number, ClassOptions>();
  /** The finalizer level the JavaScript stack is inside (0: none). */
  let level = 0;
  const runFinalizers = () => {
    const entry = level;
    while (ex.pyobj_finalize_depth() > entry) {
      const op = ex.pyobj_finalizee() >>> 0;
      const saved = level;
      level = ex.pyobj_finalize_depth();
      try {
        const t = ex.pyobj_type(op);
        if (t === T.WEAKREF || t === T.PROXY) {
          weak.runCallback(op);
        } else {
          const cls = finalizers.get(ex.pyobj_instance_class(op) >>> 0);
          if (cls?.del) cls.del(op, heap);
          if (cls?.legacyDel) cls.legacyDel(op, heap);
        }
      } catch (err) {
        try {
          unraisable(err, op);
        } catch {
          // A failing hook must not stop the teardown either.
        }
      } finally {
        level = saved;
      }
      ex.pyobj_finalize_done();
    }
  };
  /** Checks the code of an operation that may release references. */
  const settle = (what: string, code: number): void => {
    if (code === ObjErr.OK) return;
    if (code === ObjErr.FINALIZE) {
      runFinalizers();
      return;
    }
    throw fail(what);
  };

  // -------------------------------------------------------- collector

  const { gc, maybeCollect } = createGC({
    ex: () => ex,
    runFinalizers,
    fail,
    refsToScratch: (what, items) => refsToScratch(what, items),
    typeName: (op) => describe.typeName(op),
    unraisable: (err, obj) => unraisable(err, obj),
    afterCollect: () => weak.prune(),
  });
  const weak = createWeakref({
    ex: () => ex,
    fail,
    typeName: (op) => describe.typeName(op),
    decref: (op) => heap.decref(op),
    None: NONE,
  });
  /** Whether o is a weakref.proxy (for the operations that accept one). */
  const isProxy = (o: number): boolean => ex.pyobj_type(o) === T.PROXY;
  for (let i = 0; i < 3; i++) ex.pyobj_gc_set_threshold(i, thresholds[i]);
  /** A constructor's container result, after the safe point at which an
   *  automatic collection may run (the new object is held by its Ref). */
  const container = (r: Ref): Ref => {
    maybeCollect();
    return r;
  };

  // ----------------------------------------------------------- scratch

  /** Writes n Refs to the scratch buffer, checking they are numbers. */
  const refsToScratch = (what: string, items: readonly unknown[], n = items.length): void => {
    const p = ex.pyobj_scratch(Math.max(4, n * 4)) >>> 0;
    if (p === 0) throw fail(what);
    views();
    const base = p >>> 2;
    for (let i = 0; i < n; i++) {
      const v = items[i];
      if (!isRef(v)) throw badRef(`${what}: item ${i}`, v);
      u32[base + i] = v;
    }
  };

  const internName = (what: string, name: string): number => {
    if (typeof name !== "string") throw new TypeError(`${what}: attribute name must be a string, got ${typeof name}`);
    return newStr(what, name, 2);
  };

  // mode 0 plain, 1 code constant, 2 sys.intern
  const newStr = (what: string, s: string, mode: number): Ref => {
    const n = s.length;
    if (n === 0) return ex.pyobj_str_from_scratch(0, 0, mode) >>> 0;
    if (n === 1) {
      const c = s.charCodeAt(0);
      if (c < 256) return CHARS + c * STATIC_SLOT;
    }
    const cap = n * 3;
    const p = ex.pyobj_scratch(cap) >>> 0;
    if (p === 0) throw fail(what);
    views();
    const { written } = encoder.encodeInto(s, u8.subarray(p, p + cap));
    return made(what, ex.pyobj_str_from_scratch(written, written === n ? n : -1, mode));
  };

  // ------------------------------------------------------------- ints

  const newInt = (v: number | bigint): Ref => {
    if (typeof v === "number") {
      if (Number.isInteger(v)) {
        if (v >= -5 && v <= 256) return SMALL_INTS + (v + 5) * STATIC_SLOT;
        if (v >= -(2 ** 63) && v < 2 ** 64) return made("int", ex.pyobj_int_from_f64(v));
      } else if (!Number.isNaN(v) && Number.isFinite(v)) {
        throw new TypeError(`int: ${v} is not an integer (use heap.float)`);
      } else if (Number.isNaN(v)) {
        throw new TypeError("int: cannot convert NaN to an integer");
      }
      throw new RangeError(`int: ${v} is outside the supported range [-2**63, 2**64)`);
    }
    if (typeof v === "bigint") {
      if (v >= -(2n ** 63n) && v < 2n ** 63n) return made("int", ex.pyobj_int_from_i64(v));
      if (v >= 0n && v < 2n ** 64n) return made("int", ex.pyobj_int_from_u64(BigInt.asIntN(64, v)));
      throw new RangeError(`int: ${v} is outside the supported range [-2**63, 2**64)`);
    }
    throw new TypeError(`int: expected a number or a bigint, got ${typeof v}`);
  };

  // The JavaScript value of a scalar object (toJS without containers).
  const toJSValue = (op: number): unknown => {
    const t = ex.pyobj_type(op);
    switch (t) {
      case T.NONE: return null;
      case T.BOOL: return op === TRUE;
      case T.INT: {
        const f = ex.pyobj_int_as_f64(op);
        return Number.isNaN(f) ? ex.pyobj_int_bits(op) : f;
      }
      case T.UINT: return BigInt.asUintN(64, ex.pyobj_int_bits(op));
      case T.FLOAT: return ex.pyobj_float_value(op);
      case T.STR: return readStr(op);
      case T.BYTES: {
        views();
        const p = ex.pyobj_bytes_data(op) >>> 0;
        return u8.slice(p, p + (ex.pyobj_bytes_length(op) >>> 0));
      }
    }
    return undefined;
  };

  const childrenOf = (op: number): number[] => {
    const n = ex.pyobj_children(op);
    if (n < 0) throw fail("children");
    views();
    const p = ex.pyobj_scratch(4) >>> 2;
    return Array.from(u32.subarray(p, p + n));
  };

  const converter: Converter = {
    typeOf: (op) => ex.pyobj_type(op),
    scalar: toJSValue,
    children: childrenOf,
    typeName: (op) => describe.typeName(op),
    True: TRUE,
  };

  // ------------------------------------------------------------ heap

  const heap: Heap = {
    int: newInt,
    float(v) {
      if (typeof v !== "number") throw new TypeError(`float: expected a number, got ${typeof v}`);
      return made("float", ex.pyobj_float(v));
    },
    str(s, opts) {
      if (typeof s !== "string") throw new TypeError(`str: expected a string, got ${typeof s}`);
      return newStr("str", s, opts?.constant ? 1 : 0);
    },
    bytes(data) {
      let src: Uint8Array;
      if (data instanceof Uint8Array) src = data;
      else if (data instanceof ArrayBuffer) src = new Uint8Array(data);
      else if (Array.isArray(data)) {
        if (!data.every((b) => Number.isInteger(b) && b >= 0 && b < 256)) {
          throw new RangeError("bytes: every item must be an integer in range(0, 256)");
        }
        src = Uint8Array.from(data);
      } else throw new TypeError("bytes: expected a Uint8Array, an ArrayBuffer or an array of byte values");
      const p = ex.pyobj_scratch(Math.max(1, src.length)) >>> 0;
      if (p === 0) throw fail("bytes");
      views();
      u8.set(src, p);
      return made("bytes", ex.pyobj_bytes_from_scratch(src.length));
    },
    tuple(items) {
      if (!Array.isArray(items)) throw new TypeError("tuple: expected an array of Refs");
      const n = items.length;
      if (n <= 4) {
        // Missing items are passed as 0, not undefined: V8's fast
        // JS-to-Wasm call path wants numbers.
        const a = n > 0 ? items[0] : 0, b = n > 1 ? items[1] : 0, c = n > 2 ? items[2] : 0, d = n > 3 ? items[3] : 0;
        if (!isRef(a) || !isRef(b) || !isRef(c) || !isRef(d)) {
          throw badRef("tuple: item", items.find((x) => !isRef(x)));
        }
        const r = ex.pyobj_tuple_pack(n, a, b, c, d);
        if (r === 0) throw fail("tuple");
        return container(r >>> 0);
      }
      refsToScratch("tuple", items);
      return container(made("tuple", ex.pyobj_tuple_from_scratch(n)));
    },
    list(items = []) {
      if (!Array.isArray(items)) throw new TypeError("list: expected an array of Refs");
      refsToScratch("list", items);
      return container(made("list", ex.pyobj_list_from_scratch(items.length)));
    },
    dict(entries = []) {
      const flat: unknown[] = [];
      for (const pair of entries as Iterable<readonly [unknown, unknown]>) {
        if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError("dict: entries must be [key, value] pairs");
        flat.push(pair[0], pair[1]);
      }
      refsToScratch("dict", flat);
      return container(made("dict", ex.pyobj_dict_from_scratch(flat.length / 2)));
    },
    set(items = []) {
      if (!Array.isArray(items)) throw new TypeError("set: expected an array of Refs");
      refsToScratch("set", items);
      return container(made("set", ex.pyobj_set_from_scratch(items.length)));
    },
    newClass(name, opts = {}) {
      if (typeof name !== "string") throw new TypeError("newClass: name must be a string");
      for (const k of ["del", "legacyDel"] as const) {
        if (opts[k] !== undefined && typeof opts[k] !== "function") {
          throw new TypeError(`newClass: ${k} must be a function`);
        }
      }
      const inline = opts.inlineValues ?? inlineValues;
      if (typeof inline !== "boolean") throw new TypeError("newClass: inlineValues must be a boolean");
      const nameRef = newStr("newClass", name, 2);
      const flags = (opts.del ? 1 : 0) | (opts.legacyDel ? 2 : 0);
      const r = ex.pyobj_class_new(nameRef, flags | (inline ? 0 : 4));
      const err = r === 0 ? fail("newClass") : null;
      ex.pyobj_decref(nameRef);
      if (err) throw err;
      const cls = r >>> 0;
      if (flags) finalizers.set(cls, { del: opts.del, legacyDel: opts.legacyDel });
      else finalizers.delete(cls); // a dead class's entry, if this address was one
      return container(cls);
    },
    instance(cls) {
      return container(made("instance", ex.pyobj_instance_new(ref("instance", cls))));
    },
    cell(contents) {
      return container(made("cell", ex.pyobj_cell_new(contents === undefined ? 0 : ref("cell", contents))));
    },
    func(name, cells = []) {
      if (typeof name !== "string") throw new TypeError("func: name must be a string");
      if (!Array.isArray(cells)) throw new TypeError("func: cells must be an array of cell Refs");
      const closure = cells.length ? heap.tuple(cells) : 0;
      let nameRef = 0;
      try {
        nameRef = newStr("func", name, 2);
        const r = ex.pyobj_func_new(nameRef, closure);
        if (r === 0) throw fail("func");
        return r >>> 0;
      } finally {
        if (nameRef) ex.pyobj_decref(nameRef);
        if (closure) ex.pyobj_decref(closure);
        maybeCollect();
      }
    },
    None: NONE,
    True: TRUE,
    False: FALSE,

    append(list, v) {
      const code = ex.pyobj_append(ref("append", list), ref("append", v));
      if (code !== 0) throw fail("append");
    },
    getitem(o, key) {
      if (typeof key !== "number") throw new TypeError(`getitem: key must be a Ref or an index, got ${typeof key}`);
      if (!Number.isInteger(key)) throw new TypeError(`getitem: indices must be integers, not ${key}`);
      let r = ex.pyobj_subscript(ref("getitem", o), key);
      if (r === 0 && isProxy(o)) r = ex.pyobj_subscript(weak.unproxy("getitem", o), key);
      return made("getitem", r);
    },
    setitem(o, key, v) {
      if (typeof key !== "number") throw new TypeError(`setitem: key must be a Ref or an index, got ${typeof key}`);
      if (!Number.isInteger(key)) throw new TypeError(`setitem: indices must be integers, not ${key}`);
      let code = ex.pyobj_ass_subscript(ref("setitem", o), key, ref("setitem", v));
      if (code === ObjErr.WRONG_TYPE && isProxy(o)) code = ex.pyobj_ass_subscript(weak.unproxy("setitem", o), key, v);
      settle("setitem", code);
    },
    delitem(o, key) {
      if (typeof key !== "number") throw new TypeError(`delitem: key must be a Ref or an index, got ${typeof key}`);
      if (!Number.isInteger(key)) throw new TypeError(`delitem: indices must be integers, not ${key}`);
      let code = ex.pyobj_del_subscript(ref("delitem", o), key);
      if (code === ObjErr.WRONG_TYPE && isProxy(o)) code = ex.pyobj_del_subscript(weak.unproxy("delitem", o), key);
      settle("delitem", code);
    },
    len(o) {
      let n = ex.pyobj_len(ref("len", o));
      if (n < 0 && isProxy(o)) n = ex.pyobj_len(weak.unproxy("len", o));
      if (n < 0) throw fail("len");
      return n;
    },
    getattr(o, name) {
      o = weak.unproxy("getattr", ref("getattr", o));
      const t = ex.pyobj_type(o);
      if (t < 0) throw fail("getattr");
      if (typeof name !== "string") throw new TypeError("getattr: attribute name must be a string");
      switch (name) {
        case "__class__":
          if (t === T.INSTANCE) {
            const cls = ex.pyobj_instance_class(o) >>> 0;
            ex.pyobj_incref(cls);
            return cls;
          }
          break;
        case "__dict__":
          if (t === T.INSTANCE) return made("getattr", ex.pyobj_instance_dict(o));
          break;
        case "__name__":
          if (t === T.TYPE || t === T.FUNCTION) return made("getattr", ex.pyobj_name(o));
          break;
        case "__closure__":
          if (t === T.FUNCTION) return made("getattr", ex.pyobj_func_closure(o));
          break;
        case "cell_contents":
          if (t === T.CELL) return made("getattr", ex.pyobj_cell_get(o));
          break;
      }
      const nameRef = internName("getattr", name);
      const r = ex.pyobj_getattr(o, nameRef);
      const err = r === 0 ? fail("getattr") : null;
      ex.pyobj_decref(nameRef);
      if (err) throw err;
      return r >>> 0;
    },
    setattr(o, name, v) {
      o = weak.unproxy("setattr", ref("setattr", o));
      const t = ex.pyobj_type(o);
      if (t < 0) throw fail("setattr");
      ref("setattr", v);
      if (name === "cell_contents" && t === T.CELL) {
        settle("setattr", ex.pyobj_cell_set(o, v));
        return;
      }
      if (name === "__dict__" && t === T.INSTANCE) {
        if (ex.pyobj_type(v) !== T.DICT) {
          throw new TypeError(`setattr: __dict__ must be set to a dictionary, not a '${describe.typeName(v)}'`);
        }
        settle("setattr", ex.pyobj_instance_set_dict(o, v));
        return;
      }
      const nameRef = internName("setattr", name);
      const code = ex.pyobj_setattr(o, nameRef, v);
      const err = code !== 0 && code !== ObjErr.FINALIZE ? fail("setattr") : null;
      ex.pyobj_decref(nameRef);
      if (err) {
        if (code === ObjErr.ATTRIBUTE) {
          err.message += " and no __dict__ for setting new attributes";
        }
        throw err;
      }
      settle("setattr", code);
    },
    delattr(o, name) {
      o = weak.unproxy("delattr", ref("delattr", o));
      const t = ex.pyobj_type(o);
      if (t < 0) throw fail("delattr");
      if (name === "cell_contents" && t === T.CELL) {
        settle("delattr", ex.pyobj_cell_set(o, 0));
        return;
      }
      const nameRef = internName("delattr", name);
      const code = ex.pyobj_delattr(o, nameRef);
      const err = code !== 0 && code !== ObjErr.FINALIZE ? fail("delattr") : null;
      ex.pyobj_decref(nameRef);
      if (err) throw err;
      settle("delattr", code);
    },
    setAdd(set, v) {
      const code = ex.pyobj_set_add(ref("setAdd", set), ref("setAdd", v));
      if (code !== 0) throw fail("setAdd");
    },
    incref(o) {
      if (!isRef(o)) throw badRef("incref", o);
      if (ex.pyobj_incref(o) !== 0) throw fail("incref");
    },
    decref(o) {
      if (!isRef(o)) throw badRef("decref", o);
      const code = ex.pyobj_decref(o);
      if (code !== 0) settle("decref", code);
    },
    id(o) {
      if (ex.pyobj_check(ref("id", o)) !== 0) throw fail("id");
      return o;
    },
    is(a, b) {
      if (ex.pyobj_check(ref("is", a)) !== 0 || ex.pyobj_check(ref("is", b)) !== 0) throw fail("is");
      return a === b;
    },
    typeName(o) {
      if (ex.pyobj_check(ref("typeName", o)) !== 0) throw fail("typeName");
      return describe.typeName(o);
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
    memoryInfo: () => memoryInfo(ex, weak.callbackCount()),
    debugMallocStats: () => formatStats(readStats(ex)),
    gcThresholds: [thresholds[0], thresholds[1], thresholds[2]] as const,
    clearFreeLists() {
      ex.pyobj_clear_freelists();
    },
    children(o) {
      ref("children", o);
      return childrenOf(o);
    },
    gc,
    weakref: weak.weakref,
    get exports() {
      return ex;
    },
    close() {
      if (ex === closedExports) return;
      // weakref.finalize's atexit: the live ones run, newest first.
      weak.atExit((err) => {
        try {
          unraisable(err, 0);
        } catch {
          // as in runFinalizers
        }
      });
      ex.pyobj_clear_freelists();
      finalizers.clear();
      ex = closedExports;
      buffer = null;
      u8 = new Uint8Array(0);
      u32 = new Uint32Array(0);
    },
  };
  return heap;
}
