// V8's own view of an object, through natives syntax (switched on at run
// time, as bench/lib/v8-tier.js does).
import { setFlagsFromString } from "node:v8";

setFlagsFromString("--allow-natives-syntax");

/** Whether V8 keeps `o` in fast mode: in dictionary mode every property
 *  read (`alloc.malloc`, `heap.int`) is a hash lookup. */
export const hasFastProperties = new Function("o", "return %HasFastProperties(o)") as (o: object) => boolean;
