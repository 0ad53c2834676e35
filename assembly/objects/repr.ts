// repr(op) written to a Text (text.ts): the type's repr slot (slots.ts),
// or CPython's object_repr, <name object at 0x...>. A container writes its
// items with reprInto after reprEnter, which does what CPython's
// Py_ReprEnter does -- a container met again inside its own repr is
// written as [...], (...) or {...}; the containers being written carry
// IN_REPR in their type word (layout.ts) -- and stops past MAX_REPR_DEPTH
// levels with E_RECURSION (each level is a call on the engine's stack).

import { MAX_REPR_DEPTH } from "../config";
import { IN_REPR, typeId, typeWord, setTypeWord } from "./layout";
import { E_RECURSION } from "./errors";
import { reprSlot, typeName, cStringLength, ownName } from "./slots";
import { strNbytes, STR_DATA } from "./str";
import { Text, textAscii, textBytes, textHex } from "./text";

let depth: u32 = 0;

/** repr(op), appended to t (nothing once t was cut short). */
export function reprInto(t: Text, op: usize): void {
  if (t.error) return;
  let repr = reprSlot(op);
  if (repr) {
    repr(op, t);
    return;
  }
  textAscii(t, "<");
  textTypeName(t, op);
  textAscii(t, " object at ");
  textAddress(t, op);
  textAscii(t, ">");
}

/** The name of op's type: an instance's class's __name__, else tp_name. */
export function textTypeName(t: Text, op: usize): void {
  let s = ownName(op);
  if (s) textBytes(t, s + STR_DATA, strNbytes(s));
  else {
    let name = typeName(typeId(op));
    textBytes(t, name, cStringLength(name));
  }
}

/** op's address as the reprs show it (%p). */
export function textAddress(t: Text, op: usize): void {
  textHex(t, <u32>op, 8, "0x");
}

/** Before container op writes its items: true, and reprLeave() after
 *  them; false if it must not, because its repr is already being written
 *  further out (then open + "..." + close is written: [...]) or the
 *  nesting is too deep (t cut short with E_RECURSION). */
export function reprEnter(t: Text, op: usize, open: string, close: string): bool {
  let w = typeWord(op);
  if (w & IN_REPR) {
    textAscii(t, open);
    textAscii(t, "...");
    textAscii(t, close);
    return false;
  }
  if (depth == MAX_REPR_DEPTH) {
    t.error = E_RECURSION;
    return false;
  }
  setTypeWord(op, w | IN_REPR);
  depth++;
  return true;
}

/** After container op wrote its items. */
export function reprLeave(op: usize): void {
  setTypeWord(op, typeWord(op) & ~IN_REPR);
  depth--;
}

/** The n references at items, each's repr, separated by ", ". */
export function reprItems(t: Text, items: usize, n: u32): void {
  for (let i: u32 = 0; i < n; i++) {
    if (i) textAscii(t, ", ");
    reprInto(t, <usize>load<u32>(items + (<usize>i << 2)));
  }
}
