// Attributes: getattr, setattr and delattr. The attributes that are
// fields (__class__, __dict__, __name__, __closure__, cell_contents) have
// exports of their own; the others are an instance's, looked up by the
// interned name. A weakref.proxy stands for its referent.

import type { ObjectExports } from "./exports.js";
import { ErrorCode } from "../constants.js";
import { T } from "./types.js";
import type { Heap, Ref } from "./api.js";

export interface AttributeHost {
  ex(): ObjectExports;
  fail(what: string): Error;
  made(what: string, r: number): Ref;
  settle(what: string, code: number): void;
  /** A proxy's referent, or o itself (weakref.ts). */
  unproxy(what: string, o: Ref): Ref;
  typeName(op: Ref): string;
  /** A Ref argument, checked, and the Ref of an address (refs.ts). */
  ref(what: string, v: unknown): Ref;
  toRef(addr: number): Ref;
  /** A new str (constructors.ts; mode 2: interned). */
  newStr(what: string, s: string, mode: number): Ref;
}

export type Attributes = Pick<Heap, "getattr" | "setattr" | "delattr">;

export function createAttributes(host: AttributeHost): Attributes {
  const { ex, fail, made, settle, unproxy, ref, toRef } = host;

  const internName = (what: string, name: string): number => {
    if (typeof name !== "string") throw new TypeError(`${what}: attribute name must be a string, got ${typeof name}`);
    return host.newStr(what, name, 2);
  };

  return {
    getattr(o, name) {
      o = unproxy("getattr", ref("getattr", o));
      const t = ex().pyobj_type(o);
      if (t < 0) throw fail("getattr");
      if (typeof name !== "string") throw new TypeError("getattr: attribute name must be a string");
      switch (name) {
        case "__class__":
          if (t === T.INSTANCE) {
            const cls = ex().pyobj_instance_class(o) >>> 0;
            ex().pyobj_incref(cls);
            return toRef(cls);
          }
          break;
        case "__dict__":
          if (t === T.INSTANCE) return made("getattr", ex().pyobj_instance_dict(o));
          break;
        case "__name__":
          if (t === T.TYPE || t === T.FUNCTION) return made("getattr", ex().pyobj_name(o));
          break;
        case "__closure__":
          if (t === T.FUNCTION) return made("getattr", ex().pyobj_func_closure(o));
          break;
        case "cell_contents":
          if (t === T.CELL) return made("getattr", ex().pyobj_cell_get(o));
          break;
      }
      const nameRef = internName("getattr", name);
      const r = ex().pyobj_getattr(o, nameRef);
      const err = r === 0 ? fail("getattr") : null;
      ex().pyobj_decref(nameRef);
      if (err) throw err;
      return toRef(r >>> 0);
    },
    setattr(o, name, v) {
      o = unproxy("setattr", ref("setattr", o));
      const t = ex().pyobj_type(o);
      if (t < 0) throw fail("setattr");
      ref("setattr", v);
      if (name === "cell_contents" && t === T.CELL) {
        settle("setattr", ex().pyobj_cell_set(o, v));
        return;
      }
      if (name === "__dict__" && t === T.INSTANCE) {
        if (ex().pyobj_type(v) !== T.DICT) {
          throw new TypeError(`setattr: __dict__ must be set to a dictionary, not a '${host.typeName(v)}'`);
        }
        settle("setattr", ex().pyobj_instance_set_dict(o, v));
        return;
      }
      const nameRef = internName("setattr", name);
      const code = ex().pyobj_setattr(o, nameRef, v);
      const err = code !== 0 && code !== ErrorCode.FINALIZE ? fail("setattr") : null;
      ex().pyobj_decref(nameRef);
      if (err) {
        if (code === ErrorCode.ATTRIBUTE) {
          err.message += " and no __dict__ for setting new attributes";
        }
        throw err;
      }
      settle("setattr", code);
    },
    delattr(o, name) {
      o = unproxy("delattr", ref("delattr", o));
      const t = ex().pyobj_type(o);
      if (t < 0) throw fail("delattr");
      if (name === "cell_contents" && t === T.CELL) {
        settle("delattr", ex().pyobj_cell_set(o, 0));
        return;
      }
      const nameRef = internName("delattr", name);
      const code = ex().pyobj_delattr(o, nameRef);
      const err = code !== 0 && code !== ErrorCode.FINALIZE ? fail("delattr") : null;
      ex().pyobj_decref(nameRef);
      if (err) throw err;
      settle("delattr", code);
    },
  };
}
