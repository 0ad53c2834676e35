// pyheap's own modules for the bench: build/release.wasm,
// build/legacy.wasm and build/unchecked.wasm. Built with asc when missing (or when asked); then each
// is copied to a private temp dir so the whole run measures one build even
// if someone rebuilds build/ meanwhile (a half-written file fails validation
// and is retried a few times).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sha256 } from "./baseline-toolchain.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const REQUIRED_EXPORTS = ["memory", "malloc", "free", "realloc", "calloc"];

export const PYHEAP_MODULES = [
  {
    name: "pyheap",
    target: "release",
    description: "pyheap (build/release.wasm): pymalloc arenas/pools/blocks for <= 512 B, TLSF raw layer above; 16-byte aligned",
    align: 16,
  },
  {
    name: "pyheap-legacy",
    target: "legacy",
    description: "pyheap with the seeds' older geometry (build/legacy.wasm): 8-byte alignment, 256 B small threshold, 4 KiB pools, 256 KiB arenas",
    align: 8,
    alignNote: "8-byte aligned by design (the seeds' legacy geometry)",
  },
  {
    name: "pyheap-unchecked",
    target: "unchecked",
    config: "asconfig.unchecked.json",
    description: "pyheap's unchecked build (build/unchecked.wasm): the allocator alone, without the live bitmap, so a double free of a small block is not refused; same geometry as pyheap",
    align: 16,
  },
];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function build(target, config, log) {
  log(`building build/${target}.wasm (asc --config ${config} --target ${target})`);
  execFileSync(join(ROOT, "node_modules/.bin/asc"), ["--config", config, "--target", target], {
    cwd: ROOT, stdio: ["ignore", "ignore", "inherit"],
  });
}

/** Reads a module, retrying while it is invalid (being rewritten). */
async function readValid(file) {
  let lastError = "";
  for (let attempt = 0; attempt < 6; attempt++) {
    try {
      const bytes = readFileSync(file);
      const mod = new WebAssembly.Module(bytes);
      const names = WebAssembly.Module.exports(mod).map((e) => e.name);
      const missing = REQUIRED_EXPORTS.filter((n) => !names.includes(n));
      if (missing.length) throw new Error(`missing exports ${missing.join(", ")}`);
      return bytes;
    } catch (e) {
      lastError = /** @type {Error} */ (e).message;
      await sleep(2000);
    }
  }
  throw new Error(`${file}: not a usable module (${lastError}); build it with: npm run build:wasm`);
}

/**
 * @param {{ rebuild?: boolean, log?: (msg: string) => void }} [opts]
 * @returns {Promise<Array<typeof PYHEAP_MODULES[number] & { file: string, source: string, sha256: string, bytes: number }>>}
 */
export async function snapshotPyheap({ rebuild = false, log = () => {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "pyheap-bench-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  const out = [];
  for (const m of PYHEAP_MODULES) {
    const source = join(ROOT, "build", `${m.target}.wasm`);
    if (rebuild || !existsSync(source)) build(m.target, m.config ?? "asconfig.json", log);
    const bytes = await readValid(source);
    const file = join(dir, `${m.name}.wasm`);
    writeFileSync(file, bytes);
    out.push({ ...m, file, source: `build/${m.target}.wasm`, sha256: sha256(bytes), bytes: bytes.length });
  }
  return out;
}
