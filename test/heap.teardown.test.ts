// Deep teardown without recursion, and finalizers on the refcount path.
import { describe, it, expect } from "vitest";
import { withHeap } from "./heap.helpers.js";
import type { Heap, Ref } from "../src/index.js";

const DEPTH = 1_000_000;

function chain(heap: Heap, wrap: (inner: Ref) => Ref): Ref {
  let x = heap.list();
  for (let i = 0; i < DEPTH; i++) {
    const outer = wrap(x);
    heap.decref(x);
    x = outer;
  }
  return x;
}

describe("a 1,000,000-deep chain is freed without stack overflow", () => {
  for (const build of ["release", "debug"] as const) {
    it(`lists, tuples, dicts, instances (${build})`, () =>
      withHeap((heap) => {
        const key = heap.str("next");
        const C = heap.newClass("Node");
        // The class keeps the attribute names it has seen (shared keys).
        const warm = heap.instance(C);
        heap.setattr(warm, "next", heap.None);
        heap.decref(warm);
        const kinds: Array<[string, (x: Ref) => Ref]> = [
          ["list", (x) => heap.list([x])],
          ["tuple", (x) => heap.tuple([x])],
          ["dict", (x) => heap.dict([[key, x]])],
          ["instance", (x) => { const o = heap.instance(C); heap.setattr(o, "next", x); return o; }],
        ];
        for (const [name, wrap] of kinds) {
          const before = heap.memoryInfo().liveObjects;
          const top = chain(heap, wrap);
          expect(heap.memoryInfo().liveObjects).toBeGreaterThan(before + DEPTH);
          heap.decref(top);
          expect(heap.memoryInfo().liveObjects, name).toBe(before);
        }
        heap.decref(C);
        heap.decref(key);
      }, { build }));
  }

  it("a mixed chain (list -> tuple -> dict -> instance -> cell -> ...)", () =>
    withHeap((heap) => {
      const C = heap.newClass("N");
      const k = heap.int(7);
      const wraps: Array<(x: Ref) => Ref> = [
        (x) => heap.list([x]), (x) => heap.tuple([x, x]), (x) => heap.dict([[k, x]]),
        (x) => { const o = heap.instance(C); heap.setattr(o, "n", x); return o; },
        (x) => heap.cell(x),
        (x) => { const c = heap.cell(x); const f = heap.func("f", [c]); heap.decref(c); return f; },
      ];
      let x = heap.list();
      for (let i = 0; i < 200_000; i++) {
        const outer = wraps[i % wraps.length](x);
        heap.decref(x);
        x = outer;
      }
      heap.decref(x);
      heap.decref(k);
      heap.decref(C);
    }));
});

describe("finalizers (del) on the refcount path", () => {
  it("run once, in CPython's order: list items last to first, dict entries in order", () =>
    withHeap((heap) => {
      const log: string[] = [];
      const names = new Map<number, string>();
      const A = heap.newClass("A", { del: (self) => log.push(names.get(self)!) });
      const make = (n: string) => { const o = heap.instance(A); names.set(o, n); return o; };
      const a = make("a"), b = make("b"), c = make("c");
      const l = heap.list([a, b, c]);
      [a, b, c].forEach((o) => heap.decref(o));
      heap.decref(l);
      expect(log).toEqual(["c", "b", "a"]);
      log.length = 0;
      const k1 = heap.str("k1"), k2 = heap.str("k2");
      const x = make("x"), y = make("y");
      const d = heap.dict([[k1, x], [k2, y]]);
      heap.decref(x); heap.decref(y);
      heap.decref(d);
      expect(log).toEqual(["x", "y"]);
      heap.decref(k1); heap.decref(k2);
      heap.decref(A);
    }));

  it("a finalizer sees its object alive, can use the heap, and nested deaths finalize too", () =>
    withHeap((heap) => {
      const log: string[] = [];
      const B = heap.newClass("B", { del: () => log.push("B") });
      const A = heap.newClass("A", {
        del: (self, h) => {
          const v = h.getattr(self, "v");
          log.push(`A sees ${h.toJS(v)}`);
          h.decref(v);
          const tmp = h.instance(B); // dies inside the finalizer
          h.decref(tmp);
          log.push("A done");
        },
      });
      const o = heap.instance(A);
      const v = heap.int(42);
      heap.setattr(o, "v", v);
      heap.decref(v);
      const inner = heap.instance(B);
      heap.setattr(o, "inner", inner);
      heap.decref(inner);
      heap.decref(o);
      expect(log).toEqual(["A sees 42", "B", "A done", "B"]);
      heap.decref(A);
      heap.decref(B);
    }));

  it("resurrection: the object survives and is not finalized again (PEP 442)", () =>
    withHeap((heap) => {
      let saved = 0;
      let calls = 0;
      const R = heap.newClass("R", {
        del: (self, h) => {
          calls++;
          h.incref(self);
          saved = self;
        },
      });
      const o = heap.instance(R);
      heap.decref(o);
      expect(calls).toBe(1);
      expect(saved).toBe(o);
      expect(heap.typeName(saved)).toBe("R");
      expect(heap.sys.getrefcount(saved)).toBe(1);
      heap.decref(saved); // dies for good, no second call
      expect(calls).toBe(1);
      expect(() => heap.typeName(saved)).toThrow(ReferenceError);
      heap.decref(R);
    }));

  it("legacyDel behaves like del on the refcount path; errors go to the unraisable hook", async () => {
    const seen: unknown[] = [];
    await withHeap((heap) => {
      const log: string[] = [];
      const L = heap.newClass("L", { legacyDel: () => log.push("legacy") });
      const E = heap.newClass("E", { del: () => { throw new Error("boom"); } });
      heap.decref(heap.instance(L));
      const e = heap.instance(E);
      const l = heap.list([e]);
      heap.decref(e);
      heap.decref(l); // the error is reported, the teardown completes
      expect(log).toEqual(["legacy"]);
      expect(seen).toHaveLength(1);
      heap.decref(L);
      heap.decref(E);
    }, { unraisableHook: (err) => seen.push(err) });
  });

  it("a finalizer dropping the reference it was lent is refused", () =>
    withHeap((heap) => {
      let error: unknown = null;
      const F = heap.newClass("F", {
        del: (self, h) => {
          try { h.decref(self); } catch (e) { error = e; }
        },
      });
      heap.decref(heap.instance(F));
      expect(error).toBeInstanceOf(ReferenceError);
      heap.decref(F);
    }));
});
