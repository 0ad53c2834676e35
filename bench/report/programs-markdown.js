// Markdown section of the programs suite: per program, wall time and Wasm
// memory under wasi-libc's dlmalloc and under pyheap, with the checks.
import { fmtBytes, fmtRatio, table } from "./format.js";

const ms = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** @param {any} result the programs suite's result */
export function programsMarkdown(result) {
  const out = ["## Real programs: wasi-libc's dlmalloc against pyheap", ""];
  if (result.quick) out.push("_Quick run: small inputs, one repetition; not the real numbers._", "");
  out.push(
    "Each program is built twice with Debian's clang 14 and wasi-libc (`bench/programs/build.sh`, sources and licences " +
    "committed beside it): with wasi-libc's own malloc (dlmalloc), and with every libc allocation function taken from " +
    "pyheap (`wasi/libpyheap-wasi.a`, run by `runWasi()` on `build/malloc.wasm`). Wall time from compiling the module to " +
    `the program's exit, median (min–max) of ${result.reps} interleaved runs; memory is the Wasm memory at exit (the peak). ` +
    "Ratios below 1: pyheap is faster or smaller.", "");
  const rows = result.programs.map((p) => {
    const r = result.results[p.name];
    const d = r.builds.dlmalloc, y = r.builds.pyheap;
    const check = [r.identicalOutput ? "same output" : "**OUTPUT DIFFERS**",
      [...d.exitCodes, ...y.exitCodes].every((c) => c === 0) ? "exit 0" : `**exit ${[...d.exitCodes, ...y.exitCodes].join("/")}**`,
      y.heapChecks.length ? `**heap walk: ${y.heapChecks[0]}**` : "heap walk ok"].join(", ");
    return [`${p.title} (\`${r.args.slice(1).join(" ")}\`)`,
      `${ms(d.ms.median)} (${ms(d.ms.min)}–${ms(d.ms.max)})`, `${ms(y.ms.median)} (${ms(y.ms.min)}–${ms(y.ms.max)})`, fmtRatio(y.ms.median / d.ms.median),
      fmtBytes(d.memoryBytes), fmtBytes(y.memoryBytes), fmtRatio(y.memoryBytes / d.memoryBytes), check];
  });
  out.push(table(["program", "dlmalloc ms", "pyheap ms", "time ratio", "dlmalloc memory", "pyheap memory", "memory ratio", "checked"], rows));
  out.push("", ...result.programs.map((p) => `- **${p.name}**: ${p.description}. Output ends: \`${result.results[p.name].outputTail.replace(/\n/g, " / ")}\``));
  return out.join("\n");
}
