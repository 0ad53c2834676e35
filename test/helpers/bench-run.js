// Runs node bench/run.js with the given arguments as a child process (killed
// after timeoutMs) and collects its exit status and stderr.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * @param {string[]} args
 * @param {number} timeoutMs
 * @returns {Promise<{ code: number | null, stderr: string }>}
 */
export function runBench(args, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bench/run.js", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => { stderr += d; });
    child.stdout.resume();
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => { clearTimeout(timer); resolve({ code, stderr }); });
  });
}
