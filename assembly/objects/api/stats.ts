// Counts for memoryInfo() and the tests: live objects by type, free lists,
// interned strings, generation 0; and emptying the free lists.

import { TYPE_ID_MASK } from "../layout";
import { liveCount } from "../alloc";
import { generation0Count } from "../gclist";
import { internedCount } from "../intern";
import { clearFreelists, freelistTotal } from "../freelists";

/** Live objects of type id t (statics excluded, free lists excluded). */
export function pyobj_live_count(t: u32): u32 {
  return liveCount(t & TYPE_ID_MASK);
}
export function pyobj_freelist_count(): u32 {
  return freelistTotal();
}
export function pyobj_interned_count(): u32 {
  return internedCount();
}
/** CPython's generations[0].count: container allocations minus
 *  deallocations since the last collection (assembly/gc/). */
export function pyobj_gen0_count(): u32 {
  return generation0Count();
}
/** Empties the free lists (a full collection does; so does close()). */
export function pyobj_clear_freelists(): void {
  clearFreelists();
}
