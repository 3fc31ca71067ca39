import type { Clock } from "../clock.js";
import { AbortedError, lostEngine } from "../errors.js";
import { scenarioNameOf } from "../plan/labels.js";
import type { Plan } from "../plan/plan.js";
import type { PullPolicy } from "../provision/ensure-images.js";
import { LiveWorld } from "../provision/live-world.js";
import { NameRegistry } from "../provision/name-map.js";
import { ProbePool } from "../provision/probe-pool.js";
import { StepResources } from "../provision/step-resources.js";
import type { RunEvent, ScenarioResult } from "../report/events.js";
import type { EngineName, Runtime } from "../runtime/runtime.js";
import { knownDifference } from "../steps/run-step.js";
import { skippedStep } from "./step-results.js";
import { timedRuntime } from "../runtime/timed-runtime.js";
import { formatDuration } from "../scenario/duration.js";
import { Tracker } from "../teardown/tracker.js";
import { lookAtFailure, type FailureLook } from "./look-at-failure.js";
import { provisionWorld } from "./provision-world.js";
import { runSteps, skipRest } from "./run-steps.js";
import type { ScenarioContext } from "./scenario-context.js";
import { tearDown, type TeardownOutcome } from "./tear-down.js";
import { failedSoFar, verdict } from "./verdict.js";

export interface ScenarioOptions {
  runtime: Runtime;
  clock: Clock;
  /** Aborted on Ctrl-C or SIGTERM, or by --bail once another scenario failed. */
  signal: AbortSignal;
  pull: PullPolicy;
  keep: "never" | "always" | "on-failure";
  bail: boolean;
  engineIsRemote: boolean;
  /** `--allow-external`: `from: host` probes may reach any address. */
  allowExternal?: boolean;
  /** The engine's address when it is remote: `from: host` reaches the scenario's published ports there. */
  engineHost?: string;
  /** The engine the run uses: `known_differences` for it skip a scenario or a step. */
  engine?: EngineName;
  /** `false`: a failed scenario's world is not looked at before the teardown (lab lint --mutate expects failures, and needs no diagnosis). */
  lookAtFailure?: boolean;
  emit(event: RunEvent): void;
}

/**
 * One scenario, from plan to teardown, as four phases: provision, run the steps, look at
 * the failure (if any), tear down. Each phase reports what it saw as data; `verdict` alone
 * turns that into the scenario's status. The teardown runs whatever happened before it.
 */
export async function runScenario(plan: Plan, o: ScenarioOptions): Promise<ScenarioResult> {
  const known = o.engine && plan.scenario.knownDifferences[o.engine];
  if (known) return skippedScenario(plan, knownDifference(o.engine!, known), o);
  const { runtime, time } = timedRuntime(o.runtime);
  const timeout = new AbortController();
  const cancelTimeout = o.clock.timer(plan.scenario.timeoutMs, () =>
    timeout.abort(new AbortedError(`the scenario ran past its timeout of ${formatDuration(plan.scenario.timeoutMs)}`)),
  );
  const tracker = new Tracker();
  const names = new NameRegistry(plan);
  const pool = new ProbePool(runtime, plan, names, tracker);
  const s: ScenarioContext = {
    plan,
    runtime,
    tracker,
    names,
    pool,
    world: new LiveWorld(runtime, names, pool, o.engineIsRemote, new StepResources(runtime, plan, tracker, names)),
    clock: o.clock,
    signal: AbortSignal.any([o.signal, timeout.signal]),
    emit: o.emit,
  };
  const reach = {
    allowExternal: o.allowExternal ?? false,
    engineHost: o.engineHost,
    publishedPorts: plan.containers.flatMap((c) => c.create.ports.flatMap((p) => (p.host === undefined ? [] : [p.host]))),
  };
  const t0 = o.clock.now();

  o.emit({ type: "scenario-start", scenario: plan.scenario.name, file: plan.scenario.file });
  const provision = await provisionWorld(s, names, o.pull);
  const provisionMs = o.clock.now() - t0;
  const ran = await runSteps(s, { ran: provision.thrown === undefined, bail: o.bail, reach, engine: o.engine });
  const aborted = s.signal.aborted;
  const abortReason: unknown = s.signal.reason;
  cancelTimeout();
  const stepsMs = o.clock.now() - t0 - provisionMs;
  const steps = ran.steps;
  skipRest(s, steps);
  const thrown = provision.thrown ?? ran.engineLost;
  const engineLost = ran.engineLost ?? (aborted ? undefined : lostEngine(thrown));

  const failed = failedSoFar(steps, thrown, aborted);
  await pool.settle();
  // With the engine gone, or the run interrupted, there is nothing to look at.
  const look: FailureLook =
    failed && o.lookAtFailure !== false && !o.signal.aborted && !engineLost && tracker.list().length > 0 ? await lookAtFailure(s, steps) : { drift: [] };
  const keep = o.keep === "always" || (o.keep === "on-failure" && failed);
  const resources = tracker.list().map((r) => ({ kind: r.kind, name: nameOf(plan, r.name), real: r.name }));
  const teardown: TeardownOutcome = keep ? { removed: 0, failures: [], durationMs: 0 } : await tearDown(s, engineLost !== undefined);
  const v = verdict({ steps, thrown, aborted, abortReason, drift: look.drift, teardownFailures: teardown.failures, lostAtTeardown: teardown.lost });

  const result: ScenarioResult = {
    name: plan.scenario.name,
    file: plan.scenario.file,
    description: plan.scenario.description,
    tags: plan.scenario.tags,
    runId: plan.runId,
    status: v.status,
    error: v.error,
    steps,
    resources,
    timings: {
      totalMs: o.clock.now() - t0,
      provisionMs,
      stepsMs,
      teardownMs: teardown.durationMs,
      engineMs: time.busyMs(),
      engineCalls: time.calls,
      ...(pool.decided.size > 0 ? { probes: Object.fromEntries([...pool.decided].sort(([a], [b]) => a.localeCompare(b))) } : {}),
    },
    teardown: { removed: teardown.removed, failures: teardown.failures },
    diagnostics: look.diagnostics,
    kept: keep,
  };
  o.emit({ type: "scenario-end", result });
  return result;
}

/** A scenario known not to hold on this engine: nothing is provisioned, every step is skipped with the reason. */
function skippedScenario(plan: Plan, message: string, o: ScenarioOptions): ScenarioResult {
  o.emit({ type: "scenario-start", scenario: plan.scenario.name, file: plan.scenario.file });
  const steps = plan.steps.map((planned) => ({ ...skippedStep(planned, []), message }));
  for (const result of steps) o.emit({ type: "step-end", scenario: plan.scenario.name, result });
  const result: ScenarioResult = {
    name: plan.scenario.name,
    file: plan.scenario.file,
    description: plan.scenario.description,
    tags: plan.scenario.tags,
    runId: plan.runId,
    status: "skipped",
    error: undefined,
    steps,
    resources: [],
    timings: { totalMs: 0, provisionMs: 0, stepsMs: 0, teardownMs: 0 },
    teardown: { removed: 0, failures: [] },
    kept: false,
  };
  o.emit({ type: "scenario-end", result });
  return result;
}

/** The scenario's name for a real resource name (a probe container is named after the container it serves). */
export const nameOf = (plan: Plan, real: string): string => {
  const name = scenarioNameOf(plan.runId, plan.scenario.name, real);
  const probe = /\.probe(\d+)--/.exec(real.slice(`lab-${plan.runId}-${plan.scenario.name}`.length, real.length - name.length));
  return probe ? `${name}-probe${probe[1]}` : name;
};
