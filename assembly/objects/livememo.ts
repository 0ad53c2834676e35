// The live-Ref memo: a small direct-mapped table of object addresses known
// to be live, so that checking an object the facade passes in
// (validate.ts's checkObject, api/refs.ts) is one lookup instead of the
// allocator's live-block test, which walks from the pool header to the
// arena.
//
//   memo[hash(op)] = op   or EMPTY
//
// hash is Fibonacci hashing: the top LIVE_MEMO_BITS bits of the address
// times 0x9E3779B1 (2**32 over the golden ratio), not the address's low
// bits, which send objects at the same offset of different pools to one
// slot, and such pairs are common (one size class, made far apart).
//
// Invariant: a slot holds EMPTY, the address of a live object, or that
// of an object parked on a free list (freelists.ts: refcount 0, which no
// check accepts, until the object is reused, live again). EMPTY is the
// address of a header that is always PENDING (being torn down), which no
// check accepts either, so an address that happens to equal it gains
// nothing. An address goes in only after validate.ts accepted it or when
// the facade is handed the object's Ref; an object's slot is cleared
// when its memory goes back to the allocator (alloc.ts's
// freeObjectBlock), before that memory can hold anything else. Parking
// keeps the slot: a tuple made and dropped in a loop stays in the memo
// without a store at each death. A slot shared by two live objects holds the
// last one: the other misses and takes the full test. Stamps are not kept
// here: a Ref's is compared with the header's on every check, so a stale
// Ref to reused memory is refused. The debug build does not use the memo
// (its checks stay the full ones).

import { LIVE_MEMO_BITS, LIVE_MEMO_SLOTS } from "../config";
import { PENDING } from "./layout";

const memo: usize = memory.data(<i32>(LIVE_MEMO_SLOTS * 4), 4);
// refcount 0, type word PENDING and nothing else
const EMPTY: usize = memory.data<u32>([0, PENDING], 8);
for (let i: usize = 0; i < <usize>LIVE_MEMO_SLOTS; i++) store<u32>(memo + (i << 2), <u32>EMPTY);

// @ts-ignore: decorator
@inline function slotOf(op: usize): usize {
  return memo + (<usize>((<u32>op * 0x9e3779b1) >>> (32 - LIVE_MEMO_BITS)) << 2);
}

/** Whether op is in the memo: a live object, or EMPTY. */
// @ts-ignore: decorator
@inline export function memoHas(op: usize): bool {
  return load<u32>(slotOf(op)) == <u32>op;
}
/** op is a live object. */
// @ts-ignore: decorator
@inline export function memoAdd(op: usize): void {
  store<u32>(slotOf(op), <u32>op);
}
/** The object at op dies (its slot may hold another one: it goes too). */
// @ts-ignore: decorator
@inline export function memoForget(op: usize): void {
  store<u32>(slotOf(op), <u32>EMPTY);
}
