// Raw block layout. Every pointer the raw layer hands out is a block's
// payload `p`; the 8-byte header sits just below it. Blocks tile the heap
// from `heapStart - 8` up to `top`, each starting 8 bytes before a 16-byte
// boundary so that every payload is 16-aligned.
//
//   p-8        p-4                  p                                p-8+S
//   +----------+--------------------+---------------------------------+
//   | tag      | size | flags       | payload (S - 8 bytes usable)    |
//   +----------+--------------------+---------------------------------+
//     tag   = p ^ RAW_TAG_SALT while the block is live, 0 once freed
//     size  = S, the whole block in bytes, a multiple of 16, >= MIN_BLOCK
//     flags = FREE | PREV_FREE | ARENA | CACHED (the low 4 bits of the
//             size word; CACHED: freed, waiting unmerged on a quick list)
//
// A free block also carries its TLSF list links and, in its last word, its
// size (the boundary tag that lets the block to its right find it):
//
//   p          p+4        ...                          p-8+S-4   p-8+S
//   +----------+----------+------------------------------+---------+
//   | next     | prev     |   (unused)                   | S       |
//   +----------+----------+------------------------------+---------+
//
// Invariants (checked by raw/walk.ts's checkRaw, which pyheap_check runs): no two free blocks are adjacent;
// a block's PREV_FREE flag equals its left neighbour's FREE flag; the block
// just below `top` is never free (a freed last block is given back to the
// wilderness above `top` instead).

import { RAW_TAG_SALT } from "../config";

export const BLOCK_HEADER: usize = 8;
/** next + prev + footer, rounded up to the 16-byte granule. */
export const MIN_BLOCK: usize = 32;
/** Largest request the raw layer accepts: keeps every size computation,
 *  including TLSF's round-up, clear of u32 overflow. */
export const MAX_REQUEST: usize = 0xf000_0000;

export const FREE: u32 = 1;
export const PREV_FREE: u32 = 2;
export const ARENA: u32 = 4;
/** A freed block waiting on a quick list (quick.ts): used, to TLSF. */
export const CACHED: u32 = 8;
export const FLAGS_MASK: u32 = 15;

// @ts-ignore: decorator
@inline export function tagOf(p: usize): u32 {
  return <u32>p ^ RAW_TAG_SALT;
}
// @ts-ignore: decorator
@inline export function getTag(p: usize): u32 {
  return load<u32>(p - 8);
}
// @ts-ignore: decorator
@inline export function setTag(p: usize, tag: u32): void {
  store<u32>(p - 8, tag);
}
// @ts-ignore: decorator
@inline export function getInfo(p: usize): u32 {
  return load<u32>(p - 4);
}
// @ts-ignore: decorator
@inline export function setInfo(p: usize, info: u32): void {
  store<u32>(p - 4, info);
}
// @ts-ignore: decorator
@inline export function sizeOf(p: usize): usize {
  return <usize>(load<u32>(p - 4) & ~FLAGS_MASK);
}
// @ts-ignore: decorator
@inline export function getNext(p: usize): usize {
  return load<u32>(p);
}
// @ts-ignore: decorator
@inline export function setNext(p: usize, q: usize): void {
  store<u32>(p, <u32>q);
}
// @ts-ignore: decorator
@inline export function getPrev(p: usize): usize {
  return load<u32>(p, 4);
}
// @ts-ignore: decorator
@inline export function setPrev(p: usize, q: usize): void {
  store<u32>(p, <u32>q, 4);
}
/** Writes the boundary tag in the last word of a free block of size `s`. */
// @ts-ignore: decorator
@inline export function setFooter(p: usize, s: usize): void {
  store<u32>(p - 8 + s - 4, <u32>s);
}
/** Size of the free block to the left of `p` (valid only with PREV_FREE). */
// @ts-ignore: decorator
@inline export function leftSize(p: usize): usize {
  return load<u32>(p - 12);
}

/** Block size for a request of `n` payload bytes (n <= MAX_REQUEST). */
// @ts-ignore: decorator
@inline export function blockSizeFor(n: usize): usize {
  // Raw blocks stay 16-aligned in every geometry (max_align_t on wasm32).
  let s = (n + BLOCK_HEADER + 15) & ~<usize>15;
  return s < MIN_BLOCK ? MIN_BLOCK : s;
}
