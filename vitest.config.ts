import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.{ts,js}"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 300_000, // the quick bench and toolchain builds take minutes on 2 busy cores
    hookTimeout: 300_000,
    // Long randomised runs use both cores as separate files.
    pool: "forks",
    // The JSON report lets .ci/run print the plain "N passed, N failed".
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
