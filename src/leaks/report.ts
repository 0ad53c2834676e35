// Leak reports: what is still alive and why it may be a leak.
//
// heap.leaks(): the live objects by type; by allocation site when
// tracemalloc is tracing; and the unreachable cycles that gc.collect()
// would find, found the way the collector finds them (gc_refs = refcount
// minus the references from other tracked objects; whatever cannot be
// reached from an object with gc_refs > 0 is unreachable: the
// DEBUG_SAVEALL view) without freeing, moving or finalizing anything;
// and the references JavaScript dropped: heap.own() handles garbage-
// collected while they still owned one (src/heap/handles.ts).
//
// allocatorLeaks(): for createAllocator() and instantiateShared() clients,
// the live blocks by size class, and by tag when tracing.

import type { Heap, Ref } from "../heap/api.js";
import type { MallocStats } from "../stats.js";
import type { Statistic } from "../trace/snapshot.js";
import type { Tracemalloc } from "../trace/tracemalloc.js";
import { hex } from "../errors.js";

export interface UnreachableObject {
  ref: Ref;
  type: string;
}

export interface HeapLeakReport {
  /** Live objects by type (instances by class name when tracked). */
  byType: Record<string, number>;
  liveObjects: number;
  /** tracemalloc.takeSnapshot().statistics("lineno"), when tracing. */
  bySite: Statistic[] | null;
  /** What a full collection would find unreachable (nothing was freed). */
  unreachable: UnreachableObject[];
  /** Objects whose reference a heap.own() handle held when JavaScript
   *  dropped it without dispose() (droppedHandles "report" or a function;
   *  "release" releases them instead): still alive, and nobody's to decref. */
  droppedHandles: UnreachableObject[];
  /** The report as text (what close({ reportLeaks: true }) prints). */
  toString(): string;
}

const SITES_SHOWN = 10;
const UNREACHABLE_SHOWN = 20;

/** The objects a full collection would find unreachable, without
 *  collecting: CPython's update_refs / subtract_refs / move_unreachable
 *  over gc.get_objects() and gc.get_referents(). */
export function findUnreachable(heap: Heap): Ref[] {
  const all = heap.gc.getObjects();
  try {
    const objs = heap.children(all); // borrowed: `all` holds them
    const index = new Map<Ref, number>();
    objs.forEach((o, i) => index.set(o, i));
    // update_refs: the refcount, less the reference `all` holds
    const gcRefs = objs.map((o) => heap.sys.getrefcount(o) - 1);
    // subtract_refs: references from inside the set are not external
    const edges: number[][] = [];
    for (const o of objs) {
      const refs = heap.gc.getReferents(o);
      const out: number[] = [];
      for (const c of heap.children(refs)) {
        const j = index.get(c);
        if (j !== undefined) {
          gcRefs[j]--;
          out.push(j);
        }
      }
      heap.decref(refs);
      edges.push(out);
    }
    // move_unreachable: reachable = reached from an externally referenced one
    const reachable = new Uint8Array(objs.length);
    const stack: number[] = [];
    gcRefs.forEach((r, i) => {
      if (r > 0) {
        reachable[i] = 1;
        stack.push(i);
      }
    });
    while (stack.length) {
      for (const j of edges[stack.pop()!]) {
        if (!reachable[j]) {
          reachable[j] = 1;
          stack.push(j);
        }
      }
    }
    return objs.filter((_, i) => !reachable[i]);
  } finally {
    heap.decref(all);
  }
}

/** The dropped handles' objects that are still alive (a Ref whose object
 *  died is refused by typeName). */
function stillAlive(heap: Heap, refs: readonly Ref[]): UnreachableObject[] {
  const out: UnreachableObject[] = [];
  for (const ref of refs) {
    try {
      out.push({ ref, type: heap.typeName(ref) });
    } catch {
      // died since: no longer a leak
    }
  }
  return out;
}

