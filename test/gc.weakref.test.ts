// heap.weakref: ref, deref, proxy, finalize, getweakrefcount, getweakrefs,
// WeakValueDictionary, and CPython 3.13's orderings on both paths.
import { describe, it, expect } from "vitest";
import { withGCHeap as withHeap } from "./gc.helpers.js";
import { createHeap } from "../src/index.js";

describe("weakref.ref and deref", () => {
  it("deref gives the referent while it lives, then None; the plain ref is shared", () =>
    withHeap((heap) => {
      const Foo = heap.newClass("Foo");
      const a = heap.instance(Foo);
      const w = heap.weakref.ref(a);
      expect(heap.sys.getrefcount(a)).toBe(1); // no strong reference taken
      expect(heap.typeName(w)).toBe("weakref.ReferenceType");
      const w2 = heap.weakref.ref(a);
      expect(w2).toBe(w);
      heap.decref(w2);
      const b = heap.weakref.deref(w);
      expect(b).toBe(a);
      heap.decref(b);
      expect(heap.weakref.getweakrefcount(a)).toBe(1);
      heap.decref(a);
      expect(heap.weakref.deref(w)).toBe(heap.None);
      heap.decref(w);
      heap.decref(Foo);
    }));

  it("only instances, classes and functions can be weakly referenced", () =>
    withHeap((heap) => {
      const l = heap.list();
      expect(() => heap.weakref.ref(l)).toThrow("cannot create weak reference to 'list' object");
      expect(() => heap.weakref.ref(heap.int(1))).toThrow(TypeError);
      const f = heap.func("f");
      const wf = heap.weakref.ref(f);
      heap.decref(f);
      expect(heap.weakref.deref(wf)).toBe(heap.None);
      heap.decref(wf);
      heap.decref(l);
    }));

  it("refcount path: del, then clearing, then callbacks newest first", () =>
    withHeap((heap) => {
      const log: string[] = [];
      let w1 = 0, w2 = 0, plain = 0;
      const K = heap.newClass("K", {
        del: (self) => {
          const r = heap.weakref.deref(plain);
          log.push(`del sees ${r === self ? "self" : "None"}`);
          heap.decref(r);
        },
      });
      const o = heap.instance(K);
      plain = heap.weakref.ref(o);
      w1 = heap.weakref.ref(o, (w) => {
        log.push(`cb1 ${w === w1} ${heap.weakref.deref(w) === heap.None}`);
      });
      w2 = heap.weakref.ref(o, (w) => {
        log.push(`cb2 ${w === w2}`);
      });
      const refs = heap.weakref.getweakrefs(o);
      expect(heap.len(refs)).toBe(3);
      const first = heap.getitem(refs, 0), second = heap.getitem(refs, 1);
      expect([first, second]).toEqual([plain, w2]); // basic ref, then newest callback
      heap.decref(first);
      heap.decref(second);
      heap.decref(refs);
      heap.decref(o);
      expect(log).toEqual(["del sees self", "cb2 true", "cb1 true true"]);
      for (const w of [plain, w1, w2]) heap.decref(w);
      heap.decref(K);
    }));

  it("a resurrecting del keeps the weakrefs alive", () =>
    withHeap((heap) => {
      let saved = 0;
      const K = heap.newClass("K", { del: (self) => { heap.incref(self); saved = self; } });
      const o = heap.instance(K);
      const w = heap.weakref.ref(o);
      heap.decref(o);
      const r = heap.weakref.deref(w);
      expect(r).toBe(saved);
      heap.decref(r);
      heap.decref(saved); // dies now, no second del
      expect(heap.weakref.deref(w)).toBe(heap.None);
      heap.decref(w);
      heap.decref(K);
    }));

  it("a throwing callback is reported and the heap stays consistent", () => {
    const errors: unknown[] = [];
    return withHeap((heap) => {
      const K = heap.newClass("K");
      const o = heap.instance(K);
      const w = heap.weakref.ref(o, () => { throw new Error("cb"); });
      heap.decref(o);
      expect(errors).toHaveLength(1);
      expect(heap.exports.pyheap_check()).toBe(0);
      heap.decref(w);
      heap.decref(K);
    }, { unraisableHook: (e) => errors.push(e) });
  });
});

