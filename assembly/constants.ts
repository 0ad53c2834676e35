// The constants JavaScript and C share with the module, exported as Wasm
// globals under the names C gives them. They are defined where the code
// that uses them lives; this file only names them for the outside.
// scripts/constants.mjs reads these globals from build/release.wasm and
// writes src/constants.ts and the generated block of include/pyheap.h;
// test/constants.test.ts fails if either differs from the module.
//
//   PYHEAP_OK, PYHEAP_ERR_*   every error code, one table without overlaps:
//                             0-15 the allocator's, 16-99 the object
//                             layer's, 100+ the pauses a call returns
//   PYHEAP_UNHASHABLE_GONE    PYHEAP_ERR_UNHASHABLE's detail for a dead
//                             weakref (objects/weakref.ts)
//   PYHEAP_T_*                type ids (objects/layout.ts)
//   PYHEAP_GC_DEBUG_*         gc.set_debug() flags (gc/state.ts)
//   PYHEAP_GC_THRESHOLD*      the collector's default thresholds (config.ts)
//   PYHEAP_SMALL_INT_*, PYHEAP_STATIC_SLOT
//                             the cached ints' range and the spacing of the
//                             static objects (objects/statics.ts), from
//                             which the facade computes their Refs
//   PYHEAP_NAME_ONE_CHAR      the bit of pyobj_getattr_ref's n that
//                             passes a one-character name itself
//                             (objects/api/attributes.ts)
//   PYHEAP_NEW_CLASS_*        pyobj_class_new's flags (objects/api/classes.ts)
//   PYHEAP_STATS_WORDS        the words of pyheap_stats()'s record before
//                             its size classes (stats.ts)
//   PYHEAP_OB_TYPE, PYHEAP_STAMP_SHIFT, PYHEAP_STAMP_UNIT, PYHEAP_REF_LIMIT
//                             where the type word sits in an object's
//                             header, where its stamp starts in it, what
//                             a stamp counts for in a Ref and the bound
//                             of every Ref (objects/layout.ts), from
//                             which the facade checks a Ref with one load

export {
  OK as PYHEAP_OK,
  ERR_NOT_OURS as PYHEAP_ERR_NOT_OURS,
  ERR_DOUBLE_FREE as PYHEAP_ERR_DOUBLE_FREE,
  ERR_OUT_OF_MEMORY as PYHEAP_ERR_OUT_OF_MEMORY,
  ERR_SIZE_OVERFLOW as PYHEAP_ERR_SIZE_OVERFLOW,
  ERR_BAD_ALIGNMENT as PYHEAP_ERR_BAD_ALIGNMENT,
  ERR_WRONG_API as PYHEAP_ERR_WRONG_API,
  ERR_OVERRUN as PYHEAP_ERR_OVERRUN,
  ERR_UNDERRUN as PYHEAP_ERR_UNDERRUN,
  ERR_USE_AFTER_FREE as PYHEAP_ERR_USE_AFTER_FREE,
  ERR_CORRUPT as PYHEAP_ERR_CORRUPT,
  ERR_BAD_REGION as PYHEAP_ERR_BAD_REGION,
} from "./errors";
export {
  E_NOT_OBJECT as PYHEAP_ERR_NOT_OBJECT,
  E_FREED as PYHEAP_ERR_FREED,
  E_WRONG_TYPE as PYHEAP_ERR_WRONG_TYPE,
  E_INDEX as PYHEAP_ERR_INDEX,
  E_KEY as PYHEAP_ERR_KEY,
  E_UNHASHABLE as PYHEAP_ERR_UNHASHABLE,
  E_ATTRIBUTE as PYHEAP_ERR_ATTRIBUTE,
  E_EMPTY_CELL as PYHEAP_ERR_EMPTY_CELL,
  E_BELOW_ZERO as PYHEAP_ERR_BELOW_ZERO,
  E_RANGE as PYHEAP_ERR_RANGE,
  E_REFERENCE as PYHEAP_ERR_REFERENCE,
  E_RECURSION as PYHEAP_ERR_RECURSION,
  E_FINALIZE as PYHEAP_ERR_FINALIZE,
} from "./objects/errors";
export { GONE as PYHEAP_UNHASHABLE_GONE } from "./objects/weakref";
export {
  E_REPORT_COLLECTABLE as PYHEAP_ERR_REPORT_COLLECTABLE,
  E_REPORT_UNCOLLECTABLE as PYHEAP_ERR_REPORT_UNCOLLECTABLE,
} from "./gc/collect";
export {
  T_DEAD as PYHEAP_T_DEAD,
  T_NONE as PYHEAP_T_NONE,
  T_BOOL as PYHEAP_T_BOOL,
  T_INT as PYHEAP_T_INT,
  T_UINT as PYHEAP_T_UINT,
  T_FLOAT as PYHEAP_T_FLOAT,
  T_STR as PYHEAP_T_STR,
  T_BYTES as PYHEAP_T_BYTES,
  T_TUPLE as PYHEAP_T_TUPLE,
  T_LIST as PYHEAP_T_LIST,
  T_DICT as PYHEAP_T_DICT,
  T_SET as PYHEAP_T_SET,
  T_TYPE as PYHEAP_T_TYPE,
  T_INSTANCE as PYHEAP_T_INSTANCE,
  T_CELL as PYHEAP_T_CELL,
  T_FUNCTION as PYHEAP_T_FUNCTION,
  T_WEAKREF as PYHEAP_T_WEAKREF,
  T_PROXY as PYHEAP_T_PROXY,
  N_TYPES as PYHEAP_N_TYPES,
} from "./objects/layout";
export {
  DEBUG_STATS as PYHEAP_GC_DEBUG_STATS,
  DEBUG_COLLECTABLE as PYHEAP_GC_DEBUG_COLLECTABLE,
  DEBUG_UNCOLLECTABLE as PYHEAP_GC_DEBUG_UNCOLLECTABLE,
  DEBUG_SAVEALL as PYHEAP_GC_DEBUG_SAVEALL,
  DEBUG_LEAK as PYHEAP_GC_DEBUG_LEAK,
} from "./gc/state";
export {
  GC_THRESHOLD0 as PYHEAP_GC_THRESHOLD0,
  GC_THRESHOLD1 as PYHEAP_GC_THRESHOLD1,
  GC_THRESHOLD2 as PYHEAP_GC_THRESHOLD2,
} from "./config";
export {
  SMALL_INT_MIN as PYHEAP_SMALL_INT_MIN,
  SMALL_INT_MAX as PYHEAP_SMALL_INT_MAX,
  STATIC_SLOT as PYHEAP_STATIC_SLOT,
} from "./objects/statics";
export { STATS_WORDS as PYHEAP_STATS_WORDS } from "./stats";
export { NAME_ONE_CHAR as PYHEAP_NAME_ONE_CHAR } from "./objects/api/attributes";
export {
  NEW_CLASS_DEL as PYHEAP_NEW_CLASS_DEL,
  NEW_CLASS_LEGACY_DEL as PYHEAP_NEW_CLASS_LEGACY_DEL,
  NEW_CLASS_OWN_DICT as PYHEAP_NEW_CLASS_OWN_DICT,
} from "./objects/api/classes";
export {
  OB_TYPE as PYHEAP_OB_TYPE,
  STAMP_SHIFT as PYHEAP_STAMP_SHIFT,
  STAMP_UNIT as PYHEAP_STAMP_UNIT,
  REF_LIMIT as PYHEAP_REF_LIMIT,
} from "./objects/layout";
