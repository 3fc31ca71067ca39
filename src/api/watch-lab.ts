import { systemClock, type Clock } from "../clock.js";
import { AbortedError, InputError, LabError, ValidationError, lostEngine } from "../errors.js";
import { topologyOf } from "../graph/topology.js";
import { buildPlan } from "../plan/build-plan.js";
import type { Plan } from "../plan/plan.js";
import { engineHostOf } from "../probes/host-connect.js";
import type { PullPolicy } from "../provision/ensure-images.js";
import { LiveWorld } from "../provision/live-world.js";
import { NameRegistry } from "../provision/name-map.js";
import { ProbePool } from "../provision/probe-pool.js";
import { StepResources } from "../provision/step-resources.js";
import type { Reporter, RunEvent, ScenarioResult } from "../report/events.js";
import type { EngineInfo, Runtime } from "../runtime/runtime.js";
import { timedRuntime, type EngineTime } from "../runtime/timed-runtime.js";
import { formatDuration } from "../scenario/duration.js";
import { imageRefProblem } from "../scenario/image-ref.js";
import { loadScenarios } from "../scenario/load-scenario.js";
import { Tracker } from "../teardown/tracker.js";
import { lookAtFailure, type FailureLook } from "./look-at-failure.js";
import { provisionWorld } from "./provision-world.js";
import { newRunId } from "./run-lab.js";
import { nameOf } from "./run-scenario.js";
import { runSteps, skipRest } from "./run-steps.js";
import { runSummary } from "./run-summary.js";
import type { ScenarioContext } from "./scenario-context.js";
import { failedSoFar, verdict } from "./verdict.js";
import { worldChange, worldChangingSteps } from "./world-change.js";

export interface WatchOptions {
  file: string;
  /** Fresh reporters for each run: each sees one run-start ... run-end, and its files are written at each run's end. */
  reporters(): Promise<Reporter[]>;
  /** The watch's own lines: what changed since the last run, what it waits for, the teardown. */
  say(line: string): void;
  /** Settles at the next save of the file (debounced), or when the signal aborts. */
  nextChange(signal: AbortSignal): Promise<void>;
  /** Aborting it (Ctrl-C, SIGTERM, SIGHUP) ends the watch: the running steps stop and the world is torn down. */
  signal: AbortSignal;
  runId?: string;
  runtime?: Runtime;
  context?: string;
  clock?: Clock;
  pull?: PullPolicy;
  probeImage?: string;
  bail?: boolean;
  allowExternal?: boolean;
}

export interface WatchResult {
  runId: string;
  /** How many times the steps ran. */
  runs: number;
  /** The exit code the last run would have had as a `lab run`. */
  lastExitCode?: number;
  /** Resources that the final teardown could not remove (`lab clean --run <id>` then does). */
  leftBehind: string[];
}

/** A world that is up: the plan that provisioned it, its undo list and names, and the steps run on it that changed it. */
interface Live {
  plan: Plan;
  tracker: Tracker;
  names: NameRegistry;
  pool: ProbePool;
  world: LiveWorld;
  changedBy: string[];
}

/**
 * `lab run --watch FILE`: the file's scenario is run, then run again at every save. A save
 * that declares the same world (worldChange) runs only the steps on the world that is up;
 * one that changes it, or follows a run whose actions changed it (worldChangingSteps), tears
 * the world down and provisions it again. An invalid save prints its diagnostics and leaves
 * the world alone. Aborting the signal tears everything down; so does the end of the watch.
 */
