import type { RunSummary, ScenarioResult } from "../report/events.js";
import type { EngineInfo } from "../runtime/runtime.js";
import { runExitCode } from "./verdict.js";

/**
 * The run's totals, as every run-end carries them (lab run, lab check, each --watch run):
 * `planned` scenarios, of which `done` came back; one never started counts as skipped.
 */
export function runSummary(runId: string, done: readonly ScenarioResult[], planned: number, durationMs: number, engine?: EngineInfo): RunSummary {
  const count = (status: string): number => done.filter((r) => r.status === status).length;
  const steps = done.flatMap((r) => r.steps);
  const stepCount = (status: string): number => steps.filter((s) => s.status === status).length;
  return {
    runId,
    scenarios: { passed: count("passed"), failed: count("failed") + count("error"), skipped: planned - done.length + count("skipped") },
    steps: { passed: stepCount("passed"), failed: stepCount("failed"), skipped: stepCount("skipped") },
    durationMs,
    exitCode: runExitCode(
      done.map((r) => r.status),
      planned,
    ),
    ...(engine && {
      engine: {
        name: engine.engine ?? "Docker",
        version: engine.version,
        apiVersion: engine.apiVersion,
        transport: engine.transport ?? "unix",
        endpoint: engine.endpoint,
      },
    }),
  };
}
