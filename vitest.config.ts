import { defineConfig } from "vitest/config";

const LIBRARY = ["test/integration/labs.test.ts", "test/integration/exercises.test.ts", "test/integration/mutate.test.ts"];

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
          exclude: LIBRARY,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Each file names its resources uniquely; two files at once keep the 2 cores busy without starving the engine.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
          // No registry here for its reaper image; every test removes what it made.
          env: { TESTCONTAINERS_RYUK_DISABLED: "true" },
        },
      },
      {
        test: {
          // The files that run the shipped labs and exercises as they are: those claim fixed host ports
          // (127.0.0.1:18183-18192, 18471), and lab keeps its own runs apart only within one process. So
          // they run after the other integration files, one file at a time.
          name: "library",
          include: LIBRARY,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
          env: { TESTCONTAINERS_RYUK_DISABLED: "true" },
        },
      },
    ],
  },
});
