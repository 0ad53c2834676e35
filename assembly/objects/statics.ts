// Objects that live in the module's static data, never allocated, never
// freed, with the immortal refcount: None, True, False, the empty tuple,
// str and bytes, the small ints -5..256 and the 256 latin-1 one-character
// strings (CPython's _Py_SINGLETON()s). Each has a 32-byte slot:
//
//   staticBase + 32*i
//   slot 0 None | 1 True | 2 False | 3 () | 4 '' | 5 b''
//        6 .. 267   ints -5 .. 256           (int.ts layout)
//        268 .. 523 chr(0) .. chr(255)       (str.ts layout, UTF-8)
//
// The empty tuple is a container: its Ref is slot+8, after an untracked
// (zero) GC head. All other Refs are the slot address.
//
// This file places them; each type's file writes its own statics in its
// layout when the module starts (int.ts: bool and the small ints; str.ts:
// '' and the characters; bytes.ts: b''), so that this file needs none of
// theirs.

import { IMMORTAL_REFCNT, setUnstampedType, T_NONE, T_TUPLE, GC_HEAD } from "./layout";
import { registerName, registerRepr } from "./slots";
import { Text, textAscii } from "./text";

export const STATIC_SLOT: usize = 32;
export const NSMALLNEGINTS: i32 = 5;
export const NSMALLPOSINTS: i32 = 257;
/** The cached ints: SMALL_INT_MIN..SMALL_INT_MAX, as CPython's -5..256. */
export const SMALL_INT_MIN: i32 = -NSMALLNEGINTS;
export const SMALL_INT_MAX: i32 = NSMALLPOSINTS - 1;
const SLOT_NONE: usize = 0;
const SLOT_TRUE: usize = 1;
const SLOT_FALSE: usize = 2;
export const SLOT_EMPTY_TUPLE: usize = 3;
const SLOT_EMPTY_STR: usize = 4;
const SLOT_EMPTY_BYTES: usize = 5;
const SLOT_SMALL_INTS: usize = 6;
const SLOT_CHARS: usize = SLOT_SMALL_INTS + <usize>(NSMALLNEGINTS + NSMALLPOSINTS);
export const N_STATIC_SLOTS: usize = SLOT_CHARS + 256;
export const STATIC_BYTES: usize = N_STATIC_SLOTS * STATIC_SLOT;

export const staticBase: usize = memory.data(<i32>STATIC_BYTES, 16);

export const NONE: usize = staticBase + SLOT_NONE * STATIC_SLOT;
export const TRUE: usize = staticBase + SLOT_TRUE * STATIC_SLOT;
export const FALSE: usize = staticBase + SLOT_FALSE * STATIC_SLOT;
export const EMPTY_TUPLE: usize = staticBase + SLOT_EMPTY_TUPLE * STATIC_SLOT + GC_HEAD;
export const EMPTY_STR: usize = staticBase + SLOT_EMPTY_STR * STATIC_SLOT;
export const EMPTY_BYTES: usize = staticBase + SLOT_EMPTY_BYTES * STATIC_SLOT;
export const SMALL_INTS: usize = staticBase + SLOT_SMALL_INTS * STATIC_SLOT;
export const CHARS: usize = staticBase + SLOT_CHARS * STATIC_SLOT;

/** The cached int v (-5 <= v <= 256). */
// @ts-ignore: decorator
@inline export function smallInt(v: i32): usize {
  return SMALL_INTS + (<usize>(v + NSMALLNEGINTS) << 5);
}
/** The cached one-character str chr(c) (c < 256). */
// @ts-ignore: decorator
@inline export function latin1Char(c: u32): usize {
  return CHARS + (<usize>c << 5);
}

/** The header of static object op: immortal, type t, stamp 0. */
export function staticHeader(op: usize, t: u32): void {
  store<u32>(op, IMMORTAL_REFCNT);
  setUnstampedType(op, t);
}

/** Builds None and the empty tuple (once, when the module starts:
 *  exports.ts); the other statics are their types' (see above). */
export function initStatics(): void {
  staticHeader(NONE, T_NONE);
  staticHeader(EMPTY_TUPLE, T_TUPLE); // size 0, GC head 0: untracked
}

function noneRepr(op: usize, t: Text): void {
  textAscii(t, "None");
}

registerName(T_NONE, "NoneType");
registerRepr(T_NONE, noneRepr);

/** Whether op lies in the static objects' area. */
// @ts-ignore: decorator
@inline export function isStaticAddress(op: usize): bool {
  return op - staticBase < STATIC_BYTES;
}

/** Whether op is exactly the Ref of a static object. */
export function isStaticObject(op: usize): bool {
  let off = op - staticBase;
  let slot = off >> 5;
  let within = off & (STATIC_SLOT - 1);
  return within == (slot == SLOT_EMPTY_TUPLE ? GC_HEAD : 0);
}
