import type { PlannedStep } from "../plan/plan.js";
import type { StepResult } from "../report/events.js";

/** A step that ended without its own verdict: cut off by the scenario's timeout, an interrupt, or the engine's loss. */
export const cutOffStep = (planned: PlannedStep, message: string, durationMs: number): StepResult => ({
  index: planned.step.index,
  name: planned.title,
  kind: planned.step.kind,
  expect: planned.step.expect,
  status: "failed",
  message,
  evidence: {},
  hint: planned.step.hint,
  attempts: 0,
  durationMs,
  line: planned.step.line,
});

/** A step that never ran (after --bail, a timeout, an interrupt or a failed provisioning). */
export const skippedStep = (planned: PlannedStep, subjects: string[]): StepResult => ({
  index: planned.step.index,
  name: planned.title,
  kind: planned.step.kind,
  expect: planned.step.expect,
  status: "skipped",
  message: "not run",
  evidence: {},
  attempts: 0,
  durationMs: 0,
  line: planned.step.line,
  subjects,
});
