// The object model through the raw Wasm exports, as a C or AssemblyScript
// client sees it: addresses instead of Refs, error codes instead of
// exceptions. The same script runs against the exports and against the
// facade, and both transcripts must agree: special attributes, a
// weakref.proxy standing for its referent, and the collector's
// DEBUG_COLLECTABLE report are the module's semantics, not the facade's.
import { describe, it, expect } from "vitest";
import { createHeap, RecursionError, AttributeError, type Heap, type Ref } from "../src/index.js";
import { instantiateBuild } from "../src/wasm.js";
import { ErrorCode, GcDebug, TypeId, NAME_ONE_CHAR } from "../src/constants.js";
import type { ObjectExports } from "../src/heap/exports.js";

type H = number;
/** What the script needs of a client; every failure is an error code. */
interface Client {
  str(s: string): H;
  int(v: number): H;
  list(): H;
  cls(name: string): H;
  instance(cls: H): H;
  cell(): H;
  func(name: string): H;
  proxy(o: H): H;
  append(l: H, v: H): void;
  getattr(o: H, name: string): H | { code: number };
  setattr(o: H, name: string, v: H): number;
  delattr(o: H, name: string): number;
  len(o: H): number | { code: number };
  getitem(o: H, k: number): H | { code: number };
  decref(o: H): void;
  /** What a DEBUG_COLLECTABLE collection of everything reports. */
  collectReport(): H[];
  /** type id, and the value of an int or str. */
  show(o: H): string;
}

const NAMES = Object.fromEntries(Object.entries(TypeId).map(([k, v]) => [v, k.toLowerCase()]));

function rawClient(ex: ObjectExports): Client {
  const enc = new TextEncoder();
  const code = <T>(r: T, failed: boolean): T | { code: number } => {
    if (!failed) return r;
    const c = ex.pyobj_last_error();
    ex.pyobj_clear_error();
    return { code: c };
  };
  const str = (s: string, mode = 0): H => {
    const b = enc.encode(s);
    const p = ex.pyobj_scratch(Math.max(b.length, 1)) >>> 0;
    new Uint8Array(ex.memory.buffer, p, b.length).set(b);
    return ex.pyobj_str_from_scratch(b.length, 0xffffffff, mode) >>> 0;
  };
  /** An operation given a new str (interned: an attribute name), released
   *  after. */
  const named = <T>(name: string, f: (n: H) => T, mode = 2): T => {
    const n = str(name, mode);
    const r = f(n);
    ex.pyobj_decref(n);
    return r;
  };
  return {
    str,
    int: (v) => ex.pyobj_int_from_f64(v) >>> 0,
    list: () => ex.pyobj_list_from_scratch(0) >>> 0,
    cls: (name) => named(name, (n) => ex.pyobj_class_new(n, 0, 0) >>> 0, 0),
    instance: (c) => ex.pyobj_instance_new(c) >>> 0,
    cell: () => ex.pyobj_cell_new(0) >>> 0,
    func: (name) => named(name, (n) => ex.pyobj_func_new(n, 0) >>> 0, 0),
    proxy: (o) => ex.pyobj_weakref_new(o, 1, 0) >>> 0,
    append: (l, v) => void ex.pyobj_append(l, v),
    getattr: (o, name) =>
      named(name, (n) => {
        const r = ex.pyobj_getattr(o, n) >>> 0;
        return code(r, r === 0);
      }),
    setattr: (o, name, v) => named(name, (n) => (ex.pyobj_setattr(o, n, v), ex.pyobj_last_error())),
    delattr: (o, name) => named(name, (n) => (ex.pyobj_delattr(o, n), ex.pyobj_last_error())),
    len: (o) => {
      const n = ex.pyobj_len(o);
      return code(n, n < 0);
    },
    getitem: (o, k) => {
      const r = ex.pyobj_subscript(o, k) >>> 0;
      return code(r, r === 0);
    },
    decref: (o) => void ex.pyobj_decref(o),
    collectReport: () => {
      const seen: H[] = [];
      ex.pyobj_gc_set_debug(GcDebug.COLLECTABLE);
      expect(ex.pyobj_gc_report_next(0)).toBe(0); // no report running
      let c = ex.pyobj_gc_collect(2);
      while (c !== ErrorCode.OK) {
        expect(c).toBe(ErrorCode.REPORT_COLLECTABLE);
        for (let op = ex.pyobj_gc_report_next(0) >>> 0; op; op = ex.pyobj_gc_report_next(op) >>> 0) seen.push(op);
        c = ex.pyobj_gc_step();
      }
      ex.pyobj_gc_set_debug(0);
      return seen;
    },
    show: (o) => {
      const t = ex.pyobj_type(o);
      if (t === TypeId.INT) return `int ${ex.pyobj_int_as_f64(o)}`;
      if (t === TypeId.STR) {
        const p = ex.pyobj_str_data(o) >>> 0;
        return `str ${new TextDecoder().decode(new Uint8Array(ex.memory.buffer, p, ex.pyobj_str_nbytes(o)))}`;
      }
      return NAMES[t];
    },
  };
}

