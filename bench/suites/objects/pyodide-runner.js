// Child process: runs shapes.py's shapes in Pyodide (CPython compiled to
// Wasm, the npm `pyodide` package). Jobs come as one JSON array in argv[2];
// one JSON line per job goes to stdout: shapes.py's result or
// { crashed: message }. A job that throws leaves the interpreter in an
// unknown state (an Emscripten abort kills it for good), so Pyodide is
// loaded again before the next job. Progress goes to stderr.
import { readFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const SOURCE = readFileSync(new URL("./shapes.py", import.meta.url), "utf8");

async function load() {
  // stdout is our result channel: Python's prints go to stderr.
  const py = await loadPyodide({ stdout: (s) => process.stderr.write(`${s}\n`), stderr: (s) => process.stderr.write(`${s}\n`) });
  py.runPython(SOURCE);
  py.globals.set("phase_hook", (phase) => { current = phase; });
  return py;
}

const jobs = JSON.parse(process.argv[2]);
let py = null;
/** The phase running now (set by shapes.py through phase_hook). */
let current = null;
for (const spec of jobs) {
  let line;
  current = null;
  try {
    py ??= await load();
    line = py.globals.get("run_json")(JSON.stringify(spec));
    JSON.parse(line); // must be JSON, or it is a failure
  } catch (e) {
    const msg = String(e?.message ?? e).trim().split("\n").filter(Boolean);
    // Python tracebacks end with the exception line; JS errors start with it.
    const brief = e?.type ? msg[msg.length - 1] : msg[0];
    const where = current ? `in ${current}: ` : "";
    const fatal = e?.pyodide_fatal_error ? " (Pyodide fatal error)" : "";
    line = JSON.stringify({ crashed: `${where}${e?.constructor?.name ?? "Error"}: ${brief ?? "unknown"}${fatal}`.slice(0, 400), phase: current });
    py = null;
  }
  process.stdout.write(`${line}\n`);
}
// Pyodide keeps handles open; the results are out, so leave.
process.exit(0);
