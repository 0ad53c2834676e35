// The object layer's memory layout (+3 in the layer diagram). Every object
// starts with the same 8-byte header; container objects (those that can
// hold references, hence take part in cycles) carry CPython's PyGC_Head in
// front of it, allocated with the object in one block.
//
//   non-container (None bool int float str bytes)
//
//     block = op
//     op+0  +------------------+
//           | ob_refcnt   u32  |  0x3FFFFFFF = immortal (never changes)
//     op+4  | ob_type     u32  |  stamp | flags | tag | type id  (see below)
//     op+8  +------------------+
//           | type's fields    |  (int.ts, float.ts, str.ts, bytes.ts)
//
//   container (tuple list dict set type instance cell function weakref
//   weakproxy)
//
//     block = op - 8
//     op-8  +------------------+
//           | gc_next     u32  |  next PyGC_Head in its generation, 0 = untracked
//     op-4  | gc_prev     u32  |  previous PyGC_Head; low 2 bits are flags:
//           |                  |    bit 0 FINALIZED (PEP 442: __del__ ran),
//           |                  |    bit 1 reserved (CPython's COLLECTING)
//     op+0  +------------------+
//           | ob_refcnt   u32  |
//     op+4  | ob_type     u32  |
//     op+8  +------------------+
//           | type's fields    |
//
// A Ref (what JavaScript holds, and `id()`) is `op`, the address of the
// object header, as in CPython where id() is the PyObject*, not the GC head.
// With 16-byte blocks, op % 16 is 0 for a plain object and 8 for a
// container, which is how validate.ts finds the block.
//
// ob_type is not a pointer but a type id (0..N_TYPES-1, the type table is
// slots.ts) with a 3-bit tag beside it, flags, and a 16-bit stamp. The
// tag lets a validity check reject the allocator's other blocks (list
// item arrays, dict key tables) that happen to start at a block boundary;
// ids index the per-type counters and the type table.
// Instances of classes created from JavaScript all have type id
// T_INSTANCE; the class is a field of the instance (instance.ts).
//
//   ob_type  31            16 15        8 7        3 2    0
//           +----------------+-----------+----------+------+
//           | stamp          | flags     | type id  | tag  |
//           +----------------+-----------+----------+------+
//   stamp: taken from a counter when the object is made (setType), never
//     0 for a heap object (static objects have 0). The facade's Ref is
//     the address plus stamp * 2**32, and a Ref whose stamp is not the
//     header's is refused: memory freed and reused for a new object keeps
//     an old Ref from reaching the new one until 65535 more objects were
//     made (src/heap/refs.ts).
//   tag: 0b101 (TYPE_TAG) in the low bits, where no pointer or size
//     rounded to 4 has it: a word of another kind of block is rarely
//     taken for a type word. A freed object's type word is zeroed
//     (alloc.ts's countGone), so the old header does not outlive it in
//     memory reused for other data either.
//   P PENDING: refcount reached zero, waiting on the deallocation stack
//     (dealloc.ts); ob_refcnt then links the stack.
//   F FINALIZING: inside its own finalizer (dealloc.ts).
//   R IN_REPR: a container whose repr is being written (repr.ts): met
//     again inside it, it is written as [...] (CPython's Py_ReprEnter).
//   GEN: for a tracked container, the generation list it is on (0, 1, 2,
//     3 = frozen); 0 for a new one, since every type store clears the
//     flags. The collector reads it from the type word it loads anyway, to
//     tell a child in the generations being collected without touching
//     the child's GC head (gc/visit.ts). Meaningless while untracked.
//   Y YOUNG_CHILD: set by a collection's first walk on a container with a
//     child in the set being collected; move_unreachable visits only
//     those containers' children, and clears it. Set but stale (after a
//     collection's unreachable object survives) it costs a visit, no more.
//   H HOLDS_CONTAINERS: on a list, set when a container is stored in it
//     (list.ts) and never cleared. While it is clear no item can be in a
//     cycle, so the collector's walks skip the items (lists of numbers
//     and strings are common; CPython reads every item array instead).

import { EXTRA_TYPES } from "../config";

/** CPython 3.12+ on 32-bit platforms (_Py_IMMORTAL_REFCNT). sys.getrefcount
 *  reports it as is. Mortal counts stay below it. */
export const IMMORTAL_REFCNT: u32 = 0x3fffffff;

/** Whether a decref of a count rc leaves the object alive and mortal
 *  (1 < rc < IMMORTAL_REFCNT): Py_DECREF's fast path, one unsigned compare
 *  instead of one for immortality and one for the last reference. */
// @ts-ignore: decorator
@inline export function decrefKeepsAlive(rc: u32): bool {
  return rc - 2 < IMMORTAL_REFCNT - 2;
}

export const TYPE_TAG: u32 = 0b101;
export const TYPE_TAG_MASK: u32 = 0b111;
/** The stamp is the type word's upper half. */
export const STAMP_SHIFT: u32 = 16;
/** A Ref is an object's address plus its stamp times this (2**32): the
 *  address is a wasm32 one, the stamp above it. */
