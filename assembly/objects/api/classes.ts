// Classes, instances, cells and functions: their constructors, and an
// instance's class.

import { T_TUPLE, T_TYPE, T_INSTANCE, T_CELL, T_STR, typeId } from "../layout";
import { E_WRONG_TYPE, objFail } from "../errors";
import { checkObject, checkType } from "../validate";
import { tupleSize, tupleItem } from "../tuple";
import { classNew, CLASS_HAS_FINALIZER, CLASS_HAS_LEGACY_DEL, CLASS_NO_INLINE_VALUES } from "../klass";
import { instanceNew, instanceClass } from "../instance";
import { cellNew, funcNew } from "../func";

/** pyobj_class_new's flags: the class has a del finalizer. */
export const NEW_CLASS_DEL: u32 = 1;
/** The class has a legacyDel (Python 2 style __del__). */
export const NEW_CLASS_LEGACY_DEL: u32 = 2;
/** Its instances keep their attributes in a __dict__ of their own. */
export const NEW_CLASS_OWN_DICT: u32 = 4;

/** A class named by str `name`, of str `module` (its __module__: the
 *  facade gives '__main__' unless told otherwise; 0: none, the reprs name
 *  the class alone as for 'builtins'); flags: NEW_CLASS_DEL,
 *  NEW_CLASS_LEGACY_DEL, NEW_CLASS_OWN_DICT (Python 2, CPython <= 3.10)
 *  instead of inline attributes. */
export function pyobj_class_new(name: usize, module: usize, flags: u32): usize {
  if (!checkType(name, T_STR) || (module && !checkType(module, T_STR))) return 0;
  let f: u32 = 0;
  if (flags & (NEW_CLASS_DEL | NEW_CLASS_LEGACY_DEL)) f |= CLASS_HAS_FINALIZER;
  if (flags & NEW_CLASS_LEGACY_DEL) f |= CLASS_HAS_LEGACY_DEL;
  if (flags & NEW_CLASS_OWN_DICT) f |= CLASS_NO_INLINE_VALUES;
  return classNew(name, module, f);
}
export function pyobj_instance_new(cls: usize): usize {
  if (!checkType(cls, T_TYPE)) return 0;
  return instanceNew(cls);
}
/** An instance's class (borrowed); 0 if op is not an instance. */
export function pyobj_instance_class(op: usize): usize {
  return checkType(op, T_INSTANCE) ? instanceClass(op) : 0;
}
/** A cell holding v (0 or the Ref); empty if v is 0. */
export function pyobj_cell_new(v: usize): usize {
  if (v && !checkObject(v)) return 0;
  return cellNew(v);
}
/** A function named by str `name` with closure tuple `closure` (0: None).
 *  The closure must be a tuple of cells. */
export function pyobj_func_new(name: usize, closure: usize): usize {
  if (!checkType(name, T_STR)) return 0;
  if (closure) {
    if (!checkType(closure, T_TUPLE)) return 0;
    let n = tupleSize(closure);
    for (let i: u32 = 0; i < n; i++) {
      let c = tupleItem(closure, i);
      if (typeId(c) != T_CELL) return objFail(E_WRONG_TYPE, c, T_CELL);
    }
    if (n == 0) closure = 0;
  }
  return funcNew(name, closure);
}
