// Instances of classes created from JavaScript, with CPython 3.11+'s
// inline values: an instance keeps its attribute values in its own block,
// at the index each name has in the class's shared keys (sharedkeys.ts),
// and needs no __dict__ object until someone asks for one.
//
//   instance
//   op-8  [gc_next][gc_prev|FINALIZED]
//   op+0  [ob_refcnt][T_INSTANCE]
//   op+8  class    u32  -> type object (klass.ts)
//   op+12 dict     u32  -> __dict__; 0 while the attributes are inline
//   op+16 weaklist u32  -> first weakref (weakref.ts)
//   op+20 capacity u8 | count u8 | 0 u16
//   op+24 values   u32[capacity]  by shared-key index; 0 = no attribute
//         order    u8[capacity]   the indices set, in insertion order
//                                 (count of them), padded to 4 bytes
//
// Where the attributes are, three ways:
//   inline    dict == 0: in values[].
//   embedded  the dict's owner (dict.ts DICT_OWNER) is this instance:
//             __dict__ was asked for, and the attributes moved into it.
//             CPython 3.13 leaves them inline and lets the dict point at
//             them, so its collector sees the values through the instance
//             and nothing through the dict: the dict is never found
//             unreachable (gc.collect() does not count it) and is freed
//             by refcount when the instance is cleared. traverse() below
//             and dict.ts reproduce exactly those visits.
//   own dict  any other dict: the class ran out of shared names, a key
//             that is not a str went in, __dict__ was assigned, or the
//             class has CLASS_NO_INLINE_VALUES (Python 2 / CPython 3.10).
//             The instance visits its dict like any other reference.

import { T_INSTANCE, T_DICT, OB_HEAD, GC_FINALIZED, typeId } from "./layout";
import { E_OK, E_WRONG_TYPE, E_ATTRIBUTE, objFail, objLastError } from "./errors";
import { newContainer, deleteContainer } from "./alloc";
import { gcUntrack, gcFlags } from "./gclist";
import { incref, decref, decrefLater, beginRelease, endRelease } from "./refcount";
import { CLASS_NAME, CLASS_KEYS, CLASS_FLAGS, CLASS_HAS_FINALIZER, textClassName } from "./klass";
import { Text, textAscii } from "./text";
import { textAddress } from "./repr";
import { clearWeakrefs } from "./weakref";
import {
  Visit, registerDealloc, registerTraverse, registerClear, registerFinalizer, registerWeaklist, registerGetAttr,
  registerSetAttr, noAttribute, registerName, registerOwnName, registerRepr,
} from "./slots";
import { sharedKeysCapacityForNew, sharedKeysFind, sharedKeysInsert, sharedKey } from "./sharedkeys";
import { dictNew, dictSetItem, dictGetItem, dictDelItem, dictOwner, dictSetOwner, dictDisown, dictTraverse } from "./dict";
import { strHash, strIsAscii } from "./str";

export const INSTANCE_CLASS: usize = OB_HEAD;
export const INSTANCE_DICT: usize = OB_HEAD + 4;
export const INSTANCE_WEAKLIST: usize = OB_HEAD + 8;
const INSTANCE_CAPACITY: usize = OB_HEAD + 12; // u8
const INSTANCE_COUNT: usize = OB_HEAD + 13; // u8
const INSTANCE_VALUES: usize = OB_HEAD + 16;

// @ts-ignore: decorator
@inline export function instanceClass(op: usize): usize {
  return load<u32>(op, INSTANCE_CLASS);
}
// @ts-ignore: decorator
@inline function capacity(op: usize): u32 {
  return load<u8>(op, INSTANCE_CAPACITY);
}
// @ts-ignore: decorator
@inline function count(op: usize): u32 {
  return load<u8>(op, INSTANCE_COUNT);
}
// @ts-ignore: decorator
@inline function valueSlot(op: usize, ix: u32): usize {
  return op + INSTANCE_VALUES + (<usize>ix << 2);
}
// @ts-ignore: decorator
@inline function orderBytes(op: usize): usize {
  return op + INSTANCE_VALUES + (<usize>capacity(op) << 2);
}
// @ts-ignore: decorator
@inline function sharedKeysOf(op: usize): usize {
  return load<u32>(instanceClass(op), CLASS_KEYS);
}

/** A new instance of class cls, without attributes; 0 if memory is short. */
export function instanceNew(cls: usize): usize {
  let keys = <usize>load<u32>(cls, CLASS_KEYS);
  let cap: u32 = keys ? sharedKeysCapacityForNew(keys) : 0;
  let op = newContainer(T_INSTANCE, INSTANCE_VALUES + (<usize>cap << 2) + ((<usize>cap + 3) & ~3));
  if (!op) return 0;
  incref(cls);
  store<u32>(op, <u32>cls, INSTANCE_CLASS);
  store<u32>(op, 0, INSTANCE_DICT);
  store<u32>(op, 0, INSTANCE_WEAKLIST);
  store<u32>(op, cap, INSTANCE_CAPACITY); // count 0 in the next byte
  memory.fill(op + INSTANCE_VALUES, 0, <usize>cap << 2);
  return op;
}