/** The facade, with handles reduced to addresses (heap.id) so the two
 *  transcripts compare; the Refs are kept to hand back. */
function facadeClient(heap: Heap): Client {
  const refs = new Map<H, number>();
  const h = (r: number): H => {
    const a = heap.id(r as never);
    refs.set(a, r);
    return a;
  };
  const r = (a: H) => refs.get(a)! as never;
  const caught = (f: () => void): number => {
    try {
      f();
      return ErrorCode.OK;
    } catch (e) {
      return (e as { code: number }).code;
    }
  };
  const attempt = <T>(f: () => T): T | { code: number } => {
    try {
      return f();
    } catch (e) {
      return { code: (e as { code: number }).code };
    }
  };
  return {
    str: (s) => h(heap.str(s)),
    int: (v) => h(heap.int(v)),
    list: () => h(heap.list()),
    cls: (name) => h(heap.newClass(name)),
    instance: (c) => h(heap.instance(r(c))),
    cell: () => h(heap.cell()),
    func: (name) => h(heap.func(name)),
    proxy: (o) => h(heap.weakref.proxy(r(o))),
    append: (l, v) => heap.append(r(l), r(v)),
    getattr: (o, name) => attempt(() => h(heap.getattr(r(o), name))),
    setattr: (o, name, v) => caught(() => heap.setattr(r(o), name, r(v))),
    delattr: (o, name) => caught(() => heap.delattr(r(o), name)),
    len: (o) => attempt(() => heap.len(r(o))),
    getitem: (o, k) => attempt(() => h(heap.getitem(r(o), k))),
    decref: (o) => heap.decref(r(o)),
    collectReport: () => {
      const seen: H[] = [];
      heap.gc.debugSink = (line) => {
        const m = / (0x[0-9a-f]+)>$/.exec(line);
        if (m) seen.push(Number(m[1]));
      };
      heap.gc.setDebug(GcDebug.COLLECTABLE);
      heap.gc.collect();
      heap.gc.setDebug(0);
      return seen;
    },
    show: (o) => {
      const v = heap.toJS(r(o));
      const t = NAMES[heap.exports.pyobj_type(o)];
      return typeof v === "number" || typeof v === "string" ? `${t} ${v}` : t;
    },
  };
}

/** The script: what a program does with attributes, proxies and cycles,
 *  written down as lines of results. */
function script(c: Client): string[] {
  const out: string[] = [];
  const say = (what: string, r: H | number | { code: number }, show = true) =>
    out.push(`${what}: ${typeof r === "object" ? `error ${r.code}` : show ? c.show(r) : r}`);
  const Foo = c.cls("Foo");
  const a = c.instance(Foo);
  const five = c.int(5);
  say("setattr a.x", c.setattr(a, "x", five), false);
  say("a.x", c.getattr(a, "x"));
  const cls = c.getattr(a, "__class__");
  out.push(`a.__class__ is Foo: ${cls === Foo}`);
  c.decref(cls as H);
  say("Foo.__name__", c.getattr(Foo, "__name__"));
  const d = c.getattr(a, "__dict__") as H;
  say("len(a.__dict__)", c.len(d), false);
  c.decref(d);
  say("a.y", c.getattr(a, "y"));
  const l = c.list();
  say("a.__dict__ = []", c.setattr(a, "__dict__", l), false);
  say("five.x = 5", c.setattr(five, "x", five), false);
  say("del a.nothing", c.delattr(a, "nothing"), false);
  const cell = c.cell();
  say("empty cell_contents", c.getattr(cell, "cell_contents"));
  say("cell_contents = 5", c.setattr(cell, "cell_contents", five), false);
  say("cell_contents", c.getattr(cell, "cell_contents"));
  say("del cell_contents", c.delattr(cell, "cell_contents"), false);
  say("cell_contents after del", c.getattr(cell, "cell_contents"));
  const f = c.func("f");
  say("f.__name__", c.getattr(f, "__name__"));
  say("f.__closure__", c.getattr(f, "__closure__"));
  // a weakref.proxy stands for its referent
  const p = c.proxy(a);
  say("p.x", c.getattr(p, "x"));
  say("p.z = 5", c.setattr(p, "z", five), false);
  say("a.z", c.getattr(a, "z"));
  say("del p.z", c.delattr(p, "z"), false);
  say("a.z after del p.z", c.getattr(a, "z"));
  say("len(p)", c.len(p));
  say("p[0]", c.getitem(p, 0));
  const pc = c.getattr(p, "__class__");
  out.push(`p.__class__ is Foo: ${pc === Foo}`);
  c.decref(pc as H);
  c.decref(a);
  say("p.x after a died", c.getattr(p, "x"));
  say("p.x = 5 after a died", c.setattr(p, "x", five), false);
  say("len(p) after a died", c.len(p));
  // a cycle the collector reports
  const l2 = c.list();
  c.append(l, l2);
  c.append(l2, l);
  c.decref(l2);
  c.decref(l);
  const reported = c.collectReport();
  out.push(`reported: ${reported.length} (${reported.map((o) => (o === l ? "l" : o === l2 ? "l2" : "?")).sort()})`);
  for (const o of [p, f, cell, five, Foo]) c.decref(o);
  return out;
}

