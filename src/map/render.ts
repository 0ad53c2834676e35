// renderHeapMap(): the heap drawn as obmalloc diagrams draw it, in SVG, into any
// element: the Wasm memory as a strip (static data, arenas, large and free
// blocks, the wilderness), each arena's pools coloured by size class and
// fullness, one pool's blocks, the collector's generations, and a timeline
// of memory size, bytes in use and collections. update() redraws from the
// heap's own walks (read.ts); a closed or corrupt heap is drawn as a
// message, never thrown.

import { hex, heapError } from "../errors.js";
import type { GC } from "../heap/gc.js";
import { hasMap, readHeapMap, readPoolBlocks, type HeapMapData, type MapExports, type MapPoolBlocks } from "./read.js";

/** Anything with pyheap's exports: createHeap(), createAllocator(),
 *  instantiateShared({ heap: "shared" }) or runWasi()'s heap. */
export interface MapTarget {
  readonly exports: object;
  readonly gc?: GC;
}

export interface HeapMapOptions {
  /** Arenas drawn at most (the rest are counted). Default 120. */
  maxArenas?: number;
  /** Timeline samples kept (the oldest go first). Default 400. */
  timelineSamples?: number;
  /** Redraw every `interval` ms as well as on update(); 0 (default): only
   *  on update(). */
  interval?: number;
}

export interface GenerationCounts {
  /** Objects in generations 0, 1, 2 and the permanent one. */
  objects: [number, number, number, number];
  /** gc.getCount() and gc.getThreshold(). */
  count: [number, number, number];
  threshold: [number, number, number];
  /** Collections of each generation so far. */
  collections: [number, number, number];
}

export interface TimelineSample { memory: number; inUse: number; collections: number }

export interface HeapMapView {
  /** Reads the heap and redraws; returns what it drew, or null when it
   *  drew a message instead (heap closed, check() failed). */
  update(): HeapMapData | null;
  /** The last reading, or null. */
  readonly data: HeapMapData | null;
  readonly generations: GenerationCounts | null;
  readonly pool: MapPoolBlocks | null;
  readonly timeline: readonly TimelineSample[];
  /** The message drawn instead of the map, or null. */
  readonly error: string | null;
  /** Shows the blocks of the pool at `address` (also done by clicking it). */
  selectPool(address: number): void;
  /** Forgets the timeline (a new scenario). */
  resetTimeline(): void;
  /** Stops the interval and click handling; the drawing stays. */
  destroy(): void;
}

const W = 960;
const CELL = 9;
const ARENA_COLUMNS = 8;

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const fmt = (n: number) => n.toLocaleString("en-US");
function bytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(2)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} B`;
}

/** A size class's colour, darker as its pool fills. */
function poolColour(sizeClass: number, classes: number, fullness: number): string {
  const hue = Math.round((sizeClass / classes) * 300);
  return `hsl(${hue} 65% ${Math.round(88 - 50 * fullness)}%)`;
}
const BLOCK_COLOURS: Record<string, string> = {
  static: "#9e9e9e", used: "#e6762e", free: "#9ed89a", arena: "#6f9fd8", "arena table": "#8e63b0", wilderness: "#ffffff",
};
const STATE_COLOURS = { live: "#2f5f8f", free: "#b9dcb5", "never used": "#ffffff" };

function text(x: number, y: number, s: string, attrs = ""): string {
  return `<text x="${x}" y="${y}" ${attrs}>${s}</text>`;
}
const field = (name: string, v: number | string) => `<tspan data-field="${name}">${typeof v === "number" ? fmt(v) : esc(v)}</tspan>`;

function readGenerations(gc: GC, ex: { pyobj_gc_generation_size(g: number): number }): GenerationCounts {
  const stats = gc.getStats();
  return {
    objects: [ex.pyobj_gc_generation_size(0), ex.pyobj_gc_generation_size(1), ex.pyobj_gc_generation_size(2), gc.getFreezeCount()],
    count: gc.getCount(),
    threshold: gc.getThreshold(),
    collections: [stats[0].collections, stats[1].collections, stats[2].collections],
  };
}

function drawStrip(d: HeapMapData, y: number): string {
  const mem = d.stats.memory.bytes;
  const x = (a: number) => (a / mem) * W;
  let s = text(0, y - 6, `Wasm memory: ${field("memory", bytes(mem))} (${field("memoryBytes", mem)} bytes), `
    + `${field("inUse", d.stats.totals.inUseBytes)} bytes in use, ${field("freeBytes", d.stats.totals.freeBytes)} free, `
    + `${field("overhead", d.stats.totals.overheadBytes)} overhead`, `class="h"`);
  // An arena's pools are committed as they are cut, so the last arena may
  // reach past the memory: drawn up to its end.
  const rect = (a: number, n: number, kind: string, title: string) =>
    `<rect class="block ${kind.replace(" ", "-")}" x="${x(a).toFixed(2)}" y="${y}" width="${Math.max(x(Math.min(n, mem - a)), 0.6).toFixed(2)}" height="26" fill="${BLOCK_COLOURS[kind]}" stroke="${kind === "wilderness" ? "#bbb" : "none"}"><title>${esc(title)}</title></rect>`;
  s += rect(0, d.heapStart, "static", `static data and tables: 0 to ${hex(d.heapStart)}`);
  for (const b of d.blocks) s += rect(b.start, b.size, b.kind, `${b.kind} block at ${hex(b.start)}: ${fmt(b.size)} bytes`);
  if (mem > d.heapTop) s += rect(d.heapTop, mem - d.heapTop, "wilderness", `not yet given to a block: ${fmt(mem - d.heapTop)} bytes`);
  let lx = 0;
  for (const k of ["static", "arena", "used", "free", "arena table", "wilderness"]) {
    const label = k === "used" ? "large block" : k === "free" ? "free block" : k;
    s += `<rect x="${lx}" y="${y + 32}" width="10" height="10" fill="${BLOCK_COLOURS[k]}" stroke="#888" stroke-width="0.5"/>`;
    s += text(lx + 14, y + 41, label, `class="l"`);
    lx += 14 + label.length * 6.5 + 14;
  }
  const large = d.blocks.filter((b) => b.kind === "used").length;
  const free = d.blocks.filter((b) => b.kind === "free").length;
  s += text(lx + 10, y + 41, `${field("largeBlocks", large)} large blocks, ${field("freeBlocks", free)} free blocks`, `class="l"`);
  return s;
}

