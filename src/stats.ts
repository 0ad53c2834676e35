// Reads the statistics record that pyheap_stats() fills (its layout and
// the identities its figures satisfy are documented in assembly/stats.ts)
// and formats CPython's sys._debugmallocstats() text from it.

import type { PyheapExports } from "./wasm.js";
import { STATS_WORDS } from "./constants.js";

/** The words of assembly/stats.ts's record, in the order of its S_*
 *  indices (test/constants.test.ts compares the names). */
export const FIELDS = [
  "alignment", "smallRequestThreshold", "sizeClasses", "poolSize", "arenaSize", "flags",
  "memoryPages", "maxPages", "growCalls", "staticBytes",
  "arenasAllocatedTotal", "arenasReclaimed", "arenasHighwater", "arenasCurrent",
  "usedPools", "emptyPools", "untouchedPools",
  "allocatedBytes", "availableBytes", "poolHeaderBytes", "quantizationBytes",
  "untouchedCommittedBytes", "arenaCommittedBytes", "arenaOverheadBytes",
  "rawUsedBlocks", "rawUsedBytes", "rawHeaderBytes", "rawFreeBlocks", "rawFreeBytes",
  "wildernessBytes", "arenaTableBytes",
] as const;

export interface SizeClassStats {
  /** Size class index. */
  index: number;
  /** Block size of the class in bytes. */
  size: number;
  /** Pools of this class holding at least one block. */
  pools: number;
  blocksInUse: number;
  /** Free blocks in those pools (including never-used ones). */
  availableBlocks: number;
}

/** Everything pyheap knows about its memory. `totals` add up exactly to
 *  `memory.bytes`. */
export interface MallocStats {
  geometry: {
    alignment: number; smallRequestThreshold: number; sizeClasses: number;
    poolSize: number; arenaSize: number; debug: boolean; legacy: boolean;
  };
  memory: {
    /** Size of the Wasm linear memory. */
    bytes: number;
    /** The growth cap (maxMemory, or 4 GiB less one 64 KiB page). */
    maxBytes: number;
    growCalls: number;
    /** Below the heap: the module's static data and tables. */
    staticBytes: number;
  };
  arenas: { allocatedTotal: number; reclaimed: number; highWater: number; current: number };
  pools: { used: number; empty: number; untouched: number };
  /** pymalloc (requests <= smallRequestThreshold). */
  small: {
    allocatedBytes: number; availableBytes: number; poolHeaderBytes: number;
    quantizationBytes: number; emptyPoolBytes: number; untouchedCommittedBytes: number;
    arenaOverheadBytes: number;
    /** The table of arena objects (CPython's allarenas). */
    arenaTableBytes: number;
  };
  /** The raw allocator's blocks other than arenas. */
  large: {
    usedBlocks: number; usedBytes: number; headerBytes: number;
    freeBlocks: number; freeBytes: number; wildernessBytes: number;
  };
  classes: SizeClassStats[];
  totals: { inUseBytes: number; freeBytes: number; overheadBytes: number };
}

