// Reads the function names of a Wasm module's "name" section (for tests
// that check which code a linker kept).

/** Function names in the module's name section (wasm-ld keeps it unless
 *  told to strip). */
export function functionNames(bytes: Uint8Array): string[] {
  let i = 8;
  const leb = () => { let r = 0, s = 0, x; do { x = bytes[i++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80); return r >>> 0; };
  const names: string[] = [];
  while (i < bytes.length) {
    const id = bytes[i++], size = leb(), end = i + size;
    if (id === 0) {
      const n = leb(), section = new TextDecoder().decode(bytes.subarray(i, i + n));
      i += n;
      if (section === "name") {
        while (i < end) {
          const sub = bytes[i++], subSize = leb(), subEnd = i + subSize;
          if (sub === 1) {
            for (let count = leb(); count > 0; count--) {
              leb();
              const len = leb();
              names.push(new TextDecoder().decode(bytes.subarray(i, i + len)));
              i += len;
            }
          }
          i = subEnd;
        }
      }
    }
    i = end;
  }
  return names;
}
