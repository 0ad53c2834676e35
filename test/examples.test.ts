// The examples in examples/ reproduce what the seeds show.
import { describe, it, expect } from "vitest";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const run = (name: string, ...args: string[]): string =>
  execFileSync(process.execPath, ["--import", "tsx", `examples/${name}.ts`, ...args], { cwd: root, encoding: "utf8" });

describe("seed 000", () => {
  it("memory-usage: memory rises with a list of 10,000,000 ints and falls back", () => {
    const out = run("memory-usage");
    const mb = [...out.matchAll(/memory used: ([\d.]+) MB/g)].map((m) => Number(m[1]));
    expect(out).toMatch(/^initial memory used/m);
    expect(out).toMatch(/^after a created memory used/m);
    expect(out).toMatch(/^finished memory used/m);
    expect(mb[1]).toBeGreaterThan(150); // 9,999,744 boxed ints + the list
    expect(mb[2]).toBeLessThan(1);
    expect(out).toMatch(/after a created .* 9999744 objects/); // 0..256 are cached
  });

  it("refcount: getrefcount as references come and go", () => {
    const out = run("refcount");
    expect(out).toMatch(/a = 'Hello World'\s+refcount 1 \(CPython's getrefcount\(a\) shows 2\)/);
    expect(out).toMatch(/b = a\s+refcount 2/);
    expect(out).toMatch(/l = \[1, a, '33'\]\s+refcount 3/);
    expect(out).toMatch(/del b\s+refcount 2/);
    expect(out).toMatch(/del l\s+refcount 1/);
    expect(out).toMatch(/None \(immortal\)\s+refcount 1073741823/);
  });

  it("small-ints: 300 makes two objects, 200 is shared", () => {
    const out = run("small-ints");
    const [a300, b300] = out.match(/a,b = 300,300 +id\(a\),id\(b\) = \((\d+), (\d+)\)/)!.slice(1);
    const [a200, b200] = out.match(/a,b = 200,200 +id\(a\),id\(b\) = \((\d+), (\d+)\)/)!.slice(1);
    expect(a300).not.toBe(b300);
    expect(a200).toBe(b200);
  });

  it("interning: 'HelloWorld' is shared, 'Hello World' is not", () => {
    const out = run("interning");
    const [a1, b1] = out.match(/'Hello World','Hello World' +id\(a\),id\(b\) = \((\d+), (\d+)\)/)!.slice(1);
    const [a2, b2] = out.match(/'HelloWorld','HelloWorld' +id\(a\),id\(b\) = \((\d+), (\d+)\)/)!.slice(1);
    expect(a1).not.toBe(b1);
    expect(a2).toBe(b2);
    expect(out).toMatch(/sys.intern\('Hello World'\) twice: same object: true/);
  });
});

describe("seed 002", () => {
  it("references: direct and indirect references, a cycle", () => {
    const out = run("references").split("\n");
    const [id1, id2] = out[0].match(/(\d+) (\d+)$/)!.slice(1);
    expect(id1).toBe(id2);
    expect(out[1]).toMatch(/refcount 4$/);
    expect(out[3]).toMatch(/^\['a', 'b', \['x', 'y'\]\] (\d+) \1$/);
    expect(out[4]).toMatch(/^\['x', 'y', \['a', 'b', \[\.\.\.\]\]\] (\d+) \1$/);
    expect(out[5]).toBe("['a', 'b', ['x', 'y', [...]]]");
    expect(out[6]).toMatch(/lists alive before 4, after 4; refcounts 1, 1/);
  });
});
