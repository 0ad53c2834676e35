// The wasi-libc route: an unchanged C program linked with
// wasi/libpyheap-wasi.a before libc, run by runWasi() on pyheap. Output
// identical to the same program on wasi-libc's dlmalloc, no dlmalloc code
// left in the module, pyheap's statistics show it served libc, and
// layouts that would overwrite pyheap's data are refused before anything
// runs. Needs Debian's clang, lld and wasi-libc (.ci/run installs them).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readFileSync, mkdtempSync, rmSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WASI } from "node:wasi";
import { runWasi, checkClient, type Directory } from "../src/index.js";
import { gatherWrite } from "../src/wasi/run.js";
import { functionNames } from "./wasm-names.js";

const root = new URL("..", import.meta.url).pathname;
const tour = join(root, "examples/c-client/libc_tour.c");
const shim = join(root, "wasi/libpyheap-wasi.a");
const hasWasiClang = (() => {
  try {
    execFileSync("sh", ["-c", "command -v clang && command -v wasm-ld"], { stdio: "ignore" });
    return existsSync("/usr/lib/wasm32-wasi/libc.a");
  } catch {
    return false;
  }
})();
// .ci/run installs them; only a developer machine without them may skip.
const skip = !hasWasiClang && !process.env.CI;

let dir: string;
// npm puts binaryen's wasm-opt (from assemblyscript) on PATH; keep to the
// PATH a shell has.
const PATH = (process.env.PATH ?? "").split(":").filter((p) => !p.includes("node_modules")).join(":");
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: "pipe", env: { ...process.env, PATH } });
/** Compiles (-O2) and links in two steps: clang's link step with -O runs
 *  wasm-opt when binaryen is installed (emscripten brings it), which drops
 *  the name section these tests read. `args`: link flags, `-o out`, then
 *  sources (.c, compiled here) and archives. */
function clang(...args: string[]) {
  const inputs = args.map((a) => {
    if (!a.endsWith(".c")) return a;
    const obj = join(mkdtempSync(join(tmpdir(), "pyheap-obj-")), "o.o");
    run("clang", ["--target=wasm32-wasi", "-O2", "-c", "-o", obj, a]);
    return obj;
  });
  run("clang", ["--target=wasm32-wasi", ...inputs]);
}
const PYHEAP_LINK = ["-Wl,--import-memory", "-Wl,--global-base=65536"];

