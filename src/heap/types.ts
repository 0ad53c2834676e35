// Type ids of the object layer, mirroring assembly/objects/layout.ts (the
// layout's one source of truth; test/heap.layout.test.ts checks that the
// two agree).

export const T = {
  DEAD: 0, NONE: 1, BOOL: 2, INT: 3, UINT: 4, FLOAT: 5, STR: 6, BYTES: 7,
  TUPLE: 8, LIST: 9, DICT: 10, SET: 11, TYPE: 12, INSTANCE: 13, CELL: 14, FUNCTION: 15,
  WEAKREF: 16, PROXY: 17,
} as const;
export const N_TYPES = 18;

/** Python's name for each type id (instances are named by their class). */
export const TYPE_NAMES: readonly string[] = [
  "<freed>", "NoneType", "bool", "int", "int", "float", "str", "bytes",
  "tuple", "list", "dict", "set", "type", "object", "cell", "function",
  "weakref.ReferenceType", "weakref.ProxyType",
];

/** Bytes between consecutive static objects (statics.ts). */
export const STATIC_SLOT = 32;
