// repr(float): the shortest digits that read back as the double, laid out
// as CPython does (assembly/objects/dtoa.ts, float.ts), in every build.
import { describe, it, expect } from "vitest";
import { createHeap } from "../src/index.js";

// [value, python3.13's repr(value)]
const CPYTHON: Array<[number, string]> = [
  [0.1, "0.1"], [0.3, "0.3"], [0.1 + 0.2, "0.30000000000000004"], [1 / 3, "0.3333333333333333"], [100, "100.0"],
  [1e15, "1000000000000000.0"], [1e16, "1e+16"], [9999999999999998, "9999999999999998.0"], [1e22, "1e+22"], [1e23, "1e+23"],
  [123456789012345680, "1.2345678901234568e+17"], [9007199254740993, "9007199254740992.0"],
  [0.0001, "0.0001"], [1e-5, "1e-05"], [9.5e-5, "9.5e-05"], [123e-20, "1.23e-18"],
  [1.7976931348623157e308, "1.7976931348623157e+308"], [8.98846567431158e307, "8.98846567431158e+307"],
  [2.2250738585072014e-308, "2.2250738585072014e-308"], [2.225073858507201e-308, "2.225073858507201e-308"],
  [5e-324, "5e-324"], [1e-323, "1e-323"], [1.5e-323, "1.5e-323"],
  [Infinity, "inf"], [-Infinity, "-inf"], [NaN, "nan"], [0, "0.0"], [-0, "-0.0"], [-1.5, "-1.5"],
  // two shortest candidates: CPython takes the nearer (a fixed-precision
  // or Grisu2 digit generator gives the other)
  [3.7069507661732803e230, "3.7069507661732803e+230"], [-5.6975989957912394e-241, "-5.6975989957912394e-241"],
  [1439902626.6937873, "1439902626.6937873"], [-3.8903289476254615e21, "-3.8903289476254615e+21"],
  [4.8861197532368685e-70, "4.8861197532368685e-70"], [-1.2160169409908337e54, "-1.2160169409908337e+54"],
];

/** Python's repr(v) from JavaScript's own shortest digits (ECMAScript's
 *  Number::toString picks the fewest digits and, of two, the nearer; the
 *  layout is Python's). A model to compare many values with. */
function model(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (v === 0) return Object.is(v, -0) ? "-0.0" : "0.0";
  const sign = v < 0 ? "-" : "";
  const [mant, exp] = Math.abs(v).toExponential().split("e");
  const digits = mant.replace(".", "");
  const decpt = Number(exp) + 1;
  if (decpt <= -4 || decpt > 16) {
    const e = decpt - 1;
    const frac = digits.length > 1 ? "." + digits.slice(1) : "";
    return `${sign}${digits[0]}${frac}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  if (decpt <= 0) return sign + "0." + "0".repeat(-decpt) + digits;
  if (decpt >= digits.length) return sign + digits + "0".repeat(decpt - digits.length) + ".0";
  return sign + digits.slice(0, decpt) + "." + digits.slice(decpt);
}

describe.each(["release", "debug", "legacy"] as const)("repr(float) (%s build)", (build) => {
  it("is CPython 3.13's: the shortest digits that read back, the nearer of two", async () => {
    const heap = await createHeap({ build });
    for (const [v, want] of CPYTHON) {
      expect(model(v), `the model, for ${want}`).toBe(want);
      const f = heap.float(v);
      expect(heap.repr(f)).toBe(want);
      heap.decref(f);
    }
    heap.close();
  });

  it("agrees with the shortest digits on random doubles of every exponent, subnormals and powers of two", async () => {
    const heap = await createHeap({ build });
    let seed = 0x9e3779b9;
    const rand32 = () => {
      seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
      return seed >>> 0;
    };
    const view = new DataView(new ArrayBuffer(8));
    const values: number[] = [];
    for (let i = 0; i < 4000; i++) {
      view.setUint32(0, rand32());
      view.setUint32(4, rand32());
      values.push(view.getFloat64(0)); // any bit pattern
      view.setUint32(0, rand32() & 0x800fffff); // a subnormal
      values.push(view.getFloat64(0));
      values.push(2 ** ((rand32() % 2098) - 1074)); // unequal gaps around a power of two
      values.push((rand32() % 100000) / 10 ** (rand32() % 30)); // a short decimal
    }
    for (const v of values) {
      const f = heap.float(v);
      const got = heap.repr(f);
      heap.decref(f);
      if (got !== model(v)) expect(got, `repr of ${v}`).toBe(model(v));
      if (!Number.isNaN(v)) expect(Number(got.replace(/inf/, "Infinity")), got).toBe(v);
    }
    heap.close();
  });
});