// --------------------------------------------------------- attributes

/** o.name (name a str): borrowed, or 0 if there is no such attribute. */
export function instanceGetAttr(op: usize, name: usize): usize {
  let d = <usize>load<u32>(op, INSTANCE_DICT);
  if (d) return dictGetItem(d, name, strHash(name));
  if (!count(op)) return 0;
  let ix = sharedKeysFind(sharedKeysOf(op), name);
  return ix < 0 || <u32>ix >= capacity(op) ? 0 : <usize>load<u32>(valueSlot(op, <u32>ix));
}

/** o.name = v (name a str). False if memory is short (o unchanged). */
export function instanceSetAttr(op: usize, name: usize, v: usize): bool {
  let d = <usize>load<u32>(op, INSTANCE_DICT);
  if (d) return dictSetItem(d, name, strHash(name), v);
  let cap = capacity(op);
  let ix = cap ? sharedKeysInsert(sharedKeysOf(op), name) : -1;
  if (ix < 0 || <u32>ix >= cap) {
    // No inline slot for this name: the attributes move to a dict of
    // their own (CPython: the split dict is resized into a combined one).
    d = moveToDict(op, false);
    return d != 0 && dictSetItem(d, name, strHash(name), v);
  }
  let slot = valueSlot(op, <u32>ix);
  let old = <usize>load<u32>(slot);
  incref(v);
  store<u32>(slot, <u32>v);
  if (old) {
    decref(old);
  } else {
    let n = count(op);
    store<u8>(orderBytes(op) + n, <u8>ix);
    store<u8>(op, <u8>(n + 1), INSTANCE_COUNT);
  }
  return true;
}

/** del o.name (name a str). False if there is no such attribute. */
export function instanceDelAttr(op: usize, name: usize): bool {
  let d = <usize>load<u32>(op, INSTANCE_DICT);
  if (d) return dictDelItem(d, name, strHash(name));
  if (!count(op)) return false;
  let ix = sharedKeysFind(sharedKeysOf(op), name);
  if (ix < 0 || <u32>ix >= capacity(op)) return false;
  let slot = valueSlot(op, <u32>ix);
  let old = <usize>load<u32>(slot);
  if (!old) return false;
  store<u32>(slot, 0);
  // Out of the insertion order: the later ones move down one.
  let order = orderBytes(op);
  let n = count(op);
  let i: u32 = 0;
  while (load<u8>(order + i) != <u8>ix) i++;
  memory.copy(order + i, order + i + 1, n - i - 1);
  store<u8>(op, <u8>(n - 1), INSTANCE_COUNT);
  let floor = beginRelease();
  decrefLater(old);
  endRelease(floor);
  return true;
}

/** The instance's __dict__ (borrowed), made on first use: the inline
 *  attributes move into it, in insertion order (embedded, unless the
 *  class has no shared keys). 0 if memory is short. */
export function instanceDict(op: usize): usize {
  let d = <usize>load<u32>(op, INSTANCE_DICT);
  return d ? d : moveToDict(op, sharedKeysOf(op) != 0);
}

/** o.__dict__ = d (d a dict). */
export function instanceSetDict(op: usize, d: usize): void {
  let old = <usize>load<u32>(op, INSTANCE_DICT);
  if (old == d) return;
  incref(d);
  store<u32>(op, <u32>d, INSTANCE_DICT);
  let floor = beginRelease();
  if (old) releaseDict(op, old);
  else releaseValues(op);
  endRelease(floor);
}

// A dict holding the inline attributes (which leave the instance), as the
// instance's dict, embedded or its own. 0 if memory is short (unchanged).
function moveToDict(op: usize, embedded: bool): usize {
  let d = dictNew();
  if (!d) return 0;
  let n = count(op);
  let keys = n ? sharedKeysOf(op) : 0;
  let order = orderBytes(op);
  for (let i: u32 = 0; i < n; i++) {
    let ix = <u32>load<u8>(order + i);
    let key = sharedKey(keys, ix);
    if (!dictSetItem(d, key, strHash(key), load<u32>(valueSlot(op, ix)))) {
      decref(d);
      return 0;
    }
  }
  // The dict holds its own references now; the instance's go (none of
  // these decrefs can reach zero).
  for (let i: u32 = 0; i < n; i++) {
    let slot = valueSlot(op, load<u8>(order + i));
    decref(load<u32>(slot));
    store<u32>(slot, 0);
  }
  store<u8>(op, 0, INSTANCE_COUNT);
  if (embedded) dictSetOwner(d, op, sharedKeysOf(op));
  store<u32>(op, <u32>d, INSTANCE_DICT);
  return d;
}

// ----------------------------------------- traverse, clear, dealloc

/** tp_traverse: the values (inline or in the embedded dict) or the dict,
 *  then the class, as CPython 3.13's subtype_traverse. */
