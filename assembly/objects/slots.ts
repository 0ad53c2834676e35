// The type table: CPython's type slots. Each type's file fills its own
// entry when the module starts (types.ts imports every type's file), and
// the deallocation loop, the collector, weakrefs, hashing and comparison
// call through it, and so do attribute access and assignment (api/), so
// that none of them names a type. Adding a type is one file that
// registers its slots, and one import line in types.ts. A build can add
// types of its own the same way, with ids past the built-in ones
// (config.ts EXTRA_TYPES; test/fixtures/extra-type/box.ts).
//
//   table + t * SLOT_SIZE   (t: the type id, layout.ts)
//   +0  dealloc    (op) => void              tp_dealloc; 0 for the
//                                            immortal types (None, bool)
//   +4  traverse   (op, visit, arg) => void  tp_traverse; 0: no children
//   +8  clear      (op) => void              tp_clear; 0: nothing to drop
//   +12 hash       (op) => i64               tp_hash; 0: by identity
//   +16 equals     (a, b) => bool            == between two objects of
//                                            type t; 0: by identity
//   +20 finalizer  (op) => bool              whether op's finalizer must
//                                            run before it goes; 0: never
//   +24 weaklist   u32                       tp_weaklistoffset; 0: not
//                                            weakly referenceable
//   +28 getattr    (op, name) => usize       tp_getattro: a new reference,
//                                            or 0 with the error recorded;
//                                            0: no attributes
//   +32 setattr    (op, name, v) => i32      tp_setattro (v 0: delete):
//                                            E_OK or the error recorded;
//                                            0: no attributes to set
//   +36 name       u32 -> NUL-terminated     tp_name, as error messages
//                  ASCII in `names` below    and reprs name the type (an
//                                            instance's is its class's)
//   +40 repr       (op, text) => void        tp_repr, written to a Text
//                                            (text.ts); 0: object_repr's
//                                            <name object at 0x...>
//   +44 ownName    (op) => usize             the name of op's type when op
//                                            has one of its own (an
//                                            instance: its class's
//                                            __name__), a borrowed str;
//                                            0: tp_name
//
// A function slot holds the address of the AssemblyScript function object
// (its table index and closure word), which changetype turns back into a
// callable: one call_indirect per dispatch.

import { DEBUG } from "../config";
import { N_TYPES, typeId } from "./layout";
import { hashPointer } from "./hash";
import { E_UNHASHABLE, E_ATTRIBUTE, objFail } from "./errors";
import { Text, storeAscii } from "./text";

export type Visit = (child: usize, arg: usize) => void;
export type Dealloc = (op: usize) => void;
export type Traverse = (op: usize, visit: Visit, arg: usize) => void;
export type Clear = (op: usize) => void;
export type Hash = (op: usize) => i64;
export type Equals = (a: usize, b: usize) => bool;
export type NeedsFinalizer = (op: usize) => bool;
export type GetAttr = (op: usize, name: usize) => usize;
export type SetAttr = (op: usize, name: usize, v: usize) => i32;
export type Repr = (op: usize, text: Text) => void;
export type OwnName = (op: usize) => usize;

const SLOT_SIZE: usize = 48;
const DEALLOC: usize = 0;
const TRAVERSE: usize = 4;
const CLEAR: usize = 8;
const HASH: usize = 12;
const EQUALS: usize = 16;
const FINALIZER: usize = 20;
const WEAKLIST: usize = 24;
const GETATTR: usize = 28;
const SETATTR: usize = 32;
const NAME: usize = 36;
const REPR: usize = 40;
const OWN_NAME: usize = 44;

const table: usize = memory.data(<i32>(N_TYPES * <u32>SLOT_SIZE), 4);
/** Room for each type's name, its NUL included: a C string, as CPython's
 *  tp_name is (a longer name is cut short). */
const NAME_BYTES: usize = 32;
const names: usize = memory.data(<i32>(N_TYPES * <u32>NAME_BYTES));

// @ts-ignore: decorator
@inline function entry(t: u32): usize {
  return table + <usize>t * SLOT_SIZE;
}

// ------------------------------------------------------ registration

export function registerDealloc(t: u32, f: Dealloc): void {
  store<u32>(entry(t), <u32>changetype<usize>(f), DEALLOC);
}
export function registerTraverse(t: u32, f: Traverse): void {
  store<u32>(entry(t), <u32>changetype<usize>(f), TRAVERSE);
}
export function registerClear(t: u32, f: Clear): void {
  store<u32>(entry(t), <u32>changetype<usize>(f), CLEAR);
}
export function registerHash(t: u32, f: Hash): void {
  store<u32>(entry(t), <u32>changetype<usize>(f), HASH);
}
export function registerEquals(t: u32, f: Equals): void {
  store<u32>(entry(t), <u32>changetype<usize>(f), EQUALS);
}
export function registerFinalizer(t: u32, f: NeedsFinalizer): void {
  store<u32>(entry(t), <u32>changetype<usize>(f), FINALIZER);
}
export function registerWeaklist(t: u32, offset: usize): void {
  store<u32>(entry(t), <u32>offset, WEAKLIST);
}
export function registerGetAttr(t: u32, f: GetAttr): void {
  store<u32>(entry(t), <u32>changetype<usize>(f), GETATTR);
}
export function registerSetAttr(t: u32, f: SetAttr): void {
  store<u32>(entry(t), <u32>changetype<usize>(f), SETATTR);
}

