// Seed 003: a cycle whose objects have __del__. Python 2 could not choose
// an order to finalize them, so gc.collect() left the cycle in gc.garbage
// until the user broke it by hand (`legacyDel`, CPython's tp_del today).
// Since PEP 442 (Python 3.4) such a cycle is simply collected (`del`).
// Python 2 counted each instance and its __dict__ (6 objects); CPython
// 3.11+ keeps attributes inline, so 3.13 counts the 3 instances.
// `inlineValues: false` gives the Python 2 layout.
import { createHeap, type Heap, type Ref } from "../src/index.js";
import { hex } from "../src/errors.js";

const show = (heap: Heap, list: Ref): string => {
  const items: string[] = [];
  for (let i = 0; i < heap.len(list); i++) {
    const o = heap.getitem(list, i);
    items.push(`<__main__.${heap.typeName(o)} object at ${hex(o)}>`);
    heap.decref(o);
  }
  return `[${items.join(", ")}]`;
};

// class A(object): def __del__(self): print '__del__ in A'
// class B(object): def __del__(self): print '__del__ in B'
// class C(object): pass
// a = A(); b = B(); c = C(); a.cc = c; c.bb = b; b.aa = a; del a, b, c
async function run(kind: "legacyDel" | "del") {
  const heap = await createHeap(kind === "legacyDel"
    ? { gcThresholds: [700, 10, 10], inlineValues: false } // Python 2.7
    : {}); // CPython 3.13
  const gc = heap.gc;
  const A = heap.newClass("A", { [kind]: () => console.log("__del__ in A") });
  const B = heap.newClass("B", { [kind]: () => console.log("__del__ in B") });
  const C = heap.newClass("C");
  console.log("collect: ", gc.collect());
  console.log("garbage: ", show(heap, gc.garbage));
  const a = heap.instance(A), b = heap.instance(B), c = heap.instance(C);
  heap.setattr(a, "cc", c);
  heap.setattr(c, "bb", b);
  heap.setattr(b, "aa", a);
  heap.decref(a);
  heap.decref(b);
  heap.decref(c);
  console.log("collect: ", gc.collect());
  console.log("garbage: ", show(heap, gc.garbage));
  if (heap.len(gc.garbage)) {
    // del gc.garbage[0].cc  -- we know the first one is a
    const first = heap.getitem(gc.garbage, 0);
    heap.delattr(first, "cc");
    heap.decref(first);
    // del gc.garbage[:]  -- the last references: a and b die by refcount
    while (heap.len(gc.garbage)) heap.delitem(gc.garbage, 0);
  }
  console.log("garbage: ", show(heap, gc.garbage));
  console.log("----------------------------");
  console.log("collect: ", gc.collect());
  console.log("garbage: ", show(heap, gc.garbage));
  heap.close();
}

console.log("== Python 2 (legacyDel): the cycle goes to gc.garbage ==");
await run("legacyDel");
console.log("\n== Python 3.4+ (del, PEP 442): the cycle is collected ==");
await run("del");