export async function watchLab(o: WatchOptions): Promise<WatchResult> {
  const clock = o.clock ?? systemClock;
  const runId = o.runId ?? newRunId();
  if (!/^[a-z0-9]{1,32}$/.test(runId)) throw new InputError("E_RUN_ID", `run id "${runId}" must be 1 to 32 lowercase letters and digits`);
  const probeImage = o.probeImage ?? "busybox";
  const probeProblem = imageRefProblem(probeImage);
  if (probeProblem) throw new InputError("E_IMAGE", `the probe image: ${probeProblem}`);

  // The first load decides whether there is anything to watch: a mistake there is the usage error of `lab run`.
  let plan: Plan | undefined = await planOf(o.file, runId, probeImage);
  // One timed runtime for the whole watch (the world outlives a run); each run reports its own share for --timings.
  const { runtime, time } = timedRuntime(
    o.runtime ?? new (await import("../runtime/dockerode-runtime.js")).DockerodeRuntime(undefined, { context: o.context }),
  );
  const engine = await runtime.info();
  let live: Live | undefined;
  let runs = 0;
  let lastExitCode: number | undefined;
  const leftBehind: string[] = [];
  const tearDownLive = async (why: string): Promise<void> => {
    if (!live) return;
    const was = live;
    live = undefined;
    await was.pool.settle();
    const report = await was.tracker.teardown(runtime);
    o.say(`${why}: removed ${report.removed.length} resource${report.removed.length === 1 ? "" : "s"} (${formatDuration(report.durationMs)})`);
    for (const f of report.failures) {
      const line = `${f.resource.kind} ${f.resource.name}: ${f.message}`;
      leftBehind.push(line);
      o.say(`could not remove ${line}`);
    }
  };

  try {
    o.say(`lab: watching ${o.file} (run ${runId}): each save runs it again; Ctrl-C tears the world down and exits`);
    while (!o.signal.aborted) {
      if (plan) {
        if (live) {
          const why =
            worldChange(live.plan, plan) ?? (live.changedBy.length > 0 ? `the last run's actions changed it: ${live.changedBy.join("; ")}` : undefined);
          if (why) {
            o.say(`lab: world changed (${why}): provisioning again`);
            await tearDownLive("lab: tearing down the old world");
          } else o.say("lab: world unchanged: steps only");
        }
        if (o.signal.aborted) break;
        const reporters = await o.reporters();
        const ran = await runOnce(plan, reporters, live, { ...o, clock, runtime, engine, time });
        live = ran.live;
        runs++;
        lastExitCode = ran.exitCode;
        if (ran.dropWorld) await tearDownLive("lab: the world could not be used again; tearing it down");
      }
      if (o.signal.aborted) break;
      o.say(`lab: waiting for ${o.file} to change (Ctrl-C to stop)`);
      await o.nextChange(o.signal);
      if (o.signal.aborted) break;
      plan = await planOf(o.file, runId, probeImage).catch((error: unknown) => {
        if (!(error instanceof LabError)) throw error;
        o.say(error.message.startsWith(o.file) || error instanceof ValidationError ? error.message : `lab: ${error.message}`);
        o.say(live ? "lab: the file is not valid: the world is left as it is; fix it and save again" : "lab: the file is not valid; fix it and save again");
        return undefined;
      });
    }
  } finally {
    await tearDownLive(`lab: tearing down run ${runId}`);
  }
  return { runId, runs, lastExitCode, leftBehind };
}

/** The file's one scenario, planned; its mistakes are thrown as at `lab run`. */
async function planOf(file: string, runId: string, probeImage: string): Promise<Plan> {
  const loaded = await loadScenarios([file]);
  if (loaded.diagnostics.length > 0) throw new ValidationError(loaded.diagnostics);
  const scenario = loaded.scenarios[0];
  if (!scenario || loaded.scenarios.length > 1)
    throw new InputError("E_WATCH_FILE", `--watch takes one scenario file; ${file} holds ${loaded.scenarios.length}`);
  return buildPlan(scenario, { runId, probeImage });
}

interface RunDeps extends WatchOptions {
  clock: Clock;
  runtime: Runtime;
  engine: EngineInfo;
  time: EngineTime;
}

/**
 * One run of the steps, reported as a whole `lab run` of one scenario: provisioning first
 * when no world is up. The world is kept; `dropWorld` asks for its teardown when it cannot
 * serve the next run (its provisioning failed, the engine went away, the run was cut off, it
 * changed behind lab's back).
 */
