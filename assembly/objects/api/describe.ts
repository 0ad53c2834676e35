// What an object is, as Python says it: its type's name (type(o).__name__
// as error messages give it: tp_name, an instance's class name) and
// repr(o), through the type table's name and repr slots (slots.ts), so that
// every client describes objects as JavaScript's error messages do.

import { T_INSTANCE, typeId } from "../layout";
import { E_NO_MEMORY, E_RANGE, objFail } from "../errors";
import { checkObject } from "../validate";
import { incref } from "../refcount";
import { typeName, cStringLength, reprSlot } from "../slots";
import { CLASS_NAME } from "../klass";
import { instanceClass } from "../instance";
import { strFromUtf8, strNbytes, STR_DATA } from "../str";
import { Text, textNew, textFree, textAscii, textBytes, textHex, textLength } from "../text";

/** The str the text holds (a new reference), the text freed; 0 with
 *  E_NO_MEMORY recorded if it could not be completed or made. */
function textToStr(t: Text): usize {
  let s = t.full ? objFail(E_NO_MEMORY, 0, <u32>t.n) : strFromUtf8(t.p, t.n, textLength(t), 0);
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
  let t = typeId(op);
  if (t == T_INSTANCE) {
    let name = <usize>load<u32>(instanceClass(op), CLASS_NAME);
    incref(name);
    return name;
  }
  let name = typeName(t);
  let n = cStringLength(name);
  return strFromUtf8(name, n, <u32>n, 0);
}

/** repr(op) (a new reference): the type's repr slot, or CPython's
 *  object_repr, <name object at 0x...>. Containers too are written that
 *  way (CPython lists their items). */
export function pyobj_repr(op: usize): usize {
  if (!checkObject(op)) return 0;
  let text = textNew(32);
  if (!text) return 0;
  let repr = reprSlot(op);
  if (repr) repr(op, text);
  else {
    textAscii(text, "<");
    let t = typeId(op);
    if (t == T_INSTANCE) {
      let name = <usize>load<u32>(instanceClass(op), CLASS_NAME);
      textBytes(text, name + STR_DATA, strNbytes(name));
    } else textBytes(text, typeName(t), cStringLength(typeName(t)));
    textAscii(text, " object at ");
    textHex(text, <u32>op, 8, "0x");
    textAscii(text, ">");
  }
  return textToStr(text);
}
