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

describe("seed 003: the cycle collector", () => {
  it("gc-cycles: get_threshold, make_cycle's collected counts, seed 002's pair", () => {
    const out = run("gc-cycles");
    expect(out).toContain(">>> gc.get_threshold()\n(700, 10, 10)\n");
    expect(out).toContain(
      "Garbage collector: collected 0 objects.\nCreating cycles...\nGarbage collector: collected 10 objects.\n",
    );
    expect(out).toContain("list cycles: collected 10 objects.");
    expect(out).toContain("del l1, l2: lists alive 2; gc.collect() -> 2; lists alive 0");
    expect(out).toMatch(/generation-0 collections: 1$/m);
  });

  it("gc-del: the A/B/C cycle in gc.garbage (Python 2), broken by hand; collected with PEP 442", () => {
    const out = run("gc-del");
    const [py2, py3] = out.split("\n== Python 3.4+");
    expect(py2.replace(/0x[0-9a-f]+/g, "0x")).toContain([
      "collect:  0", "garbage:  []", "collect:  6",
      "garbage:  [<__main__.A object at 0x>, <__main__.B object at 0x>]",
      "__del__ in B", "__del__ in A", "garbage:  []", "----------------------------",
      "collect:  0", "garbage:  []",
    ].join("\n"));
    expect(py3).toContain([
      "collect:  0", "garbage:  []", "__del__ in A", "__del__ in B", "collect:  3", "garbage:  []",
    ].join("\n"));
  });

  it("weakrefs: weakref.ref and proxy print what the seed shows", () => {
    const out = run("weakrefs");
    expect(out).toContain("refcount of a with b = weakref.ref(a): 1");
    expect(out).toContain("b().bar: 123\na == b(): True\nc.bar: 123\nc == a: True");
    expect(out).toContain("callback: a is gone\nafter del a, b(): None");
    expect(out).toContain("c.bar: ReferenceError: getattr: weakly-referenced object no longer exists");
  });

  it("closure: b dies when f1 returns, c when f2 returns, a with f2 (as Python 2.7 prints)", () => {
    const out = run("closure").replace(/0x[0-9a-f]+/g, "0x");
    expect(out).toContain([
      "f2 = f1():", "__del__ in  b", "", "a.__closure__:", "(<cell at 0x: A object at 0x>,)", "",
      "a():", "<__main__.A object at 0x>", "__del__ in  c", "", "del f2:", "__del__ in  a", "", "over!",
    ].join("\n"));
  });
});
