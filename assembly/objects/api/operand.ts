// The object an operation acts on. A weakref.proxy stands for its
// referent in attribute access, o[key] and len() (CPython's proxy_getattr,
// proxy_getitem, proxy_length, ... forward the same way): every export
// that takes such an operand passes it through operand() first, so that
// C, AssemblyScript and JavaScript callers see the same forwarding.

import { T_PROXY, typeId } from "../layout";
import { E_WRONG_TYPE, objFail } from "../errors";
import { checkObject } from "../validate";
import { proxyReferent } from "../weakref";

/** op, or the referent of proxy op; 0 with the reason recorded if op is
 *  not a live object or the proxy's referent died (E_REFERENCE). */
export function operand(op: usize): usize {
  if (!checkObject(op)) return 0;
  return typeId(op) == T_PROXY ? proxyReferent(op) : op;
}

/** operand(op), which must be of type t (checked once: the object's
 *  validity is not tested again); else 0 with the reason recorded. */
export function operandOfType(op: usize, t: u32): usize {
  if (!(op = operand(op))) return 0;
  return typeId(op) == t ? op : objFail(E_WRONG_TYPE, op, t);
}