describe("hashing and comparing weakrefs, as CPython 3.13", () => {
  // python3.13:
  //   class C: pass
  //   o = C(); w = weakref.ref(o); d = {w: 1}
  //   w2 = weakref.ref(o, cb); w2 is w, w2 == w, d[w2]   -> False True 1
  //   hash(w) == hash(o)                                   -> True
  //   dead = weakref.ref(C()); hash(dead)                  -> TypeError: weak object has gone away
  //   del o; d[w], w in {w}, w == w2                       -> 1 True False
  it("a live weakref hashes and compares by its referent, and keeps that hash when it dies", () =>
    withHeap((heap) => {
      const C = heap.newClass("C");
      const o = heap.instance(C);
      const w = heap.weakref.ref(o);
      const d = heap.dict([[w, heap.int(1)]]);
      const w2 = heap.weakref.ref(o, () => {});
      expect(w2).not.toBe(w);
      expect(heap.getitem(d, w2)).toBe(heap.int(1));
      const s = heap.set([w]);
      heap.setAdd(s, w2);
      expect(heap.len(s)).toBe(1);
      // never hashed while its referent lived: no hash at all
      const gone = heap.instance(C);
      const dead = heap.weakref.ref(gone);
      heap.decref(gone);
      expect(heap.weakref.deref(dead)).toBe(heap.None);
      expect(() => heap.setitem(d, dead, heap.None)).toThrow(/^setitem: weak object has gone away$/);
      expect(() => heap.setAdd(s, dead)).toThrow(TypeError);
      expect(heap.len(d)).toBe(1);
      // hashed while alive: found after the referent died, by the same hash
      heap.decref(o);
      expect(heap.weakref.deref(w)).toBe(heap.None);
      expect(heap.getitem(d, w)).toBe(heap.int(1));
      heap.setAdd(s, w);
      expect(heap.len(s)).toBe(1);
      // dead weakrefs compare by identity: w2 is no longer w's key
      expect(() => heap.getitem(d, w2)).toThrow(/^getitem: /);
      for (const r of [d, s, w, w2, dead, C]) heap.decref(r);
    }));

  it("a weakref hashed while alive keeps its hash when the collector frees the referent", () =>
    withHeap((heap) => {
      const C = heap.newClass("C");
      const a = heap.instance(C), b = heap.instance(C);
      heap.setattr(a, "other", b);
      heap.setattr(b, "other", a);
      const w = heap.weakref.ref(a, () => {});
      const d = heap.dict([[w, heap.True]]);
      heap.decref(a);
      heap.decref(b);
      expect(heap.gc.collect()).toBe(2);
      expect(heap.weakref.deref(w)).toBe(heap.None);
      expect(heap.getitem(d, w)).toBe(heap.True);
      heap.decref(d);
      heap.decref(w);
      heap.decref(C);
    }));
});

describe("GC path", () => {
  it("weakrefs to the garbage are cleared before callbacks, callbacks before del", () =>
    withHeap((heap) => {
      const log: string[] = [];
      let wPlain = 0;
      const K = heap.newClass("K", {
        del: () => log.push(`del, plain ref ${heap.weakref.deref(wPlain) === heap.None ? "cleared" : "live"}`),
      });
      const a = heap.instance(K), b = heap.instance(K);
      heap.setattr(a, "b", b);
      heap.setattr(b, "a", a);
      wPlain = heap.weakref.ref(a);
      const w = heap.weakref.ref(b, (wr) => {
        log.push(`callback, plain ref ${heap.weakref.deref(wPlain) === heap.None ? "cleared" : "live"}`);
        expect(wr).toBe(w);
      });
      heap.decref(a);
      heap.decref(b);
      expect(heap.gc.collect()).toBe(2);
      expect(log).toEqual(["callback, plain ref cleared", "del, plain ref cleared", "del, plain ref cleared"]);
      heap.decref(w);
      heap.decref(wPlain);
      heap.decref(K);
    }));

  it("a weakref that is garbage itself does not call back", () =>
    withHeap((heap) => {
      const log: string[] = [];
      const K = heap.newClass("K");
      const a = heap.instance(K), b = heap.instance(K);
      heap.setattr(a, "b", b);
      heap.setattr(b, "a", a);
      const w = heap.weakref.ref(b, () => log.push("called"));
      heap.setattr(a, "w", w); // held only by the cycle
      heap.decref(w);
      heap.decref(a);
      heap.decref(b);
      expect(heap.gc.collect()).toBe(3); // a, b, the weakref (CPython 3.13: 3)
      expect(log).toEqual([]);
      heap.decref(K);
    }));
});

