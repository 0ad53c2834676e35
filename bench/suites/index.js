// The benchmark suites bench/run.js knows. A suite is
//   { name, title, run(options) -> result, markdown(result) -> string,
//     charts?(result) -> [{ file, svg }] }
// where options = { quick, reps, jsReps, only, rebuild, log }. To add one
// (e.g. object/GC benchmarks against python3), write bench/suites/<name>.js
// and list it here.
import { allocSuite } from "./alloc.js";

export const SUITES = [allocSuite];
