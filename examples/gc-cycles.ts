// Seeds 002 and 003: reference cycles that refcounting cannot free, and
// the generational cycle collector that does (gc.collect, thresholds).
import { createHeap } from "../src/index.js";

// The seeds use Python 2.7 / 3.12, whose thresholds are (700, 10, 10);
// pyheap's default is CPython 3.13's (2000, 10, 10).
const heap = await createHeap({ gcThresholds: [700, 10, 10] });
const gc = heap.gc;
const fmt = (t: number[]) => `(${t.join(", ")})`;

// >>> gc.get_threshold()
console.log(">>> gc.get_threshold()");
console.log(fmt(gc.getThreshold()));

// def make_cycle():
//     l = {}
//     l[0] = l
const makeCycle = () => {
  const l = heap.dict();
  heap.setitem(l, heap.int(0), l);
  heap.decref(l); // the function returns: its local goes away
};

// def main():
//     collected = gc.collect()
//     print "Garbage collector: collected %d objects." % (collected)
//     print "Creating cycles..."
//     for i in range(10):
//         make_cycle()
//     collected = gc.collect()
//     print "Garbage collector: collected %d objects." % (collected)
let collected = gc.collect();
console.log(`Garbage collector: collected ${collected} objects.`);
console.log("Creating cycles...");
for (let i = 0; i < 10; i++) makeCycle();
collected = gc.collect();
console.log(`Garbage collector: collected ${collected} objects.`);

// The first make_cycle of seed 003: l = []; l.append(l)
for (let i = 0; i < 10; i++) {
  const l = heap.list();
  heap.append(l, l);
  heap.decref(l);
}
console.log(`list cycles: collected ${gc.collect()} objects.`);

// Seed 002: l1 = ['a', 'b']; l2 = ['x', 'y']; l1.append(l2); l2.append(l1);
// del l1, l2 -- mark and sweep finds the pair.
const s = (t: string) => heap.str(t, { constant: true });
const l1 = heap.list([s("a"), s("b")]);
const l2 = heap.list([s("x"), s("y")]);
heap.append(l1, l2);
heap.append(l2, l1);
heap.decref(l1);
heap.decref(l2);
console.log(`del l1, l2: lists alive ${heap.memoryInfo().objects.list}; gc.collect() -> ${gc.collect()}; lists alive ${heap.memoryInfo().objects.list}`);

// Generations: allocations minus deallocations past threshold 0 collect
// generation 0 automatically; survivors move up.
const keep = heap.list();
for (let i = 0; i < 701; i++) {
  const x = heap.list();
  heap.append(keep, x);
  heap.decref(x);
}
console.log(`after 702 new lists: gc.get_count() = ${fmt(gc.getCount())}, generation-0 collections: ${gc.getStats()[0].collections}`);
heap.decref(keep);
heap.close();
