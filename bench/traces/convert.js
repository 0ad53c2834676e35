#!/usr/bin/env node
// Converts a pointer log written by shim/trace_malloc.so into the workload op
// format (see bench/workloads/ops.js) and writes <out>/<name>.ops.gz (gzip -9)
// plus <out>/<name>.json metadata.
//
// usage: node convert.js <log.bin> <name> <description> [recordedWith.json] [outDir]
//
// Pointer -> slot: every live pointer owns a dense slot; freed slots are
// reused (stack), so the replayer's table stays as small as the live set.
// Anomalies are counted rather than hidden:
//   droppedFrees        free(p) of a pointer never handed out while logged
//                       (e.g. allocated before the shim saw it) -> dropped
//   reallocFromNull     realloc(NULL, n) -> emitted as malloc(n)
//   reallocToZero       realloc(p, 0) (glibc frees p, returns NULL) -> free
//   reallocOfUnknown    realloc(p, n) of an unseen p -> emitted as malloc(n)
//   reusedLivePointers  allocator returned a pointer we still think is live
//                       (a free we never saw) -> free of the old slot emitted
//   alignedAllocs       posix_memalign/aligned_alloc/memalign/(p)valloc,
//                       emitted as malloc(size): the alignment is dropped
//   appendedFrees       frees appended at the end for blocks still live at
//                       exit (CPython does not free everything on shutdown)
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { OpWriter, validateOps } from "../workloads/ops.js";

const REC_MALLOC = 1, REC_CALLOC = 2, REC_REALLOC = 3, REC_FREE = 4, REC_ALIGNED = 5;
const REC_BYTES = 24;

export function convertLog(buf) {
  if (buf.subarray(0, 8).toString("latin1") !== "PYHTRC01") throw new Error("bad magic");
  const nrec = Math.floor((buf.length - 8) / REC_BYTES);
  const dv = new DataView(buf.buffer, buf.byteOffset + 8, nrec * REC_BYTES);
  const w = new OpWriter(nrec + 1024);
  const slotOf = new Map(); // pointer (as Number; < 2^53 on x86-64) -> slot
  const anomalies = { droppedFrees: 0, reallocFromNull: 0, reallocToZero: 0,
    reallocOfUnknown: 0, reusedLivePointers: 0, alignedAllocs: 0, failedAllocs: 0 };
  const u64 = (off) => dv.getUint32(off + 4, true) * 4294967296 + dv.getUint32(off, true);

  const release = (ptr) => { // free a live pointer's slot
    const s = slotOf.get(ptr);
    slotOf.delete(ptr);
    w.free(s);
  };
  const claim = (ptr, kind, size) => { // a fresh block at ptr
    if (slotOf.has(ptr)) { anomalies.reusedLivePointers++; release(ptr); }
    slotOf.set(ptr, kind === REC_CALLOC ? w.calloc(size) : w.malloc(size));
  };

  for (let i = 0; i < nrec; i++) {
    const off = i * REC_BYTES;
    const ret = u64(off), old = u64(off + 8);
    const type = dv.getUint32(off + 20, true) >>> 24;
    // size is 56 bits in the log; workloads carry u32 sizes
    const size = dv.getUint32(off + 16, true) + (dv.getUint32(off + 20, true) & 0xffffff) * 4294967296;
    if (size > 0xffffffff) throw new Error(`record ${i}: size ${size} does not fit u32`);
    switch (type) {
      case REC_ALIGNED:
        anomalies.alignedAllocs++;
      // fallthrough: recorded as a plain malloc of the size
      case REC_MALLOC:
      case REC_CALLOC:
        claim(ret, type, size);
        break;
      case REC_FREE:
        if (slotOf.has(ret)) release(ret);
        else anomalies.droppedFrees++;
        break;
      case REC_REALLOC:
        if (old === 0) {
          if (ret === 0) { anomalies.failedAllocs++; break; }
          anomalies.reallocFromNull++;
          claim(ret, REC_MALLOC, size);
        } else if (size === 0 && ret === 0) {
          anomalies.reallocToZero++;
          if (slotOf.has(old)) release(old);
          else anomalies.droppedFrees++;
        } else if (ret === 0) {
          anomalies.failedAllocs++; // realloc failed: old block unchanged
        } else if (!slotOf.has(old)) {
          anomalies.reallocOfUnknown++;
          claim(ret, REC_MALLOC, size);
        } else {
          const s = slotOf.get(old);
          slotOf.delete(old);
          if (ret !== old && slotOf.has(ret)) { anomalies.reusedLivePointers++; release(ret); }
          w.realloc(s, size);
          slotOf.set(ret, s);
        }
        break;
      default:
        throw new Error(`record ${i}: unknown type ${type}`);
    }
  }
  // CPython leaves blocks allocated at exit; free them so the workload ends empty.
  const leftover = [...slotOf.values()].sort((a, b) => a - b);
  for (const s of leftover) w.free(s);
  return { ops: w.finish(), records: nrec, anomalies, appendedFrees: leftover.length };
}

function main() {
  const [logPath, name, description, recordedWithPath, outArg] = process.argv.slice(2);
  if (!logPath || !name) {
    console.error("usage: node convert.js <log.bin> <name> <description> [recordedWith.json] [outDir]");
    process.exit(2);
  }
  const outDir = outArg ?? dirname(fileURLToPath(import.meta.url));
  const recordedWith = recordedWithPath ? JSON.parse(readFileSync(recordedWithPath, "utf8")) : {};
  const { ops, records, anomalies, appendedFrees } = convertLog(readFileSync(logPath));
  const stats = validateOps(ops);
  const gz = gzipSync(Buffer.from(ops.buffer, ops.byteOffset, ops.byteLength), { level: 9 });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `${name}.ops.gz`), gz);
  const { sizeHistogram, ...rest } = stats;
  const meta = {
    name,
    description: description ?? "",
    python: recordedWith.python ?? null,
    ...rest,
    droppedFrees: anomalies.droppedFrees,
    appendedFrees,
    anomalies,
    logRecords: records,
    sizeHistogram,
    opsGzBytes: gz.length,
    recordedWith,
  };
  writeFileSync(join(outDir, `${name}.json`), JSON.stringify(meta, null, 2) + "\n");
  console.log(`${name}: ${stats.ops} ops, peak ${stats.peakLiveBytes} B live, ` +
    `${stats.maxLiveSlots} max live, ${gz.length} B gz, dropped ${anomalies.droppedFrees}, appended ${appendedFrees}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
