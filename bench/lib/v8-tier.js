// Which V8 tier a Wasm function runs in. V8 compiles every Wasm function
// with Liftoff (the baseline tier) first and, once the function has used its
// tiering budget, recompiles it with TurboFan in the background; the new code
// is used from the next call on. %IsTurboFanFunction tells which code a Wasm
// exported function has now; natives syntax can be enabled at run time, so
// the bench needs no node flag. Without it (another engine, a V8 that
// refuses the flag) the probe reports null and the suite relies on its
// settle check alone.
import { setFlagsFromString } from "node:v8";

/** @type {((f: Function) => boolean) | null} */
let isTurboFan = null;
try {
  setFlagsFromString("--allow-natives-syntax");
  const probe = /** @type {(f: Function) => boolean} */ (new Function("f", "return %IsTurboFanFunction(f);"));
  // A tiny module's function ((func (export "f"))): the runtime function
  // accepts only Wasm exported functions (V8 aborts on anything else).
  const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 4, 1, 2, 0, 11]);
  probe(/** @type {any} */ (new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports).f);
  isTurboFan = probe;
} catch {
  isTurboFan = null;
}

/** True when the tier of a function can be asked. */
export const tierProbeAvailable = () => isTurboFan !== null;

/**
 * @param {Function} f a Wasm exported function (never a JS function: V8
 *   aborts the process on those)
 * @returns {boolean | null} true: optimized (TurboFan) code; null: cannot tell
 */
export function optimized(f) {
  return isTurboFan ? Boolean(isTurboFan(f)) : null;
}
