// Handles: a JavaScript object that owns one reference, for programs that
// would rather not pair every Ref with a decref by hand.
//
//   using h = heap.own(heap.list());     // decref at the end of the block
//   heap.append(h.ref, x);
//
// As wasm-bindgen's handles do, a FinalizationRegistry watches the
// handles: one the JavaScript program dropped while it still owned its
// reference is reported (HeapOptions.droppedHandles: "report", the
// default) or its reference released ("release"). The registry's callback
// runs as a task of its own, never inside a heap call.

import type { Ref } from "./api.js";

declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

/** Symbol.dispose (ES2025 explicit resource management); the registered
 *  symbol TypeScript's `using` falls back to where it is missing. */
const DISPOSE: typeof Symbol.dispose =
  (Symbol as { dispose?: typeof Symbol.dispose }).dispose ?? (Symbol.for("Symbol.dispose") as typeof Symbol.dispose);

/** One owned reference; disposing of it decrefs, once. */
export interface Handle {
  /** The object (borrowed from the handle: valid while it owns it). */
  readonly ref: Ref;
  /** True until dispose() or release(). */
  readonly owned: boolean;
  /** Releases the reference (decref); later calls do nothing. */
  dispose(): void;
  /** The same as dispose(), for `using`. */
  [Symbol.dispose](): void;
  /** Gives the reference back without decref: the caller owns it now. */
  release(): Ref;
}

/** What happens to a handle garbage-collected while it still owns its
 *  reference: "report" (through the function, or console.warn), or
 *  "release" (the reference is decref'd then). */
export type DroppedHandles = "report" | "release" | ((ref: Ref, description: string) => void);

export interface HandleHost {
  decref(r: Ref): void;
  /** "<list object at 0x...>" for a report. */
  describe(r: Ref): string;
  /** False once the heap is closed (dropped handles are then ignored). */
  open(): boolean;
  /** An exception raised while releasing a dropped handle's reference. */
  unraisable(err: unknown, r: Ref): void;
}

export function createHandles(host: HandleHost, mode: DroppedHandles) {
  // The references that dropped handles leaked ("report" and a function),
  // for heap.leaks(): it lists those whose object is still alive.
  const leaked: Ref[] = [];
  const dropped = (r: Ref) => {
    if (!host.open()) return;
    try {
      if (mode === "release") host.decref(r);
      else {
        leaked.push(r);
        const what = host.describe(r);
        if (typeof mode === "function") mode(r, what);
        else console.warn(`pyheap: a Handle of ${what} was garbage-collected without dispose(); its reference leaked`);
      }
    } catch (err) {
      host.unraisable(err, r);
    }
  };
  const registry = new FinalizationRegistry<Ref>(dropped);

  class HandleImpl implements Handle {
    #ref: Ref;
    #owned = true;
    constructor(r: Ref) {
      this.#ref = r;
      registry.register(this, r, this);
    }
    get ref() {
      if (!this.#owned) throw new ReferenceError("Handle: its reference was already released");
      return this.#ref;
    }
    get owned() {
      return this.#owned;
    }
    dispose() {
      if (!this.#owned) return;
      this.#owned = false;
      registry.unregister(this);
      host.decref(this.#ref);
    }
    [DISPOSE]() {
      this.dispose();
    }
    release() {
      if (!this.#owned) throw new ReferenceError("Handle: its reference was already released");
      this.#owned = false;
      registry.unregister(this);
      return this.#ref;
    }
  }

  return {
    /** A handle owning the reference r (the caller's, checked by the heap). */
    own: (r: Ref): Handle => new HandleImpl(r),
    /** References leaked by handles dropped without dispose(), oldest
     *  first (some may have died since, through a stray decref). */
    leaked: (): readonly Ref[] => leaked,
  };
}
