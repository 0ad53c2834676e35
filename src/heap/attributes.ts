// Attributes: getattr, setattr and delattr, one call each. The module
// checks the Refs, interns the name and looks it up through the type's
// getattr/setattr slots (assembly/objects/api/attributes.ts, slots.ts),
// which know the attributes that are fields (__class__, __dict__,
// __name__, __closure__, cell_contents) and an instance's own, and lets a
// weakref.proxy stand for its referent; here the name is written to the
// scratch buffer and a refusal becomes an exception.

import type { ObjectExports } from "./exports.js";
import { ErrorCode, NAME_ONE_CHAR } from "../constants.js";
import type { Heap, Ref } from "./api.js";

export interface AttributeHost {
  ex(): ObjectExports;
  /** The recorded error, naming the attribute (fail.ts). */
  fail(what: string, attribute?: string): Error;
  settle(what: string, code: number): void;
  /** A Ref argument, checked (refs.ts). */
  ref(what: string, v: unknown): Ref;
  /** Writes s as UTF-8 to the scratch buffer: the bytes written (memory.ts). */
  strToScratch(what: string, s: string): number;
}

export type Attributes = Pick<Heap, "getattr" | "setattr" | "delattr">;

export function createAttributes(host: AttributeHost): Attributes {
  const { ex, fail, settle, ref } = host;

  /** The name's UTF-8 in the scratch buffer: its length in bytes; a
   *  one-character latin-1 name is passed itself (NAME_ONE_CHAR). */
  const nameArg = (what: string, name: unknown): number => {
    if (typeof name !== "string") throw new TypeError(`${what}: attribute name must be a string, got ${typeof name}`);
    if (name.length === 1) {
      const c = name.charCodeAt(0);
      if (c < 256) return NAME_ONE_CHAR + c;
    }
    return host.strToScratch(what, name);
  };

  /** Why the module refused: a Ref argument (refs.ts says which), else
   *  the error it recorded. */
  const refused = (what: string, name: string, refs: unknown[]): Error => {
    for (const r of refs) ref(what, r);
    return fail(what, name);
  };

  /** An assignment's (o.name = v) or, without v, a deletion's answer. */
  const assign = (what: string, o: unknown, name: string, ...v: unknown[]): void => {
    const n = nameArg(what, name);
    const set = v.length > 0;
    const code = typeof o !== "number" || (set && typeof v[0] !== "number") ? ErrorCode.NOT_OBJECT
      : set ? ex().pyobj_setattr_ref(o, n, v[0] as number) : ex().pyobj_delattr_ref(o, n);
    if (code !== 0 && code !== ErrorCode.FINALIZE) {
      const err = refused(what, name, [o, ...v]);
      if (set && code === ErrorCode.ATTRIBUTE) err.message += " and no __dict__ for setting new attributes";
      throw err;
    }
    settle(what, code);
  };

  return {
    getattr(o, name) {
      const n = nameArg("getattr", name);
      const r = typeof o === "number" ? ex().pyobj_getattr_ref(o, n) : 0;
      if (r === 0) throw refused("getattr", name, [o]);
      return r as Ref;
    },
    setattr(o, name, v) {
      assign("setattr", o, name, v);
    },
    delattr(o, name) {
      assign("delattr", o, name);
    },
  };
}
