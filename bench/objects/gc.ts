// The cycle collector against CPython (the machine's python3, or $PYTHON)
// on the same shapes:
//
//   full    gc.collect() over 1,000,000 live containers (lists in a list)
//   cycles  gc.collect() freeing 1,000,000 2-cycles plus 100,000 10-list rings
//   young   gc.collect(0) over 2,000 new containers, with the 1,000,000
//           live ones in the old generation
//
//   npx tsx bench/objects/gc.ts [N]
//
// Building the shapes is not timed; automatic collection is off on both
// sides while they are built. Times are the best of 5 runs.
import { execFileSync } from "node:child_process";
import { createHeap, type Heap } from "../../src/index.js";

const N = Number(process.argv[2] ?? 1_000_000);
const PYTHON = process.env.PYTHON ?? "python3";
const RUNS = 5;

const python = (): Record<string, number> => {
  const src = `
import gc, time, json
N = ${N}; RUNS = ${RUNS}
gc.disable()
def best(setup, fn):
    t = 1e9
    for _ in range(RUNS):
        st = setup()
        t0 = time.perf_counter(); fn(st); t = min(t, time.perf_counter() - t0)
        del st
    return t * 1000
def live():
    gc.collect()
    return [[] for _ in range(N)]
def cycles():
    gc.collect()
    for _ in range(N):
        a = []; b = [a]; a.append(b)
    for _ in range(N // 10):
        first = []; prev = first
        for _ in range(9):
            cur = []; prev.append(cur); prev = cur
        prev.append(first)
    return None
def young():
    keep = [[] for _ in range(N)]
    gc.collect()
    return (keep, [[] for _ in range(2000)])
print(json.dumps({
  "full": best(live, lambda st: gc.collect()),
  "cycles": best(cycles, lambda st: gc.collect()),
  "young": best(young, lambda st: gc.collect(0)),
}))`;
  return JSON.parse(execFileSync(PYTHON, ["-c", src], { encoding: "utf8", maxBuffer: 1 << 20 }).trim());
};

function best(heap: Heap, setup: () => () => void, fn: () => void): number {
  let t = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const teardown = setup();
    const t0 = performance.now();
    fn();
    t = Math.min(t, performance.now() - t0);
    teardown();
  }
  return t;
}

const heap = await createHeap();
heap.gc.disable();

const liveLists = (n: number) => {
  const outer = heap.list();
  for (let i = 0; i < n; i++) {
    const l = heap.list();
    heap.append(outer, l);
    heap.decref(l);
  }
  return outer;
};

const full = best(heap, () => {
  heap.gc.collect();
  const outer = liveLists(N);
  return () => heap.decref(outer);
}, () => heap.gc.collect());

const cycles = best(heap, () => {
  heap.gc.collect();
  for (let i = 0; i < N; i++) {
    const a = heap.list();
    const b = heap.list([a]);
    heap.append(a, b);
    heap.decref(a);
    heap.decref(b);
  }
  for (let r = 0; r < N / 10; r++) {
    const first = heap.list();
    let prev = first;
    for (let j = 0; j < 9; j++) {
      const cur = heap.list();
      heap.append(prev, cur);
      heap.decref(cur);
      prev = cur;
    }
    heap.append(prev, first);
    heap.decref(first);
  }
  return () => undefined;
}, () => heap.gc.collect());

const young = best(heap, () => {
  const keep = liveLists(N);
  heap.gc.collect();
  const fresh = liveLists(2000);
  return () => {
    heap.decref(fresh);
    heap.decref(keep);
  };
}, () => heap.gc.collect(0));

const version = execFileSync(PYTHON, ["-c", "import sys; print(sys.version.split()[0])"], { encoding: "utf8" }).trim();
const py = python();
console.log(`N = ${N.toLocaleString("en-US")}; CPython ${version} (${PYTHON}); Node ${process.version}; best of ${RUNS}\n`);
const row = (label: string, ours: number, theirs: number) =>
  console.log(`${label.padEnd(52)} ${ours.toFixed(3).padStart(9)} ms  CPython ${theirs.toFixed(3).padStart(9)} ms  ratio ${(ours / theirs).toFixed(2)}x`);
row(`full collection, ${N.toLocaleString("en-US")} live containers`, full, py.full);
row(`${N.toLocaleString("en-US")} 2-cycles + ${(N / 10).toLocaleString("en-US")} 10-rings`, cycles, py.cycles);
row("young collection (2,000 new containers)", young, py.young);
heap.close();