describe.skipIf(skip)("wasi-libc programs on pyheap (wasi/libpyheap-wasi.a + runWasi)", () => {
  let onPyheap: Uint8Array, onDlmalloc: Uint8Array, expected: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "pyheap-wasi-"));
    clang(...PYHEAP_LINK, "-o", join(dir, "tour.wasm"), tour, shim);
    clang("-o", join(dir, "tour-dlmalloc.wasm"), tour);
    onPyheap = readFileSync(join(dir, "tour.wasm"));
    onDlmalloc = readFileSync(join(dir, "tour-dlmalloc.wasm"));
    expected = runOnDlmalloc();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The program on wasi-libc's own malloc, under node:wasi: its stdout. */
  function runOnDlmalloc(): string {
    const wasi = new WASI({ version: "preview1", args: ["tour", "/data"], preopens: { "/data": dataDir("dl") },
      returnOnExit: true });
    let out = "";
    let memory!: WebAssembly.Memory;
    const fdWrite = wasi.wasiImport.fd_write as (...a: number[]) => number;
    const imports = {
      ...wasi.wasiImport,
      fd_write: (fd: number, iovs: number, n: number, nw: number) => {
        if (fd !== 1) return fdWrite(fd, iovs, n, nw);
        const total = gatherWrite(memory, iovs, n, (b) => { out += new TextDecoder().decode(b); });
        new DataView(memory.buffer).setUint32(nw, total, true);
        return 0;
      },
    };
    const instance = new WebAssembly.Instance(new WebAssembly.Module(onDlmalloc), { wasi_snapshot_preview1: imports });
    memory = instance.exports.memory as WebAssembly.Memory;
    expect(wasi.start(instance)).toBe(0);
    return out;
  }

  const dataDir = (name: string) => {
    const d = join(dir, name);
    mkdirSync(d);
    return d;
  };

  it("no dlmalloc code remains; every libc allocation function is an import from pyheap", () => {
    const dl = ["dlmalloc", "dlfree", "dispose_chunk", "internal_memalign", "sbrk"];
    const plain = functionNames(onDlmalloc);
    for (const f of dl) expect(plain).toContain(f); // the check can fail
    const names = functionNames(onPyheap);
    for (const f of dl) expect(names).not.toContain(f);
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(onPyheap))
      .filter((i) => i.module === "pyheap").map((i) => i.name).sort();
    expect(imports).toEqual(["aligned_alloc", "calloc", "free", "malloc", "malloc_usable_size", "pyheap_init",
      "pyheap_last_error_size", "realloc"]);
  });

  it("prints exactly what it prints on wasi-libc's dlmalloc; pyheap served it and checks clean", async () => {
    expect(expected).toMatch(/^600 lines; first a/);
    expect(readFileSync(join(dir, "dl", "words.txt"), "utf8").split("\n")).toHaveLength(601);
    expect(expected).toContain("atexit: 40 handlers ran");

    let out = "";
    const d = dataDir("pyheap");
    const { exitCode, heap } = await runWasi(onPyheap, {
      args: ["tour", "/data"], preopens: { "/data": d },
      stdout: (b) => { out += new TextDecoder().decode(b); },
    });
    expect(exitCode).toBe(0);
    expect(out).toBe(expected);
    expect(readFileSync(join(d, "out.txt"), "utf8")).toBe(readFileSync(join(dir, "dl", "out.txt"), "utf8"));
    heap.check();
    const s = heap.stats();
    expect(s.arenas.allocatedTotal).toBeGreaterThan(0); // pymalloc's arenas held libc's small blocks
    expect(s.totals.inUseBytes).toBeGreaterThan(0); // what libc keeps to the end (stdio, preopens)
    expect(heap.debugMallocStats()).toMatch(/arenas/);
  });

  it("runs the same on build/shared.wasm (heap: \"shared\"), the build with the object layer", async () => {
    let out = "";
    const { exitCode, heap } = await runWasi(onPyheap, {
      args: ["tour", "/data"], preopens: { "/data": dataDir("shared") }, heap: "shared",
      stdout: (b) => { out += new TextDecoder().decode(b); },
    });
    expect(exitCode).toBe(0);
    expect(out).toBe(expected);
    expect(Object.keys(heap.exports)).toContain("pyobj_none"); // shared.wasm's object layer, not malloc.wasm
    heap.check();
    expect(heap.stats().arenas.allocatedTotal).toBeGreaterThan(0);
    await expect(runWasi(onPyheap, { args: ["tour", "/nowhere"], heap: "objects" as "shared" }))
      .rejects.toThrow(/heap/);
  });

  it("runs the same under pyheap's own WASI host (the browser's), preopens in memory", async () => {
    let out = "";
    const data: Directory = {};
    const { exitCode, heap } = await runWasi(onPyheap, {
      args: ["tour", "/data"], preopens: { "/data": data }, host: "preview1",
      stdout: (b) => { out += new TextDecoder().decode(b); },
    });
    expect(exitCode).toBe(0);
    expect(out).toBe(expected);
    expect(new TextDecoder().decode(data["out.txt"] as Uint8Array))
      .toBe(readFileSync(join(dir, "dl", "out.txt"), "utf8"));
    heap.check();
  });
});

