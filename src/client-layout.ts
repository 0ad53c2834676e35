// What a client module's bytes say about where it puts things in a shared
// memory: its memory import's limits, its active data segments and its
// stack pointer's start (wasm-ld's __stack_pointer, the first mutable i32
// global). checkLayout() refuses a layout that overlaps pyheap's data
// before the client is instantiated, when nothing has been written yet.

import { hex } from "./errors.js";
import { SHARED_DATA_END } from "./shared.js";
import type { WasmBytes } from "./wasm.js";

const PAGE = 65536;

export interface ClientLayout {
  /** The env.memory import's limits in pages; undefined if the module
   *  imports no memory (it owns one). */
  memory?: { minimum: number; maximum?: number };
  /** [start, end) of every active data segment with a constant offset. */
  segments: [number, number][];
  /** Initial value of the first mutable i32 global defined by the module
   *  (wasm-ld's __stack_pointer); undefined if there is none. */
  stackPointer?: number;
  /** Names the module imports from "pyheap". */
  pyheapImports: string[];
}

class Reader {
  pos = 0;
  constructor(readonly b: Uint8Array) {}
  u8(): number {
    if (this.pos >= this.b.length) throw new RangeError("not a Wasm module: truncated");
    return this.b[this.pos++];
  }
  uleb(): number {
    let r = 0, mul = 1, x: number;
    do { x = this.u8(); r += (x & 0x7f) * mul; mul *= 128; } while (x & 0x80);
    return r;
  }
  sleb(): number {
    let r = 0, mul = 1, x: number;
    do { x = this.u8(); r += (x & 0x7f) * mul; mul *= 128; } while (x & 0x80);
    return x & 0x40 ? r - mul : r;
  }
  name(): string {
    const n = this.uleb();
    const s = new TextDecoder().decode(this.b.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }
  limits(): { minimum: number; maximum?: number } {
    const flags = this.u8();
    const minimum = this.uleb();
    return flags & 1 ? { minimum, maximum: this.uleb() } : { minimum };
  }
  /** A constant expression: its value if it is `i32.const N end`. */
  constExpr(): number | undefined {
    const op = this.u8();
    let value: number | undefined;
    if (op === 0x41) value = this.sleb() >>> 0;
    else if (op === 0x42) this.sleb();
    else if (op === 0x23) this.uleb(); // global.get
    else if (op === 0x44) this.pos += 8;
    else if (op === 0x43) this.pos += 4;
    else if (op === 0xd0) this.u8(); // ref.null
    else if (op === 0xd2) this.uleb(); // ref.func
    while (this.u8() !== 0x0b) { /* extended constant expressions: skip */ }
    return value;
  }
}

export function readLayout(bytes: Uint8Array): ClientLayout {
  const r = new Reader(bytes);
  if (bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new TypeError("not a Wasm module (no \\0asm header)");
  }
  r.pos = 8;
  const layout: ClientLayout = { segments: [], pyheapImports: [] };
  while (r.pos < bytes.length) {
    const id = r.u8();
    const size = r.uleb();
    const end = r.pos + size;
    if (id === 2) { // imports
      for (let n = r.uleb(); n > 0; n--) {
        const mod = r.name(), name = r.name(), kind = r.u8();
        if (kind === 0) r.uleb();
        else if (kind === 1) { r.u8(); r.limits(); }
        else if (kind === 2) {
          const limits = r.limits();
          if (mod === "env" && name === "memory") layout.memory = limits;
        } else if (kind === 3) { r.u8(); r.u8(); }
        else if (kind === 4) { r.u8(); r.uleb(); }
        if (mod === "pyheap") layout.pyheapImports.push(name);
      }
    } else if (id === 6) { // globals
      for (let n = r.uleb(); n > 0; n--) {
        const type = r.u8(), mutable = r.u8();
        const value = r.constExpr();
        if (layout.stackPointer === undefined && type === 0x7f && mutable === 1) layout.stackPointer = value;
      }
    } else if (id === 11) { // data
      for (let n = r.uleb(); n > 0; n--) {
        const flags = r.uleb();
        let offset: number | undefined;
        if (flags === 0) offset = r.constExpr();
        else if (flags === 2) { r.uleb(); offset = r.constExpr(); }
        const len = r.uleb();
        r.pos += len;
        if (flags !== 1 && offset !== undefined && len > 0) layout.segments.push([offset, offset + len]);
      }
    }
    r.pos = end;
  }
  return layout;
}

/** Throws if the client would write below dataEnd, where pyheap keeps its
 *  data: data segments there, a stack placed first (--stack-first: at
 *  [0, stack pointer)), or, in a module with no data to show where its
 *  global base is, a stack pointer within 64 KiB (wasm-ld's default stack
 *  size) of dataEnd. */
export function checkLayout(layout: ClientLayout, dataEnd: number, what = "the program"): void {
  const flag = "link it with -Wl,--global-base=65536 (and without --stack-first)";
  if (!layout.memory) {
    throw new Error(`${what} has a memory of its own: link it with -Wl,--import-memory so that it shares pyheap's`);
  }
  for (const [start, end] of layout.segments) {
    if (start < dataEnd) {
      throw new Error(
        `${what} puts data at ${hex(start)}..${hex(end)}, inside pyheap's data (below ${hex(dataEnd)}): ${flag}`,
      );
    }
  }
  const sp = layout.stackPointer;
  if (sp === undefined) return;
  if (layout.segments.length && sp <= Math.min(...layout.segments.map(([s]) => s))) {
    throw new Error(
      `${what} places its stack first, at [0, ${hex(sp)}), over pyheap's data (below ${hex(dataEnd)}): ${flag}`,
    );
  }
  if (!layout.segments.length && sp - PAGE < dataEnd) {
    // No data: the stack starts at the global base, 64 KiB below sp.
    throw new Error(
      `${what}'s stack starts at ${hex(sp)} and grows down into pyheap's data (below ${hex(dataEnd)}): ${flag}`,
    );
  }
}

/** Refuses, before it is instantiated, a client module that would write
 *  into pyheap's data (below 64 KiB) or that owns its memory; the message
 *  names the linker flag. runWasi() does this for every program. */
export function checkClient(bytes: WasmBytes, what = "the client"): void {
  const u8 = bytes instanceof Uint8Array ? bytes
    : ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : new Uint8Array(bytes);
  checkLayout(readLayout(u8), SHARED_DATA_END, what);
}
