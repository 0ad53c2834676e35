// Runs a shape in the machine's python3 (PYTHON overrides), one process per
// shape: shapes.py times the phases inside Python and prints JSON, so the
// interpreter's start-up is not counted.
import { execFile, execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const PYTHON = process.env.PYTHON ?? "python3";
const SCRIPT = fileURLToPath(new URL("./shapes.py", import.meta.url));

/** python3's version, or null when there is no python3. */
export function pythonVersion() {
  try {
    return execFileSync(PYTHON, ["-c", "import sys; print(sys.version.split()[0])"], { encoding: "utf8" }).trim();
  } catch {
    return null;
  }
}

/**
 * @param {{ shape: string, n: number, reps: number, warmup: number, young?: number }} spec
 * @param {number} timeoutMs
 * @returns {Promise<any>} shapes.py's result, or { error }
 */
export function runPython(spec, timeoutMs) {
  return new Promise((resolve) => {
    execFile(PYTHON, [SCRIPT, JSON.stringify(spec)], { encoding: "utf8", timeout: timeoutMs, maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        if (err) {
          const why = err.killed ? `timed out after ${timeoutMs / 1000} s` : (stderr.trim().split("\n").pop() || err.message);
          resolve({ error: why });
          return;
        }
        resolve(JSON.parse(stdout));
      });
  });
}