describe.each(["release", "debug"] as const)("the object model through the raw exports (%s build)", (build) => {
  it("a C-style client and the facade see the same attributes, proxies and gc reports", async () => {
    const ex = (await instantiateBuild(build)) as ObjectExports;
    const raw = script(rawClient(ex));
    const heap = await createHeap({ build });
    void heap.gc.garbage;
    const facade = script(facadeClient(heap));
    expect(raw).toEqual(facade);
    // and what they agree on is CPython 3.13's answer (python3.13 gives
    // the same results and exceptions for this script)
    expect(raw).toEqual([
      "setattr a.x: 0",
      "a.x: int 5",
      "a.__class__ is Foo: true",
      "Foo.__name__: str Foo",
      "len(a.__dict__): 1",
      `a.y: error ${ErrorCode.ATTRIBUTE}`,
      `a.__dict__ = []: ${ErrorCode.WRONG_TYPE}`,
      `five.x = 5: ${ErrorCode.ATTRIBUTE}`,
      `del a.nothing: ${ErrorCode.ATTRIBUTE}`,
      `empty cell_contents: error ${ErrorCode.EMPTY_CELL}`,
      "cell_contents = 5: 0",
      "cell_contents: int 5",
      "del cell_contents: 0",
      `cell_contents after del: error ${ErrorCode.EMPTY_CELL}`,
      "f.__name__: str f",
      "f.__closure__: none",
      "p.x: int 5",
      "p.z = 5: 0",
      "a.z: int 5",
      "del p.z: 0",
      `a.z after del p.z: error ${ErrorCode.ATTRIBUTE}`,
      `len(p): error ${ErrorCode.WRONG_TYPE}`,
      `p[0]: error ${ErrorCode.WRONG_TYPE}`,
      "p.__class__ is Foo: true",
      `p.x after a died: error ${ErrorCode.REFERENCE}`,
      `p.x = 5 after a died: ${ErrorCode.REFERENCE}`,
      `len(p) after a died: error ${ErrorCode.REFERENCE}`,
      "reported: 2 (l,l2)",
    ]);
    expect(ex.pyheap_check()).toBe(0);
    expect(heap.exports.pyheap_check()).toBe(0);
    heap.close();
  });

  it("a dict key whose stamp is not its object's is refused by the module (E_FREED)", async () => {
    const heap = await createHeap({ build });
    const ex = heap.exports;
    const d = heap.dict();
    const k = heap.str("a key"); // not a static one-character str: its Ref is not its address
    heap.setitem(d, k, heap.None);
    const a = heap.id(k);
    // the address alone is not the Ref of a heap object
    expect(ex.pyobj_subscript(d, a)).toBe(0);
    expect(ex.pyobj_last_error()).toBe(ErrorCode.FREED);
    expect(ex.pyobj_last_error_address() >>> 0).toBe(a);
    ex.pyobj_clear_error();
    const v = ex.pyobj_subscript(d, k) >>> 0;
    expect(v).toBe(heap.id(heap.None));
    expect(() => heap.getitem(d, a)).toThrow(/an address, not a Ref/);
    heap.decref(k);
    heap.decref(d);
    heap.close();
  });
});

