// Self-check of the baselines, the driver and the grow instrumentation:
//   node bench/baselines/selfcheck.js [nops]
// For every baseline: verify() a deterministic synthetic trace (at 16-byte
// alignment, falling back to 8 to report allocators that only give 8),
// replay() it and compare the checksum with expectedChecksum(), and, when
// the raw un-instrumented build from build.sh is in bench/.cache/, check the
// instrumented module behaves identically and that runtime instrumentation
// gives the same grow count. Two deliberately broken allocators must be
// caught. Exits 1 on any failure.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  ALLOCATORS, instantiateAllocator, instantiateDriver, replayInWasm, replayWith,
} from "../lib/wasm-allocators.js";
import { expectedChecksum } from "../lib/checksum.js";
import { syntheticTrace } from "../lib/synthetic-trace.js";

const NOPS = Number(process.argv[2] ?? 200_000);
const RAW_DIR = fileURLToPath(new URL("../.cache/baselines/", import.meta.url));
const ops = syntheticTrace(NOPS);
const nops = ops.length / 2;
const expected = expectedChecksum(ops);
const kinds = [0, 0, 0, 0];
for (let i = 0; i < ops.length; i += 2) kinds[ops[i] >>> 30]++;
console.log(`trace: ${nops} ops (malloc ${kinds[0]}, free ${kinds[1]}, realloc ${kinds[2]}, calloc ${kinds[3]}), expected checksum ${expected}`);

let failures = 0;
const rows = [];
for (const a of ALLOCATORS) {
  const problems = [];
  // Alignment: the largest of 16/8 at which verify passes.
  let align = 0;
  let verifyFail = 0;
  for (const al of [16, 8]) {
    const v = await replayInWasm(a.file, ops, { verify: true, align: al });
    if (v.failedOp === 0) { align = al; break; }
    if (al === 16) verifyFail = v.failedOp;
    else problems.push(`verify failed at op ${v.failedOp} (16-byte: op ${verifyFail})`);
  }
  // Replay: one warm-up (lets V8 tier up), then the median of 3 timed runs.
  await replayInWasm(a.file, ops);
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await replayInWasm(a.file, ops));
  runs.sort((x, y) => x.ns - y.ns);
  const r = runs[1];
  if (r.failedOp) problems.push(`allocation failed at op ${r.failedOp}`);
  if (r.checksum !== expected) problems.push(`checksum ${r.checksum} != ${expected}`);
  if (r.ops !== nops) problems.push(`replayed ${r.ops}/${nops} ops`);

  // Instrumented vs raw build (only where build.sh left the raw build).
  let instr = "no raw build";
  const raw = `${RAW_DIR}${a.file.split("/").pop()}`;
  if (existsSync(raw)) {
    const plain = await replayInWasm(raw, ops, { instrument: false });
    const runtime = await replayInWasm(raw, ops, { instrument: true });
    const same = plain.checksum === r.checksum && plain.finalMemoryBytes === r.finalMemoryBytes &&
      runtime.checksum === r.checksum && runtime.growCount === r.growCount &&
      runtime.finalMemoryBytes === r.finalMemoryBytes;
    instr = same ? "identical" : "DIFFERS";
    if (!same) problems.push(`raw/instrumented mismatch: raw ${plain.checksum}/${plain.finalMemoryBytes}B, runtime-instrumented grows ${runtime.growCount}`);
  }
  if (problems.length) failures++;
  rows.push({
    allocator: a.name,
    result: problems.length ? "FAIL" : "ok",
    align: align || "-",
    "ns/op": (r.ns / r.ops).toFixed(1),
    "final memory": `${(r.finalMemoryBytes / 1048576).toFixed(2)} MiB`,
    "harness": `${(r.harnessBytes / 1024).toFixed(0)} KiB`,
    grows: r.growCount,
    "raw vs instrumented": instr,
  });
  for (const p of problems) console.log(`  ${a.name}: ${p}`);
}
console.table(rows);

// Negative controls: the driver must catch broken allocators.
// The JS wrappers sit between driver and allocator, so the replay itself is
// unchanged; a trap inside the allocator also counts as caught.
async function broken(name, file, wrap) {
  const run = async (verify) => {
    const alloc = await instantiateAllocator(file);
    alloc.exports = { ...alloc.exports, ...wrap(alloc.exports) };
    try {
      return replayWith(alloc, await instantiateDriver(alloc), ops, { verify });
    } catch (e) {
      return { failedOp: -1, checksum: `trap (${e.message})` };
    }
  };
  const v = await run(true);
  const r = await run(false);
  const caught = v.failedOp !== 0 && r.checksum !== expected;
  const how = r.failedOp > 0 ? `replay stops at failed op ${r.failedOp}` : `replay checksum ${r.checksum}`;
  console.log(`negative control ${name}: verify fails at op ${v.failedOp}, ${how} -> ${caught ? "caught" : "NOT CAUGHT"}`);
  if (!caught) failures++;
}
const file = (name) => ALLOCATORS.find((a) => a.name === name).file;
// Every 1000th malloc hands out the previous block again (overlap). On bump,
// whose free is a no-op, so the allocator itself is not corrupted.
await broken("overlapping malloc (bump)", file("bump"), ({ malloc }) => {
  let n = 0, last = 0;
  return { malloc: (size) => (++n % 1000 === 0 && last ? last : (last = malloc(size))) };
});
// calloc that does not zero (dlmalloc reuses freed, dirty blocks).
await broken("non-zeroing calloc (dlmalloc-wasi)", file("dlmalloc-wasi"),
  ({ malloc }) => ({ calloc: (k, size) => malloc(k * size) }));
// malloc returning NULL on its 5000th call (replay must report the op).
await broken("malloc returns NULL (dlmalloc-wasi)", file("dlmalloc-wasi"), ({ malloc }) => {
  let n = 0;
  return { malloc: (size) => (++n === 5000 ? 0 : malloc(size)) };
});
// realloc that does not copy the contents.
await broken("non-copying realloc (dlmalloc-wasi)", file("dlmalloc-wasi"),
  ({ malloc, free }) => ({ realloc: (p, size) => { const q = malloc(size); free(p); return q; } }));

console.log(failures ? `selfcheck: ${failures} failure(s)` : "selfcheck: all baselines ok");
process.exit(failures ? 1 : 0);
