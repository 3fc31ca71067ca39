import { mkdirSync, writeFileSync } from "node:fs";
import type { Reporter, SerializedError, TestModule } from "vitest/node";

/** Where the names of the failed tests go, for .ci/run to print again after everything else has run. */
export const FAILURES_FILE = ".lab/test-failures.txt";

/**
 * Ends the test run with one plain line, `N passed, N failed[, N skipped]`, that CI systems
 * read without knowing vitest's own output, preceded by one `FAILED file > test: first line`
 * per failure: a CI log that keeps only its tail still says what failed.
 */
export default class CountReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError> = []): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const failures: string[] = [];
    for (const module of modules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === "passed") counts.passed++;
        else if (result.state === "failed") {
          counts.failed++;
          failures.push(`FAILED ${module.relativeModuleId} > ${test.fullName}: ${firstLine(result.errors)}`);
        } else counts.skipped++;
      }
      // A hook that failed (beforeAll, afterAll) fails its suite or file while every test in
      // it may have passed: counted, and named, as a failure of its own.
      for (const [where, errors] of [
        [module.relativeModuleId, module.errors()],
        ...[...module.children.allSuites()].map((suite) => [`${module.relativeModuleId} > ${suite.fullName}`, suite.errors()] as const),
      ] as const) {
        if (errors.length === 0) continue;
        counts.failed++;
        failures.push(`FAILED ${where}: ${firstLine(errors)}`);
      }
    }
    for (const error of unhandled) failures.push(`FAILED (unhandled error): ${firstLine([error])}`);
    writeFailures(failures);
    const list = failures.length ? `\n${failures.join("\n")}` : "";
    process.stdout.write(`${list}\n${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ""}\n`);
  }
}

function firstLine(errors: ReadonlyArray<SerializedError> | undefined): string {
  const error = errors?.[0];
  if (!error) return "(no error recorded)";
  const text = `${error.name ?? "Error"}: ${error.message ?? ""}`;
  const line = text.split("\n", 1)[0]!;
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

// The file is rewritten on every run, emptied when nothing failed, so a stale list never shows.
function writeFailures(failures: string[]): void {
  try {
    mkdirSync(".lab", { recursive: true });
    writeFileSync(FAILURES_FILE, failures.length ? `${failures.join("\n")}\n` : "");
  } catch {
    // A read-only checkout still gets the list on stdout.
  }
}
