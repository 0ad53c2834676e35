// Hashes. Numbers hash as in CPython (x mod 2**61-1, so that equal numbers
// of different types -- 1, 1.0, True -- hash alike), truncated to the 32
// bits a wasm32 Py_hash_t has. str and bytes use FNV-1a over their bytes
// followed by murmur3's finaliser: CPython's siphash13 output is salted
// per process (PYTHONHASHSEED), so no program can depend on the values;
// FNV+fmix is fast on short keys and mixes well enough for open
// addressing. Tuples combine their items with CPython's xxHash-based
// tuplehash (32-bit primes). Everything else hashes by identity.

const MODULUS: u64 = (<u64>1 << 61) - 1;

/** FNV-1a over n bytes at p, then fmix32. */
export function hashBytes(p: usize, n: usize): u32 {
  let h: u32 = 0x811c9dc5;
  for (let i: usize = 0; i < n; i++) {
    h = (h ^ <u32>load<u8>(p + i)) * 0x01000193;
  }
  h ^= <u32>n;
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}

/** hash(int) for an int64: v mod (2**61 - 1) keeping the sign, -1 -> -2. */
export function hashInt(v: i64): u32 {
  let neg = v < 0;
  let a: u64 = neg ? <u64>(-v) : <u64>v; // -(-2**63) wraps to 2**63, still right as u64
  let h = <i64>(a % MODULUS);
  if (neg) h = -h;
  if (h == -1) h = -2;
  return <u32>h;
}

/** hash(int) for 2**63 <= v < 2**64. */
export function hashUint(v: u64): u32 {
  return <u32>(v % MODULUS);
}

/** hash(float): integral values hash like the equal int; infinities as
 *  CPython (314159); others by mixing the bits (equality, not the value,
 *  is what a hash table needs). */
export function hashFloat(f: f64): u32 {
  if (f == Math.floor(f)) {
    if (f >= -9223372036854775808.0 && f < 9223372036854775808.0) return hashInt(<i64>f);
    if (f >= 0 && f < 18446744073709551616.0) return hashUint(<u64>f);
    if (f == Infinity) return 314159;
    if (f == -Infinity) return <u32>-314159;
  }
  let b = reinterpret<u64>(f);
  b ^= b >> 33;
  b *= 0xff51afd7ed558ccd;
  b ^= b >> 33;
  b *= 0xc4ceb9fe1a85ec53;
  b ^= b >> 33;
  let h = <u32>b;
  return h == 0xffffffff ? 0xfffffffe : h;
}

/** CPython's _Py_HashPointer: the address rotated by 4 bits. */
// @ts-ignore: decorator
@inline export function hashPointer(op: usize): u32 {
  let y = <u32>op;
  let h = (y >> 4) | (y << 28);
  return h == 0xffffffff ? 0xfffffffe : h;
}

// tuplehash (Objects/tupleobject.c), 32-bit variant.
export const XXPRIME_1: u32 = 2654435761;
export const XXPRIME_2: u32 = 2246822519;
export const XXPRIME_5: u32 = 374761393;
// @ts-ignore: decorator
@inline export function xxRotate(x: u32): u32 {
  return (x << 13) | (x >> 19);
}
