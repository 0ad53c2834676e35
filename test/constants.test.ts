// One source for the constants JavaScript, C and Wasm share: the module
// exports them (assembly/constants.ts); src/constants.ts and the block of
// include/pyheap.h are generated from it and must not drift. So is
// ObjectExports (src/heap/exports.ts), the exports' signatures.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as C from "../src/constants.js";
import { ErrorCode, createHeap } from "../src/index.js";
import { FIELDS } from "../src/stats.js";
// @ts-expect-error: a plain .mjs script without types
import { generated, moduleConstants, objectExportNames, definitions } from "../scripts/constants.mjs";

const root = new URL("..", import.meta.url).pathname;
const read = (f: string) => readFileSync(join(root, f));

describe("constants shared by JS, C and Wasm", () => {
  it("src/constants.ts, include/pyheap.h and src/heap/exports.ts are what the module and assembly/ generate", () => {
    for (const [file, text] of generated(read("build/release.wasm")) as Array<[string, string]>) {
      expect(readFileSync(file, "utf8"), `${file}: run node scripts/constants.mjs`).toBe(text);
    }
  });

  it("every build exports the same values, and they are the ones the TypeScript reads", () => {
    const ts = new Map<string, number>();
    for (const [k, v] of Object.entries(C.ErrorCode)) ts.set(k === "OK" ? "PYHEAP_OK" : `PYHEAP_ERR_${k}`, v);
    for (const [k, v] of Object.entries(C.TypeId)) ts.set(`PYHEAP_T_${k}`, v);
    for (const [k, v] of Object.entries(C.GcDebug)) ts.set(`PYHEAP_GC_DEBUG_${k}`, v);
    C.GC_THRESHOLDS.forEach((v, i) => ts.set(`PYHEAP_GC_THRESHOLD${i}`, v));
    ts.set("PYHEAP_N_TYPES", C.N_TYPES);
    ts.set("PYHEAP_SMALL_INT_MIN", C.SMALL_INT_MIN);
    ts.set("PYHEAP_SMALL_INT_MAX", C.SMALL_INT_MAX);
    ts.set("PYHEAP_STATIC_SLOT", C.STATIC_SLOT);
    ts.set("PYHEAP_OB_TYPE", C.OB_TYPE);
    ts.set("PYHEAP_STAMP_SHIFT", C.STAMP_SHIFT);
    ts.set("PYHEAP_STAMP_UNIT", C.STAMP_UNIT);
    ts.set("PYHEAP_UNHASHABLE_GONE", C.UNHASHABLE_GONE);
    ts.set("PYHEAP_REF_LIMIT", C.REF_LIMIT);
    ts.set("PYHEAP_STATS_WORDS", C.STATS_WORDS);
    ts.set("PYHEAP_NAME_ONE_CHAR", C.NAME_ONE_CHAR);
    for (const [k, v] of Object.entries(C.NewClass)) ts.set(`PYHEAP_NEW_CLASS_${k}`, v);
    for (const build of ["release", "debug", "legacy", "shared"]) {
      const m = moduleConstants(read(`build/${build}.wasm`)) as Map<string, number>;
      expect(Object.fromEntries(m), build).toEqual(Object.fromEntries(ts));
    }
  });

  it("every build has the object layer's exports ObjectExports declares", () => {
    const names = objectExportNames(read("build/release.wasm")) as string[];
    const declared = [...readFileSync(join(root, "src/heap/exports.ts"), "utf8").matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1]);
    expect(declared).toEqual(names);
    expect(names).toContain("pyobj_getattr");
    for (const build of ["debug", "legacy", "shared"]) expect(objectExportNames(read(`build/${build}.wasm`)), build).toEqual(names);
  });

  it("include/pyheap.h declares each export with the Wasm signature of its definition in assembly/", () => {
    const header = readFileSync(join(root, "include/pyheap.h"), "utf8");
    const defs = definitions(["allocator.ts", "shared.ts", "trace/exports.ts", "map.ts"]) as Map<string, { params: string[][]; result: string }>;
    // The Wasm value type each side's type is passed as.
    const c = (t: string) => {
      t = t.replace(/\bconst\b/g, "").trim();
      if (t === "void") return "void";
      if (t === "double") return "f64";
      if (/^u?int64_t$/.test(t)) return "i64";
      return "i32"; // pointers, size_t, uintptr_t, int, uint32_t
    };
    const as = (t: string) => (t === "void" ? "void" : t === "f64" ? "f64" : /^[iu]64$/.test(t) ? "i64" : "i32");
    const decls = [...header.matchAll(/^PYHEAP_IMPORT\((\w+)\)\s*([^;]*?)\b\1\(([^)]*)\);/gm)];
    expect(decls.length).toBe(defs.size);
    for (const [, name, result, params] of decls) {
      const d = defs.get(name);
      expect(d, `${name}: no definition in assembly/`).toBeDefined();
      const cParams = params.trim() === "void" ? [] : params.split(",").map((p) => c(p.replace(/\w+\s*$/, "")));
      expect({ name, result: c(result), params: cParams })
        .toEqual({ name, result: as(d!.result), params: d!.params.map(([, t]) => as(t)) });
    }
  });

  it("a Ref is the address plus the stamp times STAMP_UNIT, below REF_LIMIT, in the module and the facade", async () => {
    expect([C.STAMP_UNIT, C.REF_LIMIT]).toEqual([2 ** 32, 2 ** 48]);
    const heap = await createHeap();
    try {
      const r = heap.str("a str of its own") as number;
      const a = heap.id(r as never);
      const stamp = (r - a) / C.STAMP_UNIT;
      expect(stamp).toBe(new Uint32Array(heap.exports.memory.buffer)[(a + C.OB_TYPE) >>> 2] >>> C.STAMP_SHIFT);
      expect(stamp).toBeGreaterThan(0);
      expect(heap.exports.pyobj_incref_ref(r)).toBe(0);
      heap.decref(r as never);
      // one stamp more than the top one: refused by both, as not a Ref
      expect(heap.exports.pyobj_incref_ref(a + C.REF_LIMIT)).toBe(ErrorCode.NOT_OBJECT);
      heap.exports.pyobj_clear_error();
      expect(() => heap.incref((a + C.REF_LIMIT) as never)).toThrow(/expected a Ref/);
      heap.decref(r as never);
    } finally {
      heap.close();
    }
  });

  it("src/stats.ts names the words of pyheap_stats()'s record in the order of assembly/stats.ts's S_* indices", () => {
    const indices = [...readFileSync(join(root, "assembly/stats.ts"), "utf8").matchAll(/^const S_(\w+) = (\d+);/gm)];
    expect(indices.map(([, , i]) => Number(i))).toEqual(indices.map((_, i) => i));
    const snake = (camel: string) => camel.replace(/[A-Z]/g, (c) => "_" + c).toUpperCase();
    expect(FIELDS.map(snake)).toEqual(indices.map(([, name]) => name));
    expect(FIELDS.length).toBeLessThanOrEqual(C.STATS_WORDS);
  });

  it("error codes never overlap, and the public ErrorCode is the generated table", () => {
    const values = Object.values(C.ErrorCode);
    expect(new Set(values).size).toBe(values.length);
    expect(ErrorCode).toBe(C.ErrorCode);
  });

  it("an object-layer error carries its own code, not an allocator one", async () => {
    const heap = await createHeap();
    try {
      const o = heap.instance(heap.newClass("C"));
      let caught: { name?: string; code?: number } | undefined;
      try {
        heap.getattr(o, "missing");
      } catch (e) {
        caught = e as typeof caught;
      }
      expect(caught?.name).toBe("AttributeError");
      expect(caught?.code).toBe(ErrorCode.ATTRIBUTE);
      expect(caught?.code).not.toBe(ErrorCode.UNDERRUN);
      expect(() => heap.getitem(heap.list(), 3)).toThrow(expect.objectContaining({ code: ErrorCode.INDEX }));
    } finally {
      heap.close();
    }
  });

  it("the facade's defaults come from the module's config", async () => {
    const heap = await createHeap();
    try {
      expect(heap.gc.getThreshold()).toEqual([...C.GC_THRESHOLDS]);
      expect(heap.int(C.SMALL_INT_MIN)).toBe(heap.exports.pyobj_small_ints());
    } finally {
      heap.close();
    }
  });
});
