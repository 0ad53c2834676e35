// The object layer's Wasm exports (assembly/index.ts re-exports them all).
//
//   pyobj_*     the facade's entry points. Every Ref argument is validated
//               (validate.ts) before anything changes; a refusal returns
//               0 (or -1, or an error code) and records the reason.
//               Constructors and getters return new references.
//   Py_IncRef, Py_DecRef
//               CPython's unchecked C API functions.
//
// They live in api/, one file a concern, in this order:
//   errors.ts      pyobj_last_error*: the last refusal's reason
//   finalize.ts    the finalizer pause: pyobj_finalize_*, settle()
//   layout.ts      static objects' addresses, immortal refcount, gen0 head
//   refcount.ts    incref, decref, refcnt, type, check; Py_IncRef/Py_DecRef
//   scratch.ts     the buffer bulk arguments go through: pyobj_scratch
//   scalars.ts     int, float, str, bytes: constructors and readers
//   containers.ts  tuple, list, dict, set constructors
//   classes.ts     class, instance, cell, function constructors
//   sequences.ts   len, append, o[i]
//   mappings.ts    d[key], s.add
//   subscript.ts   o[key] with a number key: index or Ref
//   attributes.ts  getattr, setattr, delattr and the field attributes
//   describe.ts    type names and repr
//   operand.ts     what an operation acts on: a weakref.proxy's referent
//   children.ts    a container's children, tp_clear
//   stats.ts       live, free-list, interned and generation-0 counts
//   bench.ts       loops for the benchmarks
//   refs.ts        Refs with their stamps, checked whole: incref, decref,
//                  small tuples and lists, append in one call each
// Every exported name of a file re-exported with `export *` is a Wasm
// export; finalize.ts and scratch.ts also export helpers the other files
// share, so their Wasm exports are named here (refs.ts too).

export * from "./api/errors";
export {
  pyobj_finalize_depth, pyobj_finalizee, pyobj_finalize_done, pyobj_finalizers_skipped,
} from "./api/finalize";
export * from "./api/layout";
export * from "./api/refcount";
export { pyobj_scratch } from "./api/scratch";
export * from "./api/scalars";
export * from "./api/containers";
export * from "./api/classes";
export * from "./api/sequences";
export * from "./api/mappings";
export * from "./api/subscript";
export * from "./api/attributes";
export * from "./api/describe";
export * from "./api/children";
export * from "./api/stats";
export * from "./api/bench";
export {
  pyobj_incref_ref, pyobj_decref_ref, pyobj_tuple_pack_ref, pyobj_list_pack_ref, pyobj_append_ref, pyobj_int_ref,
} from "./api/refs";

// The static objects (None, small ints, ...) are built once, at module
// start, and every type fills its slots (types.ts); the api/ files have
// no start code of their own.
import "./types";
import { initStatics } from "./statics";

initStatics();
