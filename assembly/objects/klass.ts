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
//   op+24 module   u32  -> str, __module__; 0: none (as 'builtins': the
//                          reprs name the class alone)
//
// Class flags say whether instances need the host finalizer: the functions
// themselves (del, legacyDel) stay in JavaScript, keyed by the class's Ref.

import { T_TYPE, OB_HEAD } from "./layout";
import { newContainer, deleteContainer } from "./alloc";
import { gcUntrack } from "./gclist";
import { incref, decref, decrefLater } from "./refcount";
import { sharedKeysNew, sharedKeysRelease } from "./sharedkeys";
import { clearWeakrefs } from "./weakref";
import { strIsAscii, strNbytes, strFromAscii, STR_DATA } from "./str";
import { Text, textAscii, textByte, textBytes } from "./text";
import { Visit, registerDealloc, registerTraverse, registerWeaklist, registerGetAttr, noAttribute, registerName, registerRepr } from "./slots";

export const CLASS_NAME: usize = OB_HEAD;
export const CLASS_FLAGS: usize = OB_HEAD + 4;
export const CLASS_WEAKLIST: usize = OB_HEAD + 8;
export const CLASS_KEYS: usize = OB_HEAD + 12;
const CLASS_MODULE: usize = OB_HEAD + 16;
const CLASS_OBJECT: usize = OB_HEAD + 20;
/** Instances have a finalizer (del, or legacyDel): call the host. */
export const CLASS_HAS_FINALIZER: u32 = 1;
/** The finalizer includes a legacy (Python 2 style) __del__: the cycle
 *  collector leaves cycles with one in gc.garbage. */
export const CLASS_HAS_LEGACY_DEL: u32 = 2;
/** Instances keep their attributes in a __dict__ object of their own, as
 *  in Python 2 and CPython <= 3.10 (no shared keys, no inline values). */
export const CLASS_NO_INLINE_VALUES: u32 = 4;

/** A new class named by str `name`, of str `module` (0: none); 0 if
 *  memory is short. */
export function classNew(name: usize, module: usize, flags: u32): usize {
  let op = newContainer(T_TYPE, CLASS_OBJECT);
  if (!op) return 0;
  incref(name);
  if (module) incref(module);
  store<u32>(op, <u32>name, CLASS_NAME);
  store<u32>(op, <u32>module, CLASS_MODULE);
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
  let module = <usize>load<u32>(op, CLASS_MODULE);
  if (module) decrefLater(module);
  let keys = <usize>load<u32>(op, CLASS_KEYS);
  if (keys) sharedKeysRelease(keys);
  deleteContainer(op, T_TYPE);
}

// A class keeps its name and module: it has no tp_clear (they are strs,
// which cannot be in a cycle).
function classTraverse(op: usize, visit: Visit, arg: usize): void {
  visit(load<u32>(op, CLASS_NAME), arg);
  let module = <usize>load<u32>(op, CLASS_MODULE);
  if (module) visit(module, arg);
}

// tp_getattro: a class's __name__ and __qualname__ (one: classes are not
// nested here) and __module__ ('builtins' when it has none).
function classGetAttro(op: usize, name: usize): usize {
  let v: usize = 0;
  if (strIsAscii(name, "__name__") || strIsAscii(name, "__qualname__")) v = load<u32>(op, CLASS_NAME);
  else if (strIsAscii(name, "__module__")) {
    v = load<u32>(op, CLASS_MODULE);
    if (!v) return strFromAscii("builtins");
  } else return noAttribute(op, name);
  incref(v);
  return v;
}

registerGetAttr(T_TYPE, classGetAttro);

/** The class's name as CPython's type_repr and object_repr write it:
 *  module.qualname, or the name alone for 'builtins' (no module). */
export function textClassName(t: Text, cls: usize): void {
  let module = <usize>load<u32>(cls, CLASS_MODULE);
  if (module && !strIsAscii(module, "builtins")) {
    textBytes(t, module + STR_DATA, strNbytes(module));
    textByte(t, 0x2e);
  }
  let name = <usize>load<u32>(cls, CLASS_NAME);
  textBytes(t, name + STR_DATA, strNbytes(name));
}

// repr(cls): <class '__main__.C'>.
function classRepr(op: usize, t: Text): void {
  textAscii(t, "<class '");
  textClassName(t, op);
  textAscii(t, "'>");
}

registerName(T_TYPE, "type");
registerRepr(T_TYPE, classRepr);
registerDealloc(T_TYPE, classDealloc);
registerTraverse(T_TYPE, classTraverse);
registerWeaklist(T_TYPE, CLASS_WEAKLIST);
