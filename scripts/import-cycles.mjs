// The import cycles of a folder of AssemblyScript (or TypeScript) files:
// the strongly connected components of its relative-import graph, each
// with the edges that close it.
//
//   node scripts/import-cycles.mjs [dir]     (default assembly/objects)
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, dirname, relative, resolve } from "node:path";

const walk = (d) => readdirSync(d).flatMap((f) => {
  const p = join(d, f);
  return statSync(p).isDirectory() ? walk(p) : p.endsWith(".ts") ? [p] : [];
});

/** file -> the files of dir it imports or re-exports from. */
export function importGraph(dir) {
  const files = new Set(walk(resolve(dir)));
  const graph = new Map();
  for (const f of files) {
    const src = readFileSync(f, "utf8");
    const deps = new Set();
    for (const m of src.matchAll(/^\s*(?:import|export)\b[^;]*?from\s+"(\.[^"]+)"/gms)) {
      const p = resolve(dirname(f), m[1]) + ".ts";
      if (files.has(p)) deps.add(p);
    }
    for (const m of src.matchAll(/^\s*import\s+"(\.[^"]+)"/gm)) {
      const p = resolve(dirname(f), m[1]) + ".ts";
      if (files.has(p)) deps.add(p);
    }
    graph.set(f, [...deps]);
  }
  return graph;
}

/** The cycles: arrays of files relative to dir, sorted (Tarjan's SCCs of
 *  more than one file, or a file importing itself). */
export function importCycles(dir) {
  const g = importGraph(dir);
  let next = 0;
  const index = new Map(), low = new Map(), stack = [], on = new Set(), out = [];
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc = [];
    let w;
    do {
      w = stack.pop();
      on.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1 || g.get(v).includes(v)) out.push(scc.map((f) => relative(resolve(dir), f)).sort());
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return out.sort();
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  const dir = process.argv[2] ?? "assembly/objects";
  const cycles = importCycles(dir);
  if (!cycles.length) console.log(`${dir}: no import cycles`);
  for (const c of cycles) console.log(`${dir}: a cycle of ${c.length}: ${c.join(" ")}`);
}
