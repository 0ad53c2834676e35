// npm pack and npm publish run this around packing (prepack: strip,
// postpack: restore): the published package.json carries no `prepare`
// script. prepare builds pyheap from its sources for `npm ci` in a clone;
// a consumer of the tarball gets the built files, and npm would warn about
// an install script it does not need. The file is replaced atomically, so
// a reader never sees it half written.
import { readFileSync, writeFileSync, renameSync } from "node:fs";

const file = new URL("../package.json", import.meta.url);
const mode = process.argv[2];
const pkg = JSON.parse(readFileSync(file, "utf8"));
const HIDDEN = "prepare (not published)";
// Renames key `from` to `to` where it stands, so that restoring gives back
// the same file.
const rename = (from, to) => {
  pkg.scripts = Object.fromEntries(Object.entries(pkg.scripts).map(([k, v]) => [k === from ? to : k, v]));
};
if (mode === "strip") {
  if (!("prepare" in (pkg.scripts ?? {}))) process.exit(0);
  rename("prepare", HIDDEN);
} else if (mode === "restore") {
  if (!(HIDDEN in (pkg.scripts ?? {}))) process.exit(0);
  rename(HIDDEN, "prepare");
} else {
  console.error("usage: node scripts/pack-manifest.mjs strip|restore");
  process.exit(2);
}
const tmp = new URL(`../package.json.${process.pid}.tmp`, import.meta.url);
writeFileSync(tmp, JSON.stringify(pkg, null, 2) + "\n");
renameSync(tmp, file);
