// The errors the facade raises. Codes come from the module (src/constants.ts); every
// error names the address and size it concerns, and the heap is unchanged
// when one is raised.

import { ErrorCode } from "./constants.js";
/** Every code the module records (src/constants.ts, generated from the
 *  module): the allocator's, the object layer's, and the pauses. */
export { ErrorCode };

export interface HeapErrorDetails {
  /** One of ErrorCode. */
  code: number;
  /** The address concerned (0 if none). */
  address: number;
  /** A size concerned (requested bytes, or the block's size), or 0. */
  size: number;
}

/** The base of pyheap's own error classes: the details every error the
 *  heap raises carries (built-in ones such as ReferenceError get them
 *  assigned). One made by hand has its class's code, address 0, size 0. */
export class PyheapError extends Error implements HeapErrorDetails {
  code: number = ErrorCode.OK;
  address = 0;
  size = 0;
}

/** Python's MemoryError: the heap cannot grow (maxMemory, or 4 GiB less one page). */
export class MemoryError extends PyheapError {
  override name = "MemoryError";
  override code: number = ErrorCode.OUT_OF_MEMORY;
}

/** The debug build found damage: a buffer overrun or underrun, a write
 *  after free, or check() found a broken invariant. */
export class HeapCorruptionError extends PyheapError {
  override name = "HeapCorruptionError";
  override code: number = ErrorCode.CORRUPT;
}

export function hex(address: number): string {
  return "0x" + (address >>> 0).toString(16).padStart(8, "0");
}

/** An argument refused before the module was called (a size that is not
 *  one, a pointer that cannot be one), with the code, address and size a
 *  module error carries: the number given, or 0 for a non-number. */
export function argumentError<E extends Error>(err: E, code: number, given: { address?: unknown; size?: unknown }): E {
  const num = (v: unknown) => (typeof v === "number" ? v : 0);
  return Object.assign(err, { code, address: num(given.address), size: num(given.size) });
}

/** The exception for a code the module recorded during `what`. The
 *  module's i32 results are read as unsigned (addresses and sizes above
 *  2 GiB). */
export function heapError(what: string, details: HeapErrorDetails, maxBytes = 0): Error {
  const d = { code: details.code, address: details.address >>> 0, size: details.size >>> 0 };
  const at = hex(d.address);
  let e: Error;
  switch (d.code) {
    case ErrorCode.NOT_OURS:
      e = new ReferenceError(`${what}: ${at} is not a block allocated by this heap`);
      break;
    case ErrorCode.DOUBLE_FREE:
      e = new ReferenceError(`${what}: the block at ${at} was already freed (double free)`);
      break;
    case ErrorCode.OUT_OF_MEMORY:
      e = new MemoryError(
        `${what}: out of memory` + (maxBytes ? ` (maxMemory is ${maxBytes} bytes)` : ""),
      );
      break;
    case ErrorCode.SIZE_OVERFLOW:
      e = new RangeError(`${what}: size too large for a 32-bit heap`);
      break;
    case ErrorCode.BAD_ALIGNMENT:
      e = new RangeError(`${what}: alignment ${d.size} is not a power of two`);
      break;
    case ErrorCode.WRONG_API:
      e = new ReferenceError(`${what}: the block at ${at} belongs to another allocator family`);
      break;
    case ErrorCode.OVERRUN:
      e = new HeapCorruptionError(`${what}: buffer overrun: byte at ${at} after a block of ${d.size} bytes was overwritten`);
      break;
    case ErrorCode.UNDERRUN:
      e = new HeapCorruptionError(`${what}: buffer underrun: guard at ${at} before a block of ${d.size} bytes was overwritten`);
      break;
    case ErrorCode.USE_AFTER_FREE:
      e = new HeapCorruptionError(`${what}: write after free at ${at} in a freed block of ${d.size} bytes`);
      break;
    case ErrorCode.BAD_REGION:
      e = new RangeError(`${what}: bad heap region: ${at} (bound ${hex(d.size)}); see pyheap_init in include/pyheap.h`);
      break;
    case ErrorCode.CORRUPT:
      e = new HeapCorruptionError(`${what}: heap invariant broken at ${at}`);
      break;
    default:
      e = new Error(`${what}: unknown error code ${d.code} at ${at}`);
  }
  return Object.assign(e, d);
}
