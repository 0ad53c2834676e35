// The programs suite: C programs other people wrote (Lua 5.4, SQLite's
// speedtest1), each built twice with Debian's clang and wasi-libc
// (bench/programs/build.sh): with wasi-libc's own malloc (dlmalloc), and
// with pyheap as the malloc (wasi/libpyheap-wasi.a, run by runWasi()); and
// three times with Debian's emscripten: its dlmalloc, its emmalloc, and
// pyheap (-sMALLOC=none + wasi/pyheap-wasi.c, docs/linking.md's recipe).
// All builds run the same arguments, interleaved (repetition k starts with
// build k mod n); each run is timed from compiling the module to the
// program's exit, so all pay the same loading. Checked: every build prints
// the same output (speedtest1's own timing column masked), exits 0, and
// pyheap's heap walk passes after each run. Reported: wall time (median,
// min-max) and, for the wasi-libc builds, the Wasm memory at exit (it never
// shrinks: the peak); the emscripten builds share one fixed memory.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { summarize } from "../lib/stats.js";
import { fullGc } from "../lib/gc.js";
import { programsMarkdown } from "../report/programs-markdown.js";

const HERE = fileURLToPath(new URL("../programs/", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

// Sizes: the full run takes about a minute on 2 cores for both programs.
export const PROGRAMS = [
  {
    name: "lua-binary-trees", title: "Lua 5.4.4: binary-trees", wasm: "lua",
    description: "the Computer Language Benchmarks Game's binary-trees in Lua (bench/programs/lua/scripts/binary-trees.lua): builds and walks complete binary trees of tables, one long-lived",
    args: (quick) => ["lua", "/lua/scripts/binary-trees.lua", quick ? "8" : "13"],
    preopens: { "/lua": `${HERE}lua` },
    // The same file in emscripten's in-memory file system.
    files: { "/lua/scripts/binary-trees.lua": `${HERE}lua/scripts/binary-trees.lua` },
    mask: (s) => s,
  },
  {
    name: "sqlite-speedtest1", title: "SQLite 3.40.1: speedtest1", wasm: "speedtest1",
    description: "SQLite's own benchmark (test/speedtest1.c) on an in-memory database: inserts, selects, joins, indexes, updates, deletes, VACUUM, ANALYZE, with --verify's hash of every result",
    args: (quick) => ["speedtest1", "--memdb", "--verify", "--size", quick ? "1" : "5"],
    preopens: {},
    files: {},
    // Each test line ends with the time it took: mask it.
    mask: (s) => s.replace(/\d+\.\d+s$/gm, "#.###s"),
  },
];
export const PLAN = { full: { reps: 5 }, quick: { reps: 1 } };
const WASI_BUILDS = ["dlmalloc", "pyheap"];
const EM_BUILDS = ["em-dlmalloc", "em-emmalloc", "em-pyheap"];
const BUILDS = [...WASI_BUILDS, ...EM_BUILDS];
const require = createRequire(import.meta.url);

/** Runs the dlmalloc build under node:wasi, stdout captured like runWasi's. */
async function runDlmalloc(bytes, args, preopens) {
  const { WASI } = await import("node:wasi");
  const { gatherWrite } = await import(`${ROOT}dist/wasi/run.js`);
  const wasi = new WASI({ version: "preview1", args, env: {}, preopens, returnOnExit: true });
  const chunks = [];
  const imports = { ...wasi.wasiImport };
  const fdWrite = imports.fd_write;
  /** @type {WebAssembly.Memory} */ let memory;
  imports.fd_write = (fd, iovs, count, nwritten) => {
    if (fd !== 1 && fd !== 2) return fdWrite(fd, iovs, count, nwritten);
    const n = gatherWrite(memory, iovs, count, (b) => { if (fd === 1) chunks.push(b); });
    new DataView(memory.buffer).setUint32(nwritten, n, true);
    return 0;
  };
  const t0 = process.hrtime.bigint();
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: imports });
  memory = /** @type {WebAssembly.Memory} */ (instance.exports.memory);
  const exitCode = wasi.start(instance);
  const ns = Number(process.hrtime.bigint() - t0);
  return { ns, exitCode, stdout: Buffer.concat(chunks).toString("utf8"), memoryBytes: memory.buffer.byteLength };
}

/** Runs the pyheap build with runWasi (build/malloc.wasm serves its allocations). */
async function runPyheap(bytes, args, preopens) {
  const { runWasi } = await import(`${ROOT}dist/index.js`);
  const chunks = [];
  const t0 = process.hrtime.bigint();
  const { exitCode, heap } = await runWasi(bytes, { args, env: {}, preopens, stdout: (b) => chunks.push(b), stderr: () => {} });
  const ns = Number(process.hrtime.bigint() - t0);
  let heapCheck = null;
  try { heap.check(); } catch (e) { heapCheck = /** @type {Error} */ (e).message; } // the heap walk after the run (untimed)
  return { ns, exitCode, stdout: Buffer.concat(chunks).toString("utf8"), memoryBytes: heap.memory.buffer.byteLength, heapCheck };
}

/**
 * Runs an emscripten build: its JavaScript (<wasm>-<build>.cjs), the module
 * given as bytes (no fetch), Lua's script written into emscripten's file
 * system before main. em-pyheap gets pyheap's exports through emscripten's
 * instantiateWasm hook, pyheap instantiated in emscripten's memory with the
 * rest of it as its limit (docs/linking.md).
 */
