// Weak references (CPython's Objects/weakrefobject.c).
//
//   weakref / weakproxy (a container, as in CPython: the collector must
//   know when a weakref is itself garbage)
//   op-8  [gc_next][gc_prev]
//   op+0  [ob_refcnt][T_WEAKREF | T_PROXY]
//   op+8  wr_object  u32  the referent, borrowed; 0 once cleared (dead)
//   op+12 wr_flags   u32  HAS_CALLBACK: the callback, a JavaScript function,
//                         is kept by the facade under this weakref's Ref;
//                         HASHED: hash() was taken while the referent lived
//   op+16 wr_prev    u32  neighbours in the referent's list (once cleared
//   op+20 wr_next    u32  with HASHED: wr_prev holds the hash; wr_next is
//                         the callback queue's link)
//
// Every weakrefable object (instance, class, function) has a weaklist slot
// with the first weakref to it. Order, as CPython keeps it: the shared
// callback-less ref first, then the shared callback-less proxy, then the
// ones with callbacks, newest first (each is inserted after the basic
// ones), so callbacks run newest first.
//
//   instance.weaklist -> [basic ref] <-> [basic proxy] <-> [cb ref 3] <-> [cb ref 2] ...
//
// When the referent dies by refcount (PyObject_ClearWeakRefs), every
// weakref is cleared first; then those with callbacks (and not dying
// themselves) are queued, each holding a reference to its weakref, and the
// deallocation loop (dealloc.ts) pauses for each callback before it
// tears down anything else: del, then clearing, then callbacks, then the
// referent's children. On the collector's path (gc/collect.ts,
// handle_weakrefs) the weakrefs to all the garbage are cleared before any
// callback runs, and only weakrefs that are not garbage themselves call.

import { T_WEAKREF, T_PROXY, T_INSTANCE, T_STR, OB_HEAD, PENDING, typeId, typeWord } from "./layout";
import { newContainer, deleteContainer } from "./alloc";
import { gcUntrack } from "./gclist";
import { incref, decref } from "./refcount";
import { callbackQueue, setCallbackPop } from "./dealloc";
import {
  registerDealloc, registerClear, weaklistOffset, registerName, registerHash, registerEquals, hashNotImplemented,
  objectHash, UNHASHABLE, getAttr, registerRepr,
} from "./slots";
import { objectsEqual } from "./compare";
import { strFromAscii, strNbytes, STR_DATA } from "./str";
import { Text, textAscii, textBytes } from "./text";
import { textTypeName, textAddress } from "./repr";
import { E_REFERENCE, E_UNHASHABLE, objFail, objClearError } from "./errors";
export { weaklistOffset };

export const WR_OBJECT: usize = OB_HEAD;
export const WR_FLAGS: usize = OB_HEAD + 4;
export const WR_PREV: usize = OB_HEAD + 8;
export const WR_NEXT: usize = OB_HEAD + 12;
const WR_SIZE: usize = OB_HEAD + 16;
export const HAS_CALLBACK: u32 = 1;
const HASHED: u32 = 2;
/** E_UNHASHABLE's detail for a dead weakref whose hash was never taken
 *  (CPython's TypeError "weak object has gone away"). */
export const GONE: u32 = 1;

// @ts-ignore: decorator
@inline export function isWeakref(op: usize): bool {
  let t = typeId(op);
  return t == T_WEAKREF || t == T_PROXY;
}
// @ts-ignore: decorator
@inline function hasCallback(wr: usize): bool {
  return (load<u32>(wr, WR_FLAGS) & HAS_CALLBACK) != 0;
}

/** The first weakref to op (0: none, or not weakrefable). */
export function weaklistHead(op: usize): usize {
  let off = weaklistOffset(op);
  return off ? <usize>load<u32>(op + off) : 0;
}

// get_basic_refs: the shared callback-less ref and proxy, if any.
let basicRef: usize = 0;
let basicProxy: usize = 0;
function getBasicRefs(head: usize): void {
  basicRef = 0;
  basicProxy = 0;
  if (head && !hasCallback(head)) {
    if (typeId(head) == T_WEAKREF) {
      basicRef = head;
      head = <usize>load<u32>(head, WR_NEXT);
    }
    if (head && !hasCallback(head) && typeId(head) == T_PROXY) basicProxy = head;
  }
}

function insertHead(wr: usize, referent: usize, off: usize): void {
  let next = <usize>load<u32>(referent + off);
  store<u32>(wr, 0, WR_PREV);
  store<u32>(wr, <u32>next, WR_NEXT);
  if (next) store<u32>(next, <u32>wr, WR_PREV);
  store<u32>(referent + off, <u32>wr);
}

