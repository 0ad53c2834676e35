// Running finalizers when the module pauses for one (assembly/objects/
// refcount.ts): a class's del / legacyDel, or a weakref's callback. The
// module never calls out; an operation that released references returns
// E_FINALIZE, and settle() runs the paused levels before returning.

import type { ObjectExports } from "./exports.js";
import { ErrorCode } from "../constants.js";
import { T } from "./types.js";
import type { ClassOptions, Heap, Ref } from "./api.js";

export interface FinalizerHost {
  ex(): ObjectExports;
  /** The heap a finalizer is given. */
  heap(): Heap;
  /** Runs the callback of the weakref at address wr (weakref.ts). */
  runCallback(wr: number): void;
  /** The Ref of the object at an address (refs.ts). */
  toRef(addr: number): Ref;
  unraisable(err: unknown, obj: Ref): void;
  fail(what: string): Error;
}

export function createFinalizers(host: FinalizerHost) {
  const { ex } = host;
  /** The finalizers of the classes that have one, by class address. */
  const finalizers = new Map<number, ClassOptions>();
  /** The finalizer level the JavaScript stack is inside (0: none). */
  let level = 0;
  const runFinalizers = () => {
    const entry = level;
    while (ex().pyobj_finalize_depth() > entry) {
      const op = ex().pyobj_finalizee() >>> 0;
      const saved = level;
      level = ex().pyobj_finalize_depth();
      try {
        const t = ex().pyobj_type(op);
        if (t === T.WEAKREF || t === T.PROXY) {
          host.runCallback(op);
        } else {
          const cls = finalizers.get(ex().pyobj_instance_class(op) >>> 0);
          if (cls?.del) cls.del(host.toRef(op), host.heap());
          if (cls?.legacyDel) cls.legacyDel(host.toRef(op), host.heap());
        }
      } catch (err) {
        try {
          host.unraisable(err, host.toRef(op));
        } catch {
          // A failing hook must not stop the teardown either.
        }
      } finally {
        level = saved;
      }
      ex().pyobj_finalize_done();
    }
  };
  /** Checks the code of an operation that may release references. */
  const settle = (what: string, code: number): void => {
    if (code === ErrorCode.OK) return;
    if (code === ErrorCode.FINALIZE) {
      runFinalizers();
      return;
    }
    throw host.fail(what);
  };

  return { finalizers, runFinalizers, settle };
}
