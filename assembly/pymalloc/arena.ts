// Arenas: the ARENA_SIZE regions pools are cut from, and the arena objects
// that describe them (CPython's `struct arena_object`). The objects live in
// one table, allocated from the raw layer and doubled when full.
//
//   ao+0   +----------------+
//          | address        |  arena base (POOL_SIZE-aligned), 0 if unused
//   ao+4   | pool_address   |  next never-used pool
//   ao+8   | nfreepools     |  empty + never-used pools
//   ao+12  | ntotalpools    |  MAX_POOLS_IN_ARENA, fewer once trimmed
//   ao+16  | freepools      |  singly linked list of empty pools
//   ao+20  | nextarena      |  usable_arenas list, or unused_arena_objects
//   ao+24  | prevarena      |  usable_arenas list
//   ao+28  | cutbytes       |  pool_address - address: the pools cut so far
//          +----------------+
//
// `cutbytes` lets free() tell a pymalloc block with one unsigned compare,
// `pool - address < cutbytes` (false for an unused object: both are 0).
// Before the first arena, `allarenas` points at a static all-zero object
// and `arenaMask` is 0, so that check needs no test for a missing table.
//
// usable_arenas links the arenas that have a free pool, sorted by
// nfreepools ascending, so pools are taken from the fullest arena first and
// nearly empty arenas get the chance to empty completely. nfp2lasta[n] is
// the last arena in that list with n free pools, which keeps re-sorting
// O(1) when an arena's count changes by one (CPython 3.8+, bpo-37257).
//
// An arena of n pools is a raw block of n * POOL_SIZE - BLOCK_HEADER bytes
// (arenaBytes): with its header, the block is exactly n pools long, so an
// arena carved right after it starts on a pool boundary. (A block of whole
// pools would end BLOCK_HEADER bytes past them, and the next arena would
// lose almost a pool to alignment.) The arena's last pool is then "short":
// the next block's header takes its last BLOCK_HEADER bytes, and its blocks
// end before them (poolEnd). Pools are still POOL_SIZE apart and aligned.
//
//   address-8  address                                    block end
//   | header | pool | pool | ... | last pool (short)     |hdr| next arena...
//                                                        ^ pools end here+8
//
// A wholly free arena is handed back to the raw layer, where its memory can
// serve large blocks or a later arena, except the last one in the list:
// keeping it stops a loop that allocates and frees one object from
// creating and destroying an arena on every iteration (bpo-37257).
//
// The arena's pools are committed lazily: the raw layer reserves the arena
// and each new pool commits its memory (rawCommit) when it is first cut, so
// a small heap does not pay for a whole arena of Wasm memory. Wasm memory
// is one heap for both layers, so before it grows for a large block,
// releaseForLargeBlock() gives back what pymalloc holds but does not use:
// the spare wholly free arena, and the never-cut tail of every arena (an
// arena cut from a hole in the raw layer holds committed memory there).

import { DEBUG, POOL_SIZE, MAX_POOLS_IN_ARENA, MIN_POOLS_IN_ARENA, INITIAL_ARENA_OBJECTS } from "../config";
import {
  rawMalloc, rawRealloc, rawAllocArena, rawArenaFromFree, rawFreeArena, rawCommit, rawTrimArena,
  rawIsLast, rawUsableSize,
} from "../raw/raw";
import { BLOCK_HEADER } from "../raw/block";
import { committedEnd } from "../source/memory";
import { DUMMY_SIZE_IDX, BITMAP, BITMAP_BYTES, POOL_OVERHEAD, poolHeader } from "./pool";

/** An arena object, as drawn above (`arenaObject(ao).nfreepools`). */
// @ts-ignore: decorator
@unmanaged export class ArenaObject {
  address: usize;
  poolAddress: usize;
  nfreepools: usize;
  ntotalpools: usize;
  freepools: usize;
  nextarena: usize;
  prevarena: usize;
  cutbytes: usize;
}

// @ts-ignore: decorator
@inline export function arenaObject(ao: usize): ArenaObject {
  return changetype<ArenaObject>(ao);
}

