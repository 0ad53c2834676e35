// What tracing costs: the 10M-tuple churn of tuples.ts (and the variant
// that makes a new int each time, so that every iteration allocates and
// frees a block) through the createHeap() façade with tracemalloc off, in
// sampling mode at the default rate and in exact mode; and the same loops
// in python3 without and with tracemalloc. Modes are interleaved over
// `reps` rounds and the medians compared. Exact mode captures the stack
// at every allocation, so it runs min(N, exactN) iterations.
//
//   npx tsx bench/objects/tracemalloc.ts [N] [reps] [exactN = 1000000]
import { execFileSync } from "node:child_process";
import { createHeap, type Ref } from "../../src/index.js";

const N = Number(process.argv[2] ?? 10_000_000);
const REPS = Number(process.argv[3] ?? 3);
const EXACT_N = Number(process.argv[4] ?? 1_000_000);
const PYTHON = process.env.PYTHON ?? "python3";

type Mode = "off" | "sampled" | "exact";
const modes: Mode[] = ["off", "sampled", "exact"];
const loops = {
  "t = (a, b)": (heap: Awaited<ReturnType<typeof createHeap>>, n: number, a: Ref, b: Ref) => {
    for (let i = 0; i < n; i++) heap.decref(heap.tuple([a, b]));
  },
  "t = (i, i), i a new int": (heap: Awaited<ReturnType<typeof createHeap>>, n: number) => {
    for (let i = 0; i < n; i++) {
      const x = heap.int(1000 + i);
      heap.decref(heap.tuple([x, x]));
      heap.decref(x);
    }
  },
};
const pyBodies: Record<string, string> = {
  "t = (a, b)": "        t = (a, b)",
  "t = (i, i), i a new int": "        x = 1000 + i\n        t = (x, x)",
};

const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];

function python(body: string, traced: boolean): number {
  const src = `
import time, tracemalloc
def run(N):
    a = object(); b = object()
    t0 = time.perf_counter()
    for i in range(N):
${body}
    return time.perf_counter() - t0
${traced ? "tracemalloc.start()" : ""}
run(${Math.min(N, 1_000_000)})
print(run(${N}))`;
  return (Number(execFileSync(PYTHON, ["-c", src], { encoding: "utf8" }).trim()) * 1e9) / N;
}

console.log(`${N.toLocaleString("en-US")} iterations (exact mode ${Math.min(N, EXACT_N).toLocaleString("en-US")}), `
  + `${REPS} interleaved rounds, medians in ns/iteration; Node ${process.version}\n`);
for (const [label, loop] of Object.entries(loops)) {
  const times: Record<string, number[]> = { off: [], sampled: [], exact: [], python: [], "python tracemalloc": [] };
  for (let r = 0; r < REPS; r++) {
    for (const mode of modes) {
      const heap = await createHeap();
      const a = heap.str("a value"), b = heap.float(2.5);
      if (mode === "sampled") heap.tracemalloc.start({ sampleBytes: true });
      if (mode === "exact") heap.tracemalloc.start();
      const n = mode === "exact" ? Math.min(N, EXACT_N) : N;
      loop(heap, n, a, b); // warm up
      const t0 = process.hrtime.bigint();
      loop(heap, n, a, b);
      times[mode].push(Number(process.hrtime.bigint() - t0) / n);
      heap.close();
    }
    times.python.push(python(pyBodies[label], false));
    times["python tracemalloc"].push(python(pyBodies[label], true));
  }
  const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  console.log(label);
  for (const [k, v] of Object.entries(m)) console.log(`  ${k.padEnd(20)} ${v.toFixed(1).padStart(8)} ns`);
  console.log(`  pyheap sampled / off: ${(m.sampled / m.off).toFixed(3)}x   exact / off: ${(m.exact / m.off).toFixed(2)}x`);
  console.log(`  python3 tracemalloc / python3: ${(m["python tracemalloc"] / m.python).toFixed(2)}x\n`);
}