describe.each(["release", "debug"] as const)("type names and repr through the raw exports (%s build)", (build) => {
  it("pyobj_repr gives CPython 3.13's repr of scalars, and object_repr's form for the rest", async () => {
    const heap = await createHeap({ build });
    const ex = heap.exports;
    /** The text of a new str from the module, released after. */
    const text = (s: number): string => {
      expect(s).not.toBe(0);
      const p = ex.pyobj_str_data(s) >>> 0;
      const v = new TextDecoder().decode(new Uint8Array(ex.memory.buffer, p, ex.pyobj_str_nbytes(s)));
      ex.pyobj_decref(s);
      return v;
    };
    const repr = (r: number) => text(ex.pyobj_repr(heap.id(r as never)) >>> 0);
    // [object, python3.13's repr(object)]
    const cases: Array<[number, string]> = [
      [heap.None, "None"], [heap.True, "True"], [heap.False, "False"],
      [heap.int(0), "0"], [heap.int(-5), "-5"], [heap.int(256), "256"],
      [heap.int(2n ** 63n - 1n), "9223372036854775807"], [heap.int(-(2n ** 63n)), "-9223372036854775808"],
      [heap.int(2n ** 64n - 1n), "18446744073709551615"],
      [heap.float(1), "1.0"], [heap.float(1.5), "1.5"], [heap.float(-0), "-0.0"], [heap.float(1e16), "1e+16"],
      [heap.float(1234567890123456), "1234567890123456.0"], [heap.float(0.0001), "0.0001"], [heap.float(1e-5), "1e-05"],
      [heap.float(1.5e300), "1.5e+300"], [heap.float(0.1), "0.1"], [heap.float(1 / 3), "0.3333333333333333"],
      [heap.float(Infinity), "inf"], [heap.float(-Infinity), "-inf"], [heap.float(NaN), "nan"],
      [heap.float(5e-324), "5e-324"], [heap.float(123456.789e-10), "1.23456789e-05"], [heap.float(1e22), "1e+22"],
      [heap.float(9007199254740993), "9007199254740992.0"],
      [heap.str("abc"), "'abc'"], [heap.str("it's"), `"it's"`], [heap.str('say "hi"'), `'say "hi"'`],
      [heap.str(`'"`), `'\\'"'`], [heap.str("a\\b"), "'a\\\\b'"],
      [heap.str("l1\nl2\tx\r"), "'l1\\nl2\\tx\\r'"], [heap.str("\x00\x7f"), "'\\x00\\x7f'"],
      [heap.str("é\xa0\xad€😀"), "'é\\xa0\\xad€😀'"],
      [heap.bytes([]), "b''"], [heap.bytes([0x61, 0, 0xff, 0x5c]), "b'a\\x00\\xff\\\\'"], [heap.bytes([...Buffer.from("it's")]), `b"it's"`],
    ];
    for (const [r, want] of cases) expect(repr(r)).toBe(want);
    const C = heap.newClass("C");
    const o = heap.instance(C);
    const f = heap.func("f");
    const l = heap.list();
    const hex = (r: number) => "0x" + heap.id(r as never).toString(16).padStart(8, "0");
    expect(repr(C)).toBe("<class '__main__.C'>");
    expect(repr(o)).toBe(`<__main__.C object at ${hex(o)}>`);
    expect(repr(f)).toBe(`<function f at ${hex(f)}>`);
    expect(repr(l)).toBe("[]");
    // type names: tp_name, as CPython's error messages give them
    const name = (r: number) => text(ex.pyobj_type_name(heap.id(r as never)) >>> 0);
    const p = heap.weakref.proxy(o);
    const w = heap.weakref.ref(o);
    expect([heap.None, heap.True, heap.int(1), heap.int(2n ** 64n - 1n), heap.float(1), heap.str(""), heap.bytes([]),
      heap.tuple([]), l, C, o, f, w, p].map(name)).toEqual([
      "NoneType", "bool", "int", "int", "float", "str", "bytes", "tuple", "list", "type", "C", "function",
      "weakref.ReferenceType", "weakref.ProxyType",
    ]);
    // tp_name as a C string in the module's data: nothing allocated
    const cstr = (p: number) => {
      const u8 = new Uint8Array(ex.memory.buffer);
      return new TextDecoder().decode(u8.subarray(p, u8.indexOf(0, p)));
    };
    const before = heap.memoryInfo();
    expect(cstr(ex.pyobj_type_id_name(TypeId.DICT) >>> 0)).toBe("dict");
    expect(cstr(ex.pyobj_type_id_name(TypeId.PROXY) >>> 0)).toBe("weakref.ProxyType");
    expect(heap.memoryInfo()).toEqual(before);
    expect(ex.pyobj_type_id_name(255)).toBe(0);
    expect(ex.pyobj_last_error()).toBe(ErrorCode.RANGE);
    ex.pyobj_clear_error();
    // not an object: refused, nothing made
    expect(ex.pyobj_repr(heap.id(l) + 4)).toBe(0);
    expect(ex.pyobj_last_error()).toBe(ErrorCode.NOT_OBJECT);
    ex.pyobj_clear_error();
    // the facade's messages are these
    expect(() => heap.getitem(heap.dict(), heap.float(2))).toThrow(/^getitem: 2\.0$/);
    expect(() => heap.getattr(o, "x")).toThrow(/^getattr: 'C' object has no attribute 'x'$/);
    expect(ex.pyheap_check()).toBe(0);
    heap.close();
  });
});

