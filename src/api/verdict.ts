import { AbortedError, ExitCode, LabError } from "../errors.js";
import type { ScenarioResult, ScenarioStatus, StepResult } from "../report/events.js";

export interface VerdictInput {
  steps: readonly StepResult[];
  /** What stopped the provisioning or the steps, if anything did (the engine's loss mid-step among them). */
  thrown?: unknown;
  /** The scenario's signal aborted (its timeout, an interrupt, --bail) before the steps phase ended. */
  aborted: boolean;
  /** The abort's reason: a timeout says so in its own words, whatever was cut off. */
  abortReason?: unknown;
  /** What changed behind lab's back, one sentence each (only looked for in a failed scenario). */
  drift: readonly string[];
  teardownFailures: readonly string[];
  /** The teardown failed and the engine turned out to be gone. */
  lostAtTeardown?: LabError;
}

export interface Verdict {
  status: ScenarioStatus;
  error?: ScenarioResult["error"];
  /** What this scenario asks of the run's exit code. */
  exitCode: ExitCode;
}

/**
 * How a scenario ended, from what each phase saw. A failed step or any error fails it; an
 * error of the environment (no engine, a refused provisioning) that no abort explains makes
 * it an error (exit 3), and so does an engine found gone after a failed teardown. A
 * teardown failure alone fails it. The error shown is the first cause: what stopped the
 * run, else the abort, else the world's drift, else the engine's loss at the teardown.
 */
export function verdict(v: VerdictInput): Verdict {
  let error: ScenarioResult["error"];
  let environment = false;
  if (v.thrown !== undefined) {
    error = { code: v.thrown instanceof LabError ? v.thrown.code : "E_INTERNAL", message: reasonOf(v.thrown, v) };
    environment = v.thrown instanceof LabError && v.thrown.exitCode === ExitCode.environment && !v.aborted;
  } else if (v.aborted) {
    error = { code: "E_ABORTED", message: reasonOf(v.abortReason, v) };
  }
  const failed = failedSoFar(v.steps, v.thrown, v.aborted);
  if (v.drift.length > 0 && !error) error = { code: "E_WORLD_CHANGED", message: `the scenario's world changed behind lab's back: ${v.drift.join("; ")}` };
  if (v.lostAtTeardown) {
    error ??= { code: v.lostAtTeardown.code, message: v.lostAtTeardown.message };
    environment = true;
  }
  const status: ScenarioStatus = environment ? "error" : failed || v.teardownFailures.length > 0 ? "failed" : "passed";
  return { status, error, exitCode: exitCodeOf(status) };
}

/** Whether the scenario has failed by the end of its steps: the look at the world and `--keep on-failure` follow it. */
export const failedSoFar = (steps: readonly StepResult[], thrown: unknown, aborted: boolean): boolean =>
  thrown !== undefined || aborted || steps.some((s) => s.status === "failed");

export const exitCodeOf = (status: ScenarioStatus): ExitCode =>
  status === "error" ? ExitCode.environment : status === "passed" || status === "skipped" ? ExitCode.passed : ExitCode.failed;

/** The run's exit code: the worst of its scenarios', and a failure when some never ran (--bail, an interrupt). */
export function runExitCode(statuses: readonly ScenarioStatus[], planned: number): ExitCode {
  const codes = statuses.map(exitCodeOf);
  if (codes.includes(ExitCode.environment)) return ExitCode.environment;
  return codes.includes(ExitCode.failed) || statuses.length < planned ? ExitCode.failed : ExitCode.passed;
}

/** A timeout names itself, whatever it cut off; anything else says what went wrong. */
export function reasonOf(error: unknown, v: Pick<VerdictInput, "aborted" | "abortReason">): string {
  if (v.aborted && v.abortReason instanceof AbortedError) return v.abortReason.message;
  return error instanceof Error ? error.message : String(error);
}
