// tracemalloc's engine: which allocations are traced, and the traced
// totals. The entry points (objects/alloc.ts for the object layer,
// index.ts for the C ABI and CPython's families) call traceMalloc after an
// allocation, traceFree after a free and traceRealloc after a resize; with
// tracing off the first is one load and a branch and the other two a load
// of the table's count.
//
// Exact mode traces every allocation. Sampling mode (rate > 0) traces
// bytes as a Poisson process, as Go's heap profiler and jemalloc do: a
// countdown drawn from an exponential distribution with mean `rate` falls
// by each allocation's size, and the allocation that takes it to zero is
// traced. A traced block of n bytes then stands for n / (1 - exp(-n/rate))
// bytes on average (Go's scaling), which is what the totals add up.
//
// A new trace gets its traceback from JavaScript, at once: when the host
// has put its function in the table's TRACE_HOOK_SLOT, the module calls it
// with the block's address and size and stores the traceback id it
// returns (the frames on the stack at that moment are the JavaScript
// caller's). Only sampled allocations pay for the call.

import { TRACE, TRACE_HOOK_SLOT } from "../config";
import { tableAdd, tableFind, tableRemove, tableClear, traceCount, slotSize, setSlotTb } from "./table";

let tracing: bool = false;
/** Mean bytes between samples; 0 = exact (every allocation). */
let rate: f64 = 0;
let countdown: i64 = 0;
let current: f64 = 0;
let peak: f64 = 0;
let tag: u32 = 0;
let dropped: u32 = 0;
let rng: u32 = 0x2545f491;
let hooked: bool = false;

// ----------------------------------------------------------------- hooks

/** After an allocation of n bytes at p (0: failed). */
// @ts-ignore: decorator
@inline export function traceMalloc(p: usize, n: usize): void {
  if (TRACE && tracing) {
    countdown -= <i64>n;
    if (countdown <= 0 && p) traceSample(p, n);
  }
}

/** After p was freed. */
// @ts-ignore: decorator
@inline export function traceFree(p: usize): void {
  if (TRACE && traceCount()) traceForget(p);
}

/** After a resize of p to n bytes at q (0: failed, p untouched): the old
 *  trace goes, the new block is traced as a new allocation (CPython's
 *  tracemalloc_realloc). */
// @ts-ignore: decorator
@inline export function traceRealloc(p: usize, q: usize, n: usize): void {
  if (q) {
    traceFree(p);
    traceMalloc(q, n);
  }
}

// ------------------------------------------------------------ slow paths

// Sampling needs exp and ln to a few digits only; these stand in for
// Math.exp/Math.log, which would add ~8 KB to every build.

/** 2**t for t <= 0 (relative error < 2e-7). */
function exp2neg(t: f64): f64 {
  if (t < -1000) return 0;
  let k = Math.floor(t);
  let f = t - k; // [0, 1)
  // 2**f: Taylor series of exp(f ln 2) to degree 7
  let x = f * 0.6931471805599453;
  let p = 1.0 + x * (1.0 + x * (0.5 + x * (1.0 / 6 + x * (1.0 / 24 + x * (1.0 / 120 + x * (1.0 / 720 + x / 5040))))));
  return p * reinterpret<f64>(<i64>(<i32>k + 1023) << 52);
}

/** ln(u) for u in (0, 1] (absolute error < 1e-6). */
function lnUnit(u: f64): f64 {
  let bits = reinterpret<i64>(u);
  let e = <i32>((bits >> 52) & 0x7ff) - 1023;
  let m = reinterpret<f64>((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000); // [1, 2)
  let s = (m - 1.0) / (m + 1.0); // [0, 1/3)
  let s2 = s * s;
  let lnm = 2.0 * s * (1.0 + s2 * (1.0 / 3 + s2 * (1.0 / 5 + s2 * (1.0 / 7 + s2 * (1.0 / 9 + s2 / 11)))));
  return <f64>e * 0.6931471805599453 + lnm;
}

/** Estimated bytes a trace of n bytes stands for. */
function weight(n: usize): f64 {
  if (rate == 0) return <f64>n;
  if (n == 0) return rate; // the limit of n / (1 - exp(-n/rate)) at 0
  return <f64>n / (1.0 - exp2neg(-<f64>n / rate * 1.4426950408889634));
}

/** An exponential draw with mean `rate`, at least 1 (xorshift32). */
function nextCountdown(): i64 {
  if (rate == 0) return 0;
  let x = rng;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  rng = x;
  let u = (<f64>(x >>> 8) + 1.0) / 16777216.0; // (0, 1]
  let d = <i64>(-lnUnit(u) * rate);
  return d < 1 ? 1 : d;
}

function traceSample(p: usize, n: usize): void {
  countdown = nextCountdown();
  let slot = tableAdd(p, n, tag);
  if (!slot) {
    dropped++;
    return;
  }
  current += weight(n);
  if (current > peak) peak = current;
  // The hook must not allocate from this heap (it only reads the stack).
  if (hooked) setSlotTb(slot, call_indirect<u32>(TRACE_HOOK_SLOT, <u32>p, <u32>n));
}

function traceForget(p: usize): void {
  let slot = tableFind(p);
  if (!slot) return;
  current -= weight(slotSize(slot));
  if (current < 0) current = 0; // rounding of the scaled sums
  tableRemove(slot);
}

// ------------------------------------------------------------ the module

export function traceStart(sampleBytes: u32): void {
  if (tracing) return;
  rate = <f64>sampleBytes;
  countdown = nextCountdown();
  tracing = true;
}
export function traceStop(): void {
  tracing = false;
  traceClear();
}
/** Drops every trace; totals and peak go back to zero. */
export function traceClear(): void {
  tableClear();
  current = 0;
  peak = 0;
}
export function isTracing(): bool {
  return tracing;
}
export function traceRate(): f64 {
  return rate;
}
export function tracedCurrent(): f64 {
  return current;
}
export function tracedPeak(): f64 {
  return peak;
}
export function resetPeak(): void {
  peak = current;
}
export function setTag(t: u32): u32 {
  let old = tag;
  tag = t;
  return old;
}
export function droppedTraces(): u32 {
  return dropped;
}
export function seedSampler(seed: u32): void {
  rng = seed ? seed : 0x2545f491;
  if (tracing) countdown = nextCountdown();
}
/** Whether TRACE_HOOK_SLOT holds the host's traceback function. */
export function setHooked(on: bool): void {
  hooked = on;
}
