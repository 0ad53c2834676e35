// A trace of the user's own program, for `npm run bench -- --trace FILE`.
//
// FILE is either the binary op format of ops.js (.ops, or gzipped .ops.gz)
// or text, one operation per line (bench/traces/README.md):
//   malloc ID SIZE       calloc ID N SIZE       realloc ID SIZE       free ID
// where ID is any token naming a live block; `#` starts a comment. Blocks
// still live at the end are freed (programs often exit without freeing).
// Anything malformed is refused with the line (text) or op (binary) number
// and what is wrong, before the bench starts.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { basename } from "node:path";
import { OpWriter, validateOps, validWindow } from "./ops.js";
import { TraceError } from "../lib/usage-error.js";

const ARGS = { malloc: ["ID", "SIZE"], calloc: ["ID", "N", "SIZE"], realloc: ["ID", "SIZE"], free: ["ID"] };
const MAX = 0xFFFFFFFF;

/** Whole number of bytes that fits a wasm32 size_t, or undefined. */
function whole(s) {
  if (!/^\d+$/.test(s)) return undefined;
  const n = Number(s);
  return n <= MAX ? n : undefined;
}

/** @param {string} text @param {string} file @returns {{ ops: Uint32Array, freedAtEnd: number }} */
export function parseTextTrace(text, file) {
  const w = new OpWriter();
  /** @type {Map<string, number>} */
  const live = new Map();
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    const fail = (what) => { throw new TraceError(`${file}:${i + 1}: ${what}`); };
    const line = raw.replace(/#.*/, "").trim();
    if (!line) return;
    const [op, ...args] = line.split(/\s+/);
    const want = ARGS[op];
    if (!want) fail(`unknown operation "${op}" (expected malloc, calloc, realloc or free)`);
    if (args.length !== want.length) fail(`${op} takes ${want.join(" ")}, got ${args.length} field${args.length === 1 ? "" : "s"}`);
    const id = args[0];
    const num = (k) => {
      const n = whole(args[k]);
      if (n === undefined) fail(`${want[k]} "${args[k]}" is not a whole number below 2^32`);
      return /** @type {number} */ (n);
    };
    if (op === "malloc" || op === "calloc") {
      if (live.has(id)) fail(`${op} of ${id}, which is already live (free it first)`);
      const size = op === "malloc" ? num(1) : num(1) * num(2);
      if (size > MAX) fail(`calloc of ${args[1]} x ${args[2]} bytes is 4 GiB or more`);
      live.set(id, op === "malloc" ? w.malloc(size) : w.calloc(size));
    } else {
      const slot = live.get(id);
      if (slot === undefined) fail(`${op} of ${id}, which is not live${op === "realloc" ? " (a realloc of a new block is a malloc)" : ""}`);
      if (op === "realloc") w.realloc(slot, num(1));
      else { w.free(/** @type {number} */ (slot)); live.delete(id); }
    }
  });
  const freedAtEnd = live.size;
  for (const slot of live.values()) w.free(slot);
  const ops = w.finish();
  if (!ops.length) throw new TraceError(`${file}: no operations (only blank lines and comments)`);
  return { ops, freedAtEnd };
}

/** @param {Buffer} bytes @param {string} file @returns {{ ops: Uint32Array, freedAtEnd: number }} */
export function parseBinaryTrace(bytes, file) {
  if (bytes.length === 0) throw new TraceError(`${file}: empty`);
  if (bytes.length % 8) throw new TraceError(`${file}: ${bytes.length} bytes is not a whole number of ops (8 bytes each: two little-endian u32 words)`);
  const ops = new Uint32Array(bytes.length / 4);
  new Uint8Array(ops.buffer).set(bytes);
  try {
    validateOps(ops, { histogram: false });
    return { ops, freedAtEnd: 0 };
  } catch (e) {
    const msg = /** @type {Error} */ (e).message;
    const end = /^workload ends with (\d+) live slots$/.exec(msg);
    // Every op was valid; only the frees at the end are missing.
    if (end) return { ops: validWindow(ops, 0, ops.length / 2 + Number(end[1])).ops, freedAtEnd: Number(end[1]) };
    throw new TraceError(`${file}: ${msg.replace(/^op (\d+)/, (_, n) => `op ${Number(n) + 1}`)}`);
  }
}

/**
 * Reads and checks FILE; returns a workload for the alloc suite.
 * @param {string} file
 */
export function userTraceWorkload(file) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new TraceError(`--trace ${file}: ${/** @type {Error} */ (e).message.replace(/^\w+: /, "")}`);
  }
  let parsed;
  if (file.endsWith(".ops.gz")) {
    let raw;
    try { raw = gunzipSync(bytes); } catch (e) { throw new TraceError(`${file}: not gzip data (${/** @type {Error} */ (e).message})`); }
    parsed = parseBinaryTrace(raw, file);
  } else if (file.endsWith(".ops")) {
    parsed = parseBinaryTrace(bytes, file);
  } else {
    parsed = parseTextTrace(bytes.toString("utf8"), file);
  }
  const { ops, freedAtEnd } = parsed;
  const meta = validateOps(ops);
  const name = basename(file).replace(/\.(ops\.gz|ops|txt|trace)$/, "");
  const description = `your trace \`${basename(file)}\` (${meta.ops.toLocaleString("en-US")} ops` +
    `${freedAtEnd ? `; ${freedAtEnd.toLocaleString("en-US")} blocks still live at the end were freed` : ""})`;
  return { name, kind: "user-trace", description, load: async () => ({ ops, meta }) };
}