describe.each(["release", "debug"] as const)("attributes by Ref and name text, one call each (%s build)", (build) => {
  it("a one-character latin-1 name goes as NAME_ONE_CHAR + its code, without the scratch buffer", async () => {
    const heap = await createHeap({ build });
    const ex = heap.exports;
    const C = heap.newClass("C");
    const o = heap.instance(C);
    const v = heap.int(1000);
    // the scratch buffer holds something else: it is not read
    const p = ex.pyobj_scratch(8) >>> 0;
    new Uint8Array(ex.memory.buffer, p, 2).set([0x79, 0x79]);
    expect(ex.pyobj_setattr_ref(o, NAME_ONE_CHAR + 0x78, v)).toBe(0);
    expect(ex.pyobj_getattr_ref(o, NAME_ONE_CHAR + 0x78)).toBe(v);
    heap.decref(v);
    expect(heap.getattr(o, "x")).toBe(v);
    heap.decref(v);
    for (const n of ["é", "\xff", "\u0100", "😀", "xy"]) heap.setattr(o, n, heap.None);
    expect(["é", "\xff", "\u0100", "😀", "xy"].map((n) => heap.getattr(o, n))).toEqual(Array(5).fill(heap.None));
    expect(heap.getattr(o, "é")).toBe(heap.getattr(o, "\xe9"));
    expect(ex.pyobj_getattr_ref(o, NAME_ONE_CHAR + 0xe9)).toBe(heap.None);
    expect(() => heap.getattr(o, "q")).toThrow(/^getattr: 'C' object has no attribute 'q'$/);
    expect(() => heap.delattr(o, "q")).toThrow(/^delattr: 'C' object has no attribute 'q'$/);
    heap.delattr(o, "x");
    expect(() => heap.getattr(o, "x")).toThrow(AttributeError);
    heap.decref(o);
    heap.decref(C);
    expect(ex.pyheap_check()).toBe(0);
    heap.close();
  });

  it("pyobj_getattr_ref/setattr_ref/delattr_ref check the Refs, intern the name, and forward through a proxy", async () => {
    const heap = await createHeap({ build });
    const ex = heap.exports;
    /** The name's UTF-8 in the scratch buffer: its length. */
    const name = (s: string): number => {
      const b = new TextEncoder().encode(s);
      const p = ex.pyobj_scratch(Math.max(b.length, 4)) >>> 0;
      new Uint8Array(ex.memory.buffer, p, b.length).set(b);
      return b.length;
    };
    const C = heap.newClass("C");
    const o = heap.instance(C);
    const v = heap.int(1000);
    const interned = ex.pyobj_interned_count();
    expect(ex.pyobj_setattr_ref(o, name("größe"), v)).toBe(0);
    expect(ex.pyobj_interned_count()).toBe(interned + 1); // the key is interned, as CPython's compiler interns names
    expect(ex.pyobj_getattr_ref(o, name("größe"))).toBe(v); // the value's Ref, stamp included
    heap.decref(v);
    // a missing name: refused, the temporary name gone, and the record no longer points to it
    expect(ex.pyobj_getattr_ref(o, name("nope"))).toBe(0);
    expect([ex.pyobj_last_error(), ex.pyobj_last_error_address() >>> 0, ex.pyobj_last_error_detail()])
      .toEqual([ErrorCode.ATTRIBUTE, heap.id(o), 0]);
    ex.pyobj_clear_error();
    expect(ex.pyobj_interned_count()).toBe(interned + 1);
    // a weakref.proxy stands for its referent
    const p = heap.weakref.proxy(o);
    expect(heap.toJS(ex.pyobj_getattr_ref(p, name("größe")) as never)).toBe(1000);
    expect(ex.pyobj_delattr_ref(p, name("größe"))).toBe(0);
    expect(ex.pyobj_getattr_ref(o, name("größe"))).toBe(0);
    ex.pyobj_clear_error();
    // an address without its stamp, or a freed object's Ref, is refused before anything changes
    expect(ex.pyobj_setattr_ref(heap.id(o), name("x"), heap.None)).toBe(ErrorCode.FREED);
    ex.pyobj_clear_error();
    const gone = heap.instance(C);
    heap.decref(gone);
    expect(ex.pyobj_getattr_ref(gone, name("__class__"))).toBe(0);
    expect(ex.pyobj_last_error()).not.toBe(ErrorCode.OK);
    ex.pyobj_clear_error();
    expect(ex.pyobj_setattr_ref(o, name("x"), gone)).not.toBe(0);
    ex.pyobj_clear_error();
    expect(() => heap.getattr(o, "x")).toThrow(/^getattr: 'C' object has no attribute 'x'$/);
    expect(() => heap.setattr(heap.int(5), "x", heap.None))
      .toThrow(/^setattr: 'int' object has no attribute 'x' and no __dict__ for setting new attributes$/);
    expect(() => heap.setattr(o, "x", gone)).toThrow(ReferenceError);
    // a proxy is unhashable, as in CPython 3.13 (hash(weakref.proxy(o)))
    expect(() => heap.setitem(heap.dict(), p, heap.None)).toThrow(/^setitem: unhashable type: 'weakref.ProxyType'$/);
    expect(() => heap.set([p])).toThrow(/unhashable type: 'weakref.ProxyType'/);
    for (const r of [p, o, C]) heap.decref(r);
    expect(ex.pyheap_check()).toBe(0);
    heap.close();
  });
});