async function runEmscripten(build, p, bytes, args) {
  const createProgram = require(`${HERE}wasm/${p.wasm}-${build}.cjs`);
  const { instantiateShared } = await import(`${ROOT}dist/index.js`);
  const out = [];
  /** @type {any} */ let heap = null;
  let exitCode = null;
  const t0 = process.hrtime.bigint();
  await new Promise((resolve, reject) => {
    /** @type {any} */
    const options = {
      wasmBinary: bytes, thisProgram: args[0], arguments: args.slice(1),
      print: (line) => out.push(`${line}\n`), printErr: () => {},
      preRun: [(M) => {
        for (const [path, host] of Object.entries(p.files)) {
          M.FS.mkdirTree(dirname(path));
          M.FS.writeFile(path, readFileSync(host));
        }
      }],
      onExit: (code) => { exitCode = code; resolve(undefined); },
      onAbort: (what) => reject(new Error(`${p.name} ${build}: ${what}`)),
      quit: (status, e) => { throw e; }, // Node: do not process.exit
    };
    if (build === "em-pyheap") {
      options.instantiateWasm = (info, receive) => {
        (async () => {
          const memory = info.env.memory;
          heap = await instantiateShared({ memory });
          const { instance } = await WebAssembly.instantiate(bytes, {
            ...info, pyheap: { ...heap.exports, pyheap_init: (base) => (heap.init(base, memory.buffer.byteLength), 0) },
          });
          receive(instance);
        })().catch(reject);
        return {};
      };
    }
    createProgram(options).catch(reject);
  });
  const ns = Number(process.hrtime.bigint() - t0);
  let heapCheck = null;
  if (heap) try { heap.check(); } catch (e) { heapCheck = /** @type {Error} */ (e).message; }
  return { ns, exitCode, stdout: out.join(""), memoryBytes: null, heapCheck };
}

const runBuild = (b, p, bytes, args) => (b === "dlmalloc" ? runDlmalloc(bytes, args, p.preopens)
  : b === "pyheap" ? runPyheap(bytes, args, p.preopens) : runEmscripten(b, p, bytes, args));

/**
 * @param {{ quick: boolean, reps?: number, only?: string[], log: (msg: string) => void }} opts
 */
async function run(opts) {
  const { log } = opts;
  const reps = opts.reps ?? (opts.quick ? PLAN.quick : PLAN.full).reps;
  const programs = PROGRAMS.filter((p) => !opts.only?.length || opts.only.includes(p.name));
  log(`programs suite: ${programs.length} programs x ${BUILDS.join(", ")}; ${reps} interleaved reps${opts.quick ? " (quick)" : ""}`);
  const results = {};
  for (const p of programs) {
    const bytes = Object.fromEntries(BUILDS.map((b) => [b, readFileSync(`${HERE}wasm/${p.wasm}-${b}.wasm`)]));
    const args = p.args(opts.quick);
    const acc = Object.fromEntries(BUILDS.map((b) => [b, { samples: [], outputs: new Set(), exitCodes: new Set(), memory: 0, heapChecks: [] }]));
    for (let rep = 0; rep < reps; rep++) {
      const order = [...BUILDS.slice(rep % BUILDS.length), ...BUILDS.slice(0, rep % BUILDS.length)];
      const line = [];
      for (const b of order) {
        fullGc();
        const r = await runBuild(b, p, bytes[b], args);
        const s = acc[b];
        s.samples.push(r.ns / 1e6);
        s.outputs.add(p.mask(r.stdout));
        s.exitCodes.add(r.exitCode);
        s.memory = r.memoryBytes === null ? null : Math.max(s.memory, r.memoryBytes);
        if (r.heapCheck) s.heapChecks.push(String(r.heapCheck));
        line.push(`${b} ${(r.ns / 1e6).toFixed(0)} ms`);
      }
      log(`  ${p.name} rep ${rep + 1}/${reps}: ${line.join(", ")}`);
    }
    const outputs = BUILDS.map((b) => [...acc[b].outputs]);
    const identical = outputs.every((o) => o.length === 1 && o[0] === outputs[0][0]);
    results[p.name] = {
      args,
      identicalOutput: identical,
      outputLines: outputs[0][0]?.split("\n").length ?? 0,
      outputTail: outputs[0][0]?.trim().split("\n").slice(-2).join("\n") ?? "",
      builds: Object.fromEntries(BUILDS.map((b) => {
        const s = acc[b];
        return [b, { ms: summarize(s.samples), samples: s.samples, exitCodes: [...s.exitCodes], memoryBytes: s.memory, heapChecks: s.heapChecks, bytes: bytes[b].length }];
      })),
    };
    if (!identical) log(`  ${p.name}: OUTPUT DIFFERS between the builds: ${BUILDS.filter((b, i) => outputs[i].length !== 1 || outputs[i][0] !== outputs[0][0]).join(", ")}`);
  }
  const failed = Object.entries(results).filter(([, r]) => !r.identicalOutput
    || Object.values(r.builds).some((b) => b.exitCodes.some((c) => c !== 0) || b.heapChecks.length));
  return {
    suite: "programs", quick: opts.quick, reps,
    programs: programs.map(({ name, title, description }) => ({ name, title, description })),
    builds: { wasi: WASI_BUILDS, emscripten: EM_BUILDS },
    results,
    correctnessSummary: { "pyheap (programs)": { status: failed.length ? "fail" : "pass", required: true } },
  };
}

export const programsSuite = {
  name: "programs",
  title: "Real programs",
  names: () => PROGRAMS.map((p) => p.name),
  run,
  markdown: programsMarkdown,
};
