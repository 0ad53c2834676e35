// Where an allocation comes from: the JavaScript frames that called into
// pyheap, most recent first, with pyheap's own frames (its src/ or dist/
// files and the Wasm module) left out. V8 (Node, Chromium) gives the call
// sites as objects; elsewhere the stack text is parsed.

/** One frame: file, line and function (tracemalloc's Frame has the
 *  first two; the function name is pyheap's addition). */
export interface FrameInfo {
  readonly filename: string;
  readonly lineno: number;
  readonly name: string;
}

// Frames in files under this prefix are pyheap's own.
const OWN_PREFIX = new URL("../", import.meta.url).href;
const OWN_PATH = OWN_PREFIX.startsWith("file://") ? decodeURIComponent(new URL(OWN_PREFIX).pathname) : OWN_PREFIX;
/** How many of pyheap's frames may sit between the user's code and the
 *  capture (façade wrappers, the heap's parts, a conversion). */
const OWN_FRAMES_MAX = 10;

export const UNKNOWN_FRAME: FrameInfo = Object.freeze({ filename: "<unknown>", lineno: 0, name: "" });

const isOwn = (file: string): boolean =>
  file.startsWith(OWN_PREFIX) || file.startsWith(OWN_PATH) || file.startsWith("wasm://") || file.startsWith("node:");

const displayName = (file: string): string =>
  file.startsWith("file://") ? decodeURIComponent(new URL(file).pathname) : file;

interface CallSite {
  getFileName(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
  getFunctionName(): string | null;
}
type ErrorCtor = typeof Error & {
  captureStackTrace?(target: object, ctor?: Function): void;
  prepareStackTrace?: (err: Error, sites: CallSite[]) => unknown;
  stackTraceLimit?: number;
};
const E = Error as ErrorCtor;
const asSites = (_: Error, sites: CallSite[]) => sites;

/** A captured stack: V8's call sites, or the engine's text elsewhere. */
export type Stack = CallSite[] | string;

/** The caller's stack, deep enough for `limit` frames beyond pyheap's own.
 *  V8 gives call sites without formatting them (several times cheaper
 *  than the text). */
export function captureStack(limit: number): Stack {
  const savedLimit = E.stackTraceLimit;
  E.stackTraceLimit = limit + OWN_FRAMES_MAX;
  try {
    if (E.captureStackTrace) {
      const savedPrepare = E.prepareStackTrace;
      E.prepareStackTrace = asSites;
      try {
        const holder: { stack?: CallSite[] } = {};
        E.captureStackTrace(holder, captureStack);
        return holder.stack ?? [];
      } finally {
        E.prepareStackTrace = savedPrepare;
      }
    }
    return new Error().stack ?? "";
  } finally {
    E.stackTraceLimit = savedLimit;
  }
}

/** A key equal for equal stacks: the positions of the first `limit`
 *  frames that are not pyheap's (only their file is read for the others). */
export function stackKey(stack: Stack, limit: number): string {
  if (typeof stack === "string") return stack;
  let k = "";
  let n = 0;
  for (const s of stack) {
    const file = s.getFileName() ?? "";
    if (!file || isOwn(file)) continue;
    k += `${file}:${s.getLineNumber()}:${s.getColumnNumber()}|`;
    if (++n >= limit) break;
  }
  return k;
}

// Source maps (Node with --enable-source-maps, tsx, vitest): a generated
// position is mapped back to the source's, once per position.
type SourceMapLike = { findEntry(line: number, col: number): { originalSource?: string; originalLine?: number } };
const proc = (globalThis as { process?: { getBuiltinModule?(id: string): unknown; sourceMapsEnabled?: boolean } }).process;
const nodeModule = proc?.getBuiltinModule?.("node:module") as { findSourceMap?(path: string): SourceMapLike | undefined } | undefined;
const mapped = new Map<string, [string, number]>();
function original(file: string, line: number, col: number): [string, number] {
  if (!nodeModule?.findSourceMap || !proc?.sourceMapsEnabled) return [file, line];
  const k = `${file}:${line}:${col}`;
  let m = mapped.get(k);
  if (!m) {
    m = [file, line];
    try {
      const e = nodeModule.findSourceMap(file)?.findEntry(line - 1, col - 1);
      if (e && e.originalSource && typeof e.originalLine === "number") m = [e.originalSource, e.originalLine + 1];
    } catch {
      // no map for this file: the generated position stands
    }
    mapped.set(k, m);
  }
  return m;
}

// V8: "    at name (file:line:col)" or "    at file:line:col";
// Firefox and Safari: "name@file:line:col".
const V8_LINE = /^\s*at (?:(.*?) \()?(.+?):(\d+):\d+\)?$/;
const GECKO_LINE = /^(.*?)@(.+):(\d+):\d+$/;

/** Up to `limit` of the user's frames in a stack from captureStack(),
 *  most recent first (at least one: "<unknown>" if none is left). */
export function parseStack(stack: Stack, limit: number): FrameInfo[] {
  const out: FrameInfo[] = [];
  if (typeof stack !== "string" && typeof E.prepareStackTrace === "function") {
    // The host formats stacks itself (vitest, source-map-support): its text
    // has the positions it maps, so parse that.
    try {
      stack = String(E.prepareStackTrace(new Error(), stack));
    } catch {
      // keep the call sites
    }
  }
  if (typeof stack !== "string") {
    for (const s of stack) {
      const file = s.getFileName() ?? "";
      if (!file || isOwn(file)) continue;
      const [src, line] = original(file, s.getLineNumber() ?? 0, s.getColumnNumber() ?? 0);
      if (isOwn(src)) continue;
      out.push({ filename: displayName(src), lineno: line, name: s.getFunctionName() || "<anonymous>" });
      if (out.length >= limit) break;
    }
  } else {
    for (const line of stack.split("\n")) {
      const m = V8_LINE.exec(line) ?? GECKO_LINE.exec(line.trim());
      if (!m || isOwn(m[2])) continue;
      const name = (m[1] ?? "").replace(/^async /, "") || "<anonymous>";
      out.push({ filename: displayName(m[2]), lineno: Number(m[3]), name });
      if (out.length >= limit) break;
    }
  }
  if (out.length === 0) out.push(UNKNOWN_FRAME);
  return out;
}
