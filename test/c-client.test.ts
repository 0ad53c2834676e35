// The C client (examples/c-client): a real program compiled with clang
// --target=wasm32 -nostdlib against include/pyheap.h, whose malloc, calloc,
// realloc and free are pyheap's shared build through imports.
import { describe, it, expect } from "vitest";
import { readFileSync, mkdtempSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { instantiateShared, ErrorCode } from "../src/index.js";

const root = new URL("..", import.meta.url).pathname;
const prebuilt = join(root, "examples/c-client/binary_trees.wasm");
const buildScript = join(root, "examples/c-client/build.sh");
const hasClang = (() => {
  try {
    execFileSync("sh", ["-c", "command -v clang && command -v wasm-ld"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** What binary-trees prints for max depth n, computed independently. */
function expected(n: number): string {
  const nodes = (d: number) => 2 ** (d + 1) - 1;
  const min = 4, max = Math.max(min + 2, n);
  let out = `stretch tree of depth ${max + 1}\t check: ${nodes(max + 1)}\n`;
  for (let d = min; d <= max; d += 2) {
    const iterations = 2 ** (max - d + min);
    out += `${iterations}\t trees of depth ${d}\t check: ${iterations * nodes(d)}\n`;
  }
  return out + `long lived tree of depth ${max}\t check: ${nodes(max)}\n`;
}

/** pyheap + the client in one memory; every block pyheap hands out is
 *  recorded so the test can see where the heap put it. */
async function link(wasm: Uint8Array) {
  const memory = new WebAssembly.Memory({ initial: 4 });
  const heap = await instantiateShared({ memory });
  const blocks: number[] = [];
  const ex = heap.exports;
  const record = (p: number) => (blocks.push(p), p);
  let output = "";
  const client = await WebAssembly.instantiate(wasm, {
    env: {
      memory,
      write: (ptr: number, len: number) => {
        output += new TextDecoder().decode(new Uint8Array(memory.buffer, ptr, len));
      },
    },
    pyheap: {
      ...ex,
      malloc: (n: number) => record(ex.malloc(n)),
      calloc: (n: number, s: number) => record(ex.calloc(n, s)),
      realloc: (p: number, n: number) => record(ex.realloc(p, n)),
    },
  });
  const run = client.instance.exports.run as (n: number) => number;
  return { heap, run, blocks, output: () => output };
}

describe("C client (binary-trees) on pyheap's shared build", () => {
  it("runs, prints the right checks and frees everything, all inside pyheap's region", async () => {
    const { heap, run, blocks, output } = await link(readFileSync(prebuilt));
    expect(run(10)).toBe(0);
    expect(output()).toBe(expected(10));
    heap.check();
    const s = heap.stats();
    expect(s.totals.inUseBytes).toBe(0);
    expect(s.arenas.allocatedTotal).toBeGreaterThan(0);
    // The client passed its __heap_base (after its data at 64 KiB and its
    // 64 KiB stack): no block lies below it or overlaps pyheap's data.
    expect(blocks.length).toBeGreaterThan(1000);
    expect(blocks.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(0x20000);
  });

  it("a second pyheap_init, after allocation started, is refused", async () => {
    const { heap, run, output } = await link(readFileSync(prebuilt));
    expect(run(6)).toBe(0);
    expect(run(6)).toBe(ErrorCode.BAD_REGION);
    expect(output()).toBe(expected(6)); // printed once
    heap.check();
  });

  it("the header declares exactly the shared module's allocator exports", () => {
    const header = readFileSync(join(root, "include/pyheap.h"), "utf8");
    const declared = [...header.matchAll(/^PYHEAP_IMPORT\((\w+)\)/gm)].map((m) => m[1]).sort();
    const shared = new WebAssembly.Module(readFileSync(join(root, "build/shared.wasm")));
    // The object layer (pyobj_*, Py_IncRef/Py_DecRef) is not the
    // allocator's contract and will get its own declarations.
    const exported = WebAssembly.Module.exports(shared)
      .filter((e) => e.kind === "function" && !/^(pyobj_|Py_)/.test(e.name))
      .map((e) => e.name).sort();
    expect(declared).toEqual(exported);
  });

  it.skipIf(!hasClang)("build.sh rebuilds it with clang, and the rebuilt one prints the same", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pyheap-c-"));
    try {
      const out = join(dir, "binary_trees.wasm");
      execFileSync("sh", [buildScript, out], { stdio: "pipe" });
      const { heap, run, output } = await link(readFileSync(out));
      expect(run(8)).toBe(0);
      expect(output()).toBe(expected(8));
      heap.check();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!hasClang)("a client linked without --global-base=65536 is caught at pyheap_init", async () => {
    // Its data lands at 1024, on pyheap's statics: init reports it
    // instead of letting the heap run on overwritten free lists.
    const dir = mkdtempSync(join(tmpdir(), "pyheap-c-"));
    try {
      const out = join(dir, "overlapping.wasm");
      execFileSync("clang", [
        "--target=wasm32", "-nostdlib", "-ffreestanding", "-O2", "-mbulk-memory",
        "-I", join(root, "include"), "-Wl,--no-entry", "-Wl,--import-memory",
        "-o", out, join(root, "examples/c-client/binary_trees.c"),
      ], { stdio: "pipe" });
      const { run, blocks, output } = await link(readFileSync(out));
      expect(run(6)).toBe(ErrorCode.CORRUPT);
      expect(blocks).toEqual([]);
      expect(output()).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
