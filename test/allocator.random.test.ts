// Randomised operation sequences against the model (helpers/model.ts), in
// every build, with the heap walk after each phase: millions of operations.
import { describe, it } from "vitest";
import { createAllocator } from "../src/index.js";
import { randomRun } from "./helpers/model.js";

describe("random operation sequences against the malloc model", () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`release build, seed ${seed}: 400k small-heavy operations`, async () => {
      const a = await createAllocator();
      randomRun(a, { ops: 400_000, seed, maxLive: 3000 });
    });
  }
  it("release build: 300k operations with many large blocks", async () => {
    const a = await createAllocator();
    randomRun(a, { ops: 300_000, seed: 99, maxLive: 500, largeChance: 0.4 });
  });
  it("release build: 200k operations with a large live set (many arenas)", async () => {
    const a = await createAllocator();
    randomRun(a, { ops: 200_000, seed: 7, maxLive: 60_000, largeChance: 0.01, checkEvery: 50_000 });
  });
  it("debug build: 300k operations, guards checked on every free and by check()", async () => {
    const a = await createAllocator({ build: "debug" });
    randomRun(a, { ops: 300_000, seed: 5, maxLive: 2000 });
  });
  for (const seed of [11, 12]) {
    it(`unchecked build, seed ${seed}: 400k small-heavy operations`, async () => {
      const a = await createAllocator({ build: "unchecked" });
      randomRun(a, { ops: 400_000, seed, maxLive: 3000 });
    });
  }
  it("unchecked build: 300k operations with many large blocks", async () => {
    const a = await createAllocator({ build: "unchecked" });
    randomRun(a, { ops: 300_000, seed: 13, maxLive: 500, largeChance: 0.4 });
  });
  it("legacy geometry: 300k operations, 8-byte alignment", async () => {
    const a = await createAllocator({ build: "legacy" });
    randomRun(a, { ops: 300_000, seed: 6, maxLive: 2000, align: 8 });
  });
});