describe.each(["release", "debug"] as const)("repr of containers, cells and weakrefs (%s build)", (build) => {
  // What python3.13 prints for the same objects (its addresses are the
  // objects' ids here):
  //   l = [1]; l.append(l)                  [1, [...]]
  //   d = {'a': 1}; d['d'] = d              {'a': 1, 'd': {...}}
  //   t = ([],); t[0].append(t)             ([(...)],)
  //   (1,) () (1, 2) set() {1, 2, 3} {}     (1,) () (1, 2) set() {1, 2, 3} {}
  //   [1.5, 'x', None]  {1: [2, {3}]}       [1.5, 'x', None] {1: [2, {3}]}
  //   cell of 1, empty cell                 <cell at 0x...: int object at 0x...> <cell at 0x...: empty>
  //   cell of C()                           <cell at 0x...: C object at 0x...>
  //   weakref.ref(C()), ref(f), ref(C)      <weakref at 0x...; to 'C' at 0x...>
  //                                         <weakref at 0x...; to 'function' at 0x... (f)>
  //                                         <weakref at 0x...; to 'type' at 0x... (C)>
  //   weakref.proxy(C()), once dead         <weakproxy at 0x...; to 'C' at 0x...> <weakproxy at 0x...; dead>
  //   ref once dead                         <weakref at 0x...; dead>
  //   10000 nested lists                    RecursionError: maximum recursion depth exceeded while getting the repr of an object
  it("is CPython 3.13's, recursive containers as [...], {...} and (...)", async () => {
    const heap = await createHeap({ build });
    const at = (r: Ref) => "0x" + heap.id(r).toString(16).padStart(8, "0");
    const i = (n: number) => heap.int(n);
    const l = heap.list([i(1)]);
    heap.append(l, l);
    const d = heap.dict([[heap.str("a"), i(1)]]);
    heap.setitem(d, heap.str("d"), d);
    const inner = heap.list();
    const t = heap.tuple([inner]);
    heap.append(inner, t);
    expect([l, d, t].map((r) => heap.repr(r))).toEqual(["[1, [...]]", "{'a': 1, 'd': {...}}", "([(...)],)"]);
    const simple: Array<[Ref, string]> = [
      [heap.tuple([i(1)]), "(1,)"], [heap.tuple([]), "()"], [heap.tuple([i(1), i(2)]), "(1, 2)"],
      [heap.set(), "set()"], [heap.set([i(1), i(2), i(3)]), "{1, 2, 3}"], [heap.dict(), "{}"], [heap.list(), "[]"],
      [heap.list([heap.float(1.5), heap.str("x"), heap.None]), "[1.5, 'x', None]"],
      [heap.dict([[i(1), heap.list([i(2), heap.set([i(3)])])]]), "{1: [2, {3}]}"],
    ];
    for (const [r, want] of simple) expect(heap.repr(r)).toBe(want);
    const C = heap.newClass("C");
    const o = heap.instance(C);
    const f = heap.func("f");
    const c1 = heap.cell(i(1)), c0 = heap.cell(), co = heap.cell(o);
    expect(heap.repr(c1)).toBe(`<cell at ${at(c1)}: int object at ${at(i(1))}>`);
    expect(heap.repr(c0)).toBe(`<cell at ${at(c0)}: empty>`);
    expect(heap.repr(co)).toBe(`<cell at ${at(co)}: C object at ${at(o)}>`);
    const w = heap.weakref.ref(o), wf = heap.weakref.ref(f), wc = heap.weakref.ref(C), p = heap.weakref.proxy(o);
    expect(heap.repr(w)).toBe(`<weakref at ${at(w)}; to 'C' at ${at(o)}>`);
    expect(heap.repr(wf)).toBe(`<weakref at ${at(wf)}; to 'function' at ${at(f)} (f)>`);
    expect(heap.repr(wc)).toBe(`<weakref at ${at(wc)}; to 'type' at ${at(C)} (C)>`);
    expect(heap.repr(p)).toBe(`<weakproxy at ${at(p)}; to 'C' at ${at(o)}>`);
    heap.decref(co);
    heap.decref(o);
    expect(heap.repr(w)).toBe(`<weakref at ${at(w)}; dead>`);
    expect(heap.repr(p)).toBe(`<weakproxy at ${at(p)}; dead>`);
    // as deep as MAX_REPR_DEPTH (1000) is written; one more is CPython's RecursionError, and nothing is left behind
    let deep = heap.list();
    for (let n = 0; n < 1000; n++) {
      const outer = heap.list([deep]);
      heap.decref(deep);
      deep = outer;
    }
    expect(heap.repr(deep)).toBe("[".repeat(1001) + "]".repeat(1001));
    const deeper = heap.list([deep]);
    const { objects } = heap.memoryInfo();
    expect(() => heap.repr(deeper)).toThrow(RecursionError);
    expect(() => heap.repr(deeper)).toThrow(/^repr: maximum recursion depth exceeded while getting the repr of an object$/);
    expect(heap.memoryInfo().objects).toEqual(objects);
    expect(heap.repr(l)).toBe("[1, [...]]");
    expect(heap.exports.pyheap_check()).toBe(0);
    heap.close();
  });
});

