// Seed 000, sys.getrefcount(): how references come and go.
//
//   import sys
//   a = 'Hello World'
//   sys.getrefcount(a)
//
// heap.sys.getrefcount() reports the stored count; CPython's reports one
// more, for the reference its own argument holds while it runs.
import { createHeap, type Ref } from "../src/index.js";

const heap = await createHeap();
const rc = (o: Ref) => heap.sys.getrefcount(o);

const a = heap.str("Hello World");
console.log(`a = 'Hello World'         refcount ${rc(a)} (CPython's getrefcount(a) shows ${rc(a) + 1})`);
heap.incref(a);
const b = a;
console.log(`b = a                     refcount ${rc(a)}`);
const s33 = heap.str("33");
const l = heap.list([heap.int(1), a, s33]);
heap.decref(s33); // the list holds its own reference
console.log(`l = [1, a, '33']          refcount ${rc(a)}`);
heap.decref(b);
console.log(`del b                     refcount ${rc(a)}`);
heap.decref(l);
console.log(`del l                     refcount ${rc(a)}`);
console.log(`None (immortal)           refcount ${rc(heap.None)}`);
heap.decref(a);
