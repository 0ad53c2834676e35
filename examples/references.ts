// Seed 002, direct and indirect references, and a reference cycle.
import { createHeap } from "../src/index.js";
import { pyRepr } from "./py-repr.js";

const heap = await createHeap();
const s = (t: string) => heap.str(t, { constant: true });

// myname = 'wfj'; l = ['a', 'b', myname]; print(id(myname), id(l[2]))
const myname = s("wfj");
const l = heap.list([s("a"), s("b"), myname]);
const litem = heap.getitem(l, 2);
console.log("id(myname), id(l[2]):", heap.id(myname), heap.id(litem));
heap.decref(litem);

// a = 'wfj'; b = a; c = a: three direct references to one value
heap.incref(myname);
heap.incref(myname);
console.log("a = b = c = 'wfj', plus l[2]: refcount", heap.sys.getrefcount(myname));

// A list stores the addresses of its items: indirect references
const abc = heap.list([s("a"), s("b"), s("c")]);
console.log("l = ['a', 'b', 'c'] holds", heap.children(abc).map((r) => heap.id(r)).join(", "));

// l1 = ['a', 'b']; l2 = ['x', 'y']; l1.append(l2); l2.append(l1)
const l1 = heap.list([s("a"), s("b")]);
const l2 = heap.list([s("x"), s("y")]);
heap.append(l1, l2);
const l1item = heap.getitem(l1, 2);
console.log(pyRepr(heap, l1), heap.id(l1item), heap.id(l2));
heap.decref(l1item);
heap.append(l2, l1);
const l2item = heap.getitem(l2, 2);
console.log(pyRepr(heap, l2), heap.id(l2item), heap.id(l1));
heap.decref(l2item);
console.log(pyRepr(heap, l1));

// del l1, del l2: each still referenced by the other, so reference counting
// alone cannot free them (the cycle collector will)
const before = heap.memoryInfo().objects.list;
heap.decref(l1);
heap.decref(l2);
console.log(`del l1, l2: lists alive before ${before}, after ${heap.memoryInfo().objects.list}; refcounts ${heap.sys.getrefcount(l1)}, ${heap.sys.getrefcount(l2)}`);
