// The explorer's scenarios: the seeds' examples and a fragmentation run.
// Each is an async generator over a heap (createHeap()) or an allocator
// (createAllocator()); every `yield "what happened"` is a step after which
// the page redraws the map and checks what it drew.
import { createHeap, createAllocator } from "pyheap";

const mib = (n) => `${(n / 1024 / 1024).toFixed(2)} MB`;

export const scenarios = [
  {
    name: "ints",
    title: "show_memory_info: a list of ints",
    seed: "000",
    make: () => createHeap(),
    note: (n) => `def func(): a = [i for i in range(${n.toLocaleString("en-US")})]  `
      + (n < 10_000_000 ? `(the seed's 10,000,000 ints scaled down to ${n.toLocaleString("en-US")} so that a browser tab `
        + `runs it in seconds; add ?n=10000000 to the address for the full size)` : "(the seed's size)"),
    async *run(heap, n) {
      const show = (hint) => {
        const info = heap.memoryInfo();
        return `${hint} memory used: ${mib(info.bytesInUse)} (Wasm memory ${mib(info.wasmMemoryBytes)}, ${info.liveObjects} objects)`;
      };
      yield show("initial");
      const a = heap.list();
      const chunk = Math.max(1, Math.floor(n / 8));
      for (let i = 0; i < n; i++) {
        const item = heap.int(i);
        heap.append(a, item);
        heap.decref(item);
        if ((i + 1) % chunk === 0 && i + 1 < n) yield `a = [i for i in range(...)]: ${(i + 1).toLocaleString("en-US")} ints so far`;
      }
      yield show("after a created");
      heap.decref(a);
      yield show("finished") + "  (Wasm memory never shrinks: what was freed stays for reuse)";
    },
  },
  {
    name: "cycle",
    title: "seed 002: l1 and l2 refer to each other",
    seed: "002",
    make: () => createHeap({ gcThresholds: [700, 10, 10] }),
    note: () => "l1 = ['a', 'b']; l2 = ['x', 'y']; l1.append(l2); l2.append(l1); del l1, l2; gc.collect()",
    async *run(heap) {
      const s = (t) => heap.str(t, { constant: true });
      const l1 = heap.list([s("a"), s("b")]);
      const l2 = heap.list([s("x"), s("y")]);
      yield "l1 = ['a', 'b']; l2 = ['x', 'y']";
      heap.append(l1, l2);
      heap.append(l2, l1);
      yield `l1.append(l2); l2.append(l1): refcounts ${heap.sys.getrefcount(l1)} and ${heap.sys.getrefcount(l2)}`;
      heap.decref(l1);
      heap.decref(l2);
      yield `del l1, l2: lists alive ${heap.memoryInfo().objects.list} (reference counting cannot free a cycle)`;
      const n = heap.gc.collect();
      yield `gc.collect() -> ${n}: lists alive ${heap.memoryInfo().objects.list}`;
    },
  },
  {
    name: "make_cycle",
    title: "seed 003: make_cycle() in a loop, then gc.collect()",
    seed: "003",
    make: () => createHeap({ gcThresholds: [700, 10, 10] }),
    note: () => "def make_cycle(): l = {}; l[0] = l  -- ten calls and gc.collect(), then 100,000 calls with "
      + "automatic collection (thresholds (700, 10, 10)), then gc.freeze()",
    async *run(heap) {
      const gc = heap.gc;
      const makeCycle = () => {
        const l = heap.dict();
        const zero = heap.int(0);
        heap.setitem(l, zero, l);
        heap.decref(l);
      };
      gc.disable();
      yield `gc.collect() -> ${gc.collect()}`;
      for (let i = 0; i < 10; i++) makeCycle();
      yield `for i in range(10): make_cycle()  -- gc.get_count() = (${gc.getCount().join(", ")})`;
      yield `gc.collect() -> ${gc.collect()}`;
      gc.enable();
      for (let k = 1; k <= 10; k++) {
        for (let i = 0; i < 10_000; i++) makeCycle();
        const st = gc.getStats();
        yield `${(k * 10_000).toLocaleString("en-US")} make_cycle() calls: collections ${st.map((g) => g.collections).join("/")}, `
          + `dicts alive ${heap.memoryInfo().objects.dict}`;
      }
      const keep = heap.list();
      for (let i = 0; i < 50; i++) { const d = heap.dict(); heap.setitem(d, heap.int(i), keep); heap.append(keep, d); heap.decref(d); }
      gc.freeze();
      yield `50 dicts kept, gc.freeze(): ${gc.getFreezeCount()} objects in the permanent generation`;
    },
  },
  {
    name: "del",
    title: "seed 003: the A/B/C cycle with __del__",
    seed: "003",
    make: () => createHeap({ gcThresholds: [700, 10, 10], inlineValues: false }),
    note: () => "class A: def __del__; class B: def __del__; class C: pass; a.cc = c; c.bb = b; b.aa = a; del a, b, c; "
      + "gc.collect() (Python 2's rules: the cycle goes to gc.garbage); break it by hand",
    async *run(heap) {
      const gc = heap.gc;
      const said = [];
      const A = heap.newClass("A", { legacyDel: () => said.push("__del__ in A") });
      const B = heap.newClass("B", { legacyDel: () => said.push("__del__ in B") });
      const C = heap.newClass("C");
      const a = heap.instance(A), b = heap.instance(B), c = heap.instance(C);
      heap.setattr(a, "cc", c);
      heap.setattr(c, "bb", b);
      heap.setattr(b, "aa", a);
      yield "a = A(); b = B(); c = C(); a.cc = c; c.bb = b; b.aa = a";
      heap.decref(a);
      heap.decref(b);
      heap.decref(c);
      yield `del a, b, c: instances alive ${heap.memoryInfo().objects.instance}`;
      const n = gc.collect();
      yield `gc.collect() -> ${n}; gc.garbage holds ${heap.len(gc.garbage)} objects (a cycle with __del__ is not freed)`;
      const first = heap.getitem(gc.garbage, 0);
      heap.delattr(first, "cc");
      heap.decref(first);
      while (heap.len(gc.garbage)) heap.delitem(gc.garbage, 0);
      yield `del gc.garbage[0].cc; del gc.garbage[:]  -> ${said.join(", ") || "no __del__ ran"}`;
      yield `gc.collect() -> ${gc.collect()}; instances alive ${heap.memoryInfo().objects.instance}`;
    },
  },
  {
    name: "fragmentation",
    title: "fragmentation: free every other block, then ask for a large one",
    make: () => createAllocator(),
    note: () => "4,000 blocks, small (16-480 B) and large (1-8 KiB) in turn; every other large and every other small one freed; then malloc(256 KiB)",
    async *run(alloc) {
      const ps = [];
      for (let i = 0; i < 4000; i++) ps.push(alloc.malloc(i % 2 ? 16 + ((i * 37) % 30) * 16 : 1024 + ((i * 53) % 8) * 1024));
      let s = alloc.stats();
      yield `4,000 blocks: ${s.totals.inUseBytes.toLocaleString("en-US")} bytes in use, Wasm memory ${mib(s.memory.bytes)}`;
      // Even indexes are large blocks: every other one of them goes (so
      // each hole sits between two live blocks), and every other small one.
      for (let i = 0; i < ps.length; i += 4) alloc.free(ps[i]);
      for (let i = 1; i < ps.length; i += 4) alloc.free(ps[i]);
      s = alloc.stats();
      yield `every other large and every other small block freed: ${s.large.freeBlocks} free holes holding `
        + `${s.large.freeBytes.toLocaleString("en-US")} bytes, ${s.totals.inUseBytes.toLocaleString("en-US")} in use`;
      const before = s.memory.bytes;
      const holes = s.large.freeBlocks;
      const free = s.large.freeBytes;
      const big = alloc.malloc(256 * 1024);
      s = alloc.stats();
      // Free bytes unchanged: it took none of the holes (waiting blocks may
      // have merged with free neighbours first, so count bytes, not holes).
      yield `malloc(262144) -> 0x${big.toString(16)}: ` + (s.large.freeBytes === free
        ? `none of the ${holes} holes (${free.toLocaleString("en-US")} bytes together) can hold it, so it went above them`
        : `it took free memory below the top`)
        + `; Wasm memory ${s.memory.bytes > before ? `grew from ${mib(before)} to ${mib(s.memory.bytes)}` : `stayed ${mib(before)}`}`;
    },
  },
];
