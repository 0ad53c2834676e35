// Seed 003: variables of a closure live as long as the function that
// closes over them. a is kept by f2's cell; b dies when f1 returns; c dies
// when f2 returns; a dies with f2.
import { createHeap, type Ref } from "../src/index.js";
import { hex } from "../src/errors.js";

const heap = await createHeap();

// class A(object):
//     def __init__(self, name): self._name = name
//     def __del__(self): print '__del__ in ', self._name
const A = heap.newClass("A", {
  del: (self) => {
    const name = heap.getattr(self, "_name");
    console.log("__del__ in ", heap.toJS(name));
    heap.decref(name);
  },
});
const newA = (name: string) => {
  const o = heap.instance(A);
  const n = heap.str(name);
  heap.setattr(o, "_name", n);
  heap.decref(n);
  return o;
};

// def f1():
//     a = A('a'); b = A('b')
//     def f2(): c = A('c'); print a
//     return f2
const f1 = () => {
  const a = newA("a");
  const b = newA("b");
  const cellA = heap.cell(a); // f2 closes over a only
  const f2 = heap.func("f2", [cellA]);
  heap.decref(cellA);
  heap.decref(a); // f1's locals go away
  heap.decref(b); // b: no other reference
  return f2;
};
const callF2 = (f2: Ref) => {
  const c = newA("c");
  const closure = heap.getattr(f2, "__closure__");
  const cell = heap.getitem(closure, 0);
  const a = heap.getattr(cell, "cell_contents");
  console.log(`<__main__.A object at ${hex(a)}>`);
  for (const r of [a, cell, closure, c]) heap.decref(r);
};

console.log("f2 = f1():");
const f2 = f1();
console.log("\na.__closure__:");
const closure = heap.getattr(f2, "__closure__");
const cell = heap.getitem(closure, 0);
const inside = heap.getattr(cell, "cell_contents");
console.log(`(<cell at ${hex(cell)}: A object at ${hex(inside)}>,)`);
for (const r of [inside, cell, closure]) heap.decref(r);
console.log("\na():");
callF2(f2);
console.log("\ndel f2:");
heap.decref(f2);
console.log("\nover!");
console.log(`gc.collect(): ${heap.gc.collect()} (nothing was left for the cycle collector)`);
heap.decref(A);
heap.close();