/** Type t's name, ASCII (registration copies it: the types' names are
 *  C strings in the module's data, which needs no allocation to read). */
export function registerName(t: u32, name: string): void {
  let p = names + <usize>t * NAME_BYTES;
  let n = min(<usize>name.length, NAME_BYTES - 1);
  if (DEBUG) assert(n == <usize>name.length, "registerName: a type name longer than NAME_BYTES - 1");
  storeAscii(p, name, n);
  store<u8>(p + n, 0);
  store<u32>(entry(t), <u32>p, NAME);
}
export function registerRepr(t: u32, f: Repr): void {
  store<u32>(entry(t), <u32>changetype<usize>(f), REPR);
}
export function registerOwnName(t: u32, f: OwnName): void {
  store<u32>(entry(t), <u32>changetype<usize>(f), OWN_NAME);
}

// ---------------------------------------------------------- dispatch

/** tp_dealloc of op: its count is zero and it was popped from the
 *  deallocation loop's stack (dealloc.ts). */
export function dealloc(op: usize): void {
  let f = <usize>load<u32>(entry(typeId(op)), DEALLOC);
  if (DEBUG && !f) unreachable(); // only the immortal types have none
  changetype<Dealloc>(f)(op);
}

/** tp_traverse: visit(child, arg) for every reference op holds. visit
 *  must not change op. */
export function traverse(op: usize, visit: Visit, arg: usize): void {
  let f = <usize>load<u32>(entry(typeId(op)), TRAVERSE);
  if (f) changetype<Traverse>(f)(op, visit, arg);
}

/** tp_clear: drops the references of op that can form cycles. */
export function clear(op: usize): void {
  let f = <usize>load<u32>(entry(typeId(op)), CLEAR);
  if (f) changetype<Clear>(f)(op);
}

/** The hash of an unhashable object. */
export const UNHASHABLE: i64 = -1;

/** hash(op) as a u32 in an i64, or UNHASHABLE with E_UNHASHABLE recorded
 *  naming the unhashable object (op, or the item of a tuple that is). */
export function objectHash(op: usize): i64 {
  let f = <usize>load<u32>(entry(typeId(op)), HASH);
  return f ? changetype<Hash>(f)(op) : <i64>hashPointer(op);
}

/** The hash slot of list, dict and set (CPython's PyObject_HashNotImplemented). */
export function hashNotImplemented(op: usize): i64 {
  objFail(E_UNHASHABLE, op);
  return UNHASHABLE;
}

/** a == b for two objects of the same type t. */
export function sameTypeEquals(t: u32, a: usize, b: usize): bool {
  let f = <usize>load<u32>(entry(t), EQUALS);
  return f ? changetype<Equals>(f)(a, b) : a == b;
}

/** Whether op has a finalizer that must run before it is torn down. */
export function needsFinalizer(op: usize): bool {
  let f = <usize>load<u32>(entry(typeId(op)), FINALIZER);
  return f ? changetype<NeedsFinalizer>(f)(op) : false;
}

/** Offset of op's weaklist slot, 0 if its type has none. */
// @ts-ignore: decorator
@inline export function weaklistOffset(op: usize): usize {
  return <usize>load<u32>(entry(typeId(op)), WEAKLIST);
}

/** op.name (name a str): a new reference, or 0 with E_ATTRIBUTE (or the
 *  type's own error) recorded. */
export function getAttr(op: usize, name: usize): usize {
  let f = <usize>load<u32>(entry(typeId(op)), GETATTR);
  return f ? changetype<GetAttr>(f)(op, name) : noAttribute(op, name);
}

/** op.name = v, or del op.name with v 0: E_OK or the recorded error. */
export function setAttr(op: usize, name: usize, v: usize): i32 {
  let f = <usize>load<u32>(entry(typeId(op)), SETATTR);
  if (f) return changetype<SetAttr>(f)(op, name, v);
  noAttribute(op, name);
  return E_ATTRIBUTE;
}

/** AttributeError naming op and the attribute: returns 0, for getattr. */
export function noAttribute(op: usize, name: usize): usize {
  return objFail(E_ATTRIBUTE, op, <u32>name);
}

/** Type t's name (tp_name), a NUL-terminated C string; 0 for an id no
 *  type registered. */
export function typeName(t: u32): usize {
  return t < N_TYPES ? <usize>load<u32>(entry(t), NAME) : 0;
}

/** The length of the C string at p. */
export function cStringLength(p: usize): usize {
  if (!p) return 0;
  let n: usize = 0;
  while (load<u8>(p + n)) n++;
  return n;
}

/** The str naming op's type when op has a name of its own (an
 *  instance's class's __name__), borrowed; 0: its type's tp_name. */
export function ownName(op: usize): usize {
  let f = <usize>load<u32>(entry(typeId(op)), OWN_NAME);
  return f ? changetype<OwnName>(f)(op) : 0;
}

/** The repr slot of op's type, null if it has none. */
export function reprSlot(op: usize): Repr | null {
  return changetype<Repr | null>(<usize>load<u32>(entry(typeId(op)), REPR));
}
