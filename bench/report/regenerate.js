#!/usr/bin/env node
// Rewrites report.md and the charts from a report.json, without measuring
// anything: after a change to the report's code, or to look at an old run.
//
//   node bench/report/regenerate.js bench/results/report.json [OUT_DIR]
//
// OUT_DIR defaults to the report.json's own directory.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { SUITES } from "../suites/index.js";
import { writeReports } from "./write.js";

/**
 * @param {string} file a report.json written by bench/run.js
 * @param {string} [dir]
 * @returns {string[]} the files written
 */
export function regenerate(file, dir = dirname(resolve(file))) {
  const report = JSON.parse(readFileSync(file, "utf8"));
  const suites = Object.entries(report.suites).map(([name, result]) => {
    const suite = SUITES.find((s) => s.name === name);
    if (!suite) throw new Error(`${file}: unknown suite ${name}`);
    return { suite, result };
  });
  return writeReports(dir, { env: report.env, argv: report.argv, durationSeconds: report.durationSeconds, suites });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, dir] = process.argv.slice(2);
  if (!file) {
    console.error("usage: node bench/report/regenerate.js REPORT.json [OUT_DIR]");
    process.exit(2);
  }
  for (const f of regenerate(file, dir)) console.log(f);
}
