// Is this number a live object? The check behind every Ref the facade
// passes in: cheap enough for the hot path (a lookup in the memo of
// objects known to be live, livememo.ts; on a miss a range test, the
// allocator's O(1) live-block test and three header loads), strict enough
// that a wrong number, a freed object or a parked one is refused before
// anything is touched.
//
//   op in the static area     -> exactly a static object's Ref
//   op % 16 == 0              -> a live block starting at op, holding a
//                                non-container (tagged type word, count > 0)
//   op % 16 == 8              -> a live block starting at op - 8, holding a
//                                container
// (With the legacy geometry's 8-byte alignment both cases are tried.)

import { ALIGNMENT } from "../config";
import { OK, ERR_DOUBLE_FREE } from "../errors";
import { DEBUG } from "../config";
import { objectValidate } from "../pymalloc/obmalloc";
import { API_OBJ, debugValidate } from "../debug/guards";
import {
  TYPE_TAG, TYPE_TAG_MASK, PENDING, typeIdOf, T_DEAD, N_TYPES, FIRST_GC_TYPE, GC_HEAD, typeWord,
} from "./layout";
import { E_NOT_OBJECT, E_FREED, E_WRONG_TYPE, objFail } from "./errors";
import { isStaticAddress, isStaticObject } from "./statics";
import { memoHas, memoAdd } from "./livememo";

// @ts-ignore: decorator
@inline function blockState(p: usize): i32 {
  return DEBUG ? debugValidate(API_OBJ, p) : objectValidate(p);
}

// Checks the header of an object whose block is live.
function checkHeader(op: usize, container: bool): bool {
  let w = typeWord(op);
  let t = typeIdOf(w);
  if ((w & TYPE_TAG_MASK) != TYPE_TAG || t >= N_TYPES) {
    objFail(E_NOT_OBJECT, op); // some other block (an item array, a table)
    return false;
  }
  if (t == T_DEAD) {
    objFail(E_FREED, op); // parked on a free list
    return false;
  }
  if ((t >= FIRST_GC_TYPE) != container) {
    objFail(E_NOT_OBJECT, op);
    return false;
  }
  if (container && (typeWord(op - GC_HEAD) & TYPE_TAG_MASK) == TYPE_TAG) {
    // The block is a plain object's (gc_prev never carries the tag: it is
    // a 8-aligned address or gc_refs << 2 with COLLECTING set), and op
    // points into its data, which a program may have written.
    objFail(E_NOT_OBJECT, op);
    return false;
  }
  if ((w & PENDING) || load<u32>(op) == 0) {
    objFail(E_FREED, op); // being torn down
    return false;
  }
  if (!DEBUG) memoAdd(op);
  return true;
}

// A block that is not live: freed (a block start the allocator knows as
// free) or not ours at all.
function refuse(op: usize, e: i32): bool {
  objFail(e == ERR_DOUBLE_FREE ? E_FREED : E_NOT_OBJECT, op);
  return false;
}

/** True if op is a live object of this heap; else records why. */
export function checkObject(op: usize): bool {
  // An object the memo knows is live (livememo.ts), unless it has started
  // its teardown since (as checkHeader refuses).
  if (!DEBUG && memoHas(op) && !(typeWord(op) & PENDING) && load<u32>(op) != 0) return true;
  if (isStaticAddress(op)) {
    if (isStaticObject(op)) return true;
    objFail(E_NOT_OBJECT, op);
    return false;
  }
  if (ALIGNMENT >= 16) {
    let low = op & 15;
    if (low == 0) {
      let e = blockState(op);
      return e == OK ? checkHeader(op, false) : refuse(op, e);
    }
    if (low == GC_HEAD) {
      let e = blockState(op - GC_HEAD);
      return e == OK ? checkHeader(op, true) : refuse(op, e);
    }
    objFail(E_NOT_OBJECT, op);
    return false;
  }
  if ((op & 7) != 0 || op < GC_HEAD) {
    objFail(E_NOT_OBJECT, op);
    return false;
  }
  if (blockState(op) == OK) return checkHeader(op, false);
  let e = blockState(op - GC_HEAD);
  return e == OK ? checkHeader(op, true) : refuse(op, e);
}

/** checkObject, and of type t. */
export function checkType(op: usize, t: u32): bool {
  if (!checkObject(op)) return false;
  if (typeIdOf(typeWord(op)) != t) {
    objFail(E_WRONG_TYPE, op, t);
    return false;
  }
  return true;
}
