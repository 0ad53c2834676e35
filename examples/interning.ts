// Seed 000, the intern mechanism: a string constant that looks like an
// identifier is interned (one shared object); one with a space is not.
//
//   >>> a,b = 'Hello World','Hello World'
//   >>> id(a),id(b)
//   (1991892047600, 1991892047088)
//   >>> a,b = 'HelloWorld','HelloWorld'
//   >>> id(a),id(b)
//   (1991892047216, 1991892047216)
//
// Each heap.str(s, { constant: true }) is a constant of a separately
// compiled statement, as in the interactive session the seed shows.
import { createHeap } from "../src/index.js";

const heap = await createHeap();
for (const s of ["Hello World", "HelloWorld"]) {
  const a = heap.str(s, { constant: true }), b = heap.str(s, { constant: true });
  console.log(`a,b = '${s}','${s}'  id(a),id(b) = (${heap.id(a)}, ${heap.id(b)})  a is b: ${heap.is(a, b)}`);
  heap.decref(a);
  heap.decref(b);
}
const x = heap.str("Hello World"), y = heap.str("Hello World");
const ix = heap.sys.intern(x), iy = heap.sys.intern(y);
console.log(`sys.intern('Hello World') twice: same object: ${heap.is(ix, iy)}`);
for (const r of [x, y, ix, iy]) heap.decref(r);