function drawArenas(d: HeapMapData, y: number, maxArenas: number, selected: number): [string, number] {
  const g = d.stats.geometry;
  const used = d.arenas.reduce((n, a) => n + a.pools.filter((p) => p.sizeClass >= 0).length, 0);
  const empty = d.arenas.reduce((n, a) => n + a.pools.filter((p) => p.sizeClass < 0).length, 0);
  const never = d.arenas.reduce((n, a) => n + a.totalPools - a.pools.length, 0);
  let s = text(0, y, `${field("arenas", d.arenas.length)} arenas of ${bytes(g.arenaSize)}, ${bytes(g.poolSize)} pools: `
    + `${field("poolsUsed", used)} used, ${field("poolsEmpty", empty)} empty, ${field("poolsNeverCut", never)} never cut `
    + `(colour: size class; darker: fuller; click a pool)`, `class="h"`);
  // Arenas flow left to right, each as wide as its pools need (an arena
  // trimmed for a large block holds fewer pools), rows as tall as their
  // tallest arena.
  const shown = d.arenas.slice(0, maxArenas);
  let ax = 0, ay = y + 10, rowH = 0;
  for (const a of shown) {
    const cols = Math.min(Math.max(a.totalPools, 1), ARENA_COLUMNS);
    const aw = Math.max(cols * CELL, String(a.index).length * 7 + 8) + 10;
    const ah = Math.ceil(a.totalPools / ARENA_COLUMNS) * CELL + 16;
    if (ax + aw > W) { ax = 0; ay += rowH; rowH = 0; }
    rowH = Math.max(rowH, ah);
    s += text(ax, ay + 9, `#${a.index}`, `class="l"`);
    for (let j = 0; j < a.totalPools; j++) {
      const px = ax + (j % ARENA_COLUMNS) * CELL;
      const py = ay + 12 + Math.floor(j / ARENA_COLUMNS) * CELL;
      const p = a.pools[j];
      let fill = "#ffffff", cls = "pool never", title = `never cut: ${hex(a.base + j * g.poolSize)}`;
      if (p && p.sizeClass < 0) { fill = "#d8d8d8"; cls = "pool empty"; title = `empty pool at ${hex(p.address)}`; }
      else if (p) {
        fill = poolColour(p.sizeClass, g.sizeClasses, p.used / p.capacity);
        cls = "pool used";
        title = `pool at ${hex(p.address)}: class ${p.sizeClass} (${p.blockSize} B), ${p.used}/${p.capacity} blocks`;
      }
      const sel = p && p.address === selected;
      s += `<rect class="${cls}" data-pool="${p && p.sizeClass >= 0 ? p.address : ""}" x="${px}" y="${py}" width="${CELL - 1}" height="${CELL - 1}" fill="${fill}" stroke="${sel ? "#000" : "#aaa"}" stroke-width="${sel ? 2 : 0.5}"><title>${esc(title)}</title></rect>`;
    }
    ax += aw;
  }
  let h = ay + rowH - y;
  if (d.arenas.length > shown.length) {
    s += text(0, y + h + 10, `… and ${fmt(d.arenas.length - shown.length)} more arenas (counted above, not drawn)`, `class="l"`);
    h += 16;
  }
  if (!d.arenas.length) {
    s += text(0, y + 22, "no arena yet: no small block was asked for", `class="l"`);
    h = 30;
  }
  return [s, h];
}

