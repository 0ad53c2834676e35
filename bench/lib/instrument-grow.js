// Counts memory.grow calls of any wasm module.
//
// instrumentGrow(bytes) returns a new binary in which every `memory.grow`
// expression is replaced by a call to an added function `$__grow_counted`
// that increments an added mutable i32 global and then performs the same
// grow; the global is exported as `__grow_count`. Used at build time for the
// committed baselines and at bench time for pyheap's own module.
//
// Why text round-tripping: binaryen.js has no generic expression walker with
// parent replacement, while its text printer/parser round-trips its own
// output losslessly. We rewrite the `(memory.grow` tokens in binaryen's
// printed form (names there always start with `$`, so the token cannot occur
// inside a name), re-parse, validate, and check that the number of rewritten
// sites equals the number of memory.grow expressions found. Custom sections
// other than "name" (DWARF, producers) are not carried over.
//
// CLI: node bench/lib/instrument-grow.js in.wasm out.wasm
import binaryen from "binaryen";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const GROW_COUNT_EXPORT = "__grow_count";
const WRAPPER = "$__grow_counted";
const GLOBAL = "$__grow_count";

/**
 * True if the binary already exports `__grow_count` (e.g. a committed,
 * pre-instrumented baseline), so instrumenting twice is avoided.
 * @param {Uint8Array} bytes
 */
export function isInstrumented(bytes) {
  const mod = new WebAssembly.Module(bytes);
  return WebAssembly.Module.exports(mod).some((e) => e.name === GROW_COUNT_EXPORT);
}

/**
 * @param {Uint8Array} bytes wasm binary
 * @returns {{ bytes: Uint8Array, sites: number }} instrumented binary and
 *   the number of memory.grow expressions that were rewritten
 */
export function instrumentGrow(bytes) {
  // debugInfo makes binaryen read and write the name section, so profiles of
  // instrumented modules keep their function names. Without an input name
  // section it would invent numeric names, so then none is written.
  const hasNames = WebAssembly.Module.customSections(new WebAssembly.Module(bytes), "name").length > 0;
  const prevDebug = binaryen.getDebugInfo();
  binaryen.setDebugInfo(hasNames);
  try {
    return instrument(bytes);
  } finally {
    binaryen.setDebugInfo(prevDebug);
  }
}

/** @param {Uint8Array} bytes */
function instrument(bytes) {
  const features = binaryen.Features.All;
  const src = binaryen.readBinary(bytes);
  src.setFeatures(features);
  // Stay in step with the binary: no optimisation is run, before or after.
  const text = src.emitText();
  src.dispose();

  // The (single) memory's name, needed by the wrapper's own memory.grow when
  // the printer spells memory names out.
  const memMatch = /\(memory \$([^\s()]+)/.exec(text) ||
    /\(import "[^"]*" "[^"]*" \(memory \$([^\s()]+)/.exec(text);
  if (!memMatch) throw new Error("instrumentGrow: module has no memory");
  if ((text.match(/^\s*\((import "[^"]*" "[^"]*" )?\(memory /gm) || []).length > 1) {
    throw new Error("instrumentGrow: multi-memory modules are not supported");
  }
  if (text.includes(WRAPPER) || /\(export "__grow_count"/.test(text)) {
    throw new Error("instrumentGrow: module is already instrumented");
  }

  // `(memory.grow` optionally followed by an explicit memory name.
  let sites = 0;
  let body = text.replace(/\(memory\.grow(\s+\$[^\s()]+)?(?=[\s)])/g, () => {
    sites++;
    return `(call ${WRAPPER}`;
  });

  // Insert the global, the wrapper and the export before the module's final ")".
  const extra = `
 (global ${GLOBAL} (mut i32) (i32.const 0))
 (export "${GROW_COUNT_EXPORT}" (global ${GLOBAL}))
 (func ${WRAPPER} (param $pages i32) (result i32)
  (global.set ${GLOBAL} (i32.add (global.get ${GLOBAL}) (i32.const 1)))
  (memory.grow $${memMatch[1]} (local.get $pages))
 )
`;
  const end = body.lastIndexOf(")");
  body = body.slice(0, end) + extra + body.slice(end);

  const out = binaryen.parseText(body);
  out.setFeatures(features);
  if (!out.validate()) {
    out.dispose();
    throw new Error("instrumentGrow: instrumented module failed validation");
  }
  // Sanity check: the only memory.grow left is the wrapper's own.
  const check = out.emitText();
  const left = (check.match(/\(memory\.grow[\s)]/g) || []).length;
  if (left !== 1) {
    out.dispose();
    throw new Error(`instrumentGrow: expected 1 memory.grow after rewrite, found ${left}`);
  }
  const result = out.emitBinary();
  out.dispose();
  // V8 must accept it too (catches feature-section surprises).
  new WebAssembly.Module(result);
  return { bytes: result, sites };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    console.error("usage: node bench/lib/instrument-grow.js in.wasm out.wasm");
    process.exit(2);
  }
  const { bytes, sites } = instrumentGrow(readFileSync(input));
  writeFileSync(output, bytes);
  console.log(`instrument-grow: ${input} -> ${output} (${sites} memory.grow site(s), ${bytes.length} bytes)`);
}
