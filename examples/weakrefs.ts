// Seed 003: weakref.ref and weakref.proxy. A weak reference does not add
// to the referent's refcount; ref needs a call (b()) to get the object,
// proxy stands for it directly.
import { createHeap } from "../src/index.js";

const heap = await createHeap();
const wr = heap.weakref;

// class Foo(object): pass
// a = Foo(); a.bar = 123; a.bar2 = 123
const Foo = heap.newClass("Foo");
const a = heap.instance(Foo);
const v = heap.int(123);
heap.setattr(a, "bar", v);
heap.setattr(a, "bar2", v);
heap.decref(v);

// b = weakref.ref(a); print b().bar; print a == b()
const b = wr.ref(a);
console.log("refcount of a with b = weakref.ref(a):", heap.sys.getrefcount(a));
const target = wr.deref(b);
const bar = heap.getattr(target, "bar");
console.log("b().bar:", heap.toJS(bar));
console.log("a == b():", heap.is(a, target) ? "True" : "False");
heap.decref(bar);
heap.decref(target);

// c = weakref.proxy(a); print c.bar; print c == a
const c = wr.proxy(a);
const cbar = heap.getattr(c, "bar");
console.log("c.bar:", heap.toJS(cbar));
heap.decref(cbar);
const viaProxy = heap.getattr(c, "__dict__");
const direct = heap.getattr(a, "__dict__");
console.log("c == a:", heap.is(viaProxy, direct) ? "True" : "False", "(same __dict__ behind the proxy)");
heap.decref(viaProxy);
heap.decref(direct);

// del a: the weak references do not keep it alive
const died = wr.ref(a, () => console.log("callback: a is gone"));
heap.decref(a);
console.log("after del a, b():", wr.deref(b) === heap.None ? "None" : "still alive");
try {
  heap.getattr(c, "bar");
} catch (err) {
  console.log(`c.bar: ${(err as Error).name}: ${(err as Error).message}`);
}
for (const r of [b, c, died, Foo]) heap.decref(r);
heap.close();
