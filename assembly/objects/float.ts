// float: an IEEE double in a 16-byte object, with CPython's free list of
// 100 (Objects/floatobject.c, PyFloat_MAXFREELIST).
//
//   op+0 [ob_refcnt][ob_type = T_FLOAT]  op+8 [ ob_fval f64 ]

import { T_FLOAT, OB_HEAD } from "./layout";
import { newObjectFrom, countGone, freeObjectBlock } from "./alloc";
import { floatFreelistPop, floatFreelistPush } from "./freelists";
import { hashFloat } from "./hash";
import { registerDealloc, registerHash, registerName, registerRepr } from "./slots";
import { Text, textAscii, textByte, textDecimal } from "./text";
import { shortestDigits } from "./dtoa";

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
  if (!floatFreelistPush(op)) freeObjectBlock(op, op);
}
function floatHash(op: usize): i64 {
  return <i64>hashFloat(load<f64>(op, FLOAT_VALUE));
}

// repr(x): Python's float_repr. The shortest digits that read back as x
// (dtoa.ts), laid out as Python lays them out: positional from 1e-4 to
// 1e16, else d.ddde+XX, and always a '.0' or an exponent.
const digitsOut: usize = memory.data(24); // 17 digits at most, and a 0

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
  let decpt = shortestDigits(v, digitsOut);
  let n: i32 = 0;
  while (load<u8>(digitsOut + <usize>n)) n++;
  let p = digitsOut;
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
