import { lostEngine, type LabError } from "../errors.js";
import type { ScenarioContext } from "./scenario-context.js";

export interface TeardownOutcome {
  removed: number;
  /** One line per resource that would not go: `container lab-…-web: <the engine's reason>`. */
  failures: string[];
  durationMs: number;
  /** The teardown failed because the engine went away: the environment's failure (exit 3). */
  lost?: LabError;
}

/**
 * The teardown phase: everything the scenario made, removed. When some of it would not go,
 * the engine is asked whether it is still there, unless it is already known to be gone.
 */
export async function tearDown(s: ScenarioContext, engineKnownLost: boolean): Promise<TeardownOutcome> {
  s.emit({ type: "phase", scenario: s.plan.scenario.name, phase: "teardown" });
  const report = await s.tracker.teardown(s.runtime);
  const failures = report.failures.map((f) => `${f.resource.kind} ${f.resource.name}: ${f.message}`);
  const lost = failures.length > 0 && !engineKnownLost ? await s.runtime.info().then(() => undefined, lostEngine) : undefined;
  return { removed: report.removed.length, failures, durationMs: report.durationMs, lost };
}
