// Text being built as UTF-8: what the types' repr slots write (slots.ts),
// made a str by the caller (api/describe.ts). The bytes live in a block of
// the object allocator's (alloc.ts) that doubles as it fills.
//
//   Text, its own 16-byte block
//   +0  p     u32   the bytes' block
//   +4  n     u32   bytes written
//   +8  cap   u32   size of the bytes' block
//   +12 error i32   0, or why the text is cut short: E_NO_MEMORY once a
//                   write could not grow the block (repr.ts sets
//                   E_RECURSION); the caller reports it

import { allocBlock, freeBlock, reallocBlock } from "./alloc";
import { E_NO_MEMORY } from "./errors";

// @ts-ignore: decorator
@unmanaged export class Text {
  p: usize;
  n: usize;
  cap: usize;
  error: i32;
}

/** An empty text with room for cap bytes; 0 if memory is short. */
export function textNew(cap: usize): Text | null {
  let t = changetype<Text>(allocBlock(offsetof<Text>()));
  if (!changetype<usize>(t)) return null;
  t.p = allocBlock(cap);
  if (!t.p) {
    freeBlock(changetype<usize>(t));
    return null;
  }
  t.n = 0;
  t.cap = cap;
  t.error = 0;
  return t;
}

export function textFree(t: Text): void {
  freeBlock(t.p);
  freeBlock(changetype<usize>(t));
}

/** Where the next k bytes go, 0 (and t.error set) if they cannot fit. */
function reserve(t: Text, k: usize): usize {
  if (t.n + k > t.cap) {
    let cap = t.cap << 1;
    if (cap < t.n + k) cap = t.n + k;
    let p: usize = t.error ? 0 : reallocBlock(t.p, cap);
    if (!p) {
      if (!t.error) t.error = E_NO_MEMORY;
      return 0;
    }
    t.p = p;
    t.cap = cap;
  }
  let at = t.p + t.n;
  t.n += k;
  return at;
}

export function textByte(t: Text, b: u32): void {
  let at = reserve(t, 1);
  if (at) store<u8>(at, <u8>b);
}

/** The n bytes at p, as they are (UTF-8). */
export function textBytes(t: Text, p: usize, n: usize): void {
  let at = reserve(t, n);
  if (at) memory.copy(at, p, n);
}

/** The first n characters of ASCII string literal s, a byte each, at p. */
export function storeAscii(p: usize, s: string, n: usize): void {
  for (let i: usize = 0; i < n; i++) store<u8>(p + i, <u8>s.charCodeAt(<i32>i));
}

/** An ASCII string literal. */
export function textAscii(t: Text, s: string): void {
  let n = <usize>s.length;
  let at = reserve(t, n);
  if (at) storeAscii(at, s, n);
}

/** v in decimal, after a '-' if negative. */
export function textDecimal(t: Text, v: u64, negative: bool): void {
  if (negative) textByte(t, 0x2d);
  let digits: usize = 1;
  for (let x = v; x >= 10; x /= 10) digits++;
  let at = reserve(t, digits);
  if (!at) return;
  for (let i = digits; i > 0; i--) {
    store<u8>(at + i - 1, <u8>(0x30 + <u32>(v % 10)));
    v /= 10;
  }
}

/** prefix, then v in `digits` lowercase hex digits (an address: "0x"
 *  and 8; an escape: "\\x" and 2). */
export function textHex(t: Text, v: u32, digits: i32, prefix: string): void {
  textAscii(t, prefix);
  let at = reserve(t, <usize>digits);
  if (!at) return;
  for (let i = digits - 1; i >= 0; i--) {
    let d = v & 15;
    store<u8>(at + <usize>i, <u8>(d < 10 ? 0x30 + d : 0x57 + d));
    v >>>= 4;
  }
}

/** The code points of the n bytes of valid UTF-8 at p: the bytes that do
 *  not continue one. */
export function utf8Length(p: usize, n: usize): u32 {
  let k: u32 = 0;
  for (let i: usize = 0; i < n; i++) k += <u32>((load<u8>(p + i) & 0xc0) != 0x80);
  return k;
}

/** The code points of the text so far (its len() as a str). */
export function textLength(t: Text): u32 {
  return utf8Length(t.p, t.n);
}
