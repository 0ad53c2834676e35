// toJS / fromJS: deep conversion between heap objects and JavaScript
// values, iterative (an explicit work list, no recursion) so that nesting
// depth is no limit, and memoised so that shared and cyclic structures
// convert to shared and cyclic structures.
//
//   None -> null, bool -> boolean, int -> number (|v| <= 2**53) or bigint,
//   float -> number, str -> string, bytes -> Uint8Array, tuple and list ->
//   Array, dict -> Map, set -> Set.
// fromJS is the inverse, with Array -> list, Map and plain objects -> dict,
// Set -> set, integral numbers -> int, other numbers -> float, undefined ->
// None. Classes, instances, cells and functions have no JS counterpart.

import { T } from "./types.js";
import type { Heap, Ref } from "./api.js";

export interface Converter {
  typeOf(op: number): number;
  scalar(op: number): unknown;
  children(op: number): number[];
  typeName(op: number): string;
  True: number;
}

type Container = unknown[] | Map<unknown, unknown> | Set<unknown>;

export function toJS(root: number, c: Converter): unknown {
  const memo = new Map<number, Container>();
  const work: Array<[number, number, Container]> = [];
  const value = (op: number): unknown => {
    const seen = memo.get(op);
    if (seen) return seen;
    const t = c.typeOf(op);
    let made: Container;
    switch (t) {
      case T.TUPLE:
      case T.LIST: made = []; break;
      case T.DICT: made = new Map(); break;
      case T.SET: made = new Set(); break;
      case T.TYPE:
      case T.INSTANCE:
      case T.CELL:
      case T.FUNCTION:
        throw new TypeError(`toJS: a '${c.typeName(op)}' object has no JavaScript counterpart`);
      default: return c.scalar(op);
    }
    memo.set(op, made);
    work.push([op, t, made]);
    return made;
  };
  const result = value(root);
  while (work.length) {
    const [op, t, into] = work.pop()!;
    const kids = c.children(op);
    if (t === T.DICT) {
      const m = into as Map<unknown, unknown>;
      for (let i = 0; i < kids.length; i += 2) m.set(value(kids[i]), value(kids[i + 1]));
    } else if (t === T.SET) {
      const s = into as Set<unknown>;
      for (const k of kids) s.add(value(k));
    } else {
      const a = into as unknown[];
      for (const k of kids) a.push(value(k));
    }
  }
  return result;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function fromJS(root: unknown, heap: Heap): Ref {
  const memo = new Map<object, Ref>();
  const work: Array<[Ref, unknown]> = [];
  // A new reference for v; containers are made empty and queued.
  const make = (v: unknown): Ref => {
    switch (typeof v) {
      case "undefined": return heap.None;
      case "boolean": return v ? heap.True : heap.False;
      case "number":
        return Number.isInteger(v) && v >= -(2 ** 63) && v < 2 ** 64 ? heap.int(v) : heap.float(v);
      case "bigint": return heap.int(v);
      case "string": return heap.str(v);
      case "object": {
        if (v === null) return heap.None;
        const seen = memo.get(v);
        if (seen !== undefined) {
          heap.incref(seen);
          return seen;
        }
        if (v instanceof Uint8Array || v instanceof ArrayBuffer) return heap.bytes(v);
        let r: Ref;
        if (Array.isArray(v)) r = heap.list();
        else if (v instanceof Set) r = heap.set();
        else if (v instanceof Map || isPlainObject(v)) r = heap.dict();
        else throw new TypeError(`fromJS: cannot convert a ${v.constructor?.name ?? "object"} to a Python object`);
        memo.set(v, r);
        work.push([r, v]);
        return r;
      }
    }
    throw new TypeError(`fromJS: cannot convert a ${typeof v} to a Python object`);
  };
  const result = make(root);
  try {
    while (work.length) {
      const [r, v] = work.pop()!;
      const put = (k: unknown, x: unknown) => {
        const kr = make(k);
        try {
          const xr = make(x);
          try {
            heap.setitem(r, kr, xr);
          } finally {
            heap.decref(xr);
          }
        } finally {
          heap.decref(kr);
        }
      };
      if (Array.isArray(v)) {
        for (const x of v) {
          const xr = make(x);
          try {
            heap.append(r, xr);
          } finally {
            heap.decref(xr);
          }
        }
      } else if (v instanceof Set) {
        for (const x of v) {
          const xr = make(x);
          try {
            heap.setAdd(r, xr);
          } finally {
            heap.decref(xr);
          }
        }
      } else if (v instanceof Map) {
        for (const [k, x] of v) put(k, x);
      } else {
        for (const [k, x] of Object.entries(v as object)) put(k, x);
      }
    }
  } catch (err) {
    heap.decref(result); // everything built so far goes with it
    throw err;
  }
  return result;
}
