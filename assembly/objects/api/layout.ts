// Layout facts the facade reads once: where the static objects are, the
// immortal refcount, generation 0's list head.

import { IMMORTAL_REFCNT } from "../layout";
import { gen0 } from "../gclist";
import { NONE, TRUE, FALSE, EMPTY_TUPLE, SMALL_INTS, CHARS, STATIC_SLOT } from "../statics";

export function pyobj_none(): usize { return NONE; }
export function pyobj_true(): usize { return TRUE; }
export function pyobj_false(): usize { return FALSE; }
export function pyobj_empty_tuple(): usize { return EMPTY_TUPLE; }
/** Ref of the int -5; int v is at pyobj_small_ints() + 32*(v+5). */
export function pyobj_small_ints(): usize { return SMALL_INTS; }
/** Ref of chr(0); chr(c) for c < 256 is at pyobj_chars() + 32*c. */
export function pyobj_chars(): usize { return CHARS; }
export function pyobj_static_slot(): usize { return STATIC_SLOT; }
export function pyobj_immortal_refcnt(): u32 { return IMMORTAL_REFCNT; }
/** The generation-0 list's sentinel PyGC_Head (gclist.ts). */
export function pyobj_gen0_head(): usize { return gen0; }
