// Seed 000, show_memory_info(): the memory a list of 10,000,000 ints takes
// rises while it lives and falls back when the function's reference goes.
//
//   def func():
//       show_memory_info('initial')
//       a = [i for i in range(10000000)]
//       show_memory_info('after a created')
//   func()
//   show_memory_info('finished')
//
// Wasm memory never shrinks (like an arena kept for reuse), so beside the
// bytes in use the example shows the size of the Wasm memory too.
import { createHeap, type Heap } from "../src/index.js";

const N = Number(process.argv[2] ?? 10_000_000);
const heap = await createHeap();

function showMemoryInfo(hint: string): void {
  const info = heap.memoryInfo();
  const mb = (n: number) => (n / 1024 / 1024).toFixed(2);
  console.log(`${hint} memory used: ${mb(info.bytesInUse)} MB (Wasm memory ${mb(info.wasmMemoryBytes)} MB, ${info.liveObjects} objects)`);
}

function func(heap: Heap): void {
  showMemoryInfo("initial");
  const a = heap.list();
  for (let i = 0; i < N; i++) {
    const item = heap.int(i);
    heap.append(a, item);
    heap.decref(item); // the list holds its own reference
  }
  showMemoryInfo("after a created");
  heap.decref(a); // `a` goes out of scope when func returns
}

func(heap);
showMemoryInfo("finished");
