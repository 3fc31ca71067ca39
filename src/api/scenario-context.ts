import type { Clock } from "../clock.js";
import type { Plan } from "../plan/plan.js";
import type { LiveWorld } from "../provision/live-world.js";
import type { NameMap } from "../provision/name-map.js";
import type { ProbePool } from "../provision/probe-pool.js";
import type { RunEvent } from "../report/events.js";
import type { Runtime } from "../runtime/runtime.js";
import type { Tracker } from "../teardown/tracker.js";

/** What every phase of one scenario shares: its plan, the engine (timed), its undo list, its world. */
export interface ScenarioContext {
  plan: Plan;
  runtime: Runtime;
  tracker: Tracker;
  /** Read-only here: only the provisioning records names (provision-world.ts gets the registry itself). */
  names: NameMap;
  pool: ProbePool;
  world: LiveWorld;
  clock: Clock;
  /** The run's signal and the scenario's timeout together. */
  signal: AbortSignal;
  emit(event: RunEvent): void;
}
