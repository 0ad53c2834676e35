// The benchmark suites bench/run.js knows. A suite is
//   { name, title, run(options) -> result, markdown(result) -> string,
//     charts?(result) -> [{ file, svg }] }
// where options = { quick, reps, jsReps, only, rebuild, log }. To add one
// (as objects.js and gc.js did), write bench/suites/<name>.js
// and list it here.
import { allocSuite } from "./alloc.js";
import { objectsSuite } from "./objects.js";
import { gcSuite } from "./gc.js";
import { rooflineSuite } from "./roofline.js";
import { programsSuite } from "./programs.js";

export const SUITES = [rooflineSuite, allocSuite, programsSuite, objectsSuite, gcSuite];
