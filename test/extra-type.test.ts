// Adding a type is one file that fills its entry of the type table
// (assembly/objects/slots.ts): test/fixtures/extra-type/box.ts, compiled
// into the module with `--use PYHEAP_EXTRA_TYPES=1` (debug build: the
// module's asserts run). Refcounting, attribute access, the collector and
// heap checks then handle the new type without naming it anywhere else.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode, N_TYPES } from "../src/constants.js";
import type { ObjectExports } from "../src/heap/exports.js";

const root = new URL("..", import.meta.url).pathname;
const asc = join(root, "node_modules/assemblyscript/bin/asc.js");

interface BoxExports extends ObjectExports {
  box_new(v: number): number;
  T_BOX: WebAssembly.Global;
}

let dir: string;
let module: WebAssembly.Module;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pyheap-extra-type-"));
  const out = join(dir, "box.wasm");
  execFileSync(process.execPath, [
    asc, "test/fixtures/extra-type/index.ts", "--config", "asconfig.json", "--target", "debug",
    "--use", "abort=", "--use", "PYHEAP_DEBUG=1", "--use", "PYHEAP_EXTRA_TYPES=1",
    "-o", out, "--textFile", join(dir, "box.wat"),
  ], { cwd: root, stdio: "pipe" });
  module = new WebAssembly.Module(readFileSync(out));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function boxModule() {
  const ex = new WebAssembly.Instance(module, {}).exports as unknown as BoxExports;
  const enc = new TextEncoder();
  const str = (s: string): number => {
    const b = enc.encode(s);
    const p = ex.pyobj_scratch(b.length) >>> 0; // may grow the memory: take the buffer after
    new Uint8Array(ex.memory.buffer, p, b.length).set(b);
    return ex.pyobj_str_from_scratch(b.length, 0xffffffff, 2) >>> 0;
  };
  return { ex, str };
}

describe("a type added through the type table", () => {
  it("gets the id past the built-in ones, which the module then accepts", () => {
    const { ex } = boxModule();
    const T_BOX = ex.T_BOX.value as number;
    expect(T_BOX).toBe(N_TYPES); // the first id past pyheap's own types
    expect(ex.PYHEAP_N_TYPES.value).toBe(N_TYPES + 1);
    const v = ex.pyobj_float(1.5) >>> 0;
    const box = ex.box_new(v) >>> 0;
    expect(box).not.toBe(0);
    expect(ex.pyobj_type(box)).toBe(T_BOX);
    expect(ex.pyobj_check(box)).toBe(0);
    expect(ex.pyobj_refcnt(v)).toBe(2);
    expect(ex.pyobj_live_count(T_BOX)).toBe(1);
    expect(ex.pyobj_gc_is_tracked(box)).toBe(1);
    expect(ex.pyheap_check()).toBe(0);
    // dealloc slot: the box goes, and gives its reference back
    expect(ex.pyobj_decref(box)).toBe(0);
    expect(ex.pyobj_live_count(T_BOX)).toBe(0);
    expect(ex.pyobj_refcnt(v)).toBe(1);
    expect(ex.pyobj_check(box)).not.toBe(0);
    ex.pyobj_decref(v);
    expect(ex.pyheap_check()).toBe(0);
  });

  it("getattr/setattr/delattr go through its slots; other names are AttributeError", () => {
    const { ex, str } = boxModule();
    const v = ex.pyobj_float(2.5) >>> 0;
    const w = ex.pyobj_float(3.5) >>> 0;
    const box = ex.box_new(v) >>> 0;
    const value = str("value");
    const other = str("other");
    const got = ex.pyobj_getattr(box, value) >>> 0;
    expect(got).toBe(v);
    ex.pyobj_decref(got);
    const label = str("label");
    expect(ex.pyobj_getattr(box, label)).toBe(0); // no label yet
    ex.pyobj_clear_error();
    expect(ex.pyobj_setattr(box, label, v)).toBe(0);
    expect(ex.pyobj_setattr(box, value, w)).toBe(0);
    expect(ex.pyobj_refcnt(v)).toBe(2); // its own, and the label's
    expect(ex.pyobj_float_value(ex.pyobj_getattr(box, value) >>> 0)).toBe(3.5);
    ex.pyobj_decref(w); // the getattr's reference
    expect(ex.pyobj_float_value(ex.pyobj_getattr(box, label) >>> 0)).toBe(2.5);
    ex.pyobj_decref(v);
    expect(ex.pyobj_delattr(box, label)).toBe(0);
    expect(ex.pyobj_refcnt(v)).toBe(1);
    expect(ex.pyobj_getattr(box, other)).toBe(0);
    expect(ex.pyobj_last_error()).toBe(ErrorCode.ATTRIBUTE);
    expect(ex.pyobj_last_error_detail() >>> 0).toBe(other);
    ex.pyobj_clear_error();
    expect(ex.pyobj_setattr(box, other, v)).toBe(ErrorCode.ATTRIBUTE);
    ex.pyobj_clear_error();
    expect(ex.pyobj_delattr(box, value)).toBe(0);
    expect(ex.pyobj_refcnt(w)).toBe(1);
    expect(ex.pyobj_getattr(box, value)).toBe(0); // empty: no attribute
    ex.pyobj_clear_error();
    for (const o of [box, value, label, other, v, w]) ex.pyobj_decref(o);
    expect(ex.pyobj_live_count(ex.T_BOX.value as number)).toBe(0);
    expect(ex.pyheap_check()).toBe(0);
  });

  it("the collector finds a cycle through it (traverse) and breaks it (clear)", () => {
    const { ex, str } = boxModule();
    const T_BOX = ex.T_BOX.value as number;
    ex.pyobj_gc_collect(2); // start from a quiet heap
    const list = ex.pyobj_list_from_scratch(0) >>> 0;
    const x = ex.pyobj_float(4.5) >>> 0;
    const box = ex.box_new(x) >>> 0;
    ex.pyobj_decref(x);
    const label = str("label");
    expect(ex.pyobj_setattr(box, label, list)).toBe(0);
    ex.pyobj_decref(label);
    expect(ex.pyobj_append(list, box)).toBe(0);
    ex.pyobj_decref(box);
    // referents: what its traverse slot visits, label first
    new Uint32Array(ex.memory.buffer, ex.pyobj_scratch(4) >>> 0, 1)[0] = box;
    const referents = ex.pyobj_gc_get_referents(1) >>> 0;
    expect(ex.pyobj_len(referents)).toBe(2);
    const items = [0, 1].map((i) => ex.pyobj_subscript(referents, i) >>> 0);
    expect(items).toEqual([list, x]);
    for (const o of [...items, referents, list]) ex.pyobj_decref(o);
    expect(ex.pyobj_live_count(T_BOX)).toBe(1); // only the cycle holds it
    expect(ex.pyobj_gc_collect(2)).toBe(0);
    expect(ex.pyobj_gc_result()).toBe(2);
    expect(ex.pyobj_live_count(T_BOX)).toBe(0);
    expect(ex.pyheap_check()).toBe(0);
  });
});