describe.each(["release", "debug"] as const)("a class's module (%s build)", (build) => {
  // python3.13:
  //   class C: pass
  //   C.__module__, C.__qualname__, repr(C), repr(C())  -> __main__ C <class '__main__.C'> <__main__.C object at 0x...>
  //   C.__module__ = 'pkg.mod'; repr(C), repr(C())      -> <class 'pkg.mod.C'> <pkg.mod.C object at 0x...>
  //   C.__module__ = 'builtins'; repr(C), repr(C())     -> <class 'C'> <C object at 0x...>
  //   cell of C(), weakref.ref(C())                      -> <cell at 0x...: C object at 0x...> <weakref at 0x...; to 'C' at 0x...>
  it("is __main__ unless given, and the reprs name the class by it as CPython 3.13 does", async () => {
    const heap = await createHeap({ build });
    const at = (r: Ref) => "0x" + heap.id(r).toString(16).padStart(8, "0");
    const text = (r: Ref) => {
      const v = heap.toJS(r);
      heap.decref(r);
      return v;
    };
    const C = heap.newClass("C");
    expect(["__module__", "__qualname__", "__name__"].map((a) => text(heap.getattr(C, a)))).toEqual(["__main__", "C", "C"]);
    const o = heap.instance(C);
    expect([heap.repr(C), heap.repr(o)]).toEqual(["<class '__main__.C'>", `<__main__.C object at ${at(o)}>`]);
    const P = heap.newClass("C", { module: "pkg.mod" });
    const po = heap.instance(P);
    expect(text(heap.getattr(P, "__module__"))).toBe("pkg.mod");
    expect([heap.repr(P), heap.repr(po)]).toEqual(["<class 'pkg.mod.C'>", `<pkg.mod.C object at ${at(po)}>`]);
    const B = heap.newClass("C", { module: "builtins" });
    const bo = heap.instance(B);
    expect([heap.repr(B), heap.repr(bo)]).toEqual(["<class 'C'>", `<C object at ${at(bo)}>`]);
    // tp_name, not the module, where CPython writes the type's name
    const cell = heap.cell(po);
    const w = heap.weakref.ref(po);
    expect(heap.repr(cell)).toBe(`<cell at ${at(cell)}: C object at ${at(po)}>`);
    expect(heap.repr(w)).toBe(`<weakref at ${at(w)}; to 'C' at ${at(po)}>`);
    expect(heap.typeName(po)).toBe("C");
    // a class made by a C client without a module: as 'builtins'
    const ex = heap.exports;
    const name = heap.str("Raw");
    const raw = ex.pyobj_class_new(heap.id(name), 0, 0) >>> 0;
    heap.decref(name);
    expect(raw).not.toBe(0);
    const rawText = (s: number) => {
      expect(s).not.toBe(0);
      const v = new TextDecoder().decode(new Uint8Array(ex.memory.buffer, ex.pyobj_str_data(s) >>> 0, ex.pyobj_str_nbytes(s)));
      ex.pyobj_decref(s);
      return v;
    };
    expect(rawText(ex.pyobj_repr(raw) >>> 0)).toBe("<class 'Raw'>");
    const key = heap.str("__module__");
    expect(rawText(ex.pyobj_getattr(raw, heap.id(key)) >>> 0)).toBe("builtins");
    heap.decref(key);
    ex.pyobj_decref(raw);
    expect(() => heap.newClass("D", { module: 3 as never })).toThrow(TypeError);
    for (const r of [w, cell, bo, B, po, P, o, C]) heap.decref(r);
    expect(ex.pyheap_check()).toBe(0);
    heap.close();
  });
});

