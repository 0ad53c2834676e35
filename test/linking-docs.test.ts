// Every command and snippet in README.md's "Linking into other Wasm
// modules" section and in docs/linking.md, run as written, in order, in an
// empty project whose node_modules/pyheap is the npm package (npm pack):
// sh blocks with sh, js blocks as ES modules with node, the rust block must
// be in the prog.rs the commands built, the ts block is compiled with asc.
// A js block's trailing `// ` lines are output it must print ("..." in
// them: any text). Blocks
// without a language (diagrams) are not code. Needs clang, wasi-libc,
// emscripten and Debian's rustc (.ci/run installs them).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { blocks, type Block } from "./helpers/markdown.js";
import { packedProject, root } from "./helpers/pack.js";
const tools = ["/usr/bin/clang", "/usr/bin/emcc", "/usr/bin/rustc", "/usr/lib/wasm32-wasi/libc.a"];
const skip = !tools.every(existsSync) && !process.env.CI;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function readmeSection(): Block[] {
  const text = readFileSync(join(root, "README.md"), "utf8");
  const start = text.indexOf("## Linking into other Wasm modules");
  const end = text.indexOf("\n## ", start + 1);
  return blocks(text.slice(start, end), text.slice(0, start).split("\n").length);
}

// A shell's PATH: Debian's tools first (not a rustup toolchain, not
// node_modules/.bin, whose wasm-opt clang would run).
const PATH = ["/usr/bin", "/bin", ...(process.env.PATH ?? "").split(":")]
  .filter((p) => !p.includes("node_modules") && !p.includes(".cargo")).join(":");
// Debian's emcc needs its acorn when Node is not Debian's (docs/linking.md).
const env = { ...process.env, PATH, NODE_PATH: "/usr/share/nodejs" };

describe.skipIf(skip)("the linking documentation runs as written", () => {
  let project: string;

  beforeAll(() => {
    project = packedProject("pyheap-docs-");
  }, 180_000);
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  function run(block: Block, where: string): void {
    const at = `${where}:${block.line}`;
    try {
      if (block.lang === "sh") {
        execFileSync("sh", ["-e", "-c", block.code], { cwd: project, stdio: "pipe", env });
      } else if (block.lang === "js") {
        const file = join(project, "snippet.mjs");
        writeFileSync(file, block.code);
        const out = execFileSync(process.execPath, ["--no-warnings", file], { cwd: project, stdio: "pipe", env, encoding: "utf8" });
        const promised = block.code.trimEnd().split("\n").reverse();
        const tail = promised.slice(0, promised.findIndex((l) => !l.startsWith("// "))).reverse();
        // "..." in a promised line stands for any text (addresses vary with the toolchain).
        const pattern = (l: string) => new RegExp("^" + l.slice(3).split("...").map(escape).join(".*") + "$", "m");
        for (const line of tail) expect(out, at).toMatch(pattern(line));
      } else if (block.lang === "rust") {
        expect(readFileSync(join(project, "prog.rs"), "utf8"), at).toContain(block.code.trim());
      } else if (block.lang === "ts") {
        writeFileSync(join(project, "main.ts"), block.code +
          "export function probe(): i32 { const p = realloc(malloc(24), 100); free(p); return <i32>(p != 0); }\n");
        execFileSync(process.execPath, [join(root, "node_modules/assemblyscript/bin/asc.js"), "main.ts",
          "--runtime", "stub", "-o", "main.wasm"], { cwd: project, stdio: "pipe", env });
        const probe = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(join(project, "main.wasm"))), {
          env: { abort: () => { throw new Error("abort"); } },
        }).exports.probe as () => number;
        expect(probe(), at).toBe(1);
      } else if (block.lang !== "") {
        throw new Error(`no way to run a ${block.lang} block`);
      }
    } catch (e) {
      const err = e as { stderr?: Buffer | string; message: string };
      throw new Error(`${at}: ${err.message}\n${String(err.stderr ?? "").slice(0, 2000)}\n--- the block:\n${block.code}`);
    }
  }

  it("README.md: Linking into other Wasm modules", () => {
    const bs = readmeSection();
    expect(bs.filter((b) => b.lang).length).toBeGreaterThanOrEqual(5);
    for (const b of bs) run(b, "README.md");
  });

  it("docs/linking.md", () => {
    const bs = blocks(readFileSync(join(root, "docs/linking.md"), "utf8"));
    expect(bs.filter((b) => b.lang).length).toBeGreaterThanOrEqual(10);
    for (const b of bs) run(b, "docs/linking.md");
  });
});
