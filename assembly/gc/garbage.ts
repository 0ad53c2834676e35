// gc.garbage: a list object owned by the collector (one reference, never
// given away), made on first use. Uncollectable objects (cycles with a
// legacy __del__, or everything under DEBUG_SAVEALL) are appended to it;
// the user empties it to let them go.

import { listNew } from "../objects/list";

let garbage: usize = 0;

/** The garbage list (borrowed); 0 only if memory was short. */
export function garbageList(): usize {
  if (!garbage) garbage = listNew(0);
  return garbage;
}