async function runOnce(plan: Plan, reporters: Reporter[], up: Live | undefined, o: RunDeps): Promise<{ live: Live; exitCode: number; dropWorld: boolean }> {
  const { clock, runtime, engine } = o;
  const busyAtStart = o.time.busyMs();
  const callsAtStart = o.time.calls;
  const emit = (event: RunEvent): void => reporters.forEach((r) => r.onEvent(event));
  const t0 = clock.now();
  const name = plan.scenario.name;
  emit({
    type: "run-start",
    runId: plan.runId,
    scenarios: [
      {
        name,
        file: plan.scenario.file,
        steps: plan.steps.map((s) => s.title),
        description: plan.scenario.description,
        tags: plan.scenario.tags,
        topology: topologyOf(plan.scenario),
      },
    ],
  });
  emit({ type: "scenario-start", scenario: name, file: plan.scenario.file });

  const timeout = new AbortController();
  const cancelTimeout = clock.timer(plan.scenario.timeoutMs, () =>
    timeout.abort(new AbortedError(`the scenario ran past its timeout of ${formatDuration(plan.scenario.timeoutMs)}`)),
  );
  const signal = AbortSignal.any([o.signal, timeout.signal]);
  let live = up;
  let thrown: unknown;
  if (!live) {
    const tracker = new Tracker();
    const names = new NameRegistry(plan);
    const pool = new ProbePool(runtime, plan, names, tracker);
    const world = new LiveWorld(runtime, names, pool, engine.remote ?? false, new StepResources(runtime, plan, tracker, names));
    live = { plan, tracker, names, pool, world, changedBy: [] };
    thrown = (await provisionWorld({ plan, runtime, tracker, names, pool, world, clock, signal, emit }, names, o.pull ?? "missing")).thrown;
  }
  const provisionMs = clock.now() - t0;
  const s: ScenarioContext = { plan, runtime, tracker: live.tracker, names: live.names, pool: live.pool, world: live.world, clock, signal, emit };
  const reach = {
    allowExternal: o.allowExternal ?? false,
    engineHost: engineHostOf(engine.endpoint, engine.remote),
    publishedPorts: plan.containers.flatMap((c) => c.create.ports.flatMap((p) => (p.host === undefined ? [] : [p.host]))),
  };
  const ran = await runSteps(s, { ran: thrown === undefined, bail: o.bail ?? false, reach, engine: engine.engine });
  const aborted = signal.aborted;
  const abortReason: unknown = signal.reason;
  cancelTimeout();
  const stepsMs = clock.now() - t0 - provisionMs;
  const steps = ran.steps;
  skipRest(s, steps);
  thrown ??= ran.engineLost;
  const engineLost = ran.engineLost ?? (aborted ? undefined : lostEngine(thrown));
  await live.pool.settle();

  const failed = failedSoFar(steps, thrown, aborted);
  const look: FailureLook = failed && !o.signal.aborted && !engineLost && live.tracker.list().length > 0 ? await lookAtFailure(s, steps) : { drift: [] };
  const v = verdict({ steps, thrown, aborted, abortReason, drift: look.drift, teardownFailures: [] });
  // Only what ran changed the world: an action skipped after a failure (--bail) did not.
  const ranSteps = new Set(steps.filter((r) => r.status !== "skipped").map((r) => r.index));
  live.changedBy = worldChangingSteps(plan)
    .filter((p) => ranSteps.has(p.step.index))
    .map((p) => p.title);

  const result: ScenarioResult = {
    name,
    file: plan.scenario.file,
    description: plan.scenario.description,
    tags: plan.scenario.tags,
    runId: plan.runId,
    status: v.status,
    error: v.error,
    steps,
    resources: live.tracker.list().map((r) => ({ kind: r.kind, name: nameOf(plan, r.name), real: r.name })),
    timings: {
      totalMs: clock.now() - t0,
      provisionMs,
      stepsMs,
      teardownMs: 0,
      engineMs: o.time.busyMs() - busyAtStart,
      engineCalls: o.time.calls - callsAtStart,
    },
    teardown: { removed: 0, failures: [] },
    diagnostics: look.diagnostics,
    // The world stays up for the next save: reporters show it as kept.
    kept: true,
  };
  emit({ type: "scenario-end", result });
  const summary = runSummary(plan.runId, [result], 1, clock.now() - t0, engine);
  emit({ type: "run-end", summary, results: [result] });
  await Promise.all(reporters.map((r) => r.close?.()));
  return { live, exitCode: summary.exitCode, dropWorld: thrown !== undefined || engineLost !== undefined || aborted || look.drift.length > 0 };
}
