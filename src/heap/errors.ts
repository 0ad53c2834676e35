// Python's exceptions as JavaScript errors, and the translation of the
// object layer's error codes (assembly/objects/errors.ts) into them. Each
// names the object concerned; the heap is unchanged when one is raised.

import { MemoryError, PyheapError, hex } from "../errors.js";
import { ErrorCode, TypeId, UNHASHABLE_GONE } from "../constants.js";

/** Python's KeyError: a dict has no such key. */
export class KeyError extends PyheapError {
  override name = "KeyError";
  override code: number = ErrorCode.KEY;
}
/** Python's IndexError: a sequence index out of range. */
export class IndexError extends PyheapError {
  override name = "IndexError";
  override code: number = ErrorCode.INDEX;
}
/** Python's AttributeError. */
export class AttributeError extends PyheapError {
  override name = "AttributeError";
  override code: number = ErrorCode.ATTRIBUTE;
}
/** Python's ValueError (an empty cell's contents). */
export class ValueError extends PyheapError {
  override name = "ValueError";
  override code: number = ErrorCode.EMPTY_CELL;
}

/** Python's RecursionError: a repr() nested too deep. */
export class RecursionError extends PyheapError {
  override name = "RecursionError";
  override code: number = ErrorCode.RECURSION;
}

/** What the facade knows to describe the objects named in an error. */
export interface Describe {
  typeName(op: number): string;
  repr(op: number): string;
}

export interface ObjErrorInfo {
  code: number;
  address: number;
  detail: number;
}

/** The exception for an object-layer error raised during `what`. */
/** `attribute`: the attribute an AttributeError names, when the caller
 *  has it (the module's record may no longer point to the name). */
export function objectError(what: string, e: ObjErrorInfo, d: Describe, attribute?: string): Error {
  const at = hex(e.address);
  let err: Error;
  switch (e.code) {
    case ErrorCode.NOT_OBJECT:
      err = new ReferenceError(`${what}: ${at} is not a live object of this heap`);
      break;
    case ErrorCode.FREED:
      err = new ReferenceError(`${what}: the object at ${at} was freed`);
      break;
    case ErrorCode.BELOW_ZERO:
      err = new ReferenceError(
        `${what}: the refcount of ${at} would drop below zero (a decref without a matching reference)`,
      );
      break;
    case ErrorCode.WRONG_TYPE:
      err = new TypeError(`${what}: ${wrongType(what, d.typeName(e.address), e.detail)}`);
      break;
    case ErrorCode.OUT_OF_MEMORY:
      err = new MemoryError(`${what}: out of memory`);
      break;
    case ErrorCode.INDEX: {
      const t = d.typeName(e.address);
      const kind = t === "str" ? "string" : t === "bytes" ? "" : t;
      const assign = what.startsWith("setitem") || what.startsWith("delitem") ? " assignment" : "";
      err = new IndexError(`${what}: ${kind ? kind + assign + " " : ""}index out of range`);
      break;
    }
    case ErrorCode.KEY:
      err = new KeyError(`${what}: ${d.repr(e.address)}`);
      break;
    case ErrorCode.UNHASHABLE:
      err = new TypeError(`${what}: ${e.detail === UNHASHABLE_GONE ? "weak object has gone away" : `unhashable type: '${d.typeName(e.address)}'`}`);
      break;
    case ErrorCode.ATTRIBUTE: {
      const t = d.typeName(e.address);
      const name = attribute ?? (e.detail ? d.repr(e.detail).slice(1, -1) : "?");
      err = new AttributeError(`${what}: '${t}' object has no attribute '${name}'`);
      break;
    }
    case ErrorCode.EMPTY_CELL:
      err = new ValueError(`${what}: Cell is empty`);
      break;
    case ErrorCode.REFERENCE:
      err = new ReferenceError(`${what}: weakly-referenced object no longer exists`);
      break;
    case ErrorCode.RECURSION:
      err = new RecursionError(`${what}: maximum recursion depth exceeded while getting the repr of an object`);
      break;
    case ErrorCode.RANGE:
      err = new RangeError(`${what}: value out of range (${e.detail})`);
      break;
    default:
      err = new Error(`${what}: object layer error ${e.code} at ${at}`);
  }
  return Object.assign(err, { code: e.code, address: e.address, size: 0 });
}

const EXPECTED: Record<number, string> = {
  [TypeId.INT]: "an int", [TypeId.FLOAT]: "a float", [TypeId.STR]: "a str", [TypeId.BYTES]: "bytes",
  [TypeId.TUPLE]: "a tuple", [TypeId.LIST]: "a list", [TypeId.DICT]: "a dict", [TypeId.SET]: "a set",
  [TypeId.TYPE]: "a class", [TypeId.INSTANCE]: "an instance", [TypeId.CELL]: "a cell", [TypeId.FUNCTION]: "a function",
};

function wrongType(what: string, actual: string, expected: number): string {
  if (what.startsWith("setattr") && expected === TypeId.DICT) return `__dict__ must be set to a dictionary, not a '${actual}'`;
  if (what.startsWith("len")) return `object of type '${actual}' has no len()`;
  if (what.startsWith("getitem")) return `'${actual}' object is not subscriptable`;
  if (what.startsWith("setitem") || what.startsWith("delitem")) {
    return `'${actual}' object does not support item ${what.startsWith("set") ? "assignment" : "deletion"}`;
  }
  return `expected ${EXPECTED[expected] ?? "another type"}, got '${actual}' object`;
}
