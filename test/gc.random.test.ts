// The collector tested like an allocator: random graphs of lists, dicts,
// tuples and instances, mutated at random while young, old and full
// collections (explicit and automatic) run, against a model of the graph.
// After every collection each object reachable from the Refs the test
// holds must be intact (same type, same children); after a full collection
// exactly the reachable objects may be alive.
import { describe, it, expect } from "vitest";
import type { Heap, Ref } from "../src/index.js";
import { withGCHeap as withHeap } from "./gc.helpers.js";

type Kind = "list" | "dict" | "tuple" | "instance";
interface Node {
  ref: Ref;
  kind: Kind;
  /** list/tuple: items in order; dict/instance: key -> child. */
  items: number[];
  keys: Map<string, number>;
  /** An instance with a __dict__ object (asked for, or class R's, made
   *  at its first attribute): one more dict alive. */
  hasDict: boolean;
  /** Instances: class index (2 is R, whose instances have no inline values). */
  cls: number;
}

const COUNTED = ["list", "dict", "tuple", "instance"] as const;

function run(heap: Heap, seed: number, steps: number): void {
  let s = seed >>> 0;
  const rand = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
  const classes = [heap.newClass("P"), heap.newClass("Q"), heap.newClass("R", { inlineValues: false })];
  const keyNames = Array.from({ length: 8 }, (_, i) => `k${i}`);
  const nodes = new Map<number, Node>(); // by id
  const roots = new Set<number>(); // ids we hold one reference to
  let nextId = 0;
  const baseline = heap.memoryInfo().objects;

  const reachable = (): Set<number> => {
    const seen = new Set<number>();
    const stack = [...roots];
    while (stack.length) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const n = nodes.get(id)!;
      for (const c of n.items) stack.push(c);
      for (const c of n.keys.values()) stack.push(c);
    }
    return seen;
  };
  const pick = (ids: number[]): number => ids[rand(ids.length)];
  const str = (k: string) => heap.str(k);

  const verify = (ids: Set<number>) => {
    for (const id of ids) {
      const n = nodes.get(id)!;
      const tn = heap.typeName(n.ref);
      expect(n.kind === "instance" ? "PQR"[n.cls] : n.kind, `node ${id}`).toBe(tn);
      if (n.kind === "list" || n.kind === "tuple") {
        expect(heap.len(n.ref)).toBe(n.items.length);
        n.items.forEach((c, i) => {
          const got = heap.getitem(n.ref, i);
          expect(got).toBe(nodes.get(c)!.ref);
          heap.decref(got);
        });
      } else {
        for (const [k, c] of n.keys) {
          let got: Ref;
          if (n.kind === "dict") {
            const kr = str(k);
            got = heap.getitem(n.ref, kr);
            heap.decref(kr);
          } else {
            got = heap.getattr(n.ref, k);
          }
          expect(got).toBe(nodes.get(c)!.ref);
          heap.decref(got);
        }
        if (n.kind === "dict") expect(heap.len(n.ref)).toBe(n.keys.size);
      }
    }
  };

  const create = (live: number[]) => {
    let kind = (["list", "dict", "tuple", "instance"] as const)[rand(4)];
    if (kind === "tuple" && !live.length) kind = "list"; // () is immortal, not counted
    const n: Node = { ref: 0, kind, items: [], keys: new Map(), hasDict: false, cls: rand(3) };
    if (kind === "tuple") {
      const k = 1 + rand(3);
      for (let i = 0; i < k; i++) n.items.push(pick(live));
      n.ref = heap.tuple(n.items.map((c) => nodes.get(c)!.ref));
    } else if (kind === "list") {
      n.ref = heap.list();
    } else if (kind === "dict") {
      n.ref = heap.dict();
    } else {
      n.ref = heap.instance(classes[n.cls]);
    }
    const id = nextId++;
    nodes.set(id, n);
    roots.add(id);
  };

  for (let step = 0; step < steps; step++) {
    const live = [...reachable()];
    const r = rand(100);
    if (r < 18 || live.length < 4) {
      create(live);
    } else if (r < 55) { // add or replace an edge
      const from = nodes.get(pick(live))!;
      const to = pick(live);
      const child = nodes.get(to)!.ref;
      if (from.kind === "list") {
        if (from.items.length && rand(3) === 0) {
          const i = rand(from.items.length);
          heap.setitem(from.ref, i, child);
          from.items[i] = to;
        } else {
          heap.append(from.ref, child);
          from.items.push(to);
        }
      } else if (from.kind === "dict") {
        const k = keyNames[rand(keyNames.length)];
        const kr = str(k);
        heap.setitem(from.ref, kr, child);
        heap.decref(kr);
        from.keys.delete(k); // a dict keeps the first insertion's position; the model only maps
        from.keys.set(k, to);
      } else if (from.kind === "instance") {
        const k = keyNames[rand(keyNames.length)];
        heap.setattr(from.ref, k, child);
        from.keys.set(k, to);
        if (from.cls === 2) from.hasDict = true;
      }
    } else if (r < 70) { // remove an edge
      const from = nodes.get(pick(live))!;
      if (from.kind === "list" && from.items.length) {
        const i = rand(from.items.length);
        heap.delitem(from.ref, i);
        from.items.splice(i, 1);
      } else if ((from.kind === "dict" || from.kind === "instance") && from.keys.size) {
        const k = [...from.keys.keys()][rand(from.keys.size)];
        if (from.kind === "dict") {
          const kr = str(k);
          heap.delitem(from.ref, kr);
          heap.decref(kr);
        } else {
          heap.delattr(from.ref, k);
        }
        from.keys.delete(k);
      }
    } else if (r < 85) { // drop a reference we hold
      if (roots.size) {
        const id = pick([...roots]);
        roots.delete(id);
        heap.decref(nodes.get(id)!.ref);
      }
    } else if (r < 88) { // __dict__ of an instance
      const n = nodes.get(pick(live))!;
      if (n.kind === "instance") {
        heap.decref(heap.getattr(n.ref, "__dict__"));
        n.hasDict = true;
      }
    } else if (r < 90) {
      heap.gc.freeze();
      if (rand(2)) heap.gc.unfreeze();
    } else {
      const gen = rand(3);
      heap.gc.collect(gen);
      const now = reachable();
      verify(now);
      if (gen === 2 && heap.gc.getFreezeCount() === 0) {
        const objects = heap.memoryInfo().objects;
        for (const t of COUNTED) {
          let want = baseline[t] ?? 0;
          for (const id of now) {
            const n = nodes.get(id)!;
            if (n.kind === t) want++;
            if (t === "dict" && n.hasDict) want++;
          }
          expect(objects[t] ?? 0, `${t} alive after a full collection (step ${step})`).toBe(want);
        }
      }
      // Forget what died, so its Ref may be reused.
      for (const id of [...nodes.keys()]) if (!now.has(id)) nodes.delete(id);
    }
  }
  heap.gc.unfreeze();
  for (const id of roots) heap.decref(nodes.get(id)!.ref);
  heap.gc.collect();
  for (const c of classes) heap.decref(c);
  expect(heap.exports.pyheap_check()).toBe(0);
}

describe("random graphs against a model", () => {
  for (const [build, gcThresholds] of [
    ["release", [2000, 10, 10]], ["release", [25, 3, 3]], ["debug", [25, 3, 3]], ["legacy", [40, 2, 2]],
  ] as const) {
    it(`${build} build, thresholds ${gcThresholds.join("/")}: reachable objects intact, garbage gone`, () =>
      withHeap((heap) => {
        for (const seed of [1, 2, 3]) run(heap, seed * 7919, 1500);
      }, { build, gcThresholds: [...gcThresholds] }));
  }
});
