// Types, interning, free lists, conversion, memoryInfo.
import { describe, it, expect } from "vitest";
import { withHeap } from "./heap.helpers.js";
import { KeyError, IndexError } from "../src/index.js";

describe("types and operations", () => {
  it("str: Unicode text, len in code points, equality by content as dict keys", () =>
    withHeap((heap) => {
      const texts = ["héllo wörld", "日本語テキスト", "emoji 😀 and more", "x".repeat(10_000)];
      for (const t of texts) {
        const s = heap.str(t);
        expect(heap.toJS(s)).toBe(t);
        expect(heap.len(s)).toBe([...t].length);
        heap.decref(s);
      }
      const s = heap.str("a😀b");
      const ch = heap.getitem(s, 1);
      expect(heap.toJS(ch)).toBe("😀");
      heap.decref(ch);
      expect(heap.getitem(s, -1)).toBe(heap.str("b"));
      const d = heap.dict();
      const k1 = heap.str("same key"), k2 = heap.str("same key");
      expect(heap.is(k1, k2)).toBe(false);
      const v = heap.int(1000);
      heap.setitem(d, k1, v);
      const got = heap.getitem(d, k2);
      expect(got).toBe(v);
      for (const r of [got, s, d, k1, k2, v]) heap.decref(r);
    }));

  it("dict: insertion order kept through growth and deletion; 1 == 1.0 == True as keys", () =>
    withHeap((heap) => {
      const d = heap.dict();
      const keys: number[] = [];
      for (let i = 0; i < 1000; i++) {
        const k = heap.int(i * 7919);
        heap.setitem(d, k, k);
        keys.push(k);
      }
      for (let i = 0; i < 1000; i += 3) heap.delitem(d, keys[i]);
      const js = heap.toJS(d) as Map<number, number>;
      expect([...js.keys()]).toEqual(keys.filter((_, i) => i % 3 !== 0).map((_, j, a) => heap.toJS(a[j]) as number));
      expect(heap.len(d)).toBe(666);
      keys.forEach((k) => heap.decref(k));
      heap.decref(d);
      const e = heap.dict();
      const one = heap.int(1), f = heap.float(1.0), a = heap.str("a"), b = heap.str("b"), c = heap.str("c");
      heap.setitem(e, one, a);
      heap.setitem(e, f, b);
      heap.setitem(e, heap.True, c);
      expect(heap.len(e)).toBe(1);
      expect(heap.toJS(e)).toEqual(new Map([[1, "c"]]));
      const t1 = heap.tuple([one, a]), t2 = heap.tuple([f, a]);
      heap.setitem(e, t1, a);
      const got = heap.getitem(e, t2);
      expect(got).toBe(a);
      for (const r of [got, t1, t2, e, f]) heap.decref(r);
      const empty = heap.dict();
      expect(() => heap.getitem(empty, one)).toThrow(KeyError);
      heap.decref(empty);
    }));

  it("set: no duplicates, small ints iterate in CPython's order", () =>
    withHeap((heap) => {
      const items = [5, 3, 9, 1, 3, 5, 200].map((v) => heap.int(v));
      const s = heap.set(items);
      expect(heap.len(s)).toBe(5);
      expect([...(heap.toJS(s) as Set<number>)]).toEqual([1, 3, 5, 200, 9]); // {1, 3, 5, 200, 9} in CPython 3.13
      for (let i = 0; i < 100; i++) {
        const v = heap.int(1000 + i);
        heap.setAdd(s, v);
        heap.decref(v);
      }
      expect(heap.len(s)).toBe(105);
      heap.decref(s);
    }));

  it("list indexing follows Python (negative from the end, IndexError beyond)", () =>
    withHeap((heap) => {
      const l = heap.fromJS([10, 20, 30]);
      const last = heap.getitem(l, -1);
      expect(heap.toJS(last)).toBe(30);
      expect(() => heap.getitem(l, 3)).toThrow(IndexError);
      expect(() => heap.getitem(l, -4)).toThrow(IndexError);
      expect(() => heap.setitem(l, 2 ** 32 - 1, last)).toThrow(IndexError);
      expect(() => heap.getitem(l, 1.5)).toThrow(TypeError);
      heap.delitem(l, 0);
      expect(heap.toJS(l)).toEqual([20, 30]);
      heap.decref(last);
      heap.decref(l);
    }));

  it("classes, instances, attributes, cells and closures (seed 003's f2.__closure__)", () =>
    withHeap((heap) => {
      const A = heap.newClass("A");
      const a = heap.instance(A);
      const name = heap.str("a");
      heap.setattr(a, "_name", name);
      expect(heap.typeName(a)).toBe("A");
      const cls = heap.getattr(a, "__class__");
      expect(cls).toBe(A);
      const dict = heap.getattr(a, "__dict__");
      expect(heap.toJS(dict)).toEqual(new Map([["_name", "a"]]));
      const c = heap.cell(a);
      const f2 = heap.func("f2", [c]);
      const closure = heap.getattr(f2, "__closure__");
      const cell0 = heap.getitem(closure, 0);
      const contents = heap.getattr(cell0, "cell_contents");
      expect(contents).toBe(a);
      const fname = heap.getattr(f2, "__name__");
      expect(heap.toJS(fname)).toBe("f2");
      const g = heap.func("g");
      expect(heap.getattr(g, "__closure__")).toBe(heap.None);
      for (const r of [cls, dict, c, closure, cell0, contents, fname, g, a, f2, A]) heap.decref(r);
      const empty = heap.cell();
      expect(() => heap.getattr(empty, "cell_contents")).toThrow(/Cell is empty/);
      heap.decref(empty);
    }));

  it("toJS/fromJS round-trip nested and shared structures, and cycles", () =>
    withHeap((heap) => {
      const value = { a: [1, 2.5, "x", null, true, 2n ** 60n], b: new Map([["k", new Set([1, 2])]]), c: new Uint8Array([1, 2]) };
      const r = heap.fromJS(value);
      const back = heap.toJS(r) as Map<string, unknown>;
      expect(back.get("a")).toEqual([1, 2.5, "x", null, true, 2n ** 60n]);
      expect(back.get("b")).toEqual(new Map([["k", new Set([1, 2])]]));
      expect(back.get("c")).toEqual(new Uint8Array([1, 2]));
      heap.decref(r);
      const l = heap.list();
      heap.append(l, l);
      const js = heap.toJS(l) as unknown[];
      expect(js[0]).toBe(js);
      heap.delitem(l, 0); // break the cycle (no cycle collector yet)
      heap.decref(l);
      let deep: unknown = [];
      for (let i = 0; i < 100_000; i++) deep = [deep];
      const d = heap.fromJS(deep);
      let depth = 0;
      for (let x = heap.toJS(d) as unknown[]; x.length; x = x[0] as unknown[]) depth++;
      expect(depth).toBe(100_000);
      heap.decref(d);
      expect(() => heap.fromJS({ k: [new Map([[[1], 2]])] })).toThrow(/unhashable type: 'list'/);
    }));
});

