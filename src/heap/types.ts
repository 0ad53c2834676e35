// Type ids of the object layer (src/constants.ts, generated from the
// module) and Python's names for them.

import { TypeId, N_TYPES, STATIC_SLOT } from "../constants.js";
export { TypeId as T, N_TYPES, STATIC_SLOT };

/** Python's name for each type id (instances are named by their class). */
export const TYPE_NAMES: readonly string[] = [
  "<freed>", "NoneType", "bool", "int", "int", "float", "str", "bytes",
  "tuple", "list", "dict", "set", "type", "object", "cell", "function",
  "weakref.ReferenceType", "weakref.ProxyType",
];