describe.each(["release", "debug", "legacy"] as const)("repr(str) above U+00FF (%s build)", (build) => {
  // [s, python3.13's repr(s)]: what str.isprintable() says is not
  // printable is escaped (\\uNNNN, \\UNNNNNNNN), the rest written as it is;
  // the second case is both sides of the edges of 14 of the ranges
  // (scripts/unicode-printable.py writes them from CPython 3.13's Unicode
  // 15.1 database into assembly/objects/printable.ts)
  const CPYTHON: Array<[string, string]> = [
    ["\u{100}\u{378}\u{2028}\u{200b}\u{ad}\u{e000}\u{10ffff}\u{1f600}\u{3000}\u{4e2d}\u{feff}\u{e0001}\u{590}\u{20000}\u{2a6e0}", "'\u{100}\\u0378\\u2028\\u200b\\xad\\ue000\\U0010ffff\u{1f600}\\u3000\u{4e2d}\\ufeff\\U000e0001\\u0590\u{20000}\\U0002a6e0'"],
    ["\u{377}\u{378}\u{379}\u{37a}\u{a48}\u{a49}\u{a4a}\u{a4b}\u{ab0}\u{ab1}\u{ab2}\u{b33}\u{b34}\u{b35}\u{bd0}\u{bd1}\u{bd6}\u{bd7}\u{ed9}\u{eda}\u{edb}\u{edc}\u{fe66}\u{fe67}\u{fe68}\u{10595}\u{10596}\u{10597}\u{10a35}\u{10a36}\u{10a37}\u{10a38}\u{11f3a}\u{11f3b}\u{11f3d}\u{11f3e}\u{16ff1}\u{16ff2}\u{16fff}\u{17000}\u{1d6a5}\u{1d6a6}\u{1d6a7}\u{1d6a8}\u{1f0bf}\u{1f0c0}\u{1f0c1}\u{e01ef}\u{e01f0}\u{10ffff}", "'\u{377}\\u0378\\u0379\u{37a}\u{a48}\\u0a49\\u0a4a\u{a4b}\u{ab0}\\u0ab1\u{ab2}\u{b33}\\u0b34\u{b35}\u{bd0}\\u0bd1\\u0bd6\u{bd7}\u{ed9}\\u0eda\\u0edb\u{edc}\u{fe66}\\ufe67\u{fe68}\u{10595}\\U00010596\u{10597}\u{10a35}\\U00010a36\\U00010a37\u{10a38}\u{11f3a}\\U00011f3b\\U00011f3d\u{11f3e}\u{16ff1}\\U00016ff2\\U00016fff\u{17000}\u{1d6a5}\\U0001d6a6\\U0001d6a7\u{1d6a8}\u{1f0bf}\\U0001f0c0\u{1f0c1}\u{e01ef}\\U000e01f0\\U0010ffff'"],
    ["caf\u{e9} \u{2029} \u{a0}\u{1680}\u{2000}\u{202f}\u{205f}\u{3000} \u{f0000} \u{300}", "'caf\u{e9} \\u2029 \\xa0\\u1680\\u2000\\u202f\\u205f\\u3000 \\U000f0000 \u{300}'"],
  ];
  it("escapes the characters CPython 3.13 does not print, by their code", async () => {
    const heap = await createHeap({ build });
    for (const [text, want] of CPYTHON) {
      const s = heap.str(text);
      expect(heap.repr(s)).toBe(want);
      heap.decref(s);
    }
    heap.close();
  });
});

describe.each(["release", "debug"] as const)("o[key] = v by Refs, one call (%s build)", (build) => {
  it("pyobj_ass_subscript_ref checks both Refs before anything changes", async () => {
    const heap = await createHeap({ build });
    const ex = heap.exports;
    const d = heap.dict();
    const l = heap.list([heap.None, heap.None]);
    const k = heap.int(1000);
    const v = heap.str("value");
    expect(ex.pyobj_ass_subscript_ref(d, k, v)).toBe(0);
    expect(ex.pyobj_ass_subscript_ref(l, -1, v)).toBe(0); // an index for a sequence
    expect(heap.sys.getrefcount(v)).toBe(3);
    const got = heap.getitem(l, 1);
    expect(got).toBe(v);
    heap.decref(got);
    // refused, nothing changed: an address without its stamp, a freed
    // object's Ref (as the container or the value), a fraction
    const gone = heap.float(1.5);
    heap.decref(gone);
    for (const [o2, v2] of [[heap.id(d), v], [d, heap.id(v)], [gone, v], [d, gone], [d + 0.5, v], [d, v + 0.5]]) {
      expect(ex.pyobj_ass_subscript_ref(o2, k, v2)).not.toBe(0);
      ex.pyobj_clear_error();
    }
    expect(ex.pyobj_ass_subscript_ref(l, 5, v)).toBe(ErrorCode.INDEX);
    ex.pyobj_clear_error();
    expect(ex.pyobj_ass_subscript_ref(d, l, v)).toBe(ErrorCode.UNHASHABLE); // a list is no dict key
    ex.pyobj_clear_error();
    expect(heap.len(d)).toBe(1);
    expect(heap.sys.getrefcount(v)).toBe(3);
    // the facade's setitem says which argument it refused
    expect(() => heap.setitem(d, k, gone)).toThrow(ReferenceError);
    expect(() => heap.setitem(gone, k, v)).toThrow(ReferenceError);
    expect(() => heap.setitem(d, 1.5 as never, v)).toThrow(/^setitem: /);
    expect(() => heap.setitem(l, 7, v)).toThrow(/^setitem: /);
    expect(heap.sys.getrefcount(v)).toBe(3);
    for (const r of [k, v, l, d]) heap.decref(r);
    expect(ex.pyheap_check()).toBe(0);
    heap.close();
  });
});
