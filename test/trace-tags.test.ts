// pyheap_trace_tag() from C: a program on the shared build tags its
// allocations, and tracemallocFor() reports them by tag (trace domain),
// with the JavaScript frame that called into the program.
import { describe, it, expect } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { instantiateShared, tracemallocFor, allocatorLeaksOf, DomainFilter } from "../src/index.js";

const root = new URL("..", import.meta.url).pathname;
const hasClang = (() => {
  try {
    execFileSync("sh", ["-c", "command -v clang && command -v wasm-ld"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

const PROGRAM = `
#include "pyheap.h"
extern unsigned char __heap_base;
static void *kept[16];
__attribute__((export_name("run"))) int run(void) {
  int e = pyheap_init((uintptr_t)&__heap_base, 0);
  if (e) return e;
  pyheap_trace_tag(1);                       /* the parser's blocks */
  for (int i = 0; i < 10; i++) kept[i] = malloc(100);
  pyheap_trace_tag(2);                       /* the cache's */
  kept[10] = malloc(5000);
  pyheap_trace_tag(0);
  kept[11] = malloc(8);
  free(kept[0]);
  return 0;
}
__attribute__((export_name("release"))) void release(void) {
  for (int i = 1; i < 12; i++) free(kept[i]);
}
`;

describe.skipIf(!hasClang)("pyheap_trace_tag() in a C client", () => {
  it("tags the allocations that follow; snapshots and leak reports group by tag", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pyheap-tag-"));
    try {
      writeFileSync(join(dir, "tags.c"), PROGRAM);
      execFileSync("clang", ["--target=wasm32", "-nostdlib", "-ffreestanding", "-O2", "-mbulk-memory",
        "-I", join(root, "include"), "-Wl,--no-entry", "-Wl,--import-memory", "-Wl,--global-base=65536",
        "-o", join(dir, "tags.wasm"), join(dir, "tags.c")], { stdio: "pipe" });
      const memory = new WebAssembly.Memory({ initial: 4 });
      const heap = await instantiateShared({ memory, heap: "shared" }); // malloc.wasm has no tracing
      const { instance } = await WebAssembly.instantiate(readFileSync(join(dir, "tags.wasm")), {
        env: { memory }, pyheap: heap.exports as unknown as WebAssembly.ModuleImports,
      });
      const tm = tracemallocFor(heap);
      tm.start();
      expect((instance.exports.run as () => number)()).toBe(0);
      const snap = tm.takeSnapshot();
      const byTag = (t: number) => snap.filterTraces([new DomainFilter(true, t)]).traces.map((x) => x.size);
      expect(byTag(1)).toEqual(Array(9).fill(100)); // one of the ten was freed
      expect(byTag(2)).toEqual([5000]);
      expect(byTag(0)).toEqual([8]);
      // the frame is the JavaScript line that called run()
      expect(snap.traces[0].traceback.frames[0].filename).toMatch(/trace-tags\.test\.ts$/);
      expect(allocatorLeaksOf(heap, tm).byTag).toEqual([
        { tag: 2, blocks: 1, bytes: 5000, estimated: false },
        { tag: 1, blocks: 9, bytes: 900, estimated: false },
        { tag: 0, blocks: 1, bytes: 8, estimated: false },
      ]);
      (instance.exports.release as () => void)();
      expect(tm.takeSnapshot().traces).toEqual([]);
      tm.stop();
      heap.check();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
