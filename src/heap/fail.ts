// A refusal as the facade raises it: the error the module recorded
// (pyobj_last_error*), turned into Python's exception (errors.ts) with the
// objects it concerns named by type and repr.

import type { ObjectExports } from "./exports.js";
import { objectError, type Describe } from "./errors.js";
import { hex } from "../errors.js";
import type { Ref } from "./api.js";

export interface FailHost {
  ex(): ObjectExports;
  readStr(op: number): string;
  readCString(p: number): string;
  /** The Ref of the object at an address (refs.ts). */
  toRef(addr: number): Ref;
}

export function createFail(host: FailHost) {
  const { ex, readStr } = host;

  /** The text of a new str the module made (pyobj_repr, ...), which it
   *  then lets go; `otherwise` if the module refused. */
  const text = (s: number, otherwise: () => string): string => {
    if (s === 0) {
      ex().pyobj_clear_error();
      return otherwise();
    }
    const v = readStr(s);
    ex().pyobj_decref(s);
    return v;
  };
  // Names and reprs are the module's (assembly/objects/api/describe.ts).
  const describe: Describe & { typeIdName(t: number): string } = {
    typeName: (op) => text(ex().pyobj_type_name(op) >>> 0, () => "<not an object>"),
    repr: (op) => text(ex().pyobj_repr(op) >>> 0, () => `<object at ${hex(op)}>`),
    typeIdName: (t) => {
      const p = ex().pyobj_type_id_name(t) >>> 0;
      if (p === 0) ex().pyobj_clear_error();
      return p === 0 ? `<type ${t}>` : host.readCString(p);
    },
  };
  /** repr(op), or the module's refusal raised (RecursionError, MemoryError). */
  const repr = (what: string, op: number): string => {
    const s = ex().pyobj_repr(op) >>> 0;
    if (s === 0) throw fail(what);
    return text(s, () => "");
  };
  /** The error the module recorded for `what` (then cleared). */
  const fail = (what: string, attribute?: string): Error => {
    const info = {
      code: ex().pyobj_last_error(),
      address: ex().pyobj_last_error_address() >>> 0,
      detail: ex().pyobj_last_error_detail() >>> 0,
    };
    ex().pyobj_clear_error();
    return objectError(what, info, describe, attribute);
  };
  /** A new object's address from the module: its Ref, or the recorded error. */
  const made = (what: string, r: number): Ref => {
    if (r === 0) throw fail(what);
    return host.toRef(r >>> 0);
  };

  return { describe, fail, made, repr };
}