function drawPool(pool: MapPoolBlocks | null, y: number): [string, number] {
  if (!pool) return [text(0, y, "no used pool to show", `class="h"`), 14];
  const counts = { live: 0, free: 0, "never used": 0 };
  for (const st of pool.states) counts[st]++;
  let s = text(0, y, `pool ${field("poolAddress", hex(pool.address))}: ${pool.blockSize}-byte blocks, `
    + `${field("poolLive", counts.live)} live, ${field("poolFree", counts.free)} free, ${field("poolNever", counts["never used"])} never used`, `class="h"`);
  const per = 64;
  const c = 14;
  pool.states.forEach((st, i) => {
    s += `<rect class="blk ${st.replace(" ", "-")}" x="${(i % per) * c}" y="${y + 8 + Math.floor(i / per) * c}" width="${c - 2}" height="${c - 2}" fill="${STATE_COLOURS[st]}" stroke="#888" stroke-width="0.5"/>`;
  });
  return [s, 8 + Math.ceil(pool.states.length / per) * c + 4];
}

function drawGenerations(gen: GenerationCounts | null, y: number): [string, number] {
  if (!gen) return [text(0, y, "no cycle collector: an allocator has blocks, not objects", `class="h"`), 14];
  let s = text(0, y, "cycle collector: objects per generation; gc.getCount() against gc.getThreshold()", `class="h"`);
  const names = ["generation 0", "generation 1", "generation 2", "permanent (frozen)"];
  for (let g = 0; g < 4; g++) {
    const x = g * 240;
    s += `<rect x="${x}" y="${y + 8}" width="228" height="44" rx="4" fill="#f3f3f8" stroke="#99a"/>`;
    s += text(x + 8, y + 24, `${names[g]}: ${field(`gen${g}.objects`, gen.objects[g])} objects`);
    if (g < 3) {
      s += text(x + 8, y + 42, `count ${field(`gen${g}.count`, gen.count[g])} / ${fmt(gen.threshold[g])}, `
        + `${field(`gen${g}.collections`, gen.collections[g])} collections`, `class="l"`);
    }
  }
  return [s, 58];
}

function drawTimeline(samples: readonly TimelineSample[], y: number): string {
  const h = 90;
  let s = text(0, y, `timeline (${samples.length} updates): Wasm memory, bytes in use, collections`, `class="h"`);
  s += `<rect x="0" y="${y + 8}" width="${W}" height="${h}" fill="#fafafa" stroke="#ccc"/>`;
  if (!samples.length) return s;
  const top = Math.max(...samples.map((p) => p.memory), 1);
  const x = (i: number) => (samples.length === 1 ? W / 2 : (i / (samples.length - 1)) * W);
  const yv = (v: number) => y + 8 + h - (v / top) * (h - 4);
  for (let i = 1; i < samples.length; i++) {
    if (samples[i].collections > samples[i - 1].collections) {
      s += `<line class="collection" x1="${x(i)}" x2="${x(i)}" y1="${y + 8}" y2="${y + 8 + h}" stroke="#d33" stroke-dasharray="3 2"/>`;
    }
  }
  const line = (k: "memory" | "inUse", colour: string) =>
    `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${samples.map((p, i) => `${x(i).toFixed(1)},${yv(p[k]).toFixed(1)}`).join(" ")}"/>`;
  s += line("memory", BLOCK_COLOURS.arena) + line("inUse", BLOCK_COLOURS.used);
  s += text(4, y + 20, `${bytes(top)}`, `class="l"`);
  s += text(W - 330, y + 20, `— Wasm memory  — bytes in use  ┆ a collection`, `class="l"`);
  return s;
}

/** A DOM Element; `never` in a program compiled without the DOM lib (it
 *  has no element to give), so that the package's types compile there. */
