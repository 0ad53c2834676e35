// The shortest decimal digits that read back as a given double: the
// free-format algorithm of Steele & White and Burger & Dybvig ("Printing
// Floating-Point Numbers Quickly and Accurately", 1996) on exact big
// integers. CPython's repr(float) gets the same digits from David Gay's
// dtoa (mode 0): the fewest digits that round to the double, and of two
// such candidates the nearer one (an exact tie: the even digit).
//
// v = r / s, and the doubles next to v are (r - mm) / s and (r + mp) / s
// halfway: any decimal strictly between those halves reads back as v (and
// one on a half does too when v's mantissa is even, since reading rounds
// ties to even). Digits are taken off r / s one at a time until the
// decimal so far is inside that interval.
//
//   big number: WORDS u32 words, least significant first, all in use
//   (fixed width: repr is not a hot path, and no length to keep)

import { DEBUG } from "../config";

// r, s and the gaps stay below 2**1140 (5e-324 is 2**-1074 scaled by
// 10**324; 1.8e308 is below 2**1025 and scaled by 10): 36 words, and a
// few more.
const WORDS: usize = 40;
const BYTES: usize = WORDS << 2;
const R: usize = memory.data(<i32>BYTES);
const S: usize = memory.data(<i32>BYTES);
const MP: usize = memory.data(<i32>BYTES);
const MM: usize = memory.data(<i32>BYTES);
const SUM: usize = memory.data(<i32>BYTES);

function bigSet(a: usize, v: u64): void {
  memory.fill(a, 0, BYTES);
  store<u64>(a, v);
}

/** a <<= n. */
function bigShiftLeft(a: usize, n: u32): void {
  let words = <usize>(n >> 5), bits = n & 31;
  for (let i = <isize>WORDS - 1; i >= 0; i--) {
    let from = i - <isize>words;
    let hi: u32 = from >= 0 ? load<u32>(a + (<usize>from << 2)) : 0;
    let lo: u32 = from >= 1 ? load<u32>(a + (<usize>(from - 1) << 2)) : 0;
    store<u32>(a + (<usize>i << 2), bits ? (hi << bits) | (lo >>> (32 - bits)) : hi);
  }
}

/** a *= m. */
function bigMul(a: usize, m: u32): void {
  let carry: u64 = 0;
  for (let i: usize = 0; i < WORDS; i++) {
    let p = <u64>load<u32>(a + (i << 2)) * <u64>m + carry;
    store<u32>(a + (i << 2), <u32>p);
    carry = p >> 32;
  }
  if (DEBUG) assert(carry == 0, "dtoa: big number overflow");
}

/** a *= 10**k. */
function bigMulPow10(a: usize, k: i32): void {
  for (; k >= 9; k -= 9) bigMul(a, 1000000000);
  let m: u32 = 1;
  for (; k > 0; k--) m *= 10;
  if (m > 1) bigMul(a, m);
}

/** to = a + b. */
function bigAdd(to: usize, a: usize, b: usize): void {
  let carry: u64 = 0;
  for (let i: usize = 0; i < WORDS; i++) {
    let x = <u64>load<u32>(a + (i << 2)) + <u64>load<u32>(b + (i << 2)) + carry;
    store<u32>(to + (i << 2), <u32>x);
    carry = x >> 32;
  }
}

/** a -= b (a >= b). */
function bigSub(a: usize, b: usize): void {
  let borrow: i64 = 0;
  for (let i: usize = 0; i < WORDS; i++) {
    let x = <i64>load<u32>(a + (i << 2)) - <i64>load<u32>(b + (i << 2)) - borrow;
    borrow = x < 0 ? 1 : 0;
    store<u32>(a + (i << 2), <u32>x);
  }
}

/** -1, 0 or 1 as a <, == or > b. */
function bigCompare(a: usize, b: usize): i32 {
  for (let i = <isize>WORDS - 1; i >= 0; i--) {
    let x = load<u32>(a + (<usize>i << 2)), y = load<u32>(b + (<usize>i << 2));
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Whether r + mp reaches s: past it, or onto it when `onto` is allowed. */
function highReached(onto: bool): bool {
  bigAdd(SUM, R, MP);
  let c = bigCompare(SUM, S);
  return onto ? c >= 0 : c > 0;
}

/** The shortest digits of finite v > 0, written to `digits` as ASCII and
 *  followed by a 0 byte (at most 17 digits and the 0); returns decpt, the
 *  decimal point's place: v is 0.d1d2d3... times 10**decpt. */
export function shortestDigits(v: f64, digits: usize): i32 {
  if (DEBUG) assert(v > 0 && isFinite(v), "shortestDigits: v must be finite and positive");
  let bits = reinterpret<u64>(v);
  let be = <i32>(bits >> 52);
  let f = bits & 0xfffffffffffff;
  let e: i32;
  if (be) {
    f |= 0x10000000000000;
    e = be - 1075;
  } else e = -1074;
  // the gap above is twice the one below at a power of two (but the smallest normal's)
  let unequal = f == 0x10000000000000 && be > 1;
  let even = (f & 1) == 0;
  // v = r / s, the gaps mp / s and mm / s: all times 2 so that they halve exactly
  bigSet(R, f);
  bigSet(S, 1);
  bigSet(MP, 1);
  bigSet(MM, 1);
  let up: u32 = unequal ? 2 : 1;
  if (e >= 0) {
    bigShiftLeft(R, <u32>e + up);
    bigShiftLeft(MP, <u32>e + up - 1);
    bigShiftLeft(MM, <u32>e);
    bigShiftLeft(S, up);
  } else {
    bigShiftLeft(R, up);
    bigShiftLeft(MP, up - 1);
    bigShiftLeft(S, <u32>(-e) + up);
  }
  // k: ceil(log10(v)) or one below it (fixed next), from v's binary
  // exponent: v is in [2**e2, 2**(e2 + 1)), and log10(2) < 1
  let e2 = 63 - <i32>clz(f) + e;
  let k = <i32>Math.ceil(<f64>e2 * 0.30102999566398120 - 1e-10);
  if (k >= 0) bigMulPow10(S, k);
  else {
    bigMulPow10(R, -k);
    bigMulPow10(MP, -k);
    bigMulPow10(MM, -k);
  }
  if (highReached(even)) k++;
  else {
    bigMul(R, 10);
    bigMul(MP, 10);
    bigMul(MM, 10);
  }
  let n: usize = 0;
  while (true) {
    let d: u32 = 0;
    while (bigCompare(R, S) >= 0) {
      bigSub(R, S);
      d++;
    }
    let c = bigCompare(R, MM);
    let low = even ? c <= 0 : c < 0;
    let high = highReached(even);
    if (low || high) {
      if (high && !low) d++;
      else if (high && low) {
        // both d and d + 1 read back: the nearer, the even one on a tie
        bigAdd(SUM, R, R);
        let twice = bigCompare(SUM, S);
        if (twice > 0 || (twice == 0 && (d & 1))) d++;
      }
      store<u8>(digits + n++, <u8>(0x30 + d));
      break;
    }
    store<u8>(digits + n++, <u8>(0x30 + d));
    bigMul(R, 10);
    bigMul(MP, 10);
    bigMul(MM, 10);
  }
  store<u8>(digits + n, 0);
  return k;
}