export const AO_SIZE: usize = offsetof<ArenaObject>();
const AO_SHIFT: usize = 5; // log2(AO_SIZE)

/** Stands for the arena table until there is one (see the layout above). */
const NO_ARENAS: usize = memory.data(<i32>AO_SIZE);
/** The arena object table and its size (CPython: allarenas, maxarenas),
 *  a power of two, and maxarenas - 1 (0 with no table). */
export let allarenas: usize = NO_ARENAS;
export let maxarenas: u32 = 0;
export let arenaMask: u32 = 0;
/** Arenas with at least one free pool, fullest first. */
export let usableArenas: usize = 0;
let unusedArenaObjects: usize = 0;
const nfp2lasta: usize = memory.data(<i32>((MAX_POOLS_IN_ARENA + 1) * 4));

/** Statistics (CPython's names). */
export let narenasCurrentlyAllocated: u32 = 0;
export let ntimesArenaAllocated: u32 = 0;
export let narenasHighwater: u32 = 0;

/** Raw payload of an arena of npools pools (see the layout above). */
// @ts-ignore: decorator
@inline function arenaBytes(npools: usize): usize {
  return npools * POOL_SIZE - BLOCK_HEADER;
}

/** End of the space pool's blocks may use: the pool's end, or, for the
 *  short last pool of an arena, the start of the next raw block's header
 *  (slow paths: formatting a pool, statistics, check). */
export function poolEnd(pool: usize): usize {
  let base = arenaObject(arenaAt(<u32>poolHeader(pool).arenaindex)).address;
  let blockEnd = base + rawUsableSize(base);
  let end = pool + POOL_SIZE;
  return blockEnd < end ? blockEnd : end;
}

/** Blocks of `size` bytes pool can hold: fewer in an arena's short last
 *  pool for some sizes (slow paths, as poolEnd). */
export function poolCapacity(pool: usize, size: usize): usize {
  return (poolEnd(pool) - pool - POOL_OVERHEAD) / size;
}

// @ts-ignore: decorator
@inline function lastWith(nf: usize): usize {
  return load<u32>(nfp2lasta + (nf << 2));
}
// @ts-ignore: decorator
@inline function setLastWith(nf: usize, ao: usize): void {
  store<u32>(nfp2lasta + (nf << 2), <u32>ao);
}

/** Arena object of index i. */
// @ts-ignore: decorator
@inline export function arenaAt(i: u32): usize {
  return allarenas + <usize>i * AO_SIZE;
}

/** Whether p lies in a pool already cut from a live arena (CPython's
 *  address_in_range, plus the cut check). Reads the would-be pool header
 *  of p, which is harmless for any committed address: a raw block can never
 *  pass, since the arena object's range is checked, not the header's
 *  content. `p` must be below committed memory. */
// @ts-ignore: decorator
@inline export function addressInRange(pool: usize): bool {
  // A header that is not a pool's may hold any index: masked, it still
  // names an arena object, whose range then does not contain `pool`.
  let ao = arenaObject(allarenas + ((poolHeader(pool).arenaindex & arenaMask) << AO_SHIFT));
  return pool - ao.address < ao.cutbytes;
}

// Sets the arena's never-used pool pointer, and cutbytes with it.
// @ts-ignore: decorator
@inline function setPoolAddress(ao: usize, pool: usize): void {
  arenaObject(ao).poolAddress = pool;
  arenaObject(ao).cutbytes = pool - arenaObject(ao).address;
}

// Doubles the arena object table (CPython: new_arena's realloc of
// allarenas). False if out of memory.
function growArenaTable(): bool {
  let numarenas = maxarenas ? maxarenas << 1 : INITIAL_ARENA_OBJECTS;
  if (numarenas <= maxarenas) return false;
  let nbytes = <usize>numarenas * AO_SIZE;
  // No pointer into the table exists here: new arenas are only made when
  // usable_arenas is empty, and only usable arenas are pointed to.
  let table = maxarenas ? rawRealloc(allarenas, nbytes) : rawMalloc(nbytes);
  if (!table) return false;
  allarenas = table;
  for (let i = maxarenas; i < numarenas; i++) {
    let ao = arenaAt(i);
    arenaObject(ao).address = 0;
    arenaObject(ao).cutbytes = 0;
    arenaObject(ao).nextarena = i < numarenas - 1 ? arenaAt(i + 1) : 0;
  }
  unusedArenaObjects = arenaAt(maxarenas);
  maxarenas = numarenas;
  arenaMask = numarenas - 1;
  return true;
}