describe("interning", () => {
  it("constants intern when identifier-like ('HelloWorld' vs 'Hello World'), mortally", () =>
    withHeap((heap) => {
      const a = heap.str("HelloWorld", { constant: true }), b = heap.str("HelloWorld", { constant: true });
      const c = heap.str("Hello World", { constant: true }), d = heap.str("Hello World", { constant: true });
      expect(heap.is(a, b)).toBe(true);
      expect(heap.is(c, d)).toBe(false);
      expect(heap.sys.getrefcount(a)).toBe(2);
      const n = heap.memoryInfo().internedStrings;
      heap.decref(a); heap.decref(b);
      expect(heap.memoryInfo().internedStrings).toBe(n - 1); // mortal: gone with its last reference
      const e = heap.str("HelloWorld", { constant: true });
      expect(heap.sys.getrefcount(e)).toBe(1);
      for (const r of [c, d, e]) heap.decref(r);
    }));

  it("sys.intern returns the canonical string", () =>
    withHeap((heap) => {
      const x = heap.str("not an identifier!"), y = heap.str("not an identifier!");
      const ix = heap.sys.intern(x), iy = heap.sys.intern(y);
      expect(ix).toBe(x);
      expect(iy).toBe(x);
      expect(heap.sys.intern(heap.str("q"))).toBe(heap.str("q")); // latin-1 singletons are canonical
      for (const r of [x, y, ix, iy]) heap.decref(r);
      expect(() => heap.sys.intern(heap.int(5))).toThrow(TypeError);
    }));
});

