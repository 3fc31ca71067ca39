import { scenarioNameOf } from "../plan/labels.js";
import { bindWorld, type Binding, type DeclarationLine } from "../check/bind-world.js";
import { BoundNames } from "../check/bound-names.js";
import type { Fact } from "../check/declared-facts.js";
import { AbortedError, lostEngine } from "../errors.js";
import type { Plan } from "../plan/plan.js";
import { LiveWorld } from "../provision/live-world.js";
import { ProbePool } from "../provision/probe-pool.js";
import type { RunEvent, ScenarioResult, StepResult } from "../report/events.js";
import type { Runtime } from "../runtime/runtime.js";
import { timedRuntime } from "../runtime/timed-runtime.js";
import { formatDuration } from "../scenario/duration.js";
import type { Clock } from "../clock.js";
import { Tracker } from "../teardown/tracker.js";
import { runSteps, skipRest } from "./run-steps.js";
import type { ScenarioContext } from "./scenario-context.js";
import { snapshot } from "./snapshot.js";
import { tearDown } from "./tear-down.js";
import { failedSoFar, verdict } from "./verdict.js";
import { viewWorld } from "./world-view.js";

export interface CheckScenarioOptions {
  runtime: Runtime;
  clock: Clock;
  signal: AbortSignal;
  bail: boolean;
  engineIsRemote: boolean;
  allowExternal?: boolean;
  engineHost?: string;
  composeProject?: string;
  /** The file's declarations, as checks; they come first, from index 0 (the plan's steps follow them). */
  facts: Fact[];
  lineOf: DeclarationLine;
  emit(event: RunEvent): void;
}

/**
 * One file of `lab check`: bind its names to what exists, judge each declared fact, run its
 * steps against that world, and remove the probe containers, which are the only things lab
 * made. Nothing of the world is stopped, removed or changed; its resources are not lab's, so
 * they are neither listed as the scenario's nor torn down.
 */
export async function checkScenario(plan: Plan, o: CheckScenarioOptions): Promise<ScenarioResult> {
  const { runtime, time } = timedRuntime(o.runtime);
  const timeout = new AbortController();
  const cancelTimeout = o.clock.timer(plan.scenario.timeoutMs, () =>
    timeout.abort(new AbortedError(`the check ran past its timeout of ${formatDuration(plan.scenario.timeoutMs)}`)),
  );
  const scenario = plan.scenario.name;
  const tracker = new Tracker();
  const t0 = o.clock.now();

  o.emit({ type: "scenario-start", scenario, file: plan.scenario.file });
  o.emit({
    type: "phase",
    scenario,
    phase: "provision",
    detail: o.composeProject ? `binding to compose project ${o.composeProject}` : "binding to the existing world",
  });
  let binding: Binding = { names: [], containers: new Map(), networks: new Map() };
  let thrown: unknown;
  try {
    binding = await bindWorld(plan.scenario, runtime, o.lineOf, { composeProject: o.composeProject });
  } catch (error) {
    thrown = error;
  }
  const provisionMs = o.clock.now() - t0;
  plan = boundPlan(plan, binding);
  const names = new BoundNames(binding, plan.runId, scenario);
  const pool = new ProbePool(runtime, plan, names, tracker);
  const s: ScenarioContext = {
    plan,
    runtime,
    tracker,
    names,
    pool,
    world: new LiveWorld(runtime, names, pool, o.engineIsRemote),
    clock: o.clock,
    signal: AbortSignal.any([o.signal, timeout.signal]),
    emit: o.emit,
  };
  const published = [...binding.containers.values()].flatMap((c) =>
    Object.values(c.ports).flatMap((bs) => bs.map((b) => Number(b.hostPort)).filter((p) => p > 0)),
  );
  const reach = { allowExternal: o.allowExternal ?? false, engineHost: o.engineHost, publishedPorts: published };

  const judged = (): Promise<StepResult[]> => Promise.resolve(o.facts.map((fact, index) => judge(s, fact, index, binding)));
  const ran = await runSteps(s, { ran: thrown === undefined, bail: o.bail, reach, prelude: judged });
  const aborted = s.signal.aborted;
  const abortReason: unknown = s.signal.reason;
  cancelTimeout();
  const stepsMs = o.clock.now() - t0 - provisionMs;
  const steps = ran.steps;
  if (thrown !== undefined) steps.unshift(...o.facts.map((fact, index) => notJudged(s, fact, index)));
  skipRest(s, steps);
  const cause = thrown ?? ran.engineLost;
  const engineLost = ran.engineLost ?? (aborted ? undefined : lostEngine(cause));

  const failed = failedSoFar(steps, cause, aborted);
  await pool.settle();
  let diagnostics: Record<string, string> | undefined;
  if (failed && !o.signal.aborted && !engineLost) {
    const view = await viewWorld(plan, names, runtime).catch(() => undefined);
    const seen = view && (await snapshot(plan, names, runtime, view).catch(() => undefined));
    diagnostics = seen && Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, names.inScenarioTerms(v)]));
  }
  const resources = tracker.list().map((r) => ({ kind: r.kind, name: scenarioNameOf(plan.runId, scenario, r.name), real: r.name }));
  const teardown = await tearDown(s, engineLost !== undefined);
  const v = verdict({ steps, thrown: cause, aborted, abortReason, drift: [], teardownFailures: teardown.failures, lostAtTeardown: teardown.lost });

  const result: ScenarioResult = {
    name: scenario,
    file: plan.scenario.file,
    description: plan.scenario.description,
    tags: plan.scenario.tags,
    runId: plan.runId,
    status: v.status,
    error: v.error,
    steps,
    resources,
    timings: { totalMs: o.clock.now() - t0, provisionMs, stepsMs, teardownMs: teardown.durationMs, engineMs: time.busyMs(), engineCalls: time.calls },
    teardown: { removed: teardown.removed, failures: teardown.failures },
    diagnostics,
    kept: false,
  };
  o.emit({ type: "scenario-end", result });
  return result;
}

/** The plan in the engine's names of what was bound, so that the diagnostics read the real networks' members. */
const boundPlan = (plan: Plan, binding: Binding): Plan => ({
  ...plan,
  containers: plan.containers.map((c) => ({ ...c, create: { ...c.create, name: binding.containers.get(c.name)?.name ?? c.name } })),
  networks: plan.networks.map((n) => ({ ...n, create: { ...n.create, name: binding.networks.get(n.name)?.name ?? n.name } })),
});

function judge(s: ScenarioContext, fact: Fact, index: number, binding: Binding): StepResult {
  const scenario = s.plan.scenario.name;
  s.emit({ type: "step-start", scenario, index, name: fact.title });
  const started = s.clock.now();
  const j = fact.judge(binding);
  const result: StepResult = {
    index,
    name: fact.title,
    kind: "declared",
    expect: "pass",
    status: j.skipped ? "skipped" : j.ok ? "passed" : "failed",
    message: j.message,
    evidence: j.evidence ?? {},
    attempts: 1,
    durationMs: s.clock.now() - started,
    line: fact.line,
  };
  s.emit({ type: "step-end", scenario, result });
  return result;
}

function notJudged(s: ScenarioContext, fact: Fact, index: number): StepResult {
  const result: StepResult = {
    index,
    name: fact.title,
    kind: "declared",
    expect: "pass",
    status: "skipped",
    message: "not run",
    evidence: {},
    attempts: 0,
    durationMs: 0,
    line: fact.line,
  };
  s.emit({ type: "step-end", scenario: s.plan.scenario.name, result });
  return result;
}
