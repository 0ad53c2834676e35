// What the numbers were measured on: machine, Node/V8, package versions,
// baseline toolchain, the pyheap build and git state, and the cost of one
// memory.grow here (it differs a lot between hosts and sandboxes, and an
// allocator that grows often pays it).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, totalmem, platform, release, arch, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { readBaselineToolchain } from "./baseline-toolchain.js";
import { median } from "./stats.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function pkgVersion(name) {
  try {
    return JSON.parse(readFileSync(`${ROOT}node_modules/${name}/package.json`, "utf8")).version;
  } catch {
    return null;
  }
}

function git(args) {
  try {
    return execFileSync("git", args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

/**
 * Microseconds per memory.grow(1) of a memory that is already `mib` MiB
 * (median of 3 x 32 grows). The cost can depend on the size: on some hosts
 * it is ~1 us for small memories and hundreds of us past a few hundred MiB.
 */
export function growCostUs(mib) {
  const runs = [];
  for (let r = 0; r < 3; r++) {
    const m = new WebAssembly.Memory({ initial: mib * 16 });
    const t0 = performance.now();
    for (let i = 0; i < 32; i++) m.grow(1);
    runs.push(((performance.now() - t0) * 1000) / 32);
  }
  return median(runs);
}

/**
 * Samples the 1-minute load average every 5 s while the bench runs: other
 * processes competing for the CPU make the numbers noisier, and the report
 * should say so. On a virtual machine the host's other guests do the same
 * without showing in the load average, so the share of CPU time the
 * hypervisor took (Linux's "steal") over the run is measured as well.
 * stop() returns { min, median, max, samples, stealShare } (stealShare
 * null where /proc/stat is not there).
 */
export function watchLoad() {
  const samples = [loadavg()[0]];
  const cpuAtStart = cpuTimes();
  const timer = setInterval(() => samples.push(loadavg()[0]), 5000);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      samples.push(loadavg()[0]);
      const cpuAtEnd = cpuTimes();
      const stealShare = cpuAtStart && cpuAtEnd && cpuAtEnd.total > cpuAtStart.total
        ? (cpuAtEnd.steal - cpuAtStart.steal) / (cpuAtEnd.total - cpuAtStart.total)
        : null;
      return { min: Math.min(...samples), median: median(samples), max: Math.max(...samples), samples: samples.length, stealShare };
    },
  };
}

/** All CPUs' time and the part stolen, in clock ticks since boot, from
 *  /proc/stat's first line (user nice system idle iowait irq softirq
 *  steal; guest time is counted in user already), or null. */
function cpuTimes() {
  try {
    const ticks = readFileSync("/proc/stat", "utf8").split("\n", 1)[0].trim().split(/\s+/).slice(1, 9).map(Number);
    if (ticks.length < 8 || ticks.some((t) => !Number.isFinite(t))) return null;
    return { total: ticks.reduce((a, b) => a + b, 0), steal: ticks[7] };
  } catch {
    return null;
  }
}

/**
 * @param {{ extraPackages?: Record<string, string|null>, load?: object }} [opts]
 */
export function describeEnvironment({ extraPackages = {}, load } = {}) {
  const cpuList = cpus();
  const status = git(["status", "--porcelain"]);
  return {
    date: new Date().toISOString(),
    machine: {
      cpu: cpuList[0]?.model ?? "unknown",
      cores: cpuList.length,
      memoryBytes: totalmem(),
      os: `${platform()} ${release()} ${arch()}`,
    },
    node: process.version,
    v8: process.versions.v8,
    packages: {
      assemblyscript: pkgVersion("assemblyscript"),
      tinybench: pkgVersion("tinybench"),
      binaryen: pkgVersion("binaryen"),
      ...extraPackages,
    },
    baselineToolchain: readBaselineToolchain(),
    git: { commit: git(["rev-parse", "HEAD"]), dirty: status === null ? null : status.length > 0 },
    loadAverage: load ?? null,
    memoryGrowUs: Object.fromEntries([1, 16, 64, 256].map((mib) => [`${mib}MiB`, growCostUs(mib)])),
  };
}
