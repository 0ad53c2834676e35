// Stale Refs: a Ref kept after its object died is refused with
// ReferenceError and the heap is unchanged, in every build, also when the
// memory was reused for a new object (the stamp in the Ref no longer
// matches the header's: src/heap/refs.ts, assembly/objects/layout.ts).
import { describe, it, expect } from "vitest";
import { createHeap, ErrorCode, type Heap, type Ref } from "../src/index.js";

const BUILDS = ["release", "debug", "legacy"] as const;
/** The address part of a Ref (heap.id() refuses a stale one). */
const addr = (r: Ref) => r % 2 ** 32;

describe.each(BUILDS)("stale Refs (%s build)", (build) => {
  it("a Ref whose memory holds a new object is refused; the new object is untouched", async () => {
    const heap = await createHeap({ build });
    const a = heap.int(1000);
    heap.decref(a);
    // Freed blocks come back once the pool's other free list runs dry:
    // allocate until a's memory holds a new object.
    const others: Ref[] = [];
    let b = heap.int(2000);
    while (build !== "debug" && heap.id(b) !== addr(a) && others.length < 10_000) {
      others.push(b);
      b = heap.int(2000);
    }
    if (build !== "debug") expect(heap.id(b)).toBe(addr(a)); // the memory was reused
    expect(b).not.toBe(a);
    expect(() => heap.decref(a)).toThrow(ReferenceError);
    expect(() => heap.decref(a)).toThrow(/was freed|stale Ref/);
    expect(() => heap.incref(a)).toThrow(ReferenceError);
    expect(() => heap.toJS(a)).toThrow(ReferenceError);
    const l = heap.list();
    expect(() => heap.append(l, a)).toThrow(ReferenceError);
    expect(() => heap.tuple([a])).toThrow(ReferenceError);
    expect(() => heap.list([b, a])).toThrow(ReferenceError);
    const d = heap.dict();
    expect(() => heap.setitem(d, a, b)).toThrow(ReferenceError);
    expect(heap.len(l)).toBe(0);
    expect(heap.len(d)).toBe(0);
    expect(heap.sys.getrefcount(b)).toBe(1);
    expect(heap.toJS(b)).toBe(2000);
    try {
      heap.decref(a);
    } catch (err) {
      expect(err).toMatchObject({ code: ErrorCode.FREED, address: addr(a) });
    }
    for (const r of [b, l, d, ...others]) heap.decref(r);
    expect(heap.exports.pyheap_check()).toBe(0);
    heap.close();
  });

  it("a stale Ref is refused while the object now at its address is in use", async () => {
    const heap = await createHeap({ build });
    const t = heap.tuple([heap.None, heap.True]);
    heap.decref(t);
    const u = heap.tuple([heap.False, heap.None]); // the same memory (free list)
    heap.incref(u); // u is the last object checked at that address
    for (const use of [() => heap.decref(t), () => heap.incref(t), () => heap.tuple([t, u])]) {
      expect(use).toThrow(ReferenceError);
    }
    expect(heap.sys.getrefcount(u)).toBe(2);
    heap.decref(u);
    heap.decref(u);
    expect(() => heap.decref(u)).toThrow(ReferenceError);
    expect(heap.exports.pyheap_check()).toBe(0);
    heap.close();
  });

  it("the module's own check forgets an object that died, whatever its memory holds next", async () => {
    const heap = await createHeap({ build });
    const ex = heap.exports;
    const objs = Array.from({ length: 300 }, (_, i) => heap.float(i + 0.5));
    const addrs = objs.map((r) => heap.id(r));
    for (const a of addrs) expect(ex.pyobj_check(a)).toBe(0); // known live now
    for (const r of objs) heap.decref(r); // parked on the free list or freed
    for (const a of addrs) expect(ex.pyobj_check(a)).not.toBe(0);
    // the memory reused by other blocks (list item arrays) and objects
    const l = heap.list(Array.from({ length: 200 }, () => heap.None));
    const more = Array.from({ length: 300 }, () => heap.list());
    const live = new Set(more.map((r) => heap.id(r)));
    for (const a of addrs) if (!live.has(a)) expect(ex.pyobj_check(a)).not.toBe(0);
    ex.pyobj_clear_error();
    for (const r of [l, ...more]) heap.decref(r);
    expect(ex.pyheap_check()).toBe(0);
    heap.close();
  });

  it("an object parked on a free list is refused there, and after the free list gives its memory back", async () => {
    const heap = await createHeap({ build });
    const ex = heap.exports;
    // Floats have no GC head: once freed, the allocator's free-list link
    // overwrites the refcount word with a non-zero address.
    const objs = [...Array.from({ length: 50 }, (_, i) => heap.float(i + 0.25)), heap.tuple([heap.None, heap.True])];
    const addrs = objs.map((r) => heap.id(r));
    for (const r of objs) heap.incref(r); // every one checked, so known live
    for (const r of objs) heap.decref(r);
    for (const r of objs) heap.decref(r); // all parked on their free lists
    const refused = () => {
      for (const [i, r] of objs.entries()) {
        expect(() => heap.decref(r)).toThrow(ReferenceError);
        expect(() => heap.incref(addrs[i] as Ref)).toThrow(ReferenceError);
        expect(() => heap.tuple([addrs[i] as Ref, heap.None])).toThrow(ReferenceError);
        expect(ex.pyobj_check(addrs[i])).not.toBe(0);
      }
      ex.pyobj_clear_error();
    };
    refused();
    heap.clearFreeLists(); // the memory goes back to the allocator
    refused();
    expect(ex.pyheap_check()).toBe(0);
    heap.close();
  });

  it("a number pointing at a header forged inside an object's data is refused", async () => {
    const heap = await createHeap({ build });
    // An int's value and a float's bits sit 8 bytes into their block,
    // where a container's header would be: refcount 1, then a tuple's type
    // word with stamp 7 (assembly/objects/layout.ts).
    const stamp = 7n, typeWord = (stamp << 16n) | (8n << 3n) | 0b101n;
    const bits = (typeWord << 32n) | 1n;
    const f64 = new DataView(new ArrayBuffer(8));
    f64.setBigUint64(0, bits, true);
    const objs = [heap.int(BigInt.asIntN(64, bits)), heap.float(f64.getFloat64(0, true))];
    const l = heap.list();
    for (const o of objs) {
      const forged = (heap.id(o) + 8 + Number(stamp) * 2 ** 32) as Ref;
      for (const use of [
        () => heap.decref(forged), () => heap.incref(forged), () => heap.tuple([forged]),
        () => heap.list([forged]), () => heap.append(l, forged),
      ]) {
        expect(use).toThrow(ReferenceError);
      }
      expect(heap.sys.getrefcount(o)).toBe(1);
    }
    expect(heap.toJS(objs[0])).toBe(Number(bits)); // below 2**53: a number
    expect(heap.len(l)).toBe(0);
    for (const r of [...objs, l]) heap.decref(r);
    expect(heap.exports.pyheap_check()).toBe(0);
    heap.close();
  });

  it("random stale decrefs mixed with normal use never free a live object", async () => {
    const heap = await createHeap({ build });
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    // no cycles (the collector would free them, unlike the model): lists
    // get only scalars appended
    // count: all references; own: those the test holds (and may decref)
    interface Obj { count: number; own: number; kids: Ref[]; value: unknown }
    const live = new Map<Ref, Obj>();
    const dead: Ref[] = [];
    const baseline = heap.memoryInfo().liveObjects;
    const pick = (): Ref => [...live.keys()][rand(live.size)];
    const pickOwned = (): Ref | undefined => {
      const owned = [...live.keys()].filter((r) => live.get(r)!.own > 0);
      return owned.length ? owned[rand(owned.length)] : undefined;
    };
    const modelDecref = (r: Ref) => {
      const o = live.get(r)!;
      if (--o.count > 0) return;
      live.delete(r);
      dead.push(r);
      for (const k of o.kids) modelDecref(k);
    };
    const verify = () => {
      for (const [r, o] of live) {
        expect(heap.sys.getrefcount(r)).toBe(o.count);
        if (o.value !== undefined) expect(heap.toJS(r)).toEqual(o.value);
      }
      expect(heap.memoryInfo().liveObjects - baseline).toBe(live.size);
      expect(heap.exports.pyheap_check()).toBe(0);
    };
    let reused = 0, refused = 0;
    const liveAddresses = () => new Set([...live.keys()].map((r) => heap.id(r)));
    for (let step = 0; step < 6000; step++) {
      const op = live.size < 5 ? rand(4) : rand(11);
      if (op > 3 && op < 8 && live.size === 0) continue;
      if (op <= 1) {
        const v = 1000 + rand(100000);
        const r = op === 0 ? heap.int(v) : heap.float(v + 0.5);
        live.set(r, { count: 1, own: 1, kids: [], value: op === 0 ? v : v + 0.5 });
      } else if (op === 2 && live.size) {
        const kids = Array.from({ length: 1 + rand(3) }, pick);
        const r = heap.tuple(kids);
        for (const k of kids) live.get(k)!.count++;
        live.set(r, { count: 1, own: 1, kids, value: undefined });
      } else if (op === 3) {
        const r = heap.list();
        live.set(r, { count: 1, own: 1, kids: [], value: undefined });
      } else if (op === 4 && live.size) {
        const r = pick();
        heap.incref(r);
        live.get(r)!.count++;
        live.get(r)!.own++;
      } else if (op <= 6 && pickOwned() !== undefined) {
        const r = pickOwned()!;
        heap.decref(r);
        live.get(r)!.own--;
        modelDecref(r);
      } else if (op === 7 && live.size) {
        const lists = [...live.keys()].filter((r) => heap.typeName(r) === "list");
        if (lists.length) {
          const scalars = [...live.keys()].filter((r) => live.get(r)!.value !== undefined);
          const l = lists[rand(lists.length)], v = scalars.length ? scalars[rand(scalars.length)] : heap.None;
          if (v === heap.None) continue;
          heap.append(l, v);
          live.get(v)!.count++;
          live.get(l)!.kids.push(v);
        }
      } else if (op > 7 && dead.length) {
        // a stale Ref, used the ways a program would: each is refused
        const s = dead[rand(dead.length)];
        if (liveAddresses().has(addr(s))) reused++;
        const before = heap.memoryInfo().liveObjects;
        const target = live.size ? pick() : heap.None;
        const tries: Array<() => unknown> = [
          () => heap.decref(s), () => heap.incref(s), () => heap.tuple([s]), () => heap.len(s),
          () => heap.list([target, s]), () => heap.getitem(s, 0), () => heap.sys.getrefcount(s),
        ];
        const t = rand(tries.length);
        expect(tries[t], `stale ${s}, try ${t}`).toThrow(ReferenceError);
        refused++;
        expect(heap.memoryInfo().liveObjects).toBe(before);
      }
      if (step % 500 === 499) verify();
    }
    verify();
    for (const r of [...live.keys()]) {
      while (live.has(r) && live.get(r)!.own > 0) {
        heap.decref(r);
        live.get(r)!.own--;
        modelDecref(r);
      }
    }
    expect(live.size).toBe(0);
    expect(heap.memoryInfo().liveObjects).toBe(baseline);
    // the test meant something: stale Refs pointed at reused memory
    if (build !== "debug") expect(reused).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(500);
    heap.close();
  });
});

it("a stale Ref given as a dict key is refused, not taken for the new object", async () => {
  const heap: Heap = await createHeap();
  const k = heap.str("key one");
  heap.decref(k);
  const k2 = heap.str("key two");
  const d = heap.dict([[k2, heap.None]]);
  expect(() => heap.getitem(d, k)).toThrow(ReferenceError);
  expect(() => heap.delitem(d, k)).toThrow(ReferenceError);
  expect(() => heap.getitem(d, heap.id(k2))).toThrow(/an address, not a Ref/);
  expect(heap.len(d)).toBe(1);
  heap.decref(d);
  heap.decref(k2);
  heap.close();
});
