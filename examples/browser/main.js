// The page's script: loads pyheap (the .wasm is fetched from
// new URL("../build/release.wasm", import.meta.url) inside the package),
// allocates, writes strings and structs into blocks, and prints what it
// reads back and the heap's statistics; then the object layer
// (createHeap()): objects, reference counts, a cycle collected by
// gc.collect(), weakref callbacks. document.body.dataset.status says
// "done" or "error: ..." for whoever drives the page.
import { createAllocator, createHeap, instantiateShared } from "pyheap";

const out = document.getElementById("out");
const print = (line) => (out.textContent += line + "\n");

try {
  const heap = await createAllocator();

  // Strings: UTF-8 bytes in a block each, kept as (pointer, length).
  const words = ["arena", "pool", "block", "größe", "🐍"];
  const encoded = words.map((w) => new TextEncoder().encode(w));
  const strings = encoded.map((bytes) => {
    const p = heap.malloc(bytes.length);
    heap.u8.set(bytes, p);
    return [p, bytes.length];
  });
  print("strings: " + strings.map(([p, n]) => new TextDecoder().decode(heap.u8.subarray(p, p + n))).join(" "));

  // Structs: 1000 { x: f64, y: f64, id: u32 } records (24 bytes, a
  // pymalloc size class), each in its own block, linked through an array
  // of pointers that grows with realloc.
  let table = heap.malloc(0), count = 0;
  for (let i = 0; i < 1000; i++) {
    const rec = heap.malloc(24);
    heap.view.setFloat64(rec, i * 0.5, true);
    heap.view.setFloat64(rec + 8, i * 2, true);
    heap.view.setUint32(rec + 16, i, true);
    table = heap.realloc(table, (count + 1) * 4);
    heap.view.setUint32(table + 4 * count++, rec, true);
  }
  let sx = 0, sy = 0, ids = 0;
  for (let i = 0; i < count; i++) {
    const rec = heap.view.getUint32(table + 4 * i, true);
    sx += heap.view.getFloat64(rec, true);
    sy += heap.view.getFloat64(rec + 8, true);
    ids += heap.view.getUint32(rec + 16, true);
  }
  print(`structs: ${count} sum x=${sx} sum y=${sy} sum id=${ids}`);

  // A large block (raw allocator) and a freed half of the records.
  const big = heap.malloc(100_000);
  heap.u8.fill(0xab, big, big + 100_000);
  for (let i = 0; i < count; i += 2) heap.free(heap.view.getUint32(table + 4 * i, true));
  heap.check();
  print(`large block: ${heap.usableSize(big)} usable bytes at ${big % 16 === 0 ? "16-aligned" : "misaligned"} address`);

  // The shared-memory build: pyheap in a memory the page owns.
  const memory = new WebAssembly.Memory({ initial: 2 });
  const shared = await instantiateShared({ memory, base: 0x10000 });
  const q = shared.exports.malloc(1000);
  print(`shared build: block at 0x${q.toString(16)}, inside [0x10000, end): ${q >= 0x10000}`);

  // The object layer: Python objects in a heap of their own.
  const py = await createHeap();
  const n = py.int(300), word = py.str("größe 🐍");
  const l = py.list([n, word, py.None]);        // the list takes its own references
  py.decref(n); py.decref(word);
  const key = py.str("items");
  const d = py.dict([[key, l]]);
  py.decref(key);
  print(`objects: ${JSON.stringify(py.toJS(l))} in a ${py.typeName(d)}`);
  print(`sys.getrefcount: list ${py.sys.getrefcount(l)}, None ${py.sys.getrefcount(py.None)}`);
  py.decref(d);
  print(`after decref of the dict: list ${py.sys.getrefcount(l)}`);
  py.decref(l);

  // A weakref callback on the refcount path, then on the collector's: an
  // instance that refers to itself is freed only by gc.collect().
  const events = [];
  const A = py.newClass("A");
  const plain = py.instance(A);
  const w1 = py.weakref.ref(plain, () => events.push("callback (refcount)"));
  py.decref(plain);
  const self = py.instance(A);
  py.setattr(self, "me", self);
  const w2 = py.weakref.ref(self, () => events.push("callback (gc)"));
  py.decref(self);
  const cycle = py.list();
  py.append(cycle, cycle);
  py.decref(cycle);
  events.push(`gc.collect() = ${py.gc.collect()}`);
  const dead = [w1, w2].map((w) => {
    const r = py.weakref.deref(w);
    const gone = py.is(r, py.None);
    py.decref(r);
    py.decref(w);
    return gone;
  });
  py.decref(A);
  print(`weakrefs: ${events.join(", ")}; referents gone: ${dead.join(" ")}`);
  const live = Object.entries(py.memoryInfo().objects).filter(([, k]) => k > 0).map(([t, k]) => `${t} ${k}`);
  print(`live objects: ${live.join(", ") || "none"}`);
  py.close();

  const s = heap.stats();
  print(`in use: ${s.totals.inUseBytes} bytes; free: ${s.totals.freeBytes}; overhead: ${s.totals.overheadBytes}; memory: ${s.memory.bytes}`);
  document.getElementById("stats").textContent = heap.debugMallocStats();
  document.body.dataset.status = "done";
} catch (e) {
  print(String(e && e.stack || e));
  document.body.dataset.status = "error: " + e;
}
