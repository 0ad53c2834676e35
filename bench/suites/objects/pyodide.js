// Runs shapes in Pyodide, in one child process (pyodide-runner.js) per
// suite: Pyodide takes seconds to load, and a crash in it (or an
// out-of-memory abort) must not take the benchmark down.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const RUNNER = fileURLToPath(new URL("./pyodide-runner.js", import.meta.url));

/** The installed pyodide package's version, or null. */
export function pyodideVersion() {
  try {
    return createRequire(import.meta.url)("pyodide/package.json").version;
  } catch {
    return null;
  }
}

/**
 * @param {object[]} specs
 * @param {{ timeoutMs: number, log: (msg: string) => void }} opts
 * @returns {Promise<any[]>} one result per spec: shapes.py's, or { crashed } / { error }
 */
export function runPyodide(specs, { timeoutMs, log }) {
  if (!pyodideVersion()) return Promise.resolve(specs.map(() => ({ skipped: "pyodide not installed (npm install --save-dev pyodide)" })));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [RUNNER, JSON.stringify(specs)], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    let reported = 0;
    child.stdout.on("data", (d) => {
      stdout += d;
      const done = stdout.split("\n").length - 1; // complete lines
      for (; reported < Math.min(done, specs.length); reported++) log(`  pyodide: ${specs[reported].shape} done`);
    });
    child.stderr.on("data", (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const lines = stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l));
      const why = signal === "SIGKILL" ? `timed out after ${timeoutMs / 1000} s`
        : `the Pyodide process ended (exit ${code ?? signal}): ${stderr.trim().split("\n").slice(-2).join(" ").slice(0, 300)}`;
      // A job whose process died without answering: it crashed the process.
      resolve(specs.map((_, i) => lines[i] ?? { crashed: why }));
    });
  });
}
