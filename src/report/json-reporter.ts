import { FileReporter, type Destination } from "./file-reporter.js";
import type { RunRecord } from "./run-record.js";

/** The version of the JSON report's shape; docs/reports.md documents every field of it. */
export const JSON_REPORT_VERSION = 1;

/** The full result as data: every scenario, step, timing, evidence and real resource name. */
export const jsonReporter = (to: Destination, now?: () => Date): FileReporter => new FileReporter(jsonReport, to, now);

export function jsonReport(run: RunRecord): string {
  const { runId, startedAt, finishedAt, summary, scenarios } = run;
  // Durations are whole milliseconds: the clock's fractions are noise to a reader of the report.
  const wholeMs = (key: string, value: unknown): unknown => (key.endsWith("Ms") && typeof value === "number" ? Math.round(value) : value);
  return `${JSON.stringify({ format: "lab-report", version: JSON_REPORT_VERSION, runId, startedAt, finishedAt, summary, scenarios }, wholeMs, 2)}\n`;
}
