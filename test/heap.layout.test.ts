// The facade's copy of the layout facts (src/heap/types.ts) agrees with the
// module's (assembly/objects/layout.ts, statics.ts), and the GC-facing
// structures are as documented.
import { it, expect } from "vitest";
import { withHeap } from "./heap.helpers.js";
import { T, STATIC_SLOT } from "../src/heap/types.js";
import { OB_TYPE, STAMP_SHIFT } from "../src/constants.js";

it("type ids, static slots and the generation-0 list", () =>
  withHeap((heap) => {
    const ex = heap.exports;
    expect(ex.pyobj_static_slot()).toBe(STATIC_SLOT);
    expect(heap.int(-5)).toBe(ex.pyobj_small_ints());
    expect(heap.int(256)).toBe(ex.pyobj_small_ints() + 261 * STATIC_SLOT);
    expect(heap.str("\u00ff")).toBe(ex.pyobj_chars() + 255 * STATIC_SLOT);
    const C = heap.newClass("C");
    const made: Array<[number, number]> = [
      [heap.None, T.NONE], [heap.True, T.BOOL], [heap.int(10 ** 6), T.INT], [heap.int(2n ** 63n), T.UINT],
      [heap.float(1), T.FLOAT], [heap.str("xyz"), T.STR], [heap.bytes([1]), T.BYTES], [heap.tuple([heap.None]), T.TUPLE],
      [heap.list(), T.LIST], [heap.dict(), T.DICT], [heap.set(), T.SET], [C, T.TYPE], [heap.instance(C), T.INSTANCE],
      [heap.cell(), T.CELL], [heap.func("f"), T.FUNCTION],
    ];
    for (const [r, t] of made) {
      expect(ex.pyobj_type(r)).toBe(t);
      // containers carry their GC head in front: the Ref is 8 past a 16-byte boundary
      if (t >= T.TUPLE && r !== heap.tuple([])) expect(r % 16).toBe(8);
      if (t < T.TUPLE && t > T.BOOL) expect(r % 16).toBe(0);
    }
    expect(made.map(([r]) => heap.typeName(r as never))).toEqual([
      "NoneType", "bool", "int", "int", "float", "str", "bytes", "tuple", "list", "dict", "set", "type", "C", "cell", "function",
    ]);
    // every new container is tracked in generation 0 (the GC's list),
    // except an empty dict, which CPython 3.13 creates untracked
    const tracked = heap.memoryInfo().gcTracked;
    expect(tracked).toBe(7); // tuple, list, set, class, instance, cell, function
    const view = new Uint32Array(ex.memory.buffer);
    const head = ex.pyobj_gen0_head();
    const seen = new Set<number>();
    for (let g = view[head >>> 2]; g !== head; g = view[g >>> 2]) seen.add(g + 8);
    for (const [r, t] of made) if (t >= T.TUPLE) expect(seen.has(heap.id(r))).toBe(t !== T.DICT);
    // a Ref is the address plus the header's stamp (the type word's upper
    // half) times 2**32; static objects have stamp 0
    for (const [r, t] of made) {
      const stamp = view[(heap.id(r) + OB_TYPE) >>> 2] >>> STAMP_SHIFT;
      expect(r).toBe(heap.id(r) + stamp * 2 ** 32);
      expect(stamp === 0).toBe(t <= T.BOOL || r === heap.tuple([]));
    }
    expect(heap.children(made[12][0])).toEqual([C]); // an instance without attributes: its class
    for (const [r] of made) heap.decref(r);
    expect(heap.memoryInfo().gcTracked).toBe(0);
  }));
