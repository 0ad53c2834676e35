// bytes: an immutable byte string.
//
//   op+0  [ob_refcnt][ob_type = T_BYTES]
//   op+8  length u32
//   op+12 hash   u32   0 until first needed (CPython's ob_shash = -1), so
//                      making a large bytes object costs its copy only
//   op+16 data   length bytes
//
// b'' is static (statics.ts). CPython also caches the 256 one-byte bytes
// objects; pyheap does not (a new one-byte bytes is a new object).

import { T_BYTES, OB_HEAD } from "./layout";
import { newObject, deleteObject } from "./alloc";
import { registerDealloc, registerHash, registerEquals, registerName, registerRepr } from "./slots";
import { Text, textByte } from "./text";
import { quoteFor, escapeAscii } from "./str";
import { hashBytes } from "./hash";
import { EMPTY_BYTES, staticHeader } from "./statics";

export const BYTES_LENGTH: usize = OB_HEAD;
export const BYTES_HASH: usize = OB_HEAD + 4;
export const BYTES_DATA: usize = OB_HEAD + 8;

/** A new bytes object of n bytes whose data the caller writes (before
 *  anything hashes it); b'' for n = 0. */
export function bytesNew(n: usize): usize {
  if (n == 0) return EMPTY_BYTES;
  let op = newObject(T_BYTES, BYTES_DATA + n);
  if (!op) return 0;
  store<u32>(op, <u32>n, BYTES_LENGTH);
  store<u32>(op, 0, BYTES_HASH);
  return op;
}

/** A new bytes object holding a copy of the n bytes at p. */
export function bytesFrom(p: usize, n: usize): usize {
  let op = bytesNew(n);
  if (op && n) memory.copy(op + BYTES_DATA, p, n);
  return op;
}

/** hash(b), computed on first use. */
function bytesHashOf(op: usize): u32 {
  let h = load<u32>(op, BYTES_HASH);
  if (h == 0) {
    // Differs from the str hash of the same bytes, as b'a' != 'a'; never
    // 0, which means "not yet".
    h = hashBytes(op + BYTES_DATA, <usize>load<u32>(op, BYTES_LENGTH)) ^ 0x5bd1e995;
    h += <u32>(h == 0);
    store<u32>(op, h, BYTES_HASH);
  }
  return h;
}

export function bytesEquals(a: usize, b: usize): bool {
  let n = <usize>load<u32>(a, BYTES_LENGTH);
  if (n != <usize>load<u32>(b, BYTES_LENGTH)) return false;
  let ha = load<u32>(a, BYTES_HASH), hb = load<u32>(b, BYTES_HASH);
  if (ha && hb && ha != hb) return false;
  return memory.compare(a + BYTES_DATA, b + BYTES_DATA, n) == 0;
}

// ------------------------------------------------------------ slots

function bytesDealloc(op: usize): void {
  deleteObject(op, T_BYTES);
}
function bytesHash(op: usize): i64 {
  return <i64>bytesHashOf(op);
}

// b'' (statics.ts places it): its hash computed now, as a static
// object's memory must not change once the module has started.
staticHeader(EMPTY_BYTES, T_BYTES);
bytesHashOf(EMPTY_BYTES);
// repr(b): b'...' with the quotes and escapes of str's repr, every byte
// outside printable ASCII as \xNN (CPython's bytes_repr).
function bytesRepr(op: usize, t: Text): void {
  let p = op + BYTES_DATA, n = <usize>load<u32>(op, BYTES_LENGTH);
  let quote = quoteFor(p, n);
  textByte(t, 0x62);
  textByte(t, quote);
  for (let i: usize = 0; i < n; i++) escapeAscii(t, load<u8>(p + i), quote);
  textByte(t, quote);
}

registerName(T_BYTES, "bytes");
registerRepr(T_BYTES, bytesRepr);
registerDealloc(T_BYTES, bytesDealloc);
registerHash(T_BYTES, bytesHash);
registerEquals(T_BYTES, bytesEquals);
