import type { EngineFacts, RunSummary, StepResult } from "./events.js";
import { formatDuration } from "../scenario/duration.js";

/** `2 passed, 1 failed, 1 skipped (steps: 17 passed, 1 failed)`: the last line of every run. */
export function summaryLine(s: RunSummary): string {
  const counts = (c: { passed: number; failed: number; skipped: number }): string =>
    `${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ""}`;
  return `${counts(s.scenarios)} (steps: ${counts(s.steps)}; ${formatDuration(s.durationMs)})`;
}

/** `engine: Docker 20.10.24 (API 1.41) over unix at unix:///var/run/docker.sock`: the line above the summary. */
export const engineLine = (e: EngineFacts): string => `engine: ${e.name} ${e.version} (API ${e.apiVersion}) over ${e.transport} at ${e.endpoint}`;

/** The lines under a step that did not go as expected: what happened, the evidence, the lesson. */
export function stepDetails(r: StepResult): string[] {
  const lines = [r.message];
  if (r.reason) lines.push(`reason: ${r.reason}`);
  for (const [key, value] of Object.entries(r.evidence)) {
    const [first, ...rest] = value.split("\n");
    lines.push(`${key}: ${first}`, ...rest.map((l) => `  ${l}`));
  }
  if (r.hint) lines.push(`hint: ${r.hint}`);
  return lines;
}

/** `2.1s`: one decimal, the way a person reads a live wait. */
export const formatSeconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;