export function heapLeaks(heap: Heap, tracemalloc: Tracemalloc, dropped: readonly Ref[] = []): HeapLeakReport {
  const info = heap.memoryInfo();
  const byType: Record<string, number> = {};
  for (const [k, v] of Object.entries(info.objects)) if (v) byType[k] = v;
  // Instances by class: the tracked ones (every instance is tracked).
  if (byType.instance) {
    const all = heap.gc.getObjects();
    const classes: Record<string, number> = {};
    for (const o of heap.children(all)) {
      if (heap.typeName(o) === "object" || byType[heap.typeName(o)] !== undefined) continue;
      const name = heap.typeName(o);
      classes[name] = (classes[name] ?? 0) + 1;
    }
    heap.decref(all);
    let named = 0;
    for (const [k, v] of Object.entries(classes)) {
      byType[`${k} instance`] = v;
      named += v;
    }
    byType.instance -= named;
    if (!byType.instance) delete byType.instance;
  }
  const bySite = tracemalloc.isTracing() ? tracemalloc.takeSnapshot().statistics("lineno") : null;
  const unreachable = findUnreachable(heap).map((ref) => ({ ref, type: heap.typeName(ref) }));
  const droppedHandles = stillAlive(heap, dropped);
  const report: HeapLeakReport = {
    byType,
    liveObjects: info.liveObjects,
    bySite,
    unreachable,
    droppedHandles,
    toString() {
      const lines = [`pyheap leak report: ${info.liveObjects} live objects`];
      const types = Object.entries(byType).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      lines.push("by type:");
      for (const [k, v] of types) lines.push(`  ${k}: ${v}`);
      if (bySite) {
        lines.push(`by allocation site (tracemalloc${tracemalloc.sampleBytes ? ", sampled: estimates" : ""}):`);
        for (const s of bySite.slice(0, SITES_SHOWN)) lines.push(`  ${s}`);
        if (bySite.length > SITES_SHOWN) lines.push(`  ... ${bySite.length - SITES_SHOWN} more`);
      } else lines.push("by allocation site: not traced (heap.tracemalloc.start() to see them)");
      lines.push(`unreachable, a gc.collect() would find: ${unreachable.length}`);
      for (const u of unreachable.slice(0, UNREACHABLE_SHOWN)) lines.push(`  <${u.type} ${hex(u.ref >>> 0)}>`);
      if (unreachable.length > UNREACHABLE_SHOWN) lines.push(`  ... ${unreachable.length - UNREACHABLE_SHOWN} more`);
      lines.push(`dropped by JavaScript without decref (heap.own() handles garbage-collected while owning): ${droppedHandles.length}`);
      for (const u of droppedHandles.slice(0, UNREACHABLE_SHOWN)) lines.push(`  <${u.type} ${hex(u.ref >>> 0)}>`);
      if (droppedHandles.length > UNREACHABLE_SHOWN) lines.push(`  ... ${droppedHandles.length - UNREACHABLE_SHOWN} more`);
      return lines.join("\n");
    },
  };
  return report;
}

// ------------------------------------------------------------ allocators

export interface AllocatorLeakReport {
  /** Live blocks per pymalloc size class (block size in bytes). */
  bySizeClass: { size: number; blocks: number; bytes: number }[];
  /** Bytes in use in large (raw) blocks and their count. */
  large: { blocks: number; bytes: number };
  /** Traced live blocks by tag (tracemalloc's domain), when tracing. */
  byTag: { tag: number; blocks: number; bytes: number; estimated: boolean }[] | null;
  toString(): string;
}

export function allocatorLeaks(stats: MallocStats, tracemalloc: Tracemalloc | null): AllocatorLeakReport {
  const bySizeClass = stats.classes
    .filter((c) => c.blocksInUse > 0)
    .map((c) => ({ size: c.size, blocks: c.blocksInUse, bytes: c.blocksInUse * c.size }));
  const large = { blocks: stats.large.usedBlocks, bytes: stats.large.usedBytes };
  let byTag: AllocatorLeakReport["byTag"] = null;
  if (tracemalloc?.isTracing()) {
    const snap = tracemalloc.takeSnapshot();
    const tags = new Map<number, { blocks: number; bytes: number }>();
    const rate = snap.sampleBytes;
    for (const t of snap.traces) {
      const k = rate ? (t.size === 0 ? 1 : 1 / (1 - Math.exp(-t.size / rate))) : 1;
      const e = tags.get(t.domain) ?? { blocks: 0, bytes: 0 };
      e.blocks += k;
      e.bytes += t.size * k;
      tags.set(t.domain, e);
    }
    byTag = [...tags].map(([tag, e]) => ({ tag, blocks: Math.round(e.blocks), bytes: Math.round(e.bytes), estimated: rate > 0 }))
      .sort((a, b) => b.bytes - a.bytes || a.tag - b.tag);
  }
  return {
    bySizeClass,
    large,
    byTag,
    toString() {
      const lines = ["pyheap allocator leak report", "live blocks by size class:"];
      for (const c of bySizeClass) lines.push(`  ${String(c.size).padStart(4)} B: ${c.blocks} blocks, ${c.bytes} bytes`);
      lines.push(`large blocks: ${large.blocks}, ${large.bytes} bytes`);
      if (byTag) {
        lines.push("traced blocks by tag:");
        for (const t of byTag) lines.push(`  tag ${t.tag}: ${t.estimated ? "~" : ""}${t.blocks} blocks, ${t.estimated ? "~" : ""}${t.bytes} bytes`);
      }
      return lines.join("\n");
    },
  };
}
