// The finalizer pause (dealloc.ts): the host's side of it, and settle(),
// the result code of every export that may have released references.
// settle() is shared by the other api/ files, so the hub re-exports this
// file's pyobj_* functions by name.

import { E_OK, E_FINALIZE } from "../errors";
import { finalizeDepth, finalizee, finalizeDone, finalizersSkipped, tookPause } from "../dealloc";

// The result of an operation that may have released references: E_FINALIZE
// if the deallocation loop paused for a finalizer (dealloc.ts).
// @ts-ignore: decorator
@inline export function settle(code: i32): i32 {
  return tookPause() && code == E_OK ? E_FINALIZE : code;
}

/** Open finalizer levels; while above the host's own level, the host runs
 *  the finalizer of pyobj_finalizee() then calls pyobj_finalize_done(). */
export function pyobj_finalize_depth(): u32 {
  return finalizeDepth();
}
export function pyobj_finalizee(): usize {
  return finalizee();
}
export function pyobj_finalize_done(): void {
  finalizeDone();
  tookPause();
}
export function pyobj_finalizers_skipped(): u32 {
  return finalizersSkipped();
}
