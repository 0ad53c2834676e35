// The README's TypeScript as a user compiles it: every ```ts / ```typescript
// block of README.md and docs/*.md (AssemblyScript ones, importing
// "pyheap/assembly", are asc's: test/linking-docs.test.ts compiles them),
// and the fixtures in test/fixtures/types/, type-checked with tsc --strict
// against the packed package, once with the DOM lib and once with only
// lib ES2022 and @types/node (no WebAssembly namespace of its own). The
// published .d.ts files are checked too (no skipLibCheck). Fixtures named
// *.dom.ts use the DOM lib's WebAssembly values, and blocks naming
// `document` are browser code: those are checked with the DOM lib only. The
// examples and the objects benchmark type-check against src/ as well.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { blocks } from "./helpers/markdown.js";
import { packedProject, root } from "./helpers/pack.js";

const tsc = join(root, "node_modules/typescript/bin/tsc");
const fixtures = join(root, "test/fixtures/types");

/** A block or fixture; `dom`: it needs the DOM lib (a fixture named
 *  *.dom.ts, or a block naming `document`: browser code). */
interface Source { file: string; from: string; dom: boolean }

function tsBlocks(): Source[] {
  const docs = ["README.md", ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
  const out: Source[] = [];
  for (const doc of docs) {
    for (const b of blocks(readFileSync(join(root, doc), "utf8"))) {
      if (b.lang !== "ts" && b.lang !== "typescript") continue;
      if (b.code.includes('"pyheap/assembly"')) continue;
      const file = `${doc.replace(/\W/g, "_")}_${b.line}.ts`;
      // export {}: a block is a module of its own (top-level await, no clashes)
      out.push({ file, from: `${doc}:${b.line}`, dom: /\bdocument\./.test(b.code) });
      writeFileSync(join(project, file), b.code + "export {};\n");
    }
  }
  return out;
}

let project: string;

/** tsc -p over `files` with the given libs; its diagnostics, one a line. */
function check(name: string, files: string[], lib: string[], types: string[]): string {
  writeFileSync(join(project, `tsconfig.${name}.json`), JSON.stringify({
    compilerOptions: {
      target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext",
      lib, types, strict: true, noEmit: true,
    },
    files,
  }));
  const r = spawnSync(process.execPath, [tsc, "-p", `tsconfig.${name}.json`], { cwd: project, encoding: "utf8" });
  return (r.stdout + r.stderr).trim();
}

describe("TypeScript in the README and docs type-checks against the package", () => {
  let sources: Source[];

  beforeAll(() => {
    project = packedProject("pyheap-types-");
    // @types/node as a user's project has it
    symlinkSync(join(root, "node_modules/@types"), join(project, "node_modules/@types"), "dir");
    sources = tsBlocks();
    for (const f of readdirSync(fixtures).filter((n) => n.endsWith(".ts"))) {
      copyFileSync(join(fixtures, f), join(project, f));
      sources.push({ file: f, from: `test/fixtures/types/${f}`, dom: f.endsWith(".dom.ts") });
    }
  }, 180_000);
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  const named = (out: string) => {
    let text = out;
    for (const s of sources) text = text.split(s.file).join(`${s.from} (${s.file})`);
    return text;
  };

  it("finds the README's blocks", () => {
    // createAllocator, createHeap, gc and weakref, tracemalloc
    expect(sources.filter((s) => s.from.startsWith("README.md")).length).toBeGreaterThanOrEqual(4);
  });

  it("with the DOM lib: every block and fixture, and `using` with esnext.disposable", () => {
    const out = check("dom", sources.map((s) => s.file), ["ES2022", "DOM", "esnext.disposable"], []);
    expect(named(out)).toBe("");
  });

  it("with lib ES2022 and @types/node, no DOM: every block and fixture but the browser ones", () => {
    const files = sources.filter((s) => !s.dom).map((s) => s.file);
    expect(files.length).toBeGreaterThanOrEqual(7); // 4 README blocks, 3 fixtures
    const out = check("node", files, ["ES2022"], ["node"]);
    expect(named(out)).toBe("");
  });

  it("the negative checks can fail: without @ts-expect-error, brand.ts's misuses are errors", () => {
    const text = readFileSync(join(fixtures, "brand.ts"), "utf8");
    const expected = text.split("\n").filter((l) => l.startsWith("// @ts-expect-error")).length;
    expect(expected).toBeGreaterThanOrEqual(3);
    writeFileSync(join(project, "brand-bare.ts"), text.replace(/^\/\/ @ts-expect-error.*$/gm, ""));
    const out = check("bare", ["brand-bare.ts"], ["ES2022", "DOM"], []);
    // one or more errors on each line that had the directive
    const lines = new Set(out.split("\n").map((l) => /^brand-bare\.ts\((\d+),\d+\): error TS23(22|45)/.exec(l)?.[1]).filter(Boolean));
    expect(lines.size, out).toBe(expected);
  });
});

describe("the examples and the objects benchmark type-check with --strict", () => {
  it("examples/*.ts and bench/objects/*.ts against src/", () => {
    const files = ["examples", "bench/objects"].flatMap((d) =>
      readdirSync(join(root, d)).filter((f) => f.endsWith(".ts")).map((f) => join(d, f)));
    expect(files.length).toBeGreaterThanOrEqual(10);
    const r = spawnSync(process.execPath, [tsc, "--noEmit", "--strict", "--target", "ES2022", "--module", "NodeNext",
      "--moduleResolution", "NodeNext", "--types", "node", "--lib", "ES2022,DOM", "--skipLibCheck", ...files],
    { cwd: root, encoding: "utf8" });
    expect((r.stdout + r.stderr).trim()).toBe("");
  });
});
