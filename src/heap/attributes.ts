// Attributes: getattr, setattr and delattr. The module looks the name up
// through the type's getattr/setattr slots (assembly/objects/slots.ts),
// which know the attributes that are fields (__class__, __dict__,
// __name__, __closure__, cell_contents) and an instance's own, and lets a
// weakref.proxy stand for its referent; here the name becomes an interned
// str and a refusal an exception.

import type { ObjectExports } from "./exports.js";
import { ErrorCode } from "../constants.js";
import type { Heap, Ref } from "./api.js";

export interface AttributeHost {
  ex(): ObjectExports;
  fail(what: string): Error;
  settle(what: string, code: number): void;
  /** A Ref argument, checked, and the Ref of an address (refs.ts). */
  ref(what: string, v: unknown): Ref;
  toRef(addr: number): Ref;
  /** A new str (constructors.ts; mode 2: interned). */
  newStr(what: string, s: string, mode: number): Ref;
}

export type Attributes = Pick<Heap, "getattr" | "setattr" | "delattr">;

export function createAttributes(host: AttributeHost): Attributes {
  const { ex, fail, settle, ref, toRef } = host;

  const internName = (what: string, name: string): number => {
    if (typeof name !== "string") throw new TypeError(`${what}: attribute name must be a string, got ${typeof name}`);
    return host.newStr(what, name, 2);
  };

  /** The module's answer to an assignment or deletion: the error read
   *  while the name is still alive (the message names it). */
  const assign = (what: string, o: Ref, name: string, v: Ref | null): void => {
    const nameRef = internName(what, name);
    const code = v !== null ? ex().pyobj_setattr(o, nameRef, v) : ex().pyobj_delattr(o, nameRef);
    const err = code !== 0 && code !== ErrorCode.FINALIZE ? fail(what) : null;
    ex().pyobj_decref(nameRef);
    if (err) {
      if (v !== null && code === ErrorCode.ATTRIBUTE) err.message += " and no __dict__ for setting new attributes";
      throw err;
    }
    settle(what, code);
  };

  return {
    getattr(o, name) {
      ref("getattr", o);
      const nameRef = internName("getattr", name);
      const r = ex().pyobj_getattr(o, nameRef);
      const err = r === 0 ? fail("getattr") : null;
      ex().pyobj_decref(nameRef);
      if (err) throw err;
      return toRef(r >>> 0);
    },
    setattr(o, name, v) {
      assign("setattr", ref("setattr", o), name, ref("setattr", v));
    },
    delattr(o, name) {
      assign("delattr", ref("delattr", o), name, null);
    },
  };
}
