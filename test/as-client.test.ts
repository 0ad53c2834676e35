// An AssemblyScript program (examples/as-client) that imports pyheap's
// allocator from the package's sources, `import { malloc, free } from
// "pyheap/assembly"`, compiled with asc as a user would: in a project whose
// node_modules/pyheap is this package.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const asc = join(root, "node_modules/assemblyscript/bin/asc.js");

interface Client {
  memory: WebAssembly.Memory;
  sumList(n: number): bigint;
  joinNumbers(n: number): number;
  textLen(): number;
  check(): number;
  stats(): number;
}

let dir: string;
let client: Client;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pyheap-as-"));
  cpSync(join(root, "examples/as-client/assembly"), join(dir, "assembly"), { recursive: true });
  cpSync(join(root, "examples/as-client/asconfig.json"), join(dir, "asconfig.json"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(root, join(dir, "node_modules/pyheap"), "dir");
  execFileSync(process.execPath, [asc, "--config", "asconfig.json", "--target", "release"], { cwd: dir, stdio: "pipe" });
  const wasm = readFileSync(join(dir, "build/as-client.wasm"));
  client = new WebAssembly.Instance(new WebAssembly.Module(wasm), {}).exports as unknown as Client;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("AssemblyScript client compiled against pyheap/assembly", () => {
  it("builds and frees a linked list in pyheap blocks", () => {
    expect(client.sumList(100_000)).toBe(4_999_950_000n);
    expect(client.check()).toBe(0);
  });

  it("grows a string with realloc", () => {
    const n = 5000;
    const p = client.joinNumbers(n);
    const text = new TextDecoder().decode(new Uint8Array(client.memory.buffer, p, client.textLen()));
    expect(text).toBe(Array.from({ length: n }, (_, i) => i).join(","));
    expect(client.check()).toBe(0);
  });

  it("the allocations went through pyheap (its statistics saw them)", () => {
    // Word 13 of the record is the arenas currently allocated, 10 the
    // arenas ever allocated (assembly/stats.ts): the list's 100000 nodes
    // were pymalloc blocks.
    const words = new Uint32Array(client.memory.buffer, client.stats(), 32);
    expect(words[0]).toBe(16); // alignment
    expect(words[10]).toBeGreaterThan(0);
  });
});
