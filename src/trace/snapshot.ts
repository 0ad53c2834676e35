// tracemalloc's Python-side classes (Lib/tracemalloc.py), camelCased:
// Frame, Traceback, Trace, Statistic, StatisticDiff, Filter, DomainFilter
// and Snapshot, with Python's grouping, sort orders and texts. A trace's
// domain is the tag the allocation was made under (pyheap_trace_tag; 0
// for none).
//
// In sampling mode (snapshot.sampleBytes > 0) each trace is one sampled
// block; statistics scale it to the bytes and blocks it stands for on
// average (Go's heap-profile scaling) and are marked `estimated`.

import { ValueError } from "../heap/errors.js";
import type { FrameInfo } from "./frames.js";

/** Python's _format_size(). */
export function formatSize(size: number, sign: boolean): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  for (const unit of units) {
    if (Math.abs(size) < 100 && unit !== "B") {
      return `${sign ? plus(size, 1) : ""}${pyFixed(size, 1)} ${unit}`;
    }
    if (Math.abs(size) < 10 * 1024 || unit === "TiB") {
      return `${sign ? plus(size, 0) : ""}${pyFixed(size, 0)} ${unit}`;
    }
    size /= 1024;
  }
  throw new Error("unreachable");
}
// "%+.0f": the sign, then the digits ("-" comes with them).
const plus = (x: number, digits: number) => (pyFixed(x, digits).startsWith("-") ? "" : "+");
/** "%.Nf" as Python prints it: an exact tie rounds half to even, where
 *  toFixed rounds it away from zero. */
function pyFixed(x: number, digits: number): string {
  const m = Math.abs(x) * 10 ** digits;
  if (Number.isInteger(m * 2) && !Number.isInteger(m) && Math.floor(m) % 2 === 0) {
    const down = (Math.floor(m) / 10 ** digits).toFixed(digits);
    return x < 0 ? `-${down}` : down;
  }
  return x.toFixed(digits);
}

export class Frame implements FrameInfo {
  constructor(readonly filename: string, readonly lineno: number, readonly name: string = "") {}
  toString(): string {
    return `${this.filename}:${this.lineno}`;
  }
  equals(other: Frame): boolean {
    return this.filename === other.filename && this.lineno === other.lineno;
  }
}

const frameKey = (f: FrameInfo) => `${f.filename}\u0000${f.lineno}`;

/** Frames from the oldest to the most recent, as Python's Traceback. */
export class Traceback {
  readonly frames: readonly Frame[];
  /** Key for grouping: tracebacks with equal frames have equal keys. */
  readonly key: string;
  constructor(frames: readonly Frame[], readonly totalNframe?: number) {
    this.frames = frames;
    this.key = frames.map(frameKey).join("\u0001");
  }
  get length(): number {
    return this.frames.length;
  }
  /** Python's str(traceback): its first (oldest) frame. */
  toString(): string {
    return String(this.frames[0]);
  }
  /** Python's Traceback.format(): '  File "f", line n' per frame (no
   *  source lines: the JavaScript source is not at hand). */
  format(limit?: number, mostRecentFirst = false): string[] {
    let fs = this.frames.slice();
    if (limit !== undefined) fs = limit > 0 ? fs.slice(-limit) : fs.slice(0, limit);
    if (mostRecentFirst) fs.reverse();
    return fs.map((f) => `  File "${f.filename}", line ${f.lineno}${f.name ? `, in ${f.name}` : ""}`);
  }
}

/** Python's ordering of tracebacks: their (filename, lineno) tuples, oldest first. */
export function compareTracebacks(a: Traceback, b: Traceback): number {
  const n = Math.min(a.frames.length, b.frames.length);
  for (let i = 0; i < n; i++) {
    const x = a.frames[i], y = b.frames[i];
    if (x.filename !== y.filename) return x.filename < y.filename ? -1 : 1;
    if (x.lineno !== y.lineno) return x.lineno < y.lineno ? -1 : 1;
  }
  return a.frames.length - b.frames.length;
}

export interface Trace {
  /** The tag the block was allocated under (0: none). */
  readonly domain: number;
  /** Bytes requested. */
  readonly size: number;
  readonly traceback: Traceback;
}