function instanceTraverse(op: usize, visit: Visit, arg: usize): void {
  let d = <usize>load<u32>(op, INSTANCE_DICT);
  if (!d) {
    let cap = capacity(op);
    for (let ix: u32 = 0; ix < cap; ix++) {
      let v = <usize>load<u32>(valueSlot(op, ix));
      if (v) visit(v, arg);
    }
  } else if (dictOwner(d) == op) {
    dictTraverse(d, visit, arg, true);
  } else {
    visit(d, arg);
  }
  visit(instanceClass(op), arg);
}

/** tp_clear: the attributes go (the class stays). */
function instanceClear(op: usize): void {
  let d = <usize>load<u32>(op, INSTANCE_DICT);
  let floor = beginRelease();
  if (d) {
    store<u32>(op, 0, INSTANCE_DICT);
    releaseDict(op, d);
  } else {
    releaseValues(op);
  }
  endRelease(floor);
}

/** tp_dealloc. Its finalizer, if any, already ran (the deallocation loop
 *  pauses for it); its weakrefs are cleared and their callbacks queued
 *  before its children go. Then the attributes, then the class (pushed in
 *  reverse for the deallocation loop, see dealloc.ts). */
function instanceDealloc(op: usize): void {
  if (load<u32>(op, INSTANCE_WEAKLIST)) clearWeakrefs(op, INSTANCE_WEAKLIST);
  gcUntrack(op);
  decrefLater(instanceClass(op));
  let d = <usize>load<u32>(op, INSTANCE_DICT);
  if (d) releaseDict(op, d);
  else releaseValues(op);
  deleteContainer(op, T_INSTANCE);
}

/** Whether op's class has a finalizer that has not run for op (PEP 442:
 *  at most once per object). */
function instanceNeedsFinalizer(op: usize): bool {
  return (load<u32>(instanceClass(op), CLASS_FLAGS) & CLASS_HAS_FINALIZER) != 0 && (gcFlags(op) & GC_FINALIZED) == 0;
}

// An embedded dict that outlives its instance keeps the attributes as an
// ordinary dict (CPython detaches it).
function releaseDict(op: usize, d: usize): void {
  if (dictOwner(d) == op) dictDisown(d);
  decrefLater(d);
}

// CPython clears inline values in index order; pushed in reverse.
function releaseValues(op: usize): void {
  for (let ix = <i32>capacity(op) - 1; ix >= 0; ix--) {
    let slot = valueSlot(op, <u32>ix);
    let v = <usize>load<u32>(slot);
    if (!v) continue;
    store<u32>(slot, 0);
    decrefLater(v);
  }
  store<u8>(op, 0, INSTANCE_COUNT);
}

// tp_getattro / tp_setattro: __class__ and __dict__ are the type's
// descriptors (they win over an attribute of the same name); the rest are
// the instance's own.
function instanceGetAttro(op: usize, name: usize): usize {
  let v: usize;
  if (strIsAscii(name, "__class__")) v = instanceClass(op);
  else if (strIsAscii(name, "__dict__")) v = instanceDict(op); // 0: memory short, recorded
  else if (!(v = instanceGetAttr(op, name))) return noAttribute(op, name);
  if (v) incref(v);
  return v;
}
function instanceSetAttro(op: usize, name: usize, v: usize): i32 {
  if (v && strIsAscii(name, "__dict__")) {
    if (typeId(v) != T_DICT) {
      objFail(E_WRONG_TYPE, v, T_DICT);
      return E_WRONG_TYPE;
    }
    instanceSetDict(op, v);
    return E_OK;
  }
  if (v) return instanceSetAttr(op, name, v) ? E_OK : objLastError();
  if (instanceDelAttr(op, name)) return E_OK;
  noAttribute(op, name);
  return E_ATTRIBUTE;
}

registerGetAttr(T_INSTANCE, instanceGetAttro);
registerSetAttr(T_INSTANCE, instanceSetAttro);
// An instance's type is named by its class (its __name__).
function instanceTypeName(op: usize): usize {
  return <usize>load<u32>(instanceClass(op), CLASS_NAME);
}

// repr(o): CPython's object_repr, <__main__.C object at 0x...>.
function instanceRepr(op: usize, t: Text): void {
  textAscii(t, "<");
  textClassName(t, instanceClass(op));
  textAscii(t, " object at ");
  textAddress(t, op);
  textAscii(t, ">");
}

registerName(T_INSTANCE, "object");
registerRepr(T_INSTANCE, instanceRepr);
registerOwnName(T_INSTANCE, instanceTypeName);
registerDealloc(T_INSTANCE, instanceDealloc);
registerTraverse(T_INSTANCE, instanceTraverse);
registerClear(T_INSTANCE, instanceClear);
registerFinalizer(T_INSTANCE, instanceNeedsFinalizer);
registerWeaklist(T_INSTANCE, INSTANCE_WEAKLIST);
