// Loops that run inside Wasm for the benchmarks (bench/): the cost of an
// operation without the JavaScript-to-Wasm call around it.

import { incref, decref } from "../refcount";
import { tupleAlloc, tupleSetItem } from "../tuple";
import { listSize, listItems } from "../list";

/** n Py_INCREF + Py_DECREF pairs on op (the caller holds a reference). */
export function pyobj_bench_incref_decref(op: usize, n: u32): void {
  for (let i: u32 = 0; i < n; i++) {
    incref(op);
    decref(op);
  }
}

/** n Py_INCREF + Py_DECREF pairs spread over the items of list `l` (so
 *  consecutive pairs do not wait on one another's store). */
export function pyobj_bench_incref_decref_spread(l: usize, n: u32): void {
  let items = listItems(l);
  let mask = listSize(l) - 1; // a power of two
  for (let i: u32 = 0; i < n; i++) {
    let op = <usize>load<u32>(items + (<usize>(i & mask) << 2));
    incref(op);
    decref(op);
  }
}

/** Creates and destroys n 2-tuples (a, b) inside Wasm. */
export function pyobj_bench_tuples(n: u32, a: usize, b: usize): void {
  for (let i: u32 = 0; i < n; i++) {
    let t = tupleAlloc(2);
    incref(a);
    tupleSetItem(t, 0, a);
    incref(b);
    tupleSetItem(t, 1, b);
    decref(t);
  }
}
