// Items: o[key], len(o), list.append and set.add. The module lets a
// weakref.proxy stand for its referent in o[key] and len(o)
// (assembly/objects/api/operand.ts); here arguments are checked and
// refusals raised.

import type { ObjectExports } from "./exports.js";
import { ErrorCode } from "../constants.js";
import type { Refs } from "./refs.js";
import type { Heap, Ref } from "./api.js";

export interface ItemHost {
  ex(): ObjectExports;
  fail(what: string): Error;
  made(what: string, r: number): Ref;
  settle(what: string, code: number): void;
  refs: Refs;
}

export type Items = Pick<Heap, "append" | "getitem" | "setitem" | "delitem" | "len" | "setAdd">;

export function createItems(host: ItemHost): Items {
  const { ex, fail, made, settle } = host;
  const { ref } = host.refs;

  /** A key: an index (a JS integer) for a sequence, a Ref for a dict; the
   *  module decides by o's type and checks a Ref's stamp
   *  (api/subscript.ts). */
  const keyArg = (what: string, k: unknown): number => {
    if (typeof k !== "number") throw new TypeError(`${what}: key must be a Ref or an index, got ${typeof k}`);
    if (!Number.isInteger(k)) throw new TypeError(`${what}: indices must be integers, not ${k}`);
    return k;
  };
  /** The module's refusal; a dict key whose stamp was wrong gets the
   *  error a refused Ref argument gets (refs.ts). */
  const refused = (what: string, key: number): Error => {
    if (key >= 0 && ex().pyobj_last_error() === ErrorCode.FREED && ex().pyobj_last_error_address() >>> 0 === key >>> 0
      && !host.refs.stampOk(key)) {
      ex().pyobj_clear_error();
      return host.refs.refusal(what, key);
    }
    return fail(what);
  };

  return {
    append(list, v) {
      // one call that checks both Refs (assembly/objects/api/refs.ts)
      if (typeof list === "number" && typeof v === "number" && ex().pyobj_append_ref(list, v) === 0) return;
      ref("append", list); // refused, and nothing changed: say why
      ref("append", v);
      throw fail("append");
    },
    getitem(o, key) {
      const r = ex().pyobj_subscript(ref("getitem", o), keyArg("getitem", key));
      if (r === 0) throw refused("getitem", key);
      return made("getitem", r);
    },
    setitem(o, key, v) {
      // one call that checks both Refs (assembly/objects/api/subscript.ts)
      const code = typeof o === "number" && Number.isInteger(key) && typeof v === "number"
        ? ex().pyobj_ass_subscript_ref(o, key as number, v)
        : ErrorCode.NOT_OBJECT;
      if (code !== 0 && code !== ErrorCode.FINALIZE) {
        // refused, and nothing changed: say why, checking in order
        ref("setitem", o);
        keyArg("setitem", key);
        ref("setitem", v);
        throw refused("setitem", key);
      }
      settle("setitem", code);
    },
    delitem(o, key) {
      const code = ex().pyobj_del_subscript(ref("delitem", o), keyArg("delitem", key));
      if (code !== 0 && code !== ErrorCode.FINALIZE) throw refused("delitem", key);
      settle("delitem", code);
    },
    len(o) {
      const n = ex().pyobj_len(ref("len", o));
      if (n < 0) throw fail("len");
      return n;
    },
    setAdd(set, v) {
      const code = ex().pyobj_set_add(ref("setAdd", set), ref("setAdd", v));
      if (code !== 0) throw fail("setAdd");
    },
  };
}
