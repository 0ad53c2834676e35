// Deterministic synthetic allocation workloads. Same name + ops + seed gives
// the same ops, byte for byte: the PRNG is written out below and the
// generators use only integer arithmetic and exact float ops (no Math.exp/log,
// whose last bits could in principle vary between engines).
//
// Each generator targets an op count: it runs its mix until the ops emitted
// plus the blocks still live (each owes one free) reach `ops`, then frees
// what is live, so the result has `ops` ops (or `ops` + 1, see below).
import { OpWriter, validateOps } from "./ops.js";

export const QUICK_OPS = 20_000;

// ---------------------------------------------------------------- PRNG ----
// splitmix32 expands the seed into the state of xoshiro128** (Blackman &
// Vigna), a small, fast, well-tested 32-bit generator.
function splitmix32(seed) {
  let s = seed | 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}
export function makeRng(seed) {
  const sm = splitmix32(seed);
  let a = sm(), b = sm(), c = sm(), d = sm();
  const u32 = () => {
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = rotl(d, 11);
    return r;
  };
  const rotl = (x, k) => (x << k) | (x >>> (32 - k));
  const float = () => u32() / 4294967296; // [0, 1), exact
  return {
    u32,
    float,
    below: (n) => Math.floor(float() * n), // 0 .. n-1
    range: (lo, hi) => lo + Math.floor(float() * (hi - lo + 1)), // lo .. hi
    chance: (p) => float() < p,
  };
}
const seedOf = (name) => { // FNV-1a of the name: a stable default seed per workload
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
};

// ------------------------------------------------------ size samplers ----
// CPython's small-request size distribution, per 10,000 requests of <= 512
// bytes, by 16-byte class (class c = sizes 16c+1 .. 16c+16). Source: measured,
// not assumed: the sizeHistogram of the three real traces in bench/traces
// (CPython 3.11.7, PYTHONMALLOC=malloc, json_roundtrip + compile_stdlib +
// objects combined; malloc, calloc and realloc request sizes; 98.5% of all
// requests are <= 512 B). Assumption: sizes are uniform within a class
// (pymalloc rounds up to the class anyway).
export const CPYTHON_SMALL_CLASS_WEIGHTS = [
  /*   1- 16 */ 888, /*  17- 32 */ 2497, /*  33- 48 */ 1666, /*  49- 64 */ 3423,
  /*  65- 80 */ 868, /*  81- 96 */ 64, /*  97-112 */ 37, /* 113-128 */ 117,
  /* 129-144 */ 9, /* 145-160 */ 90, /* 161-176 */ 46, /* 177-192 */ 24,
  /* 193-208 */ 41, /* 209-224 */ 100, /* 225-240 */ 8, /* 241-256 */ 12,
  /* 257-272 */ 5, /* 273-288 */ 25, /* 289-304 */ 9, /* 305-320 */ 4,
  /* 321-336 */ 2, /* 337-352 */ 2, /* 353-368 */ 2, /* 369-384 */ 1,
  /* 385-400 */ 9, /* 401-416 */ 2, /* 417-432 */ 18, /* 433-448 */ 1,
  /* 449-464 */ 24, /* 465-480 */ 1, /* 481-496 */ 1, /* 497-512 */ 6,
];
const SMALL_CUM = (() => {
  const cum = [];
  let t = 0;
  for (const w of CPYTHON_SMALL_CLASS_WEIGHTS) cum.push((t += w));
  return cum;
})();
const SMALL_TOTAL = SMALL_CUM[SMALL_CUM.length - 1];

function cpythonSmallSize(rng) {
  const r = rng.below(SMALL_TOTAL);
  let c = 0;
  while (SMALL_CUM[c] <= r) c++;
  return c * 16 + rng.range(1, 16);
}
function uniformClassSize(rng) { // CPython's 32 classes, equally likely
  return rng.below(32) * 16 + rng.range(1, 16);
}
// Log-uniform over 513 B .. 256 KiB, at octave granularity: pick one of the
// 9 octaves (513-1024, 1025-2048, ..., 128K+1-256K) uniformly, then a size
// uniformly inside it. Integer-only, so exactly reproducible.
function largeSize(rng) {
  const k = rng.range(9, 17);
  return (1 << k) + rng.range(1, 1 << k);
}
const LARGE_MAX = 256 * 1024;

// -------------------------------------------------------- live pools ----
// A set of live slots supporting O(1) insert and O(1) removal of a random
// member (swap with last), so "random lifetime" frees are cheap.
class Pool {
  constructor() { this.slots = []; this.pos = []; this.size = []; }
  get count() { return this.slots.length; }
  add(slot, size) { this.pos[slot] = this.slots.length; this.slots.push(slot); this.size[slot] = size; }
  take(i) {
    const s = this.slots[i], last = this.slots.pop();
    if (last !== s) { this.slots[i] = last; this.pos[last] = i; }
    return s;
  }
  takeRandom(rng) { return this.take(rng.below(this.slots.length)); }
  pick(rng) { return this.slots[rng.below(this.slots.length)]; }
}