export function readStats(ex: PyheapExports): MallocStats {
  const at = ex.pyheap_stats();
  const words = new Uint32Array(ex.memory.buffer, at, STATS_WORDS);
  const r = {} as Record<(typeof FIELDS)[number], number>;
  FIELDS.forEach((name, i) => (r[name] = words[i]));
  const perClass = new Uint32Array(ex.memory.buffer, at + STATS_WORDS * 4, r.sizeClasses * 3);
  const classes: SizeClassStats[] = [];
  for (let i = 0; i < r.sizeClasses; i++) {
    classes.push({
      index: i, size: (i + 1) * r.alignment,
      pools: perClass[3 * i], blocksInUse: perClass[3 * i + 1], availableBlocks: perClass[3 * i + 2],
    });
  }
  const small = {
    allocatedBytes: r.allocatedBytes, availableBytes: r.availableBytes,
    poolHeaderBytes: r.poolHeaderBytes, quantizationBytes: r.quantizationBytes,
    emptyPoolBytes: r.emptyPools * r.poolSize, untouchedCommittedBytes: r.untouchedCommittedBytes,
    arenaOverheadBytes: r.arenaOverheadBytes, arenaTableBytes: r.arenaTableBytes,
  };
  const large = {
    usedBlocks: r.rawUsedBlocks, usedBytes: r.rawUsedBytes, headerBytes: r.rawHeaderBytes,
    freeBlocks: r.rawFreeBlocks, freeBytes: r.rawFreeBytes, wildernessBytes: r.wildernessBytes,
  };
  return {
    geometry: {
      alignment: r.alignment, smallRequestThreshold: r.smallRequestThreshold,
      sizeClasses: r.sizeClasses, poolSize: r.poolSize, arenaSize: r.arenaSize,
      debug: (r.flags & 1) !== 0, legacy: (r.flags & 2) !== 0,
    },
    memory: {
      bytes: r.memoryPages * 65536, maxBytes: r.maxPages * 65536,
      growCalls: r.growCalls, staticBytes: r.staticBytes,
    },
    arenas: {
      allocatedTotal: r.arenasAllocatedTotal, reclaimed: r.arenasReclaimed,
      highWater: r.arenasHighwater, current: r.arenasCurrent,
    },
    pools: { used: r.usedPools, empty: r.emptyPools, untouched: r.untouchedPools },
    small,
    large,
    classes,
    totals: {
      inUseBytes: small.allocatedBytes + large.usedBytes,
      freeBytes: small.availableBytes + small.emptyPoolBytes + small.untouchedCommittedBytes
        + large.freeBytes + large.wildernessBytes,
      overheadBytes: r.staticBytes + small.poolHeaderBytes + small.quantizationBytes
        + small.arenaOverheadBytes + small.arenaTableBytes + large.headerBytes,
    },
  };
}

function line(label: string, value: number): string {
  return `${label.padEnd(40)}= ${value.toLocaleString("en-US").padStart(21)}\n`;
}

/** The report in the shape of CPython's sys._debugmallocstats(). */
export function formatStats(s: MallocStats): string {
  const g = s.geometry;
  let out = `Small block threshold = ${g.smallRequestThreshold}, in ${g.sizeClasses} size classes.\n\n`;
  out += "class   size   num pools   blocks in use  avail blocks\n";
  out += "-----   ----   ---------   -------------  ------------\n";
  for (const c of s.classes) {
    if (!c.pools) continue;
    out += `${String(c.index).padStart(5)}  ${String(c.size).padStart(5)}  ${String(c.pools).padStart(10)}`
      + `  ${String(c.blocksInUse).padStart(14)}  ${String(c.availableBlocks).padStart(12)}\n`;
  }
  out += "\n";
  out += line("# arenas allocated total", s.arenas.allocatedTotal);
  out += line("# arenas reclaimed", s.arenas.reclaimed);
  out += line("# arenas highwater mark", s.arenas.highWater);
  out += line("# arenas allocated current", s.arenas.current);
  out += line(`${s.arenas.current} arenas * ${g.arenaSize} bytes/arena`, s.arenas.current * g.arenaSize);
  out += "\n";
  out += line("# bytes in allocated blocks", s.small.allocatedBytes);
  out += line("# bytes in available blocks", s.small.availableBytes);
  out += line(`${s.pools.empty} unused pools * ${g.poolSize} bytes`, s.small.emptyPoolBytes);
  out += line("# bytes in never-used pools (committed)", s.small.untouchedCommittedBytes);
  out += line("# bytes lost to pool headers", s.small.poolHeaderBytes);
  out += line("# bytes lost to quantization", s.small.quantizationBytes);
  out += line("# bytes lost to arena headers", s.small.arenaOverheadBytes);
  out += line("# bytes in the arena table", s.small.arenaTableBytes);
  out += "\n";
  out += line(`# large blocks in use (${s.large.usedBlocks})`, s.large.usedBytes);
  out += line("# bytes in large block headers", s.large.headerBytes);
  out += line(`# bytes in free large blocks (${s.large.freeBlocks})`, s.large.freeBytes);
  out += line("# bytes above the heap top", s.large.wildernessBytes);
  out += line("# bytes of static data", s.memory.staticBytes);
  out += "\n";
  out += line("Total in use", s.totals.inUseBytes);
  out += line("Total free", s.totals.freeBytes);
  out += line("Total overhead", s.totals.overheadBytes);
  out += line(`Wasm memory (${s.memory.growCalls} grows)`, s.memory.bytes);
  return out;
}