export class Statistic {
  constructor(
    readonly traceback: Traceback,
    public size: number,
    public count: number,
    /** Scaled from samples (sampling mode): averages, not exact counts. */
    readonly estimated = false,
  ) {}
  toString(): string {
    const e = this.estimated ? "~" : "";
    let text = `${this.traceback}: size=${e}${formatSize(this.size, false)}, count=${e}${Math.round(this.count)}`;
    if (this.count) text += `, average=${formatSize(this.size / this.count, false)}`;
    return text;
  }
}

export class StatisticDiff {
  constructor(
    readonly traceback: Traceback,
    readonly size: number,
    readonly sizeDiff: number,
    readonly count: number,
    readonly countDiff: number,
    readonly estimated = false,
  ) {}
  toString(): string {
    const e = this.estimated ? "~" : "";
    const cd = Math.round(this.countDiff);
    let text = `${this.traceback}: size=${e}${formatSize(this.size, false)} (${formatSize(this.sizeDiff, true)}), `
      + `count=${e}${Math.round(this.count)} (${cd >= 0 ? "+" : ""}${cd})`;
    if (this.count) text += `, average=${formatSize(this.size / this.count, false)}`;
    return text;
  }
}

// ---------------------------------------------------------------- filters

/** fnmatch.fnmatch's pattern (POSIX: case-sensitive) as a RegExp. */
function fnmatchRegExp(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[") {
      const j = pattern.indexOf("]", i + 2 <= pattern.length ? i + (pattern[i + 1] === "!" ? 3 : 2) - 1 : i + 1);
      if (j < 0) re += "\\[";
      else {
        let body = pattern.slice(i + 1, j).replace(/\\/g, "\\\\");
        if (body.startsWith("!")) body = "^" + body.slice(1);
        else if (body.startsWith("^")) body = "\\" + body;
        re += `[${body}]`;
        i = j;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^(?:${re})$`, "s");
}

export abstract class BaseFilter {
  constructor(readonly inclusive: boolean) {}
  /** @internal */
  abstract match(trace: Trace): boolean;
}

/** Python's tracemalloc.Filter. */
export class Filter extends BaseFilter {
  private readonly re: RegExp;
  constructor(
    inclusive: boolean,
    readonly filenamePattern: string,
    readonly lineno: number | null = null,
    readonly allFrames = false,
    readonly domain: number | null = null,
  ) {
    super(inclusive);
    if (typeof filenamePattern !== "string") throw new TypeError("Filter: filenamePattern must be a string");
    this.re = fnmatchRegExp(filenamePattern);
  }
  private matchFrame(f: Frame): boolean {
    return this.re.test(f.filename) && (this.lineno === null || this.lineno === undefined || f.lineno === this.lineno);
  }
  match(trace: Trace): boolean {
    // trace.traceback.frames is oldest first; Python's raw traceback[0]
    // is the most recent frame.
    const fs = trace.traceback.frames;
    let res: boolean;
    if (this.allFrames) res = fs.some((f) => this.matchFrame(f)) ? this.inclusive : !this.inclusive;
    else res = this.matchFrame(fs[fs.length - 1]) !== !this.inclusive;
    if (this.domain !== null && this.domain !== undefined) {
      return this.inclusive ? res && trace.domain === this.domain : res || trace.domain !== this.domain;
    }
    return res;
  }
}

/** Python's tracemalloc.DomainFilter: by the allocation's tag. */
export class DomainFilter extends BaseFilter {
  constructor(inclusive: boolean, readonly domain: number) {
    super(inclusive);
  }
  match(trace: Trace): boolean {
    return (trace.domain === this.domain) !== !this.inclusive;
  }
}

// --------------------------------------------------------------- snapshot

export type KeyType = "filename" | "lineno" | "traceback";
const KEY_TYPES: readonly string[] = ["traceback", "filename", "lineno"];

/** Python's repr() of a key_type argument, for the ValueError text. */
const pyRepr = (v: unknown): string => {
  if (typeof v === "string") return `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  return String(v);
};

export class Snapshot {
  constructor(
    readonly traces: readonly Trace[],
    readonly tracebackLimit: number,
    /** Mean bytes between samples when the snapshot was sampled; 0 = exact. */
    readonly sampleBytes = 0,
  ) {}

  /** Scale of one sampled block of `size` bytes: the blocks it stands for. */
  private blocksFor(size: number): number {
    const r = this.sampleBytes;
    if (!r) return 1;
    return size === 0 ? 1 : 1 / (1 - Math.exp(-size / r));
  }

  private groupBy(keyType: unknown, cumulative: boolean): Map<string, Statistic> {
    if (typeof keyType !== "string" || !KEY_TYPES.includes(keyType)) {
      throw new ValueError(`unknown key_type: ${pyRepr(keyType)}`);
    }
    if (cumulative && keyType !== "lineno" && keyType !== "filename") {
      throw new ValueError(`cumulative mode cannot by used with key type ${pyRepr(keyType)}`);
    }
    const est = this.sampleBytes > 0;
    const stats = new Map<string, Statistic>();
    const keyed = new Map<string, Traceback>();
    const add = (tb: Traceback, trace: Trace) => {
      const k = this.blocksFor(trace.size);
      const s = stats.get(tb.key);
      if (s) {
        s.size += trace.size * k;
        s.count += k;
      } else stats.set(tb.key, new Statistic(tb, trace.size * k, k, est));
    };
    const tracebackOf = (cacheKey: string, make: () => Frame[]): Traceback => {
      let tb = keyed.get(cacheKey);
      if (!tb) keyed.set(cacheKey, (tb = new Traceback(make())));
      return tb;
    };
    for (const trace of this.traces) {
      const fs = trace.traceback.frames;
      if (!cumulative) {
        if (keyType === "traceback") add(trace.traceback, trace);
        else {
          const recent = fs[fs.length - 1];
          add(keyType === "lineno"
            ? tracebackOf(`l${frameKey(recent)}`, () => [recent])
            : tracebackOf(`f${recent.filename}`, () => [new Frame(recent.filename, 0)]), trace);
        }
      } else {
        // Every frame of the trace, as Python (a frame repeated in one
        // traceback counts again).
        for (let i = fs.length - 1; i >= 0; i--) {
          const f = fs[i];
          add(keyType === "lineno"
            ? tracebackOf(`l${frameKey(f)}`, () => [f])
            : tracebackOf(`f${f.filename}`, () => [new Frame(f.filename, 0)]), trace);
        }
      }
    }
    return stats;
  }

  /** Python's Snapshot.statistics(key_type, cumulative=False), sorted as
   *  Python sorts them: by size, count, then traceback, largest first. */
  statistics(keyType: KeyType, cumulative = false): Statistic[] {
    const list = [...this.groupBy(keyType, cumulative).values()];
    list.sort((a, b) => b.size - a.size || b.count - a.count || compareTracebacks(b.traceback, a.traceback));
    return list;
  }

  /** Python's Snapshot.compare_to(old_snapshot, key_type, cumulative=False). */
  compareTo(old: Snapshot, keyType: KeyType, cumulative = false): StatisticDiff[] {
    if (!(old instanceof Snapshot)) throw new TypeError("compareTo: expected a Snapshot");
    const now = this.groupBy(keyType, cumulative);
    const before = old.groupBy(keyType, cumulative);
    const est = this.sampleBytes > 0 || old.sampleBytes > 0;
    const out: StatisticDiff[] = [];
    for (const [k, s] of now) {
      const p = before.get(k);
      before.delete(k);
      out.push(p
        ? new StatisticDiff(s.traceback, s.size, s.size - p.size, s.count, s.count - p.count, est)
        : new StatisticDiff(s.traceback, s.size, s.size, s.count, s.count, est));
    }
    for (const p of before.values()) out.push(new StatisticDiff(p.traceback, 0, -p.size, 0, -p.count, est));
    out.sort((a, b) => Math.abs(b.sizeDiff) - Math.abs(a.sizeDiff) || b.size - a.size
      || Math.abs(b.countDiff) - Math.abs(a.countDiff) || b.count - a.count
      || compareTracebacks(b.traceback, a.traceback));
    return out;
  }

  /** Python's Snapshot.filter_traces(filters): a new Snapshot. */
  filterTraces(filters: Iterable<BaseFilter>): Snapshot {
    if (filters === null || typeof (filters as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== "function") {
      throw new TypeError(`filters must be a list of filters, not ${filters === null ? "NoneType" : typeof filters}`);
    }
    const all = [...filters];
    for (const f of all) if (!(f instanceof BaseFilter)) throw new TypeError("filterTraces: expected Filter or DomainFilter objects");
    const include = all.filter((f) => f.inclusive), exclude = all.filter((f) => !f.inclusive);
    const traces = this.traces.filter((t) =>
      (include.length === 0 || include.some((f) => f.match(t))) && !exclude.some((f) => !f.match(t)));
    return new Snapshot(traces, this.tracebackLimit, this.sampleBytes);
  }

  /** Writes the snapshot to a file (Node). */
  dump(path: string): void {
    fs().writeFileSync(path, JSON.stringify(serialize(this)));
  }

  /** Reads a snapshot written by dump() (Node); a file that is not one
   *  raises ValueError saying what is wrong. */
  static load(path: string): Snapshot {
    const text = fs().readFileSync(path, "utf8");
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new ValueError(`Snapshot.load: ${path} is not a tracemalloc snapshot (not JSON: ${(e as Error).message})`);
    }
    return deserialize(data, path);
  }
}

// ------------------------------------------------------------ file format

const FORMAT = "pyheap-tracemalloc-snapshot";
const VERSION = 1;

interface SnapshotFile {
  format: typeof FORMAT;
  version: number;
  tracebackLimit: number;
  sampleBytes: number;
  /** [filename, lineno, function name] */
  frames: [string, number, string][];
  /** frame indexes, oldest first */
  tracebacks: number[][];
  /** [domain, size, traceback index] */
  traces: [number, number, number][];
}

function serialize(s: Snapshot): SnapshotFile {
  const frames: [string, number, string][] = [];
  const frameIds = new Map<string, number>();
  const tracebacks: number[][] = [];
  const tbIds = new Map<Traceback, number>();
  const traces: [number, number, number][] = [];
  for (const t of s.traces) {
    let id = tbIds.get(t.traceback);
    if (id === undefined) {
      id = tracebacks.length;
      tbIds.set(t.traceback, id);
      tracebacks.push(t.traceback.frames.map((f) => {
        const k = `${frameKey(f)}\u0000${f.name}`;
        let fi = frameIds.get(k);
        if (fi === undefined) {
          fi = frames.length;
          frameIds.set(k, fi);
          frames.push([f.filename, f.lineno, f.name]);
        }
        return fi;
      }));
    }
    traces.push([t.domain, t.size, id]);
  }
  return { format: FORMAT, version: VERSION, tracebackLimit: s.tracebackLimit, sampleBytes: s.sampleBytes, frames, tracebacks, traces };
}

function deserialize(data: unknown, path: string): Snapshot {
  const bad = (why: string) => new ValueError(`Snapshot.load: ${path} is not a valid tracemalloc snapshot (${why})`);
  const d = data as Partial<SnapshotFile> | null;
  if (typeof d !== "object" || d === null || d.format !== FORMAT) throw bad(`no "format": "${FORMAT}" field`);
  if (d.version !== VERSION) throw bad(`version ${String(d.version)}, this pyheap reads version ${VERSION}`);
  const nat = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
  if (!nat(d.tracebackLimit) || !nat(d.sampleBytes)) throw bad("tracebackLimit and sampleBytes must be non-negative integers");
  if (!Array.isArray(d.frames) || !Array.isArray(d.tracebacks) || !Array.isArray(d.traces)) {
    throw bad("frames, tracebacks and traces must be arrays");
  }
  const frames = d.frames.map((f, i) => {
    if (!Array.isArray(f) || typeof f[0] !== "string" || !nat(f[1]) || typeof f[2] !== "string") throw bad(`frame ${i} is malformed`);
    return new Frame(f[0], f[1], f[2]);
  });
  const tbs = d.tracebacks.map((t, i) => {
    if (!Array.isArray(t) || t.length === 0 || !t.every((x) => nat(x) && x < frames.length)) throw bad(`traceback ${i} is malformed`);
    return new Traceback(t.map((x) => frames[x]));
  });
  const traces = d.traces.map((t, i): Trace => {
    if (!Array.isArray(t) || !nat(t[0]) || !nat(t[1]) || !nat(t[2]) || t[2] >= tbs.length) throw bad(`trace ${i} is malformed`);
    return { domain: t[0], size: t[1], traceback: tbs[t[2]] };
  });
  return new Snapshot(traces, d.tracebackLimit!, d.sampleBytes!);
}

type NodeFs = {
  writeFileSync(path: string, data: string): void;
  readFileSync(path: string, enc: "utf8"): string;
};
function fs(): NodeFs {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const m = proc?.getBuiltinModule?.("node:fs") as NodeFs | undefined;
  if (!m) throw new Error("Snapshot.dump/load need Node's fs (Node >= 20.16)");
  return m;
}
