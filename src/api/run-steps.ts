import { lostEngine, type LabError } from "../errors.js";
import type { Plan, PlannedStep } from "../plan/plan.js";
import type { HostReach } from "../probes/host-connect.js";
import type { StepResult } from "../report/events.js";
import type { EngineName } from "../runtime/runtime.js";
import { runStep } from "../steps/run-step.js";
import type { ScenarioContext } from "./scenario-context.js";
import { stepBatches } from "./step-batches.js";
import { cutOffStep, skippedStep } from "./step-results.js";
import { reasonOf } from "./verdict.js";

export interface StepsOutcome {
  /** One result per planned step, in order: those that did not run are skipped. */
  steps: StepResult[];
  /** The engine went away during a step: no later step can run. */
  engineLost?: LabError;
}

/**
 * The steps phase: each planned step in turn (consecutive read-only probes expected to pass
 * together, see step-batches.ts), until the signal aborts (timeout, interrupt,
 * --bail elsewhere), `bail` sees a failure here, or the engine is lost. A step that does not
 * watch the signal (a long exec) is cut off when it aborts: it must not outlive the timeout.
 * `ran` is false when the provisioning failed: every step is then skipped.
 */
export async function runSteps(
  s: ScenarioContext,
  o: { ran: boolean; bail: boolean; reach: HostReach; engine?: EngineName; prelude?: () => Promise<StepResult[]> },
): Promise<StepsOutcome> {
  const { plan, signal } = s;
  const scenario = plan.scenario.name;
  const steps: StepResult[] = [];
  let engineLost: LabError | undefined;
  if (o.ran) {
    s.emit({ type: "phase", scenario, phase: "steps" });
    // `lab check` judges the file's declarations first, each a result of its own (check-scenario.ts).
    if (o.prelude) steps.push(...(await o.prelude()));
    for (const batch of stepBatches(plan.steps, plan.scenario.serial)) {
      if (signal.aborted || (o.bail && steps.some((r) => r.status === "failed"))) break;
      // A batch's steps start together; their results come in file order, each with its own time.
      // Every step of the batch is awaited before anything goes on: none may outlive the phase.
      // With --bail, the batch's steps after a failed one have run, but their results are
      // discarded: they are reported as skipped, as they would be had they run one by one.
      const running = batch.map((planned) => runOne(s, planned, o));
      for (const result of running) {
        if (engineLost || (o.bail && steps.some((r) => r.status === "failed"))) break;
        const r = await result;
        steps.push(r.result);
        s.emit({ type: "step-end", scenario, result: r.result });
        engineLost = r.engineLost;
      }
      await Promise.allSettled(running);
      if (engineLost) break;
    }
  }
  return { steps, engineLost };
}

/** One step, from its start event to its result; a step cut off by the signal or the engine's loss is a result too. */
async function runOne(
  s: ScenarioContext,
  planned: PlannedStep,
  o: { reach: HostReach; engine?: EngineName },
): Promise<{ result: StepResult; engineLost?: LabError }> {
  const { plan, signal } = s;
  const scenario = plan.scenario.name;
  s.emit({ type: "step-start", scenario, index: planned.step.index, name: planned.title });
  const started = s.clock.now();
  let engineLost: LabError | undefined;
  const running = runStep(
    planned,
    { runtime: s.runtime, world: s.world, signal, reach: o.reach, engine: o.engine },
    {
      clock: s.clock,
      onRetry: (attempt, elapsedMs, message) =>
        s.emit({ type: "step-retry", scenario, index: planned.step.index, name: planned.title, attempt, elapsedMs, message }),
    },
  );
  const result = await untilAborted(running, signal).catch((e: Error): StepResult => {
    engineLost = signal.aborted ? undefined : lostEngine(e);
    return cutOffStep(
      planned,
      engineLost ? engineLost.message : `${reasonOf(e, { aborted: signal.aborted, abortReason: signal.reason })} during this step`,
      s.clock.now() - started,
    );
  });
  result.subjects = subjectsOf(plan, planned.step.args);
  return { result, engineLost };
}

/** The steps that never ran (after --bail, a timeout, an interrupt, the engine's loss or a failed provisioning), reported as skipped. */
export function skipRest(s: ScenarioContext, steps: StepResult[]): void {
  const done = new Set(steps.map((r) => r.index));
  for (const planned of s.plan.steps.filter((p) => !done.has(p.step.index))) {
    const skipped = skippedStep(planned, subjectsOf(s.plan, planned.step.args));
    steps.push(skipped);
    s.emit({ type: "step-end", scenario: s.plan.scenario.name, result: skipped });
  }
}

/** Settles with `work`, or rejects with the abort reason as soon as `signal` aborts; `work` is left to finish on its own. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** The scenario's containers and networks named anywhere in a step's arguments, in the scenario's order. */
function subjectsOf(plan: Plan, args: unknown): string[] {
  const words = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === "string") words.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(args);
  return [...new Set([...plan.containers.map((c) => c.name), ...plan.networks.map((n) => n.name)])].filter((n) => words.has(n));
}