export type MapElement = typeof globalThis extends { Element: { prototype: infer E } } ? E : never;

export function renderHeapMap(target: MapTarget, element: MapElement, options: HeapMapOptions = {}): HeapMapView {
  if (!element || typeof (element as Element).setAttribute !== "function") {
    throw new TypeError("renderHeapMap: element must be a DOM element");
  }
  const maxArenas = options.maxArenas ?? 120;
  const keep = options.timelineSamples ?? 400;
  let data: HeapMapData | null = null;
  let generations: GenerationCounts | null = null;
  let pool: MapPoolBlocks | null = null;
  let error: string | null = null;
  let selected = 0; // the pool shown: one the user picked, else the fullest
  let picked = false;
  let timeline: TimelineSample[] = [];

  const message = (msg: string) => {
    error = msg;
    data = null;
    generations = null;
    pool = null;
    element.innerHTML = `<div class="pyheap-map-error" role="alert" style="font:14px sans-serif;color:#900;border:2px solid #c33;background:#fff4f4;padding:12px">${esc(msg)}</div>`;
    return null;
  };

  const update = (): HeapMapData | null => {
    let ex: MapExports;
    try {
      ex = target.exports as MapExports;
    } catch (e) {
      return message(`pyheap heap map: ${(e as Error).message}; nothing to draw`);
    }
    if (!hasMap(ex)) {
      return message("pyheap heap map: this module has no map exports (build/malloc.wasm); "
        + "use instantiateShared({ heap: \"shared\" }), createAllocator() or createHeap()");
    }
    try {
      if (ex.pyheap_check() !== 0) {
        const err = heapError("check()", {
          code: ex.pyheap_last_error(), address: ex.pyheap_last_error_address(), size: ex.pyheap_last_error_size(),
        });
        ex.pyheap_clear_error();
        return message(`pyheap heap map: the heap is corrupt, so it is not drawn. ${err.name}: ${err.message}`);
      }
      data = readHeapMap(ex);
      generations = target.gc ? readGenerations(target.gc, ex as unknown as { pyobj_gc_generation_size(g: number): number }) : null;
      const used = data.arenas.flatMap((a) => a.pools).filter((p) => p.sizeClass >= 0);
      let chosen = picked ? used.find((p) => p.address === selected) : undefined;
      // Else the pool with the most live blocks.
      if (!chosen && used.length) chosen = used.reduce((a, b) => (b.used > a.used ? b : a));
      pool = chosen ? readPoolBlocks(ex, chosen.address, chosen.blockSize) : null;
      selected = chosen ? chosen.address : 0;
    } catch (e) {
      return message(`pyheap heap map: reading the heap failed: ${(e as Error).name}: ${(e as Error).message}`);
    }
    const collections = generations ? generations.collections.reduce((a, b) => a + b, 0) : 0;
    timeline.push({ memory: data.stats.memory.bytes, inUse: data.stats.totals.inUseBytes, collections });
    if (timeline.length > keep) timeline = timeline.slice(timeline.length - keep);
    error = null;

    let y = 18;
    let body = drawStrip(data, y);
    y += 70;
    const [arenas, ah] = drawArenas(data, y, maxArenas, selected);
    body += arenas;
    y += ah + 22;
    const [poolSvg, ph] = drawPool(pool, y);
    body += poolSvg;
    y += ph + 22;
    const [gens, gh] = drawGenerations(generations, y);
    body += gens;
    y += gh + 22;
    body += drawTimeline(timeline, y);
    y += 104;
    element.innerHTML = `<svg class="pyheap-map" xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y}" viewBox="0 0 ${W} ${y}" `
      + `style="font:12px sans-serif;background:#fff"><style>.h{font-weight:bold;font-size:12px}.l{font-size:11px;fill:#333}</style>${body}</svg>`;
    return data;
  };

  const onClick = (ev: Event) => {
    const a = (ev.target as Element | null)?.getAttribute?.("data-pool");
    if (a) view.selectPool(Number(a));
  };
  element.addEventListener("click", onClick);
  const timer = options.interval ? setInterval(() => update(), options.interval) : undefined;

  const view: HeapMapView = {
    update,
    get data() { return data; },
    get generations() { return generations; },
    get pool() { return pool; },
    get timeline() { return timeline; },
    get error() { return error; },
    selectPool(address: number) {
      selected = address >>> 0;
      picked = true;
      update();
    },
    resetTimeline() { timeline = []; },
    destroy() {
      if (timer !== undefined) clearInterval(timer);
      element.removeEventListener("click", onClick);
    },
  };
  update();
  return view;
}
