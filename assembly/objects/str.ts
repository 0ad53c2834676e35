// str: Unicode text stored as UTF-8, with its length in code points and
// its hash computed once at creation (CPython caches it on first use; the
// value is the same either way).
//
//   op+0  [ob_refcnt][ob_type = T_STR]
//   op+8  length   u32   code points (len())
//   op+12 hash     u32
//   op+16 nbytes   u32   UTF-8 bytes
//   op+20 state    u32   bits 0-1 interned: 0 no, 1 interned (mortal, in
//                        intern.ts's table), 2 static (immortal);
//                        bit 2 ASCII
//   op+24 data     nbytes of UTF-8
//
// UTF-8 rather than PEP 393's latin-1/UCS-2/UCS-4 because JavaScript hands
// text over with TextEncoder.encodeInto: one copy, no widening pass.
// Equal strings have equal bytes, so equality is a length check and a
// memory compare. '' and chr(0)..chr(255) are static (statics.ts).

import { DEBUG } from "../config";
import { T_STR, OB_HEAD } from "./layout";
import { newObject, deleteObject } from "./alloc";
import { hashBytes } from "./hash";
import { EMPTY_STR, latin1Char, staticHeader } from "./statics";
import { internLookup, internInsert, internRemove } from "./intern";
import { registerDealloc, registerHash, registerEquals, registerName, registerRepr } from "./slots";
import { Text, textByte, textBytes, textHex, storeAscii } from "./text";
import { incref } from "./refcount";
import { NONPRINTABLE, NONPRINTABLE_RANGES } from "./printable";

export const STR_LENGTH: usize = OB_HEAD;
export const STR_HASH: usize = OB_HEAD + 4;
export const STR_NBYTES: usize = OB_HEAD + 8;
export const STR_STATE: usize = OB_HEAD + 12;
export const STR_DATA: usize = OB_HEAD + 16;

export const STATE_INTERNED: u32 = 1;
export const STATE_STATIC: u32 = 2;
export const STATE_INTERN_MASK: u32 = 3;
export const STATE_ASCII: u32 = 4;

// @ts-ignore: decorator
@inline export function strHash(op: usize): u32 {
  return load<u32>(op, STR_HASH);
}
// @ts-ignore: decorator
@inline export function strNbytes(op: usize): usize {
  return load<u32>(op, STR_NBYTES);
}
// @ts-ignore: decorator
@inline export function strLength(op: usize): u32 {
  return load<u32>(op, STR_LENGTH);
}

/** Whether the nbytes at p equal str op's text. */
export function strEqualsBytes(op: usize, p: usize, nbytes: usize): bool {
  if (strNbytes(op) != nbytes) return false;
  return memory.compare(op + STR_DATA, p, nbytes) == 0;
}

/** Whether str op's text is the ASCII text s (an attribute name the
 *  types' getattr slots know). */
export function strIsAscii(op: usize, s: string): bool {
  let n = <usize>s.length;
  if (strNbytes(op) != n) return false;
  for (let i: usize = 0; i < n; i++) {
    if (<i32>load<u8>(op + STR_DATA + i) != s.charCodeAt(<i32>i)) return false;
  }
  return true;
}

export function strEquals(a: usize, b: usize): bool {
  if (a == b) return true;
  return strHash(a) == strHash(b) && strEqualsBytes(a, b + STR_DATA, strNbytes(b));
}

/** The code point of a one-code-point UTF-8 sequence of 1 or 2 bytes
 *  below 256, else -1. */
function latin1CodePoint(p: usize, nbytes: usize): i32 {
  if (nbytes == 1) return load<u8>(p);
  let b0 = <i32>load<u8>(p);
  if (nbytes == 2 && (b0 == 0xc2 || b0 == 0xc3)) return ((b0 & 0x1f) << 6) | (load<u8>(p + 1) & 0x3f);
  return -1;
}

/** CPython's all_name_chars(): ASCII letters, digits and '_' only. The
 *  compiler interns string constants of this shape (Python/compile.c). */
