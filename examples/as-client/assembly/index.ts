// An AssemblyScript program that uses pyheap as its allocator, compiled
// from pyheap's sources (`import ... from "pyheap/assembly"` resolves to
// node_modules/pyheap/assembly/index.ts). It keeps its data in pyheap's
// blocks through @unmanaged classes and load/store.
//
// Compile with `--runtime stub` and allocate nothing managed (no `new` of
// managed classes, arrays or string concatenation): AssemblyScript's own
// runtime heap would also start at __heap_base, where pyheap's heap is.

import { malloc, realloc, free, pyheap_check, pyheap_stats } from "pyheap/assembly";

// A singly linked list node, laid out by hand in a pyheap block.
@unmanaged class Node {
  value: i64;
  next: usize;
}

/** Builds a list of 0..n-1 in pyheap blocks, sums it, frees it. */
export function sumList(n: i32): i64 {
  let head: usize = 0;
  for (let i = n - 1; i >= 0; i--) {
    let node = changetype<Node>(malloc(offsetof<Node>()));
    if (!changetype<usize>(node)) return -1;
    node.value = i;
    node.next = head;
    head = changetype<usize>(node);
  }
  let sum: i64 = 0;
  while (head) {
    let node = changetype<Node>(head);
    sum += node.value;
    head = node.next;
    free(changetype<usize>(node));
  }
  return sum;
}

let text: usize = 0;
let textLength: usize = 0;
let textCapacity: usize = 0;

function appendByte(b: u8): bool {
  if (textLength == textCapacity) {
    let capacity = textCapacity ? textCapacity * 2 : 8;
    let grown = realloc(text, capacity); // 0 leaves `text` valid
    if (!grown) return false;
    text = grown;
    textCapacity = capacity;
  }
  store<u8>(text + textLength++, b);
  return true;
}

/** Writes "0,1,...,n-1" into a block grown by realloc; returns its address
 *  (the length is textLen()). */
export function joinNumbers(n: i32): usize {
  free(text);
  text = textLength = textCapacity = 0;
  for (let i = 0; i < n; i++) {
    if (i && !appendByte(0x2c)) return 0; // ','
    // Digits, most significant first, without allocating a string.
    let div = 1;
    while (div * 10 <= i) div *= 10;
    for (let v = i; div; div /= 10) {
      if (!appendByte(<u8>(0x30 + v / div))) return 0;
      v %= div;
    }
  }
  return text;
}
export function textLen(): usize {
  return textLength;
}

/** pyheap's heap walk: 0 when every invariant holds. */
export function check(): i32 {
  return pyheap_check();
}
/** pyheap's statistics record (layout in pyheap's assembly/stats.ts). */
export function stats(): usize {
  return pyheap_stats();
}