// Slow path: a fresh arena object with an arena, or 0 (out of memory).
// The arena is `hole` (a raw arena block, when an unused arena object
// exists), or else one found or carved here.
function newArena(hole: usize): usize {
  if (!unusedArenaObjects && !growArenaTable()) return 0;
  let ao = unusedArenaObjects;
  // A whole arena from free memory, else a smaller one from free memory,
  // else a whole one from the wilderness, committed pool by pool from its
  // first: were that one not committed with the carve, an arena carved at
  // the memory cap would head usable_arenas with no pool that can ever be
  // cut, and every later new pool would fail.
  let address = hole;
  let most = arenaBytes(MAX_POOLS_IN_ARENA);
  if (!address) address = rawArenaFromFree(most, most, POOL_SIZE);
  if (!address) address = rawArenaFromFree(arenaBytes(MIN_POOLS_IN_ARENA), most, POOL_SIZE);
  if (!address) address = rawAllocArena(most, POOL_SIZE, POOL_SIZE);
  if (!address) return 0;
  let npools = <usize>((rawUsableSize(address) + BLOCK_HEADER) / POOL_SIZE);
  if (npools > MAX_POOLS_IN_ARENA) npools = MAX_POOLS_IN_ARENA;
  rawTrimArena(address, arenaBytes(npools));
  unusedArenaObjects = arenaObject(ao).nextarena;
  arenaObject(ao).address = address;
  setPoolAddress(ao, address);
  arenaObject(ao).nfreepools = npools;
  arenaObject(ao).ntotalpools = npools;
  arenaObject(ao).freepools = 0;
  narenasCurrentlyAllocated++;
  ntimesArenaAllocated++;
  if (narenasCurrentlyAllocated > narenasHighwater) narenasHighwater = narenasCurrentlyAllocated;
  return ao;
}

/** Takes an empty pool from the fullest usable arena (making an arena if
 *  there is none). Returns the pool, with its arenaindex set, or 0. */
export function takePool(): usize {
  let ao = usableArenas;
  let hole: usize = 0;
  if (ao && !arenaObject(ao).freepools && arenaObject(ao).poolAddress + POOL_SIZE > committedEnd()) {
    hole = preferCommitted(ao);
    ao = usableArenas;
    if (DEBUG) assert(!hole || !ao, "takePool: a hole for a new arena while arenas are usable");
  }
  if (!ao) {
    ao = newArena(hole);
    if (!ao) return 0;
    arenaObject(ao).nextarena = 0;
    arenaObject(ao).prevarena = 0;
    usableArenas = ao;
    setLastWith(arenaObject(ao).nfreepools, ao);
  }
  let pool = arenaObject(ao).freepools;
  // CPython's allocate_from_new_pool asserts: the first usable arena has a
  // free pool, and no arena before it.
  if (DEBUG) assert(arenaObject(ao).nfreepools > 0 && arenaObject(ao).prevarena == 0 && arenaObject(ao).address != 0, "takePool: usable_arenas head has no free pool");
  // A never-used pool must be committed before anything is changed.
  if (!pool && !rawCommit(arenaObject(ao).poolAddress + POOL_SIZE)) return 0;

  // The first arena has the fewest free pools, so taking one keeps the
  // order; only nfp2lasta changes, and a full arena leaves the list.
  let nf = arenaObject(ao).nfreepools;
  if (lastWith(nf) == ao) setLastWith(nf, 0);
  if (nf > 1) setLastWith(nf - 1, ao);

  if (pool) {
    arenaObject(ao).freepools = poolHeader(pool).nextpool;
  } else {
    pool = arenaObject(ao).poolAddress;
    poolHeader(pool).arenaindex = (ao - allarenas) / AO_SIZE;
    poolHeader(pool).szidx = DUMMY_SIZE_IDX;
    // The arena may reuse raw memory: its live bitmap starts out clear.
    memory.fill(pool + BITMAP, 0, BITMAP_BYTES);
    setPoolAddress(ao, pool + POOL_SIZE);
  }
  arenaObject(ao).nfreepools = nf - 1;
  if (nf == 1) {
    usableArenas = arenaObject(ao).nextarena;
    if (usableArenas) arenaObject(usableArenas).prevarena = 0;
  }
  return pool;
}

