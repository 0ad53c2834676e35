// Seed 000, the small-int pool: ints in [-5, 257) are shared, others are
// new objects each time.
//
//   >>> a,b = 300,300
//   >>> id(a),id(b)
//   (1991892034320, 1991892034416)
//   >>> a,b = 200,200
//   >>> id(a),id(b)
//   (140722755439088, 140722755439088)
import { createHeap } from "../src/index.js";

const heap = await createHeap();
for (const v of [300, 200]) {
  const a = heap.int(v), b = heap.int(v);
  console.log(`a,b = ${v},${v}  id(a),id(b) = (${heap.id(a)}, ${heap.id(b)})  a is b: ${heap.is(a, b)}`);
  heap.decref(a);
  heap.decref(b);
}
