// pyheap_check(): the heap walk that verifies every invariant of both
// layers and, in the debug build, the guards of every live block and the
// fill of every quarantined one.

import { DEBUG } from "./config";
import { OK } from "./errors";
import { checkRaw, nextUsedBlock } from "./raw/walk";
import { checkPymalloc, nextLiveBlock } from "./pymalloc/walk";
import { allarenas, maxarenas } from "./pymalloc/arena";
import { debugCheckBlock } from "./debug/guards";

export function checkHeap(): i32 {
  let e = checkRaw();
  if (e != OK) return e;
  e = checkPymalloc();
  if (e != OK) return e;
  if (DEBUG) {
    for (let p = nextLiveBlock(0); p; p = nextLiveBlock(p)) {
      e = debugCheckBlock(p);
      if (e != OK) return e;
    }
    // The arena table is the raw layer's only block without guards.
    for (let p = nextUsedBlock(0); p; p = nextUsedBlock(p)) {
      if (maxarenas && p == allarenas) continue;
      e = debugCheckBlock(p);
      if (e != OK) return e;
    }
  }
  return OK;
}
