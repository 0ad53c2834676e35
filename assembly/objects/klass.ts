// Classes created from JavaScript, and their instances.
//
//   type (class) object                 instance
//   op-8  [gc_next][gc_prev]            op-8  [gc_next][gc_prev|FINALIZED]
//   op+0  [ob_refcnt][T_TYPE]           op+0  [ob_refcnt][T_INSTANCE]
//   op+8  name   u32  -> str            op+8  class  u32 -> type object
//   op+12 flags  u32                    op+12 dict   u32 -> dict, 0 until
//   op+16 weaklist u32                                   the first attribute
//                                       op+16 weaklist u32 -> first weakref
//                                                        (objects/weakref.ts)
//
// Class flags say whether instances need the host finalizer: the functions
// themselves (del, legacyDel) stay in JavaScript, keyed by the class's Ref.
// An instance holds a reference to its class, as CPython heap types are
// referenced by their instances.

import { T_TYPE, T_INSTANCE, OB_HEAD } from "./layout";
import { newContainer } from "./alloc";
import { incref } from "./refcount";
import { dictNew } from "./dict";

export const CLASS_NAME: usize = OB_HEAD;
export const CLASS_FLAGS: usize = OB_HEAD + 4;
export const CLASS_WEAKLIST: usize = OB_HEAD + 8;
const CLASS_OBJECT: usize = OB_HEAD + 12;
/** Instances have a finalizer (del, or legacyDel): call the host. */
export const CLASS_HAS_FINALIZER: u32 = 1;
/** The finalizer includes a legacy (Python 2 style) __del__. The cycle
 *  collector (its own issue) leaves cycles with one in gc.garbage. */
export const CLASS_HAS_LEGACY_DEL: u32 = 2;

export const INSTANCE_CLASS: usize = OB_HEAD;
export const INSTANCE_DICT: usize = OB_HEAD + 4;
export const INSTANCE_WEAKLIST: usize = OB_HEAD + 8;
const INSTANCE_OBJECT: usize = OB_HEAD + 12;

/** A new class named by str `name`. */
export function classNew(name: usize, flags: u32): usize {
  let op = newContainer(T_TYPE, CLASS_OBJECT);
  if (!op) return 0;
  incref(name);
  store<u32>(op, <u32>name, CLASS_NAME);
  store<u32>(op, flags, CLASS_FLAGS);
  store<u32>(op, 0, CLASS_WEAKLIST);
  return op;
}

/** A new instance of class cls, without attributes. */
export function instanceNew(cls: usize): usize {
  let op = newContainer(T_INSTANCE, INSTANCE_OBJECT);
  if (!op) return 0;
  incref(cls);
  store<u32>(op, <u32>cls, INSTANCE_CLASS);
  store<u32>(op, 0, INSTANCE_DICT);
  store<u32>(op, 0, INSTANCE_WEAKLIST);
  return op;
}

// @ts-ignore: decorator
@inline export function instanceClass(op: usize): usize {
  return load<u32>(op, INSTANCE_CLASS);
}

/** The instance's __dict__ (borrowed), made on first use; 0 if memory is
 *  short. */
export function instanceDict(op: usize): usize {
  let d = <usize>load<u32>(op, INSTANCE_DICT);
  if (!d) {
    d = dictNew();
    if (d) store<u32>(op, <u32>d, INSTANCE_DICT);
  }
  return d;
}