function insertAfter(wr: usize, prev: usize): void {
  let next = <usize>load<u32>(prev, WR_NEXT);
  store<u32>(wr, <u32>prev, WR_PREV);
  store<u32>(wr, <u32>next, WR_NEXT);
  store<u32>(prev, <u32>wr, WR_NEXT);
  if (next) store<u32>(next, <u32>wr, WR_PREV);
}

/** weakref.ref(ob[, callback]) (proxy: weakref.proxy): a new reference;
 *  the callback-less ones are shared. The caller checked that ob's type
 *  is weakrefable. 0 if memory is short. */
export function weakrefNew(ob: usize, t: u32, withCallback: bool): usize {
  let off = weaklistOffset(ob);
  getBasicRefs(<usize>load<u32>(ob + off));
  if (!withCallback) {
    let shared = t == T_WEAKREF ? basicRef : basicProxy;
    if (shared) {
      incref(shared);
      return shared;
    }
  }
  let wr = newContainer(t, WR_SIZE);
  if (!wr) return 0;
  store<u32>(wr, <u32>ob, WR_OBJECT);
  store<u32>(wr, withCallback ? HAS_CALLBACK : 0, WR_FLAGS);
  let prev: usize = t == T_WEAKREF
    ? (withCallback ? (basicProxy ? basicProxy : basicRef) : 0)
    : (withCallback ? (basicProxy ? basicProxy : basicRef) : basicRef);
  if (prev) insertAfter(wr, prev);
  else insertHead(wr, ob, off);
  return wr;
}

/** The referent of weakref.proxy op (borrowed), or 0 with E_REFERENCE
 *  recorded once it died (CPython's proxy_checkref). */
export function proxyReferent(op: usize): usize {
  let ob = <usize>load<u32>(op, WR_OBJECT);
  if (!ob) objFail(E_REFERENCE, op);
  return ob;
}

/** _PyWeakref_ClearRef: the weakref no longer points at anything (its
 *  callback, if any, is kept). */
export function clearRef(wr: usize): void {
  let ob = <usize>load<u32>(wr, WR_OBJECT);
  if (!ob) return;
  let prev = <usize>load<u32>(wr, WR_PREV);
  let next = <usize>load<u32>(wr, WR_NEXT);
  if (prev) store<u32>(prev, <u32>next, WR_NEXT);
  else store<u32>(ob + weaklistOffset(ob), <u32>next);
  if (next) store<u32>(next, <u32>prev, WR_PREV);
  forgetReferent(wr, ob);
}

/** wr, off referent ob's list, points at nothing; a hash taken while ob
 *  lived stays what hash(wr) gives (ob's hash: its identity's for every
 *  weakrefable type, so taking it again now gives the one taken then). */
function forgetReferent(wr: usize, ob: usize): void {
  store<u32>(wr, 0, WR_OBJECT);
  store<u32>(wr, load<u32>(wr, WR_FLAGS) & HASHED ? <u32>objectHash(ob) : 0, WR_PREV);
  store<u32>(wr, 0, WR_NEXT);
}

/** The weakref's tp_clear (the collector's delete_garbage): cleared, and
 *  its callback forgotten. */
export function weakrefClear(wr: usize): void {
  clearRef(wr);
  store<u32>(wr, load<u32>(wr, WR_FLAGS) & ~HAS_CALLBACK, WR_FLAGS);
}

// hash(wr): CPython's weakref_hash. The referent's hash (TypeError if it
// is unhashable), kept for after it dies; a dead weakref never hashed
// while alive has none.
function weakrefHash(wr: usize): i64 {
  let ob = <usize>load<u32>(wr, WR_OBJECT);
  if (!ob) {
    if (load<u32>(wr, WR_FLAGS) & HASHED) return <i64>load<u32>(wr, WR_PREV);
    objFail(E_UNHASHABLE, wr, GONE);
    return UNHASHABLE;
  }
  let h = objectHash(ob);
  if (h != UNHASHABLE) store<u32>(wr, load<u32>(wr, WR_FLAGS) | HASHED, WR_FLAGS);
  return h;
}

// a == b for two weakrefs: CPython's weakref_richcompare. Their referents
// compared while both live, else identity.
function weakrefEquals(a: usize, b: usize): bool {
  let oa = <usize>load<u32>(a, WR_OBJECT), ob = <usize>load<u32>(b, WR_OBJECT);
  return oa && ob ? objectsEqual(oa, ob) : a == b;
}

