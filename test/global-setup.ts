// Rebuilds the Wasm before the tests when an AssemblyScript source is newer
// than the build, so a test run can never check a stale module.
import { execSync } from "node:child_process";
import { readdirSync, statSync, existsSync } from "node:fs";
import { join } from "node:path";

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export default function setup(): void {
  const builds = ["release", "debug", "legacy", "shared", "malloc", "unchecked"].map((b) => `build/${b}.wasm`);
  const built = Math.min(...builds.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  const sources = Math.max(
    newest("assembly"), statSync("asconfig.json").mtimeMs, statSync("asconfig.malloc.json").mtimeMs,
    statSync("asconfig.unchecked.json").mtimeMs,
  );
  if (built < sources) execSync("npm run build:wasm", { stdio: "inherit" });
}