export const STAMP_UNIT: f64 = 4294967296.0;
/** Every Ref is below this (2**48): 32 address bits and a 16-bit stamp. */
export const REF_LIMIT: f64 = 281474976710656.0;
export const PENDING: u32 = 0x8000;
export const IN_REPR: u32 = 0x1000;
export const GC_GEN_SHIFT: u32 = 8;
export const GC_GEN_MASK: u32 = 0x300;
export const YOUNG_CHILD: u32 = 0x400;
export const HOLDS_CONTAINERS: u32 = 0x800;
/** GEN of gc.freeze()'s permanent generation: above every collected one. */
export const GEN_FROZEN: u32 = 3;
export const TYPE_ID_SHIFT: u32 = 3;
export const TYPE_ID_MASK: u32 = 0x1f;

// Type ids. Non-containers first; every id >= FIRST_GC_TYPE has a GC head.
/** On a free list (freelists.ts): memory kept for reuse, not an object. */
export const T_DEAD: u32 = 0;
export const T_NONE: u32 = 1;
export const T_BOOL: u32 = 2;
/** int in [-2**63, 2**63): value is an i64. */
export const T_INT: u32 = 3;
/** int in [2**63, 2**64): value is a u64. Python sees one type, `int`. */
export const T_UINT: u32 = 4;
export const T_FLOAT: u32 = 5;
export const T_STR: u32 = 6;
export const T_BYTES: u32 = 7;
export const FIRST_GC_TYPE: u32 = 8;
export const T_TUPLE: u32 = 8;
export const T_LIST: u32 = 9;
export const T_DICT: u32 = 10;
export const T_SET: u32 = 11;
export const T_TYPE: u32 = 12;
export const T_INSTANCE: u32 = 13;
export const T_CELL: u32 = 14;
export const T_FUNCTION: u32 = 15;
/** weakref.ref (objects/weakref.ts). */
export const T_WEAKREF: u32 = 16;
/** weakref.proxy: the same object, used in the referent's place. */
export const T_PROXY: u32 = 17;
export const N_BUILTIN_TYPES: u32 = 18;
/** The number of type ids: the built-in types, then the ones a build adds
 *  (config.ts EXTRA_TYPES: containers, each filling its entry of slots.ts). */
export const N_TYPES: u32 = N_BUILTIN_TYPES + EXTRA_TYPES;
// @ts-ignore: a compile-time check
if (N_TYPES > TYPE_ID_MASK + 1) ERROR("PYHEAP_EXTRA_TYPES: more types than the type word's id field holds");

/** Size of PyGC_Head. */
export const GC_HEAD: usize = 8;
/** Size of the object header. */
export const OB_HEAD: usize = 8;
/** Offset of ob_type, the type word, in the object header. */
export const OB_TYPE: usize = 4;

export const GC_FLAGS_MASK: u32 = 3;
export const GC_FINALIZED: u32 = 1;

/** PyGC_Head, the GC_HEAD bytes before a container's header (drawn
 *  above; the collector's reading of the bits is drawn in gc/lists.ts).
 *  Both words carry flag bits beside a link, so they are read and written
 *  whole, and the lists' accessors (gclist.ts, gc/lists.ts) mask them. */
// @ts-ignore: decorator
@unmanaged export class GCHead {
  next: u32;
  prev: u32;
}
/** The GC head at address g (a container's op - GC_HEAD, or a list's
 *  sentinel). */
// @ts-ignore: decorator
@inline export function gcHead(g: usize): GCHead {
  return changetype<GCHead>(g);
}

// @ts-ignore: decorator
@inline export function refcnt(op: usize): u32 {
  return load<u32>(op);
}
// @ts-ignore: decorator
@inline export function setRefcnt(op: usize, n: u32): void {
  store<u32>(op, n);
}
/** An object's type word (drawn above): every read of it goes through
 *  here, flags included. */
// @ts-ignore: decorator
@inline export function typeWord(op: usize): u32 {
  return load<u32>(op, OB_TYPE);
}
// @ts-ignore: decorator
@inline export function setTypeWord(op: usize, w: u32): void {
  store<u32>(op, w, OB_TYPE);
}
/** The type id in a type word. */
// @ts-ignore: decorator
@inline export function typeIdOf(w: u32): u32 {
  return (w >>> TYPE_ID_SHIFT) & TYPE_ID_MASK;
}
/** The type id of a live object. */
// @ts-ignore: decorator
@inline export function typeId(op: usize): u32 {
  return typeIdOf(typeWord(op));
}
/** The stamp of an object (0 for a static one): a Ref's upper half. */
// @ts-ignore: decorator
@inline export function stampOf(op: usize): u32 {
  return typeWord(op) >>> STAMP_SHIFT;
}
// The last stamp handed out (0 only before the first object).
let lastStamp: u32 = 0;
/** A new object's type word: type t, flags clear, the next stamp. Every
 *  object made or revived from a free list goes through here, so a Ref to
 *  the block's previous object no longer matches. */
// @ts-ignore: decorator
@inline export function setType(op: usize, t: u32): void {
  let s = (lastStamp + 1) & 0xffff;
  s += <u32>(s == 0); // 0 is the static objects' stamp
  lastStamp = s;
  setTypeWord(op, (s << STAMP_SHIFT) | (t << TYPE_ID_SHIFT) | TYPE_TAG);
}
/** The type word of a static object (stamp 0) or a parked one (T_DEAD). */
// @ts-ignore: decorator
@inline export function setUnstampedType(op: usize, t: u32): void {
  setTypeWord(op, (t << TYPE_ID_SHIFT) | TYPE_TAG);
}
// @ts-ignore: decorator
@inline export function isGCType(t: u32): bool {
  return t >= FIRST_GC_TYPE;
}