// ------------------------------------------------ the callback queue

// callbackQueue (dealloc.ts, whose loop runs them): [head][tail], linked
// through WR_NEXT.

/** PyObject_ClearWeakRefs for a referent dying by refcount: clears every
 *  weakref to op, and queues (with a reference each) those whose callback
 *  must run. The deallocation loop runs them next. */
export function clearWeakrefs(op: usize, off: usize): void {
  let wr = <usize>load<u32>(op + off);
  while (wr) {
    let next = <usize>load<u32>(wr, WR_NEXT);
    let call = hasCallback(wr) && (typeWord(wr) & PENDING) == 0;
    store<u32>(wr, load<u32>(wr, WR_FLAGS) & ~HAS_CALLBACK, WR_FLAGS);
    forgetReferent(wr, op);
    if (call) {
      incref(wr);
      store<u32>(wr, load<u32>(wr, WR_FLAGS) | HAS_CALLBACK, WR_FLAGS); // until popped: the host keeps the function
      let tail = <usize>load<u32>(callbackQueue, 4);
      if (tail) store<u32>(tail, <u32>wr, WR_NEXT);
      else store<u32>(callbackQueue, <u32>wr);
      store<u32>(callbackQueue, <u32>wr, 4);
    }
    wr = next;
  }
  store<u32>(op + off, 0);
}

/** The next queued weakref (its queue reference goes with it). */
function popCallback(): usize {
  let wr = <usize>load<u32>(callbackQueue);
  let next = load<u32>(wr, WR_NEXT);
  store<u32>(callbackQueue, next);
  if (!next) store<u32>(callbackQueue, 0, 4);
  store<u32>(wr, 0, WR_NEXT);
  store<u32>(wr, load<u32>(wr, WR_FLAGS) & ~HAS_CALLBACK, WR_FLAGS);
  return wr;
}

/** tp_dealloc of weakref.ref and weakref.proxy: off the referent's list. */
function weakrefDealloc(wr: usize): void {
  gcUntrack(wr);
  clearRef(wr);
  deleteContainer(wr, typeId(wr));
}

/** Number of weakrefs to op. */
export function weakrefCount(op: usize): u32 {
  let n: u32 = 0;
  for (let wr = weaklistHead(op); wr; wr = <usize>load<u32>(wr, WR_NEXT)) n++;
  return n;
}

// repr(w): CPython 3.13's weakref_repr and proxy_repr,
// <weakref at 0x...; to 'C' at 0x...>, with the referent's __name__ after
// it when its type gives one (a class, a function: not an instance,
// whose __name__ would be an attribute of its own), or "; dead>".
function weakrefRepr(op: usize, t: Text): void {
  let ob = <usize>load<u32>(op, WR_OBJECT);
  textAscii(t, typeId(op) == T_PROXY ? "<weakproxy at " : "<weakref at ");
  textAddress(t, op);
  if (!ob) {
    textAscii(t, "; dead>");
    return;
  }
  textAscii(t, "; to '");
  textTypeName(t, ob);
  textAscii(t, "' at ");
  textAddress(t, ob);
  let name = typeId(op) == T_WEAKREF && typeId(ob) != T_INSTANCE ? nameOf(ob) : 0;
  if (name) {
    if (typeId(name) == T_STR) {
      textAscii(t, " (");
      textBytes(t, name + STR_DATA, strNbytes(name));
      textAscii(t, ")");
    }
    decref(name);
  }
  textAscii(t, ">");
}

// ob.__name__ (a new reference), or 0 (no error left recorded).
function nameOf(ob: usize): usize {
  let key = strFromAscii("__name__", 2);
  if (!key) return 0;
  let name = getAttr(ob, key);
  decref(key);
  if (!name) objClearError();
  return name;
}

registerName(T_WEAKREF, "weakref.ReferenceType");
registerRepr(T_WEAKREF, weakrefRepr);
registerRepr(T_PROXY, weakrefRepr);
registerDealloc(T_WEAKREF, weakrefDealloc);
registerName(T_PROXY, "weakref.ProxyType");
registerDealloc(T_PROXY, weakrefDealloc);
// A proxy is unhashable (CPython's proxy type has no tp_hash of its own
// and sets PyObject_HashNotImplemented): it cannot be a dict key or in a set.
registerHash(T_PROXY, hashNotImplemented);
registerHash(T_WEAKREF, weakrefHash);
registerEquals(T_WEAKREF, weakrefEquals);
registerClear(T_WEAKREF, weakrefClear);
registerClear(T_PROXY, weakrefClear);
setCallbackPop(popCallback);
