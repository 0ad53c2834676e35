// The emscripten recipe (docs/linking.md): Debian's emscripten 3.1.6 with
// -sMALLOC=none and wasi/pyheap-wasi.c, the instantiateWasm hook giving
// the program pyheap's exports. examples/c-client/libc_tour.c prints the
// same as with emscripten's own dlmalloc, and pyheap served it. Needs
// Debian's emscripten (.ci/run installs it).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { instantiateShared, type SharedHeap } from "../src/index.js";
import { functionNames } from "./wasm-names.js";

const root = new URL("..", import.meta.url).pathname;
const hasEmcc = existsSync("/usr/bin/emcc");
const skip = !hasEmcc && !process.env.CI;
// Debian's emcc finds its JS tools' acorn in /usr/share/nodejs, where a
// Node that is not Debian's does not look.
const env = { ...process.env, NODE_PATH: "/usr/share/nodejs" };

type Factory = (m: Record<string, unknown>) => Promise<unknown>;

/** Runs an emscripten build (MODULARIZE, EXIT_RUNTIME) with a /data
 *  directory in its file system, on pyheap or on its own malloc. */
async function run(js: string, withPyheap: boolean) {
  const createProgram = createRequire(import.meta.url)(js) as Factory;
  let out = "", heap: SharedHeap | undefined;
  const exitCode = await new Promise<number>((resolve, reject) => {
    createProgram({
      arguments: ["/data"],
      print: (line: string) => { out += line + "\n"; },
      printErr: (line: string) => { out += "stderr: " + line + "\n"; },
      quit: (_status: number, e: unknown) => { throw e; }, // not process.exit
      onExit: resolve,
      preRun: [(m: { FS: { mkdir(p: string): void } }) => m.FS.mkdir("/data")],
      // Instantiate pyheap in the memory emscripten made, then the program.
      instantiateWasm: (info: Record<string, Record<string, unknown>>, receive: (i: WebAssembly.Instance) => void) => {
        (async () => {
          const bytes = readFileSync(js.replace(/\.cjs$/, ".wasm"));
          if (!withPyheap) {
            receive((await WebAssembly.instantiate(bytes, info)).instance);
            return;
          }
          const memory = info.env.memory as WebAssembly.Memory;
          heap = await instantiateShared({ memory });
          const h = heap;
          const { instance } = await WebAssembly.instantiate(bytes, {
            ...info,
            pyheap: { ...h.exports, pyheap_init: (base: number) => (h.init(base, memory.buffer.byteLength), 0) },
          });
          receive(instance);
        })().catch(reject);
        return {};
      },
    }).catch(reject);
  });
  return { out, exitCode, heap };
}

describe.skipIf(skip)("emscripten (Debian 3.1.6): -sMALLOC=none + pyheap", () => {
  let dir: string;
  const emcc = (...args: string[]) => execFileSync("emcc", args, { cwd: dir, stdio: "pipe", env });
  // --profiling-funcs keeps function names, to see which malloc was linked.
  const common = ["-O2", "--profiling-funcs", "-sMODULARIZE", "-sEXPORT_NAME=createProgram", "-sEXIT_RUNTIME=1",
    "-sFORCE_FILESYSTEM", "-sEXPORTED_RUNTIME_METHODS=FS"];
  const tour = join(root, "examples/c-client/libc_tour.c");

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "pyheap-emcc-"));
    emcc(...common, "-sMALLOC=none", "-sIMPORTED_MEMORY", "-sGLOBAL_BASE=65536", "-sERROR_ON_UNDEFINED_SYMBOLS=0",
      "-o", "tour.cjs", tour, join(root, "wasi/pyheap-wasi.c"));
    emcc(...common, "-o", "tour-dlmalloc.cjs", tour);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints what it prints on emscripten's dlmalloc; every allocation is pyheap's", async () => {
    const dl = await run(join(dir, "tour-dlmalloc.cjs"), false);
    const ph = await run(join(dir, "tour.cjs"), true);
    expect(dl.exitCode).toBe(0);
    expect(ph.exitCode).toBe(0);
    expect(ph.out).toMatch(/^600 lines; first a/);
    // emscripten's dlmalloc says malloc_usable_size(aligned_alloc(64, 1000))
    // is below 1000; pyheap does not. Every other line is the same.
    const differ = (s: string) => s.replace(/usable>=\d/, "usable>=?");
    expect(differ(ph.out)).toBe(differ(dl.out));
    expect(ph.out).toContain("usable>=1");
    const mod = new WebAssembly.Module(readFileSync(join(dir, "tour.wasm")));
    const imports = WebAssembly.Module.imports(mod).filter((i) => i.module === "pyheap").map((i) => i.name);
    expect(imports).toEqual(expect.arrayContaining(["malloc", "free", "calloc", "realloc", "aligned_alloc"]));
    expect(functionNames(readFileSync(join(dir, "tour-dlmalloc.wasm")))).toContain("dlmalloc");
    expect(functionNames(readFileSync(join(dir, "tour.wasm"))).filter((n) => /^(dl|emscripten_builtin_)/.test(n)))
      .toEqual([]);
    ph.heap!.check();
    expect(ph.heap!.stats().arenas.allocatedTotal).toBeGreaterThan(0);
  });
});
