// tracemalloc's exports: what the façade's heap.tracemalloc (src/trace/)
// and C programs call. Addresses are block addresses (a container's is
// its GC head, 8 bytes before its Ref).

import { TRACE_SAMPLE_BYTES, TRACE_HOOK_SLOT } from "../config";
import { typeId, isGCType, GC_HEAD } from "../objects/layout";
import {
  traceStart, traceStop, traceClear, isTracing, traceRate, tracedCurrent, tracedPeak, resetPeak,
  setTag, droppedTraces, seedSampler, setHooked,
} from "./trace";
import { traceCount, tableBytes, tableCapacity, slotAddress, tableFind, slotTb } from "./table";

/** Starts tracing: every allocation (sampleBytes 0) or one sample per
 *  sampleBytes allocated on average. Nothing changes if already tracing. */
export function pyheap_trace_start(sampleBytes: u32): void {
  traceStart(sampleBytes);
}
/** Stops tracing and drops every trace. */
export function pyheap_trace_stop(): void {
  traceStop();
}
export function pyheap_trace_clear(): void {
  traceClear();
}
export function pyheap_trace_is_tracing(): i32 {
  return isTracing() ? 1 : 0;
}
export function pyheap_trace_default_sample_bytes(): u32 {
  return TRACE_SAMPLE_BYTES;
}
/** The sampling mode's mean bytes between samples; 0 in exact mode. */
export function pyheap_trace_rate(): f64 {
  return traceRate();
}
/** Traced bytes now and at the peak (scaled estimates when sampling). */
export function pyheap_trace_current(): f64 {
  return tracedCurrent();
}
export function pyheap_trace_peak(): f64 {
  return tracedPeak();
}
export function pyheap_trace_reset_peak(): void {
  resetPeak();
}
/** Bytes of Wasm memory the trace table takes. */
export function pyheap_trace_memory(): usize {
  return tableBytes();
}
/** Tags the allocations that follow (0: untagged); returns the old tag. */
export function pyheap_trace_tag(tag: u32): u32 {
  return setTag(tag);
}
/** Traces not recorded because the table could not grow. */
export function pyheap_trace_dropped(): u32 {
  return droppedTraces();
}
/** Seeds the sampler (tests use it to make sampling reproducible). */
export function pyheap_trace_seed(seed: u32): void {
  seedSampler(seed);
}
/** Live traces, and the table holding them (layout in trace/table.ts). */
export function pyheap_trace_count(): u32 {
  return traceCount();
}
export function pyheap_trace_table(): usize {
  return traceCount() ? slotAddress(0) : 0;
}
export function pyheap_trace_capacity(): u32 {
  return traceCount() ? tableCapacity() : 0;
}
/** The table slot for the host's traceback function
 *  (addr: u32, size: u32) => u32, called for each new trace. */
export function pyheap_trace_hook_slot(): u32 {
  return TRACE_HOOK_SLOT;
}
/** 1: the slot holds the function; 0: new traces get traceback id 0. */
export function pyheap_trace_set_hook(on: i32): void {
  setHooked(on != 0);
}
/** The traceback id of the block at addr: -1 if it is not traced. */
export function pyheap_trace_tb_of(addr: usize): i32 {
  let slot = tableFind(addr);
  return slot ? <i32>slotTb(slot) : -1;
}

/** The block address of live object op (a container's block starts at its
 *  GC head), for tracemalloc.get_object_traceback(). */
export function pyheap_trace_object_block(op: usize): usize {
  return isGCType(typeId(op)) ? op - GC_HEAD : op;
}
