// The npm tarball as a user gets it: `npm pack` holds the built Wasm, the
// JS, the .d.ts files, the header, the AssemblyScript sources, README and
// LICENSE, and nothing else; installed into an empty project it imports
// from a plain ESM script, type-checks with tsc, and its AssemblyScript
// sources compile.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync, spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const root = new URL("..", import.meta.url).pathname;
const tsc = join(root, "node_modules/typescript/bin/tsc");
const asc = join(root, "node_modules/assemblyscript/bin/asc.js");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

let dir: string, project: string, installOutput = "";
let packed: { filename: string; size: number; unpackedSize: number; files: { path: string; size: number }[] };

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pyheap-pack-"));
  // --ignore-scripts: pack what `npm ci` built; rebuilding build/ here would
  // race with the other test files reading it.
  // prepack and postpack as npm publish runs them: the published
  // package.json has no prepare script (scripts/pack-manifest.mjs).
  run(process.execPath, ["scripts/pack-manifest.mjs", "strip"], root);
  try {
    packed = JSON.parse(run(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], root))[0];
  } finally {
    run(process.execPath, ["scripts/pack-manifest.mjs", "restore"], root);
  }
  project = join(dir, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user", private: true, type: "module" }));
  // pyheap has no dependencies, so this needs no network.
  // Scripts allowed: a consumer's install runs none of pyheap's and warns
  // about nothing (checked below).
  const install = spawnSync(npm, ["install", "--offline", "--no-audit", "--no-fund", join(dir, packed.filename)], {
    cwd: project, encoding: "utf8",
  });
  if (install.status !== 0) throw new Error(`npm install failed: ${install.stderr}`);
  installOutput = install.stdout + install.stderr;
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm pack", () => {
  it("the README's figures are the files' (sizes within 5%)", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8").replace(/\s+/g, " ");
    const near = (quoted: number, actual: number, what: string) =>
      expect(Math.abs(quoted - actual) / actual, `${what}: README says ${quoted}, it is ${actual}`).toBeLessThanOrEqual(0.05);
    // `name.wasm` ... N kB (M kB gzipped)
    const wasm = [...readme.matchAll(/`(?:build\/)?(\w+)\.wasm`[^`]{0,45}?(\d+(?:\.\d+)?) kB(?:[ ,(]+(\d+(?:\.\d+)?) kB gzipped)?/g)];
    expect(wasm.length).toBeGreaterThanOrEqual(6);
    for (const [, name, kb, gz] of wasm) {
      const bytes = readFileSync(join(root, "build", `${name}.wasm`));
      near(Number(kb) * 1000, bytes.length, `${name}.wasm`);
      if (gz) near(Number(gz) * 1000, gzipSync(bytes, { level: 9 }).length, `${name}.wasm gzipped`);
    }
    const pack = readme.match(/(\d+) kB packed \((\d+) kB unpacked, (\d+) files\)/);
    expect(pack).not.toBeNull();
    near(Number(pack![1]) * 1000, packed.size, "tarball");
    near(Number(pack![2]) * 1000, packed.unpackedSize, "unpacked");
    near(Number(pack![3]), packed.files.length, "files");
  });

  it("installs without a warning from pyheap: the published package.json has no install or prepare script", () => {
    expect(installOutput).not.toMatch(/warn/i);
    const manifest = JSON.parse(readFileSync(join(project, "node_modules/pyheap/package.json"), "utf8"));
    for (const s of ["prepare", "preinstall", "install", "postinstall"]) expect(manifest.scripts?.[s], s).toBeUndefined();
    // and the clone's package.json got its prepare back
    expect(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts.prepare).toBe("npm run build");
  });

  it("ships exactly the Wasm, JS, .d.ts, header, wasi shim, AssemblyScript sources, README and LICENSE", () => {
    const paths = packed.files.map((f) => f.path);
    const allowed = [
      /^dist\/([\w-]+\/)*[\w-]+\.(js|d\.ts)$/, /^build\/(release|debug|legacy|shared|malloc|unchecked)\.wasm$/,
      /^assembly\/([\w-]+\/)*[\w-]+\.ts$/, /^include\/pyheap\.h$/,
      /^wasi\/(libpyheap-wasi\.a|pyheap-wasi\.c|build\.sh)$/, /^examples\/c-client\/\w+\.c$/,
      /^rust\/pyheap-alloc\/(Cargo\.toml|src\/lib\.rs|examples\/collections\.rs)$/,
      /^bin\/(pyheap|static-server)\.js$/, /^examples\/explorer\/(index\.html|main\.js|scenarios\.js)$/,
      /^README\.md$/, /^LICENSE$/, /^package\.json$/,
    ];
    expect(paths.filter((p) => !allowed.some((r) => r.test(p)))).toEqual([]);
    for (const need of [
      "dist/index.js", "dist/index.d.ts", "dist/shared.js", "build/release.wasm", "build/debug.wasm",
      "build/legacy.wasm", "build/shared.wasm", "build/malloc.wasm", "build/unchecked.wasm", "include/pyheap.h", "wasi/libpyheap-wasi.a", "assembly/index.ts",
      "assembly/shared.ts", "README.md", "LICENSE",
    ]) expect(paths).toContain(need);
    // small: no tests, bench data or maps (tracemalloc and the leak reports
    // brought it from ~232 kB to ~258 kB, the heap explorer to ~294 kB,
    // the one-call façade exports and the README's measurements to ~311 kB,
    // type names and repr in the module to ~343 kB, the reprs of containers,
    // cells and weakrefs, the shortest-digits dtoa and classes' __module__
    // to ~352 kB, str's repr with Unicode's non-printable ranges, a table in
    // each build, to ~361 kB, the allocator's memory and realloc work to
    // ~365.2 kB, build/unchecked.wasm with the heap map to ~374.1 kB, the
    // README's figures for both builds to ~374.9 kB, the raw layer's quick
    // lists in all six builds to ~379.4 kB, the head pool's reuse and the
    // README's notes on a noisy run to ~381.2 kB)
    expect(packed.size).toBeLessThan(382_000);
  });

  it("`npx pyheap explore` serves the explorer from the installed package and prints its address", async () => {
    const { spawn } = await import("node:child_process");
    const child = spawn(join(project, "node_modules/.bin/pyheap"), ["explore", "--port", "0"], { cwd: project });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (b) => {
          out += b;
          if (out.includes("\n")) resolve(out);
        });
        child.on("exit", (code) => reject(new Error(`exited with ${code}`)));
      });
      const url = line.match(/http:\/\/127\.0\.0\.1:\d+\/examples\/explorer\//)![0];
      for (const path of ["", "main.js", "scenarios.js", "../../dist/index.js", "../../dist/map/render.js", "../../build/release.wasm"]) {
        expect((await fetch(new URL(path, url))).status, path).toBe(200);
      }
      expect(await (await fetch(url)).text()).toContain("pyheap heap explorer");
    } finally {
      child.kill();
    }
    const bad = spawnSync(join(project, "node_modules/.bin/pyheap"), ["explain"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^pyheap: unknown command 'explain'\nusage: pyheap explore \[--port N\]/);
  });

  it("imports from a plain ESM script in Node, no bundler", () => {
    writeFileSync(join(project, "main.js"), `
import { createAllocator, instantiateShared } from "pyheap";
const a = await createAllocator();
const p = a.malloc(100);
a.u8.set(new TextEncoder().encode("hello"), p);
const text = new TextDecoder().decode(a.u8.subarray(p, p + 5));
a.free(p);
a.check();
const memory = new WebAssembly.Memory({ initial: 2 });
const shared = await instantiateShared({ memory, base: 0x10000 });
const q = shared.exports.malloc(64);
console.log(JSON.stringify({ text, aligned: p % 16, shared: q >= 0x10000 }));
`);
    const out = run(process.execPath, ["main.js"], project);
    expect(JSON.parse(out)).toEqual({ text: "hello", aligned: 0, shared: true });
  });

  it("type-checks a TypeScript user with tsc --noEmit, and rejects a misuse", () => {
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify({
      compilerOptions: {
        target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext",
        lib: ["ES2022", "DOM"], types: [], strict: true, noEmit: true,
      },
      include: ["user.ts"],
    }));
    writeFileSync(join(project, "user.ts"), `
import { createAllocator, instantiateShared, ErrorCode, MemoryError, type Allocator, type MallocStats, type SharedHeap } from "pyheap";
const a: Allocator = await createAllocator({ build: "debug", maxMemory: 1 << 20 });
const p: number = a.malloc(10);
const s: MallocStats = a.stats();
const n: number = s.totals.inUseBytes + ErrorCode.BAD_REGION;
const h: SharedHeap = await instantiateShared({ memory: new WebAssembly.Memory({ initial: 1 }) });
h.init(0x10000, 0x20000);
export { p, n, MemoryError };
`);
    run(process.execPath, [tsc, "-p", "."], project);
    // The types are real: a wrong argument is an error, not an any.
    writeFileSync(join(project, "user.ts"), `
import { createAllocator } from "pyheap";
const a = await createAllocator();
a.malloc("ten");
`);
    let failure = "";
    try {
      run(process.execPath, [tsc, "-p", "."], project);
    } catch (e) {
      failure = String((e as { stdout?: string }).stdout);
    }
    expect(failure).toMatch(/TS2345/);
  });

  it("its AssemblyScript sources compile as `pyheap/assembly`", () => {
    const as = join(dir, "as-project");
    mkdirSync(as);
    cpSync(join(root, "examples/as-client/assembly"), join(as, "assembly"), { recursive: true });
    cpSync(join(root, "examples/as-client/asconfig.json"), join(as, "asconfig.json"));
    cpSync(join(project, "node_modules"), join(as, "node_modules"), { recursive: true });
    run(process.execPath, [asc, "--config", "asconfig.json", "--target", "release"], as);
    const m = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(join(as, "build/as-client.wasm"))), {});
    expect((m.exports.sumList as (n: number) => bigint)(1000)).toBe(499_500n);
  });
});