describe.skipIf(skip)("the shim's functions keep the C library's contract", () => {
  it("memalign, posix_memalign, aligned_alloc, malloc_usable_size and errno on failure", async () => {
    const tmp = mkdtempSync(join(tmpdir(), "pyheap-shim-c-"));
    try {
      const src = join(tmp, "contract.c");
      writeFileSync(src, `
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
void *memalign(size_t, size_t);
#define E (*(volatile int *)&errno)
int main(void) {
  void *m = memalign(256, 40), *a = aligned_alloc(4096, 10), *p = NULL;
  int rc = posix_memalign(&p, 64, 3000);
  printf("memalign %d aligned_alloc %d posix_memalign %d/%d\\n", (int)((uintptr_t)m % 256),
         (int)((uintptr_t)a % 4096), rc, (int)((uintptr_t)p % 64));
  printf("usable %d %d\\n", malloc_usable_size(m) >= 40, malloc_usable_size(p) >= 3000);
  /* volatile: clang takes allocation functions to touch no memory of the
     program's (so neither errno) and an unused block to exist. */
  E = 0; void *volatile bad = aligned_alloc(24, 10);
  printf("aligned_alloc(24) %s %s\\n", bad ? "block" : "NULL", E == EINVAL ? "EINVAL" : "?");
  printf("posix_memalign(2) %s\\n", posix_memalign(&p, 2, 10) == EINVAL ? "EINVAL" : "?");
  E = 0; void *volatile huge = malloc(0xfffffff0u);
  printf("malloc(huge) %s %s\\n", huge ? "block" : "NULL", E == ENOMEM ? "ENOMEM" : "?");
  E = 0; void *volatile over = calloc(0x10000, 0x10000);
  printf("calloc(overflow) %s %s\\n", over ? "block" : "NULL", E == ENOMEM ? "ENOMEM" : "?");
  char *r = realloc(strdup("kept"), 100000);
  printf("realloc %s\\n", r);
  free(m); free(a); free(p); free(r);
  return 0;
}
`);
      clang(...PYHEAP_LINK, "-o", join(tmp, "contract.wasm"), src, shim);
      let out = "";
      const { exitCode, heap } = await runWasi(readFileSync(join(tmp, "contract.wasm")), {
        stdout: (b) => { out += new TextDecoder().decode(b); },
      });
      expect(exitCode).toBe(0);
      expect(out).toBe([
        "memalign 0 aligned_alloc 0 posix_memalign 0/0", "usable 1 1", "aligned_alloc(24) NULL EINVAL",
        "posix_memalign(2) EINVAL", "malloc(huge) NULL ENOMEM", "calloc(overflow) NULL ENOMEM", "realloc kept", "",
      ].join("\n"));
      heap.check();
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe.skipIf(skip)("layouts that would overwrite pyheap's data are refused before anything runs", () => {
  let tmp: string;
  beforeAll(() => { tmp = mkdtempSync(join(tmpdir(), "pyheap-wasi-bad-")); });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const refused = async (flags: string[], message: RegExp, source = tour, extra = [shim]) => {
    const out = join(tmp, "bad.wasm");
    clang(...flags, "-o", out, source, ...extra);
    let printed = "";
    await expect(runWasi(readFileSync(out), {
      args: ["tour", "/nowhere"], stdout: (b) => { printed += new TextDecoder().decode(b); },
    })).rejects.toThrow(message);
    expect(printed).toBe("");
  };

  it("a program linked without --global-base=65536 (its data at 1024)", async () => {
    await refused(["-Wl,--import-memory"], /puts data at 0x0000040\w.*inside pyheap's data.*-Wl,--global-base=65536/);
  });

  it("a small client with no data, whose stack would grow down into pyheap's data (checkClient)", () => {
    const src = join(tmp, "small.c");
    writeFileSync(src, [
      "#include <stddef.h>",
      '__attribute__((import_module("pyheap"), import_name("malloc"))) void *malloc(size_t);',
      '__attribute__((export_name("run"))) int run(int n) { return malloc(n) != 0; }',
    ].join("\n"));
    const small = (flags: string[]) => {
      run("clang", ["--target=wasm32", "-nostdlib", "-O2", "-c", "-o", join(tmp, "small.o"), src]);
      run("clang", ["--target=wasm32", "-nostdlib", "-Wl,--no-entry", "-Wl,--import-memory",
        ...flags, "-o", join(tmp, "small.wasm"), join(tmp, "small.o")]);
      return readFileSync(join(tmp, "small.wasm"));
    };
    expect(() => checkClient(small([]))).toThrow(/stack starts at 0x00010400 .*-Wl,--global-base=65536/);
    expect(() => checkClient(small(["-Wl,--global-base=65536"]))).not.toThrow();
  });

  it("a program linked with --stack-first", async () => {
    await refused([...PYHEAP_LINK, "-Wl,--stack-first"], /places its stack first.*without --stack-first/);
  });

  it("a program with a memory of its own, or without the shim", async () => {
    await refused(["-Wl,--global-base=65536"], /-Wl,--import-memory/);
    await refused(PYHEAP_LINK, /link wasi\/libpyheap-wasi.a before libc/, tour, []);
  });

  it("a limit above the memory's maximum", async () => {
    const out = join(tmp, "max.wasm");
    clang(...PYHEAP_LINK, "-Wl,--max-memory=4194304", "-o", out, tour, shim);
    await expect(runWasi(readFileSync(out), { args: ["tour", "/nowhere"], limit: 8 << 20 }))
      .rejects.toThrow(/beyond the memory's maximum \(64 pages\)/);
  });
});

describe.skipIf(skip)("wasi/libpyheap-wasi.a", () => {
  it("is what wasi/build.sh builds from wasi/pyheap-wasi.c", () => {
    const tmp = mkdtempSync(join(tmpdir(), "pyheap-shim-"));
    try {
      run("sh", [join(root, "wasi/build.sh"), join(tmp, "lib.a")]);
      expect(Buffer.compare(readFileSync(join(tmp, "lib.a")), readFileSync(shim))).toBe(0);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
