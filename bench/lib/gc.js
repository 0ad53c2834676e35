// gc() without re-spawning node with --expose-gc: the flag can be set at run
// time and the function fetched from a fresh context. Called between
// repetitions (never inside a timed region) so that dead instances, and
// their large linear memories, are released before the next timed run
// instead of being collected in the middle of it.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** @type {() => void} */
let collect = () => {};
try {
  if (typeof globalThis.gc === "function") {
    collect = /** @type {() => void} */ (globalThis.gc);
  } else {
    setFlagsFromString("--expose-gc");
    collect = runInNewContext("gc");
  }
} catch {
  // Not fatal: without it V8 simply collects when it wants to.
}

export const fullGc = () => collect();
