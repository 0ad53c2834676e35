// Creating and destroying 10,000,000 small tuples: through the createHeap()
// facade, inside Wasm, and in CPython (the machine's python3) running the
// same loop natively; plus an incref+decref pair inside Wasm.
//
//   npx tsx bench/objects/tuples.ts [N]
//
// Each loop keeps one tuple alive at a time, as `t = (a, b)` in a Python
// loop does (the previous tuple dies when t is rebound), so both sides
// exercise allocation, the tuple free list and deallocation.
import { execFileSync } from "node:child_process";
import { createHeap } from "../../src/index.js";

const N = Number(process.argv[2] ?? 10_000_000);
const PYTHON = process.env.PYTHON ?? "python3";
const heap = await createHeap();

function time(label: string, n: number, fn: () => void): number {
  fn(); // warm up (JIT, free lists)
  const t0 = process.hrtime.bigint();
  fn();
  const ns = Number(process.hrtime.bigint() - t0) / n;
  console.log(`${label.padEnd(58)} ${ns.toFixed(2).padStart(7)} ns/op`);
  return ns;
}

function python(label: string, body: string): number {
  const src = `
import time
def run(N):
    a = object(); b = object()
    t0 = time.perf_counter()
    for i in range(N):
${body}
    return time.perf_counter() - t0
run(${Math.min(N, 1_000_000)})
print(run(${N}))`;
  const secs = Number(execFileSync(PYTHON, ["-c", src], { encoding: "utf8" }).trim());
  const ns = (secs * 1e9) / N;
  console.log(`${label.padEnd(58)} ${ns.toFixed(2).padStart(7)} ns/op`);
  return ns;
}

const version = execFileSync(PYTHON, ["-c", "import sys; print(sys.version.split()[0])"], { encoding: "utf8" }).trim();
console.log(`${N.toLocaleString("en-US")} iterations; CPython ${version} (${PYTHON}); Node ${process.version}\n`);

const a = heap.str("a value"), b = heap.float(2.5);
const facade = time("facade: t = heap.tuple([a, b]); heap.decref(t)", N, () => {
  for (let i = 0; i < N; i++) heap.decref(heap.tuple([a, b]));
});
const facadeInt = time("facade: x = heap.int(i); t = heap.tuple([x, x]); decref both", N, () => {
  for (let i = 0; i < N; i++) {
    const x = heap.int(i);
    heap.decref(heap.tuple([x, x]));
    heap.decref(x);
  }
});
const ex = heap.exports;
time("wasm:   the same 2-tuples created and destroyed inside Wasm", N, () => ex.pyobj_bench_tuples(N, a, b));
const py = python("cpython: t = (a, b)", "        t = (a, b)");
const pyInt = python("cpython: t = (i, i)", "        t = (i, i)");

const pairs = 200_000_000;
const incdec = time("wasm:   Py_INCREF + Py_DECREF pair, one object", pairs, () => ex.pyobj_bench_incref_decref(b, pairs));
const objs = Array.from({ length: 1024 }, (_, i) => heap.float(i));
const spreadList = heap.list(objs);
objs.forEach((o) => heap.decref(o));
const spread = time("wasm:   Py_INCREF + Py_DECREF pair, over 1024 objects", pairs,
  () => ex.pyobj_bench_incref_decref_spread(spreadList, pairs));
heap.decref(spreadList);

console.log(`\nfacade / CPython, t = (a, b): ${(facade / py).toFixed(2)}x  (< 1: the facade is faster)`);
console.log(`facade / CPython, t = (i, i): ${(facadeInt / pyInt).toFixed(2)}x`);
console.log(`incref+decref pair: ${incdec.toFixed(2)} ns on one object (latency-bound), ${spread.toFixed(2)} ns spread`);
heap.decref(a);
heap.decref(b);
heap.close();
