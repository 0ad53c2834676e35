// The package as npm ships it: `npm pack` of this tree (dist/ and build/
// as `npm ci` built them, so --ignore-scripts) extracted into
// node_modules/pyheap of a new, empty ESM project. No npm install: pyheap
// has no dependencies, and nothing here touches package.json, so it runs
// beside test/pack.test.ts's own pack.
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const root = new URL("../..", import.meta.url).pathname;

/** A new directory holding package.json and node_modules/pyheap; the
 *  caller removes it. */
export function packedProject(prefix: string): string {
  const project = mkdtempSync(join(tmpdir(), prefix));
  execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", project], { cwd: root, stdio: "pipe" });
  const tarball = readdirSync(project).find((f) => f.endsWith(".tgz"))!;
  mkdirSync(join(project, "node_modules/pyheap"), { recursive: true });
  execFileSync("tar", ["-xzf", join(project, tarball), "-C", join(project, "node_modules/pyheap"),
    "--strip-components=1"]);
  writeFileSync(join(project, "package.json"), JSON.stringify({ type: "module", private: true }));
  return project;
}