function looksLikeIdentifier(p: usize, nbytes: usize): bool {
  for (let i: usize = 0; i < nbytes; i++) {
    let c = load<u8>(p + i);
    let ok = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c == 0x5f;
    if (!ok) return false;
  }
  return true;
}

const ASCII_MAX: usize = 32;
const asciiText: usize = memory.data(<i32>ASCII_MAX);

/** A str of ASCII literal s (at most 32 characters), made as strFromUtf8
 *  makes one with `mode`: a new reference, 0 if memory is short. */
export function strFromAscii(s: string, mode: i32 = 0): usize {
  let n = <usize>s.length;
  if (DEBUG) assert(n <= ASCII_MAX, "strFromAscii: longer than ASCII_MAX");
  storeAscii(asciiText, s, n);
  return strFromUtf8(asciiText, n, <u32>n, mode);
}

/** A str of `length` code points from valid UTF-8 at p (the caller's
 *  scratch buffer). `mode` 0: a new object; 1: a code constant, interned
 *  when it looks like an identifier; 2: sys.intern() of the text. */
export function strFromUtf8(p: usize, nbytes: usize, length: u32, mode: i32): usize {
  if (nbytes == 0) return EMPTY_STR;
  if (length == 1) {
    let c = latin1CodePoint(p, nbytes);
    if (c >= 0) return latin1Char(<u32>c);
  }
  let hash = hashBytes(p, nbytes);
  let intern = mode == 2 || (mode == 1 && looksLikeIdentifier(p, nbytes));
  if (intern) {
    let found = internLookup(p, nbytes, hash);
    if (found) {
      incref(found); // interned strings are mortal: a new reference

      return found;
    }
  }
  let op = newObject(T_STR, STR_DATA + nbytes);
  if (!op) return 0;
  store<u32>(op, length, STR_LENGTH);
  store<u32>(op, hash, STR_HASH);
  store<u32>(op, <u32>nbytes, STR_NBYTES);
  store<u32>(op, nbytes == <usize>length ? STATE_ASCII : 0, STR_STATE);
  memory.copy(op + STR_DATA, p, nbytes);
  if (intern && !internInsert(op)) {
    // The intern table could not grow: the text stays a plain str, as
    // CPython leaves a string uninterned when it cannot intern it.
  }
  return op;
}

// ------------------------------------------------------------ slots

function strDealloc(op: usize): void {
  if ((load<u32>(op, STR_STATE) & STATE_INTERN_MASK) == STATE_INTERNED) internRemove(op);
  deleteObject(op, T_STR);
}
function strHashSlot(op: usize): i64 {
  return <i64>strHash(op);
}

// repr(s): CPython's unicode_repr. In single quotes unless s has a single
// quote and no double one; \\, the quote, \t \n \r escaped, and the
// characters str.isprintable() says are not printable escaped by their
// code: \xNN up to U+00FF (controls, DEL, U+0080..U+00A0, the soft
// hyphen), \uNNNN and \UNNNNNNNN above it (printable.ts's ranges).
function strRepr(op: usize, t: Text): void {
  let p = op + STR_DATA, n = strNbytes(op);
  let quote = quoteFor(p, n);
  textByte(t, quote);
  for (let i: usize = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c >= 0x80) {
      let k: usize = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      let cp = c & (0x7f >> <u32>k);
      for (let j: usize = 1; j < k; j++) cp = (cp << 6) | (load<u8>(p + i + j) & 0x3f);
      if (cp <= 0xff ? cp <= 0xa0 || cp == 0xad : !isPrintable(cp)) {
        if (cp <= 0xff) textHex(t, cp, 2, "\\x");
        else if (cp <= 0xffff) textHex(t, cp, 4, "\\u");
        else textHex(t, cp, 8, "\\U");
      } else textBytes(t, p + i, k);
      i += k - 1;
    } else escapeAscii(t, c, quote);
  }
  textByte(t, quote);
}

