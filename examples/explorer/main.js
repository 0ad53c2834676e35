// The explorer page: runs a scenario (scenarios.js) step by step and
// redraws the heap map (renderHeapMap) after each step. Each step also
// compares what the map drew with what the heap's own API reports, so the
// page, and the browser test that drives it, can see they agree.
import { renderHeapMap, createAllocator } from "pyheap";
import { scenarios } from "./scenarios.js";

const params = new URLSearchParams(location.search);
const N = Number(params.get("n") ?? 1_000_000);
const MAX_ARENAS = 400;
const mapEl = document.getElementById("map");
const logEl = document.getElementById("log");
const noteEl = document.getElementById("note");
let target = null;
let view = null;
let busy = false;

const drawn = (field) => {
  const el = mapEl.querySelector(`[data-field="${field}"]`);
  return el ? Number(el.textContent.replace(/,/g, "")) : null;
};

/** What the map shows against what the heap says (memoryInfo() and
 *  gc.getCount() for a heap, stats() for an allocator). */
function compare() {
  const isHeap = "gc" in target;
  const shown = {
    memoryBytes: drawn("memoryBytes"), inUse: drawn("inUse"), arenas: drawn("arenas"), poolsUsed: drawn("poolsUsed"),
  };
  let truth;
  if (isHeap) {
    const info = target.memoryInfo();
    truth = { memoryBytes: info.wasmMemoryBytes, inUse: info.bytesInUse, arenas: info.arenas, poolsUsed: info.pools };
    shown.count = [0, 1, 2].map((g) => drawn(`gen${g}.count`));
    truth.count = target.gc.getCount();
    shown.frozen = drawn("gen3.objects");
    truth.frozen = target.gc.getFreezeCount();
  } else {
    const s = target.stats();
    truth = { memoryBytes: s.memory.bytes, inUse: s.totals.inUseBytes, arenas: s.arenas.current, poolsUsed: s.pools.used };
  }
  if (truth.arenas <= MAX_ARENAS) {
    shown.poolRects = mapEl.querySelectorAll("rect.pool.used").length;
    truth.poolRects = truth.poolsUsed;
  }
  return { shown, truth };
}

const frame = () => new Promise((resolve) => setTimeout(resolve, 0));

async function start(make) {
  view?.destroy();
  try { target?.close(); } catch { /* already closed */ }
  target = await make();
  view = renderHeapMap(target, mapEl, { maxArenas: MAX_ARENAS });
}

async function run(name, n = N) {
  const sc = scenarios.find((s) => s.name === name);
  if (!sc) throw new Error(`no scenario ${name}`);
  if (busy) throw new Error("a scenario is running");
  busy = true;
  document.body.dataset.status = "running";
  const records = [];
  try {
    await start(sc.make);
    noteEl.textContent = (sc.seed ? `seed ${sc.seed}: ` : "") + sc.note(n);
    logEl.textContent = "";
    for await (const step of sc.run(target, n)) {
      view.update();
      logEl.textContent += step + "\n";
      logEl.scrollTop = logEl.scrollHeight;
      records.push({ step, ...compare() });
      await frame();
    }
  } finally {
    busy = false;
    document.body.dataset.status = "done";
  }
  return records;
}

/** Bad input: the heap closed under the map, or its memory scribbled on. */
async function badInput(kind) {
  if (busy) return null;
  if (kind === "corrupt") {
    await start(() => createAllocator());
    const p = target.malloc(24);
    const pool = p - (p % target.stats().geometry.poolSize);
    target.u8.fill(0xab, pool, pool + 32); // the pool's header
    noteEl.textContent = `a fresh allocator; its first pool's header (0x${pool.toString(16)}) overwritten with 0xAB`;
  } else {
    if (!target) await start(() => createAllocator());
    target.close();
    noteEl.textContent = "heap.close()";
  }
  view.update();
  return view.error;
}

const buttons = document.getElementById("scenarios");
for (const sc of scenarios) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = sc.title;
  b.addEventListener("click", () => run(sc.name).catch((e) => { logEl.textContent += `failed: ${e}\n`; }));
  buttons.append(b);
}
document.getElementById("close").addEventListener("click", () => badInput("close"));
document.getElementById("corrupt").addEventListener("click", () => badInput("corrupt"));

window.explorer = { run, badInput, get view() { return view; }, get target() { return target; } };
await start(scenarios[0].make);
noteEl.textContent = "pick a scenario";
document.body.dataset.status = "ready";
