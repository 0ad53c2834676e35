// What a container holds: its child references listed (to the scratch
// buffer), or cleared (tp_clear, as the cycle collector calls it).

import { T_DICT, T_TUPLE, T_LIST, typeId } from "../layout";
import { tupleSize, tupleItem } from "../tuple";
import { listSize, listItems } from "../list";
import { E_OK, objLastError } from "../errors";
import { checkObject } from "../validate";
import { dictTraverse } from "../dict";
import { traverse, clear } from "../slots";
import { scratch, pyobj_scratch } from "./scratch";
import { settle } from "./finalize";

let visited: u32 = 0;
function countChild(child: usize, arg: usize): void {
  visited++;
}
function storeChild(child: usize, arg: usize): void {
  store<u32>(scratch + (<usize>visited << 2), <u32>child);
  visited++;
}

// What op holds, in the order of its contents: tp_traverse, except that
// a dict lists every entry (an instance's embedded __dict__ shows its
// values to the collector through the instance, not through itself) and
// tuples and lists go from the first item (tp_traverse starts at the last).
function children(op: usize, visit: (child: usize, arg: usize) => void): void {
  let t = typeId(op);
  if (t == T_DICT) dictTraverse(op, visit, 0);
  else if (t == T_TUPLE) {
    let n = tupleSize(op);
    for (let i: u32 = 0; i < n; i++) visit(tupleItem(op, i), 0);
  } else if (t == T_LIST) {
    let items = listItems(op);
    let n = listSize(op);
    for (let i: u32 = 0; i < n; i++) visit(load<u32>(items + (<usize>i << 2)), 0);
  } else traverse(op, visit, 0);
}

/** The number of child references of op, written (borrowed) to scratch
 *  in traversal order; dict entries as key, value. -1 on error. */
export function pyobj_children(op: usize): i32 {
  if (!checkObject(op)) return -1;
  visited = 0;
  children(op, countChild);
  let n = visited;
  if (!pyobj_scratch(<usize>n << 2 | 4)) return -1;
  visited = 0;
  children(op, storeChild);
  return <i32>n;
}

/** tp_clear of a container (what the cycle collector calls). */
export function pyobj_clear(op: usize): i32 {
  if (!checkObject(op)) return objLastError();
  clear(op);
  return settle(E_OK);
}
