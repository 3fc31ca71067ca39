import type { Clock } from "../clock.js";
import { AbortedError, LabError, lostEngine } from "../errors.js";
import type { Plan } from "../plan/plan.js";
import { applyPlan } from "../provision/apply-plan.js";
import type { PullPolicy } from "../provision/ensure-images.js";
import { LiveWorld } from "../provision/live-world.js";
import { NameRegistry } from "../provision/name-map.js";
import { ProbePool } from "../provision/probe-pool.js";
import type { RunEvent, ScenarioResult, StepResult } from "../report/events.js";
import type { Runtime } from "../runtime/runtime.js";
import { timedRuntime } from "../runtime/timed-runtime.js";
import { formatDuration } from "../scenario/duration.js";
import { runStep } from "../steps/run-step.js";
import { Tracker } from "../teardown/tracker.js";
import { snapshot } from "./snapshot.js";
import { cutOffStep, skippedStep } from "./step-results.js";
import { worldDrift } from "./world-drift.js";
import { viewWorld } from "./world-view.js";

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
  emit(event: RunEvent): void;
}

/** One scenario, from plan to teardown. The teardown runs whatever happened before it. */
export async function runScenario(plan: Plan, o: ScenarioOptions): Promise<ScenarioResult> {
  const name = plan.scenario.name;
  const { runtime, time } = timedRuntime(o.runtime);
  const tracker = new Tracker();
  const names = new NameRegistry(plan);
  const pool = new ProbePool(runtime, plan, names, tracker);
  const world = new LiveWorld(runtime, names, pool, o.engineIsRemote);
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new AbortedError(`the scenario ran past its timeout of ${formatDuration(plan.scenario.timeoutMs)}`)), plan.scenario.timeoutMs);
  const signal = AbortSignal.any([o.signal, timeout.signal]);
  const t0 = o.clock.now();
  const steps: StepResult[] = [];
  let error: ScenarioResult["error"];
  let errorIsEnvironment = false;
  let provisionMs = 0;
  let engineLost: LabError | undefined;
  const reach = { allowExternal: o.allowExternal ?? false, engineHost: o.engineHost, publishedPorts: plan.containers.flatMap((c) => c.create.ports.flatMap((p) => (p.host === undefined ? [] : [p.host]))) };

  o.emit({ type: "scenario-start", scenario: name, file: plan.scenario.file });
  try {
    o.emit({ type: "phase", scenario: name, phase: "provision" });
    await applyPlan(plan, { runtime, tracker, names, pool, clock: o.clock, signal, pull: o.pull, progress: (line) => o.emit({ type: "progress", scenario: name, line }) });
    provisionMs = o.clock.now() - t0;
    o.emit({ type: "phase", scenario: name, phase: "steps" });
    for (const planned of plan.steps) {
      if (signal.aborted || (o.bail && steps.some((s) => s.status === "failed"))) break;
      o.emit({ type: "step-start", scenario: name, index: planned.step.index, name: planned.title });
      const ctx = { runtime, world, signal, reach };
      const stepStarted = o.clock.now();
      const running = runStep(planned, ctx, {
        clock: o.clock,
        onRetry: (attempt, elapsedMs, message) => o.emit({ type: "step-retry", scenario: name, index: planned.step.index, name: planned.title, attempt, elapsedMs, message }),
      });
      // A step that does not watch the signal (a long exec) must not outlive the scenario's timeout.
      const result = await untilAborted(running, signal).catch((e: Error): StepResult => {
        engineLost = signal.aborted ? undefined : lostEngine(e);
        return cutOffStep(planned, engineLost ? engineLost.message : `${reasonOf(e, signal)} during this step`, o.clock.now() - stepStarted);
      });
      result.subjects = subjectsOf(plan, planned.step.args);
      steps.push(result);
      o.emit({ type: "step-end", scenario: name, result });
      // Without an engine no later step can run: the scenario ends with the environment's error (exit 3).
      if (engineLost) throw engineLost;
    }
    if (signal.aborted && !error) error = { code: "E_ABORTED", message: reasonOf(signal.reason, signal) };
  } catch (e) {
    if (provisionMs === 0) provisionMs = o.clock.now() - t0;
    engineLost ??= signal.aborted ? undefined : lostEngine(e);
    error = { code: e instanceof LabError ? e.code : "E_INTERNAL", message: reasonOf(e, signal) };
    errorIsEnvironment = e instanceof LabError && e.exitCode === 3 && !signal.aborted;
  } finally {
    clearTimeout(timer);
  }
  const stepsMs = o.clock.now() - t0 - provisionMs;
  for (const planned of plan.steps.slice(steps.length)) {
    const skipped = skippedStep(planned, subjectsOf(plan, planned.step.args));
    steps.push(skipped);
    o.emit({ type: "step-end", scenario: name, result: skipped });
  }

  const failed = error !== undefined || steps.some((s) => s.status === "failed");
  await pool.settle();
  // With the engine gone there is nothing to look at; otherwise the engine's view, and what changed behind lab's back.
  const look = failed && !o.signal.aborted && !engineLost && tracker.list().length > 0;
  const view = look ? await viewWorld(plan, names, runtime) : undefined;
  const seen = view && (await snapshot(plan, names, runtime, view).catch(() => undefined));
  const drift = view ? worldDrift(plan, names, view, steps) : [];
  const diagnostics = seen && Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, world.inScenarioTerms(v)]));
  if (drift.length > 0 && !error) error = { code: "E_WORLD_CHANGED", message: `the scenario's world changed behind lab's back: ${drift.join("; ")}` };
  const keep = o.keep === "always" || (o.keep === "on-failure" && failed);
  const resources = tracker.list().map((r) => ({ kind: r.kind, name: nameOf(plan, r.name), real: r.name }));
  let teardown = { removed: 0, failures: [] as string[] };
  let teardownMs = 0;
  if (!keep) {
    o.emit({ type: "phase", scenario: name, phase: "teardown" });
    const report = await tracker.teardown(runtime);
    teardownMs = report.durationMs;
    teardown = { removed: report.removed.length, failures: report.failures.map((f) => `${f.resource.kind} ${f.resource.name}: ${f.message}`) };
    // A teardown that failed because the engine went away is the environment's failure too (exit 3).
    if (report.failures.length > 0 && !engineLost) {
      const lost = await runtime.info().then(() => undefined, lostEngine);
      if (lost) {
        engineLost = lost;
        error ??= { code: lost.code, message: lost.message };
        errorIsEnvironment = true;
      }
    }
  }
  const result: ScenarioResult = {
    name,
    file: plan.scenario.file,
    description: plan.scenario.description,
    tags: plan.scenario.tags,
    runId: plan.runId,
    status: errorIsEnvironment ? "error" : failed || teardown.failures.length > 0 ? "failed" : "passed",
    error,
    steps,
    resources,
    timings: { totalMs: o.clock.now() - t0, provisionMs, stepsMs, teardownMs, engineMs: time.busyMs(), engineCalls: time.calls },
    teardown,
    diagnostics,
    kept: keep,
  };
  o.emit({ type: "scenario-end", result });
  return result;
}

function reasonOf(error: unknown, signal: AbortSignal): string {
  if (signal.aborted && signal.reason instanceof AbortedError) return signal.reason.message;
  return error instanceof Error ? error.message : String(error);
}

/** The scenario's name for a real resource name (probe containers keep their suffix). */
const nameOf = (plan: Plan, real: string): string => real.slice(`lab-${plan.runId}-${plan.scenario.name}-`.length);

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