describe("callbacks held in JavaScript", () => {
  it("those of weakrefs that died without calling are dropped as the table grows", () =>
    withHeap((heap) => {
      const K = heap.newClass("K");
      const o = heap.instance(K);
      let calls = 0;
      for (let i = 0; i < 10_000; i++) heap.decref(heap.weakref.ref(o, () => calls++));
      expect(heap.memoryInfo().weakrefCallbacks).toBeLessThan(128);
      const live = Array.from({ length: 1000 }, () => heap.weakref.ref(o, () => calls++));
      expect(heap.memoryInfo().weakrefCallbacks).toBeGreaterThanOrEqual(1000);
      heap.decref(o); // the live ones call, newest first; the dead ones never
      expect(calls).toBe(1000);
      for (const w of live) heap.decref(w);
      heap.decref(K);
    }));
});

describe("weakref.proxy", () => {
  it("stands for the referent, then raises ReferenceError (seed 003)", () =>
    withHeap((heap) => {
      const Foo = heap.newClass("Foo");
      const a = heap.instance(Foo);
      const v = heap.int(123);
      heap.setattr(a, "bar", v);
      const c = heap.weakref.proxy(a);
      expect(heap.typeName(c)).toBe("weakref.ProxyType");
      const bar = heap.getattr(c, "bar");
      expect(heap.toJS(bar)).toBe(123);
      heap.decref(bar);
      heap.setattr(c, "baz", heap.None);
      heap.delattr(c, "baz");
      expect(heap.weakref.proxy(a)).toBe(c);
      heap.decref(c);
      heap.decref(a);
      expect(() => heap.getattr(c, "bar")).toThrow(ReferenceError);
      expect(() => heap.getattr(c, "bar")).toThrow("weakly-referenced object no longer exists");
      heap.decref(c);
      heap.decref(Foo);
    }));
});

describe("weakref.finalize and WeakValueDictionary", () => {
  it("finalize runs once when the object dies; detach stops it", () =>
    withHeap((heap) => {
      const log: string[] = [];
      const K = heap.newClass("K");
      const o = heap.instance(K), p = heap.instance(K);
      const f = heap.weakref.finalize(o, () => log.push("o"));
      const g = heap.weakref.finalize(p, () => log.push("p"));
      expect(f.alive).toBe(true);
      heap.decref(o);
      expect(log).toEqual(["o"]);
      expect(f.alive).toBe(false);
      const d = g.detach();
      expect(d?.[0]).toBe(p);
      heap.decref(d![0]);
      heap.decref(p);
      expect(log).toEqual(["o"]);
      expect(g.detach()).toBe(null);
      heap.decref(K);
    }));

  it("finalizers still alive run at heap.close(), newest first", async () => {
    const heap = await createHeap();
    const log: string[] = [];
    const K = heap.newClass("K");
    const o = heap.instance(K);
    heap.weakref.finalize(o, () => log.push("first"));
    const f2 = heap.weakref.finalize(o, () => log.push("second"));
    heap.close();
    expect(log).toEqual(["second", "first"]);
    expect(f2.alive).toBe(false);
  });

  it("WeakValueDictionary entries go away with their values", () =>
    withHeap((heap) => {
      const K = heap.newClass("K");
      const d = new heap.weakref.WeakValueDictionary();
      const a = heap.instance(K), b = heap.instance(K);
      d.set("a", a);
      d.set("b", b);
      expect(d.size).toBe(2);
      const got = d.get("a");
      expect(got).toBe(a);
      heap.decref(got!);
      heap.decref(a);
      expect(d.has("a")).toBe(false);
      expect(d.keys()).toEqual(["b"]);
      heap.setattr(b, "me", b);
      heap.decref(b);
      expect(d.size).toBe(1);
      heap.gc.collect();
      expect(d.size).toBe(0);
      d.clear();
      heap.decref(K);
    }));
});

describe("weak references to sets (CPython allows them)", () => {
  it("a weakref to a set dies with it, its callback runs, and a set in a cycle is collected", () =>
    withHeap((heap) => {
      const s = heap.set([heap.int(1)]);
      const seen: number[] = [];
      const w = heap.weakref.ref(s, (wr) => seen.push(wr));
      const alive = heap.weakref.deref(w);
      expect(alive).toBe(s);
      heap.decref(alive);
      heap.decref(s);
      expect(heap.is(heap.weakref.deref(w), heap.None)).toBe(true);
      expect(seen).toEqual([w]);
      heap.decref(w);
      // A set in a cycle (set -> instance -> set) with a weakref: cleared by the collector.
      const C = heap.newClass("C");
      const s2 = heap.set(), o = heap.instance(C);
      heap.setAdd(s2, o);
      heap.setattr(o, "s", s2);
      const w2 = heap.weakref.ref(s2);
      heap.decref(o);
      heap.decref(s2);
      heap.gc.collect();
      expect(heap.is(heap.weakref.deref(w2), heap.None)).toBe(true);
      heap.decref(w2);
      heap.decref(C);
    }));
});
