// Classes created from JavaScript (their instances are in instance.ts).
//
//   type (class) object
//   op-8  [gc_next][gc_prev]
//   op+0  [ob_refcnt][T_TYPE]
//   op+8  name     u32  -> str
//   op+12 flags    u32  CLASS_* below
//   op+16 weaklist u32  -> first weakref (objects/weakref.ts)
//   op+20 keys     u32  -> the attribute names its instances share
//                          (sharedkeys.ts); 0 with CLASS_NO_INLINE_VALUES
//
// Class flags say whether instances need the host finalizer: the functions
// themselves (del, legacyDel) stay in JavaScript, keyed by the class's Ref.

import { T_TYPE, OB_HEAD } from "./layout";
import { newContainer, deleteContainer } from "./alloc";
import { gcUntrack } from "./gclist";
import { incref, decref, decrefLater } from "./refcount";
import { sharedKeysNew, sharedKeysRelease } from "./sharedkeys";
import { clearWeakrefs } from "./weakref";
import { strIsAscii, strNbytes, STR_DATA } from "./str";
import { Text, textAscii, textBytes } from "./text";
import { Visit, registerDealloc, registerTraverse, registerWeaklist, registerGetAttr, noAttribute, registerName, registerRepr } from "./slots";

export const CLASS_NAME: usize = OB_HEAD;
export const CLASS_FLAGS: usize = OB_HEAD + 4;
export const CLASS_WEAKLIST: usize = OB_HEAD + 8;
export const CLASS_KEYS: usize = OB_HEAD + 12;
const CLASS_OBJECT: usize = OB_HEAD + 16;
/** Instances have a finalizer (del, or legacyDel): call the host. */
export const CLASS_HAS_FINALIZER: u32 = 1;
/** The finalizer includes a legacy (Python 2 style) __del__: the cycle
 *  collector leaves cycles with one in gc.garbage. */
export const CLASS_HAS_LEGACY_DEL: u32 = 2;
/** Instances keep their attributes in a __dict__ object of their own, as
 *  in Python 2 and CPython <= 3.10 (no shared keys, no inline values). */
export const CLASS_NO_INLINE_VALUES: u32 = 4;

/** A new class named by str `name`; 0 if memory is short. */
export function classNew(name: usize, flags: u32): usize {
  let op = newContainer(T_TYPE, CLASS_OBJECT);
  if (!op) return 0;
  incref(name);
  store<u32>(op, <u32>name, CLASS_NAME);
  store<u32>(op, flags, CLASS_FLAGS);
  store<u32>(op, 0, CLASS_WEAKLIST);
  store<u32>(op, 0, CLASS_KEYS);
  if (!(flags & CLASS_NO_INLINE_VALUES)) {
    let keys = sharedKeysNew();
    if (!keys) {
      decref(op);
      return 0;
    }
    store<u32>(op, <u32>keys, CLASS_KEYS);
  }
  return op;
}

// @ts-ignore: decorator
@inline export function classFlags(cls: usize): u32 {
  return load<u32>(cls, CLASS_FLAGS);
}

// ------------------------------------------------------------ slots

function classDealloc(op: usize): void {
  if (load<u32>(op, CLASS_WEAKLIST)) clearWeakrefs(op, CLASS_WEAKLIST);
  gcUntrack(op);
  decrefLater(load<u32>(op, CLASS_NAME));
  let keys = <usize>load<u32>(op, CLASS_KEYS);
  if (keys) sharedKeysRelease(keys);
  deleteContainer(op, T_TYPE);
}

// A class keeps its name: it has no tp_clear (its name is a str, which
// cannot be in a cycle).
function classTraverse(op: usize, visit: Visit, arg: usize): void {
  visit(load<u32>(op, CLASS_NAME), arg);
}

// tp_getattro: a class's one attribute, its name.
function classGetAttro(op: usize, name: usize): usize {
  if (!strIsAscii(name, "__name__")) return noAttribute(op, name);
  let v = <usize>load<u32>(op, CLASS_NAME);
  incref(v);
  return v;
}

registerGetAttr(T_TYPE, classGetAttro);
// repr(cls): <class 'name'> (a class made here has no __module__).
function classRepr(op: usize, t: Text): void {
  let name = <usize>load<u32>(op, CLASS_NAME);
  textAscii(t, "<class '");
  textBytes(t, name + STR_DATA, strNbytes(name));
  textAscii(t, "'>");
}

registerName(T_TYPE, "type");
registerRepr(T_TYPE, classRepr);
registerDealloc(T_TYPE, classDealloc);
registerTraverse(T_TYPE, classTraverse);
registerWeaklist(T_TYPE, CLASS_WEAKLIST);