// Random-lifetime engine: alloc while below target, else mostly free a random
// live block; the live count follows `target(progress)` with noise.
function randomLifetimeStep(w, pool, rng, target, sizeFn, callocShare = 0) {
  const pAlloc = pool.count < target ? 0.75 : 0.25;
  if (pool.count === 0 || rng.chance(pAlloc)) {
    const size = sizeFn(rng);
    pool.add(callocShare && rng.chance(callocShare) ? w.calloc(size) : w.malloc(size), size);
  } else {
    w.free(pool.takeRandom(rng));
  }
}
function drainRandom(w, rng, ...pools) {
  for (const p of pools) while (p.count) w.free(p.takeRandom(rng));
}

// ---------------------------------------------------------- generators ----
const GENERATORS = {
  "small-random": {
    description: "Small blocks (CPython's measured 1-512 B size distribution) with random lifetimes; live set ramps up to ~100k blocks over the first quarter, then oscillates between 50% and 100% of that (3 cycles).",
    defaultOps: 2_000_000,
    run(w, rng, n) {
      const maxLive = Math.min(100_000, Math.floor(n / 20));
      const pool = new Pool();
      while (w.length + pool.count < n) {
        const f = w.length / n;
        // triangle wave instead of cos: integer-free of transcendental math
        const tri = f < 0.25 ? f / 0.25 : 1 - 0.5 * triangle(((f - 0.25) / 0.75) * 3);
        randomLifetimeStep(w, pool, rng, maxLive * tri, cpythonSmallSize);
      }
      drainRandom(w, rng, pool);
      return { maxLiveTarget: maxLive };
    },
  },
  "small-lifo": {
    description: "Stack-like: allocate a batch of 1..4096 small blocks (CPython size distribution), free it in reverse order, repeat.",
    defaultOps: 1_500_000,
    run(w, rng, n) {
      const maxBatch = Math.max(16, Math.min(4096, Math.floor(n / 40)));
      const stack = [];
      while (w.length < n) {
        const batch = Math.min(rng.range(1, maxBatch), Math.floor((n - w.length) / 2));
        if (batch === 0) break;
        for (let i = 0; i < batch; i++) stack.push(w.malloc(cpythonSmallSize(rng)));
        while (stack.length) w.free(stack.pop());
      }
      // An odd remainder cannot hold a malloc+free pair; pad with one pair.
      if (w.length < n) { const s = w.malloc(16); w.free(s); }
      return { maxBatch };
    },
  },
  "small-fifo": {
    description: "Queue-like: small blocks (CPython size distribution) are always freed oldest-first; queue length ramps to ~50k and hovers around it.",
    defaultOps: 1_500_000,
    run(w, rng, n) {
      const target = Math.min(50_000, Math.floor(n / 30));
      const queue = []; // FIFO of slots; head advances, array compacted now and then
      let head = 0;
      while (w.length + (queue.length - head) < n) {
        const len = queue.length - head;
        if (len === 0 || rng.chance(len < target ? 0.7 : 0.3)) {
          queue.push(w.malloc(cpythonSmallSize(rng)));
        } else {
          w.free(queue[head++]);
          if (head > 65536 && head * 2 > queue.length) { queue.splice(0, head); head = 0; }
        }
      }
      while (head < queue.length) w.free(queue[head++]);
      return { queueTarget: target };
    },
  },
  "size-classes": {
    description: "Uniform over CPython's 32 small size classes (16-byte steps, 1..512 B) with random lifetimes; live set ramps to ~50k blocks.",
    defaultOps: 1_500_000,
    run(w, rng, n) {
      const target = Math.min(50_000, Math.floor(n / 30));
      const pool = new Pool();
      while (w.length + pool.count < n) randomLifetimeStep(w, pool, rng, target, uniformClassSize);
      drainRandom(w, rng, pool);
      return { maxLiveTarget: target };
    },
  },
  "large-mix": {
    description: "Large blocks 513 B..256 KiB (log-uniform by octave) with random lifetimes (~512 live), plus realloc growth chains (a buffer grown x1.5 from 256..1024 B up to 16..256 KiB, then often shrunk to fit) and random shrinks.",
    defaultOps: 1_500_000,
    run(w, rng, n) {
      const target = Math.min(512, Math.max(16, Math.floor(n / 100)));
      const pool = new Pool();
      const chains = []; // {slot, size, limit}
      let chainsStarted = 0, growths = 0, shrinks = 0;
      while (w.length + pool.count + chains.length < n) {
        const r = rng.float();
        if (r < 0.02 && chains.length < 8) { // start a growing buffer
          const size = rng.range(256, 1024);
          chains.push({ slot: w.malloc(size), size, limit: (1 << rng.range(14, 18)) });
          chainsStarted++;
        } else if (r < 0.12 && chains.length) { // grow one buffer by x1.5
          const i = rng.below(chains.length), c = chains[i];
          c.size = Math.min(LARGE_MAX, c.size + (c.size >> 1));
          w.realloc(c.slot, c.size);
          growths++;
          if (c.size >= c.limit || c.size === LARGE_MAX) { // done growing
            // shrink to fit (like bytes/list trimming), if the op budget allows
            if (rng.chance(0.5) && w.length + pool.count + chains.length < n) {
              c.size = Math.max(513, c.size - rng.below(c.size >> 1));
              w.realloc(c.slot, c.size);
              shrinks++;
            }
            pool.add(c.slot, c.size);
            chains[i] = chains[chains.length - 1];
            chains.pop();
          }
        } else if (r < 0.15 && pool.count) { // shrink a random block
          const s = pool.pick(rng);
          const size = Math.max(513, pool.size[s] - rng.below(pool.size[s] >> 1));
          pool.size[s] = size;
          w.realloc(s, size);
          shrinks++;
        } else {
          randomLifetimeStep(w, pool, rng, target, largeSize);
        }
      }
      for (const c of chains) pool.add(c.slot, c.size);
      drainRandom(w, rng, pool);
      return { maxLiveTarget: target, chainsStarted, growths, shrinks };
    },
  },
  mixed: {
    description: "90% small (CPython size distribution, ~50k live) / 10% large (513 B..256 KiB, ~200 live) operations, random lifetimes, 10% of allocations via calloc, reallocs in both (small resizes by +-1..64 B; large grows x1.5 or shrinks).",
    defaultOps: 1_500_000,
    run(w, rng, n) {
      const smallTarget = Math.min(50_000, Math.floor(n / 30));
      const largeTarget = Math.min(200, Math.max(8, Math.floor(n / 500)));
      const small = new Pool(), large = new Pool();
      while (w.length + small.count + large.count < n) {
        const isSmall = rng.chance(0.9);
        const pool = isSmall ? small : large;
        if (pool.count && rng.chance(isSmall ? 0.05 : 0.15)) { // realloc a live block
          const s = pool.pick(rng), old = pool.size[s];
          let size;
          if (isSmall) size = Math.min(512, Math.max(1, old + (rng.chance(0.7) ? 1 : -1) * rng.range(1, 64)));
          else size = rng.chance(0.7) ? Math.min(LARGE_MAX, old + (old >> 1)) : Math.max(513, old - rng.below(old >> 1));
          pool.size[s] = size;
          w.realloc(s, size);
        } else {
          randomLifetimeStep(w, pool, rng, isSmall ? smallTarget : largeTarget,
            isSmall ? cpythonSmallSize : largeSize, 0.1);
        }
      }
      drainRandom(w, rng, small, large);
      return { smallTarget, largeTarget };
    },
  },
};

