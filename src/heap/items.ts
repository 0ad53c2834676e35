// Items: o[key], len(o), list.append and set.add. A weakref.proxy stands
// for its referent: where the proxy itself is refused, the operation is
// retried on the referent.

import type { ObjectExports } from "./exports.js";
import { ErrorCode } from "../constants.js";
import { T } from "./types.js";
import type { Refs } from "./refs.js";
import type { Heap, Ref } from "./api.js";

export interface ItemHost {
  ex(): ObjectExports;
  fail(what: string): Error;
  made(what: string, r: number): Ref;
  settle(what: string, code: number): void;
  /** A proxy's referent, or o itself (weakref.ts). */
  unproxy(what: string, o: Ref): Ref;
  refs: Refs;
}

export type Items = Pick<Heap, "append" | "getitem" | "setitem" | "delitem" | "len" | "setAdd">;

export function createItems(host: ItemHost): Items {
  const { ex, fail, made, settle, unproxy } = host;
  const { ref } = host.refs;
  /** Whether o is a weakref.proxy (for the operations that accept one). */
  const isProxy = (o: number): boolean => ex().pyobj_type(o) === T.PROXY;
  const isDict = (o: number): boolean => ex().pyobj_type(o) === T.DICT;

  /** A key: an index (a JS integer) for a sequence, a Ref for a dict;
   *  the module decides by o's type (api/subscript.ts). For a dict the
   *  Ref's stamp is checked here: a stale Ref, or an address given for a
   *  Ref, is refused. */
  const keyArg = (what: string, o: number, k: unknown): number => {
    if (typeof k !== "number") throw new TypeError(`${what}: key must be a Ref or an index, got ${typeof k}`);
    if (!Number.isInteger(k)) throw new TypeError(`${what}: indices must be integers, not ${k}`);
    if (k >= 0 && !host.refs.stampOk(k) && isDict(o)) throw host.refs.refusal(what, k);
    return k;
  };

  return {
    append(list, v) {
      const code = ex().pyobj_append(ref("append", list), ref("append", v));
      if (code !== 0) throw fail("append");
    },
    getitem(o, key) {
      key = keyArg("getitem", ref("getitem", o), key);
      let r = ex().pyobj_subscript(o, key);
      if (r === 0 && isProxy(o)) r = ex().pyobj_subscript(unproxy("getitem", o), key);
      return made("getitem", r);
    },
    setitem(o, key, v) {
      key = keyArg("setitem", ref("setitem", o), key);
      let code = ex().pyobj_ass_subscript(o, key, ref("setitem", v));
      if (code === ErrorCode.WRONG_TYPE && isProxy(o)) code = ex().pyobj_ass_subscript(unproxy("setitem", o), key, v);
      settle("setitem", code);
    },
    delitem(o, key) {
      key = keyArg("delitem", ref("delitem", o), key);
      let code = ex().pyobj_del_subscript(o, key);
      if (code === ErrorCode.WRONG_TYPE && isProxy(o)) code = ex().pyobj_del_subscript(unproxy("delitem", o), key);
      settle("delitem", code);
    },
    len(o) {
      let n = ex().pyobj_len(ref("len", o));
      if (n < 0 && isProxy(o)) n = ex().pyobj_len(unproxy("len", o));
      if (n < 0) throw fail("len");
      return n;
    },
    setAdd(set, v) {
      const code = ex().pyobj_set_add(ref("setAdd", set), ref("setAdd", v));
      if (code !== 0) throw fail("setAdd");
    },
  };
}
