// What the facade reads from and writes to the Wasm memory (not
// memoryInfo(), which is memory-info.ts): objects' values read through
// views renewed when the memory grows, and bulk arguments written to the
// module's scratch buffer (assembly/objects/api/scratch.ts).

import type { ObjectExports } from "./exports.js";
import { T } from "./types.js";
import type { Ref } from "./api.js";

export interface MemoryHost {
  ex(): ObjectExports;
  fail(what: string): Error;
  /** The Ref of True (toJS gives true for it). */
  True: number;
  /** A Ref argument, checked (refs.ts). */
  ref(what: string, v: unknown): number;
  /** The Ref of the object at an address (refs.ts). */
  toRef(addr: number): Ref;
}

const encoder = new TextEncoder();
/** Text up to this many characters is tried as ASCII first (strToScratch). */
const SHORT_TEXT = 64;
const decoder = new TextDecoder();

export function createMemory(host: MemoryHost) {
  const { ex, fail } = host;

  // Views of the memory, renewed when it grows: that detaches them (length
  // 0), so the common case is a length check, not memory.buffer.
  let u8 = new Uint8Array(0);
  let u32 = new Uint32Array(0);
  const views = () => {
    if (u8.length !== 0) return;
    const buffer = ex().memory.buffer as ArrayBuffer;
    u8 = new Uint8Array(buffer);
    u32 = new Uint32Array(buffer);
  };

  const readStr = (op: number): string => {
    views();
    const p = ex().pyobj_str_data(op) >>> 0;
    return decoder.decode(u8.subarray(p, p + (ex().pyobj_str_nbytes(op) >>> 0)));
  };

  /** The NUL-terminated UTF-8 string at p (a type's name). */
  const readCString = (p: number): string => {
    views();
    return decoder.decode(u8.subarray(p, u8.indexOf(0, p)));
  };

  // The JavaScript value of a scalar object (toJS without containers).
  const toJSValue = (op: number): unknown => {
    const t = ex().pyobj_type(op);
    switch (t) {
      case T.NONE: return null;
      case T.BOOL: return op === host.True;
      case T.INT: {
        const f = ex().pyobj_int_as_f64(op);
        return Number.isNaN(f) ? ex().pyobj_int_bits(op) : f;
      }
      case T.UINT: return BigInt.asUintN(64, ex().pyobj_int_bits(op));
      case T.FLOAT: return ex().pyobj_float_value(op);
      case T.STR: return readStr(op);
      case T.BYTES: {
        views();
        const p = ex().pyobj_bytes_data(op) >>> 0;
        return u8.slice(p, p + (ex().pyobj_bytes_length(op) >>> 0));
      }
    }
    return undefined;
  };

  const childrenOf = (op: number): Ref[] => {
    const n = ex().pyobj_children(op);
    if (n < 0) throw fail("children");
    views();
    const p = ex().pyobj_scratch(4) >>> 2;
    const refs = new Array<Ref>(n);
    for (let i = 0; i < n; i++) refs[i] = host.toRef(u32[p + i]);
    return refs;
  };

  /** Writes n Refs to the scratch buffer (their addresses), checking each. */
  const refsToScratch = (what: string, items: readonly unknown[], n = items.length): void => {
    const p = ex().pyobj_scratch(Math.max(4, n * 4)) >>> 0;
    if (p === 0) throw fail(what);
    views();
    const base = p >>> 2;
    for (let i = 0; i < n; i++) {
      u32[base + i] = host.ref(`${what}: item ${i}`, items[i]) >>> 0;
    }
  };

  /** Writes s as UTF-8 to the scratch buffer; returns the bytes written.
   *  Short ASCII text (attribute names, most keys) is copied a character
   *  at a time: cheaper than the encoder's call and view for a few bytes. */
  const strToScratch = (what: string, s: string): number => {
    const n = s.length;
    const cap = n * 3;
    const p = ex().pyobj_scratch(cap) >>> 0;
    if (p === 0) throw fail(what);
    views();
    if (n <= SHORT_TEXT) {
      let i = 0;
      for (let c; i < n && (c = s.charCodeAt(i)) < 0x80; i++) u8[p + i] = c;
      if (i === n) return n;
    }
    return encoder.encodeInto(s, u8.subarray(p, p + cap)).written;
  };

  /** Fills the data of a new bytes object (pyobj_bytes_new) with src. */
  const bytesInto = (op: number, src: Uint8Array): void => {
    if (src.length === 0) return;
    const p = ex().pyobj_bytes_data(op) >>> 0;
    views();
    u8.set(src, p);
  };

  /** Drops the views (close()), so the closed heap's memory can be freed. */
  const release = () => {
    u8 = new Uint8Array(0);
    u32 = new Uint32Array(0);
  };

  /** The u32 at a 4-aligned address. A detached view (the memory grew)
   *  has length 0, so the common case costs a length check, not a call. */
  const word = (addr: number): number => {
    if (addr >>> 2 >= u32.length) views();
    return u32[addr >>> 2];
  };

  return { readStr, readCString, toJSValue, childrenOf, refsToScratch, strToScratch, bytesInto, release, word };
}

export type Memory = ReturnType<typeof createMemory>;