// 0 -> 0, 0.5 -> 1, 1 -> 0, periodic with period 1
function triangle(x) {
  const f = x - Math.floor(x);
  return f < 0.5 ? 2 * f : 2 - 2 * f;
}

export const SYNTHETIC_NAMES = Object.keys(GENERATORS);

export function describeSynthetic(name) {
  const g = GENERATORS[name];
  if (!g) throw new Error(`unknown synthetic workload: ${name}`);
  return { name, description: g.description, defaultOps: g.defaultOps };
}

/**
 * generateSynthetic(name, { ops, quick, seed }) ->
 *   { name, description, ops: Uint32Array, meta }
 * ops: target op count (default: the generator's; quick: 20k). The result has
 * that many ops, or one more: a malloc costs two ops of budget (itself and
 * its eventual free), so a run can overshoot by one when reallocs made the
 * count odd.
 */
export function generateSynthetic(name, { ops, quick = false, seed } = {}) {
  const g = GENERATORS[name];
  if (!g) throw new Error(`unknown synthetic workload: ${name}`);
  const n = ops ?? (quick ? QUICK_OPS : g.defaultOps);
  const s = (seed ?? seedOf(name)) >>> 0;
  const w = new OpWriter(n + 16);
  const params = g.run(w, makeRng(s), n);
  const out = w.finish();
  const stats = validateOps(out);
  return {
    name,
    description: g.description,
    ops: out,
    meta: { name, kind: "synthetic", seed: s, targetOps: n, params, ...stats },
  };
}
