// The constructors: heap.int() to heap.func(). A container's constructor
// returns at a safe point where an automatic collection may run (the new
// object is held by its Ref).

import type { ObjectExports } from "./exports.js";
import { STATIC_SLOT, SMALL_INT_MIN, SMALL_INT_MAX, NewClass } from "../constants.js";
import type { Refs } from "./refs.js";
import { ErrorCode } from "../constants.js";
import type { Memory } from "./memory.js";
import type { ClassOptions, Heap, Ref } from "./api.js";

export interface ConstructorHost {
  ex(): ObjectExports;
  fail(what: string): Error;
  made(what: string, r: number): Ref;
  memory: Memory;
  refs: Refs;
  maybeCollect(): void;
  /** heap.func() builds its closure with heap.tuple(). */
  heap(): Heap;
  /** The finalizers of the classes that have one (finalizers.ts). */
  finalizers: Map<number, ClassOptions>;
  /** HeapOptions.inlineValues, the classes' default. */
  inlineValues: boolean;
  SMALL_INTS: number;
  CHARS: number;
}

export type Constructors = Pick<Heap,
  "int" | "float" | "str" | "bytes" | "tuple" | "list" | "dict" | "set" | "newClass" | "instance" | "cell" | "func">;

export function createConstructors(host: ConstructorHost) {
  const { ex, fail, made, memory, maybeCollect, finalizers, SMALL_INTS, CHARS } = host;
  const { ref, stampOk, toRef } = host.refs;

  /** A container's result, after the safe point. */
  const container = (r: Ref): Ref => {
    maybeCollect();
    return r;
  };

  /** A container the module made from up to four Refs in one call that
   *  checks them too (assembly/objects/api/refs.ts): r is its Ref, negated
   *  when a collection may be due, or 0 if the module refused (nothing
   *  changed). */
  const packed = (r: number): Ref | 0 => (r > 0 ? r as Ref : r < 0 ? container(-r as Ref) : 0);

  /** Whether items can go to a *_pack_ref export: at most four numbers.
   *  Missing items are passed as 0, not undefined: V8's fast JS-to-Wasm
   *  call path wants numbers. */
  const packable = (items: readonly unknown[]): boolean => {
    const n = items.length;
    if (n > 4) return false;
    for (let i = 0; i < n; i++) if (typeof items[i] !== "number") return false;
    return true;
  };
  const item = (items: readonly unknown[], i: number): number => (i < items.length ? items[i] as number : 0);

  // mode 0 plain, 1 code constant, 2 sys.intern
  /** Refuses at once a size the heap can never hold (it would fail only
   *  after growing the memory to its cap). */
  const fits = (what: string, n: number): void => {
    const max = ex().pyheap_max_pages() * 65536;
    if (n >= max) {
      throw Object.assign(
        new RangeError(`${what}: ${n} bytes can never fit this heap (its memory is capped at ${max} bytes)`),
        { code: ErrorCode.SIZE_OVERFLOW, address: 0, size: n },
      );
    }
  };

  const newStr = (what: string, s: string, mode: number): Ref => {
    const n = s.length;
    fits(what, n);
    if (n === 0) return made(what, ex().pyobj_str_from_scratch(0, 0, mode));
    if (n === 1) {
      const c = s.charCodeAt(0);
      if (c < 256) return (CHARS + c * STATIC_SLOT) as Ref;
    }
    const written = memory.strToScratch(what, s);
    return made(what, ex().pyobj_str_from_scratch(written, written === n ? n : -1, mode));
  };

  const newInt = (v: number | bigint): Ref => {
    if (typeof v === "number") {
      if (Number.isInteger(v)) {
        if (v >= SMALL_INT_MIN && v <= SMALL_INT_MAX) return (SMALL_INTS + (v - SMALL_INT_MIN) * STATIC_SLOT) as Ref;
        if (v >= -(2 ** 63) && v < 2 ** 64) {
          const r = ex().pyobj_int_ref(v); // its Ref, in one call
          if (r === 0) throw fail("int");
          return r as Ref;
        }
      } else if (!Number.isNaN(v) && Number.isFinite(v)) {
        throw new TypeError(`int: ${v} is not an integer (use heap.float)`);
      } else if (Number.isNaN(v)) {
        throw new TypeError("int: cannot convert NaN to an integer");
      }
      throw new RangeError(`int: ${v} is outside the supported range [-2**63, 2**64)`);
    }
    if (typeof v === "bigint") {
      if (v >= -(2n ** 63n) && v < 2n ** 63n) return made("int", ex().pyobj_int_from_i64(v));
      if (v >= 0n && v < 2n ** 64n) return made("int", ex().pyobj_int_from_u64(BigInt.asIntN(64, v)));
      throw new RangeError(`int: ${v} is outside the supported range [-2**63, 2**64)`);
    }
    throw new TypeError(`int: expected a number or a bigint, got ${typeof v}`);
  };

  /** The tuple of a *_pack_ref call's result r, or why the module
   *  refused items. */
  const packedTuple = (r: number, items: readonly unknown[]): Ref => {
    const t = packed(r);
    if (t !== 0) return t;
    // refused, and nothing changed: say why
    const i = items.findIndex((x) => !stampOk(x));
    if (i >= 0) throw host.refs.refusal(`tuple: item ${i}`, items[i]);
    throw fail("tuple");
  };

  const constructors: Constructors = {
    int: newInt,
    float(v) {
      if (typeof v !== "number") throw new TypeError(`float: expected a number, got ${typeof v}`);
      return made("float", ex().pyobj_float(v));
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
      fits("bytes", src.length);
      // made in place: one copy, straight into the object
      const op = ex().pyobj_bytes_new(src.length) >>> 0;
      if (op === 0) throw fail("bytes");
      memory.bytesInto(op, src);
      return toRef(op);
    },
    tuple(items) {
      if (!Array.isArray(items)) throw new TypeError("tuple: expected an array of Refs");
      const n = items.length;
      if (n === 2) { // the commonest tuple: its own short path
        const a = items[0], b = items[1];
        if (typeof a === "number" && typeof b === "number") return packedTuple(ex().pyobj_tuple_pack_ref(2, a, b, 0, 0), items);
      }
      if (n <= 4) {
        const ok = packable(items);
        return packedTuple(ok ? ex().pyobj_tuple_pack_ref(n, item(items, 0), item(items, 1), item(items, 2), item(items, 3)) : 0, items);
      }
      memory.refsToScratch("tuple", items);
      return container(made("tuple", ex().pyobj_tuple_from_scratch(n)));
    },
    list(items = []) {
      if (!Array.isArray(items)) throw new TypeError("list: expected an array of Refs");
      if (packable(items)) {
        const r = packed(ex().pyobj_list_pack_ref(items.length, item(items, 0), item(items, 1), item(items, 2), item(items, 3)));
        if (r !== 0) return r;
      }
      // (a refusal comes again from here, with the reason)
      memory.refsToScratch("list", items);
      return container(made("list", ex().pyobj_list_from_scratch(items.length)));
    },
    dict(entries = []) {
      const flat: unknown[] = [];
      for (const pair of entries as Iterable<readonly [unknown, unknown]>) {
        if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError("dict: entries must be [key, value] pairs");
        flat.push(pair[0], pair[1]);
      }
      memory.refsToScratch("dict", flat);
      return container(made("dict", ex().pyobj_dict_from_scratch(flat.length / 2)));
    },
    set(items = []) {
      if (!Array.isArray(items)) throw new TypeError("set: expected an array of Refs");
      memory.refsToScratch("set", items);
      return container(made("set", ex().pyobj_set_from_scratch(items.length)));
    },
    newClass(name, opts = {}) {
      if (typeof name !== "string") throw new TypeError("newClass: name must be a string");
      for (const k of ["del", "legacyDel"] as const) {
        if (opts[k] !== undefined && typeof opts[k] !== "function") {
          throw new TypeError(`newClass: ${k} must be a function`);
        }
      }
      const inline = opts.inlineValues ?? host.inlineValues;
      if (typeof inline !== "boolean") throw new TypeError("newClass: inlineValues must be a boolean");
      const module = opts.module ?? "__main__";
      if (typeof module !== "string") throw new TypeError("newClass: module must be a string");
      const moduleRef = newStr("newClass", module, 2);
      let nameRef: Ref;
      try {
        nameRef = newStr("newClass", name, 2);
      } catch (e) {
        ex().pyobj_decref(moduleRef);
        throw e;
      }
      const flags = (opts.del ? NewClass.DEL : 0) | (opts.legacyDel ? NewClass.LEGACY_DEL : 0);
      const r = ex().pyobj_class_new(nameRef, moduleRef, flags | (inline ? 0 : NewClass.OWN_DICT));
      const err = r === 0 ? fail("newClass") : null;
      ex().pyobj_decref(nameRef);
      ex().pyobj_decref(moduleRef);
      if (err) throw err;
      const cls = r >>> 0;
      if (flags) finalizers.set(cls, { del: opts.del, legacyDel: opts.legacyDel });
      else finalizers.delete(cls); // a dead class's entry, if this address was one
      return container(toRef(cls));
    },
    instance(cls) {
      return container(made("instance", ex().pyobj_instance_new(ref("instance", cls))));
    },
    cell(contents) {
      return container(made("cell", ex().pyobj_cell_new(contents === undefined ? 0 : ref("cell", contents))));
    },
    func(name, cells = []) {
      if (typeof name !== "string") throw new TypeError("func: name must be a string");
      if (!Array.isArray(cells)) throw new TypeError("func: cells must be an array of cell Refs");
      const closure = cells.length ? host.heap().tuple(cells) : 0;
      let nameRef = 0;
      try {
        nameRef = newStr("func", name, 2);
        const r = ex().pyobj_func_new(nameRef, closure);
        if (r === 0) throw fail("func");
        return toRef(r >>> 0);
      } finally {
        if (nameRef) ex().pyobj_decref(nameRef);
        if (closure) ex().pyobj_decref(closure);
        maybeCollect();
      }
    },
  };

  return { constructors, newStr };
}