// Slow path: the head arena's next pool was never cut and lies past
// committed memory, so cutting it would grow the memory. Memory already
// committed is used first: the empty pools of the arenas behind the head,
// else a hole of at least one pool in the raw layer, returned for a new
// arena. The head's never-cut tail goes back to the wilderness for either
// (an arena reaching past committed memory is the last block), which
// moves it to its new place in the order, or off usable_arenas when its
// only free pools were never cut. Returns the hole, or 0.
function preferCommitted(head: usize): usize {
  let a = arenaObject(head);
  if (a.poolAddress == a.address || !rawIsLast(a.address)) return 0;
  let hole: usize = 0;
  if (!a.nextarena) {
    // A new arena object must not move the table: the usable arenas are
    // linked by their addresses in it.
    if (!unusedArenaObjects) return 0;
    hole = rawArenaFromFree(arenaBytes(1), arenaBytes(MAX_POOLS_IN_ARENA), POOL_SIZE);
    if (!hole) return 0;
  }
  trimArena(head, a.nfreepools);
  return hole;
}

/** Gives an empty pool back to its arena, keeping usable_arenas sorted;
 *  frees the arena if it became wholly free (CPython insert_to_freepool). */
export function returnPool(pool: usize, ao: usize): void {
  if (DEBUG) assert(pool - arenaObject(ao).address < arenaObject(ao).cutbytes && poolHeader(pool).ref == 0, "returnPool: not an empty pool of this arena");
  poolHeader(pool).nextpool = arenaObject(ao).freepools;
  arenaObject(ao).freepools = pool;
  let nf = arenaObject(ao).nfreepools;
  let listed = nf != 0; // an arena without free pools is on no list
  let lastnf = lastWith(nf);
  if (lastnf == ao) {
    let prev = arenaObject(ao).prevarena;
    setLastWith(nf, prev != 0 && arenaObject(prev).nfreepools == nf ? prev : 0);
  }
  nf++;
  arenaObject(ao).nfreepools = nf;

  // Case 1: wholly free, and not the last usable arena: release it. (A
  // trimmed arena of one pool gets here straight from the full state.)
  if (nf == arenaObject(ao).ntotalpools && (listed ? arenaObject(ao).nextarena != 0 : usableArenas != 0)) {
    if (listed) unlinkArena(ao);
    releaseArena(ao);
    return;
  }
  if (nf == 1) {
    // Case 2: it had no free pool, so it is not listed: it goes first.
    arenaObject(ao).nextarena = usableArenas;
    arenaObject(ao).prevarena = 0;
    if (usableArenas) arenaObject(usableArenas).prevarena = ao;
    usableArenas = ao;
    if (!lastWith(1)) setLastWith(1, ao);
    if (DEBUG) assertSorted(ao);
    return;
  }
  if (!lastWith(nf)) setLastWith(nf, ao);
  // Case 4: it was the last with its old count, so it is still in order.
  if (ao == lastnf) {
    if (DEBUG) assertSorted(ao);
    return;
  }
  // Case 3: move it right after the last arena with its old count.
  unlinkArena(ao);
  let next = arenaObject(lastnf).nextarena;
  arenaObject(ao).prevarena = lastnf;
  arenaObject(ao).nextarena = next;
  if (next) arenaObject(next).prevarena = ao;
  arenaObject(lastnf).nextarena = ao;
  if (DEBUG) assertSorted(ao);
}

