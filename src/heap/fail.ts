// A refusal as the facade raises it: the error the module recorded
// (pyobj_last_error*), turned into Python's exception (errors.ts) with the
// objects it concerns named by type and repr.

import type { ObjectExports } from "./exports.js";
import { objectError, type Describe } from "./errors.js";
import { T, TYPE_NAMES } from "./types.js";
import { hex } from "../errors.js";
import type { Ref } from "./api.js";

export interface FailHost {
  ex(): ObjectExports;
  readStr(op: number): string;
  /** The JavaScript value of a scalar object (memory.ts). */
  toJSValue(op: number): unknown;
  /** The Ref of the object at an address (refs.ts). */
  toRef(addr: number): Ref;
}

export function createFail(host: FailHost) {
  const { ex, readStr } = host;

  const className = (cls: number): string => {
    const name = ex().pyobj_name(cls) >>> 0;
    const s = readStr(name);
    ex().pyobj_decref(name);
    return s;
  };
  const describe: Describe = {
    typeName(op) {
      const t = ex().pyobj_type(op);
      if (t < 0) return "<not an object>";
      if (t === T.INSTANCE) return className(ex().pyobj_instance_class(op) >>> 0);
      return TYPE_NAMES[t];
    },
    repr(op) {
      const t = ex().pyobj_type(op);
      if (t === T.STR) return `'${readStr(op)}'`;
      if (t === T.INT || t === T.UINT || t === T.FLOAT || t === T.BOOL || t === T.NONE) {
        const v = host.toJSValue(op);
        return t === T.BOOL ? (v ? "True" : "False") : t === T.NONE ? "None" : String(v);
      }
      return `<${describe.typeName(op)} object at ${hex(op)}>`;
    },
  };
  /** The error the module recorded for `what` (then cleared). */
  const fail = (what: string): Error => {
    const info = {
      code: ex().pyobj_last_error(),
      address: ex().pyobj_last_error_address() >>> 0,
      detail: ex().pyobj_last_error_detail() >>> 0,
    };
    ex().pyobj_clear_error();
    return objectError(what, info, describe);
  };
  /** A new object's address from the module: its Ref, or the recorded error. */
  const made = (what: string, r: number): Ref => {
    if (r === 0) throw fail(what);
    return host.toRef(r >>> 0);
  };

  return { describe, fail, made };
}
