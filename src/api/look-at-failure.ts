import type { StepResult } from "../report/events.js";
import type { ScenarioContext } from "./scenario-context.js";
import { snapshot } from "./snapshot.js";
import { worldDrift } from "./world-drift.js";
import { viewWorld } from "./world-view.js";

export interface FailureLook {
  /** The engine's view in the scenario's names: each container's state and last logs, each network's members. */
  diagnostics?: Record<string, string>;
  /** What changed without a step asking for it, one sentence each. */
  drift: string[];
}

/** The look at a failed scenario's world, before the teardown: one inspect of each resource feeds the diagnostics and the drift check. */
export async function lookAtFailure(s: ScenarioContext, steps: readonly StepResult[]): Promise<FailureLook> {
  const view = await viewWorld(s.plan, s.names, s.runtime);
  const seen = await snapshot(s.plan, s.names, s.runtime, view).catch(() => undefined);
  const diagnostics = seen && Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, s.names.inScenarioTerms(v)]));
  return { diagnostics, drift: worldDrift(s.plan, s.names, view, steps) };
}
