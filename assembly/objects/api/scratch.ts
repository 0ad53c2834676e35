// The scratch buffer that carries bulk arguments (text, bytes, arrays of
// Refs) in and lists of children out: the caller asks pyobj_scratch(n) for
// its address and writes into it. Its state and readers are shared by the
// other api/ files, so the hub re-exports only pyobj_scratch.

import { E_RANGE, objFail } from "../errors";
import { allocBlock, freeBlock } from "../alloc";
import { checkObject } from "../validate";

// Read by the constructors and children.ts; only pyobj_scratch writes them.
export let scratch: usize = 0;
export let scratchBytes: usize = 0;

/** Address of a buffer of at least n bytes (valid until the next call),
 *  0 if memory is short. */
export function pyobj_scratch(n: usize): usize {
  if (n > scratchBytes) {
    let want = scratchBytes ? scratchBytes : 256;
    while (want < n) want = want < 0x40000000 ? want << 1 : n;
    let p = allocBlock(want);
    if (!p) return 0;
    if (scratch) freeBlock(scratch);
    scratch = p;
    scratchBytes = want;
  }
  return scratch;
}

// @ts-ignore: decorator
@inline export function scratchRef(i: u32): usize {
  return load<u32>(scratch + (<usize>i << 2));
}

/** Whether the first n Refs in scratch are live objects (else the error
 *  is recorded). */
export function checkScratchRefs(n: u32): bool {
  if (<usize>n << 2 > scratchBytes) {
    objFail(E_RANGE, 0, n);
    return false;
  }
  for (let i: u32 = 0; i < n; i++) if (!checkObject(scratchRef(i))) return false;
  return true;
}
