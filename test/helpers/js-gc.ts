// JavaScript's garbage collector on demand, for the tests of what happens
// when JavaScript drops an object (FinalizationRegistry callbacks).
import v8 from "node:v8";
import vm from "node:vm";

v8.setFlagsFromString("--expose-gc");
const forceGC = vm.runInNewContext("gc") as () => void;

/** Collects until cond() holds (FinalizationRegistry callbacks run as
 *  tasks after a collection found the object dead). */
export async function collectUntil(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !cond(); i++) {
    forceGC();
    await new Promise((r) => setTimeout(r, 10));
  }
}
