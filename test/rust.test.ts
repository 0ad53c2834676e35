// The Rust crate rust/pyheap-alloc (pyheap_alloc::PyHeap, a GlobalAlloc over
// pyheap's imports), built with Debian's rustc for wasm32-unknown-unknown:
// a program heavy on Vec, String, HashMap and Box, with 64- and
// 4096-aligned types, gives the same checksum as the same program built
// natively on the system allocator, and every block went through pyheap.
// Debian's rustc, not a rustup one: .ci/run installs rustc and
// libstd-rust-dev-wasm32.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { instantiateShared } from "../src/index.js";
import { functionNames } from "./wasm-names.js";

const root = new URL("..", import.meta.url).pathname;
const crate = join(root, "rust/pyheap-alloc");
const RUSTC = "/usr/bin/rustc";
const hasRust = existsSync(RUSTC) && existsSync("/usr/lib/rustlib/wasm32-unknown-unknown");
const skip = !hasRust && !process.env.CI;

describe.skipIf(skip)("Rust: #[global_allocator] pyheap_alloc::PyHeap", () => {
  let dir: string, wasm: Uint8Array, native: string;
  const rustc = (...args: string[]) => execFileSync(RUSTC, ["--edition", "2021", "-O", ...args], { cwd: dir, stdio: "pipe" });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "pyheap-rust-"));
    rustc("--crate-type", "rlib", "--target", "wasm32-unknown-unknown", "--crate-name", "pyheap_alloc",
      join(crate, "src/lib.rs"), "--out-dir", "target");
    rustc("--crate-type", "cdylib", "--target", "wasm32-unknown-unknown",
      "--extern", "pyheap_alloc=target/libpyheap_alloc.rlib", "-C", "link-arg=--import-memory",
      "-o", "collections.wasm", join(crate, "examples/collections.rs"));
    rustc("-o", "collections-native", join(crate, "examples/collections.rs"));
    wasm = readFileSync(join(dir, "collections.wasm"));
    native = join(dir, "collections-native");
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** pyheap + the program in one memory; counts each allocation call. */
  async function link() {
    const memory = new WebAssembly.Memory({ initial: 17 }); // 1 MiB stack (--stack-first) + data
    const heap = await instantiateShared({ memory });
    const ex = heap.exports;
    const calls = { malloc: 0, calloc: 0, realloc: 0, free: 0, aligned: [] as number[] };
    const { instance } = await WebAssembly.instantiate(wasm, {
      env: { memory },
      pyheap: {
        ...ex,
        malloc: (n: number) => (calls.malloc++, ex.malloc(n)),
        calloc: (n: number, s: number) => (calls.calloc++, ex.calloc(n, s)),
        realloc: (p: number, n: number) => (calls.realloc++, ex.realloc(p, n)),
        free: (p: number) => (calls.free++, ex.free(p)),
        aligned_alloc: (a: number, n: number) => (calls.aligned.push(a), ex.aligned_alloc(a, n)),
      },
    });
    return { heap, calls, run: instance.exports.run as (n: number) => bigint };
  }

  for (const n of [40, 300]) {
    it(`run(${n}) gives the native build's checksum; every block freed through pyheap`, async () => {
      const { heap, calls, run } = await link();
      const expected = execFileSync(native, [String(n)], { encoding: "utf8" }).trim();
      expect(run(n).toString()).toBe(expected);
      heap.check();
      expect(heap.stats().totals.inUseBytes).toBe(0);
      expect(heap.stats().arenas.allocatedTotal).toBeGreaterThan(0);
      expect(calls.malloc).toBeGreaterThan(n);
      expect(calls.realloc).toBeGreaterThan(5);
      expect(calls.calloc).toBeGreaterThan(0);
      expect(calls.aligned).toContain(64);
      expect(calls.aligned).toContain(4096);
      // Every block came back (over-aligned reallocs allocate and free too).
      expect(calls.free).toBe(calls.malloc + calls.calloc + calls.aligned.length);
    });
  }

  it("std's own allocator (dlmalloc) is not linked in", () => {
    const names = functionNames(wasm);
    expect(names.some((n) => n.includes("pyheap_alloc"))).toBe(true);
    expect(names.filter((n) => n.includes("dlmalloc"))).toEqual([]);
  });

  it("a host that gave the region first keeps it", async () => {
    const memory = new WebAssembly.Memory({ initial: 17 });
    const heap = await instantiateShared({ memory, base: 0x200000 });
    const { instance } = await WebAssembly.instantiate(wasm, { env: { memory }, pyheap: heap.exports });
    const expected = execFileSync(native, ["40"], { encoding: "utf8" }).trim();
    expect((instance.exports.run as (n: number) => bigint)(40).toString()).toBe(expected);
    heap.check();
    expect(heap.stats().totals.inUseBytes).toBe(0);
  });
});