// Debug build: CPython's insert_to_freepool asserts. ao sits between
// arenas with no more and no fewer free pools, is on the list, and is the
// last of its count or followed by one with the same count.
function assertSorted(ao: usize): void {
  let a = arenaObject(ao);
  let nf = a.nfreepools;
  assert(nf <= a.ntotalpools, "returnPool: more free pools than pools");
  assert(a.nextarena == 0 || nf <= arenaObject(a.nextarena).nfreepools, "returnPool: arenas out of order (next)");
  assert(a.prevarena == 0 || arenaObject(a.prevarena).nfreepools <= nf, "returnPool: arenas out of order (prev)");
  assert(a.prevarena != 0 || usableArenas == ao, "returnPool: arena off usable_arenas");
  assert(lastWith(nf) != 0 && arenaObject(lastWith(nf)).nfreepools == nf, "returnPool: nfp2lasta wrong");
}

/** Frees memory pymalloc holds without using it, so the raw layer can
 *  serve a large block without growing: the one wholly free arena kept
 *  against thrashing, and the never-cut pools at the end of every arena
 *  (below the top they are committed memory, next to the holes a large
 *  block could use). Returns whether anything was released. */
export function releaseForLargeBlock(): bool {
  let released = false;
  for (let ao = usableArenas; ao; ) {
    let next = arenaObject(ao).nextarena;
    let nf = arenaObject(ao).nfreepools;
    if (nf == arenaObject(ao).ntotalpools) {
      unlistArena(ao, nf);
      releaseArena(ao);
      released = true;
    } else {
      released = trimArena(ao, nf) || released;
    }
    ao = next;
  }
  return released;
}

// Hands a wholly free arena, already off usable_arenas, to the raw layer.
function releaseArena(ao: usize): void {
  arenaObject(ao).nextarena = unusedArenaObjects;
  unusedArenaObjects = ao;
  rawFreeArena(arenaObject(ao).address);
  arenaObject(ao).address = 0;
  arenaObject(ao).cutbytes = 0;
  narenasCurrentlyAllocated--;
}

// Gives the never-cut pools at the end of arena ao back to the raw layer;
// the arena keeps its cut pools and moves to its new place in the order.
// Its last cut pool was formatted whole, so the block keeps all of it
// (the arena is no longer short).
function trimArena(ao: usize, nf: usize): bool {
  let base = arenaObject(ao).address;
  let cut = arenaObject(ao).poolAddress;
  let untouched = arenaObject(ao).ntotalpools - (cut - base) / POOL_SIZE;
  if (!untouched || cut == base) return false;
  unlistArena(ao, nf);
  rawTrimArena(base, cut - base);
  arenaObject(ao).ntotalpools = (cut - base) / POOL_SIZE;
  nf -= untouched;
  arenaObject(ao).nfreepools = nf;
  if (nf) insertSorted(ao, nf);
  return true;
}

// Slow path: puts ao (with nf > 0 free pools) back in usable_arenas at its
// sorted place, by a walk over the list.
function insertSorted(ao: usize, nf: usize): void {
  let prev: usize = 0;
  let next = usableArenas;
  while (next && arenaObject(next).nfreepools <= nf) {
    prev = next;
    next = arenaObject(next).nextarena;
  }
  arenaObject(ao).prevarena = prev;
  arenaObject(ao).nextarena = next;
  if (prev) arenaObject(prev).nextarena = ao;
  else usableArenas = ao;
  if (next) arenaObject(next).prevarena = ao;
  if (!next || arenaObject(next).nfreepools != nf) setLastWith(nf, ao);
}

// Takes ao (with nf free pools) off usable_arenas, keeping nfp2lasta right.
function unlistArena(ao: usize, nf: usize): void {
  if (lastWith(nf) == ao) {
    let prev = arenaObject(ao).prevarena;
    setLastWith(nf, prev != 0 && arenaObject(prev).nfreepools == nf ? prev : 0);
  }
  unlinkArena(ao);
}

function unlinkArena(ao: usize): void {
  let prev = arenaObject(ao).prevarena;
  let next = arenaObject(ao).nextarena;
  if (prev) arenaObject(prev).nextarena = next;
  else usableArenas = next;
  if (next) arenaObject(next).prevarena = prev;
}

// Accessor for statistics and check (read-only).
export function lastArenaWith(nf: usize): usize {
  return lastWith(nf);
}
