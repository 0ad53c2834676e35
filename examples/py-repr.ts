// Python's repr() of a heap object, for the examples' output: built on
// heap.toJS(), with CPython's "[...]" for a list that contains itself.
import type { Heap, Ref } from "../src/index.js";

export function pyRepr(heap: Heap, o: Ref): string {
  return show(heap.toJS(o), new Set());
}

function show(v: unknown, open: Set<unknown>): string {
  if (v === null) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "string") return `'${v}'`;
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  if (open.has(v)) return Array.isArray(v) ? "[...]" : "{...}";
  open.add(v);
  let s: string;
  if (Array.isArray(v)) s = `[${v.map((x) => show(x, open)).join(", ")}]`;
  else if (v instanceof Map) s = `{${[...v].map(([k, x]) => `${show(k, open)}: ${show(x, open)}`).join(", ")}}`;
  else if (v instanceof Set) s = `{${[...v].map((x) => show(x, open)).join(", ")}}`;
  else s = String(v);
  open.delete(v);
  return s;
}
