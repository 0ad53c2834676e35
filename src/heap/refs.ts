// What a Ref is, and checking one.
//
// A Ref is the object's address in the Wasm memory plus its stamp times
// 2**32: the stamp is the upper half of the object's type word
// (assembly/objects/layout.ts), a 16-bit number given to each object when
// it is made, 0 for the static objects (so None's Ref is its address). A
// Ref fits a double exactly (48 bits) and is passed to the module as is:
// a number given to an i32 parameter is taken modulo 2**32, which is the
// address.
//
// When the memory of a freed object is reused for a new object, the new
// one has another stamp, so a Ref kept past decref no longer matches and
// is refused instead of reaching the new object. The hottest operations
// (incref, decref, small tuples and lists, append) and attribute access
// pass the Ref whole to an export that checks all of it in the same call
// (assembly/objects/api/refs.ts, attributes.ts); the others check the
// stamp here (one load of the header) and the module
// checks the rest (a live block, an object, the type).

import type { ObjectExports } from "./exports.js";
import { ErrorCode, OB_TYPE, STAMP_SHIFT, STAMP_UNIT, REF_LIMIT } from "../constants.js";
import { hex } from "../errors.js";
import type { Ref } from "./api.js";

export const badRef = (what: string, v: unknown): TypeError =>
  new TypeError(`${what}: expected a Ref, got ${typeof v === "number" ? v : typeof v}`);

export interface RefHost {
  ex(): ObjectExports;
  /** The u32 at a 4-aligned address (undefined past the memory). */
  word(addr: number): number;
  fail(what: string): Error;
}

export function createRefs(host: RefHost) {
  const { word } = host;

  /** The stamp in the header at address a (0 for a static object). */
  const stampAt = (a: number): number => word(a + OB_TYPE) >>> STAMP_SHIFT;

  /** The Ref of the live object at address a. */
  const toRef = (a: number): Ref => (a + stampAt(a) * STAMP_UNIT) as Ref;

  /** Whether v is a number whose stamp is the one in the header at its
   *  address: non-numbers, fractions, negatives and numbers from REF_LIMIT
   *  never match. */
  const stampOk = (v: unknown): v is Ref => {
    if (typeof v !== "number") return false;
    const a = v >>> 0;
    return v === toRef(a);
  };

  /** The error for a Ref that stampOk() or the module refused. */
  const refusal = (what: string, v: unknown): Error => {
    host.ex().pyobj_clear_error(); // a refusal the module recorded (api/refs.ts)
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v >= REF_LIMIT) return badRef(what, v);
    const a = v >>> 0;
    const ex = host.ex();
    if (ex.pyobj_check(a) !== 0) return host.fail(what);
    const stamp = (v - a) / STAMP_UNIT;
    const err = stamp === 0
      ? new ReferenceError(`${what}: ${v} is an address, not a Ref (heap.id() gives the address of a Ref)`)
      : new ReferenceError(
        `${what}: the object of Ref ${v} was freed (a stale Ref: the memory at ${hex(a)} holds another object now)`,
      );
    return Object.assign(err, { code: ErrorCode.FREED, address: a, size: 0 });
  };

  /** v, checked: a Ref of a live object (its type is the module's to check). */
  const ref = (what: string, v: unknown): Ref => {
    if (!stampOk(v)) throw refusal(what, v);
    return v;
  };

  return { toRef, stampAt, stampOk, refusal, ref };
}

export type Refs = ReturnType<typeof createRefs>;
