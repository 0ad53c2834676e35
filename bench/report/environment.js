// The "measured on" section shared by every suite's report.
import { fmtBytes, table } from "./format.js";

// A run is flagged as noisy when the host took more than this share of its
// CPU time: a chosen threshold, to revisit once reports have recorded steal
// next to their [min–max] spreads.
export const STEAL_NOISY = 0.03;

/** @param {ReturnType<typeof import("../lib/environment.js").describeEnvironment>} env */
export function environmentMarkdown(env) {
  const tc = env.baselineToolchain;
  const rows = [
    ["date", env.date],
    ["machine", `${env.machine.cpu}, ${env.machine.cores} cores, ${fmtBytes(env.machine.memoryBytes)} RAM, ${env.machine.os}`],
    ["Node", `${env.node} (V8 ${env.v8})`],
    ...Object.entries(env.packages).map(([k, v]) => [k, v ?? "not installed"]),
    ["baseline toolchain", tc
      ? `${Object.entries(tc.versions).map(([k, v]) => (v && v.toLowerCase().includes(k.split(" ")[0].toLowerCase()) ? v : `${k} ${v ?? "?"}`)).join("; ")} (manifest ${tc.recordedAt}${tc.stale.length ? `; **stale for ${tc.stale.join(", ")}**` : ""})`
      : "unknown (no bench/lib/baseline-toolchain.json)"],
    ["load (1-min average during the run)", env.loadAverage
      ? `${env.loadAverage.min.toFixed(1)} min, ${env.loadAverage.median.toFixed(1)} median, ${env.loadAverage.max.toFixed(1)} max on ${env.machine.cores} cores` +
        (env.loadAverage.median > env.machine.cores - 0.5 ? " — **other processes competed for the CPU: expect noisier numbers (see the [min–max] ranges)**" : "")
      : "not sampled"],
    ["CPU time the host took (steal) during the run", typeof env.loadAverage?.stealShare === "number"
      ? `${(100 * env.loadAverage.stealShare).toFixed(1)}%` +
        (env.loadAverage.stealShare > STEAL_NOISY ? " — **the host gave this machine's CPUs to others: expect noisier numbers (see the [min–max] ranges)**" : "")
      : "not measured"],
    ["git", env.git.commit ? `${env.git.commit}${env.git.dirty ? " + uncommitted changes" : ""}` : "unknown"],
    ["memory.grow cost here", `${Object.entries(env.memoryGrowUs).map(([at, us]) => `${us < 10 ? us.toFixed(1) : us.toFixed(0)} µs at ${at.replace("MiB", " MiB")}`).join(", ")} (one-page grows of a memory of that size; median)`],
  ];
  return ["## Environment", "", table(["", ""], rows, ["l", "l"])].join("\n");
}
