// close() for the objects createHeap() and createAllocator() return: from
// then on every other property (methods, views, constants such as
// heap.None) raises the same error, so a closed heap cannot be used by
// mistake, not even through the parts that never reach the module.

/** The error every use of a closed heap or allocator raises. */
export const closedError = (what: string): ReferenceError =>
  new ReferenceError(`pyheap: this ${what} was closed`);

/** Replaces every own property of obj except close() by one that throws. */
export function closeAll(obj: object, what: string): void {
  const get = (): never => {
    throw closedError(what);
  };
  for (const key of Object.keys(obj)) {
    if (key !== "close") Object.defineProperty(obj, key, { get, configurable: true, enumerable: true });
  }
}