// printable.ts's ranges decoded when the module starts: [first u32,
// last u32] each, in order, for a binary search.
const ranges: usize = memory.data(<i32>(NONPRINTABLE_RANGES * 8));

function decodeRanges(): void {
  let v: u32 = 0, shift: u32 = 0, j: u32 = 0, prev: u32 = 0x100, first: u32 = 0;
  for (let p = NONPRINTABLE; j < 2 * NONPRINTABLE_RANGES; p++) {
    let b = <u32>load<u8>(p);
    v |= (b & 0x7f) << shift;
    shift += 7;
    if (b & 0x80) continue;
    if (j & 1) {
      let at = ranges + (<usize>(j >> 1) << 3);
      store<u32>(at, first);
      store<u32>(at, first + v, 4);
      prev = first + v + 1;
    } else first = prev + v;
    j++;
    v = 0;
    shift = 0;
  }
}

/** Whether code point cp (above U+00FF) is printable: in no range. */
function isPrintable(cp: u32): bool {
  let lo: u32 = 0, hi = NONPRINTABLE_RANGES; // the ranges before lo start at or below cp
  while (lo < hi) {
    let mid = (lo + hi) >> 1;
    if (load<u32>(ranges + (<usize>mid << 3)) <= cp) lo = mid + 1;
    else hi = mid;
  }
  return lo == 0 || cp > load<u32>(ranges + (<usize>(lo - 1) << 3), 4);
}

/** The quote repr() puts around text or bytes: ' unless the n bytes at
 *  p hold a ' and no ". */
export function quoteFor(p: usize, n: usize): u32 {
  let single = false;
  for (let i: usize = 0; i < n; i++) {
    let c = load<u8>(p + i);
    if (c == 0x22) return 0x27;
    if (c == 0x27) single = true;
  }
  return single ? 0x22 : 0x27;
}

/** An ASCII character as repr() writes it inside `quote`s. */
export function escapeAscii(t: Text, c: u32, quote: u32): void {
  if (c == quote || c == 0x5c) {
    textByte(t, 0x5c);
    textByte(t, c);
  } else if (c == 0x09 || c == 0x0a || c == 0x0d) {
    textByte(t, 0x5c);
    textByte(t, c == 0x09 ? 0x74 : c == 0x0a ? 0x6e : 0x72);
  } else if (c < 0x20 || c >= 0x7f) textHex(t, c, 2, "\\x");
  else textByte(t, c);
}

// ---------------------------------------------------------- statics

/** '' and the 256 one-character strs chr(0)..chr(255) (statics.ts places
 *  them), in UTF-8. */
function initStrStatics(): void {
  staticHeader(EMPTY_STR, T_STR);
  store<u32>(EMPTY_STR, hashBytes(EMPTY_STR + STR_DATA, 0), STR_HASH);
  store<u32>(EMPTY_STR, STATE_STATIC | STATE_ASCII, STR_STATE);
  for (let c: u32 = 0; c < 256; c++) {
    let op = latin1Char(c);
    staticHeader(op, T_STR);
    let n: u32 = 1;
    if (c < 0x80) {
      store<u8>(op + STR_DATA, <u8>c);
    } else {
      store<u8>(op + STR_DATA, <u8>(0xc0 | (c >> 6)));
      store<u8>(op + STR_DATA + 1, <u8>(0x80 | (c & 0x3f)));
      n = 2;
    }
    store<u32>(op, 1, STR_LENGTH);
    store<u32>(op, n, STR_NBYTES);
    store<u32>(op, hashBytes(op + STR_DATA, n), STR_HASH);
    store<u32>(op, STATE_STATIC | (c < 0x80 ? STATE_ASCII : 0), STR_STATE);
  }
}

initStrStatics();
decodeRanges();
registerName(T_STR, "str");
registerRepr(T_STR, strRepr);
registerDealloc(T_STR, strDealloc);
registerHash(T_STR, strHashSlot);
registerEquals(T_STR, strEquals);
