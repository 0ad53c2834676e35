// The correctness pass for one workload, separate from the timed runs.
// Wasm allocators: the driver's verify() (alignment, calloc zeroed, realloc
// contents, tags intact) at 16 bytes, and at 8 for allocators that are
// 8-byte aligned by design (flagged, not failed); one replay() whose
// checksum must equal expectedChecksum(); and the stricter JS check
// (js-verify.js: also non-overlap and bounds). JS libraries: the JS check.
import { instantiateAllocator, replayInWasm } from "../../lib/wasm-allocators.js";
import { verifyJs } from "../../lib/js-verify.js";
import { wasmTarget } from "../../lib/js-replay.js";
import { thingTarget, poolBytesFor } from "../../lib/thing-malloc.js";
import { fullGc } from "../../lib/gc.js";

/**
 * @typedef {{
 *   status: "pass" | "fail" | "incomplete" | "skipped",
 *   problems: string[], flags: string[],
 *   driver?: { requiredAlign: number, passedAt16: boolean, failedOpAt16: number, passed: boolean, failedOp: number },
 *   checksum?: { value: number | null, expected: number, ok: boolean, failedOp: number },
 *   js?: { passed: boolean, failedOp: number, reason: string, ops: number, timedOut: boolean },
 *   jsHighWaterBytes?: number | null,
 * }} Correctness
 */

/**
 * @param {import("../../lib/catalogue.js").AllocatorEntry} a
 * @param {Awaited<ReturnType<typeof import("./workload.js").prepareWorkload>>} w
 * @param {{ skip?: string, jsLibraryLimitMs: number }} opts
 * @returns {Promise<Correctness>}
 */
export async function checkCorrectness(a, w, { skip, jsLibraryLimitMs }) {
  if (skip) return { status: "skipped", problems: [], flags: [skip] };
  /** @type {Correctness} */
  const c = { status: "pass", problems: [], flags: [] };
  if (a.alignNote) c.flags.push(a.alignNote);

  if (a.kind === "wasm") {
    const file = /** @type {string} */ (a.file);
    fullGc();
    const v16 = await replayInWasm(file, w.ops, { verify: true, align: 16 });
    let v = v16;
    if (a.align < 16) {
      fullGc();
      v = await replayInWasm(file, w.ops, { verify: true, align: a.align });
    }
    c.driver = {
      requiredAlign: a.align, passedAt16: v16.failedOp === 0, failedOpAt16: v16.failedOp,
      passed: v.failedOp === 0, failedOp: v.failedOp,
    };
    if (v.failedOp) c.problems.push(`driver verify (align ${a.align}) failed at op ${v.failedOp}`);
    if (a.align < 16 && v16.failedOp === 0) c.flags.push("also passed the driver verify at 16 bytes");

    fullGc();
    const r = await replayInWasm(file, w.ops);
    c.checksum = { value: r.checksum, expected: w.expected.wasm, ok: !r.failedOp && r.checksum === w.expected.wasm, failedOp: r.failedOp };
    if (r.failedOp) c.problems.push(`replay: allocation failed (NULL) at op ${r.failedOp}`);
    else if (!c.checksum.ok) c.problems.push(`replay checksum ${r.checksum} != expected ${w.expected.wasm}`);

    fullGc();
    const alloc = await instantiateAllocator(file);
    c.js = verifyJs(wasmTarget(alloc), w.ops, w.nslots, { align: a.align });
  } else {
    const t = thingTarget(a.lib, poolBytesFor(w.peakLiveBytes));
    c.js = verifyJs(t, w.ops, w.nslots, { align: a.align, timeLimitMs: jsLibraryLimitMs, onOp: t.sample });
    // Its high-water mark is only the peak if the whole trace ran.
    c.jsHighWaterBytes = c.js.passed && !c.js.timedOut ? t.highWater() : null;
  }
  if (!c.js.passed) c.problems.push(`JS verify failed at op ${c.js.failedOp}: ${c.js.reason}`);
  else if (c.js.timedOut) c.flags.push(`JS verify stopped at the ${jsLibraryLimitMs / 1000} s limit after ${c.js.ops} of ${w.nops} ops (no failure up to there)`);

  c.status = c.problems.length ? "fail" : c.js.timedOut ? "incomplete" : "pass";
  return c;
}
