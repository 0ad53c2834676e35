// Markdown section of the programs suite: per program, wall time and Wasm
// memory under wasi-libc's dlmalloc and under pyheap, with the checks; then
// wall time of the emscripten builds (its dlmalloc, emmalloc, pyheap).
import { fmtBytes, fmtRatio, table } from "./format.js";

const ms = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const timeCell = (b) => `${ms(b.ms.median)} (${ms(b.ms.min)}–${ms(b.ms.max)})`;

/** The checks column: output, exit status, pyheap's heap walk. */
function checked(r, builds) {
  const codes = builds.flatMap((b) => r.builds[b].exitCodes);
  const walk = builds.flatMap((b) => r.builds[b].heapChecks);
  return [r.identicalOutput ? "same output" : "**OUTPUT DIFFERS**",
    codes.every((c) => c === 0) ? "exit 0" : `**exit ${codes.join("/")}**`,
    walk.length ? `**heap walk: ${walk[0]}**` : "heap walk ok"].join(", ");
}

/** @param {any} result the programs suite's result */
export function programsMarkdown(result) {
  const out = [`## Real programs: wasi-libc's dlmalloc against pyheap${result.builds?.emscripten?.length ? "; emscripten's mallocs against pyheap" : ""}`, ""];
  if (result.quick) out.push("_Quick run: small inputs, one repetition; not the real numbers._", "");
  out.push(
    "Each program is built twice with Debian's clang 14 and wasi-libc (`bench/programs/build.sh`, sources and licences " +
    "committed beside it): with wasi-libc's own malloc (dlmalloc), and with every libc allocation function taken from " +
    "pyheap (`wasi/libpyheap-wasi.a`, run by `runWasi()` on `build/malloc.wasm`). Wall time from compiling the module to " +
    `the program's exit, median (min–max) of ${result.reps} interleaved runs; memory is the Wasm memory at exit (the peak). ` +
    "Ratios below 1: pyheap is faster or smaller.", "");
  const title = (p, r) => `${p.title} (\`${r.args.slice(1).join(" ")}\`)`;
  const rows = result.programs.map((p) => {
    const r = result.results[p.name];
    const d = r.builds.dlmalloc, y = r.builds.pyheap;
    return [title(p, r), timeCell(d), timeCell(y), fmtRatio(y.ms.median / d.ms.median),
      fmtBytes(d.memoryBytes), fmtBytes(y.memoryBytes), fmtRatio(y.memoryBytes / d.memoryBytes), checked(r, ["dlmalloc", "pyheap"])];
  });
  out.push(table(["program", "dlmalloc ms", "pyheap ms", "time ratio", "dlmalloc memory", "pyheap memory", "memory ratio", "checked"], rows));
  const em = result.builds?.emscripten ?? [];
  if (em.length) {
    out.push("", "The same programs built with Debian's emscripten 3.1.6 (`-O2`): with its default malloc (dlmalloc), with " +
      "emmalloc, and with pyheap (`-sMALLOC=none` plus `wasi/pyheap-wasi.c`, pyheap instantiated in emscripten's memory " +
      "through its `instantiateWasm` hook, as in docs/linking.md). All three run in one fixed 64 MiB memory (pyheap must " +
      "not grow emscripten's memory), so only time is compared; the output is checked against the wasi-libc builds'. " +
      "Ratios below 1: pyheap is faster.", "");
    out.push(table(["program", "dlmalloc ms", "emmalloc ms", "pyheap ms", "pyheap ÷ dlmalloc", "pyheap ÷ emmalloc", "checked"],
      result.programs.map((p) => {
        const r = result.results[p.name];
        const [d, e, y] = em.map((b) => r.builds[b]);
        return [title(p, r), timeCell(d), timeCell(e), timeCell(y), fmtRatio(y.ms.median / d.ms.median),
          fmtRatio(y.ms.median / e.ms.median), checked(r, em)];
      })));
  }
  out.push("", ...result.programs.map((p) => `- **${p.name}**: ${p.description}. Output ends: \`${result.results[p.name].outputTail.replace(/\n/g, " / ")}\``));
  return out.join("\n");
}
