// Which toolchain built the committed baseline modules (bench/baselines/wasm).
// The modules themselves carry no producers section (instrument-grow.js drops
// it), so the versions are kept in a small manifest next to this file,
// baseline-toolchain.json, written by running this file on the machine that
// ran bench/baselines/build.sh:
//
//   node bench/lib/baseline-toolchain.js      # after build.sh
//
// The manifest records the sha256 of every module it describes; the bench
// reports the manifest as stale for any module whose hash no longer matches.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
export const MANIFEST = here("./baseline-toolchain.json");
const WASM_DIR = here("../baselines/wasm/");
const ROOT = here("../../");

export const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

/** The same version queries as build.sh's "== versions" step. */
function probe() {
  const run = (cmd, args) => {
    try {
      return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).split("\n")[0].trim();
    } catch {
      return null;
    }
  };
  const deb = (pkg) => run("dpkg-query", ["-W", "-f=${Version}", pkg]);
  const pkgVersion = (name) => {
    try {
      return JSON.parse(readFileSync(`${ROOT}node_modules/${name}/package.json`, "utf8")).version;
    } catch {
      return null;
    }
  };
  return {
    clang: run("clang", ["--version"]),
    "wasi-libc (Debian)": deb("wasi-libc"),
    emscripten: run("emcc", ["--version"])?.replace(/^.*\) /, "").replace(/ \(\)$/, "") ?? null,
    "emscripten (Debian)": deb("emscripten"),
    "wasm-opt": run("wasm-opt", ["--version"]),
    assemblyscript: pkgVersion("assemblyscript"),
    "binaryen.js": pkgVersion("binaryen"),
  };
}

/** sha256 of every committed baseline module, by file name. */
export function baselineHashes() {
  /** @type {Record<string, string>} */
  const out = {};
  for (const f of readdirSync(WASM_DIR).filter((f) => f.endsWith(".wasm")).sort()) {
    out[f] = sha256(readFileSync(WASM_DIR + f));
  }
  return out;
}

/**
 * The manifest plus a staleness check against the modules on disk.
 * @returns {{ versions: Record<string, string|null>, recordedAt: string, stale: string[] } | null}
 */
export function readBaselineToolchain() {
  if (!existsSync(MANIFEST)) return null;
  const m = JSON.parse(readFileSync(MANIFEST, "utf8"));
  const now = baselineHashes();
  const stale = Object.keys(now).filter((f) => m.modules?.[f] !== now[f]);
  return { versions: m.versions, recordedAt: m.recordedAt, stale };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const manifest = { recordedAt: new Date().toISOString(), versions: probe(), modules: baselineHashes() };
  writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`wrote ${MANIFEST}`);
  console.log(manifest.versions);
}
