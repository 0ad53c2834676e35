// bytes: an immutable byte string, hash computed at creation.
//
//   op+0  [ob_refcnt][ob_type = T_BYTES]
//   op+8  length u32
//   op+12 hash   u32
//   op+16 data   length bytes
//
// b'' is static (statics.ts). CPython also caches the 256 one-byte bytes
// objects; pyheap does not (a new one-byte bytes is a new object).

import { T_BYTES, OB_HEAD } from "./layout";
import { newObject, deleteObject } from "./alloc";
import { registerDealloc, registerHash, registerEquals } from "./slots";
import { hashBytes } from "./hash";
import { EMPTY_BYTES } from "./statics";

export const BYTES_LENGTH: usize = OB_HEAD;
export const BYTES_HASH: usize = OB_HEAD + 4;
export const BYTES_DATA: usize = OB_HEAD + 8;

/** A new bytes object holding a copy of the n bytes at p. */
export function bytesFrom(p: usize, n: usize): usize {
  if (n == 0) return EMPTY_BYTES;
  let op = newObject(T_BYTES, BYTES_DATA + n);
  if (!op) return 0;
  store<u32>(op, <u32>n, BYTES_LENGTH);
  // Differs from the str hash of the same bytes, as b'a' != 'a'.
  store<u32>(op, hashBytes(p, n) ^ 0x5bd1e995, BYTES_HASH);
  memory.copy(op + BYTES_DATA, p, n);
  return op;
}

export function bytesEquals(a: usize, b: usize): bool {
  let n = <usize>load<u32>(a, BYTES_LENGTH);
  if (n != <usize>load<u32>(b, BYTES_LENGTH) || load<u32>(a, BYTES_HASH) != load<u32>(b, BYTES_HASH)) return false;
  return memory.compare(a + BYTES_DATA, b + BYTES_DATA, n) == 0;
}

// ------------------------------------------------------------ slots

function bytesDealloc(op: usize): void {
  deleteObject(op, T_BYTES);
}
function bytesHash(op: usize): i64 {
  return <i64>load<u32>(op, BYTES_HASH);
}

registerDealloc(T_BYTES, bytesDealloc);
registerHash(T_BYTES, bytesHash);
registerEquals(T_BYTES, bytesEquals);
