import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    reporters: ["default", "./test/support/count-reporter.ts"],
    projects: [
      // The default 5 s limit is a timing assertion in disguise: the property tests overran it on a busy machine.
      { test: { name: "unit", include: ["src/**/*.test.ts", "test/*.test.ts"], testTimeout: 60_000, sequence: { groupOrder: 0 } } },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file names its resources uniquely; two files at once keep the 2 cores busy without starving the engine.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
          // No registry here for its reaper image; every test removes what it made.
          env: { TESTCONTAINERS_RYUK_DISABLED: "true" },
        },
      },
    ],
  },
});
