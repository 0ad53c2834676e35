// The debug build's quarantine: a FIFO ring of freed blocks (their base
// addresses) that the allocator may not reuse yet, bounded by block count
// and bytes (config.ts).

import { DEBUG, QUARANTINE_BLOCKS, QUARANTINE_BYTES } from "../config";

// Only the debug build reserves it (a top-level memory.data is static data
// in every build that imports this file).
const ring: usize = DEBUG ? memory.data(<i32>(QUARANTINE_BLOCKS * 8)) : 0; // [base, bytes]
let head: u32 = 0; // oldest entry
let count: u32 = 0;
let bytes: usize = 0;

/** Adds a block unless the quarantine is full (then take one out first).
 *  A block larger than the whole budget is admitted alone. */
export function quarantineAdd(base: usize, size: usize): bool {
  if (count == QUARANTINE_BLOCKS || (count > 0 && bytes + size > QUARANTINE_BYTES)) return false;
  let slot = ring + (<usize>((head + count) % QUARANTINE_BLOCKS) << 3);
  store<u32>(slot, <u32>base);
  store<u32>(slot, <u32>size, 4);
  count++;
  bytes += size;
  return true;
}

/** Removes and returns the oldest block. */
export function quarantineTake(): usize {
  let slot = ring + (<usize>head << 3);
  head = (head + 1) % QUARANTINE_BLOCKS;
  count--;
  bytes -= load<u32>(slot, 4);
  return load<u32>(slot);
}

export function quarantineCount(): u32 {
  return count;
}
