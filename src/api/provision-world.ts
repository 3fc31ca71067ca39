import { applyPlan } from "../provision/apply-plan.js";
import type { PullPolicy } from "../provision/ensure-images.js";
import type { NameRegistry } from "../provision/name-map.js";
import type { ScenarioContext } from "./scenario-context.js";

/** The provision phase: the plan's world brought up. A failure is returned as data; what was made is tracked for the teardown. */
export async function provisionWorld(s: ScenarioContext, names: NameRegistry, pull: PullPolicy): Promise<{ thrown?: unknown }> {
  const scenario = s.plan.scenario.name;
  s.emit({ type: "phase", scenario, phase: "provision" });
  try {
    await applyPlan(s.plan, {
      runtime: s.runtime,
      tracker: s.tracker,
      names,
      pool: s.pool,
      clock: s.clock,
      signal: s.signal,
      pull,
      progress: (line) => s.emit({ type: "progress", scenario, line }),
    });
    return {};
  } catch (thrown) {
    return { thrown };
  }
}
