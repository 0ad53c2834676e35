// Copying of small blocks, for realloc.
//
// memory.copy costs a call out of the Wasm code in V8, about 10 ns
// whatever the length, which is several times a pymalloc malloc+free. Up
// to SMALL_COPY_MAX bytes (config.ts explains the value) a loop of 8-byte
// words is cheaper. It copies whole words: the length is rounded up to a
// multiple of 8, so both blocks must hold that many bytes (pymalloc's and
// the raw layer's blocks are 8-byte multiples from an aligned start, so a
// block of n bytes always does).

import { SMALL_COPY_MAX } from "./config";

/** Copies n bytes, rounded up to 8, from src to dst; both 8-aligned, and
 *  the two ranges do not overlap. */
// @ts-ignore: decorator
@inline export function copyWords(dst: usize, src: usize, n: usize): void {
  if (n > SMALL_COPY_MAX) {
    memory.copy(dst, src, n);
    return;
  }
  for (let end = dst + n; dst < end; dst += 8, src += 8) store<u64>(dst, load<u64>(src));
}
