// A Ref argument must be a number that fits 32 bits; the module checks
// the rest (live, right type).

export const isRef = (v: unknown): v is number => typeof v === "number" && v >>> 0 === v;
export const badRef = (what: string, v: unknown): TypeError =>
  new TypeError(`${what}: expected a Ref (an object's address), got ${typeof v === "number" ? v : typeof v}`);
export const ref = (what: string, v: unknown): number => {
  if (!isRef(v)) throw badRef(what, v);
  return v;
};
