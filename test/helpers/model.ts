// Drives an Allocator with random operations and checks it against a
// model of what malloc promises: live blocks never overlap, pointers are
// aligned, calloc memory is zero, realloc keeps the contents, the usable
// size covers the request, and no block's contents change while it lives.
// Each live block is filled with a byte derived from its id, so any
// overlap or stray write shows up when the block is checked.
import { expect } from "vitest";
import type { Allocator } from "../../src/index.js";
import { rng } from "./random.js";

export interface RandomRunOptions {
  ops: number;
  seed: number;
  /** Most live blocks at once. */
  maxLive?: number;
  /** Chance that a request is large (> 512 bytes, up to 64 KiB). */
  largeChance?: number;
  /** Required alignment of every pointer. */
  align?: number;
  /** Run check() and the overlap scan every this many operations. */
  checkEvery?: number;
}

interface Live { p: number; size: number; fill: number }

export function randomRun(a: Allocator, o: RandomRunOptions): { ops: number; peakLive: number } {
  const r = rng(o.seed);
  const maxLive = o.maxLive ?? 2000;
  const largeChance = o.largeChance ?? 0.05;
  const align = o.align ?? 16;
  const checkEvery = o.checkEvery ?? 20_000;
  const live: Live[] = [];
  let nextFill = 1;
  let peakLive = 0;

  const size = () => r.chance(largeChance) ? 513 + r.below(64 * 1024) : r.below(r.chance(0.5) ? 64 : 513);
  const fillOf = () => (nextFill = (nextFill % 251) + 1);
  const verify = (b: Live, upTo = b.size) => {
    const u8 = a.u8;
    for (let i = 0; i < upTo; i++) {
      if (u8[b.p + i] !== b.fill) {
        throw new Error(`block ${b.p} (size ${b.size}) byte ${i} is ${u8[b.p + i]}, expected ${b.fill}`);
      }
    }
  };
  const admit = (p: number, n: number, fill: number): Live => {
    if (p % align !== 0) throw new Error(`pointer ${p} is not ${align}-aligned`);
    const usable = a.usableSize(p);
    if (usable < n) throw new Error(`usable size ${usable} < request ${n} at ${p}`);
    a.u8.fill(fill, p, p + n);
    return { p, size: n, fill };
  };
  const scanOverlap = () => {
    const sorted = [...live].sort((x, y) => x.p - y.p);
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1];
      if (prev.p + a.usableSize(prev.p) > sorted[i].p) {
        throw new Error(`blocks ${prev.p} (+${a.usableSize(prev.p)}) and ${sorted[i].p} overlap`);
      }
    }
  };

  for (let op = 1; op <= o.ops; op++) {
    const k = r.below(100);
    if (live.length > 0 && (k < 40 || live.length >= maxLive)) {
      const i = r.below(live.length);
      const b = live[i];
      verify(b);
      a.free(b.p);
      live[i] = live[live.length - 1];
      live.pop();
    } else if (live.length > 0 && k < 55) {
      const i = r.below(live.length);
      const b = live[i];
      verify(b);
      const n = size();
      const q = a.realloc(b.p, n);
      const kept = Math.min(n, b.size);
      verify({ p: q, size: kept, fill: b.fill });
      live[i] = admit(q, n, fillOf());
    } else if (k < 65) {
      const n = r.below(16) + 1, m = r.below(64) + 1;
      const p = a.calloc(n, m);
      const u8 = a.u8;
      for (let j = 0; j < n * m; j++) {
        if (u8[p + j] !== 0) throw new Error(`calloc(${n}, ${m}) at ${p}: byte ${j} is ${u8[p + j]}`);
      }
      live.push(admit(p, n * m, fillOf()));
    } else {
      const n = size();
      live.push(admit(a.malloc(n), n, fillOf()));
    }
    peakLive = Math.max(peakLive, live.length);
    if (op % checkEvery === 0) {
      a.check();
      scanOverlap();
    }
  }
  for (const b of live) verify(b);
  scanOverlap();
  a.check();
  for (const b of live) a.free(b.p);
  a.flushQuarantine();
  a.check();
  expect(a.stats().totals.inUseBytes).toBe(0);
  return { ops: o.ops, peakLive };
}