describe("free lists", () => {
  it("a freed float's memory is the next float (id reuse), up to 100 kept", () =>
    withHeap((heap) => {
      const f = heap.float(1.5);
      const id = heap.id(f);
      heap.decref(f);
      const g = heap.float(2.5);
      expect(heap.id(g)).toBe(id);
      heap.decref(g);
      const many = Array.from({ length: 150 }, (_, i) => heap.float(i));
      many.forEach((x) => heap.decref(x));
      expect(heap.memoryInfo().freeListObjects).toBe(100);
      heap.clearFreeLists();
      expect(heap.memoryInfo().freeListObjects).toBe(0);
    }));

  it("tuples per length 1..20 (2000 each), lists (80), dicts (80)", () =>
    withHeap((heap) => {
      const x = heap.None;
      const t3 = heap.tuple([x, x, x]);
      const id3 = heap.id(t3);
      heap.decref(t3);
      const t2 = heap.tuple([x, x]);
      expect(heap.id(t2)).not.toBe(id3); // another length, another list
      const t3b = heap.tuple([x, x, x]);
      expect(heap.id(t3b)).toBe(id3);
      heap.decref(t2); heap.decref(t3b);
      const l = heap.list(); const lid = heap.id(l); heap.decref(l);
      const l2 = heap.list([x]); expect(heap.id(l2)).toBe(lid); heap.decref(l2);
      const d = heap.dict(); const did = heap.id(d); heap.decref(d);
      const d2 = heap.dict(); expect(heap.id(d2)).toBe(did); heap.decref(d2);
      heap.clearFreeLists();
      const ts = Array.from({ length: 2500 }, () => heap.tuple([x]));
      const ls = Array.from({ length: 100 }, () => heap.list());
      const ds = Array.from({ length: 100 }, () => heap.dict());
      [...ts, ...ls, ...ds].forEach((r) => heap.decref(r));
      expect(heap.memoryInfo().freeListObjects).toBe(2000 + 80 + 80);
      const t21 = heap.tuple(Array(21).fill(x));
      heap.decref(t21);
      expect(heap.memoryInfo().freeListObjects).toBe(2160); // length 21 is not kept
      expect(() => heap.typeName(t21)).toThrow(ReferenceError);
      heap.clearFreeLists();
    }));
});

describe("memoryInfo", () => {
  it("counts live objects by type and bytes in use rise and fall back", () =>
    withHeap((heap) => {
      const base = heap.memoryInfo();
      const l = heap.list();
      for (let i = 0; i < 100_000; i++) {
        const v = heap.int(1000 + i);
        heap.append(l, v);
        heap.decref(v);
      }
      const mid = heap.memoryInfo();
      expect(mid.objects.int - base.objects.int).toBe(100_000);
      expect(mid.objects.list - base.objects.list).toBe(1);
      expect(mid.bytesInUse - base.bytesInUse).toBeGreaterThan(100_000 * 20);
      heap.decref(l);
      const end = heap.memoryInfo();
      expect(end.objects.int).toBe(base.objects.int);
      expect(end.bytesInUse - base.bytesInUse).toBeLessThan(64 * 1024);
      expect(end.wasmMemoryBytes).toBe(mid.wasmMemoryBytes); // Wasm memory never shrinks
      expect(heap.debugMallocStats()).toMatch(/Small block threshold/);
    }));
});
