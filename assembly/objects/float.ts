// float: an IEEE double in a 16-byte object, with CPython's free list of
// 100 (Objects/floatobject.c, PyFloat_MAXFREELIST).
//
//   op+0 [ob_refcnt][ob_type = T_FLOAT]  op+8 [ ob_fval f64 ]

import { T_FLOAT, OB_HEAD } from "./layout";
import { newObjectFrom, countGone, freeBlock } from "./alloc";
import { floatFreelistPop, floatFreelistPush } from "./freelists";
import { hashFloat } from "./hash";
import { registerDealloc, registerHash, registerName, registerRepr } from "./slots";
import { Text, textAscii, textByte, textDecimal } from "./text";
import { dtoa_buffered } from "util/number";

export const FLOAT_VALUE: usize = OB_HEAD;
export const FLOAT_SIZE: usize = OB_HEAD + 8;

/** PyFloat_FromDouble: a new reference; reuses a freed float if any. */
export function floatNew(v: f64): usize {
  let op = newObjectFrom(floatFreelistPop(), T_FLOAT, FLOAT_SIZE);
  if (!op) return 0;
  store<f64>(op, v, FLOAT_VALUE);
  return op;
}

// ------------------------------------------------------------ slots

function floatDealloc(op: usize): void {
  countGone(op, T_FLOAT);
  if (!floatFreelistPush(op)) freeBlock(op);
}
function floatHash(op: usize): i64 {
  return <i64>hashFloat(load<f64>(op, FLOAT_VALUE));
}

// repr(x): Python's float_repr. The shortest digits that read back as x
// come from AssemblyScript's dtoa (Grisu2: shortest in nearly every case,
// a digit longer in a few), laid out as Python lays them out: positional
// from 1e-4 to 1e16, else d.ddde+XX, and always a '.0' or an exponent.
const DTOA_CHARS = 32; // dtoa's longest output is 25 UTF-16 characters
const dtoaOut: usize = memory.data(DTOA_CHARS * 2);
const digitsOut: usize = memory.data(DTOA_CHARS);

function floatRepr(op: usize, t: Text): void {
  let v = load<f64>(op, FLOAT_VALUE);
  if (isNaN(v)) {
    textAscii(t, "nan");
    return;
  }
  if (!isFinite(v)) {
    textAscii(t, v < 0 ? "-inf" : "inf");
    return;
  }
  if (v == 0) {
    textAscii(t, 1 / v < 0 ? "-0.0" : "0.0");
    return;
  }
  if (v < 0) {
    textByte(t, 0x2d);
    v = -v;
  }
  // dtoa's text, e.g. "0.001", "123.45", "1.5e+300": its digits without
  // the point, and where the point goes (decpt digits before it).
  let len = <usize>dtoa_buffered(dtoaOut, v);
  let nd: i32 = 0, decpt: i32 = -1, exp: i32 = 0, expSign: i32 = 1;
  for (let i: usize = 0; i < len; i++) {
    let c = <u32>load<u16>(dtoaOut + (i << 1));
    if (c == 0x2e) decpt = nd;
    else if (c == 0x65) {
      for (let j = i + 1; j < len; j++) {
        let e = <u32>load<u16>(dtoaOut + (j << 1));
        if (e == 0x2d) expSign = -1;
        else if (e != 0x2b) exp = exp * 10 + <i32>(e - 0x30);
      }
      break;
    } else {
      store<u8>(digitsOut + <usize>nd, <u8>c);
      nd++;
    }
  }
  if (decpt < 0) decpt = nd;
  decpt += expSign * exp;
  let first: i32 = 0;
  while (first < nd - 1 && load<u8>(digitsOut + <usize>first) == 0x30) {
    first++;
    decpt--;
  }
  while (nd - 1 > first && load<u8>(digitsOut + <usize>(nd - 1)) == 0x30) nd--;
  let p = digitsOut + <usize>first;
  let n = nd - first;
  if (decpt <= -4 || decpt > 16) {
    textByte(t, load<u8>(p));
    if (n > 1) {
      textByte(t, 0x2e);
      for (let i = 1; i < n; i++) textByte(t, load<u8>(p + <usize>i));
    }
    let e = decpt - 1;
    textAscii(t, e < 0 ? "e-" : "e+");
    if (e < 0) e = -e;
    if (e < 10) textByte(t, 0x30);
    textDecimal(t, <u64>e, false);
  } else if (decpt <= 0) {
    textAscii(t, "0.");
    for (let i = decpt; i < 0; i++) textByte(t, 0x30);
    for (let i = 0; i < n; i++) textByte(t, load<u8>(p + <usize>i));
  } else {
    for (let i = 0; i < n || i < decpt; i++) {
      if (i == decpt) textByte(t, 0x2e);
      textByte(t, i < n ? load<u8>(p + <usize>i) : 0x30);
    }
    if (decpt >= n) textAscii(t, ".0");
  }
}

registerName(T_FLOAT, "float");
registerRepr(T_FLOAT, floatRepr);
registerDealloc(T_FLOAT, floatDealloc);
registerHash(T_FLOAT, floatHash);
