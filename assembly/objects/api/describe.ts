// What an object is, as Python says it: its type's name (type(o).__name__
// as error messages give it: tp_name, an instance's class name) and
// repr(o), through the type table's name and repr slots (slots.ts), so that
// every client describes objects as JavaScript's error messages do.

import { typeId } from "../layout";
import { E_RANGE, objFail } from "../errors";
import { checkObject } from "../validate";
import { incref } from "../refcount";
import { typeName, cStringLength, ownName } from "../slots";
import { strFromUtf8 } from "../str";
import { Text, textNew, textFree, textLength } from "../text";
import { reprInto } from "../repr";

/** The str the text holds (a new reference), the text freed; 0 with the
 *  reason recorded (E_NO_MEMORY, E_RECURSION) if it was cut short or
 *  could not be made. */
function textToStr(t: Text): usize {
  let s = t.error ? objFail(t.error, 0, <u32>t.n) : strFromUtf8(t.p, t.n, textLength(t), 0);
  textFree(t);
  return s;
}

/** The name of type id t ('int', 'weakref.ProxyType', ...: tp_name), a
 *  NUL-terminated UTF-8 string in the module's data (borrowed); 0 (E_RANGE)
 *  if no type has that id. */
export function pyobj_type_id_name(t: u32): usize {
  let name = typeName(t);
  return name ? name : objFail(E_RANGE, 0, t);
}

/** The name of op's type, a str (a new reference): its class's __name__
 *  for an instance, else its type's name. */
export function pyobj_type_name(op: usize): usize {
  if (!checkObject(op)) return 0;
  let own = ownName(op);
  if (own) {
    incref(own);
    return own;
  }
  let name = typeName(typeId(op));
  let n = cStringLength(name);
  return strFromUtf8(name, n, <u32>n, 0);
}

/** repr(op) (a new reference): the type's repr slot, or CPython's
 *  object_repr, <name object at 0x...>; 0 with E_NO_MEMORY, or
 *  E_RECURSION for containers nested too deep (CPython's
 *  RecursionError). */
export function pyobj_repr(op: usize): usize {
  if (!checkObject(op)) return 0;
  let text = textNew(32);
  if (!text) return 0;
  reprInto(text, op);
  return textToStr(text);
}
